"""The comparison of one story (issue 14), and its HTML report.

    python -m bench.bench_compare          # print the table

A story of 50 articles whose 2,000 NUMBER and CLAIM spans form 500 fact clusters joined by
about 2,000 links of every type (each cluster a chain of ``same`` links plus cross links).
Target: ``build_comparison`` within 100 ms (best of 7), shown beside a floor measured in
the same run: sorting the links by their span ids once (the least any grouping of them
costs).  The build with every NUMBER value read by the grammar, and the report's rendering
(each cell's sentence found in its article), are shown for information.
"""

from __future__ import annotations

import argparse
import random
from itertools import pairwise
from typing import Any

from annotator.core.model import Article, Link, Span

ARTICLES, CLUSTERS, SPANS_PER_CLUSTER = 50, 500, 4
_TYPES = ("same", "contradicts", "updates", "different-event")
_OUTLETS = ("The Varnia Courier", "Eastgate Daily", "Northmarch Herald", "Lowfield Post",
            "The Orrin Ledger")  # fmt: skip


def story(
    *,
    articles: int = ARTICLES,
    clusters: int = CLUSTERS,
    per_cluster: int = SPANS_PER_CLUSTER,
    seed: int = 14,
    parsed_share: float = 0.0,
) -> tuple[list[Article], list[Span], list[Link], dict[int, str]]:
    """An invented story: articles, the linked spans, the links, and each article's text.

    ``parsed_share`` of the NUMBER spans carry no attributes, so their value is read from
    their text by the number grammar (as for spans tagged before attributes existed).
    """
    rng = random.Random(seed)
    texts: dict[int, list[str]] = {i: [] for i in range(1, articles + 1)}
    lengths = dict.fromkeys(texts, 0)
    spans: list[Span] = []
    links: list[Link] = []
    for cluster in range(clusters):
        figure = rng.randrange(100, 90_000)
        members: list[Span] = []
        for _ in range(per_cluster):
            article = rng.randrange(1, articles + 1)
            number = rng.random() < 0.6
            value = figure if rng.random() < 0.8 else rng.randrange(100, 90_000)
            phrase = f"{value:,} displaced residents" if number else f"the dam at Kesh {cluster}"
            sentence = f"Officials in Dorvel said {phrase} were counted by Tuesday. "
            begin = lengths[article] + sentence.index(phrase)
            texts[article].append(sentence)
            lengths[article] += len(sentence)
            attributes: dict[str, Any] = {}
            if number and rng.random() >= parsed_share:
                attributes = {"value": value, "unit": "displaced residents"}
            members.append(Span(
                id=len(spans) + 1, article_id=article, start=begin, end=begin + len(phrase),
                label="NUMBER" if number else "CLAIM", text=phrase, attributes=attributes,
            ))  # fmt: skip
            spans.append(members[-1])
        for a, b in pairwise(members):
            links.append(_link(len(links) + 1, a, b, "same"))
        links.append(_link(len(links) + 1, members[0], members[-1], rng.choice(_TYPES)))
    made = [
        Article(
            id=i, title=f"{_OUTLETS[i % len(_OUTLETS)]}: floods at Dorvel, report {i}",
            text="".join(parts) or "Nothing linked.", sha256="", source=None,
            meta={"date": f"2026-03-{1 + i % 28:02d}", "outlet": _OUTLETS[i % len(_OUTLETS)]},
            status="done", imported_at="", updated_at="",
        )
        for i, parts in texts.items()
    ]  # fmt: skip
    return made, spans, links, {a.id: a.text for a in made}


def _link(link_id: int, a: Span, b: Span, kind: str) -> Link:
    return Link(id=link_id, article_id=a.article_id, span_id=a.id,
                to_article_id=b.article_id, to_span_id=b.id, type=kind)  # fmt: skip


def run(*, runs: int = 7) -> list[dict]:
    from annotator.core.compare import build_comparison
    from annotator.core.report import render_report
    from bench.bench_core import best_of, figure

    articles, spans, links, texts = story()
    build = lambda: build_comparison(  # noqa: E731
        story="Floods at Dorvel", articles=articles, spans=spans, links=links
    )
    comparison = build()
    assert len(comparison.rows) <= CLUSTERS and len(comparison.columns) == ARTICLES
    value = best_of(runs, build)
    floor = best_of(runs, lambda: sorted(links, key=lambda link: (link.span_id, link.to_span_id)))
    parsed = story(parsed_share=1.0)
    reparse = best_of(3, lambda: build_comparison(
        story="Floods at Dorvel", articles=parsed[0], spans=parsed[1], links=parsed[2]
    ))  # fmt: skip
    render = best_of(3, lambda: render_report(comparison, texts))
    size = f"{len(articles)} articles, {len(spans)} spans, {len(links)} links"
    return [
        figure(f"build a story's comparison ({size})", value * 1000, floor * 1000, 100.0,
               unit="ms", kind="value",
               note=f"best of {runs}; {len(comparison.rows)} clusters, "
                    f"{comparison.disagreements} disagreements; floor: sorting the links once"),
        figure("  the same, NUMBER values read by parse_number (no attributes)",
               reparse * 1000, value * 1000, None, unit="ms", kind="value",
               note="floor: the same build with values in the attributes"),
        figure("render the story's HTML report", render * 1000, value * 1000, None,
               unit="ms", kind="value", note="floor: building the comparison"),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    from bench.run import show

    parser = argparse.ArgumentParser(prog="python -m bench.bench_compare")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="JSON rows instead of a table")
    args = parser.parse_args(argv)
    rows = run(runs=args.runs)
    show(rows, as_json=args.json)


if __name__ == "__main__":
    main()
