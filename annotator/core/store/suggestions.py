"""Suggestions: spans a program proposed, kept apart from the analyst's spans.

They live in their own table, so no export, count, agreement or evaluation of spans can
take one for gold.  Accepting one adds a span and marks the suggestion accepted in one
step; rejecting marks it rejected; both rows stay, so the same proposal is not made
again for that article, and undo puts the suggestion back as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace

from annotator.core.changes import Change, Tally
from annotator.core.errors import NotFound, SuggestionError
from annotator.core.model import SUGGESTION_STATES, Span, Suggestion, check_span, now
from annotator.core.store.connection import dump_json, load_json
from annotator.core.store.spans import Spans

_SUGGESTION_SQL = (
    "SELECT id, article_id, start, end, label, text, source, score, model_version, attributes, "
    "state, created_at FROM suggestions"
)


def _suggestion(row: Sequence[object]) -> Suggestion:
    return Suggestion(
        row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8],  # type: ignore[arg-type]
        load_json(row[9]), row[10], row[11],  # type: ignore[arg-type]
    )  # fmt: skip


class Suggestions(Spans):
    """The suggestions' part of :class:`~annotator.core.store.Store`."""

    def suggestion(self, suggestion_id: int) -> Suggestion:
        row = self.conn.execute(_SUGGESTION_SQL + " WHERE id = ?", (suggestion_id,)).fetchone()
        if row is None:
            raise NotFound(f"no suggestion with id {suggestion_id}")
        return _suggestion(row)

    def suggestions(self, article_id: int, *, state: str | None = "open") -> list[Suggestion]:
        """The article's suggestions in a state (None: every state), in text order."""
        where, params = "WHERE article_id = ?", [article_id]
        if state is not None:
            where += " AND state = ?"
            params.append(state)
        rows = self.conn.execute(
            _SUGGESTION_SQL + f" {where} ORDER BY start, end DESC, label, id", params
        )
        return [_suggestion(row) for row in rows]

    def iter_suggestions(
        self, *, state: str | None = "open", article_ids: Iterable[int] | None = None
    ) -> Iterator[Suggestion]:
        """Suggestions over the corpus, by article then text order."""
        where, params = ("", []) if state is None else (" WHERE state = ?", [state])
        wanted = None if article_ids is None else set(article_ids)
        rows = self.conn.execute(
            _SUGGESTION_SQL + where + " ORDER BY article_id, start, end DESC, label, id", params
        )
        for row in rows:
            if wanted is None or row[1] in wanted:
                yield _suggestion(row)

    def suggestion_counts(self) -> dict[str, int]:
        """State -> how many suggestions, over the corpus."""
        rows = self.conn.execute("SELECT state, count(*) FROM suggestions GROUP BY state")
        return {state: 0 for state in SUGGESTION_STATES} | dict(rows.fetchall())

    def store_suggestions(self, proposals: Iterable[Suggestion]) -> list[Suggestion]:
        """Store proposals as open suggestions; commits.  Returns those stored.

        Skipped: one the article already has in any state (a rejected one stays
        rejected), and one the analyst has already tagged as a span with the same
        offsets and label.  Each is checked against its article's text first: a
        proposal out of range or whose text disagrees with the slice refuses the call.
        """
        stored: list[Suggestion] = []
        texts: dict[int, str] = {}
        with self.transaction():
            for proposal in proposals:
                if proposal.article_id not in texts:
                    texts[proposal.article_id] = self.article_text(proposal.article_id)
                try:
                    piece = check_span(
                        texts[proposal.article_id], proposal.start, proposal.end, proposal.text
                    )
                except Exception as exc:  # SpanError: say it is about a suggestion
                    raise SuggestionError(
                        f"article {proposal.article_id}: suggestion {proposal.label} "
                        f"[{proposal.start}, {proposal.end}): {exc}"
                    ) from None
                self.label(proposal.label)
                if self.conn.execute(
                    "SELECT 1 FROM spans WHERE article_id = ? AND start = ? AND end = ? "
                    "AND label = ?",
                    (proposal.article_id, proposal.start, proposal.end, proposal.label),
                ).fetchone():
                    continue
                cursor = self.conn.execute(
                    "INSERT INTO suggestions (article_id, start, end, label, text, source, score, "
                    "model_version, attributes, state, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?) "
                    "ON CONFLICT (article_id, start, end, label) DO NOTHING",
                    (proposal.article_id, proposal.start, proposal.end, proposal.label, piece,
                     proposal.source, proposal.score, proposal.model_version,
                     dump_json(proposal.attributes, what="the suggestion's attributes"),
                     proposal.created_at or now()),
                )  # fmt: skip
                if cursor.rowcount:
                    assert cursor.lastrowid is not None
                    stored.append(self.suggestion(cursor.lastrowid))
        return stored

    def clear_suggestions(self, *, article_ids: Iterable[int] | None = None) -> int:
        """Delete open suggestions (accepted and rejected ones are kept); commits."""
        with self.transaction():
            if article_ids is None:
                return self.conn.execute("DELETE FROM suggestions WHERE state = 'open'").rowcount
            return sum(
                self.conn.execute(
                    "DELETE FROM suggestions WHERE state = 'open' AND article_id = ?", (aid,)
                ).rowcount
                for aid in set(article_ids)
            )

    def accept_suggestions(
        self,
        suggestion_ids: Sequence[int],
        *,
        label: str | None = None,
        annotator: str = "",
        extent: tuple[int, int] | None = None,
    ) -> Change:
        """Accept suggestions as spans (with ``label`` instead of theirs), one step.

        ``extent``: one suggestion only, accepted with its extent corrected (the analyst
        moved its edges in review): the span takes these offsets, the suggestion keeps
        its own (it is scored as proposed) and is marked accepted, since its kind was
        right.  Its attributes go with it only when the label is kept and the corrected
        span still holds the proposed text ("the estimated 700 people" around "estimated
        700 people" measures the same).  A suggestion whose span the analyst already has
        (same offsets and label) is only marked accepted.
        """
        if extent is not None and len(suggestion_ids) != 1:
            raise SuggestionError("a corrected extent is for one suggestion at a time")
        tally = Tally()
        article_id = -1
        with self.transaction():
            for suggestion_id in suggestion_ids:
                current = self.suggestion(suggestion_id)
                if current.state != "open":
                    raise SuggestionError(f"suggestion {suggestion_id} is {current.state} already")
                article_id = current.article_id
                chosen = label or current.label
                start, end = extent if extent is not None else (current.start, current.end)
                text = self.article_text(current.article_id)
                check_span(text, start, end, text[start:end])
                self._swap_suggestions([(current, replace(current, state="accepted"))], tally)
                if not self.conn.execute(
                    "SELECT 1 FROM spans WHERE article_id = ? AND start = ? AND end = ? "
                    "AND label = ? AND annotator = ?",
                    (current.article_id, start, end, chosen, annotator),
                ).fetchone():
                    keeps = chosen == current.label and start <= current.start < current.end <= end
                    attributes = current.attributes if keeps else {}
                    span = Span(
                        0, current.article_id, start, end, chosen,
                        text[start:end], annotator, now(), dict(attributes),
                    )  # fmt: skip
                    self._put_spans([span], tally, new_ids=True)
        return tally.change(article_id, "accept suggestion")

    def tag_span(
        self, article_id: int, start: int, end: int, label: str, *, annotator: str = ""
    ) -> Change:
        """A span tagged by hand (:meth:`insert_span`); an open suggestion with the same
        place and label is marked accepted in the same step: the analyst took what was
        proposed, by other keys, and it is not shown again beside the span."""
        with self.transaction():
            change = self.insert_span(article_id, start, end, label, annotator=annotator)
            row = self.conn.execute(
                "SELECT id FROM suggestions WHERE article_id = ? AND start = ? AND end = ? "
                "AND label = ? AND state = 'open'",
                (article_id, start, end, label),
            ).fetchone()
            if row is None:
                return change
            current = self.suggestion(row[0])
            tally = Tally()
            self._swap_suggestions([(current, replace(current, state="accepted"))], tally)
        return change.then(tally.change(article_id))

    def reject_suggestions(
        self,
        suggestion_ids: Sequence[int],
        *,
        withdraw: Callable[[int], Iterable[Suggestion]] | None = None,
    ) -> Change:
        """Mark suggestions rejected (one step): not proposed again for their article.

        ``withdraw(article_id)``, read inside the same transaction once the rejections are
        written, names open suggestions of that article to delete in the same step (what
        the rejections taught not to propose), so one undo puts everything back.
        """
        tally = Tally()
        article_id = -1
        with self.transaction():
            for suggestion_id in suggestion_ids:
                current = self.suggestion(suggestion_id)
                article_id = current.article_id
                self._swap_suggestions([(current, replace(current, state="rejected"))], tally)
            if withdraw is not None and article_id != -1:
                self._take_suggestions(
                    [item for item in withdraw(article_id) if item.state == "open"], tally
                )
        return tally.change(article_id, "reject suggestion")

    # -- records, for Store.apply ----------------------------------------------------

    def _put_suggestions(
        self, suggestions: Sequence[Suggestion], tally: Tally, *, new_ids: bool = False
    ) -> None:
        for item in suggestions:
            check_span(self.article_text(item.article_id), item.start, item.end, item.text)
            try:
                cursor = self.conn.execute(
                    "INSERT INTO suggestions (id, article_id, start, end, label, text, source, "
                    "score, model_version, attributes, state, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (None if new_ids else item.id, item.article_id, item.start, item.end,
                     item.label, item.text, item.source, item.score, item.model_version,
                     dump_json(item.attributes, what="the suggestion's attributes"), item.state,
                     item.created_at or now()),
                )  # fmt: skip
            except sqlite3.IntegrityError as exc:
                if "UNIQUE" not in str(exc):
                    raise
                raise SuggestionError(
                    f"article {item.article_id} has a {item.label} suggestion at "
                    f"[{item.start}, {item.end}) already"
                ) from None
            assert cursor.lastrowid is not None
            tally.added["suggestions"].append(self.suggestion(cursor.lastrowid))

    def _take_suggestions(self, suggestions: Sequence[Suggestion], tally: Tally) -> None:
        for item in suggestions:
            current = self.suggestion(item.id)
            self.conn.execute("DELETE FROM suggestions WHERE id = ?", (item.id,))
            tally.removed["suggestions"].append(current)

    def _swap_suggestions(
        self, pairs: Sequence[tuple[Suggestion, Suggestion]], tally: Tally
    ) -> None:
        """Change suggestions in place (state, label, score), keeping ids."""
        for _, new in pairs:
            current = self.suggestion(new.id)
            if new.state not in SUGGESTION_STATES:
                raise SuggestionError(f"unknown suggestion state {new.state!r}")
            self.conn.execute(
                "UPDATE suggestions SET state = ?, label = ?, score = ? WHERE id = ?",
                (new.state, new.label, new.score, new.id),
            )
            tally.removed["suggestions"].append(current)
            tally.added["suggestions"].append(self.suggestion(new.id))
