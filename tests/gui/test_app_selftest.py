"""``annotator --self-test``: passes on a good installation, says one line when it fails."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator import selftest
from annotator.core import paths
from annotator.core.export import EXPORTERS

# The checkout under test: ``-m annotator`` run from here imports this copy.
ROOT = Path(__file__).resolve().parents[2]


def test_self_test_passes_in_process(qapp) -> None:
    out = io.StringIO()
    assert selftest.run_self_test(out=out) == 0
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Self-test passed: NUMBER ")


def test_self_test_leaves_the_users_files_alone(qapp) -> None:
    before = {var: os.environ.get(var) for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME")}
    assert selftest.run_self_test(out=io.StringIO()) == 0
    assert not paths.default_db_path().exists()
    assert not (paths.config_dir() / "settings.ini").exists()
    assert {var: os.environ.get(var) for var in before} == before


def test_the_span_lies_after_an_astral_character() -> None:
    text = "Up 🌊 by 12.5 metres, 3 times"
    start, end = selftest.choose_span(text)
    assert text[start:end] == "12.5"
    assert selftest.choose_span("42 only before") == (0, 2)


def test_a_shifted_export_fails_with_one_line(qapp, monkeypatch: pytest.MonkeyPatch) -> None:
    real = EXPORTERS["jsonl"]

    def shifted(store, path, **kwargs):
        summary = real(store, path, **kwargs)
        records = [json.loads(line) for line in Path(path).read_text("utf-8").splitlines()]
        for record in records:
            for span in record["spans"]:
                span["start"] += 1  # the off-by-one a UTF-16 slip would cause
                span["end"] += 1
        Path(path).write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
        return summary

    monkeypatch.setitem(EXPORTERS, "jsonl", shifted)
    out = io.StringIO()
    assert selftest.run_self_test(out=out) == 1
    assert out.getvalue().splitlines() == [
        "Self-test failed: read the export back: the tagged span is not in the export exactly once"
    ]


def test_an_unexpected_error_names_the_step(qapp, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(store, path, **kwargs):
        raise PermissionError("read-only temp folder")

    monkeypatch.setitem(EXPORTERS, "jsonl", broken)
    out = io.StringIO()
    assert selftest.run_self_test(out=out) == 1
    assert out.getvalue() == "Self-test failed: export: PermissionError: read-only temp folder\n"


def test_command_line_self_test_exit_status(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "--self-test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Self-test passed")


def test_self_test_without_a_display_chooses_offscreen_itself() -> None:
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")
    }
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "--self-test"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Self-test passed")


def test_the_platform_is_chosen_only_when_nothing_else_can_work() -> None:
    choose = selftest.headless_platform
    assert choose({}, system="linux") == "offscreen"
    assert choose({"DISPLAY": ":0"}, system="linux") is None
    assert choose({"WAYLAND_DISPLAY": "wayland-0"}, system="linux") is None
    assert choose({"QT_QPA_PLATFORM": "xcb"}, system="linux") is None  # asked for: kept
    assert choose({}, system="win32") is None
    assert choose({}, system="darwin") is None
