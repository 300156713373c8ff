"""Exports import back into the same articles and spans; the new importers refuse clearly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from annotator.core.export import export_corpus
from annotator.core.formats.brat import fragments
from annotator.core.importing import import_paths
from annotator.core.store import NewSpan, Store
from tests.strategies import text_with_spans
from tests.test_export_formats import tricky_corpus

ROUND_TRIP_FORMATS = ["jsonl", "prodigy", "doccano", "labelstudio", "brat"]
SUFFIX = {"jsonl": ".jsonl", "prodigy": ".jsonl", "doccano": ".jsonl",
          "labelstudio": ".json", "brat": ""}  # fmt: skip


def corpus_spans(store: Store, *, with_annotator: bool) -> dict[str, set[tuple]]:
    """Text -> spans, so articles compare whatever ids they got."""
    return {
        article.text: {
            (s.start, s.end, s.label, s.text) + ((s.annotator,) if with_annotator else ())
            for s in spans
        }
        for article, spans in store.iter_articles()
    }


def brat_expected(store: Store) -> dict[str, set[tuple]]:
    """What brat can hold: line breaks at a span's edges trimmed, line-break-only spans gone."""
    result = {}
    for article, spans in store.iter_articles():
        kept = set()
        for s in spans:
            pieces = fragments(article.text, s.start, s.end)
            if pieces:
                start, end = pieces[0][0], pieces[-1][1]
                kept.add((start, end, s.label, article.text[start:end]))
        result[article.text] = kept
    return result


def round_trip(store: Store, fmt: str, folder: Path) -> Store:
    out = folder / f"export{SUFFIX[fmt]}"
    export_corpus(store, out, format=fmt)
    copy = Store.open(None)
    report = import_paths(copy, [out])
    assert not report.refused, [f.line() for f in report.refused]
    assert not report.skipped
    return copy


@pytest.mark.parametrize("fmt", ROUND_TRIP_FORMATS)
def test_round_trip_of_the_tricky_corpus(store, tmp_path, fmt):
    tricky_corpus(store)
    copy = round_trip(store, fmt, tmp_path)
    if fmt == "brat":
        assert corpus_spans(copy, with_annotator=False) == brat_expected(store)
        # brat notes carry the annotator back
        assert corpus_spans(copy, with_annotator=True) == corpus_spans(store, with_annotator=True)
    else:
        with_annotator = fmt in ("jsonl", "prodigy")  # doccano/Label Studio have no place for it
        assert corpus_spans(copy, with_annotator=with_annotator) == corpus_spans(
            store, with_annotator=with_annotator
        )
    if fmt != "brat":  # brat has no title or status; the first line becomes the title
        want = sorted((a.text, a.title, a.status) for a, _ in store.iter_articles())
        got = sorted((a.text, a.title, a.status) for a, _ in copy.iter_articles())
        assert got == want
    copy.close()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sample=text_with_spans())
@pytest.mark.parametrize("fmt", ROUND_TRIP_FORMATS)
def test_round_trip_property(tmp_path_factory, fmt, sample):
    """Any text (emoji, CRLF, lone CR, U+2028, NBSP, combining marks, BOM...) and spans."""
    text, spans = sample
    folder = tmp_path_factory.mktemp(fmt)
    with Store.open(None) as store:
        store.add_article(title="t", text=text,
                          spans=[NewSpan(s, e, label) for s, e, label in spans])  # fmt: skip
        copy = round_trip(store, fmt, folder)
        want = brat_expected(store) if fmt == "brat" else corpus_spans(store, with_annotator=False)
        assert corpus_spans(copy, with_annotator=False) == want
        copy.close()


def test_brat_discontinuous_span_from_another_tool_becomes_fragments(store, tmp_path):
    text = "The mayor, it was said, resigned on Monday."
    (tmp_path / "doc.txt").write_text(text, encoding="utf-8")
    (tmp_path / "doc.ann").write_text(
        "T1\tCLAIM 0 9;24 42\tThe mayor resigned on Monday\n"
        "T2\tACTOR 4 9\tmayor\n"
        "R1\tSays Arg1:T2 Arg2:T1\n"
        "#1\tAnnotatorNotes T2\tannotator: ana\n",
        encoding="utf-8",
    )
    (tmp_path / "annotation.conf").write_text("[entities]\nCLAIM\nACTOR\n", encoding="utf-8")
    report = import_paths(store, [tmp_path])
    assert report.skipped == [] and not report.refused
    ((_, spans),) = list(store.iter_articles())
    got = sorted((s.text, s.label, s.annotator, s.attributes) for s in spans)
    assert got == [
        ("The mayor", "CLAIM", "", {"brat_id": "T1"}),
        ("mayor", "ACTOR", "ana", {}),
        ("resigned on Monday", "CLAIM", "", {"brat_id": "T1"}),
    ]


@pytest.mark.parametrize(
    ("ann", "reason"),
    [
        ("T1\tCLAIM 0 3\tXYZ\n", "says 'XYZ' but the text there is 'The'"),
        ("T1\tCLAIM 0 99\tThe\n", "out of range"),
        ("T1\tCLAIM zero three\tThe\n", "are not START END"),
        ("T1 CLAIM 0 3 The\n", "expected 'T<n><TAB>TYPE START END<TAB>TEXT'"),
    ],
)
def test_bad_brat_files_are_refused_whole_with_one_line(store, tmp_path, ann, reason):
    (tmp_path / "doc.txt").write_text("The text.", encoding="utf-8")
    (tmp_path / "doc.ann").write_text("T9\tACTOR 4 8\ttext\n" + ann, encoding="utf-8")
    report = import_paths(store, [tmp_path / "doc.txt"])
    (refused,) = report.refused
    line = refused.line()
    assert "doc.txt: refused: doc.ann line 2" in line and reason in line
    assert "\n" not in line
    assert store.article_count() == 0  # nothing from the file, not even line 1


def test_labelstudio_export_from_label_studio_with_predictions_and_cancelled(store, tmp_path):
    tasks = [
        {"id": 5, "data": {"text": "Mayor Quill resigned."},
         "annotations": [
             {"was_cancelled": True, "result": [
                 {"type": "labels", "value": {"start": 0, "end": 5, "labels": ["ACTOR"]}}]},
             {"result": [
                 {"type": "labels", "value": {"start": 6, "end": 11, "text": "Quill",
                                              "labels": ["ACTOR", "QUOTE"]}},
                 {"type": "choices", "value": {"choices": ["ok"]}}]}]},
        {"data": {"text": "A system said 40%."},
         "predictions": [{"result": [
             {"type": "labels", "value": {"start": 14, "end": 17, "labels": ["NUMBER"]}}]}]},
    ]  # fmt: skip
    path = tmp_path / "ls.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    report = import_paths(store, [path])
    assert not report.refused
    got = {a.text: sorted((s.text, s.label) for s in spans) for a, spans in store.iter_articles()}
    assert got == {
        "Mayor Quill resigned.": [("Quill", "ACTOR"), ("Quill", "QUOTE")],
        "A system said 40%.": [("40%", "NUMBER")],
    }


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("[", "malformed JSON"),
        ("[]", "empty list"),
        ('[{"data": {"text": "Hi there"}, "annotations": [{"result": [{"type": "labels", '
         '"value": {"start": 0, "end": 2, "text": "Ho", "labels": ["CLAIM"]}}]}]}]',
         'task 1: span 1: span [0, 2) says "Ho" but the text there is "Hi"'),
        ('[{"data": {"text": "Hi there"}, "annotations": "x"}]', "not a list"),
        ('[{"data": {"title": "no text"}}]', 'no "text" string'),
    ],
)  # fmt: skip
def test_bad_labelstudio_files_are_refused_with_one_line(store, tmp_path, content, reason):
    path = tmp_path / "tasks.json"
    path.write_text(content, encoding="utf-8")
    report = import_paths(store, [path])
    (refused,) = report.refused
    assert reason in refused.line() and str(path) in refused.line()
    assert store.article_count() == 0


def test_prodigy_tasks_with_tokens_import_by_character_offsets(store, tmp_path):
    task = {
        "text": "Ada Quill spoke.",
        "tokens": [{"text": "Ada", "start": 0, "end": 3, "id": 0, "ws": True},
                   {"text": "Quill", "start": 4, "end": 9, "id": 1, "ws": True},
                   {"text": "spoke", "start": 10, "end": 15, "id": 2, "ws": False},
                   {"text": ".", "start": 15, "end": 16, "id": 3, "ws": False}],
        "spans": [{"start": 0, "end": 9, "label": "ACTOR", "token_start": 0, "token_end": 1}],
        "answer": "accept",
    }  # fmt: skip
    path = tmp_path / "prodigy.jsonl"
    path.write_text(json.dumps(task) + "\n", encoding="utf-8")
    assert not import_paths(store, [path]).refused
    ((_, spans),) = list(store.iter_articles())
    assert [(s.text, s.label) for s in spans] == [("Ada Quill", "ACTOR")]
