"""Keys of the several-analysts features (issue 16): data, like every other binding.

In normal mode: Ctrl+Shift+O steps the other analysts' layer (off, each analyst, all),
Ctrl+Shift+J opens the adjudication view, Ctrl+Shift+K the throughput chart.  The
adjudication view has its own mode, ``ADJUDICATE``: its table replaces every other
key while it is open, so 1 and 2 take a side instead of tagging, and Tab moves
between disagreements instead of spans.  Undo (of decisions) and quitting keep
their usual keys there; the view's own hint line lists its keys (the cheat sheet lists
the commands of ``bindings.ACTIONS`` only).
"""

from __future__ import annotations

from annotator.gui.keys.bindings import NORMAL, ActionSpec

__all__ = ["ADJUDICATE", "ANALYST_ACTIONS", "ANALYST_BINDINGS", "DECISION_COMMANDS"]

ADJUDICATE = "adjudicate"

# Command id -> the decision it takes (core.disagreements.DECISIONS).
DECISION_COMMANDS = {
    "adjudicate.first": "first",
    "adjudicate.second": "second",
    "adjudicate.both": "both",
    "adjudicate.neither": "neither",
}

ANALYST_ACTIONS: dict[str, ActionSpec] = {
    "view.other_analysts": ActionSpec("Show &other analysts' spans (next analyst)", "View"),
    "view.disagreements": ActionSpec("Go to the &disagreement list", "View"),
    "view.throughput": ActionSpec("&Throughput chart…", "View"),
    "adjudicate.start": ActionSpec("&Adjudicate disagreements", "View"),
    "adjudicate.first": ActionSpec("Take the first analyst's span into gold", "Spans"),
    "adjudicate.second": ActionSpec("Take the second analyst's span into gold", "Spans"),
    "adjudicate.both": ActionSpec("Take both spans into gold", "Spans"),
    "adjudicate.neither": ActionSpec("Take neither span", "Spans"),
    "adjudicate.agreements": ActionSpec("Accept every agreement of this article", "Spans"),
    "adjudicate.next": ActionSpec("Next disagreement", "Spans"),
    "adjudicate.previous": ActionSpec("Previous disagreement", "Spans"),
    "adjudicate.next_article": ActionSpec("Next article to adjudicate", "Articles"),
    "adjudicate.previous_article": ActionSpec("Previous article to adjudicate", "Articles"),
    "adjudicate.undo": ActionSpec("Undo the last decision", "Edit"),
    "adjudicate.leave": ActionSpec("Leave the adjudication view", "View"),
}

ANALYST_BINDINGS: dict[str, dict[str, str]] = {
    NORMAL: {
        "Ctrl+Shift+O": "view.other_analysts",
        "Ctrl+Shift+J": "adjudicate.start",
        "Ctrl+Shift+K": "view.throughput",
    },
    ADJUDICATE: {
        "1": "adjudicate.first",
        "2": "adjudicate.second",
        "B": "adjudicate.both",
        "N": "adjudicate.neither",
        # A for "agreements": identical spans need no decision, one key takes them all.
        "A": "adjudicate.agreements",
        "Tab": "adjudicate.next",
        "Shift+Tab": "adjudicate.previous",
        "Shift+Backtab": "adjudicate.previous",
        "Ctrl+PgDown": "adjudicate.next_article",
        "Ctrl+PgUp": "adjudicate.previous_article",
        "Ctrl+Z": "adjudicate.undo",
        "Escape": "adjudicate.leave",
        "Ctrl+Shift+J": "adjudicate.leave",
        "Ctrl+Shift+K": "view.throughput",
        "Ctrl+Q": "file.quit",
    },
}
