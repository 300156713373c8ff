"""Whose spans the window shows as the analyst's own, and the analyst's own status.

In a team corpus (two named analysts with spans and statuses of their own) each sees
their own spans and the unnamed ones; anywhere else everything, as before names.
"""

from __future__ import annotations

import pytest

from annotator.core.history import History
from annotator.core.identity import AnalystNameError, check_analyst_name

TEXT = "Mayor Ilse Varga said 412 homes flooded in Lowmere on Tuesday night."


@pytest.fixture
def article(store):
    article_id, _ = store.add_article(title="Flood", text=TEXT)
    return article_id


def test_span_reads_filter_by_analyst_keeping_unnamed_spans(store, article):
    mine = store.add_span(article, 0, 5, "ACTOR", annotator="alice")
    theirs = store.add_span(article, 0, 5, "ACTOR", annotator="bob")
    old = store.add_span(article, 22, 25, "NUMBER")  # from before names: everyone's
    assert [k[3] for k in store.span_keys(article)] == sorted([mine.id, theirs.id, old.id])
    assert {k[3] for k in store.span_keys(article, annotator="alice")} == {mine.id, old.id}
    assert {s.id for s in store.spans(article, annotator="bob")} == {theirs.id, old.id}
    keys, damaged = store.checked_span_keys(article, annotator="alice")
    assert ({k[3] for k in keys}, damaged) == ({mine.id, old.id}, [])
    assert store.span_counts_by_annotator() == {"": 1, "alice": 1, "bob": 1}


def test_own_layer_is_everything_until_two_named_analysts_have_spans_and_statuses(store, article):
    assert store.own_layer("carol") is None  # nothing yet
    store.add_span(article, 22, 25, "NUMBER")
    store.add_span(article, 0, 5, "ACTOR", annotator="alice")
    # alice's corpus opened by carol (or by alice under a new name): nothing hidden.
    assert store.own_layer("carol") is None
    history = History(store, annotator="carol")
    assert len(history.span_keys(article)) == 2
    history.tag(article, 6, 10, "ACTOR")
    # Two named analysts with spans, but without statuses of their own (another program,
    # a colleague writing into the same file): still every span, as before.
    assert store.own_layer("carol") is None
    store.set_analyst_status(article, "alice", "done")  # as a merge brings it
    assert store.own_layer("carol") is None
    history.set_status(article, "done")  # carol's own status: a team corpus now
    assert store.own_layer("carol") == "carol"
    shown = {store.span(k[3]).annotator for k in history.span_keys(article)}
    assert shown == {"carol", ""}


def test_the_windows_status_moves_are_the_analysts_own_status(store, article):
    history = History(store, annotator="alice")
    history.tag(article, 0, 5, "ACTOR")  # todo -> in-progress, implied by the first span
    assert store.analyst_statuses() == {(article, "alice"): "in-progress"}
    history.set_status(article, "done")
    assert store.done_by(["alice"]) == {"alice": {article}}
    history.undo()  # the status goes back, for the analyst too
    assert store.analyst_statuses() == {(article, "alice"): "in-progress"}
    history.redo()
    assert store.analyst_statuses() == {(article, "alice"): "done"}
    history.annotator = "bob"  # another analyst at the same window, same article
    history.set_status(article, "done")
    assert store.done_by(["alice", "bob"]) == {"alice": {article}, "bob": {article}}


def test_every_write_records_the_analyst(store, article):
    history = History(store, annotator="alice")
    head = history.tag(article, *_at("Varga said 412 homes flooded"), "CLAIM").added[0]
    child = history.tag(article, *_at("Ilse Varga"), "ACTOR").added[0]
    history.link(head.id, child.id, "source")
    history.tag_all(article, [_at("412")], "NUMBER")
    assert {s.annotator for s in store.spans(article)} == {"alice"}
    assert [r.annotator for r in store.relations(article)] == ["alice"]


def _at(piece: str) -> tuple[int, int]:
    start = TEXT.index(piece)
    return start, start + len(piece)


@pytest.mark.parametrize("name", ["", "   ", "gold", "Gold", "a\nb", "x" * 65, "a,b", "\ud800"])
def test_names_that_cannot_be_an_analysts(name):
    with pytest.raises(AnalystNameError):
        check_analyst_name(name)


def test_a_name_is_kept_without_the_spaces_around_it():
    assert check_analyst_name("  Ilse Varga ") == "Ilse Varga"
