"""One value for what a step did to the corpus, whatever kinds of record it touched.

A :class:`Change` lists what was added and what was removed of every kind of record
(:data:`KINDS`), the status moves, which articles it touched, and whether views must
reload.  A record that was changed in place (a span relabelled) is in both lists,
under the same id: removed as it was, added as it is.  Store writes return a Change
that includes what went with the record (deleting a span removes its relations
too), so :meth:`Change.inverse` is all the undo there is (Anki's ``OpChanges``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import NamedTuple

from annotator.core.model import Entity, Link, Relation, Span, Suggestion

__all__ = ["KINDS", "Change", "Records", "StatusMove", "Tally"]


class Records(NamedTuple):
    """Records of every kind, in :data:`KINDS` order: a record refers only to earlier kinds.

    Each kind has a store module with ``_put_``, ``_take_`` and ``_swap_`` methods.
    Entities come first: ACTOR spans name them (by key, in an attribute, so nothing
    cascades); links join spans of two articles; suggestions stand apart from spans.
    """

    entities: tuple[Entity, ...] = ()
    spans: tuple[Span, ...] = ()
    relations: tuple[Relation, ...] = ()
    links: tuple[Link, ...] = ()
    suggestions: tuple[Suggestion, ...] = ()

    @property
    def empty(self) -> bool:
        return not any(self)


# Insertion order (a relation needs its spans); removal goes the other way.
KINDS: tuple[str, ...] = Records._fields
NO_RECORDS = Records()


class StatusMove(NamedTuple):
    """An article's status going from ``before`` to ``after``.

    ``implied`` moves came with another write (the first tag of a todo article starts
    it): taken back only if nothing else has moved the status since.  A status set on
    purpose is set back as it was.
    """

    article_id: int
    before: str
    after: str
    implied: bool = False

    def inverse(self) -> StatusMove:
        return StatusMove(self.article_id, self.after, self.before, self.implied)


@dataclass(frozen=True, slots=True)
class Change:
    """What one committed step did.

    ``article_id`` is the article the step was about (-1 for none: another program
    changed the corpus); ``status`` is that article's status after the step.
    ``reload`` means the corpus may have changed in ways not listed here.
    """

    article_id: int
    description: str = ""
    added_records: Records = NO_RECORDS
    removed_records: Records = NO_RECORDS
    statuses: tuple[StatusMove, ...] = ()
    status: str | None = None
    reload: bool = False

    # The views (article view, span list, label counts) know spans only: these two
    # keep them (and earlier callers) reading ``change.added`` as the spans added.
    @property
    def added(self) -> tuple[Span, ...]:
        return self.added_records.spans

    @property
    def removed(self) -> tuple[Span, ...]:
        return self.removed_records.spans

    @property
    def articles(self) -> frozenset[int]:
        """Every article the step touched."""
        touched = {self.article_id} if self.article_id >= 0 else set()
        for records in (self.added_records, self.removed_records):
            for kind in records:
                for record in kind:
                    article_id = getattr(record, "article_id", None)  # entities have none
                    if article_id is not None:
                        touched.add(article_id)
                    to_article_id = getattr(record, "to_article_id", None)  # a link's far end
                    if to_article_id is not None:
                        touched.add(to_article_id)
        touched.update(move.article_id for move in self.statuses)
        return frozenset(touched)

    @property
    def empty(self) -> bool:
        return self.added_records.empty and self.removed_records.empty and not self.statuses

    def then(self, other: Change) -> Change:
        """This step and ``other``, taken in the same transaction, as one change (what
        each added and removed, in order)."""

        def both(a: Records, b: Records) -> Records:
            return Records(*(x + y for x, y in zip(a, b, strict=True)))

        return replace(
            self,
            added_records=both(self.added_records, other.added_records),
            removed_records=both(self.removed_records, other.removed_records),
            statuses=self.statuses + other.statuses,
        )

    def inverse(self) -> Change:
        """The change that takes this one back: added and removed swap, statuses go back."""
        return Change(
            self.article_id, self.description, added_records=self.removed_records,
            removed_records=self.added_records,
            statuses=tuple(move.inverse() for move in reversed(self.statuses)),
        )  # fmt: skip


@dataclass(slots=True)
class Tally:
    """What a store write did so far, kind by kind (built inside one transaction)."""

    added: dict[str, list] = field(default_factory=lambda: {kind: [] for kind in KINDS})
    removed: dict[str, list] = field(default_factory=lambda: {kind: [] for kind in KINDS})
    statuses: list[StatusMove] = field(default_factory=list)

    def change(self, article_id: int, description: str = "") -> Change:
        return Change(
            article_id, description,
            added_records=Records(**{kind: tuple(self.added[kind]) for kind in KINDS}),
            removed_records=Records(**{kind: tuple(self.removed[kind]) for kind in KINDS}),
            statuses=tuple(self.statuses),
        )  # fmt: skip
