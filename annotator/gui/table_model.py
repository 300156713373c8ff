"""The part every flat table model in the window shares: fixed columns, no tree."""

from __future__ import annotations

from annotator.gui.qt import Qt, QtCore


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
