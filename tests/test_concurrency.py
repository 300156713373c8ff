"""Two programs on one corpus at once: no "database is locked" reaches anyone, no edit is lost.

Real processes: two taggers going through the window's own operation layer
(History: tag, undo, redo, each committed at once) while `annotator import` and
`annotator export` run from the command line on the same file.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from annotator.core.store import Store

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent

TAGGER = textwrap.dedent(
    """
    import sys
    from annotator.core.history import History, HistoryError
    from annotator.core.store import Store

    db, name, article_id, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    store = Store.open(db)
    history = History(store, annotator=name)
    text = store.article_text(article_id)
    kept = 0
    for i in range(rounds):
        start = (i * 7) % (len(text) - 10)
        history.tag(article_id, start, start + 5, "CLAIM")
        kept += 1
        if i % 5 == 4:  # take one back and put it back: two more commits
            history.undo()
            try:
                history.redo()
            except HistoryError:  # see test_undo_never_removes_a_span_made_elsewhere
                kept -= 1
    store.close()
    print(kept)
    """
)


def _sources(folder: Path, files: int, per_file: int) -> int:
    folder.mkdir()
    for number in range(files):
        with (folder / f"part{number:03d}.jsonl").open("w", encoding="utf-8") as handle:
            for article in range(per_file):
                text = f"Part {number} article {article}: the harbour board counted boats.\n"
                handle.write(json.dumps({"text": text, "label": [[0, 4, "ACTOR"]]}) + "\n")
    return files * per_file


def _run_all(commands: list[list[str]]) -> list[subprocess.CompletedProcess[str]]:
    processes = [
        subprocess.Popen(
            [sys.executable, *c], cwd=ROOT, env=dict(os.environ), text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        for c in commands
    ]
    results = []
    for command, process in zip(commands, processes, strict=True):
        out, err = process.communicate(timeout=180)
        results.append(subprocess.CompletedProcess(command, process.returncode, out, err))
    return results


def test_two_taggers_an_import_and_an_export_at_once(tmp_path):
    db = tmp_path / "corpus.sqlite3"
    with Store.open(db) as store:
        article_id, _ = store.add_article(
            title="Shared", text="The harbour board said forty ferries ran late today. " * 20
        )
    articles = _sources(tmp_path / "incoming", files=40, per_file=50)
    rounds = 150
    results = _run_all([
        ["-c", TAGGER, str(db), "ana", str(article_id), str(rounds)],
        ["-c", TAGGER, str(db), "ben", str(article_id), str(rounds)],
        ["-m", "annotator", "--db", str(db), "import", str(tmp_path / "incoming")],
        ["-m", "annotator", "--db", str(db), "export", "-o", str(tmp_path / "out.jsonl")],
    ])  # fmt: skip
    for result in results:
        assert result.returncode == 0, (result.args, result.stderr)
        assert "locked" not in result.stderr + result.stdout
        assert "busy" not in result.stderr + result.stdout
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    per_annotator = dict(
        conn.execute(
            "SELECT annotator, count(*) FROM spans WHERE article_id = ? GROUP BY annotator",
            (article_id,),
        ).fetchall()
    )
    imported = conn.execute("SELECT count(*) FROM articles WHERE id != ?", (article_id,))
    imported_spans = conn.execute("SELECT count(*) FROM spans WHERE article_id != ?",
                                  (article_id,))  # fmt: skip
    # Every span each tagger kept is there: none lost, none extra.
    kept = {"ana": int(results[0].stdout), "ben": int(results[1].stdout)}
    assert per_annotator == kept
    assert min(kept.values()) >= rounds * 0.8
    assert imported.fetchone()[0] == articles
    assert imported_spans.fetchone()[0] == articles
    conn.close()
    # The export saw one consistent moment: every line whole, spans matching texts.
    for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for span in record["spans"]:
            assert record["text"][span["start"] : span["end"]] == span["text"]


@pytest.mark.gui
def test_window_keeps_tagging_while_an_import_runs(tmp_path, make_window, qtbot):
    """The real window tags with key presses while `annotator import` writes to its corpus."""
    from annotator.gui.qt import Qt, QtWidgets

    db = tmp_path / "corpus.sqlite3"
    store = Store.open(db)
    article_id, _ = store.add_article(
        title="Shared", text=" ".join(f"word{n}" for n in range(400)) + "\n"
    )
    window = make_window(store)
    articles = _sources(tmp_path / "incoming", files=30, per_file=60)
    failures: list[str] = []
    window.ops.failed.connect(failures.append)
    process = subprocess.Popen(
        [sys.executable, "-m", "annotator", "--db", str(db), "import", str(tmp_path / "incoming")],
        cwd=ROOT, env=dict(os.environ), text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    tagged = 0
    window.view.place_caret(0)
    while process.poll() is None or tagged < 20:
        focus = QtWidgets.QApplication.focusWidget()
        qtbot.keyClick(focus, Qt.Key.Key_1)  # tag the word at the caret (label 1)
        qtbot.keyClick(focus, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
        tagged += 1
        if tagged >= 300:
            break
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert "locked" not in err + out
    assert failures == []
    with Store.open(db) as check:
        assert len(check.spans(article_id)) == tagged
        assert check.article_count() == articles + 1


@pytest.fixture
def make_window(qtbot):
    from annotator.gui.mainwindow import MainWindow
    from annotator.gui.qt import QtWidgets

    windows = []

    def make(store: Store) -> MainWindow:
        window = MainWindow(store, annotator="tester", poll_ms=0)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()  # label keys are window shortcuts
        qtbot.waitUntil(lambda: QtWidgets.QApplication.activeWindow() is window, timeout=2000)
        window.open_article(store.articles()[0].id)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.store.close()


def test_small_files_share_a_commit_and_a_big_file_gets_its_own(tmp_path):
    """Batching keeps each file whole, and never parses a big file while holding the lock."""
    from annotator.core import importing

    folder = tmp_path / "incoming"
    folder.mkdir()
    for number in range(3):
        (folder / f"a{number}.txt").write_text(f"Small article {number}.\n", encoding="utf-8")
    big_text = "Big article. " + "word " * (importing.BATCH_FILE_BYTES // 5 + 10) + "\n"
    (folder / "b-big.txt").write_text(big_text, encoding="utf-8")
    (folder / "c-bad.jsonl").write_text('{"text": "ok"}\n{"no text": 1}\n', encoding="utf-8")
    (folder / "d.txt").write_text("Small article after.\n", encoding="utf-8")
    with Store.open(tmp_path / "corpus.sqlite3") as store:
        statements: list[str] = []
        store.conn.set_trace_callback(statements.append)
        report = importing.import_paths(store, [folder])
        store.conn.set_trace_callback(None)
        commits = [s for s in statements if s == "COMMIT"]
        assert [f.path.name for f in report.files if f.refused] == ["c-bad.jsonl"]
        assert report.added == 5
        # a0-a2 in one commit, the big file in its own, then c-bad (refused) and d
        assert len(commits) == 3
        assert not store.conn.execute("SELECT 1 FROM article_texts WHERE text = 'ok'").fetchone()


def test_undo_never_removes_a_span_made_elsewhere(tmp_path):
    from annotator.core.history import History, HistoryError

    db = tmp_path / "corpus.sqlite3"
    mine, theirs = Store.open(db), Store.open(db)
    try:
        article_id, _ = mine.add_article(title="Shared", text="Alpha beta gamma delta.")
        ana, ben = History(mine, annotator="ana"), History(theirs, annotator="ben")
        tagged = ana.tag(article_id, 0, 5, "CLAIM").added[0]
        ben.delete(tagged.id)  # Ben removes Ana's span in his window...
        ben.tag(article_id, 6, 10, "ACTOR")  # ...and tags a word of his own
        with contextlib.suppress(HistoryError):  # refusing is fine; deleting Ben's is not
            ana.undo()  # Ana takes back her tag, which is already gone
        assert [(s.text, s.annotator) for s in theirs.spans(article_id)] == [("beta", "ben")]
    finally:
        mine.close()
        theirs.close()
