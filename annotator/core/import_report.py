"""What an import did, file by file: the lines the command prints and the window shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.printable import printable, shown_path

__all__ = ["FileReport", "ImportReport"]


@dataclass(slots=True)
class FileReport:
    path: Path
    added: int = 0
    duplicates: int = 0
    spans: int = 0
    # A colleague's spans and relations on texts already here (issue 16), added to them.
    joined_spans: int = 0
    joined_relations: int = 0
    error: str | None = None
    # Records refused on their own (bad cross-article data), links that could not be
    # made, actors given another key: one line each, after the file's own line.
    notes: list[str] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return self.error is not None

    def line(self) -> str:
        # One line on any terminal: a name or a quoted field may hold a newline, an
        # escape sequence or an undecodable byte.
        if self.error is not None:
            return f"{shown_path(self.path)}: refused: {printable(self.error)}"
        parts = []
        if self.added:
            noun = "article" if self.added == 1 else "articles"
            spans = f" ({self.spans} span{'s' if self.spans != 1 else ''})" if self.spans else ""
            parts.append(f"added {self.added} {noun}{spans}")
        if self.duplicates:
            parts.append(
                "already in the corpus"
                if not self.added and self.duplicates == 1
                else f"{self.duplicates} already in the corpus"
            )
        if self.joined_spans or self.joined_relations:
            parts.append(_joined(self.joined_spans, self.joined_relations))
        return f"{shown_path(self.path)}: {', '.join(parts) or 'nothing to add'}"

    def lines(self) -> list[str]:
        """The file's line, then one line per note, each naming the file."""
        return [self.line(), *(f"{shown_path(self.path)}: {printable(n)}" for n in self.notes)]

    @property
    def refused_records(self) -> int:
        return sum(": refused: " in f": {note}" for note in self.notes)


@dataclass(slots=True)
class ImportReport:
    files: list[FileReport] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    # Not read: the import was stopped (``stop``) before them; every file listed is in.
    not_read: list[Path] = field(default_factory=list)

    @property
    def refused(self) -> list[FileReport]:
        return [f for f in self.files if f.refused]

    @property
    def added(self) -> int:
        return sum(f.added for f in self.files)

    @property
    def duplicates(self) -> int:
        return sum(f.duplicates for f in self.files)

    @property
    def spans(self) -> int:
        return sum(f.spans for f in self.files)

    @property
    def joined_spans(self) -> int:
        return sum(f.joined_spans for f in self.files)

    @property
    def joined_relations(self) -> int:
        return sum(f.joined_relations for f in self.files)

    def summary(self) -> str:
        text = (
            f"Imported {self.added} article{'s' if self.added != 1 else ''} "
            f"({self.spans} span{'s' if self.spans != 1 else ''}) from {len(self.files)} "
            f"file{'s' if len(self.files) != 1 else ''}"
        )
        if self.duplicates:
            text += f"; {self.duplicates} already in the corpus"
        if self.joined_spans or self.joined_relations:
            text += f"; {_joined(self.joined_spans, self.joined_relations)}"
        if self.skipped:
            text += f"; skipped {len(self.skipped)} file(s) of other types"
        if self.refused:
            text += f"; {len(self.refused)} file(s) refused"
        records = sum(f.refused_records for f in self.files)
        if records:
            text += f"; {records} record(s) refused (their lines say why)"
        if self.not_read:
            text += f"; cancelled before {len(self.not_read)} file(s), which were not imported"
        return text + "."


def _joined(spans: int, relations: int) -> str:
    relations_part = (
        f" and {relations} relation{'s' if relations != 1 else ''}" if relations else ""
    )
    return (
        f"added {spans} span{'s' if spans != 1 else ''}{relations_part} to texts "
        "already in the corpus"
    )
