"""Accepting a suggestion with its extent corrected (review mode's resize keys): the store."""

from __future__ import annotations

import pytest

from annotator.core.errors import AnnotatorError, SuggestionError
from annotator.core.history import History
from annotator.core.model import Suggestion
from annotator.core.store import Store

TEXT = "Officials said the estimated 700 people had left by noon."


def place(piece: str) -> tuple[int, int]:
    start = TEXT.index(piece)
    return start, start + len(piece)


@pytest.fixture
def stored(store: Store):
    article_id, _ = store.add_article(title="Left", text=TEXT)
    [number, other] = store.store_suggestions([
        Suggestion(0, article_id, *place("estimated 700 people"), "NUMBER",
                   "estimated 700 people", "numbers", 0.9, attributes={"value": 700}),
        Suggestion(0, article_id, *place("noon"), "NUMBER", "noon", "numbers", 0.85),
    ])  # fmt: skip
    return store, article_id, number, other


def test_widened_keeps_attributes_and_the_suggestion_its_offsets(stored):
    store, article_id, number, _ = stored
    history = History(store, annotator="ana")
    history.accept_suggestions([number.id], extent=place("the estimated 700 people"))
    [span] = store.spans(article_id)
    assert TEXT[span.start : span.end] == span.text == "the estimated 700 people"
    assert span.attributes == {"value": 700} and span.annotator == "ana"
    kept = store.suggestion(number.id)
    assert kept.state == "accepted" and (kept.start, kept.end) == (number.start, number.end)
    assert history.undo_text == "accept NUMBER “the estimated 700 people” (corrected)"
    history.undo()
    assert store.spans(article_id) == [] and store.suggestion(number.id).state == "open"


def test_narrowed_or_relabelled_drops_the_attributes(stored):
    store, article_id, number, _ = stored
    store.accept_suggestions([number.id], extent=place("700 people"), annotator="ana")
    [span] = store.spans(article_id)
    assert span.text == "700 people" and span.attributes == {}


def test_an_extent_is_for_one_suggestion_and_inside_the_text(stored):
    store, article_id, number, other = stored
    with pytest.raises(SuggestionError):
        store.accept_suggestions([number.id, other.id], extent=(0, 4))
    with pytest.raises(AnnotatorError):
        store.accept_suggestions([number.id], extent=(len(TEXT) - 2, len(TEXT) + 5))
    with pytest.raises(AnnotatorError):
        store.accept_suggestions([number.id], extent=(5, 5))
    assert store.spans(article_id) == []
    assert store.suggestion(number.id).state == "open"  # nothing half-written


def test_tagging_by_hand_what_is_proposed_accepts_the_suggestion_in_the_same_step(stored):
    store, article_id, number, other = stored
    history = History(store, annotator="ana")
    history.tag(article_id, other.start, other.end, "NUMBER")
    assert store.suggestion(other.id).state == "accepted"
    assert store.suggestion(number.id).state == "open"  # another place: untouched
    history.tag(article_id, other.start, other.end, "CLAIM")  # another label: untouched
    assert [s.id for s in store.suggestions(article_id, state="accepted")] == [other.id]
    history.undo()
    history.undo()
    assert store.spans(article_id) == [] and store.suggestion(other.id).state == "open"
