"""Spans: the tagged stretches of an article's text, and reads of articles with their spans.

Every span write checks ``text[start:end] == span.text`` (:func:`check_span`) before
anything reaches the database.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import suppress
from typing import Any

from annotator.core.errors import DuplicateSpan, NotFound
from annotator.core.model import STATUSES, Article, Span, check_span, check_status, now
from annotator.core.store.articles import ARTICLE_SQL, Articles, article_from_row
from annotator.core.store.connection import dump_json, load_json

SPAN_COLUMNS = "id, article_id, start, end, label, text, annotator, created_at, attributes"


class Spans(Articles):
    """The span table's part of :class:`~annotator.core.store.Store`."""

    def spans(self, article_id: int) -> list[Span]:
        """The article's spans in text order (start, then longer first, then label)."""
        rows = self.conn.execute(
            f"SELECT {SPAN_COLUMNS} FROM spans WHERE article_id = ? "
            "ORDER BY start, end DESC, label, id",
            (article_id,),
        )
        return [span_from_row(row) for row in rows]

    def span_keys(self, article_id: int) -> list[tuple[int, int, str, int]]:
        """The article's spans as ``(start, -end, label, id)``, in :meth:`spans` order.

        Plain tuples, so opening 10,000 spans builds no objects; sorted here because
        Python sorts them faster than SQLite's temporary B-tree (same order: labels
        compare by code point in both).
        """
        keys = self.conn.execute(
            'SELECT start, -"end", label, id FROM spans WHERE article_id = ?', (article_id,)
        ).fetchall()
        keys.sort()
        return keys

    def span(self, span_id: int) -> Span:
        row = self.conn.execute(
            f"SELECT {SPAN_COLUMNS} FROM spans WHERE id = ?", (span_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no span with id {span_id}")
        return span_from_row(row)

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
        attributes_json = dump_json(attributes or {}, what="its attributes")
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
                raise span_integrity(exc, start, end, label) from None
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
                raise span_integrity(exc, span.start, span.end, label) from None
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
            check_status(status)
        conn = self.conn
        own_snapshot = not conn.in_transaction
        if own_snapshot:
            conn.execute("BEGIN")
        try:
            where = " WHERE a.status = ?" if status else ""
            params = (status,) if status else ()
            articles = conn.execute(ARTICLE_SQL + where + " ORDER BY a.id", params)
            spans = conn.execute(
                "SELECT s.id, s.article_id, s.start, s.end, s.label, s.text, s.annotator, "
                "s.created_at, s.attributes FROM spans s JOIN articles a ON a.id = s.article_id"
                + (" WHERE a.status = ?" if status else "")
                + " ORDER BY s.article_id, s.start, s.end DESC, s.label, s.id",
                params,
            )
            pending = spans.fetchone()
            for row in articles:
                article = article_from_row(row)
                mine = []
                while pending is not None and pending[1] == article.id:
                    mine.append(span_from_row(pending))
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


def span_integrity(exc: sqlite3.IntegrityError, start: int, end: int, label: str) -> Exception:
    # A trigger's RAISE message is free text: only SQLite's own constraints are ours.
    ours = getattr(exc, "sqlite_errorname", "") != "SQLITE_CONSTRAINT_TRIGGER"
    if ours and "UNIQUE" in str(exc):
        return DuplicateSpan(f"a {label} span over [{start}, {end}) already exists")
    if ours and "FOREIGN KEY" in str(exc):
        return NotFound(f"no such article or label for the span [{start}, {end}) {label}")
    # Another program's trigger or CHECK: the transaction names it (dberrors.explain).
    return exc


def span_from_row(row: Sequence[Any]) -> Span:
    return Span(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], load_json(row[8]))
