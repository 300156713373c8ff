"""The label bar: each label's colour, keys and count in the open article.

Buttons never take focus, so clicking one tags the selection in the text and the
keyboard stays where it was.  They flow left to right and wrap onto another row when
the bar is too narrow, so every label's name is shown whole, never clipped.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from annotator.core.model import Label
from annotator.gui.qt import Qt, QtCore, QtGui, QtWidgets

__all__ = ["FlowLayout", "LabelBar", "label_keys_text"]


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


class FlowLayout(QtWidgets.QLayout):
    """Items left to right at their size hints, wrapping to a new row at the right edge.

    Its height depends on its width (``heightForWidth``), which the window's column
    layout asks for, so a narrow bar grows a row instead of cutting a button off.
    """

    def __init__(self, parent: QtWidgets.QWidget | None = None, *, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QtWidgets.QLayoutItem] = []
        self._gap = spacing

    def addItem(self, item: QtWidgets.QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QtWidgets.QLayoutItem | None:  # type: ignore[override]
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QtWidgets.QLayoutItem | None:  # type: ignore[override]
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QtCore.QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QtCore.QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def minimumSize(self) -> QtCore.QSize:
        # As narrow as the widest item: any narrower would cut that one.
        size = QtCore.QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QtCore.QSize(margins.left() + margins.right(),
                                   margins.top() + margins.bottom())  # fmt: skip

    def sizeHint(self) -> QtCore.QSize:
        return self.minimumSize()

    def _arrange(self, rect: QtCore.QRect, *, move: bool) -> int:
        """Place the items in ``rect`` (only measure, unless ``move``); the height used."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, row_height = area.x(), area.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            size = item.sizeHint()
            if x > area.x() and x + size.width() > area.x() + area.width():
                x, y, row_height = area.x(), y + row_height + self._gap, 0
            if move:
                item.setGeometry(QtCore.QRect(QtCore.QPoint(x, y), size))
            x += size.width() + self._gap
            row_height = max(row_height, size.height())
        return y + row_height - rect.y() + margins.bottom()


class LabelBar(QtWidgets.QWidget):
    label_clicked = QtCore.Signal(str)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("label_bar")
        # Many labels must not force a wide window: the bar wraps to more rows instead.
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Preferred
        )
        self._layout = FlowLayout(self, spacing=6)
        self._layout.setContentsMargins(6, 2, 6, 2)
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
