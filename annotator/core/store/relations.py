"""Relations: typed links from one span to another of the same article (a quote to its speaker).

The table has been in the schema since migration 1; ``ON DELETE CASCADE`` from spans
is kept as a safety net, but the store deletes a span's relations itself first, so
that the change it returns lists them and an undo can put them back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from annotator.core.changes import Change, Tally
from annotator.core.errors import NotFound, RelationError
from annotator.core.model import Relation, now
from annotator.core.store.articles import Articles
from annotator.core.store.connection import dump_json, load_json
from annotator.core.store.relation_types import RelationTypes

_RELATION_SQL = (
    "SELECT r.id, h.article_id, r.kind, r.head_span_id, r.tail_span_id, r.annotator, "
    "r.created_at, r.attributes FROM relations r JOIN spans h ON h.id = r.head_span_id"
)


class Relations(Articles, RelationTypes):
    """The relation table's part of :class:`~annotator.core.store.Store`."""

    def relations(self, article_id: int) -> list[Relation]:
        """The article's relations, oldest first."""
        rows = self.conn.execute(
            _RELATION_SQL + " WHERE h.article_id = ? ORDER BY r.id", (article_id,)
        )
        return [relation_from_row(row) for row in rows]

    def span_relations(self, span_id: int) -> list[Relation]:
        """The relations that start or end at one span, oldest first."""
        return sorted(self._relations_of_spans([span_id]), key=lambda r: r.id)

    def iter_relations(self, *, status: str | None = None) -> Iterator[Relation]:
        """Every relation, ordered by its article's id then its own, as one stream.

        Read inside :meth:`iter_articles`'s snapshot (an export), it sees the same corpus;
        an export merges the two streams article by article, holding one article's worth.
        """
        where, params = ("", ()) if status is None else (" WHERE a.status = ?", (status,))
        rows = self.conn.execute(
            _RELATION_SQL
            + " JOIN articles a ON a.id = h.article_id"
            + where
            + " ORDER BY h.article_id, r.id",
            params,
        )
        for row in rows:
            yield relation_from_row(row)

    def relation(self, relation_id: int) -> Relation:
        row = self.conn.execute(_RELATION_SQL + " WHERE r.id = ?", (relation_id,)).fetchone()
        if row is None:
            raise NotFound(f"no relation with id {relation_id}")
        return relation_from_row(row)

    def add_relation(
        self,
        kind: str,
        head_span_id: int,
        tail_span_id: int,
        *,
        annotator: str = "",
        attributes: dict[str, Any] | None = None,
    ) -> Relation:
        """Add one relation and commit; both spans must be in the same article."""
        return self.insert_relation(
            kind, head_span_id, tail_span_id, annotator=annotator, attributes=attributes
        ).added_records.relations[0]

    def insert_relation(
        self,
        kind: str,
        head_span_id: int,
        tail_span_id: int,
        *,
        annotator: str = "",
        attributes: dict[str, Any] | None = None,
    ) -> Change:
        """:meth:`add_relation`, returning the :class:`Change` it made."""
        if not isinstance(kind, str) or not kind.strip() or len(kind) > 64:
            raise RelationError(f"a relation kind is 1-64 characters, not {kind!r}")
        new = Relation(
            0, 0, kind, head_span_id, tail_span_id, annotator, now(), dict(attributes or {})
        )
        tally = Tally()
        with self.transaction():
            # Every relation has a type row (its colour, where it shows in lists).
            self.ensure_relation_types([kind])
            self._put_relations([new], tally, new_ids=True)
        return tally.change(tally.added["relations"][0].article_id)

    def delete_relation(self, relation_id: int) -> Relation:
        """Delete one relation and commit; return it as it was."""
        return self.remove_relation(relation_id).removed_records.relations[0]

    def remove_relation(self, relation_id: int) -> Change:
        tally = Tally()
        with self.transaction():
            gone = self.relation(relation_id)
            self._take_relations([gone], tally)
        return tally.change(gone.article_id)

    # -- records, for Store.apply and the span writes ------------------------------

    def _relations_of_spans(self, span_ids: Iterable[int]) -> list[Relation]:
        """Relations that start or end at any of the spans (what deleting them takes)."""
        found: dict[int, Relation] = {}
        for span_id in span_ids:
            for row in self.conn.execute(
                _RELATION_SQL + " WHERE r.head_span_id = ? OR r.tail_span_id = ? ORDER BY r.id",
                (span_id, span_id),
            ):
                found.setdefault(row[0], relation_from_row(row))
        return list(found.values())

    def _put_relations(
        self, relations: Sequence[Relation], tally: Tally, *, new_ids: bool = False
    ) -> None:
        """Insert relations with their ids (``new_ids``: SQLite picks them)."""
        for relation in relations:
            articles = {
                row[0]: row[1] for row in self.conn.execute(
                    "SELECT id, article_id FROM spans WHERE id IN (?, ?)",
                    (relation.head_span_id, relation.tail_span_id),
                )
            }  # fmt: skip
            for span_id in (relation.head_span_id, relation.tail_span_id):
                if span_id not in articles:
                    raise NotFound(f"no span with id {span_id}")
            article_id = articles[relation.head_span_id]
            if articles[relation.tail_span_id] != article_id:
                raise RelationError(
                    f"spans {relation.head_span_id} and {relation.tail_span_id} are in "
                    "different articles; a relation links spans of one article"
                )
            try:
                cursor = self.conn.execute(
                    "INSERT INTO relations (id, kind, head_span_id, tail_span_id, annotator, "
                    "created_at, attributes) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (None if new_ids else relation.id, relation.kind, relation.head_span_id,
                     relation.tail_span_id, relation.annotator, relation.created_at,
                     dump_json(relation.attributes, what="the relation's attributes")),
                )  # fmt: skip
            except sqlite3.IntegrityError as exc:
                if "UNIQUE" not in str(exc):
                    raise
                raise RelationError(
                    f"a {relation.kind} relation from span {relation.head_span_id} to span "
                    f"{relation.tail_span_id} already exists"
                ) from None
            assert cursor.lastrowid is not None
            added = Relation(
                cursor.lastrowid, article_id, relation.kind, relation.head_span_id,
                relation.tail_span_id, relation.annotator, relation.created_at,
                dict(relation.attributes),
            )  # fmt: skip
            tally.added["relations"].append(added)

    def _take_relations(self, relations: Sequence[Relation], tally: Tally) -> None:
        """Delete relations by id; one already gone means the step no longer applies."""
        for relation in relations:
            current = self.relation(relation.id)
            self.conn.execute("DELETE FROM relations WHERE id = ?", (relation.id,))
            tally.removed["relations"].append(current)

    def _swap_relations(self, pairs: Sequence[tuple[Relation, Relation]], tally: Tally) -> None:
        """Change relations in place (kind, attributes), keeping their ids."""
        for _, new in pairs:
            current = self.relation(new.id)
            self.conn.execute(
                "UPDATE relations SET kind = ?, attributes = ? WHERE id = ?",
                (new.kind, dump_json(new.attributes, what="the relation's attributes"), new.id),
            )
            tally.removed["relations"].append(current)
            tally.added["relations"].append(self.relation(new.id))


def relation_from_row(row: Sequence[Any]) -> Relation:
    return Relation(row[0], row[1], row[2], row[3], row[4], row[5], row[6], load_json(row[7]))
