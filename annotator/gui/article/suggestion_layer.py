"""The suggestions layer: a dashed outline in the label's colour around each open suggestion.

Dashed and unfilled, so a suggestion never looks like a span (a tint and a bar) and the
span under it still shows; the current one in review mode has a thicker dash.  Like the
other layers it places only what falls on the lines on screen: the suggestions are kept
as document ranges sorted by start, and a binary search finds those before a line's end.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from annotator.core.model import Suggestion
from annotator.gui.article.layers import ArticleView, VisibleLines, line_pieces
from annotator.gui.qt import Qt, QtCore, QtGui

__all__ = ["SuggestionLayer", "SuggestionPiece"]


class Placed(NamedTuple):
    start: int  # document positions
    end: int
    label: str
    id: int


class SuggestionPiece(NamedTuple):
    id: int
    rect: QtCore.QRectF
    colour: QtGui.QColor
    current: bool


class SuggestionLayer:
    name = "suggestions"

    def __init__(self) -> None:
        self.visible = True
        self.current: int | None = None
        self._placed: list[Placed] = []
        self._starts: list[int] = []
        self._longest = 0

    def __len__(self) -> int:
        return len(self._placed)

    def set_suggestions(self, view: ArticleView, suggestions: Iterable[Suggestion]) -> None:
        """Place the suggestions on the view's document (stored offsets mapped once)."""
        placed = []
        for item in suggestions:
            start, end = view.offsets.range_to_qt(item.start, item.end)
            placed.append(Placed(start, end, item.label, item.id))
        placed.sort()
        self._placed = placed
        self._starts = [p.start for p in placed]
        self._longest = max((p.end - p.start for p in placed), default=0)

    def ids(self) -> list[int]:
        return [p.id for p in self._placed]

    def pieces(self, view: ArticleView, lines: VisibleLines) -> list[SuggestionPiece]:
        if not self._placed:
            return []
        found = []
        for visible in lines.blocks:
            # Those starting before the block's end and reaching past its start.
            first = bisect_left(self._starts, visible.start - self._longest)
            last = bisect_left(self._starts, visible.end)
            items = [p for p in self._placed[first:last] if p.end > visible.start]
            for item, rect in line_pieces(visible, items):
                _tint, bar = view.label_colours(item.label)
                found.append(SuggestionPiece(item.id, rect, bar, item.id == self.current))
        return found

    def paint(self, painter: QtGui.QPainter, pieces: Sequence[SuggestionPiece]) -> None:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for piece in pieces:
            pen = QtGui.QPen(piece.colour, 2.0 if piece.current else 1.0)
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawRect(piece.rect.adjusted(0.5, 0.5, -0.5, -0.5))
