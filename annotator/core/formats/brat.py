"""brat standoff: a folder of ``NAME.txt`` + ``NAME.ann`` and one ``annotation.conf``.

``NAME.txt`` is the article text byte for byte (UTF-8, line endings as
stored); offsets count Unicode code points, as brat's Python reader does.
A ``.ann`` line cannot hold a line break, so a span crossing one becomes a
discontinuous span whose fragments skip the line-break characters
(``T1\tCLAIM 0 12;13 20\tfirst line second line``).  A span that starts or
ends on a line break loses those characters (named in the summary); one that
is only line breaks cannot be written (named in the summary).  Read back by
:func:`read`, which joins such fragments into one span again.

Relations are ``R`` lines, ``R1\tspeaker Arg1:T3 Arg2:T1`` (Arg1 the head, Arg2
the child), declared in ``annotation.conf``'s ``[relations]`` with the labels
their arguments had (``speaker Arg1:QUOTE, Arg2:ACTOR``).  Span attributes
are ``A`` lines, ``A1\tvalue T2 6000``, declared in ``[attributes]`` with every
value written (``value Arg:NUMBER, Value:6000|40``); ``true`` is a binary
attribute (``A2\tdirect T3``).  A brat value holds no space: whitespace and
``%`` are written percent-encoded (``at%20least``) and decoded on reading.
``value``, ``low`` and ``high`` read back as numbers, others as text; an
attribute brat cannot hold (false, null, a list or object) is named in the summary.

An ACTOR span whose ``entity`` names an entity of the registry (issue 14) gets a
normalization line instead of an ``entity`` attribute: ``N1\tReference T3
annotator:E12\tOlena Marchenko`` (the entity's name as the text, line breaks as spaces),
with the entity's kind and aliases in a note on it, ``#9\tAnnotatorNotes N1\tactor:
{"kind": "person", "aliases": [...]}``.  :func:`read` turns them back into the span's
``entity`` and the record's ``actors`` (kind ``person`` when the note is missing), which
the importer places in the registry; ``N`` lines of other databases are passed over.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from annotator.core.cross_records import ENTITY_ATTRIBUTE
from annotator.core.errors import ImportRefused
from annotator.core.formats.base import (
    EXPORTED_META,
    ExportContext,
    Item,
    ParsedArticle,
    SpanRefs,
    check_article_text,
    file_stem,
    meta_text,
    plain_label_names,
    relations_from,
    span_from,
    title_of,
)
from annotator.core.formats.tokens import LINE_BREAKS
from annotator.core.model import ENTITY_KINDS, NUMERIC_ATTRIBUTES, Article

TXT_SUFFIX = ".txt"  # the text, byte for byte
ANN_SUFFIX = ".ann"  # its spans, beside the text of the same name: one brat document
# A note that carries the article's meta, not the span's: "article outlet: ..."
ARTICLE_NOTE = "article "
CONF_NAME = "annotation.conf"
# brat's own configuration files, read by brat, not articles: the importer passes them over.
CONFIG_FILES = (CONF_NAME, "visual.conf", "tools.conf", "kb_shortcuts.conf")
# The normalization database of an N line that names an entity of the registry
REGISTRY_DB = "annotator"
ACTOR_NOTE = "actor: "


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) cut into the pieces between line-break characters."""
    pieces: list[tuple[int, int]] = []
    begin = None
    for offset in range(start, end):
        if text[offset] in LINE_BREAKS:
            if begin is not None:
                pieces.append((begin, offset))
                begin = None
        elif begin is None:
            begin = offset
    if begin is not None:
        pieces.append((begin, end))
    return pieces


_ESCAPED = re.compile(r"[\s%]")


def brat_value(value: str) -> str:
    """A value as brat can hold it: no whitespace (percent-encoded, as is % itself)."""
    return _ESCAPED.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), value)


def plain_name(name: str) -> str:
    return re.sub(r"\s", "_", name)


def annotation_conf(
    label_names: Iterable[str],
    relations: dict[str, tuple[set[str], set[str]]] | None = None,
    attributes: dict[str, tuple[set[str], set[str]]] | None = None,
) -> str:
    """The conf: labels; relation types with their argument labels; attributes with values.

    ``relations``: type -> (head labels, child labels); ``attributes``: name -> (labels,
    values written, "" for a binary attribute).
    """
    lines = ["[entities]", *label_names, "", "[relations]"]
    for kind, (heads, children) in sorted((relations or {}).items()):
        lines.append(f"{kind}\tArg1:{'|'.join(sorted(heads))}, Arg2:{'|'.join(sorted(children))}")
    lines += ["", "[events]", "", "[attributes]"]
    for name, (labels, values) in sorted((attributes or {}).items()):
        line = f"{name}\tArg:{'|'.join(sorted(labels))}"
        shown = sorted(v for v in values if v)
        if shown:
            line += f", Value:{'|'.join(shown)}"
        lines.append(line)
    return "\n".join([*lines, ""])


def write(items: Iterable[Item], folder: Path, context: ExportContext) -> None:
    plain = plain_label_names(label.name for label in context.labels)
    relation_conf: dict[str, tuple[set[str], set[str]]] = {}
    attribute_conf: dict[str, tuple[set[str], set[str]]] = {}
    unheld = unplaced = 0
    # The folder is staged and renamed into place whole (see export.atomic_folder),
    # so its files are written plainly: one atomic_write (and fsync) per file
    # made a 2,000-article export take 20 s instead of 3.
    for article, spans, relations in items:
        stem = file_stem(article)
        with (folder / f"{stem}{TXT_SUFFIX}").open("w", encoding="utf-8", newline="") as handle:
            handle.write(article.text)
        lines: list[str] = []
        attribute_lines: list[str] = []
        notes: list[tuple[str, str]] = []
        numbers: dict[int, tuple[int, str]] = {}  # span id -> (T number, label)
        references: list[tuple[int, str]] = []  # (T number, entity key)
        number = 0
        for span in spans:
            pieces = fragments(article.text, span.start, span.end)
            if not pieces:
                context.note(
                    f"article {article.id} span {span.id} {span.label}: only line breaks; "
                    "left out of the brat files"
                )
                continue
            if pieces[0][0] != span.start or pieces[-1][1] != span.end:
                context.note(
                    f"article {article.id} span {span.id} {span.label}: line breaks at its "
                    f"edges dropped in brat ([{span.start}, {span.end}) written as "
                    f"[{pieces[0][0]}, {pieces[-1][1]}))"
                )
            number += 1
            numbers[span.id] = (number, plain[span.label])
            where = ";".join(f"{a} {b}" for a, b in pieces)
            shown = " ".join(article.text[a:b] for a, b in pieces)
            lines.append(f"T{number}\t{plain[span.label]} {where}\t{shown}\n")
            annotator = " ".join(span.annotator.split())  # no line break may reach the .ann
            if annotator:
                lines.append(f"#{number}\tAnnotatorNotes T{number}\tannotator: {annotator}\n")
            for name, value in span.attributes.items():
                if name == ENTITY_ATTRIBUTE and value in context.cross.entities:
                    references.append((number, value))
                    continue
                if value is True:
                    written = ""
                elif isinstance(value, str) and value:
                    written = brat_value(value)
                elif isinstance(value, int | float) and not isinstance(value, bool):
                    written = repr(value)
                else:
                    unheld += 1
                    continue
                key = plain_name(name)
                attribute_lines.append(
                    f"\t{key} T{number}" + (f" {written}" if written else "") + "\n"
                )
                labels_of, values = attribute_conf.setdefault(key, (set(), set()))
                labels_of.add(plain[span.label])
                values.add(written)
        for count, relation in enumerate(relations, start=1):
            head, child = numbers.get(relation.head_span_id), numbers.get(relation.tail_span_id)
            if head is None or child is None:
                context.note(
                    f"article {article.id} relation {relation.id} {relation.kind}: its span "
                    "could not be written; left out of the brat files"
                )
                continue
            kind = plain_name(relation.kind)
            lines.append(f"R{count}\t{kind} Arg1:T{head[0]} Arg2:T{child[0]}\n")
            notes.append((f"R{count}", relation.annotator))
            heads, children = relation_conf.setdefault(kind, (set(), set()))
            heads.add(head[1])
            children.add(child[1])
        lines += [f"A{i}{line}" for i, line in enumerate(attribute_lines, start=1)]
        # numbered after the spans' notes, which use their T numbers
        for i, (target, who) in enumerate(notes, start=number + 1):
            annotator = " ".join(who.split())
            if annotator:
                lines.append(f"#{i}\tAnnotatorNotes {target}\tannotator: {annotator}\n")
        meta_notes = _article_notes(article, first=number + len(notes) + 1, spans=number)
        lines += meta_notes
        lines += _references(
            references, context, first_note=number + len(notes) + len(meta_notes) + 1
        )
        unplaced += bool(not number and any(meta_text(article, k) for k in EXPORTED_META))
        with (folder / f"{stem}{ANN_SUFFIX}").open("w", encoding="utf-8", newline="") as handle:
            handle.writelines(lines)
    if unheld:
        context.note(
            f"{unheld} span attribute value(s) brat cannot hold (false, empty, null, a list "
            "or object); left out of the brat files"
        )
    if unplaced:
        context.note(
            f"{unplaced} article(s) with an outlet or date but no span: a brat note must "
            "name an annotation, so theirs are left out of the brat files"
        )
    # Last: it declares every relation type and attribute value the documents use.
    with (folder / CONF_NAME).open("w", encoding="utf-8", newline="") as handle:
        handle.write(annotation_conf(plain.values(), relation_conf, attribute_conf))


def _references(references: list[tuple[int, str]], context: ExportContext, *, first_note: int
                ) -> list[str]:  # fmt: skip
    """The N lines of spans that name a registry entity, each with its actor note."""
    lines = []
    for i, (number, key) in enumerate(references, start=1):
        entity = context.cross.entities[key]
        name = "".join(" " if ch in LINE_BREAKS else ch for ch in entity.name)
        actor = json.dumps({"kind": entity.kind, "aliases": list(entity.aliases)},
                           ensure_ascii=False)  # fmt: skip
        lines.append(f"N{i}\tReference T{number} {REGISTRY_DB}:{key}\t{name}\n")
        lines.append(f"#{first_note + i - 1}\tAnnotatorNotes N{i}\t{ACTOR_NOTE}{actor}\n")
    return lines


def _article_notes(article: Article, *, first: int, spans: int) -> list[str]:
    """The article's outlet and date as notes on its first span (T1).

    brat's standoff has no document-level annotation and no free comment line: a
    ``#`` line is a note that must name an annotation (brat reports one naming an
    undefined id).  So the article's meta rides on T1, marked ``article KEY:`` so
    that :func:`read` tells it from the span's own notes; an article without a
    span has nowhere to put it (the summary says so).
    """
    if not spans:
        return []
    shown = [(key, meta_text(article, key)) for key in EXPORTED_META]
    present = [(key, text) for key, text in shown if text]
    return [
        f"#{i}\tAnnotatorNotes T1\t{ARTICLE_NOTE}{key}: {text}\n"
        for i, (key, text) in enumerate(present, start=first)
    ]


# -- reading -------------------------------------------------------------------


def read(text: str, ann: str, *, ann_name: str) -> list[ParsedArticle]:
    """A brat document: the text of ``NAME.txt`` and of ``NAME.ann`` (named ``ann_name``).

    A discontinuous span whose gaps are only line breaks (how :func:`write`
    writes a span across lines) becomes one span again; other discontinuous
    spans become one span per fragment, each with ``{"brat_id": "T7"}``.
    ``#`` notes of the form ``annotator: NAME`` give the span's (or relation's)
    annotator; ``R`` lines become relations and ``A`` lines span attributes.  A
    relation or attribute naming a T id the file lacks is refused with its line.
    The importer finds and reads the ``.ann`` beside the ``.txt`` (:data:`ANN_SUFFIX`).
    """
    check_article_text(text, "")
    bound: dict[str, tuple[str, list[tuple[int, int]], str, int]] = {}
    annotators: dict[str, str] = {}
    linked: list[tuple[str, str, str, str, int]] = []  # (R id, type, head, child, line)
    attributed: dict[str, dict[str, Any]] = {}  # T id -> attributes
    meta: dict[str, Any] = {}  # the article's outlet and date, from notes on T1
    referred: dict[str, tuple[str, str]] = {}  # N id -> (entity key, name)
    actor_notes: dict[str, str] = {}  # N id -> its actor note's JSON
    for number, line in enumerate(ann.split("\n"), start=1):
        line = line.removesuffix("\r")
        where = f"{ann_name} line {number}"
        if not line.strip():
            continue
        if line.startswith("T"):
            parts = line.split("\t", 2)
            if len(parts) != 3 or " " not in parts[1]:
                raise ImportRefused(f"{where}: expected 'T<n><TAB>TYPE START END<TAB>TEXT'")
            label, _, offsets = parts[1].partition(" ")
            try:
                pieces = [
                    (int(a), int(b)) for a, b in (piece.split() for piece in offsets.split(";"))
                ]
            except ValueError:
                raise ImportRefused(
                    f"{where}: offsets {offsets!r} are not START END[;START END]"
                ) from None
            for start, end in pieces:
                if not 0 <= start < end <= len(text):
                    raise ImportRefused(
                        f"{where}: fragment [{start}, {end}) is out of range or empty for "
                        f"a text of {len(text)} characters"
                    )
            shown = " ".join(text[a:b] for a, b in pieces)
            if shown != parts[2]:
                raise ImportRefused(
                    f"{where}: says {parts[2][:40]!r} but the text there is {shown[:40]!r}"
                )
            bound[parts[0]] = (label, pieces, parts[2], number)
        elif line.startswith("R"):
            parts = line.split("\t")
            fields = parts[1].split() if len(parts) >= 2 else []
            if (
                len(fields) != 3 or not fields[1].startswith("Arg1:")
                or not fields[2].startswith("Arg2:")
            ):  # fmt: skip
                raise ImportRefused(f"{where}: expected 'R<n><TAB>TYPE Arg1:T<n> Arg2:T<n>'")
            head, child = fields[1].removeprefix("Arg1:"), fields[2].removeprefix("Arg2:")
            linked.append((parts[0], fields[0], head, child, number))
        elif line.startswith("A"):
            parts = line.split("\t")
            fields = parts[1].split() if len(parts) >= 2 else []
            if len(fields) not in (2, 3):
                raise ImportRefused(f"{where}: expected 'A<n><TAB>NAME T<n>[ VALUE]'")
            value: Any = True if len(fields) == 2 else unquote(fields[2])
            if fields[0] in NUMERIC_ATTRIBUTES and isinstance(value, str):
                value = _number(value, where, fields[0])
            attributed.setdefault(fields[1], {})[fields[0]] = value
        elif line.startswith("N"):
            parts = line.split("\t", 2)
            fields = parts[1].split() if len(parts) == 3 else []
            if len(fields) != 3 or fields[0] != "Reference":
                raise ImportRefused(f"{where}: expected 'N<n><TAB>Reference T<n> DB:ID<TAB>TEXT'")
            database, _, key = fields[2].partition(":")
            if database == REGISTRY_DB:  # another database's N line is no entity of ours
                attributed.setdefault(fields[1], {})[ENTITY_ATTRIBUTE] = key
                referred[parts[0]] = (key, parts[2])
        elif line.startswith("#"):
            parts = line.split("\t", 2)
            target = parts[1].split() if len(parts) == 3 else []
            if (
                len(target) == 2 and target[0] == "AnnotatorNotes"
                and parts[2].startswith("annotator: ")
            ):  # fmt: skip
                annotators[target[1]] = parts[2].removeprefix("annotator: ")
            elif len(target) == 2 and parts[2].startswith(ACTOR_NOTE):
                actor_notes[target[1]] = parts[2].removeprefix(ACTOR_NOTE)
            elif len(target) == 2 and parts[2].startswith(ARTICLE_NOTE):
                key, _, value = parts[2].removeprefix(ARTICLE_NOTE).partition(": ")
                if key in EXPORTED_META:
                    meta[key] = value
    for target in attributed:
        if target not in bound:
            raise ImportRefused(f"{ann_name}: an attribute names {target}, which is no T line")
    spans = []
    refs = SpanRefs()
    for brat_id, (label, pieces, _, number) in bound.items():
        gaps = [text[b:a] for (_, b), (a, _) in pairwise(pieces)]
        annotator = annotators.get(brat_id, "")
        attributes: dict[str, Any] = dict(attributed.get(brat_id, {}))
        if all(gap and all(ch in LINE_BREAKS for ch in gap) for gap in gaps):
            pieces = [(pieces[0][0], pieces[-1][1])]
        else:
            attributes["brat_id"] = brat_id
        for start, end in pieces:
            raw = {"start": start, "end": end, "label": label, "annotator": annotator,
                   "attributes": attributes}  # fmt: skip
            refs.add(brat_id, raw, len(spans))  # a relation links the first fragment
            spans.append(span_from(text, raw, f"{ann_name} line {number}"))
    relations = []
    for r_id, kind, head, child, number in linked:
        relations += relations_from(
            [{"head": head, "child": child, "type": kind, "annotator": annotators.get(r_id, "")}],
            refs, f"{ann_name} line {number}",
        )  # fmt: skip
    actors = {
        key: _actor(name, actor_notes.get(n_id), f"{ann_name}: {n_id}")
        for n_id, (key, name) in referred.items()
    }
    return [
        ParsedArticle(
            title=title_of(text),
            text=text,
            meta=meta,
            spans=spans,
            relations=relations,
            actors=actors,
        )
    ]


def _actor(name: str, note: str | None, where: str) -> dict[str, Any]:
    """An N line's entity as a registry entry: its text the name, its note kind and aliases."""
    entry: dict[str, Any] = {"name": name, "kind": "person", "aliases": []}
    if note is None:
        return entry
    try:
        given = json.loads(note)
    except ValueError:
        raise ImportRefused(f"{where}: its actor note is not JSON") from None
    if not isinstance(given, dict) or given.get("kind", "person") not in ENTITY_KINDS:
        raise ImportRefused(f"{where}: its actor note has no known kind")
    aliases = given.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ImportRefused(f"{where}: its actor note's aliases are not a list of names")
    return {"name": name, "kind": given.get("kind", "person"), "aliases": aliases}


def _number(literal: str, where: str, name: str) -> int | float:
    try:
        return int(literal)
    except ValueError:
        pass
    try:
        value = float(literal)
    except ValueError:
        raise ImportRefused(
            f"{where}: attribute {name!r} must be a number, not {literal!r}"
        ) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ImportRefused(f"{where}: attribute {name!r} must be a finite number")
    return value
