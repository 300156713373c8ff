"""Relations and span attributes in every export, each in its consumer's shape, and back in
(issue 13, item 5).

The texts, names and figures are invented.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import pytest

from annotator.core.export import export_corpus
from annotator.core.importing import import_paths
from annotator.core.store import NewRelation, NewSpan, Store
from tests.test_export_formats import find

HARBOUR = (
    'Mayor Ilsa Varn said "We will rebuild 40 bridges by spring." '
    "Officials in Port Tamsin counted at least 6,000 evacuees.\n"
    "A second line, where a claim of 1.5 million tonnes runs on."
)
DAM = 'The engineer Oskar Bell warned "the dam will hold." A memo cited 12 inspectors.'

# What the attributes look like once the attribute form (another branch) fills them.
VARN = {"entity": "Ilsa Varn"}
FORTY = {"value": 40, "unit": "bridges", "qualifier": "exact"}
SIX_THOUSAND = {"value": 6000, "qualifier": "at least", "unit": "evacuees"}
TONNES = {"value": 1500000.0, "low": 1.5, "unit": "million tonnes", "qualifier": "approximately"}
DIRECT = {"form": "direct", "checked": True}


def relation_corpus(store: Store) -> dict[str, int]:
    """Two tagged articles whose quotes, claims and numbers are linked, plus spans by two
    annotators, so a relation crosses annotators (Label Studio keeps them apart)."""
    spans = [
        NewSpan(*find(HARBOUR, "Mayor Ilsa Varn"), "ACTOR", annotator="ana", attributes=VARN),
        NewSpan(*find(HARBOUR, '"We will rebuild 40 bridges by spring."'), "QUOTE",
                annotator="ana", attributes=DIRECT),
        NewSpan(*find(HARBOUR, "40"), "NUMBER", annotator="ana", attributes=FORTY),
        NewSpan(*find(HARBOUR, "Officials in Port Tamsin"), "ACTOR", annotator="ben"),
        NewSpan(*find(HARBOUR, "Officials in Port Tamsin counted at least 6,000 evacuees."),
                "CLAIM", annotator="ana"),
        NewSpan(*find(HARBOUR, "6,000"), "NUMBER", annotator="ana", attributes=SIX_THOUSAND),
        NewSpan(*find(HARBOUR, "a claim of 1.5 million tonnes runs"), "CLAIM", annotator="ana"),
        NewSpan(*find(HARBOUR, "1.5 million tonnes"), "NUMBER", annotator="ana",
                attributes=TONNES),
    ]  # fmt: skip
    relations = [
        NewRelation(1, 0, "speaker", annotator="ana"),
        NewRelation(4, 3, "source", annotator="ben"),  # the child is ben's span
        NewRelation(4, 5, "quantity", annotator="ana"),
        NewRelation(6, 7, "quantity", annotator="ana"),
    ]
    harbour, _ = store.add_article(
        title="Harbour rebuilt", text=HARBOUR, spans=spans, relations=relations
    )
    dam_spans = [
        NewSpan(*find(DAM, "Oskar Bell"), "ACTOR", attributes={"entity": "Oskar Bell"}),
        NewSpan(*find(DAM, '"the dam will hold."'), "QUOTE", attributes={"form": "direct"}),
        NewSpan(*find(DAM, "12"), "NUMBER", attributes={"value": 12}),
    ]
    dam, _ = store.add_article(
        title="Dam", text=DAM, spans=dam_spans, relations=[NewRelation(1, 0, "speaker")]
    )
    store.add_article(title="Untagged", text="Nothing tagged here at all.")
    return {"harbour": harbour, "dam": dam}


def linked(store: Store, *, with_annotator: bool = True) -> dict[str, set[tuple]]:
    """Text -> relations as (type, head, child[, annotator]), each span by place and label."""
    result = {}
    for article, spans in store.iter_articles():
        by_id = {s.id: (s.start, s.end, s.label) for s in spans}
        result[article.text] = {
            (r.kind, by_id[r.head_span_id], by_id[r.tail_span_id])
            + ((r.annotator,) if with_annotator else ())
            for r in store.relations(article.id)
        }
    return result


def attributed(store: Store) -> dict[str, set[tuple]]:
    """Text -> (start, end, label, attributes as sorted JSON) of every span that has any."""
    return {
        article.text: {
            (s.start, s.end, s.label, json.dumps(s.attributes, sort_keys=True))
            for s in spans
            if s.attributes
        }
        for article, spans in store.iter_articles()
    }


SUFFIX = {"jsonl": ".jsonl", "prodigy": ".jsonl", "doccano": ".jsonl", "labelstudio": ".json",
          "brat": ""}  # fmt: skip


def round_trip(store: Store, fmt: str, folder: Path) -> Store:
    out = folder / f"export{SUFFIX[fmt]}"
    summary = export_corpus(store, out, format=fmt)
    assert summary.relations == 5
    copy = Store.open(None)
    report = import_paths(copy, [out])
    assert not report.refused, [f.line() for f in report.refused]
    return copy


@pytest.mark.parametrize("fmt", ["jsonl", "prodigy", "doccano", "labelstudio", "brat"])
def test_relations_and_attributes_read_back_the_same(store, tmp_path, fmt):
    relation_corpus(store)
    assert sum(len(r) for r in linked(store).values()) == 5
    copy = round_trip(store, fmt, tmp_path)
    # annotators: native, Prodigy and brat (notes) carry a relation's; doccano and
    # Label Studio have no place for it
    with_annotator = fmt in ("jsonl", "prodigy", "brat")
    assert linked(copy, with_annotator=with_annotator) == linked(
        store, with_annotator=with_annotator
    )
    if fmt != "doccano":  # doccano keeps no span attributes
        assert attributed(copy) == attributed(store)
    copy.close()


def test_native_relations_name_span_ids_of_the_same_line(store, tmp_path):
    ids = relation_corpus(store)
    out = tmp_path / "c.jsonl"
    export_corpus(store, out, format="jsonl")
    records = {r["id"]: r for r in map(json.loads, out.read_text("utf-8").splitlines())}
    harbour = records[ids["harbour"]]
    spans = {s["id"]: s for s in harbour["spans"]}
    assert [set(r) for r in harbour["relations"]] == [
        {"id", "head", "child", "type", "annotator"}
    ] * 4
    speaker = harbour["relations"][0]
    assert (spans[speaker["head"]]["label"], spans[speaker["child"]]["label"]) == (
        "QUOTE", "ACTOR",
    )  # fmt: skip
    assert spans[speaker["child"]]["attributes"] == VARN
    assert "relations" not in records[ids["harbour"] + 2]  # the untagged article


def test_brat_relation_and_attribute_lines_are_declared_in_the_conf(store, tmp_path):
    ids = relation_corpus(store)
    export_corpus(store, tmp_path / "brat", format="brat")
    (ann,) = (tmp_path / "brat").glob(f"{ids['harbour']:06d}-*.ann")
    lines = ann.read_text(encoding="utf-8").splitlines()
    t_ids = {}
    for line in lines:
        if line.startswith("T"):
            number, _, shown = line.split("\t")
            t_ids[shown] = number
    quote, varn = t_ids['"We will rebuild 40 bridges by spring."'], t_ids["Mayor Ilsa Varn"]
    assert f"R1\tspeaker Arg1:{quote} Arg2:{varn}" in lines
    assert f"\tvalue {t_ids['6,000']} 6000" in "\n".join(lines)
    assert f"\tqualifier {t_ids['6,000']} at%20least" in "\n".join(lines)
    assert re.search(rf"^A\d+\tchecked {quote}$", "\n".join(lines), re.M)  # binary
    conf = (tmp_path / "brat" / "annotation.conf").read_text(encoding="utf-8")
    sections = dict(re.findall(r"\[(\w+)\]\n(.*?)(?=\n\[|\Z)", conf, re.S))
    assert "speaker\tArg1:QUOTE, Arg2:ACTOR" in sections["relations"]
    assert "quantity\tArg1:CLAIM, Arg2:NUMBER" in sections["relations"]
    assert "value\tArg:NUMBER, Value:12|1500000.0|40|6000" in sections["attributes"]
    # every A and R line uses only names the conf declares
    declared = {line.split("\t")[0] for line in conf.splitlines() if "\t" in line}
    for line in lines:
        if line[0] in "AR":
            assert line.split("\t")[1].split()[0] in declared, line


def test_doccano_entities_and_relations_share_ids(store, tmp_path):
    relation_corpus(store)
    out = tmp_path / "d.jsonl"
    export_corpus(store, out, format="doccano")
    for record in map(json.loads, out.read_text("utf-8").splitlines()):
        entities = {e["id"]: e for e in record["entities"]}
        assert sorted(map(tuple, record["label"])) == sorted(
            (e["start_offset"], e["end_offset"], e["label"]) for e in entities.values()
        )
        for relation in record["relations"]:
            assert set(relation) == {"id", "from_id", "to_id", "type"}
            assert relation["from_id"] in entities and relation["to_id"] in entities


def test_prodigy_relations_anchor_on_the_last_token_of_each_span(store, tmp_path):
    relation_corpus(store)
    out = tmp_path / "p.jsonl"
    export_corpus(store, out, format="prodigy")
    seen = 0
    for task in map(json.loads, out.read_text("utf-8").splitlines()):
        spans = {(s["start"], s["end"], s["label"]): s for s in task["spans"]}
        for relation in task["relations"]:
            for end in ("head", "child"):
                place = relation[f"{end}_span"]
                span = spans[(place["start"], place["end"], place["label"])]
                assert place["token_start"] == span["token_start"]
                assert relation[end] == place["token_end"] == span["token_end"]
            seen += 1
    assert seen == 5


def test_labelstudio_relations_link_regions_of_one_annotation(store, tmp_path):
    relation_corpus(store)
    out = tmp_path / "t.json"
    export_corpus(store, out, format="labelstudio")
    config = (tmp_path / "t.config.xml").read_text(encoding="utf-8")
    kinds = set(re.findall(r'<Relation value="([^"]+)"/>', config))
    assert kinds == {"speaker", "source", "quantity"}
    assert '<Number name="attr_value" toName="text" perRegion="true"/>' in config
    seen = 0
    for task in json.loads(out.read_text("utf-8")):
        for annotation in task["annotations"]:
            regions = {r["id"] for r in annotation["result"] if r["type"] == "labels"}
            for result in annotation["result"]:
                if result["type"] == "relation":
                    assert result["from_id"] in regions and result["to_id"] in regions
                    assert result["direction"] == "right" and result["labels"][0] in kinds
                    seen += 1
                elif result["type"] != "labels":  # a per-region attribute of a region
                    assert result["id"] in regions
    assert seen == 5


def test_label_studio_converter_reads_the_attributes_per_region(store, tmp_path):
    converter = pytest.importorskip("label_studio_converter")
    from label_studio_converter.utils import parse_config

    relation_corpus(store)
    tasks = tmp_path / "t.json"
    export_corpus(store, tasks, format="labelstudio")
    config = tmp_path / "t.config.xml"
    schema = parse_config(config.read_text(encoding="utf-8"))
    assert schema["attr_value"]["type"] == "Number"
    assert schema["attr_unit"]["type"] == "TextArea"
    assert schema["attr_checked"]["type"] == "Choices"
    tool = converter.Converter(config=str(config), project_dir=None, download_resources=False)
    tool.convert(str(tasks), str(tmp_path / "min"), "JSON_MIN", is_dir=False)
    records = json.loads((tmp_path / "min" / "result.json").read_text(encoding="utf-8"))
    values = sorted(
        (item["start"], item["number"]) for r in records for item in r.get("attr_value", [])
    )
    assert values == sorted([
        (HARBOUR.index("40"), 40), (HARBOUR.index("6,000"), 6000),
        (HARBOUR.index("1.5 million"), 1500000.0), (DAM.index("12"), 12),
    ])  # fmt: skip


def test_spacy_docbin_holds_rel_and_span_attributes(store, tmp_path):
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import Doc, DocBin
    from spacy.tokens import Span as SpacySpan

    ids = relation_corpus(store)
    out = tmp_path / "c.spacy"
    export_corpus(store, out, format="spacy")
    if not Doc.has_extension("rel"):
        Doc.set_extension("rel", default=None)
    if not SpacySpan.has_extension("attributes"):
        SpacySpan.set_extension("attributes", default=None)
    nlp = spacy.blank("en")
    docs = {d.user_data["article_id"]: d for d in DocBin().from_disk(out).get_docs(nlp.vocab)}
    doc = docs[ids["harbour"]]
    spans = {(s.start_char, s.end_char, s.label_): s for s in doc.spans["sc"]}
    want = {}
    for kind, head, child, _ in linked(store)[HARBOUR]:
        key = (spans[head].start, spans[child].start)
        want.setdefault(key, {})[kind] = 1.0
    assert doc._.rel == want and len(want) == 4
    six = spans[(*find(HARBOUR, "6,000"), "NUMBER")]
    assert six._.attributes == SIX_THOUSAND
    assert spans[(*find(HARBOUR, "Mayor Ilsa Varn"), "ACTOR")]._.attributes == VARN
    assert docs[ids["dam"] + 1]._.rel is None  # no relations, nothing stored


def test_csv_writes_relations_and_attributes_beside_the_spans(store, tmp_path):
    relation_corpus(store)
    out = tmp_path / "spans.csv"
    export_corpus(store, out, format="csv")

    def rows(name: str) -> list[dict[str, Any]]:
        with (tmp_path / name).open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle))

    relations = rows("spans.relations.csv")
    assert len(relations) == 5
    speaker = next(r for r in relations if r["type"] == "speaker" and r["head_label"] == "QUOTE")
    assert speaker["child_text"] == "Mayor Ilsa Varn" and speaker["annotator"] == "ana"
    attributes = rows("spans.attributes.csv")
    six = {r["attribute"]: json.loads(r["value"]) for r in attributes
           if (int(r["start"]), int(r["end"])) == find(HARBOUR, "6,000")}  # fmt: skip
    assert six == SIX_THOUSAND


def test_quotes_lines_give_each_quote_its_speaker(store, tmp_path):
    ids = relation_corpus(store)
    store.add_article(title="Alone", text='Someone said "no comment" and left.',
                      spans=[NewSpan(13, 25, "QUOTE")])  # fmt: skip
    out = tmp_path / "q.jsonl"
    export_corpus(store, out, format="quotes")
    lines = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert lines[0] == {
        "article": ids["harbour"], "title": "Harbour rebuilt",
        "quote": {"start": 21, "end": 60, "text": '"We will rebuild 40 bridges by spring."'},
        "speaker": {"start": 0, "end": 15, "text": "Mayor Ilsa Varn", "entity": "Ilsa Varn"},
    }  # fmt: skip
    assert lines[1]["speaker"]["text"] == "Oskar Bell"
    assert lines[2]["quote"]["text"] == '"no comment"' and lines[2]["speaker"] is None
    assert len(lines) == 3


def test_a_relation_whose_span_is_filtered_out_is_left_out_and_counted(store, tmp_path):
    relation_corpus(store)
    out = tmp_path / "c.jsonl"
    summary = export_corpus(store, out, format="jsonl", labels=["QUOTE", "CLAIM", "NUMBER"])
    assert summary.relations == 2  # the two speakers and the source need an ACTOR
    assert "3 relations left out: the head or child span was not chosen" in "\n".join(summary.notes)
    summary = export_corpus(store, tmp_path / "a.jsonl", format="jsonl", annotators=["ana"])
    assert summary.relations == 3  # the source's child is ben's, the dam's are nobody's


def test_conll_says_it_carries_no_relations(store, tmp_path):
    relation_corpus(store)
    summary = export_corpus(store, tmp_path / "c.conll", format="conll")
    assert any("CoNLL carries no relations" in note and "5 relations" in note
               for note in summary.notes)  # fmt: skip


# -- bad input -----------------------------------------------------------------------


def write_lines(path: Path, *records: dict[str, Any]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


TEXT = 'Chief Orla Dunne said "the pier is safe."'
GOOD = {"text": TEXT, "spans": [
    {"id": 1, "start": 0, "end": 16, "label": "ACTOR"},
    {"id": 2, "start": 22, "end": 41, "label": "QUOTE"},
], "relations": [{"id": 9, "head": 2, "child": 1, "type": "speaker"}]}  # fmt: skip


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"relations": [{"head": 2, "child": 7, "type": "speaker"}]},
         "line 2: relation 1: its child 7 is not a span of this article"),
        ({"relations": [{"head": 2, "child": 2, "type": "speaker"}]},
         "line 2: relation 1: a speaker relation links a span to itself"),
        ({"relations": [{"head": 2, "type": "speaker"}]},
         "line 2: relation 1 has no head and child"),
        ({"spans": [{"start": 0, "end": 16, "label": "NUMBER", "attributes": {"value": "six"}}]},
         "line 2: span 1: attribute 'value' must be a number"),
    ],
)  # fmt: skip
def test_a_bad_relation_or_attribute_refuses_its_file_in_one_line(store, tmp_path, change, reason):
    other = {"text": "Another pier, another day.", "spans": [
        {"id": 1, "start": 0, "end": 7, "label": "ACTOR"},
        {"id": 2, "start": 8, "end": 12, "label": "QUOTE"}]}  # fmt: skip
    bad = write_lines(tmp_path / "bad.jsonl", GOOD, {**other, **change})
    fine = write_lines(tmp_path / "fine.jsonl", {**GOOD, "text": TEXT + " Twice."})
    report = import_paths(store, [bad, fine])
    (refused,) = report.refused
    assert refused.path == bad
    assert refused.line() == f"{bad}: refused: " + refused.error
    assert refused.error.startswith(reason) and "\n" not in refused.line()
    assert report.added == 1  # the other file went in, with its relation
    ((article, spans),) = list(store.iter_articles())
    (relation,) = store.relations(article.id)
    assert relation.kind == "speaker"
    assert {s.id: s.label for s in spans}[relation.head_span_id] == "QUOTE"


def test_a_relation_to_a_span_of_another_line_is_refused(store, tmp_path):
    first = {**GOOD, "relations": []}
    second = {"text": "Second story.", "spans": [{"id": 5, "start": 0, "end": 6, "label": "ACTOR"},
              {"id": 6, "start": 7, "end": 12, "label": "CLAIM"}],
              "relations": [{"head": 6, "child": 1, "type": "source"}]}  # fmt: skip
    report = import_paths(store, [write_lines(tmp_path / "x.jsonl", first, second)])
    (refused,) = report.refused
    assert "line 2: relation 1: its child 1 is not a span of this article" in refused.line()
    assert store.article_count() == 0


def test_brat_relation_to_a_missing_t_line_is_refused(store, tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.ann").write_text(
        "T1\tACTOR 0 16\tChief Orla Dunne\nR1\tspeaker Arg1:T2 Arg2:T1\n", encoding="utf-8"
    )
    report = import_paths(store, [tmp_path / "a.txt"])
    (refused,) = report.refused
    assert 'a.ann line 2: relation 1: its head "T2" is not a span' in refused.line()


def test_unknown_relation_types_are_stored_as_given(store, tmp_path):
    record = {**GOOD, "relations": [{"head": 2, "child": 1, "type": "paraphrases"}]}
    report = import_paths(store, [write_lines(tmp_path / "x.jsonl", record)])
    assert not report.refused
    ((article, _),) = list(store.iter_articles())
    assert [r.kind for r in store.relations(article.id)] == ["paraphrases"]


def test_nan_in_a_relations_attributes_is_refused_in_one_line(store, tmp_path):
    from annotator.core.errors import ExportError

    ids = relation_corpus(store)
    # written by another program: the store's own writes refuse NaN
    store.conn.execute("UPDATE relations SET attributes = '{\"weight\": NaN}' WHERE id = 1")
    store.conn.commit()
    with pytest.raises(ExportError, match=rf"article {ids['harbour']}: NaN or Infinity in the "
                       "attributes of relation 1"):  # fmt: skip
        export_corpus(store, tmp_path / "c.jsonl", format="jsonl")
    assert not (tmp_path / "c.jsonl").exists()
