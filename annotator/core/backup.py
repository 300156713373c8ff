"""Consistent copies of a corpus: before migrations, and on request.

Copies use SQLite's online backup API, so they are consistent even while the
window is open on the same database.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.errors import StoreError

if TYPE_CHECKING:
    from annotator.core.store import Store

KEEP_MIGRATION_BACKUPS = 3


def backup_to(store: Store, target: Path) -> Path:
    """Write a consistent copy of the open store to ``target`` (atomically)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        dest = sqlite3.connect(str(partial))
        try:
            store.conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        partial.replace(target)
    except (OSError, sqlite3.Error) as exc:
        partial.unlink(missing_ok=True)
        raise StoreError(f"{target}: cannot write the backup ({exc})") from None
    return target


def backup_before_migration(store: Store) -> Path:
    """Copy the database beside itself before its schema changes; keep the newest few."""
    assert store.path is not None
    version = store.conn.execute("PRAGMA user_version").fetchone()[0]
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = store.path.with_name(f"{store.path.name}.schema{version}-{stamp}.bak")
    backup_to(store, target)
    olds = sorted(store.path.parent.glob(f"{store.path.name}.schema*-*.bak"))
    for old in olds[:-KEEP_MIGRATION_BACKUPS]:
        old.unlink(missing_ok=True)
    return target


def restore_from(source: Path, target: Path) -> None:
    """Replace the corpus at ``target`` with the backup at ``source``.

    The backup is checked first (SQLite, intact, an Annotator schema); the
    current database is kept beside it as ``NAME.before-restore``.
    """
    from annotator.core.store import Store

    source, target = Path(source), Path(target)
    if not source.is_file():
        raise StoreError(f"{source}: no such backup file")
    check = Store.open(source)  # raises a clear StoreError if damaged or too new
    try:
        result = check.conn.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise StoreError(f"{source}: the backup is damaged ({result})")
    finally:
        check.close()
    if target.exists():
        current = Store.open(target)
        try:
            backup_to(current, target.with_name(target.name + ".before-restore"))
        finally:
            current.close()
    source_store = Store.open(source)
    try:
        partial = target.with_name(target.name + ".restoring")
        backup_to(source_store, partial)
    finally:
        source_store.close()
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    partial.replace(target)
