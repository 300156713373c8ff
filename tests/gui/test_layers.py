"""The article view's stack of layers: order, the lines each is given, removal, failures."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import NamedTuple

import pytest

from annotator.gui.article.layers import (
    SelectionLayer,
    SpanLayer,
    VisibleLines,
    line_pieces,
)
from annotator.gui.article.view import ArticleView
from annotator.gui.qt import QtCore, QtGui, QtWidgets

MAGENTA = QtGui.QColor(255, 0, 255)
CYAN = QtGui.QColor(0, 255, 255)
VIEW_LOG = "annotator.gui.article.view"


class Range(NamedTuple):
    start: int
    end: int


class Marker:
    """A made-up layer: fills one document range in one colour wherever it is on screen."""

    def __init__(self, name: str, colour: QtGui.QColor, start: int, end: int) -> None:
        self.name = name
        self.visible = True
        self.colour = colour
        self.target = Range(start, end)
        self.seen: list[VisibleLines] = []
        self.calls: list[str] | None = None

    def pieces(self, view: ArticleView, lines: VisibleLines) -> list[QtCore.QRectF]:
        self.seen.append(lines)
        if self.calls is not None:
            self.calls.append(f"pieces {self.name}")
        return [rect for visible in lines.blocks for _, rect in line_pieces(visible, [self.target])]

    def paint(self, painter: QtGui.QPainter, pieces: Sequence[QtCore.QRectF]) -> None:
        if self.calls is not None:
            self.calls.append(f"paint {self.name}")
        for rect in pieces:
            painter.fillRect(rect, self.colour)


def paragraphs(count: int) -> str:
    return "\n".join(
        f"Paragraph {n}: the Quillmouth ferry board counted {n * 7} crates of lamp oil."
        for n in range(count)
    )


def grab(view: ArticleView) -> QtGui.QImage:
    return view.viewport().grab().toImage()


def share(image: QtGui.QImage, rect: QtCore.QRectF, colour: QtGui.QColor) -> float:
    """How much of ``rect`` (less a pixel at each edge) shows exactly ``colour``."""
    inner = rect.toAlignedRect().adjusted(1, 1, -1, -1)
    points = [(x, y) for x in range(inner.left(), inner.right() + 1)
              for y in range(inner.top(), inner.bottom() + 1)]  # fmt: skip
    return sum(image.pixel(x, y) == colour.rgb() for x, y in points) / len(points)


def count(image: QtGui.QImage, colour: QtGui.QColor) -> int:
    rgb = colour.rgb()
    return sum(
        image.pixel(x, y) == rgb for y in range(image.height()) for x in range(image.width())
    )


def rect_of(view: ArticleView, start: int, end: int) -> QtCore.QRectF:
    """Where stored offsets [start, end) (on one line) are on screen, from Qt's caret."""
    cursor = QtGui.QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_qt(start))
    left = view.cursorRect(cursor)
    cursor.setPosition(view.offsets.to_qt(end))
    right = view.cursorRect(cursor)
    assert left.top() == right.top(), "the range must be on one line"
    return QtCore.QRectF(left.left(), left.top(), right.left() - left.left(), left.height())


@pytest.fixture
def long_view(store, make_window):
    text = paragraphs(2000)
    article_id, _ = store.add_article(title="Crates", text=text)
    window = make_window(store)
    window.open_article(article_id)
    view = window.view
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    return view


def test_the_view_starts_with_spans_under_the_selection(store, make_window):
    store.add_article(title="Two", text="Alpha beta gamma.")
    window = make_window(store)
    layers = window.view.layers
    assert [type(layer) for layer in layers] == [SpanLayer, SelectionLayer]
    assert layers[0] is window.view.span_layer


def test_a_layer_gets_only_the_lines_on_screen_and_its_pieces_are_painted(long_view):
    view = long_view
    text = view.text
    # A range in the middle of the screen: the words of the paragraph shown there.
    middle = view.cursorForPosition(view.viewport().rect().center()).position()
    start = text.rindex("\n", 0, view.offsets.from_qt(middle)) + 1
    start = text.index("ferry", start)
    marker = Marker("marker", MAGENTA, view.offsets.to_qt(start), view.offsets.to_qt(start + 11))
    view.add_layer(marker)
    image = grab(view)

    lines = marker.seen[-1]
    viewport = view.viewport().rect()
    assert lines.rect == viewport
    first = view.cursorForPosition(viewport.topLeft()).position()
    last = view.cursorForPosition(viewport.bottomRight()).position()
    assert lines.start <= first and last <= lines.end
    assert lines.end - lines.start < len(text) // 20, "the layer was given far more than the screen"
    for visible in lines.blocks:
        for number in visible.lines:
            line = visible.block.layout().lineAt(number)
            top = visible.top + line.y()
            assert top <= viewport.bottom() + 2 and top + line.height() >= viewport.top() - 2
    # Its piece is painted where the words are, and nowhere else.
    where = rect_of(view, start, start + 11)
    assert share(image, where, MAGENTA) > 0.5
    assert count(image, MAGENTA) <= (where.width() + 2) * (where.height() + 2)

    # A repaint of a strip gets only the lines in that strip.
    strip = QtCore.QRect(0, 0, viewport.width(), 20)
    QtWidgets.QApplication.processEvents()  # no whole-screen update left pending
    view.viewport().repaint(strip)
    assert marker.seen[-1].rect == strip
    assert marker.seen[-1].end - marker.seen[-1].start < lines.end - lines.start


def test_a_removed_layer_is_neither_asked_nor_painted(long_view):
    view = long_view
    start = view.cursorForPosition(view.viewport().rect().center()).position()
    marker = Marker("marker", MAGENTA, start, start + 4)
    view.add_layer(marker)
    assert count(grab(view), MAGENTA) > 0
    asked = len(marker.seen)
    view.remove_layer(marker)
    image = grab(view)
    assert marker not in view.layers
    assert len(marker.seen) == asked
    assert count(image, MAGENTA) == 0
    assert [type(layer) for layer in view.layers] == [SpanLayer, SelectionLayer]


def test_a_hidden_layer_is_not_asked(long_view):
    view = long_view
    start = view.cursorForPosition(view.viewport().rect().center()).position()
    marker = Marker("marker", MAGENTA, start, start + 4)
    marker.visible = False
    view.add_layer(marker)
    assert count(grab(view), MAGENTA) == 0 and marker.seen == []
    marker.visible = True
    assert count(grab(view), MAGENTA) > 0


def test_layers_paint_in_order_over_the_spans(store, make_window):
    text = "The harbour board said 4,100 crates left Quillmouth by noon."
    article_id, _ = store.add_article(title="Order", text=text)
    number = store.add_span(article_id, 23, 28, "NUMBER")
    window = make_window(store)
    view = window.view
    calls: list[str] = []
    under = Marker("under", MAGENTA, 23, 28)
    over = Marker("over", CYAN, 23, 26)
    under.calls = over.calls = calls
    view.add_layer(under)
    view.add_layer(over)
    view.viewport().repaint()
    # Every layer is asked for its pieces, then each paints, bottom first.
    assert calls == ["pieces under", "pieces over", "paint under", "paint over"]
    image = grab(view)
    (span_rect, _lane), = view.span_rects(number.id)
    assert share(image, rect_of(view, 23, 26), CYAN) > 0.5  # the top layer wins
    assert share(image, rect_of(view, 26, 28), MAGENTA) > 0.5  # over the span's tint and bar
    assert count(image, MAGENTA) + count(image, CYAN) <= (span_rect.width() + 2) * (
        span_rect.height() + 2
    )


def test_a_failing_layer_is_logged_once_and_the_others_still_paint(store, make_window, caplog):
    text = "The harbour board said 4,100 crates left Quillmouth by noon."
    article_id, _ = store.add_article(title="Faults", text=text)
    other_id, _ = store.add_article(title="Other", text="Ferries resumed at dawn.")
    number = store.add_span(article_id, 23, 28, "NUMBER")
    window = make_window(store)
    window.open_article(article_id)
    view = window.view

    class PastTheEnd(Marker):
        """Asks for a range past the article's end, as a stale suggestion might."""

        def pieces(self, view, lines):
            self.seen.append(lines)
            return [view.offsets.range_to_qt(40, len(view.text) + 5)]

    class BadPaint(Marker):
        """Moves the painter, then fails halfway through painting."""

        def paint(self, painter, pieces):
            painter.translate(300, 300)
            painter.setBrush(CYAN)
            raise RuntimeError("invented drawing bug")

    broken = [PastTheEnd("past the end", CYAN, 0, 1), BadPaint("bad paint", CYAN, 0, 5)]
    # Both under the span layer, so they are tried before it on every paint.
    view.layers[0:0] = broken
    good = Marker("good", MAGENTA, 36, 40)
    view.add_layer(good)
    with caplog.at_level(logging.ERROR, logger=VIEW_LOG):
        for _ in range(4):
            image = grab(view)
    failures = [r for r in caplog.records if r.name == VIEW_LOG]
    assert len(failures) == 2
    assert "past the end" in failures[0].getMessage()
    assert "bad paint" in failures[1].getMessage()
    assert all(r.exc_info for r in failures)
    # The spans and the layer above them are still painted, where they belong.
    (rect, lane), = view.span_rects(number.id)
    _tint, bar = view.label_colours("NUMBER")
    assert share(image, rect_of(view, 36, 40), MAGENTA) > 0.5
    assert count(image, CYAN) == 0
    y = int(rect.bottom() - 2 - lane * 3) + 1
    assert any(image.pixel(x, y) == bar.rgb() for x in range(int(rect.left()) + 1,
                                                               int(rect.right())))  # fmt: skip
    # Another article: each layer still failing there is logged once more, not every paint.
    window.open_article(other_id)
    with caplog.at_level(logging.ERROR, logger=VIEW_LOG):
        for _ in range(3):
            grab(view)
    assert len([r for r in caplog.records if r.name == VIEW_LOG]) == 4


def test_a_paragraph_longer_than_the_screen_gives_only_its_lines_on_screen(store, make_window):
    sentence = "The Quillmouth ferry board counted 4,100 crates of lamp oil at the pier. "
    text = sentence * 600  # one paragraph, many screens long
    article_id, _ = store.add_article(title="One paragraph", text=text)
    near = store.add_span(article_id, len(sentence) * 300 + 4, len(sentence) * 300 + 14, "ACTOR")
    far = store.add_span(article_id, 4, 14, "ACTOR")
    window = make_window(store)
    window.open_article(article_id)
    view = window.view
    view.select_span(near.id)  # scrolls the middle of the paragraph onto the screen
    marker = Marker("marker", MAGENTA, 0, 0)
    view.add_layer(marker)
    grab(view)
    (visible,) = marker.seen[-1].blocks
    assert visible.lines.start > 0 and visible.lines.stop < visible.block.layout().lineCount()
    assert visible.end - visible.start < len(text) // 10
    assert view.span_rects(near.id) and view.span_rects(far.id) == []
    # The selected span's outline is placed on the same lines as its tint.
    lines = view.visible_lines(view.viewport().rect())
    outline = SelectionLayer().pieces(view, lines)
    assert [piece.rect for piece in outline] == [rect for rect, _ in view.span_rects(near.id)]
    assert outline[0].colour == view.label_colours("ACTOR")[1]
    view.clear_selection()
    assert SelectionLayer().pieces(view, lines) == []
