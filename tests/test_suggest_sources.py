"""The suggestion sources for numbers, quotations and claims, and how ``suggest`` merges
them.  Every sentence is invented (people, places, events and figures).
"""

from __future__ import annotations

import time
from itertools import pairwise

import pytest

from annotator.core.attributes import prefill_number
from annotator.core.suggest import SOURCE_NAMES, Proposal, merge_proposals, suggest
from annotator.core.suggest.errors import SuggestError
from annotator.core.suggest.quotes import find_quotations
from annotator.core.units import next_unit


def texts(proposals: list[Proposal], label: str | None = None) -> list[str]:
    return [p.text for p in proposals if label is None or p.label == label]


def check_offsets(text: str, proposals: list[Proposal]) -> None:
    for p in proposals:
        assert text[p.start : p.end] == p.text
        assert p.score is None or 0.0 <= p.score <= 1.0


# --- numbers -----------------------------------------------------------------------------


def test_numbers_with_dates_ranges_and_qualifiers() -> None:
    text = (
        "At least 1,200 additional prisoners were moved between 20 and 30 trucks on May 16. "
        "Talks were held on June 9, 10, 12 and again in March 2023, before the end of June. "
        "The strike lasted two and a half hours at 2:15 a.m. in Velkovar."
    )
    found = suggest(text, sources=["numbers"])
    check_offsets(text, found)
    got = texts(found)
    for expected in ("At least 1,200 additional prisoners", "between 20 and 30 trucks",
                     "May 16", "June 9, 10, 12", "March 2023", "end of June",
                     "two and a half hours", "2:15 a.m."):  # fmt: skip
        assert expected in got, (expected, got)
    assert {p.label for p in found} == {"NUMBER"}
    assert {p.source for p in found} == {"numbers"}


def test_number_attributes_are_what_tagging_the_span_prefills() -> None:
    text = "Officials counted at least 1,200 additional prisoners and up to 300 trucks."
    found = suggest(text, sources=["numbers"])
    assert found, "no number found"
    for p in found:
        assert p.attributes == prefill_number(p.text)
    first = found[0]
    assert first.attributes == {
        "value": 1200, "low": 1200, "unit": "additional prisoners", "qualifier": "at least",
    }  # fmt: skip


def test_number_attributes_keep_what_the_sentence_says() -> None:
    # The span's text alone ("2023") would read as a count; in its sentence it is a date.
    text = "The Orlen bridge was finished in 2023 by 40 workers."
    year, workers = suggest(text, sources=["numbers"])
    assert (year.text, year.attributes) == ("2023", {"qualifier": "exact"})
    assert prefill_number(year.text) == {"value": 2023, "qualifier": "exact"}
    assert workers.attributes == {"value": 40, "unit": "workers", "qualifier": "exact"}


def test_a_clock_time_inside_a_number_expression_is_not_proposed_twice() -> None:
    text = "Crews worked from 2:30 a.m. to 6 a.m. and again at 9:15."
    found = suggest(text, sources=["numbers"])
    check_offsets(text, found)
    spans = [(p.start, p.end) for p in found]
    for a, b in pairwise(spans):
        assert a[1] <= b[0], f"overlapping numbers {found}"


# --- quotes ------------------------------------------------------------------------------

QUOTE_STYLES = [
    ('He said "the bridge will hold for now" and left.', '"the bridge will hold for now"'),
    ("He said “the bridge will hold for now” and left.", "“the bridge will hold for now”"),
    ("He said ‘the bridge will hold for now’ and left.", "‘the bridge will hold for now’"),
    ("Il a dit «le pont tiendra encore» hier.", "«le pont tiendra encore»"),
    ("Er sagte „die Brücke hält noch“ gestern.", "„die Brücke hält noch“"),
    ("Er sagte „die Brücke hält noch” gestern.", "„die Brücke hält noch”"),
    ("Il a dit ‹le pont tiendra encore› hier.", "‹le pont tiendra encore›"),
    ("He said 'the bridge will hold for now' and left.", "'the bridge will hold for now'"),
]


@pytest.mark.parametrize(("text", "quote"), QUOTE_STYLES)
def test_every_quotation_style_with_its_marks(text: str, quote: str) -> None:
    found = suggest(text, sources=["quotes"])
    check_offsets(text, found)
    assert texts(found) == [quote]
    assert found[0].attributes == {"form": "direct"}


@pytest.mark.parametrize(("text", "_quote"), QUOTE_STYLES)
def test_a_quote_suggestion_is_what_the_quote_key_selects(text: str, _quote: str) -> None:
    (p,) = suggest(text, sources=["quotes"])
    assert next_unit(text, 0, "quotation", forward=True) == (p.start, p.end)


def test_apostrophes_are_not_quotation_marks() -> None:
    text = (
        "Varnia's mayor, who grew up in the '90s and the ’80s, said the soldiers' pay "
        "isn't late and that Orlen's 'new plan for the harbour' will follow."
    )
    found = suggest(text, sources=["quotes"])
    check_offsets(text, found)
    assert texts(found) == ["'new plan for the harbour'"]


def test_scare_quotes_of_one_or_two_words_are_skipped() -> None:
    text = 'The "experts" and the "so-called reforms" were "not what anyone had promised".'
    assert texts(suggest(text, sources=["quotes"])) == ['"not what anyone had promised"']


def test_english_multi_paragraph_quotation_reopens_each_paragraph() -> None:
    text = (
        'Mayor Ilse Brandow said: "The water came at night. We had no warning.\n\n'
        '"By morning the lower town was gone. We will rebuild it."\n\n'
        "The council met again on Friday."
    )
    found = suggest(text, sources=["quotes"])
    check_offsets(text, found)
    start = text.index('"The water')
    end = text.index("rebuild it.") + len('rebuild it."')
    assert [(p.start, p.end) for p in found] == [(start, end)]


@pytest.mark.parametrize("gap", ["\n", "\n\n", "\r\n  \r\n", "\u2029"])
def test_a_quotation_closing_in_the_next_paragraph_without_reopening(gap: str) -> None:
    text = (
        f"The statement read: “We regret the delay at the Orlen crossing.{gap}"
        "Repairs will take three more weeks.” Nobody else spoke."
    )
    found = suggest(text, sources=["quotes"])
    assert texts(found) == [text[text.index("“") : text.index("”") + 1]]


def test_a_stray_mark_never_swallows_the_article() -> None:
    text = (
        'A stray "mark opens here and never closes.\n\n'
        "The second paragraph goes on.\n\n"
        'The third has a "real quotation of five words" in it.'
    )
    found = suggest(text, sources=["quotes"])
    assert texts(found) == ['"real quotation of five words"']


def test_a_quotation_inside_another_is_part_of_the_outer_one() -> None:
    text = "She said “the sign read ‘closed until further notice’ all week” to us."
    assert texts(suggest(text, sources=["quotes"])) == [
        "“the sign read ‘closed until further notice’ all week”"
    ]


def test_a_cited_title_in_brackets_is_not_a_quotation() -> None:
    text = 'An article ("Flood gates blamed for the damage") named the wrong official.'
    assert suggest(text, sources=["quotes"]) == []


def test_longer_quotations_score_higher() -> None:
    text = '"One two three" and "one two three four five six seven eight nine ten".'
    short, long = suggest(text, sources=["quotes"])
    assert short.score is not None and long.score is not None
    assert 0 < short.score < long.score <= 1


def test_find_quotations_returns_outermost_ranges() -> None:
    text = "“a ‘b c d’ e” f"
    assert find_quotations(text) == [(0, len("“a ‘b c d’ e”"))]


# --- claims ------------------------------------------------------------------------------


def test_claims_after_reporting_verbs_are_the_reported_clause() -> None:
    text = (
        "The Orlen Harbour Board said 40 ferries had been cancelled since Monday, "
        "a record for the port. Officials confirmed that the eastern pier was closed. "
        "The minister announced that a new bridge would open in 2031."
    )
    found = suggest(text, sources=["claims"])
    check_offsets(text, found)
    assert texts(found) == [
        "40 ferries had been cancelled since Monday",
        "the eastern pier was closed",
        "a new bridge would open in 2031",
    ]
    assert {p.label for p in found} == {"CLAIM"}


def test_a_claim_is_what_the_report_key_selects() -> None:
    text = "The Orlen Harbour Board said 40 ferries had been cancelled since Monday."
    (claim,) = suggest(text, sources=["claims"])
    assert next_unit(text, 0, "report", forward=True) == (claim.start, claim.end)


def test_according_to_gives_the_sentence_without_the_attribution() -> None:
    text = (
        "About 900 homes lost power overnight, according to the Velkovar grid operator. "
        "According to the union, the night shift had been cut by half."
    )
    assert texts(suggest(text, sources=["claims"])) == [
        "About 900 homes lost power overnight",
        "the night shift had been cut by half.",
    ]


def test_no_claim_for_a_quotation_or_a_speaker_after_it() -> None:
    text = (
        '"The bridge is safe for cars," said Inspector Halvard Quist. '
        'She said: "We will reopen the road tomorrow."\n'
        '"Nobody was hurt in the collapse."'
    )
    assert suggest(text, sources=["claims"]) == []


def test_reporting_words_used_as_nouns_are_not_claims() -> None:
    text = (
        "The estimated 700 people who left the valley have not returned. "
        "The board's estimate of the damage rose on Friday. "
        "A dog found on the roof of the depot was rescued. "
        "The agency reported 6,000."
    )
    assert suggest(text, sources=["claims"]) == []


# --- suggest and merging -----------------------------------------------------------------


def test_suggest_runs_several_sources_sorted_without_duplicates() -> None:
    text = 'The Velkovar Council said "at least 40 boats were lost at sea" on Monday.'
    found = suggest(text, sources=SOURCE_NAMES[:3])
    check_offsets(text, found)
    keys = [(p.start, -p.end, p.label) for p in found]
    assert keys == sorted(keys)
    assert len(set(keys)) == len(keys)
    assert {"NUMBER", "QUOTE"} <= {p.label for p in found}


def test_merge_keeps_the_higher_score_and_fills_attributes() -> None:
    low = Proposal(0, 5, "ACTOR", "Velka", "actors", 0.8, {"entity": "E1"})
    high = Proposal(0, 5, "ACTOR", "Velka", "patterns", 1.0, {})
    other = Proposal(0, 5, "NUMBER", "Velka", "numbers", None, {})
    merged = merge_proposals([low, other, high])
    assert merged == [high._replace(attributes={"entity": "E1"}), other]


def test_labels_filter_and_unknown_source() -> None:
    text = 'The board said "forty boats were lost at sea" on 3 May.'
    found = suggest(text, sources=["numbers", "quotes"], labels=["QUOTE"])
    assert {p.label for p in found} == {"QUOTE"}
    with pytest.raises(SuggestError, match="unknown suggestion source 'people'"):
        suggest(text, sources=["people"])
    with pytest.raises(SuggestError, match="needs a patterns file"):
        suggest(text, sources=["patterns"])


def test_small_spelled_out_counts_are_left_out_but_durations_stay() -> None:
    text = (
        "Three gates and two ferries failed; the repair took two days and 40 engineers, "
        "nearly a dozen boats and fifteen trucks."
    )
    got = texts(suggest(text, sources=["numbers"]))
    assert "two days" in got and "40 engineers" in got and "fifteen trucks" in got
    assert not {"Three gates", "two ferries"} & set(got)


def test_no_number_in_a_dateline() -> None:
    text = (
        "Orlen ferry back after 6 days\n\n"
        "The Orlen Post | ORLEN, 14 April, 9:30 a.m. | By Ilse Brandow\n\n"
        "On 14 April at 9:30 a.m. the ferry carried 96 passengers."
    )
    got = [(p.text, p.start > text.index("On 14")) for p in suggest(text, sources=["numbers"])]
    assert got == [("6 days", False), ("14 April", True), ("9:30 a.m.", True),
                   ("96 passengers", True)]  # fmt: skip


# --- names -------------------------------------------------------------------------------


def test_names_in_the_text_become_actor_proposals() -> None:
    text = (
        "Harbourmaster Oskar Veil met Deputy Mayor Ilse Brandow-Kray of the Orlen Port "
        "Authority on Quay Street. The Orlen Coast Fire and Rescue Service and the Chief "
        "Reporter waited in Velkovar."
    )
    found = suggest(text, sources=["names"])
    check_offsets(text, found)
    assert [(p.text, p.score) for p in found] == [
        ("Harbourmaster Oskar Veil", 0.4),
        ("Deputy Mayor Ilse Brandow-Kray", 0.5),
        ("Orlen Port Authority", 0.5),
        ("Orlen Coast Fire and Rescue Service", 0.5),
    ]
    assert {p.label for p in found} == {"ACTOR"}


def test_a_name_suggestion_is_what_the_name_key_selects() -> None:
    text = "Yesterday Deputy Mayor Ilse Brandow-Kray spoke."
    (p,) = suggest(text, sources=["names"])
    assert next_unit(text, 0, "name", forward=True) == (p.start, p.end)


def test_a_long_paragraph_costs_linear_time() -> None:
    # One paragraph of 150,000 characters: finding the datelines by one expression for
    # "a line with a bar" backtracked over the line from every offset (minutes here).
    text = " ".join(["The Orlen board said 40 boats sank near the pier on 3 May."] * 2500)
    began = time.process_time()
    found = suggest(text, sources=["numbers", "claims"])
    elapsed = time.process_time() - began
    assert len(found) == 2500 * 3
    assert elapsed < 5, elapsed
