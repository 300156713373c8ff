"""Adjudication by keys: article by article, disagreement by disagreement (issue 16).

A plain object with no widget.  It goes through the articles where at least two
analysts (the gold layer not counted) have spans; in each it compares the first two
analysts by name (``core.disagreements.compare``) and steps through the disagreements.
A decision (take the first's, the second's, both, neither) becomes gold spans written
through ``write`` (the window's ``Operations``: one undo step each) or, for "neither"
or spans gold already holds, nothing at all.  Decisions are remembered for this run of
the window, so the progress can say how many are decided; gold itself is the record
that lasts.

The view it drives is told to redraw through ``changed``; messages go to ``message``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from annotator.core.changes import Change
from annotator.core.disagreements import (
    Comparison,
    Disagreement,
    by_analyst,
    compare,
    decided_spans,
    gold_keys,
    in_gold,
)
from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD_ANNOTATOR, Span
from annotator.core.store import Store

__all__ = ["Adjudication", "ArticleAtHand", "Decided"]

DECISION_WORDS = {"first": "took {first}'s", "second": "took {second}'s",
                  "both": "took both", "neither": "took neither"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ArticleAtHand:
    """One article's comparison as the view shows it."""

    article_id: int
    title: str
    text: str
    first_name: str
    second_name: str
    others: tuple[str, ...]  # analysts beyond the two compared (not shown)
    comparison: Comparison
    gold: frozenset[tuple[int, int, str]]

    @property
    def disagreements(self) -> list[Disagreement]:
        return self.comparison.disagreements

    def agreements_missing_from_gold(self) -> list[Span]:
        return [a for a, _b in self.comparison.agreements
                if (a.start, a.end, a.label) not in self.gold]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Decided:
    """One decision of this run: where, which, and the undo step it made (if any)."""

    article_id: int
    index: int
    decision: str
    change: Change | None


class Adjudication:
    def __init__(
        self,
        *,
        store: Store,
        write: Callable[[int, Sequence[Span]], Change | None],
        undo: Callable[[Change], bool],
        message: Callable[[str], None],
        changed: Callable[[], None] = lambda: None,
    ) -> None:
        self.store = store
        self._write = write
        self._undo = undo
        self.message = message
        self.changed = changed
        self.article_ids: list[int] = []
        self.article_at = -1
        self.at = 0  # the disagreement shown, in the article at hand
        self.current: ArticleAtHand | None = None
        self.decisions: dict[tuple[int, int], str] = {}  # (article id, index) -> decision
        self.done: list[Decided] = []  # this visit's decisions, for undo

    # -- going through ----------------------------------------------------------------

    def start(self, *, near: int | None = None) -> bool:
        """Find the articles to adjudicate; open ``near`` if it is one, else the first."""
        self.done.clear()
        try:
            self.article_ids = self.store.articles_with_analysts(leave_out=GOLD_ANNOTATOR)
        except AnnotatorError as exc:
            self.message(str(exc))
            return False
        if not self.article_ids:
            self.message("No article has spans of two analysts: nothing to adjudicate")
            return False
        at = self.article_ids.index(near) if near in self.article_ids else 0
        return self.open_article(at)

    def open_article(self, at: int, *, disagreement: int | None = None) -> bool:
        """Open the ``at``-th article, on ``disagreement`` or else the first undecided one."""
        article_id = self.article_ids[at]
        try:
            self.current = self._read(article_id)
        except AnnotatorError as exc:
            self.message(str(exc))
            return False
        self.article_at = at
        count = len(self.current.disagreements)
        if disagreement is None:
            disagreement = self._next_open(-1) or 0
        self.at = min(disagreement, max(count - 1, 0))
        self.changed()
        return True

    def _read(self, article_id: int) -> ArticleAtHand:
        spans = self.store.spans(article_id)
        grouped = by_analyst(spans)
        names = sorted(name for name in grouped if name != GOLD_ANNOTATOR)
        first, second = names[0], names[1]
        summary = self.store.summary(article_id)
        return ArticleAtHand(
            article_id, summary.title, self.store.article_text(article_id), first, second,
            tuple(names[2:]),
            compare(grouped[first], grouped[second], first_name=first, second_name=second),
            frozenset(gold_keys(spans)),
        )  # fmt: skip

    def refresh(self) -> None:
        """Read the article at hand again (gold changed: a decision, an undo)."""
        if self.current is not None and 0 <= self.article_at < len(self.article_ids):
            try:
                self.current = self._read(self.current.article_id)
            except AnnotatorError as exc:
                self.message(str(exc))
            self.changed()

    @property
    def disagreement(self) -> Disagreement | None:
        items = self.current.disagreements if self.current else []
        return items[self.at] if 0 <= self.at < len(items) else None

    def decision_of(self, index: int) -> str | None:
        if self.current is None:
            return None
        return self.decisions.get((self.current.article_id, index))

    def decided_count(self) -> int:
        if self.current is None:
            return 0
        return sum(1 for i in range(len(self.current.disagreements)) if self.decision_of(i))

    def gold_sides(self) -> list[str]:
        item = self.disagreement
        return in_gold(item, set(self.current.gold)) if item and self.current else []

    def step(self, *, forward: bool) -> None:
        count = len(self.current.disagreements) if self.current else 0
        if not count:
            self.message("This article has no disagreements: Ctrl+PgDown for the next")
            return
        at = self.at + (1 if forward else -1)
        if not 0 <= at < count:
            self.message("The " + ("last" if forward else "first") + " disagreement of this "
                         "article: Ctrl+PgDown / Ctrl+PgUp for another article")  # fmt: skip
            return
        self.at = at
        self.changed()

    def step_article(self, *, forward: bool) -> None:
        at = self.article_at + (1 if forward else -1)
        if not 0 <= at < len(self.article_ids):
            self.message("This is the " + ("last" if forward else "first") + " article to "
                         "adjudicate")  # fmt: skip
            return
        self.open_article(at)

    def _next_open(self, after: int) -> int | None:
        """The first undecided disagreement after ``after``, wrapping round; None if all are."""
        count = len(self.current.disagreements) if self.current else 0
        for offset in range(1, count + 1):
            index = (after + offset) % count
            if self.decision_of(index) is None:
                return index
        return None

    # -- deciding ---------------------------------------------------------------------

    def decide(self, decision: str) -> None:
        item, current = self.disagreement, self.current
        if item is None or current is None:
            self.message("No disagreement here: A accepts the agreements, Ctrl+PgDown moves on")
            return
        wanted = decided_spans(item, decision)
        new = [s for s in wanted if (s.start, s.end, s.label) not in current.gold]
        change = None
        if new:
            change = self._write(current.article_id, new)
            if change is None:
                return  # refused: the window said why; nothing is recorded
        self.decisions[(current.article_id, self.at)] = decision
        self.done.append(Decided(current.article_id, self.at, decision, change))
        words = DECISION_WORDS[decision].format(first=item.first_name or "(unnamed)",
                                                second=item.second_name or "(unnamed)")  # fmt: skip
        if wanted and not new:
            words += " (already in gold)"
        elif not wanted and decision != "neither":
            words += ": no span there, nothing added"
        self.refresh()
        following = self._next_open(self.at)
        if following is None:
            self.message(f"{words.capitalize()}. Every disagreement of this article is "
                         "decided: Ctrl+PgDown for the next article")  # fmt: skip
        else:
            self.at = following
            self.message(f"{words.capitalize()}.")
        self.changed()

    def accept_agreements(self) -> None:
        current = self.current
        if current is None:
            return
        new = current.agreements_missing_from_gold()
        if not new:
            count = len(current.comparison.agreements)
            self.message(f"All {count} agreements are in gold already" if count
                         else "The two analysts agree on no span here")  # fmt: skip
            return
        change = self._write(current.article_id, new)
        if change is None:
            return
        self.done.append(Decided(current.article_id, -1, "agreements", change))
        self.refresh()
        count = len(change.added)
        self.message(f"{count} agreement{'' if count == 1 else 's'} put into gold")

    def undo(self) -> None:
        if not self.done:
            self.message("No decision of this visit to undo")
            return
        last = self.done[-1]
        if last.change is not None and not self._undo(last.change):
            return  # the window said why
        self.done.pop()
        self.decisions.pop((last.article_id, last.index), None)
        at = self.article_ids.index(last.article_id) if last.article_id in self.article_ids else 0
        self.open_article(at, disagreement=max(last.index, 0))
        self.message("Undid: " + ("the agreements" if last.index < 0 else last.decision))
