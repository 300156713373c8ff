"""Issue 14 in the window, by keyboard: stories (F7), links to other articles (L), the
entity offer after an ACTOR tag and the registry panel (Ctrl+Shift+E).

The real window, keys on whatever has focus, the database checked after each step.
Every outlet, person, story and figure here is invented.
"""

from __future__ import annotations

import pytest

from annotator.core.store import Store
from annotator.gui.qt import QtCore, QtWidgets

K = QtCore.Qt.Key
CTRL = QtCore.Qt.KeyboardModifier.ControlModifier
SHIFT = QtCore.Qt.KeyboardModifier.ShiftModifier

COURIER = "The Varnia Courier says 6,000 bodies were returned, Olena Marchenko said."
EASTGATE = "Eastgate Daily reports 3,000 bodies returned; Marchenko declined to comment."
GAZETTE = "The Gazette counted 6,000 bodies at the border, Ivo Tamm said on Sunday."


def tag(store: Store, article_id: int, text: str, piece: str, label: str):
    start = text.index(piece)
    return store.add_span(article_id, start, start + len(piece), label)


@pytest.fixture
def three(store: Store):
    """Three articles, each with a NUMBER; the first two in one story."""
    a, _ = store.add_article(title="Varnia Courier", text=COURIER)
    b, _ = store.add_article(title="Eastgate Daily", text=EASTGATE)
    c, _ = store.add_article(title="The Gazette", text=GAZETTE)
    numbers = {
        "a": tag(store, a, COURIER, "6,000 bodies", "NUMBER"),
        "b": tag(store, b, EASTGATE, "3,000 bodies", "NUMBER"),
        "c": tag(store, c, GAZETTE, "6,000 bodies", "NUMBER"),
    }
    tag(store, b, EASTGATE, "declined to comment", "CLAIM")
    store.assign_story([a, b], "Body exchange")
    return store, (a, b, c), numbers


def message(window) -> str:
    return window.statusBar().currentMessage()


def picker_rows(window) -> list[list[str]]:
    picker = window.cross.picker
    return [picker.row_texts(row) for row in range(picker.row_count())]


# -- stories ---------------------------------------------------------------------------


def test_f7_puts_the_article_in_a_story_typed_new_or_picked(three, make_window, keys, qtbot):
    store, (_a, _b, c), _ = three
    window = make_window(store)
    window.open_article(c)
    k = keys(window)
    assert window.cross.story_label.text() == "No story (F7)"
    k.press(K.Key_F7)
    picker = window.cross.story_picker
    assert picker.isVisible() and k.focus() is picker.filter
    assert picker.row_texts(0)[0] == "(no story)" and picker.row_texts(1)[0] == "Body exchange"
    k.type("Border count")  # matches nothing: a new story, first, Enter makes it
    assert picker.row_count() == 1 and picker.row_texts(0)[0] == "New story: Border count"
    k.press(K.Key_Return)
    assert not picker.isVisible() and k.focus() is window.view
    assert store.article_story(c).name == "Border count"
    assert window.cross.story_label.text() == "Story: \u2068Border count\u2069"
    assert window.corpus_panel.model.story_of(c) == "Border count"

    k.press(K.Key_F7)
    k.type("BODY")  # case-insensitive, part of a name
    assert picker.row_texts(0)[0] == "Body exchange"
    assert picker.row_texts(1)[0] == "New story: BODY"  # not the same name: offered last
    k.press(K.Key_Return)
    assert store.article_story(c).name == "Body exchange"

    k.press(K.Key_F7)
    assert picker.current_data() == ("story", "Body exchange")  # where the article is
    k.press(K.Key_Escape)
    assert not picker.isVisible() and store.article_story(c).name == "Body exchange"
    k.press(K.Key_F7)
    k.press(K.Key_Up)  # to "(no story)"
    k.press(K.Key_Return)
    assert store.article_story(c) is None
    assert window.cross.story_label.text() == "No story (F7)"


def test_f7_takes_every_row_selected_in_the_corpus_list(three, make_window, keys):
    store, (a, b, c), _ = three
    window = make_window(store)
    table = window.corpus_panel.table
    # The list selects one row today; F7 honours several once it allows them.
    table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.ExtendedSelection)
    flags = QtCore.QItemSelectionModel.SelectionFlag
    for row in (1, 2):
        table.selectionModel().select(table.model().index(row, 0), flags.Select | flags.Rows)
    k = keys(window)
    k.press(K.Key_F7)
    picker = window.cross.story_picker
    assert picker.heading.text() == "Story of: the 3 articles selected in the corpus list"
    k.type("Ferry strike")
    k.press(K.Key_Return)
    assert {x: store.article_story(x).name for x in (a, b, c)} == dict.fromkeys(
        (a, b, c), "Ferry strike")
    assert message(window) == "3 of 3 articles: in new story “\u2068Ferry strike\u2069”"


def test_the_corpus_list_filters_and_shows_by_story(three, make_window):
    store, (a, b, c), _ = three
    window = make_window(store)
    panel = window.corpus_panel
    model = panel.model
    assert model.data(model.index(0, 3)) == "Body exchange" and model.data(model.index(2, 3)) == ""
    texts = [panel.story_box.itemText(i) for i in range(panel.story_box.count())]
    assert texts == ["All stories", "(no story)", "Body exchange (2)"]
    panel.story_box.setCurrentIndex(2)
    assert model.visible_ids() == [a, b]
    panel.story_box.setCurrentIndex(1)
    assert model.visible_ids() == [c]
    panel.story_box.setCurrentIndex(0)
    assert model.visible_ids() == [a, b, c]


# -- links to other articles -----------------------------------------------------------


def test_l_then_a_digit_links_across_and_undo_redo_cover_it(three, make_window, keys):
    store, (a, b, _c), numbers = three
    window = make_window(store)
    window.open_article(a)
    k = keys(window)
    window.view.select_span(numbers["a"].id)
    k.press(K.Key_L)
    assert window.modes.mode == "xlink"
    assert window.cross.picker.isVisible() and k.focus() is window.view
    rows = picker_rows(window)
    assert rows[0][:3] == ["Eastgate Daily", "NUMBER", "3,000 bodies"]  # same label first
    assert rows[0][3] == "3000 bodies" and "[3,000 bodies]" in rows[0][4]
    assert [row[1] for row in rows] == ["NUMBER", "CLAIM"]  # the story only: no Gazette
    k.press(K.Key_Down)
    assert window.cross.linking.target.span.label == "CLAIM"
    k.press(K.Key_Up)
    k.press(K.Key_Tab)
    k.press(K.Key_Tab)  # wraps
    assert window.cross.linking.target.span.id == numbers["b"].id
    k.press(K.Key_2)  # contradicts
    assert window.modes.mode == "normal" and not window.cross.picker.isVisible()
    (link,) = store.links(a)
    assert (link.span_id, link.to_span_id, link.type) == (numbers["a"].id, numbers["b"].id,
                                                          "contradicts")  # fmt: skip
    assert link.annotator == "tester"
    assert store.span_links(numbers["a"].id)[0].to_article_id == b
    row = window.span_panel.model.row_of(numbers["a"].id)
    model = window.span_panel.model
    assert model.data(model.index(row, 3)) == "⇄contradicts"
    k.ctrl(K.Key_Z)
    assert store.links(a) == []
    assert model.data(model.index(row, 3)) == ""
    k.ctrl(K.Key_Y)
    assert [x.type for x in store.links(a)] == ["contradicts"]
    # Again on the same pair: Enter makes it "same", and Delete in the picker removes it.
    window.view.select_span(numbers["a"].id)
    k.press(K.Key_L)
    assert picker_rows(window)[0][5].startswith("LINKED contradicts")
    k.press(K.Key_Return)
    assert [x.type for x in store.links(a)] == ["same"]
    window.view.clear_selection()
    window.view.select_span(numbers["a"].id)
    assert "⇄ same: \u2068Eastgate Daily\u2069 “\u20683,000 bodies\u2069”" in message(window)
    k.press(K.Key_L)
    k.press(K.Key_Delete)
    assert store.links(a) == [] and window.modes.mode == "xlink"
    k.press(K.Key_Escape)
    assert window.modes.mode == "normal" and not window.cross.picker.isVisible()
    assert message(window) == "Linking to another article cancelled"


def test_l_in_no_story_searches_the_corpus_and_w_widens(three, make_window, keys):
    store, (a, _b, c), numbers = three
    window = make_window(store)
    window.open_article(c)
    k = keys(window)
    window.view.select_span(numbers["c"].id)
    k.press(K.Key_L)
    assert "no story" in message(window)
    rows = picker_rows(window)
    # 6,000 bodies in the Courier: same unit, same value; then 3,000 bodies
    assert [row[0] for row in rows[:2]] == ["Varnia Courier", "Eastgate Daily"]
    assert "same value" in rows[0][5]
    k.press(K.Key_4)
    assert [x.type for x in store.links(c)] == ["different-event"]

    window.open_article(a)
    window.view.select_span(numbers["a"].id)
    k.press(K.Key_L)
    assert {row[0] for row in picker_rows(window)} == {"Eastgate Daily"}
    k.press(K.Key_W)
    assert window.modes.mode == "xlink"
    titles = [row[0] for row in picker_rows(window)]
    assert titles[0] == "The Gazette" and "whole corpus" in window.cross.picker.heading.text()
    assert picker_rows(window)[0][5].startswith("LINKED different-event")
    k.press(K.Key_Escape)


def test_l_with_nothing_selected_says_so(three, make_window, keys):
    store, (a, _b, _c), _ = three
    window = make_window(store)
    window.open_article(a)
    window.view.place_caret(0)
    keys(window).press(K.Key_L)
    assert window.modes.mode == "normal" and "Select a span first" in message(window)


# -- the entity offer after an ACTOR tag -------------------------------------------------


def caret_on(window, word: str) -> None:
    window.view.place_caret(window.view.text.index(word))
    window.view.setFocus()


def test_tagging_an_actor_offers_the_registry_and_enter_links(three, make_window, keys):
    store, (_a, b, _c), _ = three
    store.add_entity("Olena Marchenko", "person", aliases=["O. Marchenko"])
    store.add_entity("Ivo Tamm", "person")
    window = make_window(store)
    window.open_article(b)
    k = keys(window)
    caret_on(window, "Marchenko")
    k.press(K.Key_A)  # ACTOR
    offer = window.cross.offer
    assert offer.isVisible() and k.focus() is window.view  # shown, keyboard left in the text
    assert offer.row_texts(0)[0] == "Olena Marchenko"
    assert offer.row_texts(offer.row_count() - 1)[0] == "New entity: Marchenko"
    k.press(K.Key_Return)
    assert not offer.isVisible()
    (actor,) = [s for s in store.spans(b) if s.label == "ACTOR"]
    assert actor.attributes["entity"] == "E1"
    k.ctrl(K.Key_Z)  # one step: the link to the entity, the span stays
    assert "entity" not in store.span(actor.id).attributes
    k.ctrl(K.Key_Z)
    assert [s.label for s in store.spans(b)] == ["NUMBER", "CLAIM"]


def test_the_offer_filters_by_typing_after_down(three, make_window, keys):
    store, (a, _b, _c), _ = three
    store.add_entity("Olena Marchenko", "person")
    store.add_entity("Ivo Tamm", "person")
    window = make_window(store)
    window.open_article(a)
    k = keys(window)
    caret_on(window, "Olena")
    k.press(K.Key_A)
    offer = window.cross.offer
    assert offer.isVisible()
    k.press(K.Key_Down)  # into the list: the filter takes the keyboard
    assert k.focus() is offer.filter
    k.type("tamm")
    assert offer.row_texts(0)[0] == "Ivo Tamm"
    k.press(K.Key_Up)
    k.press(K.Key_Down)
    k.press(K.Key_Return)
    assert not offer.isVisible() and k.focus() is window.view
    actor = next(s for s in store.spans(a) if s.label == "ACTOR")
    assert actor.text == "Olena" and actor.attributes["entity"] == "E2"


def test_insert_makes_a_new_entity_of_a_kind_in_one_undo_step(three, make_window, keys):
    store, (_a, _b, c), _ = three
    window = make_window(store)  # an empty registry
    window.open_article(c)
    k = keys(window)
    caret_on(window, "Gazette")
    k.press(K.Key_A)
    offer = window.cross.offer
    assert offer.isVisible() and offer.row_count() == 1
    assert "no entity in the registry matches" in offer.heading.text()
    k.press(K.Key_Insert)
    assert offer.row_texts(0)[:2] == ["person", "P"]
    k.press(K.Key_O)  # organisation
    assert not offer.isVisible()
    (entity,) = store.entities()
    assert (entity.key, entity.name, entity.kind) == ("E1", "Gazette", "organisation")
    actor = next(s for s in store.spans(c) if s.label == "ACTOR")
    assert actor.attributes["entity"] == "E1"
    k.ctrl(K.Key_Z)  # the entity and the link go together
    assert store.entities() == [] and "entity" not in store.span(actor.id).attributes


def test_the_offer_never_swallows_the_next_tagging_key(three, make_window, keys):
    store, (_a, _b, c), _ = three
    store.add_entity("Ivo Tamm", "person")
    window = make_window(store)
    window.open_article(c)
    k = keys(window)
    caret_on(window, "Ivo")
    k.press(K.Key_A)
    assert window.cross.offer.isVisible()
    k.press(K.Key_Right, CTRL)  # a caret key: the offer closes, the caret moves
    assert not window.cross.offer.isVisible()
    k.press(K.Key_A)  # "Tamm"
    assert window.cross.offer.isVisible()
    k.press(K.Key_Escape)  # leave it unlinked
    assert not window.cross.offer.isVisible()
    k.press(K.Key_Home, CTRL)
    k.press(K.Key_N)  # another label key straight after: tags, no offer
    assert not window.cross.offer.isVisible()
    assert sorted((s.label, s.text) for s in store.spans(c)) == [
        ("ACTOR", "Ivo"), ("ACTOR", "Tamm"), ("NUMBER", "6,000 bodies"), ("NUMBER", "The"),
    ]
    assert all("entity" not in s.attributes for s in store.spans(c))
    caret_on(window, "border")
    k.press(K.Key_Q)  # a QUOTE: never an offer
    assert not window.cross.offer.isVisible()


def test_with_no_registry_escape_after_an_actor_still_clears(three, make_window, keys):
    store, (_a, _b, c), _ = three
    window = make_window(store)
    window.open_article(c)
    k = keys(window)
    caret_on(window, "Tamm")
    k.press(K.Key_A)
    assert window.cross.offer.isVisible() and window.cross.offer._owned() == {"offer.new"}
    window.view.select_span(next(s.id for s in store.spans(c) if s.label == "ACTOR"))
    k.press(K.Key_Escape)  # not the offer's: the window's "clear selection"
    assert window.view.selected_span is None


# -- the registry panel ------------------------------------------------------------------


@pytest.fixture
def registry(three):
    store, (a, b, c), _numbers = three
    store.add_entity("Olena Marchenko", "person")
    store.add_entity("O. Marchenko", "person")
    mentions = [
        (a, COURIER, "Olena Marchenko", "E1"), (b, EASTGATE, "Marchenko", "E2"),
    ]  # fmt: skip
    spans = []
    for article, text, piece, key in mentions:
        span = tag(store, article, text, piece, "ACTOR")
        store.set_span_attributes(span.id, {"entity": key})
        spans.append(span)
    return store, (a, b, c), spans


def test_registry_panel_renames_merges_and_undoes_by_keyboard(registry, make_window, keys):
    store, (a, b, _c), (_olena, marchenko) = registry
    window = make_window(store)
    k = keys(window)
    k.ctrl_shift(K.Key_E)
    panel = window.cross.registry
    assert window.cross.dock.isVisible() and k.focus() is panel.table
    model = panel.model
    assert [(e.name, model.counts[e.key]) for e in model.shown] == [
        ("O. Marchenko", 1), ("Olena Marchenko", 1),
    ]  # fmt: skip
    assert panel.current().key == "E2"
    k.press(K.Key_Space)  # mark "O. Marchenko"
    k.press(K.Key_Down)  # to "Olena Marchenko"
    k.ctrl(K.Key_M)  # merge the marked one into it
    assert [e.key for e in store.entities()] == ["E1"]
    assert store.span(marchenko.id).attributes["entity"] == "E1"
    assert store.entity("E1").aliases == ("O. Marchenko",)
    assert [(e.name, model.counts[e.key]) for e in model.shown] == [("Olena Marchenko", 2)]
    k.ctrl(K.Key_Z)  # the whole merge comes back, mentions too
    assert sorted(e.key for e in store.entities()) == ["E1", "E2"]
    assert store.span(marchenko.id).attributes["entity"] == "E2"
    assert window.article_id == a  # a registry step opens no article
    assert len(model.shown) == 2

    panel.select_key("E1")
    k.press(K.Key_F2)
    assert k.focus() is panel.editor
    panel.editor.selectAll()
    k.type("Olena V. Marchenko")
    k.press(K.Key_Return)
    assert store.entity("E1").name == "Olena V. Marchenko" and k.focus() is panel.table
    k.press(K.Key_F2, SHIFT)
    k.type("Minister Marchenko; O.V.M.")
    k.press(K.Key_Return)
    assert store.entity("E1").aliases == ("Minister Marchenko", "O.V.M.")
    k.ctrl(K.Key_K)
    assert store.entity("E1").kind == "organisation"
    k.ctrl(K.Key_Z)
    assert store.entity("E1").kind == "person"

    k.type("o")  # typing in the list types into the filter, which then has the keyboard
    k.type(". m")
    assert k.focus() is panel.filter and [e.key for e in model.shown] == ["E2"]
    k.press(K.Key_Down)
    k.press(K.Key_Return)  # its mentions
    assert panel.mention_table.isVisible() and k.focus() is panel.mention_table
    k.press(K.Key_Return)  # open the article at the mention
    assert window.article_id == b and window.view.selected_span == marchenko.id
    assert k.focus() is window.view

    k.ctrl_shift(K.Key_E)
    panel.select_key("E2")
    k.press(K.Key_Delete)
    assert [e.key for e in store.entities()] == ["E1"]
    assert "entity" not in store.span(marchenko.id).attributes
    k.ctrl(K.Key_Z)
    assert store.span(marchenko.id).attributes["entity"] == "E2"
    k.ctrl_shift(K.Key_E)  # from the panel: hide it, back to the text
    assert not window.cross.dock.isVisible() and k.focus() is window.view


# -- names shown as written --------------------------------------------------------------

HOSTILE_STORY = "<b>Bold</b> talks \u202eright-to-left"
HOSTILE_ENTITY = "<i>Ivo</i> Tamm \u202e<script>"
HOSTILE_TITLE = "<img src=x> Gazette \u202e"


def test_hostile_names_show_literally(three, make_window, keys):
    store, (a, b, c), numbers = three
    store.assign_story([a, b], None)
    store.assign_story([a, b, c], HOSTILE_STORY)
    store.edit_article(c, title=HOSTILE_TITLE)
    store.add_entity(HOSTILE_ENTITY, "group", aliases=["Tamm\x07bell"])
    window = make_window(store)
    window.open_article(c)
    k = keys(window)
    # Inside a sentence a name sits between isolates: its U+202E turns only itself round.
    assert window.cross.story_label.text() == f"Story: \u2068{HOSTILE_STORY}\u2069"
    assert window.cross.story_label.textFormat() == QtCore.Qt.TextFormat.PlainText
    assert window.corpus_panel.model.data(window.corpus_panel.model.index(2, 3)) == HOSTILE_STORY
    k.press(K.Key_F7)
    picker = window.cross.story_picker
    assert picker.row_texts(1)[0] == HOSTILE_STORY
    assert picker.heading.text() == f"Story of: {HOSTILE_TITLE}"
    k.press(K.Key_Escape)
    window.open_article(a)
    window.view.select_span(numbers["a"].id)
    k.press(K.Key_L)
    assert {row[0] for row in picker_rows(window)} == {"Eastgate Daily", HOSTILE_TITLE}
    k.press(K.Key_Escape)
    window.open_article(c)
    caret_on(window, "Tamm")
    k.press(K.Key_A)
    offer = window.cross.offer
    assert offer.row_texts(0) == [HOSTILE_ENTITY, "group", ""]
    k.press(K.Key_Escape)
    k.ctrl_shift(K.Key_E)
    model = window.cross.registry.model
    assert model.data(model.index(0, 1)) == HOSTILE_ENTITY
    assert model.data(model.index(0, 4)) == "Tamm bell"  # a control character: a space
    panel = window.cross.registry
    k.press(K.Key_Return)  # the hostile entity's mentions: the heading isolates its name
    assert f"\u2068{HOSTILE_ENTITY}\u2069 (0)" in panel.mention_heading.text()
    for label in window.cross.dock.findChildren(QtWidgets.QLabel):
        assert label.textFormat() == QtCore.Qt.TextFormat.PlainText
    for label in window.cross.offer.findChildren(QtWidgets.QLabel):
        assert label.textFormat() == QtCore.Qt.TextFormat.PlainText
