"""The exhaustive gold of the sample corpus (bench/data/sample-gold-full.md)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from annotator.core.importing import import_paths
from bench.data import make_sample_gold_full as full

DATA = Path(full.__file__).parent
OLD = DATA / "sample-gold.jsonl"


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def source(record: dict) -> str:
    meta = record["meta"]
    return f"{meta['file']}#{meta['record']}" if "record" in meta else meta["file"]


def test_the_shipped_file_is_what_its_script_writes(tmp_path):
    out = tmp_path / "gold.jsonl"
    full.main(out)
    assert out.read_bytes() == full.OUT.read_bytes()


def test_it_covers_all_ten_articles_with_their_texts_unchanged():
    gold = records(full.OUT)
    assert [source(r) for r in gold] == list(full.GOLD)
    assert len(gold) == 10
    lorvik = {
        f"{full.LORVIK}#{r['id']}": r["text"] for r in records(full.SAMPLE / full.LORVIK)
    }
    for record in gold:
        name = source(record)
        expected = (
            lorvik[name] if name in lorvik
            else (full.SAMPLE / name).read_bytes().decode("utf-8")
        )  # fmt: skip
        assert record["text"] == expected, name
    assert "\r\n" in gold[2]["text"]  # 03 keeps its CRLF


def test_every_span_slices_to_a_listed_text_and_every_listed_span_is_there():
    for record in records(full.OUT):
        text = record["text"]
        found = Counter((s["label"], text[s["start"] : s["end"]]) for s in record["spans"])
        listed = Counter((label, needle) for label, needle, *_ in full.GOLD[source(record)])
        assert found == listed, source(record)
        for span in record["spans"]:
            piece = text[span["start"] : span["end"]]
            assert piece == piece.strip() and piece, (source(record), span)


def test_the_old_gold_is_contained_but_for_the_listed_exceptions():
    new = {
        r["meta"]["file"]: {(s["start"], s["end"], s["label"]) for s in r["spans"]}
        for r in records(full.OUT)
    }
    missing = []
    for old in records(OLD):
        for span in old["spans"]:
            key = (span["start"], span["end"], span["label"])
            if key not in new[old["meta"]["file"]]:
                text = old["text"][span["start"] : span["end"]]
                missing.append((old["meta"]["file"], span["label"], text))
    assert sum(len(r["spans"]) for r in records(OLD)) == 122
    assert sorted(missing) == sorted((f, lab, text) for f, lab, text, _ in full.LEFT_OUT)
    guideline = (DATA / "sample-gold-full.md").read_text(encoding="utf-8")
    section = guideline.split("## Old spans left out", 1)[1]
    for name, label, text, _ in full.LEFT_OUT:
        assert f'{name[:2]}, {label} "{text}"' in section


def test_the_file_imports_into_an_empty_corpus_with_the_same_spans(store):
    report = import_paths(store, [full.OUT])
    assert not report.refused and report.added == 10
    imported = {
        (article.title, article.text): sorted((s.start, s.end, s.label) for s in spans)
        for article, spans in store.iter_articles()
    }
    expected = {
        (r["title"], r["text"]): sorted((s["start"], s["end"], s["label"]) for s in r["spans"])
        for r in records(full.OUT)
    }
    assert imported == expected
    assert sum(len(spans) for spans in imported.values()) == sum(map(len, full.GOLD.values()))


def test_the_guideline_counts_are_the_file_counts():
    rows = [
        line.split("|")[2:7]
        for line in (DATA / "sample-gold-full.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("| 0")
    ]
    labels = ["CLAIM", "NUMBER", "ACTOR", "QUOTE"]
    counted = []
    for record in records(full.OUT):
        by_label = Counter(s["label"] for s in record["spans"])
        counted.append([by_label[label] for label in labels] + [len(record["spans"])])
    assert [[int(cell) for cell in row] for row in rows] == counted
