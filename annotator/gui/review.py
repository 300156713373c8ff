"""The window's suggestions (issue 15), assembled in one place beside the main window.

Owns the suggestions layer, review mode (``ReviewController``), the "review: 3 of 12"
field of the status bar and the Suggestions menu.  The main window creates one and tells
it when an article opens; it follows every change through ``Operations.changed``.

Computing runs in the task runner: a read-only worker (its own connection, or a copy of
an in-memory corpus) proposes, and the window stores what it returns with
``store_suggestions``, a chunk per turn of the event loop (not an undo step, as on the
command line, since nothing the analyst made changes).  Storing here rather than in a
``writes=True`` task keeps it working on an in-memory corpus and shows the result at once:
a write from another connection reaches the window only through the poll that notices
other connections' commits, and then as a reload of everything ("changed by another
program"), at every article opened.  Suggestions of an article
are computed when suggestions are switched on, when an article opens while they are on,
and on Ctrl+Shift+G; a rejected one is never stored again (``store_suggestions``).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from annotator.core.errors import AnnotatorError
from annotator.core.history import Change
from annotator.core.model import Suggestion
from annotator.core.store import Store
from annotator.gui.article.suggestion_layer import SuggestionLayer
from annotator.gui.controllers.review import REVIEW_COMMANDS, ReviewController
from annotator.gui.keys import REVIEW, REVIEW_BINDINGS, label_bindings
from annotator.gui.qt import Qt, QtCore, QtWidgets
from annotator.gui.tasks import Task

if TYPE_CHECKING:
    from annotator.gui.mainwindow import MainWindow

__all__ = ["ReviewFeatures"]

STORE_CHUNK = 250  # suggestions stored per turn of the event loop
GO_ON = "review_go_on"  # the settings flag of "Go on to the next suggestion after tagging"


def compute_task(article_id: int, *, learn: bool = True):  # type: ignore[no-untyped-def]
    """The worker's function: the cheap sources' suggestions for one article (``learn``:
    without the kinds the analysts only ever rejected)."""
    from annotator.core.suggesting import propose

    def run(store: Store, _progress: object, cancelled: threading.Event) -> list[Suggestion]:
        return propose(store, [article_id], cancelled=cancelled, learn=learn)

    return run


def _withdrew(change: Change) -> bool:
    """Whether a change took open suggestions away for good (what a rejection taught);
    its undo puts them back instead."""
    kept = {item.id for item in change.added_records.suggestions}
    return any(
        item.state == "open" and item.id not in kept for item in change.removed_records.suggestions
    )


class ReviewFeatures:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.view = window.view
        self.layer = SuggestionLayer()
        self.task: Task | None = None
        self._note = ""  # what the last rejection taught, for the status line
        self.field = QtWidgets.QLabel()
        self.field.setObjectName("review_label")
        self.field.setTextFormat(Qt.TextFormat.PlainText)
        self.field.hide()
        window.statusBar().addPermanentWidget(self.field)
        self.controller = ReviewController(
            view=self, operations=window.ops, switch=self._switch, compute=self.compute_all,
            enter_mode=lambda: window.modes.enter(REVIEW), leave_mode=window.modes.leave,
            in_mode=lambda: window.modes.mode == REVIEW, message=window._message,
            range_to_tag=window.tagging.range_to_tag,
        )  # fmt: skip
        self.controller.register(window.commands)
        window.modes.set_layer("review", REVIEW_BINDINGS)
        window.tagging.label_key_taken = self.controller.label_key
        window.tagging.tagged.append(self._tagged)
        window.commands.register("review.go_on", self._go_on_toggled)
        go_on = window.actions["review.go_on"]
        go_on.blockSignals(True)
        go_on.setChecked(window.settings.flag(GO_ON, False))
        go_on.blockSignals(False)
        window.ops.changed.connect(self.apply_change)
        self._labels_bound: object = None
        window.modes.subscribe(self._keys_changed)
        self._keys_changed(window.modes.mode)
        self._add_menu()

    def _add_menu(self) -> None:
        bar = self.window.menuBar()
        menu = QtWidgets.QMenu("S&uggestions", bar)
        menu.addActions([self.window.actions[c] for c in (*REVIEW_COMMANDS, "review.go_on")])
        last = bar.actions()[-1] if bar.actions() else None  # Help stays last
        if last is not None:
            bar.insertMenu(last, menu)
        else:
            bar.addMenu(menu)

    def _keys_changed(self, _mode: str) -> None:
        """Label keys in review mode too, rebound whenever the window reloads its labels
        (it sets its label layer, which calls here, after reading the new labels)."""
        if self._labels_bound is not self.window.labels:
            self._labels_bound = self.window.labels
            self.window.modes.set_layer(
                "review_labels", label_bindings(self.window.labels, modes=(REVIEW,))
            )
        self._show_field()

    # -- what ReviewController reads of the view --------------------------------------

    @property
    def article_id(self) -> int | None:
        return self.view.article_id

    @property
    def text(self) -> str:
        return self.view.text

    def caret_offset(self) -> int:
        return self.view.caret_offset()

    def select_extent(self, start: int, end: int) -> None:
        """The current suggestion's extent as the analyst corrects it: selected exactly
        (the edges are whole words already), the suggestion still drawn dashed."""
        self.view.select_range(start, end, exact=True)

    def selection_offsets(self) -> tuple[int, int] | None:
        return self.view.selection_offsets()

    def show_suggestion(self, suggestion: Suggestion | None) -> None:
        self.layer.current = None if suggestion is None else suggestion.id
        if suggestion is not None:
            self.view.clear_selection()  # no span stays selected under it
            self.view.select_range(suggestion.start, suggestion.end, exact=True)
            shown = " ".join(suggestion.text.split())[:60]
            score = "" if suggestion.score is None else f", score {suggestion.score:.2f}"
            note, self._note = self._note, ""
            self.window._message(
                (f"{note}. " if note else "")
                + f"Suggested {suggestion.label} “{shown}” ({suggestion.source}{score}): "
                "Enter accepts, X rejects"
            )
        elif self._note:
            note, self._note = self._note, ""
            self.window._message(note)
        self.view.viewport().update()
        self._show_field()

    # -- following the window --------------------------------------------------------

    @property
    def go_on(self) -> bool:
        """Whether a span tagged by hand in review mode selects the next suggestion (as an
        accept does), sparing the Tab back to the suggestions.  Off unless chosen in the
        Suggestions menu: with it on, a second span tagged by hand starts from that
        suggestion rather than from the first one."""
        return self.window.actions["review.go_on"].isChecked()

    def _go_on_toggled(self) -> None:
        self.window.settings.set_flag(GO_ON, self.go_on)
        self.window._message(
            "After a span of your own, review goes on to the next suggestion" if self.go_on
            else "After a span of your own, Tab goes on to the next suggestion"
        )  # fmt: skip

    def _tagged(self, change: object) -> None:
        """A label key tagged the analyst's own selection: review goes on from that span."""
        added = getattr(change, "added", ())
        if added and self.controller.on and self.go_on:
            self.controller.after_own_tag(min(span.start for span in added))

    def article_opened(self, article_id: int | None) -> None:
        self._load(article_id)
        if self.controller.on and article_id is not None:
            self.compute()

    def _load(self, article_id: int | None) -> None:
        try:
            found = self.window.store.suggestions(article_id) if article_id is not None else []
        except AnnotatorError as exc:
            self.window._message(str(exc), error=True)
            found = []
        self.controller.set_suggestions(article_id, found)
        self._redraw()

    def apply_change(self, change: Change) -> None:
        if change.reload:
            self._load(self.view.article_id)
            return
        before = self.controller.current
        if _withdrew(change):  # a rejection silenced a kind: say so with the next one shown
            self._note = change.description.partition("; ")[2]
        self._learn_from(change)
        if self.controller.apply_change(change):
            self._redraw()
            if self.controller.current != before and self.window.modes.mode == REVIEW:
                # An undo put a suggestion back: select it once the window has placed
                # the caret where the undo happened (its own handler runs after this).
                QtCore.QTimer.singleShot(0, self._show_current)

    def _learn_from(self, change: Change) -> None:
        """ACTOR spans just made here (accepted, corrected or tagged by hand): their other
        mentions in this article, and their variants (``ActorMatcher.learn``), become
        suggestions at once, as INCEpTION's string matcher learns; other articles learn
        them when their suggestions are next computed.  Stored as computing stores them,
        not as an undo step (nothing of the analyst's changes)."""
        article_id = self.view.article_id
        if not self.controller.on or article_id is None or change.article_id != article_id:
            return
        names = {span.text for span in change.added_records.spans if span.label == "ACTOR"}
        if not names:
            return
        from annotator.core.suggesting import learned_mentions

        try:
            found = learned_mentions(self.window.store, article_id, names)
            if len(found) > STORE_CHUNK:  # a long article: stored a chunk per turn
                self._store_chunk(article_id, found, 0)
                return
            if not self.window.store.store_suggestions(found):
                return
            fresh = self.window.store.suggestions(article_id)
        except AnnotatorError as exc:
            self.window._message(str(exc), error=True)
            return
        self.controller.set_suggestions(article_id, fresh)  # the current one stays current
        self._redraw()

    def _show_current(self) -> None:
        item = self.controller.current_suggestion()
        if item is not None:
            self.show_suggestion(item)

    def _switch(self, on: bool) -> None:
        if on:
            self._redraw()
            self.compute()
        else:
            self.view.remove_layer(self.layer)
            self._show_field()

    def _redraw(self) -> None:
        """The layer shows the open list while suggestions are on (and only then)."""
        self.layer.set_suggestions(self.view, self.controller.suggestions)
        self.layer.current = self.controller.current
        present = any(layer is self.layer for layer in self.view.layers)
        if self.controller.on and not present:
            self.view.add_layer(self.layer)
        self.view.viewport().update()
        self._show_field()

    def _show_field(self) -> None:
        on = self.controller.on
        self.field.setVisible(on)
        if on:
            in_mode = self.window.modes.mode == REVIEW
            _place, total = self.controller.position()
            self.field.setText(self.controller.status() if in_mode else f"suggestions: {total}")

    # -- computing -------------------------------------------------------------------

    def compute_all(self) -> None:
        """Ctrl+Shift+G: compute them again, the kinds the analysts stopped included: what
        brings back a kind withdrawn after rejections (accepting one then keeps it)."""
        self.compute(learn=False)

    def compute(self, *, learn: bool = True) -> None:
        """Compute this article's suggestions in the background."""
        article_id = self.view.article_id
        if article_id is None:
            return
        if self.task is not None and self.task.running:
            self.task.cancel()  # its article is no longer the one shown, or F9 again
        task = self.window.tasks.start(compute_task(article_id, learn=learn), name="suggestions")
        task.succeeded.connect(lambda found: self._computed(article_id, found))
        task.failed.connect(lambda message: self.window._message(message, error=True))
        self.task = task
        self.window._message("Computing suggestions…")

    def _computed(self, article_id: int, found: list[Suggestion]) -> None:
        self._store_chunk(article_id, found, 0)

    def _store_chunk(self, article_id: int, pending: list[Suggestion], stored: int) -> None:
        """Store on this thread a chunk at a time, letting the window breathe in between:
        a long article's thousands of suggestions take seconds to store (measured: 17,000
        on a 950,000-character article, 3.2 s in one call), a chunk some 50 ms."""
        chunk, rest = pending[:STORE_CHUNK], pending[STORE_CHUNK:]
        try:
            stored += len(self.window.store.store_suggestions(chunk))
        except AnnotatorError as exc:
            self.window._message(str(exc), error=True)
            return
        if rest:
            # The field as context: the timer dies with the window, never firing into it.
            QtCore.QTimer.singleShot(
                0, self.field, lambda: self._store_chunk(article_id, rest, stored)
            )
            return
        if article_id != self.view.article_id:
            return
        self._load(article_id)
        self.window._message(f"{stored} new suggestion(s); {self.controller.status()}")
        reviewing = self.controller.on and self.window.modes.mode == REVIEW
        if reviewing and self.controller.current is None and self.controller.suggestions:
            self.controller.step(forward=True)
