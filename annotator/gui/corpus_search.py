"""Ctrl+Shift+F: search every article of the corpus, list the hits by article, open one.

The window creates one :class:`CorpusSearch`, which registers ``find.corpus`` and
owns the dialog.  Type a query and press Enter: the search runs in a worker
thread (:mod:`annotator.gui.tasks`; it reads every text, which for a big corpus
takes a moment) and the hits arrive grouped under their article, the first one
current and the list focused.  Up / Down walk the hits; Enter opens the article
with the hit selected, so a label key tags it.  The store bounds a search to
:data:`~annotator.core.store.articles.SEARCH_LIMIT` hits and the dialog says when
more were left out.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol

from annotator.core.model import CorpusHit
from annotator.core.store import Store
from annotator.gui.keys.commands import Commands
from annotator.gui.qt import Qt, QtWidgets
from annotator.gui.tasks import Progress, Task, TaskRunner

__all__ = ["CorpusSearch", "CorpusSearchDialog"]


class HitView(Protocol):
    """What opening a hit needs of the article view."""

    @property
    def article_id(self) -> int | None: ...
    def select_range(self, start: int, end: int, *, exact: bool = False) -> None: ...
    def setFocus(self, reason: Qt.FocusReason) -> None: ...


# Where each tree row keeps its hit (articles keep their first hit too).
_HIT_ROLE = Qt.ItemDataRole.UserRole


class CorpusSearchDialog(QtWidgets.QDialog):
    """The query box over the hits, grouped by article; ``chosen`` is told the hit."""

    def __init__(
        self,
        store: Store,
        *,
        chosen: Callable[[CorpusHit], None],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("corpusSearchDialog")
        self.setWindowTitle("Search the corpus")
        self.resize(720, 480)
        self.chosen = chosen
        # A child, so the window's close cancels and joins a search still running.
        self.runner = TaskRunner(store, parent=self)
        self.task: Task | None = None
        self.hits: list[CorpusHit] = []
        self.more = False

        self.query = QtWidgets.QLineEdit(objectName="corpusSearchQuery")
        self.query.setPlaceholderText("Words to find in every article (Enter searches)")
        self.query.setClearButtonEnabled(True)
        self.tree = QtWidgets.QTreeWidget(objectName="corpusSearchHits")
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.state = QtWidgets.QLabel(objectName="corpusSearchState")
        self.state.setText("Enter searches every article; Enter on a hit opens it.")
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.state)

        self.query.returnPressed.connect(self.search)
        # Enter (and a double click) on a row: QAbstractItemView emits activated.
        self.tree.activated.connect(lambda index: self._open(self.tree.itemFromIndex(index)))

    def start(self) -> None:
        """Show the dialog (again) with the query selected, ready to be typed over."""
        self.show()
        self.activateWindow()
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    # -- searching ------------------------------------------------------------------------

    def search(self) -> None:
        query = self.query.text()
        if not query.strip():
            self.state.setText("Type something to search for.")
            return
        if self.task is not None:
            self.task.cancel()  # its late result is dropped: _show checks the task
        self.state.setText(f"Searching every article for \u201c{query}\u201d\u2026")

        def run(store: Store, _progress: Progress, cancelled: threading.Event):
            return store.search_texts(query, cancelled=cancelled.is_set)

        task = self.runner.start(run, name="corpus search")
        self.task = task
        task.succeeded.connect(lambda result: self._show(task, query, *result))
        task.failed.connect(lambda message: self._failed(task, message))

    def _failed(self, task: Task, message: str) -> None:
        if task is self.task:
            self.task = None
            self.state.setText(f"Error: {message}")

    def _show(self, task: Task, query: str, hits: list[CorpusHit], more: bool) -> None:
        if task is not self.task:
            return  # an earlier query's answer, overtaken by a newer one
        self.task = None
        self.hits, self.more = hits, more
        self.tree.clear()
        by_article: dict[int, QtWidgets.QTreeWidgetItem] = {}
        for hit in hits:
            parent = by_article.get(hit.article_id)
            if parent is None:
                parent = QtWidgets.QTreeWidgetItem([hit.title])
                parent.setData(0, _HIT_ROLE, hit)
                by_article[hit.article_id] = parent
                self.tree.addTopLevelItem(parent)
            row = QtWidgets.QTreeWidgetItem([f"{hit.before}[{hit.text}]{hit.after}"])
            row.setData(0, _HIT_ROLE, hit)
            parent.addChild(row)
        for parent in by_article.values():
            count = parent.childCount()
            parent.setText(0, f"{parent.text(0)}  ({count} hit{'s' if count != 1 else ''})")
        self.tree.expandAll()
        self.state.setText(self._summary(query, len(by_article)))
        if hits:
            self.tree.setCurrentItem(self.tree.topLevelItem(0).child(0))
            self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def _summary(self, query: str, articles: int) -> str:
        if not self.hits:
            return f"No article holds \u201c{query}\u201d."
        noun = "article" if articles == 1 else "articles"
        if self.more:
            return (
                f"The first {len(self.hits):,} hits, in {articles} {noun}; more were left "
                "out: search for something longer."
            )
        hits = f"{len(self.hits):,} hit{'s' if len(self.hits) != 1 else ''}"
        return f"{hits} in {articles} {noun}. Enter opens the highlighted hit."

    def _open(self, item: QtWidgets.QTreeWidgetItem | None) -> None:
        hit = None if item is None else item.data(0, _HIT_ROLE)
        if isinstance(hit, CorpusHit):
            self.accept()
            self.chosen(hit)

    def reject(self) -> None:
        if self.task is not None:  # Escape while searching stops the search too
            self.task.cancel()
            self.task = None
        super().reject()


class CorpusSearch:
    """Serves ``find.corpus``: the dialog, made once per window and kept for its results."""

    def __init__(
        self,
        *,
        parent: QtWidgets.QWidget,
        store: Store,
        open_article: Callable[[int], object],
        view: HitView,
    ) -> None:
        self.parent, self.store, self.open_article, self.view = parent, store, open_article, view
        self.dialog: CorpusSearchDialog | None = None

    def register(self, commands: Commands) -> None:
        commands.register("find.corpus", self.open_dialog)

    def open_dialog(self) -> CorpusSearchDialog:
        if self.dialog is None:
            self.dialog = CorpusSearchDialog(self.store, chosen=self.open_hit, parent=self.parent)
        self.dialog.start()
        return self.dialog

    def open_hit(self, hit: CorpusHit) -> None:
        self.open_article(hit.article_id)
        if self.view.article_id != hit.article_id:
            return  # the article could not be opened; the window said why
        # As the find bar does: shown exactly as found, snapped by a label key like any
        # selection, so "velm" still tags "Velmora".
        self.view.select_range(hit.start, hit.end, exact=False)
        self.parent.activateWindow()  # back from the dialog, so the keys reach the text
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
