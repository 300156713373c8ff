"""The sample corpus's two stories (issue 14): the second one disagrees on purpose."""

from __future__ import annotations

from annotator.core.compare import build_comparison
from annotator.core.importing import import_sample, sample_files
from annotator.core.model import LINK_TYPES
from annotator.core.resources import resource_path
from tests.data.make_sample_story import OUT, STORY, content

DAM = "Ossick Dam flood"


def test_the_shipped_file_is_what_its_script_writes():
    assert resource_path("sample", "07-lorvik-talks.jsonl") == OUT
    assert OUT.read_text(encoding="utf-8") == content()
    assert OUT in sample_files()


def test_the_sample_holds_two_stories_with_tagged_linked_disagreeing_articles(store):
    report = import_sample(store)
    assert not report.refused and all(f.notes == [] for f in report.files)
    assert [(story.name, count) for story, count in store.story_counts()] == [
        (STORY, 4), (DAM, 6)
    ]  # fmt: skip
    ids = store.story_article_ids(STORY)
    # the first story's six are untagged, to practise on; the second's are tagged and done
    assert all(store.spans(i) == [] for i in store.story_article_ids(DAM))
    assert all(store.article(i).status == "done" and store.spans(i) for i in ids)
    labels = {s.label for i in ids for s in store.spans(i)}
    assert labels == {"CLAIM", "NUMBER", "ACTOR", "QUOTE"}
    assert [(e.key, e.kind) for e in sorted(store.entities(), key=lambda e: e.key)] == [
        ("E1", "person"), ("E2", "person"), ("E3", "person"), ("E4", "organisation"),
        ("E5", "country"),
    ]  # fmt: skip
    links = list(store.iter_links())
    assert sorted(link.type for link in links) == sorted(
        ["contradicts"] * 3 + ["same", "updates", "different-event"]
    )
    assert set(LINK_TYPES) == {link.type for link in links}

    def value(span_id: int) -> object:
        span = store.span(span_id)
        return span.attributes.get("value", span.text)

    contradicting = {
        (value(link.span_id), value(link.to_span_id))
        for link in links if link.type == "contradicts"
    }  # fmt: skip
    assert contradicting == {
        (60, 40),  # "just over an hour" and "40 minutes"
        (6000, 3000),
        ("both leaders could meet at a summit at the end of June",
         "A leaders' summit was proposed for the end of August"),
    }  # fmt: skip


def test_the_comparison_of_the_second_story_has_disagreements_to_show(store):
    import_sample(store)
    ids = store.story_article_ids(STORY)
    articles = [store.article(i) for i in ids]
    spans = [s for i in ids for s in store.spans(i)]
    comparison = build_comparison(
        story=STORY, articles=articles, spans=spans, links=store.iter_links(article_ids=ids)
    )
    assert len(comparison.columns) == 4 and comparison.ignored_links == 0
    # the bodies (6,000 / 3,000, with the same 6,000 and the updating 1,500), the meeting
    # and the summit disagree; the prisoners are two rounds of talks (different-event)
    assert comparison.disagreements == 3
