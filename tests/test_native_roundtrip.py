"""Native JSONL export: shape, atomic writing, and import reproducing the corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.errors import ExportError
from annotator.core.export import export_jsonl
from annotator.core.importing import import_paths, import_sample
from annotator.core.store import Store


def tagged_sample(store: Store) -> None:
    import_sample(store)
    for article, _ in list(store.iter_articles()):
        text = article.text
        for word, label in (("Portmerrow", "ACTOR"), ("6,000", "NUMBER"), ("said", "CLAIM")):
            start = text.find(word)
            if start >= 0:
                store.add_span(article.id, start, start + len(word), label, annotator="ana")
        if "🌊" in text:
            start = text.index("🌊")
            store.add_span(article.id, start - 3, start + 1, "QUOTE", attributes={"k": 1})
    store.set_status(1, "done")


def snapshot(store: Store):
    return [
        (a.title, a.text, a.meta, a.status,
         [(s.start, s.end, s.label, s.text, s.annotator, s.attributes) for s in spans])
        for a, spans in store.iter_articles()
    ]  # fmt: skip


def test_native_lines_have_the_documented_shape(store, tmp_path):
    tagged_sample(store)
    out = tmp_path / "corpus.jsonl"
    summary = export_jsonl(store, out)
    lines = out.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == ""
    records = [json.loads(line) for line in lines[:-1]]
    assert len(records) == summary.articles == store.article_count()
    # article 1, and the second story's four articles, which ship done
    assert summary.unfinished == store.article_count() - 5
    for record in records:
        # the story, the actors, the links and relations are there only when the article
        # has any (every sample article has a story; the second story has all four)
        optional = {"story", "actors", "links", "relations"}
        assert set(record) - optional == {"id", "title", "text", "meta", "status", "spans"}
        for span in record["spans"]:
            assert {"id", "start", "end", "label", "text", "annotator"} <= set(span)
            assert record["text"][span["start"] : span["end"]] == span["text"]
    assert sum(len(r["spans"]) for r in records) == summary.spans > 0


def test_prodigy_style_reader_takes_the_native_file_unchanged(store, tmp_path):
    """A reader of the Prodigy/spaCy span format needs only text + spans[start,end,label]."""
    tagged_sample(store)
    out = tmp_path / "corpus.jsonl"
    export_jsonl(store, out)
    with out.open(encoding="utf-8") as handle:  # what srsly.read_jsonl does: iterate lines
        for line in handle:
            task = json.loads(line)
            for span in task["spans"]:
                assert isinstance(span["start"], int) and isinstance(span["label"], str)
                assert task["text"][span["start"] : span["end"]] == span["text"]


def test_round_trip_reproduces_articles_and_spans(store, tmp_path):
    tagged_sample(store)
    out = tmp_path / "corpus.jsonl"
    export_jsonl(store, out)
    fresh = Store.open(None)
    report = import_paths(fresh, [out])
    assert not report.refused
    assert snapshot(fresh) == snapshot(store)
    # and importing again adds nothing
    assert import_paths(fresh, [out]).added == 0


def test_status_filter(store, tmp_path):
    tagged_sample(store)
    out = tmp_path / "done.jsonl"
    # article 1, and the second story's four articles, which ship done
    assert export_jsonl(store, out, status="done").articles == 5


def test_export_replaces_the_file_atomically_and_leaves_nothing_on_failure(store, tmp_path):
    tagged_sample(store)
    out = tmp_path / "corpus.jsonl"
    out.write_text("previous export\n")
    # corrupt one span behind the store's back: the export must refuse it
    store.conn.execute("UPDATE spans SET text = 'tampered' WHERE id = 1")
    with pytest.raises(ExportError, match="stored text does not match"):
        export_jsonl(store, out)
    assert out.read_text() == "previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.jsonl"]


def test_export_interrupted_midway_leaves_no_partial_file(store, tmp_path):
    tagged_sample(store)
    out = tmp_path / "corpus.jsonl"

    def stop_after_two(count: int) -> None:
        if count == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        export_jsonl(store, out, progress=stop_after_two)
    assert list(Path(tmp_path).iterdir()) == []


def test_exported_file_has_ordinary_permissions(store, tmp_path):
    import os
    import stat

    tagged_sample(store)
    out = tmp_path / "corpus.jsonl"
    export_jsonl(store, out)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask
