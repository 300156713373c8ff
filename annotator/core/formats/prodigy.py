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
from json.encoder import encode_basestring  # what json.dumps uses for a str, unescaped
from pathlib import Path
from typing import Any, TextIO

from annotator.core.fileutil import atomic_write
from annotator.core.formats.base import ExportContext, Item, article_keys
from annotator.core.formats.tokens import TokenCounts, cut_points, iter_tokens

_TEXT_SLICE = 1 << 20  # characters of text encoded at a time
_FLUSH = 4096  # tokens buffered between writes
_encode = encode_basestring


def write_prodigy_task(handle: TextIO, article: Any, spans: list[Any]) -> list[Any]:
    """Write the article's task as one JSON line; return the spans that cover no token.

    The line is what ``json.dumps`` of the whole task gives, written piece by piece:
    the text in slices and the tokens as they are cut, so a 100 MB article never has
    its millions of token dicts, or a second copy of its line, in memory.
    """
    text = article.text
    counts = TokenCounts((s.start for s in spans), (s.end for s in spans))
    handle.write('{"text": "')
    for at in range(0, len(text), _TEXT_SLICE):
        handle.write(_encode(text[at : at + _TEXT_SLICE])[1:-1])
    handle.write('", "tokens": [')
    rows: list[str] = []
    separator = ""
    for number, token in enumerate(iter_tokens(text, cut_points((s.start, s.end) for s in spans))):
        counts.see(token)
        rows.append(
            f'{{"text": {_encode(token.text)}, "start": {token.start}, "end": {token.end}, '
            f'"id": {number}, "ws": {"true" if token.ws else "false"}}}'
        )
        if len(rows) >= _FLUSH:
            handle.write(separator + ", ".join(rows))
            separator = ", "
            rows.clear()
    if rows:
        handle.write(separator + ", ".join(rows))
    handle.write("]")
    counts.finish()
    out_spans, untokened = [], []
    for span in spans:
        inside = counts.inside(span.start, span.end)
        if not inside:
            untokened.append(span)
            continue
        out_spans.append({
            "start": span.start, "end": span.end, "label": span.label, "text": span.text,
            "token_start": inside.start, "token_end": inside.stop - 1,
            "annotator": span.annotator,
        })  # fmt: skip
    rest = {"spans": out_spans, "answer": "accept", **article_keys(article)}
    handle.write(", " + json.dumps(rest, ensure_ascii=False)[1:] + "\n")
    return untokened


def write(items: Iterable[Item], path: Path, context: ExportContext) -> None:
    with atomic_write(path) as handle:
        for article, spans in items:
            for span in write_prodigy_task(handle, article, spans):
                context.note(f"article {article.id} span {span.id}: covers no token; left out")
