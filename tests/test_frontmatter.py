"""Title and meta of .txt and .md imports from front matter or a NAME.meta.json beside them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.importing import import_paths
from annotator.core.store import Store

BODY = "Harbour crane toppled in Velmora\n\nAt least 14 containers fell, said Ilse Brandvik.\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def only_article(store: Store):
    (article, _spans), *rest = list(store.iter_articles())
    assert rest == []
    return article


def test_front_matter_gives_title_and_meta_and_is_not_stored(store, tmp_path):
    text = (
        "---\r\ntitle: Crane falls at Velmora docks\r\noutlet: The Velmora Ledger\r\n"
        'date: 2031-04-02\r\nurl: "https://ledger.example/crane"\r\n# a comment\r\n'
        "desk: Harbour\r\n---\r\n\r\n" + BODY
    )
    report = import_paths(store, [write(tmp_path / "crane.md", text)])
    assert report.added == 1, report.files[0].line()
    article = only_article(store)
    assert article.text == BODY  # the front matter and the blank line after it are gone
    assert article.title == "Crane falls at Velmora docks"
    assert article.meta == {
        "outlet": "The Velmora Ledger", "date": "2031-04-02",
        "url": "https://ledger.example/crane", "desk": "Harbour",
    }  # fmt: skip


def test_meta_json_beside_the_file_gives_meta_and_is_not_imported_itself(store, tmp_path):
    folder = tmp_path / "in"
    write(folder / "crane.txt", "---\noutlet: Old Outlet\nsection: port\n---\n" + BODY)
    meta = {"title": "Crane report", "outlet": "Velmora Ledger", "date": "2031-04-03",
            "tags": ["port"]}  # fmt: skip
    write(folder / "crane.meta.json", json.dumps(meta))
    report = import_paths(store, [folder])
    assert [f.path.name for f in report.files] == ["crane.txt"]
    assert report.skipped == []
    article = only_article(store)
    assert article.title == "Crane report"
    assert article.text == BODY
    # the meta.json wins over the front matter where both give a key
    assert article.meta == {"outlet": "Velmora Ledger", "date": "2031-04-03",
                            "section": "port", "tags": ["port"]}  # fmt: skip


def test_a_file_without_front_matter_is_kept_verbatim(store, tmp_path):
    text = "-- a dash line\n---\nnot front matter: the first line is not ---\n"
    import_paths(store, [write(tmp_path / "plain.txt", text)])
    article = only_article(store)
    assert article.text == text
    assert article.meta == {}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("---\ntitle: Never closed\nnote: no fence follows\n", "never closed"),
        ("---\ntitle: x\njust words\n---\n" + BODY, "front matter line 3: expected 'key: value'"),
        ("---\noutlet: A\noutlet: B\n---\n" + BODY, "'outlet' is given twice"),
        ("---\ntags: [a, b]\n---\n" + BODY, "only plain one-line values"),
        ("---\ntitle: Only meta\n---\n\n", "holds only front matter"),
    ],
)
def test_bad_front_matter_refuses_that_file_in_one_line(store, tmp_path, text, reason):
    bad = write(tmp_path / "bad.txt", text)
    good = write(tmp_path / "good.txt", BODY)
    report = import_paths(store, [bad, good])
    line = report.files[0].line()
    assert line.startswith(str(bad)) and reason in line and "\n" not in line
    assert report.added == 1 and only_article(store).text == BODY


@pytest.mark.parametrize(
    ("meta", "reason"),
    [
        (b"{not json", "crane.meta.json: malformed JSON"),
        (b"[1, 2]", "crane.meta.json: expected a JSON object"),
        (b'{"title": 7}', "crane.meta.json: title must be a string"),
        (b'{"outlet": "\\ud800"}', "crane.meta.json: meta holds an unpaired surrogate"),
        (b"\xff\xfe{\x00}\x00", "crane.meta.json: UTF-16 text"),
    ],
)
def test_bad_meta_json_refuses_its_article_in_one_line(store, tmp_path, meta, reason):
    path = write(tmp_path / "crane.txt", BODY)
    (tmp_path / "crane.meta.json").write_bytes(meta)
    report = import_paths(store, [path])
    line = report.files[0].line()
    assert report.files[0].refused and reason in line and "\n" not in line, line
    assert store.article_count() == 0


def test_a_meta_json_named_on_its_own_is_refused_saying_where_it_belongs(store, tmp_path):
    write(tmp_path / "crane.txt", BODY)
    meta = write(tmp_path / "crane.meta.json", '{"outlet": "Velmora Ledger"}')
    report = import_paths(store, [meta])
    assert report.files[0].refused
    assert "title and meta of the article beside it" in report.files[0].line()


def test_the_command_line_imports_a_folder_with_meta_and_refuses_a_bad_one_in_a_line(tmp_path):
    folder = tmp_path / "in"
    write(folder / "crane.md", "---\ntitle: Crane report\noutlet: Velmora Ledger\n---\n" + BODY)
    write(folder / "ferry.txt", "Ferry runs late\n")
    write(folder / "ferry.meta.json", '{"outlet": "Velmora Ledger", "date": 7')
    db = tmp_path / "corpus.sqlite3"
    result = CliRunner().invoke(
        cli, ["--db", str(db), "import", str(folder)], catch_exceptions=False
    )
    assert result.exit_code == 1
    assert f"{folder / 'ferry.txt'}: refused: ferry.meta.json: malformed JSON" in result.output
    assert "Traceback" not in result.output and "ferry.meta.json: added" not in result.output
    with Store.open(db) as store:
        assert [(a.title, a.text, a.meta) for a, _ in store.iter_articles()] == [
            ("Crane report", BODY, {"outlet": "Velmora Ledger"})
        ]
