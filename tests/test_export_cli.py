"""`annotator export` through click's CliRunner, checking the files afterwards."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.export import FORMATS
from annotator.core.store import Store
from tests.test_export_formats import tricky_corpus


@pytest.fixture
def corpus_db(db_path: Path) -> Path:
    with Store.open(db_path) as store:
        tricky_corpus(store)
    return db_path


def run(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def test_export_with_filters_writes_only_the_chosen_spans(corpus_db, tmp_path):
    out = tmp_path / "spans.csv"
    filters = ["--label", "NUMBER", "--label", "ACTOR", "--annotator", "ana"]
    result = run(
        corpus_db, "export", "--format", "csv", *filters, "--status", "in-progress", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["label"] for r in rows} == {"NUMBER", "ACTOR"}
    assert {r["annotator"] for r in rows} == {"ana"}
    assert [r["text"] for r in rows] == ["12,000 cars", "the council", "\u00a33m"]
    assert "1 unfinished article (not marked done) included" in result.output


def test_export_split_writes_train_dev_test_the_same_for_the_same_seed(corpus_db, tmp_path):
    for name in ("a", "b"):
        result = run(corpus_db, "export", "--format", "conll", "--split", "34/33/33",
                     "--seed", "11", "-o", str(tmp_path / name))  # fmt: skip
        assert result.exit_code == 0, result.output
        assert "(train 1, dev 1, test 1)" in result.output
    for part in ("train", "dev", "test"):
        a = (tmp_path / "a" / f"{part}.conll").read_bytes()
        assert a == (tmp_path / "b" / f"{part}.conll").read_bytes()
        assert a.count(b"-DOCSTART-") == 1


def test_export_spacy_lists_expanded_spans_in_the_output(corpus_db, tmp_path):
    result = run(corpus_db, "export", "--format", "spacy", "-o", str(tmp_path / "c.spacy"))
    assert result.exit_code == 0, result.output
    assert "expanded to whole tokens" in result.output
    assert (tmp_path / "c.spacy").stat().st_size > 0


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_from_the_command_line(corpus_db, tmp_path, fmt):
    out = tmp_path / f"out{FORMATS[fmt].suffix}"
    result = run(corpus_db, "export", "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"Wrote 3 articles and 12 spans as {fmt}" in result.output
    assert out.exists()


def test_labelstudio_config_is_written_beside_the_tasks(corpus_db, tmp_path):
    out = tmp_path / "project.json"
    assert run(corpus_db, "export", "--format", "labelstudio", "-o", str(out)).exit_code == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 3
    assert "<Labels" in (tmp_path / "project.config.xml").read_text(encoding="utf-8")


def test_export_errors_are_one_line_and_leave_nothing(corpus_db, tmp_path):
    result = run(corpus_db, "export", "--label", "NOPE", "-o", str(tmp_path / "x.jsonl"))
    assert result.exit_code == 1
    assert result.output == "Error: no label named 'NOPE' in the corpus\n"
    result = run(corpus_db, "export", "--split", "80/20", "-o", str(tmp_path / "s"))
    assert result.exit_code == 1 and result.output.count("\n") == 1
    # only the corpus (and its WAL files) is there: no export, no staging folder
    assert all(p.name.startswith(corpus_db.name) for p in tmp_path.iterdir())
