"""The scorer on hand-built cases; every expected number is worked out in the comments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.evaluate import (
    Document,
    Evaluation,
    EvaluationError,
    evaluate_documents,
    evaluate_paths,
    pair_spans,
)
from annotator.core.export import export_corpus
from annotator.core.store import NewSpan, Store

TEXT = "x" * 100


def scores(gold, pred) -> dict:
    evaluation = Evaluation()
    evaluation.add(gold, pred)
    return evaluation.report()["schemes"]


def prf(result: dict) -> tuple[float, float, float]:
    return (result["precision"], result["recall"], result["f1"])


# Batista's six scenarios in one article, labels A and B:
#   gold (0,5,A)   pred (0,5,A)    identical                  -> COR COR COR COR
#   gold (10,15,A) pred (10,15,B)  same boundaries, other label -> INC COR COR INC
#   gold (20,30,B) pred (22,28,B)  overlap, same label        -> INC INC PAR COR
#   gold (40,50,A) pred (40,45,B)  overlap, other label       -> INC INC PAR INC
#                  pred (80,85,A)  spurious                   -> SPU everywhere
#   gold (60,70,A)                 missed                     -> MIS everywhere
SCENARIO_GOLD = {(0, 5, "A"), (10, 15, "A"), (20, 30, "B"), (40, 50, "A"), (60, 70, "A")}
SCENARIO_PRED = {(0, 5, "A"), (10, 15, "B"), (22, 28, "B"), (40, 45, "B"), (80, 85, "A")}


def test_micro_scores_of_the_six_scenarios():
    result = scores(SCENARIO_GOLD, SCENARIO_PRED)
    # POS = 5 gold spans, ACT = 5 predicted spans in every scheme.
    # strict: COR 1 -> P = R = 1/5
    assert prf(result["strict"]["micro"]) == pytest.approx((0.2, 0.2, 0.2))
    # exact: COR 2 (identical, same boundaries) -> 2/5
    assert prf(result["exact"]["micro"]) == pytest.approx((0.4, 0.4, 0.4))
    # partial: COR 2, PAR 2 -> (2 + 2/2) / 5 = 0.6
    assert prf(result["partial"]["micro"]) == pytest.approx((0.6, 0.6, 0.6))
    # type: COR 2 (identical, overlap same label) -> 2/5
    assert prf(result["type"]["micro"]) == pytest.approx((0.4, 0.4, 0.4))
    strict = result["strict"]["micro"]
    keys = ("correct", "incorrect", "partial", "missed", "spurious", "possible", "actual")
    assert tuple(strict[k] for k in keys) == (1, 3, 0, 1, 1, 5, 5)
    partial = result["partial"]["micro"]
    assert (partial["correct"], partial["incorrect"], partial["partial"]) == (2, 0, 2)


def test_per_label_and_macro_scores_of_the_six_scenarios():
    result = scores(SCENARIO_GOLD, SCENARIO_PRED)
    # Recall counts each gold span under its label; precision each prediction under its own.
    # strict, A: gold A = (0,5) COR, (10,15) INC, (40,50) INC, (60,70) MIS -> R = 1/4
    #            pred A = (0,5) COR, (80,85) SPU -> P = 1/2; F1 = 2*.5*.25/.75 = 1/3
    #         B: gold B = (20,30) INC -> R = 0; pred B = three INC -> P = 0; F1 = 0
    strict = result["strict"]
    assert prf(strict["per_label"]["A"]) == pytest.approx((0.5, 0.25, 1 / 3))
    assert prf(strict["per_label"]["B"]) == pytest.approx((0.0, 0.0, 0.0))
    # macro: means over A and B -> P .25, R .125, F1 1/6
    assert (strict["macro"]["precision"], strict["macro"]["recall"], strict["macro"]["f1"]) == (
        pytest.approx(0.25), pytest.approx(0.125), pytest.approx(1 / 6),
    )  # fmt: skip
    # A match that ignores the label (exact, partial) counts under the gold span's label
    # for precision too (issue 13: each label's row adds up).
    # partial, A: gold (0,5) COR, (10,15) COR, (40,50) PAR, (60,70) MIS -> R = 2.5/4 = .625
    #             pred (0,5) COR, (10,15,B) COR, (40,45,B) PAR, (80,85) SPU -> P = .625
    #          B: gold (20,30) PAR -> R = .5; pred (22,28) PAR -> P = .5
    partial = result["partial"]
    assert prf(partial["per_label"]["A"]) == pytest.approx((0.625, 0.625, 0.625))
    assert prf(partial["per_label"]["B"]) == pytest.approx((0.5, 0.5, 0.5))
    assert partial["macro"]["f1"] == pytest.approx((0.625 + 0.5) / 2)
    # type, B: gold (20,30) COR -> R = 1; pred (10,15,B) INC, (22,28) COR, (40,45) INC -> P 1/3
    assert prf(result["type"]["per_label"]["B"]) == pytest.approx((1 / 3, 1.0, 0.5))
    # exact, B: gold (20,30) INC -> R = 0; pred (22,28) INC, (40,45,B) INC -> P = 0
    #        A: gold (0,5) COR, (10,15) COR -> R = 2/4; pred (0,5), (10,15,B) COR, SPU -> P 2/3
    assert prf(result["exact"]["per_label"]["B"]) == pytest.approx((0.0, 0.0, 0.0))
    assert prf(result["exact"]["per_label"]["A"]) == pytest.approx((2 / 3, 0.5, 4 / 7))


def test_each_labels_row_adds_up_under_every_scheme():
    result = scores(SCENARIO_GOLD, SCENARIO_PRED)
    for scheme, table in result.items():
        rows = table["per_label"].values()
        micro = table["micro"]
        for key in ("possible", "actual", "correct", "partial", "missed", "spurious"):
            assert sum(row[key] for row in rows) == micro[key], (scheme, key)
        for row in rows:  # a label's correct predictions are its correct gold spans
            precision_hits = row["precision"] * row["actual"]
            recall_hits = row["recall"] * row["possible"]
            assert precision_hits == pytest.approx(recall_hits), scheme


def test_nested_and_overlapping_spans_pair_one_to_one():
    # gold: CLAIM (0,20) with ACTOR (5,10) nested inside it
    # pred: ACTOR (5,10) identical; CLAIM (0,12) overlaps the gold CLAIM;
    #       QUOTE (0,20) has the gold CLAIM's boundaries.
    # Pairing takes identical first, then same boundaries: gold CLAIM goes to
    # the QUOTE, so CLAIM (0,12) finds no free gold span and is SPU.
    gold = {(0, 20, "CLAIM"), (5, 10, "ACTOR")}
    pred = {(5, 10, "ACTOR"), (0, 12, "CLAIM"), (0, 20, "QUOTE")}
    result = scores(gold, pred)
    # strict: COR 1, INC 1, SPU 1 -> P = 1/3, R = 1/2, F1 = 2*(1/6)/(5/6) = 0.4
    assert prf(result["strict"]["micro"]) == pytest.approx((1 / 3, 0.5, 0.4))
    # exact: COR 2 (ACTOR, CLAIM~QUOTE), SPU 1 -> P = 2/3, R = 1, F1 = 0.8
    assert prf(result["exact"]["micro"]) == pytest.approx((2 / 3, 1.0, 0.8))
    # partial: same COR 2 -> 2/3, 1, 0.8
    assert prf(result["partial"]["micro"]) == pytest.approx((2 / 3, 1.0, 0.8))
    # type: COR 1 (ACTOR), INC 1 (CLAIM vs QUOTE) -> 1/3, 1/2, 0.4
    assert prf(result["type"]["micro"]) == pytest.approx((1 / 3, 0.5, 0.4))
    assert result["strict"]["micro"]["possible"] == 2  # never more than the gold spans
    assert result["strict"]["micro"]["actual"] == 3


def test_the_larger_overlap_wins_and_the_other_prediction_is_spurious():
    # gold (0,10,A); pred (0,4,A) overlaps by 4, (3,10,A) by 7 -> (3,10) pairs, PAR
    pairs, lone_gold, lone_pred = pair_spans([(0, 10, "A")], [(0, 4, "A"), (3, 10, "A")])
    assert pairs == [(0, 1, "overlap_same_label")] and lone_gold == [] and lone_pred == [0]
    result = scores({(0, 10, "A")}, {(0, 4, "A"), (3, 10, "A")})
    # partial: PAR 1, SPU 1 -> P = .5/2 = .25, R = .5/1 = .5, F1 = 2*.125/.75 = 1/3
    assert prf(result["partial"]["micro"]) == pytest.approx((0.25, 0.5, 1 / 3))
    # type: COR 1, SPU 1 -> P = .5, R = 1, F1 = 2/3
    assert prf(result["type"]["micro"]) == pytest.approx((0.5, 1.0, 2 / 3))
    # strict: INC 1, SPU 1 -> all 0
    assert prf(result["strict"]["micro"]) == (0.0, 0.0, 0.0)


def test_touching_spans_do_not_overlap_and_empty_sides_score_zero():
    # (0,5) and (5,9) share no character: MIS + SPU
    result = scores({(0, 5, "A")}, {(5, 9, "A")})
    assert prf(result["partial"]["micro"]) == (0.0, 0.0, 0.0)
    assert result["partial"]["micro"]["missed"] == 1
    assert result["partial"]["micro"]["spurious"] == 1
    assert scores(set(), set())["strict"]["macro"] == {"precision": 0, "recall": 0, "f1": 0}


def test_articles_pair_by_text_or_id_and_missing_ones_count_as_missed():
    gold = [
        Document("Alpha text.", "1", {(0, 5, "A"), (6, 10, "A")}),
        Document("Beta text here.", "2", {(0, 4, "B"), (5, 9, "B"), (10, 14, "B")}),
        Document("Gamma.", "3", {(0, 5, "A")}),
    ]
    pred = [
        Document("Alpha text.", "99", {(0, 5, "A"), (6, 10, "A")}),  # by text, other id
        Document("Gamma, edited.", "3", {(0, 5, "A")}),  # same id, other text: not scored
        Document("Delta.", "4", {(0, 5, "A")}),  # not in gold: ignored
    ]
    evaluation = evaluate_documents(gold, pred)
    report = evaluation.report()
    assert report["articles"] == {
        "gold": 3, "matched_by_text": 1, "matched_by_id": 0,
        "missing_from_pred": 2, "pred_not_in_gold": 2,
    }  # fmt: skip
    assert any("article 3" in w for w in report["warnings"])
    # strict micro: COR 2 (Alpha); MIS 3 (Beta) + 1 (Gamma) -> P = 2/2, R = 2/6
    assert prf(report["schemes"]["strict"]["micro"]) == pytest.approx((1.0, 1 / 3, 0.5))


def test_id_pairs_when_pred_has_the_same_text_under_its_id(tmp_path):
    gold = [Document("Same text.", "7", {(0, 4, "A")})]
    pred = [Document("Same text.", "7", {(0, 4, "A")})]
    assert evaluate_documents(gold, pred).report()["articles"]["matched_by_text"] == 1


# -- from files and databases, and the command -----------------------------------------


def make_gold(path: Path) -> None:
    with Store.open(path) as store:
        store.add_article(
            title="One",
            text="Mayor Quill said 40 homes flooded.",
            spans=[NewSpan(0, 11, "ACTOR"), NewSpan(17, 19, "NUMBER"), NewSpan(0, 34, "CLAIM")],
        )
        store.add_article(title="Two", text="The dam held.", spans=[NewSpan(4, 7, "ACTOR")])


def test_evaluating_a_database_against_its_own_exports_is_perfect(tmp_path):
    gold = tmp_path / "gold.sqlite3"
    make_gold(gold)
    with Store.open(gold) as store:
        for fmt, name in (("jsonl", "p.jsonl"), ("doccano", "d.jsonl"),
                          ("labelstudio", "l.json"), ("brat", "brat")):  # fmt: skip
            export_corpus(store, tmp_path / name, format=fmt)
    for name in ("p.jsonl", "d.jsonl", "l.json", "brat"):
        report = evaluate_paths(gold, tmp_path / name).report()
        for scheme in report["schemes"].values():
            assert prf(scheme["micro"]) == (1.0, 1.0, 1.0), name
        assert report["articles"]["matched_by_text"] == 2


def test_cli_evaluate_table_and_json(tmp_path):
    gold = tmp_path / "gold.sqlite3"
    make_gold(gold)
    pred = tmp_path / "pred.jsonl"
    # one of two articles, ACTOR cut short (partial), NUMBER right, CLAIM missed
    record = {
        "text": "Mayor Quill said 40 homes flooded.",
        "spans": [
            {"start": 6, "end": 11, "label": "ACTOR"},
            {"start": 17, "end": 19, "label": "NUMBER"},
        ],
    }
    pred.write_text(json.dumps(record) + "\n", encoding="utf-8")
    runner = CliRunner()
    table = runner.invoke(cli, ["evaluate", str(gold), str(pred)], catch_exceptions=False)
    assert table.exit_code == 0, table.output
    assert "strict" in table.output and "macro" in table.output
    assert "missing from PRED 1" in table.output
    result = runner.invoke(cli, ["evaluate", str(gold), str(pred), "--json"])
    report = json.loads(result.output)
    # gold: ACTOR(0,11), NUMBER, CLAIM, ACTOR(4,7) in the missing article -> POS 4; ACT 2
    # partial: NUMBER COR, ACTOR PAR -> (1 + .5)/2 = .75 precision, 1.5/4 = .375 recall
    assert prf(report["schemes"]["partial"]["micro"])[:2] == pytest.approx((0.75, 0.375))
    # strict: COR 1 -> 1/2, 1/4
    assert prf(report["schemes"]["strict"]["micro"])[:2] == pytest.approx((0.5, 0.25))


def test_cli_evaluate_refuses_a_bad_file_with_one_line(tmp_path):
    gold = tmp_path / "gold.sqlite3"
    make_gold(gold)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", str(gold), str(bad)])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert "bad.jsonl" in result.output and "malformed JSON" in result.output
    with pytest.raises(EvaluationError, match="no such file"):
        evaluate_paths(tmp_path / "nope.jsonl", gold)
