"""Prodigy tasks, JSON lines with tokens.

The article's ``id``, ``title``, ``status`` and ``meta`` ride along as extra
top-level keys (Prodigy keeps any key of a task), so importing the file back
gives the same articles.  Offsets are Python code points, as Prodigy counts them.
A span's ``attributes`` ride along on it when it has any.  Relations are
Prodigy's ``rel.manual`` shape: ``{"head", "child", "head_span", "child_span",
"label"}`` where ``head`` and ``child`` are the index of each span's last
token (Prodigy's anchor token) and ``*_span`` its ``start``, ``end``,
``token_start``, ``token_end`` and ``label``; ``annotator`` rides along.
Written only here: a Prodigy task's ``spans`` are native's, so the native
reader (:mod:`annotator.core.formats.native`) reads it back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from json.encoder import encode_basestring  # what json.dumps uses for a str, unescaped
from pathlib import Path
from typing import Any, TextIO

from annotator.core.fileutil import atomic_write
from annotator.core.formats.base import ExportContext, Item, article_keys
from annotator.core.formats.tokens import TokenCounts, cut_points, iter_tokens

_TEXT_SLICE = 1 << 20  # characters of text encoded at a time
_FLUSH = 4096  # tokens buffered between writes
_encode = encode_basestring


def write_prodigy_task(
    handle: TextIO, article: Any, spans: list[Any], relations: Sequence[Any] = ()
) -> list[Any]:
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
    by_id: dict[int, dict[str, Any]] = {}
    for span in spans:
        inside = counts.inside(span.start, span.end)
        if not inside:
            untokened.append(span)
            continue
        out = {
            "start": span.start, "end": span.end, "label": span.label, "text": span.text,
            "token_start": inside.start, "token_end": inside.stop - 1,
            "annotator": span.annotator,
        }  # fmt: skip
        if span.attributes:
            out["attributes"] = span.attributes
        out_spans.append(out)
        by_id[span.id] = out
    out_relations = []
    for relation in relations:
        head, child = by_id.get(relation.head_span_id), by_id.get(relation.tail_span_id)
        if head is None or child is None:
            continue  # its span covers no token: named with that span
        out_relations.append({
            "head": head["token_end"], "child": child["token_end"],
            "head_span": _place(head), "child_span": _place(child), "label": relation.kind,
            "annotator": relation.annotator,
        })  # fmt: skip
    rest = {"spans": out_spans, "relations": out_relations, "answer": "accept",
            **article_keys(article)}  # fmt: skip
    handle.write(", " + json.dumps(rest, ensure_ascii=False)[1:] + "\n")
    return untokened


def write(items: Iterable[Item], path: Path, context: ExportContext) -> None:
    with atomic_write(path) as handle:
        for article, spans, relations in items:
            for span in write_prodigy_task(handle, article, spans, relations):
                linked = sum(span.id in (r.head_span_id, r.tail_span_id) for r in relations)
                also = f" with its {linked} relation(s)" if linked else ""
                context.note(
                    f"article {article.id} span {span.id}: covers no token; left out{also}"
                )


def _place(span: dict[str, Any]) -> dict[str, Any]:
    return {key: span[key] for key in ("start", "end", "token_start", "token_end", "label")}
