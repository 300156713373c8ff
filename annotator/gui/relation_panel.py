"""The open article's relations: type, head and child; Delete removes one, Enter jumps.

A flat model updated in place (a row in, a row out) after each step, so making a
relation with 5,000 present costs one insert.  With a span selected in the text, the
list shows only that span's relations (the heading says so); Escape in the list, or no
span selected, shows them all again.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping

from annotator.core.history import Change
from annotator.core.store import Relation, Span
from annotator.gui.qt import Qt, QtCore, QtGui, QtWidgets
from annotator.gui.table_model import FlatTableModel, list_table, select_row

__all__ = ["RelationModel", "RelationPanel"]


def _short(span: Span | None, limit: int = 60) -> str:
    if span is None:
        return "(gone)"
    text = " ".join(span.text.split())
    return f"{span.label} “{text if len(text) <= limit else text[: limit - 1] + '…'}”"


class RelationModel(FlatTableModel):
    columns = ("Type", "From", "To")

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.article_id: int | None = None
        self.ids: list[int] = []  # relation ids in order (oldest first)
        self.relations: dict[int, Relation] = {}
        self.spans: Mapping[int, Span] = {}
        self.only_span: int | None = None

    def row_total(self) -> int:
        return len(self.ids)

    def set_relations(
        self, article_id: int | None, relations: Iterable[Relation], spans: Mapping[int, Span]
    ) -> None:
        self.beginResetModel()
        self.article_id = article_id
        self.relations = {r.id: r for r in relations}
        self.ids = sorted(self.relations)
        self.spans = spans
        self.endResetModel()

    def apply_change(self, change: Change) -> None:
        if change.article_id != self.article_id:
            return
        for relation in change.removed_records.relations:
            if relation.id in self.relations:
                row = bisect_left(self.ids, relation.id)
                self.beginRemoveRows(QtCore.QModelIndex(), row, row)
                del self.ids[row]
                del self.relations[relation.id]
                self.endRemoveRows()
        for relation in change.added_records.relations:
            row = bisect_left(self.ids, relation.id)
            self.beginInsertRows(QtCore.QModelIndex(), row, row)
            self.ids.insert(row, relation.id)
            self.relations[relation.id] = relation
            self.endInsertRows()

    def relation_at(self, row: int) -> Relation | None:
        return self.relations[self.ids[row]] if 0 <= row < len(self.ids) else None

    def data(self, index: QtCore.QModelIndex, role: int = 0) -> object:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.UserRole):  # fmt: skip
            return None
        relation = self.relations[self.ids[index.row()]]
        if role == Qt.ItemDataRole.UserRole:
            return relation.id
        column = index.column()
        if column == 0:
            return relation.kind
        span_id = relation.head_span_id if column == 1 else relation.tail_span_id
        return _short(self.spans.get(span_id))


class _OfSpan(QtCore.QSortFilterProxyModel):
    """Only the relations of one span (or all of them)."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.span_id: int | None = None

    def show_span(self, span_id: int | None) -> None:
        # Qt 6.10 deprecates invalidateFilter() for this pair, which 6.8 does not have.
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            self.span_id = span_id
            self.endFilterChange()
        else:
            self.span_id = span_id
            self.invalidateFilter()

    def filterAcceptsRow(self, row: int, _parent: QtCore.QModelIndex) -> bool:
        if self.span_id is None:
            return True
        model = self.sourceModel()
        assert isinstance(model, RelationModel)
        relation = model.relation_at(row)
        return relation is not None and self.span_id in (
            relation.head_span_id, relation.tail_span_id
        )


class RelationPanel(QtWidgets.QWidget):
    relation_chosen = QtCore.Signal(int)  # Enter / double-click: show its head span
    delete_requested = QtCore.Signal(int)  # Delete / Backspace on a row

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("relation_panel")
        self.model = RelationModel(self)
        self.proxy = _OfSpan(self)
        self.proxy.setSourceModel(self.model)
        self.heading = QtWidgets.QLabel("Relations")
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.table = list_table("relation_list", self.proxy)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, self.table.fontMetrics().horizontalAdvance("quantity") + 16)
        header.setStretchLastSection(True)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        self.table.activated.connect(self._chosen)
        self.table.doubleClicked.connect(self._chosen)
        self.table.installEventFilter(self)
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.rowsRemoved):
            signal.connect(self._update_heading)

    def set_relations(
        self, article_id: int | None, relations: Iterable[Relation], spans: Mapping[int, Span]
    ) -> None:
        self.model.set_relations(article_id, relations, spans)
        self.proxy.show_span(None)
        self._update_heading()

    def apply_change(self, change: Change) -> None:
        self.model.apply_change(change)

    def show_span(self, span_id: int | None) -> None:
        """List only the relations of ``span_id`` (``None``: all of the article's)."""
        if span_id != self.proxy.span_id:
            self.proxy.show_span(span_id)
            self._update_heading()

    def selected_relation(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isSelected(index):
            return None
        return self.proxy.data(index, Qt.ItemDataRole.UserRole)

    def rows(self) -> list[tuple[str, str, str]]:
        """What the list shows, row by row (for tests and the status bar)."""
        return [
            tuple(self.proxy.index(row, column).data() for column in range(3))  # type: ignore[misc]
            for row in range(self.proxy.rowCount())
        ]

    def focus_list(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.proxy.rowCount() and self.selected_relation() is None:
            select_row(self.table, 0)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if watched is self.table and event.type() == QtCore.QEvent.Type.KeyPress:
            assert isinstance(event, QtGui.QKeyEvent)
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                relation_id = self.selected_relation()
                if relation_id is not None:
                    self.delete_requested.emit(relation_id)
                return True
        return super().eventFilter(watched, event)

    def _chosen(self, index: QtCore.QModelIndex) -> None:
        relation_id = self.proxy.data(index, Qt.ItemDataRole.UserRole)
        if relation_id is not None:
            self.relation_chosen.emit(relation_id)

    def _update_heading(self, *_args: object) -> None:
        total = self.model.rowCount()
        if self.proxy.span_id is None:
            self.heading.setText(f"Relations ({total})")
        else:
            shown = self.proxy.rowCount()
            self.heading.setText(f"Relations of the selected span ({shown} of {total})")
