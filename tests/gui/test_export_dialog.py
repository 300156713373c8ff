"""File > Export...: the dialog driven with keys and clicks, checking the files it writes."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from annotator.core.store import NewSpan, Store
from annotator.gui.export_dialog import ExportDialog
from annotator.gui.qt import Qt, QtCore, QtWidgets

# The export runs in a worker thread; the first spaCy export also imports spaCy there.
EXPORT_WAIT_MS = 60_000


def tagged(store: Store, count: int) -> None:
    for i in range(count):
        text = f"Story {i}: the mayor said {i} bridges closed.\r\nResidents \U0001f30a waited."
        start = text.index("mayor")
        store.add_article(
            title=f"../story {i}", text=text, status="done" if i % 2 else "todo",
            spans=[NewSpan(start, start + 5, "ACTOR", annotator="ana"),
                   NewSpan(text.index("said"), text.index("closed") + 6, "CLAIM",
                           annotator="ben")],
        )  # fmt: skip


@pytest.fixture
def dialog(qtbot, store):
    tagged(store, 6)
    box = ExportDialog(store, parent=None)
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    return box


def type_into(qtbot, widget: QtWidgets.QLineEdit, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Backspace)
    qtbot.keyClicks(widget, text)


def test_format_filters_destination_and_summary(qtbot, dialog, tmp_path):
    # choose Label Studio with the keyboard: the combo has focus when the dialog opens
    combo = dialog.format_box
    combo.setFocus()
    while dialog.format_name() != "labelstudio":
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    dialog.status_box.setCurrentIndex(dialog.status_box.findData("done"))
    # untick CLAIM
    claim = dialog.label_list.findItems("CLAIM", Qt.MatchFlag.MatchExactly)[0]
    claim.setCheckState(Qt.CheckState.Unchecked)
    out = tmp_path / "tasks.json"
    type_into(qtbot, dialog.path_edit, str(out))
    qtbot.keyClick(dialog.path_edit, Qt.Key.Key_Return)  # the default button: Export
    qtbot.waitUntil(lambda: not dialog.running, timeout=EXPORT_WAIT_MS)
    assert out.exists() and (tmp_path / "tasks.config.xml").exists()
    tasks = json.loads(out.read_text(encoding="utf-8"))
    assert len(tasks) == 3  # the done ones
    labels = {r["value"]["labels"][0] for t in tasks for a in t["annotations"] for r in a["result"]}
    assert labels == {"ACTOR"}
    summary = dialog.result_view.toPlainText()
    assert "Wrote 3 articles and 3 spans as labelstudio" in summary
    assert dialog.progress.value() == dialog.progress.maximum()
    assert dialog.close_button.text() == "Close"


def test_changing_format_fits_the_destination_suffix(qtbot, dialog, tmp_path):
    type_into(qtbot, dialog.path_edit, str(tmp_path / "corpus.jsonl"))
    dialog.set_format("spacy")
    assert dialog.path_edit.text() == str(tmp_path / "corpus.spacy")
    dialog.set_format("brat")
    assert dialog.path_edit.text() == str(tmp_path / "corpus")
    dialog.set_format("conll")
    dialog.split_check.setChecked(True)
    assert dialog.path_edit.text() == str(tmp_path / "corpus")


def test_split_export_writes_three_parts_and_lists_expanded_spans(qtbot, dialog, tmp_path):
    dialog.set_format("spacy")
    dialog.split_check.setChecked(True)
    type_into(qtbot, dialog.split_edit, "50/25/25")
    dialog.seed_box.setValue(4)
    out = tmp_path / "splits"
    type_into(qtbot, dialog.path_edit, str(out))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running, timeout=EXPORT_WAIT_MS)
    assert sorted(p.name for p in out.glob("*.spacy")) == ["dev.spacy", "test.spacy", "train.spacy"]
    # 6 articles at 50/25/25: 3, 1.5, 1.5 -> floors 3, 1, 1; the one left goes to the
    # first of the tied remainders (dev)
    assert "(train 3, dev 2, test 1)" in dialog.result_view.toPlainText()
    assert "3 unfinished articles" in dialog.result_view.toPlainText()


def test_cancel_during_a_large_export_leaves_nothing(qtbot, store, tmp_path, monkeypatch):
    tagged(store, 400)
    box = ExportDialog(store, parent=None)
    qtbot.addWidget(box)
    box.show()
    monkeypatch.setattr("annotator.gui.export_dialog._EVENT_INTERVAL_S", 0.0)
    box.set_format("brat")
    out = tmp_path / "brat"
    type_into(qtbot, box.path_edit, str(out))
    seen: list[int] = []
    original = box._on_progress

    def watch(done: int) -> None:
        seen.append(done)
        if done == 50:  # the person clicks Cancel while the bar moves
            QtCore.QTimer.singleShot(0, box.close_button.click)
        original(done)

    box._on_progress = watch  # type: ignore[method-assign]
    qtbot.mouseClick(box.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.running, timeout=EXPORT_WAIT_MS)
    assert 50 <= max(seen) < 400
    assert list(tmp_path.iterdir()) == []  # no folder, no hidden staging folder
    assert "cancelled" in box.result_view.toPlainText()
    assert box.isVisible()  # Cancel stopped the export, not the dialog


def test_an_error_is_shown_in_the_dialog_and_nothing_is_written(qtbot, dialog, tmp_path):
    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "keep.txt").write_text("mine", encoding="utf-8")
    dialog.set_format("brat")
    type_into(qtbot, dialog.path_edit, str(mine))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running, timeout=EXPORT_WAIT_MS)
    assert "Error:" in dialog.result_view.toPlainText()
    assert "not an earlier export" in dialog.result_view.toPlainText()
    assert [p.name for p in mine.iterdir()] == ["keep.txt"]
    assert dialog.export_button.isEnabled()


def test_escape_closes_the_idle_dialog(qtbot, dialog):
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert dialog.result() == QtWidgets.QDialog.DialogCode.Rejected


def test_the_main_window_opens_it_from_file_export(qtbot, store, monkeypatch):
    opened: list[Path] = []

    def fake_exec(self) -> int:
        opened.append(self.store)
        return 0

    monkeypatch.setattr(ExportDialog, "exec", fake_exec)
    from annotator.gui.mainwindow import MainWindow

    window = MainWindow(store, annotator="tester", poll_ms=0)
    qtbot.addWidget(window)
    window.show_export()
    assert opened == [store]


def test_escape_during_an_export_cancels_it_and_keeps_the_dialog(
    qtbot, store, tmp_path, monkeypatch
):
    tagged(store, 300)
    monkeypatch.setattr("annotator.gui.export_dialog._EVENT_INTERVAL_S", 0.0)
    box = ExportDialog(store, parent=None)
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    out = tmp_path / "corpus.jsonl"
    type_into(qtbot, box.path_edit, str(out))
    seen: list[int] = []

    def watch(done: int) -> None:
        seen.append(done)
        if done == 20:  # the export runs in a worker: the dialog still takes keys
            qtbot.keyClick(box, Qt.Key.Key_Escape)
            assert box.isVisible() and box.result_view.toPlainText() == "Cancelling\u2026"

    box._on_progress = watch  # type: ignore[method-assign]
    qtbot.mouseClick(box.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.running, timeout=EXPORT_WAIT_MS)
    assert 20 <= max(seen) < 300
    assert box.result_view.toPlainText() == "Export cancelled; nothing was written."
    assert list(tmp_path.iterdir()) == []
    assert box.isVisible() and box.export_button.isEnabled()


def test_closing_the_window_during_an_export_cancels_and_waits_for_it(
    qtbot, store, tmp_path, monkeypatch
):
    from annotator.gui.mainwindow import MainWindow

    tagged(store, 300)
    monkeypatch.setattr("annotator.gui.export_dialog._EVENT_INTERVAL_S", 0.0)
    window = MainWindow(store, annotator="tester", poll_ms=0)
    qtbot.addWidget(window)
    window.show()
    box = ExportDialog(store, parent=window)
    box.show()
    box.set_format("brat")
    out = tmp_path / "brat"
    type_into(qtbot, box.path_edit, str(out))
    original = box._on_progress

    def close_at_ten(done: int) -> None:
        original(done)
        if done == 10:
            window.close()  # returns once the worker has stopped
            assert not box.running

    box._on_progress = close_at_ten  # type: ignore[method-assign]
    qtbot.mouseClick(box.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.running, timeout=EXPORT_WAIT_MS)
    assert box.result_view.toPlainText() == "Export cancelled; nothing was written."
    assert list(tmp_path.iterdir()) == []
    assert not any(t.name == "task-export" for t in threading.enumerate())
