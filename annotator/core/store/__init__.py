"""The corpus store: articles, spans, labels and relations in one SQLite file.

One :class:`Store` per open corpus, built from one part per kind of record (as
Anki's ``Collection`` sits over its managers): the connection and its transactions
(``connection``), the schema and its migrations (``schema``), then ``labels``,
``articles`` and ``spans``, each part resting on the one before.
All SQL lives in this package.  The domain types live in :mod:`annotator.core.model`
and are re-exported here, so ``from annotator.core.store import Store, Span`` works.
"""

from __future__ import annotations

from annotator.core.model import (
    STATUSES,
    Article,
    ArticleSummary,
    Label,
    NewSpan,
    Relation,
    Span,
    check_span,
    check_text,
    clean_title,
    now,
    text_sha256,
)
from annotator.core.store.files import BUSY_TIMEOUT_MS, connect_read_only, has_content
from annotator.core.store.labels import SPARE_COLOURS
from annotator.core.store.spans import Spans

__all__ = [
    "BUSY_TIMEOUT_MS", "SPARE_COLOURS", "STATUSES", "Article", "ArticleSummary", "Label",
    "NewSpan", "Relation", "Span", "Store", "check_span", "check_text", "clean_title",
    "connect_read_only", "has_content", "now", "text_sha256",
]  # fmt: skip


class Store(Spans):
    """One corpus database.  Use :meth:`open`; close it with :meth:`close` or ``with``."""
