"""The corpus file before any store is opened on it: is it SQLite, is there anything in it.

Kept apart from the connection so that the error translator (``dberrors``) can look
at a file read-only without importing the store that uses it.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from annotator.core.errors import StoreError
from annotator.core.fileutil import special_kind

BUSY_TIMEOUT_MS = 30_000
SQLITE_MAGIC = b"SQLite format 3\x00"


def has_content(path: Path) -> bool:
    """A file with something in it (a missing or empty file becomes a new corpus)."""
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


def looks_like_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def connect_read_only(path: Path, *, briefly: bool = False) -> sqlite3.Connection:
    """A connection that can neither write to the file nor migrate it (``mode=ro``).

    A database in WAL mode needs its ``-wal`` and ``-shm`` files beside it to be read
    safely while another program writes; SQLite creates them when they are missing
    (as for any reader), except in a read-only folder, where no writer can exist:
    there, and for a brief look (``briefly``: the check before opening, so that a
    file that turns out not to be ours is left without companions), a WAL file whose
    log is absent or empty is read as it stands (``immutable=1``).
    """
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    settled = _wal_mode(path) and _log_is_empty(path)
    if briefly and settled:
        uri += "&immutable=1"
    conn = sqlite3.connect(
        uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000,
        check_same_thread=False,
    )  # fmt: skip
    try:
        conn.execute("PRAGMA schema_version").fetchone()  # opens the file (and its WAL)
    except sqlite3.OperationalError as exc:
        conn.close()
        cannot_open = getattr(exc, "sqlite_errorname", "").startswith("SQLITE_CANTOPEN")
        if not (cannot_open and settled and not os.access(path.parent, os.W_OK)):
            raise
        conn = sqlite3.connect(
            uri + "&immutable=1", uri=True, isolation_level=None, check_same_thread=False
        )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def _wal_mode(path: Path) -> bool:
    # Bytes 18 and 19 of the header are 2 for a database in WAL mode.
    try:
        with path.open("rb") as handle:
            header = handle.read(20)
    except OSError:
        return False
    return header[18:20] == b"\x02\x02"


def _log_is_empty(path: Path) -> bool:
    try:
        return Path(f"{path}-wal").stat().st_size == 0
    except FileNotFoundError:
        return True
    except OSError:
        return False


def check_is_sqlite(path: Path) -> None:
    """Refuse, without touching it, a file that exists but is not SQLite."""
    kind = special_kind(path)  # before any open: a FIFO would block it
    if kind is not None:
        raise StoreError(f"{path}: is {kind}, not a corpus database; left untouched")
    if not path.exists():
        return
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a corpus database")
    try:
        with path.open("rb") as handle:
            head = handle.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the corpus ({exc.strerror})") from None
    if head and head != SQLITE_MAGIC:
        raise StoreError(f"{path}: not an SQLite database; left untouched")
