"""The story report: a self-contained HTML page that shows hostile text literally.

Two kinds of check: the page parsed by ``html.parser`` (what it contains), and the page
opened by a real headless Chromium (that it draws something, prints, and runs nothing a
title smuggles in).  The browser tests skip, saying why, where no Chromium is installed;
CI installs it (.ci/run).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from annotator.core.compare import build_comparison
from annotator.core.report import COLUMNS_PER_TABLE, LINK_SIGNS, render_report
from tests import story_sample as sample

HOSTILE = (
    "<script>document.body.setAttribute('data-pwned', 'script')</script>"
    "<img src=x onerror=\"document.body.setAttribute('data-pwned', 'img')\">"
    " &amp; \u202eraeh\u202c \x00 Tribune"
)


class Page(HTMLParser):
    """Every start tag with its attributes, the text (with entities read), the style."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.style = ""
        self._in: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in.append(tag)

    def handle_endtag(self, tag):
        if tag in self._in:
            while self._in.pop() != tag:
                pass

    def handle_data(self, data):
        if self._in and self._in[-1] == "style":
            self.style += data
        else:
            self.text.append(data)

    def named(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]

    @property
    def all_text(self) -> str:
        return "".join(self.text)


def comparison(*, extra_title: str | None = HOSTILE, named=None):
    named = sample.spans() if named is None else named
    articles = sample.articles()
    if extra_title is not None:
        articles.append(
            replace_article(5, extra_title, {"outlet": "Evil \u202eweN\u202c", "date": "soon"})
        )
    return build_comparison(
        story=sample.STORY, articles=articles, spans=list(named.values()),
        links=sample.links(named),
    )  # fmt: skip


def replace_article(article_id: int, title: str, meta: dict):
    return sample.article(1, title=title, meta=meta)._replace(id=article_id)


def page(**kwargs) -> str:
    return render_report(comparison(**kwargs), sample.texts())


# --- the page as parsed --------------------------------------------------------------------


def test_the_page_is_self_contained() -> None:
    html = page()
    parsed = Page(html)
    assert html.startswith("<!DOCTYPE html>")
    assert {"charset": "utf-8"} in parsed.named("meta")
    names = {tag for tag, _ in parsed.tags}
    assert not names & {"script", "link", "img", "iframe", "object", "embed", "base", "svg"}
    for tag, attrs in parsed.tags:
        for key, value in attrs.items():
            assert key not in ("src", "href", "srcset", "action", "style"), (tag, key)
            assert not key.startswith("on"), (tag, key)
            assert "//" not in (value or "") and "http" not in (value or "").lower()
    assert len(parsed.named("style")) == 1
    assert "url(" not in parsed.style and "@import" not in parsed.style
    assert "http" not in parsed.style and "//" not in parsed.style
    assert "@font-face" not in parsed.style


def test_a_hostile_title_is_shown_literally() -> None:
    html = page()
    parsed = Page(html)
    shown = parsed.all_text
    # the markup reads as text, the entity as the five characters it was
    assert "<script>document.body.setAttribute('data-pwned', 'script')</script>" in shown
    assert "<img src=x onerror=" in shown
    assert " &amp; " in shown
    # the override and the NUL are named, not obeyed; the page holds neither
    assert "U+202EraehU+202C U+0000 Tribune" in shown
    assert "\u202e" not in html and "\x00" not in html and "\u202c" not in html
    assert "EvilU+202EweNU+202C" in shown.replace(" ", "")
    assert "soon (not a date)" in shown
    # each title is isolated from the text around it
    assert html.count("<bdi>") >= 2 * len(sample.ARTICLES)


def test_a_hostile_story_name_is_shown_literally_in_the_heading_and_title_bar() -> None:
    named = sample.spans()
    result = build_comparison(
        story="<b>Dorvel</b> \u202eegdirB\u202c", articles=sample.articles(),
        spans=list(named.values()), links=sample.links(named),
    )  # fmt: skip
    html = render_report(result, sample.texts())
    parsed = Page(html)
    assert not parsed.named("b")
    # the title bar holds no markup: Python-style escapes there, badges in the heading
    title = html[html.index("<title>") : html.index("</title>")]
    assert "&lt;b&gt;Dorvel&lt;/b&gt; \\u202eegdirB\\u202c" in title
    assert "\n<b>Dorvel</b> U+202EegdirBU+202C\n" in parsed.all_text  # the heading
    assert "\u202e" not in html


def test_other_hidden_characters_and_lone_surrogates_are_named() -> None:
    tricky = "Zero\u200bwidth, bell\x07, tab\t, isolate\u2067x\u2069 and \ud800 alone"
    html = page(extra_title=tricky)
    html.encode("utf-8")  # a lone surrogate would make this raise
    shown = Page(html).all_text
    for name in ("U+200B", "U+0007", "U+0009", "U+2067", "U+2069", "U+D800"):
        assert name in shown
    # a right-to-left title is not escaped: its letters are text, isolated by <bdi>
    hebrew = page(extra_title="דיווח מהגשר")
    assert "<bdi>דיווח מהגשר</bdi>" in hebrew


def test_disagreements_come_first_and_say_why() -> None:
    parsed = Page(page(extra_title=None))
    rows = [attrs.get("class") for attrs in parsed.named("tr")[1:]]  # after the head row
    assert rows == ["disagreement", "disagreement", None, None]
    shown = parsed.all_text
    first = shown.index("Disagreement: a contradicts link")
    second = shown.index("Disagreement: different figures linked as the same fact")
    assert first < second < shown.index("#3")


def test_each_cell_quotes_its_sentence_with_the_span_marked() -> None:
    html = page(extra_title=None)
    quotes = re.findall(r'<p class="quote" dir="auto">(.*?)</p>', html)
    assert "Gen. Arvo Tarrow said <mark>6,000 bodies</mark> were returned to Varnia." in quotes
    assert "Eastmark officials said <mark>3,000 bodies</mark> were handed over at Dorvel " \
           "Bridge." in quotes  # fmt: skip
    # the figures as read: from attributes, and from the grammar where there are none
    parsed = Page(html)
    assert "approximately 6,000 bodies" in parsed.all_text
    assert len(quotes) == len(sample.SPANS)
    assert parsed.all_text.count("not reported") == 4 * 4 - len(sample.SPANS)


def test_a_span_across_a_line_break_shows_the_break() -> None:
    named = sample.spans()
    text = sample.ARTICLES[1]["text"]
    start = text.index("Kesh")
    end = text.index("The ministry") + len("The ministry")
    named["courier-prisoners"] = replace(
        named["courier-prisoners"], start=start, end=end, text=text[start:end]
    )
    html = page(extra_title=None, named=named)
    assert '<mark>Kesh.<span class="ctl" title="line break">¶</span>The ministry</mark>' in html


def test_missing_or_changed_text_quotes_the_span_alone() -> None:
    result = comparison(extra_title=None)
    texts = sample.texts()
    del texts[2]
    texts[3] = "Something else entirely was written here later."
    parsed = Page(render_report(result, texts))
    shown = parsed.all_text
    assert "3,000 bodies" in shown and "article text not given: the span alone" in shown
    assert "6,400 bodies" in shown and "the article text has changed: the span alone" in shown


def test_legend_names_every_link_type_by_sign_and_word() -> None:
    parsed = Page(page(extra_title=None))
    legend = parsed.all_text[parsed.all_text.index("Key") :]
    for sign, word, _meaning in LINK_SIGNS.values():
        assert f"{sign} {word}" in legend
    assert "⚠ disagreement" in legend
    assert "A2 ✗ contradicts A1" in parsed.all_text  # each link says what it is, in words


def test_print_stylesheet_keeps_rows_whole_and_needs_no_colour() -> None:
    style = Page(page()).style
    printed = style[style.index("@media print") :]
    assert "break-inside: avoid" in printed and "table-header-group" in printed
    assert "mark { background: none; text-decoration: underline" in printed
    assert "@page { size: A4 landscape" in style


def test_many_articles_are_cut_into_tables_that_fit_the_paper() -> None:
    named = sample.spans()
    articles = sample.articles() + [
        replace_article(i, f"Quiet outlet {i}", {"date": "2026-03-06"}) for i in range(5, 13)
    ]
    result = build_comparison(story=sample.STORY, articles=articles, spans=list(named.values()),
                              links=sample.links(named))  # fmt: skip
    html = render_report(result, sample.texts())
    tables = html.split("<table>")[1:]
    assert len(tables) == 3  # 12 articles, 5 a table
    heads = [table.count('<th scope="col">') for table in tables]
    assert heads == [COLUMNS_PER_TABLE, COLUMNS_PER_TABLE, 2]
    # a table shows only the facts its articles report: the quiet outlets report none,
    # and the undated Lowfield Post (last) two
    assert [table.count("<tr") - 1 for table in tables] == [4, 0, 2]
    assert "<caption>Articles A1–A5 of 12</caption>" in tables[0]


def test_a_story_with_no_links_says_so() -> None:
    result = build_comparison(story="Quiet week", articles=sample.articles(), spans=[], links=[])
    shown = Page(render_report(result, {})).all_text
    assert "No span of these articles is linked to another." in shown
    assert "no disagreement" in shown


# --- the page in a real browser ----------------------------------------------------------


@pytest.fixture(scope="module")
def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.skip(
            "no chromium on this machine (apt-get install chromium): browser checks skipped"
        )
    return found


@pytest.fixture
def browse(chromium: str, tmp_path: Path):
    """Open the hostile report in headless Chromium with the given extra arguments."""
    report = tmp_path / "report.html"
    report.write_text(page(), encoding="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-extensions", "--disable-dev-shm-usage",
             f"--user-data-dir={tmp_path / 'profile'}", *args, report.as_uri()],
            capture_output=True, text=True, timeout=120, cwd=tmp_path, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr[-2000:]
        return result

    return run


def test_the_browser_draws_the_page(browse, tmp_path: Path) -> None:
    from PIL import Image, ImageStat

    shot = tmp_path / "out.png"
    browse(f"--screenshot={shot}", "--window-size=1200,900")
    with Image.open(shot) as image:
        assert image.size == (1200, 900)
        grey = image.convert("L")
        spread = ImageStat.Stat(grey).stddev[0]
        dark = sum(grey.histogram()[:128]) / (1200 * 900)
    assert spread > 20, f"the screenshot looks blank (stddev {spread:.1f})"
    assert 0.005 < dark < 0.5, f"{dark:.3f} of the pixels are dark"


def test_the_browser_prints_the_page(browse, tmp_path: Path) -> None:
    pdf = tmp_path / "out.pdf"
    browse(f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) >= 1
    assert len(data) > 20_000  # text and fonts, not an empty page


def test_the_browser_runs_nothing_a_title_smuggles_in(browse) -> None:
    dom = browse("--dump-dom").stdout
    parsed = Page(dom)
    assert not parsed.named("script") and not parsed.named("img")
    (body,) = parsed.named("body")
    assert "data-pwned" not in body
    assert "<script>document.body.setAttribute('data-pwned', 'script')</script>" in (
        parsed.all_text
    )
    assert "U+202EraehU+202C" in parsed.all_text
