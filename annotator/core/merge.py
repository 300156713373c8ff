"""Merging colleagues' corpus files into one team corpus (issue 16, item 2).

Every input is opened read-only and checked (an Annotator corpus, not newer than this
program, not damaged, not the output itself) before anything is written; then all of
them go into the output in one transaction, so a merge killed half way leaves the
output as it was.  A new output is built in memory and written in place atomically
(as a backup is): killed, there is no output, as before.  What is joined and how is
in :mod:`annotator.core.store.merging`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from annotator.core.dberrors import explain
from annotator.core.errors import AnnotatorError
from annotator.core.fileutil import corpus_part
from annotator.core.store import Store, has_content
from annotator.core.store.backups import backup_to
from annotator.core.store.merging import MergeTally, merge_from

__all__ = ["MergeError", "MergeReport", "merge_files", "merge_into"]


class MergeError(AnnotatorError):
    """An input that cannot be merged; nothing was written."""


@dataclass(slots=True)
class MergeReport:
    inputs: list[Path]
    output: Path | str
    tally: MergeTally

    def lines(self) -> list[str]:
        tally = self.tally
        files = f"{len(self.inputs)} file{'s' if len(self.inputs) != 1 else ''}"
        if not tally.added_anything():
            lines = [f"Merged {files} into {self.output}: nothing to add (all of it was there)."]
        else:
            lines = [f"Merged {files} into {self.output}: {_n(tally.articles, 'article')} added."]
            for annotator in sorted(tally.analysts):
                counts = tally.analysts[annotator]
                if counts.total():
                    lines.append(
                        f"  {annotator or '(unnamed)'}: {_n(counts.spans, 'span')}, "
                        f"{_n(counts.relations, 'relation')}, {_n(counts.links, 'link')}, "
                        f"{_n(counts.statuses, 'status', 'statuses')} added"
                    )
            extra = [
                _n(count, noun, plural)
                for count, noun, plural in (
                    (tally.stories, "story", "stories"), (tally.entities, "entity", "entities"),
                    (tally.work_log, "work log row", None),
                )
                if count
            ]  # fmt: skip
            if extra:
                lines.append("  also " + ", ".join(extra) + " added")
        if tally.differences:
            lines.append(f"Kept the first where the files differ ({len(tally.differences)}):")
            lines += [f"  {line}" for line in tally.differences]
        return lines


def _n(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def merge_files(inputs: Sequence[Path], *, output: Path) -> MergeReport:
    """Merge ``inputs`` into the corpus file ``output`` (created if missing)."""
    inputs = [Path(path) for path in inputs]
    with ExitStack() as stack:
        sources = _open_inputs(inputs, output=output, stack=stack)
        tally = MergeTally()
        if has_content(output):
            target = Store.open(output)
            stack.callback(target.close)
            _merge(target, sources, tally)
        else:
            # Built apart and written in place whole: a kill leaves no half corpus.
            target = Store.open(None)
            stack.callback(target.close)
            _merge(target, sources, tally)
            backup_to(target, output)
    return MergeReport(inputs, output, tally)


def merge_into(store: Store, inputs: Sequence[Path]) -> MergeReport:
    """Merge ``inputs`` into an open corpus (the command line's ``--db``)."""
    inputs = [Path(path) for path in inputs]
    with ExitStack() as stack:
        sources = _open_inputs(inputs, output=store.path, stack=stack)
        tally = MergeTally()
        _merge(store, sources, tally)
    return MergeReport(inputs, store.path or "the corpus", tally)


def _merge(target: Store, sources: list[tuple[Path, Store]], tally: MergeTally) -> None:
    with target.transaction():
        for path, source in sources:
            merge_from(target, source, name=str(path), tally=tally)
    target.forget_texts()


def _open_inputs(
    inputs: list[Path], *, output: Path | None, stack: ExitStack
) -> list[tuple[Path, Store]]:
    """Open and check every input read-only; refuse the first bad one, in one line."""
    if not inputs:
        raise MergeError("name at least one corpus file to merge")
    sources = []
    for path in inputs:
        part = corpus_part(path, output) if output is not None else None
        if part is not None:
            raise MergeError(f"{path}: is {part.replace('the corpus', 'the output')}; "
                             "name another output (-o) or leave it out of the inputs")  # fmt: skip
        if not path.exists():
            raise MergeError(f"{path}: no such file; nothing was merged")
        if not has_content(path):
            raise MergeError(f"{path}: is empty, not a corpus; nothing was merged")
        try:
            source = Store.open(path, read_only=True)
        except AnnotatorError as exc:
            raise MergeError(f"{exc}; nothing was merged" if path.name in str(exc)
                             else f"{path}: {exc}; nothing was merged") from None  # fmt: skip
        stack.callback(source.close)
        try:
            report = source.integrity_report()
        except sqlite3.DatabaseError as exc:
            raise MergeError(f"{explain(exc, where=path)}; nothing was merged") from None
        if report != "ok":
            # SQLite's report spans lines ("*** in database main ***" first): keep one.
            report = " ".join(line for line in report.splitlines() if "***" not in line)
            raise MergeError(f"{path}: is damaged ({report}); nothing was merged; "
                             "restore a backup of it, or leave it out")  # fmt: skip
        sources.append((path, source))
    return sources
