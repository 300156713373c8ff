"""Starting the app as a double-click does: name, icon, log, crash hook, welcome."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.core import logsetup, paths
from annotator.core.desktop import APP_ID, WM_CLASS
from annotator.gui import app as app_module
from annotator.gui.crash import CrashDialog
from annotator.gui.qt import QtCore, QtGui, QtWidgets
from annotator.gui.welcome import WelcomeDialog

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def close_log() -> Iterator[None]:
    yield
    logsetup.teardown_logging()


def visible(kind: type) -> list[QtWidgets.QWidget]:
    return [w for w in QtWidgets.QApplication.topLevelWidgets() if isinstance(w, kind)
            and w.isVisible()]  # fmt: skip


def test_start_names_the_app_after_its_desktop_entry_and_sets_the_icon(qtbot) -> None:
    session = app_module.start(db_path=paths.default_db_path(), seed_sample=True)
    assert session is not None
    try:
        qtbot.waitExposed(session.window)
        assert QtGui.QGuiApplication.desktopFileName() == APP_ID
        assert (ROOT / "packaging" / f"{APP_ID}.desktop").is_file()
        assert QtCore.QCoreApplication.applicationName() == WM_CLASS
        icon = session.window.windowIcon()
        assert not icon.isNull()
        assert {s.width() for s in icon.availableSizes()} >= {16, 32, 48, 256}
        assert not QtGui.QGuiApplication.windowIcon().isNull()
        # the default corpus is seeded: the six sample articles and the second story's four
        assert session.store.article_count() == 10
    finally:
        session.close()


def test_start_writes_the_log_and_installs_the_crash_hook(qtbot) -> None:
    import sys

    before = sys.excepthook
    session = app_module.start(db_path=paths.default_db_path(), seed_sample=True, welcome=False)
    assert session is not None
    try:
        assert sys.excepthook == session.reporter.excepthook
        log_text = logsetup.log_path().read_text(encoding="utf-8")
        assert "starting Annotator" in log_text
        assert str(paths.default_db_path()) in log_text
        assert session.reporter.parent_window is session.window
    finally:
        session.close()
    assert sys.excepthook == before


def test_welcome_on_the_first_start_only(qtbot) -> None:
    session = app_module.start(db_path=paths.default_db_path(), seed_sample=True)
    try:
        qtbot.waitUntil(lambda: len(visible(WelcomeDialog)) == 1)
        welcome = visible(WelcomeDialog)[0]
        assert welcome.parent() is session.window
        welcome.accept()
    finally:
        session.close()
    session = app_module.start(db_path=paths.default_db_path(), seed_sample=True)
    try:
        qtbot.waitExposed(session.window)
        qtbot.wait(100)  # the welcome is queued for just after the first paint
        assert visible(WelcomeDialog) == []
    finally:
        session.close()


def test_a_file_that_is_not_a_corpus_gets_a_dialog_not_a_traceback(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        QtWidgets.QMessageBox, "critical", lambda parent, title, text: shown.append(text)
    )
    bad = tmp_path / "notes.sqlite3"
    bad.write_text("shopping list", encoding="utf-8")
    assert app_module.start(db_path=bad, seed_sample=False) is None
    assert len(shown) == 1 and str(bad) in shown[0] and "not an SQLite database" in shown[0]
    assert bad.read_text(encoding="utf-8") == "shopping list"


@pytest.mark.qt_no_exception_capture
def test_a_window_that_fails_to_build_shows_the_crash_dialog(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    import annotator.gui.mainwindow as mainwindow

    def broken(store: object) -> None:
        raise RuntimeError("splitter state unreadable")

    monkeypatch.setattr(mainwindow, "MainWindow", broken)
    seen: list[str] = []

    def close_dialog() -> None:
        dialogs = visible(CrashDialog)
        seen.extend(d.message.text() for d in dialogs)
        for dialog in dialogs:
            dialog.accept()

    timer = QtCore.QTimer(interval=20, timeout=close_dialog)
    timer.start()
    try:
        assert app_module.start(db_path=paths.default_db_path(), seed_sample=True) is None
    finally:
        timer.stop()
    assert seen == ["RuntimeError: splitter state unreadable"]
    assert "splitter state unreadable" in logsetup.log_path().read_text(encoding="utf-8")


def test_run_window_returns_the_event_loops_exit_code(qtbot) -> None:
    QtCore.QTimer.singleShot(200, lambda: QtWidgets.QApplication.exit(0))
    assert app_module.run_window(db_path=paths.default_db_path(), seed_sample=True) == 0
    assert "closed" in logsetup.log_path().read_text(encoding="utf-8")


def test_damage_found_while_building_the_window_is_a_corpus_dialog(
    qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    import annotator.gui.mainwindow as mainwindow

    def damaged(store: object) -> None:
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(mainwindow, "MainWindow", damaged)
    shown: list[str] = []
    monkeypatch.setattr(
        QtWidgets.QMessageBox, "critical", lambda parent, title, text: shown.append(text)
    )
    assert app_module.start(db_path=paths.default_db_path(), seed_sample=True) is None
    assert shown == [
        f"{paths.default_db_path()}: not a usable Annotator database "
        "(database disk image is malformed); left untouched"
    ]
    assert visible(CrashDialog) == []
