"""History's steps for links between articles and the actor registry: each one step,
undone and redone like any other (core/history_registry.py).  Invented texts."""

from __future__ import annotations

import pytest

from annotator.core.errors import BadAttribute
from annotator.core.history import History

TEXT_A = "The Varnia Courier says 6,000 bodies were returned, Olena Marchenko said."
TEXT_B = "Eastgate Daily reports 3,000 bodies returned; O. Marchenko declined to comment."


@pytest.fixture
def setup(store):
    a, _ = store.add_article(title="Courier", text=TEXT_A)
    b, _ = store.add_article(title="Eastgate", text=TEXT_B)
    na = store.add_span(a, 24, 29, "NUMBER")
    nb = store.add_span(b, 23, 28, "NUMBER")
    at = TEXT_A.index("Olena")
    xa = store.add_span(a, at, at + len("Olena Marchenko"), "ACTOR")
    at = TEXT_B.index("O. Marchenko")
    xb = store.add_span(b, at, at + len("O. Marchenko"), "ACTOR")
    return History(store, annotator="ana"), na, nb, xa, xb


def test_a_link_across_undoes_and_redoes(setup):
    history, na, nb, _, _ = setup
    store = history.store
    change = history.link_across(na.id, nb.id, "contradicts")
    assert change.description.startswith("link contradicts")
    (link,) = store.links(na.article_id)
    assert link.annotator == "ana"
    history.retype_across(link.id, "updates")
    assert store.link(link.id).type == "updates"
    history.undo()
    assert store.link(link.id).type == "contradicts"
    history.undo()
    assert store.links(na.article_id) == []
    history.redo()
    assert [x.id for x in store.links(nb.article_id)] == [link.id]
    history.unlink_across(link.id)
    assert store.links(na.article_id) == []
    history.undo()
    assert store.links(na.article_id)[0].id == link.id


def test_registry_steps_have_no_article_and_still_undo(setup):
    history, _, _, xa, xb = setup
    store = history.store
    made = history.new_entity_for(xa.id, "Olena Marchenko", "person")
    assert made.article_id == xa.article_id  # the entity and its mention: one step
    assert store.span(xa.id).attributes["entity"] == "E1"
    other = history.add_entity("Marchenko, O.", "person")
    assert other.article_id == -1 and other.status is None
    history.set_entity(xb.id, "E2")
    merged = history.merge_entities("E1", "E2")
    assert merged.article_id == -1
    assert store.span(xb.id).attributes["entity"] == "E1"
    assert "Marchenko, O." in store.entity("E1").aliases
    undone = history.undo()  # the merge: E2 and its mention come back
    assert undone is not None and undone.status is None
    assert store.span(xb.id).attributes["entity"] == "E2"
    assert store.entity("E2").name == "Marchenko, O."
    history.edit_entity("E2", name="Oleksandr Marchenko", aliases=["O. M."])
    assert store.entity("E2").aliases == ("O. M.",)
    history.delete_entity("E2")
    assert "entity" not in store.span(xb.id).attributes
    history.undo()
    history.undo()
    assert store.entity("E2").name == "Marchenko, O."
    for _ in range(3):
        history.undo()  # set_entity, add_entity, new_entity_for
    assert store.entities() == [] and "entity" not in store.span(xa.id).attributes


def test_a_new_entity_whose_mention_is_refused_is_taken_back(setup):
    history, na, _, _, _ = setup
    with pytest.raises(BadAttribute):
        history.new_entity_for(na.id, "Six thousand", "group")  # a NUMBER has no entity
    assert history.store.entities() == [] and not history.can_undo
