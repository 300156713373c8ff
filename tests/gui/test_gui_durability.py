"""Never lose work: killed processes, a second writer, and state that comes back."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from annotator.core.importing import import_sample
from annotator.core.store import Store
from annotator.gui.qt import Qt, QtWidgets
from annotator.gui.settings import WindowSettings, settings_path

K = Qt.Key

KILLED_SESSION = textwrap.dedent(
    """
    import os, signal, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtTest import QTest
    from annotator.core.store import Store
    from annotator.gui.mainwindow import MainWindow
    from annotator.gui.qt import Qt, QtWidgets

    app = QtWidgets.QApplication([])
    window = MainWindow(Store.open(sys.argv[1]), annotator="tester", poll_ms=0)
    window.show()
    QTest.qWaitForWindowExposed(window)
    view = window.view
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(view, Qt.Key.Key_Right, ctrl_shift)
    QTest.keyClick(view, Qt.Key.Key_A)
    QTest.keyClick(view, Qt.Key.Key_Right, ctrl_shift)
    QTest.keyClick(view, Qt.Key.Key_Right, ctrl_shift)
    QTest.keyClick(view, Qt.Key.Key_C)
    QTest.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    print("shown", len(view.spans), window.article_id, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)  # no close, no cleanup: like a power cut
    """
)


def test_killed_window_loses_nothing_that_was_shown(db_path: Path, isolated_user_dirs):
    store = Store.open(db_path)
    first, _ = store.add_article(title="One", text="Mayor Tepperley said the dam held.")
    second, _ = store.add_article(title="Two", text="Second article.")
    store.close()
    env = dict(os.environ)
    result = subprocess.run(
        [sys.executable, "-c", KILLED_SESSION, str(db_path)],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert result.returncode == -9, result.stderr
    assert result.stdout == f"shown 0 {second}\n"  # moved on to the next article
    store = Store.open(db_path)
    assert [(s.label, s.text) for s in store.spans(first)] == [
        ("ACTOR", "Mayor"),
        ("CLAIM", "Tepperley"),
    ]
    assert store.article(first).status == "done"
    # and the next start reopens the article the killed window had moved on to
    last = WindowSettings().last_article(str(db_path.resolve()))
    assert last == second
    store.close()


def test_second_writer_is_shown_and_neither_loses_edits(db_path: Path, make_window, keys):
    mine = Store.open(db_path)
    article_id, _ = mine.add_article(title="Shared", text="Alpha beta gamma delta.")
    window = make_window(mine)
    other = Store.open(db_path)  # another window or process on the same file
    other.add_span(article_id, 6, 10, "ACTOR", annotator="colleague")
    assert window.ops.check_for_outside_changes()
    assert [s.text for s in window.view.spans.values()] == ["beta"]
    assert window.span_panel.model.rowCount() == 1
    k = keys(window)
    k.ctrl_shift(K.Key_Right)
    k.press(K.Key_C)
    assert not window.ops.check_for_outside_changes()  # our own write is not "outside"
    other.add_span(article_id, 11, 16, "NUMBER", annotator="colleague")
    assert window.ops.check_for_outside_changes()
    both = [(s.label, s.text, s.annotator) for s in other.spans(article_id)]
    assert both == [
        ("CLAIM", "Alpha", "tester"),
        ("ACTOR", "beta", "colleague"),
        ("NUMBER", "gamma", "colleague"),
    ]
    assert sorted(s.text for s in window.view.spans.values()) == ["Alpha", "beta", "gamma"]
    other.close()


def test_polling_timer_picks_up_outside_changes(db_path: Path, make_window, qtbot):
    mine = Store.open(db_path)
    article_id, _ = mine.add_article(title="Shared", text="Alpha beta gamma delta.")
    window = make_window(mine, poll_ms=50)
    other = Store.open(db_path)
    other.add_span(article_id, 0, 5, "QUOTE")
    qtbot.waitUntil(lambda: len(window.view.spans) == 1, timeout=3000)
    assert window.corpus_panel.model.summary(article_id).span_count == 1
    other.close()


def test_geometry_splitters_last_article_and_toggles_come_back(db_path: Path, make_window, keys):
    store = Store.open(db_path)
    import_sample(store)
    window = make_window(store)
    keys(window).ctrl(K.Key_PageDown)
    keys(window).ctrl(K.Key_PageDown)
    opened = window.article_id
    window.resize(720, 560)
    window.splitter.setSizes([200, 330, 190])
    sizes = window.splitter.sizes()
    keys(window).ctrl_shift(K.Key_W)  # snapping off
    window.close()
    assert settings_path().exists()
    assert str(settings_path()).startswith(os.environ["XDG_CONFIG_HOME"])

    again = make_window(store)
    assert again.article_id == opened
    assert (again.width(), again.height()) == (720, 560)
    assert again.splitter.sizes() == sizes
    assert not again.snap_to_words
    assert QtWidgets.QApplication.focusWidget() is again.view


def test_reload_shows_a_new_text_under_a_reused_id(db_path: Path, make_window):
    """Another program deletes the open article and imports another, which gets its id."""
    mine = Store.open(db_path)
    mine.add_article(title="Keep", text="Keep this one.")
    gone, _ = mine.add_article(title="Gone", text="Hello world, the first text.")
    window = make_window(mine)
    window.open_article(gone)
    other = Store.open(db_path)
    with other.transaction():
        other.conn.execute("DELETE FROM articles WHERE id = ?", (gone,))
    again, _ = other.add_article(title="Back", text="Zebra crossing, the second text.")
    other.close()
    assert again == gone
    window.reload()
    assert window.view.text == "Zebra crossing, the second text."
    window.view.select_range(0, 5, exact=True)
    window.tag("CLAIM")
    assert [s.text for s in mine.spans(gone)] == ["Zebra"]
