"""The open article's spans in text order, with label and text; Enter jumps to one.

A model/view list updated in place (one row in, one row out) after each step, so a
tag with 10,000 spans present costs one insert, not a reload.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence

from annotator.core.history import Change
from annotator.core.model import Label, Span
from annotator.gui.qt import Qt, QtCore, QtGui, QtWidgets
from annotator.gui.spantable import SpanKey, SpanTable
from annotator.gui.table_model import FlatTableModel, list_table, select_row

__all__ = ["SpanModel", "SpanPanel"]

COLUMNS = ("Label", "Text", "Where", "Links")
_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.UserRole,
    }
)


def _one_line(text: str, limit: int = 120) -> str:
    shown = " ".join(text.split()) or repr(text)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


class SpanModel(FlatTableModel):
    columns = COLUMNS

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.table = SpanTable.empty()
        self._colours: dict[str, QtGui.QColor] = {}
        # Each span's relations in a few words ("speaker→ ←quantity"), from the window.
        self.links: dict[int, str] = {}
        # Each span's links to other articles ("⇄same ⇄updates"), from gui/registry.py.
        self.across: dict[int, str] = {}

    @property
    def article_id(self) -> int | None:
        return self.table.article_id

    def set_labels(self, labels: Iterable[Label]) -> None:
        self._colours = {label.name: QtGui.QColor(label.colour) for label in labels}
        if len(self.table):
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.table) - 1, 0))

    def set_spans(self, article_id: int | None, text: str, keys: Sequence[SpanKey]) -> None:
        self.beginResetModel()
        self.table = SpanTable(article_id, text, keys)
        self.endResetModel()

    def apply_change(self, change: Change) -> None:
        if change.article_id != self.article_id:
            return
        # A span changed in place (relabelled, resized) that keeps its row is one row's
        # data changed: removing and inserting it would repaint every row on screen.
        swapped = {span.id: span for span in change.added}
        in_place: set[int] = set()
        for span in change.removed:
            row = self.table.row_of(span.id)
            new = swapped.get(span.id)
            if row is not None and new is not None:
                self.table.remove(span.id)
                if self.table.insertion_row(new) == row:
                    self.table.add(new)
                    in_place.add(span.id)
                    last = self.index(row, len(self.columns) - 1)
                    self.dataChanged.emit(self.index(row, 0), last)
                    continue
                self.table.add(span)  # it moves: out and in again, as below
            if row is not None:
                self.beginRemoveRows(QtCore.QModelIndex(), row, row)
                self.table.remove(span.id)
                self.endRemoveRows()
        for span in change.added:
            if span.id in in_place:
                continue
            row = self.table.insertion_row(span)
            self.beginInsertRows(QtCore.QModelIndex(), row, row)
            self.table.add(span)
            self.endInsertRows()

    def set_links(self, links: Mapping[int, str], *, replace_all: bool = False) -> None:
        """Show these spans' relations (``""``: none); ``replace_all`` forgets the others."""
        if replace_all:
            self.links = {}
        for span_id, text in links.items():
            if text:
                self.links[span_id] = text
            else:
                self.links.pop(span_id, None)
            row = None if replace_all else self.table.row_of(span_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, 3), self.index(row, 3))
        if replace_all and len(self.table):
            self.dataChanged.emit(self.index(0, 3), self.index(len(self.table) - 1, 3))

    def set_across(self, across: Mapping[int, str]) -> None:
        """Show every span's links to other articles (replacing what was shown)."""
        touched = set(self.across) | set(across)
        self.across = {span_id: text for span_id, text in across.items() if text}
        for span_id in touched:
            row = self.table.row_of(span_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, 3), self.index(row, 3))

    def row_of(self, span_id: int) -> int | None:
        return self.table.row_of(span_id)

    def span_at(self, row: int) -> Span | None:
        return self.table.at(row) if 0 <= row < len(self.table) else None

    def spans(self) -> list[Span]:
        return list(self.table.values())

    def row_total(self) -> int:
        return len(self.table)

    def data(self, index: QtCore.QModelIndex, role: int = 0) -> object:
        # Runs for every visible cell and every role on each repaint: leave early for
        # the roles not served, and read the key, not a Span.
        if role not in _ROLES or not index.isValid():
            return None
        key = self.table.keys[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return key[2]
            if column == 1:
                return _one_line(self.table.text[key[0] : -key[1]])
            if column == 2:
                return f"{key[0]}–{-key[1]}"
            links, across = self.links.get(key[3], ""), self.across.get(key[3], "")
            return f"{links} {across}" if links and across else links or across
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return self._colours.get(key[2])
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            text = self.table.text[key[0] : -key[1]]
            # A tooltip that looks like HTML would be rendered as HTML: escape it.
            return "<p style='white-space:pre-wrap'>" + html.escape(text[:2000]) + "</p>"
        if role == Qt.ItemDataRole.UserRole:
            return key[3]
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
        self.table = list_table("span_list", self.model)
        header = self.table.horizontalHeader()
        # Fixed widths: ResizeToContents would measure all 10,000 rows on every open.
        metrics = self.table.fontMetrics()
        header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, metrics.horizontalAdvance("NUMBER") + metrics.height() + 16)
        header.setSectionResizeMode(1, QtWidgets.QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QtWidgets.QHeaderView.ResizeMode.Interactive)
        header.resizeSection(2, metrics.horizontalAdvance("00000–00000") + 10)
        header.setSectionResizeMode(3, QtWidgets.QHeaderView.ResizeMode.Interactive)
        header.resizeSection(3, metrics.horizontalAdvance("speaker→") + 10)
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

    def set_spans(self, article_id: int | None, text: str, keys: Sequence[SpanKey]) -> None:
        self.model.set_spans(article_id, text, keys)

    def apply_change(self, change: Change) -> None:
        # Removing a row moves Qt's current row onto a neighbour, which would select that
        # neighbour in the text: a relabel (its span out, then back in under the same id)
        # must leave the same span selected.  So rows move quietly, then the row of the
        # span that was current is current again, if that span is still there.
        current = self.model.span_at(self.table.currentIndex().row())
        self._following = True
        try:
            self.model.apply_change(change)
        finally:
            self._following = False
        if current is not None:
            self.follow(current.id if self.model.row_of(current.id) is not None else None)

    def follow(self, span_id: int | None) -> None:
        """Show the span selected in the text, without selecting it back."""
        self._following = True
        try:
            select_row(self.table, self.model.row_of(span_id) if span_id is not None else None)
        finally:
            self._following = False

    def enter_list(self, span_id: int | None) -> None:
        """Focus the list on ``span_id``'s row, which selects that span in the text.

        Moving onto a row always selects its span, so the row that has the keyboard is
        the span a label key or Delete acts on; focus alone would highlight nothing.
        """
        row = self.model.row_of(span_id) if span_id is not None else None
        if row is not None:
            select_row(self.table, row)
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

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
        return self.model.table.counts()
