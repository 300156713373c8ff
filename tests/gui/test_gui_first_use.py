"""What a new user tripped on (issue 12, item 8): each behaviour by real key presses."""

from __future__ import annotations

from annotator.gui import status_line
from annotator.gui.article.paragraphs import spacing_for
from annotator.gui.qt import Qt, QtCore, QtGui, QtWidgets
from tests.gui.conftest import spans_of

K = Qt.Key
RED = "C0392B"


def _status(window) -> tuple[str, bool]:
    bar = window.statusBar()
    return bar.currentMessage(), RED in bar.styleSheet()


def test_the_caret_label_goes_when_the_caret_leaves_the_span(flood, make_window, keys):
    store, article_id = flood
    store.add_span(article_id, 4, 9, "ACTOR")  # "mayor"
    window = make_window(store)
    k = keys(window)
    k.press(K.Key_Right, times=5)
    assert _status(window) == ("Here: ACTOR", False)
    k.press(K.Key_Right, times=5)  # out of "mayor": the line is no longer true
    assert _status(window) == ("", False)
    k.press(K.Key_Left, times=3)
    assert _status(window) == ("Here: ACTOR", False)
    k.press(K.Key_Tab)
    assert _status(window)[0].startswith("Selected ACTOR")
    k.press(K.Key_Escape)  # "Selected …" goes with the selection; the caret is at its end
    assert _status(window) == ("", False)
    k.press(K.Key_Left)
    assert _status(window) == ("Here: ACTOR", False)


def test_an_errors_red_goes_with_it(flood, make_window, keys, qtbot, monkeypatch):
    store, article_id = flood
    window = make_window(store)
    k = keys(window)
    k.ctrl_shift(K.Key_Right)
    k.press(K.Key_C)
    k.ctrl_shift(K.Key_Left)
    k.press(K.Key_C)  # the same span again: refused, in red
    message, red = _status(window)
    assert "already exists" in message and red
    k.press(K.Key_Right)  # the selection's end, just past the span: the error stays
    assert _status(window)[1]
    k.press(K.Key_Left)  # into the span: a plain line, not a red one
    assert _status(window) == ("Here: CLAIM", False)

    monkeypatch.setattr(status_line, "MESSAGE_MS", 50)
    k.press(K.Key_Right, times=5)
    k.ctrl(K.Key_Y)  # nothing to redo: red again, now with a short life
    assert _status(window) == ("Nothing to redo", True)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "", timeout=2000)
    assert _status(window) == ("", False)  # timed out: no red left over
    assert spans_of(store, article_id) == [("CLAIM", "The")]


def test_down_from_the_corpus_filter_enters_the_list_and_enter_opens(store, make_window, keys):
    ids = {
        title: store.add_article(title=title, text=f"Text of {title}.")[0]
        for title in ("Bridge vote", "Harbour fire", "Harbour strike", "Mill closes")
    }
    window = make_window(store)
    assert window.article_id == ids["Bridge vote"]
    k = keys(window)
    k.ctrl(K.Key_L)
    k.type("harbour")
    k.press(K.Key_Down)
    table = window.corpus_panel.table
    assert QtWidgets.QApplication.focusWidget() is table
    assert table.selectionModel().isRowSelected(0)  # highlighted, not merely current
    k.press(K.Key_Return)
    assert window.article_id == ids["Harbour fire"]
    assert QtWidgets.QApplication.focusWidget() is window.view

    k.ctrl(K.Key_L)
    k.press(K.Key_Down)
    k.press(K.Key_Down)  # the second match
    assert table.selectionModel().isRowSelected(1)
    k.press(K.Key_Return)
    assert window.article_id == ids["Harbour strike"]


def test_a_key_focuses_the_span_list(flood, make_window, keys):
    store, article_id = flood
    store.add_span(article_id, 4, 9, "ACTOR")
    store.add_span(article_id, 15, 20, "NUMBER")
    window = make_window(store)
    k = keys(window)
    k.press(K.Key_Right, times=10)  # past "mayor": the next span is "6,000"
    k.ctrl_shift(K.Key_L)
    table = window.span_panel.table
    assert QtWidgets.QApplication.focusWidget() is table
    assert table.selectionModel().isRowSelected(1)
    assert window.view.selection_offsets() == (15, 20)
    k.press(K.Key_Up)
    assert window.view.selection_offsets() == (4, 9)
    k.press(K.Key_Return)  # back in the text with that span selected
    assert QtWidgets.QApplication.focusWidget() is window.view
    k.press(K.Key_Q)
    assert spans_of(store, article_id) == [("QUOTE", "mayor"), ("NUMBER", "6,000")]
    assert "Ctrl+Shift+L" in [a.shortcut().toString() for a in window.actions.values()]


NINE = ("CLAIM", "NUMBER", "ACTOR", "QUOTE", "ORGANISATION", "LOCATION", "EVENT_DATE",
        "PERCENTAGE", "CASUALTIES")  # fmt: skip


def test_nine_long_labels_are_all_shown_whole_at_the_default_size(store, make_window, qtbot):
    for name in NINE[4:]:
        store.add_label(name)
    store.add_article(title="Labels", text="The Velmora council met in Ostrel on Monday.")
    window = make_window(store)
    assert (window.width(), window.height()) == (1280, 800)  # no saved size: the default
    bar = window.label_bar
    assert list(bar.buttons) == list(NINE)
    qtbot.waitUntil(lambda: bar.buttons["CASUALTIES"].isVisible())
    tops = set()
    for name, button in bar.buttons.items():
        assert button.isVisible(), name
        assert name in button.text()
        # Not cut: as wide as it asks to be, and all of it inside the bar.
        assert button.width() >= button.sizeHint().width(), name
        assert bar.rect().contains(button.geometry()), name
        tops.add(button.y())
    assert len(tops) >= 2  # it wrapped rather than clipping
    # The text still has the room: the bar did not push it out of the window.
    assert window.view.height() > 400


PORT = (
    "Harbour master Ilse Brandt said 312 vessels docked in March \U0001f6a2.\n"
    "The port authority called it a record.\r\n"
    "A\u00a0spokesman for the Osterwik pilots declined to comment.\n"
    "\n"
    "Tolls rose 4.5 per cent."
)


def _line_rect(view, start: int, end: int) -> QtCore.QRectF:
    """Where stored offsets [start, end) on one line are, from Qt's own caret rectangles."""
    cursor = QtGui.QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_qt(start))
    left = view.cursorRect(cursor)
    cursor.setPosition(view.offsets.to_qt(end))
    right = view.cursorRect(cursor)
    assert left.top() == right.top()
    return QtCore.QRectF(left.left(), left.top(), right.left() - left.left(), left.height())


def test_paragraphs_get_space_on_screen_only(store, make_window, keys):
    article_id, _ = store.add_article(title="Port", text=PORT)
    for word in ("Ilse Brandt", "312", "Osterwik pilots", "4.5 per cent"):
        start = PORT.index(word)
        store.add_span(article_id, start, start + len(word), "ACTOR")
    window = make_window(store)
    view = window.view
    # No character added: the document holds what a plain one would, position for position.
    reference = QtGui.QTextDocument()
    reference.setPlainText(view.offsets.display_text)
    assert view.document().toRawText() == reference.toRawText()
    assert view.document().characterCount() == view.offsets.qt_length + 1

    # Space after each paragraph followed by another; none where a blank line is.
    spacing = spacing_for(view.font())
    assert spacing >= 4
    gaps = []
    block = view.document().begin()
    while block.next().isValid():
        below = view.blockBoundingGeometry(block.next()).top()
        gaps.append(below - view.blockBoundingGeometry(block).top()
                    - block.layout().boundingRect().height())  # fmt: skip
        block = block.next()
    assert gaps == [spacing, spacing, 0, 0]

    # The caret moves and selects by the same offsets as before.
    k = keys(window)
    k.press(K.Key_Down)
    assert view.caret_offset() == PORT.index("The port")
    k.press(K.Key_Down)
    assert view.caret_offset() == PORT.index("A\u00a0spokesman")
    k.shift(K.Key_Down, times=2)
    assert view.selection_offsets() == (PORT.index("A\u00a0spokesman"), PORT.index("Tolls"))
    k.press(K.Key_Up, times=3)  # the blank line, the spokesman, the port
    assert view.caret_offset() == PORT.index("The port")
    k.ctrl_shift(K.Key_Right, times=3)
    k.press(K.Key_C)
    claim = next(s for s in store.spans(article_id) if s.label == "CLAIM")
    assert (claim.start, claim.text) == (PORT.index("The port"), "The port authority")

    # Every span is painted over its own characters, in the paragraph's new place.
    image = view.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    for span in store.spans(article_id):
        assert span.text == PORT[span.start : span.end]
        (rect, _lane), *more = view.span_rects(span.id)
        assert not more
        expected = _line_rect(view, span.start, span.end)
        assert abs(rect.left() - expected.left()) <= 1, span.text
        assert abs(rect.width() - expected.width()) <= 1, span.text
        assert abs(rect.top() - expected.top()) <= 1, span.text
        _tint, bar = view.label_colours(span.label)
        x, y = rect.center().x(), rect.bottom() - 1  # the bar under the span's text
        assert image.pixelColor(round(x * ratio), round(y * ratio)) == bar, span.text
