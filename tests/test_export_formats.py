"""Every export format, read back by its real consumer where one installs from PyPI.

spaCy reads the DocBin and, through ``python -m spacy convert``, the CoNLL
file; Python's json/csv/ElementTree read the others as Label Studio, doccano,
Prodigy and spreadsheets do; brat's own rules (text of every fragment, code
point offsets) are checked against the .txt files.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from annotator.core.export import FORMATS, export_corpus
from annotator.core.store import NewSpan, Store

spacy = pytest.importorskip("spacy")
from spacy.tokens import DocBin  # noqa: E402

# Invented articles that stress offsets: CRLF, U+2028, NBSP, emoji with a
# skin tone, a flag, a combining accent, right-to-left text.
FLOOD = (
    "Portmerrow \u2014 Mayor Ada Quill said 6,000 homes flooded.\r\n"
    "\u201cWe were not warned,\u201d a resident said \U0001f30a.\r\n"
    "Re\u0301sume\u0301 of costs: \u20ac4.5m\u00a0so far \U0001f44d\U0001f3fd."
)
BRIDGE = (
    "The bridge reopened on Tuesday.\u2028Engineers say it carries 12,000 cars a day.\n"
    "\u05e9\u05dc\u05d5\u05dd from the council \U0001f1f5\U0001f1f9, which paid \u00a33m."
)


def find(text: str, piece: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return start, start + len(piece)


def tricky_corpus(store: Store) -> dict[str, int]:
    """Two tagged articles (overlap, nesting, line crossing, odd edges) and one untagged."""
    spans = [
        NewSpan(*find(FLOOD, "Mayor Ada Quill"), "ACTOR", annotator="ana"),
        NewSpan(*find(FLOOD, "Ada Quill"), "ACTOR", annotator="ben"),  # nested, same label
        NewSpan(*find(FLOOD, "6,000"), "NUMBER", annotator="ana"),
        NewSpan(*find(FLOOD, "Mayor Ada Quill said 6,000 homes flooded."), "CLAIM"),
        # a quote that runs over the CRLF into the next line
        NewSpan(find(FLOOD, "homes")[0], find(FLOOD, "warned")[1], "QUOTE", annotator="ana"),
        NewSpan(*find(FLOOD, "\u20ac4.5m"), "NUMBER", annotator="ben"),
        NewSpan(*find(FLOOD, "sume\u0301"), "CLAIM", annotator="ben"),  # inside a word
        NewSpan(*find(FLOOD, "\U0001f44d\U0001f3fd"), "QUOTE", annotator="ana"),
    ]
    flood, _ = store.add_article(
        title="../../etc/passwd", text=FLOOD, spans=spans, status="done",
        meta={"source": "invented"},
    )  # fmt: skip
    bridge_spans = [
        NewSpan(*find(BRIDGE, "12,000 cars"), "NUMBER", annotator="ana"),
        # across U+2028, a line break for brat and for str.splitlines
        NewSpan(find(BRIDGE, "Tuesday")[0], find(BRIDGE, "Engineers")[1], "CLAIM"),
        NewSpan(*find(BRIDGE, "the council"), "ACTOR", annotator="ana"),
        NewSpan(*find(BRIDGE, "\u00a33m"), "NUMBER", annotator="ana"),
    ]
    bridge, _ = store.add_article(
        title="/absolute/" + "x" * 400, text=BRIDGE, spans=bridge_spans, status="in-progress"
    )
    untagged, _ = store.add_article(title="Quiet day\x00", text="Nothing happened today.\n")
    return {"flood": flood, "bridge": bridge, "untagged": untagged}


@pytest.fixture
def corpus(store):
    ids = tricky_corpus(store)
    return store, ids


def all_spans(store: Store) -> dict[int, list[tuple[int, int, str, str]]]:
    return {
        article.id: [(s.start, s.end, s.label, s.text) for s in spans]
        for article, spans in store.iter_articles()
    }


# -- spaCy ------------------------------------------------------------------------


def test_docbin_loads_in_spacy_with_every_span_exact_or_listed_as_expanded(corpus, tmp_path):
    store, _ = corpus
    out = tmp_path / "corpus.spacy"
    summary = export_corpus(store, out, format="spacy")
    nlp = spacy.blank("en")
    docs = list(DocBin().from_disk(out).get_docs(nlp.vocab))
    assert len(docs) == 3
    expected = all_spans(store)
    for doc in docs:
        article = store.article(doc.user_data["article_id"])
        assert doc.text == article.text  # not a character lost or changed
        got = sorted((s.start_char, s.end_char, s.label_) for s in doc.spans["sc"])
        want = []
        for start, end, label, _ in expected[article.id]:
            piece = doc.char_span(start, end, alignment_mode="expand")
            want.append((piece.start_char, piece.end_char, label))
            if (piece.start_char, piece.end_char) != (start, end):
                # stretched spans are named in the summary, never silent
                assert any(f"[{start}, {end}) expanded" in note for note in summary.notes)
        assert got == sorted(want)
        for span in doc.spans["sc"]:
            assert span.text == article.text[span.start_char : span.end_char]
        # ents: exactly the spans that overlap no other span
        ents = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
        for start, end, label in set(got):
            alone = not any(
                (s, e, lab) != (start, end, label) and s < end and start < e
                for s, e, lab in got
            )  # fmt: skip
            assert ((start, end, label) in ents) == alone


def test_docbin_names_the_expanded_span_inside_a_word(corpus, tmp_path):
    store, ids = corpus
    summary = export_corpus(store, tmp_path / "c.spacy", format="spacy")
    start, end = find(FLOOD, "sume\u0301")
    assert any(
        f"article {ids['flood']}" in note and f"[{start}, {end}) expanded" in note
        for note in summary.notes
    )


# -- CoNLL through spacy convert -----------------------------------------------------


def conll_columns(path: Path) -> list[list[list[str]]]:
    """Documents -> rows (token + tags) as the file holds them."""
    docs: list[list[list[str]]] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("-DOCSTART-"):
            docs.append([])
        elif line.strip():
            docs[-1].append(line.split(" "))
    return docs


def test_conll_is_iob2_with_docstart_and_a_column_per_label(corpus, tmp_path):
    store, _ = corpus
    out = tmp_path / "corpus.conll"
    summary = export_corpus(store, out, format="conll")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("-DOCSTART- -X- O O\n\n")
    assert text.count("-DOCSTART-") == 3
    assert "CoNLL columns: token, then CLAIM, NUMBER, ACTOR, QUOTE" in summary.notes
    for doc in conll_columns(out):
        for row in doc:
            assert len(row) == 5
            for column, tag in enumerate(row[1:]):
                label = ["CLAIM", "NUMBER", "ACTOR", "QUOTE"][column]
                assert tag in ("O", f"B-{label}", f"I-{label}")
        for column in range(1, 5):  # IOB2: no I- without a B- or I- before it
            previous = "O"
            for row in doc:
                if row[column].startswith("I-"):
                    assert previous != "O"
                previous = row[column]
    # the nested ACTOR cannot share the ACTOR column with its container: named
    assert any("overlaps another ACTOR span" in note for note in summary.notes)


def test_conll_sentences_split_at_line_breaks_and_full_stops_never_inside_a_span(corpus, tmp_path):
    store, _ = corpus
    out = tmp_path / "corpus.conll"
    export_corpus(store, out, format="conll")
    blocks = out.read_text(encoding="utf-8").split("-DOCSTART- -X- O O\n\n")[1:]
    flood_sentences = [s for s in blocks[0].split("\n\n") if s.strip()]
    # The quote runs over the CRLF, so lines 1 and 2 stay one sentence; line 3 is its own.
    assert [s.split("\n")[0].split(" ")[0] for s in flood_sentences] == ["Portmerrow", "Re\u0301"]


@pytest.mark.parametrize("label_index", range(4))
def test_spacy_convert_reads_each_label_column_and_keeps_its_entities(
    corpus, tmp_path, label_index
):
    """spacy convert's ner converter reads the first and last columns only
    (a third column would be taken as POS tags), so each label's column is
    given to it on its own, as someone training one label would cut it."""
    store, _ = corpus
    labels = ["CLAIM", "NUMBER", "ACTOR", "QUOTE"]
    out = tmp_path / "corpus.conll"
    summary = export_corpus(store, out, format="conll")
    label = labels[label_index]
    cut = tmp_path / f"{label}.conll"
    lines = []
    for line in out.read_text(encoding="utf-8").split("\n"):
        if line.startswith("-DOCSTART-") or not line.strip():
            lines.append(line)
        else:
            cells = line.split(" ")
            lines.append(f"{cells[0]} {cells[1 + label_index]}")
    cut.write_text("\n".join(lines), encoding="utf-8")
    converted = tmp_path / "converted"
    converted.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "spacy", "convert", str(cut), str(converted),
         "--converter", "ner", "--n-sents", "0"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr + result.stdout
    nlp = spacy.blank("en")
    docs = list(DocBin().from_disk(converted / f"{label}.spacy").get_docs(nlp.vocab))
    assert len(docs) == 3
    left_out = {
        note.split(" span ")[1].split(" ")[0] for note in summary.notes if "left out" in note
    }
    for doc, (article, spans) in zip(docs, store.iter_articles(), strict=True):
        # CoNLL keeps tokens, not the whitespace between them
        got = sorted("".join(e.text.split()) for e in doc.ents)
        want = sorted(
            "".join(s.text.split()) for s in spans
            if s.label == label and str(s.id) not in left_out
        )  # fmt: skip
        assert got == want
        assert "".join(t.text for t in doc) == "".join(article.text.split())


# -- brat ----------------------------------------------------------------------------


def read_ann(path: Path) -> list[tuple[str, str, list[tuple[int, int]], str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("T"):
            ident, middle, shown = line.split("\t")
            label, offsets = middle.split(" ", 1)
            pieces = [tuple(map(int, p.split())) for p in offsets.split(";")]
            rows.append((ident, label, pieces, shown))
    return rows


def test_brat_folder_has_txt_ann_conf_and_fragments_across_line_breaks(corpus, tmp_path):
    store, _ = corpus
    out = tmp_path / "brat"
    export_corpus(store, out, format="brat")
    names = sorted(p.name for p in out.iterdir())
    assert "annotation.conf" in names
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert conf.startswith("[entities]\nCLAIM\nNUMBER\nACTOR\nQUOTE\n")
    txts = sorted(out.glob("*.txt"))
    assert len(txts) == 3
    crossing = 0
    for txt in txts:
        # byte for byte: brat never rewrites the text, offsets are code points
        article = store.article(int(txt.name.split("-")[0]))
        assert txt.read_bytes() == article.text.encode("utf-8")
        for _, label, pieces, shown in read_ann(txt.with_suffix(".ann")):
            assert shown == " ".join(article.text[a:b] for a, b in pieces)
            assert label in ("CLAIM", "NUMBER", "ACTOR", "QUOTE")
            for a, b in pieces:
                assert not any(ch in article.text[a:b] for ch in "\r\n\u2028")
            crossing += len(pieces) > 1
    assert crossing == 2  # the quote over the CRLF, the claim over U+2028


# -- Label Studio, doccano, Prodigy, CSV --------------------------------------------------


def test_labelstudio_tasks_and_config_agree(corpus, tmp_path):
    store, _ = corpus
    out = tmp_path / "tasks.json"
    export_corpus(store, out, format="labelstudio")
    config = ET.fromstring((tmp_path / "tasks.config.xml").read_text(encoding="utf-8"))
    labels_tag = config.find("Labels")
    text_tag = config.find("Text")
    assert text_tag is not None and text_tag.get("value") == "$text"
    assert labels_tag is not None and labels_tag.get("toName") == text_tag.get("name")
    names = {label.get("value") for label in labels_tag.findall("Label")}
    tasks = json.loads(out.read_text(encoding="utf-8"))
    assert len(tasks) == 3
    expected = all_spans(store)
    for task in tasks:
        text = task["data"]["text"]
        got = []
        for annotation in task["annotations"]:
            for region in annotation["result"]:
                assert region["from_name"] == labels_tag.get("name")
                assert region["to_name"] == text_tag.get("name")
                assert region["type"] == "labels"
                value = region["value"]
                assert text[value["start"] : value["end"]] == value["text"]
                assert set(value["labels"]) <= names
                got.append((value["start"], value["end"], value["labels"][0], value["text"]))
        assert sorted(got) == sorted(expected[task["data"]["article_id"]])


def test_doccano_and_prodigy_lines(corpus, tmp_path):
    store, _ = corpus
    expected = all_spans(store)
    export_corpus(store, tmp_path / "d.jsonl", format="doccano")
    export_corpus(store, tmp_path / "p.jsonl", format="prodigy")
    for line in (tmp_path / "d.jsonl").read_text(encoding="utf-8").split("\n")[:-1]:
        record = json.loads(line)
        got = [(s, e, lab, record["text"][s:e]) for s, e, lab in record["label"]]
        assert sorted(got) == sorted(expected[record["id"]])
    for line in (tmp_path / "p.jsonl").read_text(encoding="utf-8").split("\n")[:-1]:
        task = json.loads(line)
        text, tokens = task["text"], task["tokens"]
        # tokens cover the text exactly, in order, with spaCy's ws convention
        rebuilt = "".join(t["text"] + (" " if t["ws"] else "") for t in tokens)
        assert rebuilt == text
        for i, token in enumerate(tokens):
            assert token["id"] == i and text[token["start"] : token["end"]] == token["text"]
        got = []
        for span in task["spans"]:
            first, last = tokens[span["token_start"]], tokens[span["token_end"]]
            assert (first["start"], last["end"]) == (span["start"], span["end"])
            got.append((span["start"], span["end"], span["label"], span["text"]))
        assert sorted(got) == sorted(expected[task["id"]])


def test_csv_has_one_row_per_span_and_neutralises_formulas(store, tmp_path):
    text = "=SUM(A1) +44 -3 @cmd\tx plain"
    spans = [NewSpan(*find(text, w), "CLAIM", annotator=a)
             for w, a in (("=SUM(A1)", "=evil"), ("+44", ""), ("-3", "@me"), ("@cmd", ""),
                          ("plain", "ana"))]  # fmt: skip
    store.add_article(title='=HYPERLINK("http://x")', text=text, spans=spans)
    store.add_article(title="Tab", text="\tindented claim", spans=[NewSpan(0, 9, "QUOTE")])
    out = tmp_path / "spans.csv"
    export_corpus(store, out, format="csv")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    # issue 12 added outlet and date after the columns this test always checked
    assert rows[0] == [
        "article_id", "title", "start", "end", "label", "text", "annotator", "outlet", "date",
    ]  # fmt: skip
    assert len(rows) == 1 + 6
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row
    texts = [row[5] for row in rows[1:]]
    assert texts == ["'=SUM(A1)", "'+44", "'-3", "'@cmd", "plain", "'\tindented"]
    assert rows[1][1] == '\'=HYPERLINK("http://x")'
    assert rows[1][6] == "'=evil" and rows[3][6] == "'@me"
    # start/end still index the article
    assert (rows[5][2], rows[5][3]) == tuple(str(x) for x in find(text, "plain"))


def test_every_format_is_registered_with_the_cli_choices():
    from annotator.cli import EXPORT_FORMATS

    # The command line lists the names without importing the writers: same names, same order.
    assert EXPORT_FORMATS == list(FORMATS) == [
        "jsonl", "prodigy", "doccano", "spacy", "conll", "brat", "labelstudio", "csv", "quotes",
        "pairs", "entities",
    ]  # fmt: skip
