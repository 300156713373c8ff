"""Relations between spans of one article: stored, listed, refused, deleted with their spans."""

from __future__ import annotations

import pytest

from annotator.core.errors import NotFound, RelationError
from annotator.core.store import Store

TEXT = "Councillor Ines Varga said the ferry carried 412 passengers."


@pytest.fixture
def spans(store: Store):
    article_id, _ = store.add_article(title="Ferry", text=TEXT)
    speaker = store.add_span(article_id, 11, 21, "ACTOR")
    figure = store.add_span(article_id, 45, 48, "NUMBER")
    return article_id, speaker, figure


def test_a_relation_is_listed_with_its_article_and_deleted_alone(store, spans):
    article_id, speaker, figure = spans
    made = store.add_relation("counts", speaker.id, figure.id, attributes={"unit": "people"})
    assert made.article_id == article_id and made.attributes == {"unit": "people"}
    assert store.relations(article_id) == [made]
    assert store.delete_relation(made.id) == made
    assert store.relations(article_id) == []
    assert len(store.spans(article_id)) == 2
    with pytest.raises(NotFound):
        store.delete_relation(made.id)


def test_relations_are_refused_across_articles_twice_or_to_nothing(store, spans):
    _, speaker, figure = spans
    other_article, _ = store.add_article(title="Other", text="Harbour master Tomas Rell.")
    other = store.add_span(other_article, 15, 25, "ACTOR")
    with pytest.raises(RelationError, match="different articles"):
        store.add_relation("counts", speaker.id, other.id)
    store.add_relation("counts", speaker.id, figure.id)
    with pytest.raises(RelationError, match="already exists"):
        store.add_relation("counts", speaker.id, figure.id)
    with pytest.raises(NotFound):
        store.add_relation("counts", speaker.id, 9999)
    assert len(store.relations(spans[0])) == 1


def test_removing_a_span_returns_its_relations_read_before_the_delete(store, spans):
    article_id, speaker, figure = spans
    made = store.add_relation("counts", speaker.id, figure.id)
    change = store.remove_span(figure.id)
    assert change.removed == (figure,)
    assert change.removed_records.relations == (made,)
    assert change.articles == {article_id}
    back = store.apply(change.inverse())
    assert back.added_records.relations == (made,)
    assert store.relations(article_id) == [made]
