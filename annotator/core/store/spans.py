"""Spans: the tagged stretches of an article's text, and reads of articles with their spans.

Every span write checks ``text[start:end] == span.text`` (:func:`check_span`) before
anything reaches the database.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import replace
from typing import Any

from annotator.core.changes import Change, StatusMove, Tally
from annotator.core.errors import DuplicateSpan, NotFound, SpanError
from annotator.core.model import (
    STATUSES,
    Article,
    Damaged,
    Span,
    SpanKey,
    check_span,
    check_status,
    now,
)
from annotator.core.store.articles import ARTICLE_SQL, article_from_row
from annotator.core.store.connection import dump_json, load_json
from annotator.core.store.links import Links

SPAN_COLUMNS = "id, article_id, start, end, label, text, annotator, created_at, attributes"


class Spans(Links):
    """The span table's part of :class:`~annotator.core.store.Store`."""

    def spans(self, article_id: int, *, annotator: str | None = None) -> list[Span]:
        """The article's spans in text order (start, then longer first, then label).

        ``annotator``: only that analyst's spans and the unnamed ones (see
        :func:`_of_analyst`); ``None``: everyone's.
        """
        where, params = _of_analyst(article_id, annotator)
        rows = self.conn.execute(
            f"SELECT {SPAN_COLUMNS} FROM spans WHERE {where} ORDER BY start, end DESC, label, id",
            params,
        )
        return [span_from_row(row) for row in rows]

    def span_keys(
        self, article_id: int, *, annotator: str | None = None
    ) -> list[tuple[int, int, str, int]]:
        """The article's spans as ``(start, -end, label, id)``, in :meth:`spans` order.

        Plain tuples, so opening 10,000 spans builds no objects; sorted here because
        Python sorts them faster than SQLite's temporary B-tree (same order: labels
        compare by code point in both).  ``annotator`` as in :meth:`spans`.
        """
        where, params = _of_analyst(article_id, annotator)
        keys = self.conn.execute(
            f'SELECT start, -"end", label, id FROM spans WHERE {where}', params
        ).fetchall()
        keys.sort()
        return keys

    def checked_span_keys(
        self, article_id: int, *, annotator: str | None = None
    ) -> tuple[list[SpanKey], list[Damaged]]:
        """:meth:`span_keys` without the rows that do not fit the text, and those rows.

        Another program may write a span outside the text, or one whose stored text is
        not the slice; the window leaves such rows out and says so once.
        """
        text = self.article_text(article_id)
        length = len(text)
        where, params = _of_analyst(article_id, annotator)
        rows = self.conn.execute(
            f'SELECT start, -"end", label, id, text FROM spans WHERE {where}', params
        ).fetchall()
        keys: list[SpanKey] = []
        damaged: list[Damaged] = []
        for start, neg_end, label, span_id, stored in rows:
            end = -neg_end
            if not 0 <= start < end <= length:
                damaged.append(Damaged(span_id, start, end, f"outside the text (0..{length})"))
            elif text[start:end] != stored:
                damaged.append(Damaged(span_id, start, end, "stored text is not the slice"))
            else:
                keys.append((start, neg_end, label, span_id))
        keys.sort()
        damaged.sort()  # by span id
        return keys, damaged

    def spans_by_id(self, span_ids: Iterable[int]) -> list[Span]:
        """The spans with these ids that exist, by id (a story's linked spans, at once)."""
        ids = sorted(set(span_ids))
        found: list[Span] = []
        for first in range(0, len(ids), 500):  # well under SQLite's host-parameter limit
            chunk = ids[first : first + 500]
            rows = self.conn.execute(
                f"SELECT {SPAN_COLUMNS} FROM spans WHERE id IN ({','.join('?' * len(chunk))}) "
                "ORDER BY id",
                chunk,
            )
            found.extend(span_from_row(row) for row in rows)
        return found

    def own_layer(self, annotator: str) -> str | None:
        """Whose spans are ``annotator``'s own in the window: ``annotator``, or None for all.

        A team corpus (a merge of the analysts' files, or one file several analysts
        tag in through the window) is one where at least two named analysts have spans
        in articles they have a status of their own for (the window records one at
        the first tag of an article, a merge brings each analyst's); there each analyst
        sees their own spans and the unnamed ones, the others' being a layer of their
        own.  Anywhere else every span shows, as before analysts had names: a corpus
        made alone, one whose analyst changed their name, a file another program or a
        colleague writing live put spans into, must not look emptied.
        """
        names = [
            row[0] for row in self.conn.execute(
                "SELECT DISTINCT annotator FROM analyst_status WHERE annotator != ''"
            )
        ]  # fmt: skip
        if len(names) < 2:
            return None
        # Through each status's article (CROSS JOIN keeps the statuses outside): the
        # spans index starts with the article, so this never scans 100,000 spans for a
        # name (50 ms at every article opened; now 4 ms for 5,000 statuses).
        working = 0
        for name in names:
            found = self.conn.execute(
                "SELECT 1 FROM analyst_status st CROSS JOIN spans s "
                "ON s.article_id = st.article_id AND s.annotator = st.annotator "
                "WHERE st.annotator = ? LIMIT 1",
                (name,),
            ).fetchone()
            working += found is not None
            if working == 2:
                return annotator
        return None

    def span_counts_by_annotator(self) -> dict[str, int]:
        """Analyst -> how many spans they have in the corpus (unnamed spans under "")."""
        rows = self.conn.execute("SELECT annotator, count(*) FROM spans GROUP BY annotator")
        return {row[0]: row[1] for row in rows}

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
        return self.insert_span(
            article_id, start, end, label, annotator=annotator, text=text,
            attributes=attributes, span_id=span_id, created_at=created_at,
        ).added[0]  # fmt: skip

    def insert_span(
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
    ) -> Change:
        """:meth:`add_span`, returning the :class:`Change` it made (a todo article starts)."""
        piece = check_span(self.article_text(article_id), start, end, text)
        span = Span(
            span_id or 0, article_id, start, end, label, piece, annotator,
            created_at or now(), dict(attributes or {}),
        )  # fmt: skip
        tally = Tally()
        with self.transaction():
            self._put_spans([span], tally, new_ids=span_id is None)
        return tally.change(article_id)

    def add_spans(
        self, article_id: int, ranges: Sequence[tuple[int, int]], label: str, *, annotator: str = ""
    ) -> Change:
        """Tag every ``[start, end)`` in ``ranges`` with ``label`` in one transaction.

        A range that already carries this label from this annotator is skipped, not an
        error (tagging every occurrence of a name that is tagged in places); the Change
        lists only the spans added, so one undo takes all of them back.
        """
        text = self.article_text(article_id)
        tally = Tally()
        with self.transaction():
            spans = []
            for start, end in dict.fromkeys(ranges):  # a range given twice is tagged once
                piece = check_span(text, start, end)
                # Read inside the transaction: what is skipped is what the database holds.
                # One lookup in the unique index per range, not a scan of 10,000 spans.
                existing = self.conn.execute(
                    'SELECT 1 FROM spans WHERE article_id = ? AND start = ? AND "end" = ? '
                    "AND label = ? AND annotator = ?",
                    (article_id, start, end, label, annotator),
                ).fetchone()
                if existing is None:
                    spans.append(
                        Span(0, article_id, start, end, label, piece, annotator, now(), {})
                    )
            self._put_spans(spans, tally, new_ids=True)
        return tally.change(article_id)

    def resize_span(self, span_id: int, start: int, end: int) -> Change:
        """Move a span's edges to ``[start, end)``, keeping everything else about it.

        Its id, label, annotator, time, attributes and relations stay; the Change lists
        it as removed (as it was) and added (as it is) under the same id, so undo is
        ``apply(change.inverse())`` like any other step.  Refused (SpanError) out of
        range, empty, unchanged, or onto a span that already exists (DuplicateSpan).
        """
        tally = Tally()
        with self.transaction():
            span = self.span(span_id)
            if (start, end) == (span.start, span.end):
                raise SpanError(f"the {span.label} span already covers [{start}, {end})")
            piece = check_span(self.article_text(span.article_id), start, end)
            self._swap_spans([(span, replace(span, start=start, end=end, text=piece))], tally)
        return tally.change(span.article_id)

    def relabel_span(self, span_id: int, label: str) -> Span:
        return self.update_span_label(span_id, label).added[0]

    def update_span_label(self, span_id: int, label: str) -> Change:
        """Give a span another label, keeping its id: it is removed as it was, added as it is."""
        tally = Tally()
        with self.transaction():
            span = self.span(span_id)
            self._swap_spans([(span, replace(span, label=label))], tally)
        return tally.change(span.article_id)

    def delete_span(self, span_id: int) -> Span:
        """Delete one span and commit; return it as it was, so it can be restored."""
        return self.remove_span(span_id).removed[0]

    def remove_span(self, span_id: int) -> Change:
        """Delete one span and its relations; the Change lists them all, as they were."""
        tally = Tally()
        with self.transaction():
            span = self.span(span_id)
            self._take_spans([span], tally)
        return tally.change(span.article_id)

    def restore_span(self, span: Span) -> Span:
        """Put back a span returned by :meth:`delete_span`, with its id and time."""
        return self.add_span(
            span.article_id, span.start, span.end, span.label,
            annotator=span.annotator, text=span.text, attributes=span.attributes,
            span_id=span.id, created_at=span.created_at,
        )  # fmt: skip

    # -- records, for Store.apply ----------------------------------------------------

    def _put_spans(self, spans: Sequence[Span], tally: Tally, *, new_ids: bool = False) -> None:
        """Insert spans with their ids and times (``new_ids``: SQLite picks the ids)."""
        # Counts and the todo -> in-progress move once per article, not once per span:
        # tagging every occurrence writes dozens of spans in one step.
        counts: dict[int, int] = {}
        for span in spans:
            piece = check_span(self.article_text(span.article_id), span.start, span.end, span.text)
            self.label(span.label)
            try:
                cursor = self.conn.execute(
                    "INSERT INTO spans (id, article_id, start, end, label, text, annotator, "
                    "created_at, attributes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (None if new_ids else span.id, span.article_id, span.start, span.end,
                     span.label, piece, span.annotator, span.created_at,
                     dump_json(span.attributes, what="its attributes")),
                )  # fmt: skip
            except sqlite3.IntegrityError as exc:
                raise span_integrity(exc, span.start, span.end, span.label) from None
            if span.article_id not in counts:
                counts[span.article_id] = 0
                if self._start(span.article_id):
                    tally.statuses.append(
                        StatusMove(span.article_id, "todo", "in-progress", implied=True)
                    )
            counts[span.article_id] += 1
            assert cursor.lastrowid is not None
            added = Span(
                cursor.lastrowid, span.article_id, span.start, span.end, span.label, piece,
                span.annotator, span.created_at, dict(span.attributes),
            )  # fmt: skip
            tally.added["spans"].append(added)
        for article_id, added_count in counts.items():
            self._count(article_id, added_count)

    def _take_spans(self, spans: Sequence[Span], tally: Tally) -> None:
        """Delete spans by id, their relations and links first; one gone: the step is void."""
        for span in spans:
            current = self.span(span.id)
            # Read before the delete, so the change can put them back (a cascade would not say).
            self._take_relations(self._relations_of_spans([span.id]), tally)
            self._take_links(self._links_of_spans([span.id]), tally)
            self.conn.execute("DELETE FROM spans WHERE id = ?", (span.id,))
            self._count(current.article_id, -1)
            tally.removed["spans"].append(current)

    def _swap_spans(self, pairs: Sequence[tuple[Span, Span]], tally: Tally) -> None:
        """Change spans in place (label, offsets, attributes), keeping ids and relations."""
        for _, new in pairs:
            current = self.span(new.id)
            piece = current.text
            if (new.start, new.end) != (current.start, current.end):
                piece = check_span(self.article_text(current.article_id), new.start, new.end)
            if new.label != current.label:
                self.label(new.label)
            try:
                self.conn.execute(
                    "UPDATE spans SET start = ?, end = ?, label = ?, text = ?, attributes = ? "
                    "WHERE id = ?",
                    (new.start, new.end, new.label, piece,
                     dump_json(new.attributes, what="its attributes"), new.id),
                )  # fmt: skip
            except sqlite3.IntegrityError as exc:
                raise span_integrity(exc, new.start, new.end, new.label) from None
            tally.removed["spans"].append(current)
            tally.added["spans"].append(
                replace(current, start=new.start, end=new.end, label=new.label, text=piece,
                        attributes=dict(new.attributes))
            )  # fmt: skip

    def _count(self, article_id: int, change: int) -> None:
        """Keep the corpus list's span count, in the same transaction as the span write."""
        self.conn.execute(
            "INSERT INTO span_counts (article_id, spans) VALUES (?, ?) "
            "ON CONFLICT (article_id) DO UPDATE SET spans = spans + excluded.spans",
            (article_id, change),
        )

    def _start(self, article_id: int) -> bool:
        """Move a todo article to in-progress (its first span); whether it moved."""
        # Span edits leave the article row alone otherwise: ``updated_at`` is when the
        # article's own fields (status) last changed; each span carries its own time.
        cursor = self.conn.execute(
            "UPDATE articles SET status = 'in-progress', updated_at = ? "
            "WHERE id = ? AND status = 'todo'",
            (now(), article_id),
        )
        return cursor.rowcount > 0

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
                article = article_from_row(row, where=self.path)
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


def _of_analyst(article_id: int, annotator: str | None) -> tuple[str, tuple[object, ...]]:
    """The WHERE of an article's spans, or of one analyst's and the unnamed ones.

    Unnamed spans ('') were made before analysts had names, or imported from a file
    that named none: they belong to whoever works in the corpus, so every analyst
    sees them as their own.
    """
    if annotator is None:
        return "article_id = ?", (article_id,)
    return "article_id = ? AND annotator IN (?, '')", (article_id, annotator)


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
