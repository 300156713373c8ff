"""Ranking the spans of other articles for a cross-article link (core/candidates.py).

Every outlet, person and figure here is invented.
"""

from __future__ import annotations

import pytest

from annotator.core.candidates import candidate_pool, number_of, rank_candidates
from annotator.core.model import Span


def span(n: int, article: int, label: str, text: str, **attributes: object) -> Span:
    return Span(n, article, 0, len(text), label, text, attributes=attributes)


SELECTED = span(1, 10, "NUMBER", "6,000 bodies", value=6000, unit="bodies")


def test_same_label_comes_first_whatever_the_text():
    claim = span(2, 20, "CLAIM", "6,000 bodies")  # identical text, other label
    number = span(3, 20, "NUMBER", "nine lorries", value=9, unit="lorries")
    ranked = rank_candidates(SELECTED, [claim, number], actors={})
    assert [c.span.id for c in ranked] == [3, 2]
    assert ranked[0].same_label and not ranked[1].same_label


def test_numbers_with_the_same_unit_and_close_values_first():
    near = span(2, 20, "NUMBER", "about 6,100 bodies", value=6100, unit="Bodies")
    far = span(3, 21, "NUMBER", "3,000 bodies", value=3000, unit="bodies")
    other_unit = span(4, 22, "NUMBER", "6,000 dollars", value=6000, unit="dollars")
    ranked = rank_candidates(SELECTED, [other_unit, far, near], actors={})
    assert [c.span.id for c in ranked] == [2, 3, 4]
    assert "same unit" in ranked[0].reasons and "value 2% apart" in ranked[0].reasons
    assert "other unit" in ranked[2].reasons


def test_a_number_without_attributes_is_read_from_its_text():
    assert number_of(span(2, 20, "NUMBER", "6,000 bodies")) == (6000.0, "bodies")
    assert number_of(span(3, 20, "NUMBER", "between 10 and 20 ships", low=10, high=20))[0] == 15
    bare = span(4, 20, "NUMBER", "6,000 bodies")
    worse = span(5, 21, "NUMBER", "6,000 tonnes")
    assert [c.span.id for c in rank_candidates(SELECTED, [worse, bare], actors={})] == [4, 5]


def test_shared_actors_lift_a_claim():
    selected = span(1, 10, "CLAIM", "the talks failed")
    plain = span(2, 20, "CLAIM", "the talks failed")
    shared = span(3, 21, "CLAIM", "the talks failed")
    actors = {10: frozenset({"E1", "E2"}), 20: frozenset({"E9"}), 21: frozenset({"E1", "E2"})}
    ranked = rank_candidates(selected, [plain, shared], actors=actors)
    assert [c.span.id for c in ranked] == [3, 2]
    assert "2 shared actors" in ranked[0].reasons
    assert ranked[0].score - ranked[1].score == pytest.approx(20)


def test_text_similarity_orders_otherwise_equal_claims_and_own_article_is_left_out():
    selected = span(1, 10, "CLAIM", "the dam burst after three days of rain")
    close = span(2, 20, "CLAIM", "The dam burst after days of rain")
    unrelated = span(3, 21, "CLAIM", "ferry tickets went up")
    own = span(4, 10, "CLAIM", "the dam burst after three days of rain")
    ranked = rank_candidates(selected, [unrelated, own, close], actors={}, limit=5)
    assert [c.span.id for c in ranked] == [2, 3]
    assert rank_candidates(selected, [unrelated, close], actors={}, limit=1)[0].span.id == 2


TEXT_A = "The Varnia Courier says 6,000 bodies were returned, Olena Marchenko said."
TEXT_B = "Eastgate Daily reports 3,000 bodies returned; Marchenko declined to comment."
TEXT_C = "Unrelated Gazette: 6,000 bodies of water were surveyed by Ivo Tamm."


def test_the_pool_is_the_story_else_the_corpus(store):
    a, _ = store.add_article(title="Courier", text=TEXT_A)
    b, _ = store.add_article(title="Eastgate", text=TEXT_B)
    c, _ = store.add_article(title="Gazette", text=TEXT_C)
    na = store.add_span(a, 24, 29, "NUMBER")
    nb = store.add_span(b, 23, 28, "NUMBER")
    nc = store.add_span(c, 19, 24, "NUMBER")
    store.add_entity("Olena Marchenko", "person")
    for article, text in ((a, TEXT_A), (b, TEXT_B)):
        at = text.index("Marchenko")
        actor = store.add_span(article, at, at + len("Marchenko"), "ACTOR")
        store.set_span_attributes(actor.id, {"entity": "E1"})
    pool = candidate_pool(store, na)
    assert pool.scope == "corpus" and pool.story is None  # no story: the whole corpus
    assert {s.id for s in pool.spans} >= {nb.id, nc.id}
    store.assign_story([a, b], "Body exchange")
    pool = candidate_pool(store, na)
    assert pool.scope == "story" and pool.story.name == "Body exchange"
    assert {s.article_id for s in pool.spans} == {b}
    assert pool.actors == {a: frozenset({"E1"}), b: frozenset({"E1"})}
    ranked = rank_candidates(na, pool.spans, actors=pool.actors)
    assert ranked[0].span.id == nb.id and "1 shared actor" in ranked[0].reasons
    wide = candidate_pool(store, na, scope="corpus")
    assert {s.article_id for s in wide.spans} == {b, c}
