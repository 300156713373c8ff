"""Review mode with "Go on to the next suggestion after tagging": a span tagged by hand
selects the next open suggestion at once; without it, the selection stays for Tab."""

from __future__ import annotations

from annotator.gui.qt import QtCore

K = QtCore.Qt.Key
TEXT = "Wardens counted 214 sheep. Brisk winds hit the coast. Later 9 dogs ran off."


def start_review(store, make_window, keys, qtbot, *, go_on: bool):
    article_id, _ = store.add_article(title="Wardens", text=TEXT)
    window = make_window(store)
    window.actions["review.go_on"].setChecked(go_on)
    k = keys(window)
    k.press(K.Key_F9)
    controller = window.review.controller
    qtbot.waitUntil(lambda: len(controller.suggestions) >= 2, timeout=5000)
    qtbot.waitUntil(lambda: controller.current is not None, timeout=2000)
    assert controller.current_suggestion().text == "214 sheep"
    k.press(K.Key_Return)
    assert controller.current_suggestion().text == "9 dogs"
    start = TEXT.index("Brisk")
    window.view.select_range(start, start + len("Brisk winds hit the coast."), exact=True)
    k.press(K.Key_1)  # CLAIM's key, on a selection of the analyst's own
    assert ("CLAIM", "Brisk winds hit the coast.") in [
        (s.label, s.text) for s in store.spans(article_id)
    ]
    return window, controller, k


def test_with_go_on_a_span_tagged_by_hand_selects_the_next_suggestion(
    store, make_window, keys, qtbot
):
    window, controller, k = start_review(store, make_window, keys, qtbot, go_on=True)
    shown = controller.current_suggestion()
    assert shown.text == "9 dogs"
    assert window.view.selection_offsets() == (shown.start, shown.end)
    k.press(K.Key_Return)  # accepted with no Tab
    assert controller.suggestions == []


def test_without_go_on_the_selection_stays_and_tab_goes_on(store, make_window, keys, qtbot):
    window, controller, k = start_review(store, make_window, keys, qtbot, go_on=False)
    shown = controller.current_suggestion()
    assert window.view.selection_offsets() != (shown.start, shown.end)
    k.press(K.Key_Tab)
    shown = controller.current_suggestion()
    assert shown.text == "9 dogs"
    assert window.view.selection_offsets() == (shown.start, shown.end)


def test_choosing_go_on_in_the_menu_is_remembered(store, make_window, qtbot):
    window = make_window(store)
    action = window.actions["review.go_on"]
    assert not action.isChecked()
    action.trigger()
    assert action.isChecked() and window.settings.flag("review_go_on", False) is True
