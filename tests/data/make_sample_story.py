"""Write the sample corpus's second story: ``resources/sample/07-lorvik-talks.jsonl``.

Run by hand, never by the tests; the file it writes is committed (and
tests/test_sample_story.py checks it is what this script writes):

    cd REPO && .venv/bin/python tests/data/make_sample_story.py

Four short articles, **entirely invented** (the countries Kastovia and Drevland, the
city of Lorvik, the Essen river, the Lakeland Council, every person, outlet and figure),
on one invented event: talks to return soldiers' remains.  The outlets disagree on
purpose, so the story comparison has something to show: 6,000 bodies against 3,000, a
meeting of "just over an hour" against "40 minutes", a summit at "the end of June"
against "the end of August", a later figure that updates an earlier one, and a pair of
prisoner exchanges that look alike but belong to two rounds of talks.

Spans are found by their text (the first occurrence after the given one), so the
offsets are computed, never typed; the file carries spans (NUMBERs with value and unit,
ACTORs with entities, CLAIMs, QUOTEs), speaker and quantity relations, ``actors``,
``links`` of each type and the ``story``, in the native JSON lines format.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

STORY = "Lorvik talks on the return of the dead"
OUT = Path(__file__).resolve().parents[2] / "resources" / "sample" / "07-lorvik-talks.jsonl"

ACTORS = {
    "E1": {"name": "Ivena Saldori", "kind": "person", "aliases": ["Saldori"]},
    "E2": {"name": "Tomas Brekke-Aldan", "kind": "person", "aliases": ["Brekke-Aldan"]},
    "E3": {"name": "Mirela Fontaine-Osk", "kind": "person", "aliases": []},
    "E4": {"name": "Lakeland Council", "kind": "organisation", "aliases": []},
    "E5": {"name": "Kastovia", "kind": "country", "aliases": ["Kastovian officials"]},
}

# (id, title, outlet, date, text)
ARTICLES = [
    (
        701,
        "Kastovia and Drevland agree to return the dead after Lorvik talks",
        "The Lorvik Herald",
        "2026-05-12",
        "Kastovia and Drevland agree to return the dead after Lorvik talks\n\n"
        "The Lorvik Herald, 12 May 2026\n\n"
        "Delegations from Kastovia and Drevland met in Lorvik on Monday and agreed to "
        "return the remains of soldiers killed along the Essen river. Kastovian envoy "
        "Ivena Saldori said 6,000 bodies would be returned by the end of the month.\n\n"
        '"We have agreed to bring every one of them home," Saldori told reporters after '
        "a meeting that lasted just over an hour.\n\n"
        "The mediator, Mirela Fontaine-Osk of the Lakeland Council, said both leaders "
        "could meet at a summit at the end of June.\n",
    ),
    (
        702,
        "Talks in Lorvik end quickly; Drevland says 3,000 remains to be exchanged",
        "Drevland Daily Wire",
        "2026-05-12",
        "Talks in Lorvik end quickly; Drevland says 3,000 remains to be exchanged\n\n"
        "Drevland Daily Wire, 12 May 2026\n\n"
        "Drevland's chief negotiator Tomas Brekke-Aldan said the two sides would exchange "
        "3,000 bodies, not the larger figure cited by Kastovian officials. The meeting in "
        "Lorvik lasted 40 minutes, he said.\n\n"
        '"Nothing more was settled today," Brekke-Aldan said. A leaders\' summit was '
        "proposed for the end of August, according to a statement from the Drevish "
        "foreign ministry.\n",
    ),
    (
        703,
        "Two accounts of one hour in Lorvik",
        "Northmere Observer",
        "2026-05-13",
        "Two accounts of one hour in Lorvik\n\n"
        "Northmere Observer, 13 May 2026\n\n"
        "Kastovia and Drevland left Lorvik with different numbers. The Lakeland Council, "
        "which hosted the talks, said 6,000 bodies were to be returned in all.\n\n"
        "The council also said 1,200 prisoners were exchanged, but that was agreed at the "
        "first round of talks in Lorvik in March, not this week.\n\n"
        '"A summit is possible before the autumn," Mirela Fontaine-Osk said.\n',
    ),
    (
        704,
        "First remains handed over at the Essen crossing",
        "Kastovian State Broadcaster, English Service",
        "2026-05-15",
        "First remains handed over at the Essen crossing\n\n"
        "Kastovian State Broadcaster, English Service, 15 May 2026\n\n"
        "The first 1,500 bodies were handed over at the Essen river crossing on Thursday, "
        "three days after the Lorvik talks. Ivena Saldori said the rest would follow by "
        "the end of the month.\n\n"
        "In a separate step agreed this week, 2,400 prisoners were exchanged at the same "
        "crossing.\n\n"
        '"This is the beginning, not the end," Saldori said.\n',
    ),
]

# Per article: (name, label, text, attributes); each is searched from where the one
# before it starts, beginning after the byline.
SPANS: dict[int, list[tuple[str, str, str, dict[str, Any]]]] = {
    701: [
        ("kastovia", "ACTOR", "Kastovia", {"entity": "E5"}),
        ("saldori", "ACTOR", "Ivena Saldori", {"entity": "E1"}),
        ("bodies", "NUMBER", "6,000 bodies", {"value": 6000, "unit": "bodies"}),
        ("claim", "CLAIM", "6,000 bodies would be returned by the end of the month", {}),
        ("quote", "QUOTE", '"We have agreed to bring every one of them home,"', {}),
        ("saldori2", "ACTOR", "Saldori", {"entity": "E1"}),
        (
            "meeting",
            "NUMBER",
            "just over an hour",
            {"value": 60, "unit": "minutes", "qualifier": "just over"},
        ),
        ("mediator", "ACTOR", "Mirela Fontaine-Osk", {"entity": "E3"}),
        ("council", "ACTOR", "Lakeland Council", {"entity": "E4"}),
        ("summit", "CLAIM", "both leaders could meet at a summit at the end of June", {}),
    ],
    702: [
        ("negotiator", "ACTOR", "Tomas Brekke-Aldan", {"entity": "E2"}),
        ("claim", "CLAIM", "the two sides would exchange 3,000 bodies", {}),
        ("bodies", "NUMBER", "3,000 bodies", {"value": 3000, "unit": "bodies"}),
        ("officials", "ACTOR", "Kastovian officials", {"entity": "E5"}),
        ("meeting", "NUMBER", "40 minutes", {"value": 40, "unit": "minutes"}),
        ("quote", "QUOTE", '"Nothing more was settled today,"', {}),
        ("negotiator2", "ACTOR", "Brekke-Aldan", {"entity": "E2"}),
        ("summit", "CLAIM", "A leaders' summit was proposed for the end of August", {}),
    ],
    703: [
        ("council", "ACTOR", "The Lakeland Council", {"entity": "E4"}),
        ("bodies", "NUMBER", "6,000 bodies", {"value": 6000, "unit": "bodies"}),
        ("claim", "CLAIM", "6,000 bodies were to be returned in all", {}),
        ("prisoners", "NUMBER", "1,200 prisoners", {"value": 1200, "unit": "prisoners"}),
        ("quote", "QUOTE", '"A summit is possible before the autumn,"', {}),
        ("mediator", "ACTOR", "Mirela Fontaine-Osk", {"entity": "E3"}),
    ],
    704: [
        ("bodies", "NUMBER", "1,500 bodies", {"value": 1500, "unit": "bodies"}),
        ("saldori", "ACTOR", "Ivena Saldori", {"entity": "E1"}),
        ("prisoners", "NUMBER", "2,400 prisoners", {"value": 2400, "unit": "prisoners"}),
        ("quote", "QUOTE", '"This is the beginning, not the end,"', {}),
        ("saldori2", "ACTOR", "Saldori", {"entity": "E1"}),
    ],
}

RELATIONS = {  # (type, head, child) by span name
    701: [("speaker", "quote", "saldori2"), ("quantity", "claim", "bodies")],
    702: [("speaker", "quote", "negotiator2"), ("quantity", "claim", "bodies")],
    703: [
        ("speaker", "quote", "mediator"),
        ("quantity", "claim", "bodies"),
        ("source", "claim", "council"),
    ],
    704: [("speaker", "quote", "saldori2")],
}

LINKS = [  # (from article, span name, to article, span name, type)
    (701, "bodies", 702, "bodies", "contradicts"),
    (701, "meeting", 702, "meeting", "contradicts"),
    (701, "summit", 702, "summit", "contradicts"),
    (703, "bodies", 701, "bodies", "same"),
    (704, "bodies", 701, "bodies", "updates"),
    (704, "prisoners", 703, "prisoners", "different-event"),
]


def records() -> list[dict[str, Any]]:
    # A span's id: its article's id, then its place in the list (links name later ones)
    span_ids = {
        (article_id, name): article_id * 100 + number
        for article_id, spans in SPANS.items()
        for number, (name, *_) in enumerate(spans, 1)
    }
    out = []
    for article_id, title, outlet, date, text in ARTICLES:
        body = text.index("\n\n", text.index("\n\n") + 2)  # spans are after the byline
        spans, position = [], body
        for name, label, piece, attributes in SPANS[article_id]:
            start = text.index(piece, position)
            span: dict[str, Any] = {
                "id": span_ids[(article_id, name)], "start": start, "end": start + len(piece),
                "label": label, "text": piece, "annotator": "sample",
            }  # fmt: skip
            if attributes:
                span["attributes"] = attributes
            spans.append(span)
            # nested spans (a NUMBER inside its CLAIM) start where the outer one does
            position = start
        used = {a["entity"] for *_, a in SPANS[article_id] if "entity" in a}
        record: dict[str, Any] = {
            "id": article_id, "title": title, "text": text,
            "meta": {"outlet": outlet, "date": date}, "status": "done", "spans": spans,
            "relations": [
                {"id": article_id * 100 + 50 + i, "head": span_ids[(article_id, head)],
                 "child": span_ids[(article_id, child)], "type": kind, "annotator": "sample"}
                for i, (kind, head, child) in enumerate(RELATIONS[article_id], 1)
            ],
            "story": STORY,
            "actors": {key: ACTORS[key] for key in sorted(used)},
        }  # fmt: skip
        links = [
            {"span": span_ids[(article_id, name)], "to_article": to_article,
             "to_span": span_ids[(to_article, to_name)], "type": kind, "annotator": "sample"}
            for from_article, name, to_article, to_name, kind in LINKS
            if from_article == article_id
        ]  # fmt: skip
        if links:
            record["links"] = links
        out.append(record)
    return out


def content() -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records())


if __name__ == "__main__":
    OUT.write_text(content(), encoding="utf-8", newline="\n")
    print(f"wrote {OUT}")
