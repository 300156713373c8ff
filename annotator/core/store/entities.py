"""The actor registry: corpus-wide entities (people, organisations, countries, groups).

An ACTOR span names its entity by key in its ``entity`` attribute ("E12"): a key, not a
row id, so an export, a merge of two analysts' corpora and a reader of the JSON all see
the same readable name.  Merging two entities moves every mention in the same step, so
one undo takes it all back.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import replace

from annotator.core.changes import Change, Tally
from annotator.core.errors import EntityError, NotFound
from annotator.core.model import ENTITY_KINDS, Entity, Span, now
from annotator.core.store.attributes import Attributes
from annotator.core.store.spans import SPAN_COLUMNS, span_from_row

ENTITY_NAME_MAX = 300
_KEY = re.compile(r"^[^\s\x00-\x1f\x7f]{1,64}$")
_ENTITY_SQL = "SELECT id, key, name, kind, aliases, created_at FROM entities"


def check_entity_key(key: object) -> str:
    if not isinstance(key, str) or not _KEY.match(key):
        raise EntityError(f"an entity key is 1-64 characters without spaces, not {key!r}")
    return key


def check_entity_kind(kind: object) -> str:
    if kind not in ENTITY_KINDS:
        raise EntityError(f"unknown entity kind {kind!r}; use one of {', '.join(ENTITY_KINDS)}")
    return kind  # type: ignore[return-value]


def check_entity_name(name: object, *, what: str = "an entity name") -> str:
    if not isinstance(name, str) or not name.strip() or len(name) > ENTITY_NAME_MAX:
        raise EntityError(f"{what} is 1-{ENTITY_NAME_MAX} characters, not {name!r}")
    if "\x00" in name:
        raise EntityError(f"{what} cannot hold a NUL character")
    return name


def check_aliases(aliases: Iterable[object]) -> tuple[str, ...]:
    checked = [check_entity_name(alias, what="an alias") for alias in aliases]
    return tuple(dict.fromkeys(checked))


def _entity(row: Sequence[object]) -> Entity:
    return Entity(row[0], row[1], row[2], row[3], tuple(json.loads(row[4])), row[5])  # type: ignore[arg-type]


class Entities(Attributes):
    """The registry's part of :class:`~annotator.core.store.Store`."""

    def entities(self) -> list[Entity]:
        """Every entity, by name then key."""
        return [_entity(row) for row in self.conn.execute(_ENTITY_SQL + " ORDER BY name, key")]

    def entity(self, key: str) -> Entity:
        row = self.conn.execute(_ENTITY_SQL + " WHERE key = ?", (key,)).fetchone()
        if row is None:
            raise NotFound(f"no entity with key {key!r}")
        return _entity(row)

    def next_entity_key(self) -> str:
        """"E" and one more than the highest such number in use."""
        highest = 0
        for (key,) in self.conn.execute("SELECT key FROM entities WHERE key GLOB 'E[0-9]*'"):
            if key[1:].isdigit():
                highest = max(highest, int(key[1:]))
        return f"E{highest + 1}"

    def add_entity(
        self, name: str, kind: str, *, aliases: Iterable[str] = (), key: str | None = None
    ) -> Change:
        """Add one entity (key "E<n>" unless given) and commit."""
        tally = Tally()
        with self.transaction():
            new = Entity(
                0, check_entity_key(key or self.next_entity_key()), check_entity_name(name),
                check_entity_kind(kind), check_aliases(aliases), now(),
            )  # fmt: skip
            self._put_entities([new], tally, new_ids=True)
        return tally.change(-1, f"new entity {name}")

    def edit_entity(
        self,
        key: str,
        *,
        name: str | None = None,
        kind: str | None = None,
        aliases: Iterable[str] | None = None,
    ) -> Change:
        """Rename an entity, change its kind or its aliases (one undo step)."""
        tally = Tally()
        with self.transaction():
            current = self.entity(key)
            new = replace(
                current,
                name=current.name if name is None else check_entity_name(name),
                kind=current.kind if kind is None else check_entity_kind(kind),
                aliases=current.aliases if aliases is None else check_aliases(aliases),
            )
            self._swap_entities([(current, new)], tally)
        return tally.change(-1, f"edit entity {new.name}")

    def mentions(self, key: str) -> list[Span]:
        """The spans whose ``entity`` attribute is ``key``, by article then offset."""
        rows = self.conn.execute(
            f"SELECT {SPAN_COLUMNS} FROM spans WHERE json_extract(attributes, '$.entity') = ? "
            "ORDER BY article_id, start, id",
            (key,),
        )
        return [span_from_row(row) for row in rows]

    def mention_counts(self) -> dict[str, int]:
        """Entity key -> how many spans name it, over the corpus."""
        rows = self.conn.execute(
            "SELECT json_extract(attributes, '$.entity') AS k, count(*) FROM spans "
            "WHERE k IS NOT NULL GROUP BY k"
        )
        return {str(key): count for key, count in rows}

    def merge_entities(self, keep: str, gone: str) -> Change:
        """Fold ``gone`` into ``keep``: its mentions follow, its name and aliases become
        aliases of ``keep``, and it is deleted; one step."""
        if keep == gone:
            raise EntityError(f"cannot merge entity {keep!r} into itself")
        tally = Tally()
        with self.transaction():
            kept, lost = self.entity(keep), self.entity(gone)
            moved = [
                (span, replace(span, attributes={**span.attributes, "entity": keep}))
                for span in self.mentions(gone)
            ]
            if moved:
                self._swap_spans(moved, tally)
            aliases = check_aliases([*kept.aliases, lost.name, *lost.aliases])
            aliases = tuple(alias for alias in aliases if alias != kept.name)
            self._swap_entities([(kept, replace(kept, aliases=aliases))], tally)
            self._take_entities([lost], tally)
        return tally.change(-1, f"merge {lost.name} into {kept.name}")

    def delete_entity(self, key: str) -> Change:
        """Delete an entity; its mentions lose their ``entity`` attribute (one step)."""
        tally = Tally()
        with self.transaction():
            current = self.entity(key)
            moved = []
            for span in self.mentions(key):
                attributes = {k: v for k, v in span.attributes.items() if k != "entity"}
                moved.append((span, replace(span, attributes=attributes)))
            if moved:
                self._swap_spans(moved, tally)
            self._take_entities([current], tally)
        return tally.change(-1, f"delete entity {current.name}")

    # -- records, for Store.apply ----------------------------------------------------

    def _put_entities(
        self, entities: Sequence[Entity], tally: Tally, *, new_ids: bool = False
    ) -> None:
        for entity in entities:
            try:
                cursor = self.conn.execute(
                    "INSERT INTO entities (id, key, name, kind, aliases, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (None if new_ids else entity.id, check_entity_key(entity.key),
                     check_entity_name(entity.name), check_entity_kind(entity.kind),
                     json.dumps(list(check_aliases(entity.aliases)), ensure_ascii=False),
                     entity.created_at or now()),
                )  # fmt: skip
            except sqlite3.IntegrityError as exc:
                if "UNIQUE" not in str(exc):
                    raise
                raise EntityError(f"an entity with key {entity.key!r} exists already") from None
            except UnicodeEncodeError:
                raise EntityError(f"entity {entity.key!r}: a name is not valid text") from None
            assert cursor.lastrowid is not None
            row = self.conn.execute(_ENTITY_SQL + " WHERE id = ?", (cursor.lastrowid,)).fetchone()
            tally.added["entities"].append(_entity(row))

    def _take_entities(self, entities: Sequence[Entity], tally: Tally) -> None:
        for entity in entities:
            current = self.entity(entity.key)
            self.conn.execute("DELETE FROM entities WHERE id = ?", (current.id,))
            tally.removed["entities"].append(current)

    def _swap_entities(self, pairs: Sequence[tuple[Entity, Entity]], tally: Tally) -> None:
        for _, new in pairs:
            row = self.conn.execute(_ENTITY_SQL + " WHERE id = ?", (new.id,)).fetchone()
            if row is None:
                raise NotFound(f"no entity with key {new.key!r}")
            try:
                self.conn.execute(
                    "UPDATE entities SET name = ?, kind = ?, aliases = ? WHERE id = ?",
                    (check_entity_name(new.name), check_entity_kind(new.kind),
                     json.dumps(list(check_aliases(new.aliases)), ensure_ascii=False), new.id),
                )  # fmt: skip
            except UnicodeEncodeError:
                raise EntityError(f"entity {new.key!r}: a name is not valid text") from None
            tally.removed["entities"].append(_entity(row))
            tally.added["entities"].append(self.entity(new.key))
