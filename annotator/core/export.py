"""Exports of the corpus.  The native format is JSON lines, one article a line.

Native line: ``{"id", "title", "text", "meta", "status", "spans": [{"id",
"start", "end", "label", "text", "annotator"}]}``; a span's ``attributes``
appear only when it has any.  It is a superset of the Prodigy/spaCy span
format (``text`` plus ``spans`` with ``start``/``end``/``label``), so tools
that read that format take it unchanged, and importing it reproduces the
articles and spans.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.errors import ExportError
from annotator.core.fileutil import atomic_write
from annotator.core.store import Article, Span, Store


@dataclass(slots=True)
class ExportSummary:
    path: Path
    format: str
    articles: int = 0
    spans: int = 0
    unfinished: int = 0
    notes: list[str] = field(default_factory=list)

    def line(self) -> str:
        text = (
            f"Wrote {self.articles} article{'s' if self.articles != 1 else ''} "
            f"and {self.spans} span{'s' if self.spans != 1 else ''} as {self.format} to {self.path}"
        )
        if self.unfinished:
            text += f" ({self.unfinished} not marked done)"
        return text + "."


def verify(article: Article, spans: Iterable[Span]) -> None:
    """Refuse to write a span whose stored text is not the slice of its article."""
    for span in spans:
        if article.text[span.start : span.end] != span.text or span.end <= span.start:
            raise ExportError(
                f"article {article.id} span {span.id}: stored text does not match "
                f"the article at [{span.start}, {span.end}); nothing was written"
            )


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


def export_jsonl(
    store: Store,
    path: Path | str,
    *,
    status: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> ExportSummary:
    summary = ExportSummary(Path(path), "jsonl")
    with atomic_write(path) as handle:
        for article, spans in store.iter_articles(status=status):
            verify(article, spans)
            handle.write(json.dumps(native_record(article, spans), ensure_ascii=False))
            handle.write("\n")
            summary.articles += 1
            summary.spans += len(spans)
            summary.unfinished += article.status != "done"
            if progress is not None:
                progress(summary.articles)
    return summary


EXPORTERS: dict[str, Callable[..., ExportSummary]] = {"jsonl": export_jsonl}
