"""The second, independent annotation of five sample articles (bench/data/sample-second.jsonl).

It exists to be compared with the exhaustive gold, so it must be exactly what its script
writes, on exactly the texts the sample corpus ships, and every span must slice to its text.
"""

from __future__ import annotations

import itertools
import json

from annotator.core.importing import import_file
from bench.data.make_sample_second import COUNCIL, LORVIK, OUT, ROOT, content


def _records() -> list[dict]:
    return [json.loads(line) for line in OUT.read_bytes().decode("utf-8").splitlines()]


def test_the_file_is_what_its_script_writes():
    assert OUT.read_bytes() == content().encode("utf-8")


def test_every_span_slices_to_its_text_and_starts_and_ends_on_no_space():
    records = _records()
    assert len(records) == 5
    for record in records:
        text = record["text"]
        assert record["spans"]
        for span in record["spans"]:
            assert text[span["start"] : span["end"]] == span["text"], span
            assert span["text"] == span["text"].strip(), span
            assert span["label"] in {"CLAIM", "NUMBER", "ACTOR", "QUOTE"}


def test_the_texts_are_the_sample_corpus_texts_unchanged():
    council, *lorvik = _records()
    # 03 keeps its CRLF line endings: offsets count the carriage returns
    assert council["text"] == (ROOT / COUNCIL).read_bytes().decode("utf-8")
    assert "\r\n" in council["text"] and council["meta"] == {"source": COUNCIL}
    shipped = [json.loads(line) for line in (ROOT / LORVIK).read_text("utf-8").splitlines()]
    assert [(r["title"], r["text"]) for r in lorvik] == [(r["title"], r["text"]) for r in shipped]
    assert [r["meta"] for r in lorvik] == [{"source": LORVIK, "record": r["id"]} for r in shipped]


def test_no_span_nests_in_or_overlaps_another_of_its_label():
    # The guideline's General rule: one mention is never counted twice under one label.
    for record in _records():
        for label in {s["label"] for s in record["spans"]}:
            places = sorted((s["start"], s["end"]) for s in record["spans"] if s["label"] == label)
            for (_, end), (start, _) in itertools.pairwise(places):
                assert end <= start, (record["title"], label, start)


def test_it_imports_as_native_json_lines_with_every_span(store, tmp_path):
    path = tmp_path / "sample-second.jsonl"
    path.write_bytes(OUT.read_bytes())
    report = import_file(store, path)
    assert not report.refused and report.notes == []
    records = _records()
    assert report.added == 5 and report.spans == sum(len(r["spans"]) for r in records)
    for article_id, record in zip(store.article_ids(), records, strict=True):
        assert store.article(article_id).text == record["text"]
        stored = {(s.start, s.end, s.label, s.text) for s in store.spans(article_id)}
        assert stored == {(s["start"], s["end"], s["label"], s["text"]) for s in record["spans"]}
