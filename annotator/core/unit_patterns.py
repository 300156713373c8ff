"""Patterns of :mod:`annotator.core.units` beyond the four kinds: clock times, which the
number key also stops at, and the heads and ends of what a sentence reports (the "report"
rung of expand).  Kept apart, like number_patterns, so each file stays readable.
"""

from __future__ import annotations

import re

__all__ = ["CLOCK", "REPORT_END", "REPORT_HEAD"]

# "2:15 a.m.", "3 a.m.", "18:40", "5pm"; never a ratio or score ("3:2") nor a part of
# "12:30:45".
CLOCK = re.compile(
    r"(?<![\w.:,])(?:(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?:[ \u00a0]?(?:[ap]\.m\.|[ap]m(?!\w)))?"
    r"(?![\w:])|(?:1[0-2]|0?[0-9])[ \u00a0]?(?:[ap]\.m\.|[ap]m(?!\w)))"
)

# What a sentence reports, as an analyst tags a CLAIM: the words after a reporting verb
# ("said", "told the Gazette that", "maintains that", "and that") up to the next break.
_REPORTING = (
    r"said|says|say|confirm(?:s|ed)?|admit(?:s|ted)?|maintain(?:s|ed)?|claim(?:s|ed)?"
    r"|argue[sd]?|warn(?:s|ed)?|insist(?:s|ed)?|believe[sd]?|add(?:s|ed)?|report(?:s|ed)?"
    r"|state[sd]?|den(?:y|ies|ied)|estimate[sd]?|conclude[sd]?|found|finds|show(?:s|ed)?"
)
REPORT_HEAD = re.compile(
    rf"\b(?:(?:{_REPORTING})(?:\s+that)?|told(?:\s+[^\s,.;:]+){{1,4}}?\s+that|and\s+that)\s+"
)
REPORT_END = re.compile(
    r",\s|;|:\s|\s[—–-]\s|\s+and\s+that\s|[.!?…]*$"
    r"|\s+(?:once|because|although|unless|while|until|whereas)\s"
)
