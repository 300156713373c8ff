"""The actor registry: one JSON line per entity, with its mentions (issue 14).

``{"key", "name", "kind", "aliases", "mentions": [{"article", "start", "end", "text"}]}``:
every entity of the corpus's registry in its order (by name, then key), each mention an
exported span whose ``entity`` attribute is the key, by article then offset.  An entity
none of whose spans is exported is still written, with no mentions: the registry is the
corpus's whole list of actors.  Export only; the native JSON lines carry the same
(``actors``) and import back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.core.cross_records import ENTITY_ATTRIBUTE
from annotator.core.fileutil import atomic_write
from annotator.core.formats.base import ExportContext, Item


def write(items: Iterable[Item], path: Path, context: ExportContext) -> None:
    registry = context.cross.entities
    mentions: dict[str, list[dict[str, Any]]] = {key: [] for key in registry}
    unknown = 0
    for article, spans, _ in items:
        for span in spans:
            key = span.attributes.get(ENTITY_ATTRIBUTE) if span.attributes else None
            if not isinstance(key, str):
                continue
            if key not in mentions:
                unknown += 1
                continue
            mentions[key].append(
                {"article": article.id, "start": span.start, "end": span.end, "text": span.text}
            )
    with atomic_write(path) as handle:
        for key, entity in registry.items():
            record = {
                "key": key, "name": entity.name, "kind": entity.kind,
                "aliases": list(entity.aliases), "mentions": mentions[key],
            }  # fmt: skip
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    if unknown:
        context.note(
            f"{unknown} span(s) name an entity the registry does not hold; not listed as mentions"
        )
