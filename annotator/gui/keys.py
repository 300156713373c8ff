"""Keys are data: one table of default bindings, and one helper that builds every action.

``DEFAULT_BINDINGS`` maps an action id to its key sequences; ``ACTIONS`` gives each id
its menu text, cheat-sheet group and whether it acts on the text (``local``: active
only while the article view or span panel has focus, so typing in the filter or find
box never tags anything).  Label keys are added per corpus: 1-9 by label position plus
each label's letter hotkey from the store.  ``conflicts`` finds a key bound twice;
a test runs it over the defaults with the default labels.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import NamedTuple

from annotator.core.store import Label
from annotator.gui.qt import Qt, QtCore, QtGui

__all__ = [
    "ACTIONS",
    "DEFAULT_BINDINGS",
    "GROUPS",
    "MOVEMENT_KEYS",
    "ActionSpec",
    "build_action",
    "conflicts",
    "label_action_id",
    "label_bindings",
    "normalise",
]


class ActionSpec(NamedTuple):
    text: str
    group: str
    local: bool = False
    checkable: bool = False


GROUPS = ("Tagging", "Spans", "Articles", "Find", "Edit", "View", "File", "Help")

ACTIONS: dict[str, ActionSpec] = {
    "span.next": ActionSpec("Select &next span", "Spans", local=True),
    "span.previous": ActionSpec("Select &previous span", "Spans", local=True),
    "span.delete": ActionSpec("&Delete selected span", "Spans", local=True),
    "selection.clear": ActionSpec("Clear selection", "Spans", local=True),
    "edit.undo": ActionSpec("&Undo", "Edit"),
    "edit.redo": ActionSpec("&Redo", "Edit"),
    "find.open": ActionSpec("&Find in article…", "Find"),
    "find.next": ActionSpec("Find next", "Find"),
    "find.previous": ActionSpec("Find previous", "Find"),
    "article.next": ActionSpec("&Next article", "Articles"),
    "article.previous": ActionSpec("&Previous article", "Articles"),
    "article.done_next": ActionSpec("Mark &done and open next to do", "Articles"),
    "article.todo": ActionSpec("Mark as &to do", "Articles"),
    "view.corpus_filter": ActionSpec("Filter the &corpus list", "View"),
    "view.text": ActionSpec("Back to the &text", "View"),
    "view.snap": ActionSpec("&Snap selections to whole words", "View", checkable=True),
    "file.export": ActionSpec("&Export…", "File"),
    "file.quit": ActionSpec("&Quit", "File"),
    "help.keys": ActionSpec("&Keyboard shortcuts", "Help"),
    "help.about": ActionSpec("&About Annotator", "Help"),
}

DEFAULT_BINDINGS: dict[str, list[str]] = {
    "span.next": ["Tab"],
    "span.previous": ["Shift+Tab", "Shift+Backtab"],
    "span.delete": ["Delete", "Backspace"],
    "selection.clear": ["Escape"],
    "edit.undo": ["Ctrl+Z"],
    "edit.redo": ["Ctrl+Shift+Z", "Ctrl+Y"],
    "find.open": ["Ctrl+F"],
    "find.next": ["F3"],
    "find.previous": ["Shift+F3"],
    "article.next": ["Ctrl+PgDown"],
    "article.previous": ["Ctrl+PgUp"],
    "article.done_next": ["Ctrl+Return", "Ctrl+Enter"],
    "article.todo": ["Ctrl+Shift+Return"],
    "view.corpus_filter": ["Ctrl+L"],
    "view.text": ["Ctrl+T"],
    "view.snap": ["Ctrl+Shift+W"],
    "file.export": ["Ctrl+E"],
    "file.quit": ["Ctrl+Q"],
    "help.keys": ["F1"],
    "help.about": [],
}

# Keys the text view handles itself; listed on the cheat sheet, never rebound.
MOVEMENT_KEYS: list[tuple[str, str]] = [
    ("Arrows, Ctrl+Left/Right", "Move the caret by character / word"),
    ("Home / End, Ctrl+Home / Ctrl+End", "Line start / end, article start / end"),
    ("Shift + any of the above", "Extend the selection"),
    ("Enter (find box)", "Next match; Shift+Enter: previous"),
    ("Escape (find box)", "Close it, keep the match selected for a label key"),
    ("Enter (span list / corpus list)", "Jump to the span / open the article"),
    ("Alt + mouse drag", "Select exact characters (no snapping)"),
    ("Right click", "Tag, relabel or delete from a menu"),
]


def label_action_id(label: Label) -> str:
    return f"label.{label.name}"


def label_bindings(labels: Sequence[Label]) -> dict[str, list[str]]:
    """1-9 by position in the label list, plus each label's letter hotkey."""
    bindings: dict[str, list[str]] = {}
    for index, label in enumerate(labels):
        keys = [str(index + 1)] if index < 9 else []
        if label.hotkey:
            keys.append(label.hotkey.upper())
        bindings[label_action_id(label)] = keys
    return bindings


def normalise(key: str) -> str:
    """One spelling per key sequence, so "ctrl+z" and "Ctrl+Z" count as the same key."""
    sequence = QtGui.QKeySequence(key)
    return sequence.toString(QtGui.QKeySequence.SequenceFormat.PortableText)


def conflicts(*tables: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    """Keys bound to more than one action: {key: [action ids]}."""
    owners: dict[str, list[str]] = {}
    for table in tables:
        for action_id, keys in table.items():
            for key in keys:
                owners.setdefault(normalise(key), []).append(action_id)
    return {key: ids for key, ids in owners.items() if len(ids) > 1}


def build_action(
    parent: QtCore.QObject,
    action_id: str,
    *,
    keys: Sequence[str],
    handler: Callable[[], object],
    text: str | None = None,
    local: bool | None = None,
    checkable: bool = False,
) -> QtGui.QAction:
    """The one way an action is made: text, keys and context from the tables above."""
    spec = ACTIONS.get(action_id)
    action = QtGui.QAction(text if text is not None else spec.text if spec else action_id, parent)
    action.setObjectName(action_id)
    action.setShortcuts([QtGui.QKeySequence(key) for key in keys])
    is_local = local if local is not None else bool(spec and spec.local)
    action.setShortcutContext(
        Qt.ShortcutContext.WidgetShortcut if is_local else Qt.ShortcutContext.WindowShortcut
    )
    if checkable or (spec is not None and spec.checkable):
        action.setCheckable(True)
        action.toggled.connect(lambda _checked: handler())
    else:
        action.triggered.connect(lambda _checked=False: handler())
    return action
