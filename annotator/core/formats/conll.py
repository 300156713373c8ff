"""CoNLL, IOB2, with one tag column per label.

    -DOCSTART- -X- O O
    <blank>
    token TAG-for-label-1 TAG-for-label-2 ...

One column cannot hold overlapping spans, so each label has its own column
(in the corpus's label order, named in the summary); within one label,
overlapping spans are kept in that column as far as IOB2 allows and the rest
are named in the summary.  The document line is the CoNLL-2003 one, which is
what ``spacy convert`` splits documents on.

Tokens come from :mod:`annotator.core.formats.tokens` (cut at every span
edge, so no span is stretched; numbers such as "6,000" and hyphenated words
such as "13-year-olds" stay whole) and sentences from its rule-based splitter
(line breaks, and . ! ? … before whitespace, never inside a span): no model is
needed.  ``spacy convert`` reads the last column only: with ``per_label`` the
export also writes ``NAME.LABEL.conll`` per label, each with that label's column
alone (:func:`label_paths`).  Whitespace is not a token in CoNLL, so a span that is only whitespace
cannot be written and is named in the summary, as are the relations and span
attributes that CoNLL has no place for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path
from typing import Any, TextIO

from annotator.core.fileutil import atomic_write
from annotator.core.formats.base import ExportContext, Item, plain_label_names
from annotator.core.formats.tokens import TokenCounts, cut_points, iter_tokens, sentence_ends

DOCSTART = "-DOCSTART- -X- O O"
_FLUSH = 4096  # rows buffered between writes


def write(items: Iterable[Item], path: Path, context: ExportContext) -> None:
    names = [label.name for label in context.labels]
    plain = plain_label_names(names)
    column = {name: i for i, name in enumerate(names)}
    noted_columns = f"CoNLL columns: token, then {', '.join(plain[n] for n in names)}"
    if noted_columns not in context.summary.notes:
        context.note(noted_columns)
    dropped = 0
    with ExitStack() as files:
        handle = files.enter_context(atomic_write(path))
        singles = [
            files.enter_context(atomic_write(single))
            for single in (label_paths(path, [plain[n] for n in names]) if context.per_label
                           else [])
        ]  # fmt: skip
        for article, spans, relations in items:
            dropped += len(relations)
            placed = _place(article, spans, column, plain, context)
            _write_rows(handle, article.text, spans, placed, len(names))
            for col, single in enumerate(singles):
                _write_rows(single, article.text, spans, [placed[col]], 1)
    if dropped:
        noun = "relation" if dropped == 1 else "relations"
        context.note(f"CoNLL carries no relations or attributes: {dropped} {noun} not written")


def label_paths(path: Path, names: list[str]) -> list[Path]:
    """``NAME.LABEL.conll`` per label, the label reduced to letters, digits, - and _ so
    that no label name (``../x``) can point outside the folder; clashes get a number."""
    paths: list[Path] = []
    for number, name in enumerate(names, start=1):
        slug = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-") or f"label{number}"
        candidate = path.with_name(f"{path.stem}.{slug}{path.suffix}")
        if candidate in paths or candidate == path:
            candidate = path.with_name(f"{path.stem}.{slug}-{number}{path.suffix}")
        paths.append(candidate)
    return paths


def _place(
    article: Any,
    spans: list[Any],
    column: dict[str, int],
    plain: dict[str, str],
    context: ExportContext,
) -> list[list[tuple[int, int, str]]]:
    """Per column, the word ranges ``(first, last exclusive, name)`` tagged, in order.

    Word indices come from one pass over the tokens that keeps none of them; the
    tags are written by a second pass (see :func:`_write_rows`).
    """
    cuts = cut_points((s.start, s.end) for s in spans)
    counts = TokenCounts((s.start for s in spans), (s.end for s in spans))
    for token in iter_tokens(article.text, cuts, compounds=True):
        if not token.is_space:  # whitespace is not a token in CoNLL
            counts.see(token)
    counts.finish()
    placed: list[list[tuple[int, int, str]]] = [[] for _ in column]
    seen: set[tuple[int, int, str]] = set()
    # longer spans first, so a nested span does not cut its container
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if (span.start, span.end, span.label) in seen:
            continue  # the same span from a second annotator: one tag says it
        seen.add((span.start, span.end, span.label))
        inside = counts.inside(span.start, span.end)
        if not inside:
            context.note(
                f"article {article.id} span {span.id} {span.label}: only whitespace; "
                "left out of the CoNLL file"
            )
            continue
        ranges = placed[column[span.label]]
        # Spans come in order of start, so a column's ranges are in order and apart:
        # only the last one can reach into this span.
        if ranges and ranges[-1][1] > inside.start:
            context.note(
                f"article {article.id} span {span.id} {span.label} "
                f"[{span.start}, {span.end}): overlaps another {span.label} span; "
                "one IOB column cannot hold both, left out of the CoNLL file"
            )
            continue
        ranges.append((inside.start, inside.stop, plain[span.label]))
    return placed


def _write_rows(
    handle: TextIO,
    text: str,
    spans: list[Any],
    placed: list[list[tuple[int, int, str]]],
    columns: int,
) -> None:
    edges = [(s.start, s.end) for s in spans]
    handle.write(DOCSTART + "\n\n")
    at = [0] * columns  # per column, the first range not yet behind us
    untagged = " O" * columns
    quiet_until = 0  # words before this one have no tag in any column
    rows: list[str] = []
    words = sentence_ends(iter_tokens(text, cut_points(edges), compounds=True), edges)
    for word, (token, ends_sentence) in enumerate(words):
        end = "\n\n" if ends_sentence else "\n"
        if word < quiet_until:  # most words: no column to look at
            rows.append(token.text + untagged + end)
        else:
            row = [token.text]
            quiet_until = len(text) + 1  # more than there are words
            for col in range(columns):
                ranges = placed[col]
                while at[col] < len(ranges) and ranges[at[col]][1] <= word:
                    at[col] += 1
                tag = "O"
                if at[col] < len(ranges):
                    first, _, name = ranges[at[col]]
                    if first == word:
                        tag = f"B-{name}"
                    elif first < word:
                        tag = f"I-{name}"
                    quiet_until = min(quiet_until, first if first > word else word)
                row.append(tag)
            rows.append(" ".join(row) + end)
        if len(rows) >= _FLUSH:
            handle.write("".join(rows))
            rows.clear()
    handle.write("".join(rows))
