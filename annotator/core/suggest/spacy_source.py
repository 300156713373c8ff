"""ACTOR proposals from a spaCy pipeline's named entities (optional: spaCy is an extra).

``spacy_actors(texts, model)`` runs the pipeline ``model`` (an installed package name
such as "en_core_web_sm", or a loaded ``Language``) over the texts and turns its PERSON,
ORG, GPE, NORP and LOC entities into ACTOR proposals with the source "spacy:MODEL".  The
app never downloads a model: when spaCy or the model is missing the error says what the
user runs to install it.  spaCy's character offsets are Python string offsets, so they
are the project's code-point offsets as they are.

Score 0.7: a statistical recogniser trained on other news finds most names but also
places and groups an analyst does not count as actors (its entities carry no score of
their own).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from annotator.core.suggest.errors import ModelMissing, SuggestError
from annotator.core.suggest.proposal import Proposal

__all__ = ["ACTOR_ENTITY_LABELS", "spacy_actors"]

ACTOR_ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC"})
SCORE = 0.7
_RECOGNISERS = frozenset({"ner", "beam_ner", "entity_ruler", "span_ruler"})


def _load(model: str) -> Any:
    try:
        import spacy
    except ImportError:
        raise ModelMissing(
            f"spaCy is not installed, so the pipeline {model!r} cannot run: "
            f"pip install 'annotator[spacy]', then python -m spacy download {model}"
        ) from None
    try:
        return spacy.load(model)
    except OSError:
        raise ModelMissing(
            f"the spaCy pipeline {model!r} is not installed; install it with: "
            f"python -m spacy download {model}"
        ) from None


def _name(nlp: Any) -> str:
    meta = getattr(nlp, "meta", {}) or {}
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}"


def spacy_actors(texts: Iterable[str], model: Any, *, batch_size: int = 32) -> list[list[Proposal]]:
    """For each text, its ACTOR proposals from the pipeline ``model`` (a name or a Language)."""
    if isinstance(model, str):
        name, nlp = model, _load(model)
    else:
        name, nlp = _name(model), model
    factories = set(getattr(nlp, "pipe_factories", {}).values()) | set(nlp.pipe_names)
    if not factories & _RECOGNISERS:
        raise SuggestError(
            f"the spaCy pipeline {name!r} has no entity recogniser (pipes: "
            f"{', '.join(nlp.pipe_names) or 'none'}); use one with 'ner', e.g. en_core_web_sm"
        )
    source = f"spacy:{name}"
    results: list[list[Proposal]] = []
    for doc in nlp.pipe(texts, batch_size=batch_size):
        found = [
            Proposal(ent.start_char, ent.end_char, "ACTOR", ent.text, source, SCORE, {})
            for ent in doc.ents
            if ent.label_ in ACTOR_ENTITY_LABELS
        ]
        found.sort(key=lambda p: (p.start, -p.end))
        results.append(found)
    return results
