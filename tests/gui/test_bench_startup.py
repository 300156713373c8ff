"""The start-up bench's child still starts the app (and its floors) and reports a frame.

The bench itself runs by hand (``python -m bench``); this keeps its child working as the
window changes, since it watches the article view's first paint.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from annotator.core.store import Store

ROOT = Path(__file__).resolve().parents[2]
CHILD = ROOT / "bench" / "startup_child.py"


@pytest.mark.parametrize("mode", ["app", "bare", "bare-article", "skeleton"])
def test_startup_child_reports_its_first_frame(tmp_path: Path, mode: str) -> None:
    db = tmp_path / "corpus.sqlite3"
    with Store.open(db) as store:
        store.add_article(title="One", text="An article of 6,000 words 👩‍🔬.\n")
    args = {
        "app": [str(db)], "bare": [], "bare-article": ["--bare-article", str(db)],
        "skeleton": ["--skeleton"],
    }[mode]  # fmt: skip
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    began = time.monotonic()
    result = subprocess.run(
        [sys.executable, str(CHILD), *args],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120, check=True,
    )  # fmt: skip
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert began < report["painting"] <= report["done"] < time.monotonic()
    assert report["rss"] > 10_000_000
    if mode == "app":
        assert report["article_bytes"] > len("An article")  # the article was open
