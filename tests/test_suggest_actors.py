"""ACTOR proposals from the actor registry and from strings already tagged (invented
names throughout)."""

from __future__ import annotations

import random
import time

from annotator.core.suggest import suggest
from annotator.core.suggest.actors import ALIAS_SCORE, LEARNED_SCORE, NAME_SCORE, ActorMatcher

REGISTRY = [
    ("E1", "Velkovar Council", ("the Council", "VC")),
    ("E2", "Ilse Brandow", ("Mayor Brandow",)),
]


def found(matcher: ActorMatcher, text: str) -> list[tuple[str, str | None]]:
    out = []
    for p in matcher.find(text):
        assert text[p.start : p.end] == p.text
        assert p.label == "ACTOR"
        out.append((p.text, p.attributes.get("entity")))
    return out


def test_registry_names_and_aliases_carry_the_entity_key() -> None:
    matcher = ActorMatcher(REGISTRY)
    text = "Mayor Brandow told the Council that Ilse Brandow and the VC agreed."
    assert found(matcher, text) == [
        ("Mayor Brandow", "E2"), ("the Council", "E1"), ("Ilse Brandow", "E2"), ("VC", "E1"),
    ]  # fmt: skip
    scores = {p.text: p.score for p in matcher.find(text)}
    assert scores["Ilse Brandow"] == NAME_SCORE
    assert scores["Mayor Brandow"] == ALIAS_SCORE


def test_whole_words_only() -> None:
    matcher = ActorMatcher(tagged=["Velk", "VC"])
    text = "Velkovar and Velka, VCs and Velk_ore stay; Velk, (VC) and Velk's boat count."
    assert [t for t, _ in found(matcher, text)] == ["Velk", "VC", "Velk"]


def test_the_longest_name_wins() -> None:
    matcher = ActorMatcher(REGISTRY, tagged=["Velkovar", "Velkovar Council Chamber"])
    text = "The Velkovar Council met; the Velkovar Council Chamber closed; Velkovar slept."
    assert found(matcher, text) == [
        ("Velkovar Council", "E1"), ("Velkovar Council Chamber", None), ("Velkovar", None),
    ]  # fmt: skip


def test_a_longer_name_that_is_no_whole_word_falls_back_to_the_shorter() -> None:
    matcher = ActorMatcher(tagged=["Orlen", "Orlen Port"])
    assert [t for t, _ in found(matcher, "Orlen Porters went home.")] == ["Orlen"]


def test_names_are_case_sensitive() -> None:
    matcher = ActorMatcher(tagged=["Bank of Orlen", "Mayor"])
    assert found(matcher, "the bank of orlen and the mayor; the Mayor") == [("Mayor", None)]


def test_learning_adds_a_string_from_then_on() -> None:
    matcher = ActorMatcher(REGISTRY)
    text = "Harbourmaster Oskar Veil spoke; later Oskar Veil and Ilse Brandow left."
    assert ("Oskar Veil", None) not in found(matcher, text)
    matcher.learn("Oskar Veil")
    matcher.learn("  ")  # an empty string is never learned
    matcher.learn("Ilse Brandow")  # the registry's reading stays
    got = matcher.find(text)
    assert [(p.text, p.score) for p in got] == [
        ("Oskar Veil", LEARNED_SCORE), ("Oskar Veil", LEARNED_SCORE),
        ("Ilse Brandow", NAME_SCORE),
    ]  # fmt: skip
    assert got[-1].attributes == {"entity": "E2"}
    # Five registry names and aliases, one learned string, and the surnames the two
    # learned names bring ("Veil", "Brandow"; the text has neither alone).
    assert len(matcher) == 8


def test_suggest_takes_a_matcher_or_plain_items() -> None:
    text = "Ilse Brandow met Oskar Veil."
    items = [("E2", "Ilse Brandow", ()), "Oskar Veil"]
    by_items = suggest(text, sources=["actors"], known_actors=items)
    by_matcher = suggest(text, sources=["actors"], known_actors=ActorMatcher.from_items(items))
    assert by_items == by_matcher
    assert [(p.text, p.attributes) for p in by_items] == [
        ("Ilse Brandow", {"entity": "E2"}), ("Oskar Veil", {}),
    ]  # fmt: skip
    assert suggest(text, sources=["actors"]) == []


def test_names_with_regex_characters_are_literal() -> None:
    matcher = ActorMatcher(tagged=["A.B. Holdings (Orlen)", "C+ Group"])
    text = "AxB Holdings (Orlen) no; A.B. Holdings (Orlen) yes; C+ Group yes"
    assert [t for t, _ in found(matcher, text)] == ["A.B. Holdings (Orlen)", "C+ Group"]


def test_thousands_of_names_stay_fast() -> None:
    rng = random.Random(5)
    syllables = ["ka", "ro", "vel", "mir", "dan", "os", "tel", "ul", "ber", "ni"]

    def word() -> str:
        return "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))).title()

    names = [f"{word()} {word()}" for _ in range(3000)]
    began = time.process_time()
    matcher = ActorMatcher(tagged=names)
    text = " ".join(rng.choice([*names[:50], "and", "the", "said", "council"])
                    for _ in range(100_000))  # fmt: skip
    got = matcher.find(text)
    elapsed = time.process_time() - began
    assert len(got) > 1000
    # About 0.5 s here for 0.8 MB with 3,000 names; a per-name scan would take minutes.
    assert elapsed < 5, elapsed


def test_a_learned_string_brings_its_case_variant_and_a_persons_surname():
    from annotator.core.suggest.actors import CASE_SCORE, SURNAME_SCORE, learned_variants

    assert learned_variants("Ivena Saldori") == [("Saldori", SURNAME_SCORE)]
    assert learned_variants("Mr Penhallow") == [("Penhallow", SURNAME_SCORE)]
    assert learned_variants("the water authority") == [("The water authority", CASE_SCORE)]
    assert learned_variants("The council") == [("the council", CASE_SCORE)]
    # Proper names keep their "The"; organisations and places give no surname; a title
    # alone is nobody.
    for name in ("The Sallen Courier", "Merrowline Ferries", "Ossick Dam", "Chief Reporter",
                 "Allied Waterworkers' Union", "Kastovia", "SRWA"):  # fmt: skip
        assert learned_variants(name) == [], name
    matcher = ActorMatcher(tagged=["Ivena Saldori", "the council"])
    text = "Ivena Saldori spoke. Saldori left. The council met; the council said. Saldoris."
    assert [(p.text, p.score) for p in matcher.find(text)] == [
        ("Ivena Saldori", 0.8), ("Saldori", SURNAME_SCORE), ("The council", CASE_SCORE),
        ("the council", 0.8),
    ]  # fmt: skip


def test_learned_mentions_are_the_articles_other_mentions_less_the_rejected(store):
    from annotator.core.model import Suggestion
    from annotator.core.suggesting import learned_mentions

    text = "Hana Breck spoke. Later Breck and the union left; Hana Breck stayed."
    article_id, _ = store.add_article(title="Union", text=text)
    found = learned_mentions(store, article_id, ["Hana Breck"])
    assert [(s.text, s.start) for s in found] == [
        ("Hana Breck", 0), ("Breck", text.index("Breck and")),
        ("Hana Breck", text.index("Hana Breck stayed")),
    ]
    assert all(text[s.start : s.end] == s.text and s.label == "ACTOR" for s in found)
    # "Breck" rejected once and never tagged: not proposed again.
    breck = found[1]
    [stored] = store.store_suggestions(
        [Suggestion(0, article_id, breck.start, breck.end, "ACTOR", "Breck", "actors", 0.6)]
    )
    store.reject_suggestions([stored.id])
    assert "Breck" not in [s.text for s in learned_mentions(store, article_id, ["Hana Breck"])]
