"""doccano JSON lines, for sequence labelling and relation extraction alike.

A line is ``{"text", "label": [[start, end, "LABEL"], ...], "entities": [{"id",
"start_offset", "end_offset", "label"}], "relations": [{"id", "from_id",
"to_id", "type"}]}``: ``label`` is what a sequence-labelling project imports,
``entities`` and ``relations`` what a relation-extraction project imports
(``from_id``/``to_id`` are entity ids of the same line; an entity's id is the
span's id), with the article's ``id``, ``title``, ``status`` and ``meta`` as extra top-level keys
(doccano turns unknown keys into the example's metadata), so importing the file
back gives the same articles.  doccano 1.x wrote ``"entities": [{"start_offset",
"end_offset", "label"}]`` instead; both are read.  Every JSON record the
importer reads is asked for these keys, so no other format may give ``label``
or ``entities`` another meaning.  A line with both is read from ``entities``
(the two say the same spans; ``entities`` has the ids its relations name).
doccano keeps no span attributes or annotators.  Offsets are Python code points, as doccano
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
        for article, spans, relations in items:
            record = {
                "text": article.text,
                "label": [[s.start, s.end, s.label] for s in spans],
                "entities": [
                    {"id": s.id, "start_offset": s.start, "end_offset": s.end, "label": s.label}
                    for s in spans
                ],
                "relations": [
                    {"id": r.id, "from_id": r.head_span_id, "to_id": r.tail_span_id, "type": r.kind}
                    for r in relations
                ],
                **article_keys(article),
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def spans_in(record: dict[str, Any], where: str) -> Iterator[dict[str, Any]]:
    """The raw spans of a record's ``label`` and ``entities`` keys, if it has them."""
    has_entities = record.get("entities") is not None
    if not has_entities and record.get("label") is not None:  # doccano sequence labelling
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
    if has_entities:  # doccano 1.x JSONL, and relation extraction
        if not isinstance(record["entities"], list):
            raise ImportRefused(f'{where}: "entities" is not a list')
        for raw in record["entities"]:
            if not isinstance(raw, dict):
                raise ImportRefused(f'{where}: an entity in "entities" is not an object')
            yield {
                "ref": raw.get("id"),
                "start": raw.get("start_offset", raw.get("start")),
                "end": raw.get("end_offset", raw.get("end")),
                "label": raw.get("label"),
            }


def relations_in(record: dict[str, Any], where: str) -> Iterator[dict[str, Any]]:
    """The raw relations of a record's ``relations`` with ``from_id``/``to_id`` (doccano's).

    The native module reads the list's other shapes and refuses what is neither.
    """
    relations = record.get("relations")
    if not isinstance(relations, list):
        return
    for raw in relations:
        if isinstance(raw, dict) and "from_id" in raw:
            yield {"head": raw.get("from_id"), "child": raw.get("to_id"), "type": raw.get("type")}
