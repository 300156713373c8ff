"""How good the suggestion sources are on the sample gold: precision and recall per source.

    python -m bench.suggest_quality [GOLD]     # default bench/data/sample-gold.jsonl

Strict: a proposal counts when a gold span has its start, end and label.  Overlap: when
it shares a character with a gold span of its label (recall: a gold span counts when a
proposal of its label overlaps it).  The actor source learns as an analyst would: the
articles in order, each ACTOR gold span learned once passed, so a name is proposed only
where it was tagged before (earlier in the article or in an earlier article); the number,
quotation and claim sources need nothing.

``keys/span`` is a rough model of reviewing with suggestions: Enter accepts an exact
proposal (1 key), one key rejects a wrong one, and a gold span with no exact proposal
costs what it costs without suggestions (2.83 keys on this gold, from bench.keystrokes).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from annotator.core.suggest import Proposal, merge_proposals, suggest
from annotator.core.suggest.actors import ActorMatcher

GOLD = Path(__file__).with_name("data") / "sample-gold.jsonl"
SOURCES = ("numbers", "quotes", "claims", "actors", "names", "actors+names")
LABEL_OF = {"numbers": "NUMBER", "quotes": "QUOTE", "claims": "CLAIM", "actors": "ACTOR",
            "names": "ACTOR", "actors+names": "ACTOR"}
# One row per label for the total: ACTOR proposals come from the matcher and the names.
TOGETHER = ("numbers", "quotes", "claims", "actors+names")
KEYS_WITHOUT = 2.83  # bench.keystrokes on this gold, with no suggestions


def _actor_proposals(text: str, golds: list[tuple[int, int, str]], before: set[str]):
    """Proposals of a matcher that knows earlier articles' names and, at each place, the
    names tagged earlier in this article."""
    here = [text[s:e] for s, e, label in sorted(golds) if label == "ACTOR"]
    matcher = ActorMatcher(tagged=[*before, *here])
    first_tagged: dict[str, int] = {}
    for s, e, label in sorted(golds):
        if label == "ACTOR":
            first_tagged.setdefault(text[s:e], s)
    kept: list[Proposal] = []
    for p in matcher.find(text):
        if p.text in before or first_tagged.get(p.text, len(text)) < p.start:
            kept.append(p)
    before.update(here)
    return kept


def measure(gold_path: Path) -> dict[str, dict[str, float]]:
    rows = {name: {"proposed": 0, "gold": 0, "strict": 0, "p_overlap": 0, "r_overlap": 0}
            for name in SOURCES}  # fmt: skip
    learned: set[str] = set()
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        text = record["text"]
        golds = [(s["start"], s["end"], s["label"]) for s in record["spans"]]
        for name in SOURCES:
            label = LABEL_OF[name]
            if name == "actors":
                found = _actor_proposals(text, golds, set(learned))
            elif name == "actors+names":
                found = merge_proposals([*_actor_proposals(text, golds, learned),
                                         *suggest(text, sources=["names"])])  # fmt: skip
            else:
                found = suggest(text, sources=[name])
            found = [p for p in found if p.label == label]
            mine = [(s, e) for s, e, lab in golds if lab == label]
            row = rows[name]
            row["proposed"] += len(found)
            row["gold"] += len(mine)
            exact = {(p.start, p.end) for p in found}
            row["strict"] += sum(1 for g in set(mine) if g in exact)
            row["p_overlap"] += sum(1 for p in found if any(s < p.end and p.start < e
                                                            for s, e in mine))  # fmt: skip
            row["r_overlap"] += sum(1 for s, e in mine if any(s < p.end and p.start < e
                                                              for p in found))  # fmt: skip
    return rows


def table(rows: dict[str, dict[str, float]]) -> str:
    lines = [f"{'source':<12} {'gold':>5} {'prop':>5} {'P strict':>9} {'R strict':>9} "
             f"{'P overlap':>10} {'R overlap':>10} {'keys/span':>10}"]  # fmt: skip
    total = {"proposed": 0, "gold": 0, "strict": 0}
    for name, r in rows.items():
        if name in TOGETHER:
            for key in total:
                total[key] += r[key]
        keys = (r["strict"] + (r["proposed"] - r["strict"])
                + (r["gold"] - r["strict"]) * KEYS_WITHOUT) / max(1, r["gold"])  # fmt: skip
        lines.append(
            f"{name:<12} {r['gold']:>5} {r['proposed']:>5} "
            f"{r['strict'] / max(1, r['proposed']):>9.2f} {r['strict'] / max(1, r['gold']):>9.2f} "
            f"{r['p_overlap'] / max(1, r['proposed']):>10.2f} "
            f"{r['r_overlap'] / max(1, r['gold']):>10.2f} {keys:>10.2f}"
        )
    t = total
    keys = (t["proposed"] + (t["gold"] - t["strict"]) * KEYS_WITHOUT) / max(1, t["gold"])
    lines.append(f"{' + '.join(TOGETHER)}: {t['gold']} gold, {t['proposed']} proposed, "
                 f"{t['strict']} exact; "
                 f"about {keys:.2f} keys per span (model in the docstring)")  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.suggest_quality")
    parser.add_argument("gold", nargs="?", type=Path, default=GOLD)
    args = parser.parse_args(argv)
    print(table(measure(args.gold)))


if __name__ == "__main__":
    main()
