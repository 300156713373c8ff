"""Relations and attributes end to end: the real window, keys, the database after each step."""

from __future__ import annotations

import statistics
import time

import pytest

from annotator.core.importing import sample_files
from annotator.core.store import Store
from annotator.gui.qt import QtCore, QtGui, QtWidgets

K = QtCore.Qt.Key
QUOTE = "The spillway was simply asked to carry more water than it was ever designed for,"
MAGENTA = QtGui.QColor("#FF00FF")


def relations_of(store: Store, article_id: int) -> list[tuple[str, str, str]]:
    return [
        (r.kind, store.span(r.head_span_id).text, store.span(r.tail_span_id).text)
        for r in store.relations(article_id)
    ]


@pytest.fixture
def sample(store: Store):
    """The first sample article with a QUOTE, the two ACTORs before and after it, a NUMBER."""
    path = sample_files()[0]
    text = path.read_text(encoding="utf-8")
    article_id, _ = store.add_article(title="Ossick", text=text)

    def tag(piece: str, label: str):
        start = text.index(piece)
        return store.add_span(article_id, start, start + len(piece), label)

    spans = {
        "quote": tag(QUOTE, "QUOTE"),
        "authority": tag("Sallen Regional Water Authority", "ACTOR"),
        "keppel": tag("Dorian Keppel", "ACTOR"),
        "number": tag("6,000", "NUMBER"),
    }
    return store, article_id, spans


def test_r_tab_enter_links_a_quote_and_undo_redo_take_it_back(sample, make_window, keys):
    store, article_id, spans = sample
    window = make_window(store)
    k = keys(window)
    window.view.select_span(spans["quote"].id)
    k.press(K.Key_R)
    assert window.modes.mode == "link"
    assert window.statusBar().currentMessage().startswith(
        f"Link QUOTE “{QUOTE[:39]}…” to ACTOR “Dorian Keppel” (1 of 2)"
    )
    k.press(K.Key_Tab)  # the next nearest: the authority, before the quote
    assert "ACTOR “Sallen Regional Water Authority” (2 of 2)" in (
        window.statusBar().currentMessage()
    )
    k.press(K.Key_Return)
    assert relations_of(store, article_id) == [
        ("speaker", QUOTE, "Sallen Regional Water Authority")
    ]
    assert window.modes.mode == "normal"
    assert window.statusBar().currentMessage().startswith("Linked speaker: QUOTE")
    assert window.relation_panel.rows() == [
        ("speaker", f"QUOTE “{QUOTE[:59]}…”", "ACTOR “Sallen Regional Water Authority”")
    ]
    row = window.span_panel.model.row_of(spans["quote"].id)
    assert window.span_panel.model.index(row, 3).data() == "speaker→"

    k.ctrl(K.Key_Z)
    assert relations_of(store, article_id) == []
    assert window.relation_panel.rows() == []
    assert window.span_panel.model.index(row, 3).data() == ""
    k.ctrl_shift(K.Key_Z)
    assert relations_of(store, article_id) == [
        ("speaker", QUOTE, "Sallen Regional Water Authority")
    ]
    assert len(window.relation_panel.rows()) == 1


def test_r_enter_takes_the_nearest_and_escape_cancels(sample, make_window, keys):
    store, article_id, spans = sample
    window = make_window(store)
    k = keys(window)
    window.view.select_span(spans["keppel"].id)  # from the ACTOR: the quote it may have said
    k.press(K.Key_R)
    k.press(K.Key_Escape)
    assert window.modes.mode == "normal" and relations_of(store, article_id) == []
    assert window.statusBar().currentMessage() == "Linking cancelled"
    k.press(K.Key_R)
    k.press(K.Key_Return)
    assert relations_of(store, article_id) == [("speaker", QUOTE, "Dorian Keppel")]


def test_selecting_a_span_shows_its_relations_and_delete_in_the_list_removes_one(
    sample, make_window, keys
):
    store, article_id, spans = sample
    store.add_relation("speaker", spans["quote"].id, spans["keppel"].id)
    store.add_relation("speaker", spans["quote"].id, spans["authority"].id)
    window = make_window(store)
    k = keys(window)
    assert window.relation_panel.heading.text() == "Relations (2)"
    window.view.select_span(spans["keppel"].id)
    assert window.relation_panel.rows() == [
        ("speaker", f"QUOTE “{QUOTE[:59]}…”", "ACTOR “Dorian Keppel”")
    ]
    assert "speaker" in window.statusBar().currentMessage()
    k.ctrl(K.Key_R)  # to the relation list
    assert QtWidgets.QApplication.focusWidget() is window.relation_panel.table
    k.press(K.Key_Delete)
    assert relations_of(store, article_id) == [
        ("speaker", QUOTE, "Sallen Regional Water Authority")
    ]
    k.ctrl(K.Key_Z)
    assert len(relations_of(store, article_id)) == 2


def test_a_deleted_span_takes_its_relations_and_undo_brings_them_back(
    sample, make_window, keys
):
    store, article_id, spans = sample
    store.add_relation("speaker", spans["quote"].id, spans["keppel"].id)
    window = make_window(store)
    k = keys(window)
    window.view.select_span(spans["keppel"].id)
    k.press(K.Key_Delete)
    assert relations_of(store, article_id) == [] and window.relation_panel.rows() == []
    k.ctrl(K.Key_Z)
    assert relations_of(store, article_id) == [("speaker", QUOTE, "Dorian Keppel")]
    assert window.relations.arcs.of_span(spans["keppel"].id)


def test_the_right_click_menu_links_to_a_target(sample, make_window):
    store, article_id, spans = sample
    window = make_window(store)
    view = window.view
    view.select_span(spans["quote"].id)
    cursor = QtGui.QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_qt(spans["quote"].start + 3))
    menu = view.build_context_menu(view.cursorRect(cursor).center())
    link = next(a.menu() for a in menu.actions() if a.menu() and "to…" in a.text())
    assert [a.text() for a in link.actions()] == [
        "speaker: ACTOR “Dorian Keppel”", "speaker: ACTOR “Sallen Regional Water Authority”"
    ]
    link.actions()[1].trigger()
    assert relations_of(store, article_id) == [
        ("speaker", QUOTE, "Sallen Regional Water Authority")
    ]
    menu.deleteLater()


def test_f2_on_a_number_shows_the_prefilled_value_and_enter_saves_it(
    sample, make_window, keys, qtbot, monkeypatch
):
    store, _, spans = sample
    window = make_window(store)
    k = keys(window)
    window.view.select_span(spans["number"].id)
    k.press(K.Key_F2)
    form = window.relations.form
    assert form is not None
    qtbot.waitUntil(lambda: form.isAncestorOf(QtWidgets.QApplication.focusWidget()))
    # Pre-filled by the number grammar ("6,000": exactly 6000).
    assert form.editors["value"].text() == "6000"
    assert form.editors["qualifier"].currentText() == "exact"
    k.press(K.Key_Return)
    qtbot.waitUntil(lambda: QtWidgets.QApplication.focusWidget() is window.view)
    prefilled = {"value": 6000, "qualifier": "exact"}
    assert store.span(spans["number"].id).attributes == prefilled
    k.ctrl(K.Key_Z)
    assert store.span(spans["number"].id).attributes == {}
    k.ctrl_shift(K.Key_Z)
    assert store.span(spans["number"].id).attributes == prefilled


def test_the_form_never_takes_a_value_its_schema_refuses(sample, make_window, keys, qtbot):
    store, _, spans = sample
    window = make_window(store)
    k = keys(window)
    window.view.select_span(spans["number"].id)
    k.press(K.Key_F2)
    form = window.relations.form
    qtbot.waitUntil(lambda: form.isAncestorOf(QtWidgets.QApplication.focusWidget()))
    box = form.editors["value"]
    box.clear()
    box.setFocus()
    k.type("about 6k")  # the box's validator lets no letter in
    assert box.text() == " 6"
    box.setText("6.0.0")
    k.press(K.Key_Return)
    assert form.isVisible() and "value: not a number" in form.error.text()
    assert store.span(spans["number"].id).attributes == {}
    box.setText("5,900")
    form.editors["qualifier"].setCurrentText("approximately")
    form.editors["unit"].setText("residents")
    k.press(K.Key_Return)
    qtbot.waitUntil(lambda: QtWidgets.QApplication.focusWidget() is window.view)
    assert store.span(spans["number"].id).attributes == {
        "value": 5900, "qualifier": "approximately", "unit": "residents"
    }  # fmt: skip


def _near(image: QtGui.QImage, colour: QtGui.QColor, rect: QtCore.QRect | None = None) -> int:
    area = rect or image.rect()
    want = (colour.red(), colour.green(), colour.blue())
    found = 0
    for y in range(area.top(), area.bottom() + 1):
        for x in range(area.left(), area.right() + 1):
            pixel = QtGui.QColor(image.pixel(x, y))
            got = (pixel.red(), pixel.green(), pixel.blue())
            found += all(abs(a - b) <= 60 for a, b in zip(got, want, strict=True))
    return found


def test_the_arcs_layer_paints_an_arc_between_the_spans(store, make_window):
    text = "Reporter Lio Brandt wrote that “the pier will close” on Friday.\n"
    article_id, _ = store.add_article(title="Pier", text=text)
    actor = store.add_span(article_id, 9, 19, "ACTOR")
    quote = store.add_span(article_id, 31, 51, "QUOTE")
    store.add_relation_type("marks", heads=["QUOTE"], children=["ACTOR"], colour="#FF00FF")
    window = make_window(store)
    view = window.view
    assert window.relations.arcs not in view.layers  # nothing to draw, not in the stack
    before = _near(view.viewport().grab().toImage(), MAGENTA)
    store_change = window.ops.link(quote.id, actor.id, "marks")
    assert store_change is not None
    assert window.relations.arcs in view.layers
    image = view.viewport().grab().toImage()
    pieces = window.relations.arcs.pieces(view, view.visible_lines(view.viewport().rect()))
    assert [(p.label, p.pending) for p in pieces] == [("marks", False)]
    # The arc rises between the two spans, above their line.
    head = view.span_rects(quote.id)[0][0]
    tail = view.span_rects(actor.id)[0][0]
    between = QtCore.QRect(int(tail.center().x()), 0, int(head.center().x() - tail.center().x()),
                           int(head.top()) + 2)  # fmt: skip
    assert before == 0
    assert _near(image, MAGENTA, between) > 30
    window.undo()
    assert window.relations.arcs not in view.layers
    assert _near(view.viewport().grab().toImage(), MAGENTA) == 0


def test_five_hundred_relations_repaint_fast_and_labels_do_not_pile_up(store, make_window):
    sentence = "Aide Rem Oku said “the road will reopen” and 40 trucks were sent. "
    text = "".join(sentence for _ in range(500))
    article_id, _ = store.add_article(title="Many", text=text)
    width = len(sentence)
    with store.transaction():
        for n in range(500):
            base = n * width
            actor = store.add_span(article_id, base + 5, base + 12, "ACTOR")
            quote = store.add_span(article_id, base + 19, base + 39, "QUOTE")
            store.add_relation("speaker", quote.id, actor.id)
    window = make_window(store)
    view = window.view
    assert len(window.relations.arcs.relations) == 500
    timings = []
    for _ in range(15):
        began = time.perf_counter()
        view.viewport().repaint()
        timings.append(time.perf_counter() - began)
    median = statistics.median(timings)
    print(f"repaint with 500 relations: median {median * 1000:.1f} ms")
    assert median < 0.1, f"a repaint took {median * 1000:.0f} ms"
    pieces = window.relations.arcs.pieces(view, view.visible_lines(view.viewport().rect()))
    assert 0 < len(pieces) < 500  # only those on screen
    labels = [p.label_rect for p in pieces if p.label_rect is not None]
    assert labels and all(
        not a.intersects(b) for i, a in enumerate(labels) for b in labels[i + 1 :]
    )


def test_link_mode_keys_are_data_without_clashes(qapp, store):
    from annotator.gui import keys as keymap

    assert keymap.conflicts(keymap.LINK_BINDINGS, mode=keymap.LINK) == {}
    assert set(keymap.LINK_BINDINGS[keymap.LINK].values()) <= set(keymap.ACTIONS)
    normal = keymap.command_keys(keymap.DEFAULT_BINDINGS, mode=keymap.NORMAL)
    assert normal["link.start"] == ["R"] and normal["span.attributes"] == ["F2"]
    # R is the window's, never a label's: no default label takes it.
    labels = keymap.label_bindings(store.labels())[keymap.NORMAL]
    assert "R" not in labels
