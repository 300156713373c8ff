"""File > Labels… (F6) and an article's title and meta (F4), by keys sent to the real window."""

from __future__ import annotations

from annotator.gui.qt import Qt, QtWidgets
from tests.gui.conftest import spans_of

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier

TEXT = "Harbour master Ilse Varga said the pier at Nordkamm reopened on Tuesday."


def _open(qtbot, window, key: Qt.Key, name: str) -> QtWidgets.QDialog:
    qtbot.keyClick(window.view, key)
    qtbot.waitUntil(lambda: window.editing.dialog is not None, timeout=2000)
    dialog = window.editing.dialog
    assert dialog.objectName() == name
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: QtWidgets.QApplication.activeWindow() is dialog, timeout=2000)
    return dialog


def _type(qtbot, text: str) -> None:
    qtbot.keyClicks(QtWidgets.QApplication.focusWidget(), text)


def _press(qtbot, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QtWidgets.QApplication.focusWidget(), key, modifiers)


def _close(qtbot, window, dialog) -> None:
    _press(qtbot, K.Key_Escape)
    qtbot.waitUntil(lambda: window.editing.dialog is None, timeout=2000)
    qtbot.waitUntil(lambda: QtWidgets.QApplication.focusWidget() is window.view, timeout=2000)


def test_add_a_label_by_keyboard_and_tag_with_its_new_hotkey(store, make_window, qtbot):
    article_id, _ = store.add_article(title="Pier", text=TEXT)
    window = make_window(store)
    dialog = _open(qtbot, window, K.Key_F6, "labels_dialog")
    _press(qtbot, K.Key_N, CTRL)
    assert QtWidgets.QApplication.focusWidget() is dialog.name_edit
    _type(qtbot, "PLACE")
    _press(qtbot, K.Key_Tab)  # colour: the next unused palette colour is already there
    _press(qtbot, K.Key_Tab)
    _type(qtbot, "p")
    _press(qtbot, K.Key_Tab)
    _type(qtbot, "a named place")
    _press(qtbot, K.Key_Return)
    added = store.label("PLACE")
    assert (added.hotkey, added.description, added.position) == ("P", "a named place", 5)
    assert added.colour.upper() not in {label.colour.upper() for label in store.labels()[:4]}
    assert "PLACE" in [label.name for label in window.labels]  # applied at once
    _close(qtbot, window, dialog)

    window.view.place_caret(TEXT.index("Nordkamm"))
    qtbot.keyClick(window.view, K.Key_P)
    assert spans_of(store, article_id) == [("PLACE", "Nordkamm")]
    qtbot.keyClick(window.view, K.Key_Tab)  # select that span
    qtbot.keyClick(window.view, K.Key_1)
    assert spans_of(store, article_id) == [("CLAIM", "Nordkamm")]
    qtbot.keyClick(window.view, K.Key_5)  # the new label's digit key, by its position
    assert spans_of(store, article_id) == [("PLACE", "Nordkamm")]


def test_rename_a_label_and_the_spans_follow(store, make_window, qtbot):
    article_id, _ = store.add_article(title="Pier", text=TEXT)
    store.add_span(article_id, TEXT.index("Ilse"), TEXT.index(" said"), "ACTOR")
    window = make_window(store)
    window.view.place_caret(TEXT.index("pier"))
    qtbot.keyClick(window.view, K.Key_A)
    window.view.select_span(store.spans(article_id)[1].id)
    qtbot.keyClick(window.view, K.Key_Delete)  # a step before the rename, undone after it
    assert spans_of(store, article_id) == [("ACTOR", "Ilse Varga")]
    dialog = _open(qtbot, window, K.Key_F6, "labels_dialog")
    for _ in range(2):
        _press(qtbot, K.Key_Down)  # CLAIM, NUMBER, ACTOR
    assert dialog.current().name == "ACTOR"
    _press(qtbot, K.Key_Tab)
    assert QtWidgets.QApplication.focusWidget() is dialog.name_edit
    dialog.name_edit.selectAll()
    _type(qtbot, "PERSON")
    _press(qtbot, K.Key_Return)
    assert spans_of(store, article_id) == [("PERSON", "Ilse Varga")]
    assert [span.label for span in window.view.spans.values()] == ["PERSON"]
    assert window.span_panel.model.rowCount() == 1
    assert "label.PERSON" in window.actions  # the label's command is renamed with it
    assert "label.ACTOR" not in window.actions
    _close(qtbot, window, dialog)
    window.view.place_caret(TEXT.index("Nordkamm"))
    qtbot.keyClick(window.view, K.Key_A)  # the hotkey went with the label
    assert spans_of(store, article_id) == [("PERSON", "Ilse Varga"), ("PERSON", "Nordkamm")]
    qtbot.keyClick(window.view, K.Key_Z, CTRL)
    qtbot.keyClick(window.view, K.Key_Z, CTRL)  # the delete made before the rename
    assert spans_of(store, article_id) == [("PERSON", "Ilse Varga"), ("PERSON", "pier")]


def test_reorder_by_keyboard_changes_the_digit_keys(store, make_window, qtbot):
    article_id, _ = store.add_article(title="Pier", text=TEXT)
    window = make_window(store)
    dialog = _open(qtbot, window, K.Key_F6, "labels_dialog")
    for _ in range(3):
        _press(qtbot, K.Key_Down)
    assert dialog.current().name == "QUOTE"
    _press(qtbot, K.Key_Up, CTRL)
    _press(qtbot, K.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [label.name for label in store.labels()] == ["CLAIM", "QUOTE", "NUMBER", "ACTOR"]
    assert [label.position for label in store.labels()] == [1, 2, 3, 4]
    assert dialog.current().name == "QUOTE"  # the moved label stays picked
    _press(qtbot, K.Key_Down, CTRL)
    _press(qtbot, K.Key_Down, CTRL)
    _press(qtbot, K.Key_Down, CTRL)  # already last: nothing moves
    assert [label.name for label in store.labels()] == ["CLAIM", "NUMBER", "ACTOR", "QUOTE"]
    _press(qtbot, K.Key_Up, CTRL)
    _press(qtbot, K.Key_Up, CTRL)
    assert [label.name for label in store.labels()] == ["CLAIM", "QUOTE", "NUMBER", "ACTOR"]
    assert "2  QUOTE" in dialog.list.item(1).text()
    _close(qtbot, window, dialog)

    window.view.place_caret(TEXT.index("Tuesday"))
    qtbot.keyClick(window.view, K.Key_2)  # 2 is QUOTE now, no longer NUMBER
    assert spans_of(store, article_id) == [("QUOTE", "Tuesday")]
    window.view.place_caret(TEXT.index("pier"))
    qtbot.keyClick(window.view, K.Key_4)
    assert spans_of(store, article_id) == [("ACTOR", "pier"), ("QUOTE", "Tuesday")]


def test_a_bad_colour_or_hotkey_is_refused_in_one_line_and_nothing_changes(
    store, make_window, qtbot
):
    window = make_window(store)
    dialog = _open(qtbot, window, K.Key_F6, "labels_dialog")
    before = store.labels()
    _press(qtbot, K.Key_Tab)  # CLAIM's name
    _press(qtbot, K.Key_Tab)  # its colour
    dialog.colour_box.lineEdit().selectAll()
    _type(qtbot, "teal")
    _press(qtbot, K.Key_Return)
    assert dialog.error.text() == "a colour is written #RRGGBB, not 'teal'"
    assert store.labels() == before
    assert window.editing.dialog is dialog  # still open, what was typed still there
    assert dialog.colour_box.currentText() == "teal"

    dialog.colour_box.lineEdit().selectAll()
    _type(qtbot, "#2a9d8f")
    _press(qtbot, K.Key_Tab)  # its hotkey
    dialog.hotkey_edit.selectAll()
    _type(qtbot, "r")
    _press(qtbot, K.Key_Return)
    assert dialog.error.text() == "hotkey R is taken: R starts a relation from the selected span"
    assert store.labels() == before  # the good colour was not saved without the hotkey
    dialog.hotkey_edit.selectAll()
    _type(qtbot, "n")
    _press(qtbot, K.Key_Return)
    assert dialog.error.text() == "hotkey N is already used by NUMBER"
    assert "\n" not in dialog.error.text()
    dialog.hotkey_edit.selectAll()
    _type(qtbot, "k")
    _press(qtbot, K.Key_Return)
    claim = store.label("CLAIM")
    assert (claim.colour, claim.hotkey) == ("#2A9D8F", "K")
    assert window.label_bar.isVisible()
    _close(qtbot, window, dialog)


def test_edit_a_title_and_meta_the_list_shows_the_title_the_database_holds_the_meta(
    store, make_window, qtbot
):
    article_id, _ = store.add_article(
        title="draft", text=TEXT, meta={"lang": "en", "outlet": "Old Gazette"}
    )
    window = make_window(store)
    dialog = _open(qtbot, window, K.Key_F4, "article_meta_dialog")
    assert QtWidgets.QApplication.focusWidget() is dialog.title_edit
    _type(qtbot, "Nordkamm pier reopens")  # the old title was selected: typing replaces it
    _press(qtbot, K.Key_Tab)
    dialog.fields["outlet"].selectAll()
    _type(qtbot, "The Harbour Bell")
    _press(qtbot, K.Key_Tab)
    _type(qtbot, "2031-04-08")
    _press(qtbot, K.Key_Tab)
    _type(qtbot, "https://harbour-bell.example/pier")
    _press(qtbot, K.Key_Tab)
    assert QtWidgets.QApplication.focusWidget() is dialog.other_edit
    dialog.other_edit.selectAll()
    _type(qtbot, '{"lang": "en", "readers": NaN}')
    _press(qtbot, K.Key_Return, CTRL)
    assert "NaN" in dialog.error.text() and "\n" not in dialog.error.text()
    assert store.article(article_id).title == "draft"  # nothing written
    dialog.other_edit.selectAll()
    _type(qtbot, '{"lang": "en", "section": "Coast"}')
    _press(qtbot, K.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.editing.dialog is None, timeout=2000)

    article = store.article(article_id)
    assert article.title == "Nordkamm pier reopens"
    assert article.meta == {
        "lang": "en", "section": "Coast", "outlet": "The Harbour Bell",
        "date": "2031-04-08", "url": "https://harbour-bell.example/pier",
    }  # fmt: skip
    assert article.text == TEXT
    model = window.corpus_panel.model
    assert model.data(model.index(0, 0)) == "Nordkamm pier reopens"
    assert window.windowTitle().startswith("Nordkamm pier reopens")
    qtbot.waitUntil(lambda: QtWidgets.QApplication.focusWidget() is window.view, timeout=2000)

    dialog = _open(qtbot, window, K.Key_F4, "article_meta_dialog")
    assert dialog.fields["outlet"].text() == "The Harbour Bell"
    dialog.fields["url"].clear()  # an empty field removes its key
    dialog.title_edit.setFocus()
    _press(qtbot, K.Key_Return)
    qtbot.waitUntil(lambda: window.editing.dialog is None, timeout=2000)
    assert "url" not in store.article(article_id).meta
