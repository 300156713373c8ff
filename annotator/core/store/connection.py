"""Opening a corpus, its connection and its transactions: the base of :class:`Store`.

Every write goes through one :meth:`Connection.transaction`; every public method
that changes something commits before it returns.  A database that another program
or a newer Annotator wrote is refused before anything is written to it.
"""

from __future__ import annotations

import functools
import json
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from annotator.core.dberrors import explain
from annotator.core.errors import AnnotatorError, NotACorpus, SpanError, StoreError
from annotator.core.store import files, schema
from annotator.core.store.backups import backup_before_migration
from annotator.core.store.files import check_is_sqlite, connect_read_only, has_content

if TYPE_CHECKING:
    from sqlite_utils import Database


class Connection:
    """One open corpus database.  Use :meth:`open`; close it with :meth:`close` or ``with``."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None) -> None:
        self.conn = conn
        self.path = path
        self._texts: dict[int, str] = {}
        # Label names known to exist, kept only inside one write transaction (which holds
        # SQLite's write lock, so no other program can change them meanwhile).
        self._labels_known: set[str] | None = None
        self._writing = False  # inside the outermost transaction() (BEGIN IMMEDIATE)
        self.read_only = False
        self._scratch: tempfile.TemporaryDirectory[str] | None = None  # an upgraded copy

    @functools.cached_property
    def db(self) -> Database:
        """The connection as a sqlite-utils Database (for migrations); imported on first use."""
        from sqlite_utils import Database

        return Database(self.conn, execute_plugins=False)

    # -- opening ---------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path | None = None, *, read_only: bool = False) -> Self:
        """Open (creating if needed) the corpus at ``path``; ``None`` means in memory.

        A database that another program or a newer Annotator wrote is refused before
        anything is written to it.  ``read_only`` opens it without ever writing to it
        or beside it (see :meth:`_open_read_only`).
        """
        if path is not None and str(path) != ":memory:":
            path = Path(path)
            check_is_sqlite(path)
            if read_only:
                return cls._open_read_only(path)
            if has_content(path):
                _inspect(path)
        if path is None or str(path) == ":memory:":
            conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            store = cls(conn, None)
        else:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(
                    str(path),
                    isolation_level=None,
                    timeout=files.BUSY_TIMEOUT_MS / 1000,
                    check_same_thread=False,
                )
            except (OSError, sqlite3.Error) as exc:
                raise StoreError(f"{path}: cannot open the corpus ({exc})") from None
            store = cls(conn, path)
        try:
            store._configure()
            store._migrate()
        except sqlite3.DatabaseError as exc:
            # An upgrade rolled back for want of room or of the write lock is not the
            # file's fault: the message says which it was, and "damaged" only if it is.
            error = explain(exc, where=path if path is not None else "memory", conn=conn)
            conn.close()
            raise error from None
        except AnnotatorError:
            conn.close()
            raise
        if read_only:
            store._refuse_writes()
        return store

    def _migrate(self) -> None:
        path = self.path
        # A corpus on disk is copied beside itself before its schema changes; an
        # in-memory one, or an upgraded copy in the temporary folder, has no "beside".
        back_up = None
        if path is not None:

            def back_up() -> object:
                return backup_before_migration(self.conn, path=path)

        schema.migrate(self.conn, where=path or "this database", back_up=back_up)

    @classmethod
    def _open_read_only(cls, path: Path) -> Self:
        """Open without writing to the file or beside it (stats, export, backup, evaluate).

        SQLite opens it with ``mode=ro``: the journal mode stays as it is, and no
        migration runs on it.  An older schema is upgraded in a copy in the
        temporary folder, deleted on :meth:`close`.  A missing or empty file reads
        as an empty corpus, held in memory: nothing is created.
        """
        if not has_content(path):
            store = cls.open(None, read_only=True)
            store.path = path
            return store
        try:
            conn = connect_read_only(path)
        except sqlite3.Error as exc:
            raise explain(exc, where=path) from None
        try:
            _refuse_foreign(conn, path)
            if schema.is_current(conn):
                store = cls(conn, path)
            else:
                store = cls._upgraded_copy(conn)
                store.path = path
            store._refuse_writes()
            return store
        except sqlite3.DatabaseError as exc:
            error = explain(exc, where=path, conn=conn)
            conn.close()
            raise error from None
        except AnnotatorError:
            conn.close()
            raise

    @classmethod
    def _upgraded_copy(cls, source: sqlite3.Connection) -> Self:
        scratch = tempfile.TemporaryDirectory(prefix="annotator-read-")
        try:
            conn = sqlite3.connect(
                str(Path(scratch.name) / "corpus.sqlite3"),
                isolation_level=None, check_same_thread=False,
            )  # fmt: skip
            try:
                source.backup(conn)
                source.close()
                store = cls(conn, None)  # no path: no backup beside the copy before migrating
                store._scratch = scratch
                store._configure()
                store._migrate()
            except BaseException:
                conn.close()
                raise
        except BaseException:
            scratch.cleanup()
            raise
        return store

    def _refuse_writes(self) -> None:
        # A write to the upgraded copy (or the in-memory empty corpus) would be lost
        # without a word when it is closed: make every write fail loudly instead.
        self.read_only = True
        self.conn.execute("PRAGMA query_only = ON")

    def _configure(self) -> None:
        conn = self.conn
        conn.execute(f"PRAGMA busy_timeout = {files.BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if self.path is not None:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise StoreError(f"{self.path}: cannot switch the journal to WAL (got {mode})")
        # FULL: a commit is on disk before the call returns, so a power cut
        # after the window showed "saved" loses nothing either.
        conn.execute("PRAGMA synchronous = FULL")

    def close(self) -> None:
        self.conn.close()
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ----------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction; nested use becomes a savepoint.

        BEGIN IMMEDIATE takes the write lock up front, so a second process waits
        for the busy timeout instead of failing half way through.
        """
        conn = self.conn
        if self.read_only:
            raise StoreError(f"{self.path}: opened only for reading; nothing was changed")
        if conn.in_transaction:
            name = f"sp{id(object())}"
            conn.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                # SQLite itself rolls the whole transaction back on a full disk or an I/O
                # error: then there is no savepoint left, and the error that says why goes on.
                if conn.in_transaction:
                    conn.execute(f"ROLLBACK TO {name}")
                    conn.execute(f"RELEASE {name}")
                self._labels_known = None  # a label added inside may be gone again
                raise
            else:
                conn.execute(f"RELEASE {name}")
            return
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self._explain(exc) from None
        self._labels_known = None
        self._writing = True
        try:
            yield
        except BaseException:
            # An SQLite error inside (a full disk, another program's trigger) goes on
            # as it is: it concerns the whole corpus, not one change or one imported
            # file, and the edges (command line, window) name it with dberrors.explain.
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        else:
            try:
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise self._explain(exc) from None
        finally:
            self._writing = False
            self._labels_known = None

    def _explain(self, exc: sqlite3.Error) -> StoreError:
        return explain(exc, where=self.path, conn=self.conn)

    # -- the database as a whole ------------------------------------------

    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def integrity_report(self) -> str:
        """SQLite's full check of the file: ``"ok"``, or the first problem it found."""
        return self.conn.execute("PRAGMA integrity_check(1)").fetchone()[0]

    def read_spans_table(self) -> None:
        """Read through the spans table: a damaged or foreign file fails here, not later."""
        self.conn.execute("SELECT count(*) FROM spans").fetchone()

    def data_version(self) -> int:
        """A number that changes when another connection commits (never for our own writes)."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]


# -- helpers ---------------------------------------------------------------


def _inspect(path: Path) -> None:
    """Refuse another program's database, or a newer Annotator's, reading only."""
    try:
        conn = connect_read_only(path, briefly=True)
    except sqlite3.Error as exc:
        raise explain(exc, where=path) from None
    try:
        _refuse_foreign(conn, path)
    except sqlite3.DatabaseError as exc:
        raise explain(exc, where=path, conn=conn) from None
    finally:
        conn.close()


def _refuse_foreign(conn: sqlite3.Connection, path: Path) -> None:
    applied = schema.applied_names(conn)
    if not applied:
        tables = [
            row[0] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
            )
        ]  # fmt: skip
        if tables:
            more = f" and {len(tables) - 3} more" if len(tables) > 3 else ""
            shown = ", ".join(tables[:3]) + more
            raise NotACorpus(
                f"{path}: not an Annotator corpus (an SQLite database of another program, "
                f"with tables {shown}); left untouched"
            )
    schema.refuse_newer(conn, where=path)


def dump_json(value: dict[str, Any], *, what: str) -> str:
    """A dict as the JSON text stored in a row (meta, attributes)."""
    # Nearly every span has no attributes: json.dumps costs ~10 µs, a quarter
    # of a bulk import's time (bench/bench_core.py).
    if not value:
        return "{}"
    try:
        # Python's json reads NaN and Infinity, but they are not JSON: stored, they
        # would make every export of the article invalid for the tools that read it.
        return json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=False)
    except ValueError:
        raise SpanError(
            f"NaN or Infinity in {what}: JSON cannot carry them; "
            "write the number as a string or leave it out"
        ) from None


def load_json(text: str | None) -> dict[str, Any]:
    return json.loads(text) if text not in ("{}", "", None) else {}
