"""Build the frozen one-folder app for this platform with PyInstaller.

    pip install '.[freeze]'           # PyInstaller and Pillow, into the build venv
    python packaging/build.py         # -> dist/annotator/annotator (Linux),
                                      #    dist/annotator/annotator.exe (Windows),
                                      #    dist/Annotator.app (macOS)

Steps: make the .ico/.icns from the committed icon PNGs (Pillow), run
PyInstaller on packaging/annotator.spec, then print how long it took and how
big the folder is.  packaging/smoke_test.py builds and then runs the result.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "annotator.spec"


def frozen_executable(dist: Path) -> Path:
    """Where the build puts the app's executable."""
    if sys.platform == "win32":
        return dist / "annotator" / "annotator.exe"
    if sys.platform == "darwin":
        return dist / "Annotator.app" / "Contents" / "MacOS" / "annotator"
    return dist / "annotator" / "annotator"


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def make_bundle_icons(icons: Path) -> None:
    try:
        import PIL  # noqa: F401
    except ImportError:
        if sys.platform in ("win32", "darwin"):
            raise SystemExit("Pillow is needed for the app icon: pip install '.[freeze]'") from None
        print("Pillow not installed: skipping .ico/.icns (not used on Linux)")
        return
    subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "make_icons.py"), "--no-png", "--bundle",
         str(icons)],
        check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip


def build(*, dist: Path, work: Path, clean: bool) -> Path:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise SystemExit("PyInstaller is not installed: pip install '.[freeze]'") from None
    icons = work / "icons"
    make_bundle_icons(icons)
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
        "--distpath", str(dist), "--workpath", str(work / "pyinstaller"), str(SPEC),
    ]  # fmt: skip
    if clean:
        command.insert(3, "--clean")
    env = dict(os.environ, ANNOTATOR_BUNDLE_ICONS=str(icons))
    subprocess.run(command, check=True, cwd=ROOT, env=env)
    executable = frozen_executable(dist)
    if not executable.is_file():
        raise SystemExit(f"PyInstaller finished but {executable} is missing")
    return executable


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the frozen one-folder Annotator.")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="build folder")
    parser.add_argument("--clean", action="store_true", help="ignore PyInstaller's cache")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    executable = build(dist=args.dist.resolve(), work=args.work.resolve(), clean=args.clean)
    seconds = time.perf_counter() - began
    app_folder = executable.parents[2] if sys.platform == "darwin" else executable.parent
    size_mb = folder_size(app_folder) / 1e6
    print(f"Built {executable} in {seconds:.0f} s; {app_folder} is {size_mb:.0f} MB.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
