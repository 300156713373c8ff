"""Quote attribution, in the spirit of PARC and Quotebank: one JSON line per quote.

A line is ``{"article", "title", "quote": {"start", "end", "text"}, "speaker":
{"start", "end", "text", "entity"} or null}``: every QUOTE span, with the span its
``speaker`` relation points to (``entity`` is that span's ``entity`` attribute, or
null).  A quote with more than one speaker gets one line per speaker, named in the
summary.  Export only: the native JSON lines carry the same and import back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.core.fileutil import atomic_write
from annotator.core.formats.base import ExportContext, Item

QUOTE = "QUOTE"
SPEAKER = "speaker"


def _place(span: Any) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": span.text}


def write(items: Iterable[Item], path: Path, context: ExportContext) -> None:
    with atomic_write(path) as handle:
        for article, spans, relations in items:
            by_id = {span.id: span for span in spans}
            speakers: dict[int, list[Any]] = {}
            for relation in relations:
                if relation.kind == SPEAKER:
                    speakers.setdefault(relation.head_span_id, []).append(
                        by_id[relation.tail_span_id]
                    )
            for span in spans:
                if span.label != QUOTE:
                    continue
                found = speakers.get(span.id) or [None]
                if len(found) > 1:
                    context.note(
                        f"article {article.id} quote span {span.id}: {len(found)} speakers, "
                        "one line each"
                    )
                for speaker in found:
                    record = {
                        "article": article.id, "title": article.title, "quote": _place(span),
                        "speaker": None if speaker is None else {
                            **_place(speaker), "entity": speaker.attributes.get("entity"),
                        },
                    }  # fmt: skip
                    handle.write(json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n")
