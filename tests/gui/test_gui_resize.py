"""Spans resized in place and every occurrence tagged at once, by keys sent to the window.

The article has CRLF line ends, a no-break space and an emoji before the spans, so a
code-point offset differs from the widget's position; the database is checked after
every key, and span text always against the stored text, never ``toPlainText()``.
"""

from __future__ import annotations

from annotator.core.store import Store
from annotator.gui import keys as keymap
from annotator.gui.cheatsheet import cheat_sheet_rows
from annotator.gui.qt import Qt

K = Qt.Key
ALT = Qt.KeyboardModifier.AltModifier
ALT_SHIFT = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier

TEXT = (
    "Port \U0001f6a2 news\r\n\r\n"
    "Minister\u00a0Dara Velk met Velk's aides; Velk said 1,250 crates reached Velkton.\r\n"
    "Velk left. VELK stayed, and Velk waved."
)


def at(piece: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(piece, start + 1)
    return start, start + len(piece)


def span_rows(store: Store, article_id: int) -> list[tuple[int, int, int, str, str]]:
    """(id, start, end, label, text) of every span; the text checked against the slice."""
    rows = []
    for span in store.spans(article_id):
        assert span.text == TEXT[span.start : span.end]
        rows.append((span.id, span.start, span.end, span.label, span.text))
    return rows


def test_resize_keys_move_the_selected_span_and_ctrl_z_takes_each_back(store, make_window,
                                                                       keys):  # fmt: skip
    article_id, _ = store.add_article(title="Port", text=TEXT)
    span = store.add_span(article_id, *at("Dara Velk"), "ACTOR", annotator="tester",
                          attributes={"role": "minister"})  # fmt: skip
    number = store.add_span(article_id, *at("1,250"), "NUMBER", annotator="tester")
    relation = store.add_relation("said", number.id, span.id)
    window = make_window(store)
    k = keys(window)
    k.press(K.Key_Tab)
    assert window.view.selected_span == span.id

    k.press(K.Key_Right, ALT)  # the end a word right
    assert span_rows(store, article_id)[0] == (span.id, *at("Dara Velk met"), "ACTOR",
                                               "Dara Velk met")  # fmt: skip
    k.press(K.Key_Left, ALT_SHIFT)  # the start a word left, over the no-break space
    wide = at("Minister\u00a0Dara Velk met")
    assert span_rows(store, article_id)[0] == (span.id, *wide, "ACTOR", TEXT[slice(*wide)])
    # Still the selected span, with the text selection on its new range; the span list
    # shows the new text on the same row, and that row is still the current one.
    assert window.view.selected_span == span.id
    assert window.view.selection_offsets() == wide
    assert [s.text for s in window.span_panel.model.spans()] == [
        row[4] for row in span_rows(store, article_id)
    ]
    current = window.span_panel.table.currentIndex().row()
    assert window.span_panel.model.span_at(current).id == span.id
    k.press(K.Key_Right, ALT_SHIFT)
    k.press(K.Key_Left, ALT)
    assert span_rows(store, article_id)[0] == (span.id, *at("Dara Velk"), "ACTOR", "Dara Velk")
    assert store.span(span.id).attributes == {"role": "minister"}
    assert store.relations(article_id) == [relation]
    assert window.span_panel.model.rowCount() == 2
    assert len(window.view.spans) == 2

    k.ctrl(K.Key_Z)  # undo the last move: the end goes back out
    assert span_rows(store, article_id)[0][4] == "Dara Velk met"
    assert "Undo resize ACTOR" in window.statusBar().currentMessage()
    k.ctrl(K.Key_Z)
    k.ctrl(K.Key_Z)
    k.ctrl(K.Key_Z)
    assert span_rows(store, article_id) == [
        (span.id, *at("Dara Velk"), "ACTOR", "Dara Velk"),
        (number.id, *at("1,250"), "NUMBER", "1,250"),
    ]
    assert store.relations(article_id) == [relation]
    assert window.view.selected_span == span.id
    assert window.view.spans.get(span.id).end == at("Dara Velk")[1]


def test_resize_keys_without_a_span_selected_say_so_and_change_nothing(store, make_window, keys):
    article_id, _ = store.add_article(title="Port", text=TEXT)
    store.add_span(article_id, *at("Velkton"), "ACTOR")
    window = make_window(store)
    k = keys(window)
    k.press(K.Key_Right, ALT)
    assert window.statusBar().currentMessage().startswith("No span selected")
    assert [row[4] for row in span_rows(store, article_id)] == ["Velkton"]


def test_a_selection_widened_from_a_span_resizes_it_with_its_key_and_delete_deletes_it(
    store, make_window, keys
):
    article_id, _ = store.add_article(title="Port", text=TEXT)
    span = store.add_span(article_id, *at("Velk", 2), "ACTOR", annotator="tester")
    window = make_window(store)
    k = keys(window)
    k.press(K.Key_Tab)
    assert window.view.selected_span == span.id
    k.ctrl_shift(K.Key_Right)  # "Velk " snaps back to the span itself ...
    k.ctrl_shift(K.Key_Right)  # ... "Velk said " snaps to "Velk said"
    assert window.view.selected_span is None
    assert window.view.grown_from_span == span.id
    k.press(K.Key_A)  # ACTOR, the span's own label: resize it, no second span
    assert span_rows(store, article_id) == [(span.id, *at("Velk said"), "ACTOR", "Velk said")]
    assert window.view.selected_span == span.id

    k.ctrl_shift(K.Key_Right)  # widen again, then Delete: the span it grew from goes
    k.press(K.Key_Delete)
    assert span_rows(store, article_id) == []
    k.ctrl(K.Key_Z)
    k.ctrl(K.Key_Z)
    assert span_rows(store, article_id) == [(span.id, *at("Velk", 2), "ACTOR", "Velk")]


def test_shift_label_key_tags_every_occurrence_and_ctrl_z_removes_them_at_once(
    store, make_window, keys
):
    article_id, _ = store.add_article(title="Port", text=TEXT)
    first = store.add_span(article_id, *at("Velk", 2), "ACTOR", annotator="tester")
    window = make_window(store)
    k = keys(window)
    k.press(K.Key_Tab)
    assert window.view.selected_span == first.id
    k.press(K.Key_A, SHIFT)  # Shift + ACTOR's letter
    # Whole words only: not "Velk's", "Velkton" nor "VELK"; the one tagged is kept.
    wanted = [at("Velk", 0), at("Velk", 2), at("Velk", 4), at("Velk", 5)]
    assert [(row[1], row[2]) for row in span_rows(store, article_id)] == wanted
    assert window.statusBar().currentMessage() == "Tagged 3 × ACTOR “Velk”"
    assert len(window.view.spans) == 4 and window.span_panel.model.rowCount() == 4
    assert window.label_counts["ACTOR"] == 4

    k.ctrl(K.Key_Z)  # one step: all three go, the first stays
    assert [row[0] for row in span_rows(store, article_id)] == [first.id]
    assert len(window.view.spans) == 1 and window.span_panel.model.rowCount() == 1


def test_shift_digit_tags_the_word_at_the_caret_everywhere(store, make_window, keys):
    article_id, _ = store.add_article(title="Port", text=TEXT)
    window = make_window(store)
    k = keys(window)
    window.view.place_caret(at("Velk", 4)[0] + 1)  # inside "Velk left"
    k.press(K.Key_3, SHIFT)  # ACTOR is the third label
    assert [(row[1], row[2], row[3]) for row in span_rows(store, article_id)] == [
        (*at("Velk", n), "ACTOR") for n in (0, 2, 4, 5)
    ]
    k.press(K.Key_3, SHIFT)  # nothing new: said, in red, and no undo step spent
    assert "already ACTOR" in window.statusBar().currentMessage()
    k.ctrl(K.Key_Z)
    assert span_rows(store, article_id) == []


def test_the_new_keys_clash_with_nothing_and_are_on_the_cheat_sheet(store, make_window):
    window = make_window(store)
    labels = store.labels()
    tables = (keymap.DEFAULT_BINDINGS, keymap.label_bindings(labels),
              keymap.tag_all_bindings(labels))  # fmt: skip
    for mode in keymap.modes_of(*tables):
        assert keymap.conflicts(*tables, mode=mode) == {}, mode
    rows = cheat_sheet_rows(window.modes.command_keys(), labels)
    assert ("Spans", "Alt+Right", "Move the span's end a word right") in rows
    assert ("Spans", "Alt+Shift+Left", "Move the span's start a word left") in rows
    every = [keys for group, keys, what in rows if "every other" in what and "ACTOR" in what]
    assert every == ["Shift+3, Shift+A"]
    assert window.actions["tag_all.ACTOR"] in window.label_menu.actions()
