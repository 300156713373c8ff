"""``annotator --self-test``: prove an installation (or a frozen build) works end to end.

On a temporary copy of the sample corpus it opens the real window, tags a
NUMBER span through the window's own operations object (what a label key
calls), closes everything, reopens the database from disk, exports it as JSON
lines, reads the export back and checks the span's offsets, label and text.
The span chosen lies after the first character outside the Basic Multilingual
Plane (an emoji in the sample), so a UTF-16/code-point mix-up would show.

Prints one line and returns 0 on success; one line naming the failed step,
and 1, on failure.  Nothing in the user's corpus, settings or log is touched:
the run uses its own temporary folders.  Works on the offscreen platform
(``QT_QPA_PLATFORM=offscreen``), so it runs on CI and servers; on Linux and other
X11/Wayland systems with no display to reach and no platform asked for, it chooses
offscreen itself (Qt would otherwise abort the whole process before any step ran).
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_XDG_VARS = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")


class SelfTestFailure(Exception):
    """One step of the self-test did not give what it should."""


@contextmanager
def _private_user_dirs(root: Path) -> Iterator[None]:
    """Point the user folders at ``root`` so the run leaves the real ones alone."""
    saved = {var: os.environ.get(var) for var in (*_XDG_VARS, "ANNOTATOR_DB")}
    try:
        for var in _XDG_VARS:
            folder = root / var.lower()
            folder.mkdir()
            os.environ[var] = str(folder)
        os.environ.pop("ANNOTATOR_DB", None)
        yield
    finally:
        for var, value in saved.items():
            if value is None:
                os.environ.pop(var, None)
            else:
                os.environ[var] = value


def headless_platform(environ: Mapping[str, str], *, system: str) -> str | None:
    """The Qt platform to ask for when none is set and no display can be reached.

    Only where Qt needs a display server (X11 or Wayland): Windows and macOS always
    have their own platform.  An explicit ``QT_QPA_PLATFORM`` is always kept.
    """
    if environ.get("QT_QPA_PLATFORM") or system in ("win32", "darwin"):
        return None
    if environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return None
    return "offscreen"


@contextmanager
def _platform_for_this_run(say: Callable[[str], None]) -> Iterator[None]:
    """Offscreen for this run if there is no display, then the environment as it was."""
    platform = headless_platform(os.environ, system=sys.platform)
    if platform is None:
        yield
        return
    say(f"no display and no QT_QPA_PLATFORM: using the {platform} platform")
    os.environ["QT_QPA_PLATFORM"] = platform
    try:
        yield
    finally:
        os.environ.pop("QT_QPA_PLATFORM", None)


def choose_span(text: str) -> tuple[int, int]:
    """A number in ``text``, preferably after its first astral-plane character."""
    astral = next((i for i, ch in enumerate(text) if ord(ch) > 0xFFFF), 0)
    match = _NUMBER.search(text, astral) or _NUMBER.search(text)
    if match is None:
        raise SelfTestFailure("the sample articles contain no number to tag")
    return match.start(), match.end()


def _steps(work: Path, say: Callable[[str], None], where: list[str]) -> str:
    from annotator.core.corpus import open_corpus
    from annotator.core.export import EXPORTERS
    from annotator.core.store import Store

    step = "open a copy of the sample corpus"

    where.append(step)
    db_path = work / "corpus.sqlite3"
    store = open_corpus(db_path, seed_sample=True)
    try:
        articles = store.articles()
        if not articles:
            raise SelfTestFailure(f"{step}: the sample corpus is empty")
        chosen = next(
            (a for a in articles if any(ord(ch) > 0xFFFF for ch in store.article_text(a.id))),
            articles[0],
        )
        text = store.article_text(chosen.id)
        start, end = choose_span(text)
        expected = text[start:end]
        say(f"{step}: {len(articles)} articles")

        step = "open the window"

        where.append(step)
        from annotator.gui.app import application
        from annotator.gui.mainwindow import MainWindow
        from annotator.gui.operations import Operations
        from annotator.gui.qt import QtWidgets

        app = application()
        if app.windowIcon().isNull():
            raise SelfTestFailure(f"{step}: the app icon did not load")
        window = MainWindow(store)
        window.show()
        QtWidgets.QApplication.processEvents()
        say(f"{step}: {app.platformName()} platform")

        step = "tag a span"

        where.append(step)
        failures: list[str] = []
        # The window's own operations object: what its label keys call.
        operations: Operations = window.ops
        operations.failed.connect(failures.append)
        change = operations.tag(chosen.id, start, end, "NUMBER")
        if change is None or not change.added:
            raise SelfTestFailure(f"{step}: refused ({'; '.join(failures) or 'no change'})")
        say(f"{step}: NUMBER {expected!r} at [{start}, {end}) in {chosen.title!r}")
        window.close()
        window.deleteLater()
        QtWidgets.QApplication.processEvents()
    finally:
        store.close()

    step = "export"

    where.append(step)
    export_path = work / "export.jsonl"
    # Reopened from disk: the span must have been committed, not just held in memory.
    with Store.open(db_path) as reopened:
        summary = EXPORTERS["jsonl"](reopened, export_path, status=None)
    say(f"{step}: {summary.line()}")

    step = "read the export back"

    where.append(step)
    records = [
        json.loads(line) for line in export_path.read_text(encoding="utf-8").splitlines() if line
    ]
    record: dict[str, Any] | None = next((r for r in records if r["id"] == chosen.id), None)
    if record is None:
        raise SelfTestFailure(f"{step}: article {chosen.id} is missing from the export")
    found = [
        s for s in record["spans"]
        if (s["start"], s["end"], s["label"]) == (start, end, "NUMBER")
    ]  # fmt: skip
    if len(found) != 1:
        raise SelfTestFailure(f"{step}: the tagged span is not in the export exactly once")
    if record["text"] != text or found[0]["text"] != expected:
        raise SelfTestFailure(
            f"{step}: span text {found[0]['text']!r} does not match the article ({expected!r})"
        )
    if record["text"][start:end] != expected:
        raise SelfTestFailure(f"{step}: text[{start}:{end}] is not the span's text")
    return f"NUMBER {expected!r} at [{start}, {end}) tagged, exported and read back"


def run_self_test(*, out: TextIO | None = None, verbose: bool = False) -> int:
    out = out or sys.stdout
    began = time.perf_counter()
    where: list[str] = []
    say: Callable[[str], None] = (
        (lambda line: print(f"  {line}", file=out)) if verbose else (lambda line: None)
    )
    try:
        with tempfile.TemporaryDirectory(prefix="annotator-selftest-") as folder:
            work = Path(folder)
            with _private_user_dirs(work), _platform_for_this_run(say):
                result = _steps(work, say, where)
    except SelfTestFailure as exc:
        print(f"Self-test failed: {exc}", file=out)
        return 1
    except Exception as exc:  # any other failure is still one line, naming the step
        step = where[-1] if where else "start"
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        print(f"Self-test failed: {step}: {type(exc).__name__}: {reason}", file=out)
        return 1
    print(f"Self-test passed: {result} ({time.perf_counter() - began:.1f} s).", file=out)
    return 0
