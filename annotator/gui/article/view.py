"""The article text, read-only with a caret, and the layers of marks drawn over it.

Marks are painted by this widget itself from a stack of layers (see layers.py): today
the spans (tints and bars in lanes) and the outline of the selected span.  Each layer is
asked only about the lines on screen, so an article with 10,000 spans paints as fast as
one with ten; ExtraSelections would cost a Python object per span per article and
cannot stack underlines.

The text shown is ``OffsetMap.display_text`` (plain text only, never HTML or Markdown);
positions go through the OffsetMap both ways, and span text always comes from the
stored article text, never from the widget.
"""

from __future__ import annotations

import html
import logging
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from typing import Any

from annotator.core.history import Change
from annotator.core.model import Label, Span
from annotator.core.offsets import OffsetMap
from annotator.gui.article.layers import (
    Layer,
    SelectionLayer,
    SpanLayer,
    VisibleBlock,
    VisibleLines,
    visible_block,
)
from annotator.gui.article.paragraphs import SpacedLayout, spacing_for
from annotator.gui.colours import span_colours
from annotator.gui.qt import Qt, QtCore, QtGui, QtWidgets
from annotator.gui.spanindex import SpanIndex
from annotator.gui.spantable import SpanKey, SpanTable

__all__ = ["ArticleView"]

log = logging.getLogger(__name__)

# Lines this close outside the repainted area are still handed to the layers: a mark may
# reach a little past its line (the selected span's outline does), and the part of it
# inside the area must still be drawn when only the neighbouring line is repainted.
EDGE = 2


def _rgb(colour: QtGui.QColor) -> tuple[int, int, int]:
    return colour.red(), colour.green(), colour.blue()


def _name(layer: object) -> str:
    return str(getattr(layer, "name", type(layer).__name__))


class ArticleView(QtWidgets.QPlainTextEdit):
    """Shows one article; knows its spans, the selected span and the selection."""

    span_selected = QtCore.Signal(object)  # span id or None
    tag_requested = QtCore.Signal(str)  # label name, for the current selection
    relabel_requested = QtCore.Signal(int, str)
    delete_requested = QtCore.Signal(int)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("article_view")
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.setLineWrapMode(QtWidgets.QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTabChangesFocus(False)
        self.setCenterOnScroll(False)
        self.viewport().setMouseTracking(True)
        # Paragraphs get space between them on screen (display only: see paragraphs.py).
        document = QtGui.QTextDocument(self)
        self.paragraph_layout = SpacedLayout(document)
        document.setDocumentLayout(self.paragraph_layout)
        self.setDocument(document)
        self.document().setDocumentMargin(10)
        font = self.font()
        font.setPointSizeF(max(font.pointSizeF(), 11.0))
        self.setFont(font)
        self.paragraph_layout.set_spacing(spacing_for(self.font()))
        self.article_id: int | None = None
        self.text = ""
        self.offsets = OffsetMap("")
        self.spans = SpanTable.empty()
        self.index = SpanIndex()
        self._index_timer = QtCore.QTimer(self)
        self._index_timer.setInterval(0)
        self._index_timer.timeout.connect(self._build_index_step)
        self.labels: dict[str, Label] = {}
        self.selected_span: int | None = None
        # The span a selection was widened or narrowed from (Tab, then Shift+arrows),
        # while the selection still overlaps it: its label key resizes it, Delete deletes it.
        self.grown_from_span: int | None = None
        self.exact_selection = False
        self._alt_press = False
        # Fills a span's "Link to…" menu (the window's relations part sets it).
        self.link_menu: Callable[[int, QtWidgets.QMenu], None] | None = None
        self._colour_cache: dict[str, tuple[QtGui.QColor, QtGui.QColor]] = {}
        # Painted in this order, bottom first; the text goes over them all.
        self.span_layer = SpanLayer()
        self.layers: list[Layer[Any]] = [self.span_layer, SelectionLayer()]
        self._reported: set[int] = set()  # id() of each layer whose failure was logged
        self.selectionChanged.connect(self._on_selection_changed)

    # -- content ----------------------------------------------------------------

    def set_labels(self, labels: Sequence[Label]) -> None:
        self.labels = {label.name: label for label in labels}
        self._colour_cache.clear()
        self.viewport().update()

    def show_article(self, article_id: int, text: str, keys: Sequence[SpanKey]) -> None:
        """Show an article and its spans, given as text-order keys (see SpanTable)."""
        self.article_id = article_id
        self.text = text
        self.offsets = OffsetMap(text)
        self.selected_span = None
        self.grown_from_span = None
        self.exact_selection = False
        self._reported.clear()  # a layer that failed on the last article may say so again
        self.setPlainText(self.offsets.display_text)
        self._set_spans(keys)
        self.moveCursor(QtGui.QTextCursor.MoveOperation.Start)
        self.span_selected.emit(None)

    def clear_article(self) -> None:
        self.article_id = None
        self.text = ""
        self.offsets = OffsetMap("")
        self._reported.clear()
        self.setPlainText("")
        self._set_spans(())
        self.selected_span = self.grown_from_span = None
        self.span_selected.emit(None)

    def replace_spans(self, keys: Sequence[SpanKey]) -> None:
        """New spans for the same article (another program changed them)."""
        self._set_spans(keys)
        if self.grown_from_span not in self.spans:
            self.grown_from_span = None
        if self.selected_span is not None and self.selected_span not in self.spans:
            self.selected_span = None
            self.span_selected.emit(None)
        self.viewport().update()

    def _set_spans(self, keys: Sequence[SpanKey]) -> None:
        self.spans = SpanTable(self.article_id, self.text, keys)
        self.index = SpanIndex(self.spans.keys, to_position=self.offsets.to_qt)
        # The first paint sweeps only the spans on screen; the rest are placed in small
        # steps while the window is idle, so keys are never held up for long.
        if not self.index.complete:
            self._index_timer.start()

    def _build_index_step(self) -> None:
        if self.index.build_some(1500):
            self._index_timer.stop()

    def apply_change(self, change: Change) -> None:
        """Update in place after one step: no reload, and only the lines it touched redrawn."""
        if change.article_id != self.article_id:
            return
        to_qt = self.offsets.to_qt
        dirty = QtGui.QRegion()
        # Each area costs a layout of its paragraph, most of them off screen when a step
        # tags every occurrence in the article: past a few, repaint what is on screen.
        few = len(change.removed) + len(change.added) <= 8
        moved: Span | None = None  # the selected span, if this step resized it
        for span in change.removed:
            if self.spans.remove(span.id) is not None:
                self.index.remove(span.id)
                if few:
                    dirty += self._range_rect(to_qt(span.start), to_qt(span.end))
        for span in change.added:
            self.spans.add(span)
            self.index.add(to_qt(span.start), to_qt(span.end), span.id)
            if few:
                dirty += self._range_rect(to_qt(span.start), to_qt(span.end))
            if span.id == self.selected_span:
                moved = span
        if self.grown_from_span not in self.spans:
            self.grown_from_span = None
        if self.selected_span is not None and self.selected_span not in self.spans:
            self.selected_span = None
            self.span_selected.emit(None)
        elif moved is not None and self.selection_offsets() != (moved.start, moved.end):
            # Removed and added under the same id with new offsets: a resize.  The text
            # selection follows it, so the span stays selected for the next key.
            self.select_span(moved.id)
        if few:
            self.viewport().update(dirty)
        else:
            self.viewport().update()

    def _range_rect(self, start: int, end: int) -> QtCore.QRect:
        """The viewport area that shows document positions [start, end), bars included."""
        cursor = QtGui.QTextCursor(self.document())
        cursor.setPosition(start)
        first = self.cursorRect(cursor)
        cursor.setPosition(end)
        last = self.cursorRect(cursor)
        if first.top() == last.top():
            left, right = sorted((first.left(), last.right()))
            return QtCore.QRect(left - 3, first.top(), right - left + 6, first.height() + 1)
        height = last.bottom() - first.top() + 1
        return QtCore.QRect(0, first.top(), self.viewport().width(), height)

    # -- selection, in stored offsets -------------------------------------------

    def caret_offset(self) -> int:
        return self.offsets.from_qt(self.textCursor().position())

    def selection_offsets(self) -> tuple[int, int] | None:
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self.offsets.range_from_qt(cursor.selectionStart(), cursor.selectionEnd())

    def select_range(self, start: int, end: int, *, exact: bool = False) -> None:
        """Select stored offsets [start, end) with the caret at the end."""
        qstart, qend = self.offsets.range_to_qt(start, end)
        if qstart != qend:
            self._reveal(qstart)
        cursor = self.textCursor()
        cursor.setPosition(qstart)
        cursor.setPosition(qend, QtGui.QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.exact_selection = exact
        self.ensureCursorVisible()

    def _reveal(self, position: int) -> None:
        """Scroll ``position`` into view without moving the caret for good.

        Called before a range is selected, whose end (the caret) is then scrolled into
        view: the least scrolling that shows the end keeps the start on screen too when
        the range fits, so a quotation or sentence is seen whole, not only its last line.
        The caret passes through ``position`` with the view's signals blocked, so nobody
        hears of a caret that is never really there; the selection that follows differs
        from it (it is not empty), so its own signals are still sent.
        """
        probe = QtGui.QTextCursor(self.document())
        probe.setPosition(position)
        blocked = self.blockSignals(True)
        try:
            self.setTextCursor(probe)
            self.ensureCursorVisible()
        finally:
            self.blockSignals(blocked)

    def place_caret(self, offset: int) -> None:
        cursor = self.textCursor()
        cursor.setPosition(self.offsets.to_qt(offset))
        self.setTextCursor(cursor)
        self.exact_selection = False

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)
        self._select_span(None)

    def select_span(self, span_id: int) -> None:
        span = self.spans.get(span_id)
        if span is None:
            return
        # Set the id last: moving the selection clears a selected span that it no
        # longer matches, and this one does match.
        self.select_range(span.start, span.end, exact=True)
        self._select_span(span_id)
        self.viewport().update()

    def _select_span(self, span_id: int | None) -> None:
        if span_id is not None:
            self.grown_from_span = None
        if span_id != self.selected_span:
            self.selected_span = span_id
            self.viewport().update()
            self.span_selected.emit(span_id)

    def _on_selection_changed(self) -> None:
        selection = self.selection_offsets()
        if self.selected_span is None:
            if self.grown_from_span is not None and not self._overlaps(self.grown_from_span):
                self.grown_from_span = None
            return
        span = self.spans.get(self.selected_span)
        if span is None or selection != (span.start, span.end):
            self._select_span(None)
            if span is not None and self._overlaps(span.id):
                self.grown_from_span = span.id

    def _overlaps(self, span_id: int) -> bool:
        """Whether the text selection still shares characters with a span."""
        span = self.spans.get(span_id)
        selection = self.selection_offsets()
        return (
            span is not None
            and selection is not None
            and (selection[0] < span.end and span.start < selection[1])
        )

    def adjacent_span(self, *, forward: bool) -> Span | None:
        """The next / previous span in text order from the selected span or the caret."""
        order = self.spans.keys
        if not order:
            return None
        row = self.spans.row_of(self.selected_span) if self.selected_span is not None else None
        if row is not None:
            at = row + 1 if forward else row - 1
        else:
            caret = self.caret_offset()
            if forward:
                at = bisect_left(order, (caret, -(10**12)))
            else:
                at = bisect_right(order, (caret, 10**12)) - 1
                selection = self.selection_offsets()
                if selection is None and at >= 0 and order[at][0] == caret:
                    at -= 1  # a span starting right at the caret is "here", not before
        return self.spans.at(at % len(order))  # wrap around at either end

    def spans_at(self, offset: int) -> list[Span]:
        position = self.offsets.to_qt(min(offset, len(self.text)))
        return [self.spans[p.key] for p in self.index.at(position)]

    def ordered_spans(self) -> list[Span]:
        return list(self.spans.values())

    # -- drawing ----------------------------------------------------------------

    def label_colours(self, label: str) -> tuple[QtGui.QColor, QtGui.QColor]:
        """The (tint, bar) colours of a label on this view's palette."""
        cached = self._colour_cache.get(label)
        if cached is not None:
            return cached
        known = self.labels.get(label)
        palette = self.palette()
        colours = span_colours(
            known.colour if known else "#888888",
            base=_rgb(palette.color(QtGui.QPalette.ColorRole.Base)),
            text=_rgb(palette.color(QtGui.QPalette.ColorRole.Text)),
        )
        tint = QtGui.QColor(*colours.tint)
        tint.setAlphaF(colours.tint_alpha)
        pair = (tint, QtGui.QColor(*colours.bar))
        self._colour_cache[label] = pair
        return pair

    _colours = label_colours  # the name the tests know it by

    def changeEvent(self, event: QtCore.QEvent) -> None:
        if event.type() == QtCore.QEvent.Type.PaletteChange:
            self._colour_cache.clear()  # the system switched between light and dark
        elif event.type() == QtCore.QEvent.Type.FontChange:
            self.paragraph_layout.set_spacing(spacing_for(self.font()))
        super().changeEvent(event)

    def add_layer(self, layer: Layer[Any]) -> None:
        """Paint ``layer`` from now on, over the layers already there."""
        self.layers.append(layer)
        self.viewport().update()

    def remove_layer(self, layer: Layer[Any]) -> None:
        self.layers = [each for each in self.layers if each is not layer]
        self._reported.discard(id(layer))
        self.viewport().update()

    def visible_lines(self, area: QtCore.QRect) -> VisibleLines:
        """The lines on screen inside ``area`` (viewport coordinates), for the layers."""
        offset = self.contentOffset()
        low, high = area.top() - EDGE, area.bottom() + EDGE
        blocks: list[VisibleBlock] = []
        block = self.firstVisibleBlock()
        while block.isValid():
            # Paragraphs by the area itself, not the edge: asking for the geometry of one
            # more paragraph lays it out, which moves the scroll bar's range.
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > area.bottom():
                break
            if block.isVisible() and geometry.bottom() >= area.top():
                seen = visible_block(block, top=geometry.top(), bottom=geometry.bottom(),
                                     left=offset.x(), low=low, high=high)  # fmt: skip
                if seen is not None:
                    blocks.append(seen)
            block = block.next()
        return VisibleLines(area, tuple(blocks))

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        self._paint_layers(event.rect())
        super().paintEvent(event)

    def _paint_layers(self, area: QtCore.QRect) -> None:
        """Each shown layer's pieces for ``area``, then each layer paints them, in order.

        A drawing bug must never take the text (or the process) with it, nor stop the
        other layers: a layer that raises is skipped for this paint and logged once per
        article, not on every paint (a repaint follows every scroll and key press).
        """
        shown = [layer for layer in self.layers if layer.visible]
        if not shown:
            return
        try:
            lines = self.visible_lines(area)
        except Exception:
            self._report(self, "could not find the lines on screen")
            return
        if not lines.blocks:
            return
        drawn = []
        for layer in shown:
            try:
                pieces = layer.pieces(self, lines)
            except Exception:
                self._report(layer, f"could not place the {_name(layer)} layer")
                continue
            if pieces:
                drawn.append((layer, pieces))
        if not drawn:
            return
        painter = QtGui.QPainter(self.viewport())
        try:
            for layer, pieces in drawn:
                painter.save()  # one layer's pen or brush never leaks into the next
                try:
                    layer.paint(painter, pieces)
                except Exception:
                    self._report(layer, f"could not draw the {_name(layer)} layer")
                finally:
                    painter.restore()
        finally:
            painter.end()

    def _report(self, culprit: object, what: str) -> None:
        if id(culprit) not in self._reported:
            self._reported.add(id(culprit))
            log.exception("%s; skipped while it fails (logged once per article)", what)

    def span_rects(self, span_id: int) -> list[tuple[QtCore.QRectF, int]]:
        """The on-screen rectangles (one per visible line) of a span, with its lane."""
        placed = self.index.get(span_id)
        if placed is None:
            return []
        lines = self.visible_lines(self.viewport().rect())
        return [
            (piece.rect, piece.lane)
            for piece in self.span_layer.pieces(self, lines)
            if piece.key == span_id
        ]

    # -- mouse ------------------------------------------------------------------

    def _offset_under(self, point: QtCore.QPoint) -> int | None:
        if not self.text:
            return None
        cursor = self.cursorForPosition(point)
        position = cursor.position()
        # cursorForPosition gives the nearest gap; the character under the pointer is
        # the one before that gap when the pointer is left of it.
        if point.x() < self.cursorRect(cursor).x() and position > 0:
            position -= 1
        return self.offsets.from_qt(min(position, self.offsets.qt_length))

    def spans_under(self, point: QtCore.QPoint) -> list[Span]:
        offset = self._offset_under(point)
        if offset is None or offset >= len(self.text):
            return []
        return self.spans_at(offset)

    def describe(self, spans: Sequence[Span]) -> str:
        """HTML for a tooltip: labels and (escaped) texts, never interpreted as markup."""
        rows = []
        for span in spans:
            text = span.text if len(span.text) <= 80 else span.text[:79] + "…"
            rows.append(
                f"<b>{html.escape(span.label)}</b> &nbsp;“{html.escape(text)}”"
                f" <span style='color:gray'>[{span.start}, {span.end})</span>"
            )
        return "<br>".join(rows)

    def viewportEvent(self, event: QtCore.QEvent) -> bool:
        if event.type() == QtCore.QEvent.Type.ToolTip:
            assert isinstance(event, QtGui.QHelpEvent)
            spans = self.spans_under(event.pos())
            if spans:
                QtWidgets.QToolTip.showText(event.globalPos(), self.describe(spans), self)
            else:
                QtWidgets.QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def mousePressEvent(self, event: QtGui.QMouseEvent) -> None:
        self._alt_press = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        super().mousePressEvent(event)
        self.exact_selection = self._alt_press

    def mouseMoveEvent(self, event: QtGui.QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.exact_selection = self._alt_press or bool(
                event.modifiers() & Qt.KeyboardModifier.AltModifier
            )

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        # A selection made or changed with the keyboard is snapped again.
        self.exact_selection = False
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QtGui.QContextMenuEvent) -> None:
        menu = self.build_context_menu(event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()

    def build_context_menu(self, point: QtCore.QPoint) -> QtWidgets.QMenu:
        menu = QtWidgets.QMenu(self)
        tag_menu = menu.addMenu("Tag selection as" if self.textCursor().hasSelection()
                                else "Tag word as")  # fmt: skip
        for label in self.labels.values():
            action = tag_menu.addAction(label.name)
            action.triggered.connect(lambda _c=False, n=label.name: self.tag_requested.emit(n))
        tag_menu.setEnabled(bool(self.text) and bool(self.labels))
        for span in self.spans_under(point):
            menu.addSeparator()
            short = span.text if len(span.text) <= 30 else span.text[:29] + "…"
            title = f"{span.label} “{' '.join(short.split())}”"
            select = menu.addAction(f"Select {title}")
            select.triggered.connect(lambda _c=False, i=span.id: self.select_span(i))
            relabel = menu.addMenu(f"Relabel {title}")
            for label in self.labels.values():
                if label.name != span.label:
                    action = relabel.addAction(label.name)
                    action.triggered.connect(
                        lambda _c=False, i=span.id, n=label.name: self.relabel_requested.emit(i, n)
                    )
            link = menu.addMenu(f"Link {title} to…")
            if self.link_menu is not None:
                self.link_menu(span.id, link)
            link.setEnabled(not link.isEmpty())
            delete = menu.addAction(f"Delete {title}")
            delete.triggered.connect(lambda _c=False, i=span.id: self.delete_requested.emit(i))
        return menu
