"""A minimal window until the annotation window lands: the corpus list and the text."""

from __future__ import annotations

from annotator.core.store import Store
from annotator.gui.qt import QtWidgets


class MainWindow(QtWidgets.QMainWindow):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.setWindowTitle("Annotator")
        splitter = QtWidgets.QSplitter()
        self.article_list = QtWidgets.QListWidget()
        self.text_view = QtWidgets.QPlainTextEdit(readOnly=True)
        splitter.addWidget(self.article_list)
        splitter.addWidget(self.text_view)
        self.setCentralWidget(splitter)
        self._ids = []
        for summary in store.articles():
            self.article_list.addItem(f"{summary.title}  [{summary.status}]")
            self._ids.append(summary.id)
        self.article_list.currentRowChanged.connect(self._open_row)
        if self._ids:
            self.article_list.setCurrentRow(0)
        self.resize(1000, 650)

    def _open_row(self, row: int) -> None:
        if 0 <= row < len(self._ids):
            self.text_view.setPlainText(self.store.article_text(self._ids[row]))
