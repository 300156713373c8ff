"""Consistent copies of an open corpus: on request, and before a migration.

Copies use SQLite's online backup API, so they are consistent even while the
window is open on the same database.  This module takes a connection (or anything
with ``conn`` and ``path``, such as a Store) and imports nothing of the store, so
the store can hand "back up before migrating" to the migrations.  Restoring a
backup opens stores, and lives above the store, in ``annotator.core.backup``.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from annotator.core.errors import StoreError
from annotator.core.fileutil import (
    corpus_companions,
    corpus_part,
    fsync_dir,
    hold_partial_file,
    remove_stale_partials,
    special_kind,
)
from annotator.core.store.files import looks_like_sqlite

__all__ = [
    "KEEP_MIGRATION_BACKUPS", "backup_before_migration", "backup_to", "default_backup_path",
    "migration_backups", "one_line", "stamp",
]  # fmt: skip

KEEP_MIGRATION_BACKUPS = 3


class _Copyable(Protocol):
    """What a copy needs of an open corpus: a Store has both."""

    @property
    def conn(self) -> sqlite3.Connection: ...

    @property
    def path(self) -> Path | None: ...


def stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def default_backup_path(db_path: Path) -> Path:
    """``corpus.sqlite3`` -> ``corpus.backup-20261121T101500123456Z.sqlite3`` beside it."""
    return db_path.with_name(f"{db_path.stem}.backup-{stamp()}{db_path.suffix or '.sqlite3'}")


def backup_to(
    source: sqlite3.Connection | _Copyable, target: Path, *, corpus: Path | None = None
) -> Path:
    """Write a consistent copy of an open corpus to ``target`` (atomically).

    ``source`` is a connection (then ``corpus`` names its file, so the copy is never
    written onto it) or an open store.  The copy is a single file (journal mode
    DELETE), so it can be mailed or copied as it is.  An existing file that is not
    SQLite is never replaced.
    """
    if isinstance(source, sqlite3.Connection):
        conn = source
    else:
        conn, corpus = source.conn, source.path
    target = Path(target)
    _refuse_destination(target, corpus=corpus)
    if target.is_dir():
        raise StoreError(f"{target}: is a folder; name a file for the backup")
    if target.exists() and not looks_like_sqlite(target):
        raise StoreError(f"{target}: exists and is not an SQLite database; left untouched")
    companions = corpus_companions(target)
    if companions:
        # A new file under this name would meet the old one's journal: SQLite
        # would replay it into the copy, a mix of two databases.
        raise StoreError(
            f"{target}: is a database that is open or was not closed cleanly "
            f"({companions[0].name} beside it); close it, or choose another file"
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_partials([target.parent, Path(tempfile.gettempdir())])
        held = hold_partial_file(target)
    except OSError as exc:
        raise StoreError(f"{target}: cannot write the backup ({exc.strerror})") from None
    partial = held.path
    try:
        dest = sqlite3.connect(str(partial))
        try:
            conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
            # The backup API copies pages as they are, damaged ones too; a copy
            # that looks like a backup but cannot be restored is worse than none.
            check = dest.execute("PRAGMA quick_check(1)").fetchone()[0]
            if check != "ok":
                raise StoreError(
                    f"{target}: not written: the corpus itself is damaged ({one_line(check)}); "
                    "restore an earlier backup"
                )
        finally:
            dest.close()
        with partial.open("rb+") as handle:  # on disk before it takes the final name
            os.fsync(handle.fileno())
        partial.replace(target)
        fsync_dir(target.parent)
    except StoreError:
        partial.unlink(missing_ok=True)
        raise
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise StoreError(f"{target}: cannot write the backup ({exc})") from None
    finally:
        Path(str(partial) + "-journal").unlink(missing_ok=True)
        held.release()
    return target


def migration_backups(db_path: Path) -> list[Path]:
    """The copies made before migrations, oldest first (by the time in their name)."""
    prefix = f"{db_path.name}.schema"
    found = [
        p for p in db_path.parent.iterdir()
        if p.name.startswith(prefix) and p.name.endswith(".bak") and "-" in p.name[len(prefix):]
    ]  # fmt: skip
    # The name is NAME.schema<version>-<UTC stamp>.bak: order by the stamp, since
    # "schema10" sorts before "schema9" as text.
    return sorted(found, key=lambda p: (p.name.rsplit("-", 1)[-1], p.name))


def backup_before_migration(conn: sqlite3.Connection, *, path: Path) -> Path:
    """Copy the database at ``path`` beside itself before its schema changes.

    Only the newest few such copies are kept.
    """
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    target = path.with_name(f"{path.name}.schema{version}-{stamp()}.bak")
    backup_to(conn, target, corpus=path)
    for old in migration_backups(path)[:-KEEP_MIGRATION_BACKUPS]:
        old.unlink(missing_ok=True)
    return target


def one_line(report: str, limit: int = 160) -> str:
    """SQLite's check report (several lines) as one short line."""
    text = " ".join(report.replace("*** in database main ***", "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _refuse_destination(target: Path, *, corpus: Path | None) -> None:
    """Refuse a backup onto the corpus (or its -wal, -shm) or onto a device, FIFO or socket."""
    part = corpus_part(target, corpus)
    if part is not None:
        raise StoreError(f"{target}: is {part}; choose another file for the backup")
    kind = special_kind(target)
    if kind is not None:
        # Never opened (a FIFO would block) and never renamed over.
        raise StoreError(f"{target}: is {kind}, not a file; choose a file for the backup")
