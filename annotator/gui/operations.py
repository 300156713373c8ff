"""The window's one way to change data: History plus a "changed" signal.

Each method runs one step through :class:`~annotator.core.history.History` (committed
before it returns, so a killed process loses nothing that was shown) and emits
``changed`` with the :class:`~annotator.core.history.Change`; every view redraws from
that signal.  A refused step emits ``failed`` with a one-line reason instead of raising.

The same object watches the database for writes by other programs: SQLite's
``PRAGMA data_version`` changes only when another connection commits, so polling it
every second or so costs one tiny query and never reacts to our own writes.
"""

from __future__ import annotations

import getpass
import sqlite3
from collections.abc import Callable, Sequence

from annotator.core.dberrors import explain
from annotator.core.errors import AnnotatorError, StoreError
from annotator.core.history import Change, History
from annotator.core.model import Span
from annotator.core.store import Store
from annotator.gui.operations_registry import RegistryOperations
from annotator.gui.qt import QtCore

__all__ = ["Operations", "default_annotator"]


def default_annotator() -> str:
    try:
        name = getpass.getuser()
    except (KeyError, OSError, ImportError):  # no user database entry (containers)
        name = ""
    return name.strip() or "analyst"


class Operations(QtCore.QObject, RegistryOperations):  # links, registry, stories
    changed = QtCore.Signal(object)  # Change
    failed = QtCore.Signal(str)  # refused (a duplicate, nothing to undo): a status message
    save_failed = QtCore.Signal(str)  # the database could not be written: a dialog

    def __init__(
        self,
        store: Store,
        *,
        annotator: str | None = None,
        poll_ms: int = 1500,
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.history = History(store, annotator=annotator or default_annotator())
        self._data_version = self._read_data_version()
        self._poll = QtCore.QTimer(self)
        self._poll.setInterval(poll_ms)
        self._poll.timeout.connect(self.check_for_outside_changes)
        if poll_ms > 0:
            self._poll.start()

    @property
    def annotator(self) -> str:
        return self.history.annotator

    # -- steps ------------------------------------------------------------------

    def tag(self, article_id: int, start: int, end: int, label: str) -> Change | None:
        return self._run(lambda: self.history.tag(article_id, start, end, label))

    def relabel(self, span_id: int, label: str) -> Change | None:
        return self._run(lambda: self.history.relabel(span_id, label))

    def resize(self, span_id: int, start: int, end: int) -> Change | None:
        return self._run(lambda: self.history.resize(span_id, start, end))

    def tag_all(
        self, article_id: int, ranges: Sequence[tuple[int, int]], label: str
    ) -> Change | None:
        return self._run(lambda: self.history.tag_all(article_id, ranges, label))

    def delete(self, span_id: int) -> Change | None:
        return self._run(lambda: self.history.delete(span_id))

    def link(self, head_span_id: int, child_span_id: int, kind: str) -> Change | None:
        return self._run(lambda: self.history.link(head_span_id, child_span_id, kind))

    def unlink(self, relation_id: int) -> Change | None:
        return self._run(lambda: self.history.unlink(relation_id))

    def set_attributes(self, span_id: int, values: dict[str, object]) -> Change | None:
        return self._run(lambda: self.history.set_attributes(span_id, values))

    def add_gold(self, article_id: int, spans: Sequence[Span]) -> Change | None:
        return self._run(lambda: self.history.add_gold(article_id, spans))

    def accept_suggestions(
        self,
        suggestion_ids: Sequence[int],
        *,
        label: str | None = None,
        extent: tuple[int, int] | None = None,
    ) -> Change | None:
        return self._run(
            lambda: self.history.accept_suggestions(suggestion_ids, label=label, extent=extent)
        )

    def reject_suggestions(self, suggestion_ids: Sequence[int]) -> Change | None:
        return self._run(lambda: self.history.reject_suggestions(suggestion_ids))

    def set_status(self, article_id: int, status: str) -> Change | None:
        return self._run(lambda: self.history.set_status(article_id, status))

    def undo(self) -> Change | None:
        if not self.history.can_undo:
            self.failed.emit("Nothing to undo")
            return None
        return self._run(self.history.undo)

    def redo(self) -> Change | None:
        if not self.history.can_redo:
            self.failed.emit("Nothing to redo")
            return None
        return self._run(self.history.redo)

    def _run(self, step: Callable[[], Change | None]) -> Change | None:
        try:
            change = step()
        except StoreError as exc:
            self.save_failed.emit(str(exc))
            return None
        except AnnotatorError as exc:
            self.failed.emit(str(exc))
            return None
        except sqlite3.DatabaseError as exc:  # the same words as the command line's
            message = str(explain(exc, where=self.store.path, conn=self.store.conn))
            self.save_failed.emit(f"Could not save the change: {message}")
            return None
        except sqlite3.Error as exc:
            self.save_failed.emit(f"Could not save the change ({exc}); nothing was changed")
            return None
        if change is not None:
            self.changed.emit(change)
        return change

    # -- other programs ---------------------------------------------------------

    def _read_data_version(self) -> int:
        try:
            return self.store.data_version()
        except sqlite3.Error:
            return -1

    def check_for_outside_changes(self) -> bool:
        """Emit a reload Change if another connection committed since the last look."""
        version = self._read_data_version()
        if version == self._data_version:
            return False
        self._data_version = version
        self.changed.emit(Change(article_id=-1, description="changed elsewhere", reload=True))
        return True

    def stop(self) -> None:
        self._poll.stop()
