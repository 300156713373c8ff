"""spaCy DocBin (``.spacy``), tokenised by a blank English pipeline.

Every span goes into ``doc.spans["sc"]``; the spans that overlap no other
span also go into ``doc.ents`` (identical copies from two annotators count
once).  A span whose edges are not token edges is stretched to whole tokens
(``alignment_mode="expand"``) and named in the summary.  The article's id,
title and status ride along in ``doc.user_data``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.core.errors import ExportError
from annotator.core.fileutil import atomic_write
from annotator.core.formats.base import ExportContext, Item

SPAN_KEY = "sc"


def blank_english() -> Any:
    try:
        import spacy
    except ImportError:
        raise ExportError("the spacy format needs spaCy: pip install 'annotator[spacy]'") from None
    return spacy.blank("en")


def make_doc(nlp: Any, article: Any, spans: list[Any], context: ExportContext) -> Any:
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
    doc.user_data["article_id"] = article.id
    doc.user_data["title"] = article.title
    doc.user_data["status"] = article.status
    return doc


def write(items: Iterable[Item], path: Path, context: ExportContext) -> None:
    nlp = blank_english()
    from spacy.tokens import DocBin

    docbin = DocBin(store_user_data=True)
    for article, spans in items:
        docbin.add(make_doc(nlp, article, spans, context))
    with atomic_write(path, binary=True) as handle:
        handle.write(docbin.to_bytes())
