"""The pairing of gold and predicted spans: the same pairs as the documented quadratic
algorithm (kept here as the reference), at O(n log n) cost (issue 10, item 6)."""

from __future__ import annotations

import random
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.evaluate import Evaluation, pair_spans

TIERS = ("identical", "boundaries", "overlap_same_label", "overlap_other_label")


def reference_pair_spans(gold, pred):
    """The pairing as it was first written: every free gold against every free pred."""
    free_gold = set(range(len(gold)))
    free_pred = set(range(len(pred)))
    pairs = []
    for tier in TIERS:
        candidates = []
        for g in free_gold:
            gs, ge, gl = gold[g]
            for p in free_pred:
                ps, pe, pl = pred[p]
                overlap = min(ge, pe) - max(gs, ps)
                if overlap <= 0:
                    continue
                same_bounds = (gs, ge) == (ps, pe)
                if tier == "identical":
                    fits = same_bounds and gl == pl
                elif tier == "boundaries":
                    fits = same_bounds
                elif tier == "overlap_same_label":
                    fits = gl == pl
                else:
                    fits = True
                if fits:
                    candidates.append((-overlap, g, p))
        for _, g, p in sorted(candidates):
            if g in free_gold and p in free_pred:
                free_gold.discard(g)
                free_pred.discard(p)
                pairs.append((g, p, tier))
    return pairs, sorted(free_gold), sorted(free_pred)


# Small offsets and few labels, so that ties, nesting, shared edges and duplicates
# (which Evaluation.add can be given) are common; empty spans included on purpose.
span = st.builds(
    lambda start, length, label: (start, start + length, label),
    st.integers(0, 30),
    st.integers(0, 12),  # 0: an empty span, which overlaps nothing
    st.sampled_from("AB"),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(span, max_size=25), st.lists(span, max_size=25), st.booleans())
def test_pairs_are_those_of_the_quadratic_reference(gold, pred, sort_first):
    if sort_first:  # as Evaluation.add calls it
        gold, pred = sorted(gold), sorted(pred)
    assert pair_spans(gold, pred) == reference_pair_spans(gold, pred)


def random_article(rng: random.Random, count: int, length: int) -> list[tuple[int, int, str]]:
    spans = set()
    while len(spans) < count:
        start = rng.randrange(length - 40)
        spans.add((start, start + rng.randint(1, 40), rng.choice("ABCD")))
    return sorted(spans)


def test_pairs_match_the_reference_on_a_dense_random_article():
    rng = random.Random(7)
    gold = random_article(rng, 600, 5_000)
    # predictions: most gold spans kept, moved or relabelled, some invented
    pred = set()
    for start, end, label in gold:
        roll = rng.random()
        if roll < 0.4:
            pred.add((start, end, label))
        elif roll < 0.6:
            pred.add((start, end, rng.choice("ABCD")))
        elif roll < 0.9:
            pred.add((max(0, start + rng.randint(-3, 3)), end + rng.randint(1, 4), label))
    pred |= set(random_article(rng, 150, 5_000))
    pred_list = sorted(pred)
    assert pair_spans(gold, pred_list) == reference_pair_spans(gold, pred_list)


def test_ten_thousand_spans_in_one_article_evaluate_in_seconds_not_minutes():
    # The quadratic pairing took about 80 s here; the figure itself is in the bench.
    rng = random.Random(3)
    gold = random_article(rng, 10_000, 1_000_000)
    pred = [
        (start + (i % 3 == 0), end, label if i % 5 else "A")
        for i, (start, end, label) in enumerate(gold)
    ]
    began = time.perf_counter()
    evaluation = Evaluation()
    evaluation.add(gold, pred)
    took = time.perf_counter() - began
    micro = evaluation.report()["schemes"]["partial"]["micro"]
    assert micro["possible"] == 10_000 and micro["actual"] == 10_000
    assert took < 5.0, f"{took:.1f} s"
