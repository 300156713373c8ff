"""Relations in the window: open a 1 MB article with 10,000 spans and 5,000 relations,
then make a relation by keyboard (R, Enter) and undo it (Ctrl+Z), each timed from the
key press to the repainted view.

    python -m bench.bench_relations          # print the table (Qt offscreen)

``python -m bench.bench_gui`` runs it too.  Targets: making and undoing a relation
within 16 ms (median), opening the article within 5x a bare ``setPlainText`` of the
same text and its paint.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path


def _relations(spans: list, count: int) -> list[tuple[str, int, int]]:
    """``count`` relations between near spans whose labels a default type allows."""
    fits = {("QUOTE", "ACTOR"): "speaker", ("CLAIM", "ACTOR"): "source",
            ("CLAIM", "NUMBER"): "quantity"}  # fmt: skip
    made: list[tuple[str, int, int]] = []
    seen: set[tuple[str, int, int]] = set()
    for step in range(1, 40):
        for a, b in zip(spans, spans[step:], strict=False):
            for head, child in ((a, b), (b, a)):
                kind = fits.get((head.label, child.label))
                if kind and (kind, head.id, child.id) not in seen:
                    seen.add((kind, head.id, child.id))
                    made.append((kind, head.id, child.id))
                    if len(made) == count:
                        return made
    return made


def run(work: Path, *, samples: int = 40) -> list[dict]:
    from PySide6.QtTest import QTest

    from annotator.core.store import NewSpan, Store
    from annotator.gui.qt import Qt, QtWidgets
    from bench import corpus
    from bench.bench_core import figure
    from bench.bench_gui import _settle, bare_open_times, window_open_times

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    generated = next(corpus.articles(1, chars=1_000_000, spans_per_article=10_000, seed=13))
    store = Store.open(work / "relations.sqlite3")
    big, _ = store.add_article(
        title="One megabyte, linked", text=generated.text,
        spans=[NewSpan(start=s, end=e, label=label) for s, e, label in generated.spans],
    )  # fmt: skip
    small, _ = store.add_article(title="Small", text="A short article.\n")
    spans = store.spans(big)
    with store.transaction():
        for kind, head, child in _relations(spans, 5_000):
            store.insert_relation(kind, head, child, annotator="bench")
    present = len(store.relations(big))

    floors = bare_open_times(app, generated.text)
    window, opens = window_open_times(app, store, small=small, big=big)
    view = window.view
    rows = [
        figure(f"open a 1 MB article, {len(spans)} spans, {present} relations",
               statistics.median(opens), statistics.median(floors), 5.0,
               note="median of 5; floor: bare QPlainTextEdit.setPlainText + paint"),
    ]  # fmt: skip

    # Heads near the top of the article (on screen when selected, as while reading).
    quotes = [s.id for s in spans if s.label == "QUOTE"][:400]
    rng = random.Random(3)
    starts, makes, undos = [], [], []
    for _ in range(samples):
        view.select_span(rng.choice(quotes))
        view.setFocus()
        _settle(app)
        began = time.perf_counter()
        QTest.keyClick(view, Qt.Key.Key_R)
        view.viewport().repaint()
        starts.append(time.perf_counter() - began)
        _settle(app)
        if window.modes.mode != "link":
            continue  # nothing this QUOTE may be linked to
        before = len(window.relations.arcs.relations)
        began = time.perf_counter()
        QTest.keyClick(view, Qt.Key.Key_Return)
        view.viewport().repaint()
        makes.append(time.perf_counter() - began)
        _settle(app)
        assert len(window.relations.arcs.relations) == before + 1, "no relation was made"
        began = time.perf_counter()
        QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        view.viewport().repaint()
        undos.append(time.perf_counter() - began)
        _settle(app)
    assert len(store.relations(big)) == present, "make/undo left relations behind"
    paints = []
    for _ in range(15):
        began = time.perf_counter()
        view.viewport().repaint()
        paints.append(time.perf_counter() - began)
    window.relations.arcs.visible = False
    bare_paints = []
    for _ in range(15):
        began = time.perf_counter()
        view.viewport().repaint()
        bare_paints.append(time.perf_counter() - began)
    window.close()
    store.close()
    ms = statistics.median
    rows += [
        figure("R: start linking (candidates among 10,000 spans), median",
               ms(starts) * 1000, None, None, unit="ms", kind="value"),
        figure(f"make a relation (Enter), median ({present} relations present)",
               ms(makes) * 1000, None, 16.0, unit="ms", kind="value",
               note=f"{len(makes)} samples; key press to repainted view"),
        figure("undo a relation (Ctrl+Z), median", ms(undos) * 1000, None, 16.0, unit="ms",
               kind="value"),
        figure("repaint the view with its arcs, median", ms(paints) * 1000,
               ms(bare_paints) * 1000, None, unit="ms", kind="value",
               note="floor: the same view with the arcs layer hidden"),
    ]  # fmt: skip
    return rows


def main(argv: list[str] | None = None) -> None:
    from bench.bench_gui import _isolate
    from bench.run import show

    parser = argparse.ArgumentParser(prog="python -m bench.bench_relations")
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--json", action="store_true", help="JSON rows instead of a table")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        _isolate(Path(tmp))
        rows = run(Path(tmp), samples=args.samples)
    show(rows, as_json=args.json)


if __name__ == "__main__":
    main()
