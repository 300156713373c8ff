"""Suggestions over a corpus: numbers, quotations, claims and actors (2,000 names) for
10,000 invented news articles (~30 MB), beside a floor measured in the same run.

    python -m bench.bench_suggest [--articles N] [--json]

``python -m bench`` runs it too.  The floor is a bare pass of the regular expressions the
sources scan with, over the same texts, with no work per match: the number grammar's
trigger scan and its expression matched at each trigger (as find_numbers does), clock
times, the quotation marks, the sentence ends and reporting heads of the units, and the
actor names' compiled trie.  Target: the suggestions within 3x that floor.

The articles are generated here from templates (invented names, places and figures) so
that every source has work: each paragraph holds numbers and dates, a quotation, a
reporting verb and names of the registry.
"""

from __future__ import annotations

import argparse
import gc
import random
import time
from collections.abc import Iterator

from annotator.core.number_patterns import _ATOM, _TRIGGER
from annotator.core.suggest import suggest
from annotator.core.suggest.actors import ActorMatcher
from annotator.core.suggest.quotes import _EVENT
from annotator.core.unit_patterns import CLOCK, REPORT_HEAD
from annotator.core.units import _SENTENCE_END

SOURCES = ("numbers", "quotes", "claims", "actors")
TARGET = 3.0
_SYLLABLES = ["ka", "ro", "vel", "mir", "dan", "os", "tel", "ul", "ber", "ni", "sa", "quen",
              "dor", "ith", "mo", "la", "ven", "gar", "is", "tor"]  # fmt: skip
_WORD_LIST = """
water harbour council road bridge families night report figure gate budget crews homes
review town street valley storm engineers ferry morning repairs statement the a of in on
for with and to from by at after before over
"""
_WORDS = _WORD_LIST.split()
_MONTH_LIST = """
January February March April May June July August September October November December
"""
_MONTHS = _MONTH_LIST.split()


def _name(rng: random.Random) -> str:
    def word() -> str:
        return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).title()

    return f"{word()} {word()}"


def names(count: int, *, seed: int = 7) -> list[tuple[str, str, tuple[str, ...]]]:
    """``count`` registry entities (key, name, aliases), all invented."""
    rng = random.Random(seed)
    seen: set[str] = set()
    out = []
    while len(out) < count:
        name = _name(rng)
        if name in seen:
            continue
        seen.add(name)
        kind = rng.random()
        if kind < 0.3:
            out.append((f"E{len(out)}", f"{name} Council", (f"the {name.split()[0]} council",)))
        else:
            out.append((f"E{len(out)}", name, (name.split()[1],) if kind > 0.8 else ()))
    return out


def _sentence(rng: random.Random, people: list[str]) -> str:
    words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(5, 12)))
    who = rng.choice(people)
    n = f"{rng.randint(2, 9_999):,}"
    month, day = rng.choice(_MONTHS), rng.randint(1, 28)
    pick = rng.randrange(7)
    if pick == 0:
        return f"{who} said {n} homes had been flooded in the {words} on {month} {day}."
    if pick == 1:
        return f'"{words.capitalize()}," said {who}.'
    if pick == 2:
        return f"About {n} people left the {words}, according to {who}."
    if pick == 3:
        return f"The council confirmed that between {day} and {day + 9} {words} by {month}."
    if pick == 4:
        return f"{who} told reporters that {words} had cost €{rng.randint(2, 90)}.{day} million."
    if pick == 5:
        return f"{words.capitalize()} at {rng.randint(1, 12)}:{day + 10} a.m. for {day} hours."
    return f"{words.capitalize()} {who} and {words}."


def articles(count: int, entities: list[tuple[str, str, tuple[str, ...]]], *,
             chars: int = 3_000, seed: int = 11) -> Iterator[str]:  # fmt: skip
    rng = random.Random(seed)
    people = [name for _, name, _ in entities]
    for number in range(count):
        paragraphs: list[str] = [f"Report {number}"]
        size = 0
        while size < chars:
            paragraph = " ".join(_sentence(rng, people) for _ in range(rng.randint(3, 5)))
            paragraphs.append(paragraph)
            size += len(paragraph) + 2
        yield "\n\n".join(paragraphs) + "\n"


def _floor(texts: list[str], matcher: ActorMatcher) -> float:
    actor_names = matcher._compiled()
    patterns = [CLOCK, _EVENT, _SENTENCE_END, REPORT_HEAD, actor_names]
    began = time.process_time()
    for text in texts:
        for trigger in _TRIGGER.finditer(text):
            _ATOM.match(text, trigger.start())
        for pattern in patterns:
            for _ in pattern.finditer(text):
                pass
    return time.process_time() - began


def _suggestions(texts: list[str], matcher: ActorMatcher) -> tuple[float, int]:
    began = time.process_time()
    count = 0
    for text in texts:
        count += len(suggest(text, sources=SOURCES, known_actors=matcher))
    return time.process_time() - began, count


def _timed(texts: list[str], matcher: ActorMatcher, *, batch: int = 200):
    """(floor, suggestions, proposals) in CPU seconds, the two interleaved batch by batch:
    on a shared machine both then run under the same load."""
    floor = value = 0.0
    proposals = 0
    gc.collect()
    for at in range(0, len(texts), batch):
        chunk = texts[at : at + batch]
        floor += _floor(chunk, matcher)
        elapsed, count = _suggestions(chunk, matcher)
        value += elapsed
        proposals += count
    return floor, value, proposals


def run(*, articles_count: int = 10_000, name_count: int = 2_000, runs: int = 1) -> list[dict]:
    from bench.bench_core import figure

    entities = names(name_count)
    began = time.perf_counter()
    matcher = ActorMatcher(entities)
    matcher._compiled()
    build = time.perf_counter() - began
    texts = list(articles(articles_count, entities))
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    floors, values = [], []
    proposals = 0
    for _ in range(runs):
        floor, value, proposals = _timed(texts, matcher)
        floors.append(floor)
        values.append(value)
    return [
        figure(
            f"suggest {articles_count:,} articles ({megabytes:.0f} MB), {name_count:,} actors",
            min(values), min(floors), TARGET,
            note=f"{proposals:,} proposals (numbers, quotes, claims, actors); floor: the "
            f"sources' scanning regexes, bare; {len(matcher):,} names and aliases, their "
            f"trie built in {build:.2f} s; CPU time, the two interleaved per 200 articles",
        ),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    from bench.run import show

    parser = argparse.ArgumentParser(prog="python -m bench.bench_suggest")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="JSON rows instead of a table")
    args = parser.parse_args(argv)
    rows = run(articles_count=args.articles, runs=args.runs)
    show(rows, as_json=args.json)


if __name__ == "__main__":
    main()
