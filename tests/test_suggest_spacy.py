"""ACTOR proposals from a spaCy pipeline: a blank pipeline with an EntityRuler built here
(nothing downloaded), a model that is not installed, and spaCy itself missing."""

from __future__ import annotations

import builtins

import pytest
from hypothesis import given, settings

from annotator.core.suggest.errors import ModelMissing, SuggestError
from annotator.core.suggest.spacy_source import spacy_actors
from tests.strategies import article_text

spacy = pytest.importorskip("spacy")


def ruler_pipeline():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([
        {"label": "PERSON", "pattern": "Ilse Brandow"},
        {"label": "ORG", "pattern": "Velkovar Council"},
        {"label": "GPE", "pattern": "Orlen"},
        {"label": "NORP", "pattern": "Velkovarians"},
        {"label": "LOC", "pattern": "Grey Valley"},
        {"label": "DATE", "pattern": "Monday"},
        {"label": "MONEY", "pattern": "€40"},
    ])  # fmt: skip
    return nlp


def test_person_org_gpe_norp_loc_become_actor_proposals() -> None:
    texts = [
        "On Monday Ilse Brandow of the Velkovar Council paid €40 in Orlen.",
        "Velkovarians 🙂 walked to the Grey Valley.",
        "Nothing here.",
    ]
    results = spacy_actors(texts, ruler_pipeline())
    assert len(results) == 3
    for text, found in zip(texts, results, strict=True):
        for p in found:
            assert text[p.start : p.end] == p.text
            assert p.label == "ACTOR" and p.source == "spacy:en_pipeline" and p.score == 0.7
    assert [p.text for p in results[0]] == ["Ilse Brandow", "Velkovar Council", "Orlen"]
    assert [p.text for p in results[1]] == ["Velkovarians", "Grey Valley"]
    assert results[2] == []


def test_a_model_that_is_not_installed_names_the_download_command() -> None:
    with pytest.raises(ModelMissing) as caught:
        spacy_actors(["Ilse Brandow spoke."], "xx_orlen_news_sm")
    message = str(caught.value)
    assert "'xx_orlen_news_sm' is not installed" in message
    assert "python -m spacy download xx_orlen_news_sm" in message
    assert "\n" not in message


def test_spacy_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_spacy(name, *args, **kwargs):
        if name == "spacy" or name.startswith("spacy."):
            raise ImportError("No module named 'spacy'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_spacy)
    with pytest.raises(ModelMissing, match=r"not installed.*spacy download en_core_web_sm"):
        spacy_actors(["Ilse Brandow spoke."], "en_core_web_sm")


def test_a_pipeline_without_an_entity_recogniser_is_refused() -> None:
    with pytest.raises(SuggestError, match="has no entity recogniser"):
        spacy_actors(["Ilse Brandow spoke."], spacy.blank("en"))


NLP = None


@settings(max_examples=60, deadline=None, derandomize=True)
@given(text=article_text)
def test_offsets_hold_for_any_text(text: str) -> None:
    global NLP
    if NLP is None:
        NLP = ruler_pipeline()
    (found,) = spacy_actors([f"{text} Ilse Brandow {text}"], NLP)
    for p in found:
        assert f"{text} Ilse Brandow {text}"[p.start : p.end] == p.text
    assert "Ilse Brandow" in [p.text for p in found] or not text.strip()
