"""Packaging: icons rendered from the SVG, .ico/.icns, the PyInstaller spec, entry points.

The frozen build itself is built and started by packaging/smoke_test.py (about a
minute), not here.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import tomllib
import types
from pathlib import Path
from typing import Any

import pytest

from annotator import __version__
from annotator.core import resources
from annotator.core.desktop import APP_ID, ICON_SIZES, icon_png, icon_source

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"


@pytest.fixture
def make_icons() -> types.ModuleType:
    sys.path.insert(0, str(PACKAGING))
    try:
        yield importlib.import_module("make_icons")
    finally:
        sys.path.remove(str(PACKAGING))
        sys.modules.pop("make_icons", None)


# -- icons ----------------------------------------------------------------------


def test_svg_uses_the_four_label_colours() -> None:
    svg = icon_source().read_text(encoding="utf-8")
    for colour in ("#56B4E9", "#E69F00", "#009E73", "#CC79A7"):
        assert colour in svg


@pytest.mark.parametrize("size", ICON_SIZES)
def test_committed_png_matches_a_fresh_render_of_the_svg(
    qapp: Any, make_icons: types.ModuleType, size: int
) -> None:
    from annotator.gui.qt import QtGui

    committed = QtGui.QImage(str(icon_png(size)))
    assert (committed.width(), committed.height()) == (size, size)
    assert committed.hasAlphaChannel()
    fresh = make_icons.render(icon_source(), size)
    committed = committed.convertToFormat(fresh.format())
    # Same renderer, so any difference means the PNGs were not regenerated
    # after the SVG changed (run packaging/make_icons.py).  A small tolerance
    # allows for anti-aliasing differences between Qt versions.
    worst = max(
        abs(a - b) for a, b in zip(committed.constBits(), fresh.constBits(), strict=True)
    )
    assert worst <= 24, f"{size}px icon differs from the SVG by up to {worst}/255"


def test_transparent_corners_and_opaque_page(qapp: Any) -> None:
    from annotator.gui.qt import QtGui

    image = QtGui.QImage(str(icon_png(64)))
    assert image.pixelColor(0, 0).alpha() == 0
    assert image.pixelColor(32, 40).alpha() == 255


def test_ico_and_icns_hold_every_size(tmp_path: Path, make_icons: types.ModuleType) -> None:
    image_module = pytest.importorskip("PIL.Image")
    ico, icns = make_icons.write_bundle_icons(icon_source().parent / "hicolor", tmp_path)
    with image_module.open(ico) as image:
        assert image.format == "ICO"
        assert set(image.info["sizes"]) == {(s, s) for s in make_icons.ICO_SIZES}
    with image_module.open(icns) as image:
        assert image.format == "ICNS"
        assert {(w, h) for w, h, _scale in image.info["sizes"]} >= {(16, 16), (512, 512)}
        image.size = (512, 512)
        image.load()
        assert image.getpixel((256, 256))[3] == 255  # the page is opaque at its centre


# -- resources in a frozen bundle -------------------------------------------------


def test_frozen_bundle_resources_come_from_meipass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled = tmp_path / "annotator" / "resources"
    bundled.mkdir(parents=True)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.resources_dir() == bundled
    assert resources.resource_path("icons", "x.png") == bundled / "icons" / "x.png"


# -- the PyInstaller spec ---------------------------------------------------------


class _Recorder:
    def __init__(self, calls: dict[str, Any], name: str) -> None:
        self.calls, self.name = calls, name

    def __call__(self, *args: Any, **kwargs: Any) -> types.SimpleNamespace:
        self.calls[self.name] = (args, kwargs)
        return types.SimpleNamespace(pure=[], scripts=[], binaries=[], datas=[])


def run_spec(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Any]:
    """Execute the spec as PyInstaller would, recording what it asks for."""
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_submodules = lambda package: [f"{package}.selftest", f"{package}.gui.app"]
    for name in ("PyInstaller", "PyInstaller.utils"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
    monkeypatch.setenv("ANNOTATOR_BUNDLE_ICONS", str(tmp_path))
    for icon in ("annotator.ico", "annotator.icns"):
        (tmp_path / icon).write_bytes(b"")
    calls: dict[str, Any] = {}
    spec = PACKAGING / "annotator.spec"
    namespace = {"SPECPATH": str(PACKAGING), "__file__": str(spec)}
    for name in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE"):
        namespace[name] = _Recorder(calls, name)
    exec(compile(spec.read_text(encoding="utf-8"), str(spec), "exec"), namespace)
    return calls


def test_spec_builds_one_folder_windowed_app_with_resources(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    calls = run_spec(monkeypatch, tmp_path)
    (scripts,), analysis = calls["Analysis"]
    assert scripts == [str(PACKAGING / "annotator_main.py")]
    assert (str(ROOT / "resources"), "annotator/resources") in analysis["datas"]
    assert "annotator.selftest" in analysis["hiddenimports"]
    assert "spacy" in analysis["excludes"]  # optional, and hundreds of MB
    _, exe = calls["EXE"]
    assert exe["console"] is False
    assert exe["exclude_binaries"] is True  # one folder: binaries go to COLLECT
    assert exe["name"] == "annotator"
    assert calls["COLLECT"][1]["name"] == "annotator"


@pytest.mark.parametrize(("platform", "icon"), [("win32", "annotator.ico"),
                                                ("darwin", "annotator.icns")])  # fmt: skip
def test_spec_gives_windows_and_macos_their_icon(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, platform: str, icon: str
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    calls = run_spec(monkeypatch, tmp_path)
    assert calls["EXE"][1]["icon"] == str(tmp_path / icon)
    if platform == "darwin":
        assert calls["BUNDLE"][1]["bundle_identifier"] == APP_ID


# -- entry points ---------------------------------------------------------------


def test_gui_script_and_freeze_extra_are_declared() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["scripts"]["annotator"] == "annotator.cli:main"
    target = project["gui-scripts"]["annotator-gui"]
    module, func = target.split(":")
    assert callable(getattr(importlib.import_module(module), func))
    assert any(dep.startswith("pyinstaller") for dep in project["optional-dependencies"]["freeze"])
    assert not any("pillow" in dep.lower() for dep in project["dependencies"])


def test_frozen_entry_script_runs_the_command_line() -> None:
    result = subprocess.run(
        [sys.executable, str(PACKAGING / "annotator_main.py"), "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert __version__ in result.stdout
