"""Native JSON lines: every article with its spans, written and read back unchanged.

A line is ``{"id", "title", "text", "meta", "status", "spans": [{"id",
"start", "end", "label", "text", "annotator"}]}``; a span's ``attributes``
appear only when it has any.  It is a superset of the Prodigy/spaCy span
format (``text`` plus ``spans`` with ``start``/``end``/``label``), so tools
that read that format take it unchanged, and importing it reproduces the
articles and spans.  For the same reason this reader also reads Prodigy tasks.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.core.errors import ImportRefused
from annotator.core.fileutil import atomic_write
from annotator.core.formats.base import ExportContext, Item
from annotator.core.model import Article, Span


def native_record(article: Article, spans: Iterable[Span]) -> dict[str, Any]:
    out_spans = []
    for span in spans:
        item: dict[str, Any] = {
            "id": span.id, "start": span.start, "end": span.end, "label": span.label,
            "text": span.text, "annotator": span.annotator,
        }  # fmt: skip
        if span.attributes:
            item["attributes"] = span.attributes
        out_spans.append(item)
    return {
        "id": article.id, "title": article.title, "text": article.text, "meta": article.meta,
        "status": article.status, "spans": out_spans,
    }  # fmt: skip


def write(items: Iterable[Item], path: Path, context: ExportContext) -> None:
    with atomic_write(path) as handle:
        for article, spans in items:
            record = native_record(article, spans)
            handle.write(json.dumps(record, ensure_ascii=False, allow_nan=False))
            handle.write("\n")


def spans_in(record: dict[str, Any], where: str) -> Iterator[dict[str, Any]]:
    """The raw spans of a record's ``spans`` key (native or Prodigy), if it has one."""
    if "spans" in record and record["spans"] is not None:
        if not isinstance(record["spans"], list):
            raise ImportRefused(f'{where}: "spans" is not a list')
        for raw in record["spans"]:
            if not isinstance(raw, dict):
                raise ImportRefused(f'{where}: a span in "spans" is not an object')
            yield raw
