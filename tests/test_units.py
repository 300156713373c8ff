"""Text units for the keyboard (annotator.core.units): next/previous unit and the ladder.

The article is invented and puts CRLF line ends, NBSP, a ZWJ emoji, a flag and an astral
letter before the targets, so every check that ``text[start:end]`` is the expected unit
also checks that offsets are code points.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.units import KINDS, expand, next_unit, prepare, shrink
from tests.strategies import article_text

TEXT = (
    "👩\u200d💻🇵🇹 Kesterby Gazette\r\n"
    "Officials in Vellport said at least 1,200 additional prisoners were moved on May 16. "
    "Deputy Minister Olena Marchenko-Kovalska told reporters: “We counted 6,000 by 6,000 "
    "bodies, and we don't know more.”\r\n"
    '𝔘 Mr. Tavish Orrin of Brell, 66, said the talks from 20 to 30 June were "frank but '
    'slow". The U.S. envoy met Ahmad bin Tareq in Jan. 2024, 3.5 km from the border.\r\n'
    "«Nobody was warned,» said Ivo de Santos-Brae.\u00a0‘The river rose,’ he added. "
    "„Wir bleiben“, said a farmer. ‹Enough›, said another.\r\n"
    "“The first paragraph of a long statement goes here.\r\n"
    "“The second paragraph ends it,” Varnia's envoy said. The soldiers' families waited.\r\n"
)

EXPECTED = {
    "number": [
        "at least 1,200 additional prisoners", "May 16", "6,000 by 6,000 bodies", "66",
        "from 20 to 30 June", "Jan. 2024", "3.5 km",
    ],
    "name": [
        "Kesterby Gazette", "Vellport", "Deputy Minister Olena Marchenko-Kovalska",
        "Mr. Tavish Orrin of Brell", "U.S.", "Ahmad bin Tareq", "Ivo de Santos-Brae", "Varnia",
    ],
    "quotation": [
        "“We counted 6,000 by 6,000 bodies, and we don't know more.”",
        '"frank but slow"',
        "«Nobody was warned,»",
        "‘The river rose,’",
        "„Wir bleiben“",
        "‹Enough›",
        "“The first paragraph of a long statement goes here.\r\n“The second paragraph ends it,”",
    ],
    "sentence": [
        "👩\u200d💻🇵🇹 Kesterby Gazette",
        "Officials in Vellport said at least 1,200 additional prisoners were moved on May 16.",
        "Deputy Minister Olena Marchenko-Kovalska told reporters: “We counted 6,000 by 6,000 "
        "bodies, and we don't know more.”",
        "𝔘 Mr. Tavish Orrin of Brell, 66, said the talks from 20 to 30 June were \"frank but "
        "slow\".",
        "The U.S. envoy met Ahmad bin Tareq in Jan. 2024, 3.5 km from the border.",
        "«Nobody was warned,» said Ivo de Santos-Brae.",
        "‘The river rose,’ he added.",
        "„Wir bleiben“, said a farmer.",
        "‹Enough›, said another.",
        "“The first paragraph of a long statement goes here.",
        "“The second paragraph ends it,” Varnia's envoy said.",
        "The soldiers' families waited.",
    ],
}  # fmt: skip


def _walk(text: str, kind: str, *, forward: bool) -> list[str]:
    """Press the key until nothing is left, passing the selection's end (or start) on."""
    found: list[str] = []
    offset = 0 if forward else len(text)
    while (unit := next_unit(text, offset, kind, forward=forward)) is not None:
        start, end = unit
        found.append(text[start:end])
        offset = end if forward else start
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_forward_walks_every_unit_in_order(kind):
    assert _walk(TEXT, kind, forward=True) == EXPECTED[kind]


@pytest.mark.parametrize("kind", KINDS)
def test_backward_walks_the_same_units_in_reverse(kind):
    assert _walk(TEXT, kind, forward=False) == EXPECTED[kind][::-1]


def test_offsets_are_code_points_after_astral_characters_crlf_and_nbsp():
    # 𝔘 (astral), the emoji and the flag (astral), and two CRLFs come before "66".
    caret = TEXT.index("𝔘")
    start, end = next_unit(TEXT, caret, "number", forward=True)
    assert TEXT[start:end] == "66"
    assert (start, end) == (TEXT.index(", 66,") + 2, TEXT.index(", 66,") + 4)
    # after the NBSP
    start, end = next_unit(TEXT, TEXT.index("\u00a0"), "quotation", forward=True)
    assert TEXT[start:end] == "‘The river rose,’"
    assert TEXT[start - 1] == "\u00a0"


def test_a_caret_inside_a_unit_selects_that_unit_both_ways():
    caret = TEXT.index("Marchenko")
    for forward in (True, False):
        start, end = next_unit(TEXT, caret, "name", forward=forward)
        assert TEXT[start:end] == "Deputy Minister Olena Marchenko-Kovalska"


def test_nothing_past_either_end():
    assert next_unit(TEXT, len(TEXT), "number", forward=True) is None
    assert next_unit(TEXT, 0, "sentence", forward=False) is None
    assert next_unit("", 0, "name", forward=True) is None


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown unit kind 'paragraph'"):
        next_unit(TEXT, 0, "paragraph", forward=True)


def test_names_leave_out_sentence_initial_common_words():
    text = (
        "The council met. In Vellport the mayor spoke. Nobody came. Marchenko said no.\n"
        "Later, Olena Marchenko and Sheikh Ahmad bin Tareq met Jan van der Berg. "
        "The Hague court adjourned on Monday."
    )
    assert _walk(text, "name", forward=True) == [
        "Vellport", "Marchenko", "Olena Marchenko", "Sheikh Ahmad bin Tareq",
        "Jan van der Berg", "Hague",
    ]  # fmt: skip


def test_names_in_bylines_possessive_plurals_and_decomposed_accents():
    # a byline field after "|" starts like a sentence ("By" is no part of the name); "of the"
    # separates a person from an organisation; "Growers' Guild" is one name; "Ine\u0301s"
    # is "Inés" in decomposed form, whose accent must not cut the name.
    text = (
        "The Brackwater Herald | 4 May | By Tamsin Oakhurst\n"
        "Afterwards Councillor Rhun Pettigrew of the Brackwater Growers' Guild spoke.\n"
        "Ine\u0301s Valcourt disagreed."
    )
    assert _walk(text, "name", forward=True) == [
        "Brackwater Herald", "Tamsin Oakhurst", "Councillor Rhun Pettigrew",
        "Brackwater Growers' Guild", "Ine\u0301s Valcourt",
    ]  # fmt: skip


def test_the_number_key_stops_at_clock_times_too():
    # The grammar leaves clock times out; the key still reaches them, with "a.m." whole,
    # and never a ratio, a score or a part of a longer time.
    text = (
        "The ferry left at 2:15 a.m. and 40 minutes later, at 3 a.m.; "
        "the 18:40 bus was cancelled. The score was 3:2 at 12:30:45 precisely."
    )
    assert _walk(text, "number", forward=True) == [
        "2:15 a.m.", "40 minutes", "3 a.m.", "18:40",
    ]  # fmt: skip


def test_sentences_do_not_end_after_abbreviations_initials_or_decimals():
    text = (
        "Dr. Orrin met Mr. Hale on Jan. 5 in the U.S. capital. Output fell 3.5 percent. "
        'John F. Keller disagreed! Was it fair? "No," he said.'
    )
    assert _walk(text, "sentence", forward=True) == [
        "Dr. Orrin met Mr. Hale on Jan. 5 in the U.S. capital.",
        "Output fell 3.5 percent.",
        "John F. Keller disagreed!",
        "Was it fair?",
        '"No," he said.',
    ]


def test_straight_quotes_take_their_direction_from_the_neighbours():
    text = "He said \"go now\" and 'wait' but the players' club isn't \"open.\" Fine."
    assert _walk(text, "quotation", forward=True) == ['"go now"', "'wait'", '"open."']


def test_a_stray_mark_does_not_swallow_the_next_paragraphs():
    text = "He said “it was over.\nThe next day “all was calm” in Brell.\n"
    assert _walk(text, "quotation", forward=True) == ["“all was calm”"]


def test_nested_quotations_walk_outer_and_expand_reaches_inner():
    text = "She wrote: “They told us ‘stay home’ for weeks.” Then she left."
    assert _walk(text, "quotation", forward=True) == ["“They told us ‘stay home’ for weeks.”"]
    caret = text.index("home")
    steps = []
    selection = (caret, caret)
    for _ in range(5):
        selection = expand(text, *selection)
        steps.append(text[selection[0] : selection[1]])
    assert steps == [
        "home",
        "‘stay home’",
        "They told us ‘stay home’ for weeks.",
        "“They told us ‘stay home’ for weeks.”",
        "She wrote: “They told us ‘stay home’ for weeks.”",
    ]


def _ladder(text: str, caret: int, presses: int) -> list[tuple[int, int]]:
    selection = (caret, caret)
    steps = []
    for _ in range(presses):
        selection = expand(text, *selection)
        steps.append(selection)
    return steps


def test_expand_climbs_word_number_clause_quotation_sentence_paragraph_text():
    caret = TEXT.index("6,000") + 2
    steps = _ladder(TEXT, caret, 8)
    line = "Officials in Vellport said at least 1,200 additional prisoners were moved on May 16. "
    assert [TEXT[a:b] for a, b in steps] == [
        "6,000",
        "6,000 by 6,000 bodies",
        "We counted 6,000 by 6,000 bodies",
        "“We counted 6,000 by 6,000 bodies, and we don't know more.”",
        EXPECTED["sentence"][2],
        line + EXPECTED["sentence"][2],
        TEXT,
        TEXT,  # the top: nothing larger
    ]


def test_shrink_walks_the_same_ladder_back_down():
    caret = TEXT.index("6,000") + 2
    steps = _ladder(TEXT, caret, 7)
    selection = steps[-1]
    back = []
    for _ in range(7):
        selection = shrink(TEXT, *selection)
        back.append(selection)
    assert back == [*steps[-2::-1], (caret, caret)]


def test_at_the_top_expand_changes_nothing_and_the_next_shrink_undoes_only_that():
    text = "Kesterby votes today. Turnout is low."
    assert expand(text, 0, len(text)) == (0, len(text))
    assert shrink(text, 0, len(text)) == (0, len(text))  # undoes the press that did nothing
    assert shrink(text, 0, len(text)) == (0, len("Kesterby votes today."))


def test_expand_from_a_name_goes_name_then_clause():
    caret = TEXT.index("Olena") + 1
    steps = [TEXT[a:b] for a, b in _ladder(TEXT, caret, 3)]
    assert steps == [
        "Olena",
        "Deputy Minister Olena Marchenko-Kovalska",
        "Deputy Minister Olena Marchenko-Kovalska told reporters",
    ]


def test_reports_walk_what_each_sentence_reports():
    # A CLAIM is mostly what follows "said", "told X that", "and that": quotation marks
    # inside it included, ending at a comma, "and that", "once" or the sentence's end (its
    # full stop left out).  A sentence that reports nothing has none.
    text = (
        "Two pilots told the Brell Echo that the second runway had been closed for "
        '"at least nine days" and that a survey was cancelled to save money. '
        "The harbour stayed open. "
        "The port authority said 88 mm of rain had fallen overnight, twice the average. "
        'Mayor Ilse Varga said the bill was "likely to double" once repairs begin. '
        "The quay is safe, said Harbour Master Oona Brandt. “It held,” said her deputy. "
        "Oona Brandt, who runs the port, said the quay had held through the storm."
    )
    reports = [
        'the second runway had been closed for "at least nine days"',
        "a survey was cancelled to save money",
        "88 mm of rain had fallen overnight",
        'the bill was "likely to double"',
        "the quay had held through the storm",
    ]
    assert _walk(text, "report", forward=True) == reports
    assert _walk(text, "report", forward=False) == reports[::-1]


def test_shrink_of_a_selection_made_by_hand_keeps_its_start():
    sentence = "The U.S. envoy met Ahmad bin Tareq in Jan. 2024, 3.5 km from the border."
    start = TEXT.index(sentence)
    a, b = shrink(TEXT, start, start + len(sentence))
    assert TEXT[a:b] == "The U.S. envoy met Ahmad bin Tareq in Jan. 2024"
    a, b = shrink(TEXT, start, start + 6)  # "The U." by hand: down to the word at the start
    assert TEXT[a:b] == "The"
    assert shrink(TEXT, start, start + 3) == (start, start + 3)  # a word stays a word


def test_expand_works_on_a_copy_of_the_text_too():
    # The cache is keyed on the text object; an equal copy gets the same answers.
    copy = "".join(list(TEXT))
    assert copy is not TEXT
    caret = TEXT.index("Brell")
    assert expand(copy, caret, caret) == expand(TEXT, caret, caret)


@settings(max_examples=150, deadline=None)
@given(text=article_text, data=st.data())
def test_expand_contains_the_selection_and_shrink_returns_to_it(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    grown = expand(text, start, end)
    assert 0 <= grown[0] <= start <= end <= grown[1] <= len(text)
    back = shrink(text, *grown)
    assert back[0] <= start <= end <= back[1]
    smaller = shrink(text, start, end)
    assert start <= smaller[0] <= smaller[1] <= end


@settings(max_examples=150, deadline=None)
@given(text=article_text, data=st.data())
def test_next_unit_answers_lie_in_the_text_on_the_right_side(text, data):
    offset = data.draw(st.integers(0, len(text)))
    kind = data.draw(st.sampled_from(KINDS))
    forward = data.draw(st.booleans())
    unit = next_unit(text, offset, kind, forward=forward)
    if unit is not None:
        start, end = unit
        assert 0 <= start < end <= len(text)
        assert end > offset if forward else start < offset


@settings(max_examples=100, deadline=None)
@given(text=article_text, kind=st.sampled_from(KINDS))
def test_walking_back_meets_the_same_units_as_walking_forward(text, kind):
    forward = _walk(text, kind, forward=True)
    assert _walk(text, kind, forward=False) == forward[::-1]


def _big_article(size: int) -> str:
    parts: list[str] = []
    total = 0
    while total < size:
        parts.append(TEXT)
        total += len(TEXT)
    return "".join(parts)[:size]


def test_key_presses_on_a_one_megabyte_article_take_under_five_milliseconds():
    text = _big_article(1_000_000)
    started = time.perf_counter()
    prepare(text)  # the one scan per kind, off the key path
    scan = time.perf_counter() - started
    assert scan < 10, f"prepare took {scan:.2f} s"
    presses = 0
    started = time.perf_counter()
    for i in range(200):
        caret = (i * 4999) % len(text)
        for kind in KINDS:
            next_unit(text, caret, kind, forward=bool(i % 2))
            presses += 1
        expand(text, caret, caret)
        shrink(text, caret, caret + 40)
        presses += 2
    per_press = (time.perf_counter() - started) / presses
    assert per_press < 0.005, f"{per_press * 1000:.2f} ms per press"
