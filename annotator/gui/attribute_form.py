"""The small form that sets the selected span's attributes (F2), filled from the keyboard.

One row per attribute of the span's label (the label's schema, from the store): numbers
in a line edit that takes only numbers, text in a line edit, a choice in a drop-down of
its allowed values (and "—" for none).  Tab moves between rows, Enter saves, Escape
leaves.  An empty row removes that attribute.  The form never hands back a value its
schema does not allow: a number box that does not hold a number keeps the form open and
names the row.  NUMBER rows still empty are pre-filled from the span's text
(``prefill_number``) for the analyst to confirm or correct.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from annotator.core.attributes import AttributeField, check_value, prefill_number
from annotator.core.errors import BadAttribute
from annotator.gui.qt import Qt, QtGui, QtWidgets

__all__ = ["AttributeForm", "parse_number_box"]

NONE_CHOICE = "—"


def parse_number_box(text: str) -> float | int | None:
    """A number box's value: ``None`` when empty; "6,000" and "6 000" read as 6000."""
    cleaned = text.strip().replace(",", "").replace(" ", "").replace("\u00a0", "")
    if not cleaned:
        return None
    try:
        number = float(cleaned)
    except ValueError:
        raise BadAttribute(f"not a number: {text.strip()!r}") from None
    if not math.isfinite(number):
        raise BadAttribute(f"not a finite number: {text.strip()!r}")
    return int(number) if number.is_integer() and "." not in cleaned else number


def _shown(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


class AttributeForm(QtWidgets.QDialog):
    def __init__(
        self,
        *,
        title: str,
        fields: Sequence[AttributeField],
        values: Mapping[str, Any],
        span_text: str = "",
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("attribute_form")
        self.setWindowTitle("Span attributes")
        # Wide enough for its title and a unit or an entity name without scrolling.
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 48)
        self.fields = list(fields)
        self.editors: dict[str, QtWidgets.QWidget] = {}
        self.prefilled: dict[str, object] = {}
        form = QtWidgets.QFormLayout()
        heading = QtWidgets.QLabel(title)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        heading.setWordWrap(True)
        current = dict(values)
        if any(f.label == "NUMBER" for f in self.fields) and not any(
            f.name in current for f in self.fields
        ):
            self.prefilled = prefill_number(span_text)
            current.update(self.prefilled)
        for field in self.fields:
            editor: QtWidgets.QWidget
            if field.kind == "choice":
                box = QtWidgets.QComboBox()
                box.addItems([NONE_CHOICE, *field.choices])
                value = current.get(field.name)
                box.setCurrentIndex(field.choices.index(value) + 1 if value in field.choices else 0)
                editor = box
            else:
                line = QtWidgets.QLineEdit(_shown(current.get(field.name)))
                if field.kind == "number":
                    # Digits, sign, point and thousands separators only: a letter never lands.
                    line.setValidator(QtGui.QRegularExpressionValidator(r"[-+]?[\d, .]*", line))
                    line.setPlaceholderText("a number")
                editor = line
            editor.setObjectName(f"attribute_{field.name}")
            self.editors[field.name] = editor
            form.addRow(f"&{field.name}", editor)
        self.error = QtWidgets.QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("color: #C0392B")
        self.error.hide()
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Save
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(heading)
        if self.prefilled:
            note = QtWidgets.QLabel("Pre-filled from the text: check, correct, Enter saves.")
            note.setStyleSheet("color: gray")
            layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.result_values: dict[str, object] | None = None

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        super().showEvent(event)
        if self.fields:  # the keyboard starts in the first row, whatever had focus before
            self.editors[self.fields[0].name].setFocus(Qt.FocusReason.OtherFocusReason)

    def values(self) -> dict[str, object]:
        """Every field's value (``None``: remove it), each checked against its schema."""
        found: dict[str, object] = {}
        for field in self.fields:
            editor = self.editors[field.name]
            if isinstance(editor, QtWidgets.QComboBox):
                text = editor.currentText()
                value: object = None if text == NONE_CHOICE else text
            else:
                assert isinstance(editor, QtWidgets.QLineEdit)
                raw = editor.text()
                if field.kind == "number":
                    try:
                        value = parse_number_box(raw)
                    except BadAttribute as exc:
                        raise BadAttribute(f"{field.name}: {exc}") from None
                else:
                    value = raw.strip() or None
            found[field.name] = None if value is None else check_value(field, value)
        return found

    def accept(self) -> None:
        try:
            self.result_values = self.values()
        except BadAttribute as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        super().accept()
