"""Relations drawn as arcs between their spans: a layer of the article view.

Each relation on screen is an arc from the top of its head span (the first of its lines
on screen) to the top of its child span, rising with the distance between them and
ending in an arrow at the child; the type's name sits on the arc in the type's colour.
Only the relations of spans on the visible lines are placed (a relation whose other end
is off screen runs to the edge it lies beyond), and a label that would cover another is
left out (the arc still shows, in its type's colour), so an article
with 500 relations stays readable and paints as fast as one with five.

The layer keeps the article's relations itself (``set_relations``, ``apply_change``), by
span id, and the link in progress (``pending``: head and target, drawn dashed).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from annotator.core.changes import Change
from annotator.core.model import Relation, RelationType
from annotator.gui.article.layers import ArticleView, VisibleLines, line_pieces
from annotator.gui.qt import Qt, QtCore, QtGui

__all__ = ["ArcLayer", "ArcPiece"]

RISE = 12.0  # the lowest arc's height above its spans, in pixels
MAX_RISE = 70.0
EDGE_GAP = 24.0  # how far past the screen's edge an end off screen is put
TOP_ROOM = 3.0  # arcs never rise above this (viewport y) while both ends are on screen


class ArcPiece(NamedTuple):
    key: int  # the relation id (0 for the link in progress)
    path: QtGui.QPainterPath
    arrow: QtGui.QPolygonF
    colour: QtGui.QColor
    label: str
    label_rect: QtCore.QRectF | None  # None: it would cover another label
    pending: bool


class ArcLayer:
    name = "relations"

    def __init__(self) -> None:
        self.visible = True
        self.relations: dict[int, Relation] = {}
        self._by_span: dict[int, set[int]] = {}
        self._colours: dict[str, QtGui.QColor] = {}
        self.pending: tuple[int, int] | None = None
        self.pending_colour = QtGui.QColor("#D55E00")
        self.font = QtGui.QFont()
        self.font.setPointSizeF(max(self.font.pointSizeF() * 0.8, 7.0))
        self._metrics = QtGui.QFontMetricsF(self.font)

    # -- content --------------------------------------------------------------------

    def set_types(self, types: Iterable[RelationType]) -> None:
        self._colours = {kind.name: QtGui.QColor(kind.colour) for kind in types}

    def set_relations(self, relations: Iterable[Relation]) -> None:
        self.relations = {}
        self._by_span = {}
        for relation in relations:
            self._add(relation)

    def apply_change(self, change: Change) -> bool:
        """Take one step's relations in; whether anything shown changed."""
        records = (change.removed_records.relations, change.added_records.relations)
        for relation in records[0]:
            self._remove(relation.id)
        for relation in records[1]:
            self._add(relation)
        return any(records)

    def _add(self, relation: Relation) -> None:
        self.relations[relation.id] = relation
        for span_id in (relation.head_span_id, relation.tail_span_id):
            self._by_span.setdefault(span_id, set()).add(relation.id)

    def _remove(self, relation_id: int) -> None:
        relation = self.relations.pop(relation_id, None)
        if relation is None:
            return
        for span_id in (relation.head_span_id, relation.tail_span_id):
            ids = self._by_span.get(span_id)
            if ids is not None:
                ids.discard(relation_id)
                if not ids:
                    del self._by_span[span_id]

    def of_span(self, span_id: int) -> list[Relation]:
        return sorted((self.relations[i] for i in self._by_span.get(span_id, ())),
                      key=lambda r: r.id)  # fmt: skip

    # -- the layer ------------------------------------------------------------------

    def pieces(self, view: ArticleView, lines: VisibleLines) -> list[ArcPiece]:
        if not self.relations and self.pending is None:
            return []
        # The top-left rectangle of every span on screen: where its arcs start and end.
        anchors: dict[int, QtCore.QRectF] = {}
        linked = self._by_span
        ends = set(self.pending) if self.pending is not None else set()
        for visible in lines.blocks:
            # Only spans with a relation are placed: most spans on screen have none.
            placed = [p for p in view.index.overlapping(visible.start, visible.end)
                      if p.key in linked or p.key in ends]  # fmt: skip
            for item, rect in line_pieces(visible, placed):
                if item.key not in anchors:
                    anchors[item.key] = rect
        wanted: dict[int, tuple[int, int, str, QtGui.QColor]] = {}
        for span_id in anchors:
            for relation_id in self._by_span.get(span_id, ()):
                relation = self.relations[relation_id]
                colour = self._colours.get(relation.kind) or QtGui.QColor("#888888")
                wanted[relation_id] = (
                    relation.head_span_id, relation.tail_span_id, relation.kind, colour
                )
        found: list[ArcPiece] = []
        taken: list[QtCore.QRectF] = []
        for relation_id, (head, child, kind, colour) in sorted(wanted.items()):
            piece = self._piece(view, lines, anchors, relation_id, head, child, kind, colour,
                                taken, pending=False)  # fmt: skip
            if piece is not None:
                found.append(piece)
        if self.pending is not None:
            head, child = self.pending
            if head in anchors or child in anchors:
                piece = self._piece(view, lines, anchors, 0, head, child, "", self.pending_colour,
                                    taken, pending=True)  # fmt: skip
                if piece is not None:
                    found.append(piece)
        return found

    def _end(
        self, view: ArticleView, lines: VisibleLines, anchors: dict[int, QtCore.QRectF],
        span_id: int, other_x: float | None,
    ) -> QtCore.QPointF | None:  # fmt: skip
        rect = anchors.get(span_id)
        if rect is not None:
            return QtCore.QPointF(rect.left() + min(rect.width() / 2, 14.0), rect.top() + 1)
        span = view.spans.get(span_id)
        if span is None:
            return None
        above = view.offsets.to_qt(span.start) < lines.start
        y = lines.rect.top() - EDGE_GAP if above else lines.rect.bottom() + EDGE_GAP
        return QtCore.QPointF(other_x if other_x is not None else lines.rect.left(), y)

    def _piece(
        self, view: ArticleView, lines: VisibleLines, anchors: dict[int, QtCore.QRectF],
        key: int, head: int, child: int, kind: str, colour: QtGui.QColor,
        taken: list[QtCore.QRectF], *, pending: bool,
    ) -> ArcPiece | None:  # fmt: skip
        start = self._end(view, lines, anchors, head, None)
        if start is None:
            return None
        end = self._end(view, lines, anchors, child, start.x())
        if end is None:
            return None
        if head not in anchors:  # the head is off screen: put it above/below the child
            start.setX(end.x())
        rise = min(MAX_RISE, RISE + abs(end.x() - start.x()) / 8 + abs(end.y() - start.y()) / 6)
        top = min(start.y(), end.y()) - rise
        # The first line on screen has no room above it: its arcs flatten rather than
        # rise out of sight (an end off screen above keeps its arc going up and out).
        top = max(top, min(TOP_ROOM, start.y(), end.y()))
        path = QtGui.QPainterPath(start)
        path.cubicTo(QtCore.QPointF(start.x(), top), QtCore.QPointF(end.x(), top), end)
        x, y = end.x(), end.y()
        arrow = QtGui.QPolygonF(
            [end, QtCore.QPointF(x - 3.5, y - 7), QtCore.QPointF(x + 3.5, y - 7)]
        )
        if pending and child in anchors:  # the target the next Enter links to, outlined
            path.addRoundedRect(anchors[child].adjusted(-2, -1, 2, 1), 3, 3)
        label_rect = None
        if kind:
            # The curve's middle, B(1/2) = (P0 + 3 P1 + 3 P2 + P3) / 8, without asking Qt.
            middle = QtCore.QPointF((start.x() + end.x()) / 2,
                                    (start.y() + end.y() + 6 * top) / 8)  # fmt: skip
            width = self._metrics.horizontalAdvance(kind) + 6
            height = self._metrics.height() + 1
            rect = QtCore.QRectF(middle.x() - width / 2, middle.y() - height / 2, width, height)
            if not any(rect.intersects(other) for other in taken):
                taken.append(rect)
                label_rect = rect
        return ArcPiece(key, path, arrow, colour, kind, label_rect, pending)

    def paint(self, painter: QtGui.QPainter, pieces: Sequence[ArcPiece]) -> None:
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing, True)
        painter.setFont(self.font)
        for piece in pieces:
            pen = QtGui.QPen(piece.colour, 2.0 if piece.pending else 1.4)
            if piece.pending:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(piece.path)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(piece.colour)
            painter.drawPolygon(piece.arrow)
        # Labels after every arc: no arc runs over a name.
        background = QtGui.QColor(255, 255, 255, 225)
        for piece in pieces:
            if piece.label_rect is None:
                continue
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(background)
            painter.drawRoundedRect(piece.label_rect, 3, 3)
            painter.setPen(piece.colour)
            painter.drawText(piece.label_rect, Qt.AlignmentFlag.AlignCenter, piece.label)
