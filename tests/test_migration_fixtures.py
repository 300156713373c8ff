"""A corpus from every schema version so far, upgraded: nothing lost, shifted or changed.

``tests/data/migration-schemaN.sqlite3`` is a corpus written at schema N by
``tests/data/make_fixtures.py`` (run by hand; it documents the content), and
``migration-schemaN.json`` beside it says what the corpus holds, from the values
the script inserted.  Each test works on a copy in tmp_path, opened with the
real ``Store.open`` (which migrates), and checks every text, span, relation,
label, status, meta and span count against the JSON.

The fixtures are found by name, so a new schema's file is picked up by dropping
it in, and a test fails while the newest migration has no fixture.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from annotator.core import schema
from annotator.core.backup import migration_backups
from annotator.core.store import Article, ArticleSummary, Label, NewSpan, Span, Store, text_sha256

DATA = Path(__file__).parent / "data"
_NAME = re.compile(r"migration-schema(\d+)\.sqlite3")
KNOWN = len(schema.known_names())  # read before any test registers test-only migrations


def version_of(path: Path) -> int:
    match = _NAME.fullmatch(path.name)
    assert match, path
    return int(match[1])


FIXTURES = sorted(DATA.glob("migration-schema*.sqlite3"), key=version_of)


def expected_of(fixture: Path) -> dict[str, Any]:
    return json.loads(fixture.with_suffix(".json").read_text(encoding="ascii"))


def copy_of(fixture: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / fixture.name
    shutil.copyfile(fixture, target)
    return target


def read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write to the file or beside it (the committed fixtures)."""
    return sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)


def dump(path: Path) -> tuple[int, list[str]]:
    """Every row and every schema object, and the version: what a corpus file is."""
    conn = read_only(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0], list(conn.iterdump())
    finally:
        conn.close()


fixtures = pytest.mark.parametrize("fixture", FIXTURES, ids=[p.stem for p in FIXTURES])


def check_holds_exactly(store: Store, expected: dict[str, Any]) -> None:
    """The opened corpus holds what the generator wrote, and nothing else."""
    articles = expected["articles"]
    spans = expected["spans"]

    # The corpus list, as the window shows it: titles, statuses and span counts.
    assert store.articles() == [
        ArticleSummary(a["id"], a["title"], a["status"], a["span_count"]) for a in articles
    ]
    assert [a["span_count"] for a in articles] == [
        sum(s["article_id"] == a["id"] for s in spans) for a in articles
    ]
    by_status = {status: 0 for status in ("todo", "in-progress", "done")}
    for a in articles:
        by_status[a["status"]] += 1
    assert store.stats()["articles_by_status"] == by_status

    # Every article, text and all.
    for a in articles:
        article = store.article(a["id"])
        assert article == Article(
            a["id"], a["title"], a["text"], a["sha256"], a["source"], a["meta"], a["status"],
            a["imported_at"], a["updated_at"],
        )  # fmt: skip
        assert text_sha256(article.text) == article.sha256
        assert store.summary(a["id"]) == ArticleSummary(
            a["id"], a["title"], a["status"], a["span_count"]
        )
    # Byte for byte as stored, not only as Python decodes it (the current schema keeps
    # the texts in article_texts; the old column, if an old SQLite kept it, is empty).
    stored = dict(store.conn.execute("SELECT article_id, CAST(text AS BLOB) FROM article_texts"))
    assert stored == {a["id"]: a["text"].encode("utf-8") for a in articles}
    columns = [row[1] for row in store.conn.execute("PRAGMA table_info(articles)")]
    if "text" in columns:
        assert store.conn.execute("SELECT DISTINCT text FROM articles").fetchall() == [("",)]

    # Every span, in the store's order, and each one's text where its offsets say.
    def order(span: Span) -> tuple[int, int, str, int]:
        return span.start, -span.end, span.label, span.id

    wanted = {a["id"]: [] for a in articles}
    for s in spans:
        wanted[s["article_id"]].append(Span(**s))
    for a in articles:
        got = store.spans(a["id"])
        assert got == sorted(wanted[a["id"]], key=order)
        for span in got:
            assert a["text"][span.start : span.end] == span.text
    for s in spans:
        assert store.span(s["id"]) == Span(**s)
    streamed = [(article.id, article.text, found) for article, found in store.iter_articles()]
    assert streamed == [(a["id"], a["text"], sorted(wanted[a["id"]], key=order)) for a in articles]

    relations = [
        {"id": row[0], "kind": row[1], "head_span_id": row[2], "tail_span_id": row[3],
         "annotator": row[4], "created_at": row[5], "attributes": json.loads(row[6])}
        for row in store.conn.execute(
            "SELECT id, kind, head_span_id, tail_span_id, annotator, created_at, attributes "
            "FROM relations ORDER BY id"
        )
    ]  # fmt: skip
    assert relations == expected["relations"]

    assert store.labels() == [
        Label(lab["name"], lab["hotkey"], lab["colour"], lab["position"], lab["description"])
        for lab in expected["labels"]
    ]

    check_cross_article(store, expected)

    assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert store.conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]


def check_cross_article(store: Store, expected: dict[str, Any]) -> None:
    """Stories, entities, links, suggestions and analysts (schema 6 on): exactly as written;
    a corpus from before holds none after its upgrade."""
    stories = {int(k): v for k, v in expected.get("stories", {}).items()}
    assert store.article_stories() == stories
    assert [
        {"id": e.id, "key": e.key, "name": e.name, "kind": e.kind, "aliases": list(e.aliases),
         "created_at": e.created_at}
        for e in sorted(store.entities(), key=lambda e: e.id)
    ] == expected.get("entities", [])  # fmt: skip
    assert [
        {"id": x.id, "span_id": x.span_id, "to_span_id": x.to_span_id, "type": x.type,
         "annotator": x.annotator, "created_at": x.created_at}
        for x in store.iter_links()
    ] == expected.get("links", [])  # fmt: skip
    suggestions = [
        {"id": x.id, "article_id": x.article_id, "start": x.start, "end": x.end,
         "label": x.label, "text": x.text, "source": x.source, "score": x.score,
         "state": x.state, "created_at": x.created_at}
        for x in store.iter_suggestions(state=None)
    ]  # fmt: skip
    assert sorted(suggestions, key=lambda x: x["id"]) == expected.get("suggestions", [])
    statuses = store.analyst_statuses()
    assert statuses == {
        (row["article_id"], row["annotator"]): row["status"]
        for row in expected.get("analyst_status", [])
    }
    assert store.work_log() == expected.get("work_log", [])


def test_there_is_a_fixture_for_every_schema_version():
    versions = [version_of(path) for path in FIXTURES]
    assert versions and max(versions) >= KNOWN, (
        f"the app has {KNOWN} migrations but the newest fixture is schema "
        f"{max(versions, default=0)}: run tests/data/make_fixtures.py and commit its files"
    )
    assert versions == list(range(1, KNOWN + 1))


def test_every_fixture_has_its_expected_content_beside_it():
    fixture_stems = {path.stem for path in FIXTURES}
    json_stems = {path.stem for path in DATA.glob("migration-schema*.json")}
    assert fixture_stems == json_stems


@fixtures
def test_the_fixture_is_the_schema_version_it_says(fixture):
    expected = expected_of(fixture)
    conn = read_only(fixture)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == version_of(fixture)
        assert schema.applied_names(conn) == expected["migrations"]
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        conn.close()
    assert expected["schema_version"] == version_of(fixture)
    assert expected["migrations"] == schema.known_names()[: version_of(fixture)]
    assert fixture.stat().st_size < 100_000


@fixtures
def test_an_upgraded_fixture_holds_every_text_and_span_exactly(fixture, tmp_path):
    expected = expected_of(fixture)
    with Store.open(copy_of(fixture, tmp_path)) as store:
        assert store.schema_version() == KNOWN
        assert schema.applied_names(store.conn) == schema.known_names()
        check_holds_exactly(store, expected)
        # An id handed out before the upgrade is never handed out again (migration 2).
        new = store.add_span(expected["articles"][0]["id"], 0, 1, "CLAIM", annotator="check")
        assert new.id > expected["highest_span_id_issued"]
        assert store.summary(new.article_id).span_count == expected["articles"][0]["span_count"] + 1


@fixtures
def test_opening_an_upgraded_fixture_again_changes_nothing(fixture, tmp_path):
    path = copy_of(fixture, tmp_path)
    Store.open(path).close()
    before = dump(path)
    backups = migration_backups(path)
    with Store.open(path) as store:
        assert store.conn.total_changes == 0
        schema.migrate(store.conn, where=path)  # and once more on the open corpus
        assert store.conn.total_changes == 0
        check_holds_exactly(store, expected_of(fixture))
    assert dump(path) == before
    assert migration_backups(path) == backups


@fixtures
def test_an_upgrade_keeps_the_old_version_beside_it(fixture, tmp_path):
    version = version_of(fixture)
    path = copy_of(fixture, tmp_path)
    Store.open(path).close()
    backups = migration_backups(path)
    if version == KNOWN:
        assert backups == []  # nothing to upgrade, nothing copied
        return
    (backup,) = backups
    assert backup.parent == path.parent
    assert backup.name.startswith(f"{path.name}.schema{version}-")
    conn = read_only(backup)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert schema.applied_names(conn) == schema.known_names()[:version]
    finally:
        conn.close()
    assert dump(backup) == dump(fixture)  # the old version, every row and table as it was
    # And a usable corpus of that version: restoring it upgrades it to the same content.
    with Store.open(copy_of(backup, tmp_path / "restored")) as store:
        check_holds_exactly(store, expected_of(fixture))


@fixtures
def test_an_upgrade_on_a_sqlite_that_cannot_drop_columns_loses_nothing(
    fixture, tmp_path, monkeypatch
):
    """Before SQLite 3.35 migration 4 empties the old text column instead of dropping it."""
    monkeypatch.setattr(schema, "can_drop_columns", lambda: False)
    expected = expected_of(fixture)
    with Store.open(copy_of(fixture, tmp_path)) as store:
        check_holds_exactly(store, expected)
        article_id, added = store.add_article(
            title="After the upgrade", text="A later text, \U0001f30a.\r\n",
            spans=[NewSpan(0, 7, "CLAIM")],
        )  # fmt: skip
        assert added
        assert store.article_text(article_id) == "A later text, \U0001f30a.\r\n"
        assert [s.text for s in store.spans(article_id)] == ["A later"]
