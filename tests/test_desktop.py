"""The Linux launcher: install-desktop / uninstall-desktop and the entry they write."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core import desktop
from annotator.core.desktop import (
    APP_ID,
    DESKTOP_FILE,
    ICON_SIZES,
    DesktopError,
    desktop_entry,
    exec_quote,
    install,
    installed_paths,
    launcher_command,
    uninstall,
)

ROOT = Path(__file__).resolve().parent.parent
PACKAGED_ENTRY = ROOT / "packaging" / DESKTOP_FILE
validator = shutil.which("desktop-file-validate")
needs_validator = pytest.mark.skipif(
    validator is None, reason="desktop-file-validate (Debian: desktop-file-utils) not installed"
)


def data_home() -> Path:
    return Path(os.environ["XDG_DATA_HOME"])  # isolated per test by conftest


def entry_values(text: str) -> dict[str, str]:
    lines = text.splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line)


def parse_exec(value: str) -> list[str]:
    """Undo the two levels of escaping, as a launcher reads an Exec key (spec: "The Exec key")."""
    unescaped, i = [], 0
    while i < len(value):  # level 1: the string value's escapes
        if value[i] == "\\" and i + 1 < len(value):
            escapes = {"s": " ", "n": "\n", "t": "\t", "r": "\r"}
            unescaped.append(escapes.get(value[i + 1], value[i + 1]))
            i += 2
        else:
            unescaped.append(value[i])
            i += 1
    text, args, current, quoted, i = "".join(unescaped), [], [], False, 0
    started = False
    while i < len(text):  # level 2: quoting of arguments
        ch = text[i]
        if quoted:
            if ch == "\\" and i + 1 < len(text) and text[i + 1] in '"`$\\':
                current.append(text[i + 1])
                i += 1
            elif ch == '"':
                quoted = False
            else:
                current.append(ch)
        elif ch == '"':
            quoted, started = True, True
        elif ch == " ":
            if started or current:
                args.append("".join(current))
            current, started = [], False
        else:
            current.append(ch)
        i += 1
    if started or current:
        args.append("".join(current))
    return [arg.replace("%%", "%") for arg in args]


# -- the entry ------------------------------------------------------------------


def test_packaged_entry_is_the_one_the_code_writes() -> None:
    # One source of truth: packaging/ holds the entry for Exec=annotator-gui.
    assert PACKAGED_ENTRY.read_text(encoding="utf-8") == desktop_entry(["annotator-gui"])


def test_entry_names_the_app_id_icon_and_hides_the_terminal() -> None:
    values = entry_values(desktop_entry(["/opt/annotator/annotator"]))
    assert values["Type"] == "Application"
    assert values["Name"] == "Annotator"
    assert values["Icon"] == APP_ID
    assert values["Terminal"] == "false"
    assert values["StartupWMClass"] == desktop.WM_CLASS
    assert parse_exec(values["Exec"]) == ["/opt/annotator/annotator"]


@pytest.mark.parametrize(
    "args",
    [
        ["/usr/bin/annotator-gui"],
        ["/home/ana maria/.local/bin/annotator-gui"],
        ["/tmp/$HOME/`x`/a\\b/annotator-gui"],
        ['/srv/say "hi"/annotator-gui', "--db", "100% done.sqlite3"],
        ["/opt/it's/annotator", "--db", "a;b|c&d"],
    ],
)
def test_exec_line_round_trips_awkward_paths(args: list[str]) -> None:
    assert parse_exec(entry_values(desktop_entry(args))["Exec"]) == args


def test_exec_quote_leaves_plain_arguments_alone() -> None:
    assert exec_quote("/usr/bin/annotator-gui") == "/usr/bin/annotator-gui"
    assert exec_quote("a b") == '"a b"'
    assert exec_quote("50%") == "50%%"


@needs_validator
@pytest.mark.parametrize(
    "command", [["annotator-gui"], ["/home/ana maria/$venv/bin/annotator-gui", "--db", "x%.db"]]
)
def test_entry_passes_desktop_file_validate(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / DESKTOP_FILE
    path.write_text(desktop_entry(command), encoding="utf-8")
    result = subprocess.run([validator, str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""  # not even a hint


@needs_validator
def test_packaged_entry_passes_desktop_file_validate() -> None:
    result = subprocess.run(
        [validator, str(PACKAGED_ENTRY)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


# -- install and uninstall ------------------------------------------------------


def test_install_writes_entry_and_every_icon_under_xdg_data_home() -> None:
    report = install(command=["/opt/venv/bin/annotator-gui"])
    home = data_home()
    entry = home / "applications" / DESKTOP_FILE
    assert report.written[-1] == entry
    assert entry_values(entry.read_text(encoding="utf-8"))["Exec"] == "/opt/venv/bin/annotator-gui"
    for size in ICON_SIZES:
        png = home / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert png.read_bytes() == desktop.icon_png(size).read_bytes()
    svg = home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    assert svg.read_bytes() == desktop.icon_source().read_bytes()
    assert sorted(report.written) == sorted(installed_paths(home))
    assert not list(home.rglob("*.partial"))


def test_install_twice_replaces_the_entry(tmp_path: Path) -> None:
    install(command=["/old/annotator-gui"])
    install(command=["/new/annotator-gui"])
    entry = data_home() / "applications" / DESKTOP_FILE
    assert entry_values(entry.read_text(encoding="utf-8"))["Exec"] == "/new/annotator-gui"


def test_uninstall_removes_only_what_install_wrote() -> None:
    home = data_home()
    neighbour = home / "applications" / "someone-else.desktop"
    neighbour.parent.mkdir(parents=True)
    neighbour.write_text("[Desktop Entry]\n", encoding="utf-8")
    install(command=["annotator-gui"])
    report = uninstall()
    assert sorted(report.removed) == sorted(installed_paths(home))
    assert not any(path.exists() for path in installed_paths(home))
    assert neighbour.exists()
    assert uninstall().removed == []


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_refused_with_one_line_on_windows_and_macos(
    monkeypatch: pytest.MonkeyPatch, platform: str
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    with pytest.raises(DesktopError, match="frozen build"):
        install(command=["x"])
    assert not (data_home() / "applications").exists()


def test_unwritable_data_home_is_one_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(DesktopError, match="cannot install the launcher"):
        install(home=blocker, command=["annotator-gui"])


# -- which command the entry runs ----------------------------------------------


def test_launcher_is_the_gui_script_beside_this_python(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bin_dir = tmp_path / "venv with space" / "bin"
    bin_dir.mkdir(parents=True)
    launcher = bin_dir / "annotator-gui"
    launcher.write_text("#!/bin/sh\n", encoding="utf-8")
    launcher.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(bin_dir / "python"))
    assert launcher_command() == [str(launcher)]


def test_launcher_of_a_frozen_app_is_the_app_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "annotator" / "annotator"))
    assert launcher_command() == [str(tmp_path / "annotator" / "annotator")]


def test_launcher_falls_back_to_python_dash_m(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python3"))
    monkeypatch.setenv("PATH", str(tmp_path))
    assert launcher_command() == [str(tmp_path / "python3"), "-m", "annotator"]


# -- the commands ---------------------------------------------------------------


def test_cli_install_then_uninstall_desktop() -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["install-desktop"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    entry = data_home() / "applications" / DESKTOP_FILE
    assert f"Installed the launcher {entry}" in result.output
    assert parse_exec(entry_values(entry.read_text(encoding="utf-8"))["Exec"]) == (
        launcher_command()
    )
    result = runner.invoke(cli, ["uninstall-desktop"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Removed 11 files" in result.output
    assert not entry.exists()
    result = runner.invoke(cli, ["uninstall-desktop"], catch_exceptions=False)
    assert "Nothing to remove" in result.output


@pytest.mark.parametrize("command", ["install-desktop", "uninstall-desktop"])
def test_command_help_has_an_example(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert f"annotator {command}" in result.output.split("Example")[1]
