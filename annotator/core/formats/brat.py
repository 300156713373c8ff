"""brat standoff: a folder of ``NAME.txt`` + ``NAME.ann`` and one ``annotation.conf``.

``NAME.txt`` is the article text byte for byte (UTF-8, line endings as
stored); offsets count Unicode code points, as brat's Python reader does.
A ``.ann`` line cannot hold a line break, so a span crossing one becomes a
discontinuous span whose fragments skip the line-break characters
(``T1\tCLAIM 0 12;13 20\tfirst line second line``).  A span that starts or
ends on a line break loses those characters (named in the summary); one that
is only line breaks cannot be written (named in the summary).  Read back by
:func:`read`, which joins such fragments into one span again.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from pathlib import Path
from typing import Any

from annotator.core.errors import ImportRefused
from annotator.core.formats.base import (
    ExportContext,
    Item,
    ParsedArticle,
    check_article_text,
    file_stem,
    plain_label_names,
    span_from,
    title_of,
)
from annotator.core.formats.tokens import LINE_BREAKS

TXT_SUFFIX = ".txt"  # the text, byte for byte
ANN_SUFFIX = ".ann"  # its spans, beside the text of the same name: one brat document
CONF_NAME = "annotation.conf"
# brat's own configuration files, read by brat, not articles: the importer passes them over.
CONFIG_FILES = (CONF_NAME, "visual.conf", "tools.conf", "kb_shortcuts.conf")


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


def annotation_conf(label_names: Iterable[str]) -> str:
    lines = ["[entities]", *label_names, "", "[relations]", "", "[events]", "", "[attributes]", ""]
    return "\n".join(lines)


def write(items: Iterable[Item], folder: Path, context: ExportContext) -> None:
    plain = plain_label_names(label.name for label in context.labels)
    # The folder is staged and renamed into place whole (see export.atomic_folder),
    # so its files are written plainly: one atomic_write (and fsync) per file
    # made a 2,000-article export take 20 s instead of 3.
    with (folder / CONF_NAME).open("w", encoding="utf-8", newline="") as handle:
        handle.write(annotation_conf(plain.values()))
    for article, spans in items:
        stem = file_stem(article)
        with (folder / f"{stem}{TXT_SUFFIX}").open("w", encoding="utf-8", newline="") as handle:
            handle.write(article.text)
        lines = []
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
            where = ";".join(f"{a} {b}" for a, b in pieces)
            shown = " ".join(article.text[a:b] for a, b in pieces)
            lines.append(f"T{number}\t{plain[span.label]} {where}\t{shown}\n")
            annotator = " ".join(span.annotator.split())  # no line break may reach the .ann
            if annotator:
                lines.append(f"#{number}\tAnnotatorNotes T{number}\tannotator: {annotator}\n")
        with (folder / f"{stem}{ANN_SUFFIX}").open("w", encoding="utf-8", newline="") as handle:
            handle.writelines(lines)


# -- reading -------------------------------------------------------------------


def read(text: str, ann: str, *, ann_name: str) -> list[ParsedArticle]:
    """A brat document: the text of ``NAME.txt`` and of ``NAME.ann`` (named ``ann_name``).

    A discontinuous span whose gaps are only line breaks (how :func:`write`
    writes a span across lines) becomes one span again; other discontinuous
    spans become one span per fragment, each with ``{"brat_id": "T7"}``.
    ``#`` notes of the form ``annotator: NAME`` give the span's annotator.
    The importer finds and reads the ``.ann`` beside the ``.txt`` (:data:`ANN_SUFFIX`).
    """
    check_article_text(text, "")
    bound: dict[str, tuple[str, list[tuple[int, int]], str, int]] = {}
    annotators: dict[str, str] = {}
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
        elif line.startswith("#"):
            parts = line.split("\t", 2)
            target = parts[1].split() if len(parts) == 3 else []
            if (
                len(target) == 2 and target[0] == "AnnotatorNotes"
                and parts[2].startswith("annotator: ")
            ):  # fmt: skip
                annotators[target[1]] = parts[2].removeprefix("annotator: ")
    spans = []
    for brat_id, (label, pieces, _, number) in bound.items():
        gaps = [text[b:a] for (_, b), (a, _) in pairwise(pieces)]
        annotator = annotators.get(brat_id, "")
        if all(gap and all(ch in LINE_BREAKS for ch in gap) for gap in gaps):
            pieces = [(pieces[0][0], pieces[-1][1])]
            attributes: dict[str, Any] = {}
        else:
            attributes = {"brat_id": brat_id}
        for start, end in pieces:
            raw = {"start": start, "end": end, "label": label, "annotator": annotator,
                   "attributes": attributes}  # fmt: skip
            spans.append(span_from(text, raw, f"{ann_name} line {number}"))
    return [ParsedArticle(title=title_of(text), text=text, spans=spans)]
