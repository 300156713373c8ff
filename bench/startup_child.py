"""One start-up, for bench/bench_gui.py: the app on a corpus, or a bare PySide6 window.

    python bench/startup_child.py               # the floor: a bare window with a text edit
    python bench/startup_child.py corpus.db     # the app, through its launcher's entry point

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
    db = sys.argv[1] if len(sys.argv) > 1 else None
    if db is not None:
        # What the ``annotator-gui`` launcher script runs (the entry point in pyproject.toml).
        from annotator.cli import main as launcher
    from PySide6 import QtCore, QtWidgets

    report: dict[str, float] = {}
    views: list[QtWidgets.QPlainTextEdit] = []

    def frame_done() -> None:
        report["done"] = time.monotonic()
        report["rss"] = peak_rss()
        report["article_bytes"] = sys.getsizeof(getattr(views[0], "text", ""))
        QtWidgets.QApplication.quit()

    class FirstPaint(QtCore.QObject):
        def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
            if event.type() == QtCore.QEvent.Type.Paint and not report:
                report["painting"] = time.monotonic()
                QtCore.QTimer.singleShot(0, frame_done)
            return False

    watcher = FirstPaint()
    app = QtWidgets.QApplication(sys.argv[:1])
    if db is None:
        window = QtWidgets.QMainWindow()
        window.setCentralWidget(QtWidgets.QPlainTextEdit())
        window.resize(1280, 800)
        views.append(window.centralWidget())
        views[0].viewport().installEventFilter(watcher)
        window.show()
        app.exec()
    else:
        # The app takes this application object as its own (it makes one only if there is
        # none); it exists first only so that the watcher can find the article view.
        class FindView(QtCore.QObject):
            def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
                if (
                    event.type() == QtCore.QEvent.Type.Show
                    and watched.objectName() == "article_view"
                    and not views
                ):
                    views.append(watched)  # type: ignore[arg-type]
                    watched.viewport().installEventFilter(watcher)  # type: ignore[attr-defined]
                return False

        finder = FindView()
        app.installEventFilter(finder)
        sys.argv = ["annotator-gui", "--db", db]
        import contextlib

        with contextlib.suppress(SystemExit):  # the launcher exits with the window's status
            launcher()
    import json

    print(json.dumps(report))


if __name__ == "__main__":
    main()
