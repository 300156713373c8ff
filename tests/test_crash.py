"""SIGKILL at random moments: of the window while tagging, of an import, of an export.

Each run starts the real program in a subprocess, kills it with SIGKILL (no clean-up
of any kind, like a power cut of the process) at a random moment, then checks the
database with a fresh connection: PRAGMA integrity_check is ok, everything the
program had reported as saved is there, and nothing is half there.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from annotator.core.store import Store

pytestmark = pytest.mark.slow
KILLS = 4
ROOT = Path(__file__).resolve().parent.parent


def integrity(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def start(args: list[str], **kwargs: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        cwd=ROOT, env=dict(os.environ), **kwargs,  # type: ignore[arg-type]
    )  # fmt: skip


def kill_after(process: subprocess.Popen[str], delay: float) -> tuple[str, str]:
    time.sleep(delay)
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
    out, err = process.communicate(timeout=60)
    return out, err


def _timed(args: list[str]) -> float:
    """How long one uninterrupted run takes here, so kills can land inside the work."""
    began = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, check=True,
                   timeout=120)  # fmt: skip
    return time.perf_counter() - began


# -- (a) the window, tagging -----------------------------------------------------------

TAGGING_SESSION = textwrap.dedent(
    """
    import os, random, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from annotator.core.store import Store
    from annotator.gui.mainwindow import MainWindow
    from annotator.gui.qt import QtWidgets

    app = QtWidgets.QApplication([])
    window = MainWindow(Store.open(sys.argv[1]), annotator="tester", poll_ms=0)
    window.show()
    app.processEvents()
    rng = random.Random(int(sys.argv[2]))
    labels = ["CLAIM", "NUMBER", "ACTOR", "QUOTE"]
    print("ready", flush=True)
    while True:
        shown_before = set(window.view.spans)
        roll = rng.random()
        if roll < 0.7 or not shown_before:
            text = window.view.text
            window.view.place_caret(rng.randrange(len(text)))
            window.tag(rng.choice(labels))
        elif roll < 0.85:
            window.undo()
        else:
            window.redo()
        app.processEvents()
        shown = set(window.view.spans)
        # What the window now shows is saved: say so, then carry on.
        for span_id in sorted(shown - shown_before):
            print("+", span_id, flush=True)
        for span_id in sorted(shown_before - shown):
            print("-", span_id, flush=True)
    """
)


def _article_text(rng: random.Random) -> str:
    words = ["Mayor", "Tepperley", "said", "3\u00a0000", "homes", "café", "🙂", "flooded",
             "the", "dam", "Ωμέγα", "held", "according", "to", "engineers"]  # fmt: skip
    lines = []
    for _ in range(40):
        lines.append(" ".join(rng.choice(words) for _ in range(12)))
    return "\r\n".join(lines) + "\n"


@pytest.mark.gui
def test_window_killed_while_tagging_keeps_every_span_it_showed(tmp_path, isolated_user_dirs):
    rng = random.Random(6)
    for attempt in range(KILLS):
        db = tmp_path / f"tagging{attempt}.sqlite3"
        with Store.open(db) as store:
            store.add_article(title="Dam", text=_article_text(rng))
        process = start(["-c", TAGGING_SESSION, str(db), str(attempt)])
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready", process.stderr
        out, err = kill_after(process, rng.uniform(0.3, 1.5))
        assert process.returncode == -signal.SIGKILL, err
        present: dict[int, bool] = {}
        # The kill can land in the middle of a print: a last line without its newline was
        # never fully said, so it promises nothing.
        said = out if out.endswith("\n") else out[: out.rfind("\n") + 1]
        for line in said.splitlines():
            sign, _, span_id = line.partition(" ")
            present[int(span_id)] = sign == "+"
        assert present, "the window tagged nothing before it was killed"
        assert integrity(db) == "ok"
        conn = sqlite3.connect(db)
        stored = {row[0] for row in conn.execute("SELECT id FROM spans")}
        texts = conn.execute(
            "SELECT s.text = substr(t.text, s.start + 1, s.end - s.start) FROM spans s "
            "JOIN article_texts t ON t.article_id = s.article_id"
        ).fetchall()
        conn.close()
        shown = {span_id for span_id, there in present.items() if there}
        gone = {span_id for span_id, there in present.items() if not there}
        # The database holds exactly what the window last showed, except at most the
        # one step in flight at the kill: committed (a tag, or an undo taking one
        # away) but killed before the window could show it.
        differ = shown ^ stored
        assert len(differ) <= 1, f"kill {attempt}: shown and stored differ by {differ}"
        assert len(gone & stored) <= 1
        assert all(ok for (ok,) in texts)


# -- (b) import -------------------------------------------------------------------------


def _write_sources(folder: Path, rng: random.Random) -> dict[str, tuple[int, int]]:
    """JSON-lines files of varied size; name -> (articles, spans) each must import whole."""
    expected = {}
    for number in range(60):
        name = f"batch{number:02d}.jsonl"
        count = rng.choice([1, 5, 40, 200, 400])
        spans = 0
        with (folder / name).open("w", encoding="utf-8") as handle:
            for article in range(count):
                text = f"File {number} article {article}: " + _article_text(rng)
                marks = [{"start": 0, "end": 4, "label": "ACTOR"},
                         {"start": 5, "end": 5 + len(str(number)), "label": "NUMBER"}]  # fmt: skip
                spans += len(marks)
                handle.write(json.dumps({"text": text, "spans": marks}) + "\n")
        expected[name] = (count, spans)
    return expected


def test_import_killed_at_random_leaves_each_file_whole_or_absent(tmp_path):
    rng = random.Random(7)
    folder = tmp_path / "incoming"
    folder.mkdir()
    expected = _write_sources(folder, rng)
    whole = _timed(["-m", "annotator", "--db", str(tmp_path / "whole.sqlite3"), "import",
                    str(folder)])  # fmt: skip
    cut_short = 0
    for attempt in range(KILLS):
        db = tmp_path / f"import{attempt}.sqlite3"
        Store.open(db).close()
        process = start(["-m", "annotator", "--db", str(db), "import", str(folder)])
        out, _ = kill_after(process, rng.uniform(0.5, 0.95) * whole)
        assert integrity(db) == "ok"
        conn = sqlite3.connect(db)
        counts = dict(conn.execute("SELECT source, count(*) FROM articles GROUP BY source"))
        span_counts = dict(conn.execute(
            "SELECT a.source, count(*) FROM spans s JOIN articles a ON a.id = s.article_id "
            "GROUP BY a.source"
        ).fetchall())  # fmt: skip
        conn.close()
        for name, articles in counts.items():
            assert (articles, span_counts.get(name, 0)) == expected[name], (attempt, name)
        # Every file the program said it added is in the corpus.
        reported = [line.split(":")[0] for line in out.splitlines() if ": added" in line]
        assert {Path(r).name for r in reported} <= set(counts), attempt
        if process.returncode == 0:  # it finished before the kill
            assert set(counts) == set(expected)
        cut_short += 0 < len(counts) < len(expected)
    assert cut_short, "no kill landed in the middle of an import; the test proved nothing"


# -- (c) export -------------------------------------------------------------------------


def test_export_killed_at_random_leaves_no_partial_file_under_the_final_name(tmp_path):
    rng = random.Random(8)
    db = tmp_path / "corpus.sqlite3"
    folder = tmp_path / "incoming"
    folder.mkdir()
    _write_sources(folder, rng)
    with Store.open(db) as store:
        from annotator.core.importing import import_paths

        import_paths(store, [folder])
        total = store.article_count()
    out_file = tmp_path / "corpus.jsonl"
    old = '{"earlier": "export"}\n'
    whole = _timed(["-m", "annotator", "--db", str(db), "export", "-o", str(out_file)])
    mid_write = 0
    for attempt in range(KILLS + 2):
        out_file.write_text(old, encoding="utf-8")
        process = start(["-m", "annotator", "--db", str(db), "export", "-o", str(out_file)])
        kill_after(process, rng.uniform(0.5, 1.0) * whole)
        # A hidden temporary file left behind shows the kill landed mid-write.
        partials = list(tmp_path.glob(".corpus.jsonl.*.partial"))
        mid_write += bool(partials)
        for partial in partials:
            partial.unlink()
        content = out_file.read_text(encoding="utf-8")
        if content == old:
            continue  # killed before the rename: the earlier export stands, whole
        lines = content.splitlines()
        assert len(lines) == total, f"kill {attempt}: a partial export under the final name"
        assert all(json.loads(line)["text"] for line in lines)
    assert mid_write, "no kill landed while the export was writing; the test proved nothing"
    assert integrity(db) == "ok"
