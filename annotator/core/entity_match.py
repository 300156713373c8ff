"""Which registry entity an ACTOR span names: its text fuzzily matched against every
entity's name and aliases (rapidfuzz), best first, one row per entity.

The window builds one :class:`EntityMatcher` per state of the registry and asks it at
each ACTOR tag, so the names are case-folded and stripped of punctuation once, not per
tag.  The score is rapidfuzz's ``WRatio`` (0-100): it rates a whole name and a name
inside a longer one ("Merkel" in "Angela Merkel") alike, which is how a span names an
actor in news text.  Below ``cutoff`` nothing is offered.

``WRatio`` over 30,000 names (10,000 entities with two aliases each) took 70-440 ms a
match on this shared 2-core machine: too slow for the tag key.  So a large registry is
first cut to a shortlist with the plain, fast ``ratio`` (the whole name, and each word of
the text against the registry's words, which catches a surname inside a full name), and
``WRatio`` ranks the shortlist; a registry of up to ``DIRECT`` names is ranked whole.
Measured on 10,000 invented entities (30,000 names) with the machine's two cores loaded
three times over by other jobs: reading them from the store 0.3 s and building the
matcher 0.2-0.3 s (the window does both when idle, after each change to the registry),
one match 12-42 ms (tests/test_entity_match.py checks it stays well under 0.5 s).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from annotator.core.model import Entity


def _rapidfuzz():
    """rapidfuzz, loaded when first needed: the window imports this module at start."""
    from rapidfuzz import fuzz, process, utils

    return fuzz, process, utils

__all__ = ["DEFAULT_CUTOFF", "EntityMatch", "EntityMatcher"]

# 60 let "VRC" through for "Marchenko" (a two-letter overlap scores 60): 70 keeps
# a surname inside a full name (90) and an alias with a typo (about 85).
DEFAULT_CUTOFF = 70.0
DIRECT = 3000  # names: up to this many, WRatio ranks them all
SHORTLIST = 60  # per cheap pass: the whole text, and each of its words


class EntityMatch(NamedTuple):
    entity: Entity
    score: float  # 0-100
    matched: str  # the name or alias that matched best, as written


class EntityMatcher:
    def __init__(self, entities: Iterable[Entity]) -> None:
        _, _, utils = _rapidfuzz()
        self.entities: list[Entity] = list(entities)
        self._choices: list[str] = []  # processed names and aliases
        self._owner: list[int] = []  # choice -> index into self.entities
        self._written: list[str] = []  # choice -> the name as written
        words: dict[str, list[int]] = {}  # a word of some name -> the choices holding it
        for at, entity in enumerate(self.entities):
            for name in dict.fromkeys((entity.name, *entity.aliases)):
                processed = utils.default_process(name)
                if processed:
                    for word in set(processed.split()):
                        words.setdefault(word, []).append(len(self._choices))
                    self._choices.append(processed)
                    self._owner.append(at)
                    self._written.append(name)
        self._words = list(words)
        self._word_choices = list(words.values())

    def __len__(self) -> int:
        return len(self.entities)

    def match(
        self, text: str, *, limit: int = 8, cutoff: float = DEFAULT_CUTOFF
    ) -> list[EntityMatch]:
        """The entities whose name or an alias best matches ``text``, best first.

        Ties go to an entity whose name (not alias) matched, then by name; at most
        ``limit`` entities, each once, with its best-matching name.
        """
        fuzz, process, utils = _rapidfuzz()
        query = utils.default_process(text)
        if not query or not self._choices or limit <= 0:
            return []
        choices = self._shortlist(query) if len(self._choices) > DIRECT else self._choices
        best: dict[int, tuple[float, int]] = {}
        # Each entity has several choices, so ask for more than ``limit`` and widen until
        # ``limit`` distinct entities are found or every choice above the cutoff was seen.
        wanted = limit * 4
        while True:
            found = process.extract(
                query, choices, scorer=fuzz.WRatio, processor=None,
                score_cutoff=cutoff, limit=wanted,
            )  # fmt: skip
            best.clear()
            for _choice, score, index in found:
                owner = self._owner[index]
                if owner not in best or score > best[owner][0]:
                    best[owner] = (score, index)
            if len(best) >= limit or len(found) < wanted:
                break
            wanted *= 4
        ranked = sorted(
            best.items(),
            key=lambda item: (
                -item[1][0],
                self._written[item[1][1]] != self.entities[item[0]].name,
                self.entities[item[0]].name.casefold(),
            ),
        )
        return [
            EntityMatch(self.entities[owner], float(score), self._written[index])
            for owner, (score, index) in ranked[:limit]
        ]

    def _shortlist(self, query: str) -> dict[int, str]:
        """Choice index -> name: those close to the whole text, or holding a word close to
        one of its words (``ratio``, a fraction of ``WRatio``'s cost)."""
        fuzz, process, _ = _rapidfuzz()
        picked: set[int] = set()
        for _name, _score, index in process.extract(
            query, self._choices, scorer=fuzz.ratio, processor=None, limit=SHORTLIST
        ):
            picked.add(index)
        for word in set(query.split()):
            if len(word) < 2:
                continue
            for _word, _score, at in process.extract(
                word, self._words, scorer=fuzz.ratio, processor=None, limit=SHORTLIST,
                score_cutoff=70,
            ):  # fmt: skip
                picked.update(self._word_choices[at][:SHORTLIST])
        return {index: self._choices[index] for index in picked}
