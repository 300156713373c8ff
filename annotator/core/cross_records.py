"""Stories, actors and cross-article links as a file carries them (issue 14), store-free.

Native JSON lines carry, per record (see :mod:`annotator.core.formats.native`):

- ``"story": NAME`` (absent when the article has none);
- ``"actors": {KEY: {"name", "kind", "aliases"}}``: the registry entries of the entities
  the record's ACTOR spans name in their ``entity`` attribute;
- ``"links": [{"span", "to_article", "to_span", "type", "annotator"}]``: ``span`` is the
  ``id`` of a span of this record, ``to_article`` the ``id`` of another record of the same
  file and ``to_span`` the ``id`` of a span of that record.  A link is written once, in
  the record of the span it starts from.

Bad cross-article data refuses only its record (the issue: "the rest goes in"), unlike a
bad span, which refuses the whole file as it always did: a record is refused by setting
``ParsedArticle.refused`` to one line naming it, and the importer passes it over.
:func:`read_cross` checks what one record can show on its own; :func:`check_file` what
needs the whole file (the other end of every link).  The export side is
:class:`CrossData`: what the writers need of the corpus beyond each article's spans.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from annotator.core.model import ENTITY_KINDS, LINK_TYPES, Entity, Link, NewSpan, Span

# formats.base's ParsedArticle, which holds what this module reads (base imports this
# module for it, so this one names it only in words: no import circle, even for typing).
ParsedArticle = Any

# The store's own limits (store/stories.py, store/entities.py), checked here too so a
# bad value costs its record one line instead of the whole file at write time.
STORY_NAME_MAX = 200
ENTITY_NAME_MAX = 300
_ENTITY_KEY = re.compile(r"^[^\s\x00-\x1f\x7f]{1,64}$")
ENTITY_ATTRIBUTE = "entity"


class RecordRefused(Exception):
    """Internal: one record's cross-article data is bad (caught here, never raised out)."""


# -- reading -------------------------------------------------------------------------


def read_cross(record: Any, parsed: ParsedArticle) -> None:
    """Fill ``parsed``'s story, actors, span ids and links from ``record``, or refuse it.

    ``parsed`` came from this record by ``article_from``, so ``parsed.spans[i]`` is the
    i-th entry of the record's ``"spans"`` (native's reader comes first).
    """
    if not isinstance(record, dict):
        return
    # First: a link from another record may name these spans even if this one is refused
    # (its link is then not made, and said so, rather than that record refused too).
    raws = record.get("spans")
    if isinstance(raws, list):
        for position, raw in enumerate(raws):
            ref = raw.get("id") if isinstance(raw, dict) else None
            if _is_ref(ref):
                parsed.span_ids.setdefault(str(ref), position)
    try:
        parsed.story = _story(record.get("story"))
        parsed.actors = _actors(record.get("actors"))
        # Only a record that carries "actors" names registry keys: before the registry an
        # ACTOR's "entity" was free text (files of that time still import as they did).
        for number, span in enumerate(parsed.spans if "actors" in record else (), 1):
            key = span.attributes.get(ENTITY_ATTRIBUTE) if span.attributes else None
            if key is None:
                continue
            if not isinstance(key, str) or key not in parsed.actors:
                raise RecordRefused(
                    f'span {number} names entity {_shown(key)}, which has no entry in "actors"'
                )
        parsed.links = _links(record.get("links"), parsed)
    except RecordRefused as exc:
        refuse(parsed, str(exc))


def refuse(parsed: ParsedArticle, reason: str) -> None:
    prefix = f"{parsed.where}: " if parsed.where else ""
    parsed.refused = f"{prefix}refused: {reason}"


def _story(value: Any) -> str | None:
    if value is None:
        return None
    try:
        return check_story(value)
    except ValueError as exc:
        raise RecordRefused(str(exc)) from None


def check_story(value: Any) -> str:
    """A story name as the store takes it (ValueError naming what is wrong)."""
    if not isinstance(value, str) or not value.strip() or len(value) > STORY_NAME_MAX:
        raise ValueError(f'"story" is not a name of 1-{STORY_NAME_MAX} characters')
    if "\x00" in value:
        raise ValueError('"story" holds a NUL character')
    return value.strip()


def _name(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip() or len(value) > ENTITY_NAME_MAX:
        raise RecordRefused(f"{what} is not a name of 1-{ENTITY_NAME_MAX} characters")
    if "\x00" in value:
        raise RecordRefused(f"{what} holds a NUL character")
    return value


def _actors(value: Any) -> dict[str, dict[str, Any]]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise RecordRefused('"actors" is not an object of KEY: {name, kind, aliases}')
    actors = {}
    for key, entry in value.items():
        what = f"actor {_shown(key)}"
        if not _ENTITY_KEY.match(key):
            raise RecordRefused(f"{what}: a key is 1-64 characters without spaces")
        if not isinstance(entry, dict):
            raise RecordRefused(f"{what} is not an object of name, kind, aliases")
        if entry.get("kind") not in ENTITY_KINDS:
            raise RecordRefused(
                f"{what}: unknown kind {_shown(entry.get('kind'))}; use one of "
                f"{', '.join(ENTITY_KINDS)}"
            )
        aliases = entry.get("aliases") or []
        if not isinstance(aliases, list):
            raise RecordRefused(f"{what}: aliases is not a list")
        actors[key] = {
            "name": _name(entry.get("name"), f"{what}'s name"),
            "kind": entry["kind"],
            "aliases": list(dict.fromkeys(_name(a, f"an alias of {what}") for a in aliases)),
        }
    return actors


@dataclass(slots=True)
class FileLink:
    """A link as a file gives it: the position of its span here, the other end's ids."""

    number: int  # its place in the record's "links", from 1
    position: int  # of the span in ParsedArticle.spans
    to_article: str
    to_span: str
    type: str
    annotator: str = ""


def _links(value: Any, parsed: ParsedArticle) -> list[FileLink]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordRefused('"links" is not a list')
    links = []
    for number, raw in enumerate(value, 1):
        what = f"link {number}"
        if not isinstance(raw, dict):
            raise RecordRefused(f"{what} is not an object")
        kind = raw.get("type")
        if kind not in LINK_TYPES:
            raise RecordRefused(
                f"{what}: unknown link type {_shown(kind)}; use one of {', '.join(LINK_TYPES)}"
            )
        span, to_article, to_span = raw.get("span"), raw.get("to_article"), raw.get("to_span")
        if not all(_is_ref(ref) for ref in (span, to_article, to_span)):
            raise RecordRefused(f"{what} needs span, to_article and to_span ids")
        position = parsed.span_ids.get(str(span))
        if position is None:
            raise RecordRefused(f"{what}: its span {_shown(span)} is not a span of this record")
        if parsed.ref is not None and str(to_article) == parsed.ref:
            raise RecordRefused(
                f"{what} joins two spans of the same article; a link joins two articles "
                "(a relation joins spans within one)"
            )
        annotator = raw.get("annotator") or ""
        if not isinstance(annotator, str) or "\x00" in annotator:
            raise RecordRefused(f"{what}: its annotator is not a name")
        links.append(FileLink(number, position, str(to_article), str(to_span), kind, annotator))
    return links


def _is_ref(value: Any) -> bool:
    return isinstance(value, str | int) and not isinstance(value, bool)


def _shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)[:60]


def check_file(articles: Sequence[ParsedArticle]) -> None:
    """Refuse the records whose links name a record or span the file lacks, and the
    records that give an actor key another entry than an earlier record did."""
    by_ref: dict[str, ParsedArticle] = {}
    for parsed in articles:
        if parsed.ref is not None and parsed.ref not in by_ref:
            by_ref[parsed.ref] = parsed
    actors: dict[str, tuple[dict[str, Any], str]] = {}
    for parsed in articles:
        if parsed.refused:
            continue
        for key, entry in parsed.actors.items():
            first = actors.setdefault(key, (entry, parsed.where))
            if first[0] != entry:
                refuse(parsed, f"actor {_shown(key)} differs from its entry in {first[1]}")
                break
        for link in parsed.links if not parsed.refused else ():
            other = by_ref.get(link.to_article)
            if other is None:
                refuse(
                    parsed,
                    f"link {link.number}: to_article {_shown(link.to_article)} is no record "
                    "of this file",
                )
                break
            if link.to_span not in other.span_ids:
                refuse(
                    parsed,
                    f"link {link.number}: to_span {_shown(link.to_span)} is no span of the "
                    f"record {_shown(link.to_article)}",
                )
                break


def targets(articles: Sequence[ParsedArticle]) -> dict[str, ParsedArticle]:
    """Record id -> the first record with it, as :func:`check_file` resolves links."""
    by_ref: dict[str, ParsedArticle] = {}
    for parsed in articles:
        if parsed.ref is not None:
            by_ref.setdefault(parsed.ref, parsed)
    return by_ref


def link_ends(
    articles: Sequence[ParsedArticle],
) -> list[tuple[ParsedArticle, FileLink, NewSpan, ParsedArticle, NewSpan]]:
    """Every link of the file's unrefused records with both ends found:
    (record, link, its span, the other record, that record's span)."""
    by_ref = targets(articles)
    found = []
    for parsed in articles:
        if parsed.refused:
            continue
        for link in parsed.links:
            other = by_ref.get(link.to_article)
            if other is None or link.to_span not in other.span_ids:
                continue
            found.append((parsed, link, parsed.spans[link.position], other,
                          other.spans[other.span_ids[link.to_span]]))  # fmt: skip
    return found


def entity_keys(spans: Iterable[NewSpan | Span]) -> set[str]:
    keys = set()
    for span in spans:
        key = span.attributes.get(ENTITY_ATTRIBUTE) if span.attributes else None
        if isinstance(key, str):
            keys.add(key)
    return keys


# -- writing -------------------------------------------------------------------------


class CorpusLike(Protocol):
    def article_stories(self) -> dict[int, str]: ...
    def entities(self) -> list[Entity]: ...
    def iter_links(self) -> Iterable[Link]: ...


@dataclass(slots=True)
class CrossData:
    """What the writers need beyond an article's spans: its story, the registry, links.

    ``links`` holds, by the article of the span a link starts from, the links whose
    both ends are exported; ``exported`` says which spans are (the export front fills it
    as articles go out, so a writer may look a link's other end up once both are out).
    """

    stories: dict[int, str] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    links: dict[int, list[Link]] = field(default_factory=dict)
    left_out: int = 0  # links whose other end the export leaves out

    @classmethod
    def of(
        cls, corpus: CorpusLike, *, keep: Callable[[Link], bool] = lambda _link: True
    ) -> CrossData:
        data = cls(corpus.article_stories(), {e.key: e for e in corpus.entities()})
        for link in corpus.iter_links():
            if keep(link):
                data.links.setdefault(link.article_id, []).append(link)
            else:
                data.left_out += 1
        return data

    def actors(self, spans: Iterable[Span]) -> dict[str, dict[str, Any]]:
        """The registry entries of the entities ``spans`` name, by key."""
        out = {}
        for key in sorted(entity_keys(spans)):
            entity = self.entities.get(key)
            if entity is not None:
                out[key] = {"name": entity.name, "kind": entity.kind,
                            "aliases": list(entity.aliases)}  # fmt: skip
        return out
