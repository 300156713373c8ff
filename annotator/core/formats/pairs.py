"""Linked span pairs: one JSON line per cross-article link (issue 14).

For training cross-document NLI and claim-comparison models, in the spirit of ClaimDiff:
``{"pair_id", "story", "type", "a": SIDE, "b": SIDE}``, ``a`` the span the link starts
from and ``b`` the one it points to; a SIDE is ``{"article", "title", "start", "end",
"label", "text", "attributes", "sentence"}``, ``sentence`` being the sentence of the
article that holds the span (the window's sentences, by ``compare.sentence_of``; a span
across sentences gets all of them).  ``pair_id`` is the link's id in the corpus and
``story`` the story of side ``a``'s article (or ``b``'s if ``a``'s has none; null if
neither has one).  A link is written only when both its spans are exported; the others
are counted in the summary.  Lines come in the order of the links' ids.  Export only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.core.compare import sentence_of
from annotator.core.fileutil import atomic_write
from annotator.core.formats.base import ExportContext, Item
from annotator.core.model import Article, Span


def side(article: Article, span: Span) -> dict[str, Any]:
    """One end of a pair, with the sentence around it."""
    begin, end = sentence_of(article.text, span.start, span.end)
    return {
        "article": article.id, "title": article.title, "start": span.start, "end": span.end,
        "label": span.label, "text": span.text, "attributes": span.attributes,
        "sentence": article.text[begin:end],
    }  # fmt: skip


def write(items: Iterable[Item], path: Path, context: ExportContext) -> None:
    cross = context.cross
    links = sorted((link for found in cross.links.values() for link in found), key=lambda x: x.id)
    ends = {span_id for link in links for span_id in (link.span_id, link.to_span_id)}
    # Only the sides are kept while the articles stream by, not their texts.
    sides: dict[int, dict[str, Any]] = {}
    for article, spans, _ in items:
        for span in spans:
            if span.id in ends:
                sides[span.id] = side(article, span)
    with atomic_write(path) as handle:
        for link in links:
            a, b = sides.get(link.span_id), sides.get(link.to_span_id)
            if a is None or b is None:  # the front keeps only links it exports both ends of
                continue
            story = cross.stories.get(link.article_id, cross.stories.get(link.to_article_id))
            record = {"pair_id": link.id, "story": story, "type": link.type, "a": a, "b": b}
            handle.write(json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n")
