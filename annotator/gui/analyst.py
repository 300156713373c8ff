"""Who is tagging: the analyst's name, kept in the settings, shown, and changed (issue 16).

The name is asked once, on the first start, in the welcome (prefilled with the account
name); ``--annotator NAME`` overrides it for one run; File > Analyst name… changes it.
Every write of the window goes through ``Operations``, whose history stamps this name
on what it writes, so changing the name here changes it for every later write.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.core.errors import AnnotatorError
from annotator.core.identity import check_analyst_name
from annotator.gui.operations import default_annotator
from annotator.gui.qt import QtCore, QtWidgets

if TYPE_CHECKING:
    from annotator.gui.mainwindow import MainWindow

__all__ = ["NAME_KEY", "AnalystName", "chosen_name", "save_name", "stored_name"]

NAME_KEY = "analyst/name"


def _settings() -> QtCore.QSettings:
    from annotator.gui.welcome import open_settings

    return open_settings()


def stored_name(settings: QtCore.QSettings | None = None) -> str | None:
    """The name kept in the settings, if it is one (a hand-edited file may hold anything)."""
    value = (settings or _settings()).value(NAME_KEY)
    try:
        return check_analyst_name(value) if value is not None else None
    except AnnotatorError:
        return None


def save_name(name: str, settings: QtCore.QSettings | None = None) -> str:
    """Keep a checked name for the next start; returns it as kept."""
    name = check_analyst_name(name)
    settings = settings or _settings()
    settings.setValue(NAME_KEY, name)
    settings.sync()
    return name


def chosen_name(given: str | None, settings: QtCore.QSettings | None = None) -> str:
    """``--annotator``, else the kept name, else the account's name."""
    return given or stored_name(settings) or default_annotator()


class AnalystName:
    """The command ``file.analyst`` (File > Analyst name…) and the name in the status bar."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.dialog: QtWidgets.QInputDialog | None = None
        window.commands.register("file.analyst", self.ask)
        window.status_line.show_analyst(window.ops.annotator)

    @property
    def name(self) -> str:
        return self.window.ops.annotator

    def ask(self) -> None:
        dialog = QtWidgets.QInputDialog(self.window)
        dialog.setObjectName("analystNameDialog")
        dialog.setWindowTitle("Analyst name")
        dialog.setLabelText(
            "Your name as the analyst. Every span, relation and link you make records it:"
        )
        dialog.setTextValue(self.name)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(self.set_name)
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def set_name(self, name: str) -> bool:
        """Tag as ``name`` from now on (kept for the next start); False, said, if refused."""
        window = self.window
        try:
            name = save_name(name)
        except AnnotatorError as exc:
            window.status_line.message(f"Name not changed: {exc}", error=True)
            return False
        if name == self.name:
            return True
        # Undo keeps working on the steps already made: each carries its own records.
        window.ops.history.annotator = name
        window.status_line.show_analyst(name)
        window.status_line.message(f"Tagging as {name} from now on")
        if window.article_id is not None:
            # In a team corpus the view is the analyst's own layer: show the new one.
            window.open_article(window.article_id)
        return True
