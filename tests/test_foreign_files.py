"""Files Annotator must leave alone, and messages that say what really went wrong.

- Another program's SQLite file, and a newer Annotator's corpus, are refused before
  anything is written to them: same bytes, same mtime, no -wal or -shm beside them.
- Commands that only read (stats, export, labels list, backup, evaluate) never
  migrate, rewrite or write beside their inputs, and work on a read-only corpus.
- NaN and Infinity never reach an export.
- "Damaged, restore a backup" only when SQLite's own check fails; a read-only
  folder, a full disk and another program's trigger each say so.

Read-only folders and a full disk are real: a read-only bind mount and a 1 MB tmpfs
(root can write through chmod 0444, so permissions would prove nothing).  Where
mounting is not allowed those tests are skipped; the audit-hook test below shows the
read-only opening on any machine.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core import schema
from annotator.core.errors import NotACorpus, SchemaTooNew
from annotator.core.store import NewSpan, Store

SCHEMA1 = Path(__file__).parent / "data" / "corpus-schema1.sqlite3"
TEXT = "The Varnholt ferry board said 1,200 passengers crossed on Sunday."


# -- helpers ------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """The real console entry point: exit status, stdout, stderr."""
    with pytest.raises(SystemExit) as stopped:
        main(list(argv))
        raise SystemExit(0)
    out, err = capsys.readouterr()
    return stopped.value.code, out, err


def one_line_error(code: int, err: str) -> str:
    assert code == 1, err
    assert err.count("\n") == 1 and err.startswith("Error: "), err
    assert "Traceback" not in err
    return err.strip()


def fingerprint(path: Path) -> tuple[str, int, list[str]]:
    """The file's hash and mtime, and every name in its folder."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return digest, path.stat().st_mtime_ns, sorted(os.listdir(path.parent))


def make_corpus(path: Path, *, journal: str = "WAL") -> Path:
    with Store.open(path) as store:
        store.add_article(title="Ferry numbers", text=TEXT, spans=[NewSpan(30, 35, "NUMBER")])
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if journal != "WAL":
            store.conn.execute(f"PRAGMA journal_mode = {journal}")
    return path


def foreign_database(path: Path) -> Path:
    """An invented other program's SQLite file: its own tables, no Annotator migrations."""
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        CREATE TABLE invoices (id INTEGER PRIMARY KEY, customer TEXT, total REAL);
        CREATE TABLE customers (name TEXT PRIMARY KEY, town TEXT);
        INSERT INTO invoices (customer, total) VALUES ('Orlep Mills', 412.5);
        INSERT INTO customers VALUES ('Orlep Mills', 'Kessary');
        """
    )
    conn.commit()
    conn.close()
    return path


def _mount(args: list[str], target: Path) -> None:
    if sys.platform != "linux" or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root on Linux to mount a read-only folder or a small disk")
    done = subprocess.run(["mount", *args, str(target)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"mount is not allowed here: {done.stderr.strip()}")


def _unmount(target: Path) -> None:
    if subprocess.run(["umount", str(target)], capture_output=True).returncode != 0:
        subprocess.run(["umount", "-l", str(target)], capture_output=True)


@pytest.fixture
def read_only_view(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """(writable folder, the same folder seen through a read-only bind mount)."""
    source, view = tmp_path / "corpus-folder", tmp_path / "read-only-view"
    source.mkdir()
    view.mkdir()
    _mount(["--bind", "-o", "ro", str(source)], view)
    try:
        if os.access(view, os.W_OK):  # an old mount(8) that ignored -o ro with --bind
            subprocess.run(["mount", "-o", "remount,bind,ro", str(view)], check=True)
        yield source, view
    finally:
        _unmount(view)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs folder, to be filled up by the test."""
    folder = tmp_path / "small-disk"
    folder.mkdir()
    _mount(["-t", "tmpfs", "-o", "size=1m", "tmpfs"], folder)
    try:
        yield folder
    finally:
        _unmount(folder)


def fill(folder: Path) -> None:
    """Write a filler file until the disk is full."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)


# -- another program's file, a newer Annotator's corpus -----------------------------


def test_another_programs_sqlite_file_is_refused_before_any_write(tmp_path, capsys):
    (tmp_path / "ledger").mkdir()
    path = foreign_database(tmp_path / "ledger" / "ledger.sqlite3")
    before = fingerprint(path)
    with pytest.raises(NotACorpus, match=r"not an Annotator corpus.*left untouched"):
        Store.open(path)
    assert fingerprint(path) == before
    (tmp_path / "note.txt").write_text("An invented note about a ferry.\n", encoding="utf-8")
    for args in (["stats"], ["import", str(tmp_path / "note.txt")], ["labels"]):
        err = one_line_error(*run(capsys, "--db", str(path), *args)[::2])
        assert err.startswith(f"Error: {path}: not an Annotator corpus"), err
        assert err.endswith("left untouched"), err
        assert fingerprint(path) == before
    conn = sqlite3.connect(path)
    tables = conn.execute("SELECT name FROM sqlite_master").fetchall()
    conn.close()
    assert sorted(tables) == [("customers",), ("invoices",), ("sqlite_autoindex_customers_1",)]


def test_another_programs_wal_file_gets_no_companions(tmp_path):
    path = foreign_database(tmp_path / "ledger.sqlite3")
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()  # the last connection: its -wal and -shm are gone
    before = fingerprint(path)
    with pytest.raises(NotACorpus):
        Store.open(path)
    assert fingerprint(path) == before


@pytest.mark.parametrize("content", [b"", None], ids=["empty-file", "new-path"])
def test_an_empty_file_or_a_new_path_still_becomes_a_corpus(tmp_path, content):
    path = tmp_path / "fresh.sqlite3"
    if content is not None:
        path.write_bytes(content)
    with Store.open(path) as store:
        assert store.schema_version() == len(schema.known_names())
        assert [label.name for label in store.labels()][:2] == ["CLAIM", "NUMBER"]


def _newer_by_version(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA user_version = 99")


def _newer_by_migration(conn: sqlite3.Connection) -> None:
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('annotator', 'm999_from_the_future', '2031-01-01')"
    )
    conn.commit()


@pytest.mark.parametrize("newer", [_newer_by_version, _newer_by_migration])
def test_a_newer_schema_is_refused_before_the_journal_mode_changes(tmp_path, newer):
    path = make_corpus(tmp_path / "corpus.sqlite3", journal="DELETE")
    conn = sqlite3.connect(path)
    newer(conn)
    conn.close()
    before = fingerprint(path)
    assert path.read_bytes()[18:20] == b"\x01\x01"  # rollback journal, not WAL
    with pytest.raises(SchemaTooNew, match="newer Annotator"):
        Store.open(path)
    with pytest.raises(SchemaTooNew, match="newer Annotator"):
        Store.open(path, read_only=True)
    assert fingerprint(path) == before


# -- commands that only read ----------------------------------------------------------


def test_read_only_commands_leave_an_old_corpus_alone(tmp_path, capsys):
    folder = tmp_path / "corpora"
    folder.mkdir()
    old = folder / "old.sqlite3"
    shutil.copyfile(SCHEMA1, old)
    before = fingerprint(old)
    out = tmp_path / "out"
    scratch_before = set(Path(tempfile.gettempdir()).glob("annotator-read-*"))
    commands = [
        ["evaluate", str(old), str(old), "--json"],
        ["--db", str(old), "stats", "--json"],
        ["--db", str(old), "labels", "list"],
        ["--db", str(old), "export", "-o", str(out / "old.jsonl")],
        ["--db", str(old), "backup", "-o", str(out / "old-copy.sqlite3")],
    ]
    results = {}
    for argv in commands:
        code, stdout, err = run(capsys, *argv)
        assert code == 0, (argv, err)
        results[argv[0] if argv[0] != "--db" else argv[2]] = stdout
        assert fingerprint(old) == before, argv  # not migrated, no .bak, no -wal
    assert json.loads(results["evaluate"])["schemes"]["strict"]["micro"]["f1"] == 1.0
    assert json.loads(results["stats"])["spans"] == 1
    record = json.loads((out / "old.jsonl").read_text(encoding="utf-8"))
    assert record["title"] == "Schema one"
    with Store.open(out / "old-copy.sqlite3", read_only=True) as copy:
        assert copy.stats()["spans"] == 1
    # The upgraded copies in the temporary folder are gone again.
    assert set(Path(tempfile.gettempdir()).glob("annotator-read-*")) <= scratch_before


def test_reading_an_explicit_new_path_creates_nothing(tmp_path, capsys):
    path = tmp_path / "typo.sqlite3"
    code, out, _ = run(capsys, "--db", str(path), "stats", "--json")
    assert code == 0 and json.loads(out)["articles"] == 0
    assert not path.exists() and os.listdir(tmp_path) == []


def test_read_only_commands_open_the_corpus_with_mode_ro(tmp_path, capsys):
    """Every connection the reading commands open on the corpus is a ``mode=ro`` URI.

    Python's audit hook ``sqlite3.connect`` sees each connection's database name; the
    corpus is in DELETE journal mode so that its mtime shows any write.
    """
    (tmp_path / "corpus").mkdir()
    corpus = make_corpus(tmp_path / "corpus" / "corpus.sqlite3", journal="DELETE")
    before = fingerprint(corpus)
    opened = _record_connects()
    try:
        for args in (
            ["stats"], ["labels", "list"], ["export", "-o", str(tmp_path / "e" / "c.jsonl")],
            ["backup", "-o", str(tmp_path / "e" / "b.sqlite3")],
        ):  # fmt: skip
            code, _, err = run(capsys, "--db", str(corpus), *args)
            assert code == 0, err
        code, _, err = run(capsys, "evaluate", str(corpus), str(corpus))
        assert code == 0, err
    finally:
        _CONNECTS.remove(opened)
    on_corpus = [name for name in opened if "corpus.sqlite3" in name]
    assert len(on_corpus) >= 6
    assert all(name.startswith("file:") and "mode=ro" in name for name in on_corpus), on_corpus
    assert fingerprint(corpus) == before


_CONNECTS: list[list[str]] = []


def _audit(event: str, args: tuple[object, ...]) -> None:
    if event == "sqlite3.connect" and _CONNECTS:
        _CONNECTS[-1].append(str(args[0]))


def _record_connects() -> list[str]:
    # An audit hook cannot be removed; it records only while a test has a list open.
    if not getattr(sys, "_annotator_test_audit", False):
        sys.addaudithook(_audit)
        sys._annotator_test_audit = True  # type: ignore[attr-defined]
    opened: list[str] = []
    _CONNECTS.append(opened)
    return opened


@pytest.mark.parametrize("journal", ["WAL", "DELETE"])
def test_read_only_commands_work_on_a_read_only_folder(read_only_view, tmp_path, capsys,
                                                       journal):  # fmt: skip
    source, view = read_only_view
    make_corpus(source / "corpus.sqlite3", journal=journal)
    corpus = view / "corpus.sqlite3"
    before = fingerprint(corpus)
    out = tmp_path / "out"
    for args in (
        ["stats", "--json"], ["labels"], ["export", "-o", str(out / "c.jsonl")],
        ["backup", "-o", str(out / "b.sqlite3")],
    ):  # fmt: skip
        code, stdout, err = run(capsys, "--db", str(corpus), *args)
        assert code == 0, (args, err)
    code, stdout, err = run(capsys, "evaluate", str(corpus), str(out / "c.jsonl"), "--json")
    assert code == 0, err
    assert json.loads(stdout)["schemes"]["strict"]["micro"]["f1"] == 1.0
    assert fingerprint(corpus) == before
    # A command that writes says the folder is read-only, not that the corpus is damaged.
    (tmp_path / "note.txt").write_text("An invented note about a ferry.\n", encoding="utf-8")
    code, stdout, err = run(capsys, "--db", str(corpus), "import", str(tmp_path / "note.txt"))
    said = one_line_error(code, err) + stdout
    assert "read-only" in said and str(corpus) in said, said
    assert "damaged" not in said and "restore" not in said, said


# -- NaN and Infinity -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "constant"),
    [
        ('{"text": "Ferry fares rose.", "meta": {"ratio": NaN}}', "NaN"),
        (
            '{"text": "Ferry fares rose.", "spans": [{"start": 0, "end": 5, "label": "ACTOR",'
            ' "attributes": {"value": Infinity}}]}',
            "Infinity",
        ),
        ('{"text": "Ferry fares rose.", "meta": {"low": -Infinity}}', "-Infinity"),
    ],
)
def test_nan_and_infinity_are_refused_at_import(tmp_path, capsys, line, constant):
    corpus = tmp_path / "corpus.sqlite3"
    source = tmp_path / "odd.jsonl"
    source.write_text(line + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "--db", str(corpus), "import", str(source))
    assert code == 1
    refused = [row for row in out.splitlines() if "odd.jsonl" in row]
    # The JSON reader refuses the constant itself (naming the line); the store's own gate
    # ("NaN or Infinity in the article's meta") stands behind it for every other writer.
    assert len(refused) == 1 and "line 1" in refused[0], out
    assert f"holds {constant}, which is not a JSON number" in refused[0], out
    with Store.open(corpus, read_only=True) as store:
        assert store.article_count() == 0


def test_nan_written_by_another_program_never_reaches_an_export(tmp_path, capsys):
    corpus = make_corpus(tmp_path / "corpus.sqlite3")
    conn = sqlite3.connect(corpus)
    conn.execute("UPDATE articles SET meta = '{\"ratio\": NaN}'")
    conn.commit()
    conn.close()
    for fmt, name in (("jsonl", "c.jsonl"), ("labelstudio", "c.json"), ("doccano", "d.jsonl")):
        out = tmp_path / "out" / name
        code, _, err = run(capsys, "--db", str(corpus), "export", "--format", fmt, "-o", str(out))
        err = one_line_error(code, err)
        assert "article 1" in err and "NaN or Infinity" in err, err
        assert not out.exists()
    assert not [p for p in (tmp_path / "out").iterdir()]


# -- messages that tell the truth --------------------------------------------------


def test_a_trigger_of_another_program_is_named_not_called_damage(tmp_path, capsys):
    corpus = make_corpus(tmp_path / "corpus.sqlite3")
    conn = sqlite3.connect(corpus)
    conn.execute(
        "CREATE TRIGGER ledger_guard BEFORE INSERT ON spans "
        "BEGIN SELECT RAISE(ABORT, 'spans are frozen'); END"
    )
    conn.close()
    source = tmp_path / "more.jsonl"
    source.write_text(
        json.dumps({"text": "The ferry board met on Monday.", "label": [[4, 15, "ACTOR"]]}) + "\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "--db", str(corpus), "import", str(source))
    said = one_line_error(code, err)
    assert said.startswith(f"Error: {corpus}: a trigger in the database"), said
    assert "ledger_guard on spans" in said and "spans are frozen" in said, said
    assert "damaged" not in said
    with Store.open(corpus) as store:
        assert store.article_count() == 1


def test_a_trigger_refusing_a_tag_in_the_window_is_a_dialog_naming_it(tmp_path, qapp):
    from annotator.gui.operations import Operations

    corpus = make_corpus(tmp_path / "corpus.sqlite3")
    with Store.open(corpus) as store:
        store.conn.execute(
            "CREATE TRIGGER ledger_guard BEFORE INSERT ON spans "
            "BEGIN SELECT RAISE(ABORT, 'spans are frozen'); END"
        )
        ops = Operations(store, annotator="tester", poll_ms=0)
        dialogs: list[str] = []
        status: list[str] = []
        ops.save_failed.connect(dialogs.append)
        ops.failed.connect(status.append)
        assert ops.tag(1, 4, 9, "ACTOR") is None
        ops.stop()
    assert status == [] and len(dialogs) == 1, (status, dialogs)
    assert "ledger_guard on spans" in dialogs[0] and "trigger" in dialogs[0]
    assert "damaged" not in dialogs[0]


def test_damaged_only_when_sqlites_check_says_so(tmp_path, capsys):
    corpus = make_corpus(tmp_path / "corpus.sqlite3")
    conn = sqlite3.connect(corpus)
    conn.execute("DROP TABLE article_texts")  # another program's doing; the file is sound
    conn.commit()
    conn.close()
    code, _, err = run(capsys, "--db", str(corpus), "export", "-o", str(tmp_path / "c.jsonl"))
    said = one_line_error(code, err)
    assert str(corpus) in said and "no such table: article_texts" in said, said
    said = said.replace(str(corpus), "CORPUS")  # the test's folder is named "...damaged..."
    assert "damaged" not in said and "restore" not in said, said

    broken = tmp_path / "broken.sqlite3"
    data = make_corpus(broken).read_bytes()
    broken.write_bytes(data[:100] + bytes(len(data) - 100))  # every page zeroed
    code, _, err = run(capsys, "--db", str(broken), "export", "-o", str(tmp_path / "d.jsonl"))
    said = one_line_error(code, err)
    assert "damaged" in said and "annotator restore" in said, said


def test_a_full_disk_says_so(small_disk, tmp_path, capsys):
    corpus = make_corpus(small_disk / "corpus.sqlite3")
    holder = Store.open(corpus)  # keeps -wal and -shm in place while the disk fills
    try:
        fill(small_disk)
        source = tmp_path / "long.txt"
        source.write_text("The ferry log, day by day. " * 80_000, encoding="utf-8")
        code, out, err = run(capsys, "--db", str(corpus), "import", str(source))
        said = out + err
        assert code == 1
        assert "no room on the disk" in said, said
        assert "damaged" not in said and "restore" not in said, said
    finally:
        holder.close()
        (small_disk / "filler").unlink()
    with Store.open(corpus, read_only=True) as store:
        assert store.article_count() == 1
        assert store.conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"


def test_export_errors_name_the_destination_not_the_partial_file(read_only_view, tmp_path, capsys):
    source, view = read_only_view
    corpus = make_corpus(tmp_path / "corpus.sqlite3")
    out = view / "corpus.jsonl"
    code, _, err = run(capsys, "--db", str(corpus), "export", "-o", str(out))
    said = one_line_error(code, err)
    assert said.startswith(f"Error: {out}: cannot write the export"), said
    assert ".partial" not in said
    assert os.listdir(source) == []


def test_an_export_to_a_full_disk_names_the_destination(small_disk, tmp_path, capsys):
    corpus = tmp_path / "corpus.sqlite3"
    with Store.open(corpus) as store:
        for number in range(40):
            store.add_article(title=f"Log {number}", text=f"Ferry log {number}. " * 3000)
    out = small_disk / "corpus.jsonl"
    code, _, err = run(capsys, "--db", str(corpus), "export", "-o", str(out))
    said = one_line_error(code, err)
    assert said.startswith(f"Error: {out}: cannot write the export"), said
    assert ".partial" not in said
    assert os.listdir(small_disk) == []


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
def test_the_store_itself_refuses_nan_and_infinity(value):
    from annotator.core.errors import SpanError
    from annotator.core.store import NewSpan

    with Store.open(None) as store:
        with pytest.raises(SpanError, match="NaN or Infinity in"):
            store.add_article(title="Fares", text="Ferry fares rose.", meta={"ratio": value})
        with pytest.raises(SpanError, match="NaN or Infinity in"):
            store.add_article(
                title="Fares", text="Ferry fares rose.",
                spans=[NewSpan(0, 5, "ACTOR", attributes={"value": value})],
            )  # fmt: skip
        assert store.article_count() == 0
