"""A small list that floats over a widget: a heading, an optional filter line, the rows
and a line of key hints.  The story picker, the cross-article link picker and the
entity offer are each one of these.

It is a child widget laid over its host (not a window of its own), so showing it never
moves the active window, and whether it takes the keyboard is the caller's choice: the
link picker and the entity offer leave the keyboard in the text.  Every text is set as
plain text: names, titles and spans with markup or control characters show literally.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from annotator.gui.qt import Qt, QtCore, QtWidgets

__all__ = ["PopupList", "isolated", "one_line"]

_CONTROL = {code: " " for code in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029]}


def one_line(text: str, limit: int = 80) -> str:
    """Text for one row: control characters as spaces, white space runs as one space.

    Direction marks (U+202E) stay: they are shown, in the row's own direction.
    """
    shown = " ".join(text.translate(_CONTROL).split())
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def isolated(text: str, limit: int = 60) -> str:
    """A name inside a sentence: one line, between Unicode isolates (U+2068 ... U+2069), so
    a right-to-left override in it (U+202E) cannot turn the rest of the sentence round."""
    return "\u2068" + one_line(text, limit) + "\u2069"


class PopupList(QtWidgets.QFrame):
    """Rows of columns; ``current_data()`` is the highlighted row's data."""

    def __init__(
        self,
        host: QtWidgets.QWidget,
        *,
        name: str,
        columns: Sequence[str] = ("",),
        filter_line: bool = False,
    ) -> None:
        super().__init__(host)
        self.setObjectName(name)
        self.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.heading = QtWidgets.QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setObjectName(f"{name}_heading")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        self.filter = QtWidgets.QLineEdit()
        self.filter.setObjectName(f"{name}_filter")
        self.filter.setVisible(filter_line)
        self.rows = QtWidgets.QTreeWidget()
        self.rows.setObjectName(f"{name}_rows")
        self.rows.setRootIsDecorated(False)
        self.rows.setUniformRowHeights(True)  # no row is measured: a long list opens at once
        self.rows.setColumnCount(len(columns))
        self.rows.setHeaderLabels(list(columns))
        self.rows.setHeaderHidden(len(columns) == 1)
        self.rows.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.rows.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.hints = QtWidgets.QLabel()
        self.hints.setTextFormat(Qt.TextFormat.PlainText)
        self.hints.setObjectName(f"{name}_hints")
        self.hints.setWordWrap(True)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.filter)
        layout.addWidget(self.rows, 1)
        layout.addWidget(self.hints)
        self.hide()

    # -- rows -------------------------------------------------------------------

    def set_rows(self, rows: Sequence[tuple[Sequence[str], object]], *, current: int = 0) -> None:
        """``rows``: (the texts of each column, the row's data)."""
        self.rows.clear()
        items = []
        for texts, data in rows:
            item = QtWidgets.QTreeWidgetItem([one_line(t, 200) for t in texts])
            item.setData(0, Qt.ItemDataRole.UserRole, data)
            for column, text in enumerate(texts):
                if len(text) > 40 or text != one_line(text, 200):
                    item.setToolTip(column, _plain_tip(text))
            items.append(item)
        self.rows.addTopLevelItems(items)
        if items:
            self.rows.setCurrentItem(items[max(0, min(current, len(items) - 1))])

    def row_count(self) -> int:
        return self.rows.topLevelItemCount()

    def current_row(self) -> int:
        item = self.rows.currentItem()
        return self.rows.indexOfTopLevelItem(item) if item is not None else -1

    def current_data(self) -> object:
        item = self.rows.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def row_texts(self, row: int) -> list[str]:
        item = self.rows.topLevelItem(row)
        return [item.text(c) for c in range(self.rows.columnCount())] if item else []

    def step_row(self, step: int) -> None:
        """Highlight the row ``step`` away, wrapping."""
        count = self.row_count()
        if count:
            row = (self.current_row() + step) % count
            self.rows.setCurrentItem(self.rows.topLevelItem(row))

    # -- placing ----------------------------------------------------------------

    def fitting_height(self, *, most: int) -> int:
        """Tall enough for the heading, the rows (at least two) and the hints, up to ``most``."""
        rows = max(2, self.row_count()) + (0 if self.rows.isHeaderHidden() else 1)
        row = self.rows.fontMetrics().height() + 6
        return min(most, 80 + rows * row + (30 if self.filter.isVisibleTo(self) else 0))

    def show_at(self, anchor: QtCore.QRect, *, width: int, height: int) -> None:
        """Show below ``anchor`` (host coordinates), or above it if there is no room."""
        host = self.parentWidget()
        assert host is not None
        room = host.rect()
        width = min(width, max(room.width() - 8, 120))
        height = min(height, max(room.height() - 8, 80))
        x = max(4, min(anchor.left(), room.width() - width - 4))
        y = anchor.bottom() + 4
        if y + height > room.height() - 4:
            y = max(4, anchor.top() - height - 4)
        self.setGeometry(x, y, width, height)
        self.show()
        self.raise_()

    def show_along_bottom(self, *, height: int) -> None:
        """Show across the host's lower part (the link picker: the text stays above)."""
        host = self.parentWidget()
        assert host is not None
        room = host.rect()
        height = min(height, max(room.height() // 2, 120))
        self.setGeometry(4, room.height() - height - 4, room.width() - 8, height)
        self.show()
        self.raise_()


def _plain_tip(text: str) -> str:
    # A tooltip that looks like HTML is rendered as HTML: escape it, keep it plain.
    return "<p style='white-space:pre-wrap'>" + html.escape(text[:2000]) + "</p>"
