"""The keystroke harness with the window's "Go on to the next suggestion after tagging":
a span tagged by hand in review mode needs no Tab back to the suggestions."""

from __future__ import annotations

from tests.test_keystrokes import run_reviewing


def test_with_go_on_no_tab_follows_a_span_tagged_by_hand(tmp_path):
    text = "Wardens counted 214 sheep. Brisk winds hit the coast. Later 9 dogs ran off."
    golds = [("NUMBER", "214 sheep"), ("CLAIM", "Brisk winds hit the coast."),
             ("NUMBER", "9 dogs")]  # fmt: skip
    result, spans, plans = run_reviewing(tmp_path, text, golds, go_on=True)
    assert spans == set(golds)
    assert plans["214 sheep"] == ["F9", "Return"]
    assert "Tab" not in plans["Brisk winds hit the coast."]
    assert plans["9 dogs"] == ["Return"]  # selected as soon as the claim was tagged
    assert all(span.reached for span in result.spans)


def test_a_suggestion_of_nearly_the_gold_extent_is_corrected_then_accepted(tmp_path):
    """The gold "the estimated 700 people" where the numbers source offers "estimated 700
    people": Alt+Shift+Left moves its start a word, Enter accepts it so (2 keys), rather
    than X and tagging it by hand."""
    text = "Wardens said the estimated 700 people had left.\n\nBy dawn the boats were gone."
    gold = [("NUMBER", "the estimated 700 people")]
    result, spans, plans = run_reviewing(tmp_path, text, gold, go_on=True)
    assert spans == {("NUMBER", "the estimated 700 people")}
    [span] = result.spans
    steps = plans["the estimated 700 people"]
    assert span.plan.strategy == "review+correct"
    assert steps[-2:] == ["Alt+Shift+Left", "Return"]
    assert span.reached and span.keys == len(steps)
