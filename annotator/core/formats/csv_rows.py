"""CSV for spreadsheets: one row per span.

Columns: article_id, title, start, end, label, text, annotator, outlet, date (the
article's meta, empty when it has none).  A cell that
a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a
carriage return) gets a leading apostrophe, the OWASP advice, so the ``text``
column shows such a span with that one extra character; ``start``/``end``
still index the article.  UTF-8 with a byte-order mark, which Excel needs to
read UTF-8; Python reads it with ``encoding="utf-8-sig"``.

Two files beside it, in the same dialect and written only when there is something
to put in them, keep the rest: ``NAME.relations.csv``
(one row per relation: article_id, relation_id, type, then head_start,
head_end, head_label, head_text and the same for the child, then annotator)
and ``NAME.attributes.csv`` (one row per span attribute: article_id, start,
end, label, annotator, attribute, value; the value as JSON, so ``6000`` and
``"6000"`` stay apart).  A row names its spans by place, as the spans file does.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from annotator.core.fileutil import atomic_write
from annotator.core.formats.base import EXPORTED_META, ExportContext, Item, meta_text

# outlet and date last: the columns before them keep the places readers know them by
HEADER = ("article_id", "title", "start", "end", "label", "text", "annotator", *EXPORTED_META)
RELATION_HEADER = (
    "article_id", "relation_id", "type", "head_start", "head_end", "head_label", "head_text",
    "child_start", "child_end", "child_label", "child_text", "annotator",
)  # fmt: skip
ATTRIBUTE_HEADER = ("article_id", "start", "end", "label", "annotator", "attribute", "value")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def side_paths(path: Path) -> tuple[Path, Path]:
    """The relations file and the attributes file written beside ``path``."""
    return (
        path.with_name(path.stem + ".relations" + path.suffix),
        path.with_name(path.stem + ".attributes" + path.suffix),
    )


def _sheet(handle: Any, header: tuple[str, ...]) -> Any:
    handle.write("\ufeff")
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow(header)
    return writer


class _SideSheet:
    """A file beside the spans file, created on its first row (most corpora have none)."""

    def __init__(self, files: ExitStack, path: Path, header: tuple[str, ...]) -> None:
        self.files, self.path, self.header = files, path, header
        self.writer: Any = None

    def writerow(self, row: Iterable[Any]) -> None:
        if self.writer is None:
            self.writer = _sheet(self.files.enter_context(atomic_write(self.path)), self.header)
        self.writer.writerow(row)

    def note_if_stale(self, context: ExportContext) -> None:
        if self.writer is None and self.path.exists():
            context.note(
                f"{self.path.name}: from an earlier export, left as it was (this export "
                "has nothing to write there)"
            )


def write(items: Iterable[Item], path: Path, context: ExportContext) -> None:
    relations_path, attributes_path = side_paths(path)
    with ExitStack() as files:
        writer = _sheet(files.enter_context(atomic_write(path)), HEADER)
        linked = _SideSheet(files, relations_path, RELATION_HEADER)
        keyed = _SideSheet(files, attributes_path, ATTRIBUTE_HEADER)
        for article, spans, relations in items:
            # a NUL in a title would end the cell early in some readers
            title = neutralise(article.title.replace("\x00", "\ufffd"))
            meta = [neutralise(meta_text(article, key)) for key in EXPORTED_META]
            by_id = {}
            for span in spans:
                place = (span.start, span.end, neutralise(span.label), neutralise(span.text))
                by_id[span.id] = place
                writer.writerow((article.id, title, *place, neutralise(span.annotator), *meta))
                for key, value in span.attributes.items():
                    keyed.writerow((
                        article.id, span.start, span.end, neutralise(span.label),
                        neutralise(span.annotator), neutralise(key),
                        neutralise(json.dumps(value, ensure_ascii=False)),
                    ))  # fmt: skip
            for relation in relations:
                linked.writerow((
                    article.id, relation.id, neutralise(relation.kind),
                    *by_id[relation.head_span_id], *by_id[relation.tail_span_id],
                    neutralise(relation.annotator),
                ))  # fmt: skip
        linked.note_if_stale(context)
        keyed.note_if_stale(context)
