"""Label Studio: a JSON list of tasks, and the labelling config written beside it.

Each task is ``{"id", "data": {"text", "title", "article_id", "status"},
"annotations": [{"result": [...]}]}`` with one annotation per annotator and
each span as a ``labels`` region (``from_name="label"``, ``to_name="text"``).
Offsets are code points, which Label Studio's Text tag has counted since it
stopped using JavaScript string lengths (label-studio-frontend PR 308).
The config, ``NAME.config.xml``, names every exported label with its colour,
so a new project takes the config, then imports the tasks as they are.

Read back from a ``.json`` file: a task is any object with a ``data`` object
(:func:`is_task`); its ``labels`` regions become spans (:func:`read_task`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from annotator.core.errors import ImportRefused
from annotator.core.fileutil import atomic_write
from annotator.core.formats.base import ExportContext, Item, ParsedArticle, article_from

FROM_NAME = "label"
TO_NAME = "text"


def config_path(tasks_path: Path) -> Path:
    return tasks_path.with_name(tasks_path.stem + ".config.xml")


def companions(tasks_path: Path) -> list[Path]:
    """The files written beside the tasks file (checked by the export like the file itself)."""
    return [config_path(tasks_path)]


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


# -- reading -------------------------------------------------------------------


def is_task(record: Any) -> bool:
    """A Label Studio task, rather than a JSON-lines record: it has a ``data`` object."""
    return isinstance(record, dict) and isinstance(record.get("data"), dict)


def read_task(task: dict[str, Any], where: str) -> ParsedArticle:
    """One Label Studio task; its ``labels`` regions become spans.

    Regions come from every annotation (a span is stored once per distinct
    start, end and label); a task with no annotations gives its predictions
    instead, so a model's output in Label Studio form can be scored.
    """
    data = task["data"]
    record: dict[str, Any] = {
        "text": data.get("text"), "title": data.get("title"),
        "status": data.get("status", "todo"), "id": data.get("article_id", task.get("id")),
    }  # fmt: skip
    meta = {k: v for k, v in data.items() if k not in ("text", "title", "status", "article_id")}
    if meta:
        record["meta"] = meta
    raw_spans = []
    sources = task.get("annotations") or task.get("predictions") or []
    if not isinstance(sources, list):
        raise ImportRefused(f'{where}: "annotations" is not a list')
    for source in sources:
        if not isinstance(source, dict) or not isinstance(source.get("result", []), list):
            raise ImportRefused(f"{where}: an annotation is not an object with a result list")
        if source.get("was_cancelled"):
            continue
        for region in source.get("result", []):
            if not isinstance(region, dict) or region.get("type") != "labels":
                continue  # choices, ratings, relations: not spans
            value = region.get("value")
            if not isinstance(value, dict) or not isinstance(value.get("labels"), list):
                raise ImportRefused(f"{where}: a labels region has no value.labels list")
            for label in value["labels"]:
                raw_spans.append({
                    "start": value.get("start"), "end": value.get("end"), "label": label,
                    "text": value.get("text"),
                })  # fmt: skip
    return article_from(record, where, raw_spans=raw_spans)
