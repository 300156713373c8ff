"""doccano sequence labelling, JSON lines: written as ``label``, read as ``label`` or ``entities``.

A line is ``{"text", "label": [[start, end, "LABEL"], ...]}`` with the
article's ``id``, ``title``, ``status`` and ``meta`` as extra top-level keys
(doccano turns unknown keys into the example's metadata), so importing the file
back gives the same articles.  doccano 1.x wrote ``"entities": [{"start_offset",
"end_offset", "label"}]`` instead; both are read.  Every JSON record the
importer reads is asked for these keys, so no other format may give ``label``
or ``entities`` another meaning.  Offsets are Python code points, as doccano
counts them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.core.errors import ImportRefused
from annotator.core.fileutil import atomic_write
from annotator.core.formats.base import ExportContext, Item, article_keys


def write(items: Iterable[Item], path: Path, context: ExportContext) -> None:
    with atomic_write(path) as handle:
        for article, spans in items:
            record = {
                "text": article.text,
                "label": [[s.start, s.end, s.label] for s in spans],
                **article_keys(article),
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def spans_in(record: dict[str, Any], where: str) -> Iterator[dict[str, Any]]:
    """The raw spans of a record's ``label`` and ``entities`` keys, if it has them."""
    if "label" in record and record["label"] is not None:  # doccano sequence labelling
        labels = record["label"]
        if not isinstance(labels, list):
            raise ImportRefused(f'{where}: "label" is not a list of [start, end, label]')
        for raw in labels:
            if not (isinstance(raw, list) and len(raw) == 3):
                raise ImportRefused(
                    f'{where}: "label" entries must be [start, end, "LABEL"], '
                    f"got {json.dumps(raw)[:60]}"
                )
            yield {"start": raw[0], "end": raw[1], "label": raw[2]}
    if "entities" in record and record["entities"] is not None:  # doccano 1.x JSONL
        if not isinstance(record["entities"], list):
            raise ImportRefused(f'{where}: "entities" is not a list')
        for raw in record["entities"]:
            if not isinstance(raw, dict):
                raise ImportRefused(f'{where}: an entity in "entities" is not an object')
            yield {
                "start": raw.get("start_offset", raw.get("start")),
                "end": raw.get("end_offset", raw.get("end")),
                "label": raw.get("label"),
            }
