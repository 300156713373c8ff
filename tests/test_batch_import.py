"""One bad file costs one line, never the batch; no traceback reaches the terminal.

Each hostile file sits between good ones: the report names it in one printable
line, the good files after it are in the corpus, and it left nothing behind.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator import cli
from annotator.core import importing, logsetup
from annotator.core.importing import import_paths
from annotator.core.store import Store

GOOD = "The harbour board of Velmora approved 14 new cranes.\n"
DEFAULT_LABELS = ["CLAIM", "NUMBER", "ACTOR", "QUOTE"]


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def texts(store: Store) -> list[str]:
    return [article.text for article, _ in store.iter_articles()]


def one_printable_line(line: str) -> None:
    assert "\n" not in line and "\r" not in line and "\x1b" not in line, line
    line.encode("utf-8")  # no lone surrogate: a UTF-8 terminal can take it
    assert "Traceback" not in line


def assert_only_good_went_in(store: Store, report, bad: Path, reason: str) -> str:
    (refused,) = report.refused
    assert refused.path == bad
    line = refused.line()
    one_printable_line(line)
    assert reason in line, line
    assert texts(store) == [GOOD]
    assert [label.name for label in store.labels()] == DEFAULT_LABELS
    return line


@contextlib.contextmanager
def fifos(*paths: Path) -> Iterator[None]:
    """Named pipes that nothing writes to; a reader stuck on one is let go after 10 s.

    Opening a FIFO for reading waits for a writer.  If the code under test does
    that, the timer opens the other end (which lets the reader see an empty file),
    so the test fails instead of hanging.
    """
    stuck: list[Path] = []

    def unstick() -> None:
        for path in paths:
            try:
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:  # ENXIO: nobody is waiting on this one
                continue
            stuck.append(path)

    for path in paths:
        os.mkfifo(path)
    timer = threading.Timer(10, unstick)
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
    assert not stuck, f"something waited for a writer on {stuck}"


def run_main(args: list[str], capsys) -> tuple[int, str, str]:
    """The console entry point itself, as a terminal would see it (UTF-8, strict)."""
    try:
        cli.main(args)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


# -- reading and checking: each refusal is one line, and the batch goes on -----------


DEEP = "[" * 100_000 + "]" * 100_000
HOSTILE_JSON = [
    ("deep.jsonl", DEEP + "\n", "nested too deeply"),
    ("deep.json", DEEP, "nested too deeply"),
    ("deep-meta.jsonl", '{"text": "Some words.", "meta": {"a": ' + DEEP + "}}\n",
     "nested too deeply"),
    # json.loads reads this, but the export reading it back from a deeper stack might not
    ("deepish-meta.jsonl", '{"text": "Some words.", "meta": {"a": ' + DEEP[99_100:-99_100] + "}}",
     '"meta" is nested more than 100 levels deep'),
    ("deepish-attributes.json", '{"text": "Some words.", "spans": [{"start": 0, "end": 4, '
     '"label": "CLAIM", "attributes": {"a": ' + "{\"b\": " * 300 + "1" + "}" * 300 + "}}]}",
     '"attributes" is nested more than 100 levels deep'),
    ("digits.jsonl", '{"text": "Some words.", "meta": {"n": ' + "7" * 50_000 + "}}\n",
     "more than 4300 digits"),
    ("digits.json", '[{"text": "Some words.", "meta": {"n": -' + "3" * 50_000 + "}}]",
     "more than 4300 digits"),
    ("huge-float.jsonl", '{"text": "Some words.", "meta": {"n": 1e999}}\n', "1e999"),
    ("nan.jsonl", '{"text": "Some words.", "meta": {"n": NaN}}\n', "NaN"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "data", "reason"), HOSTILE_JSON, ids=[h[0] for h in HOSTILE_JSON])
def test_hostile_json_is_refused_in_one_line_and_the_next_file_imports(
    store, tmp_path, name, data, reason
):
    bad = write(tmp_path / name, data)
    good = write(tmp_path / "good.txt", GOOD)
    report = import_paths(store, [bad, good])
    line = assert_only_good_went_in(store, report, bad, reason)
    assert line.startswith(f"{bad}: refused: ")


def test_meta_nested_as_deep_as_real_records_go_imports_and_exports(store, tmp_path):
    meta = {"desk": {"city": [{"beat": [1, {"x": "y"}]}]}}
    for _ in range(40):
        meta = {"wrapped": [meta]}
    path = write(
        tmp_path / "nested.jsonl", json.dumps({"text": "Some words.", "meta": meta}) + "\n"
    )
    assert import_paths(store, [path]).added == 1
    assert [article.meta for article, _ in store.iter_articles()] == [meta]


# Every field of a record that reaches the database or the terminal; json spells a
# lone surrogate as an escape, and json.loads keeps it.
SURROGATE_FIELDS = {
    "text": {"text": "Budget of \ud800 Orlan"},
    "title": {"text": "Budget of Orlan", "title": "Budget \ud800"},
    "meta title": {"text": "Budget of Orlan", "meta": {"title": "\udc00 Budget"}},
    "meta key": {"text": "Budget of Orlan", "meta": {"desk\ud800": "city"}},
    "meta value": {"text": "Budget of Orlan", "meta": {"desk": ["city", {"x": "\udfff"}]}},
    "label": {"text": "Budget of Orlan", "spans": [{"start": 0, "end": 6, "label": "C\ud800"}]},
    "annotator": {
        "text": "Budget of Orlan",
        "spans": [{"start": 0, "end": 6, "label": "CLAIM", "annotator": "ana\ud800"}],
    },
    "span text": {
        "text": "Budget of Orlan",
        "spans": [{"start": 0, "end": 6, "label": "CLAIM", "text": "Budge\ud800"}],
    },
    "attributes": {
        "text": "Budget of Orlan",
        "spans": [{"start": 0, "end": 6, "label": "CLAIM", "attributes": {"\ud800": 1}}],
    },
    "doccano label": {"text": "Budget of Orlan", "label": [[0, 6, "\ud800"]]},
}


@pytest.mark.parametrize("field", list(SURROGATE_FIELDS))
@pytest.mark.parametrize("suffix", [".jsonl", ".json"])
def test_a_lone_surrogate_in_any_field_refuses_that_file_only(store, tmp_path, field, suffix):
    record = SURROGATE_FIELDS[field]
    data = json.dumps(record) if suffix == ".json" else json.dumps(record) + "\n"
    assert "\\ud" in data or "\\udc" in data  # the escape, as JSON writes it
    bad = write(tmp_path / f"a{suffix}", data)
    good = write(tmp_path / "b.txt", GOOD)
    report = import_paths(store, [bad, good])
    line = assert_only_good_went_in(store, report, bad, "surrogate")
    assert "\\ud" in line or "\\udc" in line or "offset" in line  # shown escaped


def test_a_label_studio_task_with_a_lone_surrogate_in_its_data_is_refused(store, tmp_path):
    task = {"data": {"text": "Budget of Orlan", "desk\ud800": "city"}, "annotations": []}
    bad = write(tmp_path / "tasks.json", json.dumps([task]))
    good = write(tmp_path / "z.txt", GOOD)
    assert_only_good_went_in(store, import_paths(store, [bad, good]), bad, "surrogate")


def test_an_unforeseen_failure_while_reading_costs_one_line_and_is_logged(
    store, tmp_path, monkeypatch
):
    log_file = logsetup.setup_logging(folder=tmp_path / "log")
    real = importing.parse_text_file

    def breaks_on_one(path, text):
        if path.name == "a.txt":
            raise KeyError("a reader bug nobody foresaw")
        return real(path, text)

    monkeypatch.setattr(importing, "parse_text_file", breaks_on_one)
    try:
        bad, good = write(tmp_path / "a.txt", "First.\n"), write(tmp_path / "b.txt", GOOD)
        report = import_paths(store, [bad, good])
    finally:
        logsetup.teardown_logging()
    line = assert_only_good_went_in(store, report, bad, "KeyError")
    assert "details in the log" in line
    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback" in logged and "a reader bug nobody foresaw" in logged


# -- files that are not files ---------------------------------------------------


def test_a_fifo_named_on_the_command_line_is_refused_without_waiting(store, tmp_path):
    fifo = tmp_path / "wire.txt"
    good = write(tmp_path / "z.txt", GOOD)
    with fifos(fifo):
        report = import_paths(store, [fifo, good])
    assert [f.path for f in report.refused] == [fifo]
    line = report.refused[0].line()
    one_printable_line(line)
    assert "named pipe" in line
    assert report.added == 1


def test_a_fifo_or_a_dangling_link_in_a_folder_is_refused_and_the_rest_imports(store, tmp_path):
    folder = tmp_path / "incoming"
    folder.mkdir()
    write(folder / "a-good.txt", GOOD)
    (folder / "c-gone.txt").symlink_to(folder / "nowhere.txt")
    write(folder / "e-folder.txt" / "inner.md", "# Inner note\n\nCounted 9 ferries.\n")
    # d-pipe.dat is not named as an article: skipped like any .dat
    with fifos(folder / "b-pipe.txt", folder / "d-pipe.dat"):
        report = import_paths(store, [folder])
    lines = {f.path.name: f.line() for f in report.files}
    assert set(lines) == {"a-good.txt", "b-pipe.txt", "c-gone.txt", "inner.md"}
    assert "named pipe" in lines["b-pipe.txt"]
    assert "a link to a file that is not there" in lines["c-gone.txt"]
    assert [p.name for p in report.skipped] == ["d-pipe.dat"]
    assert sorted(a.title for a in store.articles()) == ["Inner note", GOOD.strip()]


def test_a_file_removed_or_replaced_by_a_folder_after_listing_is_refused(
    store, tmp_path, monkeypatch
):
    folder = tmp_path / "incoming"
    gone = write(folder / "a.txt", "Soon gone.\n")
    turned = write(folder / "b.txt", "Soon a folder.\n")
    write(folder / "c.txt", GOOD)
    real_expand = importing.expand

    def expand_then_change(paths):
        listed = real_expand(paths)
        gone.unlink()
        turned.unlink()
        turned.mkdir()
        return listed

    monkeypatch.setattr(importing, "expand", expand_then_change)
    report = import_paths(store, [folder])
    reasons = {f.path.name: f.error for f in report.refused}
    assert reasons == {"a.txt": "no such file", "b.txt": "a folder, not a file"}
    assert texts(store) == [GOOD]


def test_names_too_long_to_open_are_refused_in_one_line_each(store, tmp_path):
    long_file = tmp_path / ("x" * 300 + ".txt")
    long_folder = tmp_path / ("y" * 5000) / "a.txt"
    good = write(tmp_path / "good.txt", GOOD)
    report = import_paths(store, [long_file, long_folder, good])
    assert [f.path for f in report.refused] == [long_file, long_folder]
    for refused in report.refused:
        one_printable_line(refused.line())
        assert refused.error == "cannot read it (File name too long)"
    assert texts(store) == [GOOD]


# -- encodings ----------------------------------------------------------------------

ORLAN = "Orlan's council counted 1,204 votes for the new bridge.\n"


@pytest.mark.parametrize(
    ("data", "hint", "encoding"),
    [
        (ORLAN.encode("utf-16"), "--encoding utf-16", "utf-16"),
        (b"\xfe\xff" + ORLAN.encode("utf-16-be"), "--encoding utf-16", "utf-16"),
        (ORLAN.encode("utf-16-le"), "--encoding utf-16-le", "utf-16-le"),
        (ORLAN.encode("utf-16-be"), "--encoding utf-16-be", "utf-16-be"),
        (ORLAN.encode("utf-32"), "--encoding utf-32", "utf-32"),
    ],
    ids=["bom-le", "bom-be", "le-no-bom", "be-no-bom", "utf-32"],
)
def test_utf16_is_refused_with_the_encoding_that_reads_it(store, tmp_path, data, hint, encoding):
    path = write(tmp_path / "wide.txt", data)
    good = write(tmp_path / "z.txt", GOOD)
    line = assert_only_good_went_in(store, import_paths(store, [path, good]), path, hint)
    assert "binary" not in line
    # ...and the hint is right: that encoding reads the text back exactly
    assert import_paths(store, [path], encoding=encoding).added == 1
    assert ORLAN in texts(store)


def test_utf16_named_as_utf8_gets_the_same_hint(store, tmp_path):
    path = write(tmp_path / "wide.txt", ORLAN.encode("utf-16"))
    (refused,) = import_paths(store, [path], encoding="utf-8").refused
    assert refused.error.endswith("import it with --encoding utf-16")


def test_binary_data_is_still_called_binary(store, tmp_path):
    path = write(tmp_path / "blob.txt", b"\x00\x00\x01\x02" * 300)
    (refused,) = import_paths(store, [path]).refused
    assert "binary data" in refused.error


@pytest.mark.parametrize(
    ("encoding", "reason"),
    [("rot13", "'rot13' is not a text encoding"), ("base64", "'base64' is not a text encoding"),
     ("nosuch", "unknown encoding 'nosuch'")],
)  # fmt: skip
def test_an_encoding_that_cannot_read_text_is_a_usage_error_before_any_file(
    tmp_path, capsys, encoding, reason
):
    write(tmp_path / "a.txt", GOOD)
    db = tmp_path / "corpus.sqlite3"
    code, out, err = run_main(["--db", str(db), "import", "--encoding", encoding,
                               str(tmp_path / "a.txt")], capsys)  # fmt: skip
    assert code == 2  # a usage error: the option, not the file
    assert "Traceback" not in err + out
    assert f"Error: Invalid value for '--encoding': {reason}" in err.splitlines()[-1]
    assert not db.exists()  # refused before the corpus was opened


# -- file names --------------------------------------------------------------------


def test_a_file_name_that_is_not_utf8_imports_and_prints_escaped(tmp_path, capsys):
    raw = os.fsencode(tmp_path) + b"/bad\xff-name.txt"
    with open(raw, "wb") as stream:
        stream.write(GOOD.encode("utf-8"))
    db = tmp_path / "corpus.sqlite3"
    code, out, err = run_main(["--db", str(db), "import", os.fsdecode(raw)], capsys)
    assert (code, err) == (0, "")
    assert f"{tmp_path}/bad\\xff-name.txt: added 1 article" in out.splitlines()
    with Store.open(db) as store:
        assert [(a.text, a.source) for a, _ in store.iter_articles()] == [
            (GOOD, "bad\\xff-name.txt")
        ]


def test_control_characters_in_file_names_are_printed_escaped(tmp_path, capsys):
    folder = tmp_path / "in"
    write(folder / "a\nfake: added 9 articles.txt", GOOD)
    write(folder / "b\x1b[2J\x1b]0;owned\x07.jsonl", '{"no text": 1}\n')
    write(folder / "c\u202etxt.exe.md", "# Harbour\n\nSecond story.\n")
    db = tmp_path / "corpus.sqlite3"
    code, out, err = run_main(["--db", str(db), "import", str(folder)], capsys)
    assert code == 1
    assert "\x1b" not in out + err and "\x07" not in out + err and "\u202e" not in out
    lines = out.splitlines()
    assert f"{folder}/a\\nfake: added 9 articles.txt: added 1 article" in lines
    assert any(line.startswith(f"{folder}/b\\x1b[2J\\x1b]0;owned\\x07.jsonl: refused: ")
               for line in lines)  # fmt: skip
    assert f"{folder}/c\\u202etxt.exe.md: added 1 article" in lines
    assert len(lines) == 4  # three files and the summary: nobody added a line
    assert err == "Error: 1 file(s) refused; see the lines above\n"


def test_a_batch_of_every_kind_of_bad_file_imports_the_good_ones_with_exit_status_1(
    tmp_path, capsys
):
    bad = [
        write(tmp_path / "deep.json", DEEP),
        write(tmp_path / "digits.jsonl", '{"text": "x y", "meta": {"n": ' + "9" * 50_000 + "}}"),
        write(tmp_path / "lone.jsonl", '{"text": "x y", "title": "\\ud800"}\n'),
        write(tmp_path / "wide.txt", ORLAN.encode("utf-16")),
        tmp_path / "missing.txt",
    ]
    bad.append(tmp_path / "pipe.md")
    goods = [write(tmp_path / f"good-{n}.txt", f"Good article {n} about Velmora.\n")
             for n in range(3)]  # fmt: skip
    order = [goods[0], *bad[:3], goods[1], *bad[3:], goods[2]]
    db = tmp_path / "corpus.sqlite3"
    with fifos(tmp_path / "pipe.md"):
        code, out, err = run_main(["--db", str(db), "import", *map(str, order)], capsys)
    assert code == 1
    assert err == f"Error: {len(bad)} file(s) refused; see the lines above\n"
    lines = out.splitlines()
    assert len(lines) == len(order) + 1
    for path, line in zip(order, lines, strict=False):
        one_printable_line(line)
        assert line.startswith(f"{path}: {'refused' if path in bad else 'added 1 article'}")
    with Store.open(db) as store:
        assert sorted(texts(store)) == [p.read_text() for p in goods]


# -- the last line of defence in main() ---------------------------------------------


@pytest.mark.parametrize(
    ("args", "target"),
    [(["stats"], "stats"), (["labels", "list"], "labels"), (["labels"], "labels")],
)
def test_an_unexpected_error_is_one_line_with_the_log_path_and_the_traceback_in_the_log(
    tmp_path, capsys, monkeypatch, args, target
):
    def broken(self, *_args, **_kwargs):
        raise RuntimeError("gremlin in the store\nwith a second line")

    monkeypatch.setattr(Store, target, broken)
    code, out, err = run_main(["--db", str(tmp_path / "corpus.sqlite3"), *args], capsys)
    log_file = logsetup.log_path()
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1, err
    assert err.startswith("Error: unexpected RuntimeError: gremlin in the store\\nwith a second")
    assert f"the details are in {log_file}" in err
    logged = log_file.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in logged
    assert "RuntimeError: gremlin in the store" in logged
    # main() leaves no handler behind on the app's logger
    assert not [h for h in logging.getLogger("annotator").handlers
                if isinstance(h, logging.FileHandler)]  # fmt: skip


def test_a_core_error_naming_a_hostile_file_stays_one_line(tmp_path, capsys):
    gold = write(tmp_path / "gold\x1b[2J\nline two.jsonl", '{"no text": 1}\n')
    code, out, err = run_main(["evaluate", str(gold), str(gold)], capsys)
    assert (code, out) == (1, "")
    assert err == f'Error: {tmp_path}/gold\\x1b[2J\\nline two.jsonl: line 1: no "text" string\n'


# -- the write lock ------------------------------------------------------------------


def test_no_import_holds_the_write_lock_while_it_reads_a_file(tmp_path, monkeypatch):
    db = tmp_path / "corpus.sqlite3"
    Store.open(db).close()
    first = write(tmp_path / "a.txt", "First small article about Orlan.\n")
    second = write(tmp_path / "b.txt", "Second small article about Orlan.\n")
    reading_second, may_finish = threading.Event(), threading.Event()
    real_read = importing.read_file

    def slow_read(path, **kwargs):
        if path.name == "b.txt":  # a slow disk or network folder, after a.txt was read
            reading_second.set()
            assert may_finish.wait(timeout=20)
        return real_read(path, **kwargs)

    monkeypatch.setattr(importing, "read_file", slow_read)
    outcome = {}

    def run_import():
        with Store.open(db) as store:
            outcome["report"] = import_paths(store, [first, second])

    worker = threading.Thread(target=run_import)
    worker.start()
    try:
        assert reading_second.wait(timeout=20)
        # Another program (here a second connection) saves while the import is reading.
        with Store.open(db) as other:
            other.conn.execute("PRAGMA busy_timeout = 200")
            other.add_article(title="Elsewhere", text="Written by the window meanwhile.\n")
    finally:
        may_finish.set()
        worker.join(timeout=20)
    assert not worker.is_alive()
    assert outcome["report"].added == 2 and not outcome["report"].refused
    with Store.open(db) as check:
        assert check.article_count() == 3


def test_writing_a_batch_lets_the_write_lock_go_every_batch_seconds(tmp_path, monkeypatch):
    """Files read together are not all written under one lock: writing can be slower."""
    monkeypatch.setattr(importing, "BATCH_SECONDS", 0.2)
    paths = [
        write(tmp_path / f"{n}.txt", f"Article {n} about the Orlan ferry.\n") for n in range(3)
    ]
    with Store.open(tmp_path / "corpus.sqlite3") as store:
        real_add = store.add_article

        def slow_add(**kwargs):  # a slow disk under the corpus
            time.sleep(0.3)
            return real_add(**kwargs)

        monkeypatch.setattr(store, "add_article", slow_add)
        statements: list[str] = []
        store.conn.set_trace_callback(statements.append)
        report = import_paths(store, paths)
        store.conn.set_trace_callback(None)
        assert report.added == 3
        assert statements.count("COMMIT") == 3


def test_a_stop_between_batches_leaves_every_listed_file_in_and_the_rest_unread(
    store, tmp_path, monkeypatch
):
    # One file per batch, so the stop lands between two commits.
    monkeypatch.setattr(importing, "BATCH_FILE_BYTES", 0)
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(4):
        (folder / f"a{n}.txt").write_text(f"Invented dispatch {n} about a bridge.\n", "utf-8")
    seen: list[importing.FileReport] = []
    report = importing.import_paths(
        store, [folder], progress=seen.append, stop=lambda: len(seen) >= 2
    )
    assert [f.path.name for f in report.files] == ["a0.txt", "a1.txt"]
    assert [p.name for p in report.not_read] == ["a2.txt", "a3.txt"]
    assert store.article_count() == 2
    assert report.summary().endswith(
        "; cancelled before 2 file(s), which were not imported."
    )
