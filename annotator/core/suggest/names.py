"""ACTOR proposals from names written in the text: a first mention, before anyone has
tagged or registered the actor (the actor matcher finds only names it knows).

A candidate is the **name unit** of :mod:`annotator.core.units` (a run of capitalised
words with titles and particles: "Chief Fire Officer Marta Velloway", "Allied
Waterworkers' Union"), so an accepted proposal is what the name key selects.  Left out,
since they are more often something other than an actor:

* a single word ("Portmerrow", "Council", "SRWA"): a place, a short reference to a name
  given in full elsewhere (which the actor matcher proposes once it is tagged) or an
  initialism;
* a name ending in a word for a place or a structure ("Quay Street", "Ossick Dam",
  "Tanners Row", "Leisure Centre");
* a name made only of role words ("Chief Reporter", "Readers' Editor").

Two names joined by "and" are one when the second ends in an organisation's word and
the first does not ("Sallen Coast Fire and Rescue Service"): the name unit stops at
"and", an organisation's name does not.

Scores are low, since a capitalised run is a guess: 0.5 for a name with a title in front
("Mayor ...") or an organisation's word at its end ("... Council", "... Union"), 0.4 for
other names of two or more words.
"""

from __future__ import annotations

from annotator.core.suggest.proposal import Proposal
from annotator.core.units import _units  # the per-text cache of what the keys walk

__all__ = ["name_proposals", "naming_words"]

SOURCE = "names"
TITLED_SCORE = 0.5
NAME_SCORE = 0.4

_PLACE_WORDS_TEXT = """
Street St Road Rd Lane Row Avenue Ave Square Close Way Drive Bridge Dam Reservoir River
Valley Bay Hill Hills Park Centre Center Station Airport Harbour Harbor Island Islands
Lake Sea Ocean Coast Mountain Mountains Forest Wood Field Fields Quay Pier Port Canal
Street's Road's Building Tower Hall Stadium Market Estate Gardens Beach Cape Peninsula
"""
_PLACE_WORDS = frozenset(_PLACE_WORDS_TEXT.split())
_TITLES_TEXT = """
Mayor Deputy Chief Officer Superintendent Inspector Sergeant Constable Councillor Professor
Dr Dr. Mr Mr. Mrs Mrs. Ms Ms. Minister President Prime Secretary General Gen. Colonel Col.
Captain Capt. Judge Senator Governor Sir Dame Lord Lady Director Commissioner Chair
Chairman Chairwoman Editor Reporter Spokesperson Spokesman Spokeswoman Readers' Executive
Assistant Senior Regional Fire Police Head Manager Correspondent
"""
_TITLES = frozenset(_TITLES_TEXT.split())
_ORG_WORDS_TEXT = """
Council Authority Service Services Union Association Constabulary Police Ministry Department
Agency Office Board Committee Commission Company Ferries Group Party Assembly Parliament
Government Court University College Institute Trust Foundation Society Federation Bank
Corporation Corp Ltd Inc Gazette Courier Ledger Times News Post Herald Press Army Navy
Brigade Force Forces Front Movement Alliance Coalition Network Team Club Church Hospital
"""
_ORG_WORDS = frozenset(_ORG_WORDS_TEXT.split())


def naming_words() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(titles, organisations' words, places' words): what the actor matcher needs to tell
    a person's surname from the last word of an organisation or a place."""
    return _TITLES, _ORG_WORDS, _PLACE_WORDS


def _joined(text: str, names: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The names, with "X and Y Service" made one where the second is an organisation's."""
    out: list[tuple[int, int]] = []
    for start, end in names:
        if out:
            a, b = out[-1]
            first, second = text[a:b].split(), text[start:end].split()
            if (
                text[b:start] == " and "
                and second[-1] in _ORG_WORDS
                and first[-1] not in _ORG_WORDS
                and second[0] not in _TITLES
            ):
                out[-1] = (a, end)
                continue
        out.append((start, end))
    return out


def name_proposals(text: str) -> list[Proposal]:
    found: list[Proposal] = []
    for start, end in _joined(text, _units(text).name):
        piece = text[start:end]
        words = piece.split()
        if len(words) < 2 or words[-1] in _PLACE_WORDS:
            continue
        if all(word in _TITLES for word in words):
            continue  # a role, not who holds it
        titled = words[0] in _TITLES or words[-1] in _ORG_WORDS
        score = TITLED_SCORE if titled else NAME_SCORE
        found.append(Proposal(start, end, "ACTOR", piece, SOURCE, score, {}))
    return found
