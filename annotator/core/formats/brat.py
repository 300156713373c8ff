"""brat standoff: a folder of ``NAME.txt`` + ``NAME.ann`` and one ``annotation.conf``.

``NAME.txt`` is the article text byte for byte (UTF-8, line endings as
stored); offsets count Unicode code points, as brat's Python reader does.
A ``.ann`` line cannot hold a line break, so a span crossing one becomes a
discontinuous span whose fragments skip the line-break characters
(``T1\tCLAIM 0 12;13 20\tfirst line second line``).  A span that starts or
ends on a line break loses those characters (named in the summary); one that
is only line breaks cannot be written (named in the summary).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from annotator.core.export import ExportContext, Item, file_stem, plain_label_names
from annotator.core.formats.tokens import LINE_BREAKS


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
    with (folder / "annotation.conf").open("w", encoding="utf-8", newline="") as handle:
        handle.write(annotation_conf(plain.values()))
    for article, spans in items:
        stem = file_stem(article)
        with (folder / f"{stem}.txt").open("w", encoding="utf-8", newline="") as handle:
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
        with (folder / f"{stem}.ann").open("w", encoding="utf-8", newline="") as handle:
            handle.writelines(lines)
