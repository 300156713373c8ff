"""Relation types: what a relation may be (``speaker``: a QUOTE to its ACTOR), as data.

Like labels, types have a name, a colour, a position and a key (a digit that picks the
type while linking); each also lists the labels its head and its child may have, as rows
that follow a label rename.  The store does not refuse a relation whose spans' labels a
type does not list: a span relabelled later, or a file from another tool, must not lose
its relations; the window offers only the pairs a type allows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from annotator.core.errors import NotFound, RelationError
from annotator.core.model import RelationType, check_colour, check_label_name
from annotator.core.store.labels import SPARE_COLOURS, Labels


class RelationTypes(Labels):
    """The relation types' part of :class:`~annotator.core.store.Store`."""

    def relation_types(self) -> list[RelationType]:
        allowed: dict[tuple[str, str], list[str]] = {}
        for type_name, role, label in self.conn.execute(
            "SELECT t.type, t.role, t.label FROM relation_type_labels t "
            "JOIN labels l ON l.name = t.label ORDER BY l.position, l.name"
        ):
            allowed.setdefault((type_name, role), []).append(label)
        rows = self.conn.execute(
            "SELECT name, hotkey, colour, position FROM relation_types ORDER BY position, name"
        )
        return [
            RelationType(name, tuple(allowed.get((name, "head"), ())),
                         tuple(allowed.get((name, "child"), ())), key, colour, position)
            for name, key, colour, position in rows
        ]  # fmt: skip

    def relation_type(self, name: str) -> RelationType:
        for found in self.relation_types():
            if found.name == name:
                return found
        raise NotFound(f"no relation type named {name!r}")

    def add_relation_type(
        self,
        name: str,
        *,
        heads: Sequence[str] = (),
        children: Sequence[str] = (),
        key: str | None = None,
        colour: str | None = None,
    ) -> RelationType:
        """Add a type; ``heads``/``children`` must be labels of the corpus (empty: any)."""
        _check_type_name(name)
        with self.transaction():
            existing = self.relation_types()
            if any(found.name == name for found in existing):
                raise RelationError(f"a relation type named {name!r} already exists")
            if colour is None:
                used = {found.colour.upper() for found in existing}
                used |= {label.colour.upper() for label in self.labels()}
                colour = next((c for c in SPARE_COLOURS if c.upper() not in used), "#888888")
            colour = check_colour(colour)
            key = _free_key(key, existing, for_type=None)
            position = max((found.position for found in existing), default=0) + 1
            self.conn.execute(
                "INSERT INTO relation_types (name, hotkey, colour, position) VALUES (?, ?, ?, ?)",
                (name, key, colour, position),
            )
            self._allow(name, heads=heads, children=children)
        return self.relation_type(name)

    def ensure_relation_types(self, names: Iterable[str]) -> None:
        """Create, allowing any labels and with no key, any type not yet in the corpus.

        For importers: a file's unknown relation kinds are created, as its labels are.
        """
        wanted = list(dict.fromkeys(names))
        if not wanted:
            return
        known = {row[0] for row in self.conn.execute("SELECT name FROM relation_types")}
        for name in wanted:
            if name not in known:
                self.add_relation_type(name)
                known.add(name)

    def rename_relation_type(self, old: str, new: str) -> RelationType:
        """Rename a type; its relations follow, in the same transaction."""
        _check_type_name(new)
        with self.transaction():
            self.relation_type(old)
            if old != new and self.conn.execute(
                "SELECT 1 FROM relation_types WHERE name = ?", (new,)
            ).fetchone():
                raise RelationError(f"a relation type named {new!r} already exists")
            # relation_type_labels follows through ON UPDATE CASCADE; relations.kind is text.
            self.conn.execute("UPDATE relation_types SET name = ? WHERE name = ?", (new, old))
            self.conn.execute("UPDATE relations SET kind = ? WHERE kind = ?", (new, old))
        return self.relation_type(new)

    def set_relation_type_labels(
        self, name: str, *, heads: Sequence[str], children: Sequence[str]
    ) -> RelationType:
        with self.transaction():
            self.relation_type(name)
            self.conn.execute("DELETE FROM relation_type_labels WHERE type = ?", (name,))
            self._allow(name, heads=heads, children=children)
        return self.relation_type(name)

    def set_relation_type_key(self, name: str, key: str | None) -> RelationType:
        with self.transaction():
            self.relation_type(name)
            key = _free_key(key, self.relation_types(), for_type=name)
            self.conn.execute("UPDATE relation_types SET hotkey = ? WHERE name = ?", (key, name))
        return self.relation_type(name)

    def _allow(self, name: str, *, heads: Sequence[str], children: Sequence[str]) -> None:
        for role, labels in (("head", heads), ("child", children)):
            for label in dict.fromkeys(labels):
                self.label(label)  # NotFound names a label that does not exist
                self.conn.execute(
                    "INSERT INTO relation_type_labels (type, role, label) VALUES (?, ?, ?)",
                    (name, role, label),
                )


def _check_type_name(name: str) -> None:
    try:
        check_label_name(name)
    except Exception:
        raise RelationError(
            f"a relation type name is 1-64 printable characters, not {name!r}"
        ) from None


def _free_key(
    key: str | None, types: Sequence[RelationType], *, for_type: str | None
) -> str | None:
    if key is None or key == "" or key.lower() == "none":
        return None
    if len(key) != 1 or key not in "123456789":
        raise RelationError(f"a relation type's key is one digit 1-9, not {key!r}")
    for found in types:
        if found.key == key and found.name != for_type:
            raise RelationError(f"key {key} is already used by the relation type {found.name}")
    return key
