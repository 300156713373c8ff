"""Where two analysts tagged one article differently, and what adjudication makes of it.

``compare`` pairs the spans of a *first* and a *second* analyst with
``evaluate.pair_spans`` (the first plays gold, the second prediction), so the window,
the adjudication view and the agreement figures all see the same pairs.  Each pair or
lone span that is not an identical match is a :class:`Disagreement`:

- ``missing``: only the first analyst has it (the second missed it);
- ``extra``: only the second analyst has it;
- ``label``: the same characters, two labels;
- ``boundary``: the same label over overlapping but different characters;
- ``boundary+label``: overlapping, and the labels differ too.

The last kind is not one of the issue's four: folding it into either ``boundary`` or
``label`` would hide half of what the analysts disagree on.

Adjudication turns a decision (take the first's, the second's, both or neither) into
the spans that go into the gold layer (``GOLD_ANNOTATOR``); :func:`add_gold` writes them
in one transaction and returns one :class:`~annotator.core.changes.Change`, so one undo
takes a decision back.  Spans the gold layer already holds are skipped, not refused.
No Qt and no SQL here: the store does the writing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from annotator.core.changes import Change
from annotator.core.errors import AnnotatorError
from annotator.core.evaluate import pair_spans
from annotator.core.model import GOLD_ANNOTATOR, Span

if TYPE_CHECKING:
    from annotator.core.store import Store

__all__ = [
    "DECISIONS",
    "KINDS",
    "AdjudicationError",
    "Comparison",
    "Disagreement",
    "add_gold",
    "by_analyst",
    "compare",
    "compare_with_others",
    "decided_spans",
    "gold_keys",
    "in_gold",
]

KINDS = ("missing", "extra", "label", "boundary", "boundary+label")
DECISIONS = ("first", "second", "both", "neither")

# evaluate's pairing tiers -> what the analysts disagree on; "identical" is agreement.
_TIER_KINDS = {
    "boundaries": "label",
    "overlap_same_label": "boundary",
    "overlap_other_label": "boundary+label",
}


class AdjudicationError(AnnotatorError):
    """A decision that cannot be made (an unknown choice, spans of another article)."""


class Disagreement(NamedTuple):
    """One place where two analysts differ; ``first`` or ``second`` is None when only one
    of them tagged it."""

    kind: str
    first_name: str
    second_name: str
    first: Span | None
    second: Span | None

    @property
    def start(self) -> int:
        return min(s.start for s in (self.first, self.second) if s is not None)

    @property
    def end(self) -> int:
        return max(s.end for s in (self.first, self.second) if s is not None)

    @property
    def article_id(self) -> int:
        span = self.first or self.second
        assert span is not None  # a disagreement always has at least one side
        return span.article_id


class Comparison(NamedTuple):
    """Two analysts' spans of one article: where they differ, and the spans they share."""

    disagreements: list[Disagreement]
    agreements: list[tuple[Span, Span]]  # (first's, second's), identical keys


def _key(span: Span) -> tuple[int, int, str]:
    return span.start, span.end, span.label


def compare(
    first: Sequence[Span], second: Sequence[Span], *, first_name: str, second_name: str
) -> Comparison:
    """The disagreements and agreements of two analysts' spans of one article.

    Disagreements come in text order (start, then the longer first, then kind), so
    going through them reads the article from top to bottom.
    """
    pairs, lone_first, lone_second = pair_spans(
        [_key(s) for s in first], [_key(s) for s in second]
    )
    found: list[Disagreement] = []
    agreed: list[tuple[Span, Span]] = []
    for f, s, tier in pairs:
        if tier == "identical":
            agreed.append((first[f], second[s]))
        else:
            found.append(Disagreement(_TIER_KINDS[tier], first_name, second_name,
                                      first[f], second[s]))  # fmt: skip
    found += [Disagreement("missing", first_name, second_name, first[f], None)
              for f in lone_first]  # fmt: skip
    found += [Disagreement("extra", first_name, second_name, None, second[s])
              for s in lone_second]  # fmt: skip
    found.sort(key=lambda d: (d.start, -d.end, KINDS.index(d.kind)))
    agreed.sort(key=lambda pair: _key(pair[0]))
    return Comparison(found, agreed)


def by_analyst(spans: Iterable[Span]) -> dict[str, list[Span]]:
    """An article's spans grouped by analyst, in the order given (text order from the store)."""
    grouped: dict[str, list[Span]] = {}
    for span in spans:
        grouped.setdefault(span.annotator, []).append(span)
    return grouped


def compare_with_others(
    spans: Iterable[Span], *, me: str, others: Sequence[str]
) -> list[Disagreement]:
    """``me`` against each of ``others`` on one article, every disagreement in text order.

    ``me`` is the first analyst of each comparison, so ``missing`` means only I have it
    and ``extra`` only the other does.
    """
    grouped = by_analyst(spans)
    mine = grouped.get(me, [])
    found: list[Disagreement] = []
    for other in others:
        if other == me:
            continue
        found += compare(mine, grouped.get(other, []), first_name=me,
                         second_name=other).disagreements  # fmt: skip
    found.sort(key=lambda d: (d.start, -d.end, KINDS.index(d.kind), d.second_name))
    return found


def decided_spans(disagreement: Disagreement, decision: str) -> list[Span]:
    """The spans a decision puts into the gold layer: none, one side's, or both."""
    if decision not in DECISIONS:
        raise AdjudicationError(f"unknown decision {decision!r}; use {', '.join(DECISIONS)}")
    sides = {
        "first": [disagreement.first],
        "second": [disagreement.second],
        "both": [disagreement.first, disagreement.second],
        "neither": [],
    }[decision]
    return [span for span in sides if span is not None]


def add_gold(store: Store, article_id: int, spans: Sequence[Span]) -> Change:
    """Copy ``spans`` (label, characters and attributes) into the gold layer, as one change.

    A span the gold layer already holds (same characters and label) is skipped, and two
    copies of one key are written once: adjudicating an article again, or taking both
    sides of a label disagreement that another decision already took, adds nothing
    twice.  The change may be empty; all spans must belong to ``article_id``.
    """
    stray = [s for s in spans if s.article_id != article_id]
    if stray:
        raise AdjudicationError(
            f"span {stray[0].id} belongs to article {stray[0].article_id}, not {article_id}"
        )
    merged = Change(article_id)
    with store.transaction():  # all or nothing: a half-taken decision is never left
        held = {_key(s) for s in store.spans(article_id) if s.annotator == GOLD_ANNOTATOR}
        for span in spans:
            if _key(span) in held:
                continue
            held.add(_key(span))
            step = store.insert_span(
                article_id, span.start, span.end, span.label, annotator=GOLD_ANNOTATOR,
                text=span.text, attributes=span.attributes,
            )  # fmt: skip
            merged = merged.then(step)
    return merged


def gold_keys(spans: Iterable[Span]) -> set[tuple[int, int, str]]:
    """The (start, end, label) of the gold layer's spans among ``spans``."""
    return {_key(s) for s in spans if s.annotator == GOLD_ANNOTATOR}


def in_gold(disagreement: Disagreement, gold: set[tuple[int, int, str]]) -> list[str]:
    """Which sides of a disagreement the gold layer already holds ("first", "second")."""
    return [
        side
        for side, span in (("first", disagreement.first), ("second", disagreement.second))
        if span is not None and _key(span) in gold
    ]
