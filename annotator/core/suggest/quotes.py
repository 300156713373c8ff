"""QUOTE proposals: quotations in any style, with their marks, as the quote key tags them.

Extent: from the opening mark to the closing mark, both inside, as the quotation unit of
:mod:`annotator.core.units` selects (so accepting a suggestion tags what pressing the
quote key and Enter would).  A quotation over several paragraphs runs from its first
opening mark to its last closing mark.

Marks: “ ” ‘ ’ « » ‹ › „ “ „ ” and straight " and ', whose direction comes from the
neighbouring characters.  A single quote is taken only where it is clearly quotation:

* an apostrophe between letters ("Varnia's", "don't") is never a mark;
* before digits it elides a century ("the '90s", "’90s"): no mark;
* a closing single quote with no single quote open is a plural's apostrophe ("soldiers'").

Several paragraphs: in the English style each new paragraph opens again with the same
mark and only the last closes; a quotation still open at a paragraph's end that is not
continued that way is carried into the next paragraph only, and dropped if it does not
close there, so one stray mark never swallows the article.

Left out: quotations of one or two words (scare quotes: the "experts"), quotations inside
another (the outer one is the analyst's QUOTE) and a quotation that is all of a bracket
("(\"Jammed gate blamed\")": a title cited, not words said).
"""

from __future__ import annotations

import re

from annotator.core.suggest.proposal import Proposal

__all__ = ["find_quotations", "quote_proposals"]

SOURCE = "quotes"
MIN_WORDS = 3  # one or two words in marks are scare quotes or a term, not a quotation

_BREAK_CHARS = "\r\n\u2028\u2029\x85"
_EVENT = re.compile(
    "[\"'“”‘’«»„‹›]"
    rf"|(?P<br>[^\S{_BREAK_CHARS}]*(?:\r\n|[{_BREAK_CHARS}])\s*)"  # a line break, with the
)  # spaces and blank lines around it: one event per paragraph break
_CLOSERS = {"“": "”", "„": "“”", "«": "»", "‹": "›", "‘": "’", '"': '"', "'": "’'"}
_OPEN_AFTER = " \t\u00a0([{—–-/\"'“‘«„‹" + _BREAK_CHARS
_CLOSE_BEFORE = " \t\u00a0.,;:!?)]}—–-…\"'”’»›" + _BREAK_CHARS
_SINGLE = "'’"
_WORD = re.compile(r"\w+(?:['’.,-]\w+)*")


def _flanks(text: str, i: int) -> tuple[bool, bool]:
    """(may open: after a space or opening punctuation; may close: before one)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before in _OPEN_AFTER, after in _CLOSE_BEFORE


# The last text's quotations: the quote and claim sources both ask for the same text,
# one after the other.  Keyed on the text object itself; a tuple swap is atomic.
_LAST: tuple[str, list[tuple[int, int]]] = ("", [])


def find_quotations(text: str) -> list[tuple[int, int]]:
    """Every outermost quotation, (start, end) with both marks inside, in text order."""
    global _LAST
    last_text, last_found = _LAST
    if last_text is text:
        return list(last_found)
    found = _scan(text)
    _LAST = (text, found)
    return list(found)


def _scan(text: str) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    stack: list[tuple[int, str]] = []  # (offset of the opening mark, the mark)
    carried = False  # the outermost open quote has crossed a break without reopening

    def close(i: int, mark: str) -> bool:
        for k in range(len(stack) - 1, -1, -1):
            if mark in _CLOSERS[stack[k][1]]:
                if k == 0:
                    found.append((stack[0][0], i + 1))
                del stack[k:]
                return True
        return False

    def opened(mark: str) -> bool:
        return any(m == mark for _, m in stack)

    skip = -1  # the reopening mark of a continued paragraph
    for m in _EVENT.finditer(text):
        i = m.start()
        if m.group("br") is not None:
            if not stack:
                continue
            nxt = m.end()
            if nxt < len(text) and text[nxt] == stack[0][1]:
                del stack[1:]  # English style: the next paragraph reopens the quotation
                skip, carried = nxt, False
            elif carried or nxt >= len(text):
                stack.clear()  # a second paragraph without the close: a stray mark
                carried = False
            else:
                del stack[1:]
                carried = True
            continue
        if i == skip:
            continue
        mark = text[i]
        if mark in _SINGLE:
            before = text[i - 1] if i > 0 else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            if before.isalnum() and after.isalnum():
                continue  # Varnia's, don't
            if after.isdigit() and not before.isalnum():
                continue  # the '90s: an elided century
        if mark in "”»›":
            close(i, mark)
        elif mark == "“":
            if not (opened("„") and close(i, mark)):
                stack.append((i, mark))
        elif mark in "«‹„‘":
            stack.append((i, mark))
        elif mark in _SINGLE:
            opens, closes = _flanks(text, i)
            if closes and not opens:
                close(i, mark)  # or a plural's apostrophe, when no single quote is open
            elif opens and not closes and mark == "'":
                stack.append((i, mark))
        else:  # a straight double quote
            opens, closes = _flanks(text, i)
            if opens and not closes:
                stack.append((i, mark))
            elif closes and not opens:
                close(i, mark)
            elif not (opened(mark) and close(i, mark)):
                stack.append((i, mark))
        if not stack:
            carried = False
    return found


def _words(piece: str) -> int:
    return len(_WORD.findall(piece))


def quote_proposals(text: str) -> list[Proposal]:
    proposals: list[Proposal] = []
    for start, end in find_quotations(text):
        words = _words(text[start + 1 : end - 1])
        if words < MIN_WORDS:
            continue
        if start > 0 and text[start - 1] in "([" and end < len(text) and text[end] in ")]":
            continue  # ("Title of the article"): a title cited, not words said
        score = min(0.95, 0.6 + 0.05 * (words - MIN_WORDS))
        piece = text[start:end]
        proposals.append(Proposal(start, end, "QUOTE", piece, SOURCE, score, {"form": "direct"}))
    return proposals
