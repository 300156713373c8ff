"""The store parts for issues 14-16: stories, the actor registry, links, suggestions,
analysts' statuses and the work log; every write's change undoes by its inverse."""

from __future__ import annotations

import pytest

from annotator.core.errors import EntityError, LinkError, NotFound, StoryError, SuggestionError
from annotator.core.model import Suggestion

TEXT_A = "The Varnia Courier says 6,000 bodies were returned, Olena Marchenko said."
TEXT_B = "Eastgate Daily reports 3,000 bodies returned; Marchenko declined to comment."


@pytest.fixture
def two(store):
    a, _ = store.add_article(title="Courier", text=TEXT_A)
    b, _ = store.add_article(title="Eastgate", text=TEXT_B)
    na = store.add_span(a, 24, 29, "NUMBER")
    nb = store.add_span(b, 23, 28, "NUMBER")
    return store, a, b, na, nb


def test_stories_assign_group_rename_delete(two):
    store, a, b, _, _ = two
    assert store.assign_story([a, b], "Istanbul talks 2025") == 2
    assert store.assign_story([a], "Istanbul talks 2025") == 0  # already there
    assert store.article_story(a).name == "Istanbul talks 2025"
    assert store.story_article_ids("Istanbul talks 2025") == [a, b]
    assert store.article_stories() == {a: "Istanbul talks 2025", b: "Istanbul talks 2025"}
    store.rename_story("Istanbul talks 2025", "Talks")
    assert [(s.name, n) for s, n in store.story_counts()] == [("Talks", 2)]
    with pytest.raises(NotFound):
        store.assign_story([a, 999], "Other")  # nothing written
    assert store.article_story(a).name == "Talks"
    assert store.delete_story("Talks") == 2
    assert store.article_story(a) is None
    assert store.article_count() == 2  # articles stay
    with pytest.raises(StoryError):
        store.ensure_story("   ")


def test_link_add_retype_remove_and_undo(two):
    store, a, b, na, nb = two
    change = store.insert_link(na.id, nb.id, "contradicts", annotator="ana")
    link = change.added_records.links[0]
    assert (link.article_id, link.to_article_id, link.type) == (a, b, "contradicts")
    assert change.articles == {a, b}
    assert store.links(b) == [link]
    retyped = store.retype_link(link.id, "different-event")
    assert store.link(link.id).type == "different-event"
    store.apply(retyped.inverse())
    assert store.link(link.id).type == "contradicts"
    store.apply(change.inverse())
    assert store.links(a) == []
    store.apply(change)
    assert store.links(a) == [link]


def test_link_refusals(two):
    store, a, _, na, nb = two
    other = store.add_span(a, 52, 67, "ACTOR")
    with pytest.raises(LinkError, match="itself"):
        store.add_link(na.id, na.id, "same")
    with pytest.raises(LinkError, match="same article"):
        store.add_link(na.id, other.id, "same")
    with pytest.raises(LinkError, match="unknown link type"):
        store.add_link(na.id, nb.id, "agrees")
    with pytest.raises(NotFound):
        store.add_link(na.id, 9999, "same")
    store.add_link(na.id, nb.id, "same")
    with pytest.raises(LinkError, match="already"):
        store.add_link(na.id, nb.id, "contradicts")


def test_deleting_a_span_takes_its_links_and_undo_brings_them_back(two):
    store, _, b, na, nb = two
    link = store.add_link(nb.id, na.id, "same")
    change = store.remove_span(na.id)
    assert change.removed_records.links == (link,)
    assert store.links(b) == []
    store.apply(change.inverse())
    assert store.links(b) == [link]


def test_entities_add_edit_merge_delete_with_undo(two):
    store, a, b, _, _ = two
    e1 = store.add_entity("Olena Marchenko", "person").added_records.entities[0]
    e2 = store.add_entity("O. Marchenko", "person", aliases=["Marchenko"])
    e2 = e2.added_records.entities[0]
    assert (e1.key, e2.key) == ("E1", "E2")
    s1 = store.add_span(a, 52, 67, "ACTOR", attributes={"entity": "E1"})
    s2 = store.add_span(b, 46, 55, "ACTOR", attributes={"entity": "E2"})
    assert store.mention_counts() == {"E1": 1, "E2": 1}
    merged = store.merge_entities("E1", "E2")
    assert store.span(s2.id).attributes["entity"] == "E1"
    assert store.entity("E1").aliases == ("O. Marchenko", "Marchenko")
    assert [e.key for e in store.entities()] == ["E1"]
    store.apply(merged.inverse())
    assert store.span(s2.id).attributes["entity"] == "E2"
    assert store.entity("E2") == e2 and store.entity("E1") == e1
    edited = store.edit_entity("E1", name="Olena V. Marchenko", aliases=["Marchenko"])
    assert store.entity("E1").name == "Olena V. Marchenko"
    store.apply(edited.inverse())
    assert store.entity("E1") == e1
    deleted = store.delete_entity("E1")
    assert "entity" not in store.span(s1.id).attributes
    store.apply(deleted.inverse())
    assert store.span(s1.id).attributes["entity"] == "E1"
    with pytest.raises(EntityError, match="kind"):
        store.add_entity("Velkovar", "planet")
    with pytest.raises(EntityError, match="exists"):
        store.add_entity("Velkovar", "country", key="E1")


def test_suggestions_store_accept_reject_undo(two):
    store, a, _, na, _ = two
    proposals = [
        Suggestion(0, a, 24, 29, "NUMBER", "6,000", "numbers", 0.9),  # already a span
        Suggestion(0, a, 52, 67, "ACTOR", "Olena Marchenko", "actors", 0.8),
        Suggestion(0, a, 4, 18, "ACTOR", "Varnia Courier", "patterns", 1.0),
    ]
    stored = store.store_suggestions(proposals)
    assert [s.text for s in stored] == ["Olena Marchenko", "Varnia Courier"]  # input order
    assert store.store_suggestions(proposals) == []  # idempotent
    accept = store.accept_suggestions([stored[0].id], annotator="ana")
    span = accept.added[0]
    assert (span.text, span.label, span.annotator) == ("Olena Marchenko", "ACTOR", "ana")
    assert [s.text for s in store.suggestions(a)] == ["Varnia Courier"]
    reject = store.reject_suggestions([stored[1].id])
    assert store.suggestions(a) == []
    assert store.store_suggestions(proposals) == []  # rejected: not proposed again
    store.apply(reject.inverse())
    store.apply(accept.inverse())
    assert {s.text for s in store.suggestions(a)} == {"Varnia Courier", "Olena Marchenko"}
    assert [s.id for s in store.spans(a)] == [na.id]
    assert store.stats()["spans"] == 2  # the two gold spans: suggestions never count
    with pytest.raises(SuggestionError, match=r"disagrees|differs|text"):
        store.store_suggestions([Suggestion(0, a, 0, 3, "CLAIM", "Xyz", "import")])
    with pytest.raises(SuggestionError):
        store.store_suggestions([Suggestion(0, a, 70, 900, "CLAIM", "x", "import")])
    assert store.clear_suggestions() == 2


def test_analysts_status_and_work_log(two):
    store, a, b, _, _ = two
    store.set_analyst_status(a, "ana", "done")
    store.set_analyst_status(b, "ana", "in-progress")
    store.set_analyst_status(a, "ben", "done")
    assert store.done_by(["ana", "ben"]) == {"ana": {a}, "ben": {a}}
    assert "ana" in store.annotators()
    store.log_work(annotator="ana", article_id=a, started_at="t", seconds=12.5, keys=30, spans=4)
    assert store.work_log("ana")[0]["keys"] == 30
