"""The corpus list: title, status, span count and story, filtered by status, story and text.

A model/view table over plain summaries, so 10,000 articles list and filter without a
pause.  Opened on a corpus, the model reads only the articles' ids; titles, statuses and
span counts are read a page at a time as rows come into view (the way Qt's own SQL
models fetch), and all at once only when a filter needs them.  Filtering is then one
pass over cached, case-folded titles and a model reset; only rows on screen are drawn.
Stories (issue 14) are one query for the whole corpus (article id -> story name), so the
Story column and the story filter need no page of summaries.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from annotator.core.model import STATUSES, ArticleSummary
from annotator.gui.qt import Qt, QtCore, QtGui, QtWidgets
from annotator.gui.table_model import FlatTableModel, select_row

if TYPE_CHECKING:
    from annotator.core.store import Store

__all__ = ["CorpusModel", "CorpusPanel"]

COLUMNS = ("Title", "Status", "Spans", "Story")
_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.UserRole,
    }
)
STATUS_MARK = {"todo": "○ to do", "in-progress": "◐ in progress", "done": "● done"}
PAGE = 256  # summaries read together when a row without one is asked for
NO_STORY = ""  # the story filter's value for articles in no story (None: any story)


class CorpusModel(FlatTableModel):
    columns = COLUMNS

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self._store: Store | None = None  # where summaries not yet known are read from
        self._ids: list[int] = []  # every article, in corpus order
        self._position: dict[int, int] = {}  # article id -> index in self._ids
        self._known: dict[int, ArticleSummary] = {}
        self._pages_read: set[int] = set()
        self._complete = True  # every summary known (needed to filter)
        self._done = 0
        self._folded: list[str] | None = None  # titles casefolded, on the first filter
        self._rows: list[int] | None = None  # indexes into self._ids that pass; None: all
        self._row_of: dict[int, int] = {}
        self._text = ""
        self._status: str | None = None
        self._stories: dict[int, str] = {}  # article id -> its story's name
        self._story: str | None = None

    # -- data in ----------------------------------------------------------------

    def set_articles(self, articles: Sequence[ArticleSummary]) -> None:
        """List these summaries (all of them known now)."""
        self._reset(
            [a.id for a in articles],
            known={a.id: a for a in articles},
            done=sum(1 for a in articles if a.status == "done"),
            store=None,
        )

    def set_corpus(self, store: Store) -> None:
        """List every article of the corpus, reading titles only for rows that are shown."""
        self._reset(store.article_ids(), known={}, done=store.article_count(status="done"),
                    store=store)  # fmt: skip

    def _reset(
        self, ids: list[int], *, known: dict[int, ArticleSummary], done: int, store: Store | None
    ) -> None:
        self.beginResetModel()
        self._ids = ids
        self._position = {article_id: i for i, article_id in enumerate(ids)}
        self._known = known
        self._pages_read = set()
        self._store = store
        self._complete = store is None
        self._done = done
        self._folded = None
        self._filter()
        self.endResetModel()

    def update_article(self, summary: ArticleSummary) -> None:
        at = self._position.get(summary.id)
        if at is None:
            return
        old = self._known.get(summary.id)
        if old is None and self._store is not None:
            # Its row was never read, and the corpus already holds the change: count again.
            self._done = self._store.article_count(status="done")
        else:
            self._done += (summary.status == "done") - (old is not None and old.status == "done")
        if self._folded is not None and (old is None or old.title != summary.title):
            self._folded[at] = summary.title.casefold()
        self._known[summary.id] = summary
        row = self.row_of(summary.id)
        if row is not None:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def set_stories(self, stories: dict[int, str]) -> None:
        """Each article's story name (articles in none left out)."""
        self._stories = dict(stories)
        if self._story is not None:
            self.set_filter(text=self._text, status=self._status, story=self._story)
        elif self.row_total():
            self.dataChanged.emit(self.index(0, 3), self.index(self.row_total() - 1, 3))

    def story_of(self, article_id: int) -> str | None:
        return self._stories.get(article_id)

    def set_filter(
        self, *, text: str = "", status: str | None = None, story: str | None = None
    ) -> None:
        """``story``: only that story's articles (``NO_STORY``: those in none)."""
        if status is not None and status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        self.beginResetModel()
        self._text = text.casefold().strip()
        self._status = status
        self._story = story
        self._filter()
        self.endResetModel()

    def _filter(self) -> None:
        text, status, story = self._text, self._status, self._story
        if not text and status is None and story is None:
            self._rows = None
            self._row_of = {}
            return
        self._read_all()
        ids, known = self._ids, self._known
        if self._folded is None:
            self._folded = [
                known[article_id].title.casefold() if article_id in known else ""
                for article_id in ids
            ]
        self._rows = [
            i
            for i, folded in enumerate(self._folded)
            if text in folded
            and (status is None or (ids[i] in known and known[ids[i]].status == status))
            and (story is None or self._stories.get(ids[i], NO_STORY) == story)
        ]
        self._row_of = {ids[i]: row for row, i in enumerate(self._rows)}

    # -- reading summaries ------------------------------------------------------

    def _read_all(self) -> None:
        if self._complete or self._store is None:
            return
        for summary in self._store.articles():
            self._known[summary.id] = summary
        self._complete = True

    def _read_page(self, page: int) -> None:
        self._pages_read.add(page)
        ids = self._ids[page * PAGE : (page + 1) * PAGE]
        if self._store is None or not ids:
            return
        for summary in self._store.articles(id_range=(ids[0], ids[-1])):
            self._known[summary.id] = summary

    # -- questions --------------------------------------------------------------

    def summary(self, article_id: int) -> ArticleSummary | None:
        found = self._known.get(article_id)
        if found is None and not self._complete:
            at = self._position.get(article_id)
            if at is not None and at // PAGE not in self._pages_read:
                self._read_page(at // PAGE)
                found = self._known.get(article_id)
        return found

    def article_at(self, row: int) -> ArticleSummary | None:
        rows = self._rows
        if rows is None:
            return self.summary(self._ids[row]) if 0 <= row < len(self._ids) else None
        return self.summary(self._ids[rows[row]]) if 0 <= row < len(rows) else None

    def row_of(self, article_id: int) -> int | None:
        if self._rows is None:
            return self._position.get(article_id)
        return self._row_of.get(article_id)

    def position(self, article_id: int) -> int | None:
        """Where the article is in the whole corpus (0-based), whatever the filter."""
        return self._position.get(article_id)

    def total(self) -> int:
        return len(self._ids)

    def done_count(self) -> int:
        return self._done

    def ids(self) -> list[int]:
        return list(self._ids)

    def visible_ids(self) -> list[int]:
        if self._rows is None:
            return list(self._ids)
        return [self._ids[i] for i in self._rows]

    # -- Qt model ---------------------------------------------------------------

    def row_total(self) -> int:
        return len(self._ids) if self._rows is None else len(self._rows)

    def data(self, index: QtCore.QModelIndex, role: int = 0) -> object:
        if role not in _ROLES or not index.isValid():  # most roles: nothing to look up
            return None
        article = self.article_at(index.row())
        if article is None:  # deleted by another program: gone at the next reload
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return article.title
            if column == 1:  # the mark only: the titles need the width (its words in a tooltip)
                return STATUS_MARK.get(article.status, article.status).split(" ", 1)[0]
            if column == 3:
                return self._stories.get(article.id, "")
            return str(article.span_count)
        if role == Qt.ItemDataRole.ToolTipRole and column == 1:
            return STATUS_MARK.get(article.status, article.status)
        if role == Qt.ItemDataRole.ToolTipRole and column in (0, 3):
            # Tooltips that look like HTML are rendered as HTML: a title is plain text.
            shown = article.title if column == 0 else self._stories.get(article.id, "")
            return "<p>" + html.escape(shown) + "</p>" if shown else None
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
        self.story_box = QtWidgets.QComboBox()  # filled by set_corpus: All, none, each story
        self.story_box.setObjectName("corpus_story")
        self.story_box.setSizeAdjustPolicy(
            QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.story_box.setMinimumContentsLength(8)
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
        header.resizeSection(1, metrics.horizontalAdvance("Status") + 16)
        header.setSectionResizeMode(2, QtWidgets.QHeaderView.ResizeMode.Fixed)
        header.resizeSection(2, metrics.horizontalAdvance("Spans") + 16)
        header.setSectionResizeMode(3, QtWidgets.QHeaderView.ResizeMode.Interactive)
        header.resizeSection(3, metrics.horizontalAdvance("Lorvik talks") + 16)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)

        row = QtWidgets.QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.filter_box, 1)
        row.addWidget(self.status_box)
        row.addWidget(self.story_box)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)

        self.filter_box.textChanged.connect(self._refilter)
        self.status_box.currentIndexChanged.connect(self._refilter)
        self.story_box.currentIndexChanged.connect(self._refilter)
        self.filter_box.returnPressed.connect(self._open_first)
        self.table.activated.connect(self._open_index)
        self.table.clicked.connect(self._open_index)
        self._current: int | None = None

    def set_articles(self, articles: Sequence[ArticleSummary]) -> None:
        self.model.set_articles(articles)
        self._reselect()

    def set_corpus(self, store: Store) -> None:
        self.model.set_corpus(store)
        self._reselect()

    def set_stories(self, store: Store) -> None:
        """Read the stories (the window's story features call it after each assignment
        and reload): the Story column and the story filter's list."""
        wanted = self.story_box.currentData()
        blocked = self.story_box.blockSignals(True)
        try:
            self.story_box.clear()
            self.story_box.addItem("All stories", None)
            self.story_box.addItem("(no story)", NO_STORY)
            for story, count in store.story_counts():
                self.story_box.addItem(f"{story.name} ({count})", story.name)
            at = self.story_box.findData(wanted) if wanted is not None else 0
            self.story_box.setCurrentIndex(max(at, 0))
        finally:
            self.story_box.blockSignals(blocked)
        self.model.set_stories(store.article_stories())
        if self.story_box.currentData() != wanted:  # its story is gone: show all again
            self._refilter()
        self._reselect()

    def set_current(self, article_id: int | None) -> None:
        """Show which article is open, without opening anything."""
        self._current = article_id
        self._reselect()

    def _reselect(self) -> None:
        row = self.model.row_of(self._current) if self._current is not None else None
        select_row(self.table, row)

    def _refilter(self) -> None:
        self.model.set_filter(text=self.filter_box.text(), status=self.status_box.currentData(),
                              story=self.story_box.currentData())  # fmt: skip
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
            self.enter_list()
            return
        super().keyPressEvent(event)

    def enter_list(self) -> None:
        """Focus the list on a highlighted row, so Enter opens the article it shows.

        Focus alone would make a row current without selecting it: nothing highlighted,
        yet Enter would open it.  With a filter typed, the first match; without one, the
        open article's row (the list is a place to come back to).
        """
        row = None
        if self._current is not None and not self.filter_box.text().strip():
            row = self.model.row_of(self._current)
        if row is None and self.model.rowCount() > 0:
            row = 0
        select_row(self.table, row)
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
