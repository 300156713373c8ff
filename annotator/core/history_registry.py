"""History's steps for issue 14: links between articles and the actor registry.

A mixin of :class:`~annotator.core.history.History` (kept apart so the steps of the
features built side by side do not all grow one file).  Each step is one store write
returning a :class:`~annotator.core.changes.Change`, recorded like every other step, so
undo and redo need nothing of their own.  Registry steps touch no one article: their
change has ``article_id`` -1 (a merge moves mentions in many).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from annotator.core.changes import KINDS, Change, Records
from annotator.core.errors import AnnotatorError

if TYPE_CHECKING:
    from annotator.core.store import Store

__all__ = ["RegistrySteps", "combined"]


class _Recording(Protocol):
    store: Store
    annotator: str

    def _record(self, change: Change, description: str, *, undoable: bool = True) -> Change: ...


def combined(article_id: int, *changes: Change) -> Change:
    """Several committed changes as one step (undone together, in reverse order)."""
    added = {kind: [] for kind in KINDS}
    removed = {kind: [] for kind in KINDS}
    for change in changes:
        for kind in KINDS:
            added[kind].extend(getattr(change.added_records, kind))
            removed[kind].extend(getattr(change.removed_records, kind))
    return Change(
        article_id,
        added_records=Records(**{kind: tuple(added[kind]) for kind in KINDS}),
        removed_records=Records(**{kind: tuple(removed[kind]) for kind in KINDS}),
    )


def _quote(text: str, limit: int = 30) -> str:
    shown = " ".join(text.split())
    return f"“{shown if len(shown) <= limit else shown[: limit - 1] + '…'}”"


class RegistrySteps:
    """Links across articles, stories aside, and the registry's entities, as steps."""

    # -- links between articles ---------------------------------------------------

    def link_across(self: _Recording, span_id: int, to_span_id: int, link_type: str) -> Change:
        change = self.store.insert_link(span_id, to_span_id, link_type, annotator=self.annotator)
        a, b = self.store.span(span_id), self.store.span(to_span_id)
        return self._record(change, f"link {link_type} {_quote(a.text)} ⇄ {_quote(b.text)}")

    def retype_across(self: _Recording, link_id: int, link_type: str) -> Change:
        change = self.store.retype_link(link_id, link_type)
        return self._record(change, f"make the link {link_type}")

    def unlink_across(self: _Recording, link_id: int) -> Change:
        change = self.store.remove_link(link_id)
        gone = change.removed_records.links[0]
        span = self.store.span(gone.span_id)
        return self._record(change, f"remove the {gone.type} link of {_quote(span.text)}")

    # -- the actor registry ------------------------------------------------------

    def set_entity(self: _Recording, span_id: int, key: str | None) -> Change:
        """Name (or, with None, stop naming) an entity in an ACTOR span's attribute."""
        change = self.store.update_span_attributes(span_id, {"entity": key})
        span = change.added[0]
        what = f"link {_quote(span.text)} to {key}" if key else f"unlink {_quote(span.text)}"
        return self._record(change, what)

    def new_entity_for(self: _Recording, span_id: int, name: str, kind: str) -> Change:
        """A new entity named ``name`` and the span naming it, as one step."""
        made = self.store.add_entity(name, kind)
        key = made.added_records.entities[0].key
        try:
            named = self.store.update_span_attributes(span_id, {"entity": key})
        except AnnotatorError:
            self.store.apply(made.inverse())  # no entity left behind without its mention
            raise
        change = combined(named.article_id, made, named)
        return self._record(change, f"new {kind} {_quote(name)} ({key})")

    def add_entity(
        self: _Recording, name: str, kind: str, *, aliases: Iterable[str] = ()
    ) -> Change:
        change = self.store.add_entity(name, kind, aliases=aliases)
        return self._record(change, f"new {kind} {_quote(name)}")

    def edit_entity(
        self: _Recording,
        key: str,
        *,
        name: str | None = None,
        kind: str | None = None,
        aliases: Iterable[str] | None = None,
    ) -> Change:
        old = self.store.entity(key)
        change = self.store.edit_entity(key, name=name, kind=kind, aliases=aliases)
        what = f"rename {_quote(old.name)} → {_quote(name)}" if name and name != old.name \
            else f"edit {_quote(old.name)}"  # fmt: skip
        return self._record(change, what)

    def merge_entities(self: _Recording, keep: str, gone: str) -> Change:
        lost, kept = self.store.entity(gone), self.store.entity(keep)
        change = self.store.merge_entities(keep, gone)
        return self._record(change, f"merge {_quote(lost.name)} into {_quote(kept.name)}")

    def delete_entity(self: _Recording, key: str) -> Change:
        entity = self.store.entity(key)
        change = self.store.delete_entity(key)
        return self._record(change, f"delete entity {_quote(entity.name)}")
