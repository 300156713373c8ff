"""Help > About: versions, where the files live, and a button that opens the data folder."""

from __future__ import annotations

import platform
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator import __version__
from annotator.core import paths
from annotator.core.store import Store
from annotator.gui.about import AboutDialog, show_about
from annotator.gui.qt import QtCore, QtGui, QtWidgets


class FolderOpener(QtCore.QObject):
    """Stands in for the file manager: QDesktopServices hands it every file:// URL."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[Path] = []

    @QtCore.Slot(QtCore.QUrl)
    def open(self, url: QtCore.QUrl) -> None:
        self.opened.append(Path(url.toLocalFile()))


@pytest.fixture
def opener(qapp: QtWidgets.QApplication) -> Iterator[FolderOpener]:
    handler = FolderOpener()
    QtGui.QDesktopServices.setUrlHandler("file", handler, "open")
    yield handler
    QtGui.QDesktopServices.unsetUrlHandler("file")


@pytest.fixture
def window(qtbot, db_path: Path) -> Iterator[QtWidgets.QMainWindow]:
    window = QtWidgets.QMainWindow()
    window.store = Store.open(db_path)  # what MainWindow exposes; About reads its path
    qtbot.addWidget(window)
    yield window
    window.store.close()


def test_about_shows_versions_and_paths(qtbot, window: QtWidgets.QMainWindow, db_path) -> None:
    dialog = show_about(window)
    qtbot.waitUntil(dialog.isVisible)
    facts = dialog.facts
    assert facts["Version"] == __version__
    assert facts["Qt"] == QtCore.qVersion()
    assert facts["Python"].startswith(platform.python_version())
    assert facts["Corpus"] == str(db_path)
    assert facts["Settings"] == str(paths.config_dir() / "settings.ini")
    assert facts["Log"] == str(paths.log_dir() / "annotator.log")
    shown = {label.objectName(): label.text() for label in dialog.findChildren(QtWidgets.QLabel)}
    assert shown["aboutQt"] == QtCore.qVersion()
    assert shown["aboutCorpus"] == str(db_path)
    dialog.copy_facts()
    assert f"Version: {__version__}" in QtGui.QGuiApplication.clipboard().text()
    dialog.close()


def test_open_data_folder_opens_the_corpus_folder(
    qtbot, window: QtWidgets.QMainWindow, db_path: Path, opener: FolderOpener
) -> None:
    dialog = show_about(window)
    qtbot.mouseClick(dialog.open_data_button, QtCore.Qt.MouseButton.LeftButton)
    assert opener.opened == [db_path.parent]
    qtbot.mouseClick(dialog.open_log_button, QtCore.Qt.MouseButton.LeftButton)
    assert opener.opened[-1] == paths.log_dir()
    assert paths.log_dir().is_dir()  # created, so the file manager has something to show
    dialog.close()


def test_without_a_window_the_default_corpus_is_shown(qtbot, opener: FolderOpener) -> None:
    dialog = AboutDialog(None)
    qtbot.addWidget(dialog)
    assert dialog.facts["Corpus"] == str(paths.default_db_path())
    qtbot.mouseClick(dialog.open_data_button, QtCore.Qt.MouseButton.LeftButton)
    assert opener.opened == [paths.data_dir()]


def test_main_windows_help_about_opens_it(qtbot, store: Store) -> None:
    from annotator.gui.mainwindow import MainWindow

    window = MainWindow(store, poll_ms=0)
    qtbot.addWidget(window)
    window.actions["help.about"].trigger()
    qtbot.waitUntil(lambda: window.findChild(AboutDialog) is not None)
    dialog = window.findChild(AboutDialog)
    assert dialog.facts["Version"] == __version__
    dialog.close()
