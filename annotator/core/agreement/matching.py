"""Span, relation and link F1 between two analysts, and the disagreements behind them.

Both use ``evaluate``'s pairing and counting as they are: analyst A (the earlier of
the pair in the order given) plays GOLD and B plays PRED.  F1 does not care which is
which: F1 = 2 * agreed / (A's spans + B's spans), with ``agreed`` the identical pairs
(strict) or identical pairs plus half of the overlapping ones (overlap, evaluate's
``partial`` scheme: the issue's "one boundary disagreement scores 0.75").  What
depends on the sides is only where a pair of two labels is counted per label: under
A's label for the overlap scheme (evaluate's rule), so the per-label overlap rows of
A-B and B-A can differ while their micro figures cannot.

Relations and links: strict when both spans are identical and the type agrees,
overlap when each span overlaps its partner with the same label (``pair_relations``).
A link joins spans of two articles, so links are paired per pair of articles.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from annotator.core.agreement.inputs import Prepared
from annotator.core.evaluate import Evaluation, RelationKey, SpanKey, pair_spans

SPAN_SCHEMES = {"strict": "strict", "overlap": "partial"}  # ours -> evaluate's
_KINDS = {"boundaries": "label", "overlap_same_label": "boundary",
          "overlap_other_label": "boundary+label"}  # fmt: skip


def pair_scores(prepared: Prepared, a: int, b: int) -> dict[str, Any]:
    """Span, relation and link F1 of analysts ``a`` and ``b`` (indices into prepared)."""
    one, other = prepared.work[a], prepared.work[b]
    evaluation, links = Evaluation(), Evaluation()
    for article in prepared.articles:
        evaluation.add(one.spans.get(article, ()), other.spans.get(article, ()))
        evaluation.add_relations(one.relations.get(article, ()),
                                 other.relations.get(article, ()))  # fmt: skip
    for ends in sorted(one.links.keys() | other.links.keys()):
        links.add_relations(one.links.get(ends, ()), other.links.get(ends, ()))
    report = evaluation.report()
    spans = {}
    for ours, theirs in SPAN_SCHEMES.items():
        scheme = report["schemes"][theirs]
        per_label = {label: _f1(scheme["per_label"].get(label)) for label in prepared.labels}
        spans[ours] = {"per_label": per_label, "micro": _f1(scheme["micro"])}
    return {
        "a": prepared.names[a], "b": prepared.names[b], "spans": spans,
        "relations": _relations(report["relations"]),
        "links": _relations(links.report()["relations"]),
    }  # fmt: skip


def _f1(result: Mapping[str, Any] | None) -> dict[str, Any]:
    if result is None:
        return {"a": 0, "b": 0, "agreed": 0.0, "f1": None}
    return {
        "a": result["possible"], "b": result["actual"],
        "agreed": result["correct"] + result["partial"] / 2,
        # Neither analyst tagged any: nothing to agree on, which is not a score of 0.
        "f1": result["f1"] if result["possible"] + result["actual"] else None,
    }  # fmt: skip


def _relations(report: Mapping[str, Any]) -> dict[str, Any]:
    def row(result: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "a": result["gold"], "b": result["predicted"], "agreed": result["correct"],
            "f1": result["f1"] if result["gold"] + result["predicted"] else None,
        }  # fmt: skip

    return {
        scheme: {
            "per_type": {kind: row(r) for kind, r in result["per_type"].items()},
            "micro": row(result["micro"]),
        }
        for scheme, result in report.items()
    }


# -- the disagreements -------------------------------------------------------------


def disagreements(prepared: Prepared, texts: Mapping[int, str], a: int, b: int
                  ) -> list[dict[str, Any]]:  # fmt: skip
    """Every span, relation and link of ``a`` and ``b`` that the other does not match.

    Spans by the same pairing as the F1 (a pair of identical spans is agreement):
    ``missing`` only A tagged it, ``extra`` only B, ``label`` same boundaries with
    another label, ``boundary`` overlapping with the same label, ``boundary+label``
    overlapping with another label.  Relations and links strictly: ``missing`` or
    ``extra`` when the other analyst has no identical one.
    """
    one, other = prepared.work[a], prepared.work[b]
    pair = [prepared.names[a], prepared.names[b]]
    found: list[dict[str, Any]] = []

    def add(article: int, what: str, kind: str, left: Any, right: Any) -> None:
        found.append({"a": pair[0], "b": pair[1], "article": article, "what": what,
                      "kind": kind, "a_item": left, "b_item": right})  # fmt: skip

    for article in prepared.articles:
        text = texts[article]
        mine, theirs = one.spans.get(article, []), other.spans.get(article, [])
        paired, lone_a, lone_b = pair_spans(mine, theirs)
        rows = [(mine[g][:2], "x", _KINDS[tier], mine[g], theirs[p])
                for g, p, tier in paired if tier != "identical"]  # fmt: skip
        rows += [(mine[g][:2], "a", "missing", mine[g], None) for g in lone_a]
        rows += [(theirs[p][:2], "b", "extra", None, theirs[p]) for p in lone_b]
        for _, _, kind, left, right in sorted(rows, key=lambda row: (row[0], row[1])):
            add(article, "span", kind, _span(left, text), _span(right, text))
        for kind, left, right in _unmatched(one.relations.get(article, ()),
                                            other.relations.get(article, ())):  # fmt: skip
            add(article, "relation", kind, _relation(left, text, text),
                _relation(right, text, text))  # fmt: skip
    for ends in sorted(one.links.keys() | other.links.keys()):
        first, second = (texts[article] for article in ends)
        for kind, left, right in _unmatched(one.links.get(ends, ()), other.links.get(ends, ())):
            item_a, item_b = _relation(left, first, second), _relation(right, first, second)
            for item in (item_a, item_b):
                if item is not None:
                    item["head"]["article"], item["tail"]["article"] = ends
            add(ends[0], "link", kind, item_a, item_b)
    return found


def _unmatched(mine: Any, theirs: Any) -> list[tuple[str, Any, Any]]:
    """Relations (or links) one side has and the other has not, as many times as extra."""
    only_a = Counter(mine) - Counter(theirs)
    only_b = Counter(theirs) - Counter(mine)
    rows = [("missing", key, None) for key in sorted(only_a.elements())]
    return rows + [("extra", None, key) for key in sorted(only_b.elements())]


def _span(key: SpanKey | None, text: str) -> dict[str, Any] | None:
    if key is None:
        return None
    start, end, label = key
    return {"start": start, "end": end, "label": label, "text": text[start:end]}


def _relation(key: RelationKey | None, head_text: str, tail_text: str) -> dict[str, Any] | None:
    if key is None:
        return None
    kind, head, tail = key
    return {"type": kind, "head": _span(head, head_text), "tail": _span(tail, tail_text)}
