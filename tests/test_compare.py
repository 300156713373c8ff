"""The comparison of one story: clusters, column and row order, flags, dates, sentences."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from annotator.core.compare import article_date, build_comparison, sentence_of
from annotator.core.model import Link
from tests import story_sample as sample
from tests.story_sample import link


def build(named=None, links=None, articles=None):
    named = sample.spans() if named is None else named
    return build_comparison(
        story=sample.STORY,
        articles=sample.articles() if articles is None else articles,
        spans=list(named.values()),
        links=sample.links(named) if links is None else links,
    )


def row_of(comparison, span_id):
    (row,) = [row for row in comparison.rows if span_id in {f.span_id for f in row.facts}]
    return row


# --- clusters ------------------------------------------------------------------------------


def test_linked_spans_form_one_row_per_connected_cluster() -> None:
    named = sample.spans()
    comparison = build(named)
    assert len(comparison.rows) == 4
    bodies = row_of(comparison, named["courier-bodies"].id)
    # contradicts, updates and same all join: the four body counts are one fact
    assert {f.span_id for f in bodies.facts} == {
        named[n].id for n in ("courier-bodies", "eastgate-bodies", "herald-bodies",
                              "lowfield-bodies")
    }  # fmt: skip
    assert {link.id for link in bodies.links} == {1, 2, 3}
    assert bodies.types == {"contradicts", "updates", "same"}


def test_a_chain_of_links_is_one_cluster_whatever_the_direction() -> None:
    named = sample.spans()
    a, b, c = named["courier-vehicles"], named["lowfield-vehicles"], named["eastgate-talks"]
    comparison = build(named, links=[link(1, a, b, "same"), link(2, c, b, "same")])
    assert len(comparison.rows) == 1
    assert {f.span_id for f in comparison.rows[0].facts} == {a.id, b.id, c.id}
    assert comparison.rows[0].labels == ("CLAIM", "NUMBER")


def test_unlinked_spans_are_no_row_and_dangling_links_are_counted() -> None:
    named = sample.spans()
    links = [
        link(1, named["courier-bodies"], named["eastgate-bodies"], "contradicts"),
        # a span that was deleted, and one of an article outside the story
        Link(
            id=2,
            article_id=1,
            span_id=named["courier-bodies"].id,
            to_article_id=2,
            to_span_id=4242,
            type="same",
        ),
        Link(
            id=3,
            article_id=1,
            span_id=named["courier-talks"].id,
            to_article_id=9,
            to_span_id=named["eastgate-talks"].id,
            type="same",
        ),
    ]
    comparison = build(named, links=links, articles=[a for a in sample.articles() if a.id != 2])
    # article 2 is not in the story: its spans, and links to them, are left out
    assert comparison.ignored_links == 3
    assert comparison.rows == ()
    comparison = build(named, links=links)
    assert comparison.ignored_links == 1
    assert len(comparison.rows) == 2  # the talks link still joins: it names real spans
    assert all(len(row.facts) == 2 for row in comparison.rows)


def test_two_spans_of_one_article_share_its_cell_in_text_order() -> None:
    named = sample.spans()
    a, b = named["courier-vehicles"], named["courier-bodies"]  # both in article 1
    other = named["lowfield-vehicles"]
    comparison = build(named, links=[link(1, a, other, "same"), link(2, b, other, "same")])
    (row,) = comparison.rows
    column = [c.article_id for c in comparison.columns].index(1)
    assert [f.span_id for f in row.cells[column]] == [b.id, a.id]  # b comes first in the text
    assert row.reported_by == 2
    assert len(row.cells) == len(comparison.columns)


# --- columns and dates ------------------------------------------------------------------------


def test_columns_are_ordered_by_date_then_title_then_id_undated_last() -> None:
    comparison = build()
    # 3 March (Eastgate, "published"), 4 March (Courier, "date"),
    # 5 March 06:30 UTC (Herald, "published_at"), then Lowfield with no date
    assert [c.article_id for c in comparison.columns] == [2, 1, 3, 4]
    assert comparison.columns[0].outlet == "Eastgate Daily"
    same_day = [
        sample.article(1, title="b second", meta={"date": "2026-03-04"}),
        sample.article(2, title="B first", meta={"date": "2026-03-04"}),
        sample.article(3, title="A earlier", meta={"date": "2026-03-04T00:00:00+01:00"}),
        sample.article(4, title="a undated"),
    ]
    same_day = [a._replace(meta=dict(a.meta)) for a in same_day]
    same_day[3] = same_day[3]._replace(meta={"outlet": "Lowfield Post"})
    comparison = build(articles=same_day)
    # 00:00+01:00 is 3 March 23:00 UTC; title order is case-blind, then the id decides
    assert [c.article_id for c in comparison.columns] == [3, 2, 1, 4]
    twins = [sample.article(2, title="Twin"), sample.article(1, title="Twin")]
    twins = [a._replace(meta={"date": "2026-03-04"}) for a in twins]
    assert [c.article_id for c in build(articles=twins).columns] == [1, 2]


@pytest.mark.parametrize(
    ("meta", "shown", "when"),
    [
        ({"date": "2026-03-04"}, "2026-03-04", datetime(2026, 3, 4, tzinfo=UTC)),
        ({"published": "4 March 2026"}, "4 March 2026", datetime(2026, 3, 4, tzinfo=UTC)),
        ({"published_at": "2026-03-04T10:15:00Z"}, "2026-03-04T10:15:00Z",
         datetime(2026, 3, 4, 10, 15, tzinfo=UTC)),
        ({"date": "March 4, 2026"}, "March 4, 2026", datetime(2026, 3, 4, tzinfo=UTC)),
        ({"date": "2026-03-04T10:15:00"}, "2026-03-04T10:15:00",  # no zone: UTC
         datetime(2026, 3, 4, 10, 15, tzinfo=UTC)),
        # "date" wins; an unreadable one gives way to a readable "published"
        ({"date": "2026-03-01", "published": "2026-03-09"}, "2026-03-01",
         datetime(2026, 3, 1, tzinfo=UTC)),
        ({"date": "last Tuesday", "published": "2026-03-09"}, "2026-03-09",
         datetime(2026, 3, 9, tzinfo=UTC)),
        ({"date": "last Tuesday"}, "last Tuesday", None),  # kept to show, not to sort
        ({"date": ""}, None, None),
        ({"date": True}, None, None),
        ({}, None, None),
    ],
)  # fmt: skip
def test_article_date_reads_the_meta_keys_in_order(meta, shown, when) -> None:
    assert article_date(meta) == (shown, when)


# --- flags and row order --------------------------------------------------------------------


def test_flags_and_disagreements_follow_the_link_types() -> None:
    named = sample.spans()
    comparison = build(named)
    bodies = row_of(comparison, named["courier-bodies"].id)
    vehicles = row_of(comparison, named["courier-vehicles"].id)
    talks = row_of(comparison, named["courier-talks"].id)
    prisoners = row_of(comparison, named["courier-prisoners"].id)
    # a contradicts link is a disagreement whatever the values
    assert bodies.values_differ and bodies.disagreement
    assert bodies.reason == "a contradicts link"
    # 42 and 40 vehicles linked as the same fact: the figures disagree
    assert vehicles.values_differ and vehicles.disagreement
    assert vehicles.reason == "different figures linked as the same fact"
    # different wording of one claim: flagged, but the analyst said it is the same
    assert talks.values_differ and not talks.disagreement and talks.reason == ""
    # 800 and 1,200 prisoners are explained by their different-event link
    assert prisoners.values_differ and not prisoners.disagreement
    assert prisoners.types == {"different-event"}
    assert comparison.disagreements == 2


def test_an_update_explains_a_new_figure_but_not_a_clash_under_same() -> None:
    named = sample.spans()
    old, new, copy = named["courier-bodies"], named["herald-bodies"], named["lowfield-bodies"]
    # 6,000 same "Roughly 6,000" (read by the grammar), updated to 6,400: no disagreement
    links = [link(1, copy, old, "same"), link(2, new, old, "updates")]
    (row,) = build(named, links=links).rows
    assert row.values_differ and not row.disagreement
    # 3,000 joined to them by "same" is a clash the update does not explain
    links.append(link(3, named["eastgate-bodies"], copy, "same"))
    (row,) = build(named, links=links).rows
    assert row.disagreement and row.reason == "different figures linked as the same fact"


def test_equal_values_and_claims_in_other_case_and_spacing_do_not_differ() -> None:
    named = sample.spans()
    six = named["courier-bodies"]
    as_float = replace(named["eastgate-bodies"], attributes={"value": 6000.0, "unit": "dead"})
    talks = named["courier-talks"]
    shouted = replace(named["eastgate-talks"], text="The  talks would\nRESUME in April")
    named.update({"eastgate-bodies": as_float, "eastgate-talks": shouted})
    links = [link(1, six, as_float, "same"), link(2, talks, shouted, "same")]
    for row in build(named, links=links).rows:
        assert not row.values_differ and not row.disagreement  # units are not compared


def test_number_values_come_from_attributes_else_from_the_grammar() -> None:
    named = sample.spans()
    row = row_of(build(named), named["courier-bodies"].id)
    by_span = {f.span_id: f for f in row.facts}
    parsed = by_span[named["lowfield-bodies"].id]  # "Roughly 6,000 bodies", no attributes
    assert (parsed.value, parsed.unit, parsed.qualifier) == (6000, "bodies", "approximately")
    assert parsed.key == (6000,)
    assert parsed.shown == "approximately 6,000 bodies"
    given = by_span[named["courier-bodies"].id]
    assert (given.value, given.unit, given.key, given.shown) == (6000, "bodies", (6000,),
                                                                  "6,000 bodies")  # fmt: skip
    ranged = given._replace(value=None, low=300, high=900, key=(300, 900), qualifier="range")
    assert ranged.shown == "300–900 bodies"
    assert given._replace(value=None, low=1200, unit=None).shown == "≥ 1,200"


def test_a_stored_value_that_is_no_number_gives_way_to_the_grammar() -> None:
    named = sample.spans()
    forty = replace(named["lowfield-vehicles"], attributes={"unit": "vehicles", "value": "40"})
    named["lowfield-vehicles"] = forty
    (row,) = build(named, links=[link(1, named["courier-vehicles"], forty, "same")]).rows
    assert {f.span_id: f.key for f in row.facts}[forty.id] == (40,)  # read from "40 vehicles"
    assert row.values_differ and row.disagreement  # 42 against 40


def test_a_number_with_no_readable_value_is_not_compared() -> None:
    named = sample.spans()
    vague = replace(named["lowfield-vehicles"], text="a convoy", attributes={})
    named["lowfield-vehicles"] = vague
    (row,) = build(named, links=[link(1, named["courier-vehicles"], vague, "same")]).rows
    assert {f.span_id: f.key for f in row.facts}[vague.id] is None
    assert not row.values_differ and not row.disagreement


def test_rows_are_sorted_disagreements_first() -> None:
    named = sample.spans()
    order = [row.reason or ("differ" if row.values_differ else "agree")
             for row in build(named).rows]  # fmt: skip
    assert order[:2] == ["a contradicts link", "different figures linked as the same fact"]
    assert order[2:] == ["differ", "differ"]
    agreeing = [
        link(1, named["courier-talks"], named["eastgate-talks"], "same"),
        link(2, named["herald-prisoners"], named["courier-prisoners"], "contradicts"),
    ]
    rows = build(named, links=agreeing).rows
    assert [row.disagreement for row in rows] == [True, False]


def test_a_story_of_fifty_articles_builds_quickly() -> None:
    from bench.bench_compare import story

    articles, spans, links, _ = story()
    began = time.process_time()
    comparison = build_comparison(story="Floods", articles=articles, spans=spans, links=links)
    spent = time.process_time() - began
    assert len(comparison.columns) == 50 and len(comparison.rows) == 500
    assert sum(len(row.facts) for row in comparison.rows) == len(spans)
    # bench/bench_compare.py measures about 20 ms; this only catches a quadratic slip
    assert spent < 0.5


# --- sentences ---------------------------------------------------------------------------------

TEXT = sample.ARTICLES[1]["text"]


def sentence(phrase: str, upto: str | None = None) -> str:
    start = TEXT.index(phrase)
    end = TEXT.index(upto) + len(upto) if upto else start + len(phrase)
    begin, stop = sentence_of(TEXT, start, end)
    return TEXT[begin:stop]


def test_sentence_of_gives_the_sentence_around_a_span() -> None:
    assert sentence("6,000 bodies") == "Gen. Arvo Tarrow said 6,000 bodies were returned to Varnia."
    assert sentence("Varnia and") == (
        "Varnia and Eastmark completed an exchange at Dorvel Bridge on Tuesday."
    )
    assert sentence("42 vehicles") == "Witnesses counted 42 vehicles at the crossing."


def test_sentence_of_a_span_across_sentences_gives_all_of_them() -> None:
    assert sentence("800 prisoners", upto="the talks") == (
        "Last month 800 prisoners were freed in Kesh.\n"
        "The ministry said the talks would resume in April."
    )
    assert sentence("Tuesday", upto="Gen.") == (
        "Varnia and Eastmark completed an exchange at Dorvel Bridge on Tuesday. "
        "Gen. Arvo Tarrow said 6,000 bodies were returned to Varnia."
    )


def test_sentence_of_edges() -> None:
    gap = TEXT.index(" Gen.")
    assert sentence_of(TEXT, gap, gap + 1) == (gap, gap + 1)  # only whitespace: itself
    assert sentence_of("", 0, 0) == (0, 0)
    assert sentence_of("No full stop", 3, 7) == (0, 12)
    assert sentence_of("Short.", -5, 99) == (0, 6)  # clamped into the text
