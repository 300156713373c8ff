"""Help > About: versions, and where the corpus, settings and log live."""

from __future__ import annotations

import html
import platform
from pathlib import Path

from annotator import __version__
from annotator.core import paths
from annotator.core.desktop import APP_ID
from annotator.core.logsetup import log_path
from annotator.gui.qt import QtCore, QtGui, QtWidgets


def corpus_path(parent: QtWidgets.QWidget | None) -> Path:
    """The open corpus's file when the window has one, else the default one."""
    store = getattr(parent, "store", None)
    path = getattr(store, "path", None)
    return Path(path) if path else paths.default_db_path()


def open_folder(folder: Path) -> bool:
    """Open ``folder`` in the file manager (created first, so there is something to open)."""
    folder.mkdir(parents=True, exist_ok=True)
    return QtGui.QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile(str(folder)))


class AboutDialog(QtWidgets.QDialog):
    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        import PySide6

        self.setObjectName("aboutDialog")
        self.setWindowTitle("About Annotator")
        corpus = corpus_path(parent)
        self.data_folder = corpus.parent
        self.log_folder = paths.log_dir()
        self.facts: dict[str, str] = {
            "Version": __version__,
            "Qt": QtCore.qVersion(),
            "PySide6": PySide6.__version__,
            "Python": f"{platform.python_version()} ({platform.python_implementation()})",
            "System": platform.platform(),
            "Corpus": str(corpus),
            "Settings": str(paths.config_dir() / "settings.ini"),
            "Log": str(log_path()),
        }
        icon = QtWidgets.QLabel()
        icon.setPixmap(QtGui.QGuiApplication.windowIcon().pixmap(64, 64))
        title = QtWidgets.QLabel(
            f"<h2>Annotator {html.escape(__version__)}</h2>"
            "<p>Tag claims, numbers, actors and quotes in news articles.</p>"
        )
        title.setTextFormat(QtCore.Qt.TextFormat.RichText)
        header = QtWidgets.QHBoxLayout()
        header.addWidget(icon)
        header.addWidget(title, 1)
        form = QtWidgets.QFormLayout()
        for name, value in self.facts.items():
            label = QtWidgets.QLabel(value, wordWrap=True)
            label.setObjectName(f"about{name}")
            label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(f"{name}:", label)
        hint = QtWidgets.QLabel(
            "To back up the corpus or move it to another computer, run "
            '"annotator backup" (safe while this window is open) and, on the other '
            'computer, "annotator restore"; see the README for details.',
            wordWrap=True,
        )
        self.open_data_button = QtWidgets.QPushButton("Open &data folder")
        self.open_data_button.setObjectName("openDataFolder")
        self.open_data_button.clicked.connect(lambda: open_folder(self.data_folder))
        self.open_log_button = QtWidgets.QPushButton("Open &log folder")
        self.open_log_button.setObjectName("openLogFolder")
        self.open_log_button.clicked.connect(lambda: open_folder(self.log_folder))
        self.copy_button = QtWidgets.QPushButton("&Copy")
        self.copy_button.setToolTip("Copy these versions and paths, e.g. for a bug report")
        self.copy_button.clicked.connect(self.copy_facts)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        for button in (self.open_data_button, self.open_log_button, self.copy_button):
            button.setAutoDefault(False)
            buttons.addButton(button, QtWidgets.QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.setWindowIcon(QtGui.QIcon.fromTheme(APP_ID, QtGui.QGuiApplication.windowIcon()))

    def facts_text(self) -> str:
        return "\n".join(f"{name}: {value}" for name, value in self.facts.items())

    def copy_facts(self) -> None:
        QtGui.QGuiApplication.clipboard().setText(self.facts_text())


def show_about(parent: QtWidgets.QWidget | None) -> AboutDialog:
    """Open the About dialog over ``parent`` (window-modal, no nested event loop)."""
    dialog = AboutDialog(parent)
    dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
