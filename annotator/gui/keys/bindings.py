"""Keys are data: which key runs which command, per mode.

``DEFAULT_BINDINGS`` is ``{mode: {key: command id}}`` (qutebrowser's
``bindings.default``).  Only the "normal" mode exists today; relations by keyboard
("link"), suggestions ("review") and adjudication bring their own modes as new tables,
and a key may mean something else in each of them.  ``ACTIONS`` is the registry of
window commands: each id's menu text, cheat-sheet group and whether it acts on the text
(``local``: active only while the article view or span panel has focus, so typing in the
filter or find box never tags anything).  Label commands are made per corpus: 1-9 by
label position plus each label's letter hotkey from the store.  ``conflicts`` finds a
key bound twice within one mode; a test runs it over the defaults with the default labels.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from annotator.core.model import LINK_TYPES, Label
from annotator.gui.qt import QtGui

__all__ = [
    "ACTIONS",
    "DEFAULT_BINDINGS",
    "GROUPS",
    "LABEL_MODES",
    "LINK",
    "LINK_BINDINGS",
    "MOVEMENT_KEYS",
    "NORMAL",
    "OFFER_KEYS",
    "REGISTRY_KEYS",
    "RESIZE_COMMANDS",
    "REVIEW",
    "REVIEW_BINDINGS",
    "REVIEW_RESIZE_COMMANDS",
    "XLINK",
    "XLINK_BINDINGS",
    "ActionSpec",
    "Bindings",
    "command_keys",
    "conflicts",
    "label_action_id",
    "label_actions",
    "label_bindings",
    "modes_of",
    "normalise",
    "tag_all_action_id",
    "tag_all_bindings",
]

NORMAL = "normal"
LINK = "link"
XLINK = "xlink"  # a link to a span of another article (issue 14): L, then the picker
REVIEW = "review"

# {mode: {key: command id}}; read-only where it is taken, so tables can be shared.
Bindings = Mapping[str, Mapping[str, str]]


class ActionSpec(NamedTuple):
    text: str
    group: str
    local: bool = False
    checkable: bool = False


GROUPS = (
    "Tagging", "Select", "Spans", "Relations", "Suggestions", "Articles", "Find", "Edit", "View",
    "File", "Help",
)  # fmt: skip

ACTIONS: dict[str, ActionSpec] = {
    # Select by units of the text (gui/controllers/selection.py); they act on the text.
    "select.next_number": ActionSpec("Next &number", "Select", local=True),
    "select.previous_number": ActionSpec("Previous number", "Select", local=True),
    "select.next_name": ActionSpec("Next n&ame", "Select", local=True),
    "select.previous_name": ActionSpec("Previous name", "Select", local=True),
    "select.next_quotation": ActionSpec("Next &quotation", "Select", local=True),
    "select.previous_quotation": ActionSpec("Previous quotation", "Select", local=True),
    "select.next_sentence": ActionSpec("Next &sentence", "Select", local=True),
    "select.previous_sentence": ActionSpec("Previous sentence", "Select", local=True),
    "select.expand": ActionSpec("&Grow the selection by a unit", "Select", local=True),
    "select.shrink": ActionSpec("Shrin&k the selection by a unit", "Select", local=True),
    # What a sentence reports (after "said", "told X that"): where most CLAIMs are.
    "report.next": ActionSpec("Next &reported claim", "Select", local=True),
    "report.previous": ActionSpec("Previous reported claim", "Select", local=True),
    "span.next": ActionSpec("Select &next span", "Spans", local=True),
    "span.previous": ActionSpec("Select &previous span", "Spans", local=True),
    "span.delete": ActionSpec("&Delete selected span", "Spans", local=True),
    "span.end_forward": ActionSpec("Move the span's end a word right", "Spans", local=True),
    "span.end_back": ActionSpec("Move the span's end a word left", "Spans", local=True),
    "span.start_back": ActionSpec("Move the span's start a word left", "Spans", local=True),
    "span.start_forward": ActionSpec("Move the span's start a word right", "Spans", local=True),
    "selection.clear": ActionSpec("Clear selection", "Spans", local=True),
    "span.attributes": ActionSpec("Edit span &attributes…", "Spans", local=True),
    "link.start": ActionSpec("&Link selected span to…", "Relations", local=True),
    "link.next": ActionSpec("Next link target", "Relations", local=True),
    "link.previous": ActionSpec("Previous link target", "Relations", local=True),
    "link.make": ActionSpec("Make the relation", "Relations", local=True),
    "link.cancel": ActionSpec("Cancel linking", "Relations", local=True),
    **{
        f"link.type.{digit}": ActionSpec(
            f"Make the relation with type key {digit}", "Relations", local=True
        )
        for digit in "123456789"
    },
    # Suggestions (issue 15, gui/review.py): a layer of dashed marks and a review mode.
    "review.toggle": ActionSpec("&Review suggestions (on / off)", "Suggestions"),
    "review.compute": ActionSpec("&Compute suggestions for this article", "Suggestions"),
    "review.next": ActionSpec("&Next suggestion", "Suggestions", local=True),
    "review.previous": ActionSpec("&Previous suggestion", "Suggestions", local=True),
    "review.accept": ActionSpec("&Accept the suggestion", "Suggestions", local=True),
    "review.reject": ActionSpec("Re&ject the suggestion", "Suggestions", local=True),
    "review.accept_all": ActionSpec("Accept &every suggestion here", "Suggestions", local=True),
    "review.leave": ActionSpec("&Leave review", "Suggestions", local=True),
    # Correcting the suggestion's extent before accepting it, with the span resize keys.
    # "its" alone read as nothing on the cheat sheet, among the other Suggestions rows.
    "review.end_forward": ActionSpec(
        "Move the suggestion's end a word right", "Suggestions", local=True
    ),
    "review.end_back": ActionSpec(
        "Move the suggestion's end a word left", "Suggestions", local=True
    ),
    "review.start_back": ActionSpec(
        "Move the suggestion's start a word left", "Suggestions", local=True
    ),
    "review.start_forward": ActionSpec(
        "Move the suggestion's start a word right", "Suggestions", local=True
    ),
    "review.go_on": ActionSpec(
        "&Go on to the next suggestion after tagging", "Suggestions", checkable=True
    ),
    "view.relations": ActionSpec("Go to the &relation list", "View"),
    "view.compare": ActionSpec("&Compare the story's articles…", "View"),
    # Issue 14: stories, links across articles, the actor registry (gui/registry.py).
    "story.pick": ActionSpec("Put the article in a s&tory…", "Articles"),
    "xlink.start": ActionSpec("Link to a span in an&other article…", "Relations", local=True),
    "xlink.next": ActionSpec("Next span in other articles", "Relations", local=True),
    "xlink.previous": ActionSpec("Previous span in other articles", "Relations", local=True),
    "xlink.make": ActionSpec("Link as the same fact", "Relations", local=True),
    "xlink.widen": ActionSpec("Search the whole corpus for the link", "Relations", local=True),
    "xlink.unlink": ActionSpec("Remove the link to this span", "Relations", local=True),
    "xlink.cancel": ActionSpec("Cancel the link to another article", "Relations", local=True),
    **{
        f"xlink.type.{digit}": ActionSpec(
            f"Link with type {digit} ({name})", "Relations", local=True
        )
        for digit, name in zip("1234", LINK_TYPES, strict=True)
    },
    "view.registry": ActionSpec("Actor r&egistry", "View"),
    "edit.undo": ActionSpec("&Undo", "Edit"),
    "edit.redo": ActionSpec("&Redo", "Edit"),
    "find.open": ActionSpec("&Find in article…", "Find"),
    "find.next": ActionSpec("Find next", "Find"),
    "find.previous": ActionSpec("Find previous", "Find"),
    "find.corpus": ActionSpec("Search the &whole corpus…", "Find"),
    "article.next": ActionSpec("&Next article", "Articles"),
    "article.previous": ActionSpec("&Previous article", "Articles"),
    "article.done_next": ActionSpec("Mark &done and open next to do", "Articles"),
    "article.todo": ActionSpec("Mark as &to do", "Articles"),
    "article.edit": ActionSpec("Edit &title and meta…", "Articles"),
    "view.corpus_filter": ActionSpec("Filter the &corpus list", "View"),
    "view.spans": ActionSpec("Go to the &span list", "View"),
    "view.text": ActionSpec("Back to the &text", "View"),
    "view.snap": ActionSpec("&Snap selections to whole words", "View", checkable=True),
    "file.new_corpus": ActionSpec("&New corpus…", "File"),
    "file.open_corpus": ActionSpec("&Open corpus…", "File"),
    "file.import_files": ActionSpec("&Import files…", "File"),
    "file.import_folder": ActionSpec("Import &folder…", "File"),
    "file.labels": ActionSpec("&Labels…", "File"),
    "file.export": ActionSpec("&Export…", "File"),
    "file.analyst": ActionSpec("Analyst &name…", "File"),
    "file.quit": ActionSpec("&Quit", "File"),
    "help.keys": ActionSpec("&Keyboard shortcuts", "Help"),
    "help.about": ActionSpec("&About Annotator", "Help"),
}

# A command with several keys lists them in the order menus show them (the first is the
# one a menu prints).  "help.about" has no key: it is reached from the Help menu.
DEFAULT_BINDINGS: dict[str, dict[str, str]] = {
    NORMAL: {
        # Units: Alt + the kind's letter, Shift going back (Alt+P for persons: N is taken
        # by numbers).  Sentences are Alt+. / Alt+, (the full stop; and Alt+S is the Spans
        # menu's mnemonic, as are Alt+F/E/L/A/V/H: a test keeps bindings off them).
        # Grow / shrink: Alt+Up / Alt+Down, as in JetBrains editors on macOS; Ctrl+W is
        # "close" on most desktops, Ctrl+Shift+W is the snapping toggle here, and
        # Alt+(Shift+)Left/Right are kept for resizing a span.
        "Alt+N": "select.next_number",
        "Alt+Shift+N": "select.previous_number",
        "Alt+P": "select.next_name",
        "Alt+Shift+P": "select.previous_name",
        "Alt+Q": "select.next_quotation",
        "Alt+Shift+Q": "select.previous_quotation",
        "Alt+.": "select.next_sentence",
        "Alt+,": "select.previous_sentence",
        "Alt+Up": "select.expand",
        "Alt+Down": "select.shrink",
        # R for what a sentence reports (C is free too, but R reads as "reported").
        "Alt+R": "report.next",
        "Alt+Shift+R": "report.previous",
        "Tab": "span.next",
        "Shift+Tab": "span.previous",
        "Shift+Backtab": "span.previous",
        "Delete": "span.delete",
        "Backspace": "span.delete",
        # Alt moves the selected span's end, Alt+Shift its start; Shift alone still
        # extends the text selection and Ctrl moves the caret by words.
        "Alt+Right": "span.end_forward",
        "Alt+Left": "span.end_back",
        "Alt+Shift+Left": "span.start_back",
        "Alt+Shift+Right": "span.start_forward",
        "Escape": "selection.clear",
        "Ctrl+Z": "edit.undo",
        "Ctrl+Shift+Z": "edit.redo",
        "Ctrl+Y": "edit.redo",
        "Ctrl+F": "find.open",
        "F3": "find.next",
        "Shift+F3": "find.previous",
        "Ctrl+Shift+F": "find.corpus",
        "Ctrl+PgDown": "article.next",
        "Ctrl+PgUp": "article.previous",
        "Ctrl+Return": "article.done_next",
        "Ctrl+Enter": "article.done_next",
        "Ctrl+Shift+Return": "article.todo",
        "Ctrl+L": "view.corpus_filter",
        "Ctrl+Shift+L": "view.spans",
        "Ctrl+T": "view.text",
        "Ctrl+Shift+W": "view.snap",
        "Ctrl+N": "file.new_corpus",
        "Ctrl+O": "file.open_corpus",
        "Ctrl+I": "file.import_files",
        "Ctrl+Shift+I": "file.import_folder",
        "Ctrl+E": "file.export",
        # F4 / F6: free in every mode, and no Alt+letter (menu mnemonics) or plain letter
        # (label hotkeys) is taken from the analyst.
        "F4": "article.edit",
        "F6": "file.labels",
        "Ctrl+Q": "file.quit",
        "F1": "help.keys",
        "R": "link.start",
        "F2": "span.attributes",
        "Ctrl+R": "view.relations",
        "F8": "view.compare",
        "F7": "story.pick",
        "L": "xlink.start",
        "Ctrl+Shift+E": "view.registry",
        "F9": "review.toggle",
        "Ctrl+Shift+G": "review.compute",
    },
}

# Link mode (R on a selected span): its own table, a layer of the mode manager, so in it
# Tab picks targets instead of spans and a digit picks a relation type, not a label.
LINK_BINDINGS: dict[str, dict[str, str]] = {
    LINK: {
        "Tab": "link.next",
        "Shift+Tab": "link.previous",
        "Shift+Backtab": "link.previous",
        "Return": "link.make",
        "Enter": "link.make",
        "Escape": "link.cancel",
        **{digit: f"link.type.{digit}" for digit in "123456789"},
    },
}

# Cross-article link mode (L on a selected span): the picker of spans in the story's other
# articles.  The keyboard stays in the text, so the picker's keys are this mode's table.
XLINK_BINDINGS: dict[str, dict[str, str]] = {
    XLINK: {
        "Tab": "xlink.next",
        "Down": "xlink.next",
        "Shift+Tab": "xlink.previous",
        "Shift+Backtab": "xlink.previous",
        "Up": "xlink.previous",
        "Return": "xlink.make",
        "Enter": "xlink.make",
        "W": "xlink.widen",
        "Delete": "xlink.unlink",
        "Escape": "xlink.cancel",
        **{digit: f"xlink.type.{digit}" for digit in "1234"},
    },
}

# The entity offer after an ACTOR tag (gui/actor_offer.py) takes only these keys from the
# text, and only while it shows; any other key closes it and does what it always does, so
# tagging on never waits for it.  Insert is taken even when the registry is empty.
OFFER_KEYS: dict[str, str] = {
    "Return": "offer.accept",
    "Enter": "offer.accept",
    "Down": "offer.next",
    "Up": "offer.previous",
    "Insert": "offer.new",
    "Escape": "offer.dismiss",
}

# The registry panel's own keys (gui/registry_panel.py), active in its lists only; other
# printable keys type into its filter.
REGISTRY_KEYS: dict[str, str] = {
    "F2": "registry.rename",
    "Shift+F2": "registry.aliases",
    "Ctrl+K": "registry.kind",
    "Space": "registry.mark",
    "Ctrl+M": "registry.merge",
    "Delete": "registry.delete",
    "Insert": "registry.new",
    "Return": "registry.open",
    "Enter": "registry.open",
    "Escape": "registry.back",
}

# Review mode (F9): its own table, so Tab walks the suggestions instead of the spans and
# Enter accepts.  A label key accepts with that label (LABEL_MODES below); undo, the
# article keys and help stay as in normal mode, so reviewing never traps the analyst.
REVIEW_BINDINGS: dict[str, dict[str, str]] = {
    REVIEW: {
        "Tab": "review.next",
        "Shift+Tab": "review.previous",
        "Shift+Backtab": "review.previous",
        "Return": "review.accept",
        "Enter": "review.accept",
        "X": "review.reject",
        "Ctrl+Shift+Return": "review.accept_all",
        "Ctrl+Shift+Enter": "review.accept_all",
        "Escape": "review.leave",
        "F9": "review.toggle",
        "Ctrl+Shift+G": "review.compute",
        # The span resize keys move the suggestion's edges; Enter then accepts it so.
        "Alt+Right": "review.end_forward",
        "Alt+Left": "review.end_back",
        "Alt+Shift+Left": "review.start_back",
        "Alt+Shift+Right": "review.start_forward",
        "Ctrl+Z": "edit.undo",
        "Ctrl+Shift+Z": "edit.redo",
        "Ctrl+Y": "edit.redo",
        "Ctrl+PgDown": "article.next",
        "Ctrl+PgUp": "article.previous",
        "Ctrl+Return": "article.done_next",
        "Ctrl+Enter": "article.done_next",
        "F1": "help.keys",
        # Selecting a span no suggestion offers, without leaving review: the unit keys,
        # grow / shrink, find and the snapping toggle, as in normal mode; a label key then
        # tags the selection and Tab goes on to the next suggestion from there.
        **{
            key: command
            for key, command in DEFAULT_BINDINGS[NORMAL].items()
            if command.startswith(("select.", "report.", "find.")) or command == "view.snap"
        },
    },
}

# The resize commands and what each moves: (edge, forward).
RESIZE_COMMANDS: dict[str, tuple[str, bool]] = {
    "span.end_forward": ("end", True),
    "span.end_back": ("end", False),
    "span.start_back": ("start", False),
    "span.start_forward": ("start", True),
}
# The same moves on the current suggestion in review mode.
REVIEW_RESIZE_COMMANDS: dict[str, tuple[str, bool]] = {
    f"review.{name.removeprefix('span.')}": move for name, move in RESIZE_COMMANDS.items()
}

# The modes in which a label key tags; review and adjudicate will add theirs here.  (Review
# mode adds its label keys as a layer of its own, gui/review.py: a label key there accepts
# the suggestion with that label.)
LABEL_MODES: tuple[str, ...] = (NORMAL,)

# Keys the text view handles itself; listed on the cheat sheet, never rebound.
MOVEMENT_KEYS: list[tuple[str, str]] = [
    ("Arrows, Ctrl+Left/Right", "Move the caret by character / word"),
    ("Home / End, Ctrl+Home / Ctrl+End", "Line start / end, article start / end"),
    ("Shift + any of the above", "Extend the selection"),
    ("Enter (find box)", "Next match; Shift+Enter: previous"),
    ("Escape (find box)", "Close it, keep the match selected for a label key"),
    ("Down (corpus filter)", "Into the list, on the first match"),
    ("Enter (span list / corpus list)", "Jump to the span / open the article"),
    ("Enter (corpus search)", "Search; on a hit, open its article with the hit selected"),
    ("Alt + mouse drag", "Select exact characters (no snapping)"),
    ("Right click", "Tag, relabel or delete from a menu"),
    ("Alt+F, R, then 1-8", "Open one of the corpora opened last (File > Recent corpora)"),
]


def label_action_id(label: Label) -> str:
    return f"label.{label.name}"


def tag_all_action_id(label: Label) -> str:
    return f"tag_all.{label.name}"


def label_actions(labels: Sequence[Label]) -> dict[str, ActionSpec]:
    """This corpus's label commands, in label order, then their every-occurrence twins.

    They act on the text, so they are local.
    """
    actions = {
        label_action_id(label): ActionSpec(f"Tag as {label.name}", "Tagging", local=True)
        for label in labels
    }
    for label in labels:
        actions[tag_all_action_id(label)] = ActionSpec(
            f"Tag every occurrence as {label.name}", "Tagging", local=True
        )
    return actions


def label_bindings(
    labels: Sequence[Label], *, modes: Iterable[str] = LABEL_MODES
) -> dict[str, dict[str, str]]:
    """1-9 by position in the label list, plus each label's letter hotkey, in each mode."""
    table: dict[str, str] = {}
    for index, label in enumerate(labels):
        if index < 9:
            table[str(index + 1)] = label_action_id(label)
        if label.hotkey:  # the store keeps hotkeys single letters, one label each
            table[label.hotkey.upper()] = label_action_id(label)
    return {mode: dict(table) for mode in modes}


def tag_all_bindings(
    labels: Sequence[Label], *, modes: Iterable[str] = LABEL_MODES
) -> dict[str, dict[str, str]]:
    """Shift with each label key (Shift+1, Shift+A): tag every occurrence, in each mode."""
    table: dict[str, str] = {}
    for index, label in enumerate(labels):
        if index < 9:
            table[f"Shift+{index + 1}"] = tag_all_action_id(label)
        if label.hotkey:
            table[f"Shift+{label.hotkey.upper()}"] = tag_all_action_id(label)
    return {mode: dict(table) for mode in modes}


def normalise(key: str) -> str:
    """One spelling per key sequence, so "ctrl+z" and "Ctrl+Z" count as the same key."""
    sequence = QtGui.QKeySequence(key)
    return sequence.toString(QtGui.QKeySequence.SequenceFormat.PortableText)


def modes_of(*tables: Bindings) -> list[str]:
    """Every mode the tables name, "normal" first, the others in the order first seen."""
    return list(dict.fromkeys([NORMAL, *(mode for table in tables for mode in table)]))


def command_keys(
    *tables: Bindings, mode: str, commands: Iterable[str] = ()
) -> dict[str, list[str]]:
    """One mode seen from the commands: ``{command id: [keys]}``, keys in table order.

    ``commands`` are listed even when the mode binds them no key (an empty list), so a
    caller that builds one action per command can clear the keys of the unbound ones.
    """
    keys: dict[str, list[str]] = {command: [] for command in commands}
    for table in tables:
        for key, command in table.get(mode, {}).items():
            keys.setdefault(command, []).append(key)
    return keys


def conflicts(*tables: Bindings, mode: str) -> dict[str, list[str]]:
    """Keys bound more than once in ``mode``: {key: [command ids]}.

    A key may mean different things in different modes; only a clash inside one mode
    leaves Qt unable to choose (an "ambiguous shortcut" that then does nothing).
    """
    owners: dict[str, list[str]] = {}
    for table in tables:
        for key, command in table.get(mode, {}).items():
            owners.setdefault(normalise(key), []).append(command)
    return {key: ids for key, ids in owners.items() if len(ids) > 1}
