"""Tokens and sentences without a model, for the token-based formats (Prodigy, CoNLL).

Tokens are cut so that every span starts and ends on a token boundary: the
text is first cut at every span's start and end, then each piece is split into
words, single punctuation marks and runs of whitespace.  So no span ever has to
be stretched to whole tokens in these formats.  (spaCy's own tokenizer is used
for the DocBin, where the issue asks for it and spans may need expanding.)

A combining mark, zero-width joiner, variation selector or skin-tone modifier
stays with the character before it, so "e\u0301" or "👍🏽" is one token.

Everything here streams: tokens are made one at a time and counted or written as
they come, so an export holds no list of an article's tokens (a 100 MB article
has about 20 million).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise

_JOINERS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f\u200d"
_SKIN = "\U0001f3fb-\U0001f3ff"
_TOKEN = re.compile(
    rf"(?:\w|[{_JOINERS}])+"  # a word, with any combining marks inside it
    r"|\s+"  # a run of whitespace
    rf"|[^\w\s][{_JOINERS}{_SKIN}]*"  # one other character with what joins it
)
# The same, but a number with separators ("6,000", "1.5") or a hyphenated word
# ("40-minute", "13-year-olds") is one word: CoNLL's readers want them whole.
_COMPOUND_TOKEN = re.compile(
    rf"(?:\w|[{_JOINERS}])+(?:(?:-|(?<=\d)[.,](?=\d))(?:\w|[{_JOINERS}])+)*"
    r"|\s+"
    rf"|[^\w\s][{_JOINERS}{_SKIN}]*"
)
# Characters after which a line ends for str.splitlines (and for brat's readers).
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_SENTENCE_END = {".", "!", "?", "…", "。", "！", "？"}
_CLOSERS = {'"', "'", "”", "’", "»", ")", "]"}


@dataclass(slots=True)  # not frozen: a frozen dataclass is slow to build by the million
class Token:
    start: int
    end: int
    text: str
    ws: bool  # followed by exactly one plain space that is not a token itself
    is_space: bool = False


def cut_points(spans: Iterable[tuple[int, int]]) -> set[int]:
    points: set[int] = set()
    for start, end in spans:
        points.add(start)
        points.add(end)
    return points


def iter_tokens(text: str, cuts: Iterable[int] = (), *, compounds: bool = False) -> Iterator[Token]:
    """Tokens covering ``text`` exactly (with ``ws``), cut at every offset in ``cuts``.

    ``compounds``: numbers with separators and hyphenated words stay one token
    (unless a span edge cuts them).

    One token at a time, so a 100 MB article never has its millions of tokens in
    memory at once (a list of them took about 40 times the text).
    """
    pattern = _COMPOUND_TOKEN if compounds else _TOKEN
    bounds = sorted({0, len(text), *(c for c in cuts if 0 < c < len(text))})
    hard = set(bounds)
    last: Token | None = None  # held back: the next piece may be its trailing space
    for left, right in pairwise(bounds):
        for match in pattern.finditer(text, left, right):
            start, end = match.span()
            piece = match.group()
            # spaCy's convention: one plain space after a word is that word's
            # trailing whitespace, not a token of its own; unless a span edge is there.
            if (
                piece == " "
                and last is not None
                and not last.ws
                and not last.is_space
                and last.end == start
                and start not in hard
            ):
                last.ws = True
                continue
            if last is not None:
                yield last
            last = Token(start, end, piece, False, piece.isspace())
    if last is not None:
        yield last


class TokenCounts:
    """How many tokens start before, and end by, each offset asked about, in one pass.

    Tokens are cut at every span edge, so the tokens inside ``[start, end)`` are those
    from ``before(start)`` up to ``ended_by(end)`` (exclusive): what a bisect over a
    list of every token gives, without the list.  Feed it every token in order with
    :meth:`see`, then :meth:`finish`.
    """

    def __init__(self, starts: Iterable[int], ends: Iterable[int]) -> None:
        self._starts = sorted(set(starts))
        self._ends = sorted(set(ends))
        self._next_start = self._next_end = 0
        self._before: dict[int, int] = {}
        self._ended_by: dict[int, int] = {}
        self._count = 0

    def see(self, token: Token) -> None:
        starts, ends = self._starts, self._ends
        while self._next_start < len(starts) and starts[self._next_start] <= token.start:
            self._before[starts[self._next_start]] = self._count
            self._next_start += 1
        while self._next_end < len(ends) and ends[self._next_end] < token.end:
            self._ended_by[ends[self._next_end]] = self._count
            self._next_end += 1
        self._count += 1

    def finish(self) -> None:
        for offset in self._starts[self._next_start :]:
            self._before[offset] = self._count
        for offset in self._ends[self._next_end :]:
            self._ended_by[offset] = self._count
        self._next_start, self._next_end = len(self._starts), len(self._ends)

    def inside(self, start: int, end: int) -> range:
        """Indices of the tokens seen that lie inside ``[start, end)``."""
        first = self._before[start]
        return range(first, max(first, self._ended_by[end]))


class SpanInteriors:
    """Answers "is this offset strictly inside some span (not at its edge)?" by bisect."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if end - start < 2:
                continue  # nothing lies strictly inside
            if merged and start < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [start for start, _ in merged]
        self._ends = [end for _, end in merged]

    def __contains__(self, offset: int) -> bool:
        at = bisect_left(self._starts, offset) - 1
        return at >= 0 and offset < self._ends[at]


def sentence_ends(
    tokens: Iterable[Token], spans: Iterable[tuple[int, int]]
) -> Iterator[tuple[Token, bool]]:
    """Each non-space token, and whether a sentence ends after it; by rule, never in a span.

    A sentence ends at whitespace holding a line break, or after ., !, ?, …
    (with any closing quotes or brackets) followed by whitespace.  A break that
    would fall strictly inside a span is skipped, so no span is cut in two.
    Streams: a word is held back only until the token after it is seen.
    """
    inside = SpanInteriors(spans)
    pending: Token | None = None  # the last word, not yet handed out
    ended = False  # the last word closes a sentence if whitespace follows
    for token in tokens:
        if token.is_space:
            if (
                pending is not None
                and (ended or _has_break(token.text))
                and (token.start not in inside)
            ):
                yield pending, True
                pending = None
            ended = False
            continue
        if pending is not None:
            yield pending, False
        pending = token
        if token.text in _SENTENCE_END:
            ended = True
        elif token.text not in _CLOSERS:
            ended = False
        if token.ws and ended and token.end not in inside:
            yield token, True
            pending = None
            ended = False
    if pending is not None:
        yield pending, True


def _has_break(piece: str) -> bool:
    return any(ch in LINE_BREAKS for ch in piece)
