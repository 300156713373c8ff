"""Hostile content: article text and titles written to trick the window or the exports.

- The window shows article text as plain text only: markup, images and links appear
  literally, nothing is fetched (a local web server counts requests), nothing is a link.
- Nothing from the corpus reaches a tooltip or label as live markup.
- Titles cannot steer export file names out of the chosen folder.
- CSV cells cannot run as spreadsheet formulas.
"""

from __future__ import annotations

import csv
import http.server
import re
import threading
from collections.abc import Iterator
from typing import ClassVar

import pytest

from annotator.core.export import export_corpus
from annotator.core.store import Store


class _Counter(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Counter.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass


@pytest.fixture
def web_server() -> Iterator[str]:
    _Counter.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def hostile_text(base: str) -> str:
    return (
        f'<img src="{base}/pixel.png"> Mayor said <b>bold</b> things.\n'
        f'<a href="{base}/click">click here</a> and [a link]({base}/markdown) '
        f"![an image]({base}/md-image.png)\n"
        f"<style>body {{ background: url({base}/css.png) }}</style>"
        f'<script src="{base}/script.js"></script> &amp; &lt;done&gt;\n'
        f"file:///etc/passwd {base}/plain-url\n"
    )


@pytest.mark.gui
def test_article_view_shows_markup_literally_and_fetches_nothing(
    tmp_path, qtbot, web_server, monkeypatch
):
    from annotator.gui.mainwindow import MainWindow
    from annotator.gui.qt import QtCore, QtGui, QtWidgets

    opened: list[object] = []
    monkeypatch.setattr(QtGui.QDesktopServices, "openUrl", staticmethod(opened.append))
    text = hostile_text(web_server)
    store = Store.open(tmp_path / "corpus.sqlite3")
    title = f'<img src="{web_server}/title.png"><b>Title</b>'
    article_id, _ = store.add_article(title=title, text=text)
    store.add_span(article_id, 0, 30, "QUOTE")
    window = MainWindow(store, annotator="tester", poll_ms=0)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.open_article(article_id)
    view = window.view
    assert isinstance(view, QtWidgets.QPlainTextEdit)  # no rich text widget at all
    assert view.toPlainText() == text  # every tag, link and entity shown as typed
    document = view.document()
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            assert not fragment.charFormat().isImageFormat()
            assert not fragment.charFormat().isAnchor()
            iterator += 1
        block = block.next()
    # Click on the link text and on the image markup, hover, and give any loader time.
    for needle in ("click here", "pixel.png", "plain-url"):
        at = text.index(needle)
        cursor = view.textCursor()
        cursor.setPosition(at)
        point = view.cursorRect(cursor).center()
        qtbot.mouseClick(view.viewport(), QtCore.Qt.MouseButton.LeftButton, pos=point)
        qtbot.mouseMove(view.viewport(), point)
    qtbot.wait(300)
    assert _Counter.hits == []
    assert opened == []
    assert "<img" in window.windowTitle()  # the title, literally
    store.close()


@pytest.mark.gui
def test_no_corpus_text_reaches_a_tooltip_as_live_markup(tmp_path, qtbot, web_server):
    from annotator.gui.mainwindow import MainWindow
    from annotator.gui.qt import Qt, QtWidgets

    store = Store.open(tmp_path / "corpus.sqlite3")
    hostile = f'<img src="{web_server}/x.png">'
    # A label name can arrive from an imported file; descriptions are typed by people.
    store.add_label("<b>BOLD</b>", description=hostile)
    article_id, _ = store.add_article(title=hostile + " title", text=hostile + " body text")
    store.add_span(article_id, 0, len(hostile), "<b>BOLD</b>")
    window = MainWindow(store, annotator="tester", poll_ms=0)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.open_article(article_id)
    tips = [w.toolTip() for w in window.findChildren(QtWidgets.QWidget)]
    for panel in (window.corpus_panel, window.span_panel):
        for view in panel.findChildren(QtWidgets.QAbstractItemView):
            model = view.model()
            for row in range(model.rowCount()):
                for column in range(model.columnCount()):
                    tip = model.data(model.index(row, column), Qt.ItemDataRole.ToolTipRole)
                    if tip:
                        tips.append(str(tip))
    live = [tip for tip in tips if "<img" in tip or "<b>BOLD" in tip]
    assert live == []
    store.close()


TITLES = [
    "../../../../etc/passwd",
    "/absolute/path",
    "..\\..\\windows\\system32",
    "CON",
    "nul.txt",
    " ",
    ".",
    "..",
    "~/.bashrc",
    "a" * 5000,
    "\u202eevil\u202c.exe",
    "C:\\Users\\x",
    "名前/../../escape",
    "\x00null\x00byte",
]


@pytest.fixture
def hostile_corpus(store: Store) -> Store:
    for number, title in enumerate(TITLES):
        text = f"Article {number}: =HYPERLINK(\"http://x\") and @SUM(1) said -2 +3.\n"
        article_id, _ = store.add_article(title=title, text=text)
        store.add_span(article_id, 0, 7, "ACTOR")
    return store


FOLDER_FORMATS = ["brat"]
FILE_FORMATS = ["jsonl", "prodigy", "doccano", "conll", "labelstudio", "csv"]


@pytest.mark.parametrize("fmt", FOLDER_FORMATS + FILE_FORMATS)
@pytest.mark.parametrize("split", [None, "60/20/20"])
def test_titles_cannot_steer_export_names_out_of_the_folder(hostile_corpus, tmp_path, fmt, split):
    root = tmp_path / "root"
    target = root / "exports" / ("out" if fmt in FOLDER_FORMATS or split else f"out.{fmt}")
    export_corpus(hostile_corpus, target, format=fmt, split=split)
    written = [p for p in root.rglob("*") if p.is_file()]
    assert written
    inside = target if target.is_dir() else target.parent
    for path in written:
        assert path.resolve().is_relative_to(inside.resolve()), path
        assert re.fullmatch(r"[A-Za-z0-9._-]+", path.name), path.name
        assert len(path.name) <= 100
    assert [p for p in tmp_path.iterdir()] == [root]


def test_csv_cells_cannot_run_as_formulas(store, tmp_path):
    dangerous = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x", "=HYPERLINK(\"http://x\")"]
    text = " | ".join(dangerous) + " end\n"
    article_id, _ = store.add_article(title="=cmd|' /C calc'!A0", text=text)
    position = 0
    for cell in dangerous:
        start = text.index(cell, position)
        store.add_span(article_id, start, start + len(cell), "CLAIM", annotator="=evil()")
        position = start + len(cell)
    out = tmp_path / "spans.csv"
    export_corpus(store, out, format="csv")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(dangerous)
    for row in rows:
        for column in ("title", "label", "text", "annotator"):
            assert not row[column].startswith(("=", "+", "-", "@", "\t", "\r")), (column, row)
    # Neutralised with one leading apostrophe, the rest kept exactly.
    assert sorted(row["text"] for row in rows) == sorted("'" + cell for cell in dangerous)
    assert rows[0]["title"] == "'=cmd|' /C calc'!A0"
