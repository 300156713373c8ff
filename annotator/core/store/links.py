"""Links: a span to a span of another article, typed (issue 14's cross-article facts).

A link is directed as the analyst made it (from the span selected, to the one picked),
but means the same both ways for clusters and agreement.  Like relations, the store
takes a span's links itself before deleting the span, so the change lists them and an
undo brings them back; the table's ``ON DELETE CASCADE`` is only a safety net.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence

from annotator.core.changes import Change, Tally
from annotator.core.errors import LinkError, NotFound
from annotator.core.model import LINK_TYPES, Link, now
from annotator.core.store.relations import Relations

_LINK_SQL = (
    "SELECT l.id, a.article_id, l.span_id, b.article_id, l.to_span_id, l.type, l.annotator, "
    "l.created_at FROM links l JOIN spans a ON a.id = l.span_id JOIN spans b ON b.id = l.to_span_id"
)


def check_link_type(link_type: str) -> str:
    if link_type not in LINK_TYPES:
        raise LinkError(f"unknown link type {link_type!r}; use one of {', '.join(LINK_TYPES)}")
    return link_type


class Links(Relations):
    """The links table's part of :class:`~annotator.core.store.Store`."""

    def link(self, link_id: int) -> Link:
        row = self.conn.execute(_LINK_SQL + " WHERE l.id = ?", (link_id,)).fetchone()
        if row is None:
            raise NotFound(f"no link with id {link_id}")
        return Link(*row)

    def links(self, article_id: int) -> list[Link]:
        """Links from or to any span of the article, oldest first."""
        rows = self.conn.execute(
            _LINK_SQL + " WHERE a.article_id = ? OR b.article_id = ? ORDER BY l.id",
            (article_id, article_id),
        )
        return [Link(*row) for row in rows]

    def span_links(self, span_id: int) -> list[Link]:
        """Links from or to one span, oldest first."""
        return sorted(self._links_of_spans([span_id]), key=lambda link: link.id)

    def iter_links(self, *, article_ids: Iterable[int] | None = None) -> Iterator[Link]:
        """Every link (or those touching ``article_ids``), ordered by id."""
        if article_ids is None:
            for row in self.conn.execute(_LINK_SQL + " ORDER BY l.id"):
                yield Link(*row)
            return
        # Asked of the articles' spans through the indexes, not by reading every link.
        ids = sorted(set(article_ids))
        found: dict[int, Link] = {}
        for first in range(0, len(ids), 250):  # two lists of ids per query, under the limit
            chunk = ids[first : first + 250]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                _LINK_SQL + f" WHERE a.article_id IN ({marks}) OR b.article_id IN ({marks})",
                chunk + chunk,
            )
            for row in rows:
                found.setdefault(row[0], Link(*row))
        yield from (found[link_id] for link_id in sorted(found))

    def add_link(
        self, span_id: int, to_span_id: int, link_type: str, *, annotator: str = ""
    ) -> Link:
        """Add one link and commit; the spans must be in two different articles."""
        return self.insert_link(
            span_id, to_span_id, link_type, annotator=annotator
        ).added_records.links[0]

    def insert_link(
        self, span_id: int, to_span_id: int, link_type: str, *, annotator: str = ""
    ) -> Change:
        """:meth:`add_link`, returning the :class:`Change` it made."""
        new = Link(0, 0, span_id, 0, to_span_id, check_link_type(link_type), annotator, now())
        tally = Tally()
        with self.transaction():
            self._put_links([new], tally, new_ids=True)
        added = tally.added["links"][0]
        return tally.change(added.article_id, f"link ({link_type})")

    def retype_link(self, link_id: int, link_type: str) -> Change:
        """Change a link's type in place (one undo step)."""
        check_link_type(link_type)
        tally = Tally()
        with self.transaction():
            current = self.link(link_id)
            new = Link(
                current.id, current.article_id, current.span_id, current.to_article_id,
                current.to_span_id, link_type, current.annotator, current.created_at,
            )  # fmt: skip
            self._swap_links([(current, new)], tally)
        return tally.change(current.article_id, f"link type ({link_type})")

    def remove_link(self, link_id: int) -> Change:
        tally = Tally()
        with self.transaction():
            gone = self.link(link_id)
            self._take_links([gone], tally)
        return tally.change(gone.article_id, "unlink")

    # -- records, for Store.apply and the span writes ------------------------------

    def _links_of_spans(self, span_ids: Iterable[int]) -> list[Link]:
        found: dict[int, Link] = {}
        for span_id in span_ids:
            for row in self.conn.execute(
                _LINK_SQL + " WHERE l.span_id = ? OR l.to_span_id = ? ORDER BY l.id",
                (span_id, span_id),
            ):
                found.setdefault(row[0], Link(*row))
        return list(found.values())

    def _put_links(self, links: Sequence[Link], tally: Tally, *, new_ids: bool = False) -> None:
        for link in links:
            check_link_type(link.type)
            if link.span_id == link.to_span_id:
                raise LinkError(f"span {link.span_id} cannot be linked to itself")
            articles = dict(
                self.conn.execute(
                    "SELECT id, article_id FROM spans WHERE id IN (?, ?)",
                    (link.span_id, link.to_span_id),
                ).fetchall()
            )
            for span_id in (link.span_id, link.to_span_id):
                if span_id not in articles:
                    raise NotFound(f"no span with id {span_id}")
            if articles[link.span_id] == articles[link.to_span_id]:
                raise LinkError(
                    f"spans {link.span_id} and {link.to_span_id} are in the same article; "
                    "a link joins spans of two articles (use a relation within one)"
                )
            try:
                cursor = self.conn.execute(
                    "INSERT INTO links (id, span_id, to_span_id, type, annotator, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (None if new_ids else link.id, link.span_id, link.to_span_id, link.type,
                     link.annotator, link.created_at or now()),
                )  # fmt: skip
            except sqlite3.IntegrityError as exc:
                if "UNIQUE" not in str(exc):
                    raise
                raise LinkError(
                    f"span {link.span_id} is already linked to span {link.to_span_id}"
                ) from None
            assert cursor.lastrowid is not None
            tally.added["links"].append(self.link(cursor.lastrowid))

    def _take_links(self, links: Sequence[Link], tally: Tally) -> None:
        for link in links:
            current = self.link(link.id)
            self.conn.execute("DELETE FROM links WHERE id = ?", (link.id,))
            tally.removed["links"].append(current)

    def _swap_links(self, pairs: Sequence[tuple[Link, Link]], tally: Tally) -> None:
        """Change links in place (their type), keeping ids."""
        for _, new in pairs:
            current = self.link(new.id)
            check_link_type(new.type)
            self.conn.execute("UPDATE links SET type = ? WHERE id = ?", (new.type, new.id))
            tally.removed["links"].append(current)
            tally.added["links"].append(self.link(new.id))
