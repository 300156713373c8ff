"""Start the window on a corpus."""

from __future__ import annotations

import sys
from pathlib import Path

from annotator.core.corpus import open_corpus
from annotator.core.errors import AnnotatorError


def run_window(*, db_path: Path, seed_sample: bool) -> int:
    from annotator.gui.qt import QtWidgets

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    try:
        store = open_corpus(db_path, seed_sample=seed_sample)
    except AnnotatorError as exc:
        QtWidgets.QMessageBox.critical(None, "Annotator", str(exc))
        return 1
    from annotator.gui.mainwindow import MainWindow

    window = MainWindow(store)
    window.show()
    return app.exec()
