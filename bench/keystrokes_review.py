"""Keys per span with suggestions (issue 15): ``python -m bench.keystrokes GOLD --suggestions``.

Each article is opened empty, as without suggestions.  On the first, F9 (charged) switches
suggestions on, which computes them in the window's own task runner with the window's own
sources, and enters review mode on the first one; the articles after it open in review
mode with their suggestions computed.  The review pass walks them in text order, charging
every key: Enter accepts one that is a gold span, the label key accepts one whose offsets
are a gold span's under another label, X rejects any other.  A suggestion of a gold span's
label that overlaps it, where no suggestion offers the gold span itself, may instead be
corrected: review mode's resize keys (Alt+Left / Alt+Right its end, Alt+Shift+Left /
Alt+Shift+Right its start, a word each) and grow / shrink move its edges to the gold
span's, then Enter accepts it so; this is chosen when it costs no more than X and tagging
the span by the planner from there would.

Gold spans no suggestion offers are tagged where they come in the text, without leaving
review mode (its unit keys, find and label keys are normal mode's): before the review
reaches a suggestion past them, the same planner as without suggestions tags them (its
keys search forward from the caret), and Tab (charged) goes on to the next suggestion from
there; likewise where more than three wrong suggestions stand before the next useful one.
What no suggestion offered after the last useful one is tagged the same way at the end.
The keys of the review pass are charged to the gold spans they produce: rejections, F9 and
Tab are added to the next span accepted (or, with none left, to the article's last span),
so the total over the article is exactly the keys pressed.  The actors source learns
only from what is tagged in the corpus, which starts empty (the gold is set aside), so the
first article's ACTORs come from the names source alone and later ones learn from earlier
ones.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bench.keystrokes import (
    Driver,
    Gold,
    Keymap,
    Plan,
    Planner,
    Result,
    SpanResult,
    Step,
    gold_window,
    motion_keys,
    replay_article,
)

# Wrong suggestions worth rejecting one by one (X) to reach a useful one; with more in
# the way, leaving review (Escape), tagging up to it and coming back (F9) costs less.
SKIP = 3
# Keys at most spent moving a suggestion's edges before Enter (breadth-first search).
CORRECT = 6


def _edge_moves(keymap: Keymap, text: str) -> list[tuple[str, Callable[[int, int], tuple]]]:
    """Review mode's keys that move the current suggestion's edges, each as a function of
    (start, end), from the window's own word steps and units."""
    from annotator.core import units
    from annotator.gui.keys.bindings import REVIEW_RESIZE_COMMANDS
    from annotator.gui.snapping import word_edge

    moves: list[tuple[str, Callable[[int, int], tuple]]] = []
    for command, (edge, forward) in REVIEW_RESIZE_COMMANDS.items():
        key = keymap.key(command)
        if key is None:
            continue

        def move(start: int, end: int, edge=edge, forward=forward) -> tuple:
            moved = word_edge(text, end if edge == "end" else start, forward=forward, edge=edge)
            return (start, moved) if edge == "end" else (moved, end)

        moves.append((key, move))
    for command, step in (("select.expand", units.expand), ("select.shrink", units.shrink)):
        key = keymap.key(command)
        if key is not None:
            moves.append((key, lambda start, end, step=step: step(text, start, end)))
    return moves


def _correction(moves, start: int, end: int, goal: tuple[int, int]) -> tuple[Step, ...] | None:
    """Fewest edge keys from (start, end) to ``goal``, or None within ``CORRECT``."""
    paths: dict[tuple[int, int], tuple[Step, ...]] = {(start, end): ()}
    frontier = [(start, end)]
    while frontier and goal not in paths:
        ahead = []
        for here in frontier:
            if len(paths[here]) >= CORRECT:
                continue
            for key, move in moves:
                there = move(*here)
                if None in there or there[0] >= there[1] or there in paths:
                    continue
                paths[there] = (*paths[here], Step(key))
                ahead.append(there)
        frontier = ahead
    return paths.get(goal)


def _wait_for_suggestions(window, app) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        app.processEvents()
        task = window.review.task
        if task is None or not task.running:
            app.processEvents()
            return
        time.sleep(0.005)


def review_article(
    window, golds: Sequence[Gold], *, keymap: Keymap, planner_for: Callable[[Keymap, dict], Planner]
) -> list[SpanResult]:
    from annotator.gui.qt import QtWidgets

    app = QtWidgets.QApplication.instance()
    driver = Driver(window)
    wanted = {(g.start, g.end, g.label): g for g in golds}
    by_place = {(g.start, g.end): g for g in golds}
    controller = window.review.controller
    results: list[SpanResult] = []
    pending: list[Step] = []
    if window.modes.mode != "review":  # the first article: F9 computes them, enters review
        pending.append(Step("F9"))
        driver.send(pending[0])
    _wait_for_suggestions(window, app)  # later ones were computed when they opened
    in_review = Keymap.of_window(window)  # review mode's keys: units, find, label keys
    done: set[tuple[int, int, str]] = set()

    def useful(item) -> Gold | None:
        gold = wanted.get((item.start, item.end, item.label)) or by_place.get(
            (item.start, item.end)
        )
        if gold is None or (gold.start, gold.end, gold.label) in done:
            return None
        return gold

    def send(step: Step) -> None:
        driver.send(step)
        pending.append(step)

    def by_planner(spans: list[Gold]) -> None:
        if spans:
            found = replay_article(window, spans, planner_for=planner_for, keymap=in_review)
            done.update((r.gold.start, r.gold.end, r.gold.label) for r in found)
            results.extend(found)

    def untagged(g: Gold) -> bool:
        return (g.start, g.end, g.label) not in done

    def orphan(g: Gold) -> bool:
        """A gold span no open suggestion has the place of: the planner's to tag."""
        return untagged(g) and not any(
            (s.start, s.end) == (g.start, g.end) for s in controller.suggestions
        )

    planners: list[Planner] = []
    edge_moves = _edge_moves(in_review, window.view.text)

    def fixable(item) -> tuple[Gold, tuple[Step, ...]] | None:
        """A gold span of the suggestion's label it overlaps and no suggestion offers, with
        the fewest edge keys that correct it there."""
        best = None
        for g in golds:
            if g.label != item.label or not orphan(g):
                continue
            if not (g.start < item.end and item.start < g.end):
                continue
            path = _correction(edge_moves, item.start, item.end, (g.start, g.end))
            if path is not None and (best is None or len(path) < len(best[1])):
                best = (g, path)
        return best

    def fix_for(item) -> tuple[Gold, tuple[Step, ...]] | None:
        """What ``fixable`` finds, when correcting costs no more than X and the planner."""
        best = fixable(item)
        if best is None:
            return None
        if not planners:
            planners.append(planner_for(in_review, driver.moves(motion_keys(in_review))))
        state = driver.state()
        left = [g for g in golds if untagged(g)]
        plans = planners[0].plans(state, best[0], left)
        by_hand = 1 + (min(plan.cost for plan in plans) if plans else 40)  # X, then tag it
        return best if len(best[1]) + 1 <= by_hand else None

    def tagged(gold: Gold, before: frozenset, strategy: str) -> bool:
        """Whether the keys pending made ``gold``: then they are its plan, charged to it."""
        triple = (gold.start, gold.end, gold.label)
        if triple not in driver.spans() - before:
            return False
        done.add(triple)
        plan = Plan(tuple(pending), strategy, frozenset({triple}))
        words = window.view.text[gold.start : gold.end]
        results.append(SpanResult(gold, plan.cost, True, plan, text=words))
        pending.clear()
        return True

    def detour(spans: list[Gold]) -> None:
        """Tag ``spans`` with the planner in review mode, then on from there: the window
        selects the next suggestion after a tag of the analyst's own, else Tab."""
        by_planner(spans)
        item = controller.current_suggestion()
        if item is None or window.view.selection_offsets() != (item.start, item.end):
            send(Step("Tab"))

    while window.modes.mode == "review":
        item = controller.current_suggestion()
        order = controller.suggestions
        at = next((i for i, other in enumerate(order) if other is item), None)
        if item is None or at is None:
            break
        # Gold spans before this suggestion that none offers: tag them first, while the
        # caret is near them (the planner's keys search forward from the caret).
        behind = [g for g in golds if orphan(g) and g.end <= item.start]
        if behind:
            detour(behind)
            continue
        ahead = order[at:] + order[:at]
        gap = next((i for i, other in enumerate(ahead) if useful(other) or fixable(other)), None)
        if gap is None:
            break
        if gap > SKIP:
            # Many wrong suggestions before the next useful one: tag the gold up to it
            # without them, then Tab on from there.
            target = ahead[gap]
            between = [g for g in golds if untagged(g) and g.end <= target.start]
            if between:
                detour(between)
                continue
        gold = useful(item)
        fix = fix_for(item) if gold is None else None
        if fix is not None:
            target, path = fix
            before = driver.spans()
            for step in path:
                send(step)
            send(Step("Return"))
            if tagged(target, before, "review+correct"):
                continue
            # The window did otherwise: put the suggestion back in view and reject it.
            window.review.controller.view.show_suggestion(item)
            app.processEvents()
            gold = None
        if gold is None:
            step = Step("X")
        elif gold.label == item.label:
            step = Step("Return")
        else:
            step = Step(keymap.label_key(gold.label) or "")
        before = driver.spans()
        send(step)
        refused = gold is not None and not tagged(gold, before, "review")
        if refused and controller.current_suggestion() is item:
            break  # the window refused it: tag what is left without suggestions
    by_planner([g for g in golds if (g.start, g.end, g.label) not in done])
    if pending and results:  # keys that produced no span: charged to the article's last one
        last = results[-1]
        results[-1] = SpanResult(last.gold, last.keys + sum(s.cost for s in pending),
                                 last.reached, last.plan, last.failed_plans, last.text,
                                 last.failed)  # fmt: skip
    return sorted(results, key=lambda r: (r.gold.start, -r.gold.end, r.gold.label))


def measure_with_suggestions(path: Path, *, workdir: Path, go_on: bool = False) -> Result:
    """``go_on``: with the window's "Go on to the next suggestion after tagging" chosen."""
    from annotator.gui.qt import QtWidgets

    def planner_for(keymap: Keymap, moves: dict) -> Planner:
        return Planner(keymap=keymap, moves=moves)

    with gold_window(path, workdir=workdir) as (window, gold):
        app = QtWidgets.QApplication.instance()
        window.actions["review.go_on"].setChecked(go_on)
        keymap = Keymap.of_window(window)
        result = Result()
        for article_id, golds in gold.items():
            if not golds:
                continue
            window.open_article(article_id)
            _wait_for_suggestions(window, app)  # reopened with suggestions on: computed
            window.find_bar.box.setText("")
            app.processEvents()
            result.spans += review_article(window, golds, keymap=keymap, planner_for=planner_for)
        result.strategies = ["review (F9, Enter, label key, X, Tab)",
                             *planner_for(keymap, {}).strategies]  # fmt: skip
        return result
