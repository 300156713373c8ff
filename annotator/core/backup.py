"""Consistent copies of a corpus: before migrations, on request, and restoring one.

Copies use SQLite's online backup API, so they are consistent even while the
window is open on the same database.  Restoring also goes through that API into
the live database, so a window open on it sees the restored corpus as one more
change by another program, instead of writing on into a file that was swapped
away under it.  Nothing is ever deleted: the corpus as it was before a restore
is kept beside it, and a damaged corpus is renamed aside, not overwritten.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from annotator.core.errors import AnnotatorError, StoreError
from annotator.core.fileutil import (
    RESTORE_COPY,
    corpus_companions,
    corpus_part,
    fsync_dir,
    hold_partial_file,
    hold_partial_folder,
    remove_stale_partials,
    special_kind,
)

if TYPE_CHECKING:
    from annotator.core.store import Store

KEEP_MIGRATION_BACKUPS = 3
_SQLITE_MAGIC = b"SQLite format 3\x00"


def stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def default_backup_path(db_path: Path) -> Path:
    """``corpus.sqlite3`` -> ``corpus.backup-20261121T101500123456Z.sqlite3`` beside it."""
    return db_path.with_name(f"{db_path.stem}.backup-{stamp()}{db_path.suffix or '.sqlite3'}")


def backup_to(store: Store, target: Path) -> Path:
    """Write a consistent copy of the open store to ``target`` (atomically).

    The copy is a single file (journal mode DELETE), so it can be mailed or
    copied as it is.  An existing file that is not SQLite is never replaced.
    """
    target = Path(target)
    _refuse_destination(target, corpus=store.path)
    if target.is_dir():
        raise StoreError(f"{target}: is a folder; name a file for the backup")
    if target.exists() and not _looks_like_sqlite(target):
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
            store.conn.backup(dest)
            dest.execute("PRAGMA journal_mode = DELETE")
            # The backup API copies pages as they are, damaged ones too; a copy
            # that looks like a backup but cannot be restored is worse than none.
            check = dest.execute("PRAGMA quick_check(1)").fetchone()[0]
            if check != "ok":
                raise StoreError(
                    f"{target}: not written: the corpus itself is damaged ({_one_line(check)}); "
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


def backup_before_migration(store: Store) -> Path:
    """Copy the database beside itself before its schema changes; keep the newest few."""
    assert store.path is not None
    version = store.conn.execute("PRAGMA user_version").fetchone()[0]
    target = store.path.with_name(f"{store.path.name}.schema{version}-{stamp()}.bak")
    backup_to(store, target)
    for old in migration_backups(store.path)[:-KEEP_MIGRATION_BACKUPS]:
        old.unlink(missing_ok=True)
    return target


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
    if not _looks_like_sqlite(source):
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
    from annotator.core.store import Store

    _copy_read_only(source, checked)
    try:
        incoming = Store.open(checked)  # migrates an older schema, refuses a newer one
    except AnnotatorError as exc:
        raise StoreError(f"{source}: cannot be restored ({_without_path(exc, checked)})") from None
    try:
        result = incoming.conn.execute("PRAGMA integrity_check(1)").fetchone()[0]
        if result != "ok":
            raise StoreError(
                f"{source}: the backup is damaged ({_one_line(result)}); nothing restored"
            )
        return _replace_corpus(incoming, target)
    finally:
        incoming.close()


def _replace_corpus(incoming: Store, target: Path) -> Path | None:
    from annotator.core.store import Store

    if not target.exists():
        backup_to(incoming, target)
        return None
    current: Store | None = None
    try:
        current = Store.open(target)
        current.conn.execute("SELECT count(*) FROM spans").fetchone()
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


def _one_line(report: str, limit: int = 160) -> str:
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


def _looks_like_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC
    except OSError:
        return False
