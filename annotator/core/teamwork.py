"""Several analysts in one corpus: whose work agreement compares, and each one's throughput.

Reads the store through its public methods and hands plain values on: agreement's
figures are computed by :mod:`annotator.core.agreement`, which knows no store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from annotator.core.agreement import AgreementError, Analyst, TooFewAnalysts
from annotator.core.model import GOLD_ANNOTATOR, Link, Relation, Span
from annotator.core.store import Store

__all__ = ["AnalystThroughput", "agreement_inputs", "compared_analysts", "throughput"]


def compared_analysts(store: Store, names: Sequence[str] | None) -> list[str]:
    """The analysts to compare: those named (each must have work here), else every
    named analyst but the adjudicated gold layer, which is no analyst's own opinion."""
    known = [name for name in store.annotators() if name]
    if not names:
        return [name for name in known if name != GOLD_ANNOTATOR]
    names = list(dict.fromkeys(name.strip() for name in names if name.strip()))
    for name in names:
        if name not in known:
            shown = ", ".join(known) or "none"
            raise AgreementError(f"no analyst named {name!r} in this corpus (analysts: {shown})")
    return names


def agreement_inputs(
    store: Store, *, annotators: Sequence[str] | None = None, label: str | None = None
) -> tuple[dict[int, str], list[Analyst]]:
    """The texts and each analyst's spans, relations, links and done articles.

    ``label`` keeps only that label's spans, and the relations and links between them.
    Only the texts of articles someone marked done are kept in memory.
    """
    names = compared_analysts(store, annotators)
    if len(names) < 2:
        where = "--annotators names" if annotators else "this corpus has"
        raise TooFewAnalysts(
            f"agreement needs at least two analysts; {where} {len(names)}"
            + (f" ({names[0]})" if names else "")
        )
    if label is not None and label not in {found.name for found in store.labels()}:
        raise AgreementError(f"no label {label!r} in this corpus")
    done = store.done_by(names)
    wanted = set().union(*done.values())
    spans: dict[str, list[Span]] = {name: [] for name in names}
    texts: dict[int, str] = {}
    for article, article_spans in store.iter_articles():
        if article.id in wanted:
            texts[article.id] = article.text
        for span in article_spans:
            if span.annotator in spans and (label is None or span.label == label):
                spans[span.annotator].append(span)
    kept = {span.id for found in spans.values() for span in found}
    relations: dict[str, list[Relation]] = {name: [] for name in names}
    for relation in store.iter_relations():
        if relation.annotator in relations and {
            relation.head_span_id, relation.tail_span_id
        } <= kept:  # fmt: skip
            relations[relation.annotator].append(relation)
    links: dict[str, list[Link]] = {name: [] for name in names}
    for link in store.iter_links():
        if link.annotator in links and {link.span_id, link.to_span_id} <= kept:
            links[link.annotator].append(link)
    analysts = [
        Analyst(name, spans[name], done[name], relations[name], links[name]) for name in names
    ]
    return texts, analysts


@dataclass(frozen=True, slots=True)
class AnalystThroughput:
    """One analyst's pace from the work log (None where there is nothing to divide by)."""

    annotator: str
    spans: int  # in the corpus now
    done: int  # articles this analyst marked done
    visits: int  # work log rows
    articles: int  # distinct articles worked on
    minutes: float
    keys: int
    logged_spans: int  # spans made during the logged visits
    spans_per_minute: float | None
    keys_per_span: float | None
    minutes_per_article: float | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def throughput(store: Store) -> list[AnalystThroughput]:
    """Every analyst's spans, done articles and pace, by name (unnamed work as "")."""
    span_counts = store.span_counts_by_annotator()
    done: dict[str, int] = {}
    for (_, annotator), status in store.analyst_statuses().items():
        if status == "done":
            done[annotator] = done.get(annotator, 0) + 1
    log = store.work_log()
    names = sorted(set(span_counts) | set(done) | {row["annotator"] for row in log})
    found = []
    for name in names:
        rows = [row for row in log if row["annotator"] == name]
        seconds = sum(row["seconds"] for row in rows)
        keys = sum(row["keys"] for row in rows)
        made = sum(row["spans"] for row in rows)
        articles = len({row["article_id"] for row in rows if row["article_id"] is not None})
        minutes = seconds / 60
        found.append(AnalystThroughput(
            annotator=name, spans=span_counts.get(name, 0), done=done.get(name, 0),
            visits=len(rows), articles=articles, minutes=minutes, keys=keys, logged_spans=made,
            spans_per_minute=made / minutes if minutes > 0 else None,
            keys_per_span=keys / made if made > 0 else None,
            minutes_per_article=minutes / articles if articles else None,
        ))  # fmt: skip
    return found
