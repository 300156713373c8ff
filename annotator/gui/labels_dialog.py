"""File > Labels… (F6): add, rename, recolour, set the hotkey of and reorder labels by keyboard.

Every edit goes through the store's label methods, which validate names, colours and
hotkeys (R is kept for linking); a refusal is shown in one line under the form and
nothing is written.  Each edit is saved at once and ``on_changed`` tells the window, so
the label bar, the Label menu and the keys follow while the dialog is still open.

Keys: Up / Down pick a label (its fields fill the form), Tab walks the form, Enter saves
the form (to the picked label, or as a new one after Ctrl+N), Ctrl+Up / Ctrl+Down (or
Alt+Up / Alt+Down) move the picked label, which changes its digit key, Escape closes.

Label edits are not undoable, as on the command line: the undo history holds span and
relation steps, and every label edit can be made back here in one step.  A rename is
passed on to the history, so steps made before it still undo (under the new name).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from annotator.core.errors import AnnotatorError
from annotator.core.model import Label
from annotator.core.store import Store
from annotator.core.store.labels import SPARE_COLOURS
from annotator.gui.qt import Qt, QtGui, QtWidgets

__all__ = ["LabelsDialog"]


def _swatch(colour: str) -> QtGui.QIcon:
    pixmap = QtGui.QPixmap(14, 14)
    pixmap.fill(QtGui.QColor(colour))
    return QtGui.QIcon(pixmap)


class LabelsDialog(QtWidgets.QDialog):
    def __init__(
        self,
        store: Store,
        *,
        on_changed: Callable[[dict[str, str]], None],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("labels_dialog")
        self.setWindowTitle("Labels")
        self.store = store
        self.on_changed = on_changed
        self.labels: list[Label] = []
        self.adding = False

        self.list = QtWidgets.QListWidget(objectName="label_list")
        self.name_edit = QtWidgets.QLineEdit(objectName="label_name")
        self.colour_box = QtWidgets.QComboBox(objectName="label_colour")
        self.colour_box.setEditable(True)  # a palette to pick from, or any #RRGGBB typed
        self.colour_box.setInsertPolicy(QtWidgets.QComboBox.InsertPolicy.NoInsert)
        for colour in SPARE_COLOURS:
            self.colour_box.addItem(_swatch(colour), colour)
        self.hotkey_edit = QtWidgets.QLineEdit(objectName="label_hotkey")
        self.hotkey_edit.setMaxLength(1)
        self.hotkey_edit.setPlaceholderText("A-Z, or empty")
        self.description_edit = QtWidgets.QLineEdit(objectName="label_description")
        self.error = QtWidgets.QLabel(objectName="label_error")
        self.error.setStyleSheet("color: #B00020")
        self.error.setTextFormat(Qt.TextFormat.PlainText)

        form = QtWidgets.QFormLayout()
        form.addRow("&Name:", self.name_edit)
        form.addRow("&Colour:", self.colour_box)
        form.addRow("&Hotkey:", self.hotkey_edit)
        form.addRow("&Description:", self.description_edit)
        self.save_button = QtWidgets.QPushButton("&Save", objectName="label_save")
        self.save_button.setDefault(True)
        self.new_button = QtWidgets.QPushButton("Ne&w label (Ctrl+N)", objectName="label_new")
        close_button = QtWidgets.QPushButton("Close")
        buttons = QtWidgets.QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close_button)
        hint = QtWidgets.QLabel(
            "Up/Down pick · Tab edits · Enter saves · Ctrl+Up/Down moves (digit keys follow)"
        )
        hint.setEnabled(False)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)

        for keys, handler in (
            (["Ctrl+Up", "Alt+Up"], lambda: self.move(-1)),
            (["Ctrl+Down", "Alt+Down"], lambda: self.move(1)),
            (["Ctrl+N"], self.start_new),
        ):
            action = QtGui.QAction(self)
            action.setShortcuts([QtGui.QKeySequence(key) for key in keys])
            action.triggered.connect(handler)
            self.addAction(action)
        self.list.currentRowChanged.connect(self._fill)
        self.list.activated.connect(lambda _index: self.name_edit.setFocus())
        self.save_button.clicked.connect(self.save)
        self.new_button.clicked.connect(self.start_new)
        close_button.clicked.connect(self.reject)
        self.resize(460, 440)
        self._reload(select=None)
        self.list.setFocus()

    # -- showing -----------------------------------------------------------------------

    def _reload(self, *, select: str | None) -> None:
        self.labels = self.store.labels()
        blocked = self.list.blockSignals(True)
        self.list.clear()
        for number, label in enumerate(self.labels, start=1):
            digit = str(number) if number <= 9 else " "
            hotkey = f"  ({label.hotkey})" if label.hotkey else ""
            self.list.addItem(QtWidgets.QListWidgetItem(
                _swatch(label.colour), f"{digit}  {label.name}{hotkey}"
            ))  # fmt: skip
        self.list.blockSignals(blocked)
        names = [label.name for label in self.labels]
        row = names.index(select) if select in names else (0 if names else -1)
        self.list.setCurrentRow(row)
        self._fill(row)

    def _fill(self, row: int) -> None:
        self.adding = False
        label = self.labels[row] if 0 <= row < len(self.labels) else None
        self.name_edit.setText(label.name if label else "")
        self._show_colour(label.colour if label else "")
        self.hotkey_edit.setText(label.hotkey or "" if label else "")
        self.description_edit.setText(label.description or "" if label else "")
        self.description_edit.setCursorPosition(0)  # a long description shows its start

    def _show_colour(self, colour: str) -> None:
        # The palette entry itself when there is one, so the swatch beside the text is
        # that colour (an edited text keeps the swatch of the entry last picked).
        at = self.colour_box.findText(colour.upper(), Qt.MatchFlag.MatchFixedString)
        self.colour_box.setCurrentIndex(at)
        if at < 0:
            self.colour_box.setEditText(colour)

    def current(self) -> Label | None:
        row = self.list.currentRow()
        return self.labels[row] if 0 <= row < len(self.labels) else None

    def say(self, text: str) -> None:
        self.error.setText(text)

    # -- editing -----------------------------------------------------------------------

    def start_new(self) -> None:
        """An empty form (with the next unused palette colour) that Enter adds as a label."""
        used = {label.colour.upper() for label in self.labels}
        self.list.clearSelection()
        self.adding = True
        self.name_edit.clear()
        self._show_colour(next((c for c in SPARE_COLOURS if c not in used), ""))
        self.hotkey_edit.clear()
        self.description_edit.clear()
        self.say("New label: type its name, Enter adds it")
        self.name_edit.setFocus()

    def save(self) -> None:
        name = self.name_edit.text().strip()
        colour = self.colour_box.currentText().strip()
        hotkey = self.hotkey_edit.text().strip() or None
        description = self.description_edit.text().strip()
        label = self.current()
        if self.adding or label is None:
            done = self._write(lambda: self.store.add_label(
                name, colour=colour or None, hotkey=hotkey, description=description
            ))  # fmt: skip
            if done:
                self.say(f"Added {name}")
            return
        old = label

        def edit() -> None:
            # One transaction (the label methods nest as savepoints): all of it or none.
            with self.store.transaction():
                if name != old.name:
                    self.store.rename_label(old.name, name)
                if colour.upper() != old.colour.upper():
                    self.store.recolour_label(name, colour)
                if (hotkey or "").upper() != (old.hotkey or ""):
                    self.store.set_label_hotkey(name, hotkey)
                if description != (old.description or ""):
                    self.store.set_label_description(name, description)

        if self._write(edit, select=name, renamed={old.name: name} if name != old.name else {}):
            self.say(f"Saved {name}" if name == old.name else f"Renamed {old.name} to {name}")

    def move(self, step: int) -> None:
        label = self.current()
        if label is None or self.adding:
            return
        row = self.list.currentRow()
        target = row + step
        if not 0 <= target < len(self.labels):
            return
        if self._write(lambda: self.store.move_label(label.name, target + 1), select=label.name):
            digit = f" (key {target + 1})" if target < 9 else ""
            self.say(f"Moved {label.name} to position {target + 1}{digit}")

    def _write(
        self,
        write: Callable[[], object],
        *,
        select: str | None = None,
        renamed: dict[str, str] | None = None,
    ) -> bool:
        """Run one store write; a refusal is said in one line and nothing changes.

        ``on_changed`` is told of renames ({old: new}): the undo history follows them.
        """
        name = select or self.name_edit.text().strip()
        try:
            write()
        except AnnotatorError as exc:
            self.say(str(exc))
            return False
        except sqlite3.Error as exc:
            self.say(f"Could not save the label ({exc}); nothing was changed")
            return False
        self._reload(select=name)
        self.on_changed(renamed or {})
        return True
