"""Operations' steps for issue 14: links across articles, the registry, stories.

A mixin of :class:`~annotator.gui.operations.Operations`, kept apart so the steps of the
features built side by side do not all grow one file.  Each runs one History step
through ``_run`` (one undo step, the ``changed`` signal, a refusal as ``failed``).
Assigning a story is no History step (the store keeps no undo for it): it is run
here with the same error handling, and returns how many articles changed story.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Protocol

from annotator.core.errors import AnnotatorError

if TYPE_CHECKING:
    from annotator.core.history import Change, History
    from annotator.core.store import Store

__all__ = ["RegistryOperations"]


class _Running(Protocol):
    history: History
    store: Store

    def _run(self, step: Callable[[], Change | None]) -> Change | None: ...
    @property
    def failed(self) -> object: ...


class RegistryOperations:
    def link_across(self: _Running, span_id: int, to_span_id: int, link_type: str) -> Change | None:
        return self._run(lambda: self.history.link_across(span_id, to_span_id, link_type))

    def retype_across(self: _Running, link_id: int, link_type: str) -> Change | None:
        return self._run(lambda: self.history.retype_across(link_id, link_type))

    def unlink_across(self: _Running, link_id: int) -> Change | None:
        return self._run(lambda: self.history.unlink_across(link_id))

    def set_entity(self: _Running, span_id: int, key: str | None) -> Change | None:
        return self._run(lambda: self.history.set_entity(span_id, key))

    def new_entity_for(self: _Running, span_id: int, name: str, kind: str) -> Change | None:
        return self._run(lambda: self.history.new_entity_for(span_id, name, kind))

    def add_entity(self: _Running, name: str, kind: str) -> Change | None:
        return self._run(lambda: self.history.add_entity(name, kind))

    def edit_entity(
        self: _Running, key: str, *, name: str | None = None,
        aliases: Iterable[str] | None = None, kind: str | None = None,
    ) -> Change | None:  # fmt: skip
        return self._run(
            lambda: self.history.edit_entity(key, name=name, aliases=aliases, kind=kind)
        )

    def merge_entities(self: _Running, keep: str, gone: str) -> Change | None:
        return self._run(lambda: self.history.merge_entities(keep, gone))

    def delete_entity(self: _Running, key: str) -> Change | None:
        return self._run(lambda: self.history.delete_entity(key))

    def assign_story(self: _Running, article_ids: Iterable[int], name: str | None) -> int | None:
        """Put the articles in story ``name`` (made if new) or none; None if refused."""
        try:
            return self.store.assign_story(article_ids, name)
        except AnnotatorError as exc:
            self.failed.emit(str(exc))  # type: ignore[attr-defined]
            return None
