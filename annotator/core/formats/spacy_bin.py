"""spaCy DocBin (``.spacy``), tokenised by a blank English pipeline.

Every span goes into ``doc.spans["sc"]``; the spans that overlap no other
span also go into ``doc.ents`` (identical copies from two annotators count
once).  A span whose edges are not token edges is stretched to whole tokens
(``alignment_mode="expand"``) and named in the summary.  The article's id,
title and status ride along in ``doc.user_data``.

Relations are ``doc._.rel`` as spaCy's relation-extraction example keeps them:
``{(head_start_token, child_start_token): {type: 1.0}}``.  A span's attributes
are its ``span._.attributes`` (a dict).  Both are extension attributes, saved
with the user data; a reader registers them (``Doc.set_extension("rel",
default=None)``, ``Span.set_extension("attributes", default=None)``) to read
them as ``doc._.rel``, or reads ``doc.user_data`` directly.  spaCy keys span
extensions by character offsets, so two spans at the same place share one
``attributes``: they are merged, and a clash is named in the summary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from annotator.core.errors import ExportError
from annotator.core.fileutil import atomic_write
from annotator.core.formats.base import ExportContext, Item

SPAN_KEY = "sc"
REL = "rel"  # Doc._.rel, the name spaCy's relation-extraction example uses
ATTRIBUTES = "attributes"  # Span._.attributes


def register_extensions() -> None:
    """Declare ``Doc._.rel`` and ``Span._.attributes`` (once per process) so they can be set."""
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

    if not Doc.has_extension(REL):
        Doc.set_extension(REL, default=None)
    if not SpacySpan.has_extension(ATTRIBUTES):
        SpacySpan.set_extension(ATTRIBUTES, default=None)


def blank_english() -> Any:
    try:
        import spacy
    except ImportError:
        raise ExportError("the spacy format needs spaCy: pip install 'annotator[spacy]'") from None
    return spacy.blank("en")


def make_doc(
    nlp: Any,
    article: Any,
    spans: list[Any],
    context: ExportContext,
    relations: Sequence[Any] = (),
    only_in_spans: Counter[str] | None = None,
) -> Any:
    """The article as a Doc; ``only_in_spans`` counts, per label, the spans kept out of
    ``doc.ents`` because they overlap another."""
    from spacy.tokens import Span as SpacySpan

    # spaCy refuses texts over a million characters because its parser and NER need
    # about 1 GB per 100,000; a blank pipeline only tokenizes, so the limit does not apply.
    nlp.max_length = max(nlp.max_length, len(article.text) + 1)
    doc = nlp.make_doc(article.text)
    placed: list[tuple[Any, Any]] = []  # (our span, spaCy span)
    for span in spans:
        piece = doc.char_span(span.start, span.end, label=span.label, alignment_mode="expand")
        if piece is None or len(piece) == 0:  # only whitespace spaCy keeps as trailing space
            context.note(
                f"article {article.id} span {span.id} [{span.start}, {span.end}) {span.label}: "
                "no token inside it (whitespace only); left out of the DocBin"
            )
            continue
        if (piece.start_char, piece.end_char) != (span.start, span.end):
            context.note(
                f"article {article.id} span {span.id} {span.label}: [{span.start}, {span.end}) "
                f"expanded to whole tokens [{piece.start_char}, {piece.end_char})"
            )
        placed.append((span, piece))
    doc.spans[SPAN_KEY] = [piece for _, piece in placed]
    distinct: dict[tuple[int, int, str], Any] = {}
    for _, piece in placed:
        distinct.setdefault((piece.start, piece.end, piece.label_), piece)
    alone = [
        piece for key, piece in distinct.items()
        if not any(
            other != key and other[0] < key[1] and key[0] < other[1] for other in distinct
        )
    ]  # fmt: skip
    doc.ents = [SpacySpan(doc, p.start, p.end, label=p.label_) for p in alone]
    if only_in_spans is not None:
        in_ents = {(p.start, p.end, p.label_) for p in alone}
        only_in_spans.update(
            piece.label_ for _, piece in placed
            if (piece.start, piece.end, piece.label_) not in in_ents
        )  # fmt: skip
    _relations_and_attributes(doc, article, placed, relations, context)
    doc.user_data["article_id"] = article.id
    doc.user_data["title"] = article.title
    doc.user_data["status"] = article.status
    return doc


def _relations_and_attributes(
    doc: Any,
    article: Any,
    placed: list[tuple[Any, Any]],
    relations: Sequence[Any],
    context: ExportContext,
) -> None:
    by_id = {span.id: piece for span, piece in placed}
    if relations:
        rel: dict[tuple[int, int], dict[str, float]] = {}
        for relation in relations:
            head, child = by_id.get(relation.head_span_id), by_id.get(relation.tail_span_id)
            if head is None or child is None:
                context.note(
                    f"article {article.id} relation {relation.id} {relation.kind}: its span "
                    "is not in the DocBin; left out"
                )
                continue
            rel.setdefault((head.start, child.start), {})[relation.kind] = 1.0
        doc._.rel = rel
    for span, piece in placed:
        if not span.attributes:
            continue
        held = piece._.attributes
        if held is None:
            piece._.attributes = dict(span.attributes)
            continue
        clash = [k for k, v in span.attributes.items() if k in held and held[k] != v]
        if clash:
            context.note(
                f"article {article.id} span {span.id}: attributes {', '.join(clash)} differ "
                "from another span's at the same place; spaCy keeps one"
            )
        piece._.attributes = {**span.attributes, **held}


def write(items: Iterable[Item], path: Path, context: ExportContext) -> None:
    nlp = blank_english()
    from spacy.tokens import DocBin

    register_extensions()
    docbin = DocBin(store_user_data=True)
    only_in_spans: Counter[str] = Counter()
    for article, spans, relations in items:
        docbin.add(make_doc(nlp, article, spans, context, relations, only_in_spans))
    if only_in_spans:
        total = sum(only_in_spans.values())
        labels = ", ".join(f"{label} {n}" for label, n in sorted(only_in_spans.items()))
        context.note(
            f"{total} span{'s' if total != 1 else ''} overlap another and so "
            f'{"are" if total != 1 else "is"} only in doc.spans["{SPAN_KEY}"], not in '
            f"doc.ents ({labels})"
        )
    with atomic_write(path, binary=True) as handle:
        handle.write(docbin.to_bytes())
