"""Keys that select by units, sent to the real window; the database checked after tagging.

The invented article puts a ZWJ emoji, a flag, CRLF line ends and an NBSP before every
target, so each check that the span's text is ``text[start:end]`` also checks that the
window turned Qt's positions back into code points.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from annotator.core import units
from annotator.gui import keys as keymap
from annotator.gui.qt import Qt, QtWidgets
from tests.gui.conftest import spans_of

K = Qt.Key
ALT = Qt.KeyboardModifier.AltModifier
ALT_SHIFT = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier

TEXT = (
    "👩\u200d🔬🇮🇪 dispatch:\r\n"
    "over\u00a0the weekend, at least 1,200 additional prisoners were freed, said Deputy "
    "Minister Olena Marchenko-Kovalska.\r\n"
    "“We opened the gates at dawn,” she said. The talks from 20 to 30 June ended early, "
    "and Varnia's envoy left.\r\n"
)


@pytest.fixture
def ledger(store):
    article_id, _ = store.add_article(title="Dispatch", text=TEXT)
    assert store.article_text(article_id) == TEXT
    return store, article_id


def selected(window) -> str | None:
    selection = window.view.selection_offsets()
    return None if selection is None else window.view.text[selection[0] : selection[1]]


def status(window) -> str:
    return window.statusBar().currentMessage()


# (what the analyst presses, the unit selected, its label key, the label)
CASES = [
    ([(K.Key_N, ALT)], "at least 1,200 additional prisoners", K.Key_N, "NUMBER"),
    ([(K.Key_P, ALT)], "Deputy Minister Olena Marchenko-Kovalska", K.Key_A, "ACTOR"),
    ([(K.Key_Q, ALT)], "“We opened the gates at dawn,”", K.Key_Q, "QUOTE"),
    ([(K.Key_Period, ALT)] * 2,
     "over\u00a0the weekend, at least 1,200 additional prisoners were freed, said Deputy "
     "Minister Olena Marchenko-Kovalska.", K.Key_C, "CLAIM"),
    ([(K.Key_End, CTRL), (K.Key_N, ALT_SHIFT)], "from 20 to 30 June", K.Key_2, "NUMBER"),
    ([(K.Key_End, CTRL), (K.Key_P, ALT_SHIFT)], "Varnia", K.Key_3, "ACTOR"),
    ([(K.Key_End, CTRL), (K.Key_Q, ALT_SHIFT)], "“We opened the gates at dawn,”", K.Key_4,
     "QUOTE"),
    ([(K.Key_End, CTRL), (K.Key_Comma, ALT)],
     "The talks from 20 to 30 June ended early, and Varnia's envoy left.", K.Key_1, "CLAIM"),
]  # fmt: skip
KINDS = {"NUMBER": "Number", "ACTOR": "Name", "QUOTE": "Quotation", "CLAIM": "Sentence"}


@pytest.mark.parametrize(
    ("presses", "unit", "label_key", "label"), CASES,
    ids=["number", "name", "quotation", "sentence", "previous number", "previous name",
         "previous quotation", "previous sentence"],
)  # fmt: skip
def test_a_unit_key_selects_it_and_a_label_key_tags_exactly_that(
    ledger, make_window, keys, presses, unit, label_key, label
):
    store, article_id = ledger
    window = make_window(store)
    k = keys(window)
    for key, modifiers in presses:
        k.press(key, modifiers)
    assert selected(window) == unit
    start = TEXT.index(unit)
    assert window.view.selection_offsets() == (start, start + len(unit))
    assert status(window).startswith(f"{KINDS[label]}: {' '.join(unit.split())[:40]}")
    k.press(label_key)
    (span,) = store.spans(article_id)
    assert (span.label, span.text, span.start, span.end) == (label, unit, start, start + len(unit))
    assert span.text == store.article_text(article_id)[span.start : span.end]


def test_repeated_presses_walk_on_and_say_when_there_is_no_more(ledger, make_window, keys):
    store, article_id = ledger
    window = make_window(store)
    k = keys(window)
    k.press(K.Key_N, ALT)
    k.press(K.Key_N, ALT)
    assert selected(window) == "from 20 to 30 June"
    k.press(K.Key_N, ALT)
    assert status(window) == "No more numbers after the selection"
    assert selected(window) == "from 20 to 30 June"  # the selection stays
    k.press(K.Key_N, ALT_SHIFT)
    assert selected(window) == "at least 1,200 additional prisoners"
    k.press(K.Key_Escape)
    k.press(K.Key_Home, CTRL)
    k.press(K.Key_Q, ALT_SHIFT)
    assert status(window) == "No more quotations before the caret"
    assert selected(window) is None
    assert spans_of(store, article_id) == []


def test_grow_and_shrink_walk_the_ladder_and_back(ledger, make_window, keys):
    store, article_id = ledger
    window = make_window(store)
    k = keys(window)
    caret = TEXT.index("1,200") + 1
    k.press(K.Key_Down)
    k.press(K.Key_Right, times=caret - TEXT.index("over"))
    assert window.view.caret_offset() == caret
    grown = []
    for _ in range(6):
        k.press(K.Key_Up, ALT)
        grown.append((selected(window), status(window).split(":")[0]))
    line = TEXT.splitlines()[1]
    assert grown == [
        ("1,200", "Word"),
        ("at least 1,200 additional prisoners", "Number"),
        ("at least 1,200 additional prisoners were freed", "Selection"),  # a clause
        (line, "Sentence"),
        (TEXT, "Article"),
        (TEXT, "The whole article is selected already"),
    ]
    shrunk = []
    for _ in range(5):
        k.press(K.Key_Down, ALT)
        shrunk.append(selected(window))
    assert shrunk == [line, "at least 1,200 additional prisoners were freed",
                      "at least 1,200 additional prisoners", "1,200", None]  # fmt: skip
    assert window.view.caret_offset() == caret
    k.press(K.Key_Down, ALT)
    assert status(window) == "Nothing selected to shrink"
    # grown once more, then tagged: exactly the number
    k.press(K.Key_Up, ALT)
    k.press(K.Key_Up, ALT)
    k.press(K.Key_N)
    assert spans_of(store, article_id) == [("NUMBER", "at least 1,200 additional prisoners")]


def test_a_unit_changed_by_hand_snaps_again(ledger, make_window, keys):
    store, article_id = ledger
    window = make_window(store)
    k = keys(window)
    k.press(K.Key_End, CTRL)
    k.press(K.Key_P, ALT_SHIFT)
    assert selected(window) == "Varnia" and window.view.exact_selection
    k.press(K.Key_Left, Qt.KeyboardModifier.ShiftModifier)  # "Varni": a word cut in two
    assert not window.view.exact_selection
    k.press(K.Key_A)
    assert spans_of(store, article_id) == [("ACTOR", "Varnia's")]  # snapped, as any selection


def test_unit_keys_work_from_the_span_list_and_return_to_the_text(ledger, make_window, keys):
    store, article_id = ledger
    window = make_window(store)
    k = keys(window)
    k.press(K.Key_Q, ALT)
    k.press(K.Key_Q)  # tagged, so the span list has a row to go to
    k.ctrl_shift(K.Key_L)
    assert QtWidgets.QApplication.focusWidget() is window.span_panel.table
    k.press(K.Key_N, ALT_SHIFT)
    assert QtWidgets.QApplication.focusWidget() is window.view
    assert selected(window) == "at least 1,200 additional prisoners"
    k.press(K.Key_N)
    assert spans_of(store, article_id) == [
        ("NUMBER", "at least 1,200 additional prisoners"),
        ("QUOTE", "“We opened the gates at dawn,”"),
    ]


def test_a_long_unit_is_scrolled_into_view_whole(store, make_window, keys):
    filler = "".join(f"Filler line {n} about the harbour.\n" for n in range(300))
    said = " ".join(f"the pumps ran for {n} hours" for n in range(2, 30))
    quote = f"“{said.capitalize()},” the warden said."  # one paragraph, many lines on screen
    article_id, _ = store.add_article(title="Long", text=filler + quote + "\n" + filler)
    window = make_window(store)
    k = keys(window)
    k.press(K.Key_End, CTRL)  # scrolled to the bottom, far below the quotation
    k.press(K.Key_Q, ALT_SHIFT)
    assert selected(window) == quote[: quote.index("”") + 1]
    view = window.view
    start, end = view.offsets.range_to_qt(*view.selection_offsets())
    first = view.textCursor()
    first.setPosition(start)
    assert view.cursorRect(first).top() < view.cursorRect().top() - 60  # several lines
    for position in (start, end):
        cursor = view.textCursor()
        cursor.setPosition(position)
        assert view.viewport().rect().contains(view.cursorRect(cursor)), position
    assert spans_of(store, article_id) == []


def test_alt_letters_leave_the_menu_mnemonics_alone(store, make_window):
    """An Alt+letter bound to a command and a menu's mnemonic would be an ambiguous
    shortcut, which Qt then runs neither of."""
    window = make_window(store)
    mnemonics = set()
    for action in window.menuBar().actions():
        text = action.text()
        if "&" in text.replace("&&", ""):
            letter = text.replace("&&", "")[text.replace("&&", "").index("&") + 1]
            mnemonics.add(keymap.normalise(f"Alt+{letter.upper()}"))
    assert {"Alt+F", "Alt+E", "Alt+S", "Alt+V", "Alt+H"} <= mnemonics
    for mode in keymap.modes_of(keymap.DEFAULT_BINDINGS):
        bound = {keymap.normalise(key) for key in keymap.DEFAULT_BINDINGS[mode]}
        assert bound.isdisjoint(mnemonics), mode


def test_the_unit_keys_are_on_the_cheat_sheet_and_in_the_edit_menu(
    ledger, make_window, keys, qtbot
):
    store, _ = ledger
    window = make_window(store)
    keys(window).press(K.Key_F1)
    sheet = window.findChild(QtWidgets.QDialog, "cheat_sheet")
    qtbot.waitUntil(lambda: sheet is not None and sheet.isVisible())
    table = sheet.table
    rows = {table.item(r, 1).text(): table.item(r, 2).text() for r in range(table.rowCount())}
    assert rows["Alt+N"] == "Next number" and rows["Alt+Shift+N"] == "Previous number"
    assert rows["Alt+P"] == "Next name" and rows["Alt+Q"] == "Next quotation"
    assert rows["Alt+."] == "Next sentence" and rows["Alt+,"] == "Previous sentence"
    assert rows["Alt+Up"] == "Grow the selection by a unit"
    assert rows["Alt+Down"] == "Shrink the selection by a unit"
    sheet.close()
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    (units_menu,) = [a.menu() for a in menus["Edit"].actions() if a.menu() is not None]
    assert [a.objectName() for a in units_menu.actions()] == [
        command for command in keymap.ACTIONS if command.startswith("select.")
    ]


WINDOW_START = textwrap.dedent(
    """
    import json, sys
    from annotator.core.store import Store
    from annotator.gui.controllers.selection import SelectionController
    from annotator.gui.mainwindow import MainWindow
    from annotator.gui.qt import QtWidgets

    SelectionController.PREPARE_DELAY_S = 3600.0  # what start-up itself imports, only
    app = QtWidgets.QApplication([])
    store = Store.open(None)
    store.add_article(title="One", text="At least 40 boats sank, said Mayor Ilse Orrin.")
    window = MainWindow(store, annotator="t", poll_ms=0)
    window.show()
    app.processEvents()
    opened = window.view.text != ""
    window.close()
    print(json.dumps([opened, sorted(m for m in sys.modules if m.startswith("annotator."))]))
    """
)


def test_the_window_starts_without_importing_the_units(tmp_path: Path, qapp):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", WINDOW_START], capture_output=True, text=True, env=env,
        cwd=root, timeout=120, check=True,
    )  # fmt: skip
    opened, modules = json.loads(result.stdout.strip().splitlines()[-1])
    assert opened and "annotator.gui.controllers.selection" in modules
    assert "annotator.core.units" not in modules and "annotator.core.numbers" not in modules


def megabyte() -> str:
    paragraph = (
        "Officials in Kestrel Bay said at least {n} additional prisoners were freed on May 16. "
        "“We opened the gates at dawn,” said Deputy Minister Olena Marchenko-Kovalska. "
        "The talks ran from 20 to 30 June, and the envoy left early.\n"
    )
    parts, size, n = [], 0, 0
    while size < 1_000_000:
        parts.append(paragraph.format(n=1_000 + n))
        size += len(parts[-1])
        n += 1
    return "".join(parts)


def test_unit_keys_on_a_megabyte_article_answer_within_a_frame(store, make_window, keys, qtbot):
    text = megabyte()
    article_id, _ = store.add_article(title="Big", text=text)
    window = make_window(store)
    k = keys(window)
    units.prepare(window.view.text)  # what the window's background thread does
    presses = [(K.Key_N, ALT), (K.Key_P, ALT), (K.Key_Q, ALT), (K.Key_Period, ALT),
               (K.Key_Up, ALT), (K.Key_Up, ALT), (K.Key_Down, ALT)]  # fmt: skip
    app = QtWidgets.QApplication.instance()
    times, said = [], []
    for key, modifiers in presses * 8:
        began = time.perf_counter()
        k.press(key, modifiers)
        app.processEvents()  # the repaint it asked for, too
        times.append(time.perf_counter() - began)
        said.append(status(window).split(":")[0])
    # number, the name after it, the next quotation, the sentence holding that, its
    # paragraph, the article, and back to the paragraph; then on from there
    assert said[:7] == ["Number", "Name", "Quotation", "Sentence", "Paragraph", "Article",
                        "Paragraph"]  # fmt: skip
    assert "No more" not in " ".join(said)
    # Within a frame (16 ms) on a quiet machine; doubled, as the tests share the CPU.
    assert statistics.median(times) < 0.032, [round(t * 1000, 1) for t in times]
    assert spans_of(store, article_id) == []


def test_the_report_key_selects_what_a_sentence_reports_and_c_tags_it(store, make_window, keys):
    text = (
        "Harbour officials said 40 boats sank overnight, twice the usual toll.\r\n"
        "The quay held, said Harbour Master Oona Brandt.\r\n"
    )
    article_id, _ = store.add_article(title="Quay", text=text)
    window = make_window(store)
    k = keys(window)
    k.press(K.Key_R, ALT)
    assert selected(window) == "40 boats sank overnight"
    assert status(window) == "Report: 40 boats sank overnight"
    k.press(K.Key_C)
    start, end = text.index("40 boats"), text.index(", twice")
    (span,) = store.spans(article_id)
    assert (span.label, span.start, span.end) == ("CLAIM", start, end)
    # ", said Harbour Master ...": the speaker comes after, so no report there
    k.press(K.Key_Escape)
    k.press(K.Key_End, CTRL)
    k.press(K.Key_R, ALT)
    assert status(window) == "No more reports after the caret"
    k.press(K.Key_R, ALT_SHIFT)
    assert selected(window) == "40 boats sank overnight"
