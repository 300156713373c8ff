"""Prodigy tasks, JSON lines with tokens.

The article's ``id``, ``title``, ``status`` and ``meta`` ride along as extra
top-level keys (Prodigy keeps any key of a task), so importing the file back
gives the same articles.  Offsets are Python code points, as Prodigy counts them.
Written only here: a Prodigy task's ``spans`` are native's, so the native
reader (:mod:`annotator.core.formats.native`) reads it back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.core.fileutil import atomic_write
from annotator.core.formats.base import ExportContext, Item, article_keys
from annotator.core.formats.tokens import cut_points, token_range, tokenize


def prodigy_task(article: Any, spans: list[Any]) -> tuple[dict[str, Any], list[Any]]:
    """The task, and the spans that cover no token (only possible for empty text)."""
    tokens = tokenize(article.text, cut_points((s.start, s.end) for s in spans))
    out_spans, untokened = [], []
    for span in spans:
        found = token_range(tokens, span.start, span.end)
        if found is None:
            untokened.append(span)
            continue
        out_spans.append({
            "start": span.start, "end": span.end, "label": span.label, "text": span.text,
            "token_start": found[0], "token_end": found[1], "annotator": span.annotator,
        })  # fmt: skip
    task = {
        "text": article.text,
        "tokens": [
            {"text": t.text, "start": t.start, "end": t.end, "id": i, "ws": t.ws}
            for i, t in enumerate(tokens)
        ],
        "spans": out_spans,
        "answer": "accept",
        **article_keys(article),
    }
    return task, untokened


def write(items: Iterable[Item], path: Path, context: ExportContext) -> None:
    with atomic_write(path) as handle:
        for article, spans in items:
            task, untokened = prodigy_task(article, spans)
            for span in untokened:
                context.note(f"article {article.id} span {span.id}: covers no token; left out")
            handle.write(json.dumps(task, ensure_ascii=False) + "\n")
