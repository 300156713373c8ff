"""A span row another program wrote outside its article, or with a text that is not the
slice, must not send the window into a loop of errors (issue 10, item 5)."""

from __future__ import annotations

import logging
import time

from annotator.gui.qt import Qt
from tests.gui.conftest import FLOOD, spans_of

K = Qt.Key


def raw_span(store, article_id: int, start: int, end: int, text: str) -> int:
    cursor = store.conn.execute(
        "INSERT INTO spans (article_id, start, end, label, text, annotator, created_at) "
        "VALUES (?, ?, ?, 'CLAIM', ?, 'other-tool', '2026-01-01T00:00:00Z')",
        (article_id, start, end, text),
    )
    store.conn.commit()
    return cursor.lastrowid


def spin(qtbot, window, seconds: float) -> None:
    """Run the event loop with repaints, as an idle window on screen would."""
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        window.view.viewport().repaint()
        qtbot.wait(10)


def test_a_span_outside_the_text_is_reported_once_and_the_window_stays_usable(
    flood, make_window, keys, qtbot, caplog
):
    store, article_id = flood
    good = store.add_span(article_id, 4, 9, "ACTOR")  # "mayor"
    past_end = raw_span(store, article_id, len(FLOOD) - 4, len(FLOOD) + 40, "dam.")
    misquoted = raw_span(store, article_id, 15, 20, "9,999")  # the slice is "6,000"
    with caplog.at_level(logging.WARNING):
        window = make_window(store)
        spin(qtbot, window, 1.0)
        assert "damaged span" in window.statusBar().currentMessage()
        window.reload()  # what the poll does when another program writes: no second report
        spin(qtbot, window, 0.3)
    records = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(records) == 1, [r.getMessage() for r in records]
    line = records[0].getMessage()
    assert f"article {article_id}" in line
    assert f"span {past_end} " in line and f"span {misquoted} " in line

    # the sound span is there and painted; the damaged ones are in no view
    assert list(window.view.spans) == [good.id]
    assert window.view.span_rects(good.id)
    assert window.span_panel.model.rowCount() == 1

    # and tagging still works
    k = keys(window)
    window.view.select_range(FLOOD.index("dam"), FLOOD.index("dam") + 3)
    k.press(K.Key_C)
    assert ("CLAIM", "dam") in spans_of(store, article_id)
    assert len(window.view.spans) == 2
