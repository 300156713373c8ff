"""The formats' registry: one list of names, one module per format, loaded on first use."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import annotator.core.formats as formats
from annotator.core.formats import FORMAT_NAMES, RECORD_FORMATS, REGISTRY, load

# Modules of the package that are no format: the contract and the shared tokenizer.
HELPERS = {"base", "tokens"}


def test_every_format_module_is_registered_and_every_entry_has_a_writer():
    modules = {m.name for m in pkgutil.iter_modules(formats.__path__)} - HELPERS
    assert {spec.module.rpartition(".")[2] for spec in REGISTRY.values()} == modules
    assert tuple(REGISTRY) == FORMAT_NAMES
    for name, spec in REGISTRY.items():
        assert spec.name == name
        assert callable(load(name).write), name


def test_every_record_format_reads_spans_from_a_record():
    for name in RECORD_FORMATS:
        assert callable(load(name).spans_in), name
    record = {"text": "Nine ferries.", "spans": [{"start": 0, "end": 4, "label": "NUMBER"}],
              "label": [[5, 12, "ACTOR"]]}  # fmt: skip
    found = [raw for name in RECORD_FORMATS for raw in load(name).spans_in(record, "line 1")]
    assert [(raw["start"], raw["end"], raw["label"]) for raw in found] == [
        (0, 4, "NUMBER"),
        (5, 12, "ACTOR"),
    ]


def test_the_command_line_starts_without_importing_any_format_module():
    code = (
        "import sys\n"
        "import annotator.cli\n"
        "print(sorted(m for m in sys.modules if m.startswith('annotator.core.formats.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
