"""NUMBER proposals: the number grammar's expressions, and clock times as the number key
takes them ("2:15 a.m."), with the attributes an analyst would get on tagging the span.

Left out, as an analyst leaves them (on the sample gold none of them was tagged):

* a small count spelled out, below ten ("three gates", "two stories", "almost three"):
  news style spells out one to nine, and such counts are incidental, not figures anyone
  checks; durations ("two days"), ranges and larger counts stay;
* anything in a dateline or byline, a line of fields between " | " ("The Courier |
  PORTMERROW, 15 March | By ..."): the article's own date is metadata, not content.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from annotator.core.attributes import number_attributes
from annotator.core.numbers import NumberExpression, find_numbers
from annotator.core.suggest.proposal import Proposal
from annotator.core.unit_patterns import CLOCK

__all__ = ["number_proposals"]

SOURCE = "numbers"
SCORE = 0.9
# A clock time carries no quantity the grammar parses; an analyst tags it as a NUMBER
# (a time of day), but it is more often left untagged than a count is.
CLOCK_SCORE = 0.85
SMALL = 10  # spelled-out counts below this are left out
_FIELD_BAR = re.compile(r"[ \t\u00a0]\|[ \t\u00a0]")
_LINE = re.compile(r"[^\r\n\u2028\u2029\x85]+")


def _datelines(text: str) -> list[tuple[int, int]]:
    """The lines holding " | " fields, in order.  Each line is matched once and searched
    once (linear: one expression for "a line with a bar" backtracks over every line)."""
    if "|" not in text:
        return []
    return [m.span() for m in _LINE.finditer(text) if _FIELD_BAR.search(text, *m.span())]


def _small_word_count(expression: NumberExpression) -> bool:
    return (
        expression.kind == "count"
        and expression.value is not None
        and abs(expression.value) < SMALL
        and not any(ch.isdigit() for ch in expression.text)
    )


def number_proposals(text: str) -> list[Proposal]:
    datelines = _datelines(text)

    def in_dateline(start: int) -> bool:
        k = bisect_right(datelines, (start, len(text) + 1)) - 1
        return k >= 0 and datelines[k][0] <= start < datelines[k][1]

    found = [
        # The fields prefill_number fills for a tagged span, from the expression as read in
        # its sentence: no second parse, and the context is kept ("in 2023" is a date,
        # where the span's text "2023" alone would read as the count 2023).
        Proposal(e.start, e.end, "NUMBER", e.text, SOURCE, SCORE, number_attributes(e))
        for e in find_numbers(text)
        if not _small_word_count(e) and not (datelines and in_dateline(e.start))
    ]
    starts = [p.start for p in found]
    for m in CLOCK.finditer(text):
        start, end = m.span()
        if datelines and in_dateline(start):
            continue
        k = bisect_right(starts, start)
        near = found[max(0, k - 1) : k + 1]
        if any(p.start < end and start < p.end for p in near):
            continue  # inside a number expression already ("from 2:30 a.m. to 6 a.m.")
        found.append(Proposal(start, end, "NUMBER", m.group(), SOURCE, CLOCK_SCORE, {}))
    return found
