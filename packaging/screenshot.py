"""Make the README screenshot: the window on the sample corpus, tagged by label keys.

    python packaging/screenshot.py [--out docs/screenshot.png] [--dark]

Runs on a temporary corpus and temporary settings (never the user's), offscreen unless
a display is asked for with --visible.  Spans are tagged through the window exactly as
an analyst does it: select the words, press the label key.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (words in the first sample article, nth occurrence, label key)
TAGS = [
    ("Around 6,000 residents of lower Portmerrow were evacuated overnight", 0, "C"),
    ("6,000", 1, "N"),
    ("Portmerrow", 1, "A"),
    ("2:15 a.m.", 0, "N"),
    ("The Sallen Regional Water Authority (SRWA)", 0, "A"),
    ("142 mm", 0, "N"),
    ("24 hours", 0, "N"),
    ("said 142 mm of rain had fallen on the reservoir catchment", 0, "C"),
    ('"The spillway was simply asked to carry more water than it was ever designed for,"', 0, "Q"),
    ('"The spillway was simply asked to carry more water than it was ever designed for,"', 0, "C"),
    ("Dorian Keppel", 0, "A"),
    ("Mayor Rosalind Tepperley", 0, "A"),
    ("3 a.m.", 0, "N"),
    ('"Nobody in this town will be left behind tonight."', 0, "Q"),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshot.png")
    parser.add_argument("--dark", action="store_true", help="use a dark palette")
    parser.add_argument("--visible", action="store_true", help="use the real display")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="annotator-shot-"))
    os.environ["XDG_CONFIG_HOME"] = str(scratch / "config")
    if not args.visible:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"

    from PySide6.QtTest import QTest

    from annotator.core.importing import import_sample
    from annotator.core.store import Store
    from annotator.gui.mainwindow import MainWindow
    from annotator.gui.qt import Qt, QtGui, QtWidgets

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    app.setStyle("Fusion")
    if args.dark:
        app.setPalette(_dark_palette(QtGui))
    store = Store.open(scratch / "corpus.sqlite3")
    import_sample(store)
    window = MainWindow(store, annotator="analyst", poll_ms=0)
    window.resize(1360, 820)
    window.show()
    QTest.qWaitForWindowExposed(window)
    first = store.articles()[0].id
    window.open_article(first)
    text = store.article_text(first)
    view = window.view
    for words, nth, key in TAGS:
        start = -1
        for _ in range(nth + 1):
            start = text.index(words, start + 1)
        view.select_range(start, start + len(words))
        QTest.keyClick(view, getattr(Qt.Key, f"Key_{key}"))
    # Mark two other articles done, so the list and status bar show progress.
    for summary in store.articles()[3:5]:
        window.ops.set_status(summary.id, "done")
    view.place_caret(0)
    QTest.keyClick(view, Qt.Key.Key_Tab)
    QTest.keyClick(view, Qt.Key.Key_Tab)
    app.processEvents()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(args.out)):
        print(f"{args.out}: could not write the screenshot", file=sys.stderr)
        return 1
    print(f"{args.out}: {len(store.spans(first))} spans shown")
    window.close()
    store.close()
    return 0


def _dark_palette(QtGui):  # the module, passed in once the platform is chosen
    palette = QtGui.QPalette()
    role = QtGui.QPalette.ColorRole
    for name, colour in {
        role.Window: "#2b2b2b", role.WindowText: "#e6e6e6", role.Base: "#1e1e1e",
        role.AlternateBase: "#262626", role.Text: "#e6e6e6", role.Button: "#333333",
        role.ButtonText: "#e6e6e6", role.Highlight: "#3d6fb5", role.HighlightedText: "#ffffff",
        role.ToolTipBase: "#333333", role.ToolTipText: "#e6e6e6", role.PlaceholderText: "#8a8a8a",
    }.items():  # fmt: skip
        palette.setColor(name, QtGui.QColor(colour))
    return palette


if __name__ == "__main__":
    sys.exit(main())
