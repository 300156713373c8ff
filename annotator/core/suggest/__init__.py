"""Suggestions (issue 15): spans a program proposes, for the analyst to accept or reject.

``suggest(text, sources=...)`` runs the chosen sources over one article's text and returns
:class:`Proposal` values, sorted by (start, -end, label), one per (start, end, label).  The
sources are small modules of their own, each a pure function of the text and plain data
(no store, no SQL, no Qt):

* ``numbers``: NUMBER, the number grammar of :mod:`annotator.core.numbers` (plus clock
  times, as the number key takes them), attributes pre-filled as for a tagged span;
* ``quotes``: QUOTE, quotations in any style with their marks, as the quote key tags them;
* ``claims``: CLAIM, what a sentence with a reporting verb reports;
* ``actors``: ACTOR, names of the actor registry and strings already tagged ACTOR;
* ``names``: ACTOR, names written in the text (first mentions), as the name key selects;
* ``patterns``: any label, from a spaCy/Prodigy patterns file.

The spaCy source (:mod:`.spacy_source`) is not among ``SOURCE_NAMES``: it needs a
model, works best over many texts at once, and is called by itself.

Scores (a proposal's ``score``, in [0, 1]: how often such a proposal should be right):
patterns 1.0 (the analyst wrote them); registry names 0.95, registry aliases 0.9, strings
learned from tagged spans 0.8; numbers 0.9, clock times 0.85; quotations 0.6 for three
words rising by 0.05 a word to 0.95; claims 0.6 after "said that"-like heads, 0.5 for the
other reporting verbs; names in the text 0.5 with a title or an organisation's word, 0.4
otherwise; spaCy's entities 0.7.  On a duplicate (start, end, label) the higher score is
kept and the attributes of the other fill what it lacks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from annotator.core.suggest.errors import SuggestError
from annotator.core.suggest.proposal import Proposal

__all__ = ["SOURCE_NAMES", "Proposal", "merge_proposals", "suggest"]

SOURCE_NAMES = ("numbers", "quotes", "claims", "actors", "names", "patterns")


def _rank(proposal: Proposal) -> float:
    return -1.0 if proposal.score is None else proposal.score


def merge_proposals(proposals: Iterable[Proposal]) -> list[Proposal]:
    """Sorted by (start, -end, label), one per place and label: the higher score wins."""
    best: dict[tuple[int, int, str], Proposal] = {}
    for proposal in proposals:
        key = (proposal.start, proposal.end, proposal.label)
        held = best.get(key)
        if held is None:
            best[key] = proposal
            continue
        winner, loser = (proposal, held) if _rank(proposal) > _rank(held) else (held, proposal)
        if loser.attributes.keys() - winner.attributes.keys():
            winner = winner._replace(attributes={**loser.attributes, **winner.attributes})
        best[key] = winner
    return sorted(best.values(), key=lambda p: (p.start, -p.end, p.label))


def suggest(
    text: str,
    *,
    sources: Iterable[str],
    known_actors: Any = (),
    patterns: Any = None,
    labels: Iterable[str] | None = None,
) -> list[Proposal]:
    """The proposals of ``sources`` (names from ``SOURCE_NAMES``) for one article's text.

    ``known_actors``: an :class:`~.actors.ActorMatcher` (build it once for a corpus), or
    an iterable of registry entities ``(key, name, aliases)`` and tagged strings.
    ``patterns``: what :func:`~.patterns.load_patterns` returned (needed for "patterns").
    ``labels``: keep only proposals of these labels (None keeps all).
    """
    chosen = tuple(sources)
    unknown = [name for name in chosen if name not in SOURCE_NAMES]
    if unknown:
        raise SuggestError(
            f"unknown suggestion source {unknown[0]!r}; use one of {', '.join(SOURCE_NAMES)}"
        )
    found: list[Proposal] = []
    # Imported here: each source loads only when asked for (the number grammar, the
    # units' caches), and this module stays importable by the store and the window.
    if "numbers" in chosen:
        from annotator.core.suggest.numbers import number_proposals

        found += number_proposals(text)
    if "quotes" in chosen:
        from annotator.core.suggest.quotes import quote_proposals

        found += quote_proposals(text)
    if "claims" in chosen:
        from annotator.core.suggest.claims import claim_proposals

        found += claim_proposals(text)
    if "actors" in chosen:
        from annotator.core.suggest.actors import ActorMatcher

        matcher = known_actors
        if not isinstance(matcher, ActorMatcher):
            matcher = ActorMatcher.from_items(known_actors)
        found += matcher.find(text)
    if "names" in chosen:
        from annotator.core.suggest.names import name_proposals

        found += name_proposals(text)
    if "patterns" in chosen:
        if patterns is None:
            raise SuggestError("the patterns source needs a patterns file (load_patterns)")
        found += patterns.find(text)
    if labels is not None:
        wanted = set(labels)
        found = [p for p in found if p.label in wanted]
    return merge_proposals(found)
