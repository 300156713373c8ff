"""The keyboard scheme end to end: real window, key presses, the database after each step."""

from __future__ import annotations

from annotator.gui.qt import Qt, QtWidgets
from tests.gui.conftest import FLOOD, spans_of

K = Qt.Key


def test_opening_puts_focus_in_the_text_with_the_caret_at_the_start(flood, make_window):
    store, article_id = flood
    window = make_window(store)
    assert window.article_id == article_id
    assert QtWidgets.QApplication.focusWidget() is window.view
    assert window.view.textCursor().position() == 0
    assert window.view.toPlainText() == FLOOD


def test_select_and_tag_then_retag_delete_undo_redo(flood, make_window, keys):
    store, article_id = flood
    window = make_window(store)
    k = keys(window)
    k.ctrl_shift(K.Key_Right, times=2)  # "The mayor " -> snapped to "The mayor"
    k.press(K.Key_C)
    assert spans_of(store, article_id) == [("CLAIM", "The mayor")]
    assert not window.view.textCursor().hasSelection()

    k.press(K.Key_Tab)  # select the span from the caret: wraps to the only one
    assert window.view.selected_span == store.spans(article_id)[0].id
    k.press(K.Key_2)  # label key on a selected span: relabel by position
    assert spans_of(store, article_id) == [("NUMBER", "The mayor")]
    k.press(K.Key_A)  # letter hotkey works as well
    assert spans_of(store, article_id) == [("ACTOR", "The mayor")]

    k.press(K.Key_Delete)
    assert spans_of(store, article_id) == []

    k.ctrl(K.Key_Z)  # undo the delete
    assert spans_of(store, article_id) == [("ACTOR", "The mayor")]
    k.ctrl(K.Key_Z)  # undo relabel to ACTOR
    assert spans_of(store, article_id) == [("NUMBER", "The mayor")]
    k.ctrl(K.Key_Z)
    k.ctrl(K.Key_Z)
    assert spans_of(store, article_id) == []
    k.ctrl_shift(K.Key_Z)
    assert spans_of(store, article_id) == [("CLAIM", "The mayor")]
    k.ctrl(K.Key_Y)
    assert spans_of(store, article_id) == [("NUMBER", "The mayor")]
    k.ctrl(K.Key_Y)
    k.ctrl(K.Key_Y)
    assert spans_of(store, article_id) == []
    assert len(window.view.spans) == 0
    assert window.span_panel.model.rowCount() == 0


def test_backspace_deletes_and_escape_clears(flood, make_window, keys):
    store, article_id = flood
    window = make_window(store)
    k = keys(window)
    k.ctrl_shift(K.Key_Right)
    k.press(K.Key_Q)
    k.press(K.Key_Tab)
    k.press(K.Key_Escape)
    assert window.view.selected_span is None
    assert not window.view.textCursor().hasSelection()
    k.press(K.Key_Backspace)  # nothing selected: nothing deleted
    assert spans_of(store, article_id) == [("QUOTE", "The")]
    k.shift(K.Key_Tab)
    k.press(K.Key_Backspace)
    assert spans_of(store, article_id) == []


def test_word_at_the_caret_is_tagged_without_a_selection(flood, make_window, keys):
    store, article_id = flood
    window = make_window(store)
    k = keys(window)
    k.press(K.Key_Right, times=17)  # inside "6,000"
    k.press(K.Key_N)
    k.press(K.Key_Right, times=3)  # in the gap after "homes": the word before it
    k.press(K.Key_3)
    assert spans_of(store, article_id) == [("NUMBER", "6,000"), ("ACTOR", "homes")]


def test_snapping_and_the_exact_toggle(flood, make_window, keys):
    store, article_id = flood
    window = make_window(store)
    k = keys(window)
    k.press(K.Key_Right, times=5)  # "The m|ayor"
    k.shift(K.Key_Right, times=2)  # "ay"
    k.press(K.Key_C)
    assert spans_of(store, article_id) == [("CLAIM", "mayor")]
    k.ctrl_shift(K.Key_W)  # View > snap off
    assert not window.snap_to_words
    k.press(K.Key_Left, times=3)
    k.shift(K.Key_Right, times=2)
    k.press(K.Key_C)
    assert ("CLAIM", "yo") in spans_of(store, article_id)
    k.ctrl_shift(K.Key_W)
    assert window.snap_to_words


def test_alt_drag_keeps_exact_characters(flood, make_window, qtbot):
    store, article_id = flood
    window = make_window(store)
    view = window.view
    rect_start = view.cursorRect(view.textCursor())
    cursor = view.textCursor()
    cursor.setPosition(6)
    start_point = view.cursorRect(cursor).center()
    cursor.setPosition(8)
    end_point = view.cursorRect(cursor).center()
    assert rect_start.isValid()
    alt = Qt.KeyboardModifier.AltModifier
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, alt, start_point)
    qtbot.mouseMove(view.viewport(), end_point)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, alt, end_point)
    assert view.selection_offsets() == (6, 8)
    assert view.exact_selection
    qtbot.keyClick(view, K.Key_Q)
    assert spans_of(store, article_id) == [("QUOTE", "yo")]


def test_find_then_tag(flood, make_window, keys):
    store, article_id = flood
    window = make_window(store)
    k = keys(window)
    k.ctrl(K.Key_F)
    assert QtWidgets.QApplication.focusWidget() is window.find_bar.box
    k.type("blamed")  # typing a letter hotkey in the find box never tags
    assert spans_of(store, article_id) == []
    assert window.find_bar.count_label.text() == "1 of 1"
    k.press(K.Key_Escape)
    assert not window.find_bar.isVisible()
    assert QtWidgets.QApplication.focusWidget() is window.view
    k.press(K.Key_C)
    assert spans_of(store, article_id) == [("CLAIM", "blamed")]


def test_find_enter_goes_to_the_next_match(store, make_window, keys):
    article_id, _ = store.add_article(title="Rain", text="rain, more Rain, and rain again")
    window = make_window(store)
    k = keys(window)
    k.ctrl(K.Key_F)
    k.type("rain")
    assert window.view.selection_offsets() == (0, 4)
    k.press(K.Key_Return)
    assert window.view.selection_offsets() == (11, 15)
    assert window.find_bar.count_label.text() == "2 of 3"
    k.press(K.Key_Return)
    k.press(K.Key_Escape)
    k.press(K.Key_4)
    assert [(s.start, s.end, s.label) for s in store.spans(article_id)] == [(21, 25, "QUOTE")]


def test_next_previous_and_done(store, make_window, keys):
    ids = [store.add_article(title=f"Article {n}", text=f"Text number {n}.")[0] for n in range(4)]
    window = make_window(store)
    k = keys(window)
    assert window.article_id == ids[0]
    k.ctrl(K.Key_PageDown)
    assert window.article_id == ids[1]
    assert QtWidgets.QApplication.focusWidget() is window.view
    k.ctrl(K.Key_PageUp)
    assert window.article_id == ids[0]
    k.ctrl(K.Key_PageUp)  # already the first
    assert window.article_id == ids[0]

    store.set_status(ids[1], "done")  # done elsewhere: skipped by Ctrl+Enter
    window.reload()
    k.ctrl(K.Key_Return)
    assert store.article(ids[0]).status == "done"
    assert window.article_id == ids[2]
    assert window.position_label.text() == "Article 3 of 4"
    assert window.progress_label.text() == "Corpus: 2 of 4 done"
    k.ctrl(K.Key_Enter)
    k.ctrl(K.Key_Return)
    assert [store.article(i).status for i in ids] == ["done"] * 4
    k.ctrl(K.Key_Z)  # marking done is undoable too
    assert store.article(ids[3]).status == "todo"
    assert window.article_id == ids[3]


def test_duplicate_is_refused_and_said_so(flood, make_window, keys):
    store, article_id = flood
    window = make_window(store)
    k = keys(window)
    k.ctrl_shift(K.Key_Right, times=2)
    k.press(K.Key_C)
    k.ctrl_shift(K.Key_Left, times=2)
    k.press(K.Key_C)
    assert spans_of(store, article_id) == [("CLAIM", "The mayor")]
    assert "already exists" in window.statusBar().currentMessage()
    assert window.view.selection_offsets() == (0, 9)  # refused: the selection stays
    k.press(K.Key_Q)  # same words, another label: both kept
    assert spans_of(store, article_id) == [("CLAIM", "The mayor"), ("QUOTE", "The mayor")]


def test_label_bar_counts_and_clicks(flood, make_window, keys, qtbot):
    store, article_id = flood
    window = make_window(store)
    k = keys(window)
    k.ctrl_shift(K.Key_Right)
    k.press(K.Key_A)
    assert window.label_bar.count("ACTOR") == 1
    assert "ACTOR  1" in window.label_bar.buttons["ACTOR"].text()
    k.ctrl_shift(K.Key_Right, times=2)
    qtbot.mouseClick(window.label_bar.buttons["CLAIM"], Qt.MouseButton.LeftButton)
    assert spans_of(store, article_id) == [("ACTOR", "The"), ("CLAIM", "mayor")]
    assert QtWidgets.QApplication.focusWidget() is window.view  # the click kept focus
    assert window.label_bar.count("CLAIM") == 1


def test_span_panel_lists_in_text_order_and_enter_jumps(flood, make_window, keys, qtbot):
    store, article_id = flood
    store.add_span(article_id, 15, 20, "NUMBER")
    store.add_span(article_id, 4, 9, "ACTOR")
    store.add_span(article_id, 0, 50, "CLAIM")
    window = make_window(store)
    model = window.span_panel.model
    assert [model.span_at(r).text for r in range(model.rowCount())] == [
        FLOOD[0:50],
        "mayor",
        "6,000",
    ]
    table = window.span_panel.table
    table.setFocus()
    table.setCurrentIndex(model.index(2, 0))
    assert window.view.selected_span == model.span_at(2).id
    qtbot.keyClick(table, K.Key_Return)
    assert QtWidgets.QApplication.focusWidget() is window.view
    assert window.view.selection_offsets() == (15, 20)
    qtbot.keyClick(window.view, K.Key_Tab)
    assert window.view.selected_span is not None
    assert window.span_panel.table.currentIndex().row() == 0  # wrapped to the first span
    table.setFocus()
    qtbot.keyClick(table, K.Key_Delete)  # the span keys work in the list too
    assert [s.label for s in store.spans(article_id)] == ["ACTOR", "NUMBER"]


def test_keyboard_cheat_sheet_on_f1(flood, make_window, keys, qtbot):
    store, _ = flood
    window = make_window(store)
    keys(window).press(K.Key_F1)
    sheet = window.findChild(QtWidgets.QDialog, "cheat_sheet")
    qtbot.waitUntil(lambda: sheet is not None and sheet.isVisible())
    table = sheet.table
    cells = {table.item(r, 1).text(): table.item(r, 2).text() for r in range(table.rowCount())}
    assert any("CLAIM" in what for key, what in cells.items() if "C" in key and "1" in key)
    assert any("Undo" in what for key, what in cells.items() if "Ctrl+Z" in key)
    assert any("Shift+Tab" in key for key in cells)
    sheet.close()


FRONT = (
    "Ukrainian military engineers rebuilt the Velmora bridge in nine days.\n"
    "A spokesman for the ukrainian military said 40 trucks crossed it on Monday.\n"
    "Local farmers praised the Ukrainian military for the speed of the work."
)


def test_a_find_hit_snaps_to_whole_words_when_tagged(store, make_window, keys):
    article_id, _ = store.add_article(title="Bridge", text=FRONT)
    window = make_window(store)
    k = keys(window)
    k.ctrl(K.Key_F)
    k.type("ukrainian m")
    assert window.view.selection_offsets() == (0, 11)  # shown as found
    k.press(K.Key_Escape)
    k.press(K.Key_A)
    assert spans_of(store, article_id) == [("ACTOR", "Ukrainian military")]


def test_f3_with_the_bar_closed_steps_through_hits_and_a_label_key_tags_each(
    store, make_window, keys
):
    article_id, _ = store.add_article(title="Bridge", text=FRONT)
    window = make_window(store)
    k = keys(window)
    starts = [i for i in range(len(FRONT)) if FRONT.lower().startswith("ukrainian m", i)]
    assert len(starts) == 3
    k.ctrl(K.Key_F)
    k.type("ukrainian m")
    k.press(K.Key_Escape)
    k.press(K.Key_A)  # the first mention
    k.press(K.Key_F3)  # the bar stays closed, the keyboard in the text
    assert not window.find_bar.isVisible()
    assert QtWidgets.QApplication.focusWidget() is window.view
    assert window.view.selection_offsets() == (starts[1], starts[1] + 11)
    assert "2 of 3" in window.statusBar().currentMessage()
    k.press(K.Key_F3)
    assert window.view.selection_offsets() == (starts[2], starts[2] + 11)
    k.shift(K.Key_F3)  # back to the second
    assert window.view.selection_offsets() == (starts[1], starts[1] + 11)
    k.press(K.Key_3)
    assert not window.find_bar.isVisible()
    assert [(s.start, s.text) for s in store.spans(article_id)] == [
        (starts[0], "Ukrainian military"),
        (starts[1], "ukrainian military"),
    ]
    k.press(K.Key_F3)  # from the caret at the end of the new span: the third
    k.press(K.Key_A)
    assert [s.start for s in store.spans(article_id)] == starts
    k.press(K.Key_F3)  # past the last: round to the first, and say so
    assert window.view.selection_offsets() == (starts[0], starts[0] + 11)
    assert "from the start" in window.statusBar().currentMessage()


def test_f3_with_no_query_yet_opens_the_find_bar(flood, make_window, keys):
    store, _ = flood
    window = make_window(store)
    keys(window).press(K.Key_F3)
    assert window.find_bar.isVisible()
    assert QtWidgets.QApplication.focusWidget() is window.find_bar.box


def test_relabel_keeps_the_same_span_selected_then_delete_deletes_it(store, make_window, keys):
    text = "Mayor Orlen Vask met Dr Pim Tessaro and Judge Ria Monk at noon."
    article_id, _ = store.add_article(title="Meeting", text=text)
    for name in ("Orlen Vask", "Pim Tessaro", "Ria Monk"):
        start = text.index(name)
        store.add_span(article_id, start, start + len(name), "CLAIM")
    window = make_window(store)
    k = keys(window)
    k.press(K.Key_Tab, times=2)  # the second span
    middle = store.spans(article_id)[1]
    assert window.view.selected_span == middle.id
    k.press(K.Key_A)
    assert window.view.selected_span == middle.id
    assert window.view.selection_offsets() == (middle.start, middle.end)
    assert window.span_panel.table.currentIndex().row() == 1
    assert window.statusBar().currentMessage().startswith("Selected ACTOR “Pim Tessaro”")
    k.press(K.Key_N)  # again: still the same span
    assert window.view.selected_span == middle.id
    k.press(K.Key_Delete)
    assert spans_of(store, article_id) == [("CLAIM", "Orlen Vask"), ("CLAIM", "Ria Monk")]
