"""What the article view shows: Unicode selected and stored exactly, overlaps, markup."""

from __future__ import annotations

import pytest

from annotator.gui.qt import Qt, QtCore, QtGui, QtWidgets

K = Qt.Key

# (name, article text, the exact characters the analyst selects)
UNICODE_CASES = [
    ("emoji", "Alert 🌊🌊 issued at dawn", "🌊🌊"),
    ("flags", "Teams 🇬🇧🇫🇷 met today", "🇬🇧🇫🇷"),
    ("zwj family", "A family 👩\u200d👩\u200d👧 waited", "👩\u200d👩\u200d👧"),
    ("crlf", "line one\r\nline two\r\nthree", "one\r\nline"),
    ("nbsp", "about 6\u00a0000 people left", "6\u00a0000"),
    ("zero width", "a co\u200bop shop", "co\u200bop"),
    ("combining", "un cafe\u0301 noir", "cafe\u0301"),
    ("tabs", "col\tvalue\tnext", "col\tvalue"),
    ("line separator", "first\u2028second line", "first\u2028second"),
    ("astral then crlf", "𝐁old\r\n🌊 wave here", "🌊 wave"),
]


def _select_by_keyboard(window, keys_for, target_start: int, target_end: int) -> None:
    """Caret to the start with Right, then Shift+Right until the selection ends there."""
    k = keys_for(window)
    view = window.view
    for _ in range(200):
        if view.caret_offset() >= target_start:
            break
        k.press(K.Key_Right)
    assert view.caret_offset() == target_start, "the caret never landed on the start"
    for _ in range(200):
        selection = view.selection_offsets()
        if selection is not None and selection[1] >= target_end:
            break
        k.shift(K.Key_Right)
    assert view.selection_offsets() == (target_start, target_end)


@pytest.mark.parametrize(
    ("name", "text", "target"), UNICODE_CASES, ids=[c[0] for c in UNICODE_CASES]
)
def test_unicode_selection_is_stored_exactly(store, make_window, keys, name, text, target):
    article_id, _ = store.add_article(title=name, text=text)
    window = make_window(store)
    start = text.index(target)
    end = start + len(target)
    _select_by_keyboard(window, keys, start, end)
    keys(window).press(K.Key_C)
    (span,) = store.spans(article_id)
    assert (span.start, span.end) == (start, end)
    assert span.text == target == store.article_text(article_id)[span.start : span.end]
    # and the span is drawn exactly over those characters
    placed = window.view.index.get(span.id)
    assert (placed.start, placed.end) == window.view.offsets.range_to_qt(start, end)


def test_right_to_left_word_found_and_tagged(store, make_window, keys):
    text = "The sign said \u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd in Hebrew."
    word = "\u05e2\u05d5\u05dc\u05dd"
    article_id, _ = store.add_article(title="RTL", text=text)
    window = make_window(store)
    k = keys(window)
    k.ctrl(K.Key_F)
    # QTest cannot synthesise Hebrew key presses; an input method would insert the word.
    window.find_bar.box.insert(word)
    k.press(K.Key_Escape)
    k.press(K.Key_A)
    assert [(s.label, s.text) for s in store.spans(article_id)] == [("ACTOR", word)]
    # the word at the caret inside RTL text works too
    window.view.place_caret(text.index("\u05e9") + 1)
    k.press(K.Key_Q)
    assert ("QUOTE", "\u05e9\u05dc\u05d5\u05dd") in [
        (s.label, s.text) for s in store.spans(article_id)
    ]


def test_markup_is_shown_as_literal_text(store, make_window, keys):
    text = (
        "<b>Bold</b> &amp; <img src='https://example.invalid/x.png'> "
        "<a href='x'>link</a>\n# Heading *em* [md](http://example.invalid)"
    )
    article_id, _ = store.add_article(title="<i>markup</i>", text=text)
    window = make_window(store)
    assert window.view.toPlainText() == text
    assert window.view.document().toRawText() == text.replace("\n", "\u2029")
    k = keys(window)
    k.ctrl(K.Key_F)
    k.type("<b>Bold</b>")
    k.press(K.Key_Escape)
    k.press(K.Key_Q)
    assert [s.text for s in store.spans(article_id)] == ["<b>Bold</b>"]
    # titles are plain text in the list and the window title
    assert window.corpus_panel.model.article_at(0).title == "<i>markup</i>"
    assert "<i>markup</i>" in window.windowTitle()
    # tooltips are built from escaped text
    assert "&lt;b&gt;Bold&lt;/b&gt;" in window.view.describe(store.spans(article_id))


def test_overlapping_and_nested_spans_all_visible(store, make_window, qtbot):
    text = "Mayor Tepperley said 6,000 homes were flooded by noon."
    article_id, _ = store.add_article(title="Nested", text=text)
    claim = store.add_span(article_id, 0, len(text) - 1, "CLAIM")
    quote = store.add_span(article_id, 0, len(text) - 1, "QUOTE")  # same words, two labels
    actor = store.add_span(article_id, 0, 15, "ACTOR")
    number = store.add_span(article_id, 21, 26, "NUMBER")
    crossing = store.add_span(article_id, 16, 32, "NUMBER")  # overlaps, not nested
    window = make_window(store)
    view = window.view
    view.viewport().repaint()
    ids = [claim.id, quote.id, actor.id, number.id, crossing.id]
    lanes = {i: view.index.get(i).lane for i in ids}
    for a in ids:
        pa = view.index.get(a)
        for b in ids:
            pb = view.index.get(b)
            if a != b and pa.start < pb.end and pb.start < pa.end:
                assert lanes[a] != lanes[b]
        assert view.span_rects(a), f"span {a} is not drawn"
    # hovering the number shows every label over it
    (rect, _lane) = view.span_rects(number.id)[0]
    under = {s.label for s in view.spans_under(rect.center().toPoint())}
    assert under == {"CLAIM", "QUOTE", "NUMBER"}
    # and the pixels show each span's own bar, in its own lane
    image = view.viewport().grab().toImage()
    for span_id in ids:
        rect, lane = view.span_rects(span_id)[0]
        _tint, bar = view._colours(view.spans[span_id].label)
        room = max(1, int(rect.height() * 0.45) // 3)
        y = int(rect.bottom() - 2 - min(lane, room - 1) * 3) + 1
        row = {image.pixelColor(x, y).rgb() for x in range(int(rect.left()) + 1, int(rect.right()))}
        assert bar.rgb() in row, f"no {view.spans[span_id].label} bar under span {span_id}"


def test_tab_walks_spans_in_text_order_and_shows_labels(store, make_window, keys):
    text = "Alpha beta gamma delta."
    article_id, _ = store.add_article(title="Order", text=text)
    store.add_span(article_id, 11, 16, "ACTOR")
    store.add_span(article_id, 0, 10, "CLAIM")
    store.add_span(article_id, 0, 5, "NUMBER")
    window = make_window(store)
    k = keys(window)
    seen = []
    for _ in range(4):
        k.press(K.Key_Tab)
        seen.append(window.view.spans[window.view.selected_span].text)
        assert (
            window.view.spans[window.view.selected_span].label
            in window.statusBar().currentMessage()
        )
    assert seen == ["Alpha beta", "Alpha", "gamma", "Alpha beta"]
    k.shift(K.Key_Tab)
    assert window.view.spans[window.view.selected_span].text == "gamma"


def test_context_menu_offers_tag_relabel_delete(store, make_window):
    article_id, _ = store.add_article(title="Menu", text="Alpha beta gamma.")
    span = store.add_span(article_id, 6, 10, "ACTOR")
    window = make_window(store)
    view = window.view
    view.select_span(span.id)
    point = view.span_rects(span.id)[0][0].center().toPoint()
    menu = view.build_context_menu(point)
    texts = [a.text() for a in menu.actions()]
    assert any(t.startswith("Delete ACTOR") for t in texts)
    relabel = next(a.menu() for a in menu.actions() if a.text().startswith("Relabel ACTOR"))
    next(a for a in relabel.actions() if a.text() == "QUOTE").trigger()
    assert [s.label for s in store.spans(article_id)] == ["QUOTE"]
    menu = view.build_context_menu(point)
    next(a for a in menu.actions() if a.text().startswith("Delete QUOTE")).trigger()
    assert store.spans(article_id) == []
    view.select_range(0, 5)
    menu = view.build_context_menu(point)
    tag = next(a.menu() for a in menu.actions() if a.text() == "Tag selection as")
    next(a for a in tag.actions() if a.text() == "NUMBER").trigger()
    assert [(s.label, s.text) for s in store.spans(article_id)] == [("NUMBER", "Alpha")]


def test_tooltip_event_shows_labels(store, make_window, monkeypatch):
    article_id, _ = store.add_article(title="Tip", text="Alpha <beta> gamma.")
    span = store.add_span(article_id, 6, 12, "ACTOR")
    window = make_window(store)
    view = window.view
    shown = []
    # The offscreen platform cannot raise a tooltip window; catch what would be shown.
    monkeypatch.setattr(QtWidgets.QToolTip, "showText", lambda *args: shown.append(args[1]))
    point = view.span_rects(span.id)[0][0].center().toPoint()
    event = QtGui.QHelpEvent(QtCore.QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    QtWidgets.QApplication.sendEvent(view.viewport(), event)
    assert len(shown) == 1 and "<b>ACTOR</b>" in shown[0] and "&lt;beta&gt;" in shown[0]
