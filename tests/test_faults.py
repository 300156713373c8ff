"""Damaged databases: one clear line, exit status 1, and the file never overwritten.

tests/test_store.py covers the store refusing a file that is not SQLite, a
truncated one and a newer schema; here every command of the real console entry
point meets every kind of damage, including damage deep inside the file that
only shows when a damaged page is read, long after the corpus opened fine.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core import schema
from annotator.core.store import Store


def _healthy(path: Path) -> bytes:
    with Store.open(path) as store:
        for number in range(300):
            article_id, _ = store.add_article(
                title=f"Report {number}", text=f"Report {number} says " + "water rose " * 120
            )
            store.add_span(article_id, 0, 6, "CLAIM")
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path.read_bytes()


def _garbage(rng: random.Random, size: int) -> bytes:
    return rng.randbytes(size)


PAGE = 4096
DAMAGE: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "truncated": lambda data, rng: data[: len(data) // 3],
    "header-only": lambda data, rng: data[:100],
    "random-after-header": lambda data, rng: data[:100] + _garbage(rng, len(data) - 100),
    "random-pages-inside": lambda data, rng: (
        data[: 3 * PAGE] + _garbage(rng, 4 * PAGE) + data[7 * PAGE :]
    ),
    "zeroed-pages-inside": lambda data, rng: (
        data[: len(data) // 2] + bytes(2 * PAGE) + data[len(data) // 2 + 2 * PAGE :]
    ),
    "random-bytes": lambda data, rng: _garbage(rng, 50_000),
    "not-sqlite-text": lambda data, rng: b"Liste des articles\n" * 100,
}


@pytest.fixture(scope="module")
def healthy(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return _healthy(tmp_path_factory.mktemp("healthy") / "corpus.sqlite3")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as stopped:
        main(list(argv))
        raise SystemExit(0)
    out, err = capsys.readouterr()
    return stopped.value.code, out, err


@pytest.mark.parametrize("kind", list(DAMAGE))
@pytest.mark.parametrize("command", ["stats", "export", "import", "backup", "labels"])
def test_every_command_meets_every_damage_with_one_line(
    kind, command, healthy, tmp_path, capsys
):
    db = tmp_path / "corpus.sqlite3"
    damaged = DAMAGE[kind](healthy, random.Random(kind))
    db.write_bytes(damaged)
    (tmp_path / "new.txt").write_text("A new article about the dam.\n", encoding="utf-8")
    args = {
        "stats": ["stats"],
        "export": ["export", "-o", str(tmp_path / "out.jsonl")],
        "import": ["import", str(tmp_path / "new.txt")],
        "backup": ["backup", "-o", str(tmp_path / "copy.sqlite3")],
        "labels": ["labels"],
    }[command]
    code, out, err = run(capsys, "--db", str(db), *args)
    if code == 0:
        # Damage in pages this command never reads goes unnoticed (SQLite checks a
        # page when it reads it); then the command must simply have worked.
        assert kind in ("zeroed-pages-inside", "random-pages-inside"), (kind, out)
        assert command in ("stats", "import", "labels"), (kind, command)
        return
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("Error: "), err
    assert "Traceback" not in err
    assert str(db) in err or "copy.sqlite3" in err
    # Never overwritten, and nothing half-written left under a final name.
    assert db.read_bytes() == damaged
    assert not (tmp_path / "out.jsonl").exists()
    assert not (tmp_path / "copy.sqlite3").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def test_newer_schema_through_the_console_entry_point(healthy, tmp_path, capsys):
    db = tmp_path / "corpus.sqlite3"
    db.write_bytes(healthy)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 42")
    conn.close()
    before = db.read_bytes()
    for args in (["stats"], ["import", str(db)], ["export", "-o", str(tmp_path / "o.jsonl")]):
        code, _, err = run(capsys, "--db", str(db), *args)
        assert code == 1
        assert err.strip() == (
            f"Error: {db}: written by a newer Annotator (schema 42, this app knows "
            f"{len(schema.known_names())}); "
            "upgrade Annotator to open it. Left untouched."
        )
        assert db.read_bytes() == before


def test_a_busy_corpus_waits_and_then_says_so_in_one_line(healthy, tmp_path, capsys, monkeypatch):
    """A writer that never lets go: after the busy timeout, one line, no traceback."""
    from annotator.core.store import files as store_module

    db = tmp_path / "corpus.sqlite3"
    db.write_bytes(healthy)
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 300)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA journal_mode = WAL")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("UPDATE articles SET title = title")
    try:
        (tmp_path / "new.txt").write_text("Another article.\n", encoding="utf-8")
        code, out, err = run(capsys, "--db", str(db), "import", str(tmp_path / "new.txt"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 1
    assert "Traceback" not in err and "busy" in (out + err)
    with Store.open(db) as store:
        assert store.article_count() == 300


def test_window_shows_a_damaged_corpus_in_a_dialog_and_leaves_it(healthy, tmp_path, qapp,
                                                                  monkeypatch):  # fmt: skip
    from annotator.gui import app as app_module
    from annotator.gui.qt import QtWidgets

    db = tmp_path / "corpus.sqlite3"
    damaged = DAMAGE["random-after-header"](healthy, random.Random(1))
    db.write_bytes(damaged)
    shown: list[str] = []
    def critical(parent: object, title: str, text: str) -> None:
        shown.append(text)

    monkeypatch.setattr(QtWidgets.QMessageBox, "critical", staticmethod(critical))
    session = app_module.start(db_path=db, seed_sample=False, welcome=False)
    assert session is None
    assert len(shown) == 1 and "\n" not in shown[0] and str(db) in shown[0]
    assert db.read_bytes() == damaged
