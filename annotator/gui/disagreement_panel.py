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

__all__ = ["DisagreementPanel", "describe_side", "row_cells", "who"]

KIND_WORDS = {
    "missing": "only mine",
    "extra": "only theirs",
    "label": "label",
    "boundary": "boundary",
    "boundary+label": "boundary and label",
}


def who(name: str) -> str:
    """An analyst's name as shown: spans imported without one have the empty name."""
    return name or "(unnamed)"


def describe_side(span: Span | None, limit: int = 40) -> str:
    if span is None:
        return "—"
    text = " ".join(span.text.split())
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    if shown and shown[0] in "“\"«„":  # a quotation shows its own marks: no second pair
        return f"{span.label} {shown}"
    return f"{span.label} “{shown}”"


def row_cells(item: Disagreement) -> tuple[str, str, str]:
    """The row's columns: what kind, my side, their side (named when several are shown)."""
    theirs = describe_side(item.second)
    return KIND_WORDS.get(item.kind, item.kind), describe_side(item.first), (
        f"{who(item.second_name)}: {theirs}"
    )


class DisagreementPanel(QtWidgets.QWidget):
    """A title and a three-column list; ``chosen`` carries the row's :class:`Disagreement`."""

    chosen = QtCore.Signal(object)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("disagreement_panel")
        self.items: list[Disagreement] = []
        self.title = QtWidgets.QLabel("Disagreements")
        self.title.setObjectName("disagreement_title")
        self.list = QtWidgets.QTreeWidget()
        self.list.setObjectName("disagreement_list")
        self.list.setColumnCount(3)
        self.list.setHeaderLabels(["Kind", "Mine", "Theirs"])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAllColumnsShowFocus(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.list.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(1, 110)
        self.title.setBuddy(self.list)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.list, 1)
        self.list.itemActivated.connect(self._activated)

    def set_disagreements(self, items: Sequence[Disagreement], *, heading: str) -> None:
        """Show these rows under ``heading`` ("with bo"); the current row is kept by place."""
        row = self.current_row()
        self.items = list(items)
        self.list.clear()
        for item in self.items:
            entry = QtWidgets.QTreeWidgetItem(list(row_cells(item)))
            tip = self._tooltip(item)
            for column in range(3):
                entry.setToolTip(column, tip)
            self.list.addTopLevelItem(entry)
        count = len(self.items)
        noun = "disagreement" if count == 1 else "disagreements"
        self.title.setText(f"{count} {noun} {heading}" if heading else f"{count} {noun}")
        if self.items:
            self.list.setCurrentItem(self.list.topLevelItem(min(max(row, 0), count - 1)))

    def current_row(self) -> int:
        entry = self.list.currentItem()
        return self.list.indexOfTopLevelItem(entry) if entry is not None else -1

    def focus_list(self) -> None:
        self.list.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if self.current_row() < 0 and self.items:
            self.list.setCurrentItem(self.list.topLevelItem(0))

    def _activated(self, entry: QtWidgets.QTreeWidgetItem, _column: int = 0) -> None:
        row = self.list.indexOfTopLevelItem(entry)
        if 0 <= row < len(self.items):
            self.chosen.emit(self.items[row])

    @staticmethod
    def _tooltip(item: Disagreement) -> str:
        return (
            f"{who(item.first_name)}: {describe_side(item.first, 200)}\n"
            f"{who(item.second_name)}: {describe_side(item.second, 200)}"
        )
