"""The corpus's labels: names, hotkeys, colours and their order."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from annotator.core.errors import LabelError, NotFound
from annotator.core.model import Label, check_colour, check_label_name
from annotator.core.store.connection import Connection

# Colours given to labels created without one (by import, or `labels add`).
# Okabe-Ito first (colour-blind safe), then Paul Tol's "bright" set.
SPARE_COLOURS = (
    "#56B4E9", "#E69F00", "#009E73", "#CC79A7", "#F0E442", "#0072B2", "#D55E00",
    "#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB",
)  # fmt: skip

# Letters the window keeps for itself in normal mode, with what they do there.
RESERVED_HOTKEYS = {"R": "R starts a relation from the selected span"}


class Labels(Connection):
    """The label table's part of :class:`~annotator.core.store.Store`."""

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
        check_label_name(name)
        with self.transaction():
            existing = self.labels()
            if any(label.name == name for label in existing):
                raise LabelError(f"a label named {name!r} already exists")
            if colour is None:
                used = {label.colour.upper() for label in existing}
                colour = next((c for c in SPARE_COLOURS if c.upper() not in used), "#888888")
            colour = check_colour(colour)
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
        check_label_name(new)
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
        colour = check_colour(colour)
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

    def move_label(self, name: str, position: int) -> list[Label]:
        """Put a label at ``position`` (1 = first) in the label order; return the new order.

        Positions are renumbered 1..n in one transaction, so the digit keys (1-9 by
        position) follow the order the analyst sees.  A position past either end is
        clamped: moving the last label down leaves it last.
        """
        if type(position) is not int:
            raise LabelError(f"a label position is a whole number, not {position!r}")
        with self.transaction():
            moved = self.label(name)
            others = [label for label in self.labels() if label.name != name]
            at = min(max(position, 1), len(others) + 1) - 1
            order = [*others[:at], moved, *others[at:]]
            self.conn.executemany(
                "UPDATE labels SET position = ? WHERE name = ?",
                [(number, label.name) for number, label in enumerate(order, start=1)],
            )
        return self.labels()

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
        if key in RESERVED_HOTKEYS:
            raise LabelError(f"hotkey {key} is taken: {RESERVED_HOTKEYS[key]}")
        for label in labels:
            if label.hotkey == key and label.name != for_label:
                raise LabelError(f"hotkey {key} is already used by {label.name}")
        return key
