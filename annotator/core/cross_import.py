"""Importing a file's stories, actors and cross-article links into the corpus (issue 14).

Called by :func:`annotator.core.importing._add` inside the file's savepoint, so a file
refused later leaves none of it behind.  What the file says was read and checked by
:mod:`annotator.core.cross_records`; here it meets what the corpus already holds:

- **Actors** (before the articles go in, since spans carry the key): a key the corpus
  lacks is added with that key, so an export imported into an empty corpus keeps every
  key.  A key the corpus has for the same name and kind is that entity.  A key the corpus
  has for *another* entity is never reused or changed: the actor becomes the corpus's
  entity of the same name and kind if there is one, else a new entity with the next free
  key, and its spans follow; a note names both keys.
- **Stories**: a new article joins its story (made if new).  An article already in the
  corpus (a duplicate text) joins it only if it has no story yet; one in another story is
  left there, with a note.
- **Links** are made after the whole file is in.  An end in an article already in the
  corpus is found among that article's spans by place and label (annotator first), so
  importing a file again adds only the links it did not have; an end that cannot be
  found, or whose record was refused, costs that link one note.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from annotator.core.cross_records import ENTITY_ATTRIBUTE
from annotator.core.errors import AnnotatorError, ImportRefused, NotFound
from annotator.core.formats.base import ParsedArticle
from annotator.core.model import NewSpan
from annotator.core.store import Store


def place_actors(store: Store, articles: Sequence[ParsedArticle]) -> list[str]:
    """Give every actor of the file's unrefused records a key in the corpus's registry,
    adding entities as needed, and point the spans at it.  Returns the notes."""
    entries: dict[str, dict[str, Any]] = {}
    for parsed in articles:
        if not parsed.refused:
            for key, entry in parsed.actors.items():
                entries.setdefault(key, entry)  # cross_records.check_file: all alike
    notes: list[str] = []
    keys = {}
    for key, entry in entries.items():
        try:
            keys[key] = _place(store, key, entry, notes)
        except AnnotatorError as exc:  # a name the registry refuses: this file, not the batch
            raise ImportRefused(f"actor {key}: {exc}") from None
    for parsed in articles:
        if parsed.refused or not parsed.actors:
            continue
        for span in parsed.spans:
            key = span.attributes.get(ENTITY_ATTRIBUTE) if span.attributes else None
            if isinstance(key, str) and keys.get(key, key) != key:
                # a new dict: the brat reader shares one between a span's fragments
                span.attributes = {**span.attributes, ENTITY_ATTRIBUTE: keys[key]}
        parsed.actors = {keys[key]: entry for key, entry in parsed.actors.items()}
    return notes


def _place(store: Store, key: str, entry: dict[str, Any], notes: list[str]) -> str:
    name, kind = entry["name"], entry["kind"]
    try:
        existing = store.entity(key)
    except NotFound:
        store.add_entity(name, kind, aliases=entry["aliases"], key=key)
        return key
    if (existing.name, existing.kind) == (name, kind):
        return key
    same = next((e for e in store.entities() if (e.name, e.kind) == (name, kind)), None)
    if same is not None:
        placed = same.key
    else:
        placed = store.next_entity_key()
        store.add_entity(name, kind, aliases=entry["aliases"], key=placed)
    notes.append(f"actor {key} ({name}) is {placed} in this corpus: {key} is {existing.name} here")
    return placed


def store_cross(store: Store, placed: Sequence[tuple[ParsedArticle, int, bool]]) -> list[str]:
    """Put the placed articles in their stories and make their links.  Returns the notes.

    ``placed``: every record that went in or was already in, with its article id and
    whether it was added now.
    """
    notes: list[str] = []
    by_ref: dict[str, tuple[ParsedArticle, int, bool]] = {}
    for parsed, article_id, added in placed:
        if parsed.ref is not None:
            by_ref.setdefault(parsed.ref, (parsed, article_id, added))
        if parsed.story is None:
            continue
        current = None if added else store.article_story(article_id)
        if current is None:
            try:
                store.assign_story([article_id], parsed.story)
            except AnnotatorError as exc:
                notes.append(f"{parsed.where}: not put in its story: {exc}")
        elif current.name != parsed.story:
            notes.append(
                f"{parsed.where}: already in the corpus in the story {current.name!r}; "
                f"left there rather than moved to {parsed.story!r}"
            )
    spans: dict[int, _SpanIds] = {}

    def stored(article_id: int, span: NewSpan) -> int | None:
        if article_id not in spans:
            spans[article_id] = _SpanIds(store, article_id)
        return spans[article_id].find(span)

    for parsed, article_id, added in placed:
        for link in parsed.links:
            where = f"{parsed.where}: link {link.number}"
            target = by_ref.get(link.to_article)
            if target is None:
                notes.append(f"{where} not made: the record {link.to_article} was not imported")
                continue
            other, other_id, other_added = target
            ends = [
                stored(article_id, parsed.spans[link.position]),
                stored(other_id, other.spans[other.span_ids[link.to_span]]),
            ]
            if None in ends:
                notes.append(
                    f"{where} not made: its span is not among those of the article already "
                    "in the corpus"
                )
                continue
            span_id, to_span_id = ends
            assert span_id is not None and to_span_id is not None
            if not (added and other_added) and any(  # spans added now have no links yet
                (made.span_id, made.to_span_id, made.annotator)
                == (span_id, to_span_id, link.annotator)
                for made in store.span_links(span_id)
            ):
                continue  # imported before: nothing to add
            try:
                store.insert_link(span_id, to_span_id, link.type, annotator=link.annotator)
            except AnnotatorError as exc:
                notes.append(f"{where} not made: {exc}")
    return notes


class _SpanIds:
    """An article's stored spans by (start, end, label, annotator), and without annotator."""

    __slots__ = ("_exact", "_placed")

    def __init__(self, store: Store, article_id: int) -> None:
        self._exact: dict[tuple[int, int, str, str], int] = {}
        self._placed: dict[tuple[int, int, str], int] = {}
        for span in store.spans(article_id):
            self._exact.setdefault((span.start, span.end, span.label, span.annotator), span.id)
            self._placed.setdefault((span.start, span.end, span.label), span.id)

    def find(self, span: NewSpan) -> int | None:
        key = (span.start, span.end, span.label)
        found = self._exact.get((*key, span.annotator or ""))
        return found if found is not None else self._placed.get(key)
