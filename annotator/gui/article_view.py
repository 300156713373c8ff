"""The article text, read-only with a caret, and every span drawn over it.

Spans are drawn by this widget itself, only for the lines on screen: a translucent tint
of the label colour behind the text and a solid bar under it, one lane per level of
overlap, so nested and overlapping spans all stay visible.  ExtraSelections would cost
a Python object per span per article and cannot stack underlines.

The text shown is ``OffsetMap.display_text`` (plain text only, never HTML or Markdown);
positions go through the OffsetMap both ways, and span text always comes from the
stored article text, never from the widget.
"""

from __future__ import annotations

import html
import logging
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from annotator.core.history import Change
from annotator.core.offsets import OffsetMap
from annotator.core.store import Label, Span
from annotator.gui.colours import span_colours
from annotator.gui.qt import Qt, QtCore, QtGui, QtWidgets
from annotator.gui.spanindex import SpanIndex
from annotator.gui.spantable import SpanKey, SpanTable

__all__ = ["ArticleView"]

log = logging.getLogger(__name__)

BAR_HEIGHT = 2
LANE_STEP = 3


def _rgb(colour: QtGui.QColor) -> tuple[int, int, int]:
    return colour.red(), colour.green(), colour.blue()


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
        self.document().setDocumentMargin(10)
        font = self.font()
        font.setPointSizeF(max(font.pointSizeF(), 11.0))
        self.setFont(font)
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
        self.exact_selection = False
        self._alt_press = False
        self._colour_cache: dict[str, tuple[QtGui.QColor, QtGui.QColor]] = {}
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
        self.exact_selection = False
        self.setPlainText(self.offsets.display_text)
        self._set_spans(keys)
        self.moveCursor(QtGui.QTextCursor.MoveOperation.Start)
        self.span_selected.emit(None)

    def clear_article(self) -> None:
        self.article_id = None
        self.text = ""
        self.offsets = OffsetMap("")
        self.setPlainText("")
        self._set_spans(())
        self.selected_span = None
        self.span_selected.emit(None)

    def replace_spans(self, keys: Sequence[SpanKey]) -> None:
        """New spans for the same article (another program changed them)."""
        self._set_spans(keys)
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
        for span in change.removed:
            if self.spans.remove(span.id) is not None:
                self.index.remove(span.id)
                dirty += self._range_rect(to_qt(span.start), to_qt(span.end))
        for span in change.added:
            self.spans.add(span)
            self.index.add(to_qt(span.start), to_qt(span.end), span.id)
            dirty += self._range_rect(to_qt(span.start), to_qt(span.end))
        if self.selected_span is not None and self.selected_span not in self.spans:
            self.selected_span = None
            self.span_selected.emit(None)
        self.viewport().update(dirty)

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
        cursor = self.textCursor()
        cursor.setPosition(qstart)
        cursor.setPosition(qend, QtGui.QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.exact_selection = exact
        self.ensureCursorVisible()

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
        if span_id != self.selected_span:
            self.selected_span = span_id
            self.viewport().update()
            self.span_selected.emit(span_id)

    def _on_selection_changed(self) -> None:
        if self.selected_span is None:
            return
        span = self.spans.get(self.selected_span)
        if span is None or self.selection_offsets() != (span.start, span.end):
            self._select_span(None)

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

    def _colours(self, label: str) -> tuple[QtGui.QColor, QtGui.QColor]:
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

    def changeEvent(self, event: QtCore.QEvent) -> None:
        if event.type() == QtCore.QEvent.Type.PaletteChange:
            self._colour_cache.clear()  # the system switched between light and dark
        super().changeEvent(event)

    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        if len(self.index):
            painter = QtGui.QPainter(self.viewport())
            try:
                self._paint_spans(painter, event.rect())
            except Exception:
                # A drawing bug must never take the text (or the process) with it.
                log.exception("could not draw the spans")
            finally:
                painter.end()
        super().paintEvent(event)

    def span_rects(self, span_id: int) -> list[tuple[QtCore.QRectF, int]]:
        """The on-screen rectangles (one per visible line) of a span, with its lane."""
        placed = self.index.get(span_id)
        if placed is None:
            return []
        return [
            (rect, lane)
            for key, rect, lane in self._visible_pieces(self.viewport().rect())
            if key == span_id
        ]

    def _visible_pieces(self, area: QtCore.QRect) -> list[tuple[int, QtCore.QRectF, int]]:
        pieces: list[tuple[int, QtCore.QRectF, int]] = []
        offset = self.contentOffset()
        block = self.firstVisibleBlock()
        bottom = area.bottom()
        while block.isValid():
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > bottom:
                break
            if block.isVisible() and geometry.bottom() >= area.top():
                pieces.extend(self._block_pieces(block, geometry.top(), offset.x()))
            block = block.next()
        return pieces

    def _block_pieces(
        self, block: QtGui.QTextBlock, top: float, left: float
    ) -> list[tuple[int, QtCore.QRectF, int]]:
        begin = block.position()
        items = self.index.overlapping(begin, begin + block.length())
        if not items:
            return []
        layout = block.layout()
        pieces = []
        for number in range(layout.lineCount()):
            line = layout.lineAt(number)
            line_start = begin + line.textStart()
            line_end = line_start + line.textLength()
            last_line = number == layout.lineCount() - 1
            for item in items:
                if item.start >= line_end + (1 if last_line else 0) or item.end <= line_start:
                    continue
                start = max(item.start, line_start)
                end = min(item.end, line_end)
                x1 = line.cursorToX(start - begin)[0]
                x2 = line.cursorToX(end - begin)[0]
                if end <= start:  # only the line break is inside: a small stub shows it
                    x2 = x1 + 4
                rect = QtCore.QRectF(
                    left + min(x1, x2), top + line.y(), abs(x2 - x1), line.height()
                )
                pieces.append((item.key, rect, item.lane))
        return pieces

    def _paint_spans(self, painter: QtGui.QPainter, area: QtCore.QRect) -> None:
        pieces = self._visible_pieces(area)
        if not pieces:
            return
        spans = self.spans
        painter.setPen(Qt.PenStyle.NoPen)
        bars = []
        for key, rect, lane in pieces:
            tint, bar = self._colours(spans.label_of(key))
            painter.fillRect(rect, tint)
            # Lanes stack upwards from the bottom of the line; when a line has no room
            # for more, the deepest lanes share the last one (the tint still shows them).
            room = max(1, int(rect.height() * 0.45) // LANE_STEP)
            shown = min(lane, room - 1)
            y = rect.bottom() - BAR_HEIGHT - shown * LANE_STEP
            bars.append((QtCore.QRectF(rect.left(), y, max(rect.width(), 2.0), BAR_HEIGHT), bar))
        for rect, bar in bars:
            painter.fillRect(rect, bar)
        if self.selected_span is not None:
            _, bar = self._colours(spans.label_of(self.selected_span))
            pen = QtGui.QPen(bar, 1.5)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for key, rect, _lane in pieces:
                if key == self.selected_span:
                    painter.drawRoundedRect(rect.adjusted(-1, 0, 1, 0), 2, 2)

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
            delete = menu.addAction(f"Delete {title}")
            delete.triggered.connect(lambda _c=False, i=span.id: self.delete_requested.emit(i))
        return menu
