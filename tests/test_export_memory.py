"""Every export streams per article: its peak memory is a small multiple of the largest
article and does not grow with the number of articles (issue 10, item 6).

spaCy's DocBin is left out: it holds every document's token arrays until it writes
its one file, by design of the format (see the README's Performance section).
"""

from __future__ import annotations

import random
import sys
import tracemalloc
from pathlib import Path

import pytest

from annotator.core.export import FORMATS, export_corpus
from annotator.core.store import NewSpan, Store

STREAMING = [name for name in FORMATS if name != "spacy"]
WORDS = (
    "Verrin", "harbour", "council", "said", "4,200", "homes", "lost", "power", "Ωμέγα",
    "东京", "e\u0301te\u0301", "🙂", "“quoted”", "(estimated)", "dam.", "reopened",
)  # fmt: skip
# Peak traced memory at most this many times the article's Python string: the string
# itself, one encoded or escaped copy of it, and a little more (token lists, one dict
# per token, made it 30-50 times).
K = 5


def invented_article(chars: int, seed: int) -> tuple[str, list[NewSpan]]:
    rng = random.Random(seed)
    pieces, size = [f"Report {seed}.\n"], 0
    while size < chars:
        piece = rng.choice(WORDS) + rng.choice((" ", " ", " ", ". ", "\n\n"))
        pieces.append(piece)
        size += len(piece)
    text = "".join(pieces)
    spans = []
    for position in range(0, len(text) - 100, 500):
        start = text.index(" ", position) + 1
        end = text.index(" ", start + rng.randint(1, 40))
        spans.append(NewSpan(start, end, rng.choice(("CLAIM", "NUMBER", "ACTOR", "QUOTE"))))
    return text, spans


def corpus(path: Path, *, articles: int, chars: int) -> tuple[Store, int]:
    """A corpus of ``articles`` invented articles; returns it and the largest text's size."""
    store = Store.open(path)
    largest = 0
    for seed in range(articles):
        text, spans = invented_article(chars, seed)
        store.add_article(title=f"Report {seed}", text=text, spans=spans)
        largest = max(largest, sys.getsizeof(text))
    return store, largest


def peak_of_export(store: Store, target: Path, fmt: str) -> int:
    tracemalloc.start()
    try:
        export_corpus(store, target, format=fmt)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("fmt", STREAMING)
def test_one_large_article_exports_in_a_small_multiple_of_its_size(tmp_path: Path, fmt: str):
    store, size = corpus(tmp_path / "one.sqlite3", articles=1, chars=400_000)
    try:
        peak = peak_of_export(store, tmp_path / f"out{FORMATS[fmt].suffix}", fmt)
    finally:
        store.close()
    assert peak < K * size, f"{fmt}: peak {peak / 1e6:.1f} MB for a {size / 1e6:.1f} MB text"


@pytest.mark.parametrize("fmt", STREAMING)
def test_more_articles_peak_no_higher(tmp_path: Path, fmt: str):
    # Two articles, not one: a writer's loop still holds one article while the store
    # reads the next.  Five must cost no more than that.
    peaks = []
    for articles in (2, 5):
        store, _ = corpus(tmp_path / f"{articles}.sqlite3", articles=articles, chars=150_000)
        try:
            target = tmp_path / f"out{articles}{FORMATS[fmt].suffix}"
            peaks.append(peak_of_export(store, target, fmt))
        finally:
            store.close()
    two, five = peaks
    # a little slack for the notes and counts that grow with the export
    assert five < 1.1 * two, f"{fmt}: {five / 1e6:.1f} MB for 5 vs {two / 1e6:.1f} MB for 2"
