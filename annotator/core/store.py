"""The corpus store: articles, spans and labels in one SQLite file.

Offsets are Python code-point offsets, half-open, into the article text, which
is stored exactly as imported.  Every write goes through this class, which
checks ``text[start:end] == span.text`` before anything reaches the database,
and every public method that changes something commits before it returns.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import quote

from annotator.core import schema
from annotator.core.dberrors import explain
from annotator.core.errors import (
    AnnotatorError,
    DuplicateSpan,
    LabelError,
    NotACorpus,
    NotFound,
    SpanError,
    StoreError,
)
from annotator.core.fileutil import special_kind

if TYPE_CHECKING:
    from sqlite_utils import Database

# The corpus list's row: never reads the text (covering index + span_counts).
_SUMMARY_SQL = (
    "SELECT a.id, a.title, a.status, coalesce(c.spans, 0) FROM articles a "
    "LEFT JOIN span_counts c ON c.article_id = a.id"
)
# An article with its text (which has a table of its own since migration 4).
_ARTICLE_SQL = (
    "SELECT a.id, a.title, t.text, a.sha256, a.source, a.meta, a.status, a.imported_at, "
    "a.updated_at FROM articles a LEFT JOIN article_texts t ON t.article_id = a.id"
)
STATUSES = ("todo", "in-progress", "done")
BUSY_TIMEOUT_MS = 30_000
_SQLITE_MAGIC = b"SQLite format 3\x00"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_HEX_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
# Printable, 1-64 characters, no leading/trailing space; exporters whose
# format cannot hold a space (brat, CoNLL) substitute it themselves.
_LABEL_NAME = re.compile(r"^(?=\S)[^\x00-\x1f\x7f]{1,64}(?<=\S)$")
# Colours given to labels created without one (by import, or `labels add`).
# Okabe-Ito first (colour-blind safe), then Paul Tol's "bright" set.
SPARE_COLOURS = (
    "#56B4E9", "#E69F00", "#009E73", "#CC79A7", "#F0E442", "#0072B2", "#D55E00",
    "#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB",
)  # fmt: skip


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Label(NamedTuple):
    name: str
    hotkey: str | None
    colour: str
    position: int
    description: str = ""


@dataclass(frozen=True, slots=True)
class Span:
    id: int
    article_id: int
    start: int
    end: int
    label: str
    text: str
    annotator: str = ""
    created_at: str = ""
    attributes: dict[str, Any] = field(default_factory=dict)


class Article(NamedTuple):
    id: int
    title: str
    text: str
    sha256: str
    source: str | None
    meta: dict[str, Any]
    status: str
    imported_at: str
    updated_at: str


class ArticleSummary(NamedTuple):
    id: int
    title: str
    status: str
    span_count: int


@dataclass(slots=True)  # not frozen: an import builds 200,000 of these, and frozen init is slow
class NewSpan:
    """A span to be added with a new article (import); ``text`` is checked if given."""

    start: int
    end: int
    label: str
    annotator: str = ""
    text: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)


def clean_title(title: str) -> str:
    """A title is one line of display text: control characters become spaces."""
    flat = _CONTROL.sub(" ", title if isinstance(title, str) else str(title))
    return " ".join(flat.split())[:500] or "(untitled)"


def check_text(text: str) -> bytes:
    """Refuse article text that cannot be stored and shown faithfully."""
    if not isinstance(text, str):
        raise SpanError("article text must be a string")
    if not text.strip():
        raise SpanError("the text is empty or only whitespace")
    if "\x00" in text:
        raise SpanError(f"the text contains a NUL character at offset {text.index(chr(0))}")
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise SpanError(f"the text contains an unpaired surrogate at offset {exc.start}") from None


def check_span(text: str, start: object, end: object, given: str | None = None) -> str:
    """Return ``text[start:end]`` or raise SpanError naming what is wrong."""
    if type(start) is not int or type(end) is not int:
        raise SpanError(f"span offsets must be whole numbers, got {start!r} and {end!r}")
    if not 0 <= start < end <= len(text):
        raise SpanError(
            f"span [{start}, {end}) is out of range or empty for a text of {len(text)} characters"
        )
    piece = text[start:end]
    if given is not None and given != piece:
        raise SpanError(
            f"span [{start}, {end}) says {_short(given)} but the text there is {_short(piece)}"
        )
    return piece


def _short(value: str, limit: int = 40) -> str:
    shown = value if len(value) <= limit else value[: limit - 1] + "…"
    return json.dumps(shown, ensure_ascii=False)


class Store:
    """One corpus database.  Use :meth:`open`; close it with :meth:`close` or ``with``."""

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
    def open(cls, path: str | Path | None = None, *, read_only: bool = False) -> Store:
        """Open (creating if needed) the corpus at ``path``; ``None`` means in memory.

        A database that another program or a newer Annotator wrote is refused before
        anything is written to it.  ``read_only`` opens it without ever writing to it
        or beside it (see :meth:`_open_read_only`).
        """
        if path is not None and str(path) != ":memory:":
            path = Path(path)
            _check_is_sqlite(path)
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
                    timeout=BUSY_TIMEOUT_MS / 1000,
                    check_same_thread=False,
                )
            except (OSError, sqlite3.Error) as exc:
                raise StoreError(f"{path}: cannot open the corpus ({exc})") from None
            store = cls(conn, path)
        try:
            store._configure()
            schema.migrate(store)
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

    @classmethod
    def _open_read_only(cls, path: Path) -> Store:
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
    def _upgraded_copy(cls, source: sqlite3.Connection) -> Store:
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
                schema.migrate(store)
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
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
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

    def __enter__(self) -> Store:
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

    # -- labels ----------------------------------------------------------

    def labels(self) -> list[Label]:
        rows = self.conn.execute(
            "SELECT name, hotkey, colour, position, description FROM labels ORDER BY position, name"
        )
        return [Label(*row) for row in rows]

    def label(self, name: str) -> Label:
        row = self.conn.execute(
            "SELECT name, hotkey, colour, position, description FROM labels WHERE name = ?",
            (name,),
        ).fetchone()
        if row is None:
            raise NotFound(f"no label named {name!r}")
        return Label(*row)

    def add_label(
        self,
        name: str,
        *,
        colour: str | None = None,
        hotkey: str | None = None,
        description: str = "",
    ) -> Label:
        _check_label_name(name)
        with self.transaction():
            existing = self.labels()
            if any(label.name == name for label in existing):
                raise LabelError(f"a label named {name!r} already exists")
            if colour is None:
                used = {label.colour.upper() for label in existing}
                colour = next((c for c in SPARE_COLOURS if c.upper() not in used), "#888888")
            colour = _check_colour(colour)
            hotkey = self._free_hotkey(hotkey, existing, for_label=None)
            position = max((label.position for label in existing), default=0) + 1
            self.conn.execute(
                "INSERT INTO labels (name, hotkey, colour, position, description) "
                "VALUES (?, ?, ?, ?, ?)",
                (name, hotkey, colour, position, description),
            )
        return self.label(name)

    def ensure_labels(self, names: Iterable[str]) -> None:
        """Create, with spare colours and no hotkey, any label not yet in the corpus."""
        names = list(names)
        if not names:
            return
        known = self._labels_known if self._writing else None
        if known is None or not known.issuperset(names):
            known = {row[0] for row in self.conn.execute("SELECT name FROM labels")}
        for name in names:
            if name not in known:
                self.add_label(name)
                known.add(name)
        if self._writing:
            # An import adds thousands of articles in one transaction: the labels are
            # read once, not once per article (a fifth of a second per 10,000).
            self._labels_known = known

    def rename_label(self, old: str, new: str) -> Label:
        _check_label_name(new)
        self._labels_known = None
        with self.transaction():
            self.label(old)
            if (
                old != new
                and self.conn.execute("SELECT 1 FROM labels WHERE name = ?", (new,)).fetchone()
            ):
                raise LabelError(f"a label named {new!r} already exists")
            # spans.label references labels(name) ON UPDATE CASCADE
            self.conn.execute("UPDATE labels SET name = ? WHERE name = ?", (new, old))
        return self.label(new)

    def recolour_label(self, name: str, colour: str) -> Label:
        colour = _check_colour(colour)
        with self.transaction():
            self.label(name)
            self.conn.execute("UPDATE labels SET colour = ? WHERE name = ?", (colour, name))
        return self.label(name)

    def set_label_hotkey(self, name: str, hotkey: str | None) -> Label:
        with self.transaction():
            self.label(name)
            hotkey = self._free_hotkey(hotkey, self.labels(), for_label=name)
            self.conn.execute("UPDATE labels SET hotkey = ? WHERE name = ?", (hotkey, name))
        return self.label(name)

    def set_label_description(self, name: str, description: str) -> Label:
        with self.transaction():
            self.label(name)
            self.conn.execute(
                "UPDATE labels SET description = ? WHERE name = ?", (description, name)
            )
        return self.label(name)

    @staticmethod
    def _free_hotkey(
        hotkey: str | None, labels: Sequence[Label], *, for_label: str | None
    ) -> str | None:
        if hotkey is None or hotkey == "":
            return None
        key = hotkey.upper()
        if len(key) != 1 or not ("A" <= key <= "Z"):
            raise LabelError(
                f"a hotkey is one letter A-Z, not {hotkey!r} (digits 1-9 are positional)"
            )
        for label in labels:
            if label.hotkey == key and label.name != for_label:
                raise LabelError(f"hotkey {key} is already used by {label.name}")
        return key

    # -- articles --------------------------------------------------------

    def add_article(
        self,
        *,
        title: str,
        text: str,
        source: str | None = None,
        meta: dict[str, Any] | None = None,
        status: str = "todo",
        spans: Iterable[NewSpan] = (),
    ) -> tuple[int, bool]:
        """Add one article with its spans; return ``(id, added)``.

        A text already in the corpus (same sha256) is not added again:
        ``added`` is False and the existing id is returned.
        """
        encoded = check_text(text)
        _check_status(status)
        spans = list(spans)
        meta_json = _dump(meta or {}, what="the article's meta")
        pieces, attributes = [], []
        for number, span in enumerate(spans, start=1):
            try:
                pieces.append(check_span(text, span.start, span.end, span.text))
                attributes.append(_dump(span.attributes, what="its attributes"))
            except SpanError as exc:
                raise SpanError(f"span {number}: {exc}") from None
        sha = hashlib.sha256(encoded).hexdigest()
        with self.transaction():
            row = self.conn.execute("SELECT id FROM articles WHERE sha256 = ?", (sha,)).fetchone()
            if row is not None:
                return row[0], False
            self.ensure_labels(dict.fromkeys(s.label for s in spans))
            stamp = now()
            cursor = self.conn.execute(
                self._insert_article_sql,
                (clean_title(title), sha, source, meta_json, status, stamp, stamp),
            )
            article_id = cursor.lastrowid
            assert article_id is not None
            # OR REPLACE: article ids are reused after the last one is deleted, and a text
            # (or spans) left by another program deleting with foreign keys off must not
            # block every import after it; the leftover text belongs to no article.
            self.conn.execute(
                "INSERT OR REPLACE INTO article_texts (article_id, text) VALUES (?, ?)",
                (article_id, text),
            )
            seen: set[tuple[int, int, str, str]] = set()
            rows = []
            for span, piece, attributes_json in zip(spans, pieces, attributes, strict=True):
                key = (span.start, span.end, span.label, span.annotator or "")
                if key in seen:  # the same span twice in the input says nothing more
                    continue
                seen.add(key)
                rows.append(
                    (article_id, span.start, span.end, span.label, piece,
                     span.annotator or "", stamp, attributes_json)
                )  # fmt: skip
            self.conn.executemany(
                "INSERT INTO spans (article_id, start, end, label, text, annotator, created_at, "
                "attributes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            if rows:
                self.conn.execute(
                    "INSERT INTO span_counts (article_id, spans) VALUES (?, ?)",
                    (article_id, len(rows)),
                )
        return article_id, True

    @functools.cached_property
    def _insert_article_sql(self) -> str:
        columns = [row[1] for row in self.conn.execute("PRAGMA table_info(articles)")]
        if "text" in columns:  # migrated by a SQLite too old to drop it: kept empty
            return (
                "INSERT INTO articles (title, sha256, source, meta, status, imported_at, "
                "updated_at, text) VALUES (?, ?, ?, ?, ?, ?, ?, '')"
            )
        return (
            "INSERT INTO articles (title, sha256, source, meta, status, imported_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
        )

    def article(self, article_id: int) -> Article:
        row = self.conn.execute(_ARTICLE_SQL + " WHERE a.id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFound(f"no article with id {article_id}")
        return _article(row)

    def forget_texts(self) -> None:
        """Drop the cached texts: another program changed the corpus (ids can be reused)."""
        self._texts.clear()

    def article_text(self, article_id: int) -> str:
        """The article's text; cached, since a stored text never changes."""
        text = self._texts.get(article_id)
        if text is None:
            row = self.conn.execute(
                "SELECT t.text FROM articles a LEFT JOIN article_texts t "
                "ON t.article_id = a.id WHERE a.id = ?",
                (article_id,),
            ).fetchone()
            if row is None:
                raise NotFound(f"no article with id {article_id}")
            if row[0] is None:
                raise _text_missing(article_id)
            text = row[0]
            if len(self._texts) > 16:
                self._texts.clear()
            self._texts[article_id] = text
        return text

    def article_id_for_sha(self, sha256: str) -> int | None:
        row = self.conn.execute("SELECT id FROM articles WHERE sha256 = ?", (sha256,)).fetchone()
        return None if row is None else row[0]

    def articles(
        self,
        *,
        status: str | None = None,
        query: str | None = None,
        id_range: tuple[int, int] | None = None,
    ) -> list[ArticleSummary]:
        """Every article in corpus order (id), with its span count; titles only, no text.

        ``id_range`` (first, last), both included, lists one stretch of the corpus: the
        corpus list reads the rows it shows a page at a time.
        """
        where: list[str] = []
        params: list[object] = []
        if id_range is not None:
            where.append("a.id BETWEEN ? AND ?")
            params += id_range
        if status is not None:
            _check_status(status)
            where.append("a.status = ?")
            params.append(status)
        if query:
            where.append("a.title LIKE ? ESCAPE '\\'")
            params.append("%" + re.sub(r"([%_\\])", r"\\\1", query) + "%")
        sql = _SUMMARY_SQL + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY a.id"
        return [ArticleSummary(*row) for row in self.conn.execute(sql, params)]

    def summary(self, article_id: int) -> ArticleSummary:
        """One article's row for the corpus list, without reading its text."""
        row = self.conn.execute(_SUMMARY_SQL + " WHERE a.id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFound(f"no article with id {article_id}")
        return ArticleSummary(*row)

    def status(self, article_id: int) -> str:
        row = self.conn.execute(
            "SELECT status FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no article with id {article_id}")
        return row[0]

    def article_count(self, *, status: str | None = None) -> int:
        if status is None:
            return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        _check_status(status)
        return self.conn.execute(
            "SELECT count(*) FROM articles WHERE status = ?", (status,)
        ).fetchone()[0]

    def article_ids(self) -> list[int]:
        """Every article's id, in corpus order: the corpus list's rows before their titles."""
        return [row[0] for row in self.conn.execute("SELECT id FROM articles ORDER BY id")]

    def set_status(self, article_id: int, status: str) -> None:
        _check_status(status)
        with self.transaction():
            cursor = self.conn.execute(
                "UPDATE articles SET status = ?, updated_at = ? WHERE id = ?",
                (status, now(), article_id),
            )
            if cursor.rowcount == 0:
                raise NotFound(f"no article with id {article_id}")

    # -- spans -----------------------------------------------------------

    def spans(self, article_id: int) -> list[Span]:
        """The article's spans in text order (start, then longer first, then label)."""
        rows = self.conn.execute(
            "SELECT id, article_id, start, end, label, text, annotator, created_at, attributes "
            "FROM spans WHERE article_id = ? ORDER BY start, end DESC, label, id",
            (article_id,),
        )
        return [_span(row) for row in rows]

    def span(self, span_id: int) -> Span:
        row = self.conn.execute(
            "SELECT id, article_id, start, end, label, text, annotator, created_at, attributes "
            "FROM spans WHERE id = ?",
            (span_id,),
        ).fetchone()
        if row is None:
            raise NotFound(f"no span with id {span_id}")
        return _span(row)

    def add_span(
        self,
        article_id: int,
        start: int,
        end: int,
        label: str,
        *,
        annotator: str = "",
        text: str | None = None,
        attributes: dict[str, Any] | None = None,
        span_id: int | None = None,
        created_at: str | None = None,
    ) -> Span:
        """Add one span and commit.  ``span_id``/``created_at`` restore a deleted span (undo)."""
        piece = check_span(self.article_text(article_id), start, end, text)
        attributes_json = _dump(attributes or {}, what="its attributes")
        stamp = created_at or now()
        with self.transaction():
            self.label(label)
            try:
                cursor = self.conn.execute(
                    "INSERT INTO spans (id, article_id, start, end, label, text, annotator, "
                    "created_at, attributes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (span_id, article_id, start, end, label, piece, annotator, stamp,
                     attributes_json),
                )  # fmt: skip
            except sqlite3.IntegrityError as exc:
                raise _span_integrity(exc, start, end, label) from None
            self._count(article_id, +1)
            self._touch(article_id, started=True)
        assert cursor.lastrowid is not None
        return Span(
            cursor.lastrowid, article_id, start, end, label, piece, annotator, stamp,
            dict(attributes or {}),
        )  # fmt: skip

    def relabel_span(self, span_id: int, label: str) -> Span:
        with self.transaction():
            span = self.span(span_id)
            self.label(label)
            try:
                self.conn.execute("UPDATE spans SET label = ? WHERE id = ?", (label, span_id))
            except sqlite3.IntegrityError as exc:
                raise _span_integrity(exc, span.start, span.end, label) from None
            self._touch(span.article_id)
        return self.span(span_id)

    def delete_span(self, span_id: int) -> Span:
        """Delete one span and commit; return it as it was, so it can be restored."""
        with self.transaction():
            span = self.span(span_id)
            self.conn.execute("DELETE FROM spans WHERE id = ?", (span_id,))
            self._count(span.article_id, -1)
            self._touch(span.article_id)
        return span

    def restore_span(self, span: Span) -> Span:
        """Put back a span returned by :meth:`delete_span`, with its id and time."""
        return self.add_span(
            span.article_id, span.start, span.end, span.label,
            annotator=span.annotator, text=span.text, attributes=span.attributes,
            span_id=span.id, created_at=span.created_at,
        )  # fmt: skip

    def _count(self, article_id: int, change: int) -> None:
        """Keep the corpus list's span count, in the same transaction as the span write."""
        self.conn.execute(
            "INSERT INTO span_counts (article_id, spans) VALUES (?, ?) "
            "ON CONFLICT (article_id) DO UPDATE SET spans = spans + excluded.spans",
            (article_id, change),
        )

    def _touch(self, article_id: int, *, started: bool = False) -> None:
        # Span edits leave the article row alone: it holds the whole text, and
        # rewriting it on every keystroke made a tag on a 1 MB article 3x slower.
        # ``updated_at`` is when the article's own fields (status) last changed;
        # each span carries its own time.
        if started:
            self.conn.execute(
                "UPDATE articles SET status = 'in-progress', updated_at = ? "
                "WHERE id = ? AND status = 'todo'",
                (now(), article_id),
            )

    # -- whole corpus ----------------------------------------------------

    def iter_articles(self, *, status: str | None = None) -> Iterator[tuple[Article, list[Span]]]:
        """Stream every article with its spans, in id order, from one consistent snapshot."""
        if status is not None:
            _check_status(status)
        conn = self.conn
        own_snapshot = not conn.in_transaction
        if own_snapshot:
            conn.execute("BEGIN")
        try:
            where = " WHERE a.status = ?" if status else ""
            params = (status,) if status else ()
            articles = conn.execute(_ARTICLE_SQL + where + " ORDER BY a.id", params)
            spans = conn.execute(
                "SELECT s.id, s.article_id, s.start, s.end, s.label, s.text, s.annotator, "
                "s.created_at, s.attributes FROM spans s JOIN articles a ON a.id = s.article_id"
                + (" WHERE a.status = ?" if status else "")
                + " ORDER BY s.article_id, s.start, s.end DESC, s.label, s.id",
                params,
            )
            pending = spans.fetchone()
            for row in articles:
                article = _article(row)
                mine = []
                while pending is not None and pending[1] == article.id:
                    mine.append(_span(pending))
                    pending = spans.fetchone()
                yield article, mine
        finally:
            # A caller that stopped half way (an export refused an article) may drop this
            # generator only after closing the store: the snapshot ended with the connection.
            with suppress(sqlite3.ProgrammingError):
                if own_snapshot and conn.in_transaction:
                    conn.execute("COMMIT")

    def stats(self) -> dict[str, Any]:
        by_status = dict.fromkeys(STATUSES, 0)
        for status, count in self.conn.execute(
            "SELECT status, count(*) FROM articles GROUP BY status"
        ):
            by_status[status] = count
        by_label = {label.name: 0 for label in self.labels()}
        for label, count in self.conn.execute("SELECT label, count(*) FROM spans GROUP BY label"):
            by_label[label] = count
        return {
            "articles": sum(by_status.values()),
            "articles_by_status": by_status,
            "spans": sum(by_label.values()),
            "spans_by_label": by_label,
        }

    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]


# -- helpers ---------------------------------------------------------------


def has_content(path: Path) -> bool:
    """A file with something in it (a missing or empty file becomes a new corpus)."""
    try:
        return path.stat().st_size > 0
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


def _check_is_sqlite(path: Path) -> None:
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
            head = handle.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the corpus ({exc.strerror})") from None
    if head and head != _SQLITE_MAGIC:
        raise StoreError(f"{path}: not an SQLite database; left untouched")


def _check_status(status: str) -> None:
    if status not in STATUSES:
        raise StoreError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")


def _check_label_name(name: str) -> None:
    if not isinstance(name, str) or not _LABEL_NAME.match(name):
        raise LabelError(f"a label name is 1-64 printable characters, not {name!r}")


def _check_colour(colour: str) -> str:
    if not _HEX_COLOUR.match(colour or ""):
        raise LabelError(f"a colour is written #RRGGBB, not {colour!r}")
    return colour.upper()


def _span_integrity(exc: sqlite3.IntegrityError, start: int, end: int, label: str) -> Exception:
    # A trigger's RAISE message is free text: only SQLite's own constraints are ours.
    ours = getattr(exc, "sqlite_errorname", "") != "SQLITE_CONSTRAINT_TRIGGER"
    if ours and "UNIQUE" in str(exc):
        return DuplicateSpan(f"a {label} span over [{start}, {end}) already exists")
    if ours and "FOREIGN KEY" in str(exc):
        return NotFound(f"no such article or label for the span [{start}, {end}) {label}")
    # Another program's trigger or CHECK: the transaction names it (dberrors.explain).
    return exc


def _text_missing(article_id: int) -> StoreError:
    return StoreError(
        f"article {article_id} has no text in the corpus (changed by another program?); "
        "restore a backup with: annotator restore FILE"
    )


def _dump(value: dict[str, Any], *, what: str) -> str:
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


def _article(row: Sequence[Any]) -> Article:
    if row[2] is None:  # never skipped: in an export its spans would shift onto the next
        raise _text_missing(row[0])
    return Article(
        row[0], row[1], row[2], row[3], row[4], json.loads(row[5]), row[6], row[7], row[8]
    )


def _span(row: Sequence[Any]) -> Span:
    attributes = json.loads(row[8]) if row[8] not in ("{}", "", None) else {}
    return Span(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], attributes)
