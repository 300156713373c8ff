"""A number grammar for news text: where each number expression is, and what it says.

``find_numbers(text)`` returns every number expression in ``text`` in order;
``parse_number(phrase)`` reads one phrase (an analyst's NUMBER span) for the attribute
pre-fill.  Offsets are Python code-point offsets: ``text[e.start:e.end]`` is ``e.text``.

What an expression's extent is (one rule, from issue 12's "at least 1,200 additional
prisoners"): **qualifier + number + unit phrase**.

* The qualifier in front ("at least", "just over", "as many as", "between", "from" ...) is
  inside; so is one behind ("or more", "or so", "300+").
* The unit phrase behind is inside: a percent sign or word, a currency word, a time unit,
  or the counted noun, optionally after one adjective ("1,200 additional prisoners",
  "300 Ukrainian soldiers"); after "dozens/hundreds/thousands" it is the noun after "of"
  ("hundreds of protesters").  A noun is a lowercase word that is not a function word or a
  common verb; a word ending in "-ed" alone is a verb ("6,000 killed" stops at "6,000").
  A hyphenated unit ("40-minute", "66-year-old") is the unit itself: the noun after it is
  what is measured, not counted, and stays outside.
* A currency symbol in front is inside ("$5m", "€40").

Fields (attributes ``value``, ``low``, ``high``, ``unit``, ``qualifier`` of a NUMBER span):

* ``qualifier``: exact, approximately, at least, more than, at most, less than, range.
  "nearly"/"almost" count as approximately, "as many as"/"up to" as at most.
* ``value`` is the number as stated; ``low``/``high`` are the bounds the wording gives
  ("at least 1,200": value 1200, low 1200; "up to 300": value 300, high 300; a range has
  no value, only low and high; an exact number has no bounds).  Vague quantities have no
  value: "several hundred" is low 300, high 900, "a few thousand" low 2000, high 5000,
  "hundreds of" low 200 and no high ("tens of thousands of" low 20000), all approximately.
  "6,000 by 6,000 bodies" (an exchange of equal numbers) is value 6000; "X by Y" with two
  different numbers is left as two expressions.  Integral values are ints.
* ``unit``: the counted noun as written ("additional prisoners"); a time unit in the
  singular ("hour"); "%" for percentages; money keeps its symbol or word ("$", "euros").
* ``kind``: count, duration, age ("66-year-old", "66 years old"), money, percent, date.
* Dates ("May 16", "June 9, 10, 12", "16 May 2023", "March 2023", "end of June", "from 20
  to 30 June", "in 2023", "2023-05-16") have no value; ``dates`` holds ISO 8601 strings
  with ``XXXX`` for an unstated year (TIMEX style): a list of days, or the two ends of a
  range (qualifier range).  "end/early/mid ..." is qualifier approximately.

Choices where the issue was silent:

* Ordinals ("third", "21st") are not numbers (they rank, they do not count) except as the
  day of a date; fractions are shares, read as a percentage of the whole ("two-thirds" 66.67,
  "more than half of" 50), never of a stretch of time ("half of 2023", "a quarter of an
  hour", "the second half of the season" read no share).
* Money and percentages are numbers of their own kind ("percentage points" keep that unit).
* A bare year is a date only after a preposition or a determiner ("in 2023", "since 2014",
  "from 2019 to 2021", "the 2022 elections", whose noun stays outside), otherwise a plain
  number ("2000 soldiers"); "1990s" is the date "199X".
* The word "one" alone is not matched ("one of them said") unless it has a qualifier or a
  time unit ("one hour"); "a day" right after a number or after "once"/"twice" is a rate,
  not a duration; "over" before a duration means during ("$2bn over five years").
* A month name alone counts only after "in", "since", "until", "last" ...
* Clock times ("10:30", "5 p.m.") are not numbers; a minus sign in front is kept (-5).
* Units written onto the digits are units ("10km", "40kg", "5m" metres); "m" is millions
  for money ("$5m") and before a plural ("1.2m people"); "k" is thousands ("10k").
  "20-odd" is approximately 20, "40-plus" at least 40.
* Numbers inside words or ids ("A320", "COVID-19", "T-72", "2nd", "4G"), runs of more than
  30 digits and decimal-comma forms ("2,5") are not matched; phone numbers are not
  recognised as such (their groups come out as separate numbers).
* Thousands separators: a comma, NBSP, narrow NBSP, thin space or a plain space ("1 000").
  Ranges take a hyphen, an en or em dash, "to", "or", "between ... and".

Everything is regular expressions plus constant work per match, so the cost is linear: a
cheap scan finds where an expression may start (digits, currency signs, number words and
month names, as a trie) and only there the full grammar runs.  On 1 MB (CPU time, 2 shared
cores): 0.14 s for news-like text, 0.35 s for the worst case tested, one expression every
60 characters (tests/test_numbers.py asserts under 1 s).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.core.number_patterns import (
    _ADJ_SUFFIXES,
    _ADJECTIVES,
    _ATOM,
    _BARE_MONTH_PREP,
    _CURRENCY,
    _GAP,
    _MILLIONS_OF,
    _MONTHS,
    _NOT_UNIT,
    _NOUNS,
    _OF_NOUNS,
    _PERCENT,
    _QUAL_AFTER,
    _QUAL_BEFORE,
    _QUALIFIER_WORDS,
    _RATE_BEFORE,
    _SCALES,
    _SMALL,
    _TIME,
    _TIME_UNITS,
    _TRIGGER,
    _YEAR_PREP,
    _word_set,
)
from annotator.core.number_values import (
    _DENOMINATORS,
    Number,
    _day_list,
    _iso,
    _month,
    _scaled,
    _tidy,
    _words_value,
)

__all__ = ["QUALIFIERS", "NumberExpression", "find_numbers", "parse_number"]

QUALIFIERS = ("exact", "approximately", "at least", "more than", "at most", "less than", "range")


@dataclass(frozen=True, slots=True)
class NumberExpression:
    """One number expression: ``text[start:end]``, its parsed value, bounds and unit."""

    start: int
    end: int
    text: str
    kind: str
    qualifier: str = "exact"
    value: Number | None = None
    low: Number | None = None
    high: Number | None = None
    unit: str | None = None
    dates: tuple[str, ...] = ()


# --- Atoms: numbers and dates before qualifiers, ranges and units ------------------------


@dataclass(slots=True)
class _Atom:
    start: int
    end: int
    kind: str
    value: Number | None = None
    low: Number | None = None
    high: Number | None = None
    unit: str | None = None
    qualifier: str = "exact"
    dates: tuple[str, ...] = ()
    scale: str | None = None  # a scale word the other end of a range may borrow
    plain: bool = False  # a bare number that a range, "by" or a unit may still join
    one_alone: bool = False  # the word "one" with nothing else yet
    year: bool = False  # four digits that read as a year after "in", "since" ...
    of_noun: bool = False  # "hundreds of ...": the unit is the noun after "of"
    rate_unit: bool = False  # "a day", "an hour": a duration, or the "per" of a rate


def _date_atom(m: re.Match[str], start: int, end: int) -> _Atom | None:
    g = m.group
    if g("decade"):
        return _Atom(start, end, "date", dates=(g("decade")[:3] + "X",))  # TIMEX decade
    if g("iso"):
        y, mo, d = g("iso").split("-")
        return _Atom(start, end, "date", dates=(f"{y}-{mo}-{d}",))
    if g("pmonth"):  # "end of June", "mid-June", "early March 2023"
        month = _iso(g("pyear"), _month(g("pmonth")))
        return _Atom(start, end, "date", qualifier="approximately", dates=(month,))
    if g("amonth") or g("bmonth"):
        month = _month(g("amonth") or g("bmonth"))
        year = g("ayear") or g("byear")
        days, is_range = _day_list(g("adays") or g("bdays"))
        if any(d < 1 or d > 31 for d in days):
            return None
        dates = tuple(_iso(year, month, d) for d in days)
        return _Atom(start, end, "date", qualifier="range" if is_range else "exact", dates=dates)
    if g("cmonth"):
        return _Atom(start, end, "date", dates=(_iso(g("cyear"), _month(g("cmonth"))),))
    if g("bare"):
        return _Atom(start, end, "date", dates=(_iso(None, _month(g("bare"))),))
    return None


def _numeric_atom(m: re.Match[str], start: int, end: int) -> _Atom | None:
    g = m.group
    if len(g("n1")) > 30 or len(g("n2") or "") > 30:
        return None  # a run of digits that long is an id or a code, not a quantity
    cur = g("cur") or g("cur2")
    sc1, sc2 = g("sc1"), g("sc2")
    unit = cur or g("att")
    # "m" is millions only for money ("$5m"); "5m" alone is metres.
    if not cur and "m" in (sc1, sc2):
        unit = "m"
        sc1, sc2 = (None if sc1 == "m" else sc1), (None if sc2 == "m" else sc2)
    v1 = _scaled(g("n1"), sc1)
    if g("neg"):
        v1 = -v1
    kind = "money" if cur else "count"
    atom = _Atom(start, end, kind, unit=unit, scale=sc1 or sc2)
    if g("n2") is not None:
        v2 = _scaled(g("n2"), sc2)
        if sc2 and not sc1:
            v1 = _scaled(g("n1"), sc2)  # "5-10 million": both ends in millions
        atom.low, atom.high, atom.qualifier = v1, v2, "range"
    else:
        atom.value = v1
        atom.year = len(g("n1")) == 4 and not cur and 1800 <= v1 <= 2099
    if g("pct"):
        atom.kind, atom.unit = "percent", "%"
    elif g("hunit"):
        if not _hyphen_unit(atom, g("hunit"), g("hold")):
            return None
    elif g("plus"):
        atom.qualifier, atom.low = "at least", atom.value
    else:
        atom.plain = True
    return atom


_FRACTIONS = _word_set(
    """
half halves third thirds quarter quarters fifth fifths sixth sixths seventh sevenths
eighth eighths ninth ninths tenth tenths
"""
)


def _hyphen_unit(atom: _Atom, word: str, old: str | None) -> bool:
    """Read "-minute", "-year-old", "-odd", "-plus" after a number; False for a fraction."""
    if word in _FRACTIONS:
        return False  # "two-thirds" is a share, not two of something
    if word in ("odd", "plus", "some"):
        # "20-odd trucks", "40-plus people": a qualifier, and the noun may still follow
        atom.qualifier = "approximately" if word != "plus" else "at least"
        atom.low = atom.value if word == "plus" else None
        atom.plain = False
    elif old and word in ("year", "month", "week", "day"):
        atom.kind, atom.unit = "age", word
    elif word in _TIME_UNITS:
        atom.kind, atom.unit = "duration", _TIME_UNITS[word]
    else:
        atom.unit = word + (old or "")
    return True


# "the second half of the season", "the first half of the match": a part of a stretch
# of time or of an event, not a share of a whole.
_HALF_PART = re.compile(r"(?:first|second|latter|former|back|front|other)[ \u00a0\u202f\t]+\Z")


def _share_atom(m: re.Match[str], start: int, end: int) -> _Atom | None:
    """ "a third (of)", "two thirds": a share, read as a percentage of the whole."""
    g = m.group
    if g("fhalf"):
        if _HALF_PART.search(m.string[max(0, start - 8) : start].lower()):
            return None
        part, whole = 1, 2
    else:
        word = (g("fone") or g("fmany")).lower()
        whole = _DENOMINATORS[word if g("fone") else word.removesuffix("s")]
        part = 1 if g("fnum").lower() == "a" else int(_words_value(g("fnum")) or 1)
    return _Atom(start, end, "percent", value=_tidy(round(100 * part / whole, 2)), unit="%")


def _atom(m: re.Match[str]) -> _Atom | None:
    start, end = m.span()
    g = m.group
    if g("n1") is not None:
        return _numeric_atom(m, start, end)
    if g("vscale"):
        base = _SCALES[g("vscale").lower()] if g("vscale").lower() != "dozen" else 12
        several = g("vague").lower() == "several"
        low, high = (3 * base, 9 * base) if several else (2 * base, 5 * base)
        return _Atom(start, end, "count", low=low, high=high, qualifier="approximately")
    if g("pbase"):
        base = g("pbase").lower()
        value = 12 if base == "dozens" else _SCALES[base[:-1]]
        mul = {"tens": 10, "hundreds": 100}.get((g("pmul") or "").lower(), 1)
        return _Atom(
            start, end, "count", low=2 * value * mul, qualifier="approximately", of_noun=True
        )
    if g("fnum") or g("fhalf"):
        return _share_atom(m, start, end)
    if g("aunit"):
        half = g("art").lower().startswith("half")
        return _Atom(
            start, end, "duration", value=0.5 if half else 1, unit=g("aunit"), rate_unit=not half
        )
    if g("words") is not None:
        words = g("words")
        if g("whalf"):
            words = words[: m.start("whalf") - start]
        value = _words_value(words)
        if value is None:
            return None
        if g("whalf"):  # "two and a half", "one and a half million"
            value = _tidy((value + 0.5) * _SCALES.get(g("whscale") or "", 1))
        atom = _Atom(start, end, "count", value=value)
        if g("whunit"):
            if not _hyphen_unit(atom, g("whunit"), g("wold")):
                return None
        else:
            atom.plain = True
            atom.one_alone = g("words").lower() == "one"
        return atom
    return _date_atom(m, start, end)


# --- Putting expressions together --------------------------------------------------------


def _qualifier_before(text: str, start: int) -> tuple[int, str, str] | None:
    """(where it starts, the qualifier, the words) of a qualifier just before ``start``."""
    m = _QUAL_BEFORE.search(text, max(0, start - 24), start)
    if not m:
        return None
    if m.group("tilde"):
        return m.start("tilde"), "approximately", "~"
    q = " ".join(m.group("q").lower().split())
    return m.start("q"), _QUALIFIER_WORDS[q], q


def _join_range(text: str, a: _Atom, b: _Atom, gap: re.Match[str], before: str | None) -> bool:
    """Make ``a`` the range (or "X by X") from ``a`` to ``b``; False when they stay apart."""
    word = (gap.group("w") or "").lower()
    if word == "by":
        if a.plain and b.plain and a.value == b.value and a.kind == b.kind:
            a.end, a.unit, a.plain = b.end, b.unit, True
            return True
        return False
    if word == "and" and before != "range":
        return False  # "18 and 25" without "between" is two numbers
    if word in ("until", "till", "through") and b.kind != "date":
        return False
    if a.kind == "date" or b.kind == "date":
        return _join_dates(a, b)
    if not (a.plain and a.value is not None and b.value is not None):
        return False
    if b.kind == "money" and a.kind == "count":
        a.kind, a.unit = "money", b.unit
    elif b.kind not in (a.kind, "count") or (a.kind == "money" and b.kind != "money"):
        return False
    elif b.kind != "count" or b.unit:
        a.kind, a.unit = b.kind, b.unit
    low = a.value
    if b.scale and not a.scale and low is not None and b.value is not None and low < b.value:
        scale_value = _SCALES[b.scale.lower()]
        if low * scale_value <= b.value:
            low = _tidy(low * scale_value)  # "5 to 10 million"
    a.low, a.high, a.value = low, b.value, None
    a.qualifier, a.end, a.plain, a.one_alone = "range", b.end, b.plain, False
    a.year = a.year and b.year  # "from 2019 to 2021" is a date unless a unit follows
    return True


def _join_dates(a: _Atom, b: _Atom) -> bool:
    if a.kind == "date" and b.kind == "date" and len(a.dates) == 1 and len(b.dates) == 1:
        a.dates = (a.dates[0], b.dates[0])
    elif a.kind == "date" and b.year and len(a.dates) == 1 and len(a.dates[0]) == 4:
        a.dates = (a.dates[0], str(b.value))  # "from 2019 to 2021"
    elif a.year and b.year:
        a.kind, a.dates = "date", (str(a.value), str(b.value))
    elif (
        a.plain
        and isinstance(a.value, int)
        and 1 <= a.value <= 31
        and b.kind == "date"
        and len(b.dates) == 1
        and len(b.dates[0]) == 10
    ):
        a.kind, a.dates = "date", (b.dates[0][:8] + f"{a.value:02d}", b.dates[0])  # "20 to 30 June"
    else:
        return False
    a.value, a.qualifier, a.end, a.plain, a.year = None, "range", b.end, False, False
    return True


def _attach_unit(text: str, a: _Atom, *, after_of: bool) -> None:
    """Extend a count with no unit yet over its unit phrase (see the module doc)."""
    end = a.end
    if not after_of:
        if m := _PERCENT.match(text, end):
            points = (m.group("w") or "").lower().startswith("percentage")
            a.kind, a.end = "percent", m.end()
            a.unit = "percentage points" if points else "%"
            return
        if m := _CURRENCY.match(text, end):
            a.kind, a.unit, a.end = "money", m.group("w"), m.end()
            return
        if m := _TIME.match(text, end):
            a.kind = "age" if m.group("old") else "duration"
            a.unit, a.end = _TIME_UNITS[m.group("u")], m.end()
            return
    m = (_OF_NOUNS if after_of else _NOUNS).match(text, end)
    if not m:
        return
    w1, w2 = m.group("w1"), m.group("w2")
    w1_low = w1.lower()
    if w1_low in _NOT_UNIT or w1_low in _TIME_UNITS or w1_low in _SMALL:
        return
    w2_ok = bool(w2) and w2[0].islower() and w2.lower() not in _NOT_UNIT and not w2.endswith("ed")
    if w1[0].isupper():
        # "300 Ukrainian soldiers": a capital word only as the adjective before a noun.
        if not (w2_ok and w1.isalpha()) or w1_low in _MONTHS or after_of:
            return
        a.unit, a.end = f"{w1} {w2}", m.end("w2")
        return
    if not w1[0].islower():
        return
    adjective = (
        w1_low in _ADJECTIVES
        or (not w1_low.endswith("s") and w1_low.endswith(_ADJ_SUFFIXES))
        or w1_low.endswith(("ous", "less"))
    )
    if adjective and w2_ok:
        a.unit, a.end = f"{w1} {w2}", m.end("w2")
    elif w1_low.endswith("ed") and not after_of:
        return  # "6,000 killed": a verb, not a counted noun
    else:
        a.unit, a.end = w1, m.end("w1")


def _finish(text: str, a: _Atom, q: tuple[int, str, str] | None) -> NumberExpression | None:
    start = a.start
    if q is not None and q[2] == "over" and a.kind == "duration":
        q = None  # "$2bn over five years": during, not more than
    if q is not None:
        qstart, qualifier, _ = q
        if qualifier == "range":
            if a.qualifier == "range":
                start = qstart  # "between 18 and 25", "from 20 to 30 June"
        elif a.qualifier in ("range", "approximately") and a.value is None:
            start = qstart  # "some 20 to 30": the word stays in, the range says more
        elif a.qualifier == "exact" and a.value is not None and a.kind != "date":
            start, a.qualifier = qstart, qualifier
            if qualifier in ("at least", "more than"):
                a.low = a.value
            elif qualifier in ("at most", "less than"):
                a.high = a.value
            a.one_alone = False
    if a.one_alone and a.kind == "count":
        return None  # "one of them said"
    if (
        a.qualifier == "exact"
        and a.value is not None
        and a.kind != "date"
        and (m := _QUAL_AFTER.match(text, a.end))
    ):
        kind = m.group("or") or "plus"
        a.qualifier = {"more": "at least", "plus": "at least", "so": "approximately"}.get(
            kind, "at most"
        )
        if a.qualifier == "at least":
            a.low = a.value
        elif a.qualifier == "at most":
            a.high = a.value
        a.end = m.end()
        if a.kind == "count" and a.unit is None:
            _attach_unit(text, a, after_of=False)  # "a dozen or so men"
    return NumberExpression(
        start=start,
        end=a.end,
        text=text[start : a.end],
        kind=a.kind,
        qualifier=a.qualifier,
        value=a.value,
        low=a.low,
        high=a.high,
        unit=a.unit,
        dates=a.dates,
    )


def find_numbers(text: str) -> list[NumberExpression]:
    """Every number expression in ``text``, in order, never overlapping (see module doc)."""
    atoms: list[_Atom] = []
    after = 0
    for trigger in _TRIGGER.finditer(text):
        if trigger.start() < after:
            continue
        m = _ATOM.match(text, trigger.start())
        if m is None:
            continue
        after = m.end()
        atom = _atom(m)
        if atom is None:
            continue
        if m.group("bare") and not _BARE_MONTH_PREP.search(
            text, max(0, atom.start - 12), atom.start
        ):
            continue  # "May" alone is a month only after "in", "since", "last" ...
        atoms.append(atom)
    found: list[NumberExpression] = []
    i = 0
    last_end = 0
    while i < len(atoms):
        a = atoms[i]
        i += 1
        if a.start < last_end:
            continue
        q = _qualifier_before(text, a.start)
        if q is not None and q[0] < last_end:
            q = None
        before = q[1] if q else None
        # Ranges and "X by X" join the next atom when only a connective lies between.
        while i < len(atoms):
            gap = _GAP.fullmatch(text, a.end, atoms[i].start)
            if not gap or not _join_range(text, a, atoms[i], gap, before):
                break
            i += 1
        if before == "range" and a.qualifier != "range":
            q = None
        if (
            a.year
            and a.kind == "count"
            and a.qualifier == "exact"
            and _YEAR_PREP.search(text, max(0, a.start - 8), a.start)
        ):
            a.kind, a.dates, a.value, a.plain = "date", (str(a.value),), None, False
        if (
            a.unit == "m"
            and a.kind == "count"
            and a.value is not None
            and _MILLIONS_OF.match(text, a.end)
        ):
            # "1.2m people", "2m tonnes": millions of a plural; "a 5m wall" stays metres
            a.value, a.unit = _tidy(a.value * 1_000_000), None
        if a.kind == "count" and a.unit is None:
            _attach_unit(text, a, after_of=a.of_noun)
        if a.year and a.kind == "count" and a.qualifier == "range" and a.unit is None:
            a.kind, a.dates, a.low, a.high = "date", (str(a.low), str(a.high)), None, None
        if a.rate_unit and (
            (found and text[found[-1].end : a.start].strip() == "")
            or _RATE_BEFORE.search(text, max(0, a.start - 8), a.start)
        ):
            continue  # "40 trains a day", "twice a week": a rate, not a duration of its own
        expression = _finish(text, a, q)
        if expression is None:
            continue
        found.append(expression)
        last_end = expression.end
    return found


def parse_number(phrase: str) -> NumberExpression | None:
    """The number expression that a phrase (one NUMBER span) holds, or None.

    The longest expression wins, so "at least 1,200 additional prisoners" gives the whole
    phrase and "killed in the 2019 floods" gives "2019 floods".  Offsets are into ``phrase``.
    """
    found = find_numbers(phrase)
    if not found:
        return None
    return max(found, key=lambda e: (e.end - e.start, -e.start))
