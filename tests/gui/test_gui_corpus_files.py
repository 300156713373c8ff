"""File > New corpus…, Open corpus…, Recent corpora and Import…, driven by keys.

The file dialogs are the controller's ``ask_*`` methods, replaced here; everything
after them (the keys, the switch of window, the import in its worker) is the real thing.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.core import logsetup
from annotator.core.store import Store
from annotator.gui import app as app_module
from annotator.gui.import_dialog import ImportDialog
from annotator.gui.qt import Qt, QtWidgets
from annotator.gui.settings import WindowSettings

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture(autouse=True)
def close_log() -> Iterator[None]:
    yield
    logsetup.teardown_logging()


def make_corpus(path: Path, titles: list[str]) -> Path:
    store = Store.open(path)
    for title in titles:
        store.add_article(title=title, text=f"{title}: the ferry council met on Tuesday.")
    store.close()
    return path


@pytest.fixture
def session(qtbot, tmp_path):
    first = make_corpus(tmp_path / "first.sqlite3", ["Harbour levy vote"])
    made = app_module.start(db_path=first, seed_sample=False, welcome=False)
    assert made is not None
    qtbot.waitExposed(made.window)
    yield made
    made.close()


def focus_window(qtbot, window: QtWidgets.QMainWindow) -> None:
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QtWidgets.QApplication.activeWindow() is window, timeout=3000)


def press(qtbot, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier):
    widget = QtWidgets.QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClick(widget, key, modifiers)


def titles(window) -> list[str]:
    model = window.corpus_panel.model
    return [model.summary(article_id).title for article_id in model.ids()]


def test_new_corpus_creates_the_file_and_shows_it_empty(qtbot, session, tmp_path):
    old_window, old_store = session.window, session.store
    target = tmp_path / "studies" / "election"  # no suffix: ".sqlite3" is added
    old_window.corpus_files.ask_new_path = lambda: target
    focus_window(qtbot, old_window)
    press(qtbot, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: session.window is not old_window, timeout=5000)
    created = tmp_path / "studies" / "election.sqlite3"
    assert created.is_file()
    assert session.store.path == created
    assert session.store.article_count() == 0
    assert titles(session.window) == []
    assert not old_window.isVisible()
    assert session.window.isVisible()
    with pytest.raises(Exception):  # noqa: B017 - the old store was closed
        old_store.article_count()
    # Nothing of the first corpus was lost.
    kept = Store.open(tmp_path / "first.sqlite3")
    assert [a.title for a in kept.articles()] == ["Harbour levy vote"]
    kept.close()


def test_new_corpus_on_a_file_of_another_kind_is_refused_in_one_line(qtbot, session, tmp_path):
    notes = tmp_path / "notes.sqlite3"
    notes.write_text("Shopping: bread, lamp oil.\n", encoding="utf-8")
    window = session.window
    window.corpus_files.ask_new_path = lambda: notes
    focus_window(qtbot, window)
    press(qtbot, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: bool(window.findChildren(QtWidgets.QMessageBox)), timeout=3000)
    box = window.findChildren(QtWidgets.QMessageBox)[0]
    assert box.text() == f"{notes}: not an SQLite database; left untouched"
    assert "\n" not in box.text()
    assert notes.read_text(encoding="utf-8") == "Shopping: bread, lamp oil.\n"
    assert session.window is window and titles(window) == ["Harbour levy vote"]
    box.close()


def test_open_switches_corpus_and_the_list_shows_its_articles(qtbot, session, tmp_path):
    other = make_corpus(tmp_path / "other.sqlite3", ["Dam inquiry", "Tram fares rise"])
    old_window = session.window
    old_window.corpus_files.ask_open_path = lambda: other
    focus_window(qtbot, old_window)
    press(qtbot, Qt.Key.Key_O, CTRL)
    qtbot.waitUntil(lambda: session.window is not old_window, timeout=5000)
    assert session.store.path == other
    assert titles(session.window) == ["Dam inquiry", "Tram fares rise"]
    assert session.window.article_id is not None  # the first article is open


def test_open_of_a_missing_file_creates_nothing(qtbot, session, tmp_path):
    gone = tmp_path / "moved.sqlite3"
    window = session.window
    window.corpus_files.ask_open_path = lambda: gone
    focus_window(qtbot, window)
    press(qtbot, Qt.Key.Key_O, CTRL)
    qtbot.waitUntil(lambda: bool(window.findChildren(QtWidgets.QMessageBox)), timeout=3000)
    assert window.findChildren(QtWidgets.QMessageBox)[0].text() == (
        f"{gone}: no such corpus file (moved or deleted?)"
    )
    assert not gone.exists() and session.window is window


def test_recent_corpora_persist_and_open_by_key(qtbot, session, tmp_path):
    other = make_corpus(tmp_path / "other.sqlite3", ["Dam inquiry"])
    first = session.store.path
    session.window.corpus_files.ask_open_path = lambda: other
    focus_window(qtbot, session.window)
    press(qtbot, Qt.Key.Key_O, CTRL)
    qtbot.waitUntil(lambda: session.store.path == other, timeout=5000)
    # Kept in the settings file, newest first: a new start reads them back.
    assert WindowSettings().recent_corpora() == [str(other.resolve()), str(first.resolve())]
    window = session.window
    assert [p.name for p in window.corpus_files.recent()] == ["first.sqlite3"]
    # Alt+F, R, 1: the File menu's "&Recent corpora" holds "&1 first.sqlite3 — folder".
    # The offscreen platform cannot pop a menu up (no keyboard grab), so the digit goes
    # to the submenu itself, filled as it is when it shows.
    file_menu = window.menuBar().actions()[0].menu()
    assert "&Recent corpora" in [a.text() for a in file_menu.actions()]
    recent = window.corpus_files.recent_menu
    recent.aboutToShow.emit()
    assert recent.actions()[0].text() == f"&1  first.sqlite3  \u2014  {first.parent}"
    qtbot.keyClick(recent, Qt.Key.Key_1)
    qtbot.waitUntil(lambda: session.store.path == first, timeout=5000)
    assert titles(session.window) == ["Harbour levy vote"]


def import_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "a_good.txt").write_text(
        "Quarry reopens\n\nThe Velmont quarry reopened after 14 months.\n", encoding="utf-8"
    )
    (folder / "b_bad.jsonl").write_text('{"text": "Broken line\n', encoding="utf-8")
    return folder


def test_import_folder_shows_each_file_and_the_good_one_joins_the_list(qtbot, session, tmp_path):
    folder = import_folder(tmp_path)
    window = session.window
    window.corpus_files.ask_import_folder = lambda: folder
    focus_window(qtbot, window)
    press(qtbot, Qt.Key.Key_I, CTRL | SHIFT)
    qtbot.waitUntil(lambda: window.corpus_files.import_dialog is not None, timeout=3000)
    dialog = window.corpus_files.import_dialog
    assert isinstance(dialog, ImportDialog)
    qtbot.waitUntil(lambda: not dialog.running, timeout=20000)
    lines = dialog.result_view.toPlainText().splitlines()
    assert dialog.report is not None
    assert lines == [f.line() for f in dialog.report.files] + [dialog.report.summary()]
    assert lines[0].endswith("a_good.txt: added 1 article")
    assert "b_bad.jsonl: refused: " in lines[1]
    assert lines[2] == "Imported 1 article (0 spans) from 2 files; 1 file(s) refused."
    assert dialog.progress.value() == dialog.progress.maximum() == 2
    # The list shows it at once, without waiting for the poll.
    assert titles(window) == ["Harbour levy vote", "Quarry reopens"]
    qtbot.waitUntil(lambda: QtWidgets.QApplication.activeWindow() is dialog, timeout=3000)
    press(qtbot, Qt.Key.Key_Escape)  # done: Escape closes the dialog
    qtbot.waitUntil(lambda: window.corpus_files.import_dialog is None, timeout=3000)


def test_import_files_by_ctrl_i_imports_the_chosen_files(qtbot, session, tmp_path):
    folder = import_folder(tmp_path)
    window = session.window
    window.corpus_files.ask_import_files = lambda: [folder / "a_good.txt"]
    focus_window(qtbot, window)
    press(qtbot, Qt.Key.Key_I, CTRL)
    qtbot.waitUntil(lambda: window.corpus_files.import_dialog is not None, timeout=3000)
    dialog = window.corpus_files.import_dialog
    qtbot.waitUntil(lambda: not dialog.running, timeout=20000)
    assert dialog.result_view.toPlainText().splitlines()[-1] == (
        "Imported 1 article (0 spans) from 1 file."
    )
    assert "Quarry reopens" in titles(window)


def test_an_import_into_an_empty_corpus_opens_its_first_article(qtbot, session, tmp_path):
    folder = import_folder(tmp_path)
    session.window.corpus_files.ask_new_path = lambda: tmp_path / "fresh.sqlite3"
    focus_window(qtbot, session.window)
    press(qtbot, Qt.Key.Key_N, CTRL)
    qtbot.waitUntil(lambda: session.store.path == tmp_path / "fresh.sqlite3", timeout=5000)
    window = session.window
    assert window.article_id is None
    window.corpus_files.ask_import_files = lambda: [folder / "a_good.txt"]
    focus_window(qtbot, window)
    press(qtbot, Qt.Key.Key_I, CTRL)
    qtbot.waitUntil(lambda: window.corpus_files.import_dialog is not None, timeout=3000)
    qtbot.waitUntil(lambda: not window.corpus_files.import_dialog.running, timeout=20000)
    assert window.article_id is not None
    assert window.view.text.startswith("Quarry reopens")


def test_cancel_stops_the_import_between_commits_and_says_what_went_in(
    qtbot, session, tmp_path, monkeypatch
):
    from annotator.core import importing

    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(6):
        (folder / f"n{n}.txt").write_text(f"Notice {n}\n\nThe pier {n} closed.\n", "utf-8")
    monkeypatch.setattr(importing, "BATCH_FILE_BYTES", 0)  # a commit per file
    window = session.window
    read = importing.read_file
    gate = threading.Event()

    def slow_read(path, **kwargs):
        if path.name == "n2.txt":  # the third file waits until Escape was pressed
            assert gate.wait(20)
        return read(path, **kwargs)

    monkeypatch.setattr(importing, "read_file", slow_read)
    window.corpus_files.ask_import_folder = lambda: folder
    focus_window(qtbot, window)
    press(qtbot, Qt.Key.Key_I, CTRL | SHIFT)
    qtbot.waitUntil(lambda: window.corpus_files.import_dialog is not None, timeout=3000)
    dialog = window.corpus_files.import_dialog
    qtbot.waitUntil(lambda: QtWidgets.QApplication.activeWindow() is dialog, timeout=3000)
    press(qtbot, Qt.Key.Key_Escape)  # running: Escape cancels, the dialog stays
    assert dialog.task is not None and dialog.task.cancel_requested
    gate.set()
    qtbot.waitUntil(lambda: not dialog.running, timeout=20000)
    assert dialog.isVisible()
    report = dialog.report
    assert report is not None
    done = len(report.files)
    assert [f.path.name for f in report.files] == [f"n{n}.txt" for n in range(done)]
    assert len(report.not_read) == 6 - done > 0
    assert session.store.article_count() == 1 + done
    assert dialog.result_view.toPlainText().splitlines()[-1].endswith(
        f"; cancelled before {6 - done} file(s), which were not imported."
    )
