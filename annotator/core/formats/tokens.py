"""Tokens and sentences without a model, for the token-based formats (Prodigy, CoNLL).

Tokens are cut so that every span starts and ends on a token boundary: the
text is first cut at every span's start and end, then each piece is split into
words, single punctuation marks and runs of whitespace.  So no span ever has to
be stretched to whole tokens in these formats.  (spaCy's own tokenizer is used
for the DocBin, where the issue asks for it and spans may need expanding.)

A combining mark, zero-width joiner, variation selector or skin-tone modifier
stays with the character before it, so "e\u0301" or "👍🏽" is one token.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

_JOINERS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f\u200d"
_SKIN = "\U0001f3fb-\U0001f3ff"
_TOKEN = re.compile(
    rf"(?:\w|[{_JOINERS}])+"  # a word, with any combining marks inside it
    r"|\s+"  # a run of whitespace
    rf"|[^\w\s][{_JOINERS}{_SKIN}]*"  # one other character with what joins it
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


def tokenize(text: str, cuts: Iterable[int] = ()) -> list[Token]:
    """Tokens covering ``text`` exactly (with ``ws``), cut at every offset in ``cuts``."""
    bounds = sorted({0, len(text), *(c for c in cuts if 0 < c < len(text))})
    pieces: list[tuple[int, int]] = []
    for left, right in pairwise(bounds):
        for match in _TOKEN.finditer(text, left, right):
            pieces.append((match.start(), match.end()))
    hard = set(bounds)
    tokens: list[Token] = []
    last: Token | None = None
    for start, end in pieces:
        piece = text[start:end]
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
        last = Token(start, end, piece, False, piece.isspace())
        tokens.append(last)
    return tokens


def token_range(tokens: Sequence[Token], start: int, end: int) -> tuple[int, int] | None:
    """Indices (first, last inclusive) of the tokens inside [start, end), or None."""
    first = bisect_left(tokens, start, key=lambda token: token.start)
    last = first
    while last < len(tokens) and tokens[last].end <= end:
        last += 1
    if last == first:
        return None
    return first, last - 1


def sentences(
    tokens: Sequence[Token], text: str, spans: Iterable[tuple[int, int]]
) -> list[list[Token]]:
    """Non-space tokens grouped into sentences, by rule and never inside a span.

    A sentence ends at whitespace holding a line break, or after ., !, ?, …
    (with any closing quotes or brackets) followed by whitespace.  A break that
    would fall strictly inside a span is skipped, so no span is cut in two.
    """
    inside = sorted(spans)
    result: list[list[Token]] = []
    current: list[Token] = []
    ended = False  # the last word closes a sentence if whitespace follows
    for token in tokens:
        if token.is_space:
            if current and (ended or _has_break(token.text)) and not _within(inside, token.start):
                result.append(current)
                current = []
            ended = False
            continue
        current.append(token)
        if token.text in _SENTENCE_END:
            ended = True
        elif token.text not in _CLOSERS:
            ended = False
        if token.ws and ended and not _within(inside, token.end):
            result.append(current)
            current = []
            ended = False
    if current:
        result.append(current)
    return result


def _has_break(piece: str) -> bool:
    return any(ch in LINE_BREAKS for ch in piece)


def _within(spans: list[tuple[int, int]], offset: int) -> bool:
    """True when ``offset`` is strictly inside some span (not at its edge)."""
    return any(start < offset < end for start, end in spans)
