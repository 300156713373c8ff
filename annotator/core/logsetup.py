"""The app's log: a rotating file in the platform's log folder.

Linux ``~/.local/state/annotator/log/annotator.log``, macOS
``~/Library/Logs/annotator/annotator.log``, Windows
``%LOCALAPPDATA%\\Annotator\\annotator\\Logs\\annotator.log``.  A few files of
1 MB at most are kept, so the log never grows without bound.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from annotator.core import paths

LOG_NAME = "annotator.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3
_FORMAT = "%(asctime)s %(levelname)-8s %(name)s: %(message)s"


class _AppFileHandler(logging.FileHandler):
    """The log file, moved to ``.1`` (``.1`` to ``.2``, ...) before a record would take it
    past MAX_BYTES; the oldest of BACKUP_COUNT goes.

    The standard library's RotatingFileHandler does the same, but its module imports
    sockets, pickle and queues for its other handlers: about 12 ms of every start-up.
    Being this class also marks the handler this module installed, so setting up twice
    replaces it.
    """

    def emit(self, record: logging.LogRecord) -> None:
        try:
            if self.stream is None:
                self.stream = self._open()
            size = len(self.format(record).encode(self.encoding or "utf-8", "replace")) + 1
            position = self.stream.tell()
            if position and position + size > MAX_BYTES:
                try:
                    self._shift()
                except OSError:
                    # Renaming refused (on Windows, another window holding the log open):
                    # keep writing past the limit rather than lose records; a later
                    # record tries again.
                    if self.stream is None:
                        self.stream = self._open()
        except Exception:
            self.handleError(record)
            return
        super().emit(record)

    def _shift(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None  # type: ignore[assignment]
        base = self.baseFilename
        # The full log is moved aside first: if that is refused, no backup has moved yet.
        os.replace(base, f"{base}.rotating")
        for number in range(BACKUP_COUNT - 1, 0, -1):
            if os.path.exists(f"{base}.{number}"):
                os.replace(f"{base}.{number}", f"{base}.{number + 1}")
        os.replace(f"{base}.rotating", f"{base}.1")
        self.stream = self._open()


def log_path() -> Path:
    return paths.log_dir() / LOG_NAME


def setup_logging(*, level: int = logging.INFO, folder: Path | None = None) -> Path | None:
    """Send the ``annotator`` logger to the rotating log file; return its path.

    Returns None, and logs to stderr only, if the log folder cannot be written:
    a read-only home must not stop the app from starting.
    """
    logger = logging.getLogger("annotator")
    logger.setLevel(level)
    for handler in list(logger.handlers):
        if isinstance(handler, _AppFileHandler):
            logger.removeHandler(handler)
            handler.close()
    target = (folder or paths.log_dir()) / LOG_NAME
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handler = _AppFileHandler(target, encoding="utf-8", delay=True)
    except OSError as exc:
        print(f"Annotator: cannot write the log at {target} ({exc})", file=sys.stderr)
        return None
    handler.setFormatter(logging.Formatter(_FORMAT))
    logger.addHandler(handler)
    return target


def teardown_logging() -> None:
    """Close the log file (tests, and the end of a run)."""
    logger = logging.getLogger("annotator")
    for handler in list(logger.handlers):
        if isinstance(handler, _AppFileHandler):
            logger.removeHandler(handler)
            handler.close()
