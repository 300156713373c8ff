"""The keystroke harness with the window's "Go on to the next suggestion after tagging":
a span tagged by hand in review mode needs no Tab back to the suggestions."""

from __future__ import annotations

from tests.test_keystrokes import gold_file, stored


def test_with_go_on_no_tab_follows_a_span_tagged_by_hand(tmp_path):
    from bench.keystrokes_review import measure_with_suggestions

    text = "Wardens counted 214 sheep. Brisk winds hit the coast. Later 9 dogs ran off."
    golds = [("NUMBER", "214 sheep"), ("CLAIM", "Brisk winds hit the coast."),
             ("NUMBER", "9 dogs")]  # fmt: skip
    path = gold_file(tmp_path, text, golds)
    work = tmp_path / "work"
    work.mkdir()
    result = measure_with_suggestions(path, workdir=work, go_on=True)
    assert stored(work) == set(golds)
    plans = {span.text: [str(step) for step in span.plan.steps] for span in result.spans}
    assert plans["214 sheep"] == ["F9", "Return"]
    assert "Tab" not in plans["Brisk winds hit the coast."]
    assert plans["9 dogs"] == ["Return"]  # selected as soon as the claim was tagged
    assert all(span.reached for span in result.spans)
