"""Files written atomically: a temporary file beside the target, then a rename."""

from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

try:
    import fcntl
except ImportError:  # Windows: no flock, so stale partial files are not swept
    fcntl = None  # type: ignore[assignment]


@contextmanager
def atomic_write(path: Path | str, *, binary: bool = False) -> Iterator[IO[Any]]:
    """Yield a file to write; on success it replaces ``path``, on any error it vanishes.

    Nothing half-written ever stands under the final name, whether the writer
    raises, is cancelled, or the process is killed (the temporary file is
    named ``.NAME.*.partial`` and is ignored by the importers).  A FIFO or a
    character device under ``path`` is written into in place instead (a rename
    would replace the node itself); a socket or block device is refused.
    """
    path = Path(path)
    kind = special_kind(path)
    if kind is not None:
        yield from _write_in_place(path, kind=kind, binary=binary)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    # mkstemp makes the file private (0600); an export is an ordinary file.
    _chmod_like_new_file(fd)
    try:
        with _open_fd(fd, binary=binary) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    fsync_dir(path.parent)


def _write_in_place(path: Path, *, kind: str, binary: bool) -> Iterator[IO[Any]]:
    """Write straight into a FIFO or a character device, as the person asked.

    A rename would replace the pipe or device node itself with a plain file;
    a socket or a disk (block device) is refused.
    """
    if kind not in ("a FIFO (named pipe)", "a character device"):
        raise OSError(errno.EINVAL, f"is {kind}, not a file to write; left untouched", str(path))
    # No O_CREAT or O_TRUNC: the node stays what it is.
    with _open_fd(os.open(path, os.O_WRONLY), binary=binary) as handle:
        yield handle


def _open_fd(fd: int, *, binary: bool) -> IO[Any]:
    """An export's handle: bytes, or UTF-8 text with plain newlines on every system."""
    if binary:
        return os.fdopen(fd, "wb")
    return os.fdopen(fd, "w", encoding="utf-8", newline="\n")


def _chmod_like_new_file(fd: int) -> None:
    if os.name != "posix":
        return
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(fd, 0o666 & ~umask)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; elsewhere the rename is all there is)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# -- destinations ---------------------------------------------------------------

# The files SQLite keeps beside a database while it is open or was not closed cleanly.
CORPUS_COMPANIONS = ("-wal", "-shm", "-journal")

_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def special_kind(path: Path | str) -> str | None:
    """What ``path`` is if it is a device, FIFO or socket (after symlinks), else None.

    Checked on the mode alone: opening a FIFO to look inside would block.
    """
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    for test, kind in _SPECIAL_KINDS:
        if test(mode):
            return kind
    return None


def corpus_part(path: Path | str, corpus: Path | str | None) -> str | None:
    """Which part of the corpus ``path`` is, or None if it is none of them.

    "the corpus itself" or "the corpus's -wal file" (also -shm, -journal),
    whether named directly or through symlinks, ``..`` or a hard link.  A
    companion that does not exist yet still counts by its name: writing there
    would put a foreign file where SQLite looks for its journal.
    """
    if corpus is None:
        return None
    corpus = Path(corpus)
    real = os.path.realpath(path)
    for suffix in ("", *CORPUS_COMPANIONS):
        for base in (str(corpus), os.path.realpath(corpus)):
            candidate = base + suffix
            if real == os.path.realpath(candidate) or _same_file(path, candidate):
                return f"the corpus's {suffix} file" if suffix else "the corpus itself"
    return None


def corpus_companions(path: Path | str) -> list[Path]:
    """The -wal, -shm and -journal files that stand beside ``path`` (and beside its target)."""
    found: list[Path] = []
    for base in dict.fromkeys((str(path), os.path.realpath(path))):
        for suffix in CORPUS_COMPANIONS:
            extra = Path(base + suffix)
            if os.path.lexists(extra) and extra not in found:
                found.append(extra)
    return found


def _same_file(a: Path | str, b: Path | str) -> bool:
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


# -- partial files of backups and restores ----------------------------------------

# ".NAME.annotator-partial-XXXXXXXX.partial": hidden, ignored by the importers, and
# recognisable, so that one left by a killed process can be removed later.  Its
# writer holds an flock on it for its whole life: a file nobody holds is stale,
# whatever pid, host or clock wrote it, and a live writer's file is never touched.
PARTIAL_TAG = ".annotator-partial-"
RESTORE_PREFIX = "annotator-restore-"
_STALE_PARTIAL = re.compile(r"^\..+\.annotator-partial-[0-9a-z_]+\.partial(-journal)?$")
_RESTORE_FOLDER = re.compile(r"^annotator-restore-[0-9a-z_]{8}$")
RESTORE_COPY = "restoring.sqlite3"


class HeldPartial:
    """A partial file or folder that this process is writing, locked until released."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd = fd

    def release(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def hold_partial_file(target: Path) -> HeldPartial:
    """Create and lock an empty partial file beside ``target``."""
    while True:
        fd, name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}{PARTIAL_TAG}", suffix=".partial"
        )
        if _lock_if_still_there(fd, name):
            return HeldPartial(Path(name), fd)


def hold_partial_folder(parent: Path | None = None) -> HeldPartial:
    """Create and lock a private temporary folder for a restore."""
    while True:
        name = tempfile.mkdtemp(prefix=RESTORE_PREFIX, dir=parent)
        fd = os.open(name, os.O_RDONLY)
        if _lock_if_still_there(fd, name):
            return HeldPartial(Path(name), fd)


def _lock_if_still_there(fd: int, name: str) -> bool:
    """Lock ``fd``; False (and closed) if a sweep removed the file before the lock."""
    if fcntl is None:
        return True
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        same = os.path.samestat(os.fstat(fd), os.lstat(name))
    except OSError:
        same = False
    if not same:
        os.close(fd)
    return same


def remove_stale_partials(folders: Iterable[Path | str]) -> list[Path]:
    """Remove partial backups and restore folders whose writer is gone; return them.

    Only names this program makes are considered, and only those no live
    process holds locked.  Failures are ignored: this is tidying, never a reason
    for a backup or restore to fail.
    """
    if fcntl is None:  # no flock: no way to tell a live writer from a dead one
        return []
    removed: list[Path] = []
    for folder in dict.fromkeys(Path(f) for f in folders):
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            continue
        for name in names:  # a partial sorts before its -journal
            path = folder / name
            if _STALE_PARTIAL.match(name):
                if name.endswith("-journal"):
                    base = str(path)[: -len("-journal")]
                    if not os.path.lexists(base) and _unlink(path):
                        removed.append(path)
                elif _take_if_stale(path, folder=False):
                    removed.append(path)
            elif (
                _RESTORE_FOLDER.match(name)
                and _holds_only_a_restore(path)
                and _take_if_stale(path, folder=True)
            ):
                removed.append(path)
    return removed


def _holds_only_a_restore(folder: Path) -> bool:
    """True if ``folder`` holds nothing but a restore's copy (and its -wal, -shm)."""
    try:
        return all(name.startswith(RESTORE_COPY) for name in os.listdir(folder))
    except OSError:
        return False


def _take_if_stale(path: Path, *, folder: bool) -> bool:
    assert fcntl is not None
    try:
        info = os.lstat(path)
        if stat.S_ISDIR(info.st_mode) != folder or not (
            stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode)
        ):
            return False
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            return False  # another user's, in a shared temporary folder
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # its writer is alive
        if folder:
            shutil.rmtree(path, ignore_errors=True)
            return not os.path.lexists(path)
        return _unlink(path)
    finally:
        os.close(fd)


def _unlink(path: Path) -> bool:
    try:
        path.unlink()
    except OSError:
        return False
    return True
