"""Undo and redo for the window: every change of this run, each step committed at once.

The window never writes to the store itself: it calls one method here, which commits
the change through :class:`~annotator.core.store.Store` before returning, keeps the
:class:`~annotator.core.changes.Change` the store returned, and hands it on, so the
views can update in place instead of reloading 10,000 spans after every key.

Undo and redo are changes too: undo applies the step's inverse and redo the step
itself (``Store.apply``), whatever kinds of record it touched; nothing here knows how
to take back one operation or another.  A step that can no longer be undone because
another program changed the same record is dropped with a clear error rather than
blocking every step before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from annotator.core.changes import Change, Records
from annotator.core.disagreements import add_gold
from annotator.core.errors import AnnotatorError, DuplicateSpan, SpanError
from annotator.core.history_registry import RegistrySteps
from annotator.core.model import ArticleSummary, Damaged, Span, SpanKey
from annotator.core.store import Store
from annotator.core.suggest_learning import reject_and_learn, silenced_note

__all__ = ["Change", "Damaged", "History", "HistoryError"]


class HistoryError(AnnotatorError):
    """An undo or redo that could not be applied; the step has been dropped."""


class History(RegistrySteps):  # links and the actor registry: history_registry
    """Operations on one store with an undo and a redo stack."""

    def __init__(self, store: Store, *, annotator: str, limit: int = 10_000) -> None:
        self.store = store
        self.annotator = annotator
        self.limit = limit
        self._undo: list[Change] = []  # each step as it was done
        self._redo: list[Change] = []

    # -- reading what the views need after a step ---------------------------------

    def status(self, article_id: int) -> str:
        return self.store.status(article_id)

    def summary(self, article_id: int) -> ArticleSummary:
        """One article's row for the corpus list, without reading its text."""
        return self.store.summary(article_id)

    def span_keys(self, article_id: int) -> list[tuple[int, int, str, int]]:
        """The article's sound spans as ``(start, -end, label, id)`` (see :meth:`view_spans`)."""
        return self.view_spans(article_id)[0]

    def view_spans(self, article_id: int) -> tuple[list[SpanKey], list[Damaged]]:
        """The article's spans as the views take them, and the damaged ones left out.

        A span another program wrote outside the text, or whose stored text is not the
        slice, never reaches a view (a view would fail on it at every paint); it comes
        back in the second list so the window can say so once (``Store.checked_span_keys``).
        """
        # Once several analysts have spans here, the view is this analyst's own layer
        # (Store.own_layer); the others' are drawn apart, never edited as one's own.
        layer = self.store.own_layer(self.annotator)
        return self.store.checked_span_keys(article_id, annotator=layer)

    # -- operations -------------------------------------------------------------

    def tag(self, article_id: int, start: int, end: int, label: str) -> Change:
        """Add a span ``[start, end)`` with ``label``; refused if the very same exists."""
        change = self.store.tag_span(article_id, start, end, label, annotator=self.annotator)
        return self._record(change, f"tag {label} {_quote(change.added[0].text)}")

    def relabel(self, span_id: int, label: str) -> Change:
        change = self.store.update_span_label(span_id, label)
        before = change.removed[0]
        return self._record(change, f"relabel {_quote(before.text)} {before.label} → {label}")

    def delete(self, span_id: int) -> Change:
        """Delete a span and its relations (an undo puts them all back)."""
        change = self.store.remove_span(span_id)
        gone = change.removed[0]
        return self._record(change, f"delete {gone.label} {_quote(gone.text)}")

    def resize(self, span_id: int, start: int, end: int) -> Change:
        """Move a span's edges; it keeps its id, label, attributes and relations."""
        change = self.store.resize_span(span_id, start, end)
        before, after = change.removed[0], change.added[0]
        return self._record(
            change, f"resize {after.label} {_quote(before.text)} → {_quote(after.text)}"
        )

    def tag_all(self, article_id: int, ranges: Sequence[tuple[int, int]], label: str) -> Change:
        """Tag every range with ``label`` as one step; those already tagged so are skipped."""
        change = self.store.add_spans(article_id, ranges, label, annotator=self.annotator)
        if not change.added:
            # Nothing new is no step: an undo must never be spent on it.
            if not ranges:
                raise SpanError("nothing to tag")
            start, end = ranges[0]
            what = _quote(self.store.article_text(article_id)[start:end])
            raise DuplicateSpan(f"every occurrence of {what} is already {label}")
        first = change.added[0]
        return self._record(change, f"tag {len(change.added)} × {label} {_quote(first.text)}")

    def link(self, head_span_id: int, child_span_id: int, kind: str) -> Change:
        """Add a ``kind`` relation from one span to another; refused if it exists."""
        change = self.store.insert_relation(
            kind, head_span_id, child_span_id, annotator=self.annotator
        )
        head, child = self.store.span(head_span_id), self.store.span(child_span_id)
        return self._record(change, f"link {kind} {_quote(head.text)} → {_quote(child.text)}")

    def unlink(self, relation_id: int) -> Change:
        change = self.store.remove_relation(relation_id)
        gone = change.removed_records.relations[0]
        head = self.store.span(gone.head_span_id)
        return self._record(change, f"remove {gone.kind} relation of {_quote(head.text)}")

    def set_attributes(self, span_id: int, values: dict[str, object]) -> Change:
        """Set a span's attributes (``None`` removes one) in one undoable step."""
        change = self.store.update_span_attributes(span_id, values)
        span = change.added[0]
        return self._record(change, f"set attributes of {span.label} {_quote(span.text)}")

    def add_gold(self, article_id: int, spans: Sequence[Span]) -> Change:
        """Copy spans into the gold layer (adjudication) as one step; refused if gold has them."""
        change = add_gold(self.store, article_id, spans)
        if not change.added:
            raise DuplicateSpan("every span taken is in the gold layer already")
        first = change.added[0]
        more = f" and {len(change.added) - 1} more" if len(change.added) > 1 else ""
        return self._record(change, f"gold {first.label} {_quote(first.text)}{more}")

    def accept_suggestions(
        self,
        suggestion_ids: Sequence[int],
        *,
        label: str | None = None,
        extent: tuple[int, int] | None = None,
    ) -> Change:
        """Accept suggestions as this analyst's spans (with ``label`` instead; one with
        its ``extent`` corrected), one step."""
        change = self.store.accept_suggestions(
            suggestion_ids, label=label, annotator=self.annotator, extent=extent
        )
        accepted = change.added_records.suggestions
        if len(accepted) == 1 and extent is not None and change.added_records.spans:
            span = change.added_records.spans[0]
            what = f"accept {span.label} {_quote(span.text)} (corrected)"
        elif len(accepted) == 1:
            what = f"accept {label or accepted[0].label} {_quote(accepted[0].text)}"
        else:
            what = f"accept {len(accepted)} suggestions"
        return self._record(change, what)

    def reject_suggestions(self, suggestion_ids: Sequence[int]) -> Change:
        """Reject suggestions; a kind these rejections silence (rejected twice and mostly:
        :mod:`~annotator.core.suggest_learning`) leaves the article in the same step, and
        the step's description says which kinds."""
        change, silenced, counts = reject_and_learn(self.store, suggestion_ids)
        rejected = [item for item in change.added_records.suggestions if item.state == "rejected"]
        what = (f"reject {rejected[0].label} {_quote(rejected[0].text)}" if len(rejected) == 1
                else f"reject {len(rejected)} suggestions")  # fmt: skip
        if silenced:
            what += "; " + silenced_note(silenced, counts)
        return self._record(change, what)

    def set_status(self, article_id: int, status: str) -> Change:
        before = self.status(article_id)
        change = self.store.change_status(article_id, status)
        return self._record(change, f"mark {status}", undoable=before != status)

    def _note_analyst_status(self, change: Change) -> None:
        """Keep this analyst's own status of the article with the window's (issue 16).

        ``articles.status`` is the corpus's; agreement compares only what each analyst
        marked done, so every status move made here is also this analyst's.
        """
        for move in change.statuses:
            self.store.set_analyst_status(move.article_id, self.annotator, move.after)

    def _record(self, change: Change, description: str, *, undoable: bool = True) -> Change:
        self._note_analyst_status(change)
        change = replace(change, description=description)
        if undoable:
            self._push(change)
        return self._shown(change, description)

    def _shown(self, change: Change, description: str) -> Change:
        """The change as the views get it: described, with the article's status now."""
        # A registry step (article -1: an entity, or mentions in many articles) has no status.
        status = self.status(change.article_id) if change.article_id >= 0 else None
        return replace(change, description=description, status=status)

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
        done = self._apply(step.inverse(), "undo", step)
        self._note_analyst_status(done)
        self._redo.append(step)
        return self._shown(done, "undo " + step.description)

    def redo(self) -> Change | None:
        if not self._redo:
            return None
        step = self._redo.pop()
        done = self._apply(step, "redo", step)
        self._note_analyst_status(done)
        self._undo.append(step)
        return self._shown(done, step.description)

    def label_renamed(self, old: str, new: str) -> None:
        """A label was renamed (it is no step of its own): steps put spans back under ``new``.

        Without this, undoing a delete made before the rename would name a label that no
        longer exists, be refused and dropped: the span could not come back.
        """

        def renamed(records: Records) -> Records:
            spans = tuple(replace(s, label=new) if s.label == old else s for s in records.spans)
            return records._replace(spans=spans)

        for stack in (self._undo, self._redo):
            stack[:] = [
                replace(step, added_records=renamed(step.added_records),
                        removed_records=renamed(step.removed_records))
                for step in stack
            ]  # fmt: skip

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()

    def _apply(self, change: Change, what: str, step: Change) -> Change:
        try:
            return self.store.apply(change)
        except AnnotatorError as exc:
            raise HistoryError(
                f"cannot {what} {step.description}: {exc} (changed elsewhere; step dropped)"
            ) from None

    def _push(self, step: Change) -> None:
        self._undo.append(step)
        self._redo.clear()
        if len(self._undo) > self.limit:
            del self._undo[0]


def _quote(text: str, limit: int = 30) -> str:
    shown = " ".join(text.split())
    if len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return f"“{shown}”"
