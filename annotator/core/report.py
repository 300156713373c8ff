"""A story's comparison as one self-contained HTML page, to read on screen or print.

``render_report(comparison, texts)`` returns the page as a string; ``texts`` maps an
article id to its text, so each cell can quote the sentence its span stands in, with the
span marked.  What the page promises, because an analyst may open it from anywhere and
hand it on:

* **Self-contained.**  No script, no remote resource (stylesheet, font, image), no link
  out: one inline stylesheet.  It opens the same with no network and cannot phone home.
* **Every text shown literally.**  Titles, quotes and names come from outside (scraped
  articles): each is escaped (``html.escape``), and each character that would not print
  as itself (controls, NUL, bidi overrides and isolates, zero-width marks, lone
  surrogates, private use) is shown as a visible ``U+202E`` badge, so a title holding
  ``<script>``, ``&amp;`` or a right-to-left override reads as what it is and reorders
  nothing.  A line break inside a quote shows as ¶.  Titles sit in ``<bdi>`` and quotes
  in ``dir=auto`` blocks, so an Arabic or Hebrew title keeps its own direction without
  turning the page around it.
* **Disagreements first**, as the comparison orders its rows; each says why.
* **Prints cleanly** in black and white: A4 landscape, no row cut across pages, the table
  head repeated on each page, and everything colour says also said by a symbol and a
  word (link types, disagreement, the marked span, which is bold and underlined in print).
* A story with many articles is cut into tables of :data:`COLUMNS_PER_TABLE` articles,
  each with the facts column again, so no page is wider than the paper.

A cell whose article text is not given, or no longer holds the span's text at its
offsets, quotes the span's own text and says so.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from html import escape
from typing import NamedTuple

from annotator.core.compare import Column, Comparison, Fact, Row, sentence_of
from annotator.core.printable import printable

__all__ = ["COLUMNS_PER_TABLE", "LINK_SIGNS", "render_report"]

COLUMNS_PER_TABLE = 5
# Each link type's sign and what it means, for the legend and the rows.
LINK_SIGNS = {
    "same": ("=", "same fact", "the two spans report one fact"),
    "contradicts": ("✗", "contradicts", "the two spans cannot both be true"),
    "updates": ("↻", "updates", "a later figure replaces an earlier one"),
    "different-event": ("⊘", "different event", "they look comparable but are not"),
}
_DISAGREEMENT = "⚠"
_DIFFER = "≠"
_CONTEXT = 240  # characters of a sentence kept either side of the span
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")

_CSS = """
:root { --ink: #1d1d1f; --muted: #5f6368; --rule: #c9ccd1; --soft: #f4f5f7;
  --alert: #b3261e; --alert-soft: #fdecea; --mark: #ffe58a; }
* { box-sizing: border-box; }
body { margin: 24px 28px; color: var(--ink); background: #fff; font: 14px/1.45
  "DejaVu Sans", "Segoe UI", "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 15px; margin: 22px 0 6px; text-transform: uppercase; letter-spacing: .06em;
  color: var(--muted); }
.summary { margin: 0 0 8px; color: var(--muted); }
.summary strong { color: var(--alert); }
.articles { margin: 0; padding: 0; list-style: none; columns: 2 380px; column-gap: 32px; }
.articles li { margin: 0 0 3px; break-inside: avoid; }
.tag { display: inline-block; min-width: 2.4em; font-weight: 700; }
.date, .outlet { color: var(--muted); }
.articles .date { white-space: nowrap; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 22px; margin: 0; padding: 0; }
.legend div { display: flex; gap: 6px; align-items: baseline; }
.legend dt { font-weight: 700; white-space: nowrap; }
.legend dd { margin: 0; color: var(--muted); }
.sign { display: inline-block; min-width: 1.2em; text-align: center; font-weight: 700; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 10px 0 18px; }
caption { text-align: left; color: var(--muted); padding: 0 0 4px; }
th, td { border: 1px solid var(--rule); padding: 6px 8px; vertical-align: top;
  text-align: left; overflow-wrap: anywhere; }
thead th { background: var(--soft); font-size: 13px; }
thead th .date { font-weight: 400; display: block; }
th.fact-head, td.fact { width: 22%; }
td.fact { background: var(--soft); }
tr.disagreement td.fact { background: var(--alert-soft); border-left: 5px solid var(--alert); }
.number { font-weight: 700; }
.badge { display: block; font-weight: 700; color: var(--alert); margin: 2px 0; }
.flag { display: block; margin: 2px 0; }
.links { margin: 4px 0 0; padding: 0; list-style: none; font-size: 12px; color: var(--muted); }
.value { font-weight: 700; margin: 0 0 2px; }
.value.odd { color: var(--alert); }
.quote { margin: 0 0 8px; font-family: "DejaVu Serif", Georgia, serif; font-size: 13px; }
.quote:last-child { margin-bottom: 0; }
mark { background: var(--mark); color: inherit; padding: 0 1px; border-radius: 2px;
  font-weight: 700; }
.absent { color: var(--muted); font-style: italic; }
.note { color: var(--muted); font-size: 12px; font-style: italic; }
.ctl { font: 11px/1 "DejaVu Sans Mono", monospace; border: 1px solid currentColor;
  border-radius: 3px; padding: 0 2px; margin: 0 1px; color: var(--alert); }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; font-size: 10pt; }
  h1 { font-size: 16pt; }
  thead { display: table-header-group; }
  tr, th, td, .articles li { break-inside: avoid; page-break-inside: avoid; }
  th, td { border-color: #777; }
  thead th, td.fact, tr.disagreement td.fact { background: none; }
  tr.disagreement td.fact { border-left: 4pt solid #000; }
  .badge, .summary strong, .value.odd, .ctl { color: #000; }
  mark { background: none; text-decoration: underline 1.5pt; text-underline-offset: 2pt; }
}
"""


class _Page(NamedTuple):
    labels: Mapping[int, str]  # article id -> "A3"
    texts: Mapping[int, str]
    sentences: Mapping[int, tuple[int, int]]  # span id -> its sentence


def render_report(comparison: Comparison, texts: Mapping[int, str]) -> str:
    """The whole page; ``texts`` maps article ids to their texts (for the sentences)."""
    labels = {column.article_id: f"A{i}" for i, column in enumerate(comparison.columns, 1)}
    page = _Page(labels, texts, _sentences(comparison, texts))
    count = len(comparison.rows)
    disagreements = comparison.disagreements
    summary = [
        f"{len(comparison.columns)} article{_s(len(comparison.columns))}",
        f"{count} linked fact{_s(count)}",
        f"<strong>{_DISAGREEMENT} {disagreements} disagreement{_s(disagreements)}</strong>"
        if disagreements else "no disagreement",
    ]  # fmt: skip
    if comparison.ignored_links:
        summary.append(
            f"{comparison.ignored_links} link{_s(comparison.ignored_links)} to spans outside "
            "this story not shown"
        )
    parts = [
        '<!DOCTYPE html>\n<html lang="en" dir="ltr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(printable(comparison.story))} — story comparison</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n<header>\n"
        f"<h1><bdi>{_visible(comparison.story)}</bdi></h1>\n"
        f'<p class="summary">{" · ".join(summary)}</p>\n</header>\n',
        _articles(comparison.columns, labels),
        _legend(),
        "<section>\n<h2>Facts across articles</h2>\n",
    ]
    if not comparison.rows:
        parts.append('<p class="absent">No span of these articles is linked to another.</p>\n')
    else:
        columns = comparison.columns
        for first in range(0, max(len(columns), 1), COLUMNS_PER_TABLE):
            chosen = range(first, min(first + COLUMNS_PER_TABLE, len(columns)))
            parts.append(_table(comparison, chosen, page))
    parts.append("</section>\n</body>\n</html>\n")
    return "".join(parts)


def _sentences(comparison: Comparison, texts: Mapping[int, str]) -> dict[int, tuple[int, int]]:
    """Each quoted span's sentence, found article by article: the sentence finder keeps
    only the last few texts' sentences, and the rows visit the articles in turn."""
    facts = sorted((f for row in comparison.rows for f in row.facts), key=lambda f: f.article_id)
    found = {}
    for fact in facts:
        text = texts.get(fact.article_id)
        if text is not None and text[fact.start : fact.end] == fact.text:
            found[fact.span_id] = sentence_of(text, fact.start, fact.end)
    return found


def _s(n: int) -> str:
    return "" if n == 1 else "s"


def _visible(text: str) -> str:
    """``text`` escaped for HTML, with every character that would not print as itself
    shown as a badge naming its code point (a line break as ¶)."""
    if text.isprintable():
        return escape(text)
    out: list[str] = []
    plain: list[str] = []
    previous = ""
    for ch in text:
        if ch == " " or unicodedata.category(ch) not in _HIDDEN:
            plain.append(ch)
            previous = ch
            continue
        out.append(escape("".join(plain)))
        plain.clear()
        if ch in _BREAKS:
            if not (ch == "\n" and previous == "\r"):  # CRLF is one break
                out.append('<span class="ctl" title="line break">¶</span>')
        else:
            out.append(f'<span class="ctl" title="hidden character">U+{ord(ch):04X}</span>')
        previous = ch
    out.append(escape("".join(plain)))
    return "".join(out)


def _articles(columns: Iterable[Column], labels: Mapping[int, str]) -> str:
    items = []
    for column in columns:
        bits = [f'<span class="tag">{labels[column.article_id]}</span> '
                f"<bdi>{_visible(column.title)}</bdi>"]  # fmt: skip
        if column.outlet:
            bits.append(f' <span class="outlet">— <bdi>{_visible(column.outlet)}</bdi></span>')
        bits.append(f' <span class="date">· {_date(column)}</span>')
        items.append(f"<li>{''.join(bits)}</li>")
    return f'<h2>Articles</h2>\n<ul class="articles">\n{chr(10).join(items)}\n</ul>\n'


def _date(column: Column) -> str:
    if column.when is not None:
        return escape(column.when.date().isoformat())
    if column.date:
        return f"<bdi>{_visible(column.date)}</bdi> (not a date)"
    return "no date"


def _legend() -> str:
    entries = [(sign, word, meaning) for sign, word, meaning in LINK_SIGNS.values()]
    entries += [
        (_DISAGREEMENT, "disagreement",
         "a contradicts link, or different figures linked as the same fact"),
        (_DIFFER, "values differ", "the figures or the wording are not the same"),
    ]  # fmt: skip
    items = "\n".join(
        f'<div><dt><span class="sign">{sign}</span> {word}</dt><dd>{meaning}</dd></div>'
        for sign, word, meaning in entries
    )
    return (
        f'<h2>Key</h2>\n<dl class="legend">\n{items}\n'
        "<div><dt><mark>marked</mark></dt><dd>the linked span in its sentence</dd></div>\n"
        "</dl>\n"
    )


def _table(comparison: Comparison, chosen: range, page: _Page) -> str:
    columns, labels = comparison.columns, page.labels
    head = ['<th class="fact-head" scope="col">Fact</th>']
    for i in chosen:
        column = columns[i]
        head.append(
            f'<th scope="col">{labels[column.article_id]} <bdi>{_visible(column.title)}</bdi>'
            f'<span class="date">{_date(column)}</span></th>'
        )
    caption = ""
    if len(columns) > COLUMNS_PER_TABLE:
        caption = (f"<caption>Articles A{chosen.start + 1}–A{chosen.stop} of "
                   f"{len(columns)}</caption>")  # fmt: skip
    body = [
        _row(number, row, chosen, page)
        for number, row in enumerate(comparison.rows, 1)
        if any(row.cells[i] for i in chosen) or not chosen
    ]
    return (
        f"<table>{caption}\n<thead><tr>{''.join(head)}</tr></thead>\n<tbody>\n"
        + "\n".join(body)
        + "\n</tbody>\n</table>\n"
    )


def _row(number: int, row: Row, chosen: range, page: _Page) -> str:
    kinds = " + ".join(escape(label) for label in row.labels)
    fact = [f'<span class="number">#{number}</span> {kinds}']
    if row.disagreement:
        fact.append(f'<span class="badge">{_DISAGREEMENT} Disagreement: {escape(row.reason)}'
                    "</span>")  # fmt: skip
    if row.values_differ:
        fact.append(f'<span class="flag"><span class="sign">{_DIFFER}</span> values differ</span>')
    fact.append(_links(row, page.labels))
    usual = _usual_key(row)
    cells = [f'<td class="fact">{"".join(fact)}</td>']
    for i in chosen:
        facts = row.cells[i]
        if not facts:
            cells.append('<td><span class="absent">not reported</span></td>')
            continue
        cells.append(f"<td>{''.join(_fact(f, page, usual) for f in facts)}</td>")
    css = ' class="disagreement"' if row.disagreement else ""
    return f"<tr{css}>{''.join(cells)}</tr>"


def _links(row: Row, labels: Mapping[int, str]) -> str:
    """Each link as "A1 ✗ contradicts A2"; only counts per type past twelve."""
    if len(row.links) > 12:
        counts = Counter(link.type for link in row.links)
        shown = [f"{_sign(kind)} {n} × {_word(kind)}" for kind, n in sorted(counts.items())]
    else:
        shown = [
            f"{labels.get(link.article_id, '?')} {_sign(link.type)} {_word(link.type)} "
            f"{labels.get(link.to_article_id, '?')}"
            for link in row.links
        ]
    return '<ul class="links">' + "".join(f"<li>{item}</li>" for item in shown) + "</ul>"


def _sign(kind: str) -> str:
    return f'<span class="sign">{LINK_SIGNS[kind][0] if kind in LINK_SIGNS else "?"}</span>'


def _word(kind: str) -> str:
    return LINK_SIGNS[kind][1] if kind in LINK_SIGNS else f"<bdi>{_visible(kind)}</bdi>"


def _usual_key(row: Row) -> tuple | None:
    """The NUMBER value most of the row's spans give, when the values differ."""
    keys = Counter(f.key for f in row.facts if f.label == "NUMBER" and f.key is not None)
    if len(keys) < 2:
        return None
    (key, n), (_, m) = keys.most_common(2)
    return key if n > m else None


def _fact(fact: Fact, page: _Page, usual: tuple | None) -> str:
    value = ""
    if fact.label == "NUMBER" and fact.shown:
        odd = usual is not None and fact.key is not None and fact.key != usual
        css = "value odd" if odd else "value"
        sign = f'<span class="sign">{_DIFFER}</span> ' if odd else ""
        value = f'<div class="{css}">{sign}<bdi>{_visible(fact.shown)}</bdi></div>'
    return f"{value}{_quote(fact, page)}"


def _quote(fact: Fact, page: _Page) -> str:
    text = page.texts.get(fact.article_id)
    if text is None or fact.span_id not in page.sentences:
        why = "article text not given" if text is None else "the article text has changed"
        return (f'<p class="quote" dir="auto"><mark>{_visible(fact.text)}</mark></p>'
                f'<p class="note">{why}: the span alone</p>')  # fmt: skip
    begin, stop = page.sentences[fact.span_id]
    before = text[begin : fact.start]
    after = text[fact.end : stop]
    if len(before) > _CONTEXT:
        before = "…" + before[-_CONTEXT:].lstrip()
    if len(after) > _CONTEXT:
        after = after[:_CONTEXT].rstrip() + "…"
    return (
        f'<p class="quote" dir="auto">{_visible(before)}<mark>{_visible(fact.text)}</mark>'
        f"{_visible(after)}</p>"
    )
