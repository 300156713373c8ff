"""Opening the corpus the way the command line and the window both do."""

from __future__ import annotations

from pathlib import Path

from annotator.core.store import Store


def open_corpus(path: Path, *, seed_sample: bool) -> Store:
    """Open ``path``; a new default database is seeded with the sample corpus."""
    is_new = not path.exists() or path.stat().st_size == 0
    store = Store.open(path)
    if seed_sample and is_new and store.article_count() == 0:
        from annotator.core.importing import import_sample  # only on a first start

        import_sample(store)
    return store
