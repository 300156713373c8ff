"""What agreement compares: the analysts' work as plain values, checked and grouped.

The small records have the attribute names of the model's ``Span``, ``Relation`` and
``Link``, so the store's own values can be passed as they are; the records are for
callers (and tests) that have no rows behind them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

from annotator.core.errors import AnnotatorError
from annotator.core.evaluate import RelationKey, SpanKey

# Links of these types point one way (a later figure updates an earlier one); any other
# type says the same of both spans, so A->B and B->A are the same link.
DIRECTED_LINK_TYPES = frozenset({"updates"})


class AgreementError(AnnotatorError):
    """The analysts' work cannot be compared; the message says why, on one line."""


class TooFewAnalysts(AgreementError):
    """Agreement needs two analysts at least."""


class NoSharedArticles(AgreementError):
    """No article was marked done by every analyst compared."""


class SpanLike(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def article_id(self) -> int: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def label(self) -> str: ...


class RelationLike(Protocol):
    @property
    def head_span_id(self) -> int: ...
    @property
    def tail_span_id(self) -> int: ...
    @property
    def kind(self) -> str: ...


class LinkLike(Protocol):
    @property
    def span_id(self) -> int: ...
    @property
    def to_span_id(self) -> int: ...
    @property
    def type(self) -> str: ...


class SpanRecord(NamedTuple):
    id: int
    article_id: int
    start: int
    end: int
    label: str


class RelationRecord(NamedTuple):
    """A relation within one article, between two of the same analyst's spans."""

    head_span_id: int
    tail_span_id: int
    kind: str


class LinkRecord(NamedTuple):
    """A link from one of the analyst's spans to one of theirs in another article."""

    span_id: int
    to_span_id: int
    type: str


@dataclass(frozen=True, slots=True)
class Analyst:
    name: str
    spans: Sequence[SpanLike]
    done: Set[int]
    relations: Sequence[RelationLike] = ()
    links: Sequence[LinkLike] = ()


LinkEnds = tuple[int, int]  # (article of the first span, article of the second)


@dataclass(slots=True)
class Work:
    """One analyst's spans, relations and links in the compared articles, as keys."""

    spans: dict[int, list[SpanKey]] = field(default_factory=dict)  # article -> sorted
    relations: dict[int, list[RelationKey]] = field(default_factory=dict)  # article ->
    links: dict[LinkEnds, list[RelationKey]] = field(default_factory=dict)


@dataclass(slots=True)
class Prepared:
    names: list[str]
    articles: list[int]  # compared, ascending
    excluded: int  # articles some analysts but not all marked done
    labels: list[str]  # every label any analyst used in a compared article, sorted
    work: list[Work]  # per analyst, in the order given


def prepare(texts: Mapping[int, str], analysts: Sequence[Analyst]) -> Prepared:
    """Check the input and keep what is compared: articles every analyst marked done."""
    names = [analyst.name for analyst in analysts]
    if len(analysts) < 2:
        raise TooFewAnalysts(
            f"agreement needs at least two analysts; got {len(analysts)}"
            + (f" ({names[0]})" if names else "")
        )
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise AgreementError(f"analyst {repeated[0]!r} is given twice")
    shared = set.intersection(*(set(analyst.done) for analyst in analysts))
    if not shared:
        counts = ", ".join(f"{a.name}: {len(a.done)} done" for a in analysts)
        raise NoSharedArticles(f"no article was marked done by all of {', '.join(names)} "
                               f"({counts})")  # fmt: skip
    missing = sorted(shared - texts.keys())
    if missing:
        raise AgreementError(f"article {missing[0]} is marked done but its text was not given")
    union = set.union(*(set(analyst.done) for analyst in analysts))
    work = [_work(analyst, texts, shared) for analyst in analysts]
    labels = sorted({key[2] for w in work for keys in w.spans.values() for key in keys})
    return Prepared(names, sorted(shared), len(union - shared), labels, work)


def _work(analyst: Analyst, texts: Mapping[int, str], compared: Set[int]) -> Work:
    work = Work()
    where: dict[int, tuple[int, SpanKey]] = {}  # span id -> (article, key), all articles
    for span in analyst.spans:
        key = (span.start, span.end, span.label)
        where[span.id] = (span.article_id, key)
        if span.article_id not in compared:
            continue
        if not 0 <= span.start < span.end <= len(texts[span.article_id]):
            raise AgreementError(
                f"{analyst.name}: span {span.id} ({span.start}-{span.end}) does not fit "
                f"article {span.article_id}"
            )
        work.spans.setdefault(span.article_id, []).append(key)
    for keys in work.spans.values():
        keys.sort()

    def find(span_id: int, what: str) -> tuple[int, SpanKey]:
        try:
            return where[span_id]
        except KeyError:
            raise AgreementError(
                f"{analyst.name}: a {what} refers to span {span_id}, which is not given"
            ) from None

    for relation in analyst.relations:
        article, head = find(relation.head_span_id, "relation")
        tail_article, tail = find(relation.tail_span_id, "relation")
        if tail_article != article:
            raise AgreementError(f"{analyst.name}: a relation joins spans of articles "
                                 f"{article} and {tail_article}")  # fmt: skip
        if article in compared:
            work.relations.setdefault(article, []).append((relation.kind, head, tail))
    for link in analyst.links:
        ends = [find(link.span_id, "link"), find(link.to_span_id, "link")]
        if not all(article in compared for article, _ in ends):
            continue
        if link.type not in DIRECTED_LINK_TYPES:
            ends.sort()
        (first, head), (second, tail) = ends
        work.links.setdefault((first, second), []).append((link.type, head, tail))
    return work
