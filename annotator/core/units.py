"""Units of news text that keys select in one press: numbers, names, quotations, sentences.

Pure functions over a text and code-point offsets (``text[start:end]`` is the unit):

* ``next_unit(text, offset, kind, forward=...)`` gives the next or previous unit of a kind
  ("number", "name", "quotation", "sentence") from a caret.  A unit that contains the caret
  counts, so a press with the caret inside a unit selects that unit; the window passes the
  selection's end going forward and its start going back, so repeated presses walk on.
* ``expand(text, start, end)`` grows a selection to the smallest unit that holds it and is
  larger, on the ladder word → name or number → clause → quotation → sentence → paragraph
  → whole text (as code editors' "expand selection" does); ``shrink`` walks back down.

What each unit is:

* **number**: an expression of ``annotator.core.numbers`` (qualifier, number and unit).
* **name**: a run of capitalised words ("Deputy Minister Olena Marchenko-Kovalska"), joined
  by spaces or hyphens, with lowercase particles inside ("bin", "de", "van", "of"), titles
  ("Mr.", "Gen.") and initials.  A common word that starts a sentence ("The", "In") is not
  part of a name, so "The" alone is no name and "In Vellport" is the name "Vellport".  A
  single capitalised word that starts a sentence ("Nobody", "Marchenko") is a name only if
  the text also uses it inside a name elsewhere ("Olena Marchenko"); months, weekdays and a
  title alone ("Mr.") are never names.
* **quotation**: from its opening mark to its closing mark, both marks inside the extent.
  Pairs: “ ”, ‘ ’, « », ‹ ›, „ “ and „ ”, and straight " and ' whose direction comes from
  the neighbouring characters (a mark after a space opens, one before a space or
  punctuation closes).  An apostrophe between letters ("don't", "Ukraine's") or after a
  plural ("soldiers' ") with no single quote open is no mark.  A quotation may run over
  several paragraphs in the news style, where each new paragraph opens with the same mark
  again and only the last one closes; a quote still open at a paragraph end that is not
  continued that way is dropped, so one stray mark never swallows the article.  Quotations
  nest; ``next_unit`` walks the outermost ones, ``expand`` reaches the inner ones.
* **sentence**: ends at . ! ? or … (with any closing quotes or brackets after them) when a
  space and a capital letter or an opening quote follow, but not after a common
  abbreviation (Mr., Dr., U.S., Jan., ...) or an initial; a line break always ends one.
  Decimals ("3.5") never end one since no space follows the point.
* **clause**: a part of a sentence between , ; : ( ) dashes and double quote marks.
* **report** (walked by ``next_unit``, not on the ladder, whose rungs hold every
  selection): what a sentence reports, as a CLAIM is tagged: the words after a reporting
  verb ("said", "told the Gazette that", "maintains that", "and that") up to the next
  comma, semicolon, dash, "and that", "once"/"because"... or the sentence's end, quotation
  marks included.
* **paragraph**: a line (any of LF, CR, CRLF, U+2028, U+2029, NEL ends one), without the
  spaces around it.

Speed: each kind is found once per text by regular expressions (linear) and kept in a cache
keyed on the text object's identity (the last four texts); after that a key press is a
bisection.  On a 1 MB article (CPU time, 2 shared cores): the first press of a kind scans
the text once (quotations 0.07 s, sentences 0.09 s, names 0.26 s, numbers 0.3 s; all four
0.8 s), later presses take about 3 µs for ``next_unit`` and 30 µs for ``expand`` or
``shrink``.  ``prepare`` does the scans ahead (the window can call it off the key path,
e.g. in a worker when an article opens); tests/test_units.py asserts under 5 ms a press.
``prepare`` may run in one thread while keys ask from another: the cache is locked, and a
kind found by both at once (possible from Python 3.12, whose ``cached_property`` no longer
locks) costs only the time of the second scan.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from functools import cached_property

from annotator.core.numbers import find_numbers
from annotator.core.unit_patterns import CLOCK, REPORT_END, REPORT_HEAD

__all__ = ["KINDS", "WALKABLE", "expand", "next_unit", "prepare", "shrink"]

KINDS = ("number", "name", "quotation", "sentence")
WALKABLE = (*KINDS, "report")  # what keys walk: the four, and what a sentence reports

Range = tuple[int, int]


def _word_set(words: str) -> frozenset[str]:
    """A word list written as text (easier to read and extend than a list of strings)."""
    return frozenset(words.split())


def _class_of(predicate) -> str:
    """A regex class of the BMP characters for which ``predicate`` holds."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x10000):
        if predicate(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    parts = []
    for a, b in ranges:
        parts.append(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}")
    return "[" + "".join(parts) + "]"


_UPPER = _class_of(lambda c: c.isupper() or c.istitle())
# a letter, or a combining mark after one: text in decomposed form ("José" as e + U+0301)
# keeps its accented letters inside names
_LETTER = r"(?:[^\W\d_]|[\u0300-\u036f])"
_SP = r"[ \u00a0]"
_BREAK_CHARS = "\r\n\u2028\u2029\x85"
_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029\x85]")

# --- Names -------------------------------------------------------------------------------

_TITLES = "Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Sgt|Capt|Maj|Rev|Sen|Rep|Gov|St|Jr|Sr|Cpl|Adm|Brig"
_CAPWORD = (
    rf"(?:(?:{_TITLES})\.|(?:{_UPPER}\.){{2,}}|{_UPPER}\.(?={_SP}{_UPPER})"
    rf"|(?:(?:al|el|ad|ash|as|an|bin|ibn|d|l|O)['’-])?{_UPPER}{_LETTER}*"
    rf"(?:['’]{_UPPER}{_LETTER}*)?(?:-{_UPPER}{_LETTER}*)*"
    # a plural possessive inside an organisation's name ("Allied Waterworkers' Union")
    rf"(?:(?<=s)['’](?={_SP}{_UPPER}))?)"
)
# No "of the": in news it mostly joins a person to an organisation ("Gideon Marsh of the
# Portmerrow Residents' Association"), two names an analyst tags apart.
_PARTICLE = (
    r"(?:bin|ibn|bint|de|del|della|der|den|di|da|dos|das|du|van|von|la|le|al|el|y|of|for)"
)
_NAME = re.compile(
    rf"(?=[^\W\d_])(?<![\w'’-]){_CAPWORD}(?:{_SP}(?:{_PARTICLE}{_SP})*{_CAPWORD})*(?![\w])"
)
# Capitalised only because a sentence starts with them: never a name, nor its first word.
_COMMON = _word_set(
    """
The A An In On At By For From To Of And But Or Nor So Yet If When While After Before As
Since Until Although Though Because However Meanwhile Yesterday Today Tomorrow Earlier
Later Then There Here It Its He She They We I You His Her Their Our My This That These
Those What Who Why How Where Which Some Many Most Several All Both Each Every No Not One
Two Three Four Five Six Seven Eight Nine Ten Last Next Asked Despite During Under Over
Officials Residents Police Witnesses According Also Only Even Still Instead
Afterwards Afterward Elsewhere Separately Overnight Around About Neither Nobody
"""
)
_NOT_NAME_ALONE = (
    _word_set(
        """
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
June July August September October November December I Jan Feb Mar Apr Jun Jul Aug Sep
Sept Oct Nov Dec
"""
    )
    | _COMMON
)
_WORD_IN_NAME = re.compile(r"[^ \u00a0]+")
_TITLE_ALONE = re.compile(rf"(?:{_TITLES})\.")


def _sentence_initial(text: str, pos: int) -> bool:
    """Whether ``pos`` starts a sentence: after . ! ? : a line break or the text's start,
    with only spaces, opening quotes and brackets between; or a field of a dateline or
    byline, after "|" ("The Sallen Courier | 15 March | By Ada Pellowe")."""
    i = pos - 1
    while i >= 0 and text[i] in " \t\u00a0\"'“‘«„‹([":
        i -= 1
    return i < 0 or text[i] in ".!?…:|" or text[i] in _BREAK_CHARS


def _names(text: str) -> list[Range]:
    runs: list[tuple[bool, list[Range]]] = []
    confirmed: set[str] = set()  # words seen in a name that does not start a sentence
    for m in _NAME.finditer(text):
        start, end = m.span()
        words = [(w.start(), w.end()) for w in _WORD_IN_NAME.finditer(text, start, end)]
        initial = _sentence_initial(text, start)
        if initial:
            while words and text[words[0][0] : words[0][1]] in _COMMON:
                words.pop(0)
                # a particle left in front ("Of") goes with the common word
                while words and text[words[0][0] : words[0][1]].islower():
                    words.pop(0)
        confirmed.update(text[a:b] for a, b in words[1 if initial else 0 :])
        while words and text[words[-1][0] : words[-1][1]].islower():
            words.pop()
        if words:
            # after "In", "The" ... the next word is capitalised by itself: no longer initial
            runs.append((initial and words[0][0] == start, words))
    found: list[Range] = []
    for initial, words in runs:
        if len(words) == 1:
            word = text[words[0][0] : words[0][1]]
            if word in _NOT_NAME_ALONE or _TITLE_ALONE.fullmatch(word):
                continue
            if initial and word not in confirmed:
                # "Nobody", "Enough": capitalised only because a sentence starts with them;
                # a name counts there once the text uses it elsewhere ("Olena Marchenko").
                continue
        found.append((words[0][0], words[-1][1]))
    return found


def _overlaps_any(r: Range, ranges: list[Range]) -> bool:
    i = bisect_right(ranges, r)
    return any(a < r[1] and r[0] < b for a, b in ranges[max(0, i - 1) : i + 1])


# --- Sentences ---------------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    (_TITLES + "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|Nos|Vol|Fig|vs|approx"
     "|est|etc|Inc|Ltd|Corp|Co|ca|cf|Mt|Ave|Rd|Ft|Gov").split("|")
)  # fmt: skip
_SENTENCE_END = re.compile(
    r"[.!?…]+[\"'”’»›)\]]*(?=[ \t\u00a0]+[\"'“‘«„‹(\[]*" + _UPPER + ")"
    r"|(?P<br>\r\n|[\r\n\u2028\u2029\x85])"
)
_WORD_BEFORE_DOT = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]?$|[^\W\d_]+$")


def _abbreviation_before(text: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` ends an abbreviation, initial or "U.S."."""
    if text[dot] != ".":
        return False
    m = _WORD_BEFORE_DOT.search(text, max(0, dot - 12), dot)
    if not m:
        return False
    word = m.group()
    if m.start() > 0 and (text[m.start() - 1].isalnum()):
        return False
    return word in _ABBREVIATIONS or "." in word or (len(word) == 1 and word.isupper())


def _strip(text: str, start: int, end: int) -> Range | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def _sentences(text: str) -> list[Range]:
    found: list[Range] = []
    begin = 0
    for m in _SENTENCE_END.finditer(text):
        if m.group("br") is not None:
            stop, after = m.start(), m.end()
        else:
            if _abbreviation_before(text, m.start()):
                continue
            stop = after = m.end()
        if (span := _strip(text, begin, stop)) is not None:
            found.append(span)
        begin = after
    if (span := _strip(text, begin, len(text))) is not None:
        found.append(span)
    return found


# --- Quotations --------------------------------------------------------------------------

_QUOTE_EVENT = re.compile("[\"'“”‘’«»„‹›]|(?P<br>\r\n|[\r\n\u2028\u2029\x85])")
_CLOSERS = {"“": "”", "„": "“”", "«": "»", "‹": "›", "‘": "’", '"': '"', "'": "'"}
_OPEN_AFTER = " \t\u00a0([{—–-/\"'“‘«„‹" + _BREAK_CHARS
_CLOSE_BEFORE = " \t\u00a0.,;:!?)]}—–-…\"'”’»›" + _BREAK_CHARS
_SPACE_RUN = re.compile(r"[\s]*")


def _flanks(text: str, i: int) -> tuple[bool, bool, bool]:
    """(opens by its left side, closes by its right side, sits between two letters)."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before in _OPEN_AFTER, after in _CLOSE_BEFORE, before.isalnum() and after.isalnum()


def _quotations(text: str) -> list[Range]:
    found: list[Range] = []
    stack: list[tuple[int, str]] = []  # (offset of the opening mark, the mark)
    continued = -1  # offset of an opening mark that only continues a quote over a paragraph

    def close(i: int, mark: str) -> bool:
        for k in range(len(stack) - 1, -1, -1):
            if mark in _CLOSERS[stack[k][1]]:
                found.append((stack[k][0], i + 1))
                del stack[k:]
                return True
        return False

    def is_open(mark: str) -> bool:
        return any(m == mark for _, m in stack)

    for m in _QUOTE_EVENT.finditer(text):
        i = m.start()
        if m.group("br") is not None:
            if stack:
                nxt = _SPACE_RUN.match(text, m.end()).end()
                if nxt < len(text) and any(text[nxt] == mark for _, mark in stack):
                    continued = nxt
                else:
                    stack.clear()  # not closed, not continued: a stray mark
            continue
        if i == continued:
            continue
        mark = text[i]
        if mark in "”»›":
            close(i, mark)
        elif mark == "“":
            if not (is_open("„") and close(i, mark)):
                stack.append((i, mark))
        elif mark in "«‹„‘":
            stack.append((i, mark))
        else:  # ’ " ' : direction from the neighbours
            opens, closes, inside_word = _flanks(text, i)
            if mark == "’" or mark == "'":
                if inside_word:
                    continue  # don't, Ukraine's
                if closes and not opens:
                    close(i, mark)  # or a plural's apostrophe when nothing is open
                elif opens and not closes and mark == "'":
                    stack.append((i, mark))
                continue
            if opens and not closes:
                stack.append((i, mark))
            elif closes and not opens:
                close(i, mark)
            elif not (is_open(mark) and close(i, mark)):
                stack.append((i, mark))
    found.sort(key=lambda r: (r[0], -r[1]))
    return found


# --- Clauses, words, paragraphs ----------------------------------------------------------

_CLAUSE_MARK = re.compile(r"[,;:](?=\s)|[()\[\]\"“”«»„‹›—–]|\s-\s")
_JOINERS = "-'’.,"


def _wordish(text: str, j: int) -> bool:
    c = text[j]
    if c.isalnum() or c == "_" or unicodedata.category(c)[0] == "M":
        return True
    return (c in _JOINERS and 0 < j < len(text) - 1 and text[j - 1].isalnum()
            and text[j + 1].isalnum())  # fmt: skip


def _word(text: str, start: int, end: int) -> Range | None:
    if end - start > 200 or any(not _wordish(text, j) for j in range(start, end)):
        return None
    a, b = start, end
    while a > 0 and _wordish(text, a - 1):
        a -= 1
    while b < len(text) and _wordish(text, b):
        b += 1
    return (a, b) if a < b else None


# --- The per-text cache ------------------------------------------------------------------


class _Units:
    """Everything found in one text, each kind on first use; plus expand's steps."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.steps: dict[Range, Range] = {}  # expand's result -> the selection it grew from
        self.starts: dict[str, list[int]] = {}  # per kind: starts, and ends under "kind/end"

    @cached_property
    def number(self) -> list[Range]:
        found = [(e.start, e.end) for e in find_numbers(self.text)]
        # The grammar leaves clock times out (they carry no quantity to parse), but an
        # analyst tags "2:15 a.m." as a NUMBER like a date, so the key stops there too.
        times = [m.span() for m in CLOCK.finditer(self.text)]
        return sorted(found + [t for t in times if not _overlaps_any(t, found)])

    @cached_property
    def name(self) -> list[Range]:
        return _names(self.text)

    @cached_property
    def all_quotations(self) -> list[Range]:
        return _quotations(self.text)

    @cached_property
    def quotation(self) -> list[Range]:
        outer: list[Range] = []
        for q in self.all_quotations:
            if not outer or q[0] >= outer[-1][1]:
                outer.append(q)
        return outer

    @cached_property
    def sentence(self) -> list[Range]:
        return _sentences(self.text)

    @cached_property
    def report(self) -> list[Range]:
        found: list[Range] = []
        for begin, stop in self.sentence:
            for head in REPORT_HEAD.finditer(self.text, begin, stop):
                if found and head.start() < found[-1][1]:
                    continue  # a reporting verb inside the last report: no report of its own
                end = REPORT_END.search(self.text, head.end(), stop)  # no slice: no copy per head
                span = _strip(self.text, head.end(), end.start() if end else stop)
                before = self.text[begin : head.start()].rstrip()[-1:]
                if span and before in tuple(",\"”’»") and len(self.text[slice(*span)].split()) < 6:
                    continue  # '..., said Mayor X.': a speaker after what was said, no report
                if span:
                    found.append(span)
        return found

    @cached_property
    def breaks(self) -> list[int]:
        return [m.start() for m in _BREAK.finditer(self.text)]

    def bounds(self, kind: str) -> tuple[list[int], list[int]]:
        if kind not in self.starts:
            ranges = getattr(self, kind)
            # Ends first: ``prepare`` may run in another thread, and a key press that sees
            # the starts must find the ends already there.
            self.starts[kind + "/end"] = [r[1] for r in ranges]
            self.starts[kind] = [r[0] for r in ranges]
        return self.starts[kind], self.starts[kind + "/end"]

    def containing(self, kind: str, start: int, end: int) -> Range | None:
        """The unit of ``kind`` (non-overlapping kinds only) that holds start..end."""
        starts, _ = self.bounds(kind)
        k = bisect_right(starts, start) - 1
        if k >= 0:
            unit = getattr(self, kind)[k]
            if unit[1] >= end:
                return unit
        return None

    @cached_property
    def parents(self) -> list[int]:
        """For each quotation, the index of the one it sits in (-1 for the outermost)."""
        parents: list[int] = []
        open_: list[int] = []
        for k, (start, _end) in enumerate(self.all_quotations):
            while open_ and self.all_quotations[open_[-1]][1] <= start:
                open_.pop()
            parents.append(open_[-1] if open_ else -1)
            open_.append(k)
        return parents

    def quotation_containing(self, start: int, end: int) -> Range | None:
        """The innermost quotation that holds start..end.

        Quotations nest properly (the pairing is a stack), so it is the quotation that
        opened last before ``start`` or one of the quotations around that one.
        """
        quotes = self.all_quotations
        starts, _ = self.bounds("all_quotations")
        k = bisect_right(starts, start) - 1
        while k >= 0:
            if quotes[k][1] >= end:
                return quotes[k]
            k = self.parents[k]
        return None

    def paragraph(self, start: int, end: int) -> Range | None:
        breaks = self.breaks
        k = bisect_left(breaks, start)
        if k < len(breaks) and breaks[k] < end:
            return None  # the selection runs over a line break
        line_start = breaks[k - 1] + 1 if k > 0 else 0
        if line_start < len(self.text) and self.text[line_start - 1 : line_start + 1] == "\r\n":
            line_start += 1
        line_end = breaks[k] if k < len(breaks) else len(self.text)
        span = _strip(self.text, line_start, line_end)
        return span if span and span[0] <= start and end <= span[1] else None


_CACHE: OrderedDict[int, _Units] = OrderedDict()
_CACHE_SIZE = 4
# The window calls ``prepare`` in a thread of its own while keys call in from its thread.
_CACHE_LOCK = threading.Lock()


def _units(text: str) -> _Units:
    key = id(text)
    with _CACHE_LOCK:
        units = _CACHE.get(key)
        if units is None or units.text is not text:
            units = _Units(text)
            _CACHE[key] = units
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
        else:
            _CACHE.move_to_end(key)
        return units


def prepare(text: str) -> None:
    """Find every kind of unit in ``text`` now, so that later key presses only look up."""
    units = _units(text)
    for kind in KINDS:
        units.bounds(kind)
    units.bounds("all_quotations")
    _ = units.breaks


# --- The functions the keys call ---------------------------------------------------------


def next_unit(text: str, offset: int, kind: str, *, forward: bool) -> Range | None:
    """The next (or previous) unit of ``kind`` from ``offset``, as (start, end), or None.

    Going forward it is the first unit that ends after ``offset``; going back, the last
    one that starts before it, so a unit holding the caret is the answer both ways.
    """
    if kind not in WALKABLE:
        raise ValueError(f"unknown unit kind {kind!r}; expected one of {', '.join(WALKABLE)}")
    offset = min(max(offset, 0), len(text))
    units = _units(text)
    starts, ends = units.bounds(kind)
    ranges = getattr(units, kind)
    if forward:
        k = bisect_right(ends, offset)
        return ranges[k] if k < len(ranges) else None
    k = bisect_left(starts, offset) - 1
    return ranges[k] if k >= 0 else None


def _rungs(units: _Units, start: int, end: int) -> list[Range]:
    """Every rung of the ladder that holds start..end, in ladder order."""
    text = units.text
    found = [
        _word(text, start, end),
        units.containing("number", start, end),
        units.containing("name", start, end),
        _clause(units, start, end),
        units.quotation_containing(start, end),
        units.containing("sentence", start, end),
        units.paragraph(start, end),
        (0, len(text)),
    ]
    return [r for r in found if r is not None and r[0] <= start and end <= r[1]]


def _clause(units: _Units, start: int, end: int) -> Range | None:
    sentence = units.containing("sentence", start, end)
    if sentence is None:
        return None
    text = units.text
    begin, stop = sentence
    for m in _CLAUSE_MARK.finditer(text, sentence[0], sentence[1]):
        if m.end() <= start:
            begin = m.end()
        elif m.start() >= end:
            stop = m.start()
            break
        else:
            return None  # the selection holds a clause mark
    span = _strip(text, begin, stop)
    return span if span and span[0] <= start and end <= span[1] else None


def expand(text: str, start: int, end: int) -> Range:
    """The smallest rung of the ladder that holds start..end and is larger than it.

    Ladder: word → name or number → clause → quotation → sentence → paragraph
    → whole text; a rung that would not grow the selection is passed over.  The whole text
    is returned unchanged.
    """
    start, end = _clamped(text, start, end)
    units = _units(text)
    larger = [r for r in _rungs(units, start, end) if r != (start, end)]
    if not larger:
        # Nothing larger: remember the press anyway (unless this selection was itself
        # grown), so that the shrink that follows undoes exactly this press.
        units.steps.setdefault((start, end), (start, end))
        return (start, end)
    best = min(larger, key=lambda r: r[1] - r[0])  # min keeps the first (lowest rung) of ties
    if len(units.steps) > 10_000:
        units.steps.clear()  # a long session's forgotten steps; shrink falls back to rungs
    units.steps[best] = (start, end)
    return best


def shrink(text: str, start: int, end: int) -> Range:
    """The rung below start..end: undoes ``expand`` step by step, like an editor's stack.

    A selection that ``expand`` made goes back to the selection it was grown from (once:
    the step is used up).  Any other selection shrinks to the largest rung inside it that
    holds its start, or else to the word at its start (cut to the selection); a selection
    that is no larger than that word stays as it is.
    """
    start, end = _clamped(text, start, end)
    units = _units(text)
    previous = units.steps.pop((start, end), None)
    if previous is not None:
        return previous
    inside = [
        r for r in _rungs(units, start, start)
        if start <= r[0] and r[1] <= end and r != (start, end) and r[1] > r[0]
    ]  # fmt: skip
    if inside:
        return max(inside, key=lambda r: r[1] - r[0])
    word = _word(text, start, start)
    if word is not None and word[1] > start:
        return (start, min(word[1], end))
    return (start, end)


def _clamped(text: str, start: int, end: int) -> Range:
    n = len(text)
    start = min(max(start, 0), n)
    end = min(max(end, start), n)
    return start, end
