"""Commands for several analysts: agreement, stats --by-annotator, export's gold default,
the global --annotator, and importing a colleague's export of texts already here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.store import Store

TEXT = "Mayor Ilse Varga said 412 homes flooded in Lowmere on Tuesday night."
OTHER = "The Tarnby Gazette doubted that 3 million crowns would cover the repairs."


def at(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


@pytest.fixture
def run(db_path: Path):
    runner = CliRunner()

    def invoke(*args: str, db: Path | None = db_path):
        argv = (["--db", str(db)] if db is not None else []) + list(args)
        return runner.invoke(cli, argv, catch_exceptions=False)

    return invoke


@pytest.fixture
def team(db_path: Path) -> Path:
    """alice and bob on two articles: they agree on Varga, differ on the number's end."""
    with Store.open(db_path) as store:
        first, _ = store.add_article(title="Flood", text=TEXT)
        second, _ = store.add_article(title="Gazette", text=OTHER)
        for name, number in (("alice", "412"), ("bob", "412 homes")):
            store.add_span(first, *at(TEXT, "Ilse Varga"), "ACTOR", annotator=name)
            store.add_span(first, *at(TEXT, number), "NUMBER", annotator=name)
            store.set_analyst_status(first, name, "done")
        # Only alice finished the second article: it is not compared.
        store.add_span(second, *at(OTHER, "Tarnby Gazette"), "ACTOR", annotator="alice")
        store.set_analyst_status(second, "alice", "done")
    return db_path


def test_agreement_json_per_label_and_overall_by_hand(run, team):
    result = run("agreement", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["analysts"] == ["alice", "bob"]
    assert report["articles"] == {"compared": 1, "excluded": 1}
    (pair,) = report["pairs"]
    strict, overlap = pair["spans"]["strict"], pair["spans"]["overlap"]
    # ACTOR: the same span (F1 1); NUMBER: "412" against "412 homes", one boundary apart:
    # strict 0, overlap half a match, 2 * 0.5 / (1 + 1) = 0.5.
    assert strict["per_label"]["ACTOR"]["f1"] == 1.0
    assert strict["per_label"]["NUMBER"]["f1"] == 0.0
    assert overlap["per_label"]["NUMBER"]["f1"] == 0.5
    # Overall: 1 of 2 + 2 spans strictly (2 * 1 / 4), 1.5 with the overlap (2 * 1.5 / 4).
    assert strict["micro"]["f1"] == 0.5
    assert overlap["micro"]["f1"] == 0.75
    assert report["mean"]["spans"]["strict"]["micro"] == 0.5
    # Kappa over the 57 non-space characters, each coded by its set of labels: both say
    # ACTOR on 9 ("IlseVarga"), NUMBER on 3, nothing on 40; "homes" (5) is bob's NUMBER
    # only.  po = 52/57; pe = (9*9 + 3*8 + 45*40) / 57^2 = 1905/3249;
    # kappa = (52*57 - 1905) / (3249 - 1905) = 1059/1344.
    assert report["units"] == 57
    assert pair["kappa"]["overall"] == pytest.approx(1059 / 1344)
    assert report["alpha"]["per_label"]["ACTOR"] == 1.0


def test_agreement_table_details_and_label(run, team):
    result = run("agreement", "--details")
    assert result.exit_code == 0, result.output
    assert "alice-bob" in result.output and "span F1 strict" in result.output
    assert "Disagreements (1):" in result.output
    assert "article 1  span boundary: 22-25 NUMBER '412' | 22-31 NUMBER '412 homes'" in (
        result.output
    )
    only = json.loads(run("agreement", "--label", "ACTOR", "--json").output)
    assert only["labels"] == ["ACTOR"] and only["label"] == "ACTOR"
    assert only["pairs"][0]["spans"]["strict"]["micro"]["f1"] == 1.0


@pytest.mark.parametrize(("args", "says"), [
    (["--annotators", "alice"], "agreement needs at least two analysts; --annotators names 1 "
                                "(alice)"),
    (["--annotators", "alice,zoe"], "no analyst named 'zoe' in this corpus (analysts: alice, bob)"),
    (["--label", "WEATHER"], "no label 'WEATHER' in this corpus"),
])  # fmt: skip
def test_agreement_refusals_are_one_line(run, team, args, says):
    result = run("agreement", *args)
    assert result.exit_code == 1
    assert result.output == f"Error: {says}\n"


def test_agreement_without_an_article_everyone_finished_says_so(run, db_path):
    with Store.open(db_path) as store:
        first, _ = store.add_article(title="Flood", text=TEXT)
        second, _ = store.add_article(title="Gazette", text=OTHER)
        store.add_span(first, 0, 5, "ACTOR", annotator="alice")
        store.add_span(second, 4, 10, "ACTOR", annotator="bob")
        store.set_analyst_status(first, "alice", "done")
        store.set_analyst_status(second, "bob", "done")
    alone = run("--db", str(db_path.with_name("alone.sqlite3")), "agreement", db=None)
    assert alone.output == "Error: agreement needs at least two analysts; this corpus has 0\n"
    result = run("agreement")
    assert result.exit_code == 1
    assert result.output.startswith("Error: no article was marked done by all of alice, bob")
    assert result.output.count("\n") == 1


def test_stats_by_annotator_by_hand(run, team):
    with Store.open(team) as store:
        for seconds, keys, spans, article in ((60.0, 30, 3, 1), (120.0, 60, 6, 2)):
            store.log_work(annotator="alice", article_id=article, started_at="2026-12-01T09:00Z",
                           seconds=seconds, keys=keys, spans=spans)  # fmt: skip
    result = run("stats", "--by-annotator", "--json")
    assert result.exit_code == 0, result.output
    rows = {row["annotator"]: row for row in json.loads(result.output)}
    alice, bob = rows["alice"], rows["bob"]
    # 3 minutes, 9 spans, 90 keys, 2 articles.
    assert (alice["spans"], alice["done"], alice["visits"]) == (3, 2, 2)
    assert alice["spans_per_minute"] == pytest.approx(3.0)
    assert alice["keys_per_span"] == pytest.approx(10.0)
    assert alice["minutes_per_article"] == pytest.approx(1.5)
    assert (bob["spans"], bob["done"], bob["spans_per_minute"]) == (2, 1, None)
    table = run("stats", "--by-annotator").output.splitlines()
    assert table[0].split() == ["analyst", "spans", "done", "minutes", "spans/min",
                                "keys/span", "min/article"]  # fmt: skip
    assert table[1].split() == ["alice", "3", "2", "3.0", "3.00", "10.0", "1.5"]
    assert table[2].split() == ["bob", "2", "1", "0.0", "-", "-", "-"]


def _exported(run, *args: str, out: Path) -> list[tuple[str, str]]:
    result = run("export", "-o", str(out), *args)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    return sorted((s["annotator"], s["text"]) for r in records for s in r["spans"])


def test_export_takes_the_gold_layer_by_default_once_it_exists(run, team, tmp_path):
    out = tmp_path / "out.jsonl"
    everyone = _exported(run, out=out)
    assert {name for name, _ in everyone} == {"alice", "bob"}  # no gold yet: as before
    with Store.open(team) as store:
        store.add_span(1, *at(TEXT, "Ilse Varga"), "ACTOR", annotator="gold")
    assert _exported(run, out=out) == [("gold", "Ilse Varga")]
    assert "adjudicated layer only" in run("export", "-o", str(out)).output
    assert len(_exported(run, "--all-annotators", out=out)) == len(everyone) + 1
    assert {name for name, _ in _exported(run, "--annotator", "bob", out=out)} == {"bob"}


def test_the_global_annotator_names_unnamed_imported_spans(run, tmp_path):
    source = tmp_path / "in.jsonl"
    spans = [{"start": 0, "end": 5, "label": "ACTOR"},
             {"start": 22, "end": 25, "label": "NUMBER", "annotator": "bob"}]  # fmt: skip
    source.write_text(json.dumps({"text": TEXT, "spans": spans}) + "\n")
    result = run("--annotator", "  carol ", "import", str(source))
    assert result.exit_code == 0, result.output
    with Store.open(tmp_path / "corpus.sqlite3") as store:
        assert sorted(s.annotator for s in store.spans(1)) == ["bob", "carol"]


@pytest.mark.parametrize("name", ["gold", "", "ann\nother", "a,b"])
def test_a_name_that_cannot_be_an_analysts_is_refused_before_the_corpus_opens(run, db_path, name):
    result = run("--annotator", name, "stats")
    assert result.exit_code == 2
    assert "--annotator" in result.output
    assert not db_path.exists()


def test_importing_a_colleagues_export_of_known_texts_adds_their_spans(run, team, tmp_path):
    colleague = tmp_path / "carol.sqlite3"
    with Store.open(colleague) as store:
        first, _ = store.add_article(title="Flood (carol)", text=TEXT)
        varga = store.add_span(first, *at(TEXT, "Ilse Varga"), "ACTOR", annotator="carol")
        said = store.add_span(first, *at(TEXT, "Varga said 412 homes flooded"), "CLAIM",
                              annotator="carol")  # fmt: skip
        store.add_relation("source", said.id, varga.id, annotator="carol")
        # alice's own span, as she sent it to carol: already here, skipped.
        store.add_span(first, *at(TEXT, "412"), "NUMBER", annotator="alice")
        store.set_status(first, "done")
    export = tmp_path / "carol.jsonl"
    assert run("export", "-o", str(export), db=colleague).exit_code == 0
    result = run("import", str(export))
    assert result.exit_code == 0, result.output
    assert "already in the corpus, added 2 spans and 1 relation to texts already in the corpus" in (
        result.output
    )
    with Store.open(team) as store:
        assert store.article_count() == 2
        assert store.article(1).title == "Flood"  # the text and its title stay as they were
        mine = sorted((s.annotator, s.label, s.text) for s in store.spans(1))
        assert mine == [
            ("alice", "ACTOR", "Ilse Varga"), ("alice", "NUMBER", "412"),
            ("bob", "ACTOR", "Ilse Varga"), ("bob", "NUMBER", "412 homes"),
            ("carol", "ACTOR", "Ilse Varga"), ("carol", "CLAIM", "Varga said 412 homes flooded"),
        ]  # fmt: skip
        (relation,) = store.relations(1)
        assert store.span(relation.head_span_id).annotator == "carol"
        assert store.span(relation.tail_span_id).text == "Ilse Varga"
        assert store.summary(1).span_count == 6
        # Done in an export of two analysts' spans (carol's and alice's) is nobody's own.
        assert store.done_by(["carol"]) == {"carol": set()}
    again = run("import", str(export))  # the same file again adds nothing
    assert "added" not in again.output.splitlines()[0]
    with Store.open(team) as store:
        assert len(store.spans(1)) == 6


def test_an_imported_article_one_analyst_tagged_and_finished_is_their_done(run, team, tmp_path):
    source = tmp_path / "dana.jsonl"
    spans = [{"start": 0, "end": 5, "label": "ACTOR", "annotator": "dana"}]
    records = [{"text": TEXT, "status": "done", "spans": spans},  # a text already here
               {"text": "Dana's own text about the dam.", "status": "done", "spans": [
                   {"start": 0, "end": 4, "label": "ACTOR", "annotator": "dana"}]},
               {"text": "Not finished.", "status": "in-progress", "spans": [
                   {"start": 0, "end": 3, "label": "CLAIM", "annotator": "dana"}]}]  # fmt: skip
    source.write_text("".join(json.dumps(r) + "\n" for r in records))
    assert run("import", str(source)).exit_code == 0
    with Store.open(team) as store:
        assert store.done_by(["dana"]) == {"dana": {1, 3}}
    report = json.loads(run("agreement", "--annotators", "alice,dana", "--json").output)
    assert report["articles"]["compared"] == 1


def test_the_window_gets_the_global_annotator(run, db_path, monkeypatch):
    import annotator.gui.app as app_module

    seen: dict[str, object] = {}

    def fake_window(**kwargs: object) -> int:
        seen.update(kwargs)
        return 0

    monkeypatch.setattr(app_module, "run_window", fake_window)
    result = CliRunner().invoke(cli, ["--db", str(db_path), "--annotator", "Ilse Varga"])
    assert result.exit_code == 0, result.output
    assert seen == {"db_path": db_path, "seed_sample": False, "annotator": "Ilse Varga"}
