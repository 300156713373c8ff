"""The core (store, import, export, offsets, scoring) never imports Qt."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import annotator.core


def test_importing_every_core_module_loads_no_qt():
    names = [m.name for m in pkgutil.walk_packages(annotator.core.__path__, "annotator.core.")]
    assert "annotator.core.store" in names
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}: importlib.import_module(name)\n"
        "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'PyQt')))\n"
        "print(qt)\n"
        "sys.exit(1 if qt else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_command_line_without_window_loads_no_qt(tmp_path):
    code = (
        "import sys\n"
        "from annotator.cli import main\n"
        "try:\n"
        f"    main(['--db', {str(tmp_path / 'c.sqlite3')!r}, 'stats'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.exit(1 if any(m.startswith('PySide6') for m in sys.modules) else 0)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
