"""Articles: their texts (stored exactly as imported), titles, statuses and span counts."""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from annotator.core.changes import Change, StatusMove, Tally
from annotator.core.errors import NotFound, SpanError, StoreError
from annotator.core.model import (
    Article,
    ArticleSummary,
    CorpusHit,
    NewRelation,
    NewSpan,
    check_attributes,
    check_span,
    check_status,
    check_text,
    clean_title,
    now,
)
from annotator.core.store.connection import dump_json
from annotator.core.store.labels import Labels

# The corpus list's row: never reads the text (covering index + span_counts).
SUMMARY_SQL = (
    "SELECT a.id, a.title, a.status, coalesce(c.spans, 0) FROM articles a "
    "LEFT JOIN span_counts c ON c.article_id = a.id"
)
# The most hits a corpus-wide search returns: more than anyone reads in a list.
SEARCH_LIMIT = 1000
SNIPPET_CHARS = 40  # of context on each side of a hit
_WHITESPACE = re.compile(r"\s+")
# An article with its text (which has a table of its own since migration 4).
ARTICLE_SQL = (
    "SELECT a.id, a.title, t.text, a.sha256, a.source, a.meta, a.status, a.imported_at, "
    "a.updated_at FROM articles a LEFT JOIN article_texts t ON t.article_id = a.id"
)


class Articles(Labels):
    """The article tables' part of :class:`~annotator.core.store.Store`."""

    def add_article(
        self,
        *,
        title: str,
        text: str,
        source: str | None = None,
        meta: dict[str, Any] | None = None,
        status: str = "todo",
        spans: Iterable[NewSpan] = (),
        relations: Iterable[NewRelation] = (),
    ) -> tuple[int, bool]:
        """Add one article with its spans and the relations between them; return ``(id, added)``.

        A relation names its spans by their position in ``spans``.  A text already in
        the corpus (same sha256) is not added again: ``added`` is False and the
        existing id is returned.
        """
        encoded = check_text(text)
        check_status(status)
        spans = list(spans)
        relations = list(relations)
        for number, relation in enumerate(relations, start=1):
            _check_new_relation(relation, len(spans), number)
        meta_json = dump_json(meta or {}, what="the article's meta")
        pieces, attributes = [], []
        for number, span in enumerate(spans, start=1):
            try:
                pieces.append(check_span(text, span.start, span.end, span.text))
                if span.attributes:
                    check_attributes(span.attributes)
                attributes.append(dump_json(span.attributes, what="its attributes"))
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
            if relations:
                # An imported file's unknown relation types are created, as its labels are
                # (RelationTypes, a sibling part of the Store).
                self.ensure_relation_types(r.kind for r in relations)  # type: ignore[attr-defined]
                self._insert_new_relations(article_id, spans, relations, stamp)
        return article_id, True

    def _insert_new_relations(
        self, article_id: int, spans: list[NewSpan], relations: list[NewRelation], stamp: str
    ) -> None:
        # The spans' ids, by the key the table keeps unique: a span given twice is one
        # row, and a relation to either copy is a relation to that row.
        ids = {
            tuple(row[1:]): row[0] for row in self.conn.execute(
                "SELECT id, start, end, label, annotator FROM spans WHERE article_id = ?",
                (article_id,),
            )
        }  # fmt: skip

        def span_id(position: int) -> int:
            span = spans[position]
            return ids[(span.start, span.end, span.label, span.annotator or "")]

        rows = []
        for relation in relations:
            head, child = span_id(relation.head), span_id(relation.child)
            if head == child:  # two copies of one span: still a span linked to itself
                raise SpanError(f"a {relation.kind} relation links a span to itself")
            rows.append((
                relation.kind, head, child, relation.annotator or "", stamp,
                dump_json(relation.attributes, what="the relation's attributes"),
            ))  # fmt: skip
        # OR IGNORE: the same relation twice in the input says nothing more
        self.conn.executemany(
            "INSERT OR IGNORE INTO relations (kind, head_span_id, tail_span_id, annotator, "
            "created_at, attributes) VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )

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

    def edit_article(
        self, article_id: int, *, title: str | None = None, meta: dict[str, Any] | None = None
    ) -> Article:
        """Set an article's title and/or its whole meta dict, in one transaction.

        The text is never touched (every span's offsets point into it).  Titles are
        cleaned as on import; meta must be a JSON object without NaN or Infinity, which
        no export could carry.
        """
        if meta is not None and not isinstance(meta, dict):
            raise SpanError("the article's meta must be an object of names and values")
        try:
            meta_json = None if meta is None else dump_json(meta, what="the article's meta")
        except TypeError as exc:  # a set, bytes...: not JSON either
            raise SpanError(f"the article's meta is not JSON: {exc}") from None
        with self.transaction():
            self.status(article_id)  # NotFound, named, before anything is written
            if title is not None:
                self.conn.execute(
                    "UPDATE articles SET title = ?, updated_at = ? WHERE id = ?",
                    (clean_title(title), now(), article_id),
                )
            if meta_json is not None:
                self.conn.execute(
                    "UPDATE articles SET meta = ?, updated_at = ? WHERE id = ?",
                    (meta_json, now(), article_id),
                )
        return self.article(article_id)

    def article(self, article_id: int) -> Article:
        row = self.conn.execute(ARTICLE_SQL + " WHERE a.id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFound(f"no article with id {article_id}")
        return article_from_row(row, where=self.path)

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
                raise _text_missing(article_id, self.path)
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
            check_status(status)
            where.append("a.status = ?")
            params.append(status)
        if query:
            where.append("a.title LIKE ? ESCAPE '\\'")
            params.append("%" + re.sub(r"([%_\\])", r"\\\1", query) + "%")
        sql = SUMMARY_SQL + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY a.id"
        return [ArticleSummary(*row) for row in self.conn.execute(sql, params)]

    def search_texts(
        self,
        query: str,
        *,
        limit: int = SEARCH_LIMIT,
        cancelled: Callable[[], bool] | None = None,
    ) -> tuple[list[CorpusHit], bool]:
        """Where ``query`` occurs in every article, ignoring case, in corpus order.

        Returns at most ``limit`` hits and whether more were left out.  Texts are read
        one at a time from a cursor, never all at once.  A Python regular expression,
        not SQL ``lower()``: SQLite folds only ASCII case, and folding the text itself
        (``str.lower``) can change its length ("İ" becomes two code points), which would
        shift every offset after it; ``re.IGNORECASE`` matches on the text as stored.
        ``cancelled`` is asked between articles (a search in a worker thread).
        """
        if not query:
            return [], False
        pattern = re.compile(re.escape(query), re.IGNORECASE)
        hits: list[CorpusHit] = []
        cursor = self.conn.execute(
            "SELECT a.id, a.title, t.text FROM articles a "
            "JOIN article_texts t ON t.article_id = a.id ORDER BY a.id"
        )
        try:
            for article_id, title, text in cursor:
                if cancelled is not None and cancelled():
                    break
                for match in pattern.finditer(text):
                    if len(hits) == limit:
                        return hits, True
                    start, end = match.span()
                    hits.append(CorpusHit(
                        article_id, title, start, end, match.group(),
                        ("\u2026" if start > SNIPPET_CHARS else "")
                        + _one_line(text[max(0, start - SNIPPET_CHARS) : start]),
                        _one_line(text[end : end + SNIPPET_CHARS])
                        + ("\u2026" if end + SNIPPET_CHARS < len(text) else ""),
                    ))  # fmt: skip
        finally:
            cursor.close()
        return hits, False

    def summary(self, article_id: int) -> ArticleSummary:
        """One article's row for the corpus list, without reading its text."""
        row = self.conn.execute(SUMMARY_SQL + " WHERE a.id = ?", (article_id,)).fetchone()
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
        check_status(status)
        return self.conn.execute(
            "SELECT count(*) FROM articles WHERE status = ?", (status,)
        ).fetchone()[0]

    def article_ids(self) -> list[int]:
        """Every article's id, in corpus order: the corpus list's rows before their titles."""
        return [row[0] for row in self.conn.execute("SELECT id FROM articles ORDER BY id")]

    def set_status(self, article_id: int, status: str) -> None:
        self.change_status(article_id, status)

    def change_status(self, article_id: int, status: str) -> Change:
        """Set the article's status and commit; the Change holds the move (to set it back)."""
        check_status(status)
        tally = Tally()
        with self.transaction():
            before = self.status(article_id)
            self._move_status(StatusMove(article_id, before, status), tally)
        return tally.change(article_id)

    def _move_status(self, move: StatusMove, tally: Tally) -> None:
        """Apply one status move; an implied one only if the status is still ``before``."""
        check_status(move.after)
        sql = "UPDATE articles SET status = ?, updated_at = ? WHERE id = ?"
        params: tuple[object, ...] = (move.after, now(), move.article_id)
        if move.implied:
            sql += " AND status = ?"
            params += (move.before,)
        cursor = self.conn.execute(sql, params)
        if cursor.rowcount:
            tally.statuses.append(move)
        elif not move.implied:
            raise NotFound(f"no article with id {move.article_id}")


def _check_new_relation(relation: NewRelation, span_count: int, number: int) -> None:
    where = f"relation {number}"
    kind = relation.kind
    if not isinstance(kind, str) or not kind.strip() or len(kind) > 64:
        raise SpanError(f"{where}: a relation type is 1-64 characters, not {kind!r}")
    for end, position in (("head", relation.head), ("child", relation.child)):
        if type(position) is not int or not 0 <= position < span_count:
            raise SpanError(f"{where}: its {end} is not one of the article's spans")
    if relation.head == relation.child:
        raise SpanError(f"{where}: a {kind} relation links a span to itself")
    if not isinstance(relation.attributes, dict):
        raise SpanError(f"{where}: attributes must be an object")


def _one_line(text: str) -> str:
    # Line breaks and tabs as single spaces, its edges kept: the hit sits between two.
    return _WHITESPACE.sub(" ", text)


def _text_missing(article_id: int, where: object) -> StoreError:
    # Named by its file: the message may surface from an export of several corpora.
    return StoreError(
        f"{where or 'this corpus'}: article {article_id} has no text in the corpus (changed "
        "by another program?); restore a backup with: annotator restore FILE"
    )


def article_from_row(row: Sequence[Any], *, where: object = None) -> Article:
    if row[2] is None:  # never skipped: in an export its spans would shift onto the next
        raise _text_missing(row[0], where)
    return Article(
        row[0], row[1], row[2], row[3], row[4], json.loads(row[5]), row[6], row[7], row[8]
    )
