"""Property tests: import, store and export keep text[start:end] == span text.

Generated text mixes astral characters (emoji, flags, ZWJ sequences), combining
marks, CR, LF, CRLF, U+2028/U+2029, NBSP, zero-width characters, a BOM inside
the text, right-to-left script and markup-looking strings.
"""

from __future__ import annotations

import json
import sqlite3

from hypothesis import HealthCheck, given, settings

from annotator.core.export import export_jsonl
from annotator.core.importing import import_paths
from annotator.core.store import Store
from tests.strategies import article_text, text_with_spans

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(text=article_text)
def test_text_file_import_is_verbatim(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("in")
    path = folder / "a.txt"
    path.write_bytes(text.encode("utf-8"))
    store = Store.open(None)
    report = import_paths(store, [path])
    if text.startswith("\ufeff"):
        expected = text[1:]  # a leading BOM is the one thing dropped
        if not expected.strip():
            assert report.refused
            return
    else:
        expected = text
    assert not report.refused, report.files[0].line()
    ((article, _),) = store.iter_articles()
    assert article.text == expected


@SETTINGS
@given(case=text_with_spans())
def test_store_export_import_keep_every_span_exact(tmp_path_factory, case):
    text, spans = case
    folder = tmp_path_factory.mktemp("rt")
    db = folder / "c.sqlite3"
    store = Store.open(db)
    article_id, _ = store.add_article(title="t", text=text)
    kept = set()
    for start, end, label in spans:
        if (start, end, label) in kept:
            continue
        span = store.add_span(article_id, start, end, label)
        kept.add((start, end, label))
        assert span.text == text[start:end]
    # what is in the database file, read with plain sqlite3, is exact too
    raw = sqlite3.connect(db)
    stored_text = raw.execute("SELECT text FROM article_texts").fetchone()[0]
    assert stored_text == text
    for start, end, piece in raw.execute("SELECT start, end, text FROM spans"):
        assert stored_text[start:end] == piece
    raw.close()
    out = folder / "out.jsonl"
    export_jsonl(store, out)
    with out.open(encoding="utf-8") as handle:
        (line,) = list(handle)
    record = json.loads(line)
    assert record["text"] == text
    assert {(s["start"], s["end"], s["label"]) for s in record["spans"]} == kept
    assert all(text[s["start"] : s["end"]] == s["text"] for s in record["spans"])
    fresh = Store.open(None)
    assert not import_paths(fresh, [out]).refused
    ((article, again),) = fresh.iter_articles()
    assert article.text == text
    assert {(s.start, s.end, s.label, s.text) for s in again} == {
        (a, b, lab, text[a:b]) for a, b, lab in kept
    }
    store.close()


@SETTINGS
@given(case=text_with_spans())
def test_jsonl_import_of_generated_tasks(tmp_path_factory, case):
    text, spans = case
    path = tmp_path_factory.mktemp("j") / "tasks.jsonl"
    task = {"text": text, "spans": [{"start": a, "end": b, "label": lab, "text": text[a:b]}
                                    for a, b, lab in spans]}  # fmt: skip
    path.write_text(json.dumps(task, ensure_ascii=False) + "\n", encoding="utf-8")
    store = Store.open(None)
    report = import_paths(store, [path])
    assert not report.refused, report.files[0].line()
    ((article, stored),) = store.iter_articles()
    assert article.text == text
    assert {(s.start, s.end, s.label) for s in stored} == {tuple(s) for s in spans}
    assert all(text[s.start : s.end] == s.text for s in stored)
