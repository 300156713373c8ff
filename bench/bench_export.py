"""Time every export format on a large invented corpus, beside the floor of reading it.

    python bench/bench_export.py [ARTICLES]

The floor is one pass of ``Store.iter_articles`` over the same corpus (what
any export must at least do); each format is printed with its time and its
multiple of that floor.  Nothing here is a test: it prints figures.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from annotator.core.export import FORMATS, export_corpus
from annotator.core.store import NewSpan, Store

WORDS = (
    "mayor", "council", "said", "homes", "flooded", "bridge", "6,000", "\u20ac4.5m", "residents",
    "dam", "engineers", "\U0001f30a", "reopened", "Tuesday", "quoted", "officials", "claimed",
)  # fmt: skip
LABELS = ("CLAIM", "NUMBER", "ACTOR", "QUOTE")


def build(store: Store, articles: int, rng: random.Random) -> int:
    spans_total = 0
    with store.transaction():
        for i in range(articles):
            lines = [" ".join(rng.choice(WORDS) for _ in range(14)) + "." for _ in range(30)]
            text = f"Report {i}\r\n" + "\r\n".join(lines)
            spans = []
            for _ in range(25):
                start = rng.randrange(0, len(text) - 40)
                spans.append(NewSpan(start, start + rng.randrange(3, 40), rng.choice(LABELS)))
            store.add_article(title=f"Report {i}", text=text, spans=spans,
                              status=rng.choice(("todo", "done")))  # fmt: skip
            spans_total += len(spans)
    return spans_total


def main() -> None:
    articles = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "bench.sqlite3")
        spans = build(store, articles, random.Random(1))
        start = time.perf_counter()
        for _ in store.iter_articles():
            pass
        floor = time.perf_counter() - start
        print(f"{articles} articles, {spans} spans; floor (read every article): {floor:.2f} s")
        for name, spec in FORMATS.items():
            out = Path(folder) / f"out-{name}{spec.suffix}"
            start = time.perf_counter()
            export_corpus(store, out, format=name)
            took = time.perf_counter() - start
            print(f"  {name:<12} {took:7.2f} s  ({took / floor:5.1f} x floor)")
        start = time.perf_counter()
        export_corpus(store, Path(folder) / "split", format="jsonl", split="80/10/10", seed=1)
        took = time.perf_counter() - start
        print(f"  {'jsonl split':<12} {took:7.2f} s  ({took / floor:5.1f} x floor)")
        store.close()


if __name__ == "__main__":
    main()
