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
:func:`candidate_pool` reads what the ranking needs from the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, NamedTuple

from rapidfuzz import fuzz

from annotator.core.attributes import prefill_number
from annotator.core.model import Span, Story

if TYPE_CHECKING:
    from annotator.core.store import Store

__all__ = ["LinkCandidate", "Pool", "candidate_pool", "number_of", "rank_candidates"]

UNIT_POINTS = 30.0
OTHER_UNIT_POINTS = -10.0
VALUE_POINTS = 30.0
ACTOR_POINTS = 10.0
MAX_SHARED_ACTORS = 3
TEXT_POINTS = 40.0


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


def number_of(span: Span) -> tuple[float | None, str]:
    """A NUMBER span's value and case-folded unit, from its attributes or its text."""
    attributes = span.attributes
    value = _numeric(attributes.get("value"))
    if value is None:
        low, high = _numeric(attributes.get("low")), _numeric(attributes.get("high"))
        if low is not None and high is not None:
            value = (low + high) / 2
        else:
            value = low if low is not None else high
    unit = attributes.get("unit")
    if value is None or not unit:
        read = prefill_number(span.text)
        if value is None:
            value = _numeric(read.get("value"))
            if value is None:
                low, high = _numeric(read.get("low")), _numeric(read.get("high"))
                value = (low + high) / 2 if low is not None and high is not None else low
        if not unit:
            unit = read.get("unit")
    return value, str(unit or "").casefold().strip()


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
    own_actors = actors.get(selected.article_id, frozenset())
    is_number = selected.label == "NUMBER"
    mine = number_of(selected) if is_number else (None, "")
    ranked: list[LinkCandidate] = []
    for span in spans:
        if span.article_id == selected.article_id:
            continue
        same = span.label == selected.label
        score = 0.0
        reasons: list[str] = []
        if is_number and span.label == "NUMBER":
            value, unit = number_of(span)
            if mine[1] and unit:
                if unit == mine[1]:
                    score += UNIT_POINTS
                    reasons.append("same unit")
                else:
                    score += OTHER_UNIT_POINTS
                    reasons.append("other unit")
            if mine[0] is not None and value is not None:
                apart = _relative_difference(mine[0], value)
                score += VALUE_POINTS * max(0.0, 1.0 - 2.0 * apart)
                reasons.append("same value" if apart == 0 else f"value {apart:.0%} apart")
        shared = len(own_actors & actors.get(span.article_id, frozenset()))
        if shared:
            score += ACTOR_POINTS * min(shared, MAX_SHARED_ACTORS)
            reasons.append(f"{shared} shared actor{'s' if shared > 1 else ''}")
        similarity = fuzz.token_set_ratio(selected.text, span.text, processor=_fold) / 100
        score += TEXT_POINTS * similarity
        reasons.append(f"text {similarity:.0%}")
        ranked.append(LinkCandidate(span, round(score, 2), same, tuple(reasons)))
    ranked.sort(key=lambda c: (not c.same_label, -c.score, c.span.article_id, c.span.start))
    return ranked if limit is None else ranked[:limit]


def _relative_difference(a: float, b: float) -> float:
    largest = max(abs(a), abs(b))
    return 0.0 if largest == 0 else min(1.0, abs(a - b) / largest)


def _fold(text: str) -> str:
    return text.casefold()


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
            spans.extend(found)
    return Pool(spans, actors, story, scope)
