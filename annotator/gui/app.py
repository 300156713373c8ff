"""Start the window on a corpus: the application object, icon, log, crash dialog, welcome."""

from __future__ import annotations

import logging
import sqlite3
import sys
from pathlib import Path

from annotator import __version__
from annotator.core.corpus import open_corpus
from annotator.core.dberrors import explain
from annotator.core.desktop import APP_ID, ICON_SIZES, WM_CLASS, icon_png
from annotator.core.errors import AnnotatorError
from annotator.core.logsetup import setup_logging, teardown_logging
from annotator.core.store import Store
from annotator.gui.crash import CrashReporter
from annotator.gui.qt import QtCore, QtGui, QtWidgets

log = logging.getLogger("annotator.app")


def app_icon() -> QtGui.QIcon:
    """The icon in every rendered size, so each place picks a sharp one (no SVG plugin needed)."""
    icon = QtGui.QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(icon_png(size)), QtCore.QSize(size, size))
    return icon


def application(argv: list[str] | None = None) -> QtWidgets.QApplication:
    """The QApplication, created once and named so the desktop can match it to its entry."""
    app = QtWidgets.QApplication.instance()
    if app is None:
        app = QtWidgets.QApplication(argv if argv is not None else sys.argv[:1])
    # Qt derives the X11 WM_CLASS from the application name (the .desktop entry's
    # StartupWMClass) and the Wayland app id from the desktop file name.
    app.setApplicationName(WM_CLASS)
    app.setApplicationVersion(__version__)
    QtGui.QGuiApplication.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    return app


class Session:
    """One running window with what it depends on, closed together.

    File > New corpus… / Open corpus… replace the window and its store with new ones
    (:meth:`switch_to`) rather than re-pointing the window: every part of a window
    (operations, undo history, task runner, poll, relation features) is built for one
    store, and a fresh window cannot keep a stale part of the old one.  The new corpus
    is opened and its window built first; only then is the old window closed (its state
    saved, its tasks stopped) and its store closed, so a corpus that cannot be opened
    leaves everything as it was.  The QApplication stays.
    """

    def __init__(
        self,
        app: QtWidgets.QApplication,
        store: Store,
        window: QtWidgets.QMainWindow,
        reporter: CrashReporter,
    ) -> None:
        self.app = app
        self.store = store
        self.window = window
        self.reporter = reporter
        self._follow(window)

    def _follow(self, window: QtWidgets.QMainWindow) -> None:
        files = getattr(window, "corpus_files", None)
        if files is not None:
            files.corpus_chosen.connect(self.switch_to)

    def switch_to(self, path: Path) -> bool:
        """Show the corpus at ``path`` (created if new) instead; False, said in a dialog,
        if it cannot be opened."""
        old = self.window
        refuse = old.corpus_files.refuse  # type: ignore[attr-defined]
        try:
            store = open_corpus(path, seed_sample=False)
        except AnnotatorError as exc:
            log.error("cannot open the corpus: %s", exc)
            refuse(str(exc))
            return False
        old.save_state()  # type: ignore[attr-defined]  # the new window comes back as this one was
        try:
            from annotator.gui.mainwindow import MainWindow

            window = MainWindow(store, annotator=old.ops.annotator)  # type: ignore[attr-defined]
        except (AnnotatorError, sqlite3.DatabaseError) as exc:
            message = str(exc) if isinstance(exc, AnnotatorError) else (
                str(explain(exc, where=path, conn=store.conn))
            )  # fmt: skip
            store.close()
            log.error("cannot show the corpus: %s", message)
            refuse(message)
            return False
        window.setWindowIcon(self.app.windowIcon())
        self.reporter.parent_window = window
        self._follow(window)
        window.show()
        old.close()  # saves its state, stops its poll and joins its tasks
        old.deleteLater()
        self.store.close()
        self.store, self.window = store, window
        log.info("switched to the corpus %s", path)
        return True

    def close(self) -> None:
        self.reporter.uninstall()
        self.window.close()
        self.store.close()


def start(
    *, db_path: Path, seed_sample: bool, welcome: bool = True, annotator: str | None = None
) -> Session | None:
    """Open the corpus and show the window; None (after a dialog) if that is impossible.

    ``annotator`` (``--annotator``) names the analyst for this run; otherwise the name
    kept in the settings, else the account's (asked in the welcome on the first start).
    """
    from annotator.gui.analyst import stored_name

    app = application()
    log_file = setup_logging()
    log.info(
        "starting Annotator %s (Python %s, Qt %s) on %s",
        __version__, sys.version.split()[0], QtCore.qVersion(), db_path,
    )  # fmt: skip
    reporter = CrashReporter(log_path=log_file)
    reporter.install()
    try:
        store = open_corpus(db_path, seed_sample=seed_sample)
    except AnnotatorError as exc:
        log.error("cannot open the corpus: %s", exc)
        reporter.uninstall()
        QtWidgets.QMessageBox.critical(None, "Annotator", str(exc))
        return None
    try:
        from annotator.gui.mainwindow import MainWindow

        # No name given: the window takes the one kept in the settings (chosen_name).
        window = MainWindow(store) if annotator is None else MainWindow(store, annotator=annotator)
    except (AnnotatorError, sqlite3.DatabaseError) as exc:
        # Damage that only shows when the window reads the corpus: the same one-line
        # dialog as a refused open, in the command line's words (dberrors.explain).
        message = str(exc) if isinstance(exc, AnnotatorError) else (
            str(explain(exc, where=db_path, conn=store.conn))
        )  # fmt: skip
        store.close()
        reporter.uninstall()
        log.error("cannot show the corpus: %s", message)
        QtWidgets.QMessageBox.critical(None, "Annotator", message)
        return None
    except Exception:
        # A window that failed half way cannot be trusted; say so and stop
        # (the corpus is untouched: nothing was written yet).
        reporter.handle(*sys.exc_info())  # type: ignore[arg-type]
        if reporter.dialog is not None:
            reporter.dialog.exec()
        reporter.uninstall()
        store.close()
        return None
    window.setWindowIcon(app.windowIcon())
    reporter.parent_window = window
    window.show()
    if welcome:
        from annotator.gui.welcome import maybe_show_welcome

        articles = store.article_count()

        # The name is asked with the welcome unless it was given or kept already.
        ask = None if annotator or stored_name() else window.analyst.set_name

        def welcome_once() -> None:
            if window.isVisible():  # not if the window was closed before the queue ran
                maybe_show_welcome(window, corpus=db_path, articles=articles,
                                   sample=seed_sample, ask_name=ask)  # fmt: skip

        # After the first paint, so the welcome sits over a visible window.
        QtCore.QTimer.singleShot(0, window, welcome_once)
    return Session(app, store, window, reporter)


def run_window(*, db_path: Path, seed_sample: bool, annotator: str | None = None) -> int:
    session = start(db_path=db_path, seed_sample=seed_sample, annotator=annotator)
    if session is None:
        return 1
    try:
        return session.app.exec()
    finally:
        session.close()
        log.info("closed")
        teardown_logging()
