"""The domain types (articles, spans, labels, relations) and the checks on them.

Plain values with no database behind them: the store reads and writes them, the
history and the views pass them around.  Offsets are Python code-point offsets,
half-open, into the article text exactly as imported: ``text[start:end]`` is always
the span's text, and :func:`check_span` is the one gate that says so before a write.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

from annotator.core.errors import LabelError, SpanError, StoreError

__all__ = [
    "ENTITY_KINDS", "GOLD_ANNOTATOR", "LINK_TYPES", "NUMERIC_ATTRIBUTES", "STATUSES",
    "SUGGESTION_STATES", "Article",
    "ArticleSummary", "CorpusHit", "Entity", "Label", "Link", "NewRelation", "NewSpan",
    "Relation", "RelationType", "Span", "Story", "Suggestion", "check_attributes",
    "check_colour", "check_label_name", "check_span", "check_status", "check_text",
    "clean_title", "now", "text_sha256",
]  # fmt: skip

STATUSES = ("todo", "in-progress", "done")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_HEX_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
# Printable, 1-64 characters, no leading/trailing space; exporters whose
# format cannot hold a space (brat, CoNLL) substitute it themselves.
_LABEL_NAME = re.compile(r"^(?=\S)[^\x00-\x1f\x7f]{1,64}(?<=\S)$")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Label(NamedTuple):
    name: str
    hotkey: str | None
    colour: str
    position: int
    description: str = ""


@dataclass(frozen=True, slots=True)
class Span:
    id: int
    article_id: int
    start: int
    end: int
    label: str
    text: str
    annotator: str = ""
    created_at: str = ""
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed link from one span to another of the same article (a quote to its speaker).

    ``article_id`` is the article of both spans (the table itself does not store it).
    """

    id: int
    article_id: int
    kind: str
    head_span_id: int
    tail_span_id: int
    annotator: str = ""
    created_at: str = ""
    attributes: dict[str, Any] = field(default_factory=dict)


class RelationType(NamedTuple):
    """What a relation may be: its name, the labels its head and child may have, its key.

    An empty ``heads`` or ``children`` allows any label (a type that came with an imported
    file).  ``key`` is a digit 1-9 that picks this type while linking, when several fit.
    """

    name: str
    heads: tuple[str, ...]
    children: tuple[str, ...]
    key: str | None
    colour: str
    position: int

    def fits(self, head_label: str, child_label: str) -> bool:
        return (not self.heads or head_label in self.heads) and (
            not self.children or child_label in self.children
        )


# How a span in one article relates to a span in another (issue 14): the same fact,
# a contradiction, a later figure, or something that looks comparable but is not.
LINK_TYPES = ("same", "contradicts", "updates", "different-event")
SUGGESTION_STATES = ("open", "accepted", "rejected")
ENTITY_KINDS = ("person", "organisation", "country", "group")
# The annotator name of the adjudicated layer (issue 16).
GOLD_ANNOTATOR = "gold"


class Story(NamedTuple):
    """An event or topic several outlets report; an article belongs to at most one."""

    id: int
    name: str


@dataclass(frozen=True, slots=True)
class Entity:
    """A corpus-wide actor (person, organisation, country, group) of the registry.

    ``key`` is the stable name ACTOR spans carry in their ``entity`` attribute and
    exports use ("E12"); ``id`` is the row.
    """

    id: int
    key: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    created_at: str = ""


@dataclass(frozen=True, slots=True)
class Link:
    """A typed link from a span to a span of another article (a cross-document fact).

    ``article_id`` is the article of ``span_id`` and ``to_article_id`` that of
    ``to_span_id`` (the table stores only the span ids).
    """

    id: int
    article_id: int
    span_id: int
    to_article_id: int
    to_span_id: int
    type: str
    annotator: str = ""
    created_at: str = ""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A span a program proposed (issue 15): never gold until the analyst accepts it.

    ``source`` names what proposed it ("numbers", "quotes", "actors", "claims",
    "patterns", "import:FILE", "spacy:MODEL"); ``score`` is the proposer's own, if any.
    """

    id: int
    article_id: int
    start: int
    end: int
    label: str
    text: str
    source: str
    score: float | None = None
    model_version: str = ""
    attributes: dict[str, Any] = field(default_factory=dict)
    state: str = "open"  # "open", "accepted" or "rejected"
    created_at: str = ""


# A span as the views hold it: plain tuples, so opening 10,000 spans builds no objects.
SpanKey = tuple[int, int, str, int]  # (start, -end, label, id)


class Damaged(NamedTuple):
    """A span row that does not fit its article (written by another program)."""

    span_id: int
    start: int
    end: int
    reason: str

    def line(self) -> str:
        return f"span {self.span_id} [{self.start}, {self.end}): {self.reason}"


class Article(NamedTuple):
    id: int
    title: str
    text: str
    sha256: str
    source: str | None
    meta: dict[str, Any]
    status: str
    imported_at: str
    updated_at: str


class ArticleSummary(NamedTuple):
    id: int
    title: str
    status: str
    span_count: int


class CorpusHit(NamedTuple):
    """One place a corpus-wide search found: ``text[start:end]`` of the article matches."""

    article_id: int
    title: str
    start: int
    end: int
    text: str  # the article's text[start:end], in its own case
    # A few words either side, on one line, "…" where the text goes on (for a list of hits)
    before: str
    after: str


@dataclass(slots=True)  # not frozen: an import builds 200,000 of these, and frozen init is slow
class NewSpan:
    """A span to be added with a new article (import); ``text`` is checked if given."""

    start: int
    end: int
    label: str
    annotator: str = ""
    text: str | None = None
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class NewRelation:
    """A relation to be added with a new article (import).

    ``head`` and ``child`` are positions in the list of :class:`NewSpan` given with it:
    the spans have no ids until the article is stored, in the same transaction.
    """

    head: int
    child: int
    kind: str
    annotator: str = ""
    attributes: dict[str, Any] = field(default_factory=dict)


# Span attributes that hold a number wherever they appear (NUMBER's value, low, high);
# the others are free JSON.  A string "6000" here would sort and compare as text.
NUMERIC_ATTRIBUTES = ("value", "low", "high")


def check_attributes(attributes: object) -> None:
    """Refuse attributes that are not an object, or a numeric one that is not a number."""
    if not isinstance(attributes, dict):
        raise SpanError(f"attributes must be an object, not {type(attributes).__name__}")
    for key in NUMERIC_ATTRIBUTES:
        value = attributes.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise SpanError(f"attribute {key!r} must be a number, not {_short(str(value))}")


def clean_title(title: str) -> str:
    """A title is one line of display text: control characters become spaces."""
    flat = _CONTROL.sub(" ", title if isinstance(title, str) else str(title))
    return " ".join(flat.split())[:500] or "(untitled)"


def check_text(text: str) -> bytes:
    """Refuse article text that cannot be stored and shown faithfully."""
    if not isinstance(text, str):
        raise SpanError("article text must be a string")
    if not text.strip():
        raise SpanError("the text is empty or only whitespace")
    if "\x00" in text:
        raise SpanError(f"the text contains a NUL character at offset {text.index(chr(0))}")
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise SpanError(f"the text contains an unpaired surrogate at offset {exc.start}") from None


def check_span(text: str, start: object, end: object, given: str | None = None) -> str:
    """Return ``text[start:end]`` or raise SpanError naming what is wrong."""
    if type(start) is not int or type(end) is not int:
        raise SpanError(f"span offsets must be whole numbers, got {start!r} and {end!r}")
    if not 0 <= start < end <= len(text):
        raise SpanError(
            f"span [{start}, {end}) is out of range or empty for a text of {len(text)} characters"
        )
    piece = text[start:end]
    if given is not None and given != piece:
        raise SpanError(
            f"span [{start}, {end}) says {_short(given)} but the text there is {_short(piece)}"
        )
    return piece


def check_status(status: str) -> None:
    if status not in STATUSES:
        raise StoreError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")


def check_label_name(name: str) -> None:
    if not isinstance(name, str) or not _LABEL_NAME.match(name):
        raise LabelError(f"a label name is 1-64 printable characters, not {name!r}")


def check_colour(colour: str) -> str:
    if not _HEX_COLOUR.match(colour or ""):
        raise LabelError(f"a colour is written #RRGGBB, not {colour!r}")
    return colour.upper()


def _short(value: str, limit: int = 40) -> str:
    shown = value if len(value) <= limit else value[: limit - 1] + "…"
    return json.dumps(shown, ensure_ascii=False)
