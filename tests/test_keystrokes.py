"""The keystroke measurement (bench/keystrokes.py) on the real window, offscreen.

Every text here is invented.  The tiny gold files are written as native JSONL and go
through the app's own importer, as a user's gold file would.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest

from annotator.core.model import Label
from annotator.core.store import Store
from annotator.gui.keys.bindings import DEFAULT_BINDINGS, NORMAL
from bench import keystrokes
from bench.keystrokes import BOUND, Gold, Keymap, Plan, Planner, State, Step, measure

LABELS = [Label("CLAIM", "C", "#56B4E9", 0), Label("NUMBER", "N", "#E69F00", 1),
          Label("ACTOR", "A", "#009E73", 2), Label("QUOTE", "Q", "#CC79A7", 3)]  # fmt: skip


def gold_file(folder: Path, text: str, spans: list[tuple[str, str]]) -> Path:
    """A native JSONL file with one article; spans given as (label, exact text)."""
    records = []
    for label, needle in spans:
        start = text.index(needle)
        records.append({"start": start, "end": start + len(needle), "label": label})
    path = folder / "gold.jsonl"
    path.write_text(json.dumps({"title": "Gold", "text": text, "spans": records}) + "\n",
                    encoding="utf-8")  # fmt: skip
    return path


def stored(folder: Path) -> set[tuple[str, str]]:
    """(label, text) of every span the harness left in its corpus."""
    store = Store.open(folder / "corpus.sqlite3")
    try:
        return {(s.label, s.text) for a in store.article_ids() for s in store.spans(a)}
    finally:
        store.close()


def run(tmp_path: Path, text: str, spans: list[tuple[str, str]], **kwargs):
    work = tmp_path / "work"
    work.mkdir()
    result = measure(gold_file(tmp_path, text, spans), workdir=work, **kwargs)
    return result, stored(work)


def run_reviewing(tmp_path: Path, text: str, spans: list[tuple[str, str]], *, go_on=False):
    """The harness with suggestions: its result, the spans it left, each span's keys."""
    from bench.keystrokes_review import measure_with_suggestions

    work = tmp_path / "work"
    work.mkdir()
    result = measure_with_suggestions(gold_file(tmp_path, text, spans), workdir=work,
                                      go_on=go_on)  # fmt: skip
    plans = {span.text: [str(step) for step in span.plan.steps] for span in result.spans}
    return result, stored(work), plans


THREE = "Brenner Ostrov 40"
THREE_GOLD = [("ACTOR", "Brenner"), ("ACTOR", "Ostrov"), ("NUMBER", "40")]


def test_tiny_gold_reached_with_the_hand_counted_keys(qtbot, tmp_path):
    # By hand, with the caret at the start of the article: "A" tags the word at the caret
    # (1 key); then the caret sits at the end of "Brenner", so one caret key to the next
    # word and "A" (2); the same for "40" with "N" (2).  No plan can do a span in one key
    # after the first: a label key alone would tag the word just tagged.  5 keys / 3.
    result, spans = run(tmp_path, THREE, THREE_GOLD)
    summary = result.summary()
    assert summary["spans"] == 3
    assert summary["reached"] == 3
    assert [span.keys for span in result.spans] == [1, 2, 2]
    assert summary["keys_per_span"] == round(5 / 3, 2)
    assert summary["by_label"] == {"ACTOR": 1.5, "NUMBER": 2.0}
    assert spans == set(THREE_GOLD)


def test_a_far_span_is_reached_with_find(qtbot, tmp_path):
    # "zubrowka" is the only word with a z: Ctrl+F, "z", Escape, "A" is 4 keys, where
    # walking there word by word takes 6 (and, in lower case, no name key reaches it).
    text = "alpha beta gamma delta epsilon zubrowka theta iota kappa"
    result, spans = run(tmp_path, text, [("ACTOR", "zubrowka")])
    (span,) = result.spans
    assert span.reached
    assert span.plan is not None and span.plan.strategy == "find"
    label_key = Keymap(DEFAULT_BINDINGS, LABELS).label_key("ACTOR")
    assert [str(step) for step in span.plan.steps] == ["Ctrl+F", "'z'", "Escape", label_key]
    assert span.keys == 4
    assert spans == {("ACTOR", "zubrowka")}


def test_nested_and_overlapping_spans_are_all_reached(qtbot, tmp_path):
    text = "Officials said 40 homes flooded near the quay. Brenner disagreed."
    gold = [
        ("CLAIM", "40 homes flooded near the quay"),
        ("NUMBER", "40 homes"),  # inside the claim, same start
        ("CLAIM", "flooded near the quay. Brenner disagreed"),  # overlaps the first claim
        ("ACTOR", "Brenner"),  # inside the second claim
    ]
    result, spans = run(tmp_path, text, gold)
    assert result.summary()["reached"] == 4
    assert spans == set(gold)


def test_json_prints_the_figures(qtbot, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # its corpus goes under tmp_path
    path = gold_file(tmp_path, THREE, THREE_GOLD)
    assert keystrokes.main([str(path), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert set(figures) == {"spans", "reached", "keys_per_span", "by_label"}
    assert figures["spans"] == figures["reached"] == 3
    assert figures["keys_per_span"] == round(5 / 3, 2)
    assert set(figures["by_label"]) == {"ACTOR", "NUMBER"}


class WrongFirst(Planner):
    """Puts first a plan whose keys leave a span with the wrong label, as a simulation
    that got the window wrong would: the database check must catch it."""

    def plans(self, state, gold, golds_left):
        good = super().plans(state, gold, golds_left)
        other = "QUOTE" if gold.label != "QUOTE" else "CLAIM"
        steps = (*good[0].steps[:-1], Step(self.keymap.label_key(other)))
        return [Plan(steps, "wrong", good[0].adds), *good]


def test_a_plan_that_fails_on_the_window_is_rolled_back_and_the_next_is_used(qtbot, tmp_path):
    result, spans = run(
        tmp_path, THREE, THREE_GOLD,
        planner_for=lambda keymap, moves: WrongFirst(keymap=keymap, moves=moves),
    )  # fmt: skip
    assert result.summary()["reached"] == 3
    assert all(span.failed_plans == 1 for span in result.spans)
    # The wrong tags were undone and not counted: the same keys as without them.
    assert [span.keys for span in result.spans] == [1, 2, 2]
    assert spans == set(THREE_GOLD)


def test_a_span_no_key_can_make_is_tagged_directly_and_charged_the_bound(qtbot, tmp_path):
    # Half a word: with snapping always on (no key toggles it in this keymap) a label key
    # snaps every selection to whole words, so no plan makes it.
    from annotator.gui.keys import label_bindings

    table = {NORMAL: {key: command for key, command in DEFAULT_BINDINGS[NORMAL].items()
                      if command != "view.snap"}}  # fmt: skip
    for key, command in label_bindings(LABELS)[NORMAL].items():
        table[NORMAL].setdefault(key, command)
    text = "Brenner Ostrov spoke."
    result, spans = run(tmp_path, text, [("ACTOR", "Bren"), ("ACTOR", "Ostrov")],
                        bindings=table)  # fmt: skip
    first, second = result.spans
    assert not first.reached and first.keys == BOUND
    assert second.reached and second.keys <= 3
    assert result.summary()["reached"] == 1
    assert spans == {("ACTOR", "Bren"), ("ACTOR", "Ostrov")}  # later spans unaffected


def test_strategies_follow_the_bound_commands():
    table = {NORMAL: {"Ctrl+F": "find.open"}}
    # Shift + a label key (tag every occurrence) comes with the labels' own bindings.
    assert Planner(keymap=Keymap(table, LABELS), moves={}).strategies == [
        "caret", "find", "tag-all"
    ]
    table = {NORMAL: {
        "Alt+N": "select.next_number", "Alt+Up": "select.expand",
        "Alt+Right": "span.end_forward", "Alt+Shift+Left": "span.start_back",
        "Shift+Tab": "span.previous", "Shift+A": "label_all.ACTOR",
    }}  # fmt: skip
    keymap = Keymap(table, LABELS)
    assert Planner(keymap=keymap, moves={}).strategies == [
        "caret", "units", "expand", "resize", "tag-all"
    ]
    assert keymap.tag_all_key("ACTOR") == "Shift+A"
    assert keymap.tag_all_key("CLAIM") == "Shift+1"  # from the labels' own bindings
    assert keymap.resize_keys() == {"Alt+Right": ("end", True), "Alt+Shift+Left": ("start", False)}
    # Today's defaults: the label keys come from the labels, 1-9 and the letter.
    today = Keymap(DEFAULT_BINDINGS, LABELS)
    assert today.label_key("NUMBER") == "2"


@pytest.mark.parametrize("bad", ["missing.jsonl"])
def test_a_gold_file_that_cannot_be_read_is_one_line(qtbot, tmp_path, capsys, monkeypatch, bad):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert keystrokes.main([str(tmp_path / bad)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and bad in err


SPAN_KEYS = {NORMAL: {
    "Shift+Tab": "span.previous", "Alt+Right": "span.end_forward",
    "Alt+Shift+Left": "span.start_back", "Shift+A": "tag_all.ACTOR",
}}  # fmt: skip


def test_resize_plans_tag_a_word_select_it_and_move_its_end():
    # Planned only (today's window binds no resize key): the label key tags "Deputy",
    # Shift+Tab selects it, then the end moves a word at a time to "Brask".
    text = "Deputy Mayor Olena Brask spoke."
    keymap = Keymap(SPAN_KEYS, LABELS)
    planner = Planner(keymap=keymap, moves={})
    state = State(text=text, anchor=0, pos=0, query="", spans=frozenset())
    gold = Gold(0, len("Deputy Mayor Olena Brask"), "ACTOR")
    plans = [plan for plan in planner.plans(state, gold, [gold]) if "resize" in plan.strategy]
    assert [str(step) for step in plans[0].steps] == [
        keymap.label_key("ACTOR"), "Shift+Tab", "Alt+Right", "Alt+Right", "Alt+Right"
    ]


def test_resize_is_not_planned_when_shift_tab_would_select_another_span():
    text = "Deputy Mayor Olena Brask spoke."
    planner = Planner(keymap=Keymap(SPAN_KEYS, LABELS), moves={})
    # A span starting inside the word comes after it in text order: Shift+Tab picks it.
    state = State(text=text, anchor=0, pos=0, query="", spans=frozenset({(3, 6, "CLAIM")}))
    gold = Gold(0, len("Deputy Mayor"), "ACTOR")
    assert not [plan for plan in planner.plans(state, gold, [gold]) if "resize" in plan.strategy]


def test_every_occurrence_is_planned_only_when_each_one_is_gold():
    text = "Brask met Olsen. Brask left."
    planner = Planner(keymap=Keymap(SPAN_KEYS, LABELS), moves={})
    state = State(text=text, anchor=0, pos=0, query="", spans=frozenset())
    first, second = Gold(0, 5, "ACTOR"), Gold(17, 22, "ACTOR")
    best = planner.plans(state, first, [first, second])[0]
    assert [str(step) for step in best.steps] == ["Shift+A"]
    assert best.adds == {(0, 5, "ACTOR"), (17, 22, "ACTOR")}
    # With the second "Brask" not in the gold, Shift+A would tag a span too many.
    only = planner.plans(state, first, [first])
    assert all("tag-all" not in plan.strategy for plan in only)


def test_with_suggestions_enter_accepts_x_rejects_and_every_key_is_charged(tmp_path):
    """--suggestions: the window computes them (F9); the right ones cost Enter, a wrong one
    X, and the keys add up to what was pressed; the corpus ends with exactly the gold."""
    text = "Wardens said 214 sheep and 9 dogs were moved.\n\nBy dawn 30 more had gone."
    result, spans, plans = run_reviewing(tmp_path, text, [("NUMBER", "214 sheep"),
                                                          ("NUMBER", "9 dogs")])  # fmt: skip
    assert spans == {("NUMBER", "214 sheep"), ("NUMBER", "9 dogs")}
    # F9; the CLAIM that starts at "214" comes first: X; then Enter on "214 sheep" and
    # Enter on "9 dogs"; "30 more" is never visited.
    assert plans["214 sheep"] == ["F9", "X", "Return"]
    assert plans["9 dogs"] == ["Return"]
    assert sum(span.keys for span in result.spans) == 4
    assert result.summary()["keys_per_span"] == 2.0


def test_with_suggestions_a_span_none_offers_is_tagged_in_review_mode_then_tab(tmp_path):
    text = "Wardens counted 214 sheep. Brisk winds hit the coast. Later 9 dogs ran off."
    golds = [("NUMBER", "214 sheep"), ("CLAIM", "Brisk winds hit the coast."),
             ("NUMBER", "9 dogs")]  # fmt: skip
    result, spans, plans = run_reviewing(tmp_path, text, golds)
    assert spans == set(golds)
    assert plans["214 sheep"] == ["F9", "Return"]
    assert "Escape" not in plans["Brisk winds hit the coast."]  # tagged in review mode
    assert plans["9 dogs"] == ["Tab", "Return"]  # Tab: the next suggestion from there
    assert all(span.reached for span in result.spans)


def test_an_extent_snapping_cannot_give_is_made_with_snapping_switched_off(qtbot, tmp_path):
    """"the company" of "the company's": snapping would take the possessive along, so the
    plan switches snapping off (Ctrl+Shift+W), selects exactly, tags, and switches it on."""
    text = "Tobias Quennell, the company's director, spoke."
    result, spans = run(tmp_path, text, [("ACTOR", "the company")])
    (span,) = result.spans
    assert span.reached and span.plan is not None and span.plan.strategy.endswith("+exact")
    steps = [str(step) for step in span.plan.steps]
    assert steps[0] == steps[-1] == "Ctrl+Shift+W"
    assert spans == {("ACTOR", "the company")}
