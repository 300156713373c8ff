"""Label Studio: a JSON list of tasks, and the labelling config written beside it.

Each task is ``{"id", "data": {"text", "title", "article_id", "status"},
"annotations": [{"result": [...]}]}`` with one annotation per annotator and
each span as a ``labels`` region (``from_name="label"``, ``to_name="text"``).
Offsets are code points, which Label Studio's Text tag has counted since it
stopped using JavaScript string lengths (label-studio-frontend PR 308).
The config, ``NAME.config.xml``, names every exported label with its colour,
so a new project takes the config, then imports the tasks as they are.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from annotator.core.export import ExportContext, Item
from annotator.core.fileutil import atomic_write

FROM_NAME = "label"
TO_NAME = "text"


def config_path(tasks_path: Path) -> Path:
    return tasks_path.with_name(tasks_path.stem + ".config.xml")


def labelling_config(labels: Iterable[Any]) -> str:
    rows = "\n".join(
        f"    <Label value={quoteattr(label.name)} background={quoteattr(label.colour)}/>"
        for label in labels
    )
    return (
        "<View>\n"
        '  <Header value="$title"/>\n'
        f'  <Labels name="{FROM_NAME}" toName="{TO_NAME}">\n{rows}\n  </Labels>\n'
        f'  <Text name="{TO_NAME}" value="$text"/>\n'
        "</View>\n"
    )


def task(article: Any, spans: list[Any]) -> dict[str, Any]:
    by_annotator: dict[str, list[dict[str, Any]]] = {}
    for span in spans:
        by_annotator.setdefault(span.annotator, []).append({
            "id": f"s{span.id}", "from_name": FROM_NAME, "to_name": TO_NAME,
            "type": "labels", "origin": "manual",
            "value": {"start": span.start, "end": span.end, "text": span.text,
                      "labels": [span.label]},
        })  # fmt: skip
    return {
        # Label Studio replaces it on import, but its exports always carry one and tools
        # that read those (label-studio-converter) fail without it
        "id": article.id,
        "data": {
            "text": article.text,
            "title": article.title,
            "article_id": article.id,
            "status": article.status,
        },
        "annotations": [{"result": result} for result in by_annotator.values()],
    }


def write(items: Iterable[Item], path: Path, context: ExportContext) -> None:
    with atomic_write(path) as handle:
        handle.write("[")
        first = True
        for article, spans in items:
            handle.write("\n" if first else ",\n")
            first = False
            handle.write(json.dumps(task(article, spans), ensure_ascii=False))
        handle.write("\n]\n")
    # after the tasks, so a cancelled or failed export leaves no file at all
    with atomic_write(config_path(path)) as handle:
        handle.write(labelling_config(context.labels))
