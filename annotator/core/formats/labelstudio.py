"""Label Studio: a JSON list of tasks, and the labelling config written beside it.

Each task is ``{"id", "data": {"text", "title", "article_id", "status"[, "outlet", "date"]},
"annotations": [{"result": [...]}]}`` with one annotation per annotator and
each span as a ``labels`` region (``from_name="label"``, ``to_name="text"``).
Offsets are code points, which Label Studio's Text tag has counted since it
stopped using JavaScript string lengths (label-studio-frontend PR 308).
The config, ``NAME.config.xml``, names every exported label with its colour,
so a new project takes the config, then imports the tasks as they are.

Relations are Label Studio's relation results in the annotation that holds the
head span: ``{"type": "relation", "from_id", "to_id", "direction": "right",
"labels": [TYPE]}`` (from the head to the child), declared by ``<Relations>``
in the config.  A child span of another annotator is copied into that
annotation (Label Studio links regions of one annotation only).  A span's
attributes are per-region results on the span's region id, declared in the
config per attribute name as ``attr_NAME``: a number as ``<Number>`` (``value:
{"number"}``), text as ``<TextArea>`` (``value: {"text": [..]}``), true/false as
``<Choices>`` (``value: {"choices": ["true"]}``).

Read back from a ``.json`` file: a task is any object with a ``data`` object
(:func:`is_task`); its ``labels`` regions become spans (:func:`read_task`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from annotator.core.errors import ImportRefused
from annotator.core.fileutil import atomic_write
from annotator.core.formats.base import (
    EXPORTED_META,
    ExportContext,
    Item,
    ParsedArticle,
    article_from,
)

FROM_NAME = "label"
TO_NAME = "text"


def config_path(tasks_path: Path) -> Path:
    return tasks_path.with_name(tasks_path.stem + ".config.xml")


def companions(tasks_path: Path) -> list[Path]:
    """The files written beside the tasks file (checked by the export like the file itself)."""
    return [config_path(tasks_path)]


ATTRIBUTE_PREFIX = "attr_"
# The control tag of a per-region attribute, by the kind of its value.
_TAGS = {"number": "Number", "textarea": "TextArea", "choices": "Choices"}


def labelling_config(
    labels: Iterable[Any],
    relation_types: Iterable[str] = (),
    attributes: dict[str, str] | None = None,
) -> str:
    """The config: labels; relation types, if any; a per-region control per attribute."""
    rows = "\n".join(
        f"    <Label value={quoteattr(label.name)} background={quoteattr(label.colour)}/>"
        for label in labels
    )
    text = (
        "<View>\n"
        '  <Header value="$title"/>\n'
        f'  <Labels name="{FROM_NAME}" toName="{TO_NAME}">\n{rows}\n  </Labels>\n'
        f'  <Text name="{TO_NAME}" value="$text"/>\n'
    )
    kinds = sorted(set(relation_types))
    if kinds:
        text += "  <Relations>\n" + "".join(
            f"    <Relation value={quoteattr(kind)}/>\n" for kind in kinds
        ) + "  </Relations>\n"  # fmt: skip
    for name, kind in sorted((attributes or {}).items()):
        tag = _TAGS[kind]
        common = (
            f"name={quoteattr(ATTRIBUTE_PREFIX + name)} toName={quoteattr(TO_NAME)} "
            'perRegion="true"'
        )
        if tag == "Choices":
            text += (
                f'  <Choices {common} choice="single">\n    <Choice value="true"/>\n'
                '    <Choice value="false"/>\n  </Choices>\n'
            )
        else:
            text += f"  <{tag} {common}/>\n"
    return text + "</View>\n"


def _region(span: Any) -> dict[str, Any]:
    return {
        "id": f"s{span.id}", "from_name": FROM_NAME, "to_name": TO_NAME,
        "type": "labels", "origin": "manual",
        "value": {"start": span.start, "end": span.end, "text": span.text,
                  "labels": [span.label]},
    }  # fmt: skip


def _attribute_results(span: Any, seen: dict[str, str]) -> list[dict[str, Any]]:
    """The span's attributes as per-region results; ``seen`` collects name -> kind."""
    results = []
    where = {"start": span.start, "end": span.end, "text": span.text}
    for name, value in span.attributes.items():
        if isinstance(value, bool):
            kind, held = "choices", {"choices": ["true" if value else "false"]}
        elif isinstance(value, int | float):
            kind, held = "number", {"number": value}
        elif isinstance(value, str):
            kind, held = "textarea", {"text": [value]}
        else:
            continue  # lists, objects, null: no control holds them (named by write)
        seen.setdefault(name, kind)
        results.append({
            "id": f"s{span.id}", "from_name": ATTRIBUTE_PREFIX + name, "to_name": TO_NAME,
            "type": kind, "origin": "manual", "value": {**where, **held},
        })  # fmt: skip
    return results


def task(
    article: Any,
    spans: list[Any],
    relations: Sequence[Any] = (),
    attributes: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The article's task; ``attributes`` collects the attribute names and kinds written."""
    seen = {} if attributes is None else attributes
    by_annotator: dict[str, list[dict[str, Any]]] = {}
    regions: dict[int, tuple[str, Any]] = {}  # span id -> (annotation, span)
    for span in spans:
        result = by_annotator.setdefault(span.annotator, [])
        result.append(_region(span))
        result.extend(_attribute_results(span, seen))
        regions[span.id] = (span.annotator, span)
    for relation in relations:
        group, _ = regions[relation.head_span_id]
        child_group, child = regions[relation.tail_span_id]
        result = by_annotator[group]
        if child_group != group and not any(r.get("id") == f"s{child.id}" for r in result):
            result.append(_region(child))  # Label Studio links regions of one annotation
        result.append({
            "from_id": f"s{relation.head_span_id}", "to_id": f"s{relation.tail_span_id}",
            "type": "relation", "direction": "right", "labels": [relation.kind],
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
            # read back into meta by read_task, as any other data key
            **{key: article.meta[key] for key in EXPORTED_META if key in article.meta},
        },
        "annotations": [{"result": result} for result in by_annotator.values()],
    }


def write(items: Iterable[Item], path: Path, context: ExportContext) -> None:
    kinds: set[str] = set()
    attributes: dict[str, str] = {}
    unheld = 0
    with atomic_write(path) as handle:
        handle.write("[")
        first = True
        for article, spans, relations in items:
            handle.write("\n" if first else ",\n")
            first = False
            kinds.update(r.kind for r in relations)
            unheld += sum(
                not isinstance(v, bool | int | float | str)
                for s in spans for v in s.attributes.values()
            )  # fmt: skip
            handle.write(
                json.dumps(task(article, spans, relations, attributes), ensure_ascii=False)
            )
        handle.write("\n]\n")
    if unheld:
        context.note(
            f"{unheld} span attribute value(s) that are lists, objects or null have no "
            "Label Studio control; left out"
        )
    # after the tasks, so a cancelled or failed export leaves no file at all
    with atomic_write(config_path(path)) as handle:
        handle.write(labelling_config(context.labels, kinds, attributes))


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
    raw_spans: list[dict[str, Any]] = []
    raw_relations: list[dict[str, Any]] = []
    sources = task.get("annotations") or task.get("predictions") or []
    if not isinstance(sources, list):
        raise ImportRefused(f'{where}: "annotations" is not a list')
    for number, source in enumerate(sources):
        if not isinstance(source, dict) or not isinstance(source.get("result", []), list):
            raise ImportRefused(f"{where}: an annotation is not an object with a result list")
        if source.get("was_cancelled"):
            continue
        _read_result(source.get("result", []), number, where, raw_spans, raw_relations)
    return article_from(record, where, raw_spans=raw_spans, raw_relations=raw_relations)


def _read_result(
    result: list[Any],
    annotation: int,
    where: str,
    raw_spans: list[dict[str, Any]],
    raw_relations: list[dict[str, Any]],
) -> None:
    """One annotation's regions, per-region attributes and relations, appended to the lists.

    Region ids are the annotation's own, so a ref is (annotation, region id).
    """
    attributes: dict[str, dict[str, Any]] = {}
    for region in result:
        if not isinstance(region, dict):
            continue
        name = region.get("from_name")
        value = region.get("value")
        if (
            isinstance(name, str) and name.startswith(ATTRIBUTE_PREFIX)
            and isinstance(value, dict) and region.get("id") is not None
        ):  # fmt: skip
            held = _attribute_value(region.get("type"), value)
            if held is not None:
                key = str(region["id"])
                attributes.setdefault(key, {})[name.removeprefix(ATTRIBUTE_PREFIX)] = held[0]
    for region in result:
        if not isinstance(region, dict):
            continue
        if region.get("type") == "relation":
            ends = [region.get("from_id"), region.get("to_id")]
            if region.get("direction") == "left":
                ends.reverse()
            labels = region.get("labels")
            raw_relations.append({
                "head": f"{annotation}:{ends[0]}", "child": f"{annotation}:{ends[1]}",
                "type": labels[0] if isinstance(labels, list) and labels else None,
            })  # fmt: skip
            continue
        if region.get("type") != "labels":
            continue  # choices, ratings: not spans
        value = region.get("value")
        if not isinstance(value, dict) or not isinstance(value.get("labels"), list):
            raise ImportRefused(f"{where}: a labels region has no value.labels list")
        for label in value["labels"]:
            raw_spans.append({
                "ref": f"{annotation}:{region.get('id')}",
                "start": value.get("start"), "end": value.get("end"), "label": label,
                "text": value.get("text"),
                "attributes": attributes.get(str(region.get("id")), {}),
            })  # fmt: skip


def _attribute_value(kind: Any, value: dict[str, Any]) -> tuple[Any] | None:
    """The attribute a per-region result holds, in a 1-tuple (None: not one we read)."""
    if kind == "number" and "number" in value:
        return (value["number"],)
    if kind == "textarea" and isinstance(value.get("text"), list) and value["text"]:
        return (value["text"][0],)
    if kind == "choices" and isinstance(value.get("choices"), list) and value["choices"]:
        choice = value["choices"][0]
        return ({"true": True, "false": False}.get(choice, choice),)
    return None
