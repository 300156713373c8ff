"""evaluate's links section (issue 14), with numbers counted by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.evaluate import evaluate_paths, format_table
from annotator.core.importing import import_paths
from annotator.core.store import Store

A = "Courier: 6,000 bodies were returned on Monday."
B = "Wire: only 3,000 bodies were returned, officials said."
C = "Observer: the council counted 6,000 bodies in all."
D = "Gazette: nobody counted anything at all."


def span(text: str, piece: str, ref: int) -> dict:
    start = text.index(piece)
    return {"id": ref, "start": start, "end": start + len(piece), "label": "NUMBER"}


def record(ref: str, text: str, spans: list[dict], links=()) -> dict:
    out = {"id": ref, "text": text, "spans": spans}
    if links:
        out["links"] = [
            {"span": s, "to_article": a, "to_span": t, "type": kind} for s, a, t, kind in links
        ]
    return out


def gold_records() -> list[dict]:
    return [
        record("a", A, [span(A, "6,000 bodies", 1), span(A, "Monday", 2)],
               [(1, "b", 3, "contradicts"), (2, "c", 5, "same")]),
        record("b", B, [span(B, "3,000 bodies", 3)], [(3, "c", 5, "updates")]),
        record("c", C, [span(C, "6,000 bodies", 5)]),
    ]  # fmt: skip


def pred_records() -> list[dict]:
    # Other ids for the same texts: articles pair by text.
    return [
        record("x", A, [span(A, "6,000 bodies", 10), span(A, "Monday", 11)],
               [(11, "z", 30, "different-event"),  # right spans, wrong type
                (10, "z", 30, "same")]),  # a span gold does not link there: spurious
        record("y", B, [span(B, "3,000 bodies", 20)],
               [(20, "x", 10, "contradicts")]),  # gold's A -> B, the other way: correct
        record("z", C, [span(C, "6,000 bodies", 30)]),
        record("w", D, [span(D, "nobody", 40)], [(40, "z", 30, "same")]),  # D not in gold
    ]  # fmt: skip


def write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path):
    return write(tmp_path / "gold.jsonl", gold_records()), write(
        tmp_path / "pred.jsonl", pred_records()
    )


def test_links_are_scored_strictly_and_ignoring_type(files):
    links = evaluate_paths(*files).report()["links"]
    # gold: 3 links; PRED: 3 scored (the one touching D is not: D is no gold article)
    # strict: only B -> A contradicts (gold A -> B) matches: 1 of 3 each way
    strict = links["strict"]["micro"]
    assert (strict["gold"], strict["predicted"], strict["correct"]) == (3, 3, 1)
    assert strict["precision"] == strict["recall"] == strict["f1"] == pytest.approx(1 / 3)
    assert {kind: (r["gold"], r["predicted"], r["correct"])
            for kind, r in links["strict"]["per_type"].items()} == {
        "contradicts": (1, 1, 1), "same": (1, 1, 0), "updates": (1, 0, 0),
        "different-event": (0, 1, 0),
    }  # fmt: skip
    # any type: the Monday link counts too, its type aside: 2 of 3
    any_type = links["any_type"]
    assert any_type["per_type"] == {}
    micro = any_type["micro"]
    assert (micro["gold"], micro["predicted"], micro["correct"]) == (3, 3, 2)
    assert micro["precision"] == micro["recall"] == pytest.approx(2 / 3)
    assert (micro["missed"], micro["spurious"]) == (1, 1)


def test_a_gold_corpus_file_scores_the_same_as_its_lines(files, tmp_path):
    gold_db = tmp_path / "gold.sqlite3"
    with Store.open(gold_db) as store:
        assert not import_paths(store, [files[0]]).refused
    from_db = evaluate_paths(gold_db, files[1]).report()["links"]
    assert from_db == evaluate_paths(*files).report()["links"]


def test_perfect_and_empty_predictions(files, tmp_path):
    perfect = evaluate_paths(files[0], files[0]).report()["links"]["strict"]["micro"]
    assert (perfect["precision"], perfect["recall"], perfect["f1"]) == (1.0, 1.0, 1.0)
    bare = write(tmp_path / "bare.jsonl", [{k: v for k, v in r.items() if k != "links"}
                                           for r in gold_records()])  # fmt: skip
    none = evaluate_paths(files[0], bare).report()["links"]["strict"]["micro"]
    assert (none["gold"], none["predicted"], none["correct"], none["f1"]) == (3, 0, 0, 0.0)


def test_the_table_and_json_of_the_command_line_have_the_links_section(files):
    result = CliRunner().invoke(cli, ["evaluate", str(files[0]), str(files[1])])
    assert result.exit_code == 0, result.output
    table = result.output.splitlines()
    at = table.index("links, strict")
    assert table[at + 2].split() == ["contradicts", "1", "1", "1", "0", "0", "1.000", "1.000",
                                     "1.000"]  # fmt: skip
    assert table[table.index("links, any type") + 2].split() == [
        "micro", "3", "3", "2", "1", "1", "0.667", "0.667", "0.667"
    ]  # fmt: skip
    result = CliRunner().invoke(cli, ["evaluate", str(files[0]), str(files[1]), "--json"])
    assert json.loads(result.output)["links"]["any_type"]["micro"]["correct"] == 2
    assert "links, strict" in format_table(evaluate_paths(*files).report())


def test_a_refused_record_makes_the_file_unreadable_for_scoring(files, tmp_path):
    bad = gold_records()
    bad[0]["links"][0]["type"] = "agrees"
    result = CliRunner().invoke(
        cli, ["evaluate", str(write(tmp_path / "bad.jsonl", bad)), str(files[1])]
    )
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert 'line 1: refused: link 1: unknown link type "agrees"' in result.output
