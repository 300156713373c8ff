"""Spans written by another program that do not fit their article (issue 10, item 5).

The schema only checks ``start >= 0`` and ``end > start``; a row whose offsets run past
the text, or whose stored text is not the slice, can still reach the corpus through raw
SQL.  Every export must refuse it in one line, whatever the format.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.errors import ExportError
from annotator.core.export import FORMATS, export_corpus
from annotator.core.store import Store

TEXT = "Officials in Verrin said 40 bridges closed.\nThe river Asel rose."


def raw_span(store: Store, article_id: int, start: int, end: int, text: str) -> int:
    """A span row as another program would write it: no check but the schema's."""
    cursor = store.conn.execute(
        "INSERT INTO spans (article_id, start, end, label, text, annotator, created_at) "
        "VALUES (?, ?, ?, 'CLAIM', ?, 'other-tool', '2026-01-01T00:00:00Z')",
        (article_id, start, end, text),
    )
    store.conn.commit()
    assert cursor.lastrowid is not None
    return cursor.lastrowid


# Each bad row is chosen so that the clamped Python slice equals its stored text:
# a check of the text alone lets it through, and the formats then index past the end.
BAD_ROWS = {
    "end past the text": lambda n: (n - 5, n + 20, "rose."),
    "start past the text": lambda n: (n + 3, n + 9, ""),
}


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_every_format_refuses_a_span_outside_its_article_in_one_line(
    store: Store, tmp_path: Path, fmt: str, case: str
):
    article_id, _ = store.add_article(title="Bridges", text=TEXT)
    store.add_span(article_id, 0, 9, "ACTOR")
    start, end, text = BAD_ROWS[case](len(TEXT))
    span_id = raw_span(store, article_id, start, end, text)
    target = tmp_path / f"out{FORMATS[fmt].suffix}"
    with pytest.raises(ExportError) as caught:
        export_corpus(store, target, format=fmt)
    message = str(caught.value)
    assert "\n" not in message
    assert f"article {article_id} span {span_id}" in message
    assert f"outside the article (0..{len(TEXT)})" in message
    assert not target.exists()


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_refuses_a_span_whose_stored_text_is_not_the_slice(
    store: Store, tmp_path: Path, fmt: str
):
    article_id, _ = store.add_article(title="Bridges", text=TEXT)
    span_id = raw_span(store, article_id, 13, 19, "Verrim")
    target = tmp_path / f"out{FORMATS[fmt].suffix}"
    with pytest.raises(ExportError, match=f"article {article_id} span {span_id}: stored text"):
        export_corpus(store, target, format=fmt)
    assert not target.exists()


def test_the_views_get_only_sound_spans_and_the_damaged_ones_are_named(store: Store):
    from annotator.core.history import History

    article_id, _ = store.add_article(title="Bridges", text=TEXT)
    good = store.add_span(article_id, 0, 9, "ACTOR")
    past_end = raw_span(store, article_id, len(TEXT) - 5, len(TEXT) + 20, "rose.")
    misquoted = raw_span(store, article_id, 13, 19, "Verrim")
    keys, damaged = History(store, annotator="tester").view_spans(article_id)
    assert keys == [(0, -9, "ACTOR", good.id)]
    assert [(d.span_id, d.reason) for d in damaged] == [
        (past_end, f"outside the text (0..{len(TEXT)})"),
        (misquoted, "stored text is not the slice"),
    ]
