"""Writes sample-gold.jsonl from the hand-picked spans below (see sample-gold.md).

Each span is written as its label, its exact text and, when the text occurs more than
once in the article, which occurrence (0-based); offsets are found here so that nobody
has to count code points by hand.  Rerun: ``python bench/data/make_sample_gold.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample"
OUT = Path(__file__).with_name("sample-gold.jsonl")

NB = "\u00a0"

GOLD: dict[str, list[tuple]] = {
    "01-ossick-dam-fails-courier.txt": [
        ("NUMBER", "6,000"),
        ("ACTOR", "Ada Pellowe"),
        ("CLAIM", "Around 6,000 residents of lower Portmerrow were evacuated overnight after a "
                  "section of the Ossick Dam spillway gave way at 2:15 a.m. on Tuesday"),
        ("NUMBER", "Around 6,000 residents"),
        ("NUMBER", "2:15 a.m."),
        ("ACTOR", "Sallen Regional Water Authority"),
        ("CLAIM", "142 mm of rain had fallen on the reservoir catchment in the 24 hours "
                  "before the failure"),
        ("NUMBER", "142 mm"),
        ("NUMBER", "24 hours"),
        ("QUOTE", '"The spillway was simply asked to carry more water than it was ever '
                  'designed for,"'),
        ("ACTOR", "Dorian Keppel"),
        ("ACTOR", "Mayor Rosalind Tepperley"),
        ("NUMBER", "3 a.m."),
        ("NUMBER", "just over an hour"),
        ("QUOTE", '"Nobody in this town will be left behind tonight."'),
        ("ACTOR", "Chief Fire Officer Marta Velloway"),
        ("ACTOR", "Sallen Coast Fire and Rescue Service"),
        ("NUMBER", "87 rescues"),
        ("NUMBER", "81-year-old"),
        ("NUMBER", "212 homes"),
        ("NUMBER", "between 1.2 and 1.5 metres"),
        ("NUMBER", f"40{NB}km"),
        ("ACTOR", "Nell Ambrose"),
        ("QUOTE", '"Everything we own is underwater 🌊 but we\'re all safe."'),
        ("NUMBER", "more than 9,500 times"),
        ("CLAIM", "The council has released €4.2 million from its contingency reserve"),
        ("NUMBER", "€4.2 million"),
        ("ACTOR", "Merrowline Ferries"),
    ],
    "02-sluice-gate-blamed-gazette.txt": [
        ("NUMBER", "3,000"),
        ("ACTOR", "Owen Farrant-Shaw"),
        ("NUMBER", "About 3,000 people"),
        ("ACTOR", "Sallen Constabulary"),
        ("ACTOR", "Two engineers who work on the dam"),
        ("CLAIM", "one of the three sluice gates on the spillway had been jammed shut for "
                  '"at least six weeks"'),
        ("QUOTE", '"at least six weeks"'),
        ("NUMBER", "at least six weeks"),
        ("CLAIM", "a repair requested in January had been postponed to save money"),
        ("ACTOR", "Hana Breck"),
        ("ACTOR", "Allied Waterworkers' Union"),
        ("QUOTE", '"Our members raised the alarm about that gate twice. This was not an act '
                  'of God. It was a budget decision."'),
        ("CLAIM", "It was a budget decision."),
        ("NUMBER", "3:12 a.m."),
        ("ACTOR", "Superintendent Ruth Ingleby"),
        ("NUMBER", "more than 1,100 doors"),
        ("NUMBER", "40 minutes"),
        ("ACTOR", "Deputy Mayor Caspar Oduya-Fenn"),
        ("QUOTE", '"Nobody in this town will be left behind tonight."'),
        ("NUMBER", "More than 300 homes"),
        ("ACTOR", "Gideon Marsh"),
        ("QUOTE", '"slow and badly coordinated"'),
        ("NUMBER", "two and a half hours"),
        ("NUMBER", "87 people"),
    ],
    "03-council-statement.txt": [
        ("ACTOR", "Portmerrow Borough Council", 1),
        ("CLAIM", "4,200 residents were evacuated from the lower town between 2:30 a.m. and "
                  "6 a.m. on Tuesday 15 March"),
        ("NUMBER", "4,200 residents"),
        ("NUMBER", "1,870 people"),
        ("NUMBER", "640"),
        ("NUMBER", "410"),
        ("NUMBER", "€7.5 million"),
        ("NUMBER", "€1,500"),
        ("QUOTE", '"I want to thank every firefighter, police officer and volunteer who '
                  'worked through the night,"'),
        ("ACTOR", "Mayor Rosalind Tepperley"),
        ("CLAIM", "The Council is not responsible for the operation of the Ossick Dam"),
        ("ACTOR", "Sallen Regional Water Authority"),
        ("NUMBER", "between five and seven days"),
    ],
    "04-analysis-two-stories-ledger.txt": [
        ("ACTOR", "Imogen Tallis"),
        ("NUMBER", "Two days"),
        ("ACTOR", "The Sallen Courier"),
        ("NUMBER", "6,000"),
        ("ACTOR", "The Kestrel Bay Gazette"),
        ("NUMBER", "as many as 3,000 people"),
        ("CLAIM", "The gap — as many as 3,000 people — is not a rounding error."),
        ("NUMBER", "the estimated 700 people"),
        ("NUMBER", f"142{NB}mm"),
        ("CLAIM", f"142{NB}mm of rain fell in 24 hours"),
        ("QUOTE", "“an extreme event by any standard,”"),
        ("ACTOR", "Alastair Penhallow"),
        ("ACTOR", "Jose\u0301 Calderwood"),
        ("QUOTE", "“A spillway with one of its three gates out of action loses roughly a "
                  "third of its capacity,”"),
        ("NUMBER", "roughly a third"),
        ("NUMBER", f"up to 110{NB}mm"),
        ("NUMBER", "€2.9 million"),
        ("NUMBER", "€1.6 million"),
        ("NUMBER", "about 45%"),
        ("QUOTE", "“efficiencies, not corners cut.”"),
    ],
    "05-correction-gazette.txt": [
        ("ACTOR", "Farah Doyle-Mensah"),
        ("QUOTE", '"Nobody in this town will be left behind tonight"'),
        ("ACTOR", "Deputy Mayor Caspar Oduya-Fenn"),
        ("CLAIM", "The remark was made by Mayor Rosalind Tepperley."),
        ("ACTOR", "Mayor Rosalind Tepperley"),
        ("NUMBER", "about 3,000 people"),
        ("ACTOR", "Sallen Constabulary"),
        ("NUMBER", "between 3,000 and 3,500 people"),
        ("NUMBER", "4,200"),
        ("NUMBER", "40 minutes"),
        ("ACTOR", "Sallen Regional Water Authority"),
        ("QUOTE", '"operating at reduced capacity"'),
        ("NUMBER", "2 February"),
        ("QUOTE", '"Even with all three gates fully open, no spillway of that age could have '
                  'handled what fell on Monday night."'),
        ("ACTOR", "Deputy Mayor Oduya-Fenn"),
        ("QUOTE", '"The Mayor said it first, and she meant it,"'),
    ],
    "06-ferries-return-courier.txt": [
        ("NUMBER", "€11 million"),
        ("ACTOR", "Merrowline Ferries"),
        ("NUMBER", "a five-day suspension"),
        ("NUMBER", "€11.8 million"),
        ("NUMBER", "96 passengers"),
        ("QUOTE", '"The harbour wall took a beating but the berths are sound,"'),
        ("ACTOR", "Tobias Quennell"),
        ("NUMBER", "somewhere north of €300,000"),
        ("NUMBER", "€6.1 million"),
        ("NUMBER", "€3.4 million"),
        ("NUMBER", "€2.3 million"),
        ("ACTOR", "Councillor Priya Addenbrooke"),
        ("CLAIM", 'the total was "likely to rise by a further 10 to 15 per cent"'),
        ("NUMBER", "a further 10 to 15 per cent"),
        ("NUMBER", "4,200"),
        ("ACTOR", "Professor Lena Ostrander"),
        ("QUOTE", '"no later than 30 June"'),
        ("NUMBER", "30 June"),
        ("CLAIM", "rainfall was the main cause"),
        ("ACTOR", "Portmerrow Residents' Association"),
        ("NUMBER", "1,120 people"),
    ],
}


def locate(text: str, needle: str, occurrence: int) -> int:
    at = -1
    for _ in range(occurrence + 1):
        at = text.find(needle, at + 1)
        if at < 0:
            raise SystemExit(f"not found: {needle!r} (occurrence {occurrence})")
    return at


def main() -> None:
    lines = []
    for name, spans in GOLD.items():
        # newline="" keeps 03's CRLF line endings: offsets count the stored text.
        text = (SAMPLE / name).read_bytes().decode("utf-8")
        records = []
        for label, needle, *rest in spans:
            start = locate(text, needle, rest[0] if rest else 0)
            records.append({"start": start, "end": start + len(needle), "label": label})
        title = text.split("\n", 1)[0].strip()
        lines.append(json.dumps({"title": title, "text": text, "meta": {"file": name},
                                 "spans": records}, ensure_ascii=False))
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{sum(len(s) for s in GOLD.values())} spans in {len(GOLD)} articles -> {OUT}")


if __name__ == "__main__":
    main()
