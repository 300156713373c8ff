"""The label bar: each label's colour, keys and count in the open article.

Buttons never take focus, so clicking one tags the selection in the text and the
keyboard stays where it was.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from annotator.core.model import Label
from annotator.gui.qt import Qt, QtCore, QtGui, QtWidgets

__all__ = ["LabelBar", "label_keys_text"]


def label_keys_text(position: int, label: Label) -> str:
    keys = [str(position + 1)] if position < 9 else []
    if label.hotkey:
        keys.append(label.hotkey.upper())
    return " / ".join(keys)


def _swatch(colour: str, size: int) -> QtGui.QIcon:
    pixmap = QtGui.QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QtGui.QPainter(pixmap)
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    painter.setBrush(QtGui.QColor(colour))
    painter.setPen(QtGui.QPen(QtGui.QColor(0, 0, 0, 90), 1))
    painter.drawRoundedRect(QtCore.QRectF(0.5, 0.5, size - 1, size - 1), 3, 3)
    painter.end()
    return QtGui.QIcon(pixmap)


class LabelBar(QtWidgets.QWidget):
    label_clicked = QtCore.Signal(str)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("label_bar")
        # Many labels must not force a wide window: the bar may clip instead.
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Fixed)
        self._layout = QtWidgets.QHBoxLayout(self)
        self._layout.setContentsMargins(6, 2, 6, 2)
        self._layout.setSpacing(6)
        self.buttons: dict[str, QtWidgets.QToolButton] = {}
        self._labels: list[Label] = []
        self._counts: dict[str, int] = {}

    def set_labels(self, labels: Sequence[Label]) -> None:
        for button in self.buttons.values():
            self._layout.removeWidget(button)
            button.deleteLater()
        self.buttons.clear()
        while self._layout.count():
            self._layout.takeAt(0)
        self._labels = list(labels)
        size = self.fontMetrics().height()
        for position, label in enumerate(self._labels):
            button = QtWidgets.QToolButton(self)
            button.setObjectName(f"label_button_{label.name}")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setAutoRaise(True)
            button.setIcon(_swatch(label.colour, size))
            tip = label.description or label.name
            # Qt renders a tooltip that looks like HTML as HTML, and labels can
            # come from imported files: always give it escaped rich text.
            keys = label_keys_text(position, label)
            button.setToolTip(f"<p>{html.escape(tip)} (keys: {html.escape(keys)})</p>")
            button.clicked.connect(lambda _c=False, n=label.name: self.label_clicked.emit(n))
            self._layout.addWidget(button)
            self.buttons[label.name] = button
        self._layout.addStretch(1)
        self._refresh()

    def set_counts(self, counts: Mapping[str, int]) -> None:
        self._counts = dict(counts)
        self._refresh()

    def count(self, name: str) -> int:
        return self._counts.get(name, 0)

    def _refresh(self) -> None:
        for position, label in enumerate(self._labels):
            button = self.buttons.get(label.name)
            if button is not None:
                # QToolButton text is always plain; "&" would make a mnemonic, so double it.
                name = label.name.replace("&", "&&")
                button.setText(
                    f"{label_keys_text(position, label)}  {name}  {self._counts.get(label.name, 0)}"
                )
