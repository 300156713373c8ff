"""Writes sample-gold-full.jsonl: the exhaustive gold of the ten sample articles.

The guideline, its reasons and the old spans left out are in sample-gold-full.md.  As in
make_sample_gold.py, each span is its label, its exact text and, when that text occurs more
than once in the article, which occurrence (0-based); here the occurrence is *required*
whenever the text is ambiguous, so that a span never lands on the wrong mention silently.
Rerun: ``python bench/data/make_sample_gold_full.py``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample"
OUT = Path(__file__).with_name("sample-gold-full.jsonl")
LORVIK = "07-lorvik-talks.jsonl"

NB = "\u00a0"
NOBODY = '"Nobody in this town will be left behind tonight."'

# Old spans (file, label, text, occurrence) that break the written guideline; the .md
# says why for each.
LEFT_OUT: set[tuple[str, str, str, int]] = {
    ("03-council-statement.txt", "ACTOR", "Portmerrow Borough Council", 1),
    ("03-council-statement.txt", "NUMBER", "€7.5 million", 0),
}

GOLD: dict[str, list[tuple]] = {
    "01-ossick-dam-fails-courier.txt": [
        # headline and dateline
        ("NUMBER", "6,000", 0),
        ("CLAIM", "floodwater forces 6,000 from Portmerrow homes"),
        ("ACTOR", "The Sallen Courier"),
        ("NUMBER", "15 March"),
        ("ACTOR", "Ada Pellowe"),
        # evacuation
        ("CLAIM", "Around 6,000 residents of lower Portmerrow were evacuated overnight after a "
                  "section of the Ossick Dam spillway gave way at 2:15 a.m. on Tuesday"),
        ("NUMBER", "Around 6,000 residents"),
        ("NUMBER", "2:15 a.m."),
        # rainfall
        ("ACTOR", "Sallen Regional Water Authority"),
        ("ACTOR", "SRWA", 0),
        ("CLAIM", "142 mm of rain had fallen on the reservoir catchment in the 24 hours "
                  "before the failure"),
        ("NUMBER", "142 mm"),
        ("NUMBER", "24 hours"),
        ("NUMBER", "almost three times"),
        ("QUOTE", '"The spillway was simply asked to carry more water than it was ever '
                  'designed for,"'),
        ("CLAIM", "The spillway was simply asked to carry more water than it was ever "
                  "designed for"),
        ("ACTOR", "SRWA", 1),
        ("ACTOR", "Dorian Keppel"),
        # the committee and the remark
        ("ACTOR", "Mayor Rosalind Tepperley"),
        ("ACTOR", "the borough's resilience committee"),
        ("NUMBER", "3 a.m."),
        ("CLAIM", "it lasted just over an hour"),
        ("NUMBER", "just over an hour"),
        ("CLAIM", "she said: " + NOBODY),
        ("QUOTE", NOBODY),
        # rescues
        ("ACTOR", "Chief Fire Officer Marta Velloway"),
        ("ACTOR", "Sallen Coast Fire and Rescue Service"),
        ("ACTOR", "crews"),
        ("CLAIM", "crews had carried out 87 rescues"),
        ("NUMBER", "87 rescues"),
        ("NUMBER", "14 children"),
        ("NUMBER", "81-year-old"),
        ("CLAIM", "Four people were treated in hospital for hypothermia"),
        ("NUMBER", "Four people"),
        ("CLAIM", "none was seriously hurt"),
        # damage
        ("ACTOR", "Officials"),
        ("CLAIM", "212 homes and 35 businesses were flooded"),
        ("NUMBER", "212 homes"),
        ("NUMBER", "35 businesses"),
        ("CLAIM", "Water reached depths of between 1.2 and 1.5 metres in parts of Quay Street"),
        ("NUMBER", "between 1.2 and 1.5 metres"),
        ("CLAIM", f"a 40{NB}km stretch of the coast road between Portmerrow and Hallowick was "
                  "closed"),
        ("NUMBER", f"40{NB}km"),
        # the bakery
        ("ACTOR", "Nell Ambrose"),
        ("QUOTE", '"Everything we own is underwater 🌊 but we\'re all safe."'),
        ("CLAIM", "Everything we own is underwater"),
        ("CLAIM", "we're all safe"),
        ("CLAIM", "The post had been shared more than 9,500 times by midday."),
        ("NUMBER", "more than 9,500 times"),
        # money, inspection, ferries
        ("CLAIM", "The council has released €4.2 million from its contingency reserve"),
        ("ACTOR", "The council"),
        ("NUMBER", "€4.2 million"),
        ("ACTOR", "SRWA", 2),
        ("ACTOR", "engineers"),
        ("CLAIM", 'engineers would begin a full inspection of the dam "within 48 hours"'),
        ("QUOTE", '"within 48 hours"'),
        ("NUMBER", "within 48 hours"),
        ("ACTOR", "Merrowline Ferries"),
    ],
    "02-sluice-gate-blamed-gazette.txt": [
        # headline and dateline
        ("CLAIM", "Jammed sluice gate blamed"),
        ("CLAIM", "Portmerrow flood displaces 3,000"),
        ("NUMBER", "3,000", 0),
        ("ACTOR", "Kestrel Bay Gazette"),
        ("NUMBER", "Tuesday 15 March"),
        ("ACTOR", "Owen Farrant-Shaw"),
        # evacuation
        ("CLAIM", "About 3,000 people were moved out of their homes in Portmerrow early on "
                  "Tuesday"),
        ("NUMBER", "About 3,000 people"),
        ("ACTOR", "Sallen Constabulary"),
        # the engineers and the gate
        ("ACTOR", "Two engineers who work on the dam"),
        ("NUMBER", "Two engineers"),
        ("ACTOR", "the Gazette"),
        ("CLAIM", "one of the three sluice gates on the spillway had been jammed shut for "
                  '"at least six weeks"'),
        ("NUMBER", "three sluice gates"),
        ("QUOTE", '"at least six weeks"'),
        ("NUMBER", "at least six weeks"),
        ("CLAIM", "a repair requested in January had been postponed to save money"),
        ("ACTOR", "Sallen Regional Water Authority"),
        # the union
        ("ACTOR", "Hana Breck"),
        ("ACTOR", "Allied Waterworkers' Union"),
        ("QUOTE", '"Our members raised the alarm about that gate twice. This was not an act '
                  'of God. It was a budget decision."'),
        ("CLAIM", "Our members raised the alarm about that gate twice."),
        ("ACTOR", "Our members"),
        ("NUMBER", "twice"),
        ("CLAIM", "This was not an act of God."),
        ("CLAIM", "It was a budget decision."),
        # the night
        ("ACTOR", "Residents", 0),
        ("CLAIM", "the water first came over the spillway shortly before 3 a.m."),
        ("NUMBER", "shortly before 3 a.m."),
        ("NUMBER", "3:12 a.m."),
        ("ACTOR", "the constabulary"),
        ("QUOTE", '"⚠️ Evacuate now: Quay Street, Tanners Row, Mill Lane"'),
        ("ACTOR", "Superintendent Ruth Ingleby"),
        ("ACTOR", "officers"),
        ("CLAIM", 'officers had knocked on "more than 1,100 doors" before sunrise'),
        ("QUOTE", '"more than 1,100 doors"'),
        ("NUMBER", "more than 1,100 doors"),
        # the committee and the remark
        ("ACTOR", "The borough's resilience committee"),
        ("CLAIM", "The borough's resilience committee met for 40 minutes early on Tuesday "
                  "morning."),
        ("NUMBER", "40 minutes"),
        ("CLAIM", "Afterwards Deputy Mayor Caspar Oduya-Fenn told reporters: " + NOBODY),
        ("ACTOR", "Deputy Mayor Caspar Oduya-Fenn"),
        ("QUOTE", NOBODY),
        # homes
        ("CLAIM", "More than 300 homes were flooded"),
        ("NUMBER", "More than 300 homes"),
        ("ACTOR", "volunteers"),
        ("ACTOR", "Portmerrow Residents' Association"),
        ("ACTOR", "Gideon Marsh"),
        ("QUOTE", '"slow and badly coordinated"'),
        ("CLAIM", "some families on Tanners Row had waited two and a half hours for help"),
        ("NUMBER", "two and a half hours"),
        # rescues, review
        ("ACTOR", "Sallen Coast Fire and Rescue Service"),
        ("CLAIM", "it had rescued 87 people"),
        ("NUMBER", "87 people"),
        ("ACTOR", "the water authority"),
        ("CLAIM", "an independent review would be commissioned"),
    ],
    "03-council-statement.txt": [
        # headline and dateline
        ("ACTOR", "Portmerrow Borough Council", 0),
        ("ACTOR", "Portmerrow Borough Council Press Office"),
        ("NUMBER", "Wednesday 16 March"),
        ("NUMBER", "11:30 a.m."),
        # evacuation
        ("ACTOR", "Portmerrow Borough Council", 2),
        ("CLAIM", "4,200 residents were evacuated from the lower town between 2:30 a.m. and "
                  "6 a.m. on Tuesday 15 March"),
        ("NUMBER", "4,200 residents"),
        ("NUMBER", "between 2:30 a.m. and 6 a.m."),
        ("NUMBER", "Tuesday 15 March"),
        # accommodation
        ("NUMBER", "9 a.m."),
        ("CLAIM", "1,870 people remain in emergency accommodation"),
        ("NUMBER", "1,870 people"),
        ("NUMBER", "640"),
        ("NUMBER", "410"),
        ("ACTOR", "the Council"),
        # money
        ("ACTOR", "The Council", 0),
        ("CLAIM", "The Council has committed €4.2 million from its contingency reserve"),
        ("NUMBER", "€4.2 million"),
        ("CLAIM", "has applied to the Sallen Regional Assembly for a further €7.5 million in "
                  "emergency support"),
        ("ACTOR", "Sallen Regional Assembly"),
        ("NUMBER", "a further €7.5 million"),
        ("NUMBER", "€1,500"),
        # the Mayor
        ("QUOTE", '"I want to thank every firefighter, police officer and volunteer who '
                  'worked through the night,"'),
        ("ACTOR", "Mayor Rosalind Tepperley"),
        ("QUOTE", '"Our priority now is getting families back into safe, dry homes as quickly '
                  'as possible."'),
        # the dam
        ("ACTOR", "The Council", 1),
        ("CLAIM", "The Council is not responsible for the operation of the Ossick Dam"),
        ("ACTOR", "The Council", 2),
        ("ACTOR", "Sallen Regional Water Authority"),
        ("CLAIM", "The Council has asked the Authority to publish its maintenance records for "
                  "the past two years in full."),
        ("ACTOR", "The Council", 3),
        ("ACTOR", "the Authority"),
        ("NUMBER", "two years"),
        # the red zone
        ("ACTOR", "structural engineers"),
        ("NUMBER", "between five and seven days"),
    ],
    "04-analysis-two-stories-ledger.txt": [
        # headline and dateline
        ("NUMBER", "Three numbers"),
        ("NUMBER", "two stories", 0),
        ("ACTOR", "The Portmerrow Ledger"),
        ("NUMBER", "Thursday 17 March"),
        ("ACTOR", "Imogen Tallis"),
        # the three numbers
        ("NUMBER", "Two days"),
        ("CLAIM", "The Sallen Courier reported 6,000."),
        ("ACTOR", "The Sallen Courier"),
        ("NUMBER", "6,000"),
        ("CLAIM", "The Kestrel Bay Gazette put the figure at 3,000."),
        ("ACTOR", "The Kestrel Bay Gazette"),
        ("NUMBER", "3,000", 0),
        ("CLAIM", "On Wednesday the borough council said 4,200."),
        ("ACTOR", "the borough council"),
        ("NUMBER", "4,200"),
        ("CLAIM", "The gap — as many as 3,000 people — is not a rounding error."),
        ("NUMBER", "as many as 3,000 people"),
        ("ACTOR", "The council"),
        ("ACTOR", "police"),
        ("CLAIM", "Neither includes the estimated 700 people who left on their own before the "
                  "official order."),
        ("NUMBER", "the estimated 700 people"),
        # the cause
        ("ACTOR", "The water authority"),
        ("CLAIM", f"142{NB}mm of rain fell in 24 hours"),
        ("NUMBER", f"142{NB}mm"),
        ("NUMBER", "24 hours"),
        ("QUOTE", "“an extreme event by any standard,”"),
        ("ACTOR", "Alastair Penhallow"),
        ("ACTOR", "the Gazette"),
        ("ACTOR", "sources"),
        ("CLAIM", "a sluice gate had been jammed for weeks"),
        # the hydrologist
        ("ACTOR", "Jose\u0301 Calderwood"),
        ("ACTOR", "University of Kestrel Bay"),
        ("CLAIM", "both can be true"),
        ("QUOTE", "“A spillway with one of its three gates out of action loses roughly a "
                  "third of its capacity,”"),
        ("CLAIM", "A spillway with one of its three gates out of action loses roughly a "
                  "third of its capacity"),
        ("NUMBER", "three gates", 0),
        ("NUMBER", "roughly a third"),
        ("ACTOR", "the Ledger"),
        ("QUOTE", "“Heavy rain did the rest.”"),
        ("CLAIM", "Heavy rain did the rest."),
        ("CLAIM", f"the dam would have coped with up to 110{NB}mm had all three gates been "
                  "working"),
        ("NUMBER", f"up to 110{NB}mm"),
        ("NUMBER", "three gates", 1),
        # the budget
        ("ACTOR", "The authority"),
        ("CLAIM", "The authority’s maintenance budget for the Ossick site fell from €2.9 "
                  "million three years ago to €1.6 million last year"),
        ("NUMBER", "€2.9 million"),
        ("NUMBER", "three years"),
        ("NUMBER", "€1.6 million"),
        ("NUMBER", "about 45%"),
        ("ACTOR", "Mr Penhallow"),
        ("CLAIM", "the savings came from “efficiencies, not corners cut.”"),
        ("QUOTE", "“efficiencies, not corners cut.”"),
        # the end
        ("ACTOR", "the council"),
        ("NUMBER", "two stories", 1),
    ],
    "05-correction-gazette.txt": [
        # headline and dateline
        ("ACTOR", "Kestrel Bay Gazette"),
        ("NUMBER", "18 March"),
        ("ACTOR", "Farah Doyle-Mensah"),
        # the remark
        ("CLAIM", 'An article published on 15 March ("Jammed sluice gate blamed as Portmerrow '
                  'flood displaces 3,000") attributed the words "Nobody in this town will be '
                  'left behind tonight" to Deputy Mayor Caspar Oduya-Fenn.'),
        ("NUMBER", "15 March"),
        ("NUMBER", "3,000", 0),
        ("QUOTE", '"Nobody in this town will be left behind tonight"'),
        ("ACTOR", "Deputy Mayor Caspar Oduya-Fenn"),
        ("CLAIM", "The remark was made by Mayor Rosalind Tepperley."),
        ("ACTOR", "Mayor Rosalind Tepperley"),
        # the number evacuated
        ("CLAIM", "about 3,000 people were evacuated"),
        ("NUMBER", "about 3,000 people"),
        ("ACTOR", "Sallen Constabulary"),
        ("ACTOR", "Police"),
        ("CLAIM", "between 3,000 and 3,500 people were moved by officers"),
        ("NUMBER", "between 3,000 and 3,500 people"),
        ("ACTOR", "officers"),
        ("CLAIM", "the figure excludes residents evacuated by the fire service"),
        ("ACTOR", "the fire service"),
        ("CLAIM", "Portmerrow Borough Council has given a total of 4,200."),
        ("ACTOR", "Portmerrow Borough Council"),
        ("NUMBER", "4,200"),
        # the committee
        ("CLAIM", "the resilience committee met for 40 minutes"),
        ("ACTOR", "the resilience committee"),
        ("NUMBER", "40 minutes"),
        ("ACTOR", "two people who attended"),
        ("NUMBER", "two people"),
        # the gate
        ("ACTOR", "The Gazette"),
        ("CLAIM", "one of the spillway's three sluice gates was out of action before the flood"),
        ("NUMBER", "three sluice gates"),
        ("NUMBER", "17 March"),
        ("ACTOR", "Sallen Regional Water Authority"),
        ("CLAIM", 'the gate had been "operating at reduced capacity" since 2 February'),
        ("QUOTE", '"operating at reduced capacity"'),
        ("NUMBER", "2 February"),
        ("CLAIM", 'this had "no bearing" on the failure'),
        ("QUOTE", '"no bearing"'),
        ("ACTOR", "Alastair Penhallow"),
        ("QUOTE", '"Even with all three gates fully open, no spillway of that age could have '
                  'handled what fell on Monday night."'),
        ("CLAIM", "Even with all three gates fully open, no spillway of that age could have "
                  "handled what fell on Monday night."),
        ("NUMBER", "three gates"),
        # the Deputy Mayor
        ("ACTOR", "Deputy Mayor Oduya-Fenn"),
        ("CLAIM", 'he was "not bothered in the slightest" by the mix-up'),
        ("QUOTE", '"not bothered in the slightest"'),
        ("QUOTE", '"The Mayor said it first, and she meant it,"'),
        ("CLAIM", "The Mayor said it first"),
        ("ACTOR", "The Mayor"),
    ],
    "06-ferries-return-courier.txt": [
        # headline and dateline
        ("CLAIM", "flood damage bill tops €11 million"),
        ("NUMBER", "€11 million"),
        ("ACTOR", "The Sallen Courier"),
        ("NUMBER", "20 March"),
        ("ACTOR", "Ada Pellowe"),
        # ferries
        ("CLAIM", "Merrowline Ferries resumed sailings from Portmerrow on Sunday after a "
                  "five-day suspension"),
        ("ACTOR", "Merrowline Ferries"),
        ("NUMBER", "a five-day suspension"),
        ("CLAIM", "the borough's estimate of flood damage rose to €11.8 million"),
        ("ACTOR", "the borough"),
        ("NUMBER", "€11.8 million"),
        ("CLAIM", "The first crossing to Hallowick left at 7:40 a.m. with 96 passengers on "
                  "board"),
        ("NUMBER", "7:40 a.m."),
        ("NUMBER", "96 passengers"),
        ("NUMBER", "about half"),
        ("QUOTE", '"The harbour wall took a beating but the berths are sound,"'),
        ("CLAIM", "The harbour wall took a beating"),
        ("CLAIM", "the berths are sound"),
        ("ACTOR", "Tobias Quennell"),
        ("ACTOR", "the company"),
        ("CLAIM", 'the suspension had cost the operator "somewhere north of €300,000" in lost '
                  "fares"),
        ("ACTOR", "the operator"),
        ("QUOTE", '"somewhere north of €300,000"'),
        ("NUMBER", "somewhere north of €300,000"),
        # damage estimate
        ("CLAIM", "The new damage estimate, published by the council on Saturday, includes "
                  "€6.1 million for housing, €3.4 million for roads and bridges and €2.3 "
                  "million for businesses."),
        ("ACTOR", "the council"),
        ("NUMBER", "€6.1 million"),
        ("NUMBER", "€3.4 million"),
        ("NUMBER", "€2.3 million"),
        ("ACTOR", "Councillor Priya Addenbrooke"),
        ("ACTOR", "the finance committee"),
        ("CLAIM", 'the total was "likely to rise by a further 10 to 15 per cent"'),
        ("QUOTE", '"likely to rise by a further 10 to 15 per cent"'),
        ("NUMBER", "a further 10 to 15 per cent"),
        # evacuation figures
        ("CLAIM", "Council figures now put the number of people evacuated on the night of the "
                  "flood at 4,200."),
        ("ACTOR", "Council", 1),
        ("NUMBER", "4,200"),
        ("CLAIM", "Emergency services had initially estimated 6,000."),
        ("ACTOR", "Emergency services"),
        ("NUMBER", "6,000"),
        # the panel
        ("CLAIM", "The Sallen Regional Water Authority has appointed an independent panel of "
                  "three engineers to review the failure."),
        ("ACTOR", "Sallen Regional Water Authority"),
        ("ACTOR", "an independent panel of three engineers"),
        ("NUMBER", "three engineers"),
        ("ACTOR", "Professor Lena Ostrander"),
        ("ACTOR", "the panel"),
        ("CLAIM", 'the panel would report "no later than 30 June"'),
        ("QUOTE", '"no later than 30 June"'),
        ("NUMBER", "30 June"),
        # the cause
        ("ACTOR", "The authority"),
        ("CLAIM", "one of the spillway's three gates was not fully working"),
        ("NUMBER", "three gates"),
        ("CLAIM", "rainfall was the main cause"),
        ("ACTOR", "Gideon Marsh"),
        ("ACTOR", "Portmerrow Residents' Association"),
        ("CLAIM", 'that was "a story that changes every time they tell it"'),
        ("QUOTE", '"a story that changes every time they tell it"'),
        # a week on
        ("NUMBER", "Nearly a week"),
        ("CLAIM", "1,120 people are still in emergency accommodation"),
        ("NUMBER", "1,120 people"),
        ("NUMBER", "1,870"),
    ],
    f"{LORVIK}#701": [
        ("ACTOR", "Kastovia", 0),
        ("ACTOR", "Drevland", 0),
        ("ACTOR", "The Lorvik Herald"),
        ("NUMBER", "12 May 2026"),
        ("ACTOR", "Delegations"),
        ("ACTOR", "Kastovia", 1),
        ("ACTOR", "Drevland", 1),
        ("ACTOR", "Ivena Saldori"),
        ("CLAIM", "6,000 bodies would be returned by the end of the month"),
        ("NUMBER", "6,000 bodies"),
        ("QUOTE", '"We have agreed to bring every one of them home,"'),
        ("CLAIM", "We have agreed to bring every one of them home"),
        ("CLAIM", "Saldori told reporters after a meeting that lasted just over an hour"),
        ("ACTOR", "Saldori", 1),
        ("NUMBER", "just over an hour"),
        ("ACTOR", "Mirela Fontaine-Osk"),
        ("ACTOR", "Lakeland Council"),
        ("CLAIM", "both leaders could meet at a summit at the end of June"),
        ("ACTOR", "both leaders"),
    ],
    f"{LORVIK}#702": [
        ("CLAIM", "Talks in Lorvik end quickly"),
        ("ACTOR", "Drevland", 0),
        ("CLAIM", "3,000 remains to be exchanged"),
        ("NUMBER", "3,000 remains"),
        ("ACTOR", "Drevland Daily Wire"),
        ("NUMBER", "12 May 2026"),
        ("ACTOR", "Drevland", 2),
        ("ACTOR", "Tomas Brekke-Aldan"),
        ("CLAIM", "the two sides would exchange 3,000 bodies"),
        ("ACTOR", "the two sides"),
        ("NUMBER", "two sides"),
        ("NUMBER", "3,000 bodies"),
        ("ACTOR", "Kastovian officials"),
        ("CLAIM", "The meeting in Lorvik lasted 40 minutes"),
        ("NUMBER", "40 minutes"),
        ("QUOTE", '"Nothing more was settled today,"'),
        ("CLAIM", "Nothing more was settled today"),
        ("ACTOR", "Brekke-Aldan", 1),
        ("CLAIM", "A leaders' summit was proposed for the end of August"),
        ("ACTOR", "the Drevish foreign ministry"),
    ],
    f"{LORVIK}#703": [
        ("NUMBER", "Two accounts"),
        ("NUMBER", "one hour"),
        ("ACTOR", "Northmere Observer"),
        ("NUMBER", "13 May 2026"),
        ("ACTOR", "Kastovia"),
        ("ACTOR", "Drevland"),
        ("ACTOR", "Lakeland Council"),
        ("CLAIM", "6,000 bodies were to be returned in all"),
        ("NUMBER", "6,000 bodies"),
        ("ACTOR", "The council"),
        ("CLAIM", "1,200 prisoners were exchanged"),
        ("NUMBER", "1,200 prisoners"),
        ("CLAIM", "that was agreed at the first round of talks in Lorvik in March, not this week"),
        ("QUOTE", '"A summit is possible before the autumn,"'),
        ("ACTOR", "Mirela Fontaine-Osk"),
    ],
    f"{LORVIK}#704": [
        ("ACTOR", "Kastovian State Broadcaster"),
        ("NUMBER", "15 May 2026"),
        ("CLAIM", "The first 1,500 bodies were handed over at the Essen river crossing on "
                  "Thursday"),
        ("NUMBER", "1,500 bodies"),
        ("NUMBER", "three days"),
        ("ACTOR", "Ivena Saldori"),
        ("CLAIM", "the rest would follow by the end of the month"),
        ("CLAIM", "2,400 prisoners were exchanged at the same crossing"),
        ("NUMBER", "2,400 prisoners"),
        ("QUOTE", '"This is the beginning, not the end,"'),
        ("ACTOR", "Saldori", 1),
    ],
}


class GoldError(Exception):
    """A span of the list does not fit its article; the message says which and why."""


def occurrences(text: str, needle: str) -> list[int]:
    found, at = [], text.find(needle)
    while at >= 0:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def locate(text: str, needle: str, occurrence: int | None, *, where: str) -> int:
    found = occurrences(text, needle)
    if not found:
        raise GoldError(f"{where}: not found: {needle!r}")
    if occurrence is None:
        # an ambiguous needle must say which mention it means
        if len(found) > 1:
            raise GoldError(f"{where}: {needle!r} occurs {len(found)} times; give which")
        occurrence = 0
    if occurrence >= len(found):
        raise GoldError(f"{where}: {needle!r} has no occurrence {occurrence}")
    return found[occurrence]


def read_articles() -> dict[str, tuple[str, str]]:
    """Source name -> (title, text): bytes decoded as UTF-8, so CRLF and NBSP stay."""
    articles = {}
    for name in GOLD:
        if name.startswith(LORVIK):
            continue
        text = (SAMPLE / name).read_bytes().decode("utf-8")
        articles[name] = (text.split("\n", 1)[0].strip(), text)
    for line in (SAMPLE / LORVIK).read_bytes().decode("utf-8").splitlines():
        record = json.loads(line)
        articles[f"{LORVIK}#{record['id']}"] = (record["title"], record["text"])
    return articles


def build() -> list[dict]:
    """The records, one per article, each span checked against its text."""
    articles = read_articles()
    records = []
    for name, spans in GOLD.items():
        title, text = articles[name]
        found, seen = [], set()
        for label, needle, *rest in spans:
            start = locate(text, needle, rest[0] if rest else None, where=name)
            key = (start, start + len(needle), label)
            if text[key[0]:key[1]] != needle:
                raise GoldError(f"{name}: {needle!r} does not slice back")
            if key in seen:
                raise GoldError(f"{name}: {label} {needle!r} listed twice")
            seen.add(key)
            found.append(key)
        found.sort()
        check_no_nesting(found, where=name)
        meta = {"file": name.split("#")[0]}
        if "#" in name:
            meta["record"] = int(name.split("#")[1])
        records.append({"title": title, "text": text, "meta": meta,
                        "spans": [{"start": s, "end": e, "label": lab} for s, e, lab in found]})
    check_old_gold(records)
    return records


def check_no_nesting(spans: list[tuple[int, int, str]], *, where: str) -> None:
    """Two spans of one label never nest or overlap (the guideline's General rules)."""
    last_end: dict[str, int] = {}
    for start, end, label in spans:  # sorted by start
        if start < last_end.get(label, -1):
            raise GoldError(f"{where}: {label} at {start}-{end} overlaps another {label}")
        last_end[label] = max(end, last_end.get(label, -1))


def old_gold() -> tuple[dict[str, set[tuple[int, int, str]]], set[tuple[str, int, int, str]]]:
    """The 122 spans of sample-gold.jsonl by file, minus LEFT_OUT; and LEFT_OUT's offsets."""
    from bench.data import make_sample_gold as old

    kept: dict[str, set[tuple[int, int, str]]] = {}
    left_out = set()
    for name, spans in old.GOLD.items():
        text = (SAMPLE / name).read_bytes().decode("utf-8")
        kept[name] = set()
        for label, needle, *rest in spans:
            occurrence = rest[0] if rest else 0
            start = occurrences(text, needle)[occurrence]
            if (name, label, needle, occurrence) in LEFT_OUT:
                left_out.add((name, start, start + len(needle), label))
            else:
                kept[name].add((start, start + len(needle), label))
    if len(left_out) != len(LEFT_OUT):
        raise GoldError("LEFT_OUT names a span that is not in the old gold")
    return kept, left_out


def check_old_gold(records: list[dict]) -> None:
    new = {r["meta"]["file"]: {(s["start"], s["end"], s["label"]) for s in r["spans"]}
           for r in records if "record" not in r["meta"]}
    kept, left_out = old_gold()
    for name, spans in kept.items():
        missing = spans - new[name]
        if missing:
            raise GoldError(f"{name}: old gold spans missing: {sorted(missing)}")
    for name, start, end, label in left_out:
        # a listed exception that is tagged after all would make the .md's list wrong
        if (start, end, label) in new[name]:
            raise GoldError(f"{name}: {label} {start}-{end} is listed as left out but tagged")


def content() -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in build())


def main(out: Path = OUT) -> None:
    try:
        text = content()
    except GoldError as error:  # one line naming the article and the span, no traceback
        raise SystemExit(str(error)) from None
    out.write_text(text, encoding="utf-8")
    print(f"{sum(len(s) for s in GOLD.values())} spans in {len(GOLD)} articles -> {out}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
