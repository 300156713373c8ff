"""An article's outlet and date in every export that has a place for them, and back in."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from annotator.core.export import export_corpus
from annotator.core.importing import import_paths
from annotator.core.store import NewSpan, Store

TEXT = "Velmora port reopened after 14 containers fell, said harbourmaster Ilse Brandvik."
META = {"outlet": "The Velmora Ledger", "date": "2031-04-02", "url": "https://ledger.example/1"}


def fill(store: Store) -> None:
    start = TEXT.index("14 containers")
    store.add_article(
        title="Port reopens", text=TEXT, meta=META,
        spans=[NewSpan(start, start + len("14 containers"), "NUMBER", annotator="ana")],
    )  # fmt: skip
    # no meta at all: empty cells and no keys, never "None"
    store.add_article(title="Bare", text="A quiet day at the Velmora docks.", spans=[])


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("format", ["jsonl", "prodigy", "doccano"])
def test_json_lines_formats_carry_the_whole_meta(store, tmp_path, format):
    fill(store)
    out = tmp_path / "out.jsonl"
    export_corpus(store, out, format=format)
    first, second = lines(out)
    assert first["meta"] == META and second["meta"] == {}


def test_csv_has_outlet_and_date_columns(store, tmp_path):
    fill(store)
    out = tmp_path / "spans.csv"
    export_corpus(store, out, format="csv")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["text"], r["outlet"], r["date"]) for r in rows] == [
        ("14 containers", "The Velmora Ledger", "2031-04-02")
    ]


def test_csv_meta_cells_are_one_line_and_never_formulas(store, tmp_path):
    store.add_article(
        title="t", text="Crane fell.", meta={"outlet": "=cmd\nline", "date": 20310402},
        spans=[NewSpan(0, 5, "ACTOR")],
    )  # fmt: skip
    out = tmp_path / "spans.csv"
    export_corpus(store, out, format="csv")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert (row["outlet"], row["date"]) == ("'=cmd line", "20310402")


def test_label_studio_data_has_outlet_and_date_and_imports_back(store, tmp_path):
    fill(store)
    out = tmp_path / "tasks.json"
    export_corpus(store, out, format="labelstudio")
    first, second = json.loads(out.read_text(encoding="utf-8"))
    assert (first["data"]["outlet"], first["data"]["date"]) == ("The Velmora Ledger", "2031-04-02")
    assert "outlet" not in second["data"] and "date" not in second["data"]
    again = Store.open(None)
    try:
        assert import_paths(again, [out]).added == 2
        metas = [article.meta for article, _ in again.iter_articles()]
        assert metas[0] == {"outlet": "The Velmora Ledger", "date": "2031-04-02"}
    finally:
        again.close()


def test_brat_notes_carry_outlet_and_date_on_the_first_span_and_import_back(store, tmp_path):
    fill(store)
    out = tmp_path / "brat"
    summary = export_corpus(store, out, format="brat")
    ann = next(out.glob("*port*.ann")).read_text(encoding="utf-8").splitlines()
    notes = [line.split("\t") for line in ann if line.startswith("#")]
    assert notes == [
        ["#1", "AnnotatorNotes T1", "annotator: ana"],
        ["#2", "AnnotatorNotes T1", "article outlet: The Velmora Ledger"],
        ["#3", "AnnotatorNotes T1", "article date: 2031-04-02"],
    ]
    # every note's id is unique and names a T line, as brat requires
    assert len({n[0] for n in notes}) == len(notes)
    assert not any("outlet" in line for line in summary.notes)  # "Bare" has none to lose
    again = Store.open(None)
    try:
        import_paths(again, [out])
        (article, spans), _bare = list(again.iter_articles())
        assert article.meta == {"outlet": "The Velmora Ledger", "date": "2031-04-02"}
        assert [(s.label, s.annotator) for s in spans] == [("NUMBER", "ana")]
    finally:
        again.close()


def test_brat_names_articles_whose_outlet_has_no_span_to_ride_on(store, tmp_path):
    store.add_article(title="No spans", text="Tide tables changed.", meta=META)
    summary = export_corpus(store, tmp_path / "brat", format="brat")
    assert any("1 article(s) with an outlet or date but no span" in n for n in summary.notes)
