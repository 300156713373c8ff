"""The layering is a test, not a hope: import-linter's contracts, and no import circles.

The contracts live in pyproject.toml (``[tool.importlinter]``).  Circles are looked for
in grimp's graph of the package, which counts imports inside functions too, so a
circle cannot hide behind a late import.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping, Set
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]

def test_import_linter_contracts_hold() -> None:
    # The venv's own lint-imports, on this checkout's pyproject.toml; no cache, so the
    # test writes nothing into the checkout.
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache", "--no-logo", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def import_graph() -> dict[str, set[str]]:
    """Module -> the package's modules it imports, at the top or inside a function.

    Imports under ``if TYPE_CHECKING:`` are left out: they never run, so they cannot
    make a circle at import time, and they are how a module names a type from a module
    that imports it.  (The import-linter contracts do count them.)
    """
    graph = grimp.build_graph(
        "annotator", include_external_packages=False, exclude_type_checking_imports=True,
        cache_dir=None,
    )  # fmt: skip
    return {
        module: set(graph.find_modules_directly_imported_by(module)) for module in graph.modules
    }


def cycles(imports: Mapping[str, Set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0

    def children(module: str):
        return iter(sorted(imports.get(module, ())))

    for root in sorted(imports):
        if root in index:
            continue
        work = [(root, children(root))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, pending = work[-1]
            advanced = False
            for child in pending:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, children(child)))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return sorted(found)


def test_the_cycle_search_finds_circles_and_only_circles() -> None:
    imports = {
        "a": {"b"}, "b": {"c"}, "c": {"a", "d"},  # a circle of three, leading out to d
        "d": {"e"}, "e": {"d"},  # a circle of two, reached from the first
        "f": {"a"}, "g": set(),  # not on any circle
    }  # fmt: skip
    found = cycles(imports)
    assert found == [["a", "b", "c"], ["d", "e"]]


def test_no_import_cycles_in_the_package() -> None:
    assert cycles(import_graph()) == []


def test_no_module_is_over_600_lines() -> None:
    # A module that grows past this is doing several things: give the new one its own place.
    long = {
        str(path.relative_to(ROOT)): lines
        for path in sorted((ROOT / "annotator").rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert long == {}
