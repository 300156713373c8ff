"""What a label key does, decided without a widget.

A label key relabels the selected span; with no span selected it tags the selection,
snapped to whole words unless snapping is off or the selection was made exact (Alt+drag);
with no selection it tags the word at the caret.  The controller reads the article
through ``TaggingView`` (the article view satisfies it; tests pass a plain object) and
changes data only through the operations layer, so every view still redraws from the one
``changed`` signal.  Offsets are stored code-point offsets throughout.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from annotator.core.model import Label
from annotator.gui.keys.bindings import label_action_id
from annotator.gui.keys.commands import Commands
from annotator.gui.snapping import snap, word_at

__all__ = ["TaggingController", "TaggingOperations", "TaggingView"]


class _Span(Protocol):
    @property
    def label(self) -> str: ...


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
    def exact_selection(self) -> bool: ...
    def selection_offsets(self) -> tuple[int, int] | None: ...
    def caret_offset(self) -> int: ...
    def place_caret(self, offset: int) -> None: ...


class TaggingOperations(Protocol):
    """The steps of ``annotator.gui.operations.Operations`` that tagging takes.

    Each returns the change, or None when it was refused (and already reported).
    """

    def tag(self, article_id: int, start: int, end: int, label: str) -> object | None: ...
    def relabel(self, span_id: int, label: str) -> object | None: ...


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

    def register(self, commands: Commands, labels: Sequence[Label]) -> None:
        """Serve ``label.NAME`` for each label, replacing the last corpus's label commands."""
        for command_id in self._registered:
            commands.unregister(command_id)
        self._registered = []
        for label in labels:
            command_id = label_action_id(label)
            commands.register(command_id, lambda name=label.name: self.tag(name))
            self._registered.append(command_id)

    def tag(self, label: str) -> object | None:
        """A label key: relabel the selected span, else tag the selection or the word."""
        view = self.view
        if view.article_id is None:
            return None
        if view.selected_span is not None:
            span = view.spans.get(view.selected_span)
            if span is not None:
                if span.label == label:
                    self._message(f"That span is already {label}")
                    return None
                return self.operations.relabel(view.selected_span, label)
        span_range = self._range_to_tag()
        if span_range is None:
            return None
        start, end = span_range
        change = self.operations.tag(view.article_id, start, end, label)
        if change is not None:
            view.place_caret(end)  # the next key goes on from the end of the new span
        return change

    def relabel(self, span_id: int, label: str) -> object | None:
        """Relabel a span picked by id (the context menu), selected or not."""
        return self.operations.relabel(span_id, label)

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
