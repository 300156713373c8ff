"""The marks painted over the article text, as a stack of small layers.

The article view paints its layers bottom first, then the text on top of them all (so no
mark ever hides a letter).  A layer does two things, both only for the lines on screen in
the area being repainted:

- ``pieces(view, lines)`` reads the view and says what to draw: small values, each with
  its viewport rectangle.  Nothing is drawn yet, so the same pieces answer "where is this
  span on screen?" (``ArticleView.span_rects``) and can be checked in tests.
- ``paint(painter, pieces)`` draws exactly those pieces and reads nothing else.

Only the visible lines are ever handed out, never the whole article: an article may hold
10,000 spans, and a mark per span per paint (what ExtraSelections cost) is too slow.  A
paragraph that runs over many screens is cut to its lines on screen as well.

Positions here are document positions (Qt's, UTF-16 based); a layer that starts from
stored offsets maps them with ``view.offsets`` (core/offsets.py) and never reads text
from the widget, whose plain text folds NBSP and CRLF.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple, Protocol, TypeVar

from annotator.gui.qt import Qt, QtCore, QtGui

if TYPE_CHECKING:
    from annotator.core.offsets import OffsetMap
    from annotator.gui.spanindex import SpanIndex
    from annotator.gui.spantable import SpanTable


class ArticleView(Protocol):
    """What a layer may read of the article view (``article.view.ArticleView`` is one).

    A protocol rather than the widget class, so the view can build its layers and
    the layers never import the view.
    """

    offsets: OffsetMap
    spans: SpanTable
    index: SpanIndex
    selected_span: int | None

    def label_colours(self, label: str) -> tuple[QtGui.QColor, QtGui.QColor]: ...


__all__ = [
    "BAR_HEIGHT",
    "LANE_STEP",
    "Layer",
    "SelectionLayer",
    "SelectionPiece",
    "SpanLayer",
    "SpanPiece",
    "VisibleBlock",
    "VisibleLines",
    "line_pieces",
]

BAR_HEIGHT = 2
LANE_STEP = 3

P = TypeVar("P")


class _Ranged(Protocol):
    """Anything with a document range, like the span index's ``Placed``."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


R = TypeVar("R", bound=_Ranged)


class VisibleBlock(NamedTuple):
    """A paragraph with lines on screen, and which of its lines they are."""

    block: QtGui.QTextBlock
    top: float  # viewport y of the paragraph's top
    left: float  # viewport x of the text's left edge
    lines: range  # the numbers of its lines on screen
    start: int  # document position where the first of those lines starts
    end: int  # just past the last of them (its paragraph break included if it is the last)


class VisibleLines(NamedTuple):
    """The lines on screen inside the area being repainted: all a layer may look at."""

    rect: QtCore.QRect  # the area being repainted, in viewport coordinates
    blocks: tuple[VisibleBlock, ...]

    @property
    def start(self) -> int:
        return self.blocks[0].start if self.blocks else 0

    @property
    def end(self) -> int:
        return self.blocks[-1].end if self.blocks else 0


class Layer(Protocol[P]):
    """One kind of mark over the text; see the module docstring."""

    name: str  # says which layer failed, in the log
    visible: bool  # a hidden layer is not asked for pieces at all

    def pieces(self, view: ArticleView, lines: VisibleLines) -> Sequence[P]: ...

    def paint(self, painter: QtGui.QPainter, pieces: Sequence[P]) -> None: ...


def visible_block(
    block: QtGui.QTextBlock, *, top: float, bottom: float, left: float, low: float, high: float
) -> VisibleBlock | None:
    """The lines of ``block`` (from viewport y ``top`` to ``bottom``) between ``low`` and
    ``high``."""
    layout = block.layout()
    count = layout.lineCount()
    if count == 0:
        return None
    begin = block.position()
    if low <= top and bottom <= high:  # the usual case: the whole paragraph is on screen
        return VisibleBlock(block, top, left, range(count), begin, begin + block.length())
    # Lines are in order down the page: two binary searches find the ones on screen, so a
    # paragraph of thousands of lines costs no more than a short one.
    numbers = range(count)
    first = bisect_left(numbers, low - top, key=lambda n: layout.lineAt(n).rect().bottom())
    stop = bisect_right(numbers, high - top, key=lambda n: layout.lineAt(n).y())
    if first >= stop:
        return None
    start = begin + layout.lineAt(first).textStart()
    if stop == count:
        end = begin + block.length()
    else:
        last = layout.lineAt(stop - 1)
        end = begin + last.textStart() + last.textLength()
    return VisibleBlock(block, top, left, range(first, stop), start, end)


def line_pieces(visible: VisibleBlock, items: Iterable[R]) -> list[tuple[R, QtCore.QRectF]]:
    """The rectangle of each item (a document range) on each visible line it touches.

    Line by line, items in the order given.  A range that holds only a line's break
    shows as a small stub after the line's last character.
    """
    items = list(items)
    if not items:
        return []
    block, top, left = visible.block, visible.top, visible.left
    begin = block.position()
    layout = block.layout()
    final = layout.lineCount() - 1
    found = []
    for number in visible.lines:
        line = layout.lineAt(number)
        line_start = begin + line.textStart()
        line_end = line_start + line.textLength()
        reach = line_end + (1 if number == final else 0)
        for item in items:
            if item.start >= reach or item.end <= line_start:
                continue
            start = max(item.start, line_start)
            end = min(item.end, line_end)
            x1 = line.cursorToX(start - begin)[0]
            x2 = line.cursorToX(end - begin)[0]
            if end <= start:  # only the line break is inside: a small stub shows it
                x2 = x1 + 4
            rect = QtCore.QRectF(left + min(x1, x2), top + line.y(), abs(x2 - x1), line.height())
            found.append((item, rect))
    return found


# -- the spans ---------------------------------------------------------------------


class SpanPiece(NamedTuple):
    key: int  # the span id
    rect: QtCore.QRectF
    lane: int
    tint: QtGui.QColor
    bar: QtGui.QColor


class SpanLayer:
    """Every span: a translucent tint of its label colour behind the text, and a solid bar
    under it in the span's lane, so nested and overlapping spans all stay visible."""

    name = "spans"

    def __init__(self) -> None:
        self.visible = True

    def pieces(self, view: ArticleView, lines: VisibleLines) -> list[SpanPiece]:
        index = view.index
        if not len(index):
            return []
        spans, colours = view.spans, view.label_colours
        found = []
        for visible in lines.blocks:
            items = index.overlapping(visible.start, visible.end)
            for item, rect in line_pieces(visible, items):
                tint, bar = colours(spans.label_of(item.key))
                found.append(SpanPiece(item.key, rect, item.lane, tint, bar))
        return found

    def paint(self, painter: QtGui.QPainter, pieces: Sequence[SpanPiece]) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        bars = []
        for piece in pieces:
            rect = piece.rect
            painter.fillRect(rect, piece.tint)
            # Lanes stack upwards from the bottom of the line; when a line has no room
            # for more, the deepest lanes share the last one (the tint still shows them).
            room = max(1, int(rect.height() * 0.45) // LANE_STEP)
            shown = min(piece.lane, room - 1)
            y = rect.bottom() - BAR_HEIGHT - shown * LANE_STEP
            bars.append((QtCore.QRectF(rect.left(), y, max(rect.width(), 2.0), BAR_HEIGHT),
                         piece.bar))  # fmt: skip
        # Every bar after every tint: a tint never washes over another span's bar.
        for rect, bar in bars:
            painter.fillRect(rect, bar)


# -- the selected span -------------------------------------------------------------


class SelectionPiece(NamedTuple):
    rect: QtCore.QRectF
    colour: QtGui.QColor


class SelectionLayer:
    """An outline in its bar colour around the selected span, on each of its lines.

    The caret's own selection highlight is Qt's, drawn with the text; this only marks
    which span the selection is.
    """

    name = "selected span"

    def __init__(self) -> None:
        self.visible = True

    def pieces(self, view: ArticleView, lines: VisibleLines) -> list[SelectionPiece]:
        selected = view.selected_span
        if selected is None or not lines.blocks:
            return []
        # Placed as the span layer places it, so the outline fits its tint exactly.
        placed = [p for p in view.index.overlapping(lines.start, lines.end) if p.key == selected]
        if not placed:
            return []
        _tint, bar = view.label_colours(view.spans.label_of(selected))
        return [
            SelectionPiece(rect, bar)
            for visible in lines.blocks
            for _item, rect in line_pieces(visible, placed)
        ]

    def paint(self, painter: QtGui.QPainter, pieces: Sequence[SelectionPiece]) -> None:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for piece in pieces:
            painter.setPen(QtGui.QPen(piece.colour, 1.5))
            painter.drawRoundedRect(piece.rect.adjusted(-1, 0, 1, 0), 2, 2)
