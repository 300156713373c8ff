"""The corpus list: title, status and span count, filtered by status and by text.

A model/view table over plain summaries, so 10,000 articles list and filter without a
pause: filtering is one pass over cached, case-folded titles and a model reset; only the
rows on screen are ever drawn.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from annotator.core.store import STATUSES, ArticleSummary
from annotator.gui.qt import Qt, QtCore, QtGui, QtWidgets
from annotator.gui.table_model import FlatTableModel, select_row

__all__ = ["CorpusModel", "CorpusPanel"]

COLUMNS = ("Title", "Status", "Spans")
_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.UserRole,
    }
)
STATUS_MARK = {"todo": "○ to do", "in-progress": "◐ in progress", "done": "● done"}


class CorpusModel(FlatTableModel):
    columns = COLUMNS

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[ArticleSummary] = []
        self._folded: list[str] | None = None  # titles casefolded, on the first filter
        self._position: dict[int, int] = {}  # article id -> index in self._all
        self._rows: list[int] = []  # indexes into self._all that pass the filter
        self._row_of: dict[int, int] = {}
        self._text = ""
        self._status: str | None = None

    # -- data in ----------------------------------------------------------------

    def set_articles(self, articles: Sequence[ArticleSummary]) -> None:
        self.beginResetModel()
        self._all = list(articles)
        self._folded = None
        self._position = {a.id: i for i, a in enumerate(self._all)}
        self._filter()
        self.endResetModel()

    def update_article(self, summary: ArticleSummary) -> None:
        at = self._position.get(summary.id)
        if at is None:
            return
        if self._folded is not None and self._all[at].title != summary.title:
            self._folded[at] = summary.title.casefold()
        self._all[at] = summary
        row = self._row_of.get(summary.id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def set_filter(self, *, text: str = "", status: str | None = None) -> None:
        if status is not None and status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        self.beginResetModel()
        self._text = text.casefold().strip()
        self._status = status
        self._filter()
        self.endResetModel()

    def _filter(self) -> None:
        text, status, everything = self._text, self._status, self._all
        if not text and status is None:
            self._rows = list(range(len(everything)))
        else:
            if self._folded is None:
                self._folded = [a.title.casefold() for a in everything]
            self._rows = [
                i
                for i, folded in enumerate(self._folded)
                if text in folded and (status is None or everything[i].status == status)
            ]
        self._row_of = {everything[i].id: row for row, i in enumerate(self._rows)}

    # -- questions --------------------------------------------------------------

    def article_at(self, row: int) -> ArticleSummary | None:
        if 0 <= row < len(self._rows):
            return self._all[self._rows[row]]
        return None

    def row_of(self, article_id: int) -> int | None:
        return self._row_of.get(article_id)

    def position(self, article_id: int) -> int | None:
        """Where the article is in the whole corpus (0-based), whatever the filter."""
        return self._position.get(article_id)

    def summary(self, article_id: int) -> ArticleSummary | None:
        at = self._position.get(article_id)
        return self._all[at] if at is not None else None

    def total(self) -> int:
        return len(self._all)

    def done_count(self) -> int:
        return sum(1 for a in self._all if a.status == "done")

    def ids(self) -> list[int]:
        return [a.id for a in self._all]

    def visible_ids(self) -> list[int]:
        return [self._all[i].id for i in self._rows]

    # -- Qt model ---------------------------------------------------------------

    def row_total(self) -> int:
        return len(self._rows)

    def data(self, index: QtCore.QModelIndex, role: int = 0) -> object:
        if role not in _ROLES or not index.isValid():  # most roles: nothing to look up
            return None
        article = self._all[self._rows[index.row()]]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return article.title
            if column == 1:
                return STATUS_MARK.get(article.status, article.status)
            return str(article.span_count)
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            # Tooltips that look like HTML are rendered as HTML: a title is plain text.
            return "<p>" + html.escape(article.title) + "</p>"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return article.id
        return None


class CorpusPanel(QtWidgets.QWidget):
    """Filter box, status filter and the list; emits the article to open."""

    article_chosen = QtCore.Signal(int)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("corpus_panel")
        self.model = CorpusModel(self)
        self.filter_box = QtWidgets.QLineEdit(placeholderText="Filter titles…")
        self.filter_box.setObjectName("corpus_filter")
        self.filter_box.setClearButtonEnabled(True)
        self.status_box = QtWidgets.QComboBox()
        self.status_box.setObjectName("corpus_status")
        self.status_box.addItem("All", None)
        for status in STATUSES:
            self.status_box.addItem(STATUS_MARK[status], status)
        self.table = QtWidgets.QTableView()
        self.table.setObjectName("corpus_list")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        # Fixed row heights: the view never measures 10,000 rows.
        self.table.verticalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        # Fixed widths measured once from sample text: ResizeToContents would ask every
        # one of 10,000 rows for its size on each reset.
        header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.Stretch)
        metrics = self.table.fontMetrics()
        header.setSectionResizeMode(1, QtWidgets.QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, metrics.horizontalAdvance(STATUS_MARK["in-progress"]) + 16)
        header.setSectionResizeMode(2, QtWidgets.QHeaderView.ResizeMode.Fixed)
        header.resizeSection(2, metrics.horizontalAdvance("Spans") + 16)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)

        row = QtWidgets.QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.filter_box, 1)
        row.addWidget(self.status_box)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)

        self.filter_box.textChanged.connect(self._refilter)
        self.status_box.currentIndexChanged.connect(self._refilter)
        self.filter_box.returnPressed.connect(self._open_first)
        self.table.activated.connect(self._open_index)
        self.table.clicked.connect(self._open_index)
        self._current: int | None = None

    def set_articles(self, articles: Sequence[ArticleSummary]) -> None:
        self.model.set_articles(articles)
        self._reselect()

    def set_current(self, article_id: int | None) -> None:
        """Show which article is open, without opening anything."""
        self._current = article_id
        self._reselect()

    def _reselect(self) -> None:
        row = self.model.row_of(self._current) if self._current is not None else None
        select_row(self.table, row)

    def _refilter(self) -> None:
        self.model.set_filter(text=self.filter_box.text(), status=self.status_box.currentData())
        self._reselect()

    def _open_index(self, index: QtCore.QModelIndex) -> None:
        article = self.model.article_at(index.row())
        if article is not None:
            self.article_chosen.emit(article.id)

    def _open_first(self) -> None:
        article = self.model.article_at(0)
        if article is not None:
            self.article_chosen.emit(article.id)

    def focus_filter(self) -> None:
        self.filter_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_box.selectAll()

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        # Down from the filter box walks into the list, as in a search field.
        if event.key() == Qt.Key.Key_Down and self.filter_box.hasFocus():
            self.table.setFocus()
            return
        super().keyPressEvent(event)
