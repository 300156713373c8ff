"""Backups: before migrations (rotating), `annotator backup`, `annotator restore`.

Every test checks the databases afterwards, not just the messages.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core import schema
from annotator.core.backup import (
    KEEP_MIGRATION_BACKUPS,
    backup_to,
    migration_backups,
    restore_from,
)
from annotator.core.errors import StoreError
from annotator.core.store import Store

BASE = len(schema.known_names())  # the app's schema version, before test-only migrations

SCHEMA1 = Path(__file__).parent / "data" / "corpus-schema1.sqlite3"


def content(path: Path) -> tuple[list, list]:
    """Articles and spans as plain tuples, read with a bare connection."""
    conn = sqlite3.connect(path)
    try:
        texts_apart = conn.execute(  # schema 4 on: texts in their own table
            "SELECT 1 FROM sqlite_master WHERE name = 'article_texts'"
        ).fetchone()
        articles = conn.execute(
            "SELECT a.id, a.title, t.text, a.status FROM articles a "
            "JOIN article_texts t ON t.article_id = a.id ORDER BY a.id"
            if texts_apart
            else "SELECT id, title, text, status FROM articles ORDER BY id"
        )
        spans = conn.execute(
            "SELECT id, article_id, start, end, label, text FROM spans ORDER BY id"
        )
        return articles.fetchall(), spans.fetchall()
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def make_corpus(path: Path) -> int:
    with Store.open(path) as store:
        article_id, _ = store.add_article(
            title="Harbour", text="The harbour board said 40 ferries ran.\n"
        )
        store.add_span(article_id, 4, 17, "ACTOR")
        store.add_span(article_id, 23, 25, "NUMBER")
        return article_id


@pytest.fixture
def run(db_path):
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, ["--db", str(db_path), *args], catch_exceptions=False)

    return invoke


# -- annotator backup / restore ---------------------------------------------------


def test_backup_then_restore_round_trip(run, db_path, tmp_path):
    article_id = make_corpus(db_path)
    saved = content(db_path)
    copy = tmp_path / "monday.sqlite3"
    result = run("backup", "-o", str(copy))
    assert result.exit_code == 0, result.output
    assert f"Backed up 1 articles and 2 spans to {copy}." in result.output
    assert content(copy) == saved and integrity(copy) == "ok"
    # A single file: it can be copied or mailed as it is.
    assert not Path(f"{copy}-wal").exists()
    assert sqlite3.connect(copy).execute("PRAGMA journal_mode").fetchone()[0] == "delete"

    with Store.open(db_path) as store:  # work after the backup
        store.add_span(article_id, 0, 3, "CLAIM")
        store.delete_span(saved[1][0][0])
    changed = content(db_path)
    copy_digest = digest(copy)

    result = run("restore", str(copy))
    assert result.exit_code == 0, result.output
    assert content(db_path) == saved
    assert integrity(db_path) == "ok"
    assert digest(copy) == copy_digest  # the backup itself is not touched
    kept = sorted(tmp_path.glob("corpus.before-restore-*.sqlite3"))
    assert len(kept) == 1 and content(kept[0]) == changed
    assert f"kept at {kept[0]}" in result.output


def test_backup_default_name_is_beside_the_corpus(run, db_path):
    make_corpus(db_path)
    result = run("backup")
    assert result.exit_code == 0, result.output
    (copy,) = db_path.parent.glob("corpus.backup-*.sqlite3")
    assert content(copy) == content(db_path)


def test_backup_of_a_missing_corpus_is_refused_and_creates_nothing(run, db_path):
    result = run("backup")
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {db_path}: no corpus there to back up"
    assert not db_path.exists()


def test_backup_never_overwrites_the_corpus_or_a_file_that_is_not_sqlite(run, db_path, tmp_path):
    make_corpus(db_path)
    before = content(db_path)
    result = run("backup", "-o", str(db_path))
    assert result.exit_code == 1 and "is the corpus itself" in result.output
    assert content(db_path) == before
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes")
    result = run("backup", "-o", str(notes))
    assert result.exit_code == 1 and "not an SQLite database; left untouched" in result.output
    assert notes.read_text() == "my notes"


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda p: p.write_bytes(b"just some text, not a database"), id="not-sqlite"),
        pytest.param(lambda p: p.write_bytes(p.read_bytes()[:5000]), id="truncated"),
        pytest.param(lambda p: p.write_bytes(b""), id="empty"),
    ],
)
def test_a_damaged_backup_is_refused_in_one_line_and_changes_nothing(
    run, db_path, tmp_path, damage
):
    make_corpus(db_path)
    copy = tmp_path / "copy.sqlite3"
    assert run("backup", "-o", str(copy)).exit_code == 0
    damage(copy)
    corpus_before, copy_before = content(db_path), copy.read_bytes()
    result = run("restore", str(copy))
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and result.output.startswith(f"Error: {copy}")
    assert content(db_path) == corpus_before
    assert copy.read_bytes() == copy_before
    assert not list(tmp_path.glob("corpus.before-restore-*"))


def test_a_backup_from_a_newer_annotator_is_refused(run, db_path, tmp_path):
    make_corpus(db_path)
    copy = tmp_path / "future.sqlite3"
    make_corpus(copy)
    conn = sqlite3.connect(copy)
    conn.execute("PRAGMA user_version = 99")
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    before = content(db_path)
    result = run("restore", str(copy))
    assert result.exit_code == 1
    assert "newer Annotator" in result.output and "restored" in result.output
    assert content(db_path) == before


def test_restoring_a_missing_file_is_one_line(run, db_path, tmp_path):
    make_corpus(db_path)
    result = run("restore", str(tmp_path / "nope.sqlite3"))
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {tmp_path / 'nope.sqlite3'}: no such backup file"


def test_restore_reads_an_older_schema_without_changing_it(db_path, tmp_path):
    old = tmp_path / "old.sqlite3"
    old.write_bytes(SCHEMA1.read_bytes())
    before = digest(old)
    restore_from(old, db_path)
    assert digest(old) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.sqlite3", "old.sqlite3"]
    with Store.open(db_path) as store:
        assert store.schema_version() == len(schema.known_names())
        assert [a.title for a in store.articles()] == ["Schema one"]


def test_restore_over_a_damaged_corpus_keeps_the_damaged_file_aside(db_path, tmp_path):
    copy = tmp_path / "good.sqlite3"
    make_corpus(copy)
    with Store.open(copy) as store:
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db_path.write_bytes(b"garbage that was once a corpus")
    aside = restore_from(copy, db_path)
    assert aside is not None and aside.read_bytes() == b"garbage that was once a corpus"
    assert content(db_path) == content(copy)
    assert integrity(db_path) == "ok"


def test_restore_while_another_connection_has_the_corpus_open(db_path, tmp_path):
    """The window keeps its connection: it sees the restored corpus and its next edit is kept."""
    article_id = make_corpus(db_path)
    copy = tmp_path / "copy.sqlite3"
    with Store.open(db_path) as store:
        backup_to(store, copy)
    window = Store.open(db_path)
    try:
        window.add_span(article_id, 0, 3, "CLAIM")  # after the backup: undone by the restore
        restore_from(copy, db_path)
        assert [(s.label, s.text) for s in window.spans(article_id)] == [
            ("ACTOR", "harbour board"), ("NUMBER", "40"),
        ]  # fmt: skip
        window.add_span(article_id, 26, 33, "ACTOR")  # the window goes on working
    finally:
        window.close()
    assert integrity(db_path) == "ok"
    _, spans = content(db_path)
    assert [s[5] for s in spans] == ["harbour board", "40", "ferries"]


def test_restore_waits_for_a_writer_instead_of_failing(db_path, tmp_path):
    make_corpus(db_path)
    copy = tmp_path / "copy.sqlite3"
    with Store.open(db_path) as store:
        backup_to(store, copy)
    other = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE articles SET title = 'held'")
    release = threading.Timer(0.5, lambda: other.execute("COMMIT"))
    release.start()
    try:
        restore_from(copy, db_path)
    finally:
        release.join()
        other.close()
    assert content(db_path) == content(copy)


def test_backup_while_a_writer_holds_the_lock_is_consistent(db_path, tmp_path):
    make_corpus(db_path)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("DELETE FROM spans")  # not committed: must not be in the backup
    try:
        with Store.open(db_path) as store:
            backup_to(store, tmp_path / "copy.sqlite3")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert len(content(tmp_path / "copy.sqlite3")[1]) == 2


# -- before migrations --------------------------------------------------------------


@pytest.fixture
def extra_migrations(monkeypatch):
    """Register test-only migrations on a copy of the list, so the real one is unchanged."""
    monkeypatch.setattr(schema.migrations, "_migrations", list(schema.migrations._migrations))

    def add(name: str, body=None) -> None:
        def migration(db) -> None:
            if body is not None:
                body(db)
            else:
                db.execute(f"CREATE TABLE {name}_note (id INTEGER PRIMARY KEY)")

        schema.migrations(name=name)(migration)

    return add


def test_an_upgrade_keeps_a_copy_of_the_database_as_it_was(db_path, extra_migrations):
    make_corpus(db_path)
    before = content(db_path)
    extra_migrations("m901_test")
    with Store.open(db_path) as store:
        assert store.schema_version() == BASE + 1
    (copy,) = migration_backups(db_path)
    assert copy.name.startswith(f"corpus.sqlite3.schema{BASE}-")
    assert content(copy) == before and integrity(copy) == "ok"
    conn = sqlite3.connect(copy)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == BASE
    assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'm901_test_note'").fetchone()
    conn.close()


def test_migration_backups_rotate_keeping_the_newest(db_path, extra_migrations):
    make_corpus(db_path)
    for number in range(1, 6):
        extra_migrations(f"m9{number:02d}_test")
        Store.open(db_path).close()
    kept = migration_backups(db_path)
    assert len(kept) == KEEP_MIGRATION_BACKUPS
    versions = [sqlite3.connect(p).execute("PRAGMA user_version").fetchone()[0] for p in kept]
    assert versions == [BASE + 2, BASE + 3, BASE + 4]  # the newest, oldest first
    assert all(integrity(p) == "ok" for p in kept)


def test_a_failed_migration_leaves_the_database_as_it_was(db_path, extra_migrations):
    make_corpus(db_path)
    before = content(db_path)

    def broken(db) -> None:
        db.execute("CREATE TABLE half_done (id INTEGER)")
        raise RuntimeError("simulated failure half way")

    extra_migrations("m901_broken", broken)
    with pytest.raises(RuntimeError):
        Store.open(db_path)
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == BASE
    assert not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'half_done'").fetchone()
    conn.close()
    assert content(db_path) == before
    assert len(migration_backups(db_path)) == 1


def test_no_backup_when_nothing_to_migrate_or_a_new_database(db_path):
    make_corpus(db_path)
    Store.open(db_path).close()
    assert migration_backups(db_path) == []


def test_restore_refuses_the_corpus_itself(db_path):
    make_corpus(db_path)
    with pytest.raises(StoreError, match="the corpus itself"):
        restore_from(db_path, db_path)


def test_backup_and_restore_help_have_examples(run):
    for command in ("backup", "restore"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "Example" in result.output
