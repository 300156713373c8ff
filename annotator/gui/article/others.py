"""Other analysts' spans, painted dashed over the article beside one's own (issue 16).

A layer of the article view (see layers.py): a dashed outline in the label's colour
around each span another analyst tagged, on the lines on screen only.  Outlines of
overlapping spans step down by their lane, so two analysts' different boundaries over
the same words are both seen.  The layer keeps its own index of those spans (the view's
index holds the spans the view shows as its own); ``set_spans`` replaces them when an
article opens or the switch moves to another analyst.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from annotator.core.model import Span
from annotator.gui.article.layers import ArticleView, VisibleLines, line_pieces
from annotator.gui.qt import Qt, QtCore, QtGui
from annotator.gui.spanindex import SpanIndex

__all__ = ["OtherPiece", "OtherSpansLayer"]

LANE_INSET = 3  # pixels each lane's outline moves down, so stacked outlines stay apart
MAX_INSET_LANES = 3


class OtherPiece(NamedTuple):
    key: int  # the span id
    rect: QtCore.QRectF
    lane: int
    colour: QtGui.QColor
    annotator: str


class OtherSpansLayer:
    """The spans of the analysts the switch shows, as dashed outlines."""

    name = "other analysts"

    def __init__(self) -> None:
        self.visible = True
        self.spans: dict[int, Span] = {}
        self.index = SpanIndex()

    def set_spans(self, spans: Iterable[Span], *, to_position: Callable[[int], int]) -> None:
        """Show these spans (stored offsets; ``to_position`` maps them to the document)."""
        ordered = sorted(spans, key=lambda s: (s.start, -s.end, s.label, s.id))
        self.spans = {span.id: span for span in ordered}
        keys = [(s.start, -s.end, s.label, s.id) for s in ordered]
        self.index = SpanIndex(keys, to_position=to_position)

    def clear(self) -> None:
        self.spans = {}
        self.index = SpanIndex()

    def spans_at(self, position: int) -> list[Span]:
        """The shown spans over a document position, for a tooltip."""
        return [self.spans[p.key] for p in self.index.at(position)]

    def pieces(self, view: ArticleView, lines: VisibleLines) -> list[OtherPiece]:
        if not self.spans:
            return []
        found = []
        for visible in lines.blocks:
            items = self.index.overlapping(visible.start, visible.end)
            for item, rect in line_pieces(visible, items):
                span = self.spans[item.key]
                _tint, bar = view.label_colours(span.label)
                found.append(OtherPiece(item.key, rect, item.lane, bar, span.annotator))
        return found

    def paint(self, painter: QtGui.QPainter, pieces: Sequence[OtherPiece]) -> None:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        # A pale solid line under each dash: the dashes stay visible over any tint.
        under = QtGui.QPen(QtGui.QColor(255, 255, 255, 170), 3.0)
        for piece in pieces:
            inset = min(piece.lane, MAX_INSET_LANES) * LANE_INSET
            rect = piece.rect.adjusted(-1.5, 0.5 + inset, 1.5, -0.5)
            painter.setPen(under)
            painter.drawRect(rect)
            painter.setPen(QtGui.QPen(piece.colour, 1.6, Qt.PenStyle.DashLine))
            painter.drawRect(rect)
