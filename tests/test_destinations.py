"""Destinations that must be refused or handled safely (issue 10, item 1).

Each test runs the real command (click's CliRunner on ``annotator.cli.cli``,
or a child process that is killed) and checks the files afterwards: the
corpus, its -wal, the user's own files, the special file itself.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.errors import ExportError
from annotator.core.export import FOLDER_MARKER, export_corpus
from annotator.core.store import Store
from tests.test_backup import content, integrity, make_corpus

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def run(db_path):
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(cli, ["--db", str(db_path), *args], catch_exceptions=False)

    return invoke


def one_error_line(result) -> str:
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


# -- the corpus itself, its -wal and -shm, under any name -------------------------

# How a destination can name a part of the corpus: directly, through a symlink,
# through "..", or as a hard link (which needs the part to exist).
NAMINGS = {
    "direct": lambda part, tmp: part,
    "symlink": lambda part, tmp: _symlink(tmp / "link.out", part),
    "dotdot": lambda part, tmp: tmp / "sub" / ".." / part.name,
    "hardlink": lambda part, tmp: _hardlink(tmp / "hard.out", part),
}


def _symlink(link: Path, to: Path) -> Path:
    link.symlink_to(to)
    return link


def _hardlink(link: Path, to: Path) -> Path:
    os.link(to, link)
    return link


@pytest.fixture
def open_corpus(db_path):
    """A corpus held open (as by the window) with a span that lives only in its -wal."""
    article_id = make_corpus(db_path)
    store = Store.open(db_path)
    store.add_span(article_id, 0, 3, "CLAIM")
    assert Path(f"{db_path}-wal").stat().st_size > 0
    yield store
    store.close()


def expect_corpus_intact(store: Store, db_path: Path) -> None:
    store.close()  # checkpoints the -wal into the file, as closing the window does
    articles, spans = content(db_path)
    assert len(articles) == 1 and len(spans) == 3  # the span from the -wal too
    assert integrity(db_path) == "ok"


@pytest.mark.parametrize(
    ("naming", "suffix"),
    # A -journal does not exist while the corpus is in WAL mode: no hard link to it.
    [
        (n, s)
        for n in NAMINGS
        for s in ("", "-wal", "-shm", "-journal")
        if (n, s) != ("hardlink", "-journal")
    ],
)
@pytest.mark.parametrize("command", ["export", "backup"])
def test_export_or_backup_onto_the_corpus_or_its_journal_is_refused(
    run, db_path, tmp_path, open_corpus, command, naming, suffix
):
    part = Path(f"{db_path}{suffix}")
    (tmp_path / "sub").mkdir()
    destination = NAMINGS[naming](part, tmp_path)
    existed = os.path.lexists(destination)
    result = run(command, "-o", str(destination))
    line = one_error_line(result)
    what = "the corpus itself" if not suffix else f"the corpus's {suffix} file"
    assert line == f"Error: {destination}: is {what}; choose another " + (
        "name for the export" if command == "export" else "file for the backup"
    )
    assert os.path.lexists(destination) == existed
    assert not Path(f"{db_path}-journal").exists()
    expect_corpus_intact(open_corpus, db_path)


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
@pytest.mark.parametrize("naming", list(NAMINGS))
def test_restore_from_the_corpus_or_its_journal_is_refused(
    run, db_path, tmp_path, open_corpus, naming, suffix
):
    (tmp_path / "sub").mkdir()
    source = NAMINGS[naming](Path(f"{db_path}{suffix}"), tmp_path)
    line = one_error_line(run("restore", str(source)))
    what = "the corpus itself" if not suffix else f"the corpus's {suffix} file"
    assert line == f"Error: {source}: is {what}; name a backup file"
    assert not list(tmp_path.glob("*.before-restore-*"))
    expect_corpus_intact(open_corpus, db_path)


def test_a_split_or_brat_export_onto_the_corpus_is_refused(run, db_path, tmp_path, open_corpus):
    for args in (["--format", "brat"], ["--split", "80/10/10"]):
        for target in (db_path, Path(f"{db_path}-journal")):
            line = one_error_line(run("export", *args, "-o", str(target)))
            assert str(target) in line and "the corpus" in line
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("corpus")) == []
    assert not Path(f"{db_path}-journal").exists()
    expect_corpus_intact(open_corpus, db_path)


# -- folder exports: replaced only if they hold nothing but the export ------------


@pytest.fixture
def exported(run, db_path, tmp_path) -> Path:
    make_corpus(db_path)
    out = tmp_path / "brat-out"
    assert run("export", "--format", "brat", "-o", str(out)).exit_code == 0
    return out


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_user_file_in_an_earlier_export_folder_is_kept_and_the_export_refused(
    run, exported, db_path
):
    notes = exported / "my-notes.txt"
    notes.write_text("Call the harbour board back on Tuesday.", encoding="utf-8")
    before = snapshot(exported)
    line = one_error_line(run("export", "--format", "brat", "-o", str(exported)))
    assert line == (
        f"Error: {exported}: my-notes.txt was not written by the earlier export; "
        "move it out or choose a new or empty folder"
    )
    assert snapshot(exported) == before


def test_an_edited_file_in_an_earlier_export_folder_is_kept(run, exported):
    (ann,) = exported.glob("*.ann")
    ann.write_text(ann.read_text(encoding="utf-8") + "#1\tAnnotatorNotes T1\tchecked\n")
    before = snapshot(exported)
    line = one_error_line(run("export", "--format", "brat", "-o", str(exported)))
    assert f"{ann.name} changed since the earlier export wrote it" in line
    assert snapshot(exported) == before


def test_a_corpus_kept_in_an_export_folder_survives_a_split_export(run, exported, tmp_path):
    # An analyst keeps a second corpus in a folder an earlier export made.
    kept = exported / "sub" / "second.sqlite3"
    kept.parent.mkdir()
    make_corpus(kept)
    before = content(kept)
    line = one_error_line(run("export", "--format", "brat", "-o", str(exported)))
    assert line.startswith(f"Error: {exported}: sub was not written by the earlier export")
    assert content(kept) == before


def test_an_export_folder_with_an_old_marker_is_replaced_only_if_it_holds_nothing_else(
    run, db_path, tmp_path
):
    make_corpus(db_path)
    old = tmp_path / "old-export"
    old.mkdir()
    # The marker as Annotator wrote it before it listed its files.
    marker = "Written by Annotator; this folder may be replaced by the next export.\n"
    (old / FOLDER_MARKER).write_text(marker, encoding="utf-8")
    (old / "000001-harbour.ann").write_text("T1\tACTOR 4 17\tharbour board\n", encoding="utf-8")
    before = snapshot(old)
    line = one_error_line(run("export", "--format", "brat", "-o", str(old)))
    assert line == (
        f"Error: {old}: an export by an older Annotator that did not list its files, so "
        "000001-harbour.ann may be someone's; move it out or choose a new or empty folder"
    )
    assert snapshot(old) == before
    (old / "000001-harbour.ann").unlink()  # only the old marker left: nothing to lose
    result = run("export", "--format", "brat", "-o", str(old))
    assert result.exit_code == 0, result.output
    manifest = json.loads((old / FOLDER_MARKER).read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == sorted(
        p.name for p in old.iterdir() if p.name != FOLDER_MARKER
    )


def test_an_unchanged_split_export_is_replaced_whole(run, db_path, tmp_path):
    make_corpus(db_path)
    out = tmp_path / "splits"
    for _ in range(2):
        result = run("export", "--format", "brat", "--split", "1/0/0", "-o", str(out))
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [FOLDER_MARKER, "dev", "test", "train"]
    assert len(list((out / "train").glob("*.ann"))) == 1


# -- backup -o onto another corpus: never a mix of two databases ------------------


def test_backup_onto_a_corpus_that_is_open_elsewhere_is_refused(run, db_path, tmp_path):
    make_corpus(db_path)
    other_path = tmp_path / "other.sqlite3"
    with Store.open(other_path) as other:  # open in another window
        article_id, _ = other.add_article(title="Mill", text="The mill closed after 90 years.\n")
        line = one_error_line(run("backup", "-o", str(other_path)))
        assert line == (
            f"Error: {other_path}: is a database that is open or was not closed cleanly "
            "(other.sqlite3-wal beside it); close it, or choose another file"
        )
        other.add_span(article_id, 4, 8, "ACTOR")  # work goes on in that window
    articles, spans = content(other_path)
    assert [a[1] for a in articles] == ["Mill"] and len(spans) == 1
    assert integrity(other_path) == "ok"


def test_backup_onto_a_corpus_with_a_hot_journal_is_refused(run, db_path, tmp_path):
    make_corpus(db_path)
    crashed = tmp_path / "crashed.sqlite3"
    with Store.open(tmp_path / "live.sqlite3") as live:
        live.add_article(title="Dam", text="The dam held 300 litres a second.\n")
        # What a crash leaves: the file with its -wal and -shm, never checkpointed.
        for suffix in ("", "-wal", "-shm"):
            Path(f"{crashed}{suffix}").write_bytes(
                Path(f"{tmp_path / 'live.sqlite3'}{suffix}").read_bytes()
            )
    before = {s: Path(f"{crashed}{s}").read_bytes() for s in ("", "-wal", "-shm")}
    line = one_error_line(run("backup", "-o", str(crashed)))
    assert "crashed.sqlite3-wal beside it" in line
    assert {s: Path(f"{crashed}{s}").read_bytes() for s in ("", "-wal", "-shm")} == before
    assert [a[1] for a in content(crashed)[0]] == ["Dam"]


def test_restore_into_a_missing_corpus_with_a_leftover_wal_is_refused(run, db_path, tmp_path):
    make_corpus(db_path)
    copy = tmp_path / "copy.sqlite3"
    assert run("backup", "-o", str(copy)).exit_code == 0
    new_db = tmp_path / "fresh.sqlite3"
    Path(f"{new_db}-wal").write_bytes(b"left by an earlier database")
    result = CliRunner().invoke(cli, ["--db", str(new_db), "restore", str(copy)])
    assert "fresh.sqlite3-wal beside it" in one_error_line(result)
    assert not new_db.exists()
    assert Path(f"{new_db}-wal").read_bytes() == b"left by an earlier database"


# -- devices, FIFOs and sockets -----------------------------------------------------


@pytest.fixture
def fifo(tmp_path) -> Path:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


@pytest.fixture
def unix_socket(tmp_path):
    path = tmp_path / "sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    yield path
    server.close()


def device(tmp_path: Path, kind: int) -> Path:
    """A device node under tmp_path (the null device's numbers, or an unused loop device)."""
    path = tmp_path / ("chardev" if kind == stat.S_IFCHR else "blockdev")
    numbers = os.makedev(1, 3) if kind == stat.S_IFCHR else os.makedev(7, 250)
    try:
        os.mknod(path, kind | 0o600, numbers)
    except (PermissionError, OSError):
        pytest.skip("cannot make a device node here")
    return path


def fed(path: Path) -> int:
    """Hold ``path`` (a FIFO) open with a few bytes waiting in it.

    An old check that opened the FIFO to read it would take them (or, with no
    writer, block for ever); a check on the mode alone leaves them there.
    """
    fd = os.open(path, os.O_RDWR | os.O_NONBLOCK)
    os.write(fd, b"0123456789abcdef")
    return fd


def still_waiting(fd: int) -> bool:
    try:
        return os.read(fd, 100) == b"0123456789abcdef"
    finally:
        os.close(fd)


def test_an_export_into_a_fifo_is_written_in_place(run, db_path, fifo):
    make_corpus(db_path)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader, as `cat pipe` would be
    try:
        result = run("export", "-o", str(fifo))
        assert result.exit_code == 0, result.output
        received = os.read(reader, 1 << 16).decode("utf-8")
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still the pipe, not a file renamed over it
    (record,) = [json.loads(line) for line in received.splitlines()]
    assert record["title"] == "Harbour" and len(record["spans"]) == 2
    assert not [p for p in fifo.parent.iterdir() if p.name.endswith(".partial")]


def test_an_export_into_a_character_device_is_written_in_place(run, db_path, tmp_path):
    make_corpus(db_path)
    node = device(tmp_path, stat.S_IFCHR)
    result = run("export", "--format", "csv", "-o", str(node))
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.stat(node).st_mode)


@pytest.mark.parametrize("kind", ["socket", "block device"])
def test_an_export_onto_a_socket_or_a_disk_is_refused(run, db_path, tmp_path, kind, request):
    make_corpus(db_path)
    if kind == "socket":
        node, is_kind = request.getfixturevalue("unix_socket"), stat.S_ISSOCK
    else:
        node, is_kind = device(tmp_path, stat.S_IFBLK), stat.S_ISBLK
    line = one_error_line(run("export", "-o", str(node)))
    assert line.startswith(f"Error: {node}: cannot write the export (is a {kind}")
    assert is_kind(os.lstat(node).st_mode)


@pytest.mark.parametrize("kind", ["fifo", "socket", "chardev"])
def test_a_backup_onto_a_special_file_is_refused_without_opening_it(
    run, db_path, tmp_path, kind, request
):
    make_corpus(db_path)
    fd = None
    if kind == "fifo":
        node = request.getfixturevalue("fifo")
        fd = fed(node)
    elif kind == "socket":
        node = request.getfixturevalue("unix_socket")
    else:
        node = device(tmp_path, stat.S_IFCHR)
    mode = os.lstat(node).st_mode
    line = one_error_line(run("backup", "-o", str(node)))
    assert line.startswith(f"Error: {node}: is a ") and "choose a file for the backup" in line
    assert os.lstat(node).st_mode == mode
    if fd is not None:
        assert still_waiting(fd)


@pytest.mark.parametrize("kind", ["fifo", "socket", "chardev"])
def test_a_special_file_as_the_corpus_is_refused(tmp_path, kind, request):
    fd = None
    if kind == "fifo":
        node = request.getfixturevalue("fifo")
        fd = fed(node)
    elif kind == "socket":
        node = request.getfixturevalue("unix_socket")
    else:
        node = device(tmp_path, stat.S_IFCHR)
    result = CliRunner().invoke(cli, ["--db", str(node), "stats"])
    line = one_error_line(result)
    assert line.startswith(f"Error: {node}: is a ") and "not a corpus database" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == [node.name]  # no -wal beside it
    if fd is not None:
        assert still_waiting(fd)


def test_a_restore_into_or_from_a_fifo_is_refused_and_the_fifo_stays(db_path, tmp_path, fifo):
    make_corpus(db_path)
    runner = CliRunner()
    fd = fed(fifo)
    result = runner.invoke(cli, ["--db", str(fifo), "restore", str(db_path)])
    assert one_error_line(result) == (
        f"Error: {fifo}: is a FIFO (named pipe), not a corpus database; nothing was restored"
    )
    assert still_waiting(fd)
    result = runner.invoke(cli, ["--db", str(db_path), "restore", str(fifo)])
    assert one_error_line(result) == (
        f"Error: {fifo}: is a FIFO (named pipe), not a backup file; nothing was restored"
    )
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.sqlite3", "pipe"]


# -- a killed backup or restore leaves nothing large behind ----------------------

# Children that stop in the middle of the real backup_to / restore_from and wait
# to be killed, so the test can kill them at a known point.
PAUSED_BACKUP = """
import sys, time
from pathlib import Path
from annotator.core.backup import backup_to
from annotator.core.store import Store

real = Store.open(Path(sys.argv[1]))

class Conn:
    def backup(self, dest):
        real.conn.backup(dest)
        print("copying", flush=True)
        time.sleep(120)

class Paused:
    path = real.path
    conn = Conn()

backup_to(Paused(), Path(sys.argv[2]))
"""

PAUSED_RESTORE = """
import sys, time
from pathlib import Path
import annotator.core.backup as backup

def paused(incoming, target):
    print("copying", flush=True)
    time.sleep(120)

backup._replace_corpus = paused
backup.restore_from(Path(sys.argv[1]), Path(sys.argv[2]))
"""


@pytest.fixture
def private_tmp(tmp_path, monkeypatch) -> Path:
    """The temporary folder for this test and its children (not the machine's /tmp)."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def paused_child(script: str, *args: Path) -> subprocess.Popen:
    child = subprocess.Popen(
        [sys.executable, "-c", script, *map(str, args)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert child.stdout is not None and child.stdout.readline() == "copying\n"
    return child


def kill(child: subprocess.Popen) -> None:
    child.kill()
    child.wait()
    assert child.stdout is not None
    child.stdout.close()


def big_corpus(path: Path) -> None:
    with Store.open(path) as store:
        for i in range(4):
            store.add_article(title=f"Report {i}", text=f"Report {i}. " + "Rainfall rose. " * 20000)


def partials(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.startswith(".") and "partial" in p.name)


def test_a_killed_backup_is_swept_by_the_next_but_a_live_one_is_not(
    run, db_path, tmp_path, private_tmp
):
    big_corpus(db_path)
    target = tmp_path / "monday.sqlite3"
    killed = paused_child(PAUSED_BACKUP, db_path, target)
    kill(killed)
    (left,) = partials(tmp_path)  # the kill landed mid-write: a large partial copy
    assert left.stat().st_size > 1_000_000

    alive = paused_child(PAUSED_BACKUP, db_path, target)
    try:
        (live,) = partials(tmp_path)  # the next backup swept the dead writer's copy
        assert live != left and not left.exists()
        result = run("backup", "-o", str(target))
        assert result.exit_code == 0, result.output
        assert partials(tmp_path) == [live]  # but never the copy a live backup is writing
        assert live.stat().st_size > 1_000_000
    finally:
        kill(alive)
    result = run("backup", "-o", str(tmp_path / "tuesday.sqlite3"))
    assert result.exit_code == 0, result.output
    assert partials(tmp_path) == []
    assert content(target) == content(db_path)


def test_a_killed_restore_leaves_no_copy_in_the_temporary_folder(
    run, db_path, tmp_path, private_tmp
):
    big_corpus(db_path)
    copy = tmp_path / "copy.sqlite3"
    assert run("backup", "-o", str(copy)).exit_code == 0
    kill(paused_child(PAUSED_RESTORE, copy, db_path))
    (left,) = private_tmp.iterdir()  # the checked copy of the backup, as large as it
    assert sum(p.stat().st_size for p in left.rglob("*")) > 1_000_000

    result = run("restore", str(copy))
    assert result.exit_code == 0, result.output
    assert list(private_tmp.iterdir()) == []
    assert partials(tmp_path) == []
    assert content(db_path) == content(copy)


def test_sweeping_never_touches_files_that_only_look_alike(db_path, tmp_path, private_tmp):
    make_corpus(db_path)
    mine: dict[str, Callable[[Path], object]] = {
        ".notes.partial": lambda p: p.write_text("draft"),
        "annotator-restore-notes.txt": lambda p: p.write_text("kept"),
        ".corpus.jsonl.abc123.partial": lambda p: p.write_text("an export's, not ours"),
    }
    for name, make in mine.items():
        make(tmp_path / name)
        make(private_tmp / name)
    # A folder with a restore's name that holds someone's file, not a restore's copy.
    theirs = private_tmp / "annotator-restore-abcd1234"
    theirs.mkdir()
    (theirs / "thesis.txt").write_text("chapter one")
    with Store.open(db_path) as store:
        from annotator.core.backup import backup_to

        backup_to(store, tmp_path / "b.sqlite3")
    for name in mine:
        assert (tmp_path / name).exists() and (private_tmp / name).exists()
    assert (theirs / "thesis.txt").read_text() == "chapter one"


def test_a_killed_backup_and_restore_are_swept_when_the_app_runs_again(
    db_path, tmp_path, private_tmp
):
    from annotator.core.backup import backup_to, default_backup_path
    from annotator.core.corpus import open_corpus

    big_corpus(db_path)
    kill(paused_child(PAUSED_BACKUP, db_path, default_backup_path(db_path)))
    assert partials(tmp_path)
    open_corpus(db_path, seed_sample=False).close()  # what the window and every command do
    assert partials(tmp_path) == []

    copy = tmp_path / "copy.sqlite3"
    with Store.open(db_path) as store:
        backup_to(store, copy)
    kill(paused_child(PAUSED_RESTORE, copy, db_path))
    assert list(private_tmp.iterdir())
    open_corpus(db_path, seed_sample=False).close()
    assert list(private_tmp.iterdir()) == []


def test_a_file_a_format_writes_beside_the_export_may_not_be_the_corpus(tmp_path):
    # Label Studio writes NAME.config.xml beside NAME.json: a corpus named so is kept.
    corpus = tmp_path / "study.config.xml"
    make_corpus(corpus)
    before = content(corpus)
    with (
        Store.open(corpus) as store,
        pytest.raises(ExportError, match=r"study\.config\.xml: is the corpus itself"),
    ):
        export_corpus(store, tmp_path / "study.json", format="labelstudio")
    assert content(corpus) == before
    assert not (tmp_path / "study.json").exists()
