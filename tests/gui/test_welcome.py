"""The first-run welcome: shown once, pointing at the sample corpus and the F1 cheat sheet."""

from __future__ import annotations

from pathlib import Path

from annotator.core import paths
from annotator.gui.qt import QtCore, QtWidgets
from annotator.gui.welcome import SHOWN_KEY, WelcomeDialog, maybe_show_welcome


def _strip(html: str) -> str:
    import re

    return re.sub(r"<[^>]+>", "", html).replace("&lt;", "<").replace("&gt;", ">")


def test_shown_on_first_run_only(qtbot, db_path: Path) -> None:
    parent = QtWidgets.QWidget()
    qtbot.addWidget(parent)
    first = maybe_show_welcome(parent, corpus=db_path, articles=6, sample=True)
    assert first is not None
    qtbot.waitUntil(first.isVisible)
    text = _strip(first.text.text())
    assert "6 short sample articles" in text
    assert "F1" in text and "cheat sheet" in text
    assert str(db_path) in text
    qtbot.mouseClick(
        first.findChild(QtWidgets.QPushButton), QtCore.Qt.MouseButton.LeftButton
    )  # "Start tagging"
    qtbot.waitUntil(lambda: not first.isVisible())
    assert maybe_show_welcome(parent, corpus=db_path, articles=6, sample=True) is None


def test_flag_is_kept_in_the_settings_file_beside_the_window_state(qtbot, db_path) -> None:
    parent = QtWidgets.QWidget()
    qtbot.addWidget(parent)
    dialog = maybe_show_welcome(parent, corpus=db_path, articles=6, sample=True)
    dialog.close()
    ini = paths.config_dir() / "settings.ini"
    assert ini.is_file()
    stored = QtCore.QSettings(str(ini), QtCore.QSettings.Format.IniFormat)
    assert stored.value(SHOWN_KEY, False, type=bool) is True
    # A new process (fresh QSettings object on the same file) does not show it again.
    assert maybe_show_welcome(parent, corpus=db_path, articles=6, sample=True) is None


def test_a_corpus_without_the_sample_says_how_to_add_it(qtbot, db_path: Path) -> None:
    dialog = WelcomeDialog(None, corpus=db_path, articles=1, sample=False)
    qtbot.addWidget(dialog)
    text = _strip(dialog.text.text())
    assert "1 article." in text
    assert "annotator import --sample" in text
    assert "F1" in text
