"""File > Import files… / Import folder…: the command line's import, in the background.

The files are read and written by the core's own :func:`~annotator.core.importing.import_paths`
in a worker thread (:mod:`annotator.gui.tasks`, ``writes=True``: an import adds whole
files and is committed by the core, as on the command line, so it needs a writable
connection of its own).  The bar counts files; at the end the dialog shows the same
lines as ``annotator import``: one per file (``FileReport.line``) and the summary.
Cancel (or Escape) stops between two commits, so every file listed as added is in
and the summary says how many were not read.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from annotator.core.importing import ImportReport, expand, import_paths
from annotator.core.store import Store
from annotator.gui.qt import QtWidgets
from annotator.gui.tasks import Progress, Task, TaskRunner

__all__ = ["ImportDialog"]

# How often, at most, the worker moves the bar.
_EVENT_INTERVAL_S = 0.05


def _import(paths: Sequence[Path]) -> Callable[[Store, Progress, threading.Event], ImportReport]:
    def run(store: Store, progress: Progress, cancelled: threading.Event) -> ImportReport:
        # Listed here (a folder walk is slow on a network share) so the bar knows its end;
        # import_paths then gets the files themselves and lists none of them again.
        files, skipped = expand(paths)
        done = 0
        progress((done, len(files)))

        def step(_file: object) -> None:
            nonlocal done
            done += 1
            progress((done, len(files)))

        report = import_paths(store, files, progress=step, stop=cancelled.is_set)
        report.skipped = skipped
        return report

    return run


class ImportDialog(QtWidgets.QDialog):
    """Runs one import as soon as it is created; ``imported(report)`` is called at the end."""

    def __init__(
        self,
        store: Store,
        paths: Sequence[Path],
        *,
        imported: Callable[[ImportReport | None], None],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle("Import articles")
        self.report: ImportReport | None = None
        self._imported = imported
        # A child, so closing the window finds it and stops the import between commits.
        self.runner = TaskRunner(store, parent=self)
        self.task: Task | None = None

        shown = ", ".join(p.name or str(p) for p in paths[:3])
        more = f" and {len(paths) - 3} more" if len(paths) > 3 else ""
        self.what = QtWidgets.QLabel(f"Importing {shown}{more}", objectName="importWhat")
        self.what.setWordWrap(True)
        self.progress = QtWidgets.QProgressBar(objectName="importProgress")
        self.progress.setRange(0, 0)  # busy until the files are listed
        self.result_view = QtWidgets.QPlainTextEdit(objectName="importReport")
        self.result_view.setReadOnly(True)
        self.result_view.setPlaceholderText("One line per file appears here when it ends.")
        self.close_button = QtWidgets.QPushButton("Cancel", objectName="importCancel")
        self.close_button.setDefault(True)
        buttons = QtWidgets.QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.what)
        layout.addWidget(self.progress)
        layout.addWidget(self.result_view, 1)
        layout.addLayout(buttons)
        self.resize(640, 420)
        self.close_button.clicked.connect(self.cancel_or_close)

        self.task = self.runner.start(
            _import(list(paths)), name="import", progress_interval_s=_EVENT_INTERVAL_S,
            writes=True,
        )  # fmt: skip
        self.task.progressed.connect(self._on_progress)
        self.task.succeeded.connect(self._on_imported)
        self.task.failed.connect(self._on_failed)
        self.task.cancelled.connect(self._on_cancelled)
        self.task.ended.connect(self._on_ended)
        self.close_button.setFocus()

    @property
    def running(self) -> bool:
        return self.task is not None

    def _on_progress(self, value: tuple[int, int]) -> None:
        done, total = value
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, total))

    def _on_imported(self, report: ImportReport) -> None:
        self.report = report
        self.progress.setRange(0, max(len(report.files) + len(report.not_read), 1))
        self.progress.setValue(len(report.files))
        self.result_view.setPlainText(
            "\n".join([*(line for f in report.files for line in f.lines()), report.summary()])
        )

    def _on_failed(self, message: str) -> None:
        self.result_view.setPlainText(f"Error: {message}")

    def _on_cancelled(self) -> None:
        # Only if the import stopped by raising after Cancel; a stop between commits
        # returns its report and is shown by _on_imported.
        self.result_view.setPlainText("Import cancelled.")

    def _on_ended(self) -> None:
        self.task = None
        self.close_button.setText("Close")
        self._imported(self.report)

    def cancel_or_close(self) -> None:
        if self.running:
            self._cancel()
        else:
            self.accept()

    def reject(self) -> None:
        # Escape while importing cancels; the dialog stays to show what did go in.
        if self.running:
            self._cancel()
            return
        super().reject()

    def _cancel(self) -> None:
        if self.task is not None and not self.task.cancel_requested:
            self.task.cancel()
            self.result_view.setPlainText("Cancelling after the files being written\u2026")
