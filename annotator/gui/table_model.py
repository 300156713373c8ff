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
