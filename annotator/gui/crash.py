"""What the analyst sees when something goes wrong that nobody planned for.

An uncaught exception (from startup code, a slot, an event handler or another
thread) is written to the log with its traceback and shown in one dialog that
says what happened, that saved work is safe, and where the log is, with a
"Copy details" button for a bug report.  The app keeps running: every change
is committed to the corpus as it is made, so nothing shown as saved depends on
the failed call, and closing the dialog returns to the window.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType
from typing import Any

from annotator import __version__
from annotator.core.errors import AnnotatorError
from annotator.gui.qt import QtCore, QtGui, QtWidgets

log = logging.getLogger("annotator.crash")

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def environment_line() -> str:
    import platform

    import PySide6

    return (
        f"Annotator {__version__}, Python {platform.python_version()}, "
        f"Qt {QtCore.qVersion()}, PySide6 {PySide6.__version__}, {platform.platform()}"
    )


def describe(exc_type: type[BaseException], exc: BaseException) -> tuple[str, str]:
    """A heading and a one-paragraph message for the dialog."""
    if isinstance(exc, AnnotatorError):
        return "Annotator could not do that", str(exc)
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    what = f"{exc_type.__name__}: {message}" if message else exc_type.__name__
    return "Annotator hit an unexpected error", what


class CrashDialog(QtWidgets.QDialog):
    """One dialog for however many errors arrive while it is open."""

    def __init__(self, *, log_path: Path | None, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle("Annotator: error")
        self.errors = 0
        self.heading = QtWidgets.QLabel()
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        self.message = QtWidgets.QLabel(wordWrap=True)
        self.message.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reassurance = QtWidgets.QLabel(
            "Your work is safe: every change is saved to the corpus the moment you make it. "
            "You can close this message and carry on; if the same thing keeps happening, "
            "restart Annotator and send the details below with a bug report.",
            wordWrap=True,
        )
        where = str(log_path) if log_path else "(no log file: the log folder is not writable)"
        self.log_label = QtWidgets.QLabel(f"Full details are in the log:\n{where}", wordWrap=True)
        self.log_label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QtWidgets.QPlainTextEdit(readOnly=True)
        self.details.setObjectName("crashDetails")
        self.details.setLineWrapMode(QtWidgets.QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setFont(
            QtGui.QFontDatabase.systemFont(QtGui.QFontDatabase.SystemFont.FixedFont)
        )
        self.details.setMinimumHeight(160)
        self.copy_button = QtWidgets.QPushButton("&Copy details")
        self.copy_button.setObjectName("copyDetails")
        self.copy_button.setAutoDefault(False)
        self.close_button = QtWidgets.QPushButton("Close")
        self.close_button.setDefault(True)
        buttons = QtWidgets.QDialogButtonBox()
        buttons.addButton(self.copy_button, QtWidgets.QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole)
        # ActionRole buttons do not close the dialog, so copying leaves it open.
        self.copy_button.clicked.connect(self.copy_details)
        buttons.accepted.connect(self.accept)
        layout = QtWidgets.QVBoxLayout(self)
        for widget in (self.heading, self.message, self.reassurance, self.log_label):
            layout.addWidget(widget)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.resize(640, 420)
        self.details.setPlainText(environment_line())

    def add_error(self, heading: str, message: str, details: str) -> None:
        self.errors += 1
        if self.errors == 1:
            self.heading.setText(heading)
            self.message.setText(message)
        else:
            self.heading.setText(f"{self.errors} errors since this message opened")
        self.details.appendPlainText("\n" + details.rstrip())

    def details_text(self) -> str:
        return self.details.toPlainText()

    def copy_details(self) -> None:
        QtGui.QGuiApplication.clipboard().setText(self.details_text())
        self.copy_button.setText("Copied")


class CrashReporter(QtCore.QObject):
    """Installs itself as ``sys.excepthook`` and ``threading.excepthook``."""

    # Errors from other threads cross to the GUI thread through this signal.
    reported = QtCore.Signal(str, str, str)

    def __init__(
        self, *, log_path: Path | None, parent_window: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__()
        self.log_path = log_path
        self.parent_window = parent_window
        self.dialog: CrashDialog | None = None
        self._previous: tuple[Any, Any] | None = None
        self.reported.connect(self._show, QtCore.Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        if self._previous is None:
            self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous
            self._previous = None

    def excepthook(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt | SystemExit):
            sys.__excepthook__(exc_type, exc, tb)
            return
        self.handle(exc_type, exc, tb)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def handle(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        """Log the traceback, then show (or queue) the dialog; never raises."""
        try:
            details = "".join(traceback.format_exception(exc_type, exc, tb))
            log.error("uncaught %s\n%s", exc_type.__name__, details.rstrip())
            heading, message = describe(exc_type, exc)
            app = QtWidgets.QApplication.instance()
            if app is None:
                sys.__excepthook__(exc_type, exc, tb)
                return
            if threading.current_thread() is threading.main_thread():  # Qt's GUI thread
                self._show(heading, message, details)
            else:
                self.reported.emit(heading, message, details)
        except Exception:  # the reporter must never become the next crash
            sys.__excepthook__(exc_type, exc, tb)

    def _show(self, heading: str, message: str, details: str) -> None:
        if self.dialog is None or not self.dialog.isVisible():
            self.dialog = CrashDialog(log_path=self.log_path, parent=self.parent_window)
            self.dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose, False)
            self.dialog.add_error(heading, message, details)
            # Window-modal, not exec(): no nested event loop inside the failing call.
            self.dialog.open()
        else:
            self.dialog.add_error(heading, message, details)
