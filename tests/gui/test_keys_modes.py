"""Keys per mode: the tables, the conflict check per mode, and switching modes.

Only "normal" ships today; a made-up "test" mode stands in for link, review and
adjudicate, which will bring their own tables.
"""

from __future__ import annotations

import pytest

from annotator.core import schema
from annotator.core.store import Label, Store
from annotator.gui import keys as keymap
from annotator.gui.cheatsheet import cheat_sheet_rows
from annotator.gui.keys import NORMAL, ModeManager, UnknownMode
from annotator.gui.qt import Qt, QtGui
from tests.gui.conftest import spans_of

K = Qt.Key

LABELS = [
    Label(d["name"], d["hotkey"], d["colour"], n) for n, d in enumerate(schema.default_labels(), 1)
]

# In the test mode "C" quotes instead of claiming, Ctrl+Z redoes, and nothing else is bound.
TEST_MODE = {"test": {"C": "label.QUOTE", "Ctrl+Z": "edit.redo"}}


def test_the_defaults_are_one_table_per_mode_naming_known_commands(qapp):
    assert list(keymap.DEFAULT_BINDINGS) == [NORMAL]
    for mode, table in keymap.DEFAULT_BINDINGS.items():
        assert set(table.values()) <= set(keymap.ACTIONS), mode
        assert all(not QtGui.QKeySequence(key).isEmpty() for key in table), mode
    labels = keymap.label_bindings(LABELS, modes=[NORMAL, "test"])
    assert labels[NORMAL] == labels["test"]
    assert labels[NORMAL]["1"] == "label.CLAIM" and labels[NORMAL]["Q"] == "label.QUOTE"
    assert keymap.modes_of(TEST_MODE, keymap.DEFAULT_BINDINGS) == [NORMAL, "test"]


def test_a_key_bound_twice_in_one_mode_is_a_conflict(qapp):
    other = {NORMAL: {"ctrl+f": "find.next"}}
    assert keymap.conflicts(keymap.DEFAULT_BINDINGS, other, mode=NORMAL) == {
        "Ctrl+F": ["find.open", "find.next"]
    }
    # a label hotkey on a letter some mode already uses
    assert keymap.conflicts(TEST_MODE, keymap.label_bindings(LABELS, modes=["test"]),
                            mode="test") == {"C": ["label.QUOTE", "label.CLAIM"]}  # fmt: skip


def test_the_same_key_in_two_modes_is_no_conflict(qapp):
    tables = (keymap.DEFAULT_BINDINGS, keymap.label_bindings(LABELS), TEST_MODE)
    assert keymap.command_keys(*tables, mode=NORMAL)["label.CLAIM"] == ["1", "C"]
    assert keymap.command_keys(*tables, mode="test")["label.QUOTE"] == ["C"]
    for mode in keymap.modes_of(*tables):
        assert keymap.conflicts(*tables, mode=mode) == {}, mode


def test_entering_a_mode_switches_the_live_keys(qapp):
    modes = ModeManager(defaults=keymap.DEFAULT_BINDINGS, labels=keymap.label_bindings(LABELS))
    seen: list[str] = []
    modes.subscribe(seen.append)
    assert modes.mode == NORMAL and modes.modes() == [NORMAL]
    assert modes.command_for("c") == "label.CLAIM"
    assert modes.command_for("Ctrl+Z") == "edit.undo"
    with pytest.raises(UnknownMode):
        modes.enter("test")  # no table defines it yet
    modes.set_layer("test", TEST_MODE)
    modes.enter("test")
    assert modes.mode == "test"
    assert modes.command_for("C") == "label.QUOTE"
    assert modes.command_for("Ctrl+Z") == "edit.redo"
    assert modes.command_for("1") is None  # not bound in this mode
    assert modes.command_keys(commands=["label.CLAIM"]) == {
        "label.CLAIM": [], "label.QUOTE": ["C"], "edit.redo": ["Ctrl+Z"],
    }  # fmt: skip
    modes.leave()
    assert modes.mode == NORMAL and modes.command_for("C") == "label.CLAIM"
    assert seen == [NORMAL, "test", NORMAL]  # set_layer, enter, leave
    modes.enter("test")
    modes.set_layer("test", {})  # the mode's table went away: back to normal
    assert modes.mode == NORMAL


def test_the_cheat_sheet_lists_the_keys_of_the_mode(qapp):
    modes = ModeManager(defaults=keymap.DEFAULT_BINDINGS, labels=keymap.label_bindings(LABELS))
    modes.set_layer("test", TEST_MODE)
    normal = cheat_sheet_rows(modes.command_keys(), LABELS)
    modes.enter("test")
    test = cheat_sheet_rows(modes.command_keys(), LABELS)
    assert ("Edit", "Ctrl+Z", "Undo") in normal and ("Edit", "Ctrl+Y", "Redo") not in test
    assert ("Edit", "Ctrl+Z", "Redo") in test
    assert [keys for _group, keys, what in test if "QUOTE" in what] == ["C"]
    assert not any("CLAIM" in what for _group, _keys, what in test)


def test_every_bound_command_has_a_handler_in_the_window(store: Store, make_window):
    window = make_window(store)
    for mode in window.modes.modes():
        for command in keymap.command_keys(*window.modes.tables, mode=mode):
            assert command in window.commands, (mode, command)
    assert set(window.actions) <= set(window.commands)


def test_the_window_rebinds_its_actions_when_the_mode_changes(flood, make_window, keys):
    store, article_id = flood
    window = make_window(store)
    k = keys(window)
    window.modes.set_layer("test", TEST_MODE)
    window.modes.enter("test")
    assert window.actions["label.CLAIM"].shortcuts() == []
    assert window.actions["edit.undo"].shortcuts() == []
    assert [s.toString() for s in window.actions["label.QUOTE"].shortcuts()] == ["C"]
    k.press(K.Key_C)  # caret on "The": quoted, not claimed
    assert spans_of(store, article_id) == [("QUOTE", "The")]
    k.press(K.Key_1)  # no key 1 in this mode
    assert spans_of(store, article_id) == [("QUOTE", "The")]
    window.modes.leave()
    assert [s.toString() for s in window.actions["label.CLAIM"].shortcuts()] == ["1", "C"]
    assert [s.toString() for s in window.actions["edit.undo"].shortcuts()] == ["Ctrl+Z"]
    k.ctrl(K.Key_Z)
    assert spans_of(store, article_id) == []
    k.press(K.Key_C)
    assert spans_of(store, article_id) == [("CLAIM", "The")]
