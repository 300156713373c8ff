"""The adjudication controller without a window: what it writes, records and says."""

from __future__ import annotations

import pytest

from annotator.core.disagreements import add_gold
from annotator.core.model import GOLD_ANNOTATOR
from annotator.gui.controllers.adjudication import Adjudication

# Invented: no such mill or workers.
TEXT = "The Orrin mill laid off 85 workers, manager Tova Brisk said on Monday."


def at(piece: str) -> tuple[int, int]:
    start = TEXT.index(piece)
    return start, start + len(piece)


@pytest.fixture
def mill(store):
    article_id, _ = store.add_article(title="Orrin mill", text=TEXT)
    store.add_span(article_id, *at("85"), "NUMBER", annotator="ana")
    store.add_span(article_id, *at("85 workers"), "NUMBER", annotator="bo")
    store.add_span(article_id, *at("Tova Brisk"), "ACTOR", annotator="ana")
    return store, article_id


def session_for(store, *, refuse: bool = False):
    said: list[str] = []
    written: list[list[tuple[str, str]]] = []

    def write(article_id, spans):
        written.append([(s.label, s.text) for s in spans])
        return None if refuse else add_gold(store, article_id, spans)

    session = Adjudication(store=store, write=write, undo=lambda _change: True,
                           message=said.append)  # fmt: skip
    return session, said, written


def gold(store, article_id):
    return sorted((s.label, s.text) for s in store.spans(article_id)
                  if s.annotator == GOLD_ANNOTATOR)  # fmt: skip


def test_a_side_gold_already_holds_is_recorded_without_a_write(mill):
    store, article_id = mill
    ana_85 = next(s for s in store.spans(article_id) if s.text == "85")
    add_gold(store, article_id, [ana_85])  # an earlier session took it
    session, said, written = session_for(store)
    assert session.start()
    assert [d.kind for d in session.current.disagreements] == ["boundary", "missing"]
    session.decide("first")
    assert written == []  # nothing new to write: no empty undo step
    assert said[-1] == "Took ana's (already in gold)."
    assert session.decision_of(0) == "first"
    assert session.at == 1  # on to the next undecided one
    session.decide("second")  # bo has nothing where ana has Tova Brisk
    assert said[-1].startswith("Took bo's: no span there, nothing added")
    assert gold(store, article_id) == [("NUMBER", "85")]


def test_a_refused_write_records_no_decision(mill):
    store, article_id = mill
    session, _said, written = session_for(store, refuse=True)
    session.start()
    session.decide("both")
    assert written == [[("NUMBER", "85"), ("NUMBER", "85 workers")]]
    assert session.decision_of(0) is None and session.done == []
    assert gold(store, article_id) == []


def test_undo_pops_the_decision_and_returns_to_it(mill):
    store, _article_id = mill
    undone = []
    session, said, _written = session_for(store)
    session._undo = lambda change: undone.append(change) or True
    session.start()
    session.decide("second")
    session.decide("neither")
    session.undo()  # "neither" wrote nothing: nothing to take back in the store
    assert undone == [] and session.decision_of(1) is None and session.at == 1
    session.undo()
    assert len(undone) == 1 and undone[0].added[0].text == "85 workers"
    assert session.decision_of(0) is None and session.at == 0
    session.undo()
    assert said[-1] == "No decision of this visit to undo"
