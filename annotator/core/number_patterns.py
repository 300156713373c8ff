"""The number grammar's vocabulary and regular expressions (see :mod:`annotator.core.numbers`).

Kept apart from the assembly so each stays readable: the word lists a reader may want to
extend, and the patterns built from them once, at first import of the grammar.
"""

from __future__ import annotations

import re


def _word_set(words: str) -> frozenset[str]:
    """A word list written as text (easier to read and extend than a list of strings)."""
    return frozenset(words.split())


# --- Vocabulary --------------------------------------------------------------------------

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000, "bn": 1_000_000_000, "mn": 1_000_000, "mln": 1_000_000,
    "tn": 1_000_000_000_000, "m": 1_000_000, "k": 1_000,
}  # fmt: skip
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_TIME_UNITS = {
    "second": "second", "seconds": "second", "minute": "minute", "minutes": "minute",
    "hour": "hour", "hours": "hour", "day": "day", "days": "day", "week": "week",
    "weeks": "week", "fortnight": "fortnight", "fortnights": "fortnight", "month": "month",
    "months": "month", "year": "year", "years": "year", "decade": "decade",
    "decades": "decade", "century": "century", "centuries": "century",
}  # fmt: skip
_QUALIFIER_WORDS = {
    "at least": "at least", "no fewer than": "at least", "no less than": "at least",
    "not less than": "at least", "a minimum of": "at least",
    "more than": "more than", "over": "more than", "just over": "more than",
    "well over": "more than", "above": "more than", "in excess of": "more than",
    "upwards of": "more than",
    "up to": "at most", "at most": "at most", "no more than": "at most",
    "not more than": "at most", "as many as": "at most", "as much as": "at most",
    "a maximum of": "at most",
    "less than": "less than", "fewer than": "less than", "under": "less than",
    "just under": "less than", "below": "less than", "just below": "less than",
    "around": "approximately", "about": "approximately", "roughly": "approximately",
    "approximately": "approximately", "nearly": "approximately", "almost": "approximately",
    "some": "approximately", "an estimated": "approximately", "estimated": "approximately",
    "close to": "approximately", "circa": "approximately", "an approximate": "approximately",
    "between": "range", "from": "range",
}  # fmt: skip

# Words that never start a unit phrase: function words and verbs that follow a number.
_NOT_UNIT = _word_set(
    """
a an the this that these those his her its their our my your some any each every no
of and or but nor to in on at by for from with without into onto over under than as
about after before since until till during between among per via against toward towards
up down out off across along around through within while when where which who whom whose
what why how if then than so yet also too very more less most least only just still even
is are was were be been being am has have had having do does did will would shall should
can could may might must said says say told tell reported according ago later earlier
before now again back away here there it they he she we you i them him us me
were was died fled left remained stayed came went took made got gave saw met fell rose
times percent per cent cents plus minus million billion thousand hundred
other others another such same whether not
"""
)
_ADJECTIVES = _word_set(
    """
additional extra new more other young old former civilian military foreign local
armed unarmed elderly wounded injured missing displaced dead detained captured
small large big major minor key senior junior total separate different
"""
)
_ADJ_SUFFIXES = ("al", "ian", "ive", "ous", "ic", "ful", "less", "ish", "ary", "ese",
                 "ern", "ing", "ed", "an", "ile")  # fmt: skip

# --- Patterns ----------------------------------------------------------------------------

_D = "[0-9]"
# One number in digits.  Each form refuses to stop in the middle of digits, so "12345"
# never yields "123"; "1,2" and "2,5" (a list, or a decimal comma) match none of them.
_NUM = (
    rf"{_D}{{1,3}}(?:,{_D}{{3}})+(?:\.{_D}+)?(?!{_D}|,{_D})"
    rf"|{_D}{{1,3}}(?:[\u00a0\u202f\u2009]{_D}{{3}})+(?:\.{_D}+)?(?!{_D})"
    rf"|{_D}{{1,3}}(?: {_D}{{3}})+(?!{_D}| {_D})"
    rf"|{_D}+(?:\.{_D}+)?(?!{_D}|[.,]{_D})"
)
_SCALE_WORDS = "million|billion|trillion|thousand|bn|mn|mln|tn"
_WTOKEN = (
    "zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    "fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|"
    "sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|dozen"
)
_SCALE_AND = "(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion)|(?<=dozen))"
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)(?![\w])"
)
_MONTH_FULL = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)(?![\w])"
)
_DAY = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\w])"
_YEAR = rf"(?:1[89]|20){_D}{{2}}(?![\w])"
_DAY_JOIN = (
    r"(?:,[ \u00a0]*|[ \u00a0]+and[ \u00a0]+|[ \u00a0]*[-–][ \u00a0]*|[ \u00a0]+to[ \u00a0]+)"
)
_DAYS = rf"{_DAY}(?:{_DAY_JOIN}{_DAY})*"
_S = r"[ \u00a0\u202f\t]"  # a space inside one expression (never a line break)

# Not inside a word or an id: no letter or digit before, nor "X-" / "X." / "X:" / "X/".
_EDGE = r"(?<![\w])(?<![\w][-–/.:,+])(?<!\+)"


def _cap(alternatives: str) -> str:
    """``two|three`` as ``[Tt]wo|[Tt]hree``: a sentence may start with any of them.

    Not ``(?i:...)``: the scan tries every branch at every word, and the regex engine skips
    a branch at once only when it starts with a plain character or class (twice as fast).
    """
    return "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in alternatives.split("|"))


# "of" after a singular share, unless a stretch of time follows it (see _ATOM's shares).
_SHARE_OF = (
    rf"(?={_S}+of(?![\w]))(?!{_S}+of{_S}+(?:(?:an?{_S}+)?(?:second|minute|hour|day|week"
    rf"|fortnight|month|year|decade|century)(?![\w])|{_YEAR}|{_MONTH}))"
)

_ATOM = re.compile(
    _EDGE
    + "(?:"
    + rf"(?P<iso>(?:1[89]|20){_D}{{2}}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01]))(?![\w])"
    + rf"|(?P<part>{_cap('end|beginning|start|middle|mid|late|early')})"
    + rf"(?:{_S}+of{_S}+|-|{_S}+)(?P<pmonth>{_MONTH})(?:{_S}+(?P<pyear>{_YEAR}))?"
    + rf"|(?P<amonth>{_MONTH}){_S}+(?P<adays>{_DAYS})(?:,?{_S}+(?P<ayear>{_YEAR}))?"
    + rf"|(?P<bdays>{_DAYS}){_S}+(?:of{_S}+)?(?P<bmonth>{_MONTH})(?:,?{_S}+(?P<byear>{_YEAR}))?"
    + rf"|(?P<cmonth>{_MONTH}){_S}+(?P<cyear>{_YEAR})"
    + rf"|(?P<bare>{_MONTH_FULL})"
    + rf"|(?P<decade>(?:1[89]|20){_D}0)['’]?s(?![\w])"
    + r"|(?P<neg>[-−](?=[0-9]))?(?P<cur>US\$|[$€£₴₽¥])?"
    + rf"(?P<n1>{_NUM})(?:{_S}*(?P<sc1>{_SCALE_WORDS}|(?<=[0-9])[mk])(?![\w]))?"
    + rf"(?:{_S}*(?P<dash>[-–—]){_S}*(?P<cur2>US\$|[$€£₴₽¥])?(?P<n2>{_NUM})"
    + rf"(?:{_S}*(?P<sc2>{_SCALE_WORDS}|(?<=[0-9])[mk])(?![\w]))?)?"
    + r"(?:(?P<pct>\s?%)|-(?P<hunit>[a-z]+)(?P<hold>-olds?)?|(?P<plus>\+)"
    + r"|(?P<att>km/h|kWh|km|kg|cm|mm|mph|kph|ha|MW|GW|kW|t|g|l))?"
    + rf"(?![\w])(?!:[0-9]|{_S}?(?:[ap]\.m\.|[ap]m(?![\w])))"  # not a time: "10:30", "5 p.m."
    + rf"|(?P<vague>{_cap('several')}|[Aa]{_S}+(?:few|couple{_S}+of)){_S}+"
    + r"(?P<vscale>dozen|hundred|thousand|million|billion)(?![\w])"
    + rf"|(?:(?P<pmul>{_cap('tens|hundreds')}){_S}+of{_S}+)?"
    + rf"(?P<pbase>{_cap('dozens|hundreds|thousands|millions|billions')})(?={_S}+of(?![\w]))"
    # A share: "a third of", "two thirds", "three-quarters of", "half of".  A singular
    # needs "of" after it ("a third gate" is an ordinal), and not "of" a stretch of time
    # ("half of 2023", "a quarter of an hour", "a third of May": a period, no share of a
    # whole); a plural after a number word is always a share.
    + rf"|(?P<fnum>{_cap('a|one|two|three|four|five|six|seven|eight|nine')})(?:{_S}+|-)"
    + r"(?:(?P<fone>half|third|quarter|fifth|sixth|seventh|eighth|ninth|tenth)"
    + rf"{_SHARE_OF}|(?P<fmany>thirds|quarters|fifths|sixths|sevenths|eighths"
    + r"|ninths|tenths)(?![\w]))"
    + rf"|(?P<fhalf>{_cap('half')}){_SHARE_OF}"
    + rf"|(?P<art>[Hh]alf{_S}+an?|[Aa]n?){_S}+"
    + r"(?P<aunit>hour|day|week|fortnight|month|year|decade|minute|century)(?![\w])"
    + rf"|(?P<words>(?:[Aa]n?{_S}+(?=(?:dozen|hundred|thousand|million|billion)(?![\w])))?"
    # "and" joins number words only after a scale ("two hundred and fifty"): "five and
    # seven" is two numbers, the ends of a range.  "and a half" adds one half.
    + rf"(?:{_cap(_WTOKEN)})(?:(?:{_S}|-|{_SCALE_AND}{_S}+and{_S}+)(?:{_WTOKEN}))*(?![\w])"
    + rf"(?P<whalf>{_S}+and{_S}+a{_S}+half(?![\w])"
    + rf"(?:{_S}+(?P<whscale>hundred|thousand|million|billion)(?![\w]))?)?)"
    + r"(?:-(?P<whunit>[a-z]+)(?P<wold>-olds?)?(?![\w]))?"
    + ")"
)


def _trie(words: list[str]) -> str:
    """An alternation of ``words`` as a trie: the regex engine then tries one branch per
    letter instead of every word at every position (the scan for triggers is 3x faster)."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def walk(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + walk(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return walk(tree)


_TRIGGER_WORDS = (
    "january|february|march|april|may|june|july|august|september|october|november|"
    "december|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec|end|beginning|start|middle|"
    "mid|late|early|several|tens|hundreds|dozens|thousands|millions|billions|half|a|an|" + _WTOKEN
).split("|")
# Where an atom may start: a cheap scan, so that only these places try the full _ATOM.
_TRIGGER = re.compile(
    r"(?=[-−0-9$€£₴₽¥UJFMASONDabdefhlmnostzABDEHLMNOSTZ])(?<![\w])"
    r"(?:[-−](?=[0-9])|[0-9$€£₴₽¥]|US\$|(?:"
    + _trie(sorted({w.capitalize() for w in _TRIGGER_WORDS} | set(_TRIGGER_WORDS)))
    + r")(?![\w]))"
)
_QUAL_BEFORE = re.compile(
    r"(?<![\w])(?P<q>(?i:"
    + "|".join(sorted((re.escape(k).replace(r"\ ", r"\s+") for k in _QUALIFIER_WORDS),
                      key=len, reverse=True))
    + r"))\s+$|(?P<tilde>~)\s*$"
)  # fmt: skip
_QUAL_AFTER = re.compile(rf"{_S}+(?:or{_S}+(?P<or>more|so|fewer|less)|(?P<pl>plus))(?![\w])")
_GAP = re.compile(rf"{_S}+(?P<w>to|or|and|by|until|till|through){_S}+|{_S}*(?P<dash>[-–—]){_S}*")
_PERCENT = re.compile(
    rf"{_S}*%|{_S}+(?P<w>(?i:per{_S}?cent|percent|percentage{_S}+points?))(?![\w])"
)
_CURRENCY = re.compile(
    rf"{_S}+(?P<w>(?:US{_S}+)?dollars?|euros?|pounds?(?:{_S}+sterling)?|hryvnias?|hryvnyas?"
    r"|roubles?|rubles?|francs?|yuan|yen|zlotys?)(?![\w])"
)
_TIME = re.compile(
    rf"{_S}+(?P<u>seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|years?|decades?"
    rf"|centuries|century)(?P<old>{_S}+old)?(?![\w])"
)
_WORD = r"[^\W\d_]+(?:[-'’][^\W\d_]+)*"
_NOUNS = re.compile(rf"{_S}+(?P<w1>{_WORD})(?:{_S}+(?P<w2>{_WORD}))?")
_OF_NOUNS = re.compile(rf"{_S}+of{_S}+(?P<w1>{_WORD})(?:{_S}+(?P<w2>{_WORD}))?")
_MILLIONS_OF = re.compile(rf"{_S}+(?:people|[^\W\d_]+s)(?![\w])")
_RATE_BEFORE = re.compile(r"(?<![\w])(?i:once|twice|times)\s+$")
# A bare year after these reads as a date: "in 2023", "since 2014", "the 2022 elections".
_YEAR_PREP = re.compile(
    r"(?<![\w])(?i:in|since|until|till|by|before|after|during|of|from|the|its|their|this"
    r"|last|next|his|her|our|a)\s+$"
)
_BARE_MONTH_PREP = re.compile(
    r"(?<![\w])(?i:in|since|until|till|by|before|after|during|from|through|last|next|this"
    r"|early|late|mid)[\s-]+$"
)
