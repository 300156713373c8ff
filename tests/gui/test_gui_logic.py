"""The window's Qt-free parts: snapping, the span index, colours."""

from __future__ import annotations

import random

import pytest

from annotator.core.store import SPARE_COLOURS
from annotator.gui.colours import blend, contrast, parse_hex, span_colours
from annotator.gui.snapping import snap, trim, word_at
from annotator.gui.spanindex import SpanIndex

TEXT = "The town's mayor said 6,000 homes, at 2:15 a.m.,   were flooded."


def piece(text: str, rng: tuple[int, int] | None) -> str | None:
    return None if rng is None else text[rng[0] : rng[1]]


@pytest.mark.parametrize(
    ("selected", "expected"),
    [
        ("mayor", "mayor"),
        (" mayor ", "mayor"),
        ("ayo", "mayor"),
        ("town'", "town's"),
        ("6,0", "6,000"),
        ("000 hom", "6,000 homes"),
        ("2:1", "2:15"),
        ("homes,", "homes,"),  # a trailing comma is not inside a word: kept as selected
        ("   ", ""),
    ],
)
def test_snap_trims_and_grows_to_whole_words(selected, expected):
    start = TEXT.index(selected)
    got = snap(TEXT, start, start + len(selected))
    assert TEXT[got[0] : got[1]] == expected


def test_snap_keeps_accents_and_emoji_sequences_whole():
    text = "un cafe\u0301 👩\u200d👩\u200d👧 ok"
    e = text.index("e\u0301")
    assert piece(text, snap(text, e, e + 1)) == "cafe\u0301"
    family = text.index("👩")
    assert piece(text, snap(text, family + 1, family + 2)) == "👩\u200d👩\u200d👧"


def test_trim_handles_every_kind_of_blank():
    text = "\u00a0\t\r\n\u2028\u200bword\u200b\u2029 "
    assert piece(text, trim(text, 0, len(text))) == "word"


@pytest.mark.parametrize(
    ("caret_in", "offset", "expected"),
    [("mayor", 2, "mayor"), ("mayor", 0, "mayor"), ("mayor", 5, "mayor"), ("6,000", 3, "6,000")],
)
def test_word_at_caret(caret_in, offset, expected):
    assert piece(TEXT, word_at(TEXT, TEXT.index(caret_in) + offset)) == expected


def test_no_word_at_caret_between_blanks():
    assert word_at("a  -  b", 3) is None
    assert word_at("", 0) is None


def test_index_lanes_never_share_between_overlapping_spans():
    rng = random.Random(7)
    items = []
    for key in range(2000):
        start = rng.randrange(0, 5000)
        items.append((start, start + rng.randrange(1, 300), key))
    index = SpanIndex(sorted((s, -e, "L", k) for s, e, k in items))
    placed = [index.get(key) for key in range(2000)]
    for a in placed[:300]:
        for b in placed:
            if a.key != b.key and a.start < b.end and b.start < a.end:
                assert a.lane != b.lane
    # greedy in text order is optimal: lanes == deepest overlap
    depth = max(sum(1 for s, e, _ in items if s <= p < e) for p in range(0, 5300, 7))
    assert index.lane_count <= depth + 1


def test_index_queries_match_brute_force_after_adds_and_removes():
    rng = random.Random(3)
    items = {}
    for key in range(500):
        start = rng.randrange(0, 3000)
        items[key] = (start, start + rng.randrange(1, 700))
    index = SpanIndex(sorted((s, -e, "L", k) for k, (s, e) in items.items()))
    for _ in range(50):  # queries on a half-built index sweep just far enough
        a = rng.randrange(0, 1500)
        expected = sorted(k for k, (s, e) in items.items() if s < a + 100 and e > a)
        assert sorted(p.key for p in index.overlapping(a, a + 100)) == expected
    assert not index.complete
    while not index.build_some(100):
        pass
    for key in range(500, 600):
        start = rng.randrange(0, 3000)
        items[key] = (start, start + rng.randrange(1, 50))
        placed = index.add(*items[key], key)
        for other in index.overlapping(placed.start, placed.end):
            assert other.key == key or other.lane != placed.lane
    for key in range(0, 600, 3):
        index.remove(key)
        del items[key]
    for _ in range(200):
        a = rng.randrange(0, 3700)
        b = a + rng.randrange(1, 400)
        expected = sorted(k for k, (s, e) in items.items() if s < b and e > a)
        assert sorted(p.key for p in index.overlapping(a, b)) == expected


LIGHT = {"base": (255, 255, 255), "text": (0, 0, 0)}
DARK = {"base": (30, 30, 30), "text": (230, 230, 230)}
DEFAULTS = ("#56B4E9", "#E69F00", "#009E73", "#CC79A7")


@pytest.mark.parametrize("page", [LIGHT, DARK], ids=["light", "dark"])
@pytest.mark.parametrize("colour", DEFAULTS + SPARE_COLOURS + ("#000000", "#FFFFFF", "#FFFF00"))
def test_label_colours_stay_readable(page, colour):
    colours = span_colours(colour, base=page["base"], text=page["text"])
    shown = blend(colours.tint, blend(colours.tint, page["base"], colours.tint_alpha),
                  colours.tint_alpha)  # fmt: skip
    assert contrast(page["text"], shown) >= 4.5  # two stacked tints, text still readable
    assert contrast(colours.bar, page["base"]) >= 3.0  # the bar stands out from the page
    if colour in DEFAULTS:
        assert colours.tint_alpha >= 0.2  # and the tint is still clearly there


def test_default_bars_keep_their_hue_on_light_pages():
    for colour in DEFAULTS:
        bar = span_colours(colour, **LIGHT).bar
        assert max(abs(a - b) for a, b in zip(bar, parse_hex(colour), strict=True)) < 160
