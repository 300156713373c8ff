"""Long work off the window's thread: export now; agreement, suggestions and reports next.

A task is a plain function ``fn(store, progress, cancelled) -> result`` run in a
worker thread:

- ``store`` is a connection of the worker's own (an SQLite connection must not be
  used by two threads at once).  For a corpus file the worker opens the same file
  again; WAL lets it read one consistent snapshot while the window keeps writing.
  An in-memory corpus cannot be opened a second time, so the worker gets a copy
  made with SQLite's backup API when the task starts: the same data the window
  sees at that moment, and the same code path as a file (the tests use in-memory
  corpora, so they exercise the real thread).
- The worker's connection is read-only (``PRAGMA query_only``).  A task computes;
  the window writes what it returns through ``Operations``, so undo and the
  views' ``changed`` signal keep working, and a write can never be lost in the
  throw-away copy of an in-memory corpus.
- The one exception is a task started with ``writes=True`` (File > Import…): it
  adds whole files, which the core commits itself and which undo does not take
  back (as on the command line), so it gets a writable connection of its own to
  the corpus file; the window sees its commits through ``PRAGMA data_version``
  (``Operations.check_for_outside_changes``).  An in-memory corpus has no file to
  open again, and a write into a copy would be lost, so such a task is refused
  there with one line.
- ``progress(value)`` sends a report to the window (at most one per
  ``progress_interval_s``); ``cancelled`` is a :class:`threading.Event` the
  function checks, stopping by raising an :class:`AnnotatorError` (the export's
  ``ExportCancelled``, say).

The outcome arrives on the window's thread as exactly one of the :class:`Task`
signals ``succeeded(result)``, ``failed(message)`` or ``cancelled()``, then
``ended()``.  ``failed`` carries one line: an AnnotatorError's own text, or for
anything unexpected the exception's type and first line, its traceback going to
the log.  A function that returns normally has succeeded even if Cancel came too
late to stop it: what it wrote is there, and saying "cancelled" would be untrue.

Workers are Python threads, not QThreads: there is no Qt thread object whose
deletion could outlive the thread ("QThread: Destroyed while thread is still
running"), and closing the window (:meth:`TaskRunner.shutdown`) cancels and joins
them.  They are not daemon threads, so an export that is still writing when the
app exits finishes or cancels cleanly instead of being killed mid-file.

Python threads share one interpreter lock, so the window still waits while the
worker runs Python code, but only for a few milliseconds at a time.  Measured on
a 2-core machine under load, with a 5 ms timer in the dialog: exporting 20,000
articles as JSON lines, the timer fired every 5 ms (median; 95th percentile 6 ms,
worst 45 ms), against every 50 ms (worst 182 ms) when the export ran in the
window's thread calling ``processEvents``.  Work that holds the lock in one long C
call still stalls the window for that call: spaCy serialising a DocBin of 3,000
articles, up to 240 ms (780 ms before).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from annotator.core.errors import AnnotatorError, StoreError
from annotator.core.store import Store
from annotator.gui.qt import QtCore

__all__ = ["READ_ONLY", "Progress", "Task", "TaskFunction", "TaskRunner"]

log = logging.getLogger("annotator.tasks")

Progress = Callable[[Any], None]
TaskFunction = Callable[[Store, Progress, threading.Event], Any]

# The worker waits rather than run more than this many reports ahead of the window:
# a busy window cannot pile up an unbounded queue of reports, and Cancel lands a
# few steps after the number the bar shows, not hundreds.
MAX_PENDING_REPORTS = 4
# How often a worker waiting for the window looks at the cancel flag.
_POLL_S = 0.05

READ_ONLY = "a task only reads the corpus: return what to change, and the window writes it"

# Tasks whose thread may still touch them.  Only the window's thread removes one
# (after joining its thread), so no Task is ever deleted by its worker.
_LIVE: set[Task] = set()


def one_line(exc: BaseException) -> str:
    """What the window shows for a failure: the core's message, or type and first line."""
    if isinstance(exc, AnnotatorError):
        return str(exc)
    text = str(exc).strip()
    first = text.splitlines()[0] if text else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__


class _ReadOnlyStore(Store):
    """The worker's store: every write the Store makes is refused with a message that says
    why (``PRAGMA query_only`` below also stops raw SQL, but SQLite's own wording would
    reach the person as "the corpus is busy")."""

    @contextmanager
    def transaction(self) -> Iterator[None]:
        raise RuntimeError(READ_ONLY)
        yield  # a generator, as the context manager needs


class Task(QtCore.QObject):
    """One run of a task function; its public signals are emitted on the window's thread."""

    progressed = QtCore.Signal(object)
    succeeded = QtCore.Signal(object)
    failed = QtCore.Signal(str)
    cancelled = QtCore.Signal()
    ended = QtCore.Signal()

    # From the worker, queued to this object's (the window's) thread.
    _reported = QtCore.Signal(object)
    _stopped = QtCore.Signal()

    def __init__(
        self,
        fn: TaskFunction,
        *,
        name: str,
        open_store: Callable[[], Store],
        progress_interval_s: float,
    ) -> None:
        super().__init__()  # no parent: the window's thread decides when it goes
        self.name = name
        self.outcome: str | None = None  # "succeeded", "failed" or "cancelled"
        self.result: Any = None
        self.error: str | None = None
        self._fn = fn
        self._open_store = open_store
        self._interval = progress_interval_s
        self._last_report = float("-inf")
        self._cancel = threading.Event()
        self._slots = threading.BoundedSemaphore(MAX_PENDING_REPORTS)
        self._delivered = False
        queued = QtCore.Qt.ConnectionType.QueuedConnection
        self._reported.connect(self._deliver_report, queued)
        self._stopped.connect(self._deliver_outcome, queued)
        self._thread = threading.Thread(target=self._work, name=f"task-{name}")

    # -- the window's side ----------------------------------------------------------

    @property
    def running(self) -> bool:
        """True until the outcome has been delivered."""
        return not self._delivered

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the function to stop; the outcome still arrives through the signals."""
        self._cancel.set()

    def wait(self, *, timeout_s: float | None = None) -> bool:
        """Block until the worker ends, then deliver the outcome now; False on timeout."""
        self._thread.join(timeout_s)
        if self._thread.is_alive():
            return False
        self._deliver_outcome()
        return True

    def _start(self) -> None:
        _LIVE.add(self)
        self._thread.start()

    @QtCore.Slot(object)
    def _deliver_report(self, value: object) -> None:
        self._slots.release()
        # After Cancel, or once the outcome is out, the bar must not move any more.
        if not self._cancel.is_set() and not self._delivered:
            self.progressed.emit(value)

    @QtCore.Slot()
    def _deliver_outcome(self) -> None:
        if self._delivered:  # wait() delivered it already; this is the queued copy
            return
        self._delivered = True
        self._thread.join()  # it has emitted its last signal; the join is immediate
        _LIVE.discard(self)
        if self.outcome == "succeeded":
            self.succeeded.emit(self.result)
        elif self.outcome == "cancelled":
            self.cancelled.emit()
        else:
            self.failed.emit(self.error or "the task stopped without a result")
        self.ended.emit()

    # -- the worker's side ----------------------------------------------------------

    def _work(self) -> None:
        try:
            store = self._open_store()
            try:
                self.result = self._fn(store, self._progress, self._cancel)
            finally:
                store.close()
        except AnnotatorError as exc:
            if self._cancel.is_set():
                log.info("%s cancelled (%s)", self.name, exc)
                self.outcome = "cancelled"
            else:
                log.warning("%s failed: %s", self.name, exc)
                self.outcome, self.error = "failed", one_line(exc)
        except Exception as exc:
            log.exception("%s failed with an unexpected error", self.name)
            self.outcome, self.error = "failed", one_line(exc)
        else:
            self.outcome = "succeeded"
        finally:
            self._stopped.emit()

    def _progress(self, value: object) -> None:
        if self._cancel.is_set():
            return
        now = time.monotonic()
        if now - self._last_report < self._interval:
            return
        while not self._slots.acquire(timeout=_POLL_S):
            if self._cancel.is_set():  # the window may be waiting for us to stop
                return
        self._last_report = now
        self._reported.emit(value)


class TaskRunner(QtCore.QObject):
    """Starts tasks on one corpus and stops them all when its owner closes."""

    def __init__(self, store: Store, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._tasks: list[Task] = []

    def start(
        self,
        fn: TaskFunction,
        *,
        name: str,
        progress_interval_s: float = 0.05,
        writes: bool = False,
    ) -> Task:
        """Run ``fn`` in a worker thread; connect to the returned task's signals at once.

        Nothing is delivered before the caller returns to the event loop, so a
        connection made right after ``start`` misses no signal.
        """
        task = Task(
            fn,
            name=name,
            open_store=self._writer() if writes else self._opener(),
            progress_interval_s=progress_interval_s,
        )
        task.ended.connect(lambda: self._tasks.remove(task))
        self._tasks.append(task)
        task._start()
        return task

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    def cancel_all(self) -> None:
        for task in self._tasks:
            task.cancel()

    def shutdown(self, *, timeout_s: float = 30.0) -> bool:
        """Cancel every task and wait for each to stop (closing the window); False if one
        is still running after ``timeout_s`` (it is logged, and finishes on its own)."""
        self.cancel_all()
        deadline = time.monotonic() + timeout_s
        stopped = True
        for task in list(self._tasks):
            if not task.wait(timeout_s=max(deadline - time.monotonic(), 0.0)):
                log.warning("%s did not stop within %.0f s of being cancelled", task.name,
                            timeout_s)  # fmt: skip
                stopped = False
        return stopped

    def _writer(self) -> Callable[[], Store]:
        path = self.store.path
        if path is not None:
            return lambda: Store.open(path)
        problem = StoreError(
            "memory: an in-memory corpus cannot be written from a task (no file to open again)"
        )

        def refuse() -> Store:
            raise problem

        return refuse

    def _opener(self) -> Callable[[], Store]:
        path = self.store.path
        if path is not None:

            def open_file() -> Store:
                worker = _ReadOnlyStore.open(path)
                worker.conn.execute("PRAGMA query_only = ON")
                return worker

            return open_file
        # In memory: copy now, on the window's thread, which owns the connection.
        try:
            copy = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            self.store.conn.backup(copy)
            copy.execute("PRAGMA query_only = ON")
        except sqlite3.Error as exc:
            problem = StoreError(f"memory: cannot copy the corpus for the task ({exc})")

            def refuse() -> Store:
                raise problem

            return refuse
        snapshot = _ReadOnlyStore(copy, None)
        return lambda: snapshot
