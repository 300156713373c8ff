"""Uncaught exceptions: logged with their traceback, one dialog, and the app keeps going."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.core import logsetup
from annotator.core.errors import SpanError
from annotator.core.store import Store
from annotator.gui.crash import CrashDialog, CrashReporter
from annotator.gui.qt import QtCore, QtGui, QtWidgets


@pytest.fixture
def log_file() -> Iterator[Path]:
    path = logsetup.setup_logging()
    assert path is not None
    yield path
    logsetup.teardown_logging()


@pytest.fixture
def reporter(qapp: QtWidgets.QApplication, log_file: Path) -> Iterator[CrashReporter]:
    reporter = CrashReporter(log_path=log_file)
    yield reporter
    reporter.uninstall()
    if reporter.dialog is not None:
        reporter.dialog.close()
        reporter.dialog.deleteLater()


def fail_in_a_slot() -> None:
    raise ValueError("the span panel lost its place")


def flush(path: Path) -> str:
    for handler in logging.getLogger("annotator").handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_shows_dialog_logs_and_app_keeps_running(
    qtbot, reporter: CrashReporter, log_file: Path, db_path: Path
) -> None:
    store = Store.open(db_path)
    article_id, _ = store.add_article(title="Saved", text="Rain fell for 3 days.")
    store.add_span(article_id, 14, 15, "NUMBER")  # committed before the crash
    reporter.install()
    later: list[str] = []
    QtCore.QTimer.singleShot(0, fail_in_a_slot)
    QtCore.QTimer.singleShot(50, lambda: later.append("still running"))
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    qtbot.waitUntil(lambda: later == ["still running"])

    dialog = reporter.dialog
    assert dialog.heading.text() == "Annotator hit an unexpected error"
    assert dialog.message.text() == "ValueError: the span panel lost its place"
    assert str(log_file) in dialog.log_label.text()
    assert "fail_in_a_slot" in dialog.details_text()
    assert "Your work is safe" in dialog.reassurance.text()
    logged = flush(log_file)
    assert "uncaught ValueError" in logged
    assert "Traceback (most recent call last)" in logged
    assert "fail_in_a_slot" in logged
    store.close()
    with Store.open(db_path) as reopened:  # what was saved stays saved
        assert [(s.label, s.text) for s in reopened.spans(article_id)] == [("NUMBER", "3")]


def test_copy_details_puts_the_traceback_on_the_clipboard(qtbot, reporter: CrashReporter) -> None:
    try:
        fail_in_a_slot()
    except ValueError as exc:
        reporter.handle(type(exc), exc, exc.__traceback__)
    dialog = reporter.dialog
    qtbot.mouseClick(dialog.copy_button, QtCore.Qt.MouseButton.LeftButton)
    copied = QtGui.QGuiApplication.clipboard().text()
    assert "ValueError: the span panel lost its place" in copied
    assert "fail_in_a_slot" in copied
    assert "Annotator " in copied.splitlines()[0]  # versions first, for a bug report
    assert dialog.isVisible()  # copying does not close it


def test_a_second_error_joins_the_open_dialog(qtbot, reporter: CrashReporter) -> None:
    for message in ("first", "second"):
        try:
            raise RuntimeError(message)
        except RuntimeError as exc:
            reporter.handle(type(exc), exc, exc.__traceback__)
    dialogs = [w for w in QtWidgets.QApplication.topLevelWidgets() if isinstance(w, CrashDialog)]
    assert [d for d in dialogs if d.isVisible()] == [reporter.dialog]
    assert reporter.dialog.heading.text() == "2 errors since this message opened"
    assert "RuntimeError: second" in reporter.dialog.details_text()


def test_a_core_error_is_shown_as_its_one_line(qtbot, reporter: CrashReporter) -> None:
    error = SpanError("span [5, 2) is out of range or empty for a text of 9 characters")
    reporter.handle(SpanError, error, None)
    assert reporter.dialog.heading.text() == "Annotator could not do that"
    assert reporter.dialog.message.text() == str(error)


@pytest.mark.qt_no_exception_capture
def test_exception_in_another_thread_reaches_the_dialog(
    qtbot, reporter: CrashReporter, log_file: Path
) -> None:
    reporter.install()

    def work() -> None:
        raise OSError("disk went away")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    assert reporter.dialog.message.text() == "OSError: disk went away"
    assert "disk went away" in flush(log_file)


def test_uninstall_restores_the_previous_hooks(reporter: CrashReporter) -> None:
    import sys

    before = (sys.excepthook, threading.excepthook)
    reporter.install()
    assert sys.excepthook == reporter.excepthook
    reporter.uninstall()
    assert (sys.excepthook, threading.excepthook) == before


# -- the log file -----------------------------------------------------------------


def test_log_lives_in_the_platform_log_folder(log_file: Path) -> None:
    from annotator.core import paths

    assert log_file == paths.log_dir() / "annotator.log"
    logging.getLogger("annotator.test").info("hello from the test")
    assert "INFO" in flush(log_file) and "hello from the test" in flush(log_file)


def test_log_rotates_and_keeps_a_bounded_number_of_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(logsetup, "MAX_BYTES", 2_000)
    path = logsetup.setup_logging(folder=tmp_path)
    try:
        for n in range(400):
            logging.getLogger("annotator.test").info("line %d %s", n, "x" * 40)
    finally:
        logsetup.teardown_logging()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == ["annotator.log", "annotator.log.1", "annotator.log.2", "annotator.log.3"]
    assert all(p.stat().st_size <= 2_000 for p in tmp_path.iterdir())
    assert "line 399" in path.read_text(encoding="utf-8")


def test_setting_up_twice_keeps_one_file_handler(tmp_path: Path) -> None:
    logsetup.setup_logging(folder=tmp_path)
    logsetup.setup_logging(folder=tmp_path)
    try:
        handlers = [
            h for h in logging.getLogger("annotator").handlers if isinstance(h, logging.FileHandler)
        ]
        assert len(handlers) == 1
    finally:
        logsetup.teardown_logging()


def test_unwritable_log_folder_does_not_stop_the_app(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    assert logsetup.setup_logging(folder=blocker / "logs") is None
    assert "cannot write the log" in capsys.readouterr().err


def test_a_refused_rotation_loses_no_record_and_no_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Windows another window may hold the log open: renaming it fails for a while."""
    import os

    monkeypatch.setattr(logsetup, "MAX_BYTES", 300)
    for number in (1, 2, 3):
        (tmp_path / f"annotator.log.{number}").write_text(f"backup {number}\n", encoding="utf-8")
    real_replace = os.replace
    refused = {"on": True}

    def replace(source: str, target: str) -> None:
        if refused["on"] and str(source).endswith("annotator.log"):
            raise PermissionError(13, "in use by another process", source)
        real_replace(source, target)

    monkeypatch.setattr(logsetup.os, "replace", replace)
    path = logsetup.setup_logging(folder=tmp_path)
    try:
        for n in range(12):
            logging.getLogger("annotator.test").info("record %d %s", n, "x" * 40)
        written = path.read_text(encoding="utf-8")
        assert all(f"record {n} " in written for n in range(12))  # past the limit, kept
        assert [(tmp_path / f"annotator.log.{n}").read_text(encoding="utf-8") for n in (1, 2, 3)
                ] == ["backup 1\n", "backup 2\n", "backup 3\n"]  # fmt: skip
        refused["on"] = False  # the other window let go
        logging.getLogger("annotator.test").info("after")
    finally:
        logsetup.teardown_logging()
    assert path.read_text(encoding="utf-8").count("after") == 1
    assert "record 11" in (tmp_path / "annotator.log.1").read_text(encoding="utf-8")
    assert (tmp_path / "annotator.log.2").read_text(encoding="utf-8") == "backup 1\n"
    assert not (tmp_path / "annotator.log.rotating").exists()
