"""Write sample-second.jsonl: a second, independent annotation of five sample articles.

A second analyst annotated ``03-council-statement.txt`` and the four Lorvik articles of
``07-lorvik-talks.jsonl`` from the guideline of ``sample-gold-full.md`` (up to the end of its
CLAIM section) and the texts alone, so that the two annotations can be compared to see how
clear the guideline is.  The Lorvik file's own spans are not read: only its titles and texts.

Spans are written here by label, exact text and occurrence (0-based, among every place the
text occurs in the article, overlapping places included), so that a reader checks them against
the text rather than against numbers; the offsets are found by this script.  Texts are read as
bytes and decoded as UTF-8, so 03's CRLF line endings and any NBSP stay as they are and the
offsets are Python code-point offsets into the stored text.

Run: ``python bench/data/make_sample_second.py`` (from the checkout).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample"
OUT = Path(__file__).resolve().parent / "sample-second.jsonl"
COUNCIL = "resources/sample/03-council-statement.txt"
LORVIK = "resources/sample/07-lorvik-talks.jsonl"

# (label, exact text, occurrence); a span's occurrence counts every place its text occurs.
Spans = dict[str, list[tuple[str, int]]]

SPANS: dict[str, Spans] = {
    COUNCIL: {
        "NUMBER": [
            ("Wednesday 16 March", 0),
            ("11:30 a.m.", 0),
            ("4,200 residents", 0),
            ("between 2:30 a.m. and 6 a.m.", 0),
            ("Tuesday 15 March", 0),
            ("9 a.m.", 0),
            ("1,870 people", 0),
            ("640", 0),
            ("410", 0),
            ("€4.2 million", 0),
            ("a further €7.5 million", 0),
            ("€1,500", 0),
            ("two years", 0),
            ("between five and seven days", 0),
        ],
        "ACTOR": [
            ("Portmerrow Borough Council", 0),  # headline
            ("Portmerrow Borough Council Press Office", 0),  # dateline, one name in full
            ("Portmerrow Borough Council", 2),  # occurrence 1 is inside the Press Office
            ("the Council", 0),  # hotels paid for by the Council
            ("The Council", 0),  # has committed
            ("Sallen Regional Assembly", 0),
            ("Mayor Rosalind Tepperley", 0),
            ("The Council", 1),  # is aware
            ("The Council", 2),  # is not responsible
            ("Sallen Regional Water Authority", 0),
            ("The Council", 3),  # has asked
            ("the Authority", 0),
        ],
        "QUOTE": [
            (
                '"I want to thank every firefighter, police officer and volunteer who worked'
                ' through the night,"',
                0,
            ),
            (
                '"Our priority now is getting families back into safe, dry homes as quickly as'
                ' possible."',
                0,
            ),
        ],
        "CLAIM": [
            # rule 1 ("can confirm that"); the comma phrase "following the failure ..." is cut
            (
                "4,200 residents were evacuated from the lower town between 2:30 a.m. and 6 a.m."
                " on Tuesday 15 March",
                0,
            ),
            # rule 3, a figure; without the lead-in "As of 9 a.m. today," and "including ..."
            ("1,870 people remain in emergency accommodation", 0),
            # rule 3, two clauses joined by "and": two CLAIMs
            ("The Council has committed €4.2 million from its contingency reserve", 0),
            (
                "has applied to the Sallen Regional Assembly for a further €7.5 million in"
                " emergency support",
                0,
            ),
            # rule 3, who answers for the dam; the non-restrictive relative clause is cut
            # from it and, being a full clause that states the same disputed fact, is its own
            ("The Council is not responsible for the operation of the Ossick Dam", 0),
            ("which is owned and managed by the Sallen Regional Water Authority", 0),
            # rule 3, a duration ("the past two years"); a whole sentence, with its stop
            (
                "The Council has asked the Authority to publish its maintenance records for the"
                " past two years in full.",
                0,
            ),
        ],
    },
    "701": {
        "NUMBER": [
            ("12 May 2026", 0),
            ("6,000 bodies", 0),
            ("just over an hour", 0),
        ],
        "ACTOR": [
            ("Kastovia", 0),  # headline
            ("Drevland", 0),
            ("The Lorvik Herald", 0),
            ("Delegations", 0),
            ("Kastovia", 1),
            ("Drevland", 1),
            ("Ivena Saldori", 0),
            ("Saldori", 1),  # occurrence 0 is inside "Ivena Saldori"
            ("Mirela Fontaine-Osk", 0),
            ("Lakeland Council", 0),
            ("both leaders", 0),
        ],
        "QUOTE": [
            ('"We have agreed to bring every one of them home,"', 0),
        ],
        "CLAIM": [
            ("6,000 bodies would be returned by the end of the month", 0),
            ("We have agreed to bring every one of them home", 0),
            ("a meeting that lasted just over an hour", 0),
            ("both leaders could meet at a summit at the end of June", 0),
        ],
    },
    "702": {
        "NUMBER": [
            ("3,000 remains", 0),
            ("12 May 2026", 0),
            ("two sides", 0),
            ("3,000 bodies", 0),
            ("40 minutes", 0),
        ],
        "ACTOR": [
            ("Drevland", 0),  # headline
            ("Drevland Daily Wire", 0),
            ("Drevland", 2),  # Drevland's chief negotiator; 1 is in the outlet's name
            ("Tomas Brekke-Aldan", 0),
            ("the two sides", 0),
            ("Kastovian officials", 0),
            ("Brekke-Aldan", 1),  # occurrence 0 is inside "Tomas Brekke-Aldan"
            ("the Drevish foreign ministry", 0),
        ],
        "QUOTE": [
            ('"Nothing more was settled today,"', 0),
        ],
        "CLAIM": [
            ("Talks in Lorvik end quickly", 0),
            ("3,000 remains to be exchanged", 0),
            ("the two sides would exchange 3,000 bodies", 0),
            ("The meeting in Lorvik lasted 40 minutes", 0),
            ("Nothing more was settled today", 0),
            ("A leaders' summit was proposed for the end of August", 0),
        ],
    },
    "703": {
        "NUMBER": [
            ("Two accounts", 0),
            ("one hour", 0),
            ("13 May 2026", 0),
            ("6,000 bodies", 0),
            ("1,200 prisoners", 0),
        ],
        "ACTOR": [
            ("Northmere Observer", 0),
            ("Kastovia", 0),
            ("Drevland", 0),
            ("Lakeland Council", 0),
            ("The council", 0),
            ("Mirela Fontaine-Osk", 0),
        ],
        "QUOTE": [
            ('"A summit is possible before the autumn,"', 0),
        ],
        "CLAIM": [
            ("6,000 bodies were to be returned in all", 0),
            ("1,200 prisoners were exchanged", 0),
            # the writer's own, after "but": prisoners are a disputed fact; ", not this week"
            # is an addition set off by a comma
            ("that was agreed at the first round of talks in Lorvik in March", 0),
        ],
    },
    "704": {
        "NUMBER": [
            ("15 May 2026", 0),
            ("The first 1,500 bodies", 0),
            ("three days", 0),
            ("2,400 prisoners", 0),
        ],
        "ACTOR": [
            ("Kastovian State Broadcaster, English Service", 0),
            ("Ivena Saldori", 0),
            ("Saldori", 1),  # occurrence 0 is inside "Ivena Saldori"
        ],
        "QUOTE": [
            ('"This is the beginning, not the end,"', 0),
        ],
        "CLAIM": [
            ("The first 1,500 bodies were handed over at the Essen river crossing on Thursday", 0),
            ("the rest would follow by the end of the month", 0),
            ("2,400 prisoners were exchanged at the same crossing", 0),
        ],
    },
}


def find(text: str, needle: str, occurrence: int) -> int:
    """The start of the ``occurrence``-th place ``needle`` occurs in ``text`` (overlaps count)."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.find(needle, start + 1)
        if start < 0:
            raise ValueError(f"{needle!r} occurs fewer than {occurrence + 1} times")
    return start


def spans_for(text: str, by_label: Spans, where: str) -> list[dict[str, Any]]:
    out = []
    for label, items in by_label.items():
        for needle, occurrence in items:
            try:
                start = find(text, needle, occurrence)
            except ValueError as exc:
                raise ValueError(f"{where}: {label} {exc}") from None
            end = start + len(needle)
            assert text[start:end] == needle
            out.append({"start": start, "end": end, "label": label, "text": needle})
    out.sort(key=lambda s: (s["start"], -s["end"], s["label"]))
    places = [(s["start"], s["end"], s["label"]) for s in out]
    if len(set(places)) != len(places):
        raise ValueError(f"{where}: a span is listed twice")
    return out


def records() -> list[dict[str, Any]]:
    council = (ROOT / COUNCIL).read_bytes().decode("utf-8")
    out = [{
        "title": council.split("\r\n", 1)[0], "text": council,
        "meta": {"source": COUNCIL},
        "spans": spans_for(council, SPANS[COUNCIL], COUNCIL),
    }]  # fmt: skip
    for line in (ROOT / LORVIK).read_bytes().decode("utf-8").splitlines():
        if not line.strip():
            continue
        # only the title, text and id are read: the record's own spans are another analysis
        source = json.loads(line)
        key = str(source["id"])
        out.append({
            "title": source["title"], "text": source["text"],
            "meta": {"source": LORVIK, "record": source["id"]},
            "spans": spans_for(source["text"], SPANS[key], f"{LORVIK} record {key}"),
        })  # fmt: skip
    return out


def content() -> str:
    return "".join(
        json.dumps(record, ensure_ascii=False, allow_nan=False) + "\n" for record in records()
    )


def main() -> None:
    text = content()
    for record in map(json.loads, text.splitlines()):
        for span in record["spans"]:
            assert record["text"][span["start"] : span["end"]] == span["text"], span
    OUT.write_bytes(text.encode("utf-8"))
    print(f"wrote {OUT.name}: {len(text.splitlines())} articles")


if __name__ == "__main__":
    main()
