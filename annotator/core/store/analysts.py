"""Analysts: who marked which article done, and each analyst's work log (issue 16).

``articles.status`` stays what the window shows (this corpus's own status); the
``analyst_status`` rows keep each analyst's status apart, so a team corpus merged from
several files knows which articles every analyst finished.  ``work_log`` holds time,
keys and spans per analyst and visit of an article, for throughput.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from annotator.core.model import check_status, now
from annotator.core.store.articles import Articles


class Analysts(Articles):
    """The analysts' part of :class:`~annotator.core.store.Store`."""

    def set_analyst_status(self, article_id: int, annotator: str, status: str) -> None:
        """Record one analyst's status of an article; commits."""
        check_status(status)
        with self.transaction():
            self.conn.execute(
                "INSERT INTO analyst_status (article_id, annotator, status, updated_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (article_id, annotator) "
                "DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at",
                (article_id, annotator, status, now()),
            )

    def analyst_statuses(self, annotator: str | None = None) -> dict[tuple[int, str], str]:
        """(article id, analyst) -> status, for one analyst or all."""
        sql = "SELECT article_id, annotator, status FROM analyst_status"
        rows = (
            self.conn.execute(sql)
            if annotator is None
            else self.conn.execute(sql + " WHERE annotator = ?", (annotator,))
        )
        return {(row[0], row[1]): row[2] for row in rows}

    def done_by(self, annotators: Iterable[str]) -> dict[str, set[int]]:
        """Analyst -> the articles they marked done."""
        done: dict[str, set[int]] = {}
        for annotator in annotators:
            rows = self.conn.execute(
                "SELECT article_id FROM analyst_status WHERE annotator = ? AND status = 'done'",
                (annotator,),
            )
            done[annotator] = {row[0] for row in rows}
        return done

    def annotators(self) -> list[str]:
        """Every analyst name with spans, relations, links or a status here, sorted."""
        rows = self.conn.execute(
            "SELECT annotator FROM spans UNION SELECT annotator FROM relations "
            "UNION SELECT annotator FROM links UNION SELECT annotator FROM analyst_status "
            "ORDER BY 1"
        )
        return [row[0] for row in rows]

    def log_work(
        self,
        *,
        annotator: str,
        article_id: int | None,
        started_at: str,
        seconds: float,
        keys: int,
        spans: int,
    ) -> None:
        """Add one visit's time, keys and spans to the work log; commits."""
        with self.transaction():
            self.conn.execute(
                "INSERT INTO work_log (annotator, article_id, started_at, seconds, keys, spans) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (annotator, article_id, started_at, max(0.0, seconds), max(0, keys), spans),
            )

    def work_log(self, annotator: str | None = None) -> list[dict[str, Any]]:
        """The work log's rows, oldest first (for one analyst or all)."""
        sql = "SELECT annotator, article_id, started_at, seconds, keys, spans FROM work_log"
        params: tuple[str, ...] = ()
        if annotator is not None:
            sql += " WHERE annotator = ?"
            params = (annotator,)
        keys = ("annotator", "article_id", "started_at", "seconds", "keys", "spans")
        return [
            dict(zip(keys, row, strict=True))
            for row in self.conn.execute(sql + " ORDER BY id", params)
        ]

    # -- layers: whose spans an article holds (the window's other analysts, adjudication)

    def article_annotators(self, article_id: int) -> dict[str, int]:
        """Analyst -> how many spans they have in one article, by name."""
        rows = self.conn.execute(
            "SELECT annotator, count(*) FROM spans WHERE article_id = ? "
            "GROUP BY annotator ORDER BY annotator",
            (article_id,),
        )
        return {row[0]: row[1] for row in rows}

    def articles_with_analysts(self, *, at_least: int = 2, leave_out: str = "") -> list[int]:
        """Articles (in id order) where at least ``at_least`` analysts have spans, the
        analyst ``leave_out`` (the gold layer) not counted."""
        rows = self.conn.execute(
            "SELECT article_id FROM spans WHERE annotator != ? GROUP BY article_id "
            "HAVING count(DISTINCT annotator) >= ? ORDER BY article_id",
            (leave_out, at_least),
        )
        return [row[0] for row in rows]
