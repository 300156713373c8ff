"""How many keys a span takes: gold spans replayed by keyboard on the real window.

    python -m bench.keystrokes GOLD [--json]

GOLD is any file the app imports with spans (native JSONL, Prodigy, doccano, brat, Label
Studio).  It is imported with the app's own importer into a temporary corpus, the spans
are set aside as the gold and removed, and each article is opened empty in the real
window (offscreen).  For each gold span, in text order, a planner proposes key sequences
from the state the window is in (caret, selection, last find query), simulates them in
plain Python, and sends the shortest one that leaves exactly that span tagged; the
database is then checked.  A plan that the window does not carry out as simulated is
rolled back (uncounted) and the next one tried.  A span that no plan reaches within
``BOUND`` keys is tagged directly so later spans are unaffected; it counts as not reached
and is charged ``BOUND`` keys, so a missing strategy shows in the average.

Keys come from the keymap data, never from this file: the bindings table
(``DEFAULT_BINDINGS``) and the label keys (``label_bindings``).  A strategy is used only
when its command ids are bound; caret motions are the text view's own keys, taken from
Qt's standard key sequences (``QKeySequence.StandardKey``), unless a binding takes them.

Counting is as a person presses keys: a chord (Ctrl+Shift+Right) is one key, typing
"umer" in the find box is four.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BOUND = 40  # keys: a span no plan reaches within this many is "not reached"
TRIES = 6  # plans tried on the real window per span before giving up
# Plans with snapping switched off are looked for only when nothing this cheap snaps.
EXACT_FROM = 4
MAX_QUERY = 24  # longest find query considered
MAX_REPEAT = 4  # presses of one unit key / F3 / Enter considered in a row


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    label: str


@dataclass(frozen=True)
class Step:
    """One key (a chord counts as one), or text typed into the find box."""

    key: str = ""
    text: str = ""

    @property
    def cost(self) -> int:
        return len(self.text) if self.text else 1

    def __str__(self) -> str:
        return repr(self.text) if self.text else self.key


@dataclass(frozen=True)
class Plan:
    steps: tuple[Step, ...]
    strategy: str
    # What the database should hold afterwards besides what it held before.
    adds: frozenset[tuple[int, int, str]]

    @property
    def cost(self) -> int:
        return sum(step.cost for step in self.steps)


@dataclass
class State:
    """What the planner knows of the window before a span: stored offsets throughout."""

    text: str
    anchor: int
    pos: int
    query: str  # the find box's text, repeated by F3
    spans: frozenset[tuple[int, int, str]]
    selected: bool = False  # a span is selected: a label key would relabel it

    @property
    def selection(self) -> tuple[int, int] | None:
        if self.anchor == self.pos:
            return None
        return min(self.anchor, self.pos), max(self.anchor, self.pos)


# -- the keymap ---------------------------------------------------------------------


UNIT_KINDS = ("number", "name", "quotation", "sentence", "report")


class Keymap:
    """Keys by command id, from the bindings table and the corpus's label keys."""

    def __init__(self, bindings: dict[str, dict[str, str]], labels: Sequence[object]) -> None:
        from annotator.gui.keys import bindings as module

        table = dict(bindings.get(module.NORMAL, {}))
        for per_label in _label_tables(module):
            for key, command in per_label(labels).get(module.NORMAL, {}).items():
                table.setdefault(key, command)
        self.table = table
        self.by_command: dict[str, list[str]] = {}
        for key, command in table.items():
            self.by_command.setdefault(command, []).append(key)
        self.label_names = [label.name for label in labels]  # type: ignore[attr-defined]

    @classmethod
    def of_window(cls, window) -> Keymap:
        """The keys the window has live: every layer of its mode manager (the defaults,
        the label keys, whatever else a branch adds), the first layer winning a key as
        the manager's own lookup does."""
        from annotator.gui.keys.bindings import NORMAL

        mode = window.modes.mode
        table: dict[str, str] = {}
        for layer in window.modes.tables:
            for key, command in layer.get(mode, {}).items():
                table.setdefault(key, command)
        return cls({NORMAL: table}, window.labels)

    def key(self, command: str) -> str | None:
        keys = self.by_command.get(command)
        return keys[0] if keys else None

    def label_key(self, label: str) -> str | None:
        return self.key(f"label.{label}")

    def tag_all_key(self, label: str) -> str | None:
        """Shift + label key, however the branch names it: a bound command, other than
        the plain label command, that names the label and says all / every."""
        for command, keys in self.by_command.items():
            lowered = command.lower()
            if command == f"label.{label}" or not lowered.endswith(label.lower()):
                continue
            if "all" in lowered or "every" in lowered:
                return keys[0]
        return None

    def unit_key(self, kind: str, *, forward: bool) -> str | None:
        if kind == "report":  # what a sentence reports: keys of their own, off the ladder
            return self.key(f"report.{'next' if forward else 'previous'}")
        return self.key(f"select.{'next' if forward else 'previous'}_{kind}")

    def resize_keys(self) -> dict[str, tuple[str, bool]]:
        """{key: (edge, forward)} for the span-resizing commands bound today."""
        found: dict[str, tuple[str, bool]] = {}
        for command, keys in self.by_command.items():
            if not command.startswith("span."):
                continue
            name = command.removeprefix("span.")
            edge = "start" if "start" in name else "end" if "end" in name else None
            if edge is None:
                continue
            if any(word in name for word in ("forward", "right", "next", "later")):
                found[keys[0]] = (edge, True)
            elif any(word in name for word in ("back", "left", "previous", "earlier")):
                found[keys[0]] = (edge, False)
        return found


def _label_tables(module) -> list[Callable]:
    """The bindings module's tables made from the labels: ``label_bindings`` today, and
    any other ``*_bindings(labels)`` a branch adds (Shift + label key: ``tag_all``)."""
    tables = [module.label_bindings]
    for name in sorted(dir(module)):
        if name.endswith("_bindings") and name != "label_bindings":
            function = getattr(module, name)
            if callable(function):
                tables.append(function)
    return tables


def motion_keys(keymap: Keymap) -> dict[str, tuple[str, bool]]:
    """{key: (QTextCursor move operation name, keeps the anchor)}: the text view's own
    caret keys (Qt's standard sequences for this platform), minus any a binding takes."""
    from annotator.gui.qt import QtGui

    standard = QtGui.QKeySequence.StandardKey
    wanted = [
        ("MoveToNextWord", "NextWord", False), ("MoveToPreviousWord", "PreviousWord", False),
        ("MoveToNextChar", "Right", False), ("MoveToPreviousChar", "Left", False),
        ("MoveToStartOfLine", "StartOfLine", False), ("MoveToEndOfLine", "EndOfLine", False),
        ("SelectNextWord", "NextWord", True), ("SelectPreviousWord", "PreviousWord", True),
        ("SelectNextChar", "Right", True), ("SelectPreviousChar", "Left", True),
        ("SelectStartOfLine", "StartOfLine", True), ("SelectEndOfLine", "EndOfLine", True),
    ]  # fmt: skip
    taken = {_portable(key) for key in keymap.table}
    keys: dict[str, tuple[str, bool]] = {}
    for name, operation, keep in wanted:
        for sequence in QtGui.QKeySequence.keyBindings(getattr(standard, name)):
            key = sequence.toString(QtGui.QKeySequence.SequenceFormat.PortableText)
            if key and key not in taken:
                keys[key] = (operation, keep)
                break
    return keys


def _portable(key: str) -> str:
    from annotator.gui.qt import QtGui

    return QtGui.QKeySequence(key).toString(QtGui.QKeySequence.SequenceFormat.PortableText)


# -- the planner ----------------------------------------------------------------------


class Planner:
    """Candidate plans for one gold span from one state, cheapest first.

    ``moves[key][offset]`` is where that caret key takes the caret (measured on the
    real widget's document, so Qt's own word boundaries are used).
    """

    def __init__(self, *, keymap: Keymap, moves: dict[str, tuple[list[int], bool]]) -> None:
        self.keymap = keymap
        self.moves = moves
        self.plain = {key: table for key, (table, keep) in moves.items() if not keep}
        self.shift = {key: table for key, (table, keep) in moves.items() if keep}
        self.strategies: list[str] = ["caret"]
        if keymap.key("find.open"):
            self.strategies.append("find")
        if keymap.key("find.next"):
            self.strategies.append("F3")
        self.unit_kinds = [
            k for k in UNIT_KINDS if keymap.unit_key(k, forward=True)
            or keymap.unit_key(k, forward=False)
        ]  # fmt: skip
        if self.unit_kinds:
            self.strategies.append("units")
        if keymap.key("select.expand") or keymap.key("select.shrink"):
            self.strategies.append("expand")
        if keymap.resize_keys() and keymap.key("span.previous"):
            self.strategies.append("resize")
        if any(keymap.tag_all_key(label) for label in keymap.label_names):
            self.strategies.append("tag-all")
        if keymap.key("view.snap"):
            self.strategies.append("exact")

    # Seeds: ways to reach a selection (anchor, pos) before any Shift motion.

    def _seeds(self, state: State, gold: Gold) -> Iterable[tuple[tuple[Step, ...], int, int, str]]:
        if not state.selected:
            yield (), state.anchor, state.pos, "caret"
        for pos, steps in self._caret_paths(state.pos).items():
            if steps:
                yield steps, pos, pos, "caret"
        if "find" in self.strategies:
            yield from self._find_seeds(state, gold)
        if "F3" in self.strategies and state.query:
            yield from self._f3_seeds(state)
        if "units" in self.strategies:
            yield from self._unit_seeds(state)

    def _caret_paths(self, origin: int) -> dict[int, tuple[Step, ...]]:
        """Fewest plain caret keys from ``origin`` to every offset (breadth first)."""
        paths: dict[int, tuple[Step, ...]] = {origin: ()}
        queue = deque([origin])
        while queue:
            here = queue.popleft()
            if len(paths[here]) >= BOUND - 1:
                continue
            for key, table in self.plain.items():
                there = table[here]
                if there not in paths:
                    paths[there] = (*paths[here], Step(key))
                    queue.append(there)
        return paths

    def _find_seeds(self, state: State, gold: Gold):
        from annotator.gui.find_bar import find_all
        from annotator.gui.snapping import is_word_char

        text = state.text
        open_key = self.keymap.key("find.open")
        selection = state.selection
        anchor = selection[0] if selection else state.pos
        first_word_end = gold.start
        while first_word_end < gold.end and is_word_char(text[first_word_end]):
            first_word_end += 1
        starts = range(gold.start, max(first_word_end, gold.start + 1))
        for start in starts:
            for length in range(1, min(MAX_QUERY, gold.end - start) + 1):
                query = text[start : start + length]
                if not _typeable(query[-1]):
                    break
                matches = find_all(text, query)
                at = next((i for i, (s, _e) in enumerate(matches) if s >= anchor), 0)
                for presses in range(MAX_REPEAT):
                    hit = matches[(at + presses) % len(matches)]
                    if hit[0] == start:
                        # Typed in lower case, as a person would: the search ignores case.
                        typed = query.lower() if len(query.lower()) == len(query) else query
                        steps = (Step(open_key), Step(text=typed), *[Step("Return")] * presses,
                                 Step("Escape"))  # fmt: skip
                        yield steps, hit[0], hit[1], "find"
                        break
                if len(matches) == 1:
                    break  # longer queries only cost more

    def _f3_seeds(self, state: State):
        from annotator.gui.find_bar import find_all

        matches = find_all(state.text, state.query)
        if not matches:
            return
        key = self.keymap.key("find.next")
        after = state.selection[1] if state.selection else state.pos
        steps: tuple[Step, ...] = ()
        for _ in range(MAX_REPEAT):
            at = next((i for i, (s, _e) in enumerate(matches) if s >= after), 0)
            steps = (*steps, Step(key))
            yield steps, matches[at][0], matches[at][1], "F3"
            after = matches[at][1]

    def _unit_seeds(self, state: State):
        from annotator.core import units

        for kind in self.unit_kinds:
            for forward in (True, False):
                key = self.keymap.unit_key(kind, forward=forward)
                if key is None:
                    continue
                selection = state.selection
                steps: tuple[Step, ...] = ()
                offset = (selection[1] if forward else selection[0]) if selection else state.pos
                for _ in range(MAX_REPEAT):
                    found = units.next_unit(state.text, offset, kind, forward=forward)
                    if found is None:
                        break
                    steps = (*steps, Step(key))
                    yield steps, found[0], found[1], "units"
                    offset = found[1] if forward else found[0]

    def _expanded(self, text: str, steps, anchor: int, pos: int):
        """The seed itself, then each expand / shrink press from it."""
        yield steps, anchor, pos
        if "expand" not in self.strategies:
            return
        from annotator.core import units

        for command, step in (("select.expand", units.expand), ("select.shrink", units.shrink)):
            key = self.keymap.key(command)
            if key is None:
                continue
            start, end = min(anchor, pos), max(anchor, pos)
            more = steps
            for _ in range(MAX_REPEAT):
                start, end = step(text, start, end)
                more = (*more, Step(key))
                yield more, start, end

    def plans(self, state: State, gold: Gold, golds_left: Sequence[Gold]) -> list[Plan]:
        from annotator.gui.snapping import snap, word_at

        text = state.text
        label_key = self.keymap.label_key(gold.label)
        if label_key is None:
            return []
        target = (gold.start, gold.end)
        adds = frozenset({(gold.start, gold.end, gold.label)})
        good_start, good_end = _good_edges(text, gold)
        to_end = self._shift_paths_to(good_end)
        to_start = self._shift_paths_to(good_start)
        best: dict[tuple[Step, ...], Plan] = {}

        def offer(steps: tuple[Step, ...], strategy: str, extra=adds) -> None:
            if sum(s.cost for s in steps) <= BOUND and steps not in best:
                best[steps] = Plan(steps, strategy, extra)

        for seed_steps, anchor, pos, strategy in self._seeds(state, gold):
            for steps, a, p in self._expanded(text, seed_steps, anchor, pos):
                expanded = len(steps) > len(seed_steps)
                strategy_here = f"{strategy}+expand" if expanded else strategy
                if a == p:
                    if word_at(text, p) == target:
                        offer((*steps, Step(label_key)), strategy_here)
                    continue
                if snap(text, min(a, p), max(a, p)) == target:
                    offer((*steps, Step(label_key)), strategy_here)
                # Shift motions keep the anchor: extend to an edge the label key snaps to.
                if a in good_start and p in to_end:
                    offer((*steps, *to_end[p], Step(label_key)), strategy_here + "+shift")
                if a in good_end and p in to_start:
                    offer((*steps, *to_start[p], Step(label_key)), strategy_here + "+shift")
        self._offer_tag_all(state, gold, golds_left, best)
        self._offer_resize(state, gold, best)
        if not any(plan.cost <= EXACT_FROM for plan in best.values()):
            self._offer_exact(state, gold, best)
        # Fewest keys per span tagged first: an every-occurrence key that tags three gold
        # spans in two keys beats a plan that tags one in one.
        return sorted(best.values(), key=lambda plan: (plan.cost / len(plan.adds), plan.cost))

    def _offer_exact(self, state: State, gold: Gold, best) -> None:
        """Snapping off (its toggle), an exact selection, the label key, snapping on again:
        for an extent snapping cannot give ("the company" of "the company's")."""
        if "exact" not in self.strategies:
            return
        toggle = Step(self.keymap.key("view.snap") or "")
        label_key = Step(self.keymap.label_key(gold.label) or "")
        to_end = self._shift_paths_to({gold.end})
        to_start = self._shift_paths_to({gold.start})
        for seed_steps, anchor, pos, strategy in self._seeds(state, gold):
            if anchor == gold.start and pos in to_end:
                steps = (toggle, *seed_steps, *to_end[pos], label_key, toggle)
            elif anchor == gold.end and pos in to_start:
                steps = (toggle, *seed_steps, *to_start[pos], label_key, toggle)
            else:
                continue
            if sum(s.cost for s in steps) <= BOUND and steps not in best:
                best[steps] = Plan(steps, f"{strategy}+exact",
                                   frozenset({(gold.start, gold.end, gold.label)}))  # fmt: skip

    def _shift_paths_to(self, targets: set[int]) -> dict[int, tuple[Step, ...]]:
        """Fewest Shift motions from each offset into ``targets`` (backwards search)."""
        back: dict[int, list[tuple[int, str]]] = {}
        for key, table in self.shift.items():
            for here, there in enumerate(table):
                if there != here:
                    back.setdefault(there, []).append((here, key))
        paths: dict[int, tuple[Step, ...]] = {t: () for t in targets}
        queue = deque(targets)
        while queue:
            there = queue.popleft()
            if len(paths[there]) >= BOUND - 2:
                continue
            for here, key in back.get(there, ()):
                if here not in paths:
                    paths[here] = (Step(key), *paths[there])
                    queue.append(here)
        return paths

    def _offer_tag_all(self, state: State, gold: Gold, golds_left, best) -> None:
        """Shift + label key when every whole-word occurrence is a gold span still to do."""
        if "tag-all" not in self.strategies:
            return
        key = self.keymap.tag_all_key(gold.label)
        if key is None:
            return
        ranges = frozenset(
            (s, e, gold.label) for s, e in _whole_word_occurrences(state.text, gold)
        )
        wanted = {(g.start, g.end, g.label) for g in golds_left}
        if len(ranges) < 2 or not ranges <= wanted or ranges & state.spans:
            return
        for plan in list(best.values()):
            if plan.adds == {(gold.start, gold.end, gold.label)} and plan.steps:
                steps = (*plan.steps[:-1], Step(key))
                if steps not in best:
                    best[steps] = Plan(steps, plan.strategy + "+tag-all", ranges)

    def _offer_resize(self, state: State, gold: Gold, best) -> None:
        """Tag a nearby range, select it (span.previous), move its edges by words."""
        if "resize" not in self.strategies:
            return
        from annotator.gui.snapping import word_at

        text = state.text
        select_key = self.keymap.key("span.previous")
        resize = self.keymap.resize_keys()
        label_key = self.keymap.label_key(gold.label)
        # Word-aligned starting ranges reached by the cheapest plain-caret plans.
        caret = self._caret_paths(state.pos)
        for pos, steps in caret.items():
            word = word_at(text, pos)
            if word is None or not (gold.start <= word[0] < gold.end or
                                    gold.start < word[1] <= gold.end):  # fmt: skip
                continue
            if word in {(s, e) for s, e, _label in state.spans} or not _selects_new(
                state.spans, (*word, gold.label)
            ):  # fmt: skip
                continue  # the label key would not add it, or Shift+Tab would pick another
            moves: list[Step] = []
            start, end = word
            for edge, forward, goal in (("end", True, gold.end), ("start", False, gold.start)):
                key = _resize_key(resize, edge, forward=forward)
                while (end < goal if edge == "end" else start > goal) and len(moves) < BOUND:
                    nxt = _word_edge(text, end if edge == "end" else start, forward=forward,
                                     edge=edge)  # fmt: skip
                    if key is None or nxt is None:
                        break
                    moves.append(Step(key))
                    end, start = (nxt, start) if edge == "end" else (end, nxt)
            if (start, end) != (gold.start, gold.end) or not moves:
                continue
            plan_steps = (*steps, Step(label_key), Step(select_key), *moves)
            if sum(s.cost for s in plan_steps) <= BOUND and plan_steps not in best:
                best[plan_steps] = Plan(plan_steps, "caret+resize",
                                        frozenset({(gold.start, gold.end, gold.label)}))


def _resize_key(resize: dict[str, tuple[str, bool]], edge: str, *, forward: bool) -> str | None:
    return next((k for k, v in resize.items() if v == (edge, forward)), None)


def _selects_new(spans: frozenset[tuple[int, int, str]], new: tuple[int, int, str]) -> bool:
    """Whether span.previous, pressed with the caret at the end of the span just tagged,
    selects that span (``ArticleView.adjacent_span``): the last span in text order
    (start, longer first, label) that starts before the caret."""
    caret = new[1]
    order = sorted((s, -e, label) for s, e, label in (*spans, new) if s < caret)
    return bool(order) and order[-1] == (new[0], -new[1], new[2])


def _word_edge(text: str, offset: int, *, forward: bool, edge: str) -> int | None:
    """Where a resize key moves a span's edge: the window's own step when the snapping
    module has one (``word_edge``), else the nearest word end / start that way."""
    from annotator.gui import snapping
    from annotator.gui.snapping import word_at

    own = getattr(snapping, "word_edge", None)
    if own is not None:
        return own(text, offset, forward=forward, edge=edge)
    step = 1 if forward else -1
    at = offset + step if forward else offset - 1
    while 0 <= at <= len(text):
        word = word_at(text, at if forward else max(at, 0))
        if word is not None:
            edge = word[1] if forward else word[0]
            if (forward and edge > offset) or (not forward and edge < offset):
                return edge
        at += step
    return None


def _typeable(char: str) -> bool:
    """A character a person types into the find box with one key of a usual layout."""
    import unicodedata

    return (char.isprintable() and ord(char) < 0x10000 and char != "\u00a0"
            and not unicodedata.combining(char) and unicodedata.category(char) != "So")  # fmt: skip


def _good_edges(text: str, gold: Gold) -> tuple[set[int], set[int]]:
    """Offsets a selection may start / end at for the label key to snap it to ``gold``."""
    from annotator.gui.snapping import snap

    low, high = max(0, gold.start - 40), min(len(text), gold.end + 40)
    starts = {a for a in range(low, gold.end) if snap(text, a, gold.end)[0] == gold.start}
    ends = {b for b in range(gold.start + 1, high + 1) if snap(text, gold.start, b)[1] == gold.end}
    return starts, ends


def _whole_word_occurrences(text: str, gold: Gold) -> list[tuple[int, int]]:
    """What Shift + label key tags: the window's own ``occurrences`` when it has one."""
    from annotator.gui import snapping
    from annotator.gui.snapping import is_word_char

    needle = text[gold.start : gold.end]
    own = getattr(snapping, "occurrences", None)
    if own is not None:
        return list(own(text, needle))
    found = []
    for match in re.finditer(re.escape(needle), text):
        s, e = match.span()
        if (s == 0 or not is_word_char(text[s - 1])) and (
            e == len(text) or not is_word_char(text[e])
        ):
            found.append((s, e))
    return found


# -- the window -------------------------------------------------------------------------


@dataclass
class SpanResult:
    gold: Gold
    keys: int
    reached: bool
    plan: Plan | None
    failed_plans: int = 0
    text: str = ""
    failed: list[Plan] = field(default_factory=list)  # rolled back, in the order tried


@dataclass
class Result:
    spans: list[SpanResult] = field(default_factory=list)
    strategies: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, object]:
        by_label: dict[str, list[int]] = {}
        for span in self.spans:
            by_label.setdefault(span.gold.label, []).append(span.keys)
        total = sum(span.keys for span in self.spans)
        return {
            "spans": len(self.spans),
            "reached": sum(span.reached for span in self.spans),
            "keys_per_span": round(total / len(self.spans), 2) if self.spans else 0.0,
            "by_label": {
                label: round(sum(keys) / len(keys), 2) for label, keys in sorted(by_label.items())
            },
        }


class Driver:
    """Keys sent to the real window, its state read back, failed plans undone."""

    def __init__(self, window) -> None:
        from annotator.gui.qt import QtWidgets

        self.window = window
        self.app = QtWidgets.QApplication.instance()

    def send(self, step: Step) -> None:
        from PySide6.QtTest import QTest

        from annotator.gui.qt import QtGui, QtWidgets

        widget = QtWidgets.QApplication.focusWidget() or self.window
        if step.text:
            _type(widget, step.text)
        else:
            combination = QtGui.QKeySequence(step.key)[0]
            QTest.keyClick(widget, combination.key(), combination.keyboardModifiers())
        self.app.processEvents()

    def state(self) -> State:
        view = self.window.view
        cursor = view.textCursor()
        from_qt = view.offsets.from_qt
        return State(
            text=view.text,
            anchor=from_qt(cursor.anchor()),
            pos=from_qt(cursor.position()),
            query=self.window.find_bar.box.text(),
            spans=self.spans(),
            selected=view.selected_span is not None,
        )

    def spans(self) -> frozenset[tuple[int, int, str]]:
        article_id = self.window.article_id
        return frozenset((s.start, s.end, s.label) for s in self.window.store.spans(article_id))

    def restore(self, before: State) -> None:
        """Back to ``before`` without counting keys: the spans, the find box, the caret."""
        window = self.window
        for _ in range(8):
            now = self.spans()
            if now == before.spans:
                break
            extra = [s for s in window.store.spans(window.article_id)
                     if (s.start, s.end, s.label) not in before.spans]  # fmt: skip
            if extra and now - before.spans and not before.spans - now:
                for span in extra:
                    window.ops.delete(span.id)
            else:
                window.undo()  # a relabel or a removal: the history knows the way back
        if window.find_bar.isVisible():
            window.find_bar.close_bar()
        if window.find_bar.box.text() != before.query:
            window.find_bar.box.setText(before.query)
        view = window.view
        view.clear_selection()
        if before.anchor != before.pos:
            view.select_range(min(before.anchor, before.pos), max(before.anchor, before.pos))
        else:
            view.place_caret(before.pos)
        view.setFocus()
        self.app.processEvents()

    def moves(self, keys: dict[str, tuple[str, bool]]) -> dict[str, tuple[list[int], bool]]:
        """Where each caret key takes the caret from every stored offset, measured with a
        cursor on the view's own document (its layout decides lines and words)."""
        from annotator.gui.qt import QtGui

        view = self.window.view
        offsets = view.offsets
        document = view.document()
        size = len(view.text) + 1
        tables: dict[str, tuple[list[int], bool]] = {}
        for key, (operation, keep) in keys.items():
            move = getattr(QtGui.QTextCursor.MoveOperation, operation)
            table = []
            for offset in range(size):
                cursor = QtGui.QTextCursor(document)
                cursor.setPosition(offsets.to_qt(offset))
                cursor.movePosition(move)
                table.append(offsets.from_qt(cursor.position()))
            tables[key] = (table, keep)
        return tables


def _type(widget, text: str) -> None:
    """Type ``text`` a key per character; QTest.keyClicks takes ASCII only, so other
    characters (€, é) go as the key events a keyboard layout would produce."""
    from PySide6.QtTest import QTest

    from annotator.gui.qt import Qt, QtCore, QtGui, QtWidgets

    for char in text:
        if char.isascii():
            QTest.keyClick(widget, char)
            continue
        for kind in (QtCore.QEvent.Type.KeyPress, QtCore.QEvent.Type.KeyRelease):
            event = QtGui.QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
            QtWidgets.QApplication.sendEvent(widget, event)


def replay_article(
    window, golds: Sequence[Gold], *, planner_for: Callable[[Keymap, dict], Planner],
    keymap: Keymap,
) -> list[SpanResult]:  # fmt: skip
    driver = Driver(window)
    planner = planner_for(keymap, driver.moves(motion_keys(keymap)))
    order = sorted(golds, key=lambda g: (g.start, -g.end, g.label))
    done: set[tuple[int, int, str]] = set()
    results: list[SpanResult] = []
    for index, gold in enumerate(order):
        triple = (gold.start, gold.end, gold.label)
        words = window.view.text[gold.start : gold.end]
        if triple in done:  # tagged already, by an every-occurrence key
            results.append(SpanResult(gold, 0, True, None, text=words))
            continue
        before = driver.state()
        left = [g for g in order[index:] if (g.start, g.end, g.label) not in done]
        failed: list[Plan] = []
        result = None
        for plan in planner.plans(before, gold, left)[:TRIES]:
            for step in plan.steps:
                driver.send(step)
            if driver.spans() == before.spans | plan.adds:
                done |= plan.adds
                result = SpanResult(gold, plan.cost, True, plan, len(failed), words, failed)
                break
            failed.append(plan)
            driver.restore(before)
        if result is None:
            driver.restore(before)
            window.ops.tag(window.article_id, gold.start, gold.end, gold.label)
            window.view.place_caret(gold.end)
            done.add(triple)
            result = SpanResult(gold, BOUND, False, None, len(failed), words, failed)
        results.append(result)
    return results


def load_gold(store, path: Path) -> dict[int, list[Gold]]:
    """Import ``path`` with the app's importer; take the spans out as the gold."""
    from annotator.core.errors import AnnotatorError
    from annotator.core.importing import import_paths

    report = import_paths(store, [path])
    if report.refused:
        raise AnnotatorError(report.refused[0].line())
    gold: dict[int, list[Gold]] = {}
    for article_id in store.article_ids():
        spans = store.spans(article_id)
        gold[article_id] = [Gold(s.start, s.end, s.label) for s in spans]
        with store.transaction():
            for span in spans:
                store.delete_span(span.id)
    return gold


def _quiet_offscreen() -> None:
    """Drop the offscreen platform's one harmless line (it has no window manager to
    pass size hints to; pyproject's qt_log_ignore allows it in tests for that reason)."""
    from annotator.gui.qt import QtCore

    def handler(_mode, _context, message: str) -> None:
        if "propagateSizeHints" not in message:
            sys.stderr.write(message + "\n")

    QtCore.qInstallMessageHandler(handler)


@contextmanager
def gold_window(path: Path, *, workdir: Path) -> Iterator[tuple[Any, dict[int, list[Gold]]]]:
    """A window over a corpus made in ``workdir`` from the gold of ``path`` (its spans set
    aside), shown and active; closed with its store afterwards."""
    from annotator.core.store import Store
    from annotator.gui.mainwindow import MainWindow
    from annotator.gui.qt import QtWidgets
    from annotator.gui.settings import WindowSettings

    app = QtWidgets.QApplication.instance()
    if app is None:
        _quiet_offscreen()
        app = QtWidgets.QApplication([])
    store = Store.open(workdir / "corpus.sqlite3")
    window = None
    try:
        gold = load_gold(store, path)
        window = MainWindow(store, annotator="bench", poll_ms=0,
                            settings=WindowSettings(workdir / "settings.ini"))  # fmt: skip
        window.show()
        window.activateWindow()
        app.processEvents()
        yield window, gold
    finally:
        if window is not None:
            window.close()
            window.deleteLater()
            app.processEvents()
        store.close()


def measure(
    path: Path, *, workdir: Path, planner_for: Callable[[Keymap, dict], Planner] | None = None,
    bindings: dict[str, dict[str, str]] | None = None,
) -> Result:  # fmt: skip
    """Replay the gold of ``path`` on a window over a corpus made in ``workdir``.

    The keymap is the window's own unless ``bindings`` is given (a table to plan with;
    the window still carries out only what it binds, so an unbound plan fails and is
    rolled back).  ``planner_for`` swaps the planner, for tests.
    """
    from annotator.gui.qt import QtWidgets

    planner_for = planner_for or (lambda keymap, moves: Planner(keymap=keymap, moves=moves))
    with gold_window(path, workdir=workdir) as (window, gold):
        keymap = Keymap(bindings, window.labels) if bindings else Keymap.of_window(window)
        result = Result()
        for article_id, golds in gold.items():
            if not golds:
                continue
            window.open_article(article_id)
            window.find_bar.box.setText("")  # each article starts without a last query
            QtWidgets.QApplication.processEvents()
            result.spans += replay_article(window, golds, planner_for=planner_for,
                                           keymap=keymap)  # fmt: skip
        result.strategies = planner_for(keymap, {}).strategies
        return result


def report(result: Result) -> str:
    summary = result.summary()
    lines = [
        f"{summary['spans']} gold spans, {summary['reached']} reached by keyboard "
        f"(unreached count {BOUND} keys each)",
        f"keys per span: {summary['keys_per_span']:.2f} overall",
    ]
    counts: dict[str, int] = {}
    for span in result.spans:
        counts[span.gold.label] = counts.get(span.gold.label, 0) + 1
    for label, value in summary["by_label"].items():  # type: ignore[union-attr]
        lines.append(f"  {label:<8} {value:5.2f}  ({counts[label]} spans)")
    used: dict[str, int] = {}
    for span in result.spans:
        name = span.plan.strategy if span.plan else ("tag-all" if span.reached else "none")
        used[name] = used.get(name, 0) + 1
    lines.append("strategies bound: " + ", ".join(result.strategies))
    lines.append("plans used: " + ", ".join(f"{k} {v}" for k, v in sorted(used.items())))
    failed = sum(span.failed_plans for span in result.spans)
    lines.append(f"plans that failed on the window and were rolled back: {failed}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.keystrokes", description=__doc__
                                     .split("\n\n")[0])  # fmt: skip
    parser.add_argument("gold", type=Path, help="a file of gold spans the app can import")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--plans", action="store_true",
                        help="also list each span's keys, to see where they go")  # fmt: skip
    parser.add_argument("--suggestions", action="store_true",
                        help="compute suggestions first and review them (keystrokes_review.py)")
    parser.add_argument("--go-on", action="store_true",
                        help="with --suggestions: the window's 'Go on to the next suggestion "
                             "after tagging' chosen")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from annotator.core.errors import AnnotatorError

    with tempfile.TemporaryDirectory(prefix="annotator-keys-") as tmp:
        os.environ["XDG_CONFIG_HOME"] = str(Path(tmp) / "config")  # never the real settings
        try:
            if args.suggestions:
                from bench.keystrokes_review import measure_with_suggestions

                result = measure_with_suggestions(args.gold, workdir=Path(tmp), go_on=args.go_on)
            else:
                result = measure(args.gold, workdir=Path(tmp))
        except AnnotatorError as exc:
            print(f"{args.gold}: {exc}", file=sys.stderr)
            return 1
    print(json.dumps(result.summary()) if args.json else report(result))
    if args.plans:
        for span in result.spans:
            keys = " ".join(map(str, span.plan.steps)) if span.plan else "(none)"
            print(f"{span.gold.label:<7} {span.keys:>2}  {span.text!r}: {keys}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
