"""Suggestions on the command line: suggest (-o), import --as-suggestions, export --suggestions,
evaluate --suggestions; the database checked afterwards."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.export import FORMATS
from annotator.core.importing import expand, read_file
from annotator.core.model import NewSpan, Suggestion
from annotator.core.store import Store

TEXT = (
    "Harlow Venn said “the gold barrier held all night” at the depot.\n"
    "Pellin Orr said “the suggested wall gave way” after 31 lorries and 17 vans left.\n"
)


def find(piece: str) -> tuple[int, int]:
    start = TEXT.index(piece)
    return start, start + len(piece)


GOLD = ["Harlow Venn", "“the gold barrier held all night”", "31 lorries"]
SUGGESTED = ["Pellin Orr", "“the suggested wall gave way”", "17 vans"]
LABELS = ["ACTOR", "QUOTE", "NUMBER"]


def run(db: Path, *args: str):
    return CliRunner().invoke(cli, ["--db", str(db), *args])


@pytest.fixture
def corpus(db_path: Path) -> tuple[Path, int]:
    with Store.open(db_path) as store:
        spans = [NewSpan(*find(p), label) for p, label in zip(GOLD, LABELS, strict=True)]
        article_id, _ = store.add_article(title="Depot", text=TEXT, spans=spans, status="done")
        store.store_suggestions(
            Suggestion(0, article_id, *find(p), label, p, "test", 0.5)
            for p, label in zip(SUGGESTED, LABELS, strict=True)
        )
    return db_path, article_id


def exported_texts(fmt: str, out: Path) -> set[str]:
    """The span texts an export holds, read the way each format is read."""
    if fmt in ("jsonl", "prodigy", "doccano", "labelstudio", "brat"):
        files, _ = expand([out])
        return {
            parsed.text[s.start : s.end]
            for path in files for parsed in read_file(path) for s in parsed.spans
        }  # fmt: skip
    if fmt == "csv":
        with out.open(encoding="utf-8-sig", newline="") as handle:
            return {row["text"] for row in csv.DictReader(handle)}
    if fmt == "quotes":
        lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        found = set()
        for line in lines:
            found |= {v for v in line.values() if isinstance(v, str) and v in GOLD + SUGGESTED}
            found |= {
                v.get("text") for v in line.values() if isinstance(v, dict) and v.get("text")
            }
        return found
    if fmt == "conll":
        tagged = set()
        for line in out.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) > 1 and any(tag != "O" for tag in parts[1:]):
                tagged.add(parts[0])
        return tagged
    if fmt == "spacy":
        spacy = pytest.importorskip("spacy")
        from spacy.tokens import DocBin

        docs = DocBin().from_disk(out).get_docs(spacy.blank("en").vocab)
        return {span.text for doc in docs for group in doc.spans.values() for span in group} | {
            ent.text for doc in docs for ent in doc.ents
        }
    if fmt in ("pairs", "entities"):  # links' two sides / the registry's mentions
        found = set()
        for line in out.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            sides = [record.get("a", {}), record.get("b", {}), *record.get("mentions", [])]
            found |= {side["text"] for side in sides if side.get("text")}
        return found
    raise AssertionError(f"no reader for {fmt}")


def words(texts: set[str]) -> set[str]:
    return {word for text in texts for word in text.split()}


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_keeps_suggestions_and_gold_apart(corpus, tmp_path, fmt):
    db, _ = corpus
    gold_words = {"Harlow", "gold", "31"}
    suggested_words = {"Pellin", "suggested", "17"}
    suffix = FORMATS[fmt].suffix
    plain, only = tmp_path / f"plain{suffix}", tmp_path / f"suggestions{suffix}"
    assert run(db, "export", "--format", fmt, "-o", str(plain)).exit_code == 0
    result = run(db, "export", "--format", fmt, "--suggestions", "-o", str(only))
    assert result.exit_code == 0, result.output
    normal, suggested = words(exported_texts(fmt, plain)), words(exported_texts(fmt, only))
    if fmt == "quotes":  # quotes and nothing else
        gold_words, suggested_words = {"gold"}, {"suggested"}
    if fmt in ("pairs", "entities"):  # links and the registry only: this corpus has neither
        assert normal == suggested == set()
        return
    assert gold_words <= normal and not suggested_words & normal
    assert suggested_words <= suggested and not gold_words & suggested


def test_suggest_stores_counts_and_o_writes_without_storing(db_path, tmp_path):
    with Store.open(db_path) as store:
        article_id, _ = store.add_article(title="Depot", text=TEXT)
    out = tmp_path / "proposals.jsonl"
    result = run(db_path, "suggest", "--source", "numbers", "-o", str(out))
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["text"] == TEXT
    assert [(s["text"], s["label"], s["source"], s["score"]) for s in record["spans"]] == [
        ("31 lorries", "NUMBER", "numbers", 0.9), ("17 vans", "NUMBER", "numbers", 0.9),
    ]  # fmt: skip
    with Store.open(db_path) as store:
        assert store.suggestions(article_id) == []
    result = run(db_path, "suggest", "--label", "NUMBER")
    assert result.exit_code == 0, result.output
    assert "2 suggestion(s) stored for 1 article(s)" in result.output
    with Store.open(db_path) as store:
        assert [s.text for s in store.suggestions(article_id)] == ["31 lorries", "17 vans"]
        store.reject_suggestions([store.suggestions(article_id)[0].id])
    again = run(db_path, "suggest", "--label", "NUMBER")
    assert "0 suggestion(s) stored" in again.output  # the rejected one is not proposed again
    # ...and suggest -o reads back as suggestions with their scores.
    result = run(db_path, "import", "--as-suggestions", str(out))
    assert result.exit_code == 0, result.output
    with Store.open(db_path) as store:
        assert [(s.text, s.state) for s in store.suggestions(article_id, state=None)] == [
            ("31 lorries", "rejected"), ("17 vans", "open"),
        ]  # fmt: skip


def test_a_bad_patterns_line_is_one_line_naming_file_and_line(db_path, tmp_path):
    patterns = tmp_path / "p.jsonl"
    patterns.write_text('{"label": "ACTOR", "pattern": "Pellin Orr"}\n{"label": "ACTOR"\n')
    result = run(db_path, "suggest", "--patterns", str(patterns))
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert line.startswith("Error: ") and "p.jsonl" in line and "line 2" in line


def label_studio(tmp_path: Path, start: int, end: int, text: str) -> Path:
    task = {
        "data": {"text": TEXT},
        "annotations": [],
        "predictions": [{
            "model_version": "ner-v7", "score": 0.4,
            "result": [
                {"id": "r1", "from_name": "label", "to_name": "text", "type": "labels",
                 "score": 0.93,
                 "value": {"start": start, "end": end, "text": text, "labels": ["ACTOR"]}},
                {"id": "r2", "from_name": "label", "to_name": "text", "type": "labels",
                 "value": {"start": TEXT.index("17"), "end": TEXT.index("17") + 7,
                           "text": "17 vans", "labels": ["NUMBER"]}},
            ],
        }],
    }  # fmt: skip
    path = tmp_path / "model.json"
    path.write_text(json.dumps([task]), encoding="utf-8")
    return path


def test_label_studio_predictions_import_as_suggestions_with_score_and_model_version(
    corpus, tmp_path
):
    db, article_id = corpus
    with Store.open(db) as store:
        store.clear_suggestions()
        before = store.spans(article_id)
    path = label_studio(tmp_path, *find("Pellin Orr"), "Pellin Orr")
    result = run(db, "import", "--as-suggestions", str(path))
    assert result.exit_code == 0, result.output
    assert "2 suggestion(s) stored for 1 article(s) (0 new)" in result.output
    with Store.open(db) as store:
        got = [(s.text, s.label, s.score, s.model_version, s.source)
               for s in store.suggestions(article_id)]  # fmt: skip
        assert got == [
            ("Pellin Orr", "ACTOR", 0.93, "ner-v7", "import:model.json"),
            ("17 vans", "NUMBER", 0.4, "ner-v7", "import:model.json"),
        ]
        assert store.spans(article_id) == before  # no gold added
        assert store.article_count() == 1


@pytest.mark.parametrize(
    ("start", "end", "text", "reason"),
    [(0, 9999, "Pellin Orr", "out of range"), (*find("Pellin Orr"), "Pellin Orb", "says")],
)
def test_a_bad_prediction_refuses_the_file_and_stores_nothing(
    corpus, tmp_path, start, end, text, reason
):
    db, article_id = corpus
    with Store.open(db) as store:
        store.clear_suggestions()
    path = label_studio(tmp_path, start, end, text)
    result = run(db, "import", "--as-suggestions", str(path))
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert "model.json: refused: task 1: span 1:" in first and reason in first
    with Store.open(db) as store:
        assert store.suggestions(article_id, state=None) == []


def test_evaluate_suggestions_scores_per_source_and_label(corpus):
    db, article_id = corpus
    with Store.open(db) as store:  # "17 vans" accepted: now gold, and one right suggestion
        (vans,) = [s for s in store.suggestions(article_id) if s.text == "17 vans"]
        store.accept_suggestions([vans.id], annotator="ana")
    result = run(db, "evaluate", "--suggestions", "--json")
    assert result.exit_code == 0, result.output
    rows = {(r["source"], r["label"]): r for r in json.loads(result.output)["rows"]}
    assert rows[("test", "NUMBER")] == {
        "source": "test", "label": "NUMBER", "proposed": 1, "correct": 1, "gold": 2,
        "precision": 1.0, "recall": 0.5,
    }  # fmt: skip
    assert rows[("test", "ACTOR")]["correct"] == 0 and rows[("test", "ACTOR")]["gold"] == 1
    assert rows[("all", "all")] == {
        "source": "all", "label": "all", "proposed": 3, "correct": 1, "gold": 4,
        "precision": round(1 / 3, 4), "recall": 0.25,
    }  # fmt: skip
    table = run(db, "evaluate", "--suggestions")
    assert "Suggestions scored on 1 article(s)" in table.output


def test_a_kind_only_ever_rejected_is_not_proposed_again_anywhere(store):
    """Rejecting "15 March" as a NUMBER silences "16 March" in another article; a bare
    number rejected silences nothing else, and a kind once accepted stays proposed."""
    from annotator.core.suggesting import propose

    first, _ = store.add_article(title="A", text="Shut on 15 March; the total was 3,000.")
    second, _ = store.add_article(title="B", text="It opened on 16 March; the total was 4,200.")
    stored = store.store_suggestions(propose(store, [first], sources=["numbers"]))
    by_text = {s.text: s for s in stored}
    assert {"15 March", "3,000"} <= set(by_text)
    store.reject_suggestions([by_text["15 March"].id, by_text["3,000"].id])
    again = {s.text for s in propose(store, [second], sources=["numbers"])}
    assert "16 March" not in again and "4,200" in again
    store.add_span(second, *(lambda i: (i, i + 8))(store.article_text(second).index("16 March")),
                   "NUMBER")  # fmt: skip
    assert "16 March" in {s.text for s in propose(store, [second], sources=["numbers"])}


def test_a_spacy_model_not_installed_is_one_line_and_nothing_is_stored(corpus):
    db, article_id = corpus
    with Store.open(db) as store:
        store.clear_suggestions()
    result = run(db, "suggest", "--spacy-model", "xx_invented_pipeline_zz")
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert "xx_invented_pipeline_zz" in line and "install" in line
    with Store.open(db) as store:
        assert store.suggestions(article_id, state=None) == []


def test_suggest_for_a_story_or_articles_only_and_unknown_ones_are_one_line(db_path):
    with Store.open(db_path) as store:
        flood, _ = store.add_article(title="Flood", text="Crews moved 40 cars from the quay.")
        fire, _ = store.add_article(title="Fire", text="Crews saved 12 barns on the hill.")
        other, _ = store.add_article(title="Other", text="Crews found 9 boats at the pier.")
        store.assign_story([flood, fire], "Storm week")
    result = run(db_path, "suggest", "--source", "numbers", "--story", "Storm week")
    assert result.exit_code == 0, result.output
    assert "2 suggestion(s) stored for 2 article(s)" in result.output
    result = run(db_path, "suggest", "--source", "numbers", "--article", str(other))
    assert "1 suggestion(s) stored for 1 article(s)" in result.output
    with Store.open(db_path) as store:
        assert [s.text for s in store.iter_suggestions()] == ["40 cars", "12 barns", "9 boats"]
    for args in (["--story", "No such week"], ["--article", "999"], ["--label", "NOPE"]):
        result = run(db_path, "suggest", *args)
        assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1, args


@pytest.mark.parametrize("suffix", ["", "-wal", "-journal"])
def test_suggest_o_never_writes_onto_the_corpus_or_beside_it(db_path, suffix):
    with Store.open(db_path) as store:
        store.add_article(title="Depot", text=TEXT)
    before = db_path.read_bytes()
    target = db_path.with_name(db_path.name + suffix)
    result = run(db_path, "suggest", "--source", "numbers", "-o", str(target))
    assert result.exit_code == 1
    assert "choose another name for the suggestions" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert db_path.read_bytes() == before
    if suffix == "-journal":  # nothing made beside it either (a -wal is the store's own)
        assert not target.exists()
