"""Throughput from the work log: spans per minute, keys per span, time per article.

The window writes one work-log row per visit of an article (``Store.log_work``): the
seconds the analyst was active in it (idle gaps left out), the keys pressed in the
article text and the spans added.  This module only reads those rows (as
``Store.work_log`` returns them) and sums them, per analyst and per day; the chart in
the window and ``annotator stats --by-annotator`` show the same figures.

A figure whose divisor is zero (no time, no spans, no article) is ``None``: "no data"
is not a rate of 0.  Days are the UTC dates of the visits' starts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Throughput", "by_day", "throughput"]


@dataclass(slots=True)
class Throughput:
    """Sums over some work-log rows, and the rates made from them."""

    seconds: float = 0.0
    keys: int = 0
    spans: int = 0
    visits: int = 0
    articles: set[int] = field(default_factory=set)

    def add(self, row: Mapping[str, Any]) -> None:
        self.seconds += float(row["seconds"])
        self.keys += int(row["keys"])
        self.spans += int(row["spans"])
        self.visits += 1
        if row.get("article_id") is not None:
            self.articles.add(int(row["article_id"]))

    @property
    def spans_per_minute(self) -> float | None:
        return self.spans / (self.seconds / 60) if self.seconds > 0 else None

    @property
    def keys_per_span(self) -> float | None:
        return self.keys / self.spans if self.spans > 0 else None

    @property
    def seconds_per_article(self) -> float | None:
        return self.seconds / len(self.articles) if self.articles else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "seconds": round(self.seconds, 1), "keys": self.keys, "spans": self.spans,
            "visits": self.visits, "articles": len(self.articles),
            "spans_per_minute": _rounded(self.spans_per_minute),
            "keys_per_span": _rounded(self.keys_per_span),
            "seconds_per_article": _rounded(self.seconds_per_article),
        }  # fmt: skip


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def throughput(rows: Iterable[Mapping[str, Any]]) -> dict[str, Throughput]:
    """Analyst -> their sums over all the rows, analysts by name."""
    found: dict[str, Throughput] = {}
    for row in rows:
        found.setdefault(str(row["annotator"]), Throughput()).add(row)
    return dict(sorted(found.items()))


def by_day(rows: Iterable[Mapping[str, Any]], *, annotator: str) -> dict[str, Throughput]:
    """Day ("2026-03-14") -> one analyst's sums that day, oldest day first."""
    days: dict[str, Throughput] = {}
    for row in rows:
        if row["annotator"] == annotator:
            days.setdefault(str(row["started_at"])[:10], Throughput()).add(row)
    return dict(sorted(days.items()))
