"""Build the frozen app, then start it and let it prove itself.

    python packaging/smoke_test.py              # build, then run the checks
    python packaging/smoke_test.py --no-build   # run the checks on an existing dist/

Checks, each on the frozen executable with the offscreen platform and empty
user folders (so it works on CI and never touches a real corpus):

1. ``annotator --version`` prints this source tree's version;
2. ``annotator --self-test`` opens a temporary copy of the sample corpus in
   the real window, tags a span, exports it, reads the export back, exits 0;
3. ``annotator --db X import`` and ``export`` run as the command line.

Prints one line per check with its time, and exits non-zero on the first failure.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build import ROOT, build, folder_size, frozen_executable

TIMEOUT_S = 180


def source_version() -> str:
    namespace: dict[str, str] = {}
    exec((ROOT / "annotator" / "__init__.py").read_text(encoding="utf-8"), namespace)
    return namespace["__version__"]


def run(executable: Path, *args: str, home: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
    }
    if sys.platform == "win32":  # Windows needs these to start any program
        env.update({k: os.environ[k] for k in ("SYSTEMROOT", "TEMP", "TMP") if k in os.environ})
    began = time.perf_counter()
    result = subprocess.run(
        [str(executable), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=TIMEOUT_S,
        check=False,
    )
    return result, time.perf_counter() - began


def check(name: str, ok: bool, result: subprocess.CompletedProcess[str], seconds: float) -> None:
    if not ok:
        print(f"FAIL {name} (exit {result.returncode}, {seconds:.1f} s)")
        print(result.stdout.rstrip())
        print(result.stderr.rstrip())
        raise SystemExit(1)
    print(f"ok   {name} ({seconds:.1f} s)")


def smoke(executable: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="annotator-smoke-") as folder:
        home = Path(folder)
        result, seconds = run(executable, "--version", home=home)
        version = source_version()
        check(f"--version says {version}", version in result.stdout, result, seconds)

        result, seconds = run(executable, "--self-test", home=home)
        passed = result.returncode == 0 and result.stdout.startswith("Self-test passed")
        check(f"--self-test: {result.stdout.strip()}", passed, result, seconds)

        db = home / "cli.sqlite3"
        out = home / "out.jsonl"
        result, seconds = run(executable, "--db", str(db), "import", "--sample", home=home)
        check("import --sample", result.returncode == 0, result, seconds)
        result, seconds = run(executable, "--db", str(db), "export", "-o", str(out), home=home)
        lines = out.read_text(encoding="utf-8").splitlines() if out.exists() else []
        articles = [json.loads(line) for line in lines]
        check(f"export: {len(articles)} articles", len(articles) >= 6, result, seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build and smoke-test the frozen app.")
    parser.add_argument("--no-build", action="store_true", help="test the existing build")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build")
    args = parser.parse_args(argv)
    dist = args.dist.resolve()
    if args.no_build:
        executable = frozen_executable(dist)
        if not executable.is_file():
            raise SystemExit(f"{executable} is missing: run without --no-build")
    else:
        began = time.perf_counter()
        executable = build(dist=dist, work=args.work.resolve(), clean=False)
        print(f"ok   build ({time.perf_counter() - began:.0f} s)")
    size = folder_size(executable.parent) / 1e6
    print(f"     {executable} (folder {size:.0f} MB)")
    smoke(executable)
    print("Frozen app smoke test passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
