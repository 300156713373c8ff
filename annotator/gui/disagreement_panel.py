"""The open article's disagreements with other analysts, in text order; Enter jumps to one.

Shown under the span list while the other analysts' layer is on.  Each row says the
kind, then each side's label and text (or that the analyst has nothing there); the
tooltip names both analysts.  The list is rebuilt from ``core.disagreements`` whenever
the article, the analyst shown or one's own spans change: an article holds tens of
disagreements, never thousands, so no in-place update is needed.
"""

from __future__ import annotations

from collections.abc import Sequence

from annotator.core.disagreements import Disagreement
from annotator.core.model import Span
from annotator.gui.qt import Qt, QtCore, QtWidgets

__all__ = ["DisagreementPanel", "describe_side", "row_text"]

KIND_WORDS = {
    "missing": "only mine",
    "extra": "only theirs",
    "label": "label",
    "boundary": "boundary",
    "boundary+label": "boundary and label",
}


def describe_side(span: Span | None, limit: int = 40) -> str:
    if span is None:
        return "—"
    text = " ".join(span.text.split())
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return f"{span.label} “{shown}”"


def row_text(item: Disagreement) -> str:
    kind = KIND_WORDS.get(item.kind, item.kind)
    if item.kind == "extra":
        return f"{kind} ({item.second_name}): {describe_side(item.second)}"
    if item.kind == "missing":
        return f"{kind}: {describe_side(item.first)}"
    return f"{kind}: {describe_side(item.first)} / {item.second_name}: {describe_side(item.second)}"


class DisagreementPanel(QtWidgets.QWidget):
    """A title and a list; ``chosen`` carries the row's :class:`Disagreement`."""

    chosen = QtCore.Signal(object)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("disagreement_panel")
        self.items: list[Disagreement] = []
        self.title = QtWidgets.QLabel("Disagreements")
        self.title.setObjectName("disagreement_title")
        self.list = QtWidgets.QListWidget()
        self.list.setObjectName("disagreement_list")
        self.list.setUniformItemSizes(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.title.setBuddy(self.list)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.list, 1)
        self.list.itemActivated.connect(self._activated)

    def set_disagreements(self, items: Sequence[Disagreement], *, heading: str) -> None:
        """Show these rows under ``heading`` ("with bo"); the current row is kept by place."""
        row = self.list.currentRow()
        self.items = list(items)
        self.list.clear()
        for item in self.items:
            entry = QtWidgets.QListWidgetItem(row_text(item))
            entry.setToolTip(self._tooltip(item))
            self.list.addItem(entry)
        count = len(self.items)
        noun = "disagreement" if count == 1 else "disagreements"
        self.title.setText(f"{count} {noun} {heading}" if heading else f"{count} {noun}")
        if self.items:
            self.list.setCurrentRow(min(max(row, 0), count - 1))

    def focus_list(self) -> None:
        self.list.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.list.currentRow() < 0 and self.items:
            self.list.setCurrentRow(0)

    def _activated(self, entry: QtWidgets.QListWidgetItem) -> None:
        row = self.list.row(entry)
        if 0 <= row < len(self.items):
            self.chosen.emit(self.items[row])

    @staticmethod
    def _tooltip(item: Disagreement) -> str:
        return (
            f"{item.first_name}: {describe_side(item.first, 200)}\n"
            f"{item.second_name}: {describe_side(item.second, 200)}"
        )
