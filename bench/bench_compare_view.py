"""F8, the comparison view: open a story of 50 articles and 500 fact clusters.

    python -m bench.bench_compare_view          # offscreen; prints the table
    python -m bench.bench_compare_view --json   # JSON rows (what python -m bench reads)

The story is bench_compare's (2,000 linked NUMBER and CLAIM spans, about 2,000 links, less
the few that join two spans of one article, which the store refuses),
written into a real corpus file (WAL, as the app opens it).  Figure: F8 pressed in the
window until the dialog is shown with its table laid out and painted, best of N, against
a floor measured in the same run: reading the story's links and linked spans from the
store alone (the least any view of them costs).  Target (issue 14): under 100 ms.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def build_corpus(path: Path) -> tuple[str, int]:
    """The bench story in a corpus at ``path``: (story name, an article id to open)."""
    from annotator.core.store import Store
    from bench.bench_compare import story

    articles, spans, links, _texts = story()
    name = "Floods at Dorvel"
    with Store.open(path) as store, store.transaction():
        ids = {}
        for article in articles:
            ids[article.id], _ = store.add_article(
                title=article.title, text=article.text, meta=article.meta
            )
        new_ids = {}
        for span in spans:
            made = store.add_span(
                ids[span.article_id], span.start, span.end, span.label,
                attributes=span.attributes,
            )  # fmt: skip
            new_ids[span.id] = made.id
        for link in links:  # the store links spans of two articles only: skip the rest
            if link.article_id != link.to_article_id:
                store.add_link(new_ids[link.span_id], new_ids[link.to_span_id], link.type)
        store.assign_story(list(ids.values()), name)
        return name, next(iter(ids.values()))


def run(*, runs: int = 7) -> list[dict]:
    from annotator.core.store import Store
    from annotator.gui.mainwindow import MainWindow
    from annotator.gui.qt import QtWidgets
    from bench.bench_core import best_of, figure

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    with tempfile.TemporaryDirectory(prefix="annotator-bench-compare-") as tmp:
        os.environ.setdefault("XDG_CONFIG_HOME", str(Path(tmp) / "config"))
        path = Path(tmp) / "story.sqlite3"
        name, first = build_corpus(path)
        store = Store.open(path)
        window = MainWindow(store, annotator="bench", poll_ms=0)
        window.show()
        app.processEvents()
        window.open_article(first)
        app.processEvents()

        def open_view() -> None:
            dialog = window.compare.open_dialog()
            dialog.table.viewport().repaint()  # the first paint, not only the layout
            app.processEvents()
            dialog.hide()

        open_view()  # warm: the dialog and its model are made once per window
        rows = window.compare.dialog.model.rowCount()
        value = best_of(runs, open_view)

        def read_only() -> None:
            ids = store.story_article_ids(name)
            links = list(store.iter_links(article_ids=ids))
            store.spans_by_id({x.span_id for x in links} | {x.to_span_id for x in links})

        floor = best_of(runs, read_only)
        window.close()
        store.close()
    return [
        figure("F8: open the comparison view (50 articles, 500 clusters)", value * 1000,
               floor * 1000, 100.0, unit="ms", kind="value",
               note=f"best of {runs}; {rows} rows shown; floor: reading the story's links "
                    "and linked spans from the store"),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    from bench.run import show

    parser = argparse.ArgumentParser(prog="python -m bench.bench_compare_view")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="JSON rows instead of a table")
    args = parser.parse_args(argv)
    rows = run(runs=args.runs)
    show(rows, as_json=args.json)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
