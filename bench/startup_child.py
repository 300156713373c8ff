"""One start-up, for bench/bench_gui.py: the app on a corpus, or a bare PySide6 window.

    python bench/startup_child.py               # the floor: a bare window with a text edit
    python bench/startup_child.py corpus.db     # the app, through its launcher's entry point
    python bench/startup_child.py --bare-article corpus.db
        # the bare window showing the text of the article the app opens (its first)

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


def main() -> None:
    args = sys.argv[1:]
    article = ""
    if args[:1] == ["--bare-article"]:
        import sqlite3

        connection = sqlite3.connect(args[1])
        article = connection.execute("SELECT text FROM articles ORDER BY id LIMIT 1").fetchone()[0]
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
        window.setCentralWidget(TextArea())
        if article:
            window.centralWidget().setPlainText(article)
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
