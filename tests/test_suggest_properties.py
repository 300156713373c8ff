"""For every source and any text: ``text[start:end] == proposal.text``, offsets in range,
scores in [0, 1], and ``suggest``'s order without duplicates."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.suggest import SOURCE_NAMES, suggest
from annotator.core.suggest.actors import ActorMatcher
from annotator.core.suggest.patterns import parse_patterns
from tests.strategies import article_text, pieces

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])  # fmt: skip

# Pieces that wake every source: quotation marks, reporting verbs, numbers, names.
NEWS = st.sampled_from([
    '"', "'", "“", "”", "‘", "’", "«", "»", "„", "‹", "›", " said ", " said that ",
    " according to ", ", ", ". ", "\n\n", "6,000", "May 16", "2:15 a.m.", "at least 40",
    "Velkovar", "Velkovar Council", " per cent", "the '90s", "Varnia's", "three words here",
])  # fmt: skip
news_text = st.lists(st.one_of(pieces, NEWS), min_size=1, max_size=60).map("".join)

MATCHER = ActorMatcher([("E1", "Velkovar Council", ("VC",))], tagged=["Velkovar", "é", "said"])
PATTERNS = parse_patterns([json.dumps(r) for r in (
    {"label": "NUMBER", "pattern": [{"LIKE_NUM": True}, {"LOWER": "per"}, {"LOWER": "cent"}]},
    {"label": "ACTOR", "pattern": [{"IS_TITLE": True, "OP": "+"}, {"ORTH": "Council"}]},
    {"label": "X", "pattern": [{"OP": "!", "IS_PUNCT": True}, {"LOWER": "said", "OP": "?"}]},
    {"label": "ACTOR", "pattern": "Velkovar"},
)], name="properties.jsonl")  # fmt: skip


def check(text: str, sources: tuple[str, ...]) -> None:
    found = suggest(text, sources=sources, known_actors=MATCHER, patterns=PATTERNS)
    keys = [(p.start, -p.end, p.label) for p in found]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    for p in found:
        assert 0 <= p.start < p.end <= len(text)
        assert text[p.start : p.end] == p.text
        assert p.score is None or 0.0 <= p.score <= 1.0
        assert p.source in sources


@SETTINGS
@given(text=news_text, source=st.sampled_from(SOURCE_NAMES))
def test_each_source_keeps_offsets_on_news_like_text(text: str, source: str) -> None:
    check(text, (source,))


@SETTINGS
@given(text=article_text)
def test_all_sources_keep_offsets_on_tricky_text(text: str) -> None:
    check(text, SOURCE_NAMES)
