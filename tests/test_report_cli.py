"""`annotator report STORY -o FILE`: the story's HTML report, written like an export."""

from __future__ import annotations

import html

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.store import Store

COURIER = "The Varnia Courier: 6,000 bodies were returned on May 16, officials said."
EASTGATE = "Eastgate Daily: 3,000 bodies were returned, the ministry said."


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "corpus.sqlite3"
    with Store.open(path) as store:
        a, _ = store.add_article(title="<script>alert(1)</script>\u202e", text=COURIER)
        b, _ = store.add_article(title="Eastgate", text=EASTGATE)
        store.assign_story([a, b], "Varnia talks")
        six = store.add_span(a, 20, 32, "NUMBER", attributes={"value": 6000})
        three = store.add_span(b, 16, 28, "NUMBER", attributes={"value": 3000})
        store.add_link(six.id, three.id, "contradicts")
    return path


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_report_writes_the_page_with_the_disagreement(corpus, tmp_path):
    out = tmp_path / "report.html"
    result = run("--db", str(corpus), "report", "Varnia talks", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "1 fact in 2 articles, 1 disagreement." in result.output
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert html.escape("<script>alert(1)</script>") in page
    assert "6,000 bodies" in page and "3,000 bodies" in page
    assert not list(tmp_path.glob(".*.partial"))


def test_report_refuses_the_corpus_and_an_unknown_story(corpus, tmp_path):
    before = corpus.read_bytes()
    result = run("--db", str(corpus), "report", "Varnia talks", "-o", str(corpus))
    assert result.exit_code == 1
    assert "choose another name" in result.output and len(result.output.splitlines()) == 1
    assert corpus.read_bytes() == before
    result = run("--db", str(corpus), "report", "Nope", "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 1
    assert "no story named 'Nope'" in result.output
    assert not (tmp_path / "x.html").exists()
