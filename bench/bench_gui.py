"""Window figures as JSON rows: open, tag/undo latency, start-up time and memory.

Runs Qt offscreen in its own process (``python -m bench`` starts it)::

    python -m bench.bench_gui --corpus corpus.sqlite3       # print JSON rows
    python bench/startup_child.py [corpus.sqlite3]           # one start-up (app or bare)

Every figure is measured here beside a floor in the same run; the interactive table
of the window's own figures (list, filter) is bench/bench_window.py.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _user_dirs(folder: Path) -> dict[str, str]:
    """Settings and logs in a temporary folder: the bench never touches the real ones."""
    dirs = ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")
    return {var: str(folder / var.lower()) for var in dirs}


def _isolate(folder: Path) -> None:
    os.environ.update(_user_dirs(folder))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


# -- start-up (child processes) ----------------------------------------------------------


def _startup(args: list[str]) -> dict[str, float]:
    """One start-up in a fresh process (bench/startup_child.py), timed from its spawn."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, **_user_dirs(Path(tmp))}
        env["QT_QPA_PLATFORM"] = env.get("QT_QPA_PLATFORM", "offscreen")
        # The child runs as a script from a temporary folder, so without this its
        # ``import annotator`` finds whatever copy is installed (an editable install of
        # another checkout), not the one this bench compiled and means to measure.
        env["PYTHONPATH"] = os.pathsep.join(
            part for part in (str(ROOT), env.get("PYTHONPATH", "")) if part
        )
        # A returning analyst: the one-time welcome was seen on an earlier start.
        settings = Path(env["XDG_CONFIG_HOME"]) / "annotator" / "settings.ini"
        settings.parent.mkdir(parents=True)
        settings.write_text("[welcome]\nshown=true\n", encoding="utf-8")
        command = [sys.executable, str(ROOT / "bench" / "startup_child.py"), *args]
        began = time.monotonic()  # the child reads the same system-wide clock
        result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp,
                                check=True, timeout=120)  # fmt: skip
    row = json.loads(result.stdout.strip().splitlines()[-1])
    row["seconds"] = row["done"] - began
    return row


def bench_startup(db: Path, runs: int) -> list[dict]:
    """Start-up time and peak memory of the app, beside a bare PySide6 window.

    Four children, alternated so that a busy moment of the machine hits all alike: the
    app through its launcher; the floor, a bare window with an empty text edit; the
    bare window showing the text of the article the app opens; and a skeleton window.
    The third measures what the memory target allows on top of 1.5x the floor, "the
    open article": its text, its layout and the fonts its scripts need, as Qt itself
    holds them.  The skeleton has the parts any real window has and no data; its time
    says how much of the app's start-up is PySide6's cost for those parts alone.  Both
    are shown for reference; the time target is against the empty floor.
    """
    import annotator
    from bench.bench_core import figure

    # The app's modules as an installed copy has them, compiled (pip compiles them on
    # install, PyInstaller bundles them): not recompiled on every start-up even where
    # PYTHONDONTWRITEBYTECODE is set, as it is on some machines.
    compileall.compile_dir(Path(annotator.__file__).parent, quiet=1)
    kinds = {
        "app": [str(db)], "bare": [], "article": ["--bare-article", str(db)],
        "skeleton": ["--skeleton"],
    }  # fmt: skip
    seen: dict[str, list[dict]] = {kind: [] for kind in kinds}
    for _ in range(runs):
        for kind, args in kinds.items():
            seen[kind].append(_startup(args))
    best = {
        kind: {key: min(run[key] for run in rows) for key in ("seconds", "rss")}
        for kind, rows in seen.items()
    }
    app, bare, article, skeleton = best["app"], best["bare"], best["article"], best["skeleton"]
    article_memory = max(0.0, article["rss"] - bare["rss"])
    allowed = 1.5 * bare["rss"] + article_memory
    conn = sqlite3.connect(db)
    articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    conn.close()
    return [
        figure(f"start-up to first painted window ({articles} articles)", app["seconds"],
               bare["seconds"], 1.5,
               note="process spawn to the end of the first frame, best of runs"),
        figure("  (reference) bare window showing the same article", article["seconds"],
               bare["seconds"], None,
               note="the same text in a bare QPlainTextEdit: what showing the article costs"),
        figure("  (reference) skeleton window, no data", skeleton["seconds"],
               bare["seconds"], None,
               note="bare + Qt namespace, viewport, status bar, 10,000-row table, 4 menus"),
        figure("start-up peak memory vs bare window", app["rss"], bare["rss"],
               allowed / bare["rss"], unit="B",
               note=f"target: 1.5 x bare + the open article, {article_memory / 1e6:.1f} MB "
               "(bare window showing it minus bare window)"),
    ]  # fmt: skip


# -- open, tag, undo (in this process) ------------------------------------------------


def _settle(app: object) -> None:
    app.processEvents()  # type: ignore[attr-defined]
    app.processEvents()  # type: ignore[attr-defined]


def bare_open_times(app: object, text: str, *, runs: int = 5) -> list[float]:
    """The floor for opening an article: a bare QPlainTextEdit shows the text and paints."""
    from PySide6.QtTest import QTest

    from annotator.gui.qt import QtWidgets

    bare = QtWidgets.QPlainTextEdit()
    bare.resize(1280, 800)
    bare.show()
    QTest.qWaitForWindowExposed(bare)
    times = []
    for _ in range(runs):
        bare.setPlainText("")
        _settle(app)
        began = time.perf_counter()
        bare.setPlainText(text)
        bare.viewport().repaint()
        times.append(time.perf_counter() - began)
    bare.close()
    return times


def window_open_times(app: object, store: object, *, small: int, big: int, runs: int = 5):
    """Show the real window and time opening ``big`` (text read from SQLite) to its paint."""
    from PySide6.QtTest import QTest

    from annotator.gui.mainwindow import MainWindow

    window = MainWindow(store, annotator="bench", poll_ms=0)
    window.resize(1280, 800)
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.activateWindow()
    times = []
    for _ in range(runs):
        window.open_article(small)
        _settle(app)
        store._texts.clear()  # read the text from SQLite each time, as a first open does
        began = time.perf_counter()
        window.open_article(big)
        window.view.viewport().repaint()
        times.append(time.perf_counter() - began)
    return window, times


def bench_article(work: Path, *, samples: int) -> list[dict]:
    from PySide6.QtTest import QTest

    from annotator.core.store import NewSpan, Store
    from annotator.gui.qt import Qt, QtWidgets
    from bench import corpus
    from bench.bench_core import figure

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    generated = next(corpus.articles(1, chars=1_000_000, spans_per_article=10_000, seed=5))
    text = generated.text
    store = Store.open(work / "big.sqlite3")
    big, _ = store.add_article(
        title="One megabyte", text=text,
        spans=[NewSpan(start=s, end=e, label=label) for s, e, label in generated.spans],
    )  # fmt: skip
    small, _ = store.add_article(title="Small", text="A short article.\n")
    spans_present = len(store.spans(big))

    floors = bare_open_times(app, text)

    window, opens = window_open_times(app, store, small=small, big=big)
    rows = [
        figure(f"open a {len(text.encode()) / 1e6:.1f} MB article, {spans_present} spans",
               statistics.median(opens), statistics.median(floors), 5.0,
               note="median of 5; floor: bare QPlainTextEdit.setPlainText + paint"),
    ]  # fmt: skip

    # Tag the word at the caret with the first label key, then Ctrl+Z, each timed
    # from the key press until the window has committed and repainted.
    view = window.view
    tagged = {start for start, _, _ in generated.spans}
    starts = [
        i + 1 for i, ch in enumerate(text[:200_000])
        if ch == " " and i + 1 not in tagged and not text[i + 1].isspace()
    ]  # fmt: skip
    rng = random.Random(9)

    def tag_and_undo() -> tuple[float, float]:
        while True:
            view.place_caret(rng.choice(starts))
            _settle(app)
            shown = len(view.spans)
            began = time.perf_counter()
            QTest.keyClick(view, Qt.Key.Key_1)
            view.viewport().repaint()
            tagged_in = time.perf_counter() - began
            _settle(app)
            if len(view.spans) == shown + 1:
                break
            # Nothing tagged there (no word at the caret): an undo now would take
            # back an earlier step, so draw another place instead.
        began = time.perf_counter()
        QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        view.viewport().repaint()
        undone_in = time.perf_counter() - began
        _settle(app)
        return tagged_in, undone_in

    # The first tag of an untouched article moves it from todo to in-progress (and
    # its undo back): one more row written, which before migration 4 also held the 1 MB
    # text.  Measured apart; then one tag is kept, as an analyst at work has.
    first = [tag_and_undo() for _ in range(max(5, samples // 5))]
    view.place_caret(starts.pop(0))  # never drawn again: the samples cannot hit it
    QTest.keyClick(view, Qt.Key.Key_1)
    _settle(app)
    spans_present += 1
    tags, undos = [], []
    for _ in range(samples):
        tagged_in, undone_in = tag_and_undo()
        tags.append(tagged_in)
        undos.append(undone_in)
    rows.append(figure(
        "first tag of a todo 1 MB article (+ its undo), median", statistics.median(
            [a + b for a, b in first]) * 1000 / 2, None, None, unit="ms", kind="value",
        note="each also writes the status todo<->in-progress (the text is in its own table)",
    ))  # fmt: skip
    assert len(store.spans(big)) == spans_present, "tag/undo left spans behind"
    steps = resize_and_tag_all(app, window, text, samples=samples)
    assert len(store.spans(big)) == spans_present, "resize/tag-all undo left spans behind"
    window.close()
    # The floor: the commit each step has to wait for (synchronous = FULL), alone.
    floor_tag, floor_undo = [], []
    for _ in range(samples):
        start = rng.choice(starts)
        began = time.perf_counter()
        span = store.add_span(big, start, start + 1, "NUMBER", annotator="floor")
        floor_tag.append(time.perf_counter() - began)
        began = time.perf_counter()
        store.delete_span(span.id)
        floor_undo.append(time.perf_counter() - began)
    store.close()
    named = [("tag", tags, floor_tag), ("undo", undos, floor_undo)]
    named += [(name, values, floor_tag) for name, values in steps.items()]
    for name, values, floor in named:
        ms = sorted(v * 1000 for v in values)
        floor_ms = sorted(v * 1000 for v in floor)
        p95 = ms[int(0.95 * (len(ms) - 1))]
        rows.append(
            figure(
                f"{name} latency median ({spans_present} spans present)",
                statistics.median(ms),
                statistics.median(floor_ms),
                16.0,
                unit="ms",
                kind="value",
                note="floor: Store commit alone",
            )
        )
        rows.append(figure(f"{name} latency 95th percentile", p95,
                           floor_ms[int(0.95 * (len(floor_ms) - 1))], 33.0, unit="ms",
                           kind="value"))  # fmt: skip
    return rows


def resize_and_tag_all(app: object, window: object, text: str, *, samples: int):
    """Time Alt+Right (resize the selected span's end) and Shift+1 (tag every occurrence of
    the word at the caret), each with its Ctrl+Z, from the key press to the repaint."""
    from collections import Counter

    from PySide6.QtTest import QTest

    from annotator.gui.qt import Qt

    view = window.view  # type: ignore[attr-defined]
    rng = random.Random(11)
    alt, ctrl = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier

    def timed(key: Qt.Key, modifiers: Qt.KeyboardModifier) -> float:
        began = time.perf_counter()
        QTest.keyClick(view, key, modifiers)
        view.viewport().repaint()
        took = time.perf_counter() - began
        _settle(app)
        return took

    times: dict[str, list[float]] = {
        "resize": [], "undo resize": [], "(reference) relabel the selected span": [],
        "tag every occurrence": [], "undo tag every occurrence": [],
    }  # fmt: skip
    ids = [key[3] for key in view.spans.keys]
    while len(times["resize"]) < samples:
        span_id = rng.choice(ids)
        view.select_span(span_id)
        _settle(app)
        before = view.spans.get(span_id)
        took = timed(Qt.Key.Key_Right, alt)
        if view.spans.get(span_id).end == before.end:
            continue  # refused (the wider span exists already): no step to undo
        times["resize"].append(took)
        times["undo resize"].append(timed(Qt.Key.Key_Z, ctrl))
        assert view.spans.get(span_id).end == before.end
        # The same span relabelled (1 or 2, whichever it is not), in the same state: the
        # step the window had before resizing, to compare with under the same load.
        view.select_span(span_id)
        _settle(app)
        key = Qt.Key.Key_2 if before.label == "CLAIM" else Qt.Key.Key_1
        times["(reference) relabel the selected span"].append(timed(key, Qt.KeyboardModifier(0)))
        timed(Qt.Key.Key_Z, ctrl)
        assert view.spans.get(span_id).label == before.label
    # Words of the invented vocabulary that occur 10-60 times: "Umerov eight times" and more.
    counts = Counter(word for word in text.split() if word.isalpha())
    words = sorted(word for word, n in counts.items() if 10 <= n <= 60)
    tagged: list[int] = []
    while len(times["tag every occurrence"]) < max(10, samples // 2):
        word = rng.choice(words)
        at = text.find(f" {word} ")
        if at < 0:
            continue
        view.place_caret(at + 2)
        _settle(app)
        shown = len(view.spans)
        took = timed(Qt.Key.Key_1, Qt.KeyboardModifier.ShiftModifier)
        if len(view.spans) == shown:
            continue  # every occurrence already tagged so: refused, nothing to undo
        tagged.append(len(view.spans) - shown)
        times["tag every occurrence"].append(took)
        times["undo tag every occurrence"].append(timed(Qt.Key.Key_Z, ctrl))
        assert len(view.spans) == shown
    median = statistics.median(tagged)
    return {
        (f"{name} (median {median:g} spans at once)" if "every" in name else name): values
        for name, values in times.items()
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_gui")
    parser.add_argument("--db", type=Path)
    parser.add_argument("--corpus", type=Path, help="a corpus of many articles for start-up")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--samples", type=int, default=100)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        _isolate(Path(tmp))
        rows = bench_article(Path(tmp), samples=args.samples)
        from bench.bench_relations import run as bench_relations

        rows += bench_relations(Path(tmp), samples=max(10, args.samples // 3))
        if args.corpus is not None:
            # Start-ups are short and the machine noisy: more of them, best of each kind.
            rows += bench_startup(args.corpus, 4 * args.runs)
    for row in rows:
        print(json.dumps(row, ensure_ascii=False))


if __name__ == "__main__":
    main()
