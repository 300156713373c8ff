"""OffsetMap against a real QTextDocument: the Qt side is measured, never assumed.

Every Qt check reads positions, counts and single characters from the document; none
takes text back out of the widget (toPlainText turns NBSP into a space and block breaks
into newlines), so expectations always come from the Python string.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.errors import SpanError
from annotator.core.offsets import OffsetMap
from annotator.gui.qt import QtGui, QtWidgets
from tests.strategies import article_text

QTextCursor = QtGui.QTextCursor

REPO = Path(__file__).resolve().parents[1]

# Everything that moves or breaks Qt positions, next to plain letters so there is
# something to select.  The last row is text Qt would misread if shown unchanged.
PIECES = [
    "a", "b", "Z", " ", "9",
    "😀", "👍🏽", "🇩🇪", "🇫", "👨\u200d👩\u200d👧", "𝔸", "🏴\U000e0067\U000e0062\U000e007f",
    "e\u0301", "\u0301",
    "\r", "\n", "\r\n", "\u2028", "\u2029",
    "\u00a0", "\t", "\u200b", "\u200d",
    "ب", "مرحبا", "ש", "שלום",
    "\ufeff", "\ufdd0", "\ufdd1", "\ud83d", "\ude00",
]  # fmt: skip

texts = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
any_text = st.one_of(texts, article_text)

QT_SETTINGS = settings(max_examples=150, deadline=None)

# The block breaks Qt makes from plain text, as measured in the examples below: a CRLF
# is one break; a lone CR, an LF and U+2029 are one each; U+2028 is not a break.
BLOCK_BREAK = re.compile("\r\n|[\r\n\u2029]")


def crlf_middles(text: str) -> set[int]:
    """Offsets between a CR and its LF, which Qt cannot represent."""
    return {m.start() + 1 for m in re.finditer("\r\n", text)}


def show(editor: QtWidgets.QPlainTextEdit, text: str) -> tuple[OffsetMap, QtGui.QTextDocument]:
    offsets = OffsetMap(text)
    editor.setPlainText(offsets.display_text)
    return offsets, editor.document()


def is_low_surrogate(char: str) -> bool:
    return "\udc00" <= char <= "\udfff"


def inside_pair(document: QtGui.QTextDocument, position: int) -> bool:
    """Whether a Qt position falls between the two halves of a surrogate pair."""
    return position > 0 and is_low_surrogate(document.characterAt(position))


def reference_to_qt(text: str, offset: int) -> int:
    """The Qt position by brute force: UTF-16 units before the offset, less one per CRLF
    whose CR comes before it."""
    units = len(text[:offset].encode("utf-16-le", "surrogatepass")) // 2
    return units - text[: offset + 1].count("\r\n")


@pytest.fixture(scope="module")
def editor(qapp):
    view = QtWidgets.QPlainTextEdit()
    view.setReadOnly(True)
    yield view
    view.deleteLater()


# --- Properties against Qt ---------------------------------------------------------------


@QT_SETTINGS
@given(text=any_text, data=st.data())
def test_selection_round_trips_to_the_same_span(editor, text, data):
    offsets, document = show(editor, text)
    boundaries = [o for o in range(len(text) + 1) if o not in crlf_middles(text)]
    s, e = sorted(data.draw(st.lists(st.sampled_from(boundaries), min_size=2, max_size=2)))
    for anchor, position in ((s, e), (e, s)):
        cursor = QTextCursor(document)
        cursor.setPosition(offsets.to_qt(anchor))
        cursor.setPosition(offsets.to_qt(position), QTextCursor.MoveMode.KeepAnchor)
        assert offsets.range_from_qt(cursor.selectionStart(), cursor.selectionEnd()) == (s, e)
        assert offsets.range_from_qt(cursor.anchor(), cursor.position()) == (s, e)
    assert offsets.range_to_qt(s, e) == (offsets.to_qt(s), offsets.to_qt(e))


@QT_SETTINGS
@given(text=any_text)
def test_every_qt_position_maps_back_to_itself_or_its_pair_start(editor, text):
    offsets, document = show(editor, text)
    previous = -1
    for p in range(offsets.qt_length + 1):
        offset = offsets.from_qt(p)
        assert offset >= previous
        previous = offset
        if inside_pair(document, p):
            assert offsets.to_qt(offset) == p - 1
        else:
            assert offsets.to_qt(offset) == p
    assert offsets.from_qt(offsets.qt_length) == len(text)


@QT_SETTINGS
@given(text=any_text)
def test_qt_length_is_the_document_length(editor, text):
    offsets, document = show(editor, text)
    assert offsets.qt_length == document.characterCount() - 1
    cursor = QTextCursor(document)
    cursor.movePosition(QTextCursor.MoveOperation.End)
    assert cursor.position() == offsets.qt_length


@QT_SETTINGS
@given(text=any_text)
def test_blocks_start_where_the_modelled_line_breaks_end(editor, text):
    offsets, document = show(editor, text)
    line_starts = [0] + [m.end() for m in BLOCK_BREAK.finditer(text)]
    assert document.blockCount() == len(line_starts)
    block = document.begin()
    for start in line_starts:
        assert block.position() == offsets.to_qt(start)
        block = block.next()


@QT_SETTINGS
@given(text=any_text, data=st.data())
def test_moving_by_characters_never_cuts_a_surrogate_pair(editor, text, data):
    offsets, document = show(editor, text)
    start = data.draw(st.integers(0, len(text)))
    steps = data.draw(st.integers(0, 12))
    cursor = QTextCursor(document)
    cursor.setPosition(offsets.to_qt(start))
    for _ in range(steps):
        cursor.movePosition(
            QTextCursor.MoveOperation.NextCharacter, QTextCursor.MoveMode.KeepAnchor
        )
        a, b = cursor.selectionStart(), cursor.selectionEnd()
        assert not inside_pair(document, a)
        assert not inside_pair(document, b)
        span = offsets.range_from_qt(a, b)
        assert offsets.range_to_qt(*span) == (a, b)


@settings(max_examples=300)
@given(text=any_text)
def test_to_qt_agrees_with_brute_force_utf16_counting(text):
    offsets = OffsetMap(text)
    for offset in range(len(text) + 1):
        assert offsets.to_qt(offset) == reference_to_qt(text, offset)
    assert offsets.qt_length == reference_to_qt(text, len(text))
    assert len(offsets.display_text) == len(text)


# --- What Qt does with each special character --------------------------------------------


@pytest.mark.parametrize(
    ("text", "qt_length", "blocks"),
    [
        ("a\nb", 3, 2),
        ("a\rb", 3, 2),
        ("a\r\nb", 3, 2),
        ("a\u2029b", 3, 2),
        ("a\u2028b", 3, 1),
        ("a\r\rb", 4, 3),
        ("a\n\rb", 4, 3),
        ("a\r\r\nb", 4, 3),
        ("ab\r\n", 3, 2),
        ("a\u00a0b\tc", 5, 1),
        ("a\u200b\u200db", 4, 1),
        ("e\u0301", 2, 1),
        ("a😀b", 4, 1),
        ("🇩🇪", 4, 1),
        ("👍🏽", 4, 1),
        ("👨\u200d👩\u200d👧", 8, 1),
        ("שלום مرحبا", 10, 1),
        ("", 0, 1),
    ],
)
def test_qt_positions_of_special_characters(editor, text, qt_length, blocks):
    offsets, document = show(editor, text)
    assert document.characterCount() - 1 == offsets.qt_length == qt_length
    assert document.blockCount() == blocks


@pytest.mark.parametrize("char", ["\u00a0", "\t", "\u2028", "\u200b", "\u200d", "\u0301"])
def test_ordinary_characters_are_kept_as_they_are(editor, char):
    offsets, document = show(editor, f"a{char}b")
    assert offsets.display_text == f"a{char}b"
    assert document.characterAt(1) == char


def test_text_without_astral_characters_or_crlf_maps_by_identity():
    text = "Mayor said\n6,000\rpeople\u2029left\u2028é\u00a0ש"
    offsets = OffsetMap(text)
    assert offsets.display_text is text
    assert offsets.qt_length == len(text)
    assert [offsets.to_qt(o) for o in range(len(text) + 1)] == list(range(len(text) + 1))
    assert [offsets.from_qt(p) for p in range(len(text) + 1)] == list(range(len(text) + 1))


def test_crlf_is_one_break_and_a_line_end_selection_leaves_it_out():
    text = "ab\r\ncd"
    offsets = OffsetMap(text)
    assert offsets.display_text == text
    assert offsets.qt_length == 5
    assert [offsets.to_qt(o) for o in range(7)] == [0, 1, 2, 2, 3, 4, 5]
    assert [offsets.from_qt(p) for p in range(6)] == [0, 1, 2, 4, 5, 6]
    # The first line selected up to its end: no CR, no LF.
    assert offsets.range_from_qt(0, 2) == (0, 2)
    # A selection that runs across the break takes both.
    assert offsets.range_from_qt(1, 4) == (1, 5)
    assert text[1:5] == "b\r\nc"
    # Selecting from the line end onwards starts before the CR.
    assert offsets.range_from_qt(2, 3) == (2, 4)


def test_offset_between_cr_and_lf_lands_on_the_break():
    offsets = OffsetMap("ab\r\ncd")
    assert offsets.to_qt(3) == offsets.to_qt(2) == 2
    assert offsets.from_qt(offsets.to_qt(3)) == 2
    assert offsets.range_from_qt(*offsets.range_to_qt(3, 3)) == (2, 2)


def test_cr_before_crlf_is_a_break_of_its_own(editor):
    text = "a\r\r\nb"
    offsets, document = show(editor, text)
    assert [offsets.to_qt(o) for o in range(6)] == [0, 1, 2, 2, 3, 4]
    assert [offsets.from_qt(p) for p in range(5)] == [0, 1, 2, 4, 5]
    assert document.findBlockByNumber(2).position() == offsets.to_qt(4)


def test_astral_character_takes_two_positions(editor):
    text = "a😀b"
    offsets, document = show(editor, text)
    assert [offsets.to_qt(o) for o in range(4)] == [0, 1, 3, 4]
    # The position between the halves rounds down to the emoji's start.
    assert [offsets.from_qt(p) for p in range(5)] == [0, 1, 1, 2, 3]
    assert inside_pair(document, 2)
    assert offsets.range_from_qt(2, 2) == (1, 1)
    assert offsets.range_from_qt(1, 3) == (1, 2)


def test_flag_skin_tone_and_zwj_sequences_count_each_code_point():
    for text in ("🇩🇪", "👍🏽", "👨\u200d👩\u200d👧"):
        offsets = OffsetMap(text)
        for o in range(len(text) + 1):
            assert offsets.from_qt(offsets.to_qt(o)) == o
    family = OffsetMap("👨\u200d👩\u200d👧")
    assert [family.to_qt(o) for o in range(6)] == [0, 2, 3, 5, 6, 8]


def test_emoji_after_crlf_combine_both_shifts():
    text = "😀\r\n👍🏽x"
    offsets = OffsetMap(text)
    assert [offsets.to_qt(o) for o in range(len(text) + 1)] == [0, 2, 2, 3, 5, 7, 8]
    assert [offsets.from_qt(p) for p in range(offsets.qt_length + 1)] == [
        0, 0, 1, 3, 3, 4, 4, 5, 6,
    ]  # fmt: skip


def test_leading_bom_is_shown_as_word_joiner(editor):
    # PySide drops a U+FEFF at the start of any string it passes to Qt.
    editor.setPlainText("\ufeffab")
    assert editor.document().characterCount() - 1 == 2
    offsets, document = show(editor, "\ufeffab")
    assert offsets.display_text == "\u2060ab"
    assert document.characterCount() - 1 == offsets.qt_length == 3
    offsets, document = show(editor, "a\ufeffb")
    assert offsets.display_text == "a\ufeffb"
    assert document.characterAt(1) == "\ufeff"


def test_frame_markers_are_not_shown_as_line_breaks(editor):
    editor.setPlainText("a\ufdd0b")
    assert editor.document().blockCount() == 2
    offsets, document = show(editor, "a\ufdd0b\ufdd1c")
    assert offsets.display_text == "a\ufffdb\ufffdc"
    assert document.blockCount() == 1


def test_lone_surrogates_are_shown_as_replacement_characters(editor):
    # Two lone halves in the stored text would join into one character in Qt.
    text = "a\ud83d\ude00b"
    editor.setPlainText(text)
    assert editor.document().characterAt(2) == "\ude00"
    offsets, document = show(editor, text)
    assert offsets.display_text == "a\ufffd\ufffdb"
    assert offsets.qt_length == document.characterCount() - 1 == 4
    assert [offsets.to_qt(o) for o in range(5)] == [0, 1, 2, 3, 4]


# --- Arguments ----------------------------------------------------------------------------


def test_out_of_range_offsets_and_positions_are_refused():
    offsets = OffsetMap("a😀")
    for bad in (-1, 3):
        with pytest.raises(SpanError):
            offsets.to_qt(bad)
    for bad in (-1, 4):
        with pytest.raises(SpanError):
            offsets.from_qt(bad)
    with pytest.raises(SpanError):
        offsets.range_to_qt(2, 1)
    with pytest.raises(SpanError):
        OffsetMap("abc").to_qt(4)


def test_range_from_qt_ignores_order():
    offsets = OffsetMap("a😀b\r\nc")
    assert offsets.range_from_qt(5, 1) == offsets.range_from_qt(1, 5) == (1, 5)


def test_a_megabyte_of_emoji_and_crlf_maps_like_brute_force():
    line = "Der Präsident 👍🏽 sagte, 12 % 🇩🇪 seien ungültig.\r\n"
    text = line * (1_000_000 // len(line))
    offsets = OffsetMap(text)
    middles = crlf_middles(text)
    assert offsets.qt_length == reference_to_qt(text, len(text))
    for offset in range(0, len(text) + 1, 9_973):
        assert offsets.to_qt(offset) == reference_to_qt(text, offset)
        assert offsets.from_qt(offsets.to_qt(offset)) == offset - (offset in middles)


def test_module_does_not_import_qt():
    code = (
        "import annotator.core.offsets, sys; "
        "assert not any(m.startswith('PySide6') for m in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
