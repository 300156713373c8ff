"""CSV for spreadsheets: one row per span.

Columns: article_id, title, start, end, label, text, annotator.  A cell that
a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a
carriage return) gets a leading apostrophe, the OWASP advice, so the ``text``
column shows such a span with that one extra character; ``start``/``end``
still index the article.  UTF-8 with a byte-order mark, which Excel needs to
read UTF-8; Python reads it with ``encoding="utf-8-sig"``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from annotator.core.fileutil import atomic_write
from annotator.core.formats.base import ExportContext, Item

HEADER = ("article_id", "title", "start", "end", "label", "text", "annotator")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def write(items: Iterable[Item], path: Path, context: ExportContext) -> None:
    with atomic_write(path) as handle:
        handle.write("\ufeff")
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(HEADER)
        for article, spans in items:
            # a NUL in a title would end the cell early in some readers
            title = neutralise(article.title.replace("\x00", "\ufffd"))
            for span in spans:
                writer.writerow((
                    article.id, title, span.start, span.end, neutralise(span.label),
                    neutralise(span.text), neutralise(span.annotator),
                ))  # fmt: skip
