"""The freedesktop launcher: the ``.desktop`` entry and the icons, per user.

``annotator install-desktop`` writes the entry to
``$XDG_DATA_HOME/applications`` and the icons to
``$XDG_DATA_HOME/icons/hicolor``, which is where menus and docks on Linux look
for a user's own apps; nothing outside the user's data folder is touched.

The entry's ``Exec`` names the launcher of *this* installation by its absolute
path (the ``annotator-gui`` beside the running Python, or the frozen binary), so
a double-click starts the same Annotator that installed it even when its folder
is not on the desktop session's PATH (pipx, a virtualenv, an unpacked build).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from annotator.core.errors import AnnotatorError
from annotator.core.resources import resource_path

# The desktop file ID (reverse-DNS, as the freedesktop spec recommends).  The
# window passes it to QGuiApplication.setDesktopFileName, so Wayland
# compositors and docks match the running window to this entry and its icon.
APP_ID = "org.annotator.Annotator"
DESKTOP_FILE = f"{APP_ID}.desktop"
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
# Qt on X11 sets WM_CLASS to (argv[0] name, application name); the window sets
# the application name to this, and StartupWMClass matches it.
WM_CLASS = "annotator"


class DesktopError(AnnotatorError):
    """The launcher could not be installed or removed."""


@dataclass(slots=True)
class DesktopReport:
    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)
    exec_command: str = ""


def icon_source() -> Path:
    return resource_path("icons", f"{APP_ID}.svg")


def icon_png(size: int) -> Path:
    return resource_path("icons", "hicolor", f"{size}x{size}", "apps", f"{APP_ID}.png")


def exec_quote(argument: str) -> str:
    """Quote one argument for an ``Exec`` key (Desktop Entry spec, "The Exec key").

    Arguments with reserved characters go in double quotes, inside which ``"``,
    `````, ``$`` and ``\\`` take a backslash; a literal ``%`` is written ``%%``.
    The caller still escapes the whole value as a string (see ``_escape_value``).
    """
    argument = argument.replace("%", "%%")
    reserved = set(" \t\n\"'\\><~|&;$*?#()`")
    if argument and not reserved & set(argument):
        return argument
    inner = "".join("\\" + ch if ch in '"`$\\' else ch for ch in argument)
    return f'"{inner}"'


def _escape_value(value: str) -> str:
    # String values escape backslash, newline, tab and CR (spec, "Possible value types").
    return (
        value.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")
    )


def launcher_command() -> list[str]:
    """The command that starts this installation's window."""
    if getattr(sys, "frozen", False):
        return [str(Path(sys.executable).absolute())]
    # Not resolved: a virtualenv's python is a symlink out of the venv, and the
    # launcher lives in the venv's own bin folder beside that symlink.
    bin_dir = Path(sys.executable).absolute().parent
    for name in ("annotator-gui", "annotator-gui.exe"):
        candidate = bin_dir / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return [str(candidate)]
    found = shutil.which("annotator-gui")
    if found:
        return [str(Path(found).absolute())]
    return [str(Path(sys.executable).absolute()), "-m", "annotator"]


def desktop_entry(command: list[str]) -> str:
    """The text of the ``.desktop`` entry that runs ``command``."""
    exec_line = _escape_value(" ".join(exec_quote(part) for part in command))
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Version=1.4\n"
        "Name=Annotator\n"
        "GenericName=Text Annotation Tool\n"
        "Comment=Tag claims, numbers, actors and quotes in news articles\n"
        f"Exec={exec_line}\n"
        f"Icon={APP_ID}\n"
        "Terminal=false\n"
        "Categories=Office;\n"
        "Keywords=annotation;tagging;NLP;corpus;news;span;label;\n"
        "StartupNotify=true\n"
        f"StartupWMClass={WM_CLASS}\n"
    )


def data_home() -> Path:
    """``$XDG_DATA_HOME`` (default ``~/.local/share``)."""
    return Path(platformdirs.user_data_dir(appname=None, appauthor=False))


def installed_paths(home: Path | None = None) -> list[Path]:
    """Every file :func:`install` writes, in the order it writes them."""
    home = home or data_home()
    icons = home / "icons" / "hicolor"
    return [
        *(icons / f"{size}x{size}" / "apps" / f"{APP_ID}.png" for size in ICON_SIZES),
        icons / "scalable" / "apps" / f"{APP_ID}.svg",
        home / "applications" / DESKTOP_FILE,
    ]


def _check_platform() -> None:
    if sys.platform.startswith(("win", "darwin", "cygwin")):
        raise DesktopError(
            "install-desktop is for Linux and BSD desktops; on Windows and macOS use the "
            "frozen build (see README, 'The frozen build')"
        )


def install(*, home: Path | None = None, command: list[str] | None = None) -> DesktopReport:
    """Write the icons, then the entry (last, so a menu never shows an entry without its icon)."""
    _check_platform()
    home = home or data_home()
    command = command or launcher_command()
    report = DesktopReport(exec_command=" ".join(command))
    *pngs, svg, entry = installed_paths(home)
    sources = [icon_png(size) for size in ICON_SIZES] + [icon_source()]
    try:
        for source, target in zip(sources, [*pngs, svg], strict=True):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            report.written.append(target)
        entry.parent.mkdir(parents=True, exist_ok=True)
        partial = entry.with_name(entry.name + ".partial")
        partial.write_text(desktop_entry(command), encoding="utf-8")
        partial.replace(entry)
        report.written.append(entry)
    except OSError as exc:
        raise DesktopError(f"cannot install the launcher under {home} ({exc})") from None
    _refresh_caches(home)
    return report


def uninstall(*, home: Path | None = None) -> DesktopReport:
    """Remove what :func:`install` wrote; the corpus, settings and logs are not touched."""
    _check_platform()
    home = home or data_home()
    report = DesktopReport()
    for path in reversed(installed_paths(home)):
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise DesktopError(f"cannot remove {path} ({exc.strerror})") from None
        report.removed.append(path)
    _refresh_caches(home)
    return report


def _refresh_caches(home: Path) -> None:
    """Tell the menu and the icon theme about the change, where those tools exist.

    Most desktops watch these folders anyway; the caches are an optimisation,
    so a missing tool or a failure here is not an error.
    """
    import subprocess  # here, not at the top: the window imports this module at start-up

    for tool, target in (
        ("update-desktop-database", home / "applications"),
        ("gtk-update-icon-cache", home / "icons" / "hicolor"),
    ):
        exe = shutil.which(tool)
        if exe is None or not target.is_dir():
            continue
        args = [exe, "-q", str(target)]
        if tool == "gtk-update-icon-cache":
            # -t: the user's hicolor folder has no index.theme of its own.
            args = [exe, "-q", "-t", "-f", str(target)]
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            subprocess.run(args, check=False, capture_output=True, timeout=30)
