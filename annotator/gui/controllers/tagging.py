"""What a label key does, and the keys that reshape spans, decided without a widget.

A label key relabels the selected span; with no span selected it tags the selection,
snapped to whole words unless snapping is off or the selection was made exact (Alt+drag);
with no selection it tags the word at the caret.  A selection widened or narrowed from a
selected span (Shift+arrows after Tab) still knows that span ("grown from"): the span's
own label key resizes it in place, another label key tags a new span (a NUMBER inside
the CLAIM around it is a second span on purpose), and Delete deletes it.  Shift with a
label key tags the selection and every other whole-word occurrence of its text, and the
resize keys move the selected span's start or end by a word, one undo step each.

The controller reads the article through ``TaggingView`` (the article view satisfies
it; tests pass a plain object) and changes data only through the operations layer, so
every view still redraws from the one ``changed`` signal.  Offsets are stored code-point
offsets throughout.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from annotator.core.model import Label
from annotator.gui.keys.bindings import RESIZE_COMMANDS, label_action_id, tag_all_action_id
from annotator.gui.keys.commands import Commands
from annotator.gui.snapping import occurrences, snap, word_at, word_edge

__all__ = ["TaggingController", "TaggingOperations", "TaggingView"]


class _Span(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def label(self) -> str: ...


class Step(Protocol):
    """Where a span's edge goes: the next unit edge after / before ``offset``, or None.

    ``snapping.word_edge`` steps by words; a text-units module plugs in another unit.
    """

    def __call__(self, text: str, offset: int, *, forward: bool, edge: str) -> int | None: ...


class _SpanLookup(Protocol):
    def get(self, span_id: int, /) -> _Span | None: ...


class TaggingView(Protocol):
    """The little of the article view that tagging reads, plus moving the caret."""

    @property
    def article_id(self) -> int | None: ...
    @property
    def text(self) -> str: ...
    @property
    def spans(self) -> _SpanLookup: ...
    @property
    def selected_span(self) -> int | None: ...
    @property
    def grown_from_span(self) -> int | None: ...
    @property
    def exact_selection(self) -> bool: ...
    def selection_offsets(self) -> tuple[int, int] | None: ...
    def caret_offset(self) -> int: ...
    def place_caret(self, offset: int) -> None: ...
    def select_span(self, span_id: int) -> None: ...


class TaggingOperations(Protocol):
    """The steps of ``annotator.gui.operations.Operations`` that tagging takes.

    Each returns the change, or None when it was refused (and already reported).
    """

    def tag(self, article_id: int, start: int, end: int, label: str) -> object | None: ...
    def relabel(self, span_id: int, label: str) -> object | None: ...
    def delete(self, span_id: int) -> object | None: ...
    def resize(self, span_id: int, start: int, end: int) -> object | None: ...
    def tag_all(
        self, article_id: int, ranges: Sequence[tuple[int, int]], label: str
    ) -> object | None: ...


class TaggingController:
    def __init__(
        self,
        *,
        view: TaggingView,
        operations: TaggingOperations,
        snap_to_words: Callable[[], bool],
        message: Callable[[str], None],
    ) -> None:
        self.view = view
        self.operations = operations
        # A callable, not a value: the setting is a checkable action the analyst toggles.
        self._snap_to_words = snap_to_words
        self._message = message
        self._registered: list[str] = []
        self._registered_all: list[str] = []
        # Told of each change a label key made (the ACTOR offer listens); never of tag-all.
        self.tagged: list[Callable[[object], None]] = []
        # Asked first on every label key: True when it took the key (review mode accepts
        # the suggestion under the selection with that label).
        self.label_key_taken: Callable[[str], bool] | None = None

    def register(self, commands: Commands, labels: Sequence[Label]) -> None:
        """Serve ``label.NAME`` for each label, replacing the last corpus's label commands."""
        for command_id in self._registered:
            commands.unregister(command_id)
        self._registered = []
        for label in labels:
            command_id = label_action_id(label)
            commands.register(command_id, lambda name=label.name: self.tag(name))
            self._registered.append(command_id)

    def register_span_keys(self, commands: Commands, labels: Sequence[Label]) -> None:
        """Serve the resize commands and ``tag_all.NAME`` (Shift + label key) per label."""
        for command_id in self._registered_all:
            commands.unregister(command_id)
        self._registered_all = []
        for command_id, (edge, forward) in RESIZE_COMMANDS.items():
            commands.register(
                command_id, lambda e=edge, f=forward: self.resize(edge=e, forward=f), replace=True
            )
        for label in labels:
            command_id = tag_all_action_id(label)
            commands.register(command_id, lambda name=label.name: self.tag_all(name))
            self._registered_all.append(command_id)

    def tag(self, label: str) -> object | None:
        """A label key: relabel the selected span, else tag the selection or the word."""
        view = self.view
        if view.article_id is None:
            return None
        if self.label_key_taken is not None and self.label_key_taken(label):
            return None
        if view.selected_span is not None:
            span = view.spans.get(view.selected_span)
            if span is not None:
                if span.label == label:
                    self._message(f"That span is already {label}")
                    return None
                return self._told(self.operations.relabel(view.selected_span, label))
        grown = self._grown_from()
        if grown is not None and grown.label == label:
            return self._resize_to_selection(grown)
        span_range = self._range_to_tag()
        if span_range is None:
            return None
        start, end = span_range
        change = self.operations.tag(view.article_id, start, end, label)
        if change is not None:
            view.place_caret(end)  # the next key goes on from the end of the new span
            if grown is not None:
                self._message(f"Tagged a new {label} span; the {grown.label} span the "
                              f"selection grew from is unchanged")  # fmt: skip
        return self._told(change)

    def _told(self, change: object | None) -> object | None:
        if change is not None:
            for listener in self.tagged:
                listener(change)
        return change

    def tag_all(self, label: str) -> object | None:
        """Shift + label key: tag the selection (or selected span, or word at the caret)
        and every other whole-word occurrence of the same text, as one undo step."""
        view = self.view
        if view.article_id is None:
            return None
        selected = view.spans.get(view.selected_span) if view.selected_span is not None else None
        span_range = (selected.start, selected.end) if selected else self._range_to_tag()
        if span_range is None:
            return None
        start, end = span_range
        piece = view.text[start:end]
        ranges = occurrences(view.text, piece)
        if (start, end) not in ranges:
            ranges.append((start, end))  # the analyst's own range counts, whole word or not
            ranges.sort()
        change = self.operations.tag_all(view.article_id, ranges, label)
        if change is None:
            return None
        added = len(getattr(change, "added", ()))
        shown = " ".join(piece.split())
        shown = shown if len(shown) <= 40 else shown[:39] + "…"
        self._message(f"Tagged {added} × {label} “{shown}”")
        if selected is None:
            view.place_caret(end)
        return change

    def resize(self, *, edge: str, forward: bool, step: Step = word_edge) -> object | None:
        """Move the selected span's ``edge`` ("start" or "end") one step, keeping its id."""
        view = self.view
        if view.article_id is None:
            return None
        span = view.spans.get(view.selected_span) if view.selected_span is not None else None
        if span is None:
            self._message("No span selected: Tab / Shift+Tab select one to resize")
            return None
        moved = step(view.text, span.end if edge == "end" else span.start,
                     forward=forward, edge=edge)  # fmt: skip
        shrinking = forward == (edge == "start")
        if moved is None and not shrinking:
            self._message(f"The span's {edge} is already at the "
                          + ("end" if forward else "start") + " of the article")  # fmt: skip
            return None
        start, end = (span.start, moved) if edge == "end" else (moved, span.end)
        if start is None or end is None or start >= end:
            self._message("The span is down to one word; Delete removes it")
            return None
        return self.operations.resize(span.id, start, end)

    def delete_selected(self) -> object | None:
        """Delete the selected span, or the one a widened selection grew from."""
        view = self.view
        span_id = view.selected_span
        if span_id is None:
            span_id = view.grown_from_span
        if span_id is None:
            self._message("No span selected: Tab / Shift+Tab select one")
            return None
        span = view.spans.get(span_id)
        change = self.operations.delete(span_id)
        if change is not None and span is not None:
            view.place_caret(span.start)
        return change

    def _grown_from(self) -> _Span | None:
        grown = self.view.grown_from_span
        return self.view.spans.get(grown) if grown is not None else None

    def _resize_to_selection(self, span: _Span) -> object | None:
        """The span's own label key on a selection grown from it: resize, not a second span."""
        span_range = self._range_to_tag()
        if span_range is None:
            return None
        if span_range == (span.start, span.end):
            self.view.select_span(span.id)
            self._message(f"That span is already {span.label}")
            return None
        change = self.operations.resize(span.id, *span_range)
        if change is not None:
            self.view.select_span(span.id)  # so the resize keys and Delete go on with it
        return change

    def relabel(self, span_id: int, label: str) -> object | None:
        """Relabel a span picked by id (the context menu), selected or not."""
        return self.operations.relabel(span_id, label)

    def range_to_tag(self) -> tuple[int, int] | None:
        """What a label key would tag now: the selection snapped (unless exact), else the
        word at the caret; None, said in the status line, when there is nothing."""
        return self._range_to_tag()

    def _range_to_tag(self) -> tuple[int, int] | None:
        view = self.view
        selection = view.selection_offsets()
        if selection is not None:
            start, end = selection
            if self._snap_to_words() and not view.exact_selection:
                start, end = snap(view.text, start, end)
            if start >= end:
                self._message("Nothing to tag: the selection is only white space")
                return None
            return start, end
        word = word_at(view.text, view.caret_offset())
        if word is None:
            self._message("No word at the caret to tag; select some text first")
        return word
