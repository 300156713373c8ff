"""The task runner: work in a worker thread, outcomes back on the window's thread."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from annotator.core.errors import NotFound
from annotator.core.store import Store
from annotator.gui import tasks as tasks_module
from annotator.gui.tasks import MAX_PENDING_REPORTS, READ_ONLY, Task, TaskRunner

# How long a test's worker waits for the window before giving up (never reached
# when the code works; it keeps a broken run from hanging the suite).
PATIENCE_S = 20.0


class Outcome:
    """Everything a task delivered, with the thread each signal arrived on."""

    def __init__(self, task: Task) -> None:
        self.reports: list[object] = []
        self.results: list[object] = []
        self.errors: list[str] = []
        self.cancelled = 0
        self.ended = 0
        self.threads: set[int] = set()
        task.progressed.connect(lambda value: self._note(self.reports.append, value))
        task.succeeded.connect(lambda value: self._note(self.results.append, value))
        task.failed.connect(lambda message: self._note(self.errors.append, message))
        task.cancelled.connect(self._on_cancelled)
        task.ended.connect(self._on_ended)

    def _note(self, add, value: object) -> None:
        self.threads.add(threading.get_ident())
        add(value)

    def _on_cancelled(self) -> None:
        self.threads.add(threading.get_ident())
        self.cancelled += 1

    def _on_ended(self) -> None:
        self.threads.add(threading.get_ident())
        self.ended += 1


def add_articles(store: Store, count: int, *, first: int = 0) -> None:
    for i in range(first, first + count):
        store.add_article(title=f"Harbour notice {i}", text=f"The ferry to Isle {i} left late.")


@pytest.fixture
def runner(qtbot, store):
    made = TaskRunner(store)
    yield made
    assert made.shutdown(timeout_s=PATIENCE_S)


def run(qtbot, runner: TaskRunner, fn, **kwargs) -> tuple[Task, Outcome]:
    task = runner.start(fn, name="test task", **kwargs)
    outcome = Outcome(task)
    qtbot.waitUntil(lambda: outcome.ended == 1, timeout=int(PATIENCE_S * 1000))
    return task, outcome


def test_the_result_is_delivered_on_the_gui_thread(qtbot, runner, store):
    add_articles(store, 3)

    def count_titles(worker: Store, progress, cancelled) -> tuple[int, list[str]]:
        return threading.get_ident(), [s.title for s in worker.articles()]

    task, outcome = run(qtbot, runner, count_titles)
    [(worker_thread, titles)] = outcome.results
    assert titles == ["Harbour notice 0", "Harbour notice 1", "Harbour notice 2"]
    assert worker_thread != threading.get_ident()
    assert outcome.threads == {threading.get_ident()}
    assert (outcome.errors, outcome.cancelled, task.outcome) == ([], 0, "succeeded")
    assert not task.running and not runner.busy


def test_progress_reports_arrive_in_order_and_the_worker_stays_close(qtbot, runner):
    position = [0]  # how far the worker has got, read by the window

    def count_up(worker: Store, progress, cancelled) -> int:
        for i in range(1, 301):
            position[0] = i
            progress(i)
        return 300

    task = runner.start(count_up, name="count", progress_interval_s=0.0)
    outcome = Outcome(task)
    leads: list[int] = []
    task.progressed.connect(lambda done: leads.append(position[0] - done))
    qtbot.waitUntil(lambda: outcome.ended == 1, timeout=int(PATIENCE_S * 1000))
    assert outcome.reports == list(range(1, 301))
    assert outcome.results == [300]
    # reports waiting for the window, plus the one the worker is about to send
    assert max(leads) <= MAX_PENDING_REPORTS + 1


def test_progress_is_reported_at_most_once_per_interval(qtbot, runner):
    def count_up(worker: Store, progress, cancelled) -> None:
        for i in range(1, 101):
            progress(i)

    _, outcome = run(qtbot, runner, count_up, progress_interval_s=PATIENCE_S)
    assert outcome.reports == [1]


def test_cancel_stops_the_function_and_reports_cancelled(qtbot, runner):
    reached = [0]

    def until_cancelled(worker: Store, progress, cancelled: threading.Event) -> str:
        deadline = time.monotonic() + PATIENCE_S
        while time.monotonic() < deadline:
            reached[0] += 1
            progress(reached[0])
            if cancelled.is_set():
                raise NotFound("stopped on request")
            time.sleep(0.001)
        return "ran to the end"

    task = runner.start(until_cancelled, name="endless", progress_interval_s=0.0)
    outcome = Outcome(task)
    task.progressed.connect(lambda done: task.cancel() if done == 5 else None)
    qtbot.waitUntil(lambda: outcome.ended == 1, timeout=int(PATIENCE_S * 1000))
    assert outcome.cancelled == 1
    assert (outcome.results, outcome.errors, task.outcome) == ([], [], "cancelled")
    assert 5 <= max(outcome.reports) <= 5 + MAX_PENDING_REPORTS  # nothing after Cancel
    assert reached[0] < 5 + MAX_PENDING_REPORTS + 2


def test_a_function_that_finishes_despite_cancel_has_succeeded(qtbot, runner):
    # Cancel that comes too late to stop the work must not claim nothing was done.
    def ignores_cancel(worker: Store, progress, cancelled: threading.Event) -> str:
        assert cancelled.wait(PATIENCE_S)
        return "written anyway"

    task = runner.start(ignores_cancel, name="late cancel")
    outcome = Outcome(task)
    task.cancel()
    qtbot.waitUntil(lambda: outcome.ended == 1, timeout=int(PATIENCE_S * 1000))
    assert (outcome.results, outcome.cancelled) == (["written anyway"], 0)


def test_an_exception_becomes_one_message_and_a_log_record(qtbot, runner, caplog):
    def breaks(worker: Store, progress, cancelled) -> None:
        raise ValueError("the tide table has no row 7\nsecond line of detail")

    with caplog.at_level(logging.INFO, logger="annotator.tasks"):
        _, outcome = run(qtbot, runner, breaks)
    assert outcome.errors == ["ValueError: the tide table has no row 7"]
    assert outcome.results == [] and outcome.cancelled == 0
    [record] = [r for r in caplog.records if r.name == "annotator.tasks"]
    assert record.levelno == logging.ERROR and "test task" in record.getMessage()
    assert record.exc_info is not None and record.exc_info[0] is ValueError


def test_a_core_error_is_shown_as_its_own_text_without_a_traceback(qtbot, runner, caplog):
    def refuses(worker: Store, progress, cancelled) -> None:
        raise NotFound("no article 12 in the corpus")

    with caplog.at_level(logging.INFO, logger="annotator.tasks"):
        _, outcome = run(qtbot, runner, refuses)
    assert outcome.errors == ["no article 12 in the corpus"]
    [record] = [r for r in caplog.records if r.name == "annotator.tasks"]
    assert record.levelno == logging.WARNING and record.exc_info is None


@pytest.fixture
def file_store(tmp_path: Path):
    corpus = Store.open(tmp_path / "harbour.sqlite3")
    yield corpus
    corpus.close()


def test_the_worker_reads_its_own_connection_while_the_window_writes(qtbot, file_store):
    runner = TaskRunner(file_store)
    add_articles(file_store, 1)
    reading, written = threading.Event(), threading.Event()

    def snapshot(worker: Store, progress, cancelled) -> tuple[bool, Path | None, int, int]:
        own = worker.conn is not file_store.conn
        worker.conn.execute("BEGIN")
        before = worker.article_count()
        reading.set()
        assert written.wait(PATIENCE_S)
        after = worker.article_count()  # the same snapshot: the window's write not in it
        worker.conn.execute("COMMIT")
        return own, worker.path, before, after

    task = runner.start(snapshot, name="snapshot")
    outcome = Outcome(task)
    qtbot.waitUntil(reading.is_set, timeout=int(PATIENCE_S * 1000))
    started = time.monotonic()
    add_articles(file_store, 1, first=1)  # WAL: the worker's open read does not hold this up
    assert time.monotonic() - started < 5.0
    written.set()
    qtbot.waitUntil(lambda: outcome.ended == 1, timeout=int(PATIENCE_S * 1000))
    assert outcome.results == [(True, file_store.path, 1, 1)]
    assert file_store.article_count() == 2
    assert runner.shutdown()


@pytest.mark.parametrize("on_disk", [False, True], ids=["memory", "file"])
def test_the_worker_connection_cannot_write(qtbot, store, file_store, on_disk):
    corpus = file_store if on_disk else store
    add_articles(corpus, 2)
    runner = TaskRunner(corpus)

    refused: list[str] = []

    def writes(worker: Store, progress, cancelled) -> None:
        assert worker.conn is not corpus.conn
        assert worker.article_count() == 2  # an in-memory corpus arrives as a copy
        try:
            worker.set_status(worker.article_ids()[0], "done")
        except RuntimeError as exc:
            refused.append(str(exc))
        worker.conn.execute("UPDATE articles SET status = 'done'")  # raw SQL: SQLite says no

    _, outcome = run(qtbot, runner, writes)
    assert refused == [READ_ONLY]
    assert outcome.errors == ["OperationalError: attempt to write a readonly database"]
    assert corpus.stats()["articles_by_status"]["done"] == 0
    assert runner.shutdown()


def test_shutdown_cancels_and_waits_delivering_the_outcome_at_once(qtbot, runner):
    started = threading.Event()

    def until_cancelled(worker: Store, progress, cancelled: threading.Event) -> None:
        started.set()
        if cancelled.wait(PATIENCE_S):
            raise NotFound("stopped on request")

    task = runner.start(until_cancelled, name="long")
    outcome = Outcome(task)
    assert started.wait(PATIENCE_S)
    assert runner.shutdown(timeout_s=PATIENCE_S)
    assert (outcome.cancelled, outcome.ended) == (1, 1)  # no event loop needed
    assert not task._thread.is_alive() and task not in tasks_module._LIVE
    qtbot.wait(20)  # the queued copy of the outcome, now due, is not delivered twice
    assert (outcome.cancelled, outcome.ended) == (1, 1)


def test_shutdown_gives_up_on_a_task_that_will_not_stop_and_says_so(qtbot, runner, caplog):
    release = threading.Event()

    def stubborn(worker: Store, progress, cancelled) -> str:
        assert release.wait(PATIENCE_S)
        return "done at last"

    task = runner.start(stubborn, name="stubborn")
    outcome = Outcome(task)
    with caplog.at_level(logging.WARNING, logger="annotator.tasks"):
        assert runner.shutdown(timeout_s=0.05) is False
    assert "stubborn did not stop" in caplog.text
    assert task.running and task in tasks_module._LIVE  # kept alive for its thread
    release.set()
    qtbot.waitUntil(lambda: outcome.ended == 1, timeout=int(PATIENCE_S * 1000))
    assert outcome.results == ["done at last"]


def test_closing_the_window_stops_a_running_task(qtbot, make_window, flood):
    store, _ = flood
    window = make_window(store)
    started = threading.Event()
    stopped_by_cancel = threading.Event()

    def until_cancelled(worker: Store, progress, cancelled: threading.Event) -> None:
        started.set()
        if cancelled.wait(PATIENCE_S):
            stopped_by_cancel.set()
            raise NotFound("stopped on request")

    task = window.tasks.start(until_cancelled, name="report")
    outcome = Outcome(task)
    assert started.wait(PATIENCE_S)
    window.close()
    assert stopped_by_cancel.is_set() and not task._thread.is_alive()
    assert outcome.cancelled == 1 and not window.tasks.busy


def test_a_corpus_that_cannot_be_copied_fails_the_task_in_one_line(qtbot, store, monkeypatch):
    def no_memory(*args: object, **kwargs: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError("out of memory")

    runner = TaskRunner(store)
    monkeypatch.setattr(sqlite3, "connect", no_memory)  # the copy is made in start()
    task = runner.start(lambda worker, progress, cancelled: None, name="copy")
    monkeypatch.undo()
    outcome = Outcome(task)
    qtbot.waitUntil(lambda: outcome.ended == 1, timeout=int(PATIENCE_S * 1000))
    assert outcome.errors == ["memory: cannot copy the corpus for the task (out of memory)"]


def test_a_writing_task_writes_the_corpus_file_through_its_own_connection(qtbot, file_store):
    add_articles(file_store, 1)
    runner = TaskRunner(file_store)

    def import_one(worker: Store, progress, cancelled) -> bool:
        worker.add_article(title="Quay report", text="The quay reopened at dawn.")
        return worker.conn is not file_store.conn

    _, outcome = run(qtbot, runner, import_one, writes=True)
    assert outcome.results == [True]
    assert file_store.article_count() == 2  # committed, seen by the window's connection
    assert runner.shutdown()


def test_a_writing_task_on_an_in_memory_corpus_is_refused_in_one_line(qtbot, runner, store):
    _, outcome = run(qtbot, runner, lambda worker, progress, cancelled: None, writes=True)
    assert outcome.errors == [
        "memory: an in-memory corpus cannot be written from a task (no file to open again)"
    ]
