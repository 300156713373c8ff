"""File > New corpus…, Open corpus…, Recent corpora and Import…, for the window.

A controller the window creates: it registers the commands, fills the File menu and
asks for paths.  It never switches corpus itself: a window is built for one store
(its operations, undo history, task runner, relation features and poll all hold it),
so a chosen corpus is announced with ``corpus_chosen(path)`` and the application
(:class:`annotator.gui.app.Session`) opens it, builds a fresh window on it and only
then closes the old window and store.  A corpus that cannot be opened leaves the
old window as it was, with a one-line dialog.

The file dialogs are the ``ask_*`` methods, so tests replace them and drive the rest
with keys.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from annotator.core.import_report import ImportReport
from annotator.gui.keys import Commands
from annotator.gui.operations import Operations
from annotator.gui.qt import QtCore, QtGui, QtWidgets
from annotator.gui.settings import RECENT_CORPORA, WindowSettings

__all__ = ["CORPUS_SUFFIX", "CorpusFiles"]

log = logging.getLogger(__name__)

CORPUS_SUFFIX = ".sqlite3"
_CORPUS_FILTER = "Annotator corpus (*.sqlite3 *.sqlite *.db);;All files (*)"


class CorpusFiles(QtCore.QObject):
    corpus_chosen = QtCore.Signal(object)  # a Path for the application to open

    def __init__(
        self,
        *,
        parent: QtWidgets.QWidget,
        operations: Operations,
        settings: WindowSettings,
        message: Callable[..., None],
    ) -> None:
        super().__init__(parent)
        self._window = parent
        self.ops = operations
        self.store = operations.store
        self.settings = settings
        self._message = message
        self.recent_menu: QtWidgets.QMenu | None = None
        self.import_dialog: QtWidgets.QDialog | None = None
        if self.store.path is not None:
            self.settings.add_recent_corpus(str(self.store.path.resolve()))

    # -- wiring -------------------------------------------------------------------------

    def register(self, commands: Commands) -> None:
        commands.register("file.new_corpus", self.new_corpus)
        commands.register("file.open_corpus", self.open_corpus)
        commands.register("file.import_files", self.import_files)
        commands.register("file.import_folder", self.import_folder)

    def fill_file_menu(self, menu: QtWidgets.QMenu, actions: dict[str, QtGui.QAction]) -> None:
        menu.addActions([actions["file.new_corpus"], actions["file.open_corpus"]])
        self.recent_menu = menu.addMenu("&Recent corpora")
        self.recent_menu.setObjectName("recentCorpora")
        # Filled as it opens, so a corpus opened in another window is listed too.
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._fill_recent()
        menu.addSeparator()
        menu.addActions([actions["file.import_files"], actions["file.import_folder"]])
        menu.addSeparator()

    def recent(self) -> list[Path]:
        """The corpora to offer, newest first: the open one is left out (it is open)."""
        current = str(self.store.path.resolve()) if self.store.path is not None else None
        names = [name for name in self.settings.recent_corpora() if name != current]
        return [Path(name) for name in names[:RECENT_CORPORA]]

    def _fill_recent(self) -> None:
        menu = self.recent_menu
        if menu is None:
            return
        menu.clear()
        recent = self.recent()
        for number, path in enumerate(recent, start=1):
            # "&1": the digit opens it while the menu is up (Alt+F, R, 1).
            shown = f"{path.name}  \u2014  {path.parent}".replace("&", "&&")  # no mnemonic
            action = menu.addAction(f"&{number}  {shown}")
            action.setObjectName(f"recent.{number}")
            action.triggered.connect(lambda _=False, p=path: self.open_path(p))
        if not recent:
            none = menu.addAction("No other corpus opened yet")
            none.setEnabled(False)

    # -- commands -----------------------------------------------------------------------

    def new_corpus(self) -> None:
        chosen = self.ask_new_path()
        if chosen is None:
            return
        path = chosen if chosen.suffix else chosen.with_suffix(CORPUS_SUFFIX)
        # An existing corpus is opened as it is, never emptied; any other existing file
        # is refused by the store, untouched, when the application opens it.
        self.corpus_chosen.emit(path)

    def open_corpus(self) -> None:
        chosen = self.ask_open_path()
        if chosen is not None:
            self.open_path(chosen)

    def open_path(self, path: Path) -> None:
        """Open an existing corpus (Open…, a recent one): a missing file is not created."""
        if self.store.path is not None and path.resolve() == self.store.path.resolve():
            self._message(f"{path} is the corpus already open")
            return
        if not path.exists():
            self.refuse(f"{path}: no such corpus file (moved or deleted?)")
            return
        self.corpus_chosen.emit(path)

    def import_files(self) -> None:
        chosen = self.ask_import_files()
        if chosen:
            self.start_import(chosen)

    def import_folder(self) -> None:
        chosen = self.ask_import_folder()
        if chosen is not None:
            self.start_import([chosen])

    def start_import(self, paths: list[Path]) -> None:
        from annotator.gui.import_dialog import ImportDialog

        dialog = ImportDialog(self.store, paths, imported=self._imported, parent=self._window)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self._dialog_gone)
        self.import_dialog = dialog
        dialog.open()  # window-modal, and the window's thread keeps running

    def _dialog_gone(self) -> None:
        self.import_dialog = None

    def _imported(self, report: ImportReport | None) -> None:
        # The import committed on its own connection: the window's data-version poll
        # would see it within a second or two; read it now instead.
        self.ops.check_for_outside_changes()
        window = self._window
        ids = window.corpus_panel.model.ids()  # type: ignore[attr-defined]
        if window.article_id is None and ids:  # type: ignore[attr-defined]
            window.open_article(ids[0])  # a new corpus's first articles: show one at once
        if report is not None:
            self._message(report.summary(), error=bool(report.refused))

    def refuse(self, message: str) -> None:
        """One line in a dialog that does not block the window's thread."""
        log.warning("%s", message)
        box = QtWidgets.QMessageBox(self._window)
        box.setObjectName("corpusRefused")
        box.setIcon(QtWidgets.QMessageBox.Icon.Warning)
        box.setWindowTitle("Annotator")
        box.setTextFormat(QtCore.Qt.TextFormat.PlainText)
        box.setText(message)
        box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # -- asking (replaced in tests) -----------------------------------------------------

    def _folder(self) -> str:
        return str(self.store.path.parent) if self.store.path is not None else str(Path.home())

    def ask_new_path(self) -> Path | None:
        # No overwrite question: an existing corpus is opened, never replaced.
        chosen, _ = QtWidgets.QFileDialog.getSaveFileName(
            self._window, "New corpus", str(Path(self._folder()) / f"corpus{CORPUS_SUFFIX}"),
            _CORPUS_FILTER, options=QtWidgets.QFileDialog.Option.DontConfirmOverwrite,
        )  # fmt: skip
        return Path(chosen) if chosen else None

    def ask_open_path(self) -> Path | None:
        chosen, _ = QtWidgets.QFileDialog.getOpenFileName(
            self._window, "Open corpus", self._folder(), _CORPUS_FILTER
        )
        return Path(chosen) if chosen else None

    def ask_import_files(self) -> list[Path]:
        chosen, _ = QtWidgets.QFileDialog.getOpenFileNames(
            self._window, "Import files", str(Path.home()),
            "Articles (*.txt *.md *.jsonl *.json);;All files (*)",
        )  # fmt: skip
        return [Path(name) for name in chosen]

    def ask_import_folder(self) -> Path | None:
        chosen = QtWidgets.QFileDialog.getExistingDirectory(
            self._window, "Import a folder", str(Path.home())
        )
        return Path(chosen) if chosen else None
