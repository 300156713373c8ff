"""Relation types and span attributes as data: defaults, add, rename, refusals, undo."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.attributes import DEFAULT_ATTRIBUTES, check_attributes, prefill_number
from annotator.core.errors import BadAttribute, LabelError, NotFound, RelationError
from annotator.core.history import History
from annotator.core.store import Store

TEXT = "Harbour warden Oda Penn said “about 6,000 crates” sank near Tollmere."


@pytest.fixture
def article(store: Store):
    article_id, _ = store.add_article(title="Crates", text=TEXT)
    actor = store.add_span(article_id, 15, 23, "ACTOR")
    quote = store.add_span(article_id, 29, 50, "QUOTE")
    number = store.add_span(article_id, 36, 41, "NUMBER")
    return article_id, actor, quote, number


def test_a_new_corpus_has_the_default_relation_types(store):
    got = [(t.name, t.heads, t.children, t.key) for t in store.relation_types()]
    assert got == [
        ("speaker", ("QUOTE",), ("ACTOR",), "1"),
        ("source", ("CLAIM",), ("ACTOR",), "2"),
        ("quantity", ("CLAIM",), ("NUMBER",), "3"),
    ]
    assert store.relation_type("speaker").fits("QUOTE", "ACTOR")
    assert not store.relation_type("speaker").fits("ACTOR", "QUOTE")


def test_types_are_added_renamed_and_refused_twice(store, article):
    _, actor, quote, _ = article
    added = store.add_relation_type("cause", heads=["CLAIM"], children=["CLAIM"], key="4")
    assert (added.heads, added.children, added.key) == (("CLAIM",), ("CLAIM",), "4")
    with pytest.raises(RelationError, match="already exists"):
        store.add_relation_type("cause")
    with pytest.raises(RelationError, match="key 4 is already used by the relation type cause"):
        store.add_relation_type("effect", key="4")
    with pytest.raises(RelationError, match="one digit"):
        store.add_relation_type("effect", key="x")
    with pytest.raises(NotFound, match="PERSON"):
        store.add_relation_type("effect", heads=["PERSON"])
    made = store.add_relation("speaker", quote.id, actor.id)
    renamed = store.rename_relation_type("speaker", "said-by")
    assert renamed.heads == ("QUOTE",) and renamed.key == "1"
    assert store.relation(made.id).kind == "said-by"
    with pytest.raises(RelationError, match="already exists"):
        store.rename_relation_type("said-by", "source")


def test_a_label_rename_is_followed_by_the_types_and_the_attributes(store):
    store.rename_label("QUOTE", "QUOTATION")
    assert store.relation_type("speaker").heads == ("QUOTATION",)
    assert [f.name for f in store.attribute_fields("QUOTATION")] == ["form"]


def test_ensure_relation_types_creates_only_unknown_ones_allowing_any_label(store):
    store.ensure_relation_types(["speaker", "agrees-with", "agrees-with"])
    names = [t.name for t in store.relation_types()]
    assert names == ["speaker", "source", "quantity", "agrees-with"]
    created = store.relation_type("agrees-with")
    assert created.heads == () and created.key is None and created.fits("ACTOR", "NUMBER")


def test_the_same_head_child_and_type_twice_is_refused(store, article):
    _, actor, quote, _ = article
    store.add_relation("speaker", quote.id, actor.id)
    with pytest.raises(RelationError, match="already exists"):
        store.add_relation("speaker", quote.id, actor.id)
    assert store.add_relation("source", quote.id, actor.id).kind == "source"
    assert [r.kind for r in store.span_relations(actor.id)] == ["speaker", "source"]


def test_r_is_never_a_label_hotkey(store):
    with pytest.raises(LabelError, match="R starts a relation"):
        store.add_label("REPORTER", hotkey="r")
    with pytest.raises(LabelError, match="R starts a relation"):
        store.set_label_hotkey("ACTOR", "R")
    assert store.label("ACTOR").hotkey == "A"


def test_the_migration_takes_r_from_a_label_and_types_the_kinds_in_use(tmp_path: Path):
    from annotator.core.store import schema

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    from sqlite_utils import Database, Migrations

    old = Migrations(schema.MIGRATION_SET)
    for func in schema._STEPS[:4]:
        old(name=func.__name__)(func)
    old.apply(Database(conn))
    conn.execute("PRAGMA user_version = 4")
    conn.execute("UPDATE labels SET hotkey = 'R' WHERE name = 'ACTOR'")
    conn.execute(
        "INSERT INTO articles (id, title, sha256, imported_at, updated_at) "
        "VALUES (1, 't', 'x', 'now', 'now')"
    )
    conn.execute("INSERT INTO article_texts VALUES (1, 'Mira Sol spoke.')")
    conn.execute("INSERT INTO spans (id, article_id, start, end, label, text, created_at) "
                 "VALUES (1, 1, 0, 8, 'ACTOR', 'Mira Sol', 'now'), "
                 "(2, 1, 9, 14, 'CLAIM', 'spoke', 'now')")  # fmt: skip
    conn.execute("INSERT INTO relations (kind, head_span_id, tail_span_id, created_at) "
                 "VALUES ('mentions', 2, 1, 'now')")  # fmt: skip
    conn.close()
    with Store.open(path) as store:
        assert store.label("ACTOR").hotkey is None
        assert store.relation_type("mentions").heads == ()
        assert [r.kind for r in store.relations(1)] == ["mentions"]
        indexes = {row[1] for row in store.conn.execute("PRAGMA index_list(relations)")}
        assert "relations_head" in indexes


def test_every_label_has_its_default_attributes(store):
    assert tuple(store.attribute_fields()) == tuple(
        sorted(DEFAULT_ATTRIBUTES, key=lambda f: (f.label, f.position))
    )


@pytest.mark.parametrize(
    ("values", "error"),
    [
        ({"value": "many"}, "NUMBER value is a number"),
        ({"value": True}, "NUMBER value is a number"),
        ({"low": float("nan")}, "finite"),
        ({"qualifier": "roughly"}, "NUMBER qualifier is one of exact, approximately"),
        ({"unit": "two\nlines"}, "one line"),
        ({"unit": "  "}, "line of text"),
        ({"colour": "red"}, "NUMBER has no attribute 'colour'"),
    ],
)
def test_an_attribute_its_schema_does_not_allow_is_refused(store, article, values, error):
    *_, number = article
    with pytest.raises(BadAttribute, match=error):
        store.set_span_attributes(number.id, values)
    assert store.span(number.id).attributes == {}


def test_setting_attributes_is_one_undoable_step_keeping_other_tools_keys(store, article):
    *_, number = article
    store.conn.execute(
        "UPDATE spans SET attributes = '{\"wikidata\": \"Q1\"}' WHERE id = ?", (number.id,)
    )
    history = History(store, annotator="ana")
    history.set_attributes(number.id, {"value": 6000.0, "qualifier": "approximately"})
    assert store.span(number.id).attributes == {
        "wikidata": "Q1", "value": 6000, "qualifier": "approximately"
    }  # fmt: skip
    history.set_attributes(number.id, {"qualifier": None, "unit": "crates"})
    assert store.span(number.id).attributes == {"wikidata": "Q1", "value": 6000, "unit": "crates"}
    history.undo()
    assert store.span(number.id).attributes["qualifier"] == "approximately"
    history.undo()
    assert store.span(number.id).attributes == {"wikidata": "Q1"}
    history.redo()
    assert store.span(number.id).attributes["value"] == 6000


def test_quote_form_and_actor_entity_are_checked_too(store, article):
    _, actor, quote, _ = article
    assert store.set_span_attributes(quote.id, {"form": "direct"}).attributes == {"form": "direct"}
    with pytest.raises(BadAttribute):
        store.set_span_attributes(quote.id, {"form": "reported"})
    assert store.set_span_attributes(actor.id, {"entity": "Oda Penn"}).attributes == {
        "entity": "Oda Penn"
    }


def test_link_and_unlink_are_undone_and_redone(store, article):
    article_id, actor, quote, _ = article
    history = History(store, annotator="ana")
    made = history.link(quote.id, actor.id, "speaker").added_records.relations[0]
    assert made.annotator == "ana" and store.relations(article_id) == [made]
    history.undo()
    assert store.relations(article_id) == []
    history.redo()
    assert store.relations(article_id) == [made]
    history.unlink(made.id)
    assert store.relations(article_id) == []
    history.undo()
    assert store.relations(article_id) == [made]


def test_check_attributes_leaves_none_as_remove():
    fields = [f for f in DEFAULT_ATTRIBUTES if f.label == "NUMBER"]
    assert check_attributes(fields, {"value": None, "high": 2.5}) == {"value": None, "high": 2.5}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6,000", {"value": 6000, "qualifier": "exact"}),
        (
            "at least 1,200 additional prisoners",
            {"value": 1200, "low": 1200, "unit": "additional prisoners", "qualifier": "at least"},
        ),
        (
            "between 18 and 25 people",
            {"low": 18, "high": 25, "unit": "people", "qualifier": "range"},
        ),
        ("a statement", {}),
    ],
)
def test_prefill_number_reads_the_number_grammar(text, expected):
    assert prefill_number(text) == expected


# -- the command line ----------------------------------------------------------------


@pytest.fixture
def run(db_path):
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, ["--db", str(db_path), *args], catch_exceptions=False)

    return invoke


def test_relations_command_lists_adds_and_renames(run, db_path):
    listed = run("relations")
    assert listed.exit_code == 0
    assert "speaker" in listed.output and "QUOTE -> ACTOR" in listed.output
    added = run("relations", "add", "cause", "--head", "CLAIM", "--child", "CLAIM", "--key", "4")
    assert added.exit_code == 0, added.output
    assert "Added cause: CLAIM -> CLAIM (key 4)." in added.output
    assert run("relations", "rename", "source", "attributed-to").exit_code == 0
    with Store.open(db_path) as store:
        assert [t.name for t in store.relation_types()] == [
            "speaker", "attributed-to", "quantity", "cause"
        ]  # fmt: skip
    assert "attributed-to" in run("relations", "list").output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["relations", "add", "speaker"], "Error: a relation type named 'speaker' already exists"),
        (["relations", "add", "x", "--head", "PERSON"], "Error: no label named 'PERSON'"),
        (["relations", "rename", "nope", "x"], "Error: no relation type named 'nope'"),
        (["labels", "hotkey", "ACTOR", "R"], "Error: hotkey R is taken: R starts a relation"),
        (["labels", "add", "REPORTER", "--hotkey", "r"], "Error: hotkey R is taken"),
    ],
)
def test_relations_command_refusals_are_one_line(run, args, message):
    result = run(*args)
    assert result.exit_code == 1
    assert result.output.startswith(message)
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


def test_relations_help_has_examples(run):
    for command in (["relations"], ["relations", "add"], ["relations", "rename"],
                    ["relations", "list"]):  # fmt: skip
        result = run(*command, "--help")
        assert result.exit_code == 0 and "Example" in result.output, command


def test_an_imported_files_unknown_relation_type_is_created(tmp_path):
    from annotator.core.importing import import_paths

    source = tmp_path / "blame.jsonl"
    record = {
        "text": "Mayor Ilse Varn blamed the council.",
        "spans": [{"id": 7, "start": 0, "end": 15, "label": "ACTOR"},
                  {"id": 8, "start": 23, "end": 34, "label": "ACTOR"}],
        "relations": [{"head": 7, "child": 8, "type": "blames"}],
    }  # fmt: skip
    source.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with Store.open(tmp_path / "c.sqlite3") as store:
        assert not import_paths(store, [source]).refused
        assert "blames" in [t.name for t in store.relation_types()]
        assert [r.kind for r in store.relations(1)] == ["blames"]
