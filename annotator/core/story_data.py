"""One story's comparison read from the corpus: what the comparison view and the report show.

:func:`load_comparison` gathers the story's articles, the links that touch them and the
spans those links join, and hands them to :func:`annotator.core.compare.build_comparison`.
Only linked spans are read, one query per 500, so a story of 50 articles and 2,000
linked spans opens in a few tens of milliseconds however many spans it has besides.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from annotator.core.compare import Comparison, build_comparison
from annotator.core.store import Store

__all__ = ["StoryComparison", "load_comparison", "write_report"]


class StoryComparison(NamedTuple):
    comparison: Comparison
    texts: dict[int, str]  # article id -> text, for sentences around each span


def load_comparison(store: Store, story: str) -> StoryComparison:
    """The comparison of the story named ``story`` (NotFound if there is none)."""
    ids = store.story_article_ids(story)
    articles = [store.article(article_id) for article_id in ids]
    links = list(store.iter_links(article_ids=ids))
    linked = {link.span_id for link in links} | {link.to_span_id for link in links}
    spans = store.spans_by_id(linked)
    comparison = build_comparison(story=story, articles=articles, spans=spans, links=links)
    return StoryComparison(comparison, {article.id: article.text for article in articles})


def write_report(store: Store, story: str, path: Path | str) -> Comparison:
    """Write the story's HTML report to ``path`` (atomically); return its comparison.

    As every export: never onto the corpus or a file beside it, nothing half-written
    under the name on any failure, one line naming the destination.
    """
    from annotator.core.export import export_file  # only the report needs these, not the
    from annotator.core.report import render_report  # window that imports this module

    comparison, texts = load_comparison(store, story)
    with export_file(path, corpus=store.path, what="the report") as handle:
        handle.write(render_report(comparison, texts))
    return comparison
