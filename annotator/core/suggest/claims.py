"""CLAIM proposals: what a sentence with a reporting verb reports.

A claim in news is what someone said, confirmed, denied or announced: the clause after
the reporting verb ("The authority said [142 mm of rain had fallen ...]"), or a sentence
attributed with "according to".  The extent follows how the gold and the keys tag it:

* after a reporting verb: the **report unit** of :mod:`annotator.core.units` (the words
  after "said", "told the Gazette that", "confirmed that", "and that" ... up to the next
  comma, semicolon, dash or the sentence's end), so an accepted proposal is exactly what
  the report key selects; other verbs ("announced", "revealed", "warned" ...) only with
  "that", cut by the same rule;
* "X, according to Y." / "According to Y, X.": the sentence without the attribution.

Left out, since they are not claims or are another label's span: a sentence that is
only a quotation (and a report that is only one: that is a QUOTE), a report inside a
quotation, a report of fewer than four words ("reported 6,000"), and a reporting word
used as a noun or participle ("the borough's estimate of ...", "the estimated 700",
"a man found on the roof": a clause never opens with a preposition).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from annotator.core.suggest.proposal import Proposal
from annotator.core.suggest.quotes import find_quotations
from annotator.core.unit_patterns import REPORT_END
from annotator.core.units import _units  # the per-text cache of what the keys walk

__all__ = ["claim_proposals"]

SOURCE = "claims"
REPORT_SCORE = 0.6  # after said/told/confirmed: usually a checkable statement
OTHER_SCORE = 0.5  # announced/revealed ... that: as often a plan as a fact
ACCORDING_SCORE = 0.5
MIN_WORDS = 4

_OTHER_HEAD = re.compile(
    r"\b(?:announce[sd]?|acknowledge[sd]?|allege[sd]?|accuse[sd]?|reveal(?:s|ed)?"
    r"|disclose[sd]?|note[sd]?|suggest(?:s|ed)?|predict(?:s|ed)?|promise[sd]?|pledge[sd]?"
    r"|declare[sd]?|explain(?:s|ed)?|stress(?:es|ed)?|emphasi[sz]e[sd]?|assert(?:s|ed)?"
    r"|agree[sd]?|recall(?:s|ed)?|testif(?:y|ies|ied))\s+that\s+"
)
_ACCORDING_AFTER = re.compile(r",\s+according\s+to\s")
_ACCORDING_BEFORE = re.compile(r"According\s+to\s[^,]{1,80},\s+")
_FIRST_WORD = re.compile(r"[\"'“‘«„‹]?(\w+)")
# A clause has its subject first: a report opening with one of these is a noun phrase
# ("found on the roof", "reports in some media") or lost its subject to "that".
_NOT_OPENING_WORDS = """
on in at by of for from with to into onto
was were is are had has have would will could should can may might
"""
_NOT_OPENING = frozenset(_NOT_OPENING_WORDS.split())
_NOUN_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|its|their|his|her|our|this|that|these|those)|['’]s)\s+\w+\s*$",
    re.IGNORECASE,
)
_QUOTE_MARKS = "\"'“”‘’«»„‹›"


def _words(piece: str) -> int:
    return len(piece.split())


class _Quotes:
    """Where the quotations are: is an offset inside one, and which one."""

    def __init__(self, text: str) -> None:
        self.ranges = find_quotations(text)
        self.starts = [start for start, _ in self.ranges]

    def around(self, offset: int) -> tuple[int, int] | None:
        """The quotation strictly holding ``offset`` (between its marks), if any."""
        k = bisect_right(self.starts, offset - 1) - 1
        if k >= 0 and self.ranges[k][0] < offset < self.ranges[k][1]:
            return self.ranges[k]
        return None

    def only_quotation(self, text: str, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` is one quotation with at most punctuation around."""
        inner = self.around(start + 1)
        if inner is None or inner[0] < start:
            return False
        rest = text[start : inner[0]] + text[inner[1] : end]
        return not any(ch.isalnum() for ch in rest)


def _walk(text: str, kind: str) -> list[tuple[int, int]]:
    """Every unit of ``kind`` in text order: what next_unit walks, press after press.

    Read from the units' cache at once (next_unit would cost a lookup per unit), so the
    sentences and reports are the very ones the keys select."""
    return list(getattr(_units(text), kind))


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def _usable(text: str, quotes: _Quotes, start: int, end: int) -> bool:
    piece = text[start:end]
    if _words(piece) < MIN_WORDS or quotes.only_quotation(text, start, end):
        return False
    first = _FIRST_WORD.match(piece)
    return first is None or first.group(1).lower() not in _NOT_OPENING


def claim_proposals(text: str) -> list[Proposal]:
    quotes = _Quotes(text)
    sentences = _walk(text, "sentence")
    found: list[Proposal] = []

    def propose(start: int, end: int, score: float) -> None:
        held = quotes.around(end - 1) if end > start else None
        if held is not None and held[0] >= start and held[1] > end:
            end = held[1]  # a report cut at a comma inside the quotation it ends with
        if _usable(text, quotes, start, end):
            found.append(Proposal(start, end, "CLAIM", text[start:end], SOURCE, score, {}))

    taken: list[tuple[int, int]] = []  # the reports, in text order, never overlapping
    taken_starts: list[int] = []

    def in_report(offset: int) -> bool:
        k = bisect_right(taken_starts, offset) - 1
        return k >= 0 and offset < taken[k][1]

    for start, end in _walk(text, "report"):
        if quotes.around(start) is not None:
            continue  # a reporting verb inside a quotation: part of the QUOTE
        if _NOUN_BEFORE.search(text, max(0, start - 40), start):
            continue  # "the estimated 700", "the borough's estimate of"
        taken.append((start, end))
        taken_starts.append(start)
        propose(start, end, REPORT_SCORE)
    for s_start, s_end in sentences:
        if quotes.only_quotation(text, s_start, s_end):
            continue
        for head in _OTHER_HEAD.finditer(text, s_start, s_end):
            start = head.end()
            if quotes.around(start) or in_report(start):
                continue
            stop = REPORT_END.search(text, start, s_end)
            propose(*_strip(text, start, stop.start() if stop else s_end), OTHER_SCORE)
        after = _ACCORDING_AFTER.search(text, s_start, s_end)
        if after is not None:
            propose(*_strip(text, s_start, after.start()), ACCORDING_SCORE)
        before = _ACCORDING_BEFORE.match(text, s_start, s_end)
        if before is not None:
            propose(before.end(), s_end, ACCORDING_SCORE)
    return found
