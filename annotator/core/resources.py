"""Locate files from the project's ``resources/`` folder.

In a wheel the folder is installed as ``annotator/resources``; in a source
checkout (or an editable install) it sits beside the package; in a PyInstaller
build it is unpacked under ``sys._MEIPASS`` as ``annotator/resources`` (see
packaging/annotator.spec).
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def _candidates() -> list[Path]:
    found = [_PACKAGE / "resources", _PACKAGE.parent / "resources"]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        # Checked first: a frozen app must use its own copy, never a stray
        # resources folder that happens to sit beside the executable.
        found.insert(0, Path(bundle) / "annotator" / "resources")
    return found


def resources_dir() -> Path:
    for candidate in _candidates():
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the Annotator resources folder is missing from this installation")


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)
