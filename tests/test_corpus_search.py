"""Store.search_texts: every place a query occurs in the corpus, case-insensitively."""

from __future__ import annotations

import time

from annotator.core.store import Store


def add(store: Store, title: str, text: str) -> int:
    return store.add_article(title=title, text=text)[0]


def test_hits_ignore_case_come_in_corpus_order_and_index_the_stored_text(store):
    first = add(store, "Ferry", "The Velmora ferry ran late.\nVELMORA harbour shut.")
    add(store, "Bridge", "Nothing to see here.")
    third = add(store, "Crane", "A crane fell in velmora.")
    hits, more = store.search_texts("velmora")
    assert not more
    assert [(h.article_id, h.title) for h in hits] == [
        (first, "Ferry"), (first, "Ferry"), (third, "Crane"),
    ]  # fmt: skip
    for hit in hits:
        assert store.article_text(hit.article_id)[hit.start : hit.end].lower() == "velmora"
    # the snippets are one line: the line break before VELMORA is a space
    assert hits[1].before.endswith("ran late. ") and hits[1].after == " harbour shut."


def test_offsets_stay_right_after_characters_whose_lower_case_is_longer(store):
    # "İ".lower() is two code points: folding the text would shift every later hit
    text = "İİİ Zorvath said Zorvath twice."
    article = add(store, "Dotted", text)
    hits, _ = store.search_texts("zorvath")
    assert [(h.start, h.end) for h in hits] == [(4, 11), (17, 24)]
    assert all(text[h.start : h.end] == "Zorvath" for h in hits)
    assert {h.article_id for h in hits} == {article}


def test_hits_are_bounded_and_say_that_more_were_left(store):
    add(store, "Many", "tide " * 30)
    add(store, "More", "tide " * 30 + "ebb")
    hits, more = store.search_texts("TIDE", limit=40)
    assert len(hits) == 40 and more
    hits, more = store.search_texts("tide", limit=60)
    assert len(hits) == 60 and not more


def test_query_characters_are_literal_and_an_empty_query_finds_nothing(store):
    add(store, "Sums", "Costs rose (a.k.a. 4.5m*) in Velmora.")
    hits, _ = store.search_texts("(a.k.a. 4.5m*)")
    assert [(h.start, h.end) for h in hits] == [(11, 25)]
    assert store.search_texts("") == ([], False)
    assert store.search_texts("a.k.a") != store.search_texts("aXkXa")


def test_a_cancelled_search_stops_between_articles(store):
    for n in range(5):
        add(store, f"A{n}", f"Report {n} on the Velmora tide.")
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 2

    hits, _ = store.search_texts("velmora", cancelled=cancelled)
    assert len(hits) == 2


def test_searching_ten_thousand_articles_takes_well_under_a_second(store):
    body = "The council of Velmora met on Tuesday to discuss the harbour budget. " * 30
    with store.transaction():
        for n in range(10_000):
            store.add_article(title=f"Day {n}", text=f"{n} {body}")
    started = time.perf_counter()
    hits, more = store.search_texts("zorvath")
    elapsed = time.perf_counter() - started
    assert hits == [] and not more
    assert elapsed < 5.0, elapsed  # 0.8 s measured (20 MB of text, 2 loaded cores)
