"""NUMBER proposals: the number grammar's expressions, and clock times as the number key
takes them ("2:15 a.m."), with the attributes an analyst would get on tagging the span.
"""

from __future__ import annotations

from bisect import bisect_right

from annotator.core.attributes import prefill_number
from annotator.core.numbers import find_numbers
from annotator.core.suggest import Proposal
from annotator.core.unit_patterns import CLOCK

__all__ = ["number_proposals"]

SOURCE = "numbers"
SCORE = 0.9
# A clock time carries no quantity the grammar parses; an analyst tags it as a NUMBER
# (a time of day), but it is more often left untagged than a count is.
CLOCK_SCORE = 0.85


def number_proposals(text: str) -> list[Proposal]:
    found = [
        # prefill_number reads the span's own text, as it does when the analyst tags it:
        # an accepted suggestion then carries exactly what a tagged span would.
        Proposal(e.start, e.end, "NUMBER", e.text, SOURCE, SCORE, prefill_number(e.text))
        for e in find_numbers(text)
    ]
    starts = [p.start for p in found]
    for m in CLOCK.finditer(text):
        start, end = m.span()
        k = bisect_right(starts, start)
        near = found[max(0, k - 1) : k + 1]
        if any(p.start < end and start < p.end for p in near):
            continue  # inside a number expression already ("from 2:30 a.m. to 6 a.m.")
        found.append(Proposal(start, end, "NUMBER", m.group(), SOURCE, CLOCK_SCORE, {}))
    return found
