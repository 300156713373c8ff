"""Every bench figure in one run: a table on screen and JSON in bench/results.json.

    python -m bench            # the full run (10,000 articles, one 100 MB article; ~12 minutes)
    python -m bench --quick    # 2,000 articles, a 10 MB article, fewer samples: a check

Each figure is printed beside a floor measured in the same run and the ratio; a
target bounds the ratio, or for latencies the value itself.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import bench_agreement, bench_bounded, bench_compare, bench_core, bench_suggest

ROOT = Path(__file__).resolve().parent.parent


def machine() -> dict[str, Any]:
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = 0
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        ram = int(meminfo.read_text().split("MemTotal:")[1].split()[0]) * 1024
    from PySide6 import QtCore
    from PySide6 import __version__ as pyside

    return {
        "cpus": os.cpu_count(), "cpu": cpu, "ram_gb": round(ram / 2**30, 1),
        "python": platform.python_version(), "pyside6": pyside, "qt": QtCore.qVersion(),
        "sqlite": __import__("sqlite3").sqlite_version, "platform": platform.platform(),
    }  # fmt: skip


def gui_figures(corpus: Path, *, runs: int, samples: int) -> list[dict[str, Any]]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "bench.bench_gui", "--corpus", str(corpus), "--runs", str(runs),
         "--samples", str(samples)],
        capture_output=True, text=True, env=env, cwd=ROOT, check=False, timeout=900,
    )  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(f"bench_gui failed:\n{result.stderr[-3000:]}")
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def module_figures(module: str, *args: str) -> list[dict[str, Any]]:
    """The JSON rows a bench module prints with --json, run in a process of its own."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    result = subprocess.run(
        [sys.executable, "-m", module, "--json", *args],
        capture_output=True, text=True, env=env, cwd=ROOT, check=False, timeout=900,
    )  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(f"{module} failed:\n{result.stderr[-3000:]}")
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def _show(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "B":
        return f"{value / 1e6:.1f} MB"
    if unit == "ms":
        return f"{value:.1f} ms"
    return f"{value:.3f} s"


def show(rows: list[dict[str, Any]], *, as_json: bool = False) -> None:
    """Print a bench's rows: the table, or one JSON line a row (what python -m bench reads)."""
    if as_json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
    else:
        print(table(rows))


def table(rows: list[dict[str, Any]]) -> str:
    lines = [f"{'figure':<62} {'value':>11} {'floor':>11} {'ratio':>7} {'target':>13}  result"]
    for row in rows:
        ratio = "-" if row["ratio"] is None else f"{row['ratio']:.2f}x"
        if row["target"] is None:
            target = "(none)"
        elif row["kind"] == "ratio":
            target = f"<= {row['target']:.2f}x"
        else:
            target = f"<= {row['target']:g} {row['unit']}"
        result = {True: "pass", False: "FAIL", None: "info"}[row["pass"]]
        lines.append(
            f"{row['figure'][:62]:<62} {_show(row['value'], row['unit']):>11} "
            f"{_show(row['floor'], row['unit']):>11} {ratio:>7} {target:>13}  {result}"
        )
        if row.get("note"):
            lines.append(f"    {row['note']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="2,000 articles, fewer runs")
    parser.add_argument("--articles", type=int, help="override the corpus size")
    parser.add_argument("--no-spacy", action="store_true", help="skip the spaCy export")
    parser.add_argument("--no-gui", action="store_true", help="only the import/export figures")
    parser.add_argument("--big-mb", type=float, help="the one large article's size in MB (100)")
    parser.add_argument("--json", type=Path, default=Path(__file__).with_name("results.json"))
    args = parser.parse_args(argv)
    articles = args.articles or (2_000 if args.quick else 10_000)
    runs = 1 if args.quick else 3
    try:
        import spacy  # noqa: F401

        spacy_ok = not args.no_spacy
    except ImportError:
        spacy_ok = False
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="annotator-bench-") as tmp:
        work = Path(tmp)
        rows = bench_core.run(work, articles=articles, runs=runs, spacy=spacy_ok, folder=True)
        # One very large article: export memory per format, and evaluate's pairing.
        formats = [name for name in bench_bounded.formats() if spacy_ok or name != "spacy"]
        big_mb = args.big_mb or (10.0 if args.quick else 100.0)
        spacy_mb = min(big_mb, 3.0 if args.quick else 10.0)
        rows += bench_bounded.run(work, mb=big_mb, spacy_mb=spacy_mb, formats=formats)
        rows += bench_compare.run(runs=3 if args.quick else 7)  # a story's comparison, report
        # Agreement (issue 16) at its own size: three analysts over 2,000 articles.
        rows += bench_agreement.run(runs=runs)
        rows += bench_suggest.run(articles_count=articles, runs=runs)  # suggestions (issue 15)
        if not args.no_gui:
            rows += gui_figures(work / "corpus.sqlite3", runs=runs,
                                samples=30 if args.quick else 100)  # fmt: skip
            rows += module_figures("bench.bench_compare_view", "--runs", "3" if args.quick else "7")
    print(table(rows))
    report = {
        "machine": machine(), "articles": articles, "quick": args.quick,
        "seconds": round(time.perf_counter() - began, 1), "figures": rows,
    }  # fmt: skip
    args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    failed = [row["figure"] for row in rows if row["pass"] is False]
    print(f"\n{len(rows)} figures in {report['seconds']} s; {len(failed)} missed their target; "
          f"JSON in {args.json}")  # fmt: skip
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
