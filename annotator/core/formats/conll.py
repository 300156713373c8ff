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
edge, so no span is stretched) and sentences from its rule-based splitter
(line breaks, and . ! ? … before whitespace, never inside a span): no model is
needed.  Whitespace is not a token in CoNLL, so a span that is only whitespace
cannot be written and is named in the summary.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from pathlib import Path

from annotator.core.fileutil import atomic_write
from annotator.core.formats.base import ExportContext, Item, plain_label_names
from annotator.core.formats.tokens import cut_points, sentences, tokenize

DOCSTART = "-DOCSTART- -X- O O"


def write(items: Iterable[Item], path: Path, context: ExportContext) -> None:
    names = [label.name for label in context.labels]
    plain = plain_label_names(names)
    column = {name: i for i, name in enumerate(names)}
    noted_columns = f"CoNLL columns: token, then {', '.join(plain[n] for n in names)}"
    if noted_columns not in context.summary.notes:
        context.note(noted_columns)
    with atomic_write(path) as handle:
        for article, spans in items:
            edges = [(s.start, s.end) for s in spans]
            tokens = tokenize(article.text, cut_points(edges))
            words = [t for t in tokens if not t.is_space]
            starts = [t.start for t in words]
            tags = [["O"] * len(names) for _ in words]
            placed: set[tuple[int, int, str]] = set()
            # longer spans first, so a nested span does not cut its container
            for span in sorted(spans, key=lambda s: (s.start, -s.end)):
                if (span.start, span.end, span.label) in placed:
                    continue  # the same span from a second annotator: one tag says it
                placed.add((span.start, span.end, span.label))
                first = bisect_left(starts, span.start)
                last = first
                while last < len(words) and words[last].end <= span.end:
                    last += 1
                inside = range(first, last)
                if not inside:
                    context.note(
                        f"article {article.id} span {span.id} {span.label}: only whitespace; "
                        "left out of the CoNLL file"
                    )
                    continue
                col = column[span.label]
                if any(tags[i][col] != "O" for i in inside):
                    context.note(
                        f"article {article.id} span {span.id} {span.label} "
                        f"[{span.start}, {span.end}): overlaps another {span.label} span; "
                        "one IOB column cannot hold both, left out of the CoNLL file"
                    )
                    continue
                name = plain[span.label]
                tags[inside[0]][col] = f"B-{name}"
                for i in inside[1:]:
                    tags[i][col] = f"I-{name}"
            handle.write(DOCSTART + "\n\n")
            position = {start: i for i, start in enumerate(starts)}
            for sentence in sentences(tokens, article.text, edges):
                for token in sentence:
                    row = tags[position[token.start]]
                    handle.write(" ".join([token.text, *row]) + "\n")
                handle.write("\n")
