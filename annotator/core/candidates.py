"""Which spans of other articles a selected span may be linked to, best first (issue 14).

A NUMBER or CLAIM is linked to the span that reports the same fact in another article
of its story (or of the corpus, when the analyst widens the search).  The ranking:

1. **Same label** first, always: a NUMBER is compared with NUMBERs.
2. **NUMBER against NUMBER**: the same unit (case-folded) scores, a different one costs;
   close values score by their relative difference ``|a - b| / max(|a|, |b|)`` (equal:
   full marks, half apart or more: none).  A value comes from the span's ``value``
   attribute, else the middle of ``low`` / ``high``, else the number grammar reading the
   span's text (``prefill_number``), so spans whose attributes were never filled still
   compare.
3. **Shared actors**: the entity keys of the ACTOR spans of each article (their
   ``entity`` attribute); each one both articles name adds, up to three.
4. **Text similarity**: rapidfuzz's ``token_set_ratio`` of the two span texts.

Points (within one label): unit 30 (different unit -10), value up to 30, actors 10
each up to 30, text up to 40.  The reasons are kept as words for the picker's rows.
:func:`candidate_pool` reads what the ranking needs from the store; searching the whole
corpus keeps only spans of the selected span's label.

Speed: the text similarity of every candidate is one rapidfuzz call in C, and the number
grammar (170 microseconds a span) reads only the best ``REFINE`` candidates' texts, those
without a ``value`` attribute; the rest are ranked on their attributes.  Measured on
2,000 invented articles of 60 spans (120,000 spans; the machine loaded by other jobs):
a story of 12 articles in well under a second, the whole corpus (60,000 NUMBERs) in a few
seconds, most of it reading the spans from the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from annotator.core.attributes import prefill_number
from annotator.core.model import Span, Story


def _rapidfuzz():
    """rapidfuzz, loaded when first needed: the window imports this module at start."""
    from rapidfuzz import fuzz, process

    return fuzz, process

if TYPE_CHECKING:
    from annotator.core.store import Store

__all__ = ["LinkCandidate", "Pool", "candidate_pool", "number_of", "rank_candidates"]

UNIT_POINTS = 30.0
OTHER_UNIT_POINTS = -10.0
VALUE_POINTS = 30.0
ACTOR_POINTS = 10.0
MAX_SHARED_ACTORS = 3
TEXT_POINTS = 40.0
REFINE = 400  # candidates whose text the number grammar reads when attributes say nothing


class LinkCandidate(NamedTuple):
    span: Span
    score: float
    same_label: bool
    reasons: tuple[str, ...]  # "same unit", "value 2% apart", "2 shared actors", "text 71%"


class Pool(NamedTuple):
    """What the ranking reads: the other articles' spans and each article's actors."""

    spans: list[Span]
    actors: dict[int, frozenset[str]]  # article id -> entity keys of its ACTOR spans
    story: Story | None
    scope: str  # "story" or "corpus"


def number_of(span: Span, *, read_text: bool = True) -> tuple[float | None, str]:
    """A NUMBER span's value and case-folded unit, from its attributes or (``read_text``)
    the number grammar reading its text."""
    attributes = span.attributes
    value = _numeric(attributes.get("value"))
    if value is None:
        low, high = _numeric(attributes.get("low")), _numeric(attributes.get("high"))
        if low is not None and high is not None:
            value = (low + high) / 2
        else:
            value = low if low is not None else high
    unit = attributes.get("unit")
    if read_text and (value is None or not unit):
        read = _read_number(span.text)
        if value is None:
            value = _numeric(read.get("value"))
            if value is None:
                low, high = _numeric(read.get("low")), _numeric(read.get("high"))
                value = (low + high) / 2 if low is not None and high is not None else low
        if not unit:
            unit = read.get("unit")
    return value, str(unit or "").casefold().strip()


@lru_cache(maxsize=65536)
def _read_number(text: str) -> dict[str, object]:
    return prefill_number(text)  # the same figure is quoted by many outlets: read it once


def _numeric(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def rank_candidates(
    selected: Span,
    spans: Iterable[Span],
    *,
    actors: Mapping[int, frozenset[str]],
    limit: int | None = None,
) -> list[LinkCandidate]:
    """The spans of ``spans`` (other articles') best first for linking ``selected``.

    Spans of ``selected``'s own article are left out (a link joins two articles).
    """
    fuzz, process = _rapidfuzz()
    own_actors = actors.get(selected.article_id, frozenset())
    mine = number_of(selected) if selected.label == "NUMBER" else None
    others = [span for span in spans if span.article_id != selected.article_id]
    # Every text similarity in one call (C, not a Python loop over 100,000 spans).
    similarity = [0.0] * len(others)
    for _text, score, at in process.extract(
        selected.text.casefold(), [span.text.casefold() for span in others],
        scorer=fuzz.token_set_ratio, processor=None, limit=None,
    ):  # fmt: skip
        similarity[at] = score / 100

    def rated(at: int, *, read_text: bool) -> LinkCandidate:
        span = others[at]
        score, reasons = 0.0, []
        if mine is not None and span.label == "NUMBER":
            score += _number_points(mine, number_of(span, read_text=read_text), reasons)
        shared = len(own_actors & actors.get(span.article_id, frozenset()))
        if shared:
            score += ACTOR_POINTS * min(shared, MAX_SHARED_ACTORS)
            reasons.append(f"{shared} shared actor{'s' if shared > 1 else ''}")
        score += TEXT_POINTS * similarity[at]
        reasons.append(f"text {similarity[at]:.0%}")
        return LinkCandidate(span, round(score, 2), span.label == selected.label, tuple(reasons))

    def order(candidate: LinkCandidate) -> tuple[bool, float, int, int]:
        return not candidate.same_label, -candidate.score, candidate.span.article_id, \
            candidate.span.start  # fmt: skip

    # First on attributes alone; then the best are read by the number grammar (a span
    # whose text says the same figure may rise), and ranked again.
    first = sorted((rated(at, read_text=False) for at in range(len(others))), key=order)
    position = {id(span): at for at, span in enumerate(others)}
    best = [rated(position[id(c.span)], read_text=True) for c in first[:REFINE]]
    ranked = sorted(best, key=order) + first[REFINE:]
    return ranked if limit is None else ranked[:limit]


def _number_points(
    mine: tuple[float | None, str], theirs: tuple[float | None, str], reasons: list[str]
) -> float:
    score = 0.0
    if mine[1] and theirs[1]:
        if theirs[1] == mine[1]:
            score += UNIT_POINTS
            reasons.append("same unit")
        else:
            score += OTHER_UNIT_POINTS
            reasons.append("other unit")
    if mine[0] is not None and theirs[0] is not None:
        apart = _relative_difference(mine[0], theirs[0])
        score += VALUE_POINTS * max(0.0, 1.0 - 2.0 * apart)
        reasons.append("same value" if apart == 0 else f"value {apart:.0%} apart")
    return score


def _relative_difference(a: float, b: float) -> float:
    largest = max(abs(a), abs(b))
    return 0.0 if largest == 0 else min(1.0, abs(a - b) / largest)


def candidate_pool(store: Store, span: Span, *, scope: str = "story") -> Pool:
    """The spans a link from ``span`` may go to: the other articles of its story, or of
    the whole corpus (``scope="corpus"``, or when the article is in no story).

    ``spans`` is empty when the story has no other article.
    """
    story = store.article_story(span.article_id)
    if scope == "story" and story is not None:
        article_ids = store.story_article_ids(story.name)
    else:
        scope = "corpus"
        article_ids = store.article_ids()
    spans: list[Span] = []
    actors: dict[int, frozenset[str]] = {}
    for article_id in dict.fromkeys([span.article_id, *article_ids]):
        found = store.spans(article_id)
        keys = {
            str(s.attributes["entity"]) for s in found
            if s.label == "ACTOR" and s.attributes.get("entity")
        }  # fmt: skip
        if keys:
            actors[article_id] = frozenset(keys)
        if article_id != span.article_id:
            # The whole corpus: only the same label (the others would rank last anyway).
            spans.extend(found if scope == "story" else
                         [s for s in found if s.label == span.label])  # fmt: skip
    return Pool(spans, actors, story, scope)
