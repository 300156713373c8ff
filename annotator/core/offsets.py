"""Mapping between span offsets in an article and positions in the Qt text view.

Spans are half-open code-point offsets into the article text exactly as imported.  The
window shows that text in a QPlainTextEdit, whose positions differ in ways measured with
PySide6 6.11 and re-checked by ``tests/test_offsets.py``:

* Qt counts UTF-16 code units, so every astral character (emoji, each half of a flag, ...)
  takes two positions.  ``QTextCursor.setPosition`` accepts the position between the two
  halves and leaves it there; cursor movement never lands there.
* ``setPlainText`` makes a block break of one position out of LF, lone CR, U+2029 and a
  whole CRLF, so each CRLF loses one position.  U+2028, NBSP, tabs, zero-width and control
  characters stay ordinary one-position characters.
* Qt's frame markers U+FDD0 and U+FDD1 also break blocks; PySide drops a U+FEFF at the
  very start of any string it hands to Qt; lone surrogates reach Qt as code units that can
  join a neighbour into a pair.

``display_text`` is the stored text itself unless it holds one of the last three, which it
swaps one for one (U+FFFD for the markers and lone surrogates, U+2060 WORD JOINER for the
leading U+FEFF), so nothing but astral characters and CRLFs moves a position.  CR and CRLF
are passed through because Qt's rule for them is exact, and copying a large article only to
rewrite its line ends would cost more than the whole map.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate
from operator import add

from annotator.core.errors import SpanError

__all__ = ["OffsetMap"]

# A range, not "[^\x00-\uffff]": the same set, but the negated class costs 6 ms to compile.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_CRLF = re.compile("\r\n")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_FRAME_MARKER = re.compile("[\ufdd0\ufdd1]")


class OffsetMap:
    """Maps between code-point offsets into the stored text and Qt document positions.

    Each lookup is one bisection over the text's astral characters and CRLFs; a text with
    neither maps by identity.  An offset between the CR and LF of a CRLF maps to the block
    break, and the break maps back to the offset before the CR.  A position between the two
    halves of a surrogate pair maps back to the start of that character.
    """

    __slots__ = ("_drift", "_events", "_qt_keys", "_text_length", "display_text", "qt_length")

    def __init__(self, text: str) -> None:
        self._text_length = len(text)
        astral, lone_surrogates = _astral_starts(text)
        crlf = [m.start() for m in _CRLF.finditer(text)] if "\r" in text else []
        # One sorted list of drift points, each encoded as 2 * index + kind so that sorting
        # ints merges the two kinds: kind 1, an astral character, adds a position after it;
        # kind 0, a CRLF (index of the CR), takes one away after the CR.
        events = [2 * i + 1 for i in astral]
        if crlf:
            events += [2 * i for i in crlf]
            events.sort()
        # _drift[k]: Qt position minus offset after the first k drift points.
        self._drift = list(accumulate([2 * (e & 1) - 1 for e in events], initial=0))
        self._events = events
        # The Qt position just after a drift point's first position starts a new stretch:
        # the second half of an astral character maps back to its start, and the position
        # after a CRLF's break maps back to after its LF.
        self._qt_keys = list(map(add, [(e >> 1) + 1 for e in events], self._drift))
        self.qt_length = self._text_length + self._drift[-1]
        self.display_text = _display_text(text, lone_surrogates=lone_surrogates)

    def __repr__(self) -> str:
        return (
            f"OffsetMap(text_length={self._text_length}, qt_length={self.qt_length}, "
            f"drift_points={len(self._events)})"
        )

    def to_qt(self, offset: int) -> int:
        """The Qt position of a code-point offset (0..len(text))."""
        if not 0 <= offset <= self._text_length:
            raise SpanError(f"offset {offset} is outside the article (0..{self._text_length})")
        if not self._events:
            return offset
        # Drift points strictly before the offset: encoded values below 2 * offset.
        return offset + self._drift[bisect_left(self._events, 2 * offset)]

    def from_qt(self, position: int) -> int:
        """The code-point offset of a Qt position (0..qt_length)."""
        if not 0 <= position <= self.qt_length:
            raise SpanError(
                f"text position {position} is outside the article (0..{self.qt_length})"
            )
        if not self._events:
            return position
        return position - self._drift[bisect_right(self._qt_keys, position)]

    def range_to_qt(self, start: int, end: int) -> tuple[int, int]:
        """The Qt selection (start, end) that shows the span [start, end)."""
        if start > end:
            raise SpanError(f"span starts at {start}, after its end at {end}")
        return self.to_qt(start), self.to_qt(end)

    def range_from_qt(self, a: int, b: int) -> tuple[int, int]:
        """The span (start, end) of a Qt selection between positions a and b, in any order.

        A selection that ends at a line end leaves the CR/LF out; one that runs across a
        CRLF takes both characters.
        """
        if a > b:
            a, b = b, a
        return self.from_qt(a), self.from_qt(b)


def _astral_starts(text: str) -> tuple[list[int], bool]:
    """Offsets of the astral characters, and whether the text holds lone surrogates."""
    if text.isascii():
        return [], False
    try:
        # Counting is a fast C encode; only a text with astral characters is scanned.
        extra_units = len(text.encode("utf-16-le")) // 2 - len(text)
    except UnicodeEncodeError:
        return [m.start() for m in _ASTRAL.finditer(text)], True
    if not extra_units:
        return [], False
    return [m.start() for m in _ASTRAL.finditer(text)], False


def _display_text(text: str, *, lone_surrogates: bool) -> str:
    if lone_surrogates:
        text = _LONE_SURROGATE.sub("\ufffd", text)
    if not text.isascii():
        if "\ufdd0" in text or "\ufdd1" in text:
            text = _FRAME_MARKER.sub("\ufffd", text)
        if text.startswith("\ufeff"):
            text = "\u2060" + text[1:]
    return text
