"""Undo and redo for the window: every change of this run, each step committed at once.

The window never writes to the store itself: it calls one method here, which commits
the change through :class:`~annotator.core.store.Store` before returning, records how
to take it back, and returns a :class:`Change` saying exactly which spans came and went,
so the views can update in place instead of reloading 10,000 spans after every key.

Undo and redo are changes too: they are committed the same way and return a Change.
A step that can no longer be undone because another program changed the same span is
dropped with a clear error rather than blocking every step before it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from annotator.core.errors import AnnotatorError
from annotator.core.store import ArticleSummary, Span, Store

__all__ = ["Change", "History", "HistoryError"]


class HistoryError(AnnotatorError):
    """An undo or redo that could not be applied; the step has been dropped."""


class Change(NamedTuple):
    """What one committed step did to one article.

    ``status`` is the article's status after the step.  ``reload`` means the article
    may have changed in ways not listed (another program wrote to the corpus).
    """

    article_id: int
    description: str
    added: tuple[Span, ...] = ()
    removed: tuple[Span, ...] = ()
    status: str | None = None
    reload: bool = False


class _Step(NamedTuple):
    description: str
    article_id: int
    undo: Callable[[], Change]
    redo: Callable[[], Change]


class History:
    """Operations on one store with an undo and a redo stack."""

    def __init__(self, store: Store, *, annotator: str, limit: int = 10_000) -> None:
        self.store = store
        self.annotator = annotator
        self.limit = limit
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []

    # -- reading what the views need after a step ---------------------------------

    def status(self, article_id: int) -> str:
        return self.store.status(article_id)

    def summary(self, article_id: int) -> ArticleSummary:
        """One article's row for the corpus list, without reading its text."""
        return self.store.summary(article_id)

    def span_keys(self, article_id: int) -> list[tuple[int, int, str, int]]:
        """The article's spans as ``(start, -end, label, id)`` (see ``Store.span_keys``)."""
        return self.store.span_keys(article_id)

    # -- operations -------------------------------------------------------------

    def tag(self, article_id: int, start: int, end: int, label: str) -> Change:
        """Add a span ``[start, end)`` with ``label``; refused if the very same exists."""
        status_before = self.status(article_id)
        span = self.store.add_span(article_id, start, end, label, annotator=self.annotator)
        description = f"tag {label} {_quote(span.text)}"

        def undo() -> Change:
            with self.store.transaction():
                gone = self.store.delete_span(span.id)
                # Tagging moved a fresh article to in-progress; taking the tag back
                # puts it where it was, unless something else has moved it since.
                if status_before == "todo" and self.status(article_id) == "in-progress":
                    self.store.set_status(article_id, "todo")
            return Change(article_id, "undo " + description, removed=(gone,),
                          status=self.status(article_id))  # fmt: skip

        def redo() -> Change:
            back = self.store.restore_span(span)
            return Change(article_id, description, added=(back,), status=self.status(article_id))

        self._push(_Step(description, article_id, undo, redo))
        return Change(article_id, description, added=(span,), status=self.status(article_id))

    def relabel(self, span_id: int, label: str) -> Change:
        before = self.store.span(span_id)
        after = self.store.relabel_span(span_id, label)
        description = f"relabel {_quote(before.text)} {before.label} → {label}"

        def undo() -> Change:
            now = self.store.relabel_span(span_id, before.label)
            return Change(before.article_id, "undo " + description, added=(now,),
                          removed=(after,), status=self.status(before.article_id))  # fmt: skip

        def redo() -> Change:
            now = self.store.relabel_span(span_id, label)
            return Change(before.article_id, description, added=(now,), removed=(before,),
                          status=self.status(before.article_id))  # fmt: skip

        self._push(_Step(description, before.article_id, undo, redo))
        return Change(before.article_id, description, added=(after,), removed=(before,),
                      status=self.status(before.article_id))  # fmt: skip

    def delete(self, span_id: int) -> Change:
        gone = self.store.delete_span(span_id)
        description = f"delete {gone.label} {_quote(gone.text)}"

        def undo() -> Change:
            back = self.store.restore_span(gone)
            return Change(gone.article_id, "undo " + description, added=(back,),
                          status=self.status(gone.article_id))  # fmt: skip

        def redo() -> Change:
            again = self.store.delete_span(span_id)
            return Change(gone.article_id, description, removed=(again,),
                          status=self.status(gone.article_id))  # fmt: skip

        self._push(_Step(description, gone.article_id, undo, redo))
        return Change(gone.article_id, description, removed=(gone,),
                      status=self.status(gone.article_id))  # fmt: skip

    def set_status(self, article_id: int, status: str) -> Change:
        before = self.status(article_id)
        self.store.set_status(article_id, status)
        description = f"mark {status}"

        def undo() -> Change:
            self.store.set_status(article_id, before)
            return Change(article_id, "undo " + description, status=before)

        def redo() -> Change:
            self.store.set_status(article_id, status)
            return Change(article_id, description, status=status)

        if before != status:
            self._push(_Step(description, article_id, undo, redo))
        return Change(article_id, description, status=status)

    # -- undo / redo ------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_text(self) -> str:
        return self._undo[-1].description if self._undo else ""

    @property
    def redo_text(self) -> str:
        return self._redo[-1].description if self._redo else ""

    def undo(self) -> Change | None:
        """Take back the last step (committed at once); ``None`` if there is none."""
        if not self._undo:
            return None
        step = self._undo.pop()
        change = self._run(step.undo, "undo", step)
        self._redo.append(step)
        return change

    def redo(self) -> Change | None:
        if not self._redo:
            return None
        step = self._redo.pop()
        change = self._run(step.redo, "redo", step)
        self._undo.append(step)
        return change

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()

    def _run(self, action: Callable[[], Change], what: str, step: _Step) -> Change:
        try:
            return action()
        except AnnotatorError as exc:
            raise HistoryError(
                f"cannot {what} {step.description}: {exc} (changed elsewhere; step dropped)"
            ) from None

    def _push(self, step: _Step) -> None:
        self._undo.append(step)
        self._redo.clear()
        if len(self._undo) > self.limit:
            del self._undo[0]


def _quote(text: str, limit: int = 30) -> str:
    shown = " ".join(text.split())
    if len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return f"“{shown}”"
