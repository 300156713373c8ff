"""F8: the comparison view of a story, driven by keys on the real window."""

from __future__ import annotations

from annotator.core.store import Store
from annotator.gui.compare_view import FACT_ROLE, row_mark
from annotator.gui.qt import Qt, QtWidgets

COURIER = "The Varnia Courier: 6,000 bodies were returned on May 16, officials said."
EASTGATE = "Eastgate Daily: 3,000 bodies were returned; the talks lasted 40 minutes."
HOSTILE = "\u202e<b>Kelm & Sons</b>\x07 Ledger"
LEDGER = "Kelm Ledger: the talks lasted just over an hour; 6,000 bodies came back."


def story(store: Store) -> tuple[list[int], dict[str, int]]:
    ids = [
        store.add_article(title="Courier", text=COURIER, meta={"date": "2026-05-17"})[0],
        store.add_article(title="Eastgate", text=EASTGATE, meta={"date": "2026-05-18"})[0],
        store.add_article(
            title="Ledger", text=LEDGER, meta={"date": "2026-05-19", "outlet": HOSTILE}
        )[0],
    ]
    store.assign_story(ids, "Varnia talks")

    def num(article: int, text: str, piece: str, value: int) -> int:
        start = text.index(piece)
        return store.add_span(
            article, start, start + len(piece), "NUMBER", attributes={"value": value}
        ).id

    spans = {
        "c6000": num(ids[0], COURIER, "6,000 bodies", 6000),
        "e3000": num(ids[1], EASTGATE, "3,000 bodies", 3000),
        "l6000": num(ids[2], LEDGER, "6,000 bodies", 6000),
        "e40": num(ids[1], EASTGATE, "40 minutes", 40),
        "lhour": num(ids[2], LEDGER, "just over an hour", 60),
    }
    store.add_link(spans["c6000"], spans["e3000"], "contradicts")
    store.add_link(spans["c6000"], spans["l6000"], "same")
    store.add_link(spans["e40"], spans["lhour"], "different-event")
    return ids, spans


def test_f8_shows_the_story_disagreements_first_and_enter_opens_the_span(store, make_window, qtbot):
    ids, _ = story(store)
    window = make_window(store)
    window.open_article(ids[1])
    qtbot.keyClick(window.view, Qt.Key.Key_F8)
    dialog = window.compare.dialog
    assert dialog is not None and dialog.isVisible()
    model = dialog.model
    assert (model.rowCount(), model.columnCount()) == (2, 3)
    assert model.headerData(0, Qt.Orientation.Vertical) == "≠ contradicts"
    assert model.headerData(1, Qt.Orientation.Vertical) == "≈ different event"
    # The hostile outlet is shown escaped, literally: no bidi override or bell takes effect.
    header = model.headerData(2, Qt.Orientation.Horizontal)
    assert header.startswith("\\u202e<b>Kelm & Sons</b>\\x07 Ledger\n2026-05-19")
    assert model.index(0, 1).data() == "3,000 bodies  [3,000]"
    assert model.index(1, 0).data() == "—"  # the Courier says nothing of the talks' length
    assert "officials said" in model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    # The table has the focus on the first fact; Right moves to Eastgate's 3,000; Enter opens.
    qtbot.waitUntil(lambda: QtWidgets.QApplication.focusWidget() is dialog.table, timeout=2000)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Right)
    fact = dialog.table.currentIndex().data(FACT_ROLE)
    assert fact.text == "3,000 bodies"
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=2000)
    assert window.article_id == ids[1]
    start = EASTGATE.index("3,000")
    assert window.view.selection_offsets() == (start, start + len("3,000 bodies"))


def test_f8_without_a_story_says_what_to_do(store, make_window, qtbot):
    store.add_article(title="Alone", text="Nothing to compare here.")
    window = make_window(store)
    qtbot.keyClick(window.view, Qt.Key.Key_F8)
    dialog = window.compare.dialog
    assert dialog.model.rowCount() == 0
    assert "No story yet" in dialog.state.text()
    qtbot.waitUntil(lambda: QtWidgets.QApplication.focusWidget() is dialog.table, timeout=2000)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_row_marks_name_the_link_types(store):
    from annotator.core.story_data import load_comparison

    story(store)
    comparison, texts = load_comparison(store, "Varnia talks")
    assert [row_mark(row) for row in comparison.rows] == ["≠ contradicts", "≈ different event"]
    assert set(texts) == set(store.story_article_ids("Varnia talks"))
