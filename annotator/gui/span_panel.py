"""The open article's spans in text order, with label and text; Enter jumps to one.

A model/view list updated in place (one row in, one row out) after each step, so a
tag with 10,000 spans present costs one insert, not a reload.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping

from annotator.core.history import Change
from annotator.core.store import Label, Span
from annotator.gui.qt import Qt, QtCore, QtGui, QtWidgets

__all__ = ["SpanModel", "SpanPanel"]

COLUMNS = ("Label", "Text", "Where")


def _key(span: Span) -> tuple[int, int, str, int]:
    return span.start, -span.end, span.label, span.id


def _one_line(text: str, limit: int = 120) -> str:
    shown = " ".join(text.split()) or repr(text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


class SpanModel(QtCore.QAbstractTableModel):
    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._spans: list[Span] = []
        self._keys: list[tuple[int, int, str, int]] = []
        self._key_of: dict[int, tuple[int, int, str, int]] = {}
        self._colours: dict[str, QtGui.QColor] = {}
        self.article_id: int | None = None

    def set_labels(self, labels: Iterable[Label]) -> None:
        self._colours = {label.name: QtGui.QColor(label.colour) for label in labels}
        if self._spans:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._spans) - 1, 0))

    def set_spans(self, article_id: int | None, spans: Iterable[Span]) -> None:
        self.beginResetModel()
        self.article_id = article_id
        self._spans = sorted(spans, key=_key)
        self._keys = [_key(s) for s in self._spans]
        self._key_of = {s.id: k for s, k in zip(self._spans, self._keys, strict=True)}
        self.endResetModel()

    def apply_change(self, change: Change) -> None:
        if change.article_id != self.article_id:
            return
        for span in change.removed:
            row = self.row_of(span.id)
            if row is not None:
                self.beginRemoveRows(QtCore.QModelIndex(), row, row)
                del self._spans[row]
                del self._keys[row]
                del self._key_of[span.id]
                self.endRemoveRows()
        for span in change.added:
            row = bisect_left(self._keys, _key(span))
            self.beginInsertRows(QtCore.QModelIndex(), row, row)
            self._spans.insert(row, span)
            self._keys.insert(row, _key(span))
            self._key_of[span.id] = _key(span)
            self.endInsertRows()

    def row_of(self, span_id: int) -> int | None:
        key = self._key_of.get(span_id)
        if key is None:
            return None
        row = bisect_left(self._keys, key)
        return row if row < len(self._keys) and self._keys[row] == key else None

    def span_at(self, row: int) -> Span | None:
        return self._spans[row] if 0 <= row < len(self._spans) else None

    def spans(self) -> list[Span]:
        return list(self._spans)

    def rowCount(self, parent: QtCore.QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self._spans)

    def columnCount(self, parent: QtCore.QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: QtCore.QModelIndex, role: int = 0) -> object:
        if not index.isValid():
            return None
        span = self._spans[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return span.label
            if column == 1:
                return _one_line(span.text)
            return f"{span.start}–{span.end}"
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return self._colours.get(span.label)
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return span.text  # item views show tooltips as plain text only when not HTML
        if role == Qt.ItemDataRole.UserRole:
            return span.id
        return None


class SpanPanel(QtWidgets.QWidget):
    span_chosen = QtCore.Signal(int)  # Enter / double-click: jump to it, focus the text
    span_current = QtCore.Signal(int)  # moved onto a row: select it in the text

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("span_panel")
        self.model = SpanModel(self)
        self.heading = QtWidgets.QLabel("Spans")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QtWidgets.QTableView()
        self.table.setObjectName("span_list")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QtWidgets.QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        self.table.activated.connect(self._chosen)
        self.table.doubleClicked.connect(self._chosen)
        self._following = False
        self.table.selectionModel().currentRowChanged.connect(self._moved)
        self.model.modelReset.connect(self._update_heading)
        self.model.rowsInserted.connect(self._update_heading)
        self.model.rowsRemoved.connect(self._update_heading)

    def set_labels(self, labels: Iterable[Label]) -> None:
        self.model.set_labels(labels)

    def set_spans(self, article_id: int | None, spans: Iterable[Span]) -> None:
        self.model.set_spans(article_id, spans)

    def apply_change(self, change: Change) -> None:
        self.model.apply_change(change)

    def follow(self, span_id: int | None) -> None:
        """Show the span selected in the text, without selecting it back."""
        self._following = True
        try:
            selection = self.table.selectionModel()
            row = self.model.row_of(span_id) if span_id is not None else None
            if row is None:
                selection.clearSelection()
                return
            index = self.model.index(row, 0)
            selection.setCurrentIndex(
                index,
                QtCore.QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QtCore.QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(index)
        finally:
            self._following = False

    def _chosen(self, index: QtCore.QModelIndex) -> None:
        span = self.model.span_at(index.row())
        if span is not None:
            self.span_chosen.emit(span.id)

    def _moved(self, current: QtCore.QModelIndex, _previous: QtCore.QModelIndex) -> None:
        if self._following or not current.isValid():
            return
        span = self.model.span_at(current.row())
        if span is not None:
            self.span_current.emit(span.id)

    def _update_heading(self, *_args: object) -> None:
        count = self.model.rowCount()
        self.heading.setText(f"Spans ({count})")

    def counts(self) -> Mapping[str, int]:
        counts: dict[str, int] = {}
        for span in self.model.spans():
            counts[span.label] = counts.get(span.label, 0) + 1
        return counts
