"""File > Export...: format, filters and destination in one dialog.

The export runs in a worker thread (:mod:`annotator.gui.tasks`) through the same
core front as the command line (:func:`annotator.core.export.export_corpus`), so
the dialog keeps painting and taking keys.  The worker's progress callback
reports to the bar and raises :class:`ExportCancelled` once Cancel was pressed,
after which the core leaves nothing under the chosen name.  The summary (with
any span that was stretched or could not be written) stays in the dialog at the
end.
"""

from __future__ import annotations

import threading
from pathlib import Path

from annotator.core.errors import ExportError
from annotator.core.export import (
    FORMATS,
    ExportCancelled,
    ExportSummary,
    count_articles,
    export_corpus,
)
from annotator.core.model import STATUSES
from annotator.core.store import Store
from annotator.gui.qt import QtCore, QtWidgets
from annotator.gui.tasks import Progress, Task, TaskRunner

# How often, at most, the worker reports progress to the bar.
_EVENT_INTERVAL_S = 0.05


class ExportDialog(QtWidgets.QDialog):
    def __init__(self, store: Store, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        # A child, so the window finds it and stops the export when it closes.
        self.runner = TaskRunner(store, parent=self)
        self.task: Task | None = None
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export corpus")
        self.summary: ExportSummary | None = None
        self.running = False

        self.format_box = QtWidgets.QComboBox(objectName="exportFormat")
        for name, spec in FORMATS.items():
            self.format_box.addItem(f"{name} \u2014 {spec.description}", name)
        self.status_box = QtWidgets.QComboBox(objectName="exportStatus")
        self.status_box.addItem("all articles", "all")
        for status in STATUSES:
            self.status_box.addItem(status, status)
        self.label_list = QtWidgets.QListWidget(objectName="exportLabels")
        self.label_list.setMaximumHeight(110)
        for label in store.labels():
            item = QtWidgets.QListWidgetItem(label.name)
            item.setFlags(item.flags() | QtCore.Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(QtCore.Qt.CheckState.Checked)
            self.label_list.addItem(item)
        self.annotator_edit = QtWidgets.QLineEdit(objectName="exportAnnotators")
        self.annotator_edit.setPlaceholderText("all annotators (or names, comma separated)")
        self.split_check = QtWidgets.QCheckBox("&Split by article into train / dev / test")
        self.split_check.setObjectName("exportSplit")
        self.split_edit = QtWidgets.QLineEdit("80/10/10", objectName="exportSplitRatios")
        self.seed_box = QtWidgets.QSpinBox(objectName="exportSeed")
        self.seed_box.setRange(0, 2**31 - 1)
        split_row = QtWidgets.QHBoxLayout()
        split_row.addWidget(self.split_check)
        split_row.addWidget(self.split_edit)
        split_row.addWidget(QtWidgets.QLabel("seed"))
        split_row.addWidget(self.seed_box)
        self.path_edit = QtWidgets.QLineEdit(objectName="exportPath")
        self.browse_button = QtWidgets.QPushButton("&Browse\u2026")
        path_row = QtWidgets.QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)

        form = QtWidgets.QFormLayout()
        form.addRow("&Format:", self.format_box)
        form.addRow("S&tatus:", self.status_box)
        form.addRow("&Labels:", self.label_list)
        form.addRow("&Annotators:", self.annotator_edit)
        form.addRow("", split_row)
        destination = QtWidgets.QLabel("&Destination:")
        destination.setBuddy(self.path_edit)  # a row holding a layout gets no buddy itself
        form.addRow(destination, path_row)

        self.progress = QtWidgets.QProgressBar(objectName="exportProgress")
        self.progress.setValue(0)
        self.result_view = QtWidgets.QPlainTextEdit(objectName="exportSummary")
        self.result_view.setReadOnly(True)
        self.result_view.setPlaceholderText("The summary appears here when the export ends.")
        self.export_button = QtWidgets.QPushButton("&Export", objectName="exportRun")
        self.export_button.setDefault(True)
        self.close_button = QtWidgets.QPushButton("Cancel", objectName="exportCancel")
        buttons = QtWidgets.QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.result_view, 1)
        layout.addLayout(buttons)
        self.resize(620, 520)

        self.format_box.currentIndexChanged.connect(self._fit_destination)
        self.split_check.toggled.connect(self._fit_destination)
        self.browse_button.clicked.connect(self.browse)
        self.export_button.clicked.connect(self.run_export)
        self.close_button.clicked.connect(self.cancel_or_close)
        self.path_edit.setText(str(self._default_folder() / "corpus.jsonl"))
        self.format_box.setFocus()

    # -- choices --------------------------------------------------------------------

    def format_name(self) -> str:
        return str(self.format_box.currentData())

    def set_format(self, name: str) -> None:
        self.format_box.setCurrentIndex(self.format_box.findData(name))

    def chosen_labels(self) -> list[str]:
        return [
            self.label_list.item(i).text()
            for i in range(self.label_list.count())
            if self.label_list.item(i).checkState() == QtCore.Qt.CheckState.Checked
        ]

    def chosen_annotators(self) -> list[str]:
        return [name.strip() for name in self.annotator_edit.text().split(",") if name.strip()]

    def writes_folder(self) -> bool:
        return self.split_check.isChecked() or FORMATS[self.format_name()].is_folder

    def _default_folder(self) -> Path:
        location = QtCore.QStandardPaths.writableLocation(
            QtCore.QStandardPaths.StandardLocation.DocumentsLocation
        )
        return Path(location) if location else Path.home()

    def _fit_destination(self) -> None:
        """Give the destination the new format's suffix (none for a folder)."""
        text = self.path_edit.text().strip()
        if not text:
            return
        path = Path(text)
        stem = path.name.removesuffix(".config.xml")
        for spec in FORMATS.values():
            if spec.suffix and stem.endswith(spec.suffix):
                stem = stem.removesuffix(spec.suffix)
                break
        suffix = "" if self.writes_folder() else FORMATS[self.format_name()].suffix
        self.path_edit.setText(str(path.with_name(stem + suffix)))

    def browse(self) -> None:
        current = self.path_edit.text().strip() or str(self._default_folder())
        if self.writes_folder():
            chosen = QtWidgets.QFileDialog.getSaveFileName(
                self, "Export to a new folder", current, "Folder (*)"
            )[0]
        else:
            suffix = FORMATS[self.format_name()].suffix
            chosen = QtWidgets.QFileDialog.getSaveFileName(
                self, "Export to", current, f"{self.format_name()} (*{suffix})"
            )[0]
        if chosen:
            self.path_edit.setText(chosen)

    # -- running --------------------------------------------------------------------

    def run_export(self) -> None:
        if self.running:
            return
        text = self.path_edit.text().strip()
        if not text:
            self._show_error("Choose where to write the export.")
            return
        labels = self.chosen_labels()
        if not labels:
            self._show_error("Tick at least one label.")
            return
        status = str(self.status_box.currentData())
        destination = Path(text).expanduser()
        options = {
            "format": self.format_name(), "status": status, "labels": labels,
            "annotators": self.chosen_annotators(),
            "split": self.split_edit.text().strip() if self.split_check.isChecked() else None,
            "seed": self.seed_box.value(),
        }  # fmt: skip

        def export(store: Store, progress: Progress, cancelled: threading.Event) -> ExportSummary:
            def step(done: int) -> None:
                progress(done)
                if cancelled.is_set():
                    raise ExportCancelled("export cancelled")

            try:
                return export_corpus(store, destination, progress=step, **options)
            except OSError as exc:
                raise ExportError(
                    f"{text}: cannot write the export ({exc.strerror or exc})"
                ) from None

        self.running = True
        self.summary = None
        self._set_inputs_enabled(False)
        self.close_button.setText("Cancel")
        self.result_view.setPlainText("Exporting\u2026")
        self.progress.setRange(0, max(count_articles(self.store, status=status), 1))
        self.progress.setValue(0)
        self.task = self.runner.start(export, name="export", progress_interval_s=_EVENT_INTERVAL_S)
        # Looked up now, not in __init__, so a replaced _on_progress is the one called.
        self.task.progressed.connect(self._on_progress)
        self.task.succeeded.connect(self._export_written)
        self.task.cancelled.connect(self._export_cancelled)
        self.task.failed.connect(self._show_error)
        self.task.ended.connect(self._export_ended)

    def _on_progress(self, done: int) -> None:
        self.progress.setValue(min(done, self.progress.maximum()))

    def _export_written(self, summary: ExportSummary) -> None:
        self.summary = summary
        self.progress.setValue(self.progress.maximum())
        self.result_view.setPlainText("\n".join(summary.lines()))

    def _export_cancelled(self) -> None:
        self.progress.setValue(0)
        self.result_view.setPlainText("Export cancelled; nothing was written.")

    def _export_ended(self) -> None:
        self.task = None
        self.running = False
        self._set_inputs_enabled(True)
        self.close_button.setText("Close")

    def _cancel_export(self) -> None:
        if self.task is not None and not self.task.cancel_requested:
            self.task.cancel()
            self.result_view.setPlainText("Cancelling\u2026")

    def cancel_or_close(self) -> None:
        if self.running:
            self._cancel_export()
        else:
            self.reject()

    def reject(self) -> None:
        # Escape (or closing the dialog) while exporting cancels the export; the dialog
        # stays to say so.
        if self.running:
            self._cancel_export()
            return
        super().reject()

    def _set_inputs_enabled(self, enabled: bool) -> None:
        for widget in (
            self.format_box, self.status_box, self.label_list, self.annotator_edit,
            self.split_check, self.split_edit, self.seed_box, self.path_edit,
            self.browse_button, self.export_button,
        ):  # fmt: skip
            widget.setEnabled(enabled)

    def _show_error(self, message: str) -> None:
        self.result_view.setPlainText(f"Error: {message}\nNothing was written.")
