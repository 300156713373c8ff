"""What an SQLite error means for the person: one truthful line per cause.

SQLite says "database disk image is malformed" for real damage, but a full disk, a
read-only folder, a corpus held by another program or a trigger that another program
added are not damage, and "restore a backup" would be the wrong advice for them.
:func:`explain` reads SQLite's error code (``sqlite_errorcode``, Python 3.11) and,
before it says "damaged", asks SQLite itself (``PRAGMA quick_check``).  The command
line and the window both show its message.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from annotator.core.errors import (
    CorpusBusy,
    CorpusDamaged,
    CorpusReadOnly,
    DiskFull,
    RefusedByDatabase,
    StoreError,
)

# Primary result codes (the low byte of an extended code), from sqlite3.h.
_BUSY, _LOCKED, _READONLY, _CORRUPT, _CANTOPEN = 5, 6, 8, 11, 14
_FULL, _CONSTRAINT, _NOTADB = 13, 19, 26
_TRIGGER_NAMES_SHOWN = 3


def explain(
    exc: sqlite3.Error, *, where: Path | str | None, conn: sqlite3.Connection | None = None
) -> StoreError:
    """The named error, with a one-line message, for ``exc`` raised on the corpus ``where``.

    ``conn`` (an open connection to that corpus, if there is one) is used to check
    for damage and to name the triggers; without it a read-only connection is opened
    for the check.
    """
    place = f"{where}: " if where is not None else ""
    code = _primary_code(exc)
    if code in (_BUSY, _LOCKED):
        return CorpusBusy(f"{place}the corpus stayed busy in another program ({exc}); try again")
    if code == _FULL:
        return DiskFull(
            f"{place}no room on the disk ({exc}); free some space and try again. "
            "The corpus is as it was."
        )
    if code == _READONLY or (code == _CANTOPEN and _not_writable(where)):
        return CorpusReadOnly(
            f"{place}the corpus file or its folder is read-only ({exc}); nothing was changed. "
            "Reading it (stats, export, backup, evaluate) still works."
        )
    if code == _CONSTRAINT:
        return _refused(exc, place, conn)
    if code == _CANTOPEN:
        return StoreError(f"{place}cannot open the corpus ({exc})")
    if _fails_quick_check(conn, where):
        return CorpusDamaged(
            f"{place}the corpus database is damaged ({exc}). "
            "Restore a backup with: annotator restore FILE"
        )
    return StoreError(f"{place}not a usable Annotator database ({exc}); left untouched")


def _primary_code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    # Raised by Python code (or a test) rather than SQLite: only the words are known.
    text = str(exc).lower()
    for words, guess in (
        (("locked", "busy"), _BUSY), (("full",), _FULL), (("readonly", "read-only"), _READONLY),
    ):  # fmt: skip
        if any(word in text for word in words):
            return guess
    if isinstance(exc, sqlite3.IntegrityError):
        return _CONSTRAINT
    return None


def _refused(exc: sqlite3.Error, place: str, conn: sqlite3.Connection | None) -> StoreError:
    # Annotator's schema has no triggers at all: any trigger was put there by another program.
    if getattr(exc, "sqlite_errorname", "") == "SQLITE_CONSTRAINT_TRIGGER":
        names = _trigger_names(conn)
        which = f" ({', '.join(names)})" if names else ""
        return RefusedByDatabase(
            f"{place}a trigger in the database{which} refused the change: {exc}. "
            "It was added by another program; nothing was changed"
        )
    return RefusedByDatabase(
        f"{place}a constraint in the database refused the change ({exc}); nothing was changed"
    )


def _trigger_names(conn: sqlite3.Connection | None) -> list[str]:
    if conn is None:
        return []
    try:
        rows = conn.execute(
            "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
        ).fetchall()
    except sqlite3.Error:
        return []
    names = [f"{name} on {table}" for name, table in rows]
    if len(names) > _TRIGGER_NAMES_SHOWN:
        names = [*names[:_TRIGGER_NAMES_SHOWN], f"{len(rows) - _TRIGGER_NAMES_SHOWN} more"]
    return names


def _not_writable(where: Path | str | None) -> bool:
    """The file, or the folder its -wal and -shm go in, cannot be written (EROFS, EACCES)."""
    if where is None:
        return False
    path = Path(where)
    folder = path.parent
    if path.exists() and not os.access(path, os.W_OK):
        return True
    return folder.is_dir() and not os.access(folder, os.W_OK)


def _fails_quick_check(conn: sqlite3.Connection | None, where: Path | str | None) -> bool:
    """SQLite's own verdict on the file; an error while checking counts as damage."""
    own = conn is None
    if own:
        if where is None or not Path(where).is_file():
            return False
        from annotator.core.store.files import connect_read_only

        try:
            conn = connect_read_only(Path(where), briefly=True)
        except (OSError, sqlite3.Error):  # cannot even look: do not claim damage
            return False
    assert conn is not None
    try:
        return conn.execute("PRAGMA quick_check(1)").fetchone()[0] != "ok"
    except sqlite3.DatabaseError as exc:
        return _primary_code(exc) not in (_BUSY, _LOCKED)
    except sqlite3.Error:
        return False
    finally:
        if own:
            conn.close()
