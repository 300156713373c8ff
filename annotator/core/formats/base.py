"""What every format module shares: the contract between the formats and their fronts.

A format module (one per format, registered in :mod:`annotator.core.formats`)
imports this module and the core's model, errors and file helpers, never the
fronts (:mod:`annotator.core.export`, :mod:`annotator.core.importing`) and never
another format, so no circle can form however the formats grow.

Writing: a writer is ``write(items, path, context)``; ``items`` are
:class:`ExportItem` triples (article, spans, relations) already checked by the
export front (every relation's head and child are among the spans), ``path`` is the
file to write (or, for a folder format, the folder to fill), and ``context``
carries the chosen labels and the summary that notes go to.  A format that also
writes files beside ``path`` names them in ``companions(path)``, so the export
front checks them as it checks ``path`` (never the corpus).  Folder formats
name their files with :func:`file_stem`; formats that cannot hold whitespace in
a label use :func:`plain_label_names`.

Reading: a reader turns what the importer decoded into :class:`ParsedArticle`
values, refusing bad input with :class:`~annotator.core.errors.ImportRefused`.
A JSON record (a line of a ``.jsonl`` file, or an item of a ``.json`` list)
becomes an article through :func:`article_from`, given the raw spans that each
record format's ``spans_in(record, where)`` found in it and the raw relations of
its ``relations_in(record, where)``.  A raw span may carry a ``ref`` (or ``id``)
that the file's relations name it by; a raw relation is ``{"head", "child",
"type", "annotator", "attributes"}`` whose ends are such refs, or
``("at", start, end, label)`` for formats that name a span by where it is (Prodigy).
"""

from __future__ import annotations

import json
import math
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from annotator.core.cross_records import CrossData, FileLink
from annotator.core.errors import AnnotatorError, ExportError, ImportRefused
from annotator.core.model import (
    NUMERIC_ATTRIBUTES,
    STATUSES,
    Article,
    Label,
    NewRelation,
    NewSpan,
    Relation,
    Span,
    check_text,
)


class ExportItem(NamedTuple):
    """One article as a writer gets it: the chosen spans and the relations between them."""

    article: Article
    spans: list[Span]
    relations: list[Relation]


Item = ExportItem
Writer = Callable[[Iterable[Item], Path, "ExportContext"], None]
# How deep "meta" and span attributes may nest: real ones nest a few levels.
MAX_NESTING = 100


# -- writing -------------------------------------------------------------------


@dataclass(slots=True)
class ExportSummary:
    path: Path
    format: str
    articles: int = 0
    spans: int = 0
    relations: int = 0
    unfinished: int = 0
    notes: list[str] = field(default_factory=list)
    parts: dict[str, int] = field(default_factory=dict)  # split name -> articles

    def line(self) -> str:
        spans = f"{self.spans} span{'s' if self.spans != 1 else ''}"
        if self.relations:
            spans += f" and {self.relations} relation{'s' if self.relations != 1 else ''}"
        text = (
            f"Wrote {self.articles} article{'s' if self.articles != 1 else ''}"
            f"{',' if self.relations else ' and'} {spans} as {self.format} to {self.path}"
        )
        if self.parts:
            text += " (" + ", ".join(f"{k} {v}" for k, v in self.parts.items()) + ")"
        if self.unfinished:
            noun = "article" if self.unfinished == 1 else "articles"
            text += f"; {self.unfinished} unfinished {noun} (not marked done) included"
        return text + "."

    def lines(self) -> list[str]:
        """The summary line, then one line per note (expanded or left-out spans)."""
        return [self.line(), *self.notes]


@dataclass(slots=True)
class ExportContext:
    """What a format writer may use besides the articles: labels and the summary."""

    labels: list[Label]
    summary: ExportSummary
    per_label: bool = False  # CoNLL: also one file per label (what spacy convert reads)
    # Stories, the actor registry and the links whose both ends go out (issue 14)
    cross: CrossData = field(default_factory=CrossData)

    def note(self, message: str) -> None:
        self.summary.notes.append(message)


# -- names that stay inside the chosen folder -------------------------------


def file_stem(article: Article) -> str:
    """A file name for the article: its id and an ASCII slug of its title.

    Only letters, digits and hyphens, at most 60 of them after the id, so no
    title (``../../etc/passwd``, ``/abs``, NUL, 10,000 characters) can name a
    file outside the folder, and ids keep names unique.
    """
    ascii_title = unicodedata.normalize("NFKD", article.title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", ascii_title).strip("-").lower()[:60].strip("-")
    return f"{article.id:06d}-{slug}" if slug else f"{article.id:06d}"


def plain_label_names(labels: Iterable[str]) -> dict[str, str]:
    """Label names for formats that cannot hold whitespace (brat, CoNLL): spaces become _."""
    mapping: dict[str, str] = {}
    seen: dict[str, str] = {}
    for name in labels:
        plain = re.sub(r"\s", "_", name)
        if plain in seen and seen[plain] != name:
            raise ExportError(
                f"labels {seen[plain]!r} and {name!r} would both be written as {plain!r}; "
                "rename one first"
            )
        seen[plain] = name
        mapping[name] = plain
    return mapping


def article_keys(article: Any) -> dict[str, Any]:
    """The article's own keys, kept at the top of a task by Prodigy and doccano alike."""
    return {"id": article.id, "title": article.title, "status": article.status,
            "meta": article.meta}  # fmt: skip


# The article meta that every format with a place for it carries beyond the native
# ones (CSV columns, Label Studio data, brat notes); Prodigy and doccano keep all meta.
EXPORTED_META = ("outlet", "date")


def meta_text(article: Article, key: str) -> str:
    """One meta value as one line of text: "" when absent, JSON for a non-string."""
    value = article.meta.get(key)
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return " ".join(text.split())  # a line break would end a brat note or a CSV reader's row


# -- reading -------------------------------------------------------------------


@dataclass(slots=True)
class ParsedArticle:
    title: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    status: str = "todo"
    spans: list[NewSpan] = field(default_factory=list)
    relations: list[NewRelation] = field(default_factory=list)
    where: str = ""  # "line 3" for JSONL, "" for a whole file
    ref: str | None = None  # the id the file gave the article, if any (for evaluate)
    # Issue 14 (annotator.core.cross_records): the story, the registry entries its spans'
    # "entity" keys name, its links, the file's span ids -> positions in ``spans``; and
    # why the record is refused, when only it is (the rest of the file goes in).
    story: str | None = None
    actors: dict[str, dict[str, Any]] = field(default_factory=dict)
    links: list[FileLink] = field(default_factory=list)
    span_ids: dict[str, int] = field(default_factory=dict)
    refused: str | None = None


def title_of(text: str, *, markdown: bool = False) -> str:
    for line in text.splitlines():
        line = line.strip()
        if markdown:
            line = line.lstrip("#").strip()
        if line:
            return line[:200]
    return "(untitled)"


def loads(text: str) -> Any:
    """json.loads, with every way it can fail on hostile input as ImportRefused.

    Raises json.JSONDecodeError for malformed JSON, so the caller can say where.
    """
    try:
        return json.loads(text, parse_constant=_no_constant, parse_float=_finite_float)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise ImportRefused(
            "the JSON is nested too deeply to read (arrays or objects hundreds of levels deep)"
        ) from None
    except ValueError:  # the only other ValueError json raises: int()'s digit limit
        raise ImportRefused(
            f"the JSON holds a whole number of more than {sys.get_int_max_str_digits()} digits"
        ) from None


def _no_constant(name: str) -> Any:
    # NaN and Infinity are not JSON; stored in meta they would make every export invalid.
    raise ImportRefused(f"the JSON holds {name}, which is not a JSON number")


def _finite_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):  # 1e999: too big for a float, it reads as infinity
        raise ImportRefused(f"the JSON holds the number {literal[:40]}, too large to keep")
    return value


def article_from(
    record: Any,
    where: str,
    *,
    raw_spans: Iterable[dict[str, Any]],
    raw_relations: Iterable[dict[str, Any]] = (),
) -> ParsedArticle:
    """One task/document object in any of the span shapes we read, its spans given raw.

    ``raw_spans`` is read only after the article's own keys passed their checks
    (pass a generator), so a bad article is named before a bad span;
    ``raw_relations`` after the spans, whose refs they name.
    """
    if not isinstance(record, dict):
        raise ImportRefused(f"{where}: expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str):
        raise ImportRefused(f'{where}: no "text" string')
    check_article_text(text, where)
    meta = record.get("meta") if isinstance(record.get("meta"), dict) else {}
    title = record.get("title") or meta.get("title")
    if not isinstance(title, str) or not title.strip():
        title = title_of(text)
    check_strings(title, where, "the title")
    check_strings(meta, where, '"meta"')
    status = record.get("status", "todo")
    if status not in STATUSES:
        raise ImportRefused(f"{where}: unknown status {status!r}")
    raws = list(raw_spans)
    spans = [span_from(text, raw, f"{where}: span {i}") for i, raw in enumerate(raws, 1)]
    relations: list[NewRelation] = []
    raw_links = list(raw_relations)
    if raw_links:  # most records have none: no refs to build
        refs = SpanRefs()
        for position, raw in enumerate(raws):
            refs.add(raw.get("ref", raw.get("id")), raw, position)
        relations = relations_from(raw_links, refs, where)
    ref = record.get("id")
    return ParsedArticle(
        title=title, text=text, meta=meta, status=status, spans=spans, relations=relations,
        where=where, ref=None if ref is None else str(ref),
    )  # fmt: skip


class SpanRefs:
    """How a file's relations name its spans: by the span's id in the file, or by place."""

    __slots__ = ("_by_ref",)

    def __init__(self) -> None:
        self._by_ref: dict[Any, int] = {}

    def add(self, ref: Any, raw: dict[str, Any], position: int) -> None:
        if isinstance(ref, str | int) and not isinstance(ref, bool):
            self._by_ref.setdefault(("ref", str(ref)), position)
        place = ("at", raw.get("start"), raw.get("end"), raw.get("label"))
        if all(isinstance(x, int | str) for x in place):
            self._by_ref.setdefault(place, position)

    def find(self, ref: Any) -> int | None:
        if isinstance(ref, tuple):
            return self._by_ref.get(ref)
        if isinstance(ref, str | int) and not isinstance(ref, bool):
            return self._by_ref.get(("ref", str(ref)))
        return None


def relations_from(
    raw_relations: Iterable[dict[str, Any]], refs: SpanRefs, where: str
) -> list[NewRelation]:
    """Raw relations as :class:`NewRelation` values naming span positions; refuse bad ones."""
    relations = []
    for number, raw in enumerate(raw_relations, 1):
        here = f"{where + ': ' if where else ''}relation {number}"
        kind = raw.get("type")
        if not isinstance(kind, str) or not kind.strip() or len(kind) > 64:
            raise ImportRefused(f"{here}: no usable type ({json.dumps(kind)[:40]})")
        ends = []
        for end in ("head", "child"):
            ref = raw.get(end)
            position = refs.find(ref)
            if position is None:
                shown = ref[1:] if isinstance(ref, tuple) else ref
                raise ImportRefused(
                    f"{here}: its {end} {json.dumps(shown)[:60]} is not a span of this "
                    "article (missing, or in another one)"
                )
            ends.append(position)
        if ends[0] == ends[1]:
            raise ImportRefused(f"{here}: a {kind} relation links a span to itself")
        annotator = raw.get("annotator") or ""
        attributes = raw.get("attributes") or {}
        if not isinstance(annotator, str) or not isinstance(attributes, dict):
            raise ImportRefused(f"{here}: its annotator or attributes have the wrong type")
        check_strings(kind, here, "the type")
        check_strings(annotator, here, "the annotator")
        check_strings(attributes, here, '"attributes"')
        relations.append(NewRelation(ends[0], ends[1], kind, annotator, attributes))
    return relations


def span_from(text: str, raw: dict[str, Any], where: str) -> NewSpan:
    label = raw.get("label")
    if not isinstance(label, str) or not label.strip() or label != label.strip():
        raise ImportRefused(f"{where}: no usable label ({json.dumps(label)[:40]})")
    given = raw.get("text")
    if given is not None and not isinstance(given, str):
        raise ImportRefused(f'{where}: "text" is not a string')
    # Offsets and the given text are checked once, by Store.add_article (the one
    # gate), whose error names the span; import_file puts the line in front.
    annotator = raw.get("annotator") or ""
    attributes = raw.get("attributes") if isinstance(raw.get("attributes"), dict) else {}
    for key in NUMERIC_ATTRIBUTES if attributes else ():
        value = attributes.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise ImportRefused(
                f"{where}: attribute {key!r} must be a number, not {json.dumps(value)[:40]}"
            )
    check_strings(label, where, "the label")
    check_strings(given, where, 'its "text"')
    check_strings(annotator, where, "the annotator")
    check_strings(attributes, where, '"attributes"')
    return NewSpan(
        start=raw.get("start"), end=raw.get("end"), label=label, annotator=str(annotator),
        text=given, attributes=attributes,
    )  # fmt: skip


def check_strings(value: Any, where: str, what: str) -> None:
    """Refuse a lone surrogate anywhere in ``value`` (a string, or JSON keys and values),
    and nesting deeper than :data:`MAX_NESTING`.

    JSON may spell a lone surrogate (``"\\ud800"``) and json.loads keeps it, but it
    is no character: SQLite, a UTF-8 file or a terminal cannot take it.  Nesting
    that json.loads just managed may be too deep for the export that reads it
    back from a deeper stack, so it is refused here, where it costs one file.
    """
    stack = [(value, 0)]
    while stack:  # a loop, not recursion: json.loads reads nesting deeper than Python recurses
        item, depth = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError as exc:
                shown = repr(item[max(0, exc.start - 20) : exc.start + 21])  # escapes it
                raise ImportRefused(
                    f"{where + ': ' if where else ''}{what} holds an unpaired surrogate "
                    f"(at {shown}), not a character"
                ) from None
        elif isinstance(item, dict | list):
            if depth >= MAX_NESTING:
                raise ImportRefused(
                    f"{where + ': ' if where else ''}{what} is nested more than "
                    f"{MAX_NESTING} levels deep"
                )
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)


def check_article_text(text: str, where: str) -> None:
    try:
        check_text(text)
    except AnnotatorError as exc:
        prefix = f"{where}: " if where else ""
        raise ImportRefused(prefix + str(exc)) from None
