"""F8: the comparison view of one story: a row per fact cluster, a column per article.

Each cell holds the linked spans of that article in the cluster, as written and with
their normalised value ("3,000 bodies" -> 3,000); its tooltip quotes the sentence.
Rows are marked by what their links say (the row header's sign and word, and a
background): a disagreement (a ``contradicts`` link, or different figures linked as the
same fact) comes first, red; differing values that an ``updates`` or ``different-event``
link explains, amber; agreement, plain.  Arrows move between cells, Enter opens the
article at the span, Escape closes; the story box (Alt+S) switches stories.

Everything is read by :func:`annotator.core.story_data.load_comparison` in the window's
thread: a story of 50 articles and 500 clusters reads and builds in about 30 ms
(``python -m bench.bench_compare_view``), under the 100 ms the view may take to open.
Titles, outlets and span texts are shown with control and bidirectional characters
escaped (:func:`annotator.core.printable.printable`), so a hostile title cannot reorder
or hide the table.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from annotator.core.compare import Column, Comparison, Fact, Row, sentence_of
from annotator.core.errors import AnnotatorError
from annotator.core.printable import printable
from annotator.core.store import Store
from annotator.core.story_data import load_comparison
from annotator.gui.keys.commands import Commands
from annotator.gui.qt import Qt, QtCore, QtGui, QtWidgets

__all__ = ["CompareDialog", "CompareModel", "CompareView", "row_mark"]

# What a row's header says, and its background: the reader sees the kind of row by a
# sign and a word as well as by colour (the table prints, and colour alone fails some).
_DISAGREE = QtGui.QColor("#F4CCCC")
_EXPLAINED = QtGui.QColor("#FCE8B2")
FACT_ROLE = Qt.ItemDataRole.UserRole  # the cell's first Fact (None for an empty cell)


def row_mark(row: Row) -> str:
    """The row header: a sign and the reason, e.g. "≠ contradicts"."""
    if row.disagreement:
        return "≠ contradicts" if "contradicts" in row.types else "≠ figures differ"
    if row.values_differ:
        if "updates" in row.types:
            return "↻ updated"
        if "different-event" in row.types:
            return "≈ different event"
        return "~ worded differently"
    if row.types == frozenset({"different-event"}):
        return "≈ different event"
    if "updates" in row.types:
        return "↻ updated"
    return "= same"


def _cell_text(facts: tuple[Fact, ...]) -> str:
    parts = []
    for fact in facts:
        text = printable(" ".join(fact.text.split()))
        shown = fact.shown
        parts.append(f"{text}  [{shown}]" if shown and shown != fact.text else text)
    return "\n".join(parts)


def _column_title(column: Column) -> str:
    name = printable(column.outlet or column.title)
    return f"{name}\n{printable(column.date) if column.date else 'no date'}"


class CompareModel(QtCore.QAbstractTableModel):
    """A story's :class:`Comparison` as a table (read only)."""

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.comparison: Comparison | None = None
        self.texts: dict[int, str] = {}

    def set_comparison(self, comparison: Comparison | None, texts: dict[int, str]) -> None:
        self.beginResetModel()
        self.comparison, self.texts = comparison, texts
        self.endResetModel()

    def rowCount(self, parent: QtCore.QModelIndex | None = None) -> int:
        if (parent is not None and parent.isValid()) or self.comparison is None:
            return 0
        return len(self.comparison.rows)

    def columnCount(self, parent: QtCore.QModelIndex | None = None) -> int:
        if (parent is not None and parent.isValid()) or self.comparison is None:
            return 0
        return len(self.comparison.columns)

    def data(self, index: QtCore.QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.comparison is None or not index.isValid():
            return None
        row = self.comparison.rows[index.row()]
        facts = row.cells[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _cell_text(facts) if facts else "—"  # not reported by this article
        if role == Qt.ItemDataRole.ForegroundRole and not facts:
            return QtGui.QColor("#888888")
        if role == FACT_ROLE:
            return facts[0] if facts else None
        if role == Qt.ItemDataRole.ToolTipRole and facts:
            text = self.texts.get(facts[0].article_id, "")
            start, end = sentence_of(text, facts[0].start, facts[0].end)
            return printable(" ".join(text[start:end].split()))
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.disagreement:
                return _DISAGREE
            if row.values_differ and row.types & {"updates", "different-event"}:
                return _EXPLAINED
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self.comparison is None or role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return _column_title(self.comparison.columns[section])
        return row_mark(self.comparison.rows[section])


class CompareDialog(QtWidgets.QDialog):
    """The view: a story box over the table and a line saying what the table holds."""

    def __init__(
        self,
        store: Store,
        *,
        open_span: Callable[[int, int, int], object],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("compareDialog")
        self.setWindowTitle("Compare the story's articles")
        self.resize(1100, 600)
        self.store = store
        self.open_span = open_span
        self.stories = QtWidgets.QComboBox(objectName="compareStory")
        story_label = QtWidgets.QLabel("&Story:")
        story_label.setBuddy(self.stories)
        self.model = CompareModel(self)
        self.table = QtWidgets.QTableView(objectName="compareTable")
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setDefaultSectionSize(220)
        self.table.verticalHeader().setDefaultSectionSize(48)
        self.state = QtWidgets.QLabel(objectName="compareState")
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        top = QtWidgets.QHBoxLayout()
        top.addWidget(story_label)
        top.addWidget(self.stories, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.state)
        self.table.activated.connect(self._open)
        self.stories.activated.connect(lambda _i: self.show_story(self.stories.currentData()))

    def start(self, story: str | None) -> None:
        """Show the dialog on ``story`` (or the first story), focused on the table."""
        names = [s.name for s in self.store.stories()]
        self.stories.blockSignals(True)
        self.stories.clear()
        for name in names:
            self.stories.addItem(printable(name), name)
        self.stories.blockSignals(False)
        if story is None and names:
            story = names[0]
        self.show()
        self.activateWindow()
        if story is None:
            self.model.set_comparison(None, {})
            self.state.setText("No story yet: put articles in a story first (F7).")
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.stories.setCurrentIndex(max(0, names.index(story)) if story in names else 0)
        self.show_story(story)

    def show_story(self, story: str) -> None:
        try:
            comparison, texts = load_comparison(self.store, story)
        except AnnotatorError as exc:
            self.model.set_comparison(None, {})
            self.state.setText(str(exc))
            return
        self.model.set_comparison(comparison, texts)
        # A few articles share the width; many keep a readable width each and scroll.
        mode = QtWidgets.QHeaderView.ResizeMode
        few = len(comparison.columns) <= 5
        self.table.horizontalHeader().setSectionResizeMode(
            mode.Stretch if few else mode.Interactive
        )
        if len(comparison.rows) <= 200:  # beyond that, fitting every row costs more than a frame
            self.table.resizeRowsToContents()
        rows, articles = len(comparison.rows), len(comparison.columns)
        if rows == 0:
            self.state.setText(
                f"{articles} articles, no linked facts yet: select a span and press L to link it "
                "to another article's."
            )
        else:
            self.state.setText(
                f"{rows} facts in {articles} articles; {comparison.disagreements} disagree "
                "(listed first). Enter opens the article at the span."
            )
            first = next((c for c, cell in enumerate(comparison.rows[0].cells) if cell), 0)
            self.table.setCurrentIndex(self.model.index(0, first))
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _open(self, index: QtCore.QModelIndex) -> None:
        fact = index.data(FACT_ROLE)
        if isinstance(fact, Fact):
            self.accept()
            self.open_span(fact.article_id, fact.start, fact.end)


class SpanView(Protocol):
    """What opening a cell needs of the article view."""

    @property
    def article_id(self) -> int | None: ...
    def select_range(self, start: int, end: int, *, exact: bool = False) -> None: ...
    def setFocus(self, reason: Qt.FocusReason) -> None: ...


class CompareView:
    """Serves ``view.compare`` (F8) for a window: the dialog, made once."""

    def __init__(
        self,
        *,
        parent: QtWidgets.QWidget,
        store: Store,
        open_article: Callable[[int], object],
        view: SpanView,
    ) -> None:
        self.parent, self.store = parent, store
        self.open_article, self.view = open_article, view
        self.dialog: CompareDialog | None = None

    def open_span(self, article_id: int, start: int, end: int) -> None:
        """Open an article with ``text[start:end]`` selected (Enter on a cell)."""
        self.open_article(article_id)
        if self.view.article_id != article_id:
            return  # the article could not be opened; the window said why
        self.view.select_range(start, end, exact=True)
        self.parent.activateWindow()  # back from the dialog, so the keys reach the text
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def register(self, commands: Commands) -> None:
        commands.register("view.compare", self.open_dialog)

    def open_dialog(self) -> CompareDialog:
        if self.dialog is None:
            self.dialog = CompareDialog(self.store, open_span=self.open_span, parent=self.parent)
        article_id = self.view.article_id
        story = None if article_id is None else self.store.article_story(article_id)
        self.dialog.start(None if story is None else story.name)
        return self.dialog
