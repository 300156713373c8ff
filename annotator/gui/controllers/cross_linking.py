"""Cross-article link mode, decided without a widget: L on a selected span, a picker of
spans in the story's other articles, Enter or a digit links (issue 14).

L starts from the selected span.  The candidates are the spans of the other articles of
its story, ranked by :func:`annotator.core.candidates.rank_candidates` (same label,
unit and value, shared actors, text), the best highlighted at once.  Tab / Down and
Shift+Tab / Up move (wrapping); Enter links as ``same``; 1-4 link with that type (1
same, 2 contradicts, 3 updates, 4 different-event); on a span already linked, Enter or a
digit changes the link's type and Delete removes it; W widens the search to the whole
corpus; Escape leaves.  An article in no story is searched against the whole corpus at
once, and the status line says so.  Every link is one undo step (``Operations``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import NamedTuple, Protocol

from annotator.core.candidates import LinkCandidate, candidate_pool, rank_candidates
from annotator.core.errors import AnnotatorError
from annotator.core.model import LINK_TYPES, Link, Span
from annotator.gui.keys.commands import Commands

__all__ = ["TYPE_KEYS", "CrossLinking", "Picker"]

TYPE_KEYS = dict(zip("1234", LINK_TYPES, strict=True))
SHOWN = 200  # candidates listed: the best of a corpus, not all of it


class Picker(NamedTuple):
    """What the picker shows: the span linked from, the ranked spans, the highlight."""

    head: Span
    candidates: list[LinkCandidate]
    index: int
    scope: str  # "story" or "corpus"
    story: str | None
    linked: dict[int, Link]  # other span id -> the link joining it to ``head``


class _Store(Protocol):
    def span(self, span_id: int) -> Span: ...
    def span_links(self, span_id: int) -> list[Link]: ...


class _Operations(Protocol):
    def link_across(self, span_id: int, to_span_id: int, link_type: str) -> object | None: ...
    def retype_across(self, link_id: int, link_type: str) -> object | None: ...
    def unlink_across(self, link_id: int) -> object | None: ...


class CrossLinking:
    def __init__(
        self,
        *,
        store: _Store,
        operations: _Operations,
        selected: Callable[[], int | None],
        show: Callable[[Picker | None], None],
        enter_mode: Callable[[], None],
        leave_mode: Callable[[], None],
        message: Callable[[str], None],
        busy: Callable[[], contextlib.AbstractContextManager[object]] = contextlib.nullcontext,
    ) -> None:
        self.store = store
        self._busy = busy  # the window's wait cursor: the whole corpus takes seconds
        self.operations = operations
        self._selected = selected
        self._show = show
        self._enter_mode = enter_mode
        self._leave_mode = leave_mode
        self._message = message
        self.picker: Picker | None = None

    @property
    def active(self) -> bool:
        return self.picker is not None

    @property
    def target(self) -> LinkCandidate | None:
        picker = self.picker
        if picker is None or not picker.candidates:
            return None
        return picker.candidates[picker.index]

    def register(self, commands: Commands) -> None:
        commands.register("xlink.start", self.start)
        commands.register("xlink.next", lambda: self.step(+1))
        commands.register("xlink.previous", lambda: self.step(-1))
        commands.register("xlink.make", self.make)
        commands.register("xlink.widen", self.widen)
        commands.register("xlink.unlink", self.unlink)
        commands.register("xlink.cancel", self.cancel)
        for digit, link_type in TYPE_KEYS.items():
            commands.register(f"xlink.type.{digit}", lambda t=link_type: self.make(t))

    # -- steps ----------------------------------------------------------------------

    def start(self, *, scope: str = "story") -> bool:
        span_id = self._selected()
        if span_id is None:
            self._message("Select a span first (Tab / Shift+Tab), then L links it to "
                          "another article")  # fmt: skip
            return False
        try:
            with self._busy():
                head = self.store.span(span_id)
                pool = candidate_pool(self.store, head, scope=scope)  # type: ignore[arg-type]
                linked = self._linked(head)
                ranked = rank_candidates(head, pool.spans, actors=pool.actors, limit=SHOWN)
        except AnnotatorError as exc:
            self._message(str(exc))
            return False
        story = pool.story.name if pool.story is not None else None
        self.picker = Picker(head, ranked, 0, pool.scope, story, linked)
        self._enter_mode()
        self._show(self.picker)
        if story is None:
            self._message("This article is in no story (F7 puts it in one): showing spans "
                          "from the whole corpus")  # fmt: skip
        elif not ranked:
            self._message(f"No other article of “{story}” has spans: W searches the whole "
                          "corpus, Escape cancels")  # fmt: skip
        else:
            self._say_target()
        return True

    def step(self, by: int) -> None:
        picker = self.picker
        if picker is None or not picker.candidates:
            return
        self.picker = picker._replace(index=(picker.index + by) % len(picker.candidates))
        self._show(self.picker)
        self._say_target()

    def widen(self) -> None:
        picker = self.picker
        if picker is None:
            return
        if picker.scope == "corpus":
            self._message("Already searching the whole corpus")
            return
        self._finish()
        self.start(scope="corpus")

    def make(self, link_type: str = "same") -> object | None:
        picker, target = self.picker, self.target
        if picker is None or target is None:
            return None
        existing = picker.linked.get(target.span.id)
        if existing is not None and existing.type == link_type:
            self._message(f"These spans are already linked as {link_type} "
                          "(Delete removes the link)")  # fmt: skip
            return None
        self._finish()
        if existing is not None:
            change = self.operations.retype_across(existing.id, link_type)
        else:
            change = self.operations.link_across(picker.head.id, target.span.id, link_type)
        if change is not None:
            self._message(f"Linked {link_type}: {_short(picker.head)} ⇄ {_short(target.span)} "
                          "(Ctrl+Z undoes it)")  # fmt: skip
        return change

    def unlink(self) -> object | None:
        picker, target = self.picker, self.target
        if picker is None or target is None:
            return None
        existing = picker.linked.get(target.span.id)
        if existing is None:
            self._message("This span is not linked to the selected one")
            return None
        change = self.operations.unlink_across(existing.id)
        if change is not None:
            linked = dict(picker.linked)
            linked.pop(target.span.id, None)
            self.picker = picker._replace(linked=linked)
            self._show(self.picker)
            self._message(f"Removed the {existing.type} link (Ctrl+Z undoes it)")
        return change

    def cancel(self) -> None:
        if self.active:
            self._finish()
            self._message("Linking to another article cancelled")

    def abandon(self) -> None:
        """Leave without a word (another article opened, the spans changed)."""
        if self.active:
            self._finish()

    # -- helpers --------------------------------------------------------------------

    def _linked(self, head: Span) -> dict[int, Link]:
        found = {}
        for link in self.store.span_links(head.id):
            other = link.to_span_id if link.span_id == head.id else link.span_id
            found[other] = link
        return found

    def _finish(self) -> None:
        self.picker = None
        self._show(None)
        self._leave_mode()

    def _say_target(self) -> None:
        picker, target = self.picker, self.target
        if picker is None or target is None:
            return
        where = "the whole corpus" if picker.scope == "corpus" else f"“\u2068{picker.story}\u2069”"
        self._message(f"Link {_short(picker.head)} to {_short(target.span)} "
                      f"({picker.index + 1} of {len(picker.candidates)} in {where})")  # fmt: skip


def _short(span: Span, limit: int = 40) -> str:
    text = " ".join(span.text.split())
    # Between isolates: a right-to-left mark in a span cannot turn the sentence round.
    return f"{span.label} “\u2068{text if len(text) <= limit else text[: limit - 1] + '…'}\u2069”"
