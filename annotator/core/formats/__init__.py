"""The formats: one module per format, holding its writer and, where it has one, its reader.

This registry is the one list of format names.  It maps each name to the
module that writes it (by path, imported on first use by :func:`load`), so the
command line and menus can offer the names without importing any exporter.
The contract every format module keeps is :mod:`annotator.core.formats.base`;
the fronts that use them are :mod:`annotator.core.export` and
:mod:`annotator.core.importing`.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from types import ModuleType


@dataclass(frozen=True, slots=True)
class FormatSpec:
    name: str
    module: str  # the module's full name; it has ``write(items, path, context)``
    suffix: str  # of the file written, or "" for a folder format
    description: str

    @property
    def is_folder(self) -> bool:
        return self.suffix == ""

    def load(self) -> ModuleType:
        return import_module(self.module)


_HERE = __name__

# In the order menus and ``--format`` list them.
REGISTRY: dict[str, FormatSpec] = {
    spec.name: spec
    for spec in (
        FormatSpec("jsonl", f"{_HERE}.native", ".jsonl", "native JSON lines (imports back)"),
        FormatSpec("prodigy", f"{_HERE}.prodigy", ".jsonl", "Prodigy tasks with tokens"),
        FormatSpec("doccano", f"{_HERE}.doccano", ".jsonl", "doccano sequence labelling"),
        FormatSpec("spacy", f"{_HERE}.spacy_bin", ".spacy", "spaCy DocBin"),
        FormatSpec("conll", f"{_HERE}.conll", ".conll", "CoNLL IOB2, a column per label"),
        FormatSpec("brat", f"{_HERE}.brat", "", "brat standoff folder"),
        FormatSpec(
            "labelstudio",
            f"{_HERE}.labelstudio",
            ".json",
            "Label Studio tasks and labelling config",
        ),
        FormatSpec("csv", f"{_HERE}.csv_rows", ".csv", "one row per span, for spreadsheets"),
        FormatSpec(
            "quotes", f"{_HERE}.quotes", ".jsonl", "quote attribution: each quote and its speaker"
        ),
        FormatSpec(
            "pairs", f"{_HERE}.pairs", ".jsonl", "linked span pairs across articles, with sentences"
        ),
        FormatSpec(
            "entities", f"{_HERE}.entities", ".jsonl", "the actor registry with every mention"
        ),
    )
}
FORMAT_NAMES = tuple(REGISTRY)

# The formats whose span keys a JSON record (a ``.jsonl`` line, or an item of a ``.json``
# list) is read for, in this order; each module has ``spans_in(record, where)``.  A record
# gets the spans of every shape it carries.  Prodigy needs no reader of its own: its
# ``spans`` are native's (native JSON lines are a superset of Prodigy's span format), so
# native's reader reads a Prodigy task.  Label Studio (a task with ``data``) and brat (a
# ``.txt`` with its ``.ann``) have readers of their own shape, picked by the importer.
RECORD_FORMATS = ("jsonl", "doccano")


def load(name: str) -> ModuleType:
    """The module of format ``name``, imported now if it was not yet."""
    return REGISTRY[name].load()
