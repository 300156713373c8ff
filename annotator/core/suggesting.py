"""Suggestions over a corpus (issue 15): computing them for articles, writing them, scoring them.

The sources themselves (:mod:`annotator.core.suggest`) are pure functions of one text;
this module is what the command line and the window share on top of them: which articles,
which labels (only those the corpus has: a proposal of a label the analyst never made
would be refused when accepted), the actor registry and the strings already tagged ACTOR
as the actors source's knowledge, and the spaCy source over many texts at once.

Nothing here writes: :func:`propose` returns :class:`~annotator.core.model.Suggestion`
values (id 0) for ``Store.store_suggestions``, so the command line stores them in one
transaction and the window stores what its worker thread computed.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.export import export_file
from annotator.core.formats.native import native_record
from annotator.core.model import Article, Span, Suggestion
from annotator.core.store import Store
from annotator.core.suggest_learning import kind_in_text, learned

__all__ = [
    "CHEAP_SOURCES",
    "SuggestionScores",
    "SuggestionsAsSpans",
    "corpus_matcher",
    "propose",
    "score_suggestions",
    "suggestion_record",
    "write_suggestions_jsonl",
]

# Every source that needs nothing but the corpus: what the window and `annotator suggest`
# run unless told otherwise ("patterns" needs a file, spaCy a model the user installed).
CHEAP_SOURCES = ("numbers", "quotes", "claims", "actors", "names")


class Cancelled(AnnotatorError):
    """The window closed or moved on while suggestions were being computed."""


def corpus_matcher(store: Store, *, leave_out: int | None = None) -> Any:
    """What the actors source knows: the registry's names and aliases, and every string
    the analysts tagged ACTOR in the corpus (but in article ``leave_out``: scoring an
    article must not learn its own gold)."""
    from annotator.core.suggest.actors import ActorMatcher

    matcher = ActorMatcher.from_items(
        [(entity.key, entity.name, entity.aliases) for entity in store.entities()]
    )
    rows = store.conn.execute(
        "SELECT DISTINCT text FROM spans WHERE label = 'ACTOR' AND article_id IS NOT ?",
        (leave_out,),
    )
    for (text,) in rows:
        matcher.learn(text)
    return matcher


_DIGITS = re.compile(r"\d+")
_LETTER = re.compile(r"[^\W\d_]")


def shape(text: str) -> str:
    """What a proposal is, for remembering rejections: its words, any digits alike."""
    return " ".join(_DIGITS.sub("0", text.casefold()).split())


def only_rejected(store: Store) -> set[tuple[str, str]]:
    """(label, shape) the analysts rejected and never accepted or tagged, anywhere in the
    corpus: not proposed again.  A shape with no letter ("0,0") is left out: one rejected
    bare number must not silence every number of its form."""
    rejected = {
        (label, shape(text))
        for label, text in store.conn.execute(
            "SELECT label, text FROM suggestions WHERE state = 'rejected'"
        )
    }
    rejected = {(label, form) for label, form in rejected if _LETTER.search(form)}
    if not rejected:
        return set()
    kept = {
        (label, shape(text))
        for table in ("spans", "suggestions WHERE state = 'accepted'")
        for label, text in store.conn.execute(f"SELECT label, text FROM {table}")
    }
    return rejected - kept


def propose(
    store: Store,
    article_ids: Iterable[int],
    *,
    sources: Sequence[str] = CHEAP_SOURCES,
    patterns: Any = None,
    labels: Iterable[str] | None = None,
    spacy_model: str | None = None,
    cancelled: threading.Event | None = None,
    held_out: bool = False,
    learn: bool = True,
) -> list[Suggestion]:
    """The proposals of ``sources`` (and of ``spacy_model``) for each article, as suggestions.

    ``labels`` keeps only those labels (None: every label the corpus has); ``held_out``
    (for scoring) keeps each article's own ACTOR spans from the actors source.  A kind of
    proposal the analysts have only ever rejected is left out (:func:`only_rejected`:
    "15 March" rejected as a NUMBER silences "16 March"), and with ``learn`` so is a kind
    rejected twice and never accepted (:mod:`annotator.core.suggest_learning`: dates, after
    two dates rejected; Ctrl+Shift+G in the window computes with ``learn=False``).  Proposals
    the article already holds (in any state) or already has as spans are still returned:
    ``store_suggestions`` skips those, in the transaction that stores the rest.
    """
    from annotator.core.suggest import suggest

    known = {label.name for label in store.labels()}
    wanted = known if labels is None else known & set(labels)
    ids = list(article_ids)
    texts = [store.article_text(article_id) for article_id in ids]
    matcher = corpus_matcher(store) if "actors" in sources else ()
    silenced = only_rejected(store)
    kinds = learned(store).silenced if learn else set()
    found: list[Suggestion] = []
    for article_id, text in zip(ids, texts, strict=True):
        if cancelled is not None and cancelled.is_set():
            raise Cancelled("suggestions cancelled")
        if held_out and "actors" in sources:
            matcher = corpus_matcher(store, leave_out=article_id)
        for proposal in suggest(
            text, sources=sources, known_actors=matcher, patterns=patterns, labels=wanted
        ):
            if (proposal.label, shape(proposal.text)) in silenced:
                continue
            if kinds and kind_in_text(text, proposal.start, proposal.end, proposal.label) in kinds:
                continue
            found.append(_suggestion(article_id, proposal))
    if spacy_model and "ACTOR" in wanted:
        from annotator.core.suggest.spacy_source import spacy_actors

        for article_id, proposals in zip(ids, spacy_actors(texts, spacy_model), strict=True):
            found += [_suggestion(article_id, proposal) for proposal in proposals]
    return found


def learned_mentions(store: Store, article_id: int, names: Iterable[str]) -> list[Suggestion]:
    """The mentions in one article of ACTOR strings just tagged there, and of their
    variants (a leading "the" in the other case, a person's surname): what the actors
    source learns from a span at once.  A proposal the analysts only ever rejected is
    left out, as in :func:`propose`; ``store_suggestions`` skips places already held."""
    from annotator.core.suggest.actors import ActorMatcher

    found = ActorMatcher(tagged=names).find(store.article_text(article_id))
    shapes = {shape(proposal.text) for proposal in found}
    # Asked at every ACTOR tagged while suggestions are on: the whole corpus's spans are
    # read (only_rejected) only when one of these shapes was ever rejected.
    rejected = {
        shape(text)
        for (text,) in store.conn.execute(
            "SELECT text FROM suggestions WHERE state = 'rejected' AND label = 'ACTOR'"
        )
    }
    silenced = only_rejected(store) if shapes & rejected else set()
    return [
        _suggestion(article_id, proposal)
        for proposal in found
        if ("ACTOR", shape(proposal.text)) not in silenced
    ]


def _suggestion(article_id: int, proposal: Any) -> Suggestion:
    return Suggestion(
        0, article_id, proposal.start, proposal.end, proposal.label, proposal.text,
        proposal.source, proposal.score, "", dict(proposal.attributes),
    )  # fmt: skip


# -- writing them out ---------------------------------------------------------------


def suggestion_record(article: Article, suggestions: Iterable[Suggestion]) -> dict[str, Any]:
    """One native JSON line whose spans are suggestions: each with its ``score`` and
    ``source`` (and ``model_version`` when it has one); the importer reads these lines back
    as articles with spans, and ``import --as-suggestions`` keeps the scores."""
    spans = []
    for item in suggestions:
        span: dict[str, Any] = {
            "start": item.start, "end": item.end, "label": item.label, "text": item.text,
            "score": item.score, "source": item.source,
        }  # fmt: skip
        if item.model_version:
            span["model_version"] = item.model_version
        if item.attributes:
            span["attributes"] = item.attributes
        spans.append(span)
    record = native_record(article, [])  # the article as a native line, then these spans
    record["spans"] = spans
    return record


def write_suggestions_jsonl(store: Store, path: Path, suggestions: Sequence[Suggestion]) -> int:
    """Write the suggestions, grouped by article, as native JSON lines; returns the lines."""
    by_article: dict[int, list[Suggestion]] = {}
    for item in suggestions:
        by_article.setdefault(item.article_id, []).append(item)
    with export_file(path, corpus=store.path, what="the suggestions") as handle:
        for article_id in sorted(by_article):
            record = suggestion_record(store.article(article_id), by_article[article_id])
            handle.write(json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n")
    return len(by_article)


class SuggestionsAsSpans:
    """The store as ``export --suggestions`` sees it: each article's open suggestions in
    place of its spans (their ``annotator`` is the source that proposed them), and no
    relations.  Everything else is the store's, so every exporter works unchanged and no
    gold span can slip into such an export."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def iter_articles(self, *, status: str | None = None) -> Iterator[tuple[Article, list[Span]]]:
        by_article: dict[int, list[Span]] = {}
        for item in self._store.iter_suggestions(state="open"):
            span = Span(
                item.id, item.article_id, item.start, item.end, item.label, item.text,
                item.source, item.created_at, dict(item.attributes),
            )  # fmt: skip
            by_article.setdefault(item.article_id, []).append(span)
        for article, _gold in self._store.iter_articles(status=status):
            yield article, by_article.get(article.id, [])

    def iter_relations(self, *, status: str | None = None) -> Iterator[Any]:
        yield from ()  # a generator: the exporter closes what it is given


# -- scoring them -------------------------------------------------------------------

Key = tuple[int, int, str]


@dataclass
class Tally:
    proposed: int = 0
    correct: int = 0
    gold: int = 0
    found: set[tuple[int, Key]] = field(default_factory=set)  # gold spans this row matched

    @property
    def precision(self) -> float:
        return self.correct / self.proposed if self.proposed else 0.0

    @property
    def recall(self) -> float:
        return len(self.found) / self.gold if self.gold else 0.0

    def row(self) -> dict[str, Any]:
        return {
            "proposed": self.proposed, "correct": self.correct, "gold": self.gold,
            "precision": round(self.precision, 4), "recall": round(self.recall, 4),
        }  # fmt: skip


@dataclass
class SuggestionScores:
    """Precision and recall of suggestions against gold, by (source, label)."""

    articles: int = 0
    rows: dict[tuple[str, str], Tally] = field(default_factory=dict)

    def report(self) -> dict[str, Any]:
        return {
            "articles": self.articles,
            "rows": [
                {"source": source, "label": label, **tally.row()}
                for (source, label), tally in sorted(self.rows.items(), key=_row_order)
            ],
        }

    def table(self) -> str:
        lines = [
            f"Suggestions scored on {self.articles} article(s) (exact offsets and label)",
            f"{'source':<16} {'label':<8} {'proposed':>8} {'correct':>8} {'gold':>6} "
            f"{'precision':>9} {'recall':>7}",
        ]
        for (source, label), tally in sorted(self.rows.items(), key=_row_order):
            lines.append(
                f"{source:<16} {label:<8} {tally.proposed:>8} {tally.correct:>8} "
                f"{tally.gold:>6} {tally.precision:>9.3f} {tally.recall:>7.3f}"
            )
        return "\n".join(lines)


ALL = "all"


def _row_order(item: tuple[tuple[str, str], Tally]) -> tuple[int, str, int, str]:
    (source, label), _ = item
    return (source == ALL, source, label == ALL, label)


def score_suggestions(
    gold: Iterable[tuple[int, Iterable[Key]]], suggestions: Iterable[Suggestion]
) -> SuggestionScores:
    """Score suggestions against gold spans, exact match of offsets and label.

    ``gold``: (article id, its gold (start, end, label)s) for each article scored; a
    suggestion of another article is left out.  Rows per source and label, per source
    (``all`` labels: gold counts only the labels that source proposes), and ``all``
    sources per label (one proposal per place and label, whichever source made it).  A
    (source, label) row's gold is every gold span of that label: recall says how much of
    the label the source finds by itself.
    """
    gold_of = {article_id: set(keys) for article_id, keys in gold}
    gold_count: dict[str, int] = {}
    for keys in gold_of.values():
        for _start, _end, label in keys:
            gold_count[label] = gold_count.get(label, 0) + 1
    scores = SuggestionScores(articles=len(gold_of))
    seen: set[tuple[str, str, int, Key]] = set()
    for item in suggestions:
        if item.article_id not in gold_of:
            continue
        key = (item.start, item.end, item.label)
        hit = key in gold_of[item.article_id]
        for source, label in ((item.source, item.label), (item.source, ALL), (ALL, item.label),
                              (ALL, ALL)):  # fmt: skip
            if (source, label, item.article_id, key) in seen:
                continue  # the same place proposed twice counts once in a row of sources
            seen.add((source, label, item.article_id, key))
            tally = scores.rows.setdefault((source, label), Tally())
            tally.proposed += 1
            if hit:
                tally.correct += 1
                tally.found.add((item.article_id, key))
    for (_source, label), tally in scores.rows.items():
        if label != ALL:
            tally.gold = gold_count.get(label, 0)
    for (source, label), tally in scores.rows.items():
        if label == ALL:
            covered = {lb for (src, lb) in scores.rows if src == source and lb != ALL}
            tally.gold = sum(gold_count.get(lb, 0) for lb in covered)
    return scores


def gold_of_corpus(store: Store) -> list[tuple[int, list[Key]]]:
    """The articles scored: those marked done or with a span, and their spans as gold."""
    found = []
    for article, spans in store.iter_articles():
        if article.status == "done" or spans:
            found.append((article.id, sorted({(s.start, s.end, s.label) for s in spans})))
    return found
