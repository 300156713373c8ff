"""A merge killed with SIGKILL at a random moment leaves the output as it was.

The real command runs in a child process and is killed part way; the output is then
read with a fresh connection: either exactly as before (the kill came before the
commit) or the whole merge (after it), never part of it.  A new output either does
not exist or is whole.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.core.store import NewSpan, Store
from tests.test_crash import ROOT, integrity, kill_after, start

pytestmark = pytest.mark.slow
KILLS = 4
WORDS = ["Lowmere", "council", "said", "412", "homes", "flooded", "the", "dam", "held",
         "Varga", "promised", "crowns", "engineers", "doubted"]  # fmt: skip


def _input(path: Path, analyst: str, *, articles: int, seed: int) -> None:
    rng = random.Random(seed)
    with Store.open(path) as store, store.transaction():
        for number in range(articles):
            text = f"Report {number}: " + " ".join(rng.choice(WORDS) for _ in range(150))
            spans = [
                NewSpan(start, text.index(" ", start + 3), rng.choice(["CLAIM", "ACTOR"]),
                        annotator=analyst)
                for start in range(0, 600, 40)
            ]  # fmt: skip
            article, _ = store.add_article(title=f"Report {number}", text=text, spans=spans)
            store.set_analyst_status(article, analyst, "done")


def _snapshot(db: Path) -> list[object]:
    conn = sqlite3.connect(db)
    try:
        return [conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
                for table in ("articles", "spans", "analyst_status", "span_counts")]  # fmt: skip
    finally:
        conn.close()


def _timed(args: list[str]) -> float:
    began = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, check=True,
                   timeout=300)  # fmt: skip
    return time.perf_counter() - began


def test_merge_killed_at_random_leaves_the_output_as_it_was_or_whole(tmp_path):
    rng = random.Random(16)
    alice, bob = tmp_path / "alice.sqlite3", tmp_path / "bob.sqlite3"
    _input(alice, "alice", articles=800, seed=1)
    _input(bob, "bob", articles=800, seed=1)  # the same texts, bob's spans
    base = tmp_path / "base.sqlite3"
    _input(base, "carol", articles=300, seed=2)
    before = _snapshot(base)
    whole_copy = tmp_path / "whole.sqlite3"
    whole_copy.write_bytes(base.read_bytes())
    args = ["-m", "annotator", "merge", str(alice), str(bob), "-o"]
    whole = _timed([*args, str(whole_copy)])
    after = _snapshot(whole_copy)
    assert after != before
    killed_inside = 0
    for attempt in range(KILLS):
        # An existing output: one transaction, so before or after, nothing between.
        out = tmp_path / f"team{attempt}.sqlite3"
        out.write_bytes(base.read_bytes())
        process = start([*args, str(out)])
        kill_after(process, rng.uniform(0.4, 0.9) * whole)
        assert integrity(out) == "ok"
        state = _snapshot(out)
        assert state in (before, after), attempt
        # Killed between the commit and the exit, it is whole: that kill proves less.
        killed_inside += process.returncode != 0 and state == before
        # A new output: built apart; killed, there is none under the name.
        new = tmp_path / f"new{attempt}.sqlite3"
        process = start([*args, str(new)])
        kill_after(process, rng.uniform(0.4, 0.9) * whole)
        if new.exists():  # finished, or killed after the rename: whole
            assert integrity(new) == "ok", attempt
            assert len(_snapshot(new)[1]) == len(after[1]) - len(before[1]), attempt
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(new.name)) in (
            [], [new.name]
        )  # no -wal or half file under the final name
    assert killed_inside, "no kill landed inside a merge; the test proved nothing"
