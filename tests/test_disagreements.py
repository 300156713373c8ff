"""Two analysts' spans of one article: the disagreements, and adjudication into gold."""

from __future__ import annotations

import json

import pytest

from annotator.core.disagreements import (
    AdjudicationError,
    add_gold,
    by_analyst,
    compare,
    compare_with_others,
    decided_spans,
    gold_keys,
    in_gold,
)
from annotator.core.export import export_corpus
from annotator.core.model import GOLD_ANNOTATOR
from annotator.core.throughput import by_day, throughput

# Invented: no such town, council or figures.
TEXT = (
    "Mayor Ilse Varga of Brenholt said 4,200 homes lost power on Tuesday. "
    "The Brenholt council disputed the figure, saying only 900 were affected."
)


def at(piece: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(piece, start + 1)
    return start, start + len(piece)


@pytest.fixture
def article(store):
    article_id, _ = store.add_article(title="Brenholt outage", text=TEXT)

    def tag(who: str, piece: str, label: str, nth: int = 0, **attributes: object):
        start, end = at(piece, nth)
        return store.add_span(article_id, start, end, label, annotator=who,
                              attributes=attributes or None)  # fmt: skip

    return store, article_id, tag


def test_each_kind_of_disagreement_in_text_order(article):
    store, article_id, tag = article
    tag("ana", "Ilse Varga", "ACTOR")  # both: agreement
    tag("bo", "Ilse Varga", "ACTOR")
    tag("ana", "4,200", "NUMBER")  # same characters, two labels
    tag("bo", "4,200", "CLAIM")
    tag("ana", "4,200 homes lost power", "CLAIM")  # overlapping, same label
    tag("bo", "4,200 homes lost power on Tuesday", "CLAIM")
    tag("ana", "Brenholt council", "ACTOR", 0)  # only ana
    tag("bo", "900", "NUMBER")  # only bo
    tag("ana", "only 900 were affected", "CLAIM")  # overlaps bo's quote: boundary+label
    tag("bo", "saying only 900", "QUOTE")
    grouped = by_analyst(store.spans(article_id))
    result = compare(grouped["ana"], grouped["bo"], first_name="ana", second_name="bo")
    assert [(a.text, b.text) for a, b in result.agreements] == [("Ilse Varga", "Ilse Varga")]
    seen = [
        (d.kind, d.first.text if d.first else None, d.second.text if d.second else None)
        for d in result.disagreements
    ]
    assert seen == [
        ("boundary", "4,200 homes lost power", "4,200 homes lost power on Tuesday"),
        ("label", "4,200", "4,200"),
        ("missing", "Brenholt council", None),
        ("boundary+label", "only 900 were affected", "saying only 900"),
        ("extra", None, "900"),
    ]
    first = result.disagreements[0]
    assert (first.start, first.end) == at("4,200 homes lost power on Tuesday")
    assert first.article_id == article_id
    assert {d.first_name for d in result.disagreements} == {"ana"}


def test_identical_spans_agree_and_nothing_else_is_listed(article):
    store, article_id, tag = article
    for who in ("ana", "bo"):
        tag(who, "Brenholt", "ACTOR", 1)
        tag(who, "900", "NUMBER")
    grouped = by_analyst(store.spans(article_id))
    result = compare(grouped["ana"], grouped["bo"], first_name="ana", second_name="bo")
    assert result.disagreements == []
    assert [a.text for a, _ in result.agreements] == ["Brenholt", "900"]


def test_me_against_every_other_analyst(article):
    store, article_id, tag = article
    tag("me", "4,200", "NUMBER")
    tag("bo", "4,200", "NUMBER")  # agrees with me
    tag("cy", "900", "NUMBER")  # cy has this, I do not; cy lacks my 4,200
    found = compare_with_others(store.spans(article_id), me="me", others=["bo", "cy", "me"])
    assert [(d.kind, d.second_name, (d.first or d.second).text) for d in found] == [
        ("missing", "cy", "4,200"),
        ("extra", "cy", "900"),
    ]


def test_each_decision_takes_its_sides(article):
    store, article_id, tag = article
    a = tag("ana", "4,200", "NUMBER")
    b = tag("bo", "4,200", "CLAIM")
    grouped = by_analyst(store.spans(article_id))
    (label,) = compare(grouped["ana"], grouped["bo"], first_name="ana",
                       second_name="bo").disagreements  # fmt: skip
    assert decided_spans(label, "first") == [a]
    assert decided_spans(label, "second") == [b]
    assert decided_spans(label, "both") == [a, b]
    assert decided_spans(label, "neither") == []
    lone = label._replace(kind="missing", second=None)
    assert decided_spans(lone, "second") == []  # bo has nothing there to take
    assert decided_spans(lone, "both") == [a]
    with pytest.raises(AdjudicationError, match="unknown decision 'all'"):
        decided_spans(label, "all")


def test_add_gold_is_one_change_that_undoes_and_exports_as_gold(article, tmp_path):
    store, article_id, tag = article
    a = tag("ana", "4,200", "NUMBER", value=4200)
    b = tag("bo", "4,200 homes lost power", "CLAIM")
    change = add_gold(store, article_id, [a, b])
    assert [(s.text, s.label, s.annotator) for s in change.added] == [
        ("4,200", "NUMBER", GOLD_ANNOTATOR),
        ("4,200 homes lost power", "CLAIM", GOLD_ANNOTATOR),
    ]
    gold = [s for s in store.spans(article_id) if s.annotator == GOLD_ANNOTATOR]
    assert [s.attributes for s in gold] == [{}, {"value": 4200}]  # attributes come along
    assert gold_keys(store.spans(article_id)) == {(a.start, a.end, "NUMBER"),
                                                  (b.start, b.end, "CLAIM")}  # fmt: skip
    # Taken again (a second pass over the article): nothing is added twice.
    assert add_gold(store, article_id, [a, a]).added == ()
    # The gold layer exports like any analyst's spans.
    out = tmp_path / "gold.jsonl"
    export_corpus(store, out, format="jsonl", annotators=[GOLD_ANNOTATOR])
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(s["text"], s["label"], s["annotator"]) for s in record["spans"]] == [
        ("4,200 homes lost power", "CLAIM", "gold"), ("4,200", "NUMBER", "gold"),
    ]  # fmt: skip
    store.apply(change.inverse())  # one undo takes the whole decision back
    assert gold_keys(store.spans(article_id)) == set()
    assert len(store.spans(article_id)) == 2  # the analysts' own spans stay


def test_add_gold_refuses_a_span_of_another_article_and_writes_nothing(article):
    store, article_id, tag = article
    other, _ = store.add_article(title="Other", text="Kell Dorran won 55 votes.")
    a = tag("ana", "900", "NUMBER")
    stray = store.add_span(other, 16, 18, "NUMBER", annotator="bo")
    with pytest.raises(AdjudicationError, match=f"belongs to article {other}"):
        add_gold(store, article_id, [a, stray])
    assert gold_keys(store.spans(article_id)) == set()


def test_in_gold_says_which_sides_gold_holds(article):
    store, article_id, tag = article
    a = tag("ana", "4,200", "NUMBER")
    tag("bo", "4,200", "CLAIM")
    grouped = by_analyst(store.spans(article_id))
    (label,) = compare(grouped["ana"], grouped["bo"], first_name="ana",
                       second_name="bo").disagreements  # fmt: skip
    assert in_gold(label, gold_keys(store.spans(article_id))) == []
    add_gold(store, article_id, [a])
    assert in_gold(label, gold_keys(store.spans(article_id))) == ["first"]


def test_which_articles_have_several_analysts(article):
    store, article_id, tag = article
    lone, _ = store.add_article(title="Lone", text="Only Pell Anso tagged this one.")
    store.add_span(lone, 5, 14, "ACTOR", annotator="ana")
    store.add_span(lone, 5, 14, "ACTOR", annotator=GOLD_ANNOTATOR)
    tag("ana", "900", "NUMBER")
    tag("bo", "900", "NUMBER")
    tag("bo", "4,200", "NUMBER")
    assert store.article_annotators(article_id) == {"ana": 1, "bo": 2}
    assert store.articles_with_analysts(leave_out=GOLD_ANNOTATOR) == [article_id]
    assert store.articles_with_analysts(leave_out="") == [article_id, lone]


def test_throughput_per_analyst_and_per_day():
    rows = [
        {"annotator": "ana", "article_id": 1, "started_at": "2026-03-02T09:00:00.000+00:00",
         "seconds": 120.0, "keys": 40, "spans": 4},
        {"annotator": "ana", "article_id": 2, "started_at": "2026-03-02T09:05:00.000+00:00",
         "seconds": 60.0, "keys": 20, "spans": 2},
        {"annotator": "ana", "article_id": 1, "started_at": "2026-03-03T10:00:00.000+00:00",
         "seconds": 30.0, "keys": 5, "spans": 0},
        {"annotator": "bo", "article_id": None, "started_at": "2026-03-03T10:00:00.000+00:00",
         "seconds": 0.0, "keys": 0, "spans": 0},
    ]  # fmt: skip
    every = throughput(rows)
    assert list(every) == ["ana", "bo"]
    ana = every["ana"].as_dict()
    assert ana == {"seconds": 210.0, "keys": 65, "spans": 6, "visits": 3, "articles": 2,
                   "spans_per_minute": round(6 / 3.5, 2), "keys_per_span": round(65 / 6, 2),
                   "seconds_per_article": 105.0}  # fmt: skip
    bo = every["bo"]
    assert (bo.spans_per_minute, bo.keys_per_span, bo.seconds_per_article) == (None, None, None)
    days = by_day(rows, annotator="ana")
    assert list(days) == ["2026-03-02", "2026-03-03"]
    assert days["2026-03-02"].spans_per_minute == 2.0
    assert days["2026-03-03"].keys_per_span is None  # no spans that day: no rate
