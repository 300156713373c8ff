"""Review mode learns: the second date rejected with X withdraws the article's other open
dates at once, the status line says so and how to bring them back, and Ctrl+Z undoes it."""

from __future__ import annotations

from annotator.core.store import Store
from annotator.gui.qt import QtCore

K = QtCore.Qt.Key
TEXT = (
    "The Orvane harbour board met on 4 April and again in May.\n\n"
    "It logged 214 boats and 88 ferries, and set its next meeting for 9 June."
)


def open_texts(store: Store, article_id: int) -> list[str]:
    return [s.text for s in store.suggestions(article_id)]


def go_to(controller, k, text: str) -> None:
    """Tab to the open suggestion with ``text`` (Tab wraps round the article)."""
    for _ in range(len(controller.suggestions)):
        shown = controller.current_suggestion()
        if shown is not None and shown.text == text:
            return
        k.press(K.Key_Tab)
    assert controller.current_suggestion().text == text


def test_two_dates_rejected_withdraw_the_third_and_undo_brings_it_back(
    store, make_window, keys, qtbot
):
    article_id, _ = store.add_article(title="Harbour", text=TEXT)
    window = make_window(store)
    k = keys(window)
    k.press(K.Key_F9)
    controller = window.review.controller
    qtbot.waitUntil(lambda: "9 June" in open_texts(store, article_id), timeout=5000)
    qtbot.waitUntil(lambda: controller.current is not None, timeout=2000)
    assert {"4 April", "May", "214 boats", "9 June"} <= set(open_texts(store, article_id))
    go_to(controller, k, "4 April")
    k.press(K.Key_X)
    assert controller.current_suggestion().text == "May"
    assert "9 June" in [s.text for s in controller.suggestions]  # one rejection: kept
    k.press(K.Key_X)
    assert "9 June" not in open_texts(store, article_id)
    assert "9 June" not in [s.text for s in controller.suggestions]
    assert "214 boats" in open_texts(store, article_id)  # counts are another kind
    assert controller.current_suggestion().text == "214 boats"
    said = window.statusBar().currentMessage()
    assert "NUMBER dates (rejected 2×, accepted 0×) no longer suggested" in said
    assert "Ctrl+Shift+G" in said
    k.ctrl(K.Key_Z)
    assert "9 June" in open_texts(store, article_id) and "May" in open_texts(store, article_id)
    qtbot.waitUntil(lambda: "9 June" in [s.text for s in controller.suggestions], timeout=2000)
    # Ctrl+Shift+G brings the kind back in this article, even once silenced again.
    go_to(controller, k, "May")
    k.press(K.Key_X)  # "May" again: dates silenced, "9 June" withdrawn
    assert "9 June" not in open_texts(store, article_id)
    k.ctrl_shift(K.Key_G)
    qtbot.waitUntil(lambda: "9 June" in open_texts(store, article_id), timeout=5000)
