"""Importing text, Markdown and JSONL files and folders; every bad-input case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.core.importing import import_paths, import_sample, sample_files
from annotator.core.store import Store


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def jsonl(*records: object) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def only_article(store: Store):
    (article, spans), *rest = list(store.iter_articles())
    assert rest == []
    return article, spans


def test_text_file_is_stored_byte_for_byte_with_first_line_as_title(store, tmp_path):
    text = "\n  \nFerry halted at Portmerrow  \r\n\r\nSome\u00a0text\u2028more\ttabs \u200b end\r"
    path = write(tmp_path / "a.txt", text)
    report = import_paths(store, [path])
    assert report.added == 1 and not report.refused
    article, spans = only_article(store)
    assert article.text == text
    assert article.title == "Ferry halted at Portmerrow"
    assert article.source == "a.txt"
    assert spans == []


def test_markdown_title_drops_the_heading_marks_but_text_keeps_them(store, tmp_path):
    path = write(tmp_path / "b.md", "# Dam *holds*\n\n**Bold** and <b>tags</b>\n")
    import_paths(store, [path])
    article, _ = only_article(store)
    assert article.title == "Dam *holds*"
    assert article.text == "# Dam *holds*\n\n**Bold** and <b>tags</b>\n"


def test_leading_utf8_bom_is_dropped_and_nothing_else(store, tmp_path):
    path = write(tmp_path / "bom.txt", b"\xef\xbb\xbfCaf\xc3\xa9 \xef\xbb\xbf inner\n")
    import_paths(store, [path])
    article, _ = only_article(store)
    assert article.text == "Café \ufeff inner\n"


def test_nfd_text_is_not_normalised(store, tmp_path):
    text = "Jose\u0301 and Jos\u00e9 differ\n"
    import_paths(store, [write(tmp_path / "n.txt", text)])
    assert only_article(store)[0].text == text


def test_import_is_idempotent_and_says_so(store, tmp_path):
    path = write(tmp_path / "a.txt", "Same text\n")
    assert import_paths(store, [path]).added == 1
    report = import_paths(store, [path, write(tmp_path / "copy.txt", "Same text\n")])
    assert (report.added, report.duplicates) == (0, 2)
    assert report.files[0].line().endswith("already in the corpus")
    assert "2 already in the corpus" in report.summary()
    assert store.article_count() == 1


def test_folders_are_imported_recursively_in_sorted_order(store, tmp_path):
    write(tmp_path / "in" / "b" / "2.txt", "Second B\n")
    write(tmp_path / "in" / "b" / "1.md", "First B\n")
    write(tmp_path / "in" / "a.txt", "A first\n")
    write(tmp_path / "in" / "c.jsonl", jsonl({"text": "C line one"}, {"text": "C line two"}))
    write(tmp_path / "in" / "image.png", b"\x89PNG\r\n\x1a\n\x00")
    write(tmp_path / "in" / ".hidden" / "x.txt", "hidden\n")
    write(tmp_path / "in" / ".notes.txt", "hidden too\n")
    report = import_paths(store, [tmp_path / "in"])
    assert not report.refused
    assert [r.title for r in store.articles()] == [
        "A first", "First B", "Second B", "C line one", "C line two",
    ]  # fmt: skip
    assert [p.name for p in report.skipped] == ["image.png"]


def test_prodigy_jsonl_with_spans_meta_and_title(store, tmp_path):
    text = "Flood 🌊 hit Portmerrow.\r\nMayor Tepperley spoke."
    record = {
        "text": text,
        "meta": {"title": "Flood report", "outlet": "Courier"},
        "spans": [
            {"start": 6, "end": 7, "label": "NUMBER", "text": "🌊"},
            {"start": 12, "end": 22, "label": "ACTOR", "token_start": 3, "token_end": 3},
        ],
        "_input_hash": 123,
    }
    import_paths(store, [write(tmp_path / "p.jsonl", jsonl(record))])
    article, spans = only_article(store)
    assert article.text == text
    assert article.title == "Flood report"
    assert article.meta == {"title": "Flood report", "outlet": "Courier"}
    assert [(s.start, s.end, s.label, s.text) for s in spans] == [
        (6, 7, "NUMBER", "🌊"),
        (12, 22, "ACTOR", "Portmerrow"),
    ]


def test_doccano_jsonl_label_and_entities_shapes(store, tmp_path):
    text = "Kestrel Bay Gazette says 3,000 left."
    lines = jsonl(
        {"text": text, "label": [[0, 19, "ACTOR"], [25, 30, "NUMBER"]]},
        {"text": text + " Again.", "entities": [
            {"id": 1, "start_offset": 0, "end_offset": 7, "label": "ACTOR"}]},
    )  # fmt: skip
    report = import_paths(store, [write(tmp_path / "d.jsonl", lines)])
    assert report.added == 2 and report.spans == 3
    texts = [[(s.label, s.text) for s in spans] for _, spans in store.iter_articles()]
    assert texts == [
        [("ACTOR", "Kestrel Bay Gazette"), ("NUMBER", "3,000")],
        [("ACTOR", "Kestrel")],
    ]


def test_jsonl_creates_labels_it_does_not_know(store, tmp_path):
    path = write(tmp_path / "x.jsonl", jsonl({"text": "Port strike", "label": [[0, 4, "PLACE"]]}))
    import_paths(store, [path])
    assert "PLACE" in [label.name for label in store.labels()]


def test_encoding_option_reads_legacy_files(store, tmp_path):
    path = write(tmp_path / "old.txt", "Caf\u00e9 \u20ac5\n".encode("cp1252"))
    refused = import_paths(store, [path])
    assert refused.refused and "--encoding" in refused.files[0].error
    report = import_paths(store, [path], encoding="cp1252")
    assert report.added == 1
    assert only_article(store)[0].text == "Café €5\n"


# -- bad input: one line naming the file and the reason; nothing stored -----

BAD_FILES = [
    ("empty.txt", b"", "the file is empty"),
    ("blank.txt", b" \r\n\t\n", "only whitespace"),
    ("blank.md", "\u00a0\u2028\n".encode(), "only whitespace"),
    ("binary.txt", b"GIF89a\x01\x00\x00\x00", "binary data (a NUL byte at offset 7)"),
    ("latin.txt", b"caf\xe9\n", "not valid UTF-8 (byte 0xe9 at offset 3)"),
    ("table.csv", b"a,b\n", "unsupported file type '.csv'"),
    ("empty.jsonl", b"\n\n", "the file is empty"),
    ("broken.jsonl", b'{"text": "ok"}\n{"text": "missing quote}\n', "line 2: malformed JSON"),
    ("list.jsonl", b'["text"]\n', "line 1: expected a JSON object"),
    ("notext.jsonl", b'{"title": "no text"}\n', 'line 1: no "text" string'),
    ("ws.jsonl", b'{"text": "  "}\n', "line 1: the text is empty or only whitespace"),
    ("surrogate.jsonl", b'{"text": "a\\ud800b"}\n', "line 1: the text contains an unpaired"),
    ("nul.jsonl", b'{"text": "a\\u0000b"}\n', "line 1: the text contains a NUL"),
    ("range.jsonl", b'{"text": "short", "spans": [{"start": 2, "end": 9, "label": "X"}]}\n',
     "line 1: span 1: span [2, 9) is out of range"),
    ("empty-span.jsonl", b'{"text": "short", "label": [[3, 3, "X"]]}\n',
     "line 1: span 1: span [3, 3) is out of range or empty"),
    ("mismatch.jsonl",
     b'{"text": "Mayor Ruiz", "spans": [{"start": 0, "end": 5, "label": "A", "text": "Mayer"}]}\n',
     'line 1: span 1: span [0, 5) says "Mayer" but the text there is "Mayor"'),
    ("float.jsonl", b'{"text": "short", "label": [[0.5, 3, "X"]]}\n',
     "line 1: span 1: span offsets must be whole numbers"),
    ("nostart.jsonl", b'{"text": "short", "spans": [{"end": 3, "label": "X"}]}\n',
     "line 1: span 1: span offsets must be whole numbers, got None and 3"),
    ("nolabel.jsonl", b'{"text": "short", "spans": [{"start": 0, "end": 3}]}\n',
     "line 1: span 1: no usable label"),
    ("cats.jsonl", b'{"text": "short", "label": ["POLITICS"]}\n', 'line 1: "label" entries must'),
    ("status.jsonl", b'{"text": "short", "status": "finished"}\n', "unknown status 'finished'"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "data", "reason"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_input_is_refused_with_one_line_naming_file_and_reason(
    store, tmp_path, name, data, reason
):
    good = write(tmp_path / "good.txt", "A good article.\n")
    bad = write(tmp_path / name, data)
    report = import_paths(store, [bad, good])
    (refused,) = report.refused
    line = refused.line()
    assert line.startswith(f"{bad}: refused: ")
    assert reason in line, line
    assert "\n" not in line and "Traceback" not in line
    # the other file of the same call still imports; the bad one left nothing
    assert [a.title for a in store.articles()] == ["A good article."]
    assert [label.name for label in store.labels()] == ["CLAIM", "NUMBER", "ACTOR", "QUOTE"]


def test_missing_file_is_refused(store, tmp_path):
    report = import_paths(store, [tmp_path / "nope.txt"])
    assert report.refused[0].line() == f"{tmp_path / 'nope.txt'}: refused: no such file"


def test_a_jsonl_file_is_imported_whole_or_not_at_all(store, tmp_path):
    lines = jsonl({"text": "first fine"}, {"text": "second fine"}) + '{"text": 1}\n'
    report = import_paths(store, [write(tmp_path / "mix.jsonl", lines)])
    assert report.refused[0].error == 'line 3: no "text" string'
    assert store.article_count() == 0


def test_jsonl_keeps_u2028_inside_strings_as_text_not_line_breaks(store, tmp_path):
    text = "one\u2028two\u2029three\x85four\x0cfive"
    raw = json.dumps({"text": text}, ensure_ascii=False) + "\r\n"
    import_paths(store, [write(tmp_path / "u.jsonl", raw)])
    assert only_article(store)[0].text == text


def test_sample_corpus_is_invented_varied_and_imports_cleanly(store):
    files = sample_files()
    assert 5 <= len(files) <= 8
    report = import_sample(store)
    # six .txt files and one .jsonl of the second story's four articles
    assert report.added == len(files) + 3 and not report.refused
    texts = [a.text for a, _ in store.iter_articles()]
    joined = "".join(texts)
    assert "\u00a0" in joined and "\u0301" in joined and "🌊" in joined
    assert any("\r\n" in t for t in texts) and any("\r" not in t for t in texts)
    assert sum(t.count('"') + t.count("\u201c") for t in texts) >= 10  # quotes to tag
    assert import_sample(store).duplicates == len(files) + 3  # idempotent
