"""The keyboard cheat sheet (F1), written from the bindings of the active mode.

Rows come from the mode manager's live ``{command id: [keys]}``, the same data the
window's actions take their shortcuts from, so the sheet always shows the keys that
really work in the mode the keyboard is in, label keys of this corpus included.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from annotator.core.model import Label
from annotator.gui.keys import (
    ACTIONS,
    GROUPS,
    MOVEMENT_KEYS,
    NORMAL,
    label_action_id,
    tag_all_action_id,
)
from annotator.gui.qt import Qt, QtGui, QtWidgets

__all__ = ["CheatSheet", "cheat_sheet_rows"]


def _shown(keys: Sequence[str]) -> str:
    return ", ".join(
        QtGui.QKeySequence(key).toString(QtGui.QKeySequence.SequenceFormat.NativeText)
        for key in keys
    )


def cheat_sheet_rows(
    keys: Mapping[str, Sequence[str]], labels: Sequence[Label]
) -> list[tuple[str, str, str]]:
    """(group, keys, what it does), in the order the sheet shows them.

    ``keys`` is one mode's ``{command id: [keys]}``; a label listed there is shown even
    without a key (the tenth label has none), other commands only when they have one.
    """
    rows: list[tuple[str, str, str]] = []
    for label in labels:
        bound = keys.get(label_action_id(label))
        if bound is not None:
            rows.append(("Tagging", _shown(bound), f"Tag the selection (or word at caret) as "
                         f"{label.name}; on a selected span, change its label"))  # fmt: skip
    for label in labels:
        bound = keys.get(tag_all_action_id(label))
        if bound:
            rows.append(("Tagging", _shown(bound), f"Tag the selection and every other "
                         f"whole-word occurrence of it as {label.name} (one undo)"))  # fmt: skip
    for group in GROUPS:
        for command_id, spec in ACTIONS.items():
            bound = keys.get(command_id)
            if spec.group == group and bound:
                rows.append((group, _shown(bound), spec.text.replace("&", "").rstrip("…")))
    for keys, what in MOVEMENT_KEYS:
        rows.append(("Moving and selecting", keys, what))
    return rows


class CheatSheet(QtWidgets.QDialog):
    def __init__(
        self,
        keys: Mapping[str, Sequence[str]],
        labels: Sequence[Label],
        parent: QtWidgets.QWidget | None = None,
        *,
        mode: str = NORMAL,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("cheat_sheet")
        self.setWindowTitle(
            "Keyboard shortcuts" if mode == NORMAL else f"Keyboard shortcuts ({mode} mode)"
        )
        rows = cheat_sheet_rows(keys, labels)
        table = QtWidgets.QTableWidget(len(rows), 3, self)
        table.setObjectName("cheat_sheet_table")
        table.setHorizontalHeaderLabels(["", "Keys", "What it does"])
        table.verticalHeader().hide()
        table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.NoSelection)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        previous = None
        for row, (group, keys, what) in enumerate(rows):
            group_item = QtWidgets.QTableWidgetItem(group if group != previous else "")
            font = group_item.font()
            font.setBold(True)
            group_item.setFont(font)
            table.setItem(row, 0, group_item)
            table.setItem(row, 1, QtWidgets.QTableWidgetItem(keys))
            table.setItem(row, 2, QtWidgets.QTableWidgetItem(what))
            previous = group
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QtWidgets.QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QtWidgets.QHeaderView.ResizeMode.Stretch)
        self.table = table
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(760, 620)
