"""Proposals from a patterns file in spaCy's EntityRuler / Prodigy JSONL, matched here
over the project's own tokens (no spaCy):

    {"label": "ACTOR", "pattern": "Velkovar Council", "id": "E12"}
    {"label": "NUMBER", "pattern": [{"LIKE_NUM": true}, {"LOWER": "per"}, {"LOWER": "cent"}]}

A phrase pattern is cut into tokens as the text is and matches their exact text.  A
token pattern is a list of token descriptions with the attributes ORTH, TEXT, LOWER,
SHAPE (a text, or ``{"IN": [...]}``, ``{"NOT_IN": [...]}``, ``{"REGEX": "..."}``),
IS_ALPHA, IS_DIGIT, IS_PUNCT, IS_TITLE, IS_UPPER, IS_LOWER, LIKE_NUM (true or false), and
OP: ``?`` (0 or 1), ``*`` (0 or more), ``+`` (1 or more), ``!`` (one token that does not
match).  ``{}`` is any token.  An ``id`` becomes the ``entity`` attribute of an ACTOR
(the EntityRuler's entity id); other labels have no attribute to hold it (the label
schemas refuse unknown attributes when a suggestion is accepted), so it is not kept.

Tokens are those of :func:`annotator.core.formats.tokens.iter_tokens` with compounds, so
"6,000" and "40-minute" are one token each, as spaCy keeps a number whole; no match runs
over a line break (spaCy makes the break a token of its own); a match is at most 64
tokens.  Where two matches of one label overlap, the longer wins, then the earlier (as
the EntityRuler's ``filter_spans``); matches of different labels may overlap, as the
analyst's spans may.  Every proposal scores 1.0: the analyst wrote the rule.

:func:`load_patterns` checks the whole file first and raises :class:`BadPatterns`, one
line naming the file, the line and the reason, for the first bad line; nothing is kept
from a refused file.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from annotator.core.formats.tokens import LINE_BREAKS, Token, iter_tokens
from annotator.core.suggest.errors import BadPatterns
from annotator.core.suggest.proposal import Proposal

__all__ = ["Patterns", "load_patterns", "parse_patterns"]

SOURCE = "patterns"
SCORE = 1.0
MAX_TOKENS = 64

_TEXT_ATTRS = ("ORTH", "TEXT", "LOWER", "SHAPE")
_FLAG_ATTRS = ("IS_ALPHA", "IS_DIGIT", "IS_PUNCT", "IS_TITLE", "IS_UPPER", "IS_LOWER", "LIKE_NUM")
_OPS = ("?", "*", "+", "!")
_NUMBER_WORDS_TEXT = """
zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
eighty ninety hundred thousand million billion trillion dozen
"""
_NUMBER_WORDS = frozenset(_NUMBER_WORDS_TEXT.split())
_DIGITS = re.compile(r"[+\-~]?\d+(?:[.,]\d+)*|\d+/\d+")

Test = Callable[[Token], bool]


def _shape(text: str) -> str:
    """spaCy's word shape: X for a capital, x a small letter, d a digit, runs cut at 4."""
    out: list[str] = []
    last, run = "", 0
    for ch in text:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        run = run + 1 if c == last else 1
        last = c
        if run <= 4:
            out.append(c)
    return "".join(out)


def _like_num(text: str) -> bool:
    return bool(_DIGITS.fullmatch(text)) or text.lower() in _NUMBER_WORDS


def _is_punct(text: str) -> bool:
    return all(unicodedata.category(ch).startswith("P") for ch in text)


_READ: dict[str, Callable[[str], object]] = {
    "ORTH": lambda t: t, "TEXT": lambda t: t, "LOWER": str.lower, "SHAPE": _shape,
    "IS_ALPHA": str.isalpha, "IS_DIGIT": str.isdigit, "IS_PUNCT": _is_punct,
    "IS_TITLE": str.istitle, "IS_UPPER": str.isupper, "IS_LOWER": str.islower,
    "LIKE_NUM": _like_num,
}  # fmt: skip


class _Bad(Exception):
    """One reason a line is refused (turned into BadPatterns with the file and line)."""


def _value_test(attr: str, value: object, where: str) -> Callable[[object], bool]:
    if attr in _FLAG_ATTRS:
        if not isinstance(value, bool):
            raise _Bad(f"{where}: {attr} is true or false, not {json.dumps(value)}")
        return lambda got: got is value
    if isinstance(value, str):
        return lambda got: got == value
    if not isinstance(value, dict) or not value:
        raise _Bad(f"{where}: {attr} is a text or an object with IN, NOT_IN or REGEX")
    tests: list[Callable[[object], bool]] = []
    for op, arg in value.items():
        if op in ("IN", "NOT_IN"):
            if not isinstance(arg, list) or not all(isinstance(a, str) for a in arg):
                raise _Bad(f"{where}: {attr} {op} takes a list of texts")
            members = frozenset(arg)
            inside = op == "IN"
            tests.append(lambda got, m=members, i=inside: (got in m) is i)
        elif op == "REGEX":
            if not isinstance(arg, str):
                raise _Bad(f"{where}: {attr} REGEX takes a text")
            try:
                compiled = re.compile(arg)
            except re.error as exc:
                raise _Bad(f"{where}: invalid REGEX {json.dumps(arg)}: {exc}") from None
            tests.append(lambda got, c=compiled: c.search(got) is not None)
        else:
            raise _Bad(f"{where}: unknown operator {json.dumps(op)} (use IN, NOT_IN or REGEX)")
    return lambda got: all(test(got) for test in tests)


def _token_test(spec: object, where: str) -> tuple[Test, str]:
    """(the test of one token description, its OP)."""
    if not isinstance(spec, dict):
        raise _Bad(f"{where} is not an object")
    op = spec.get("OP", "1")
    if "OP" in spec and op not in _OPS:
        raise _Bad(f"{where}: bad OP {json.dumps(op)} (use ?, *, + or !)")
    checks: list[tuple[Callable[[str], object], Callable[[object], bool]]] = []
    for attr, value in spec.items():
        if attr == "OP":
            continue
        if attr not in _READ:
            known = ", ".join((*_TEXT_ATTRS, *_FLAG_ATTRS, "OP"))
            raise _Bad(f"{where}: unknown token attribute {json.dumps(attr)} (known: {known})")
        checks.append((_READ[attr], _value_test(attr, value, where)))

    def test(token: Token) -> bool:
        return all(check(read(token.text)) for read, check in checks)

    return test, op


class _Pattern:
    __slots__ = ("closure", "elements", "first", "id", "label", "required")

    def __init__(self, label: str, elements: list[tuple[Test, str]], pid: str | None,
                 first: str | None) -> None:  # fmt: skip
        self.label = label
        self.elements = elements  # (test, op) with "+" written as one and "*"
        self.id = pid
        self.first = first  # the exact text the first token must have, if fixed
        # The first element, when a match must start with a token it accepts: tried alone
        # first, so most places are turned down without running the automaton.
        self.required = elements[0][0] if elements[0][1] == "1" else None
        # For each state (the next element to match), the states reachable without a
        # token: past any run of optional elements.
        goal = len(elements)
        self.closure: list[frozenset[int]] = []
        for p in range(goal + 1):
            reach = {p}
            q = p
            while q < goal and elements[q][1] in ("?", "*"):
                q += 1
                reach.add(q)
            self.closure.append(frozenset(reach))

    def ends(self, tokens: list[Token], at: int) -> int:
        """The largest token index where a match from ``at`` ends (exclusive), or -1."""
        if self.required is not None and not self.required(tokens[at]):
            return -1
        elements, closure = self.elements, self.closure
        goal = len(elements)
        states = closure[0]
        best = -1
        for i in range(at, min(len(tokens), at + MAX_TOKENS)):
            token = tokens[i]
            nxt: set[int] = set()
            for p in states:
                if p == goal:
                    continue
                test, op = elements[p]
                if op == "!":
                    if not test(token):
                        nxt |= closure[p + 1]
                elif test(token):
                    nxt |= closure[p if op == "*" else p + 1]
            if not nxt:
                break
            states = nxt
            if goal in states:
                best = i + 1
        return best


class Patterns:
    """Loaded patterns: ``find(text)`` gives their proposals."""

    def __init__(self, patterns: list[_Pattern]) -> None:
        self._by_first: dict[str, list[_Pattern]] = {}
        self._anywhere: list[_Pattern] = []
        for pattern in patterns:
            if pattern.first is not None:
                self._by_first.setdefault(pattern.first, []).append(pattern)
            else:
                self._anywhere.append(pattern)
        self.count = len(patterns)

    def __len__(self) -> int:
        return self.count

    def find(self, text: str) -> list[Proposal]:
        matches: dict[str, list[tuple[int, int, _Pattern]]] = {}
        for tokens in _lines_of_tokens(text):
            for at, token in enumerate(tokens):
                for pattern in (*self._by_first.get(token.text, ()), *self._anywhere):
                    end = pattern.ends(tokens, at)
                    if end > at:
                        start, stop = token.start, tokens[end - 1].end
                        matches.setdefault(pattern.label, []).append((start, stop, pattern))
        found: list[Proposal] = []
        for label, spans in matches.items():
            taken: list[tuple[int, int]] = []
            for start, end, pattern in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
                if any(a < end and start < b for a, b in taken):
                    continue
                taken.append((start, end))
                attributes: dict[str, Any] = {}
                if pattern.id is not None and label == "ACTOR":
                    attributes["entity"] = pattern.id
                found.append(Proposal(start, end, label, text[start:end], SOURCE, SCORE,
                                      attributes))  # fmt: skip
        found.sort(key=lambda p: (p.start, -p.end, p.label))
        return found


def _lines_of_tokens(text: str) -> list[list[Token]]:
    lines: list[list[Token]] = [[]]
    for token in iter_tokens(text, compounds=True):
        if token.is_space:
            if any(ch in LINE_BREAKS for ch in token.text) and lines[-1]:
                lines.append([])
            continue
        lines[-1].append(token)
    return [line for line in lines if line]


def _phrase(label: str, phrase: str, pid: str | None) -> _Pattern:
    words = [t.text for t in iter_tokens(phrase, compounds=True) if not t.is_space]
    if not words:
        raise _Bad("the phrase pattern is empty")
    elements: list[tuple[Test, str]] = [
        (lambda token, w=word: token.text == w, "1") for word in words
    ]
    return _Pattern(label, elements, pid, words[0])


def _tokens(label: str, specs: list[object], pid: str | None) -> _Pattern:
    if not specs:
        raise _Bad("the token pattern is an empty list")
    elements: list[tuple[Test, str]] = []
    for n, spec in enumerate(specs, 1):
        test, op = _token_test(spec, f"token {n}")
        if op == "+":
            elements += [(test, "1"), (test, "*")]
        else:
            elements.append((test, op))
    if all(op in ("?", "*") for _, op in elements):
        raise _Bad("the token pattern matches nothing at all (every token optional)")
    first = None
    head = specs[0]
    if isinstance(head, dict) and head.get("OP", "1") in ("1", "+"):
        orth = head.get("ORTH", head.get("TEXT"))
        if isinstance(orth, str):
            first = orth
    return _Pattern(label, elements, pid, first)


def _parse_line(record: object) -> _Pattern:
    if not isinstance(record, dict):
        raise _Bad(f"not an object but {type(record).__name__}")
    if "label" not in record:
        raise _Bad('no "label"')
    if "pattern" not in record:
        raise _Bad('no "pattern"')
    label = record["label"]
    if not isinstance(label, str) or not label.strip():
        raise _Bad('"label" is not a text')
    pid = record.get("id")
    if pid is not None and not isinstance(pid, str):
        raise _Bad('"id" is not a text')
    pattern = record["pattern"]
    if isinstance(pattern, str):
        return _phrase(label, pattern, pid)
    if isinstance(pattern, list):
        return _tokens(label, pattern, pid)
    raise _Bad('"pattern" is a phrase (a text) or a list of token descriptions')


def parse_patterns(lines: list[str], *, name: str) -> Patterns:
    """Patterns from JSONL lines; ``name`` is what an error calls the file."""
    parsed: list[_Pattern] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise _Bad(f"not JSON ({exc.msg}, column {exc.colno})") from None
            parsed.append(_parse_line(record))
        except _Bad as exc:
            raise BadPatterns(f"{name}: line {number}: {exc}") from None
    return Patterns(parsed)


def load_patterns(path: Path | str) -> Patterns:
    """Read a patterns file whole, or raise BadPatterns naming the file, line and reason."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise BadPatterns(f"{path}: cannot read the patterns file: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise BadPatterns(f"{path}: not UTF-8 text (byte {exc.start})") from None
    return parse_patterns(text.splitlines(), name=str(path))
