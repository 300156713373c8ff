"""An invented story for the comparison and report tests: four outlets on one exchange.

Every outlet, person, place and figure here is made up.  Spans are found by their text in
each article, so an edit to a sentence cannot leave an offset pointing at the wrong words.
"""

from __future__ import annotations

from typing import Any

from annotator.core.model import Article, Link, Span

STORY = "Exchange at Dorvel Bridge"

ARTICLES: dict[int, dict[str, Any]] = {
    1: {
        "title": "Bodies returned at Dorvel Bridge",
        "meta": {"outlet": "The Varnia Courier", "date": "2026-03-04"},
        "text": (
            "Varnia and Eastmark completed an exchange at Dorvel Bridge on Tuesday. "
            "Gen. Arvo Tarrow said 6,000 bodies were returned to Varnia. "
            "Last month 800 prisoners were freed in Kesh.\n"
            "The ministry said the talks would resume in April. "
            "Witnesses counted 42 vehicles at the crossing."
        ),
    },
    2: {
        "title": "Eastmark hands over remains",
        "meta": {"outlet": "Eastgate Daily", "published": "3 March 2026"},
        "text": (
            "Eastmark officials said 3,000 bodies were handed over at Dorvel Bridge. "
            "Minister Ilse Brandt said negotiations will restart in April."
        ),
    },
    3: {
        "title": "Count rises after Dorvel exchange",
        "meta": {"outlet": "Northmarch Herald", "published_at": "2026-03-05T08:30:00+02:00"},
        "text": (
            "By Thursday the count had risen to 6,400 bodies, the Red Lantern Society said. "
            "Separately, 1,200 prisoners were freed in Kesh last year."
        ),
    },
    4: {
        "title": "A bridge, a count, a dispute",
        "meta": {"outlet": "Lowfield Post"},
        "text": (
            "Roughly 6,000 bodies were returned, according to Gen. Tarrow. "
            "A convoy of 40 vehicles waited on the Varnia side."
        ),
    },
}

# (article, the span's text, label, attributes): the NUMBER in article 4 has no
# attributes, so its value is read from its text by the number grammar.
SPANS: dict[str, tuple[int, str, str, dict[str, Any]]] = {
    "courier-bodies": (1, "6,000 bodies", "NUMBER", {"value": 6000, "unit": "bodies"}),
    "courier-prisoners": (1, "800 prisoners", "NUMBER", {"value": 800, "unit": "prisoners"}),
    "courier-talks": (1, "the talks would resume in April", "CLAIM", {}),
    "courier-vehicles": (1, "42 vehicles", "NUMBER", {"value": 42, "unit": "vehicles"}),
    "eastgate-bodies": (2, "3,000 bodies", "NUMBER", {"value": 3000, "unit": "bodies"}),
    "eastgate-talks": (2, "negotiations will restart in April", "CLAIM", {}),
    "herald-bodies": (3, "6,400 bodies", "NUMBER", {"value": 6400, "unit": "bodies"}),
    "herald-prisoners": (3, "1,200 prisoners", "NUMBER", {"value": 1200, "unit": "prisoners"}),
    "lowfield-bodies": (4, "Roughly 6,000 bodies", "NUMBER", {}),
    "lowfield-vehicles": (4, "40 vehicles", "NUMBER", {"value": 40, "unit": "vehicles"}),
}

LINKS: list[tuple[str, str, str]] = [
    ("courier-bodies", "eastgate-bodies", "contradicts"),
    ("herald-bodies", "courier-bodies", "updates"),
    ("lowfield-bodies", "courier-bodies", "same"),
    ("courier-talks", "eastgate-talks", "same"),
    ("courier-prisoners", "herald-prisoners", "different-event"),
    ("courier-vehicles", "lowfield-vehicles", "same"),
]


def article(article_id: int, **changes: Any) -> Article:
    data = {**ARTICLES[article_id], **changes}
    return Article(
        id=article_id, title=data["title"], text=data["text"], sha256="", source=None,
        meta=data["meta"], status="done", imported_at="", updated_at="",
    )  # fmt: skip


def articles() -> list[Article]:
    return [article(i) for i in ARTICLES]


def spans() -> dict[str, Span]:
    """Every sample span by name; ids in the order of SPANS, from 101."""
    made = {}
    for number, (name, (article_id, phrase, label, attributes)) in enumerate(SPANS.items()):
        text = ARTICLES[article_id]["text"]
        start = text.index(phrase)
        made[name] = Span(
            id=101 + number, article_id=article_id, start=start, end=start + len(phrase),
            label=label, text=phrase, attributes=attributes,
        )  # fmt: skip
    return made


def link(link_id: int, a: Span, b: Span, kind: str) -> Link:
    return Link(id=link_id, article_id=a.article_id, span_id=a.id,
                to_article_id=b.article_id, to_span_id=b.id, type=kind)  # fmt: skip


def links(named: dict[str, Span]) -> list[Link]:
    return [link(i, named[a], named[b], kind) for i, (a, b, kind) in enumerate(LINKS, 1)]


def texts() -> dict[int, str]:
    return {i: data["text"] for i, data in ARTICLES.items()}
