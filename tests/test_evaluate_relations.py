"""Relations scored per type and micro-averaged, strict and by overlap (issue 13, item 6).

Every expected number is worked out in the comments; texts and names are invented.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.evaluate import Evaluation, evaluate_paths
from annotator.core.export import export_corpus
from annotator.core.store import NewRelation, NewSpan, Store

TEXT = 'Chief Orla Dunne said "the pier is safe." Crews counted 300 planks, said Tam Ro.'
#       0    5    10   15   20   25   30   35   40   45   50   55   60   65   70   75
ACTOR = (0, 16, "ACTOR")  # Chief Orla Dunne
QUOTE = (22, 41, "QUOTE")  # "the pier is safe."
CLAIM = (42, 67, "CLAIM")  # Crews counted 300 planks,
NUMBER = (56, 59, "NUMBER")  # 300
TAM = (73, 79, "ACTOR")  # Tam Ro


def relation_scores(gold, pred) -> dict:
    evaluation = Evaluation()
    evaluation.add_relations(gold, pred)
    return evaluation.report()["relations"]


def test_a_relation_is_correct_when_type_and_both_spans_match_under_the_scheme():
    gold = [("speaker", QUOTE, ACTOR), ("quantity", CLAIM, NUMBER), ("source", CLAIM, TAM)]
    pred = [
        ("speaker", QUOTE, (6, 16, "ACTOR")),  # child cut short: overlap only
        ("quantity", CLAIM, NUMBER),  # exact
        ("speaker", CLAIM, TAM),  # wrong type: spurious speaker, missed source
    ]
    result = relation_scores(gold, pred)
    strict, overlap = result["strict"], result["overlap"]
    # strict: only quantity is correct -> P 1/3, R 1/3
    assert (strict["micro"]["correct"], strict["micro"]["gold"], strict["micro"]["predicted"]) == (
        1, 3, 3,
    )  # fmt: skip
    assert strict["micro"]["precision"] == pytest.approx(1 / 3)
    # overlap: the cut-short speaker counts too -> 2/3, 2/3
    assert overlap["micro"]["correct"] == 2
    assert overlap["micro"]["f1"] == pytest.approx(2 / 3)
    # per type: speaker gold 1, pred 2; source gold 1, pred 0
    assert overlap["per_type"]["speaker"] == {
        "gold": 1, "predicted": 2, "correct": 1, "missed": 0, "spurious": 1,
        "precision": 0.5, "recall": 1.0, "f1": pytest.approx(2 / 3),
    }  # fmt: skip
    assert strict["per_type"]["source"]["recall"] == 0.0
    # per-type rows add up to the micro row
    for scheme in (strict, overlap):
        for key in ("gold", "predicted", "correct"):
            assert sum(r[key] for r in scheme["per_type"].values()) == scheme["micro"][key]


def test_overlap_needs_the_same_label_and_pairs_one_to_one():
    gold = [("speaker", QUOTE, ACTOR)]
    pred = [
        ("speaker", QUOTE, (0, 16, "NUMBER")),  # same place, other label: no match
        ("speaker", (22, 30, "QUOTE"), ACTOR),  # overlap
        ("speaker", (22, 41, "QUOTE"), (0, 5, "ACTOR")),  # overlap too, but smaller
    ]
    overlap = relation_scores(gold, pred)["overlap"]["micro"]
    assert (overlap["correct"], overlap["spurious"]) == (1, 2)


def make_gold(path: Path) -> None:
    with Store.open(path) as store:
        store.add_article(
            title="Pier", text=TEXT,
            spans=[NewSpan(*ACTOR), NewSpan(*QUOTE), NewSpan(*CLAIM), NewSpan(*NUMBER),
                   NewSpan(*TAM)],
            relations=[NewRelation(1, 0, "speaker"), NewRelation(2, 3, "quantity"),
                       NewRelation(2, 4, "source")],
        )  # fmt: skip


@pytest.mark.parametrize("name", ["p.jsonl", "d.jsonl", "l.json", "brat"])
def test_a_database_against_its_own_exports_scores_its_relations_perfectly(tmp_path, name):
    gold = tmp_path / "gold.sqlite3"
    make_gold(gold)
    fmt = {"p.jsonl": "jsonl", "d.jsonl": "doccano", "l.json": "labelstudio", "brat": "brat"}
    with Store.open(gold) as store:
        export_corpus(store, tmp_path / name, format=fmt[name])
    report = evaluate_paths(gold, tmp_path / name).report()
    for scheme in ("strict", "overlap"):
        micro = report["relations"][scheme]["micro"]
        assert (micro["gold"], micro["correct"], micro["f1"]) == (3, 3, 1.0)


def test_cli_evaluate_shows_relations_in_the_table_and_json(tmp_path):
    gold = tmp_path / "gold.sqlite3"
    make_gold(gold)
    pred = tmp_path / "pred.jsonl"
    record = {
        "text": TEXT,
        "spans": [{"id": "q", "start": 22, "end": 41, "label": "QUOTE"},
                  {"id": "a", "start": 6, "end": 16, "label": "ACTOR"}],
        "relations": [{"head": "q", "child": "a", "type": "speaker"}],
    }  # fmt: skip
    pred.write_text(json.dumps(record) + "\n", encoding="utf-8")
    runner = CliRunner()
    table = runner.invoke(cli, ["evaluate", str(gold), str(pred)], catch_exceptions=False)
    assert table.exit_code == 0, table.output
    assert "relations, strict" in table.output and "relations, overlap" in table.output
    report = json.loads(runner.invoke(cli, ["evaluate", str(gold), str(pred), "--json"]).output)
    # strict: the speaker's child is cut short -> 0 of 3; overlap: 1 of 3, precision 1
    assert report["relations"]["strict"]["micro"]["correct"] == 0
    overlap = report["relations"]["overlap"]["micro"]
    assert (overlap["correct"], overlap["precision"]) == (1, 1.0)
    assert overlap["recall"] == pytest.approx(1 / 3)
