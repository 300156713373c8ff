"""The number grammar's readers of values (see :mod:`annotator.core.numbers`): digits,
number words, scales, months and days, as the atoms of an expression need them.

Kept apart from the grammar's assembly, as its vocabulary is (``number_patterns``), so
each file stays readable.  Each reads one matched piece, never a whole article.
"""

from __future__ import annotations

import re

from annotator.core.number_patterns import _MONTHS, _SCALES, _SMALL

Number = int | float


def _tidy(x: float) -> Number:
    """An int when the value is integral: "1.5 million" is 1500000, not 1500000.0."""
    return int(x) if float(x).is_integer() and abs(x) < 1e18 else x


_SEPARATORS = str.maketrans("", "", ",\u00a0\u202f\u2009 ")


def _digits(s: str) -> Number:
    clean = s.translate(_SEPARATORS)
    return int(clean) if "." not in clean else _tidy(float(clean))


_WORD_SPLIT = re.compile(r"[\s-]+")


def _words_value(words: str) -> Number | None:
    """The value of "two hundred and fifty", "a dozen", "twenty-five"; None if ill-formed."""
    tokens = [t for t in _WORD_SPLIT.split(words.lower()) if t and t != "and"]
    if tokens and tokens[0] in ("a", "an"):
        tokens[0] = "one"
    total = current = 0
    seen = False
    for tok in tokens:
        if tok in _SMALL:
            current += _SMALL[tok]
        elif tok == "dozen":
            current = (current or 1) * 12
        elif tok == "hundred":
            current = (current or 1) * 100
        elif tok in _SCALES:
            total += (current or 1) * _SCALES[tok]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def _scaled(number: str, scale: str | None) -> Number:
    value = _digits(number)
    if scale:
        value = _tidy(value * _SCALES[scale.lower()])
    return value


def _month(name: str) -> int:
    return _MONTHS[name[:3].lower()]


def _iso(year: str | None, month: int, day: int | None = None) -> str:
    y = year if year else "XXXX"
    return f"{y}-{month:02d}" + (f"-{day:02d}" if day is not None else "")


_DAY_NUMBER = re.compile("[0-9]+")
_DAY_RANGE = re.compile(r"[-–]|\bto\b")


def _day_list(days: str) -> tuple[list[int], bool]:
    """The days of "9, 10 and 12" (a list) or "20 to 30" / "9-12" (a range: True)."""
    numbers = [int(d) for d in _DAY_NUMBER.findall(days)]
    is_range = len(numbers) == 2 and _DAY_RANGE.search(days) is not None
    return numbers, is_range


# A share's word and what it divides the whole by ("two thirds": 2 of 3, 66.67 %).
_DENOMINATORS = {"half": 2, "third": 3, "quarter": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                 "eighth": 8, "ninth": 9, "tenth": 10}  # fmt: skip
