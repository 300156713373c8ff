"""Agreement between analysts (issue 16): F1, kappa, alpha, relations and links.

Every expected figure is worked out by hand in the comments; texts, names and events
are invented.  Reference codings are built here one character at a time, so the
vectorised painting in ``codings`` is checked against the definition, not itself.
"""

from __future__ import annotations

import json
import math
import random
import sys

import krippendorff
import numpy as np
import pytest

from annotator.core.agreement import (
    AgreementError,
    Analyst,
    LinkRecord,
    NoSharedArticles,
    RelationRecord,
    SpanRecord,
    TooFewAnalysts,
    agreement,
    codings,
    details,
    format_details,
    format_table,
)
from annotator.core.errors import AnnotatorError
from annotator.core.model import Link, Relation, Span

S = SpanRecord
# Ten tokens, the issue's example: 0 Mayor 1 Ilse 2 Varga 3 met 4 Tomas 5 Brell 6 of
# 7 Kelmport 8 harbour 9 today.
TEN = "Mayor Ilse Varga met Tomas Brell of Kelmport harbour today."


def at(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


def span(span_id: int, article: int, text: str, words: str, label: str) -> SpanRecord:
    return S(span_id, article, *at(text, words), label)


def ten_token_pair() -> list[Analyst]:
    # Ana: ACTOR "Mayor Ilse Varga" and ACTOR "Tomas Brell"; Ben: the same mayor, and
    # only "Brell": one boundary disagreement, one token wide.
    ana = Analyst("ana", [span(1, 1, TEN, "Mayor Ilse Varga", "ACTOR"),
                          span(2, 1, TEN, "Tomas Brell", "ACTOR")], {1})  # fmt: skip
    ben = Analyst("ben", [span(3, 1, TEN, "Mayor Ilse Varga", "ACTOR"),
                          span(4, 1, TEN, "Brell", "ACTOR")], {1})  # fmt: skip
    return [ana, ben]


def token_codes(text: str, analysts: list[Analyst]) -> np.ndarray:
    """The issue's unit: a token (a run of non-space characters) is 1 if any span covers it."""
    tokens, position = [], 0
    for word in text.split():
        position = text.index(word, position)
        tokens.append((position, position + len(word)))
        position += len(word)
    return np.array([
        [int(any(s.start < end and start < s.end for s in analyst.spans)) for start, end in tokens]
        for analyst in analysts
    ])  # fmt: skip


def char_codes(text_by_article: dict[int, str], analysts: list[Analyst], label: str | None
               ) -> np.ndarray:  # fmt: skip
    """Per analyst, per non-space character (articles in id order): 1/0 inside a span of
    ``label``, or (label None) the sorted tuple of labels covering it, numbered densely."""
    rows = []
    for analyst in analysts:
        row = []
        for article in sorted(text_by_article):
            for i, char in enumerate(text_by_article[article]):
                if char.isspace():
                    continue
                covering = tuple(sorted({
                    s.label for s in analyst.spans
                    if s.article_id == article and s.start <= i < s.end
                }))  # fmt: skip
                row.append(int(label in covering) if label else covering)
        rows.append(row)
    if label:
        return np.array(rows)
    numbers = {value: n for n, value in enumerate(sorted({v for row in rows for v in row}))}
    return np.array([[numbers[value] for value in row] for row in rows])


# -- the issue's example --------------------------------------------------------------


def test_the_issues_example_one_boundary_in_ten_tokens():
    analysts = ten_token_pair()
    # Token level, as the issue counts: ana codes 1110110000 (5 ones), ben 1110010000
    # (4): one token of twenty values differs.  n = 20, n1 = 9, n0 = 11; Do = 2/20 and
    # De = 2 * 9 * 11 / (20 * 19) = 198/380, so alpha = 1 - 38/198 = 160/198 = 0.808.
    tokens = token_codes(TEN, analysts)
    assert tokens.tolist() == [[1, 1, 1, 0, 1, 1, 0, 0, 0, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]
    token_alpha = krippendorff.alpha(reliability_data=tokens, level_of_measurement="nominal")
    assert token_alpha == pytest.approx(160 / 198) and round(token_alpha, 2) == 0.81

    report = agreement(texts={1: TEN}, analysts=analysts)
    pair = report["pairs"][0]
    # Strict: one identical pair of two spans a side, F1 = 2 * 1 / 4.  Overlap: the
    # other pair overlaps and earns half: 2 * 1.5 / 4.
    assert pair["spans"]["strict"]["micro"]["f1"] == 0.5
    assert pair["spans"]["overlap"]["micro"]["f1"] == 0.75
    # Characters are the units here: 50 of them, ana covers 14 + 10 = 24, ben 14 + 5
    # = 19; "Tomas" (5) differs.  n = 100, n1 = 43, n0 = 57: Do = 10/100, De = 2 * 43
    # * 57 / (100 * 99) = 4902/9900, alpha = 1 - 990/4902 = 3912/4902 = 0.798.
    assert report["units"] == 50
    assert report["alpha"]["per_label"]["ACTOR"] == pytest.approx(3912 / 4902)
    # Kappa: 19 both, 5 ana only, 26 neither.  p_o = 45/50; p_e = (24 * 19 + 26 * 31)
    # / 2500 = 1262/2500; kappa = (2250 - 1262) / (2500 - 1262) = 988/1238 = 0.798.
    assert pair["kappa"]["per_label"]["ACTOR"] == pytest.approx(988 / 1238)
    # One label and no nesting: the label-set coding is the same binary coding.
    assert report["alpha"]["overall"] == report["alpha"]["per_label"]["ACTOR"]
    assert pair["kappa"]["overall"] == pair["kappa"]["per_label"]["ACTOR"]


# -- kappa and alpha by hand -------------------------------------------------------------


def test_kappa_of_a_two_by_two_table_by_hand():
    # Rows: rater A yes/no; columns: rater B yes/no.  p_o = (20 + 15) / 50 = 0.7;
    # A says yes 25 times, B 30: p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5; kappa = 0.2/0.5.
    assert codings.kappa(np.array([[20, 5], [10, 15]])) == pytest.approx(0.4)
    # The same from two codings of fifty units.
    a = np.array([1] * 25 + [0] * 25)
    b = np.array([1] * 20 + [0] * 5 + [1] * 10 + [0] * 15)
    assert codings.pair_kappa(a, b, 2) == pytest.approx(0.4)
    # Perfect agreement, and agreement no better than chance (p_o = p_e = 0.5).
    assert codings.kappa(np.array([[7, 0], [0, 3]])) == 1.0
    assert codings.kappa(np.array([[5, 5], [5, 5]])) == 0.0


def test_kappa_when_both_raters_are_constant():
    # Both always "no": p_e = 1, so (p_o - p_e) / (1 - p_e) is 0/0: undefined, NaN.
    assert math.isnan(codings.kappa(np.array([[0, 0], [0, 40]])))
    assert math.isnan(codings.kappa(np.zeros((2, 2), dtype=int)))  # no units at all
    # Each constant but in different categories: p_o = 0 = p_e, kappa 0, not NaN.
    assert codings.kappa(np.array([[0, 40], [0, 0]])) == 0.0


def test_alpha_of_a_tiny_case_by_hand_and_as_krippendorff_computes_it():
    # Two coders, four units: 0/0, 1/1, 1/0, 1/1.  n = 8, n0 = 3, n1 = 5; one unit
    # disagrees: Do = 2/8, De = 2 * 3 * 5 / (8 * 7) = 30/56; alpha = 1 - 14/30 = 16/30.
    codes = np.array([[0, 1, 1, 1], [0, 1, 0, 1]])
    assert codings.alpha(codes, 2) == pytest.approx(16 / 30)
    expected = krippendorff.alpha(reliability_data=codes, level_of_measurement="nominal")
    assert codings.alpha(codes, 2) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("seed", range(6))
def test_alpha_equals_the_packages_on_the_full_reliability_data(seed: int):
    # codings.alpha gives the package the unanimous units as one row per category;
    # the package's figure on every unit, one column each, must be the same.
    rng = np.random.default_rng(seed)
    analysts, units, categories = 2 + seed % 3, 3_000, 2 + seed
    base = rng.choice(categories, size=units, p=None)
    codes = np.stack([
        np.where(rng.random(units) < 0.1, rng.choice(categories, size=units), base)
        for _ in range(analysts)
    ])  # fmt: skip
    expected = krippendorff.alpha(reliability_data=codes, level_of_measurement="nominal")
    assert codings.alpha(codes, categories) == pytest.approx(expected, abs=1e-12)


def test_alpha_is_undefined_with_a_single_category_or_no_units():
    assert math.isnan(codings.alpha(np.zeros((3, 10), dtype=np.int64), 2))
    assert math.isnan(codings.alpha(np.zeros((2, 0), dtype=np.int64), 2))
    # All units agreed, two categories: no disagreement, alpha 1.
    assert codings.alpha(np.array([[0, 1, 1], [0, 1, 1]]), 2) == 1.0


# -- whole reports --------------------------------------------------------------------------

NEWS = {
    1: 'Councillor Ada Morrow said "the quay will reopen in May." Repairs cost 3.1 million.',
    2: "The quay reopened on 4 May, Ada Morrow said; repairs cost 3.4 million in the end.",
}


def full_work(name: str, first_id: int) -> Analyst:
    one, two = NEWS[1], NEWS[2]
    spans = [
        span(first_id, 1, one, "Councillor Ada Morrow", "ACTOR"),
        span(first_id + 1, 1, one, '"the quay will reopen in May."', "QUOTE"),
        span(first_id + 2, 1, one, "Repairs cost 3.1 million", "CLAIM"),
        span(first_id + 3, 1, one, "3.1 million", "NUMBER"),  # nested in the CLAIM
        span(first_id + 4, 2, two, "Ada Morrow", "ACTOR"),
        span(first_id + 5, 2, two, "repairs cost 3.4 million", "CLAIM"),
        span(first_id + 6, 2, two, "3.4 million", "NUMBER"),
    ]
    relations = [RelationRecord(first_id + 1, first_id, "speaker"),
                 RelationRecord(first_id + 2, first_id + 3, "quantity")]  # fmt: skip
    links = [LinkRecord(first_id + 6, first_id + 3, "updates"),
             LinkRecord(first_id, first_id + 4, "same")]  # fmt: skip
    return Analyst(name, spans, {1, 2}, relations, links)


def test_identical_work_agrees_fully_everywhere():
    analysts = [full_work("ana", 1), full_work("ben", 101), full_work("cy", 201)]
    report = agreement(texts=NEWS, analysts=analysts)
    assert [(p["a"], p["b"]) for p in report["pairs"]] == [
        ("ana", "ben"), ("ana", "cy"), ("ben", "cy")]  # fmt: skip
    labels = ["ACTOR", "CLAIM", "NUMBER", "QUOTE"]
    assert report["labels"] == labels
    figures = [*report["alpha"]["per_label"].values(), report["alpha"]["overall"]]
    for pair in [*report["pairs"]]:
        for scheme in ("strict", "overlap"):
            figures += [pair["spans"][scheme]["micro"]["f1"]]
            figures += [pair["spans"][scheme]["per_label"][label]["f1"] for label in labels]
            figures += [pair["relations"][scheme]["micro"]["f1"]]
            figures += [pair["links"][scheme]["micro"]["f1"]]
        figures += [*pair["kappa"]["per_label"].values(), pair["kappa"]["overall"]]
    mean = report["mean"]
    figures += [mean["kappa"]["overall"], mean["spans"]["strict"]["micro"]]
    figures += [mean[what][scheme] for what in ("relations", "links") for scheme in
                ("strict", "overlap")]  # fmt: skip
    assert len(figures) == 5 + 3 * (2 * 7 + 5) + 6
    assert all(figure == 1.0 for figure in figures), figures
    assert details(texts=NEWS, analysts=analysts) == []


def test_nested_spans_a_number_inside_a_claim():
    text = "Officials said fees rose 12% in March."
    claim, number = at(text, "fees rose 12% in March"), at(text, "12%")
    ana = Analyst("ana", [S(1, 1, *claim, "CLAIM"), S(2, 1, *number, "NUMBER")], {1})
    ben = Analyst("ben", [S(3, 1, *claim, "CLAIM")], {1})
    report = agreement(texts={1: text}, analysts=[ana, ben])
    pair = report["pairs"][0]
    # 32 units; the CLAIM covers 18 (fees rose 12% in March), the NUMBER 3 of them.
    assert report["units"] == 32
    assert pair["kappa"]["per_label"]["CLAIM"] == 1.0
    assert report["alpha"]["per_label"]["CLAIM"] == 1.0
    # NUMBER: ana 3 ones, ben none.  kappa: p_o = 29/32 = p_e (ben is constant), so 0.
    # alpha: n = 64, n1 = 3: Do = 6/64, De = 2 * 3 * 61 / (64 * 63); alpha = -2/61.
    assert pair["kappa"]["per_label"]["NUMBER"] == 0.0
    assert report["alpha"]["per_label"]["NUMBER"] == pytest.approx(-2 / 61)
    # Overall, by label set: none 14/14, CLAIM 15 (ana) / 18 (ben), CLAIM+NUMBER 3/0.
    # kappa = (32 * 29 - (14*14 + 15*18 + 3*0)) / (32^2 - 466) = 462/558.
    assert pair["kappa"]["overall"] == pytest.approx(462 / 558)
    # alpha: n = 64, n_none 28, n_CLAIM 33, n_both 3; Do = 6/64, De = (4096 - 784 -
    # 1089 - 9) / 4032 = 2214/4032; alpha = 1 - 7/41 = 34/41.
    assert report["alpha"]["overall"] == pytest.approx(34 / 41)
    # Spans: the CLAIMs are identical, the NUMBER is ana's alone: F1 = 2 * 1 / 3.
    assert pair["spans"]["strict"]["micro"]["f1"] == pytest.approx(2 / 3)
    assert pair["spans"]["strict"]["per_label"]["NUMBER"] == {
        "a": 1, "b": 0, "agreed": 0, "f1": 0.0}  # fmt: skip
    # Both codings are the definition's, character by character.
    for label in ("CLAIM", "NUMBER", None):
        codes = char_codes({1: text}, [ana, ben], label)
        expected = krippendorff.alpha(reliability_data=codes, level_of_measurement="nominal")
        got = report["alpha"]["per_label"][label] if label else report["alpha"]["overall"]
        assert got == pytest.approx(expected, abs=1e-12)


def test_overlapping_spans_of_one_label_cover_their_union_once():
    text = "The ferry carried 240 cars and 90 vans across the strait."
    ana = Analyst("ana", [S(1, 1, *at(text, "The ferry carried 240 cars"), "CLAIM"),
                          S(2, 1, *at(text, "carried 240 cars and 90 vans"), "CLAIM")],
                  {1})  # fmt: skip
    ben = Analyst("ben", [S(3, 1, *at(text, "The ferry carried 240 cars and 90 vans"), "CLAIM")],
                  {1})  # fmt: skip
    report = agreement(texts={1: text}, analysts=[ana, ben])
    # Same characters covered: full agreement on characters, none on spans strictly.
    assert report["alpha"]["per_label"]["CLAIM"] == 1.0
    assert report["pairs"][0]["kappa"]["overall"] == 1.0
    assert report["pairs"][0]["spans"]["strict"]["micro"]["f1"] == 0.0
    # Overlap: ben's span pairs with the larger overlap (ana's second, 28 characters
    # against 26), half credit: F1 = 2 * 0.5 / 3.
    assert report["pairs"][0]["spans"]["overlap"]["micro"]["f1"] == pytest.approx(1 / 3)


def test_articles_not_done_by_every_analyst_are_left_out():
    ana, ben = full_work("ana", 1), full_work("ben", 101)
    # Ben tagged nothing in article 1 and has not finished it; article 2 is done by both.
    ben = Analyst("ben", [s for s in ben.spans if s.article_id == 2], {2, 3},
                  ben.relations[:0], ben.links[:0])  # fmt: skip
    texts = {**NEWS, 3: "Ferries ran late all week."}
    report = agreement(texts=texts, analysts=[ana, ben])
    assert report["articles"] == {"compared": 1, "excluded": 2}
    assert report["units"] == sum(not c.isspace() for c in NEWS[2])
    pair = report["pairs"][0]
    assert pair["spans"]["strict"]["micro"] == {"a": 3, "b": 3, "agreed": 3, "f1": 1.0}
    # Ana's relations lie in article 1, and her links join it: none compared.
    assert pair["relations"]["strict"]["micro"]["a"] == 0
    assert pair["links"]["strict"]["micro"] == {"a": 0, "b": 0, "agreed": 0, "f1": None}
    assert report["labels"] == ["ACTOR", "CLAIM", "NUMBER"]  # QUOTE only in article 1


def test_relations_strict_and_by_overlap():
    text = NEWS[1]
    ana = full_work("ana", 1)
    # Ben's speaker is "Ada Morrow" (no title): a boundary off, so the speaker relation
    # agrees by overlap only; he made no quantity relation.
    spans = [span(11, 1, text, "Ada Morrow", "ACTOR"),
             span(12, 1, text, '"the quay will reopen in May."', "QUOTE")]  # fmt: skip
    ben = Analyst("ben", spans, {1, 2}, [RelationRecord(12, 11, "speaker")])
    pair = agreement(texts=NEWS, analysts=[ana, ben])["pairs"][0]
    # Strict: ana 2, ben 1, none agree: F1 0.  Overlap: 1 agrees: 2 * 1 / 3.
    assert pair["relations"]["strict"]["micro"] == {"a": 2, "b": 1, "agreed": 0, "f1": 0.0}
    assert pair["relations"]["overlap"]["micro"]["f1"] == pytest.approx(2 / 3)
    assert pair["relations"]["overlap"]["per_type"]["speaker"]["f1"] == 1.0
    assert pair["relations"]["overlap"]["per_type"]["quantity"]["f1"] == 0.0


def test_links_across_articles_and_their_direction():
    ana = full_work("ana", 1)  # updates: 3.4 million -> 3.1 million; same: mayor -> Ada
    ben = full_work("ben", 101)
    # Ben drew both links the other way: "same" says the same either way round, but
    # "updates" reversed says the earlier figure updates the later: a disagreement.
    ben = Analyst(
        "ben",
        ben.spans,
        ben.done,
        ben.relations,
        [LinkRecord(104, 107, "updates"), LinkRecord(105, 101, "same")],
    )
    pair = agreement(texts=NEWS, analysts=[ana, ben])["pairs"][0]
    assert pair["links"]["strict"]["micro"] == {"a": 2, "b": 2, "agreed": 1, "f1": 0.5}
    assert pair["links"]["strict"]["per_type"]["same"]["f1"] == 1.0
    assert pair["links"]["overlap"]["per_type"]["updates"]["f1"] == 0.0
    found = [(d["what"], d["kind"], d["a_item"] and d["a_item"]["type"])
             for d in details(texts=NEWS, analysts=[ana, ben])]  # fmt: skip
    # In order of the articles joined: ben's 1 -> 2, then ana's 2 -> 1.
    assert found == [("link", "extra", None), ("link", "missing", "updates")]


def test_a_link_by_overlap_needs_both_ends_to_overlap():
    ana = full_work("ana", 1)
    ben = full_work("ben", 101)
    # Ben's "same" link starts from a shorter ACTOR span ("Ada Morrow" in article 1).
    extra = span(199, 1, NEWS[1], "Ada Morrow", "ACTOR")
    ben = Analyst(
        "ben",
        [*ben.spans, extra],
        ben.done,
        ben.relations,
        [LinkRecord(107, 104, "updates"), LinkRecord(199, 105, "same")],
    )
    pair = agreement(texts=NEWS, analysts=[ana, ben])["pairs"][0]
    assert pair["links"]["strict"]["micro"]["agreed"] == 1
    assert pair["links"]["overlap"]["micro"]["agreed"] == 2


def test_the_disagreements_behind_the_span_figures():
    text = "Port chief Lia Okon said 70 berths and 12 cranes were idle on Friday."
    ana = Analyst("ana", [
        span(1, 5, text, "Lia Okon", "ACTOR"),  # ben: the same
        span(2, 5, text, "70 berths", "NUMBER"),  # ben: same boundaries, CLAIM
        span(3, 5, text, "12 cranes were idle", "CLAIM"),  # ben: "12 cranes", CLAIM
        span(4, 5, text, "Port chief", "ACTOR"),  # ben: "chief Lia", QUOTE
        span(5, 5, text, "on Friday", "CLAIM"),  # ben: nothing
    ], {5})  # fmt: skip
    ben = Analyst("ben", [
        span(11, 5, text, "Lia Okon", "ACTOR"),
        span(12, 5, text, "70 berths", "CLAIM"),
        span(13, 5, text, "12 cranes", "CLAIM"),
        span(14, 5, text, "Port chief Lia", "QUOTE"),
        span(15, 5, text, "idle", "ACTOR"),  # ana: nothing left to pair it with
    ], {5})  # fmt: skip
    rows = details(texts={5: text}, analysts=[ana, ben])
    seen = [(r["kind"], r["a_item"] and r["a_item"]["text"], r["b_item"] and r["b_item"]["text"])
            for r in rows]  # fmt: skip
    assert seen == [
        ("boundary+label", "Port chief", "Port chief Lia"),
        ("label", "70 berths", "70 berths"),
        ("boundary", "12 cranes were idle", "12 cranes"),
        ("extra", None, "idle"),
        ("missing", "on Friday", None),
    ]
    assert {(r["a"], r["b"], r["article"], r["what"]) for r in rows} == {("ana", "ben", 5, "span")}
    text_lines = format_details(rows).splitlines()
    assert len(text_lines) == 5 and text_lines[3].endswith("| 54-58 ACTOR 'idle'")


def test_the_store_s_own_values_can_be_passed():
    text = "Ada Morrow spoke."
    ana = Analyst("ana", [Span(1, 9, 0, 10, "ACTOR", "Ada Morrow"),
                          Span(2, 9, 11, 16, "CLAIM", "spoke")], {9},
                  [Relation(1, 9, "source", 2, 1)])  # fmt: skip
    ben = Analyst("ben", [Span(3, 9, 0, 10, "ACTOR", "Ada Morrow"),
                          Span(4, 9, 11, 16, "CLAIM", "spoke")], {9},
                  [Relation(2, 9, "source", 4, 3)], [Link(1, 9, 3, 9, 4, "same")])  # fmt: skip
    pair = agreement(texts={9: text}, analysts=[ana, ben])["pairs"][0]
    assert pair["relations"]["strict"]["micro"]["f1"] == 1.0
    assert pair["links"]["strict"]["micro"] == {"a": 0, "b": 1, "agreed": 0, "f1": 0.0}


# -- codings against the definition ------------------------------------------------------

_PIECES = ["Ωμέγα", "harbour", "東京", "e\u0301te\u0301", "🙂", "3\u00a0000", " ", "  ", "\r\n",
           "\u3000", "\t", "naïve", "x"]  # fmt: skip


@pytest.mark.parametrize("labels", [4, 22])
@pytest.mark.parametrize("seed", range(4))
def test_codings_match_the_definition_character_by_character(seed: int, labels: int):
    # 22 labels take the other way of numbering label sets (no table of 2**22).
    rng = random.Random(seed)
    names = [f"L{i:02d}" for i in range(labels)]
    texts = {a: "".join(rng.choice(_PIECES) for _ in range(60)) for a in (3, 1, 2)}
    analysts = []
    for who in range(3):
        spans = []
        for article, text in texts.items():
            for n in range(12):
                start = rng.randrange(len(text) - 1)
                end = rng.randrange(start + 1, min(len(text), start + 25) + 1)
                spans.append(S(who * 1000 + article * 100 + n, article, start, end,
                               names[(article * 12 + n) % (labels - 2 + who)]))  # fmt: skip
        analysts.append(Analyst(f"a{who}", spans, set(texts)))
    report = agreement(texts=texts, analysts=analysts)
    assert (len(report["labels"]) > 20) == (labels > 20)
    assert report["units"] == sum(not c.isspace() for t in texts.values() for c in t)
    for label in [*report["labels"], None]:
        codes = char_codes(texts, analysts, label)
        expected = krippendorff.alpha(reliability_data=codes, level_of_measurement="nominal")
        got = report["alpha"]["per_label"][label] if label else report["alpha"]["overall"]
        assert got == pytest.approx(expected, abs=1e-12)
        for pair, (a, b) in zip(report["pairs"], [(0, 1), (0, 2), (1, 2)], strict=True):
            size = int(codes.max()) + 1
            table = np.zeros((size, size), dtype=int)
            for x, y in zip(codes[a], codes[b], strict=True):
                table[x, y] += 1
            kappa = pair["kappa"]["per_label"][label] if label else pair["kappa"]["overall"]
            expected_kappa = codings.kappa(table)
            if math.isnan(expected_kappa):  # neither of the two used the label
                assert kappa is None
            else:
                assert kappa == pytest.approx(expected_kappa, abs=1e-12)


@pytest.mark.parametrize("seed", range(3))
def test_which_analyst_plays_gold_changes_no_pairwise_figure_but_overlap_per_label(seed: int):
    # F1 = 2 * agreed / (a + b) whichever side is gold; kappa and alpha do not look at
    # the order.  Only a cross-label overlap's per-label row follows side A's label.
    rng = random.Random(seed)
    text = " ".join(rng.choice(["dam", "Verrin", "4,200", "homes", "said", "Ωμέγα"])
                    for _ in range(80))  # fmt: skip
    people = []
    for who in range(2):
        spans = []
        for n in range(25):
            start = rng.randrange(len(text) - 10)
            spans.append(S(who * 100 + n, 1, start, start + rng.randint(1, 30),
                           rng.choice(["CLAIM", "ACTOR", "NUMBER"])))  # fmt: skip
        people.append(Analyst(f"a{who}", spans, {1}))
    forward = agreement(texts={1: text}, analysts=people)
    backward = agreement(texts={1: text}, analysts=people[::-1])
    one, other = forward["pairs"][0], backward["pairs"][0]
    for scheme in ("strict", "overlap"):
        assert one["spans"][scheme]["micro"]["f1"] == pytest.approx(
            other["spans"][scheme]["micro"]["f1"])  # fmt: skip
    for label in forward["labels"]:
        assert one["spans"]["strict"]["per_label"][label]["f1"] == pytest.approx(
            other["spans"]["strict"]["per_label"][label]["f1"])  # fmt: skip
    for kappa_or_alpha in (one["kappa"], other["kappa"], forward["alpha"], backward["alpha"]):
        assert -1 < kappa_or_alpha["overall"] < 1
    assert one["kappa"]["per_label"] == pytest.approx(other["kappa"]["per_label"])
    assert one["kappa"]["overall"] == pytest.approx(other["kappa"]["overall"])
    assert forward["alpha"]["per_label"] == pytest.approx(backward["alpha"]["per_label"])
    assert forward["alpha"]["overall"] == pytest.approx(backward["alpha"]["overall"])


def test_every_white_space_code_point_is_in_the_table():
    beyond = [c for c in range(codings._LAST_SPACE + 1, sys.maxunicode + 1) if chr(c).isspace()]
    assert beyond == []


# -- output ------------------------------------------------------------------------------


def test_undefined_figures_are_none_in_json_and_n_a_in_the_table():
    text = "Flooding closed the road."
    # Both analysts tag every character CLAIM: nothing varies, kappa and alpha undefined.
    analysts = [Analyst(name, [S(n, 1, 0, len(text), "CLAIM")], {1})
                for n, name in enumerate(["ana", "ben"])]  # fmt: skip
    report = agreement(texts={1: text}, analysts=analysts)
    assert report["alpha"]["overall"] is None
    assert report["pairs"][0]["kappa"]["per_label"]["CLAIM"] is None
    assert report["mean"]["kappa"]["overall"] is None
    json.dumps(report, allow_nan=False)  # no NaN: valid JSON
    table = format_table(report)
    alpha_row = next(line for line in table.splitlines() if line.startswith("alpha"))
    assert alpha_row.split()[1:] == ["n/a", "n/a"]
    kappa_row = next(line for line in table.splitlines()
                     if line.startswith("ana-ben") and "kappa" in line)  # fmt: skip
    assert kappa_row.split() == ["ana-ben", "kappa", "n/a", "n/a"]
    assert "span F1 strict" in table and "1.000" in table


def test_the_table_has_a_row_per_pair_and_measure_and_a_column_per_label():
    analysts = [full_work("ana", 1), full_work("ben", 101), full_work("cy", 201)]
    table = format_table(agreement(texts=NEWS, analysts=analysts))
    lines = table.splitlines()
    header = next(line for line in lines if line.startswith("pair"))
    assert header.split() == ["pair", "measure", "ACTOR", "CLAIM", "NUMBER", "QUOTE", "all"]
    for pair in ("ana-ben", "ana-cy", "ben-cy", "mean of pairs"):
        assert sum(line.startswith(pair) for line in lines) == 4  # 3 measures + relations
    assert all(len(line) <= 100 for line in lines)


# -- errors ------------------------------------------------------------------------------


def test_fewer_than_two_analysts_is_a_named_one_line_error():
    with pytest.raises(TooFewAnalysts, match=r"at least two analysts; got 1 \(ana\)$"):
        agreement(texts=NEWS, analysts=[full_work("ana", 1)])
    with pytest.raises(TooFewAnalysts):
        agreement(texts=NEWS, analysts=[])


def test_no_article_done_by_all_is_a_named_one_line_error():
    ana = full_work("ana", 1)
    ben = Analyst("ben", [], {3})
    with pytest.raises(NoSharedArticles) as caught:
        details(texts=NEWS, analysts=[ana, ben])
    message = str(caught.value)
    assert "\n" not in message and isinstance(caught.value, AnnotatorError)
    assert message == "no article was marked done by all of ana, ben (ana: 2 done, ben: 1 done)"


def test_input_that_does_not_fit_is_refused_with_a_reason():
    ana = full_work("ana", 1)
    with pytest.raises(AgreementError, match="article 2 is marked done but its text"):
        agreement(texts={1: NEWS[1]}, analysts=[ana, full_work("ben", 101)])
    bad = Analyst("ben", [S(7, 1, 80, 200, "CLAIM")], {1, 2})
    with pytest.raises(AgreementError, match=r"ben: span 7 \(80-200\) does not fit article 1"):
        agreement(texts=NEWS, analysts=[ana, bad])
    dangling = Analyst("ben", [], {1, 2}, [RelationRecord(1, 2, "speaker")])
    with pytest.raises(AgreementError, match="ben: a relation refers to span 1"):
        agreement(texts=NEWS, analysts=[ana, dangling])
    with pytest.raises(AgreementError, match="'ana' is given twice"):
        agreement(texts=NEWS, analysts=[ana, ana])
