"""Opening the corpus the way the command line and the window both do."""

from __future__ import annotations

import tempfile
from pathlib import Path

from annotator.core.fileutil import remove_stale_partials
from annotator.core.store import Store, has_content


def open_corpus(path: Path, *, seed_sample: bool, read_only: bool = False) -> Store:
    """Open ``path``; a new default database is seeded with the sample corpus.

    ``read_only`` (stats, export, backup) never writes to an existing corpus or beside
    it; only the default corpus, on the first start, is still created and seeded.
    """
    is_new = not has_content(path)
    if read_only and not (seed_sample and is_new):
        return Store.open(path, read_only=True)
    store = Store.open(path)
    # A backup or restore killed mid-copy left a copy as large as the corpus; its
    # writer is gone (no lock held), so the next start tidies it away.
    remove_stale_partials([path.parent, Path(tempfile.gettempdir())])
    if seed_sample and is_new and store.article_count() == 0:
        from annotator.core.importing import import_sample  # only on a first start

        import_sample(store)
    return store
