"""The part every flat table model in the window shares: fixed columns, no tree."""

from __future__ import annotations

from annotator.gui.qt import Qt, QtCore, QtWidgets


class FlatTableModel(QtCore.QAbstractTableModel):
    """A table with the header ``columns``; subclasses say how many rows via ``row_total``."""

    columns: tuple[str, ...] = ()

    def row_total(self) -> int:
        raise NotImplementedError

    def rowCount(self, parent: QtCore.QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else self.row_total()

    def columnCount(self, parent: QtCore.QModelIndex | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section]
        return None


def select_row(table: QtWidgets.QTableView, row: int | None) -> None:
    """Make ``row`` the current, selected and visible row; ``None`` clears the selection."""
    selection = table.selectionModel()
    if row is None:
        selection.clearSelection()
        return
    index = table.model().index(row, 0)
    selection.setCurrentIndex(
        index,
        QtCore.QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QtCore.QItemSelectionModel.SelectionFlag.Rows,
    )
    table.scrollTo(index)


def list_table(name: str, model: QtCore.QAbstractItemModel) -> QtWidgets.QTableView:
    """A panel's list: whole rows, one at a time, read-only, fixed row height, no wrapping.

    Fixed row heights: measuring 10,000 rows on every open would cost more than the open.
    """
    table = QtWidgets.QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.setWordWrap(False)
    rows = table.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Fixed)
    rows.setDefaultSectionSize(table.fontMetrics().height() + 6)
    return table

