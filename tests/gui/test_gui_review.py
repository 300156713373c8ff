"""Suggestions in the real window: F9, Tab, Enter, a label key, X, Ctrl+Shift+Enter, undo."""

from __future__ import annotations

from annotator.core.store import Store
from annotator.gui.qt import QtCore

K = QtCore.Qt.Key
TEXT = (
    "Rescuers said 412 people were moved to the Varrow sports hall overnight.\n\n"
    "The council counted 38 boats and 7 pumps by noon."
)


def open_ids(store: Store, article_id: int) -> list[tuple[str, str]]:
    return [(s.label, s.text) for s in store.suggestions(article_id)]


def reviewing(window, k, qtbot) -> None:
    k.press(K.Key_F9)
    assert window.modes.mode == "review"
    qtbot.waitUntil(lambda: len(window.review.controller.suggestions) >= 3, timeout=5000)
    qtbot.waitUntil(lambda: window.review.controller.current is not None, timeout=2000)


def test_f9_computes_then_enter_accepts_x_rejects_and_undo_puts_back(
    store, make_window, keys, qtbot
):
    article_id, _ = store.add_article(title="Varrow", text=TEXT)
    window = make_window(store)
    k = keys(window)
    reviewing(window, k, qtbot)
    controller = window.review.controller
    stored = open_ids(store, article_id)
    assert ("NUMBER", "412 people") in stored and ("NUMBER", "38 boats") in stored
    # Never spans: not in the span list, not in the label counts.
    assert store.spans(article_id) == []
    assert window.span_panel.model.rowCount() == 0
    assert sum(window.label_counts.values()) == 0
    assert window.review.layer in window.view.layers and len(window.review.layer) == len(stored)

    first = controller.current_suggestion()
    assert window.view.selection_offsets() == (first.start, first.end)
    total = len(controller.suggestions)
    assert window.review.field.text() == f"review: 1 of {total}"
    k.press(K.Key_Return)
    assert [(s.label, s.text) for s in store.spans(article_id)] == [(first.label, first.text)]
    assert store.suggestion(first.id).state == "accepted"
    assert window.span_panel.model.rowCount() == 1
    # The next one is selected at once.
    second = controller.current_suggestion()
    assert second is not None and second.id != first.id
    assert window.view.selection_offsets() == (second.start, second.end)
    assert window.review.field.text() == f"review: 1 of {total - 1}"

    k.press(K.Key_X)
    assert store.suggestion(second.id).state == "rejected"
    assert len(store.spans(article_id)) == 1
    k.ctrl(K.Key_Z)  # the reject comes back
    assert store.suggestion(second.id).state == "open"
    qtbot.waitUntil(lambda: window.view.selection_offsets() == (second.start, second.end))
    k.press(K.Key_X)
    k.ctrl(K.Key_Z)
    k.ctrl(K.Key_Z)  # and then the accept: the span goes, the suggestion is open again
    qtbot.waitUntil(lambda: store.suggestion(first.id).state == "open")
    assert store.spans(article_id) == []
    assert store.suggestion(second.id).state == "open"


def test_rejected_is_not_proposed_again_and_a_label_key_accepts_with_its_label(
    store, make_window, keys, qtbot
):
    article_id, _ = store.add_article(title="Varrow", text=TEXT)
    window = make_window(store)
    k = keys(window)
    reviewing(window, k, qtbot)
    controller = window.review.controller
    while controller.current_suggestion().text != "412 people":
        k.press(K.Key_Tab)
    k.press(K.Key_X)
    rejected = [s for s in store.suggestions(article_id, state="rejected")]
    assert [(s.label, s.text) for s in rejected] == [("NUMBER", "412 people")]
    k.ctrl_shift(K.Key_G)  # compute again: the rejected one stays rejected, not reopened
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("0 new"), timeout=5000)
    assert ("NUMBER", "412 people") not in open_ids(store, article_id)
    assert len(store.suggestions(article_id, state=None)) == len(
        {(s.start, s.end, s.label) for s in store.suggestions(article_id, state=None)}
    )

    while controller.current_suggestion().text != "38 boats":
        k.press(K.Key_Tab)
    k.press(K.Key_A)  # ACTOR's letter: accepted, as an ACTOR
    assert [(s.label, s.text) for s in store.spans(article_id)] == [("ACTOR", "38 boats")]
    k.press(K.Key_Escape)
    assert window.modes.mode == "normal"
    k.press(K.Key_F9)  # back into review
    assert window.modes.mode == "review"
    left = len(controller.suggestions)
    k.ctrl_shift(K.Key_Return)  # every open one, one step
    assert controller.suggestions == [] and len(store.spans(article_id)) == 1 + left
    k.ctrl(K.Key_Z)
    assert len(store.spans(article_id)) == 1 and len(controller.suggestions) == left
    k.press(K.Key_F9)  # off
    assert window.modes.mode == "normal" and window.review.layer not in window.view.layers


def test_many_suggestions_are_stored_a_chunk_at_a_time_letting_the_window_run(
    store, make_window, keys, qtbot, monkeypatch
):
    """A long article's suggestions are stored in chunks with the event loop running in
    between (one call for thousands held the window for seconds)."""
    from annotator.gui import review

    monkeypatch.setattr(review, "STORE_CHUNK", 40)
    text = " ".join(f"Crews moved {n} cars." for n in range(100, 220))
    article_id, _ = store.add_article(title="Cars", text=text)
    window = make_window(store)
    events: list[str] = []
    real = store.store_suggestions

    def spy(proposals):
        if not events:
            QtCore.QTimer.singleShot(0, lambda: events.append("window ran"))
        events.append("chunk")
        return real(proposals)

    monkeypatch.setattr(store, "store_suggestions", spy)
    keys(window).press(K.Key_F9)
    qtbot.waitUntil(lambda: len(window.review.controller.suggestions) == 120, timeout=10000)
    assert events.count("chunk") == 3
    assert events.index("window ran") < len(events) - 1  # before the last chunk
    assert len(store.suggestions(article_id)) == 120


def test_resize_keys_correct_a_suggestion_before_enter_accepts_it(store, make_window, keys, qtbot):
    article_id, _ = store.add_article(title="Varrow", text=TEXT)
    window = make_window(store)
    k = keys(window)
    reviewing(window, k, qtbot)
    controller = window.review.controller
    while controller.current_suggestion().text != "38 boats":
        k.press(K.Key_Tab)
    item = controller.current_suggestion()
    alt = QtCore.Qt.KeyboardModifier.AltModifier
    shift = QtCore.Qt.KeyboardModifier.ShiftModifier
    k.press(K.Key_Left, alt | shift)  # its start a word left: "counted 38 boats"
    start = TEXT.index("counted")
    assert window.view.selection_offsets() == (start, item.end)
    assert controller.current_suggestion() is item  # still the one under review
    k.press(K.Key_Return)
    assert [(s.label, s.text) for s in store.spans(article_id)] == [("NUMBER", "counted 38 boats")]
    assert store.suggestion(item.id).state == "accepted"
    assert controller.current_suggestion() is not None  # on to the next one
    k.ctrl(K.Key_Z)
    qtbot.waitUntil(lambda: store.suggestion(item.id).state == "open")
    assert store.spans(article_id) == []


def test_an_actor_accepted_or_tagged_is_proposed_at_its_other_mentions_at_once(
    store, make_window, keys, qtbot
):
    text = (
        "Envoy Ivena Saldori met the harbour board on Monday.\n\n"
        "Saldori said the harbour board would meet again. Ivena Saldori left at noon."
    )
    article_id, _ = store.add_article(title="Talks", text=text)
    window = make_window(store)
    k = keys(window)
    k.press(K.Key_F9)
    qtbot.waitUntil(lambda: window.review.controller.current is not None, timeout=5000)
    controller = window.review.controller
    while controller.current_suggestion().text != "Envoy Ivena Saldori":
        k.press(K.Key_Tab)
    assert ("ACTOR", "Saldori") not in open_ids(store, article_id)
    k.press(K.Key_Return)  # accepted: its other mention and the surname are proposed now
    found = open_ids(store, article_id)
    assert ("ACTOR", "Ivena Saldori") in found and ("ACTOR", "Saldori") in found
    assert controller.current_suggestion() is not None  # review goes on
    # A description tagged by hand: its other mention is proposed too.
    start = text.index("the harbour board")
    window.view.select_range(start, start + len("the harbour board"))
    k.press(K.Key_A)
    assert ("ACTOR", "the harbour board") in [
        (s.label, s.text) for s in store.spans(article_id)
    ]
    later = [s for s in store.suggestions(article_id) if s.text == "the harbour board"]
    assert [s.start for s in later] == [text.index("the harbour board", start + 1)]


def test_the_suggestion_resize_commands_name_the_suggestion_and_say_when_out_of_review(
    store, make_window, keys, qtbot
):
    from annotator.gui.cheatsheet import cheat_sheet_rows

    store.add_article(title="Varrow", text=TEXT)
    window = make_window(store)
    k = keys(window)
    window.actions["review.start_back"].trigger()  # from the Suggestions menu, normal mode
    assert window.statusBar().currentMessage() == (
        "The suggestion's edges move in review mode: F9 starts it"
    )
    reviewing(window, k, qtbot)
    rows = cheat_sheet_rows(window.modes.command_keys(), store.labels())
    assert ("Suggestions", "Alt+Shift+Left", "Move the suggestion's start a word left") in rows
    assert ("Suggestions", "Alt+Right", "Move the suggestion's end a word right") in rows
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "S&uggestions")
    assert window.actions["review.end_back"] in menu.actions()
    assert window.actions["review.end_back"].shortcut().toString() == "Alt+Left"


def test_many_mentions_learned_at_once_are_stored_a_chunk_at_a_time(
    store, make_window, keys, qtbot
):
    from annotator.gui.review import STORE_CHUNK

    count = 2 * STORE_CHUNK + 10
    text = "Wardens met.\n\n" + " ".join("Later the harbour board spoke." for _ in range(count))
    article_id, _ = store.add_article(title="Board", text=text)
    window = make_window(store)
    k = keys(window)
    k.press(K.Key_F9)
    qtbot.waitUntil(lambda: window.review.task is not None and not window.review.task.running,
                    timeout=10000)  # fmt: skip

    def learned() -> int:
        return len([s for s in store.suggestions(article_id) if s.text == "the harbour board"])

    assert learned() == 0  # no source proposes a description before it is tagged
    start = text.index("the harbour board")
    window.view.select_range(start, start + len("the harbour board"))
    k.press(K.Key_A)
    # The first chunk at once, the rest on later turns of the event loop.
    assert 0 < learned() <= STORE_CHUNK
    qtbot.waitUntil(lambda: learned() == count - 1, timeout=10000)
    assert len(window.review.controller.suggestions) >= count - 1  # the window's list follows
