"""``agreement``: every measure, per pair of analysts and averaged over the pairs."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from itertools import combinations
from typing import Any

import numpy as np

from annotator.core.agreement import codings
from annotator.core.agreement.inputs import Analyst, prepare
from annotator.core.agreement.matching import disagreements, pair_scores


def agreement(*, texts: Mapping[int, str], analysts: Sequence[Analyst]) -> dict[str, Any]:
    """How far the analysts agree on the articles all of them marked done; JSON-ready.

    Undefined figures (a kappa or alpha with nothing to vary, an F1 over no spans) are
    None, which ``format_table`` shows as "n/a".
    """
    prepared = prepare(texts, analysts)
    labels = prepared.labels
    units = codings.Units(texts, prepared.articles)
    coverage = np.stack([units.coverage(w.spans, labels) for w in prepared.work])
    codes, count = codings.categories(coverage)
    alpha = {
        "per_label": {
            label: _value(codings.alpha(coverage[:, i, :].astype(np.int64), 2))
            for i, label in enumerate(labels)
        },
        "overall": _value(codings.alpha(codes, count)),
    }
    pairs = []
    for a, b in combinations(range(len(prepared.names)), 2):
        scores = pair_scores(prepared, a, b)
        scores["kappa"] = {
            "per_label": {
                label: _value(codings.pair_kappa(
                    coverage[a, i].astype(np.int64), coverage[b, i].astype(np.int64), 2
                ))
                for i, label in enumerate(labels)
            },
            "overall": _value(codings.pair_kappa(codes[a], codes[b], count)),
        }  # fmt: skip
        pairs.append(scores)
    return {
        "analysts": prepared.names,
        "articles": {"compared": len(prepared.articles), "excluded": prepared.excluded},
        "units": units.count,
        "labels": labels,
        "alpha": alpha,
        "pairs": pairs,
        "mean": _mean(pairs, labels),
    }


def details(*, texts: Mapping[int, str], analysts: Sequence[Analyst]) -> list[dict[str, Any]]:
    """The disagreements behind the figures, pair by pair, in article order."""
    prepared = prepare(texts, analysts)
    found = []
    for a, b in combinations(range(len(prepared.names)), 2):
        found += disagreements(prepared, texts, a, b)
    return found


def _value(number: float) -> float | None:
    return None if math.isnan(number) else number


def _average(values: list[float | None]) -> float | None:
    """The mean over the pairs where the figure is defined."""
    defined = [value for value in values if value is not None]
    return sum(defined) / len(defined) if defined else None


def _mean(pairs: list[dict[str, Any]], labels: list[str]) -> dict[str, Any]:
    spans = {
        scheme: {
            "per_label": {
                label: _average([p["spans"][scheme]["per_label"][label]["f1"] for p in pairs])
                for label in labels
            },
            "micro": _average([p["spans"][scheme]["micro"]["f1"] for p in pairs]),
        }
        for scheme in pairs[0]["spans"]
    }
    kappa = {
        "per_label": {
            label: _average([p["kappa"]["per_label"][label] for p in pairs]) for label in labels
        },
        "overall": _average([p["kappa"]["overall"] for p in pairs]),
    }
    linked = {
        what: {
            scheme: _average([p[what][scheme]["micro"]["f1"] for p in pairs])
            for scheme in pairs[0][what]
        }
        for what in ("relations", "links")
    }
    return {"spans": spans, "kappa": kappa, **linked}
