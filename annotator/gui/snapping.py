"""How a selection becomes a span: trim whitespace, grow partial words to whole words.

Pure functions over the stored article text (code-point offsets, no Qt), so they are
tested without a display.  A "word" is a run of letters, digits and combining marks,
which may contain joiners like the comma in "6,000", the colon in "2:15" or the
apostrophe in "town's" when a word character stands on both sides; zero-width joiners
and variation selectors belong to the word they sit in, so an emoji sequence or a
letter with its accents is never cut.
"""

from __future__ import annotations

import unicodedata

__all__ = ["is_word_char", "occurrences", "snap", "trim", "word_at", "word_edge"]

_INNER_JOINERS = frozenset(".,'’:/-\u00ad")
_ZERO_WIDTH_IN_WORD = frozenset("\u200c\u200d\u2060\ufe0e\ufe0f")


def is_word_char(char: str) -> bool:
    if char.isalnum() or char == "_" or char in _ZERO_WIDTH_IN_WORD:
        return True
    category = unicodedata.category(char)
    # Marks (accents, vowel signs) and symbols like emoji count as word parts, so a
    # selection never splits a letter from its accent or an emoji sequence in two.
    return category[0] == "M" or category == "So"


def _is_space(char: str) -> bool:
    # str.isspace covers CR, LF, tabs, NBSP, U+2028/2029; zero-width space and BOM are
    # invisible but not "space" to Python, and are trimmed as well.
    return char.isspace() or char in "\u200b\ufeff"


def _inside_word(text: str, index: int) -> bool:
    """Whether ``index`` (a position between characters) falls inside a word."""
    if index <= 0 or index >= len(text):
        return False
    before, after = text[index - 1], text[index]
    if is_word_char(before) and is_word_char(after):
        return True
    # A joiner counts only when it has word characters on both sides ("6,|000").
    if before in _INNER_JOINERS and is_word_char(after):
        return index >= 2 and is_word_char(text[index - 2])
    if after in _INNER_JOINERS and is_word_char(before):
        return index + 1 < len(text) and is_word_char(text[index + 1])
    return False


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without leading or trailing whitespace (may become empty)."""
    while start < end and _is_space(text[start]):
        start += 1
    while end > start and _is_space(text[end - 1]):
        end -= 1
    return start, end


def snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim whitespace, then grow each end that cuts a word to the word's edge.

    Returns an empty range (start == end) when the selection held only whitespace.
    """
    start, end = trim(text, start, end)
    if start == end:
        return start, end
    while _inside_word(text, start):
        start -= 1
    while _inside_word(text, end):
        end += 1
    return start, end


def word_at(text: str, offset: int) -> tuple[int, int] | None:
    """The word at the caret: the word containing it, else the one just before it.

    ``None`` when the caret touches no word (between two spaces, in punctuation).
    """
    if not text:
        return None
    offset = max(0, min(offset, len(text)))
    if offset < len(text) and is_word_char(text[offset]):
        start = end = offset
    elif offset > 0 and is_word_char(text[offset - 1]):
        start = end = offset - 1
    else:
        return None
    while _inside_word(text, start):
        start -= 1
    end += 1
    while _inside_word(text, end):
        end += 1
    return start, end


def _is_edge(text: str, index: int, edge: str) -> bool:
    """Whether ``index`` is where a word starts (``edge="start"``) or ends (``"end"``)."""
    if _inside_word(text, index):
        return False
    if edge == "start":
        return index < len(text) and is_word_char(text[index])
    return index > 0 and is_word_char(text[index - 1])


def word_edge(text: str, offset: int, *, forward: bool, edge: str) -> int | None:
    """The nearest word start or end (``edge``) strictly after or before ``offset``.

    This is the step that resizing a span takes; a step by another unit (a name, a
    number expression) is any function with the same signature.  ``None`` when no
    such edge lies that way before the article's end or start.
    """
    step = 1 if forward else -1
    index = offset + step
    while 0 <= index <= len(text):
        if _is_edge(text, index, edge):
            return index
        index += step
    return None


def occurrences(text: str, piece: str) -> list[tuple[int, int]]:
    """Every whole-word ``[start, end)`` where ``text`` holds exactly ``piece``, in order.

    Whole word as snapping sees words: neither edge may cut a word, so "Umerov" is
    not found inside "Umerovs" or "Umerov's", nor "6" inside "6,000" (a selection
    there would have snapped to the longer word).  Occurrences never overlap: after
    one is found the search goes on from its end ("aa" in "aa aaa" is found once).
    """
    found: list[tuple[int, int]] = []
    if not piece:
        return found
    at = text.find(piece)
    while at >= 0:
        end = at + len(piece)
        if not _inside_word(text, at) and not _inside_word(text, end):
            found.append((at, end))
            at = text.find(piece, end)
        else:
            at = text.find(piece, at + 1)
    return found
