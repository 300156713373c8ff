"""The store on in-memory and file databases."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.core import schema
from annotator.core.errors import (
    DuplicateSpan,
    LabelError,
    NotFound,
    SchemaTooNew,
    SpanError,
    StoreError,
)
from annotator.core.store import NewSpan, Store, text_sha256

TEXT = "Mayor Ana Ruiz said 6,000 people left.\r\nThe dam 🌊 held."


def add(store: Store, text: str = TEXT, **kwargs) -> int:
    article_id, added = store.add_article(title="t", text=text, **kwargs)
    assert added
    return article_id


def test_default_labels_have_positions_hotkeys_colours_and_descriptions(store):
    labels = store.labels()
    assert [(label.name, label.position, label.hotkey) for label in labels] == [
        ("CLAIM", 1, "C"),
        ("NUMBER", 2, "N"),
        ("ACTOR", 3, "A"),
        ("QUOTE", 4, "Q"),
    ]
    assert len({label.colour for label in labels}) == 4
    assert all(label.description and "\n" not in label.description for label in labels)


def test_article_is_stored_verbatim_with_hash(store):
    article_id = add(store, meta={"outlet": "Courier"}, source="a.txt")
    article = store.article(article_id)
    assert article.text == TEXT
    assert article.sha256 == text_sha256(TEXT)
    assert article.meta == {"outlet": "Courier"}
    assert article.source == "a.txt"
    assert article.status == "todo"
    assert article.imported_at and article.updated_at


def test_same_text_is_not_added_twice(store):
    first = add(store)
    assert store.add_article(title="other title", text=TEXT) == (first, False)
    assert store.article_count() == 1


def test_span_text_is_the_slice_of_the_stored_text(store):
    article_id = add(store)
    start = TEXT.index("🌊")
    span = store.add_span(article_id, start, start + 1, "ACTOR")
    assert span.text == "🌊" == TEXT[span.start : span.end]
    stored = store.spans(article_id)[0]
    assert stored == span


@pytest.mark.parametrize(
    ("start", "end"),
    [(-1, 3), (3, 3), (5, 2), (0, len(TEXT) + 1), (len(TEXT), len(TEXT) + 1)],
)
def test_out_of_range_or_empty_spans_are_refused(store, start, end):
    article_id = add(store)
    with pytest.raises(SpanError, match="out of range or empty"):
        store.add_span(article_id, start, end, "CLAIM")
    assert store.spans(article_id) == []


def test_span_whose_text_disagrees_with_the_slice_is_refused(store):
    article_id = add(store)
    with pytest.raises(SpanError, match="says"):
        store.add_span(article_id, 0, 5, "ACTOR", text="Mayer")
    assert store.spans(article_id) == []


def test_non_integer_offsets_are_refused(store):
    article_id = add(store)
    for bad in (1.0, "1", True, None):
        with pytest.raises(SpanError, match="whole numbers"):
            store.add_span(article_id, bad, 5, "ACTOR")


def test_unknown_label_and_article_are_refused(store):
    article_id = add(store)
    with pytest.raises(NotFound):
        store.add_span(article_id, 0, 5, "PERSON")
    with pytest.raises(NotFound):
        store.add_span(999, 0, 5, "ACTOR")


def test_same_start_end_label_twice_is_refused_but_overlaps_are_kept(store):
    article_id = add(store)
    store.add_span(article_id, 0, 14, "ACTOR")
    with pytest.raises(DuplicateSpan):
        store.add_span(article_id, 0, 14, "ACTOR")
    store.add_span(article_id, 0, 14, "QUOTE")  # same words, another label
    store.add_span(article_id, 0, 38, "CLAIM")  # nests the ACTOR
    store.add_span(article_id, 6, 25, "NUMBER")  # crosses both
    assert len(store.spans(article_id)) == 4


def test_spans_come_in_text_order_outer_first(store):
    article_id = add(store)
    store.add_span(article_id, 20, 25, "NUMBER")
    store.add_span(article_id, 0, 38, "CLAIM")
    store.add_span(article_id, 0, 14, "ACTOR")
    assert [(s.start, s.end) for s in store.spans(article_id)] == [(0, 38), (0, 14), (20, 25)]


def test_relabel_delete_and_restore(store):
    article_id = add(store)
    span = store.add_span(article_id, 0, 14, "ACTOR", annotator="ana")
    relabelled = store.relabel_span(span.id, "QUOTE")
    assert relabelled.label == "QUOTE"
    deleted = store.delete_span(span.id)
    assert store.spans(article_id) == []
    restored = store.restore_span(deleted)
    assert restored == deleted
    assert store.spans(article_id) == [deleted]


def test_relabel_onto_an_existing_span_is_refused(store):
    article_id = add(store)
    store.add_span(article_id, 0, 14, "ACTOR")
    other = store.add_span(article_id, 0, 14, "QUOTE")
    with pytest.raises(DuplicateSpan):
        store.relabel_span(other.id, "ACTOR")
    assert store.span(other.id).label == "QUOTE"


def test_first_span_moves_article_to_in_progress(store):
    article_id = add(store)
    store.add_span(article_id, 0, 5, "ACTOR")
    assert store.article(article_id).status == "in-progress"
    store.set_status(article_id, "done")
    store.add_span(article_id, 6, 9, "ACTOR")
    assert store.article(article_id).status == "done"


def test_status_values_are_checked(store):
    article_id = add(store)
    with pytest.raises(StoreError, match="unknown status"):
        store.set_status(article_id, "finished")


def test_bad_texts_are_refused(store):
    for text, reason in (("", "empty"), (" \n\t", "whitespace"), ("a\x00b", "NUL"),
                         ("a\ud800b", "surrogate")):  # fmt: skip
        with pytest.raises(SpanError, match=reason):
            store.add_article(title="t", text=text)
    assert store.article_count() == 0


def test_add_article_with_a_bad_span_adds_nothing(store):
    with pytest.raises(SpanError):
        store.add_article(
            title="t", text=TEXT, spans=[NewSpan(0, 5, "ACTOR"), NewSpan(0, 999, "ACTOR")]
        )
    assert store.article_count() == 0


def test_add_article_creates_unknown_labels(store):
    article_id = add(store, spans=[NewSpan(0, 5, "TITLE"), NewSpan(6, 9, "PERSON")])
    names = [label.name for label in store.labels()]
    assert names[-2:] == ["TITLE", "PERSON"]
    assert store.label("PERSON").hotkey is None
    assert len({label.colour for label in store.labels()}) == 6
    assert {s.label for s in store.spans(article_id)} == {"TITLE", "PERSON"}


def test_label_edits(store):
    article_id = add(store)
    store.add_span(article_id, 0, 14, "QUOTE")
    store.rename_label("QUOTE", "QUOTATION")
    assert store.spans(article_id)[0].label == "QUOTATION"
    assert store.recolour_label("QUOTATION", "#0072b2").colour == "#0072B2"
    assert store.set_label_hotkey("QUOTATION", "u").hotkey == "U"
    assert store.set_label_hotkey("QUOTATION", None).hotkey is None
    added = store.add_label("SOURCE", hotkey="s", description="who is cited")
    assert (added.position, added.hotkey) == (5, "S")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: s.add_label("CLAIM"), "already exists"),
        (lambda s: s.add_label(" padded"), "printable"),
        (lambda s: s.add_label("tab\tbed"), "printable"),
        (lambda s: s.add_label("X", hotkey="C"), "already used by CLAIM"),
        (lambda s: s.add_label("X", hotkey="1"), "one letter"),
        (lambda s: s.add_label("X", colour="red"), "#RRGGBB"),
        (lambda s: s.rename_label("CLAIM", "QUOTE"), "already exists"),
        (lambda s: s.set_label_hotkey("ACTOR", "Q"), "already used by QUOTE"),
    ],
)
def test_bad_label_edits_are_refused(store, call, message):
    before = store.labels()
    with pytest.raises(LabelError, match=message):
        call(store)
    assert store.labels() == before


def test_articles_list_with_counts_and_filters(store):
    first = add(store)
    add(store, text="Second article about a ferry.")
    store.add_span(first, 0, 5, "ACTOR")
    rows = store.articles()
    assert [(r.id, r.span_count, r.status) for r in rows] == [
        (first, 1, "in-progress"),
        (first + 1, 0, "todo"),
    ]
    assert [r.id for r in store.articles(status="todo")] == [first + 1]
    store.add_article(title="100% sure_thing", text="x y")
    assert [r.title for r in store.articles(query="0% s")] == ["100% sure_thing"]
    assert store.articles(query="_t") == [store.articles()[-1]]
    assert store.articles(query="%") != []  # the literal percent sign matches


def test_iter_articles_streams_articles_with_their_spans(store):
    first = add(store)
    second = add(store, text="Another text entirely.")
    store.add_span(second, 0, 7, "CLAIM")
    store.add_span(first, 0, 5, "ACTOR")
    store.set_status(second, "done")
    items = [(a.id, [s.text for s in spans]) for a, spans in store.iter_articles()]
    assert items == [(first, ["Mayor"]), (second, ["Another"])]
    assert [a.id for a, _ in store.iter_articles(status="done")] == [second]


def test_stats(store):
    article_id = add(store)
    store.add_span(article_id, 0, 5, "ACTOR")
    store.add_span(article_id, 0, 14, "ACTOR")
    stats = store.stats()
    assert stats["articles_by_status"] == {"todo": 0, "in-progress": 1, "done": 0}
    assert stats["spans_by_label"] == {"CLAIM": 0, "NUMBER": 0, "ACTOR": 2, "QUOTE": 0}
    assert (stats["articles"], stats["spans"]) == (1, 2)


# -- file databases -------------------------------------------------------


def test_file_database_uses_wal_foreign_keys_and_a_busy_timeout(db_path):
    with Store.open(db_path) as store:
        pragma = store.conn.execute
        assert pragma("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert pragma("PRAGMA foreign_keys").fetchone()[0] == 1
        assert pragma("PRAGMA busy_timeout").fetchone()[0] >= 5000
        assert pragma("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_each_change_is_committed_before_the_call_returns(db_path):
    store = Store.open(db_path)
    article_id = add(store)
    span = store.add_span(article_id, 0, 5, "ACTOR")
    assert not store.conn.in_transaction
    # A second connection sees the change at once, without the first closing.
    other = sqlite3.connect(db_path)
    assert other.execute("SELECT text FROM spans WHERE id = ?", (span.id,)).fetchone() == ("Mayor",)
    other.close()
    store.close()


def test_failed_write_leaves_nothing_behind(db_path):
    store = Store.open(db_path)
    article_id = add(store)
    store.add_span(article_id, 0, 5, "ACTOR")
    with pytest.raises(DuplicateSpan):
        store.add_span(article_id, 0, 5, "ACTOR")
    assert not store.conn.in_transaction
    store.close()
    with Store.open(db_path) as again:
        assert len(again.spans(article_id)) == 1


def test_schema_version_and_recorded_migrations(db_path):
    with Store.open(db_path) as store:
        assert store.schema_version() == len(schema.known_names())
        applied = [m.name for m in schema.migrations.applied(store.db)]
        assert applied == schema.known_names()


def test_database_from_schema_1_opens_and_keeps_its_data(tmp_path, shared_datadir_v1):
    copy = tmp_path / "old.sqlite3"
    copy.write_bytes(shared_datadir_v1.read_bytes())
    with Store.open(copy) as store:
        assert store.schema_version() == len(schema.known_names())
        (article, spans), *_ = list(store.iter_articles())
        assert article.title == "Schema one"
        assert [(s.label, s.text) for s in spans] == [("ACTOR", "Ossick Water")]


@pytest.fixture
def shared_datadir_v1() -> Path:
    return Path(__file__).parent / "data" / "corpus-schema1.sqlite3"


def test_newer_schema_is_refused_and_left_untouched(db_path):
    with Store.open(db_path) as store:
        store.conn.execute("PRAGMA user_version = 99")
    before = db_path.read_bytes()
    with pytest.raises(SchemaTooNew, match="newer Annotator"):
        Store.open(db_path)
    assert db_path.read_bytes() == before


def test_unknown_migration_is_refused(db_path):
    with Store.open(db_path) as store:
        store.db["_sqlite_migrations"].insert(
            {"migration_set": "annotator", "name": "m999_future", "applied_at": "2030"}
        )
    with pytest.raises(SchemaTooNew):
        Store.open(db_path)


@pytest.mark.parametrize(
    "content",
    [b"this is not a database at all", b"\x89PNG\r\n\x1a\n" + bytes(200)],
)
def test_a_file_that_is_not_sqlite_is_refused_and_not_overwritten(tmp_path, content):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="not an SQLite database"):
        Store.open(path)
    assert path.read_bytes() == content


def test_a_truncated_database_is_refused_and_not_overwritten(db_path):
    with Store.open(db_path) as store:
        add(store)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = db_path.read_bytes()
    db_path.write_bytes(data[: len(data) // 3])
    damaged = db_path.read_bytes()
    with pytest.raises(StoreError):
        store = Store.open(db_path)
        store.article_count()
    assert db_path.read_bytes() == damaged


def test_folder_is_refused(tmp_path):
    with pytest.raises(StoreError, match="folder"):
        Store.open(tmp_path)


def test_titles_are_one_clean_line(store):
    article_id, _ = store.add_article(title="  Dam\x00 holds\r\n\tagain\u2028 ", text="x")
    assert store.article(article_id).title == "Dam holds again"
    other, _ = store.add_article(title=" \n ", text="y")
    assert store.article(other).title == "(untitled)"


def test_span_edits_do_not_rewrite_the_article_row(store):
    """The article row holds the whole text; tagging must not write it again."""
    article_id = add(store)
    store.add_span(article_id, 0, 5, "ACTOR")  # todo -> in-progress writes once
    store.conn.executescript(
        """
        CREATE TEMP TABLE article_writes (n INTEGER);
        CREATE TEMP TRIGGER count_article_writes AFTER UPDATE ON main.articles
        BEGIN INSERT INTO article_writes VALUES (1); END;
        """
    )
    span = store.add_span(article_id, 6, 9, "ACTOR")
    store.relabel_span(span.id, "QUOTE")
    store.restore_span(store.delete_span(span.id))
    assert store.conn.execute("SELECT count(*) FROM article_writes").fetchone()[0] == 0
    store.set_status(article_id, "done")  # the trigger does see real writes
    assert store.conn.execute("SELECT count(*) FROM article_writes").fetchone()[0] == 1


def test_span_ids_are_never_reused(store):
    article_id = add(store)
    first = store.add_span(article_id, 0, 5, "ACTOR")
    store.delete_span(first.id)
    second = store.add_span(article_id, 6, 9, "ACTOR")
    assert second.id > first.id
    assert store.restore_span(store.delete_span(second.id)).id == second.id  # undo keeps its id


def test_migration_from_schema_1_keeps_ids_and_relations_and_stops_id_reuse(
    tmp_path, shared_datadir_v1
):
    copy = tmp_path / "old.sqlite3"
    copy.write_bytes(shared_datadir_v1.read_bytes())
    raw = sqlite3.connect(copy)
    raw.execute("PRAGMA foreign_keys = ON")
    raw.execute(
        "INSERT INTO spans (id, article_id, start, end, label, text, created_at) "
        "VALUES (7, 1, 13, 17, 'CLAIM', 'said', 'then')"
    )
    raw.execute(
        "INSERT INTO relations (kind, head_span_id, tail_span_id, created_at) "
        "VALUES ('speaker', 7, 1, 'then')"
    )
    raw.commit()
    raw.close()
    with Store.open(copy) as store:
        assert [(s.id, s.text) for s in store.spans(1)] == [(1, "Ossick Water"), (7, "said")]
        assert store.conn.execute(
            "SELECT kind, head_span_id, tail_span_id FROM relations"
        ).fetchall() == [("speaker", 7, 1)]
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        store.delete_span(7)  # cascades to the relation
        assert store.conn.execute("SELECT count(*) FROM relations").fetchone()[0] == 0
        assert store.add_span(1, 18, 21, "CLAIM").id == 8  # 7 is not handed out again
    backups = list(tmp_path.glob("old.sqlite3.schema1-*.bak"))
    assert len(backups) == 1


def test_opening_an_up_to_date_corpus_does_not_load_sqlite_utils(db_path):
    """sqlite-utils pulls in NumPy and pandas when present: only migrations need it."""
    import subprocess
    import sys

    Store.open(db_path).close()
    code = (
        "import sys\n"
        "from annotator.core.store import Store\n"
        f"store = Store.open({str(db_path)!r})\n"
        "store.articles(); store.labels()\n"
        "sys.exit(1 if 'sqlite_utils' in sys.modules else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_span_counts_follow_every_change(store):
    def counts():
        listed = {a.id: a.span_count for a in store.articles()}
        real = dict(
            store.conn.execute("SELECT article_id, count(*) FROM spans GROUP BY article_id")
        )
        assert listed == {a: real.get(a, 0) for a in listed}
        return listed

    first = add(store, spans=[NewSpan(0, 5, "ACTOR"), NewSpan(0, 5, "QUOTE")])
    second = add(store, text="Another article entirely.")
    assert counts() == {first: 2, second: 0}
    span = store.add_span(second, 0, 7, "CLAIM")
    store.relabel_span(span.id, "QUOTE")
    assert counts() == {first: 2, second: 1}
    deleted = store.delete_span(span.id)
    assert counts() == {first: 2, second: 0}
    store.restore_span(deleted)
    assert counts() == {first: 2, second: 1}
    store.conn.execute("DELETE FROM articles WHERE id = ?", (first,))  # cascades
    assert counts() == {second: 1}


def test_migration_4_moves_texts_apart_exactly(tmp_path, shared_datadir_v1):
    """Texts leave the articles row (so a status change does not rewrite them), unchanged."""
    copy = tmp_path / "old.sqlite3"
    copy.write_bytes(shared_datadir_v1.read_bytes())
    raw = sqlite3.connect(copy)
    raw.execute(  # a second article, in schema 1's own columns, with text to lose
        "INSERT INTO articles (title, text, sha256, meta, status, imported_at, updated_at) "
        "VALUES ('Two', ?, 'x', '{}', 'done', 'then', 'then')",
        ("Cafe\u0301 \U0001f469\u200d\U0001f52c\r\n6\u00a0000 \u05e9\u05dc\u05d5\u05dd\r\n",),
    )
    raw.commit()
    before = raw.execute("SELECT id, text FROM articles ORDER BY id").fetchall()
    raw.close()
    assert len(before) == 2
    with Store.open(copy) as store:
        columns = [row[1] for row in store.conn.execute("PRAGMA table_info(articles)")]
        assert "text" not in columns
        assert [(i, store.article_text(i)) for i, _ in before] == before
        assert [(a.id, a.text) for a, _ in store.iter_articles()] == before
        assert store.conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_status_change_does_not_rewrite_a_long_text(tmp_path):
    """The first tag of an article changes its status: the text's pages stay as they were."""
    path = tmp_path / "long.sqlite3"
    with Store.open(path) as store:
        article_id, _ = store.add_article(title="Long", text="word " * 200_000)  # 1 MB
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        wal = Path(str(path) + "-wal")
        store.set_status(article_id, "in-progress")
        # Only the few pages of the articles row and its indexes, not 250 pages of text.
        assert wal.stat().st_size < 64 * 4096
        assert store.article_text(article_id) == "word " * 200_000


def test_labels_are_read_once_per_transaction_and_a_rolled_back_label_comes_back(store):
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    with store.transaction():  # as an import batch
        for n in range(5):
            store.add_article(
                title=f"A{n}", text=f"Text number {n}.", spans=[NewSpan(0, 4, "CLAIM")]
            )
    store.conn.set_trace_callback(None)
    assert sum("SELECT name FROM labels" in s for s in statements) == 1
    # A label created inside a savepoint that is rolled back is gone: the next article
    # that needs it creates it again instead of trusting what was read before.
    with store.transaction():
        with pytest.raises(RuntimeError), store.transaction():
            store.ensure_labels(["FRESH"])
            raise RuntimeError("one article failed")
        store.add_article(title="B", text="Fresh text.", spans=[NewSpan(0, 5, "FRESH")])
    assert "FRESH" in [label.name for label in store.labels()]
    assert [s.label for s in store.spans(store.article_id_for_sha(text_sha256("Fresh text.")))] == [
        "FRESH"
    ]


def test_migration_4_on_a_sqlite_that_cannot_drop_columns(tmp_path, shared_datadir_v1, monkeypatch):
    """Before SQLite 3.35 the articles' text column stays, emptied; everything else is the same."""
    monkeypatch.setattr(schema, "can_drop_columns", lambda: False)
    copy = tmp_path / "old.sqlite3"
    copy.write_bytes(shared_datadir_v1.read_bytes())
    with Store.open(copy) as store:
        kept = store.conn.execute("SELECT DISTINCT text FROM articles").fetchall()
        assert kept == [("",)]
        first = store.article_text(1)
        assert first.startswith("Ossick Water")
        new_id, _ = store.add_article(title="New", text="A new text 🌊.\r\n", spans=[
            NewSpan(0, 5, "CLAIM")])  # fmt: skip
        assert store.article_text(new_id) == "A new text 🌊.\r\n"
        assert [(a.id, len(spans)) for a, spans in store.iter_articles()] == [(1, 1), (new_id, 1)]


def test_an_article_without_its_text_is_one_clear_error_never_a_shift(store):
    ids = [add(store, text=f"Text number {n}.", spans=[NewSpan(0, 4, "CLAIM")]) for n in range(4)]
    store.conn.execute("PRAGMA foreign_keys = OFF")  # another program, careless
    store.conn.execute("DELETE FROM article_texts WHERE article_id = ?", (ids[1],))
    store.conn.execute("PRAGMA foreign_keys = ON")
    store.forget_texts()
    with pytest.raises(StoreError, match=f"article {ids[1]} has no text"):
        list(store.iter_articles())
    with pytest.raises(StoreError, match="restore a backup"):
        store.article_text(ids[1])
    with pytest.raises(StoreError):
        store.article(ids[1])
    assert store.article_text(ids[2]) == "Text number 2."


def test_a_text_left_behind_by_another_program_does_not_block_imports(store):
    first = add(store, text="The first text.")
    last = add(store, text="The last text.")
    store.conn.execute("PRAGMA foreign_keys = OFF")  # the sqlite3 shell's default
    store.conn.execute("DELETE FROM articles WHERE id = ?", (last,))
    store.conn.execute("PRAGMA foreign_keys = ON")
    again = add(store, text="A newer text.")
    assert again == last  # SQLite hands out the freed id again
    assert store.article_text(again) == "A newer text."
    assert store.article_text(first) == "The first text."


def test_the_label_cache_lives_only_inside_one_write(db_path):
    store = Store.open(db_path)
    with store.transaction():
        add(store, text="One.", spans=[NewSpan(0, 3, "CLAIM")])
    other = Store.open(db_path)
    other.rename_label("CLAIM", "ASSERTION")
    other.close()
    # A read snapshot (an export's) is open while the store writes: the old name is
    # not trusted from the last write; the label is created again.
    snapshot = store.iter_articles()
    next(snapshot)
    add(store, text="Two.", spans=[NewSpan(0, 3, "CLAIM")])
    snapshot.close()
    assert {"CLAIM", "ASSERTION"} <= {label.name for label in store.labels()}
    store.close()


@pytest.mark.parametrize(
    ("failure", "said"),
    [
        ("database or disk is full", "no room on the disk"),
        ("database is locked", "busy in another program"),
        ("malformed database schema", "not a usable Annotator database"),
    ],
)
def test_an_upgrade_that_cannot_run_says_why(db_path, monkeypatch, failure, said):
    Store.open(db_path).close()

    def refuse(conn, **_):
        raise sqlite3.OperationalError(failure)

    monkeypatch.setattr(schema, "migrate", refuse)
    with pytest.raises(StoreError, match=said):
        Store.open(db_path)


def test_move_label_renumbers_positions_and_clamps(store):
    order = store.move_label("QUOTE", 1)
    assert [(label.name, label.position) for label in order] == [
        ("QUOTE", 1), ("CLAIM", 2), ("NUMBER", 3), ("ACTOR", 4),
    ]  # fmt: skip
    assert [label.name for label in store.move_label("QUOTE", 99)] == [
        "CLAIM", "NUMBER", "ACTOR", "QUOTE",
    ]  # fmt: skip
    assert store.move_label("ACTOR", 0)[0].name == "ACTOR"
    with pytest.raises(NotFound):
        store.move_label("NOPE", 1)
    with pytest.raises(LabelError, match="whole number"):
        store.move_label("CLAIM", "2")  # type: ignore[arg-type]


def test_edit_article_sets_title_and_meta_and_keeps_the_text(store):
    article_id, _ = store.add_article(
        title="Old", text="The ferry to Varnholm sailed late.", meta={"lang": "en"}
    )
    span = store.add_span(article_id, 4, 9, "ACTOR")
    edited = store.edit_article(
        article_id, title="Ferry\tdelayed\n again", meta={"outlet": "The Coast Post", "n": 3}
    )
    assert edited.title == "Ferry delayed again"
    assert store.article(article_id).meta == {"outlet": "The Coast Post", "n": 3}
    assert store.article(article_id).text == "The ferry to Varnholm sailed late."
    assert store.span(span.id).text == "ferry"
    assert store.edit_article(article_id, meta={}).title == "Ferry delayed again"
    assert store.article(article_id).meta == {}


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        ({"readers": float("nan")}, "NaN or Infinity"),
        ({"tags": {"a"}}, "not JSON"),
        (["outlet"], "an object"),
    ],
)
def test_edit_article_refuses_meta_that_is_not_json_and_changes_nothing(store, meta, message):
    article_id, _ = store.add_article(title="Kept", text="A quiet day in Orlen.")
    with pytest.raises(SpanError, match=message):
        store.edit_article(article_id, title="Lost", meta=meta)
    assert store.article(article_id).title == "Kept"
    with pytest.raises(NotFound):
        store.edit_article(article_id + 1, title="Nobody")
