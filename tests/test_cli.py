"""The command line, through click's CliRunner, checking the database afterwards."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator import __version__
from annotator.cli import cli
from annotator.core import paths
from annotator.core.store import Store

# The sample's six .txt articles and the four of 07-lorvik-talks.jsonl (the second story):
# one file no longer means one article.
SAMPLE_ARTICLES = 10


@pytest.fixture
def run(db_path):
    runner = CliRunner()

    def invoke(*args: str, db: Path | None = db_path, env: dict | None = None):
        argv = (["--db", str(db)] if db is not None else []) + list(args)
        return runner.invoke(cli, argv, env=env, catch_exceptions=False)

    return invoke


def articles(db_path: Path):
    with Store.open(db_path) as store:
        return [(a.title, a.text, [(s.label, s.text) for s in spans])
                for a, spans in store.iter_articles()]  # fmt: skip


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


def test_every_command_help_has_an_example(run):
    for command in (["import"], ["export"], ["stats"], ["labels"], ["labels", "add"],
                    ["labels", "rename"], ["labels", "recolour"], ["labels", "hotkey"],
                    ["labels", "list"], []):  # fmt: skip
        result = run(*command, "--help")
        assert result.exit_code == 0, command
        assert "Example" in result.output, command


def test_import_then_stats_and_database(run, db_path, tmp_path):
    (tmp_path / "a.txt").write_text("Dam holds\n\nBody.\n", encoding="utf-8")
    (tmp_path / "t.jsonl").write_text(
        json.dumps({"text": "Gazette says 3,000", "label": [[13, 18, "NUMBER"]]}) + "\n"
    )
    result = run("import", str(tmp_path / "a.txt"), str(tmp_path / "t.jsonl"))
    assert result.exit_code == 0, result.output
    assert "Imported 2 articles (1 span) from 2 files." in result.output
    assert articles(db_path) == [
        ("Dam holds", "Dam holds\n\nBody.\n", []),
        ("Gazette says 3,000", "Gazette says 3,000", [("NUMBER", "3,000")]),
    ]
    stats = json.loads(run("stats", "--json").output)
    # imported spans (e.g. a model's pre-annotations) do not mark the article as started
    assert stats["articles_by_status"]["todo"] == 2
    assert stats["spans_by_label"]["NUMBER"] == 1
    table = run("stats").output
    assert "in-progress" in table and "NUMBER" in table
    assert not result.output.startswith("Error")


def test_refused_file_gives_one_line_and_exit_status_1_but_others_import(run, db_path, tmp_path):
    (tmp_path / "good.txt").write_text("Good one\n")
    (tmp_path / "bad.jsonl").write_text(
        '{"text": "x", "spans": [{"start": 0, "end": 5, "label": "A"}]}\n'
    )
    result = run("import", str(tmp_path))
    assert result.exit_code == 1
    assert f"{tmp_path / 'bad.jsonl'}: refused: line 1: span 1: span [0, 5) is out of range" in (
        result.output
    )
    assert "Traceback" not in result.output
    assert [a[0] for a in articles(db_path)] == ["Good one"]


def test_import_needs_something(run):
    result = run("import")
    assert result.exit_code == 2
    assert "name at least one file" in result.output


def test_explicit_database_starts_empty_and_sample_is_added_on_request(run, db_path):
    assert json.loads(run("stats", "--json").output)["articles"] == 0
    result = run("import", "--sample")
    assert result.exit_code == 0
    assert len(articles(db_path)) == SAMPLE_ARTICLES
    again = run("import", "--sample")
    assert "already in the corpus" in again.output
    assert len(articles(db_path)) == SAMPLE_ARTICLES


def test_environment_variable_names_the_database(run, tmp_path):
    target = tmp_path / "env.sqlite3"
    result = run("import", "--sample", db=None, env={"ANNOTATOR_DB": str(target)})
    assert result.exit_code == 0
    assert len(articles(target)) == SAMPLE_ARTICLES
    assert not paths.default_db_path().exists()


def test_default_database_lives_in_user_data_folder_and_is_seeded(run, isolated_user_dirs):
    result = run("stats", "--json", db=None)
    assert result.exit_code == 0
    default = paths.default_db_path()
    assert default.is_relative_to(isolated_user_dirs)
    assert json.loads(result.output)["articles"] == SAMPLE_ARTICLES
    run("stats", db=None)  # seeded once, not again
    assert len(articles(default)) == SAMPLE_ARTICLES


def test_export_jsonl_writes_the_file(run, db_path, tmp_path):
    run("import", "--sample")
    out = tmp_path / "out" / "corpus.jsonl"
    result = run("export", "--format", "jsonl", "-o", str(out))
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == SAMPLE_ARTICLES
    assert "as jsonl to" in result.output


def test_labels_commands_change_the_database(run, db_path):
    assert run("labels", "add", "SOURCE", "--hotkey", "s", "--colour", "#0072B2").exit_code == 0
    assert run("labels", "rename", "QUOTE", "QUOTATION").exit_code == 0
    assert run("labels", "recolour", "CLAIM", "#d55e00").exit_code == 0
    assert run("labels", "hotkey", "ACTOR", "P").exit_code == 0
    assert run("labels", "hotkey", "NUMBER", "none").exit_code == 0
    with Store.open(db_path) as store:
        got = [(lab.name, lab.hotkey, lab.colour) for lab in store.labels()]
    assert got == [
        ("CLAIM", "C", "#D55E00"), ("NUMBER", None, "#E69F00"), ("ACTOR", "P", "#009E73"),
        ("QUOTATION", "Q", "#CC79A7"), ("SOURCE", "S", "#0072B2"),
    ]  # fmt: skip
    listing = run("labels").output
    assert "QUOTATION" in listing and "SOURCE" in listing


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["labels", "add", "CLAIM"], "Error: a label named 'CLAIM' already exists"),
        (["labels", "hotkey", "ACTOR", "C"], "Error: hotkey C is already used by CLAIM"),
        (["labels", "recolour", "NOPE", "#000000"], "Error: no label named 'NOPE'"),
    ],
)
def test_label_errors_are_one_line_with_exit_status_1(run, args, message):
    result = run(*args)
    assert result.exit_code == 1
    assert result.output.strip() == message


def test_damaged_database_is_one_line_not_a_traceback(tmp_path):
    bad = tmp_path / "bad.sqlite3"
    bad.write_text("not a database")
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(bad), "stats"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.strip() == f"Error: {bad}: not an SQLite database; left untouched"
    assert bad.read_text() == "not a database"


def test_console_script_and_module_both_run(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "annotator", "--version"], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0 and __version__ in out.stdout
    script = Path(sys.executable).with_name("annotator")
    if script.exists():
        out = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
        assert out.returncode == 0 and __version__ in out.stdout
