"""Learning from the analyst's decisions on suggestions (issue 15): kinds they only reject.

A suggestion's **kind** is its label, and for a NUMBER the number grammar's reading of it
in its sentence (count, date, duration, age, money, percent, or ``time`` for a clock
time).  A kind the analysts of the corpus rejected :data:`REJECTIONS` times or more, and
accepted less than a third of the times they decided on one (:data:`BREAK_EVEN`; never,
to begin with), stops being proposed, as INCEpTION's recommenders stop offering what is
always turned down: an analyst who rejects "January" and "15 March" is not shown the next
article's dates, and those still open in the article leave in the same (undoable) step.
Ctrl+Shift+G in the window computes the article's suggestions with every kind, and each
one accepted then counts for its kind.  Spans tagged by hand do not count: they say
nothing about how often the suggestions of a kind are right, which is what decides
whether showing them saves keys.

Nothing new is stored: what is learned is read from the ``suggestions`` rows the review
already keeps (state 'rejected' / 'accepted', with their offsets), so it needs no
migration, follows every undo, and an analyst can see why (the rejections are there, in
``annotator evaluate --suggestions``).

This is finer than :func:`annotator.core.suggesting.only_rejected`, which silences one
proposal's words ("15 March" silences "17 March") after a single rejection.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from annotator.core.changes import Change
from annotator.core.model import Suggestion
from annotator.core.store import Store

__all__ = [
    "REJECTIONS", "Learned", "kind_in_text", "kind_name", "learned", "reject_and_learn",
    "silenced_note", "withdrawable",
]  # fmt: skip

# Two rejections, not one: a single "no" is as often about that one place as about the
# kind; INCEpTION-like recommenders also wait for a pattern before they stop offering.
REJECTIONS = 2
# How far before a NUMBER its sentence is read to tell its kind ("in January" is a date,
# "January" alone is nothing the grammar reads; "in 2023" a date, "2023" a count).
CONTEXT = 40
# Showing a suggestion costs a key whether it is right (Enter) or wrong (X); hiding one
# that was right costs what tagging it by hand costs, about 3 keys in this app (issue 12's
# measure and target).  So a kind is worth showing while more than a third of it is right.
BREAK_EVEN = 1 / 3

Kind = tuple[str, str]  # (label, sub-kind; "" for labels without one)


def kind_in_text(text: str, start: int, end: int, label: str) -> Kind:
    """The kind of a span or proposal ``text[start:end]`` labelled ``label``."""
    if label != "NUMBER":
        return (label, "")
    before = max(0, start - CONTEXT)
    return (label, _number_kind(text[before:end], start - before))


@lru_cache(maxsize=1 << 16)  # about 100 µs a reading: 5,000 decided NUMBERs would be 0.5 s
def _number_kind(window: str, start: int) -> str:
    from annotator.core.numbers import find_numbers
    from annotator.core.unit_patterns import CLOCK

    for expression in find_numbers(window):
        if expression.end == len(window) and expression.start >= start:
            return expression.kind
    return "time" if CLOCK.search(window, start) else "other"


_NAMES = {"date": "dates", "time": "clock times", "count": "counts", "duration": "durations",
          "age": "ages", "money": "sums of money", "percent": "percentages"}  # fmt: skip


def kind_name(kind: Kind) -> str:
    """How the status line names a kind: "NUMBER dates", "CLAIM"."""
    label, sub = kind
    return f"{label} {_NAMES.get(sub, sub)}" if sub else label


@dataclass
class Learned:
    """The corpus's decisions on suggestions, counted by kind."""

    rejected: Counter[Kind] = field(default_factory=Counter)
    accepted: Counter[Kind] = field(default_factory=Counter)

    @property
    def silenced(self) -> set[Kind]:
        return {
            kind
            for kind, no in self.rejected.items()
            if no >= REJECTIONS and self.accepted[kind] < BREAK_EVEN * (no + self.accepted[kind])
        }


def learned(store: Store) -> Learned:
    """What the corpus's accepted and rejected suggestions say about each kind (one read).

    Asked at every article opened and twice at every rejection, so it must stay cheap on a
    big corpus: texts come from the store's cache (SQLite's substr would walk each long
    article from its start), and each NUMBER's reading is remembered (:func:`_number_kind`
    is cached: the same rows are read again at the next rejection)."""
    found = Learned()
    rows = store.conn.execute(
        "SELECT article_id, label, state, start, end FROM suggestions "
        "WHERE state IN ('rejected', 'accepted')"
    )
    for article_id, label, state, start, end in rows.fetchall():
        if label != "NUMBER":
            kind: Kind = (label, "")
        else:
            kind = kind_in_text(store.article_text(article_id), start, end, label)
        (found.rejected if state == "rejected" else found.accepted)[kind] += 1
    return found


def withdrawable(store: Store, article_id: int, kinds: set[Kind]) -> list[Suggestion]:
    """The article's open suggestions of ``kinds``: what to withdraw once they are silenced."""
    if not kinds:
        return []
    text = store.article_text(article_id)
    return [
        item
        for item in store.suggestions(article_id)
        if kind_in_text(text, item.start, item.end, item.label) in kinds
    ]


def silenced_note(kinds: Iterable[Kind], counts: Learned) -> str:
    """What the status line says when kinds stop being proposed, with the counts why."""
    said = [
        f"{kind_name(kind)} (rejected {counts.rejected[kind]}×, accepted {counts.accepted[kind]}×)"
        for kind in sorted(kinds)
    ]
    return f"{', '.join(said)} no longer suggested; Ctrl+Shift+G brings them back here"


def reject_and_learn(
    store: Store, suggestion_ids: Sequence[int]
) -> tuple[Change, set[Kind], Learned]:
    """Reject suggestions, and withdraw in the same step the article's open suggestions of
    every kind the rejections silence.  Returns the change, the kinds newly silenced and
    the counts after."""
    before = learned(store).silenced
    newly: set[Kind] = set()
    after = Learned()

    def withdraw(article_id: int) -> list[Suggestion]:
        nonlocal after
        after = learned(store)  # read inside the transaction, the rejections written
        newly.update(after.silenced - before)
        return withdrawable(store, article_id, newly)

    change = store.reject_suggestions(suggestion_ids, withdraw=withdraw)
    return change, newly, after
