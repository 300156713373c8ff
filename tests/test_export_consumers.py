"""The Label Studio export, read by Label Studio's own converter from PyPI.

``label-studio-converter`` is the library Label Studio uses to turn a
project's tasks into JSON-MIN, CoNLL 2003, CSV...  It is given our config
file and our tasks file exactly as written (a path each, nothing patched),
so a field Label Studio's tools rely on and we leave out fails here.

doccano has no such reader that installs: ``doccano-transformer`` (last
release 2020) imports ``spacy.gold``, gone since spaCy 3, and reads the old
``labels`` key rather than ``label``; the ``doccano`` server package is about
700 MB with a pandas pin that does not load beside numpy 2.  Its export stays
checked by structure and by our own re-import in test_export_formats.py.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from annotator.core.export import export_corpus
from annotator.core.store import Store
from tests.test_export_formats import FLOOD, find, tricky_corpus

converter = pytest.importorskip("label_studio_converter")
from label_studio_converter.utils import parse_config  # noqa: E402

SpanKey = tuple[int, int, str, str]

# A label whose name needs escaping in XML and holds a space.
ODD_LABEL = 'Q&A <"hot"> take'


def tagged_corpus(store: Store) -> dict[str, int]:
    ids = tricky_corpus(store)
    store.add_label(ODD_LABEL)
    start, end = find(FLOOD, "a resident")
    store.add_span(ids["flood"], start, end, ODD_LABEL, annotator="cy")
    return ids


def export_labelstudio(store: Store, folder: Path) -> tuple[Path, Path]:
    tasks = folder / "tasks.json"
    export_corpus(store, tasks, format="labelstudio")
    config = folder / "tasks.config.xml"
    assert config.is_file()
    return tasks, config


def convert(config: Path, tasks: Path, out: Path, fmt: str) -> Path:
    """Run the converter as Label Studio does, on our files as they are."""
    tool = converter.Converter(config=str(config), project_dir=None, download_resources=False)
    assert fmt in tool.supported_formats
    tool.convert(str(tasks), str(out), fmt, is_dir=False)
    return out


def spans_by_annotator(store: Store) -> dict[int, dict[str, list[SpanKey]]]:
    corpus: dict[int, dict[str, list[SpanKey]]] = {}
    for article, spans in store.iter_articles():
        groups = corpus.setdefault(article.id, {})
        for span in spans:
            groups.setdefault(span.annotator, []).append(
                (span.start, span.end, span.label, span.text)
            )
    return corpus


@pytest.fixture
def exported(store, tmp_path):
    ids = tagged_corpus(store)
    tasks, config = export_labelstudio(store, tmp_path)
    return store, ids, tasks, config


def test_converter_reads_our_config_labels_and_names(exported):
    store, _, _, config = exported
    schema = parse_config(config.read_text(encoding="utf-8"))
    assert list(schema) == ["label"]
    control = schema["label"]
    assert control["type"] == "Labels"
    assert control["to_name"] == ["text"]
    assert control["inputs"] == [{"type": "Text", "value": "text"}]
    assert control["labels"] == [label.name for label in store.labels()]
    assert ODD_LABEL in control["labels"]


def test_json_min_keeps_every_article_text_and_span_exact(exported, tmp_path):
    store, ids, tasks, config = exported
    out = convert(config, tasks, tmp_path / "min", "JSON_MIN")
    records = json.loads((out / "result.json").read_text(encoding="utf-8"))
    expected = spans_by_annotator(store)

    by_article: dict[int, list[dict[str, Any]]] = {}
    for record in records:
        by_article.setdefault(record["id"], []).append(record)
    assert set(by_article) == set(ids.values())

    checked = 0
    for article_id, group in by_article.items():
        article = store.article(article_id)
        # one record per annotation, i.e. per annotator; an untagged article still appears
        assert len(group) == max(1, len(expected.get(article_id, {})))
        got: list[SpanKey] = []
        for record in group:
            assert record["text"] == article.text  # CRLF, U+2028, NBSP, emoji all intact
            assert record["article_id"] == article_id
            assert record["title"] == article.title
            for region in record.get("label", []):
                text = record["text"]
                assert text[region["start"] : region["end"]] == region["text"]
                assert len(region["labels"]) == 1
                got.append((region["start"], region["end"], region["labels"][0], region["text"]))
                checked += 1
        want = [span for spans in expected.get(article_id, {}).values() for span in spans]
        assert Counter(got) == Counter(want)
    assert checked == sum(len(s) for g in expected.values() for s in g.values()) == 13
    untagged = by_article[ids["untagged"]]
    assert "label" not in untagged[0]


def test_json_min_groups_spans_as_our_annotators_did(exported, tmp_path):
    # the converter drops annotator names we do not send as Label Studio users,
    # but each of our annotators must stay one annotation with exactly their spans
    store, _, tasks, config = exported
    out = convert(config, tasks, tmp_path / "min", "JSON_MIN")
    records = json.loads((out / "result.json").read_text(encoding="utf-8"))
    expected = spans_by_annotator(store)
    for record in records:
        regions = sorted(
            (r["start"], r["end"], r["labels"][0], r["text"]) for r in record.get("label", [])
        )
        if regions:
            assert regions in [sorted(s) for s in expected[record["id"]].values()]


def read_conll2003(path: Path) -> list[list[tuple[str, str]]]:
    """Documents as (token, tag) rows; the converter writes one per annotation."""
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[0] == "-DOCSTART- -X- O"
    docs: list[list[tuple[str, str]]] = [[]]
    for line in lines[1:]:
        if not line:
            docs.append([])
            continue
        # a token never holds a space; a label may ("Q&A <\"hot\"> take"), and the
        # converter writes it as it is, so the tag is everything after the third space
        token, x, underscore, tag = line.split(" ", 3)
        assert (x, underscore) == ("-X-", "_")
        docs[-1].append((token, tag))
    return [doc for doc in docs if doc]


def token_offsets(text: str, tokens: list[str]) -> list[tuple[int, int]]:
    """Where each token sits in the text, in order: proves none was shifted or altered."""
    offsets = []
    cursor = 0
    for token in tokens:
        start = text.index(token, cursor)
        assert text[cursor:start].strip() == "", (cursor, start, token)
        offsets.append((start, start + len(token)))
        cursor = start + len(token)
    assert text[cursor:].strip() == ""
    return offsets


def test_conll2003_tags_every_span_on_token_boundaries(exported, tmp_path):
    _, _, tasks, config = exported
    out = convert(config, tasks, tmp_path / "conll", "CONLL2003")
    docs = read_conll2003(out / "result.conll")
    # the converter walks tasks in file order and, in each, the annotations in order
    expected: list[tuple[str, list[SpanKey]]] = []
    for task in json.loads(tasks.read_text(encoding="utf-8")):
        text = task["data"]["text"]
        annotations = task["annotations"] or [{"result": []}]
        for annotation in annotations:
            values = [region["value"] for region in annotation["result"]]
            spans = [(v["start"], v["end"], v["labels"][0], v["text"]) for v in values]
            expected.append((text, spans))
    assert len(docs) == len(expected)

    exact = 0
    for doc, (text, spans) in zip(docs, expected, strict=True):
        tokens = [token for token, _ in doc]
        tags = [tag for _, tag in doc]
        offsets = token_offsets(text, tokens)
        for i, (start, end) in enumerate(offsets):
            if not any(s < end and start < e for s, e, _, _ in spans):
                assert tags[i] == "O", (tokens[i], tags[i])
        starts = {s: i for i, (s, _) in enumerate(offsets)}
        ends = {e: i for i, (_, e) in enumerate(offsets)}
        for start, end, label, span_text in spans:
            alone = not any(
                (s, e) != (start, end) and s < end and start < e for s, e, _, _ in spans
            )
            if not (alone and start in starts and end in ends):
                continue  # one tag column cannot hold it; not a loss in our file
            first, last = starts[start], ends[end]
            assert tags[first : last + 1] == [f"B-{label}"] + [f"I-{label}"] * (last - first)
            assert last + 1 == len(tags) or tags[last + 1] != f"I-{label}"
            assert text[offsets[first][0] : offsets[last][1]] == span_text
            exact += 1
    # all but the span cut inside "Résumé" fall on the converter's token boundaries
    assert exact >= 12
