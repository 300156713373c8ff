"""Backups of a corpus: making one (re-exported from the store) and restoring one.

Copies use SQLite's online backup API (see :mod:`annotator.core.store.backups`,
which the store also uses before a migration).  Restoring also goes through that
API into the live database, so a window open on it sees the restored corpus as one
more change by another program, instead of writing on into a file that was swapped
away under it.  Nothing is ever deleted: the corpus as it was before a restore is
kept beside it, and a damaged corpus is renamed aside, not overwritten.

This module sits above the store (it opens stores to check and replace a corpus);
the store never imports it.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path
from urllib.parse import quote

from annotator.core.errors import AnnotatorError, StoreError
from annotator.core.fileutil import (
    RESTORE_COPY,
    corpus_part,
    hold_partial_folder,
    remove_stale_partials,
    special_kind,
)
from annotator.core.store import Store
from annotator.core.store.backups import (
    KEEP_MIGRATION_BACKUPS,
    backup_before_migration,
    backup_to,
    default_backup_path,
    migration_backups,
    one_line,
    stamp,
)
from annotator.core.store.files import looks_like_sqlite

__all__ = [
    "KEEP_MIGRATION_BACKUPS", "backup_before_migration", "backup_to", "default_backup_path",
    "migration_backups", "restore_from", "stamp",
]  # fmt: skip


def restore_from(source: Path, target: Path) -> Path | None:
    """Replace the corpus at ``target`` with the backup at ``source``.

    The backup is read without being changed and checked first (SQLite, intact,
    an Annotator schema no newer than this app; an older one is upgraded on
    the way in).  The current corpus is kept beside it as
    ``NAME.before-restore-STAMP.sqlite3``, or, if it cannot be opened (damaged),
    renamed to ``NAME.damaged-STAMP``.  Returns where the old corpus went
    (``None`` if there was none).
    """
    source, target = Path(source), Path(target)
    kind = special_kind(target)
    if kind is not None:
        raise StoreError(f"{target}: is {kind}, not a corpus database; nothing was restored")
    kind = special_kind(source)
    if kind is not None:
        raise StoreError(f"{source}: is {kind}, not a backup file; nothing was restored")
    part = corpus_part(source, target)
    if part is not None:
        raise StoreError(f"{source}: is {part}; name a backup file")
    if not source.is_file():
        raise StoreError(f"{source}: no such backup file")
    if not looks_like_sqlite(source):
        raise StoreError(f"{source}: not an SQLite database; nothing was restored")
    remove_stale_partials([Path(tempfile.gettempdir()), target.parent])
    try:
        held = hold_partial_folder()
    except OSError as exc:
        raise StoreError(f"cannot make a temporary folder for the restore ({exc})") from None
    try:
        return _restore_through(source, target, checked=held.path / RESTORE_COPY)
    finally:
        shutil.rmtree(held.path, ignore_errors=True)
        held.release()


def _restore_through(source: Path, target: Path, *, checked: Path) -> Path | None:
    """Check a private copy of the backup at ``checked``, then put it in place."""
    _copy_read_only(source, checked)
    try:
        incoming = Store.open(checked)  # migrates an older schema, refuses a newer one
    except AnnotatorError as exc:
        raise StoreError(f"{source}: cannot be restored ({_without_path(exc, checked)})") from None
    try:
        result = incoming.integrity_report()
        if result != "ok":
            raise StoreError(
                f"{source}: the backup is damaged ({one_line(result)}); nothing restored"
            )
        return _replace_corpus(incoming, target)
    finally:
        incoming.close()


def _replace_corpus(incoming: Store, target: Path) -> Path | None:
    if not target.exists():
        backup_to(incoming, target)
        return None
    current: Store | None = None
    try:
        current = Store.open(target)
        current.read_spans_table()
    except (AnnotatorError, sqlite3.DatabaseError):
        if current is not None:
            current.close()
        # Damaged or not ours: keep it, renamed, and put the backup in its place.
        aside = target.with_name(f"{target.name}.damaged-{stamp()}")
        target.replace(aside)
        for suffix in ("-wal", "-shm"):
            extra = Path(str(target) + suffix)
            if extra.exists():
                extra.replace(Path(str(aside) + suffix))
        backup_to(incoming, target)
        return aside
    try:
        kept = backup_to(
            current, target.with_name(f"{target.stem}.before-restore-{stamp()}{target.suffix}")
        )
        # Wait (busy timeout) for any writer to finish, and fail in one line if
        # it never does: the backup API itself would retry for ever.
        with current.transaction():
            pass
        try:
            # Into the live database: other connections (a window) wait for the
            # lock, then see the restored corpus as a change made elsewhere.
            incoming.conn.backup(current.conn)
        except sqlite3.Error as exc:
            raise StoreError(
                f"{target}: could not restore ({exc}); the corpus is as it was, "
                f"and a copy is at {kept}"
            ) from None
    finally:
        current.close()
    return kept


def _copy_read_only(source: Path, dest: Path) -> None:
    """Copy ``source`` through SQLite without writing to it or beside it."""
    uri = f"file:{quote(str(source.resolve()))}?mode=ro"
    try:
        reader = sqlite3.connect(uri, uri=True)
        try:
            writer = sqlite3.connect(str(dest))
            try:
                reader.backup(writer)
            finally:
                writer.close()
        finally:
            reader.close()
    except sqlite3.Error as exc:
        raise StoreError(
            f"{source}: cannot be read as a backup ({exc}); nothing restored"
        ) from None


def _without_path(exc: Exception, temporary: Path) -> str:
    """The error's message, minus the temporary copy's path it names."""
    return str(exc).replace(f"{temporary}: ", "").replace(str(temporary), "the backup")
