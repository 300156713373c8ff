"""Review mode, decided without a widget: F9, then Tab to a suggestion, Enter, X.

F9 switches suggestions on (the window computes them for the open article and draws
them dashed) and enters review mode; F9 in review mode switches them off again, and
Escape leaves the mode with the suggestions still drawn (F9 comes back to them).  In the
mode Tab / Shift+Tab select the next / previous open suggestion (wrapping; the first
one from the selection or caret when none is current or the analyst has moved away from
it), Enter accepts it as the analyst's span, a
label key accepts it with that label, X rejects it, and Ctrl+Shift+Enter accepts every
open suggestion of the article in one step.  After each accept or reject the next open
suggestion is selected at once, so an article is tagged with Enter after Enter.  Every
step goes through ``Operations``, so Ctrl+Z takes it back; the controller follows the
changes (an undo puts a suggestion back in the list) rather than its own guesses.

A suggestion whose extent is nearly right is corrected before it is accepted: the span
resize keys (Alt+Left / Alt+Right move its end a word, Alt+Shift+Left / Alt+Shift+Right
its start) move the selection's edges from the suggestion's, and so does any selection
the analyst makes that still overlaps it (Shift+arrows, grow / shrink); Enter, or its own
label key, then accepts the suggestion with the selection's extent ("700 people" taken as
"the estimated 700 people"), one undo step, and X still rejects it (Ctrl+Shift+Enter
asks for Enter on it first, rather than accept it as proposed).  A label key with
anything else selected tags as in normal mode: the analyst tags what no suggestion
offers by selecting text (the unit keys and find work in review mode too) and pressing
the label, then Tab goes on from there (or, with "Go on to the next suggestion after
tagging" chosen in the Suggestions menu, the next open suggestion is selected at once, as
after an accept).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from typing import Protocol

from annotator.core.changes import Change
from annotator.core.model import Suggestion
from annotator.gui.keys.bindings import REVIEW_RESIZE_COMMANDS
from annotator.gui.keys.commands import Commands
from annotator.gui.snapping import word_edge

__all__ = ["REVIEW_COMMANDS", "ReviewController", "ReviewOperations", "ReviewView"]


class ReviewView(Protocol):
    @property
    def article_id(self) -> int | None: ...
    @property
    def text(self) -> str: ...
    def caret_offset(self) -> int: ...
    def selection_offsets(self) -> tuple[int, int] | None: ...
    def show_suggestion(self, suggestion: Suggestion | None) -> None: ...
    def select_extent(self, start: int, end: int) -> None: ...


class ReviewOperations(Protocol):
    def accept_suggestions(
        self,
        suggestion_ids: Sequence[int],
        *,
        label: str | None = None,
        extent: tuple[int, int] | None = None,
    ) -> object | None: ...
    def reject_suggestions(self, suggestion_ids: Sequence[int]) -> object | None: ...


REVIEW_COMMANDS = (
    "review.toggle", "review.compute", "review.next", "review.previous", "review.accept",
    "review.reject", "review.accept_all", "review.leave", *REVIEW_RESIZE_COMMANDS,
)  # fmt: skip


def _order(item: Suggestion) -> tuple[int, int, str, int]:
    return (item.start, -item.end, item.label, item.id)


class ReviewController:
    def __init__(
        self,
        *,
        view: ReviewView,
        operations: ReviewOperations,
        switch: Callable[[bool], None],
        compute: Callable[[], None],
        enter_mode: Callable[[], None],
        leave_mode: Callable[[], None],
        in_mode: Callable[[], bool],
        message: Callable[[str], None],
        range_to_tag: Callable[[], tuple[int, int] | None] | None = None,
    ) -> None:
        self.view = view
        self.operations = operations
        self._switch = switch  # shows or hides the layer, starts computing when on
        self._compute = compute
        self._enter_mode = enter_mode
        self._leave_mode = leave_mode
        self._in_mode = in_mode
        self._message = message
        # What a label key would tag of the selection (snapped as tagging snaps); None:
        # the selection as it is.
        self._range_to_tag = range_to_tag or view.selection_offsets
        self.on = False
        self.article_id: int | None = None
        self.suggestions: list[Suggestion] = []  # the article's open ones, text order
        self.current: int | None = None  # a suggestion id

    def register(self, commands: Commands) -> None:
        handlers = {
            "review.toggle": self.toggle,
            "review.compute": self._compute,
            "review.next": lambda: self.step(forward=True),
            "review.previous": lambda: self.step(forward=False),
            "review.accept": lambda: self.accept(),
            "review.reject": self.reject,
            "review.accept_all": self.accept_all,
            "review.leave": self.leave,
            **{
                command_id: lambda e=edge, f=forward: self.resize(edge=e, forward=f)
                for command_id, (edge, forward) in REVIEW_RESIZE_COMMANDS.items()
            },
        }
        for command_id, handler in handlers.items():
            commands.register(command_id, handler)

    # -- what the window tells it -----------------------------------------------------

    def set_suggestions(self, article_id: int | None, suggestions: Sequence[Suggestion]) -> None:
        """The open article's open suggestions (after opening it, or computing them)."""
        if article_id != self.article_id:
            self.current = None
        self.article_id = article_id
        self.suggestions = sorted((s for s in suggestions if s.state == "open"), key=_order)
        if self.current is not None and self._index(self.current) is None:
            self.current = None

    def apply_change(self, change: Change) -> bool:
        """Follow a change's suggestions; True when the open list changed."""
        if change.article_id != self.article_id:
            return False
        removed = {item.id for item in change.removed_records.suggestions}
        added = [item for item in change.added_records.suggestions if item.state == "open"]
        if not removed and not added:
            return False
        kept = [item for item in self.suggestions if item.id not in removed]
        self.suggestions = sorted(kept + added, key=_order)
        if added and len(added) == 1:
            self.current = added[0].id  # an undo put it back: it is the one to look at
        elif self.current in removed and self.suggestions:
            # Decided by a redo (or another step than this controller's own): the next
            # open one from its place is current, as after an accept or reject here.
            gone = next(item for item in change.removed_records.suggestions
                        if item.id == self.current)  # fmt: skip
            self.current = self.suggestions[self._after_place(gone)].id
        return True

    def _after_place(self, item: Suggestion) -> int:
        """Where the next open suggestion after ``item``'s place is in the list (wrapping);
        ``item`` itself need not be open any more.  The list must not be empty."""
        keys = [_order(other) for other in self.suggestions]
        return bisect_left(keys, _order(item)) % len(keys)

    # -- reading ---------------------------------------------------------------------

    def current_suggestion(self) -> Suggestion | None:
        at = self._index(self.current) if self.current is not None else None
        return None if at is None else self.suggestions[at]

    def position(self) -> tuple[int | None, int]:
        """(1-based place of the current suggestion or None, how many are open)."""
        at = self._index(self.current) if self.current is not None else None
        return (None if at is None else at + 1), len(self.suggestions)

    def status(self) -> str:
        place, total = self.position()
        return f"review: {place if place is not None else '–'} of {total}"

    def _index(self, suggestion_id: int) -> int | None:
        for at, item in enumerate(self.suggestions):
            if item.id == suggestion_id:
                return at
        return None

    # -- commands --------------------------------------------------------------------

    def toggle(self) -> None:
        """F9: on and into review mode; in review mode, off."""
        if self.on and self._in_mode():
            self.on = False
            self.current = None
            self._leave_mode()
            self._switch(False)
            self.view.show_suggestion(None)
            self._message("Suggestions off")
            return
        if not self.on:
            self.on = True
            self._switch(True)
        self._enter_mode()
        self._message(
            "Review: Tab next, Enter accept, a label key accepts as that label, X reject, "
            "Ctrl+Shift+Enter accept all, Escape leave"
        )
        if self.current is None and self.suggestions:
            self.step(forward=True)

    def leave(self) -> None:
        self.view.show_suggestion(None)
        self.current = None
        self._leave_mode()
        self._message("Left review; F9 comes back to the suggestions")

    def step(self, *, forward: bool) -> Suggestion | None:
        if not self.suggestions:
            self._message("No open suggestions in this article (Ctrl+Shift+G computes them)")
            return None
        at = self._index(self.current) if self.current is not None else None
        selection = self.view.selection_offsets()
        if (
            at is not None
            and selection != (self.suggestions[at].start, self.suggestions[at].end)
            and self._extent_of(self.suggestions[at]) is None
        ):
            at = None  # the analyst moved (tagged something of their own): from there
        if at is None:  # none current: the first one from the selection or the caret
            keys = [_order(item)[0] for item in self.suggestions]
            at = bisect_left(keys, selection[0] if selection else self.view.caret_offset())
            if not forward:
                at -= 1
            at %= len(self.suggestions)
        else:
            at = (at + (1 if forward else -1)) % len(self.suggestions)
        return self._show(at)

    def _show(self, at: int) -> Suggestion:
        item = self.suggestions[at]
        self.current = item.id
        self.view.show_suggestion(item)
        return item

    def accept(self, label: str | None = None) -> bool:
        shown = self._shown()
        if shown is None:
            return False
        item, extent = shown
        if extent is not None and label is not None and label != item.label:
            extent = None  # another label is another span: the suggestion as proposed
        return self._after(
            item, self.operations.accept_suggestions([item.id], label=label, extent=extent)
        )

    def reject(self) -> bool:
        shown = self._shown()
        if shown is None:
            return False
        item, _extent = shown
        return self._after(item, self.operations.reject_suggestions([item.id]))

    def resize(self, *, edge: str, forward: bool) -> bool:
        """Move an edge of the current suggestion's selection a word (the span resize keys)."""
        if not self._in_mode():  # from the Suggestions menu: say why nothing moves
            self._message("The suggestion's edges move in review mode: F9 starts it")
            return False
        item = self.current_suggestion()
        if item is None:
            self._message("No suggestion selected: Tab selects one")
            return False
        start, end = self._extent_of(item) or (item.start, item.end)
        moved = word_edge(self.view.text, end if edge == "end" else start,
                          forward=forward, edge=edge)  # fmt: skip
        if moved is None and forward != (edge == "start"):  # growing, with no word that way
            self._message(f"The suggestion's {edge} is already at the "
                          + ("end" if forward else "start") + " of the article")  # fmt: skip
            return False
        start, end = (start, moved) if edge == "end" else (moved, end)
        if start is None or end is None or start >= end:
            self._message("The suggestion is down to one word; X rejects it")
            return False
        self.view.select_extent(start, end)
        # The selection hides most of the dashed outline: say what Enter will now accept.
        shown = " ".join(self.view.text[start:end].split())
        shown = shown if len(shown) <= 60 else shown[:59] + "…"
        # Short: the permanent fields leave the message some 80 characters.
        self._message(f"{item.label} “{shown}” (proposed “{' '.join(item.text.split())}”): "
                      "Enter accepts it so")  # fmt: skip
        return True

    def _extent_of(self, item: Suggestion) -> tuple[int, int] | None:
        """The selection when it differs from ``item`` but still overlaps it: the extent
        the analyst corrected it to (snapped as a label key snaps).  None otherwise."""
        selection = self.view.selection_offsets()
        if selection is None or selection == (item.start, item.end):
            return None
        if not (selection[0] < item.end and item.start < selection[1]):
            return None
        corrected = self._range_to_tag()
        if corrected is None or not (corrected[0] < item.end and item.start < corrected[1]):
            return None
        return None if corrected == (item.start, item.end) else corrected

    def _shown(self) -> tuple[Suggestion, tuple[int, int] | None] | None:
        """The current suggestion if it is what the analyst sees selected, with the extent
        they corrected it to (or None).  Moved away (arrows, a click, a selection that no
        longer overlaps it), Enter or X first brings it back rather than act unseen."""
        item = self.current_suggestion()
        if item is None:
            self._message("No suggestion selected: Tab selects one")
            return None
        if self.view.selection_offsets() == (item.start, item.end):
            return item, None
        extent = self._extent_of(item)
        if extent is None:
            self.view.show_suggestion(item)
            return None
        return item, extent

    def accept_all(self) -> bool:
        if not self.suggestions:
            self._message("No open suggestions in this article")
            return False
        item = self.current_suggestion()
        if item is not None and self._extent_of(item) is not None:
            # Accepting it as proposed would drop the correction the analyst sees.
            self._message("One suggestion's extent is corrected: Enter accepts it so first, "
                          "then Ctrl+Shift+Enter the rest")  # fmt: skip
            return False
        done = self.operations.accept_suggestions([item.id for item in self.suggestions])
        if done is not None:
            self.current = None
            self.view.show_suggestion(None)
        return done is not None

    def label_key(self, label: str) -> bool:
        """A label key in review mode on the current suggestion: accept it as ``label``;
        on a selection corrected from it, its own label key accepts it with that extent."""
        if not self._in_mode():
            return False
        item = self.current_suggestion()
        if item is None:
            return False
        if self.view.selection_offsets() == (item.start, item.end):
            self.accept(label)
            return True
        if label == item.label and self._extent_of(item) is not None:
            self.accept(label)
            return True
        return False  # a selection of the analyst's own: tag it as usual

    def after_own_tag(self, start: int) -> Suggestion | None:
        """The analyst tagged a span of their own in review mode (what no suggestion
        offered, or a suggestion's extent corrected): the next open suggestion from the
        span's start is selected, as after an accept, so review goes on without a Tab."""
        if not self._in_mode() or not self.suggestions:
            return None
        keys = [_order(item)[0] for item in self.suggestions]
        return self._show(bisect_left(keys, start) % len(self.suggestions))

    def _after(self, item: Suggestion, done: object | None) -> bool:
        """After an accept or reject: the next open suggestion, from where this one was."""
        if done is None:  # refused, and already said
            return False
        if not self.suggestions:
            self.current = None
            self.view.show_suggestion(None)
            self._message("Every suggestion in this article is reviewed")
            return True
        self._show(self._after_place(item))
        return True
