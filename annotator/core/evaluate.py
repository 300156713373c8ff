"""Score a system's spans (PRED) against the analysts' (GOLD).

The four schemes are those of SemEval-2013 Task 9.1 as David Batista
described them and nervaluate computes them:

- strict: same boundaries and same label;
- exact:  same boundaries, any label;
- partial: some overlap, any label; an overlap that is not exact earns half;
- type:   same label and some overlap.

Each predicted span is paired with at most one gold span and the other way
round, best pairs first: identical span, then same boundaries, then overlap
with the same label, then overlap with another label (within a tier, the
larger overlap wins).  nervaluate lets two predictions claim one gold span;
pairing one to one keeps POS equal to the number of gold spans and ACT to the
number of predicted spans, which matters with the nested and overlapping
spans this corpus has.  A pair scores, per scheme:

    tier               strict  exact  partial  type
    identical          COR     COR    COR      COR
    same boundaries    INC     COR    COR      INC
    overlap, label =   INC     INC    PAR      COR
    overlap, label !=  INC     INC    PAR      INC

An unpaired gold span is MIS and an unpaired prediction SPU in every scheme.
Precision = (COR + PAR/2) / ACT and recall = (COR + PAR/2) / POS, with ACT =
COR + INC + PAR + SPU and POS = COR + INC + PAR + MIS (PAR is never counted by
strict, exact or type); 0/0 is taken as 0.  Per label, a pair counts toward
the gold span's label for recall; for precision it counts toward the gold
span's label too when the scheme matched it regardless of label (COR or PAR
in exact and partial), and otherwise toward the predicted span's label, so a
label's row adds up: its correct predictions are its correct gold spans.
Micro averages pool all spans; macro averages are the means of
the per-label P, R and F1 over every label seen in GOLD or PRED.

Articles are paired by the SHA-256 of their text, else by id when the text is
identical; a gold article with no partner counts all its spans as missed.

Relations are scored on their own, per type and micro-averaged, under two
schemes: a predicted relation is correct when its type is the gold one's and
both its spans match the gold relation's spans, ``strict``ly (same boundaries
and label) or by ``overlap`` (same label, some overlap).  Each prediction is
paired with at most one gold relation, larger overlaps first; precision is
correct / predicted and recall correct / gold.
"""

from __future__ import annotations

import heapq
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.dberrors import explain
from annotator.core.errors import AnnotatorError
from annotator.core.model import text_sha256
from annotator.core.store import Store

SCHEMES = ("strict", "exact", "partial", "type")
_OUTCOMES = {  # tier -> outcome per scheme, in SCHEMES order
    "identical": ("COR", "COR", "COR", "COR"),
    "boundaries": ("INC", "COR", "COR", "INC"),
    "overlap_same_label": ("INC", "INC", "PAR", "COR"),
    "overlap_other_label": ("INC", "INC", "PAR", "INC"),
}

_GOLD_SIDE = ("COR", "INC", "PAR", "MIS")
_PRED_SIDE = ("COR", "INC", "PAR", "SPU")
SpanKey = tuple[int, int, str]
RelationKey = tuple[str, SpanKey, SpanKey]  # (type, head span, child span)
RELATION_SCHEMES = ("strict", "overlap")


class EvaluationError(AnnotatorError):
    """GOLD or PRED cannot be read as a corpus."""


@dataclass(slots=True)
class Document:
    text: str
    ref: str | None
    spans: set[SpanKey] = field(default_factory=set)
    title: str = ""
    relations: set[RelationKey] = field(default_factory=set)

    @property
    def sha256(self) -> str:
        return text_sha256(self.text)


# -- reading GOLD and PRED ------------------------------------------------------


def load_documents(path: Path | str) -> list[Document]:
    """A corpus database, an importable export file, or a folder of them."""
    from annotator.core.importing import expand, read_file

    path = Path(path)
    if not path.exists():
        raise EvaluationError(f"{path}: no such file or folder")
    if path.is_file() and _is_sqlite(path):
        # Read-only: scoring never migrates, rewrites or writes beside GOLD or PRED.
        store = Store.open(path, read_only=True)
        try:
            documents = []
            for article, spans in store.iter_articles():
                keys = {s.id: (s.start, s.end, s.label) for s in spans}
                documents.append(Document(
                    article.text, str(article.id), set(keys.values()), article.title,
                    {
                        (r.kind, keys[r.head_span_id], keys[r.tail_span_id])
                        for r in store.relations(article.id)
                    },
                ))  # fmt: skip
            return documents
        except sqlite3.DatabaseError as exc:  # a damaged page, read only now
            raise explain(exc, where=path, conn=store.conn) from None
        finally:
            store.close()
    files, _ = expand([path])
    by_sha: dict[str, Document] = {}
    for file in files:
        try:
            parsed = read_file(file)
        except AnnotatorError as exc:
            raise EvaluationError(f"{file}: {exc}") from None
        for article in parsed:
            keys = [(s.start, s.end, s.label) for s in article.spans]
            doc = Document(
                article.text, article.ref, set(keys), article.title,
                {(r.kind, keys[r.head], keys[r.child]) for r in article.relations},
            )  # fmt: skip
            same = by_sha.get(doc.sha256)
            if same is None:
                by_sha[doc.sha256] = doc
            else:  # the same text twice: its spans together
                same.spans |= doc.spans
                same.relations |= doc.relations
    if not by_sha:
        raise EvaluationError(f"{path}: holds no articles")
    return list(by_sha.values())


def _is_sqlite(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(16) == b"SQLite format 3\x00"


# -- pairing and counting --------------------------------------------------------


def pair_spans(
    gold: Sequence[SpanKey], pred: Sequence[SpanKey]
) -> tuple[list[tuple[int, int, str]], list[int], list[int]]:
    """Pairs (gold index, pred index, tier), unpaired gold and unpaired pred indices.

    Tier by tier, every candidate pair (both sides still free, overlapping, fitting the
    tier) is taken in the order larger overlap, then lower gold index, then lower pred
    index, skipping any whose side is already taken.  This is the documented pairing;
    it is computed without looking at every gold-pred pair (which took 12 s for 4,000
    spans in one article):

    - the two exact tiers pair spans with the same key (same boundaries): every such
      candidate has the same overlap, so taking them in index order pairs the i-th
      free gold with the i-th free pred of each key;
    - the overlap tiers need the pairs that overlap, found by one sweep over the spans
      in order of start (``_overlapping``), then sorted by that order.

    So the cost is O((n + k) log(n + k)) for n spans and k overlapping gold-pred pairs
    left after the exact tiers: O(n log n) unless a span overlaps many on the other side.
    """
    free_gold = [True] * len(gold)
    free_pred = [True] * len(pred)
    pairs: list[tuple[int, int, str]] = []

    def take(candidates: list[tuple[int, int, int]], tier: str) -> None:
        candidates.sort()
        for _, g, p in candidates:
            if free_gold[g] and free_pred[p]:
                free_gold[g] = free_pred[p] = False
                pairs.append((g, p, tier))

    for tier, key in (("identical", _whole), ("boundaries", _bounds)):
        golds: dict[Any, list[int]] = {}
        for g, span in enumerate(gold):
            if free_gold[g] and span[1] > span[0]:  # an empty span overlaps nothing
                golds.setdefault(key(span), []).append(g)
        candidates = []
        preds: dict[Any, list[int]] = {}
        for p, span in enumerate(pred):
            if free_pred[p] and span[1] > span[0]:
                preds.setdefault(key(span), []).append(p)
        for shared, gs in golds.items():
            for g, p in zip(gs, preds.get(shared, ()), strict=False):
                start, end, _ = gold[g]
                candidates.append((start - end, g, p))  # -overlap first, as every tier
        take(candidates, tier)
    overlapping = _overlapping(
        [g for g in range(len(gold)) if free_gold[g] and gold[g][1] > gold[g][0]],
        [p for p in range(len(pred)) if free_pred[p] and pred[p][1] > pred[p][0]],
        gold,
        pred,
    )
    take([c for c in overlapping if gold[c[1]][2] == pred[c[2]][2]], "overlap_same_label")
    take(overlapping, "overlap_other_label")
    return (
        pairs,
        [g for g, free in enumerate(free_gold) if free],
        [p for p, free in enumerate(free_pred) if free],
    )


def _whole(span: SpanKey) -> SpanKey:
    return span


def _bounds(span: SpanKey) -> tuple[int, int]:
    return span[0], span[1]


def _overlapping(
    golds: list[int], preds: list[int], gold: Sequence[SpanKey], pred: Sequence[SpanKey]
) -> list[tuple[int, int, int]]:
    """``(-overlap, g, p)`` for every gold and pred span that share a position.

    One sweep in order of start: a span meets every span of the other side that
    started no later and has not ended yet, so each overlapping pair is met once.
    Every span given must be non-empty.
    """
    events = sorted([(gold[g][0], 0, g) for g in golds] + [(pred[p][0], 1, p) for p in preds])
    open_spans: tuple[dict[int, int], dict[int, int]] = ({}, {})  # index -> end, per side
    ends: tuple[list[tuple[int, int]], list[tuple[int, int]]] = ([], [])  # heaps of (end, i)
    found: list[tuple[int, int, int]] = []
    for start, side, index in events:
        for heap, active in zip(ends, open_spans, strict=True):
            while heap and heap[0][0] <= start:
                del active[heapq.heappop(heap)[1]]
        end = (gold if side == 0 else pred)[index][1]
        for other, other_end in open_spans[1 - side].items():
            overlap = min(end, other_end) - start
            found.append((-overlap, index, other) if side == 0 else (-overlap, other, index))
        open_spans[side][index] = end
        heapq.heappush(ends[side], (end, index))
    return found


@dataclass(slots=True)
class Counts:
    """One scheme's counts for one label (gold side and predicted side)."""

    gold: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_GOLD_SIDE, 0))
    pred: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_PRED_SIDE, 0))

    def result(self) -> dict[str, Any]:
        possible = sum(self.gold.values())
        actual = sum(self.pred.values())
        precision = _ratio(self.pred["COR"] + 0.5 * self.pred["PAR"], actual)
        recall = _ratio(self.gold["COR"] + 0.5 * self.gold["PAR"], possible)
        return {
            "possible": possible, "actual": actual,
            "correct": self.gold["COR"], "incorrect": self.gold["INC"],
            "partial": self.gold["PAR"], "missed": self.gold["MIS"],
            "spurious": self.pred["SPU"],
            "precision": precision, "recall": recall, "f1": _f1(precision, recall),
        }  # fmt: skip


def _ratio(numerator: float, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass(slots=True)
class Evaluation:
    counts: dict[str, dict[str, Counts]] = field(
        default_factory=lambda: {scheme: {} for scheme in SCHEMES}
    )
    gold_articles: int = 0
    matched_by_text: int = 0
    matched_by_id: int = 0
    missing: list[str] = field(default_factory=list)  # gold articles with no PRED partner
    extra_pred: int = 0  # PRED articles with no gold partner (not scored)
    warnings: list[str] = field(default_factory=list)
    # scheme -> type -> [gold, predicted, correct]
    relation_counts: dict[str, dict[str, list[int]]] = field(
        default_factory=lambda: {scheme: {} for scheme in RELATION_SCHEMES}
    )

    def add_relations(self, gold: Iterable[RelationKey], pred: Iterable[RelationKey]) -> None:
        gold_list, pred_list = sorted(gold), sorted(pred)
        for scheme in RELATION_SCHEMES:
            counts = self.relation_counts[scheme]
            for kind, _, _ in gold_list:
                counts.setdefault(kind, [0, 0, 0])[0] += 1
            for kind, _, _ in pred_list:
                counts.setdefault(kind, [0, 0, 0])[1] += 1
            for kind in pair_relations(gold_list, pred_list, overlap=scheme == "overlap"):
                counts[kind][2] += 1

    def _label(self, scheme: str, label: str) -> Counts:
        # Not setdefault: it would build a Counts (two dicts) on every call, which was
        # half the time of agreement's 6,000 article pairs.
        counts = self.counts[scheme].get(label)
        if counts is None:
            counts = self.counts[scheme][label] = Counts()
        return counts

    def add(self, gold: Iterable[SpanKey], pred: Iterable[SpanKey]) -> None:
        gold_list, pred_list = sorted(gold), sorted(pred)
        pairs, lone_gold, lone_pred = pair_spans(gold_list, pred_list)
        for index, scheme in enumerate(SCHEMES):
            for g, p, tier in pairs:
                outcome = _OUTCOMES[tier][index]
                gold_label = gold_list[g][2]
                self._label(scheme, gold_label).gold[outcome] += 1
                # A match that ignores the label (exact, partial) is the gold span's: it
                # counts under that label for precision too, so each label's row adds up.
                side = gold_label if outcome in ("COR", "PAR") else pred_list[p][2]
                self._label(scheme, side).pred[outcome] += 1
            for g in lone_gold:
                self._label(scheme, gold_list[g][2]).gold["MIS"] += 1
            for p in lone_pred:
                self._label(scheme, pred_list[p][2]).pred["SPU"] += 1

    def report(self) -> dict[str, Any]:
        schemes: dict[str, Any] = {}
        for scheme in SCHEMES:
            per_label = {
                label: counts.result() for label, counts in sorted(self.counts[scheme].items())
            }
            total = Counts()
            for counts in self.counts[scheme].values():
                for key, value in counts.gold.items():
                    total.gold[key] += value
                for key, value in counts.pred.items():
                    total.pred[key] += value
            n = len(per_label)
            macro = {
                metric: (sum(r[metric] for r in per_label.values()) / n if n else 0.0)
                for metric in ("precision", "recall", "f1")
            }
            schemes[scheme] = {"per_label": per_label, "micro": total.result(), "macro": macro}
        relations = {}
        for scheme in RELATION_SCHEMES:
            per_type = {
                kind: _relation_result(*counts)
                for kind, counts in sorted(self.relation_counts[scheme].items())
            }
            total = [sum(c[i] for c in self.relation_counts[scheme].values()) for i in range(3)]
            relations[scheme] = {"per_type": per_type, "micro": _relation_result(*total)}
        return {
            "articles": {
                "gold": self.gold_articles,
                "matched_by_text": self.matched_by_text,
                "matched_by_id": self.matched_by_id,
                "missing_from_pred": len(self.missing),
                "pred_not_in_gold": self.extra_pred,
            },
            "warnings": self.warnings,
            "schemes": schemes,
            "relations": relations,
        }


def _relation_result(gold: int, pred: int, correct: int) -> dict[str, Any]:
    precision, recall = _ratio(correct, pred), _ratio(correct, gold)
    return {
        "gold": gold, "predicted": pred, "correct": correct, "missed": gold - correct,
        "spurious": pred - correct, "precision": precision, "recall": recall,
        "f1": _f1(precision, recall),
    }  # fmt: skip


def pair_relations(
    gold: Sequence[RelationKey], pred: Sequence[RelationKey], *, overlap: bool
) -> list[str]:
    """The types of the gold-pred relation pairs that match, one to one.

    Strict: same type, and both spans identical.  Overlap: same type, and each span
    overlaps its partner with the same label; larger overlaps (head plus child) pair
    first, then lower indices, as the span pairing does.
    """
    if not overlap:
        left: dict[RelationKey, int] = {}
        for key in gold:
            left[key] = left.get(key, 0) + 1
        matched = []
        for key in pred:
            if left.get(key):
                left[key] -= 1
                matched.append(key[0])
        return matched
    candidates = []
    for g, (kind, head, child) in enumerate(gold):
        for p, (other_kind, other_head, other_child) in enumerate(pred):
            if other_kind != kind:
                continue
            a, b = _shared(head, other_head), _shared(child, other_child)
            if a > 0 and b > 0:
                candidates.append((-(a + b), g, p))
    candidates.sort()
    free_gold, free_pred = [True] * len(gold), [True] * len(pred)
    matched = []
    for _, g, p in candidates:
        if free_gold[g] and free_pred[p]:
            free_gold[g] = free_pred[p] = False
            matched.append(gold[g][0])
    return matched


def _shared(one: SpanKey, other: SpanKey) -> int:
    """Characters two spans of the same label share (0 for different labels)."""
    if one[2] != other[2]:
        return 0
    return max(0, min(one[1], other[1]) - max(one[0], other[0]))


def evaluate_documents(gold: Sequence[Document], pred: Sequence[Document]) -> Evaluation:
    evaluation = Evaluation(gold_articles=len(gold))
    pred_by_sha = {doc.sha256: doc for doc in pred}
    pred_by_ref = {doc.ref: doc for doc in pred if doc.ref is not None}
    used: set[int] = set()
    for doc in gold:
        partner = pred_by_sha.get(doc.sha256)
        if partner is not None and id(partner) not in used:
            evaluation.matched_by_text += 1
        else:
            partner = pred_by_ref.get(doc.ref) if doc.ref is not None else None
            if partner is not None and id(partner) in used:
                partner = None
            if partner is not None and partner.text != doc.text:
                evaluation.warnings.append(
                    f"article {doc.ref}: PRED has an article with this id but another text; "
                    "offsets cannot be compared, so it counts as missing"
                )
                partner = None
            if partner is not None:
                evaluation.matched_by_id += 1
        if partner is None:
            evaluation.missing.append(doc.ref or doc.sha256[:12])
            evaluation.add(doc.spans, ())
            evaluation.add_relations(doc.relations, ())
            continue
        used.add(id(partner))
        evaluation.add(doc.spans, partner.spans)
        evaluation.add_relations(doc.relations, partner.relations)
    evaluation.extra_pred = sum(1 for doc in pred if id(doc) not in used)
    return evaluation


def evaluate_paths(gold: Path | str, pred: Path | str) -> Evaluation:
    return evaluate_documents(load_documents(gold), load_documents(pred))


def format_table(report: dict[str, Any]) -> str:
    """The report as plain-text tables, one per scheme."""
    articles = report["articles"]
    lines = [
        f"Gold articles: {articles['gold']}; matched by text {articles['matched_by_text']}, "
        f"by id {articles['matched_by_id']}; missing from PRED {articles['missing_from_pred']} "
        f"(all their spans missed); PRED articles not in gold {articles['pred_not_in_gold']} "
        "(not scored)",
        *(f"Warning: {w}" for w in report["warnings"]),
    ]
    header = (
        f"{'label':<16}{'gold':>7}{'pred':>7}{'COR':>6}{'INC':>6}{'PAR':>6}{'MIS':>6}{'SPU':>6}"
        f"{'P':>8}{'R':>8}{'F1':>8}"
    )
    for scheme, result in report["schemes"].items():
        lines += ["", f"{scheme}", header]
        rows = [*result["per_label"].items(), ("micro", result["micro"])]
        for label, r in rows:
            lines.append(
                f"{label[:15]:<16}{r['possible']:>7}{r['actual']:>7}{r['correct']:>6}"
                f"{r['incorrect']:>6}{r['partial']:>6}{r['missed']:>6}{r['spurious']:>6}"
                f"{r['precision']:>8.3f}{r['recall']:>8.3f}{r['f1']:>8.3f}"
            )
        macro = result["macro"]
        lines.append(
            f"{'macro':<16}{'':>44}"
            f"{macro['precision']:>8.3f}{macro['recall']:>8.3f}{macro['f1']:>8.3f}"
        )
    relation_header = (
        f"{'type':<16}{'gold':>7}{'pred':>7}{'COR':>6}{'MIS':>6}{'SPU':>6}{'P':>8}{'R':>8}{'F1':>8}"
    )
    for scheme, result in report.get("relations", {}).items():
        lines += ["", f"relations, {scheme}", relation_header]
        for kind, r in [*result["per_type"].items(), ("micro", result["micro"])]:
            lines.append(
                f"{kind[:15]:<16}{r['gold']:>7}{r['predicted']:>7}{r['correct']:>6}"
                f"{r['missed']:>6}{r['spurious']:>6}"
                f"{r['precision']:>8.3f}{r['recall']:>8.3f}{r['f1']:>8.3f}"
            )
    return "\n".join(lines)
