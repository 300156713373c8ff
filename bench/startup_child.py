"""One start-up, for bench/bench_gui.py: the app on a corpus, or a bare PySide6 window.

    python bench/startup_child.py               # the floor: a bare window with a text edit
    python bench/startup_child.py corpus.db     # the app, through its launcher's entry point
    python bench/startup_child.py --bare-article corpus.db
        # the bare window showing the text of the article the app opens (its first)
    python bench/startup_child.py --skeleton
        # the bare window plus the parts every real window has, and no data: one use of
        # the Qt namespace, the text area's viewport, a status bar, a 10,000-row table
        # beside the text, and four menus

Run as a script, not as part of the ``bench`` package, so that the floor imports nothing
but PySide6 and the standard library's ``sys``/``time``.  It prints one JSON line: when
the first frame was finished, on the system's monotonic clock (the parent started its
clock just before it started this process, so the difference is start-up as the analyst
sees it, interpreter included), and the peak resident memory at that moment.

"The first frame is finished" is the first turn of the event loop after the first paint
of the text area: Qt paints every widget of a window in one pass, so by then the whole
window is on screen.  The process's exit comes later and is not counted.
"""

import sys
import time


def peak_rss() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def _skeleton(window: object, text_area: object) -> None:
    from PySide6 import QtCore, QtWidgets

    class Rows(QtCore.QAbstractTableModel):
        def rowCount(self, parent: object = None) -> int:
            return 10_000

        def columnCount(self, parent: object = None) -> int:
            return 3

        def data(self, index: QtCore.QModelIndex, role: int = 0) -> object:
            return f"Article {index.row() + 1}" if role == 0 else None

    text_area.viewport().setMouseTracking(True)  # type: ignore[attr-defined]
    window.statusBar().showMessage("Saved")  # type: ignore[attr-defined]
    table = QtWidgets.QTableView()
    table.setModel(Rows(table))
    table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectionBehavior.SelectRows)
    splitter = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal)
    splitter.addWidget(table)
    splitter.addWidget(text_area)  # type: ignore[arg-type]
    window.setCentralWidget(splitter)  # type: ignore[attr-defined]
    for name in ("File", "Edit", "View", "Help"):
        menu = window.menuBar().addMenu(name)  # type: ignore[attr-defined]
        for number in range(5):
            menu.addAction(f"Action {number}")


def main() -> None:
    args = sys.argv[1:]
    article = ""
    skeleton = args[:1] == ["--skeleton"]
    if skeleton:
        args = []
    if args[:1] == ["--bare-article"]:
        import sqlite3

        connection = sqlite3.connect(args[1])
        article = connection.execute(
            "SELECT text FROM article_texts ORDER BY article_id LIMIT 1"
        ).fetchone()[0]
        connection.close()
        args = []
    db = args[0] if args else None
    if db is not None:
        # What the ``annotator-gui`` launcher script runs (the entry point in pyproject.toml).
        from annotator.cli import main as launcher
        from annotator.gui.article_view import ArticleView as TextArea
    from PySide6 import QtCore, QtWidgets

    report: dict[str, float] = {}

    def frame_done(view: QtWidgets.QPlainTextEdit) -> None:
        report["done"] = time.monotonic()
        report["rss"] = peak_rss()
        report["article_bytes"] = sys.getsizeof(getattr(view, "text", ""))
        QtWidgets.QApplication.quit()

    def painted(view: QtWidgets.QPlainTextEdit) -> None:
        if not report:
            report["painting"] = time.monotonic()
            QtCore.QTimer.singleShot(0, lambda: frame_done(view))

    # The first paint is seen the same way in both: the text area's own paintEvent, which
    # costs one Python call per paint (an application-wide event filter would cost the
    # app ~60 ms, PySide6 wrapping every event of every widget built after it).
    if db is None:

        class TextArea(QtWidgets.QPlainTextEdit):  # type: ignore[no-redef]
            def paintEvent(self, event: object) -> None:
                super().paintEvent(event)
                painted(self)

        app = QtWidgets.QApplication(sys.argv[:1])
        window = QtWidgets.QMainWindow()
        text_area = TextArea()
        window.setCentralWidget(text_area)
        if article:
            text_area.setPlainText(article)
        if skeleton:
            _skeleton(window, text_area)
        window.resize(1280, 800)
        window.show()
        app.exec()
    else:
        paint = TextArea.paintEvent

        def paint_and_report(self: QtWidgets.QPlainTextEdit, event: object) -> None:
            paint(self, event)
            painted(self)

        TextArea.paintEvent = paint_and_report
        sys.argv = ["annotator-gui", "--db", db]
        import contextlib

        with contextlib.suppress(SystemExit):  # the launcher exits with the window's status
            launcher()
    import json

    print(json.dumps(report))


if __name__ == "__main__":
    main()
