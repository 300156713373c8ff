"""Native JSON lines carry stories, actors and cross-article links (issue 14): the round
trip into an empty corpus, bad records refused one by one, clashing keys, duplicates,
hostile names.  Every name, outlet and figure here is invented."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.export import export_corpus
from annotator.core.importing import import_paths, import_sample
from annotator.core.model import LINK_TYPES, NewRelation, NewSpan
from annotator.core.store import Store

COURIER = "The Varnia Courier says 6,000 bodies were returned, Olena Marchenko said."
EASTGATE = "Eastgate Daily reports 3,000 bodies returned; Marchenko declined to comment."
HERALD = 'Herald: "It lasted just over an hour," said Pell Odrin of the Harrow League.'
WIRE = "Wire: the meeting lasted 40 minutes, the Harrow League said on Tuesday."
# Hostile, but storable: markup, a right-to-left override, control characters (no NUL)
HOSTILE = "<script>alert(1)</script>\u202eevil\x1b[31m\x07\u200f"


def at(text: str, piece: str, label: str, **attributes) -> NewSpan:
    start = text.index(piece)
    return NewSpan(start, start + len(piece), label, annotator="ana", attributes=attributes)


def cross_corpus(store: Store) -> dict[str, int]:
    """Four articles in two stories, three entities (one hostile), links of every type."""
    store.add_entity("Olena Marchenko", "person", aliases=["Marchenko"])
    store.add_entity(HOSTILE, "organisation", aliases=["Harrow League"], key="E7")
    store.add_entity("Pell Odrin", "person")
    ids = {}
    ids["courier"], _ = store.add_article(
        title="Courier", text=COURIER, meta={"outlet": "Varnia Courier"},
        spans=[at(COURIER, "6,000 bodies", "NUMBER", value=6000, unit="bodies"),
               at(COURIER, "Olena Marchenko", "ACTOR", entity="E1"),
               at(COURIER, "6,000 bodies were returned", "CLAIM")],
        relations=[NewRelation(2, 0, "quantity", annotator="ana")],
    )  # fmt: skip
    ids["eastgate"], _ = store.add_article(
        title=HOSTILE, text=EASTGATE,
        spans=[at(EASTGATE, "3,000 bodies", "NUMBER", value=3000, unit="bodies"),
               at(EASTGATE, "Marchenko", "ACTOR", entity="E1")],
    )  # fmt: skip
    ids["herald"], _ = store.add_article(
        title="Herald", text=HERALD,
        spans=[at(HERALD, "just over an hour", "NUMBER", value=60, unit="minutes"),
               at(HERALD, "Pell Odrin", "ACTOR", entity="E8"),
               at(HERALD, "Harrow League", "ACTOR", entity="E7")],
    )  # fmt: skip
    ids["wire"], _ = store.add_article(
        title="Wire", text=WIRE,
        spans=[at(WIRE, "40 minutes", "NUMBER", value=40, unit="minutes"),
               at(WIRE, "Harrow League", "ACTOR", entity="E7")],
    )  # fmt: skip
    spans = {a: store.spans(i) for a, i in ids.items()}

    def span(article: str, text: str) -> int:
        return next(s.id for s in spans[article] if s.text == text)

    store.add_link(span("courier", "6,000 bodies"), span("eastgate", "3,000 bodies"),
                   "contradicts", annotator="ana")  # fmt: skip
    store.add_link(span("herald", "just over an hour"), span("wire", "40 minutes"), "same")
    store.add_link(span("wire", "40 minutes"), span("courier", "6,000 bodies"), "updates",
                   annotator="ben")  # fmt: skip
    store.add_link(span("eastgate", "Marchenko"), span("courier", "Olena Marchenko"),
                   "different-event")  # fmt: skip
    store.assign_story([ids["courier"], ids["eastgate"]], "Returns " + HOSTILE)
    store.assign_story([ids["herald"], ids["wire"]], "Harrow meeting")
    return ids


def contents(store: Store) -> dict[str, object]:
    """Everything but row ids and times: articles by text, spans and links by place."""
    places = {}
    articles = {}
    for article, spans in store.iter_articles():
        for s in spans:
            places[s.id] = (article.text, s.start, s.end, s.label, s.annotator)
        articles[article.text] = (
            article.title, article.meta, article.status,
            sorted((s.start, s.end, s.label, s.text, s.annotator,
                    json.dumps(s.attributes, sort_keys=True)) for s in spans),
            sorted((r.kind, places[r.head_span_id], places[r.tail_span_id], r.annotator)
                   for r in store.relations(article.id)),
        )  # fmt: skip
    stories = {places_text: name for places_text, name in (
        (store.article(article_id).text, name)
        for article_id, name in store.article_stories().items()
    )}  # fmt: skip
    return {
        "articles": articles,
        "stories": stories,
        "story names": sorted(s.name for s in store.stories()),
        "entities": sorted((e.key, e.name, e.kind, e.aliases) for e in store.entities()),
        "links": sorted(
            (places[link.span_id], places[link.to_span_id], link.type, link.annotator)
            for link in store.iter_links()
        ),
    }


def test_export_then_import_into_an_empty_corpus_reproduces_stories_entities_links(store, tmp_path):
    cross_corpus(store)
    store.add_entity("Nobody Mentioned", "group")  # in the registry, named by no span
    out = tmp_path / "corpus.jsonl"
    summary = export_corpus(store, out, format="jsonl")
    assert summary.notes == []
    copy = Store.open(None)
    report = import_paths(copy, [out])
    assert [f.lines() for f in report.files] == [[f"{out}: added 4 articles (10 spans)"]]
    expected = contents(store)
    # An entity no exported span names has no record to ride in
    expected["entities"] = [e for e in expected["entities"] if e[1] != "Nobody Mentioned"]
    assert contents(copy) == expected
    assert {link[2] for link in contents(copy)["links"]} == set(LINK_TYPES)
    # and again: everything is already there, nothing is added twice
    again = import_paths(copy, [out])
    assert again.files[0].lines() == [f"{out}: 4 already in the corpus"]
    assert contents(copy) == expected
    copy.close()


def test_the_record_shape_story_actors_and_links_name_ids_of_the_same_file(store, tmp_path):
    ids = cross_corpus(store)
    out = tmp_path / "corpus.jsonl"
    export_corpus(store, out, format="jsonl")
    records = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    courier = records[ids["courier"]]
    assert courier["story"] == "Returns " + HOSTILE  # literally, control characters and all
    assert courier["actors"] == {
        "E1": {"name": "Olena Marchenko", "kind": "person", "aliases": ["Marchenko"]}
    }
    assert records[ids["herald"]]["actors"] == {
        "E7": {"name": HOSTILE, "kind": "organisation", "aliases": ["Harrow League"]},
        "E8": {"name": "Pell Odrin", "kind": "person", "aliases": []},
    }
    # a title is one line (control characters become spaces when stored); the markup
    # and the right-to-left override stay as they are
    title = records[ids["eastgate"]]["title"]
    assert title == store.article(ids["eastgate"]).title
    assert title.startswith("<script>alert(1)</script>\u202eevil") and "\u200f" in title
    [link] = courier["links"]
    assert set(link) == {"span", "to_article", "to_span", "type", "annotator"}
    assert link["span"] in {s["id"] for s in courier["spans"]}
    target = records[link["to_article"]]
    assert link["to_span"] in {s["id"] for s in target["spans"]}
    assert (target["id"], link["type"], link["annotator"]) == (
        ids["eastgate"],
        "contradicts",
        "ana",
    )
    # each link once, in the record of the span it starts from
    assert sum(len(r.get("links", [])) for r in records.values()) == 4
    assert "\\u202e" not in out.read_text(encoding="utf-8")  # not escaped: as stored


def write_lines(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def two_records() -> list[dict]:
    """Two good records, each linking to the other, with an actor."""
    return [
        {"id": "a", "text": COURIER, "story": "Returns",
         "spans": [{"id": 1, "start": 24, "end": 36, "label": "NUMBER"},
                   {"id": 2, "start": 52, "end": 67, "label": "ACTOR",
                    "attributes": {"entity": "E1"}}],
         "actors": {"E1": {"name": "Olena Marchenko", "kind": "person", "aliases": []}},
         "links": [{"span": 1, "to_article": "b", "to_span": 9, "type": "contradicts"}]},
        {"id": "b", "text": EASTGATE, "story": "Returns",
         "spans": [{"id": 9, "start": 23, "end": 35, "label": "NUMBER"}]},
    ]  # fmt: skip


BAD = {
    "a link to an article not in the file": (
        {"links": [{"span": 1, "to_article": "zz", "to_span": 9, "type": "same"}]},
        'link 1: to_article "zz" is no record of this file',
    ),
    "a link to a span not in that record": (
        {"links": [{"span": 1, "to_article": "b", "to_span": 77, "type": "same"}]},
        'link 1: to_span "77" is no span of the record "b"',
    ),
    "a link from a span not in this record": (
        {"links": [{"span": 5, "to_article": "b", "to_span": 9, "type": "same"}]},
        "link 1: its span 5 is not a span of this record",
    ),
    "a link of a span to itself": (
        {"links": [{"span": 1, "to_article": "a", "to_span": 1, "type": "same"}]},
        "link 1 joins two spans of the same article",
    ),
    "a link to its own article": (
        {"links": [{"span": 1, "to_article": "a", "to_span": 2, "type": "same"}]},
        "link 1 joins two spans of the same article",
    ),
    "an unknown link type": (
        {"links": [{"span": 1, "to_article": "b", "to_span": 9, "type": "agrees"}]},
        'link 1: unknown link type "agrees"',
    ),
    "an entity key with no entry in actors": (
        {"actors": {"E2": {"name": "Someone", "kind": "person"}}},
        'span 2 names entity "E1", which has no entry in "actors"',
    ),
    "an actor of no known kind": (
        {"actors": {"E1": {"name": "Olena Marchenko", "kind": "alien"}}},
        'actor "E1": unknown kind "alien"',
    ),
    "a story that is no name": ({"story": "   "}, '"story" is not a name'),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_record_is_refused_in_one_line_naming_file_and_line_and_the_rest_goes_in(
    store, tmp_path, case
):
    change, reason = BAD[case]
    good = {"id": "c", "text": HERALD, "story": "Harrow meeting",
            "spans": [{"id": 1, "start": 21, "end": 38, "label": "NUMBER"}]}  # fmt: skip
    records = [{**two_records()[0], **change}, two_records()[1], good]
    path = write_lines(tmp_path / "bad.jsonl", records)
    report = import_paths(store, [path])
    [file_report] = report.files
    assert not file_report.refused  # the file is not refused: only its line 1
    lines = file_report.lines()
    assert lines[0] == f"{path}: added 2 articles (2 spans)"
    assert lines[1].startswith(f"{path}: line 1: refused: {reason}"), lines
    assert len(lines) == 2 and all("\n" not in line for line in lines)
    assert file_report.refused_records == 1
    assert report.summary().endswith("; 1 record(s) refused (their lines say why).")
    assert sorted(a.title for a in store.articles()) == sorted(r["text"][:200] for r in records[1:])
    assert store.article_stories() == {1: "Returns", 2: "Harrow meeting"}
    assert list(store.iter_links()) == []


def test_a_link_to_a_refused_record_costs_only_that_link(store, tmp_path):
    first, second = two_records()
    second["actors"] = {"E5": {"name": "Ghost", "kind": "group"}}
    second["spans"][0]["attributes"] = {"entity": "E404"}  # refuses line 2
    path = write_lines(tmp_path / "links.jsonl", [first, second])
    lines = import_paths(store, [path]).files[0].lines()
    assert lines == [
        f"{path}: added 1 article (2 spans)",
        f'{path}: line 2: refused: span 1 names entity "E404", which has no entry in "actors"',
        f"{path}: line 1: link 1 not made: the record b was not imported",
    ]
    assert store.article_count() == 1 and list(store.iter_links()) == []
    assert [e.name for e in store.entities()] == ["Olena Marchenko"]  # not the ghost


def test_the_command_line_prints_each_refused_record_and_exits_1(tmp_path):
    first, second = two_records()
    first["links"][0]["type"] = "agrees"
    path = write_lines(tmp_path / "cli.jsonl", [first, second])
    db = tmp_path / "c.sqlite3"
    result = CliRunner().invoke(cli, ["--db", str(db), "import", str(path)])
    assert result.exit_code == 1
    assert f'{path}: line 1: refused: link 1: unknown link type "agrees"' in result.output
    assert "1 record(s) refused; see the lines above" in result.output
    with Store.open(db) as store:
        assert store.article_count() == 1


def test_a_key_that_clashes_with_another_entity_is_never_reused(store, tmp_path):
    store.add_entity("Kadri Voss", "person")  # E1 here
    store.add_entity("Olena Marchenko", "organisation")  # same name, another kind: E2
    path = write_lines(tmp_path / "clash.jsonl", two_records())
    lines = import_paths(store, [path]).files[0].lines()
    assert lines[1:] == [
        f"{path}: actor E1 (Olena Marchenko) is E3 in this corpus: E1 is Kadri Voss here"
    ]
    assert store.entity("E1").name == "Kadri Voss"  # untouched
    assert store.entity("E3").name == "Olena Marchenko"
    [actor] = [s for s in store.spans(1) if s.label == "ACTOR"]
    assert actor.attributes == {"entity": "E3"}
    # A corpus that has the same entity under another key reuses it, adding none
    other = Store.open(None)
    other.add_entity("Kadri Voss", "person")
    other.add_entity("Olena Marchenko", "person")  # E2
    lines = import_paths(other, [path]).files[0].lines()
    assert lines[1:] == [
        f"{path}: actor E1 (Olena Marchenko) is E2 in this corpus: E1 is Kadri Voss here"
    ]
    assert [e.key for e in other.entities()] == ["E1", "E2"]
    assert [s.attributes for s in other.spans(1) if s.label == "ACTOR"] == [{"entity": "E2"}]
    other.close()


def test_links_from_an_article_already_in_the_corpus_find_its_spans_by_place(store, tmp_path):
    # The two articles are in already, tagged alike but by someone else, in another story
    store.add_article(title="Courier", text=COURIER,
                      spans=[NewSpan(24, 36, "NUMBER", annotator="zed")])  # fmt: skip
    store.add_article(title="Eastgate", text=EASTGATE, spans=[NewSpan(23, 35, "NUMBER")])
    store.assign_story([1], "Older story")
    path = write_lines(tmp_path / "dup.jsonl", two_records())
    lines = import_paths(store, [path]).files[0].lines()
    # Texts already in the corpus take the file's spans they lack (issue 16: a colleague's
    # annotations come in): the Courier's NUMBER and ACTOR (zed's NUMBER is zed's); the
    # Eastgate NUMBER is there already, unnamed as in the file.
    assert lines == [
        f"{path}: 2 already in the corpus, added 2 spans to texts already in the corpus",
        f"{path}: line 1: already in the corpus in the story 'Older story'; left there "
        "rather than moved to 'Returns'",
    ]
    assert store.article_stories() == {1: "Older story", 2: "Returns"}  # 2 had none
    [link] = store.iter_links()
    assert (store.span(link.span_id).text, store.span(link.to_span_id).text) == (
        "6,000 bodies", "3,000 bodies"
    )  # fmt: skip
    assert store.span(link.span_id).annotator == ""  # the file's span, not zed's
    # a span the existing article lost comes back with the file, and so does its link
    store.delete_span(link.to_span_id)
    assert list(store.iter_links()) == []
    lines = import_paths(store, [path]).files[0].lines()
    assert (
        lines[0] == f"{path}: 2 already in the corpus, added 1 span to texts already in the corpus"
    )
    [again] = store.iter_links()
    assert store.span(again.to_span_id).text == "3,000 bodies"


def test_a_split_or_a_label_choice_leaves_out_links_whose_other_end_is_elsewhere(store, tmp_path):
    cross_corpus(store)
    summary = export_corpus(store, tmp_path / "numbers.jsonl", format="jsonl", labels=["NUMBER"])
    # the ACTOR-to-ACTOR link goes with the ACTOR spans; the three NUMBER links stay
    assert (
        "1 cross-article link left out: the other end is not in this file "
        "(--label/--annotator/--status, or another part of the split)"
    ) in summary.notes
    lines = (tmp_path / "numbers.jsonl").read_text(encoding="utf-8").splitlines()
    assert sum(len(json.loads(line).get("links", [])) for line in lines) == 3
    assert all("actors" not in json.loads(line) for line in lines)
    # Every line of every part imports back: no link names a record of another part
    split = export_corpus(store, tmp_path / "split", format="jsonl", split="50/50/0", seed=3)
    parts = [p for p in sorted((tmp_path / "split").glob("*.jsonl")) if p.stat().st_size]
    copy = Store.open(None)
    report = import_paths(copy, parts)
    assert not report.refused and all(f.notes == [] for f in report.files)
    written = sum(
        len(json.loads(line).get("links", []))
        for part in parts
        for line in part.read_text(encoding="utf-8").splitlines()
    )
    left_out = sum(int(note.split()[0]) for note in split.notes if "cross-article" in note)
    assert written == len(list(copy.iter_links())) == 4 - left_out
    assert 0 < left_out < 4  # seed 3 puts some linked articles apart, some together
    copy.close()


def test_a_status_choice_keeps_the_links_between_articles_of_that_status(store, tmp_path):
    ids = cross_corpus(store)
    store.set_status(ids["courier"], "done")
    store.set_status(ids["eastgate"], "done")
    summary = export_corpus(store, tmp_path / "done.jsonl", format="jsonl", status="done")
    # the two links between Courier and Eastgate go out; the two from Herald and Wire
    # (not done) stay behind
    assert (
        "2 cross-article links left out: the other end is not in this file "
        "(--label/--annotator/--status, or another part of the split)"
    ) in summary.notes
    records = [json.loads(line) for line in (tmp_path / "done.jsonl").read_text().splitlines()]
    assert [r["title"] for r in records] == [
        store.article(ids["courier"]).title, store.article(ids["eastgate"]).title
    ]  # fmt: skip
    assert sorted(link["type"] for r in records for link in r.get("links", [])) == [
        "contradicts", "different-event"
    ]  # fmt: skip


def test_front_matter_and_meta_json_give_a_text_article_its_story(store, tmp_path):
    (tmp_path / "one.txt").write_text(
        "---\nstory: Harrow meeting\noutlet: Wire\n---\nThe meeting lasted 40 minutes.\n",
        encoding="utf-8",
    )
    (tmp_path / "two.txt").write_text("It lasted just over an hour.\n", encoding="utf-8")
    (tmp_path / "two.meta.json").write_text(json.dumps({"story": HOSTILE}), encoding="utf-8")
    report = import_paths(store, [tmp_path])
    assert not report.refused
    by_title = {a.title: a.id for a in store.articles()}
    assert store.article_stories() == {
        by_title["The meeting lasted 40 minutes."]: "Harrow meeting",
        by_title["It lasted just over an hour."]: HOSTILE,
    }
    assert store.article(by_title["The meeting lasted 40 minutes."]).meta == {"outlet": "Wire"}


def test_the_sample_round_trips_through_native_json_lines(store, tmp_path):
    import_sample(store)
    out = tmp_path / "sample.jsonl"
    export_corpus(store, out, format="jsonl")
    copy = Store.open(None)
    assert not import_paths(copy, [out]).refused
    assert contents(copy) == contents(store)
    assert len(contents(copy)["links"]) == 6
    copy.close()


def test_an_entity_the_registry_lacks_beside_one_it_holds_is_named_by_the_export(store, tmp_path):
    # "Ilsa Varn" is free text from before the registry; E1 is a registry key
    store.add_entity("Olena Marchenko", "person")
    article, _ = store.add_article(title="Courier", text=COURIER, spans=[
        at(COURIER, "Olena Marchenko", "ACTOR", entity="E1"),
        at(COURIER, "Varnia Courier", "ACTOR", entity="Ilsa Varn"),
    ])  # fmt: skip
    summary = export_corpus(store, tmp_path / "out.jsonl", format="jsonl")
    assert summary.notes == [
        f"article {article}: its spans name entities the registry lacks ('Ilsa Varn'), so "
        "importing this file refuses its line; add them to the registry (annotator entities "
        "add) first"
    ]
    # Without a registry key beside it, free text goes out and comes back as it was
    alone = Store.open(None)
    free = at(COURIER, "Varnia Courier", "ACTOR", entity="Ilsa Varn")
    alone.add_article(title="Courier", text=COURIER, spans=[free])
    assert export_corpus(alone, tmp_path / "alone.jsonl", format="jsonl").notes == []
    copy = Store.open(None)
    assert import_paths(copy, [tmp_path / "alone.jsonl"]).files[0].notes == []
    assert contents(copy) == contents(alone)
    alone.close()
    copy.close()
