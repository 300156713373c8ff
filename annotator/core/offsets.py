"""Mapping between span offsets in an article and positions in the Qt text view.

Spans are half-open code-point offsets into the article text exactly as imported.  The
window shows that text in a QPlainTextEdit, whose positions differ in three ways, each
measured with PySide6 6.11 (``tests/test_offsets.py`` re-checks all of them):

* Qt counts UTF-16 code units, so every astral character (emoji, flag halves, ...) takes
  two positions.  ``QTextCursor.setPosition`` accepts the position between the two halves
  and does not move it; cursor movement never lands there.
* ``setPlainText`` turns CRLF, lone CR, LF and U+2029 into block breaks of one position
  each, so a CRLF loses a position.  (U+FDD0 and U+FDD1, Qt's frame markers, also break
  blocks; U+2028 stays an ordinary character.)
* PySide drops a U+FEFF at the very start of any string passed to Qt, and hands lone
  surrogates over as code units that join a neighbour into a pair.

``display_text`` removes the surprises without changing any length except CRLF's: CR and
CRLF become LF (a lone CR must change too, or ``"\\r\\r\\n"`` would turn into a fresh CRLF),
lone surrogates and U+FDD0/U+FDD1 become U+FFFD, and a leading U+FEFF becomes U+2060
(WORD JOINER, its modern equivalent).  After that a Qt position is plain UTF-16 counting
over ``display_text``, and the map only has to know where astral characters and CRLFs are.
"""

import re
from bisect import bisect_right
from itertools import accumulate

from annotator.core.errors import SpanError

__all__ = ["OffsetMap"]

# One pass finds everything that makes Qt positions drift from code-point offsets; the
# matches come out in text order, so the event lists are sorted without sorting.
_DRIFT = re.compile("[\U00010000-\U0010ffff]|\r\n")
# Characters that would make Qt disagree with a plain UTF-16 count of the displayed text.
_UNSAFE = re.compile("[\r\ud800-\udfff\ufdd0\ufdd1]|^\ufeff")
_UNSAFE_REPLACEMENT = {"\ufdd0": "\ufffd", "\ufdd1": "\ufffd", "\ufeff": "\u2060"}


def _display_text(text: str) -> str:
    if not _UNSAFE.search(text):
        return text
    shown = text.replace("\r\n", "\n").replace("\r", "\n")
    shown = re.sub("[\ud800-\udfff]", "\ufffd", shown)
    shown = re.sub("[\ufdd0\ufdd1]|^\ufeff", lambda m: _UNSAFE_REPLACEMENT[m[0]], shown)
    return shown


class OffsetMap:
    """Maps between code-point offsets into the stored text and Qt document positions.

    Lookups are one bisection over the astral characters and CRLFs of the text; a text
    without either maps by identity.  An offset between the CR and LF of a CRLF maps to the
    block break, which maps back to the offset before the CR.  A position between the two
    halves of a surrogate pair maps back to the start of that character.
    """

    __slots__ = (
        "_offset_deltas",
        "_offset_keys",
        "_qt_deltas",
        "_qt_keys",
        "_text_length",
        "display_text",
        "qt_length",
    )

    def __init__(self, text: str) -> None:
        self._text_length = len(text)
        self.display_text = _display_text(text)
        # An astral character at i adds one position to every offset from i + 1 on, and its
        # second half (Qt position to_qt(i) + 1) already maps back to i.  A CRLF whose CR is
        # at c removes one position from every offset from c + 1 on, and the position after
        # its break (to_qt(c) + 1) maps back to c + 2.
        starts: list[int] = []
        steps: list[int] = []
        for match in _DRIFT.finditer(text):
            starts.append(match.start())
            steps.append(1 if len(match[0]) == 1 else -1)
        self._offset_keys = [start + 1 for start in starts]
        drift = list(accumulate(steps, initial=0))
        self._offset_deltas = drift
        self._qt_keys = [start + before + 1 for start, before in zip(starts, drift, strict=False)]
        self._qt_deltas = [-d for d in drift]
        self.qt_length = self._text_length + drift[-1]

    def __repr__(self) -> str:
        return (
            f"OffsetMap(text_length={self._text_length}, qt_length={self.qt_length}, "
            f"drift_points={len(self._offset_keys)})"
        )

    def to_qt(self, offset: int) -> int:
        """The Qt position of a code-point offset (0..len(text))."""
        if not 0 <= offset <= self._text_length:
            raise SpanError(f"offset {offset} is outside the article (0..{self._text_length})")
        if not self._offset_keys:
            return offset
        return offset + self._offset_deltas[bisect_right(self._offset_keys, offset)]

    def from_qt(self, position: int) -> int:
        """The code-point offset of a Qt position (0..qt_length)."""
        if not 0 <= position <= self.qt_length:
            raise SpanError(
                f"text position {position} is outside the article (0..{self.qt_length})"
            )
        if not self._qt_keys:
            return position
        return position + self._qt_deltas[bisect_right(self._qt_keys, position)]

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
