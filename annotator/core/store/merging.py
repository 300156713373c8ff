"""Bringing colleagues' work into a corpus: another corpus file, or an import of known texts.

Articles are joined by the hash of their text (the same text is the same article
whatever its id), spans by ``(article, start, end, label, annotator)``, relations and
links through the spans they join.  Each analyst's records stay theirs (the annotator
is part of every key), and a record already there is skipped, never changed: merging
the same file twice adds nothing.  Where two files disagree about one thing (an
article's title or meta, an entity's name) the corpus keeps what it had and the
difference is listed, so nothing is silently overwritten.

Every function here writes inside the caller's transaction and commits nothing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from annotator.core.errors import StoreError
from annotator.core.model import NewRelation, NewSpan, clean_title, text_sha256
from annotator.core.store.connection import dump_json

if TYPE_CHECKING:
    from annotator.core.store import Store

__all__ = ["AnalystCounts", "MergeTally", "add_annotations", "merge_from", "note_done_by_one"]

UNNAMED = ""  # spans written before analysts had names, or by a file that named none


@dataclass(slots=True)
class AnalystCounts:
    spans: int = 0
    relations: int = 0
    links: int = 0
    statuses: int = 0

    def total(self) -> int:
        return self.spans + self.relations + self.links + self.statuses


@dataclass(slots=True)
class MergeTally:
    """What a merge added, per analyst, and what it kept in place of another file's."""

    articles: int = 0
    analysts: dict[str, AnalystCounts] = field(default_factory=dict)
    stories: int = 0
    entities: int = 0
    work_log: int = 0
    differences: list[str] = field(default_factory=list)

    def of(self, annotator: str) -> AnalystCounts:
        return self.analysts.setdefault(annotator, AnalystCounts())

    def added_anything(self) -> bool:
        return bool(
            self.articles or self.stories or self.entities or self.work_log
            or any(c.total() for c in self.analysts.values())
        )  # fmt: skip


def merge_from(target: Store, source: Store, *, name: str, tally: MergeTally) -> None:
    """Add ``source``'s articles and every analyst's work in them to ``target``.

    Call inside ``target.transaction()``; ``source`` is only read.  ``name`` says which
    file a difference or a damaged row came from.
    """
    src, dst = source.conn, target.conn
    target.ensure_labels([row[0] for row in src.execute("SELECT name FROM labels")])
    target.ensure_relation_types(
        [row[0] for row in src.execute("SELECT DISTINCT kind FROM relations")]
    )
    _merge_entities(src, dst, name=name, tally=tally)
    articles = _merge_articles(target, src, name=name, tally=tally)
    spans = _merge_spans(target, src, articles, name=name, tally=tally)
    for kind, head, tail, annotator, created_at, attributes in src.execute(
        "SELECT kind, head_span_id, tail_span_id, annotator, created_at, attributes "
        "FROM relations ORDER BY id"
    ):
        if head in spans and tail in spans:
            cursor = dst.execute(
                "INSERT OR IGNORE INTO relations (kind, head_span_id, tail_span_id, annotator, "
                "created_at, attributes) VALUES (?, ?, ?, ?, ?, ?)",
                (kind, spans[head], spans[tail], annotator, created_at, attributes),
            )
            tally.of(annotator).relations += cursor.rowcount
    for span_id, to_span_id, link_type, annotator, created_at in src.execute(
        "SELECT span_id, to_span_id, type, annotator, created_at FROM links ORDER BY id"
    ):
        if span_id in spans and to_span_id in spans:
            # One link per pair of spans and analyst: another type from another file
            # for the same pair is that analyst's disagreement with themself; kept first.
            cursor = dst.execute(
                "INSERT OR IGNORE INTO links (span_id, to_span_id, type, annotator, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (spans[span_id], spans[to_span_id], link_type, annotator, created_at),
            )
            tally.of(annotator).links += cursor.rowcount
    _merge_statuses(src, dst, articles, tally=tally)
    _merge_work_log(src, dst, articles, tally=tally)


def _merge_entities(
    src: sqlite3.Connection, dst: sqlite3.Connection, *, name: str, tally: MergeTally
) -> None:
    for key, entity_name, kind, aliases, created_at in src.execute(
        "SELECT key, name, kind, aliases, created_at FROM entities ORDER BY id"
    ):
        row = dst.execute("SELECT name, kind FROM entities WHERE key = ?", (key,)).fetchone()
        if row is None:
            dst.execute(
                "INSERT INTO entities (key, name, kind, aliases, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (key, entity_name, kind, aliases, created_at),
            )
            tally.entities += 1
        elif tuple(row) != (entity_name, kind):
            tally.differences.append(
                f"{name}: entity {key} is {entity_name!r} ({kind}) there; "
                f"kept {row[0]!r} ({row[1]})"
            )


def _merge_articles(
    target: Store, src: sqlite3.Connection, *, name: str, tally: MergeTally
) -> dict[int, int]:
    """Source article id -> target article id, adding the articles the target lacks."""
    dst = target.conn
    mapping: dict[int, int] = {}
    stories: dict[str, int] = {}
    rows = src.execute(
        "SELECT a.id, a.title, a.sha256, a.source, a.meta, a.status, a.imported_at, "
        "a.updated_at, s.name, t.text FROM articles a "
        "LEFT JOIN article_texts t ON t.article_id = a.id "
        "LEFT JOIN stories s ON s.id = a.story_id ORDER BY a.id"
    )
    for (article_id, title, sha, source, meta, status, imported_at, updated_at, story,
         text) in rows:  # fmt: skip
        if text is None or text_sha256(text) != sha:
            # Joined by hash: a text another program changed would join the wrong article.
            raise StoreError(
                f"{name}: article {article_id}'s text is missing or does not match its "
                "hash (changed by another program?); nothing was merged"
            )
        story_id = None
        if story is not None:
            if story not in stories:
                cursor = dst.execute(
                    "INSERT INTO stories (name, created_at) VALUES (?, ?) "
                    "ON CONFLICT (name) DO NOTHING",
                    (story, imported_at),
                )
                tally.stories += cursor.rowcount
                stories[story] = dst.execute(
                    "SELECT id FROM stories WHERE name = ?", (story,)
                ).fetchone()[0]
            story_id = stories[story]
        found = dst.execute(
            "SELECT id, title, meta, story_id FROM articles WHERE sha256 = ?", (sha,)
        ).fetchone()
        if found is None:
            cursor = dst.execute(
                target._insert_article_sql,
                (clean_title(title), sha, source, meta, status, imported_at, updated_at),
            )
            new_id = cursor.lastrowid
            assert new_id is not None
            dst.execute(
                "INSERT OR REPLACE INTO article_texts (article_id, text) VALUES (?, ?)",
                (new_id, text),
            )
            if story_id is not None:
                dst.execute("UPDATE articles SET story_id = ? WHERE id = ?", (story_id, new_id))
            mapping[article_id] = new_id
            tally.articles += 1
            continue
        kept_id, kept_title, kept_meta, kept_story = found
        mapping[article_id] = kept_id
        if story_id is not None and kept_story is None:
            dst.execute("UPDATE articles SET story_id = ? WHERE id = ?", (story_id, kept_id))
        if title != kept_title:
            tally.differences.append(
                f"{name}: article {kept_id} is titled {title!r} there; kept {kept_title!r}"
            )
        theirs, ours = json.loads(meta), json.loads(kept_meta)
        if theirs != ours:
            keys = sorted(k for k in theirs.keys() | ours.keys() if theirs.get(k) != ours.get(k))
            tally.differences.append(
                f"{name}: article {kept_id} ({kept_title}) has other meta there "
                f"({', '.join(keys)}); kept this corpus's"
            )
    return mapping


def _merge_spans(
    target: Store,
    src: sqlite3.Connection,
    articles: dict[int, int],
    *,
    name: str,
    tally: MergeTally,
) -> dict[int, int]:
    """Source span id -> target span id (the span added, or the same one already there)."""
    dst = target.conn
    mapping: dict[int, int] = {}
    counts: dict[int, int] = {}
    rows = src.execute(
        "SELECT id, article_id, start, end, label, text, annotator, created_at, attributes "
        "FROM spans ORDER BY article_id, id"
    )
    for span_id, article_id, start, end, label, text, annotator, created_at, attributes in rows:
        into = articles[article_id]
        if target.article_text(into)[start:end] != text or not 0 <= start < end:
            raise StoreError(
                f"{name}: span {span_id} [{start}, {end}) {label} does not fit its article's "
                "text (written by another program?); nothing was merged"
            )
        cursor = dst.execute(
            "INSERT OR IGNORE INTO spans (article_id, start, end, label, text, annotator, "
            "created_at, attributes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (into, start, end, label, text, annotator, created_at, attributes),
        )
        if cursor.rowcount:
            assert cursor.lastrowid is not None
            mapping[span_id] = cursor.lastrowid
            counts[into] = counts.get(into, 0) + 1
            tally.of(annotator).spans += 1
        else:
            mapping[span_id] = _span_id(dst, into, start, end, label, annotator)
    _count_spans(dst, counts)
    return mapping


def _merge_statuses(
    src: sqlite3.Connection,
    dst: sqlite3.Connection,
    articles: dict[int, int],
    *,
    tally: MergeTally,
) -> None:
    rows = [
        (articles[article_id], annotator, status, updated_at)
        for article_id, annotator, status, updated_at in src.execute(
            "SELECT article_id, annotator, status, updated_at FROM analyst_status"
        )
    ]
    named = _named_analysts(src)
    if len(named) == 1:
        # A corpus one analyst worked in alone keeps "done" in articles.status (files
        # from before analysts had statuses of their own): that is this analyst's done.
        (analyst,) = named
        given = {(row[0], row[1]) for row in rows}
        rows += [
            (articles[article_id], analyst, "done", updated_at)
            for article_id, updated_at in src.execute(
                "SELECT id, updated_at FROM articles WHERE status = 'done'"
            )
            if (articles[article_id], analyst) not in given
        ]
    for row in rows:
        # The later word of an analyst on an article wins (a colleague's newer file
        # says they finished it); the same row again changes nothing.
        cursor = dst.execute(
            "INSERT INTO analyst_status (article_id, annotator, status, updated_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (article_id, annotator) DO UPDATE SET "
            "status = excluded.status, updated_at = excluded.updated_at "
            "WHERE excluded.updated_at > analyst_status.updated_at "
            "AND excluded.status != analyst_status.status",
            row,
        )
        tally.of(row[1]).statuses += cursor.rowcount


def _named_analysts(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute(
        "SELECT annotator FROM spans UNION SELECT annotator FROM relations "
        "UNION SELECT annotator FROM links UNION SELECT annotator FROM analyst_status"
    )
    return {row[0] for row in rows} - {UNNAMED}


def _merge_work_log(
    src: sqlite3.Connection,
    dst: sqlite3.Connection,
    articles: dict[int, int],
    *,
    tally: MergeTally,
) -> None:
    for annotator, article_id, started_at, seconds, keys, spans in src.execute(
        "SELECT annotator, article_id, started_at, seconds, keys, spans FROM work_log ORDER BY id"
    ):
        row = (annotator, None if article_id is None else articles.get(article_id), started_at,
               seconds, keys, spans)  # fmt: skip
        # No key in the table: a visit is the same visit when every field is.
        if dst.execute(
            "SELECT 1 FROM work_log WHERE annotator = ? AND article_id IS ? AND started_at = ? "
            "AND seconds = ? AND keys = ? AND spans = ?",
            row,
        ).fetchone() is None:  # fmt: skip
            dst.execute(
                "INSERT INTO work_log (annotator, article_id, started_at, seconds, keys, spans) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                row,
            )
            tally.work_log += 1


def add_annotations(
    store: Store,
    article_id: int,
    *,
    spans: Sequence[NewSpan],
    relations: Sequence[NewRelation] = (),
    stamp: str,
) -> tuple[int, int]:
    """Add an imported article's spans and relations to the same text already here.

    The spans were checked against the text by ``add_article``; one that is already
    here (same place, label and analyst) is skipped, and a relation to it joins the
    span already here.  Returns (spans added, relations added).  Call inside a
    transaction.
    """
    conn = store.conn
    store.ensure_labels(dict.fromkeys(span.label for span in spans))
    text = store.article_text(article_id)
    ids: list[int] = []
    added = 0
    for span in spans:
        annotator = span.annotator or UNNAMED
        cursor = conn.execute(
            "INSERT OR IGNORE INTO spans (article_id, start, end, label, text, annotator, "
            "created_at, attributes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (article_id, span.start, span.end, span.label, text[span.start : span.end],
             annotator, stamp, _attributes(span.attributes)),
        )  # fmt: skip
        if cursor.rowcount:
            assert cursor.lastrowid is not None
            ids.append(cursor.lastrowid)
            added += 1
        else:
            ids.append(_span_id(conn, article_id, span.start, span.end, span.label, annotator))
    _count_spans(conn, {article_id: added})
    related = 0
    if relations:
        store.ensure_relation_types(relation.kind for relation in relations)
        for relation in relations:
            cursor = conn.execute(
                "INSERT OR IGNORE INTO relations (kind, head_span_id, tail_span_id, annotator, "
                "created_at, attributes) VALUES (?, ?, ?, ?, ?, ?)",
                (relation.kind, ids[relation.head], ids[relation.child],
                 relation.annotator or UNNAMED, stamp, _attributes(relation.attributes)),
            )  # fmt: skip
            related += cursor.rowcount
    return added, related


def note_done_by_one(
    store: Store, article_id: int, *, spans: Sequence[NewSpan], status: str, stamp: str
) -> bool:
    """An imported article one named analyst tagged and marked done is that analyst's done.

    An export carries the article's status, not each analyst's: with the spans of one
    named analyst only, the status is theirs (as a merge reads a corpus of one analyst);
    with several, it is nobody's in particular and nothing is recorded.  An analyst's
    own status already here is left as it is.  Whether a status was recorded.
    """
    named = {span.annotator for span in spans} - {UNNAMED}
    if status != "done" or len(named) != 1:
        return False
    cursor = store.conn.execute(
        "INSERT INTO analyst_status (article_id, annotator, status, updated_at) "
        "VALUES (?, ?, 'done', ?) ON CONFLICT (article_id, annotator) DO NOTHING",
        (article_id, named.pop(), stamp),
    )
    return cursor.rowcount > 0


def _attributes(value: dict[str, Any]) -> str:
    return dump_json(value, what="its attributes")


def _span_id(
    conn: sqlite3.Connection, article_id: int, start: int, end: int, label: str, annotator: str
) -> int:
    return conn.execute(
        'SELECT id FROM spans WHERE article_id = ? AND start = ? AND "end" = ? AND label = ? '
        "AND annotator = ?",
        (article_id, start, end, label, annotator),
    ).fetchone()[0]


def _count_spans(conn: sqlite3.Connection, counts: dict[int, int]) -> None:
    for article_id, added in counts.items():
        if added:
            conn.execute(
                "INSERT INTO span_counts (article_id, spans) VALUES (?, ?) "
                "ON CONFLICT (article_id) DO UPDATE SET spans = spans + excluded.spans",
                (article_id, added),
            )
