"""The comparison of one story (issue 14): which article reports which fact, and where they
disagree.  Pure data, no Qt and no SQL: the store hands in values, the report and the
window's comparison view read the :class:`Comparison` that comes out.

* **Columns** are the story's articles, ordered by date, then title (case-folded), then id.
  The date is read from the article's meta: the first of ``date`` (the key the meta dialog
  and front matter write), ``published``, ``published_at`` that holds a readable date.
  Readable: ISO 8601 (``2026-03-04``, ``2026-03-04T09:30:00+02:00``, ``...Z``), or
  ``4 March 2026``, ``March 4, 2026``, ``2026/03/04``.  A time with no zone is taken as
  UTC, a date alone as its midnight UTC.  Articles with no readable date come after the
  dated ones; the raw value is kept for display all the same.
* **Rows** are fact clusters: the connected components of the linked spans (union-find
  over every link, whatever its type).  A span that takes part in no link is no row; a
  link whose span was not handed in (deleted, or in an article outside the story) is left
  out and counted in ``Comparison.ignored_links``.
* Each **cell** holds the spans of one article in the cluster, with their normalised value.
  A NUMBER's value comes from its attributes (``value``, else the range ``low``-``high``),
  or, where it has none of these, from ``parse_number`` on its text.  Units are shown but
  not compared: outlets word the counted noun differently ("bodies", "bodies of
  soldiers").  A CLAIM's value is its text, case-folded with runs of space made one.
* **Flags** of a row: ``values_differ`` (two NUMBERs with different values, or two CLAIMs
  with different texts), and ``types`` (the link types the row holds).
* A row is a **disagreement** when it has a ``contradicts`` link, or when two NUMBERs with
  different values are joined by ``same`` links alone (the analyst said they are one fact,
  yet the figures differ).  Differing values joined only through ``updates`` or
  ``different-event`` are explained by those links.  CLAIM wordings that differ are
  flagged but are no disagreement: outlets rarely word one claim alike, and a ``same``
  link is the analyst's word that they agree.
* Rows are sorted disagreements first, then rows whose values differ, then by how many
  articles report the fact (most first), then by where the fact first appears (column,
  then offset).

Cost: linear in spans and links plus the sorts; 50 articles, 2,000 spans and 2,000 links
in 500 clusters build in about 18 ms on 2 shared cores (``python -m bench.bench_compare``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple

from annotator.core.model import Article, Link, Span

__all__ = [
    "DATE_KEYS", "Column", "Comparison", "Fact", "Row", "article_date", "build_comparison",
    "sentence_of",
]  # fmt: skip

# Where an article's date is looked for in its meta, in this order.
DATE_KEYS = ("date", "published", "published_at")
_DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%Y/%m/%d")
_SPACES = re.compile(r"\s+")

Number = int | float


@dataclass(frozen=True, slots=True)
class Column:
    """One article of the story: ``date`` is the raw meta value shown, ``when`` its reading."""

    article_id: int
    title: str
    date: str | None
    when: datetime | None
    outlet: str | None


class Fact(NamedTuple):  # a tuple: a story builds thousands, and frozen init is slow
    """One span in a cluster, with what it says.

    ``key`` is what is compared: ``(value,)`` or ``(low, high)`` for a NUMBER, the
    case-folded text for a CLAIM, None when a NUMBER says no number it can be read by.
    """

    span_id: int
    article_id: int
    start: int
    end: int
    label: str
    text: str
    value: Number | None = None
    low: Number | None = None
    high: Number | None = None
    unit: str | None = None
    qualifier: str | None = None
    key: tuple[Any, ...] | None = None

    @property
    def shown(self) -> str:
        """The normalised value as a reader wants it: "6,000 bodies", "300–900", ""."""
        if self.value is not None:
            number = _format(self.value)
        elif self.low is not None and self.high is not None:
            number = f"{_format(self.low)}–{_format(self.high)}"
        elif self.low is not None:
            number = f"≥ {_format(self.low)}"
        elif self.high is not None:
            number = f"≤ {_format(self.high)}"
        else:
            return ""
        if self.qualifier and self.qualifier not in ("exact", "range") and self.value is not None:
            number = f"{self.qualifier} {number}"
        return f"{number} {self.unit}" if self.unit else number


@dataclass(frozen=True, slots=True)
class Row:
    """One fact cluster: ``cells[i]`` are its spans in ``Comparison.columns[i]``."""

    cells: tuple[tuple[Fact, ...], ...]
    links: tuple[Link, ...]
    types: frozenset[str]
    values_differ: bool
    disagreement: bool
    reason: str  # why it is a disagreement ("" if it is none)

    @property
    def facts(self) -> tuple[Fact, ...]:
        return tuple(fact for cell in self.cells for fact in cell)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(sorted({fact.label for fact in self.facts}))

    @property
    def reported_by(self) -> int:
        return sum(1 for cell in self.cells if cell)


@dataclass(frozen=True, slots=True)
class Comparison:
    story: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    ignored_links: int = 0  # links with a span that was not handed in

    @property
    def disagreements(self) -> int:
        return sum(1 for row in self.rows if row.disagreement)


def article_date(meta: Mapping[str, Any]) -> tuple[str | None, datetime | None]:
    """(the raw date shown, its reading in UTC) from an article's meta; see DATE_KEYS."""
    first_raw: str | None = None
    for key in DATE_KEYS:
        raw = meta.get(key)
        if raw is None or isinstance(raw, bool) or not str(raw).strip():
            continue
        raw = str(raw).strip()
        when = _read_date(raw)
        if when is not None:
            return raw, when
        first_raw = first_raw or raw
    return first_raw, None


def _read_date(raw: str) -> datetime | None:
    try:
        when = datetime.fromisoformat(raw)
    except ValueError:
        for form in _DATE_FORMATS:
            try:
                when = datetime.strptime(raw, form)
                break
            except ValueError:
                continue
        else:
            return None
    if when.tzinfo is None:
        return when.replace(tzinfo=UTC)
    try:
        return when.astimezone(UTC)
    except OverflowError:  # "0001-01-01T00:00+01:00" is before the first UTC instant
        return None


def _column(article: Article) -> Column:
    meta = article.meta if isinstance(article.meta, Mapping) else {}
    raw, when = article_date(meta)
    outlet = meta.get("outlet")
    return Column(
        article_id=article.id, title=article.title, date=raw, when=when,
        outlet=str(outlet) if outlet not in (None, "") else None,
    )  # fmt: skip


_NO_DATE = datetime.max.replace(tzinfo=UTC)


def _column_order(column: Column) -> tuple[Any, ...]:
    when = column.when
    return (when is None, when or _NO_DATE, column.title.casefold(), column.article_id)


def _numeric(value: object) -> Number | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value if value == value else None  # NaN compares with nothing


def _fact(span: Span, parsed: dict[str, Any]) -> Fact:
    base = {"span_id": span.id, "article_id": span.article_id, "start": span.start,
            "end": span.end, "label": span.label, "text": span.text}  # fmt: skip
    if span.label == "CLAIM":
        return Fact(**base, key=(_SPACES.sub(" ", span.text).strip().casefold(),))
    if span.label != "NUMBER":
        return Fact(**base)
    attrs = span.attributes if isinstance(span.attributes, Mapping) else {}
    value, low, high = (
        _numeric(attrs.get("value")),
        _numeric(attrs.get("low")),
        _numeric(attrs.get("high")),
    )
    unit, qualifier = attrs.get("unit"), attrs.get("qualifier")
    if value is None and low is None and high is None:
        read = parsed.get(span.text)
        if read is None:
            read = parsed[span.text] = _parse(span.text)
        value, low, high, parsed_unit, parsed_qualifier = read
        unit, qualifier = unit or parsed_unit, qualifier or parsed_qualifier
    key: tuple[Any, ...] | None
    if value is not None:
        key = (value,)
    elif low is not None or high is not None:
        key = (low, high)
    else:
        key = None
    return Fact(
        **base, value=value, low=low, high=high, key=key,
        unit=unit if isinstance(unit, str) and unit else None,
        qualifier=qualifier if isinstance(qualifier, str) and qualifier else None,
    )  # fmt: skip


def _parse(text: str) -> tuple[Any, ...]:
    from annotator.core.numbers import parse_number  # the grammar loads only when needed

    found = parse_number(text)
    if found is None:
        return (None, None, None, None, None)
    return (found.value, found.low, found.high, found.unit, found.qualifier)


class _Sets:
    """Union-find over span ids (path halving, union by size)."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}
        self.size: dict[int, int] = {}

    def find(self, item: int) -> int:
        parent = self.parent
        if item not in parent:
            parent[item] = item
            self.size[item] = 1
            return item
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]


def build_comparison(
    *, story: str, articles: Iterable[Article], spans: Iterable[Span], links: Iterable[Link]
) -> Comparison:
    """The comparison table of one story; see the module's docstring for every rule."""
    links = list(links)
    columns = tuple(sorted((_column(a) for a in articles), key=_column_order))
    position = {column.article_id: i for i, column in enumerate(columns)}
    by_id = {span.id: span for span in spans if span.article_id in position}
    clusters = _Sets()
    kept: list[Link] = []
    for link in links:
        if link.span_id in by_id and link.to_span_id in by_id:
            clusters.union(link.span_id, link.to_span_id)
            kept.append(link)
    members: dict[int, list[int]] = {}
    for span_id in clusters.parent:
        members.setdefault(clusters.find(span_id), []).append(span_id)
    links_of: dict[int, list[Link]] = {}
    for link in kept:
        links_of.setdefault(clusters.find(link.span_id), []).append(link)
    parsed: dict[str, Any] = {}
    rows = []
    for root, ids in members.items():
        facts = sorted((_fact(by_id[i], parsed) for i in ids), key=lambda f: _place(f, position))
        rows.append(_row(facts, links_of[root], position, len(columns)))
    rows.sort(key=_row_order)
    return Comparison(
        story=story, columns=columns, rows=tuple(rows), ignored_links=len(links) - len(kept)
    )


def _place(fact: Fact, position: Mapping[int, int]) -> tuple[int, int, int, int]:
    return (position[fact.article_id], fact.start, fact.end, fact.span_id)


def _row(facts: list[Fact], links: list[Link], position: Mapping[int, int], width: int) -> Row:
    by_column: dict[int, list[Fact]] = {}
    for fact in facts:
        by_column.setdefault(position[fact.article_id], []).append(fact)
    cells: list[tuple[Fact, ...]] = [()] * width  # most articles report most facts not at all
    for column, found in by_column.items():
        cells[column] = tuple(found)
    types = frozenset(link.type for link in links)
    numbers = {f.key for f in facts if f.label == "NUMBER" and f.key is not None}
    claims = {f.key for f in facts if f.label == "CLAIM"}
    values_differ = len(numbers) > 1 or len(claims) > 1
    reason = ""
    if "contradicts" in types:
        reason = "a contradicts link"
    elif len(numbers) > 1 and _differ_under_same(facts, links):
        reason = "different figures linked as the same fact"
    return Row(
        cells=tuple(cells),
        links=tuple(sorted(links, key=lambda link: link.id)),
        types=types, values_differ=values_differ, disagreement=bool(reason), reason=reason,
    )  # fmt: skip


def _differ_under_same(facts: list[Fact], links: list[Link]) -> bool:
    """Whether two NUMBERs with different values are joined by ``same`` links alone."""
    groups = _Sets()
    for link in links:
        if link.type == "same":
            groups.union(link.span_id, link.to_span_id)
    seen: dict[int, tuple[Any, ...]] = {}
    for fact in facts:
        if fact.label != "NUMBER" or fact.key is None or fact.span_id not in groups.parent:
            continue
        root = groups.find(fact.span_id)
        if seen.setdefault(root, fact.key) != fact.key:
            return True
    return False


def _row_order(row: Row) -> tuple[Any, ...]:
    first = next(i for i, cell in enumerate(row.cells) if cell)
    lead = row.cells[first][0]
    return (not row.disagreement, not row.values_differ, -row.reported_by, first, lead.start,
            lead.span_id)  # fmt: skip


def _format(number: Number) -> str:
    if isinstance(number, float) and number.is_integer() and abs(number) < 1e18:
        number = int(number)
    return f"{number:,}" if isinstance(number, int) else f"{number:,.6g}"


def sentence_of(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) of the sentence holding ``text[start:end]``; of all of them if it crosses.

    Sentences are the window's own (``annotator.core.units``: "Gen. Tarrow said" is one
    sentence, a line break always ends one); the tokenizer's ``sentence_ends`` would cut
    after every "Mr." and needs a pass over the whole text per question.  Offsets outside
    the text are clamped; a span on whitespace between sentences gets itself.
    """
    start = min(max(start, 0), len(text))
    end = min(max(end, start), len(text))
    # Loaded here: the window imports this module at start, and the unit patterns load
    # only when first needed (tests/gui/test_gui_units.py keeps start-up lean).
    from annotator.core.units import next_unit

    first = next_unit(text, start, "sentence", forward=True)
    last = next_unit(text, max(end - 1, start), "sentence", forward=True)
    begin = min(start, first[0]) if first is not None and first[0] < end else start
    stop = max(end, last[1]) if last is not None and last[0] < max(end, start + 1) else end
    return begin, stop
