"""The pairs and entities exports, and brat's N lines (issue 14).  All text is invented."""

from __future__ import annotations

import json

from annotator.core.export import export_corpus
from annotator.core.importing import import_paths
from annotator.core.store import Store
from tests.test_native_cross import COURIER, EASTGATE, HOSTILE, cross_corpus


def read_lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_pairs_has_one_line_per_link_with_both_sides_and_their_sentences(store, tmp_path):
    text_a = "Talks ended on Monday. The Courier says 6,000 bodies were returned. More later."
    text_b = "Eastgate Daily reports 3,000 bodies returned.\nNo one else confirmed it."
    a, _ = store.add_article(title="Courier <b>", text=text_a, meta={"outlet": "Courier"})
    b, _ = store.add_article(title="Eastgate", text=text_b)
    six = store.add_span(a, text_a.index("6,000"), text_a.index("6,000") + 12, "NUMBER",
                         attributes={"value": 6000, "unit": "bodies"})  # fmt: skip
    three = store.add_span(b, 23, 35, "NUMBER")
    link = store.add_link(six.id, three.id, "contradicts", annotator="ana")
    store.assign_story([b], "Returns")  # only b's article has a story
    out = tmp_path / "pairs.jsonl"
    summary = export_corpus(store, out, format="pairs")
    assert summary.line().startswith("Wrote 2 articles and 2 spans as pairs")
    assert read_lines(out) == [
        {
            "pair_id": link.id, "story": "Returns", "type": "contradicts",
            "a": {"article": a, "title": "Courier <b>", "start": 40, "end": 52,
                  "label": "NUMBER", "text": "6,000 bodies",
                  "attributes": {"value": 6000, "unit": "bodies"},
                  "sentence": "The Courier says 6,000 bodies were returned."},
            "b": {"article": b, "title": "Eastgate", "start": 23, "end": 35,
                  "label": "NUMBER", "text": "3,000 bodies", "attributes": {},
                  "sentence": "Eastgate Daily reports 3,000 bodies returned."},
        }
    ]  # fmt: skip


def test_pairs_of_a_corpus_follow_link_order_and_leave_out_unchosen_ends(store, tmp_path):
    cross_corpus(store)
    out = tmp_path / "pairs.jsonl"
    export_corpus(store, out, format="pairs")
    pairs = read_lines(out)
    assert [p["type"] for p in pairs] == ["contradicts", "same", "updates", "different-event"]
    assert [p["pair_id"] for p in pairs] == sorted(p["pair_id"] for p in pairs)
    assert pairs[0]["story"] == "Returns " + HOSTILE  # literally
    for pair in pairs:
        for side in ("a", "b"):
            text = store.article(pair[side]["article"]).text
            assert text[pair[side]["start"] : pair[side]["end"]] == pair[side]["text"]
            assert pair[side]["text"] in pair[side]["sentence"]
    summary = export_corpus(store, out, format="pairs", labels=["NUMBER"])
    assert [p["type"] for p in read_lines(out)] == ["contradicts", "same", "updates"]
    assert any(note.startswith("1 cross-article link left out") for note in summary.notes)


def test_entities_lists_the_registry_with_every_exported_mention(store, tmp_path):
    ids = cross_corpus(store)
    store.add_entity("Nobody Mentioned", "group")
    out = tmp_path / "entities.jsonl"
    export_corpus(store, out, format="entities")
    lines = read_lines(out)
    assert [line["key"] for line in lines] == ["E7", "E9", "E1", "E8"]  # by name; "<" first
    by_key = {line["key"]: line for line in lines}
    assert by_key["E1"] == {
        "key": "E1", "name": "Olena Marchenko", "kind": "person", "aliases": ["Marchenko"],
        "mentions": [
            {"article": ids["courier"], "start": 52, "end": 67, "text": "Olena Marchenko"},
            {"article": ids["eastgate"], "start": 46, "end": 55, "text": "Marchenko"},
        ],
    }  # fmt: skip
    assert COURIER[52:67] == "Olena Marchenko" and EASTGATE[46:55] == "Marchenko"
    assert by_key["E7"]["name"] == HOSTILE  # control characters and all, as stored
    assert len(by_key["E7"]["mentions"]) == 2
    assert by_key["E9"]["mentions"] == []
    export_corpus(store, out, format="entities", status="done")  # no article is done
    assert all(line["mentions"] == [] for line in read_lines(out))


def test_brat_writes_a_registry_entity_as_an_n_line_and_reads_it_back(store, tmp_path):
    ids = cross_corpus(store)
    folder = tmp_path / "brat"
    export_corpus(store, folder, format="brat")
    [ann] = [p for p in folder.glob("*.ann") if p.name.startswith(f"{ids['courier']:06d}")]
    lines = ann.read_text(encoding="utf-8").splitlines()
    assert "T3\tACTOR 52 67\tOlena Marchenko" in lines
    # after the spans', relations' and the article's notes (#1-#5)
    assert lines[-2:] == [
        "N1\tReference T3 annotator:E1\tOlena Marchenko",
        '#6\tAnnotatorNotes N1\tactor: {"kind": "person", "aliases": ["Marchenko"]}',
    ]
    assert not any("\tentity " in line for line in lines)  # not also an attribute
    copy = Store.open(None)
    report = import_paths(copy, [folder])
    assert not report.refused and all(f.notes == [] for f in report.files)
    assert sorted((e.key, e.name, e.kind, e.aliases) for e in copy.entities()) == sorted(
        (e.key, e.name, e.kind, e.aliases) for e in store.entities()
    )
    mentions = {
        (a.text, s.start, s.end, s.attributes.get("entity"))
        for a, spans in copy.iter_articles() for s in spans if s.label == "ACTOR"
    }  # fmt: skip
    assert mentions == {
        (a.text, s.start, s.end, s.attributes.get("entity"))
        for a, spans in store.iter_articles() for s in spans if s.label == "ACTOR"
    }  # fmt: skip
    copy.close()


def test_brat_n_lines_of_other_databases_are_passed_over(store, tmp_path):
    (tmp_path / "doc.txt").write_text("Olena Marchenko spoke.", encoding="utf-8")
    (tmp_path / "doc.ann").write_text(
        "T1\tACTOR 0 15\tOlena Marchenko\nN1\tReference T1 Wikidata:Q000\tOlena Marchenko\n",
        encoding="utf-8",
    )
    report = import_paths(store, [tmp_path / "doc.txt"])
    assert not report.refused
    assert store.entities() == [] and store.spans(1)[0].attributes == {}
    (tmp_path / "doc.ann").write_text(
        "T1\tACTOR 0 15\tOlena Marchenko\nN1\tReference T1 annotator:E4\tOlena\n",
        encoding="utf-8",
    )
    (tmp_path / "doc.txt").write_text("Olena Marchenko spoke again.", encoding="utf-8")
    assert not import_paths(store, [tmp_path / "doc.txt"]).refused
    assert [(e.key, e.name, e.kind) for e in store.entities()] == [("E4", "Olena", "person")]
