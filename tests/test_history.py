"""Undo/redo over the store: every step is in the database as soon as it returns."""

from __future__ import annotations

import pytest

from annotator.core.errors import DuplicateSpan
from annotator.core.history import History, HistoryError
from annotator.core.store import Store

TEXT = "The mayor said 6,000 homes were flooded."


@pytest.fixture
def article(store: Store) -> int:
    article_id, _ = store.add_article(title="Flood", text=TEXT)
    return article_id


@pytest.fixture
def history(store: Store) -> History:
    return History(store, annotator="tester")


def rows(store: Store, article_id: int) -> list[tuple[int, int, str, str]]:
    return [(s.start, s.end, s.label, s.text) for s in store.spans(article_id)]


def test_tag_is_committed_and_undo_redo_restore_it(store, history, article):
    change = history.tag(article, 4, 9, "ACTOR")
    assert not store.conn.in_transaction
    assert rows(store, article) == [(4, 9, "ACTOR", "mayor")]
    assert change.added[0].text == "mayor" and change.added[0].annotator == "tester"
    assert store.article(article).status == "in-progress"

    undone = history.undo()
    assert undone is not None and undone.removed[0].id == change.added[0].id
    assert rows(store, article) == []
    assert store.article(article).status == "todo"  # back where it was

    redone = history.redo()
    assert redone is not None
    assert store.spans(article)[0].id == change.added[0].id  # same span, same id
    assert store.spans(article)[0].created_at == change.added[0].created_at
    assert store.article(article).status == "in-progress"


def test_relabel_delete_and_status_undo_in_reverse_order(store, history, article):
    span_id = history.tag(article, 15, 20, "NUMBER").added[0].id
    history.relabel(span_id, "CLAIM")
    assert rows(store, article) == [(15, 20, "CLAIM", "6,000")]
    history.delete(span_id)
    assert rows(store, article) == []
    history.set_status(article, "done")
    assert store.article(article).status == "done"

    history.undo()
    assert store.article(article).status == "in-progress"
    history.undo()
    assert rows(store, article) == [(15, 20, "CLAIM", "6,000")]
    history.undo()
    assert rows(store, article) == [(15, 20, "NUMBER", "6,000")]
    history.undo()
    assert rows(store, article) == []
    assert history.undo() is None
    for _ in range(4):
        history.redo()
    assert rows(store, article) == [] and store.article(article).status == "done"
    assert history.redo() is None


def test_new_step_clears_redo(history, article):
    history.tag(article, 4, 9, "ACTOR")
    history.undo()
    assert history.can_redo
    history.tag(article, 0, 3, "ACTOR")
    assert not history.can_redo
    assert history.undo_text.startswith("tag ACTOR")


def test_duplicate_is_refused_and_not_recorded(store, history, article):
    history.tag(article, 4, 9, "ACTOR")
    with pytest.raises(DuplicateSpan):
        history.tag(article, 4, 9, "ACTOR")
    history.tag(article, 4, 9, "QUOTE")  # same words, other label: allowed
    assert len(store.spans(article)) == 2
    history.undo()
    history.undo()
    assert store.spans(article) == []
    assert not history.can_undo


def test_step_changed_elsewhere_is_dropped_with_a_clear_error(store, history, article):
    span_id = history.tag(article, 4, 9, "ACTOR").added[0].id
    history.tag(article, 0, 3, "ACTOR")
    store.delete_span(span_id)  # another window removed it
    history.undo()  # the second tag undoes fine
    with pytest.raises(HistoryError, match="step dropped"):
        history.undo()
    assert not history.can_undo
    assert store.spans(article) == []


def test_summary_reads_one_row(store, history, article):
    history.tag(article, 4, 9, "ACTOR")
    summary = history.summary(article)
    assert (summary.id, summary.status, summary.span_count) == (article, "in-progress", 1)


def test_history_survives_reopening_the_file(db_path):
    store = Store.open(db_path)
    article_id, _ = store.add_article(title="Flood", text=TEXT)
    history = History(store, annotator="tester")
    history.tag(article_id, 4, 9, "ACTOR")
    history.tag(article_id, 15, 26, "NUMBER")
    history.undo()
    # No close(): a killed process never gets to close; the commit is what counts.
    other = Store.open(db_path)
    assert [(s.start, s.end, s.label) for s in other.spans(article_id)] == [(4, 9, "ACTOR")]
    other.close()
    store.close()


# -- one change value: records of every kind, undone by inverting the change ------------


def test_undoing_a_delete_brings_back_the_spans_relations_with_their_ids(store, history, article):
    quote = history.tag(article, 15, 39, "QUOTE").added[0]
    speaker = history.tag(article, 4, 9, "ACTOR").added[0]
    said = store.add_relation("said-by", quote.id, speaker.id, annotator="tester",
                              attributes={"certainty": "reported"})  # fmt: skip
    other = store.add_relation("about", speaker.id, quote.id)

    deleted = history.delete(speaker.id)
    assert [r.id for r in deleted.removed_records.relations] == [said.id, other.id]
    assert store.relations(article) == []

    undone = history.undo()
    assert undone is not None
    assert [s.id for s in undone.added] == [speaker.id]
    assert store.relations(article) == [said, other]  # same ids, kinds, times, attributes
    assert store.span(speaker.id) == speaker

    redone = history.redo()
    assert redone is not None
    assert {r.id for r in redone.removed_records.relations} == {said.id, other.id}
    assert store.relations(article) == []
    assert [s.id for s in store.spans(article)] == [quote.id]


def test_undoing_a_relabel_keeps_the_spans_relations(store, history, article):
    quote = history.tag(article, 15, 39, "QUOTE").added[0]
    speaker = history.tag(article, 4, 9, "ACTOR").added[0]
    said = store.add_relation("said-by", quote.id, speaker.id)
    history.relabel(speaker.id, "CLAIM")
    undone = history.undo()
    assert undone is not None
    assert [(s.id, s.label) for s in undone.removed] == [(speaker.id, "CLAIM")]
    assert [(s.id, s.label) for s in undone.added] == [(speaker.id, "ACTOR")]
    assert store.relations(article) == [said]  # changed in place, never deleted


def test_undoing_a_tag_leaves_a_status_moved_since_alone(store, history, article):
    history.tag(article, 4, 9, "ACTOR")
    store.set_status(article, "done")  # another window marked it done meanwhile
    undone = history.undo()
    assert undone is not None and undone.status == "done"
    assert store.article(article).status == "done"
    history.redo()
    assert store.article(article).status == "done"


def test_a_change_says_which_articles_it_touched(store, history, article):
    change = history.tag(article, 4, 9, "ACTOR")
    assert change.articles == {article}
    assert [(m.article_id, m.before, m.after) for m in change.statuses] == [
        (article, "todo", "in-progress")
    ]
    back = change.inverse()
    assert back.removed == change.added and back.added == ()
    assert [(m.before, m.after) for m in back.statuses] == [("in-progress", "todo")]


def test_steps_made_before_a_label_rename_still_undo_and_redo_under_the_new_name(store):
    article_id, _ = store.add_article(title="Quay", text="Olek Brandt closed the quay at noon.")
    history = History(store, annotator="tester")
    history.tag(article_id, 0, 11, "ACTOR")
    span = store.spans(article_id)[0]
    history.relabel(span.id, "CLAIM")
    history.delete(span.id)
    store.rename_label("CLAIM", "ASSERTION")
    history.label_renamed("CLAIM", "ASSERTION")
    history.undo()  # the delete: the span comes back under the label's new name
    assert [(s.id, s.label, s.text) for s in store.spans(article_id)] == [
        (span.id, "ASSERTION", "Olek Brandt")
    ]
    history.undo()  # the relabel: back to ACTOR
    assert [s.label for s in store.spans(article_id)] == ["ACTOR"]
    history.redo()
    history.redo()
    assert store.spans(article_id) == []
    history.undo()
    assert [s.label for s in store.spans(article_id)] == ["ASSERTION"]
