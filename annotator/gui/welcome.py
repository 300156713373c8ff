"""The first-run welcome: what is in the corpus, and where the keys are explained.

Shown once per user: a flag in the same settings file the window keeps its
geometry in (``config_dir()/settings.ini``) remembers that it was shown.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from annotator.core import paths
from annotator.gui.qt import QtCore, QtWidgets

SHOWN_KEY = "welcome/shown"


def settings_file() -> Path:
    return paths.config_dir() / "settings.ini"


def open_settings() -> QtCore.QSettings:
    return QtCore.QSettings(str(settings_file()), QtCore.QSettings.Format.IniFormat)


def welcome_html(*, corpus: Path, articles: int, sample: bool) -> str:
    if sample:
        start = (
            f"<p>Your corpus already holds <b>{articles} short sample articles</b>, invented "
            "for practice: one flood night as rival outlets reported it, the council's "
            "statement, an analysis and a correction. Open the first one and try tagging.</p>"
        )
    else:
        start = (
            f"<p>This corpus holds {articles} article{'s' if articles != 1 else ''}. To "
            "practise on the invented sample articles, run "
            "<code>annotator import --sample</code>.</p>"
        )
    return (
        "<h2>Welcome to Annotator</h2>"
        + start
        + "<p>Select words with <b>Shift+arrows</b> (or the mouse) and press a label key: "
        "<b>1</b>–<b>4</b> or <b>C</b> CLAIM, <b>N</b> NUMBER, <b>A</b> ACTOR, <b>Q</b> QUOTE. "
        "<b>Tab</b> moves between spans, <b>Delete</b> removes one, <b>Ctrl+Z</b> undoes.</p>"
        "<p>Press <b>F1</b> at any time for the full keyboard cheat sheet "
        "(also under Help).</p>"
        "<p>Every change is saved the moment you make it, to<br>"
        f"<code>{html.escape(str(corpus))}</code></p>"
    )


class WelcomeDialog(QtWidgets.QDialog):
    def __init__(
        self,
        parent: QtWidgets.QWidget | None = None,
        *,
        corpus: Path,
        articles: int,
        sample: bool,
        name: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeDialog")
        self.setWindowTitle("Welcome to Annotator")
        self.text = QtWidgets.QLabel(welcome_html(corpus=corpus, articles=articles, sample=sample))
        self.text.setObjectName("welcomeText")
        self.text.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QtWidgets.QDialogButtonBox()
        start = buttons.addButton(
            "&Start tagging", QtWidgets.QDialogButtonBox.ButtonRole.AcceptRole
        )
        start.setDefault(True)
        buttons.accepted.connect(self.accept)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.text)
        # The analyst's name, asked once (issue 16): every span records who made it.
        self.name: QtWidgets.QLineEdit | None = None
        if name is not None:
            self.name = QtWidgets.QLineEdit(name)
            self.name.setObjectName("welcomeName")
            self.name.selectAll()
            row = QtWidgets.QFormLayout()
            row.addRow("Your &name as the analyst:", self.name)
            layout.addLayout(row)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)


def maybe_show_welcome(
    parent: QtWidgets.QWidget | None,
    *,
    corpus: Path,
    articles: int,
    sample: bool,
    settings: QtCore.QSettings | None = None,
    ask_name: Callable[[str], bool] | None = None,
) -> WelcomeDialog | None:
    """Open the welcome over ``parent`` unless it was shown before; return it if opened.

    The flag is written when the dialog opens, not when it closes, so a crash
    or a kill while it is up does not bring it back on every start.  ``ask_name``
    (no analyst name kept yet) adds a name field, prefilled with the account's name,
    and shows the welcome even if it was shown before (once more, for a user from
    before names were asked); it is called with the prefilled name at once (kept,
    so it is asked once only) and with the name typed when the dialog is accepted.
    """
    settings = settings or open_settings()
    if settings.value(SHOWN_KEY, False, type=bool) and ask_name is None:
        return None
    settings.setValue(SHOWN_KEY, True)
    settings.sync()
    name = None
    if ask_name is not None:
        from annotator.gui.operations import default_annotator

        name = default_annotator()
        ask_name(name)
    dialog = WelcomeDialog(parent, corpus=corpus, articles=articles, sample=sample, name=name)
    dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
    if ask_name is not None and dialog.name is not None:
        field = dialog.name
        dialog.accepted.connect(lambda: ask_name(field.text()))
    dialog.open()
    return dialog
