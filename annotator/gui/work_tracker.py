"""The analyst's work log, kept as they work: time, keys and spans per visit of an article.

A visit starts when an article opens and ends when another opens or the window closes;
only then is one row written (``Store.log_work``), never on every key; a visit of
under a second that added no span (leafing through with Ctrl+PgDown) is not written.  Time counts
only while the analyst is active: each key or click in the article adds the time since
the one before, unless that gap is longer than ``IDLE_SECONDS`` (two minutes: longer
than reading a long paragraph, shorter than a coffee), which counts as away and adds
nothing.  Keys are counted in the article text as Qt offers them to shortcuts
(``ShortcutOverride``), so label keys and other shortcuts count as well as plain caret
moves, each press once; modifier keys alone are not keys.  Spans are those this analyst
added in the article during the visit, less those they removed (an undo takes its span
back off the count), never below zero.

Writing the log must never cost the analyst a step: a failure is logged and said once,
and the work goes on.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass

from annotator.core.changes import Change
from annotator.core.errors import AnnotatorError
from annotator.core.model import now
from annotator.core.store import Store
from annotator.gui.qt import Qt, QtCore, QtWidgets

__all__ = ["IDLE_SECONDS", "Visit", "WorkTracker"]

log = logging.getLogger(__name__)

IDLE_SECONDS = 120.0
PASSING_SECONDS = 1.0  # a visit shorter than this that added no span is not logged
_MODIFIERS = frozenset({Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta,
                        Qt.Key.Key_AltGr, Qt.Key.Key_CapsLock})  # fmt: skip


@dataclass(slots=True)
class Visit:
    article_id: int
    started_at: str
    last_active: float
    seconds: float = 0.0
    keys: int = 0
    spans: int = 0


class WorkTracker(QtCore.QObject):
    def __init__(
        self,
        *,
        store: Store,
        view: QtWidgets.QAbstractScrollArea,
        annotator: Callable[[], str],
        message: Callable[[str], None],
        clock: Callable[[], float] = time.monotonic,
        parent: QtCore.QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.view = view
        self.annotator = annotator
        self.message = message
        self.clock = clock
        self.visit: Visit | None = None
        self._failed_once = False
        view.installEventFilter(self)
        view.viewport().installEventFilter(self)

    def article_opened(self, article_id: int | None) -> None:
        if self.visit is not None and self.visit.article_id == article_id:
            return  # opened again (a reload): the same visit goes on
        self.finish()
        if article_id is not None:
            self.visit = Visit(article_id, now(), self.clock())

    def active(self) -> None:
        """The analyst did something in the article: count the time since the last time."""
        visit = self.visit
        if visit is None:
            return
        moment = self.clock()
        gap = moment - visit.last_active
        if 0 < gap <= IDLE_SECONDS:
            visit.seconds += gap
        visit.last_active = moment

    def key_pressed(self) -> None:
        if self.visit is not None:
            self.visit.keys += 1
            self.active()

    def apply_change(self, change: Change) -> None:
        visit = self.visit
        if visit is None or change.reload or change.article_id != visit.article_id:
            return
        me = self.annotator()
        added = {s.id for s in change.added if s.annotator == me}
        removed = {s.id for s in change.removed if s.annotator == me}
        visit.spans += len(added - removed) - len(removed - added)  # a relabel is neither
        self.active()

    def finish(self) -> None:
        """Write the visit that is open, if anything happened in it."""
        visit, self.visit = self.visit, None
        if visit is None or (visit.seconds < PASSING_SECONDS and visit.spans <= 0):
            return  # passing through (Ctrl+PgDown over it, a key or two) is no work to log
        try:
            self.store.log_work(
                annotator=self.annotator(), article_id=visit.article_id,
                started_at=visit.started_at, seconds=round(visit.seconds, 1), keys=visit.keys,
                spans=max(visit.spans, 0),
            )  # fmt: skip
        except (AnnotatorError, sqlite3.Error) as exc:
            log.warning("work log not written: %s", exc)
            if not self._failed_once:
                self._failed_once = True
                self.message(f"The work log could not be written ({exc}); your spans are safe")

    def close(self) -> None:
        self.finish()
        self.view.removeEventFilter(self)
        self.view.viewport().removeEventFilter(self)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        kind = event.type()
        if kind == QtCore.QEvent.Type.ShortcutOverride and watched is self.view:
            if event.key() not in _MODIFIERS:  # type: ignore[attr-defined]
                self.key_pressed()
        elif kind in (QtCore.QEvent.Type.MouseButtonPress, QtCore.QEvent.Type.Wheel):
            self.active()
        return False
