"""``annotator merge``: colleagues' corpora joined by text, each analyst's work kept apart.

Every input is checked before anything is written; the inputs never change; merging
twice adds nothing; where two files disagree about one thing the first is kept and
the difference listed.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.merge import MergeError, merge_files, merge_into
from annotator.core.store import Store

FLOOD = "The Lowmere river council said 412 homes flooded on Tuesday, Mayor Ilse Varga said."
REPAIR = "Varga promised 3 million crowns for repairs; the Tarnby Gazette doubted the sum."
ONLY_BOB = "A spokesman for the Lowmere dam authority said the gates held until 2 a.m."


def corpus(path: Path, analyst: str, *, wide_actor: bool = False, extra: bool = False) -> Path:
    """One analyst's corpus: the same two texts, their own spans, a relation and a link."""
    with Store.open(path) as store:
        flood, _ = store.add_article(title="Flood night", text=FLOOD, meta={"outlet": "Courier"})
        repair, _ = store.add_article(title="Repairs", text=REPAIR)
        council = store.add_span(flood, *at(FLOOD, "Lowmere river council" if wide_actor
                                            else "Lowmere river"), "ACTOR", annotator=analyst)
        homes = store.add_span(flood, *at(FLOOD, "412"), "NUMBER", annotator=analyst,
                               attributes={"value": 412})  # fmt: skip
        claim = store.add_span(flood, *at(FLOOD, "Lowmere river council said 412 homes flooded"),
                               "CLAIM", annotator=analyst)  # fmt: skip
        store.add_relation("source", claim.id, council.id, annotator=analyst)
        store.add_relation("quantity", claim.id, homes.id, annotator=analyst)
        varga = store.add_span(repair, *at(REPAIR, "Varga"), "ACTOR", annotator=analyst)
        mayor = store.add_span(flood, *at(FLOOD, "Varga"), "ACTOR", annotator=analyst)
        store.add_link(mayor.id, varga.id, "same", annotator=analyst)
        store.add_entity(key="E1", name="Ilse Varga", kind="person")
        store.assign_story([flood, repair], "Lowmere flood")
        store.set_analyst_status(flood, analyst, "done")
        store.log_work(annotator=analyst, article_id=flood, started_at="2026-11-30T09:00:00Z",
                       seconds=120.0, keys=40, spans=4)  # fmt: skip
        if extra:
            only, _ = store.add_article(title="Dam", text=ONLY_BOB)
            store.add_span(only, *at(ONLY_BOB, "A spokesman"), "ACTOR", annotator=analyst)
    return path


def at(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    alice = corpus(tmp_path / "alice.sqlite3", "alice")
    bob = corpus(tmp_path / "bob.sqlite3", "bob", wide_actor=True, extra=True)
    return alice, bob


def test_merge_keeps_each_analysts_spans_relations_links_and_statuses_apart(pair, tmp_path):
    alice, bob = pair
    before = digest(alice), digest(bob)
    team = tmp_path / "team.sqlite3"
    report = merge_files([alice, bob], output=team)
    assert (digest(alice), digest(bob)) == before  # the inputs never change
    assert report.tally.articles == 3  # two shared texts once, and bob's own
    counts = {name: (c.spans, c.relations, c.links, c.statuses)
              for name, c in report.tally.analysts.items()}  # fmt: skip
    assert counts == {"alice": (5, 2, 1, 1), "bob": (6, 2, 1, 1)}
    with Store.open(team) as store:
        assert store.article_count() == 3
        assert store.annotators() == ["alice", "bob"]
        flood = store.article_id_for_sha(hashlib.sha256(FLOOD.encode()).hexdigest())
        actors = {(s.annotator, s.text) for s in store.spans(flood) if s.label == "ACTOR"}
        assert actors == {("alice", "Lowmere river"), ("alice", "Varga"),
                          ("bob", "Lowmere river council"), ("bob", "Varga")}  # fmt: skip
        homes = [s for s in store.spans(flood) if s.label == "NUMBER"]
        assert [(s.annotator, s.attributes) for s in homes] == [
            ("alice", {"value": 412}), ("bob", {"value": 412})
        ]
        # Each relation joins its own analyst's spans, through the new ids.
        for relation in store.relations(flood):
            head, tail = store.span(relation.head_span_id), store.span(relation.tail_span_id)
            assert head.annotator == tail.annotator == relation.annotator
        links = list(store.iter_links())
        assert sorted(link.annotator for link in links) == ["alice", "bob"]
        for link in links:
            ends = store.span(link.span_id), store.span(link.to_span_id)
            assert [(s.text, s.annotator) for s in ends] == [("Varga", link.annotator)] * 2
        assert store.done_by(["alice", "bob"]) == {"alice": {flood}, "bob": {flood}}
        assert [e.key for e in store.entities()] == ["E1"]
        assert [(s.name, n) for s, n in store.story_counts()] == [("Lowmere flood", 2)]
        assert len(store.work_log()) == 2
        # The corpus list's span counts follow the rows.
        assert {a.id: a.span_count for a in store.articles()} == {
            a.id: len(store.spans(a.id)) for a in store.articles()
        }
    assert rows(team, "PRAGMA integrity_check") == [("ok",)]
    assert rows(team, "PRAGMA foreign_key_check") == []


def test_merging_twice_adds_nothing(pair, tmp_path):
    team = tmp_path / "team.sqlite3"
    merge_files(list(pair), output=team)
    snapshot = [rows(team, f"SELECT * FROM {t} ORDER BY 1") for t in (
        "articles", "spans", "relations", "links", "analyst_status", "work_log", "entities",
        "stories", "span_counts")]  # fmt: skip
    again = merge_files(list(pair), output=team)
    assert not again.tally.added_anything()
    assert "nothing to add" in again.lines()[0]
    assert snapshot == [rows(team, f"SELECT * FROM {t} ORDER BY 1") for t in (
        "articles", "spans", "relations", "links", "analyst_status", "work_log", "entities",
        "stories", "span_counts")]  # fmt: skip


def test_one_text_with_other_titles_meta_or_entity_names_keeps_the_first_and_says_so(tmp_path):
    first = corpus(tmp_path / "a.sqlite3", "alice")
    second = tmp_path / "b.sqlite3"
    with Store.open(second) as store:
        store.add_article(title="Flood night (corrected)", text=FLOOD,
                          meta={"outlet": "Gazette", "page": 3})  # fmt: skip
        store.add_entity(key="E1", name="Ilse Varga-Holm", kind="person")
    report = merge_files([first, second], output=tmp_path / "team.sqlite3")
    lines = "\n".join(report.lines())
    assert "titled 'Flood night (corrected)' there; kept 'Flood night'" in lines
    assert "other meta there (outlet, page)" in lines
    assert "entity E1 is 'Ilse Varga-Holm' (person) there; kept 'Ilse Varga'" in lines
    with Store.open(tmp_path / "team.sqlite3") as store:
        (article,) = [a for a in store.articles() if a.title.startswith("Flood")]
        assert store.article(article.id).meta == {"outlet": "Courier"}
        assert store.entity("E1").name == "Ilse Varga"


def test_a_single_analysts_done_articles_become_that_analysts_done(tmp_path):
    # A corpus from before analysts had statuses: done lives only in articles.status.
    alone = tmp_path / "carol.sqlite3"
    with Store.open(alone) as store:
        flood, _ = store.add_article(title="Flood", text=FLOOD)
        repair, _ = store.add_article(title="Repair", text=REPAIR)
        store.add_span(flood, *at(FLOOD, "Lowmere"), "ACTOR", annotator="carol")
        store.set_status(flood, "done")
        store.set_status(repair, "in-progress")
    team = tmp_path / "team.sqlite3"
    merge_files([alone], output=team)
    with Store.open(team) as store:
        flood_id = store.article_id_for_sha(hashlib.sha256(FLOOD.encode()).hexdigest())
        assert store.done_by(["carol"]) == {"carol": {flood_id}}


def test_merge_into_the_open_corpus_from_the_command_line(pair, tmp_path):
    team = tmp_path / "team.sqlite3"
    corpus(team, "dana")
    result = CliRunner().invoke(cli, ["--db", str(team), "merge", *map(str, pair)])
    assert result.exit_code == 0, result.output
    assert "Merged 2 files into" in result.output
    assert "alice: 5 spans, 2 relations, 1 link, 1 status added" in result.output
    assert "also 2 work log rows added" in result.output  # dana's story and E1 were there
    assert "bob: 6 spans, 2 relations, 1 link, 1 status added" in result.output
    with Store.open(team) as store:
        assert store.annotators() == ["alice", "bob", "dana"]
        assert store.article_count() == 3


def _newer(path: Path) -> None:
    corpus(path, "erin")
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('annotator', 'm099_from_the_future', '2030-01-01')")  # fmt: skip
    conn.commit()
    conn.close()


def _foreign(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.commit()
    conn.close()


def _damaged(path: Path) -> None:
    corpus(path, "erin")
    with Store.open(path) as store, store.transaction():
        for number in range(200):  # enough pages that a hole in the middle hits data
            store.add_article(title=f"Filler {number}", text=f"Filler text number {number}. " * 40)
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page * 3, len(data) - page, page * 7):
        data[offset + 100 : offset + 400] = b"\xff" * 300
    path.write_bytes(bytes(data))


def _not_sqlite(path: Path) -> None:
    path.write_text("Just notes about the Lowmere flood, not a database.\n")


@pytest.mark.parametrize(("spoil", "says"), [
    (_newer, "newer"), (_foreign, "not an Annotator corpus"), (_damaged, "damaged"),
    (_not_sqlite, "not"),
])  # fmt: skip
def test_a_bad_input_is_refused_in_one_line_before_anything_is_written(
    pair, tmp_path, spoil, says
):
    bad = tmp_path / "bad.sqlite3"
    spoil(bad)
    team = tmp_path / "team.sqlite3"
    # An existing output stays byte for byte; a new one is never created.
    runner = CliRunner()
    result = runner.invoke(cli, ["merge", str(pair[0]), str(bad), "-o", str(team)])
    assert result.exit_code == 1
    assert not team.exists()
    message = result.output.strip()
    assert message.startswith("Error: ") and "\n" not in message and "Traceback" not in message
    assert str(bad) in message and says in message
    corpus(team, "dana")
    before = digest(team)
    result = runner.invoke(cli, ["merge", str(pair[0]), str(bad), "-o", str(team)])
    assert result.exit_code == 1
    assert digest(team) == before


def test_the_output_as_an_input_is_refused_also_through_a_link(pair, tmp_path):
    team = tmp_path / "team.sqlite3"
    merge_files([pair[0]], output=team)
    before = rows(team, "SELECT * FROM spans")
    alias = tmp_path / "alias.sqlite3"
    alias.symlink_to(team)
    for given in (team, alias, tmp_path / "sub" / ".." / "team.sqlite3"):
        with pytest.raises(MergeError, match="is the output itself"):
            merge_files([pair[1], given], output=team)
    with Store.open(team) as store, pytest.raises(MergeError, match="is the output itself"):
        merge_into(store, [pair[1], alias])
    assert rows(team, "SELECT * FROM spans") == before


def test_a_missing_or_empty_input_is_refused(pair, tmp_path):
    (tmp_path / "empty.sqlite3").write_bytes(b"")
    for name, says in (("missing.sqlite3", "no such file"), ("empty.sqlite3", "is empty")):
        with pytest.raises(MergeError, match=says):
            merge_files([pair[0], tmp_path / name], output=tmp_path / "team.sqlite3")
    assert not (tmp_path / "team.sqlite3").exists()


def test_older_corpora_merge_read_only_with_every_span(tmp_path):
    import json
    import shutil

    from tests.conftest import DATA

    copies, expected = [], 0
    for version in (1, 5):
        copy = tmp_path / f"schema{version}.sqlite3"
        shutil.copyfile(DATA / f"migration-schema{version}.sqlite3", copy)
        copies.append(copy)
        expected = max(expected, len(json.loads(
            (DATA / f"migration-schema{version}.json").read_text(encoding="utf-8"))["spans"]))
    before = [digest(copy) for copy in copies]
    team = tmp_path / "team.sqlite3"
    report = merge_files(copies, output=team)
    assert [digest(copy) for copy in copies] == before  # upgraded in a copy, never in place
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [c.name for c in copies] + [team.name])  # nothing written beside the inputs
    with Store.open(team) as store:
        # The fixtures hold the same articles: the second merge adds only what differs.
        assert store.stats()["spans"] >= expected
        assert store.stats()["spans"] == sum(c.spans for c in report.tally.analysts.values())
    assert rows(team, "PRAGMA integrity_check") == [("ok",)]


def test_a_colleagues_newer_file_brings_their_later_status(pair, tmp_path):
    alice, _ = pair
    team = tmp_path / "team.sqlite3"
    merge_files([alice], output=team)
    with Store.open(alice) as store:  # alice carries on in her own file and sends it again
        repair = store.article_id_for_sha(hashlib.sha256(REPAIR.encode()).hexdigest())
        store.set_analyst_status(repair, "alice", "done")
        store.log_work(annotator="alice", article_id=repair, started_at="2026-12-01T10:00:00Z",
                       seconds=30.0, keys=12, spans=1)  # fmt: skip
    report = merge_files([alice], output=team)
    assert report.tally.analysts["alice"].statuses == 1
    assert (report.tally.work_log, report.tally.articles) == (1, 0)
    with Store.open(team) as store:
        assert len(store.done_by(["alice"])["alice"]) == 2
        assert len(store.work_log("alice")) == 2
