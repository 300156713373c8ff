"""Export fidelity found on real use (issue 13, item 7): CoNLL keeps numbers and
hyphenated words whole and writes a file per label; the spaCy summary names the
spans kept out of doc.ents.  Texts and figures are invented."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.errors import ExportError
from annotator.core.export import export_corpus
from annotator.core.store import NewSpan, Store
from tests.test_export_formats import find

FERRY = (
    "About 6,000 riders, many of them 13-year-olds, waited 40-minute spells at Quay 7.\n"
    "The operator said 1.5 million fares were sold."
)


def ferry(store: Store) -> int:
    spans = [
        NewSpan(*find(FERRY, "About 6,000 riders"), "CLAIM"),
        NewSpan(*find(FERRY, "6,000"), "NUMBER"),
        NewSpan(*find(FERRY, "40-minute"), "NUMBER"),
        NewSpan(*find(FERRY, "The operator"), "ACTOR"),
        NewSpan(*find(FERRY, "1.5 million"), "NUMBER"),
    ]
    article_id, _ = store.add_article(title="Ferry", text=FERRY, spans=spans)
    return article_id


def tokens_of(path) -> list[str]:
    return [
        line.split(" ")[0]
        for line in path.read_text(encoding="utf-8").split("\n")
        if line.strip() and not line.startswith("-DOCSTART-")
    ]


def test_conll_keeps_numbers_and_hyphenated_words_whole(store, tmp_path):
    ferry(store)
    out = tmp_path / "c.conll"
    export_corpus(store, out, format="conll")
    tokens = tokens_of(out)
    for whole in ("6,000", "13-year-olds", "40-minute", "1.5"):
        assert whole in tokens
    assert "7" in tokens and "." in tokens  # a full stop after a number is its own token
    rows = {line.split(" ")[0]: line.split(" ")[1:] for line in out.read_text("utf-8").split("\n")
            if line.strip() and not line.startswith("-DOCSTART-")}  # fmt: skip
    number = [label.name for label in store.labels()].index("NUMBER")
    assert rows["40-minute"][number] == "B-NUMBER"


def test_per_label_writes_each_labels_column_alone(store, tmp_path):
    ferry(store)
    out = tmp_path / "c.conll"
    export_corpus(store, out, format="conll", per_label=True)
    names = [label.name for label in store.labels()]
    combined = out.read_text(encoding="utf-8").split("\n")
    for index, name in enumerate(names):
        single = (tmp_path / f"c.{name}.conll").read_text(encoding="utf-8").split("\n")
        want = [
            line if line.startswith("-DOCSTART-") or not line.strip()
            else " ".join(line.split(" ")[i] for i in (0, 1 + index))
            for line in combined
        ]  # fmt: skip
        assert single == want


def test_spacy_convert_reads_the_per_label_file(store, tmp_path):
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    ferry(store)
    out = tmp_path / "c.conll"
    export_corpus(store, out, format="conll", per_label=True)
    converted = tmp_path / "converted"
    converted.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "spacy", "convert", str(tmp_path / "c.NUMBER.conll"),
         str(converted), "--converter", "ner", "--n-sents", "0"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr + result.stdout
    (doc,) = DocBin().from_disk(converted / "c.NUMBER.spacy").get_docs(spacy.blank("en").vocab)
    assert sorted(e.text for e in doc.ents) == ["1.5 million", "40-minute", "6,000"]


def test_per_label_file_names_stay_in_the_folder_and_apart(store, tmp_path):
    from annotator.core.formats.conll import label_paths

    out = tmp_path / "c.conll"
    paths = label_paths(out, ["../../etc/x", "a b", "a-b", "///"])
    assert all(p.parent == tmp_path for p in paths)
    assert len(set(paths)) == 4


def test_per_label_is_refused_for_other_formats_and_offered_on_the_cli(store, tmp_path):
    ferry(store)
    with pytest.raises(ExportError, match="--per-label is for the conll format"):
        export_corpus(store, tmp_path / "c.jsonl", format="jsonl", per_label=True)
    db = tmp_path / "corpus.sqlite3"
    with Store.open(db) as other:
        ferry(other)
    result = CliRunner().invoke(
        cli, ["--db", str(db), "export", "--format", "conll", "--per-label",
              "-o", str(tmp_path / "cli.conll")],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (tmp_path / "cli.NUMBER.conll").is_file()


def test_spacy_summary_names_the_spans_only_in_doc_spans(store, tmp_path):
    pytest.importorskip("spacy")
    ferry(store)
    summary = export_corpus(store, tmp_path / "c.spacy", format="spacy")
    # CLAIM "About 6,000 riders" and NUMBER "6,000" overlap: both kept out of doc.ents
    assert (
        '2 spans overlap another and so are only in doc.spans["sc"], not in doc.ents '
        "(CLAIM 1, NUMBER 1)"
    ) in summary.notes
