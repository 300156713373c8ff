"""The corpus store: articles, spans, labels and relations in one SQLite file.

One :class:`Store` per open corpus, built from one part per kind of record (as
Anki's ``Collection`` sits over its managers): the connection and its transactions
(``connection``), the schema and its migrations (``schema``), then ``labels``,
``articles``, ``relation_types``, ``relations``, ``links``, ``spans`` and ``attributes``,
each part resting on the one before (deleting a span deletes its relations and links),
beside them ``entities`` (the actor registry), ``suggestions``, ``stories`` and
``analysts``, and :meth:`Store.apply` over them all.
All SQL lives in this package.  The domain types live in :mod:`annotator.core.model`
and are re-exported here, so ``from annotator.core.store import Store, Span`` works.
"""

from __future__ import annotations

from annotator.core.changes import KINDS, Change, Tally
from annotator.core.model import (
    STATUSES,
    Article,
    ArticleSummary,
    Label,
    NewRelation,
    NewSpan,
    Relation,
    RelationType,
    Span,
    check_span,
    check_text,
    clean_title,
    now,
    text_sha256,
)
from annotator.core.store.analysts import Analysts
from annotator.core.store.entities import Entities
from annotator.core.store.files import BUSY_TIMEOUT_MS, connect_read_only, has_content
from annotator.core.store.labels import SPARE_COLOURS
from annotator.core.store.stories import Stories
from annotator.core.store.suggestions import Suggestions

__all__ = [
    "BUSY_TIMEOUT_MS", "SPARE_COLOURS", "STATUSES", "Article", "ArticleSummary", "Label",
    "NewRelation", "NewSpan", "Relation", "RelationType", "Span", "Store", "check_span",
    "check_text", "clean_title", "connect_read_only", "has_content", "now", "text_sha256",
]  # fmt: skip


class Store(Entities, Suggestions, Stories, Analysts):
    """One corpus database.  Use :meth:`open`; close it with :meth:`close` or ``with``."""

    def apply(self, change: Change) -> Change:
        """Make the corpus hold what ``change`` added and not what it removed; commit.

        Records keep their ids (spans and relations use AUTOINCREMENT since migration
        2, so an id is never handed to another record meanwhile).  A record to remove
        that is already gone, or one to add that clashes, refuses the whole change.
        Returns what was done, including what went with it (a span's relations).
        Undo is ``apply(change.inverse())`` and redo ``apply(change)``: no step needs
        code of its own, whatever kinds of record it touched.
        """
        tally = Tally()
        with self.transaction():
            # Dependents go first (a span's relations before the span) ...
            for kind in reversed(KINDS):
                kept = {record.id for record in getattr(change.added_records, kind)}
                gone = [r for r in getattr(change.removed_records, kind) if r.id not in kept]
                if gone:
                    getattr(self, f"_take_{kind}")(gone, tally)
            # ... and come back last (the spans before the relations that join them).
            for kind in KINDS:
                was = {record.id: record for record in getattr(change.removed_records, kind)}
                added = getattr(change.added_records, kind)
                swapped = [(was[r.id], r) for r in added if r.id in was]
                if swapped:
                    getattr(self, f"_swap_{kind}")(swapped, tally)
                new = [r for r in added if r.id not in was]
                if new:
                    getattr(self, f"_put_{kind}")(new, tally)
            for move in change.statuses:
                self._move_status(move, tally)
        return tally.change(change.article_id, change.description)
