"""Spans resized in place and every occurrence tagged at once: store, history, word steps.

No display: the store and History on an in-memory corpus, and the pure text functions
the controller uses (``snapping.word_edge`` and ``snapping.occurrences``).
"""

from __future__ import annotations

import pytest

from annotator.core.errors import DuplicateSpan, NotFound, SpanError
from annotator.core.history import History
from annotator.core.store import Store
from annotator.gui.snapping import occurrences, word_edge

# Invented: CRLF, a no-break space and an emoji before the spans, so code-point offsets
# differ from what a text widget would count.
TEXT = (
    "Port \U0001f6a2 news\r\n\r\n"
    "Minister\u00a0Dara Velk met Velk's aides; Velk said 1,250 crates reached Velkton.\r\n"
    "Velk left. VELK stayed, and Velk waved."
)


@pytest.fixture
def article(store: Store) -> int:
    article_id, _ = store.add_article(title="Port", text=TEXT)
    return article_id


@pytest.fixture
def history(store: Store) -> History:
    return History(store, annotator="tester")


def at(piece: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(piece, start + 1)
    return start, start + len(piece)


def rows(store: Store, article_id: int) -> list[tuple[int, int, str, str]]:
    return [(s.start, s.end, s.label, s.text) for s in store.spans(article_id)]


# -- resize -------------------------------------------------------------------------


def test_resize_keeps_id_label_annotator_attributes_time_and_relations(store, article):
    start, end = at("Dara Velk")
    span = store.add_span(article, start, end, "ACTOR", annotator="ann",
                          attributes={"role": "minister"})  # fmt: skip
    other = store.add_span(article, *at("1,250"), "NUMBER", annotator="ann")
    relation = store.add_relation("said", other.id, span.id, annotator="ann")

    wider = at("Minister\u00a0Dara Velk")
    change = store.resize_span(span.id, *wider)

    [resized] = store.spans(article)[:1]
    assert resized.id == span.id and (resized.start, resized.end) == wider
    assert resized.text == TEXT[wider[0] : wider[1]] == "Minister\u00a0Dara Velk"
    assert (resized.label, resized.annotator, resized.attributes, resized.created_at) == (
        "ACTOR", "ann", {"role": "minister"}, span.created_at,
    )  # fmt: skip
    assert store.relations(article) == [relation]  # still joins the same two ids
    # One record changed in place: removed as it was, added as it is, same id.
    assert [s.id for s in change.removed] == [s.id for s in change.added] == [span.id]
    assert change.removed[0].text == "Dara Velk" and change.added[0].text == resized.text
    assert not change.removed_records.relations  # its relations were never taken away


@pytest.mark.parametrize(
    ("start", "end", "why"),
    [(10, 10, "empty"), (12, 11, "empty"), (-1, 5, "out of range"), (0, len(TEXT) + 1, "out")],
)
def test_resize_refuses_out_of_range_or_empty_and_changes_nothing(store, article, start, end,
                                                                  why):  # fmt: skip
    span = store.add_span(article, *at("Velkton"), "ACTOR")
    with pytest.raises(SpanError, match="out of range or empty"):
        store.resize_span(span.id, start, end)
    assert rows(store, article) == [(*at("Velkton"), "ACTOR", "Velkton")], why


def test_resize_refuses_a_duplicate_and_an_unchanged_range(store, article):
    first = store.add_span(article, *at("Velk", 1), "ACTOR", annotator="ann")
    second = store.add_span(article, *at("Velk's"), "ACTOR", annotator="ann")
    with pytest.raises(DuplicateSpan):
        store.resize_span(second.id, first.start, first.end)
    with pytest.raises(SpanError, match="already covers"):
        store.resize_span(first.id, first.start, first.end)
    with pytest.raises(NotFound):
        store.resize_span(999, 0, 4)
    # Another annotator's span over the same range is no duplicate.
    store.add_span(article, *at("Velk", 3), "ACTOR", annotator="other")
    store.resize_span(second.id, *at("Velk", 3))
    assert store.span(second.id).text == "Velk"
    assert not store.conn.in_transaction


def test_history_resize_is_one_step_undone_and_redone(store, history, article):
    span_id = history.tag(article, *at("Velk", 2), "ACTOR").added[0].id
    history.store.add_relation("self", span_id, span_id)
    change = history.resize(span_id, *at("Velk said"))
    assert history.undo_text == "resize ACTOR “Velk” → “Velk said”"
    assert change.added[0].id == span_id
    assert rows(store, article) == [(*at("Velk said"), "ACTOR", "Velk said")]

    history.undo()
    assert rows(store, article) == [(*at("Velk", 2), "ACTOR", "Velk")]
    assert store.spans(article)[0].id == span_id
    assert len(store.relations(article)) == 1
    history.redo()
    assert rows(store, article) == [(*at("Velk said"), "ACTOR", "Velk said")]
    history.undo()
    history.undo()  # the tag itself
    assert rows(store, article) == []


# -- tag every occurrence -----------------------------------------------------------


def test_occurrences_are_whole_words_exact_code_points_and_never_overlap():
    found = occurrences(TEXT, "Velk")
    # Not inside "Velkton", "Velk's" (one word to snapping), nor "VELK" (other code points).
    assert found == [at("Velk", 0), at("Velk", 2), at("Velk", 4), at("Velk", 5)]
    assert all(TEXT[s:e] == "Velk" for s, e in found)
    assert occurrences("aa aaa aa", "aa") == [(0, 2), (7, 9)]
    assert occurrences("a-a-a a-a", "a-a") == [(6, 9)]
    assert occurrences("6,000 and 6 more", "6") == [(10, 11)]
    assert occurrences("abab", "ab") == [] and occurrences("x", "") == []
    assert occurrences("“Velk” said Velk", "“Velk”") == [(0, 6)]


def test_add_spans_tags_all_in_one_change_and_skips_what_exists(store, article):
    ranges = occurrences(TEXT, "Velk")
    store.add_span(article, *ranges[1], "ACTOR", annotator="tester")
    store.add_span(article, *ranges[2], "ACTOR", annotator="someone else")
    store.add_span(article, *ranges[3], "CLAIM", annotator="tester")
    change = store.add_spans(article, [*ranges, ranges[0]], "ACTOR", annotator="tester")
    # Skipped: only the one this annotator already tagged ACTOR; the rest are new.
    assert [(s.start, s.end) for s in change.added] == [ranges[0], ranges[2], ranges[3]]
    assert all(s.text == "Velk" and s.annotator == "tester" for s in change.added)
    mine = [(s.start, s.end) for s in store.spans(article)
            if s.label == "ACTOR" and s.annotator == "tester"]  # fmt: skip
    assert mine == ranges


def test_add_spans_refuses_a_bad_range_whole(store, article):
    with pytest.raises(SpanError):
        store.add_spans(article, [at("Velk"), (5, len(TEXT) + 3)], "ACTOR")
    assert rows(store, article) == []
    assert store.article(article).status == "todo"


def test_history_tag_all_is_one_step_and_undo_removes_them_all(store, history, article):
    ranges = occurrences(TEXT, "Velk")
    history.tag(article, *ranges[0], "ACTOR")
    change = history.tag_all(article, ranges, "ACTOR")
    assert len(change.added) == 3
    assert history.undo_text == "tag 3 × ACTOR “Velk”"
    assert [(s.start, s.end) for s in store.spans(article)] == ranges

    history.undo()  # the three go, the one tagged before stays
    assert [(s.start, s.end) for s in store.spans(article)] == ranges[:1]
    history.redo()
    assert [(s.start, s.end) for s in store.spans(article)] == ranges
    with pytest.raises(DuplicateSpan, match="every occurrence of “Velk” is already ACTOR"):
        history.tag_all(article, ranges, "ACTOR")
    assert history.undo_text == "tag 3 × ACTOR “Velk”"  # a refused step is no step
    history.undo()
    history.undo()
    assert rows(store, article) == []
    assert store.article(article).status == "todo"


# -- word steps ---------------------------------------------------------------------


def test_word_edges_step_over_crlf_nbsp_emoji_and_joiners():
    text = "A \U0001f6a2 ship\r\n\u00a06,000 tons, Velk's."
    start = text.index("ship")
    assert word_edge(text, start + 4, forward=True, edge="end") == text.index("6,000") + 5
    assert word_edge(text, text.index("tons") + 4, forward=False, edge="end") == (
        text.index("6,000") + 5
    )
    assert word_edge(text, start, forward=False, edge="start") == 2  # the emoji is a word
    assert word_edge(text, 2, forward=True, edge="start") == start
    assert word_edge(text, text.index("Velk's"), forward=True, edge="start") is None
    assert word_edge(text, text.index("Velk's"), forward=True, edge="end") == len(text) - 1
    assert word_edge(text, 0, forward=False, edge="start") is None
    assert word_edge(text, 1, forward=False, edge="end") is None
