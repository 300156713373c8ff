"""Ctrl+Shift+F in the real window: search every article, Enter opens one at the hit."""

from __future__ import annotations

from annotator.gui.corpus_search import CorpusSearchDialog
from annotator.gui.qt import Qt, QtWidgets
from tests.gui.conftest import spans_of

K = Qt.Key
FERRY = "The Velmora ferry ran late.\nPassengers waited two hours."
DOCKS = "Crane fell at the docks.\n\nHarbourmaster Ilse Brandvik said velmora port reopens."
BRIDGE = "The bridge closed. VELMORA council met. Velmora engineers agreed."


def search_window(store, make_window):
    for title, text in (("Ferry", FERRY), ("Docks", DOCKS), ("Bridge", BRIDGE)):
        store.add_article(title=title, text=text)
    return make_window(store)


def open_search(qtbot, k) -> CorpusSearchDialog:
    """Ctrl+Shift+F, then wait for the dialog to take the keyboard (activation is async)."""
    k.ctrl_shift(K.Key_F)
    dialog = k.window.findChild(CorpusSearchDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: QtWidgets.QApplication.focusWidget() is dialog.query)
    return dialog


def wait_for_hits(qtbot, dialog: CorpusSearchDialog) -> None:
    qtbot.waitUntil(lambda: dialog.task is None and dialog.tree.topLevelItemCount() > 0)


def test_hits_are_listed_by_article_and_enter_opens_one_with_the_hit_selected(
    qtbot, store, make_window, keys
):
    window = search_window(store, make_window)
    k = keys(window)
    first = window.article_id
    dialog = open_search(qtbot, k)
    k.type("velmora")
    k.press(K.Key_Return)
    wait_for_hits(qtbot, dialog)
    titles = [dialog.tree.topLevelItem(i).text(0) for i in range(dialog.tree.topLevelItemCount())]
    assert titles == ["Ferry  (1 hit)", "Docks  (1 hit)", "Bridge  (2 hits)"]
    assert "4 hits in 3 articles" in dialog.state.text()
    # the list has the keyboard, on the first hit; its row shows the hit in context
    assert QtWidgets.QApplication.focusWidget() is dialog.tree
    shown = dialog.tree.currentItem().text(0)
    assert shown == "The [Velmora] ferry ran late. Passengers waited two h…"

    k.press(K.Key_Down)  # onto "Docks", the article row
    k.press(K.Key_Down)  # its hit
    k.press(K.Key_Down)  # "Bridge"
    k.press(K.Key_Down)  # its first hit: "VELMORA"
    k.press(K.Key_Down)  # its second hit: "Velmora engineers"
    k.press(K.Key_Return)
    assert not dialog.isVisible()
    bridge = store.articles(query="Bridge")[0].id
    assert bridge != first and window.article_id == bridge
    assert window.view.selection_offsets() == (40, 47)
    assert BRIDGE[40:47] == "Velmora"
    qtbot.waitUntil(lambda: QtWidgets.QApplication.focusWidget() is window.view)
    k.press(K.Key_A)  # the opened hit is a selection like any other: a label key tags it
    assert spans_of(store, bridge) == [("ACTOR", "Velmora")]


def test_enter_on_an_article_row_opens_its_first_hit_and_the_dialog_comes_back(
    qtbot, store, make_window, keys
):
    window = search_window(store, make_window)
    k = keys(window)
    dialog = open_search(qtbot, k)
    k.type("VELM")
    k.press(K.Key_Return)
    wait_for_hits(qtbot, dialog)
    k.press(K.Key_Up)  # from the first hit up to its article, "Ferry"
    k.press(K.Key_Return)
    ferry = store.articles(query="Ferry")[0].id
    assert window.article_id == ferry and window.view.selection_offsets() == (4, 8)
    qtbot.waitUntil(lambda: QtWidgets.QApplication.focusWidget() is window.view)
    # again: the same dialog, the last query selected to be typed over
    assert open_search(qtbot, k) is dialog
    assert window.findChildren(CorpusSearchDialog) == [dialog]
    assert dialog.query.selectedText() == "VELM"
    k.press(K.Key_Escape)
    assert not dialog.isVisible()


def test_no_hits_and_too_many_hits_are_said(qtbot, store, make_window, keys, monkeypatch):
    window = search_window(store, make_window)
    k = keys(window)
    dialog = open_search(qtbot, k)
    k.type("zorvath")
    k.press(K.Key_Return)
    qtbot.waitUntil(lambda: dialog.task is None)
    assert dialog.state.text() == "No article holds “zorvath”."
    assert dialog.tree.topLevelItemCount() == 0 and window.article_id is not None

    real = type(store).search_texts
    monkeypatch.setattr(
        type(store), "search_texts", lambda self, query, **kw: real(self, query, limit=2, **kw)
    )
    dialog.query.setFocus()
    dialog.query.selectAll()
    k.type("e")
    k.press(K.Key_Return)
    wait_for_hits(qtbot, dialog)
    assert dialog.state.text().startswith("The first 2 hits, in 1 article; more were left out")
