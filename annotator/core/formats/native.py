"""Native JSON lines: every article with its spans, written and read back unchanged.

A line is ``{"id", "title", "text", "meta", "status", "spans": [{"id",
"start", "end", "label", "text", "annotator"}]}``; a span's ``attributes``
appear only when it has any.  ``"relations": [{"id", "head", "child", "type",
"annotator"}]`` (present when the article has any; a relation's
``attributes`` when it has any) links them: ``head`` and
``child`` are ids of spans in the same line.  It is a superset of the Prodigy/spaCy span
format (``text`` plus ``spans`` with ``start``/``end``/``label``), so tools
that read that format take it unchanged, and importing it reproduces the
articles, spans and relations.  For the same reason this reader also reads
Prodigy tasks, whose relations name their spans by place (``head_span``,
``child_span``) rather than by id.

Issue 14 adds, each only when the article has any: ``"story": NAME``; ``"actors": {KEY:
{"name", "kind", "aliases"}}``, the registry entries of the entities its ACTOR spans name
in their ``entity`` attribute; and ``"links": [{"span", "to_article", "to_span", "type",
"annotator"}]``, each link once, in the record of the span it starts from: ``span`` is a
span ``id`` of this line, ``to_article`` the ``id`` of another line of the same file and
``to_span`` a span ``id`` of that line.  A link whose other end the export leaves out
(a filter, another part of a split) is left out and counted in the summary.  They are
read back by :mod:`annotator.core.cross_records` and stored by
:mod:`annotator.core.cross_import`, so export then import into an empty corpus gives the
same stories, entity keys and links.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.core.cross_records import entity_keys
from annotator.core.errors import ImportRefused
from annotator.core.fileutil import atomic_write
from annotator.core.formats.base import ExportContext, Item
from annotator.core.model import Article, Relation, Span


def native_record(
    article: Article, spans: Iterable[Span], relations: Iterable[Relation] = ()
) -> dict[str, Any]:
    out_spans = []
    for span in spans:
        item: dict[str, Any] = {
            "id": span.id, "start": span.start, "end": span.end, "label": span.label,
            "text": span.text, "annotator": span.annotator,
        }  # fmt: skip
        if span.attributes:
            item["attributes"] = span.attributes
        out_spans.append(item)
    record = {
        "id": article.id, "title": article.title, "text": article.text, "meta": article.meta,
        "status": article.status, "spans": out_spans,
    }  # fmt: skip
    out_relations = [relation_record(r) for r in relations]
    if out_relations:  # like a span's attributes: only when there are any
        record["relations"] = out_relations
    return record


def relation_record(relation: Relation) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": relation.id, "head": relation.head_span_id, "child": relation.tail_span_id,
        "type": relation.kind, "annotator": relation.annotator,
    }  # fmt: skip
    if relation.attributes:
        item["attributes"] = relation.attributes
    return item


def cross_keys(article: Article, spans: list[Span], context: ExportContext) -> dict[str, Any]:
    """The record's story, actors and links, each only when there are any."""
    cross = context.cross
    keys: dict[str, Any] = {}
    story = cross.stories.get(article.id)
    if story is not None:
        keys["story"] = story
    actors = cross.actors(spans)
    if actors:
        keys["actors"] = actors
        lacking = sorted(entity_keys(spans) - set(actors), key=str)
        if lacking:  # free text from before the registry, beside registry keys
            context.note(
                f"article {article.id}: its spans name entities the registry lacks "
                f"({', '.join(map(repr, lacking))[:80]}), so importing this file refuses "
                "its line; add them to the registry (annotator entities add) first"
            )
    links = [
        {"span": link.span_id, "to_article": link.to_article_id, "to_span": link.to_span_id,
         "type": link.type, "annotator": link.annotator}
        for link in cross.links.get(article.id, ())
    ]  # fmt: skip
    if links:
        keys["links"] = links
    return keys


def write(items: Iterable[Item], path: Path, context: ExportContext) -> None:
    with atomic_write(path) as handle:
        for article, spans, relations in items:
            record = native_record(article, spans, relations)
            record.update(cross_keys(article, spans, context))
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


def relations_in(record: dict[str, Any], where: str) -> Iterator[dict[str, Any]]:
    """The raw relations of a record's ``relations`` key, native or Prodigy.

    doccano's relations share the key (``from_id``/``to_id``); its module reads those.
    """
    relations = record.get("relations")
    if relations is None:
        return
    if not isinstance(relations, list):
        raise ImportRefused(f'{where}: "relations" is not a list')
    for number, raw in enumerate(relations, 1):
        if not isinstance(raw, dict):
            raise ImportRefused(f'{where}: relation {number} in "relations" is not an object')
        if "from_id" in raw:
            continue  # doccano's
        if "head" not in raw or "child" not in raw:
            raise ImportRefused(
                f"{where}: relation {number} has no head and child (nor doccano's from_id/to_id)"
            )
        if "head_span" in raw:  # Prodigy: head/child are token indices; the spans say where
            ends = [_place(raw.get(key), where, number) for key in ("head_span", "child_span")]
            kind = raw.get("label")
        else:
            ends, kind = [raw["head"], raw["child"]], raw.get("type")
        yield {"head": ends[0], "child": ends[1], "type": kind,
               "annotator": raw.get("annotator"), "attributes": raw.get("attributes")}  # fmt: skip


def _place(span: Any, where: str, number: int) -> tuple[Any, ...]:
    if not isinstance(span, dict):
        raise ImportRefused(f"{where}: relation {number}: head_span or child_span is not an object")
    return ("at", span.get("start"), span.get("end"), span.get("label"))
