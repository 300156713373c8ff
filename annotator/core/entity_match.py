"""Which registry entity an ACTOR span names: its text fuzzily matched against every
entity's name and aliases (rapidfuzz), best first, one row per entity.

The window builds one :class:`EntityMatcher` per state of the registry and asks it at
each ACTOR tag, so the names are case-folded and stripped of punctuation once, not per
tag.  The score is rapidfuzz's ``WRatio`` (0-100): it rates a whole name and a name
inside a longer one ("Merkel" in "Angela Merkel") alike, which is how a span names an
actor in news text.  Below ``cutoff`` nothing is offered.

Measured (tests/test_entity_match.py runs it): 10,000 invented entities with two aliases
each (30,000 names), on this 2-core machine shared with other jobs: building the matcher
15-60 ms; one match 70 ms median, under 100 ms at worst.  The window asks only after an
ACTOR tag and only after the new span is painted, so no other tag pays anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from rapidfuzz import fuzz, process, utils

from annotator.core.model import Entity

__all__ = ["DEFAULT_CUTOFF", "EntityMatch", "EntityMatcher"]

# 60 let "VRC" through for "Marchenko" (a two-letter overlap scores 60): 70 keeps
# a surname inside a full name (90) and an alias with a typo (about 85).
DEFAULT_CUTOFF = 70.0


class EntityMatch(NamedTuple):
    entity: Entity
    score: float  # 0-100
    matched: str  # the name or alias that matched best, as written


class EntityMatcher:
    def __init__(self, entities: Iterable[Entity]) -> None:
        self.entities: list[Entity] = list(entities)
        self._choices: list[str] = []  # processed names and aliases
        self._owner: list[int] = []  # choice -> index into self.entities
        self._written: list[str] = []  # choice -> the name as written
        for at, entity in enumerate(self.entities):
            for name in dict.fromkeys((entity.name, *entity.aliases)):
                processed = utils.default_process(name)
                if processed:
                    self._choices.append(processed)
                    self._owner.append(at)
                    self._written.append(name)

    def __len__(self) -> int:
        return len(self.entities)

    def match(
        self, text: str, *, limit: int = 8, cutoff: float = DEFAULT_CUTOFF
    ) -> list[EntityMatch]:
        """The entities whose name or an alias best matches ``text``, best first.

        Ties go to an entity whose name (not alias) matched, then by name; at most
        ``limit`` entities, each once, with its best-matching name.
        """
        query = utils.default_process(text)
        if not query or not self._choices or limit <= 0:
            return []
        best: dict[int, tuple[float, int]] = {}
        # Each entity has several choices, so ask for more than ``limit`` and widen until
        # ``limit`` distinct entities are found or every choice above the cutoff was seen.
        wanted = limit * 4
        while True:
            found = process.extract(
                query, self._choices, scorer=fuzz.WRatio, processor=None,
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
