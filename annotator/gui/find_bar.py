"""The find bar: searches the article as you type, case-insensitively.

Matching runs over the stored article text (not the widget's), so a match is exactly
the characters a span would store.  Escape closes the bar, gives focus back to the
text and leaves the match selected, ready for a label key; the match is a selection
like any other, so a label key snaps it to whole words ("ukrainian m" tags "Ukrainian
military") unless snapping is off.  With the bar closed, F3 / Shift+F3 step to the
next / previous match of the last query from the caret, keeping the focus in the text,
so F3 then a label key tags the next mention.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Protocol

from annotator.gui.qt import Qt, QtCore, QtGui, QtWidgets

__all__ = ["FindBar", "SearchedView", "find_all"]


class SearchedView(Protocol):
    """What the bar needs of the article view, named here so that one panel does not
    import another (the window hands it the view; an import-linter contract checks)."""

    text: str

    def caret_offset(self) -> int: ...
    def selection_offsets(self) -> tuple[int, int] | None: ...
    def select_range(self, start: int, end: int, *, exact: bool = False) -> None: ...
    def setFocus(self, reason: Qt.FocusReason) -> None: ...


MAX_MATCHES = 100_000


def find_all(text: str, query: str) -> list[tuple[int, int]]:
    """Every case-insensitive match of ``query`` in ``text``, as stored offsets."""
    if not query:
        return []
    pattern = re.compile(re.escape(query), re.IGNORECASE)
    matches = []
    for match in pattern.finditer(text):
        matches.append(match.span())
        if len(matches) >= MAX_MATCHES:
            break
    return matches


class _FindBox(QtWidgets.QLineEdit):
    next_requested = QtCore.Signal()
    previous_requested = QtCore.Signal()
    close_requested = QtCore.Signal()

    def keyPressEvent(self, event: QtGui.QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.previous_requested.emit()
            else:
                self.next_requested.emit()
            return
        if key == Qt.Key.Key_Escape:
            self.close_requested.emit()
            return
        super().keyPressEvent(event)


class FindBar(QtWidgets.QWidget):
    # A line for the status bar when the bar is closed and its count cannot be seen.
    said = QtCore.Signal(str)

    def __init__(self, view: SearchedView, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("find_bar")
        self.view = view
        self.box = _FindBox()
        self.box.setObjectName("find_box")
        self.box.setPlaceholderText("Find in article (Enter: next, Shift+Enter: previous)")
        self.box.setClearButtonEnabled(True)
        self.count_label = QtWidgets.QLabel()
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label.setMinimumWidth(90)
        close = QtWidgets.QToolButton()
        close.setText("✕")
        close.setToolTip("Close (Escape)")
        close.setAutoRaise(True)
        close.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(QtWidgets.QLabel("Find:"))
        layout.addWidget(self.box, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(close)
        self.matches: list[tuple[int, int]] = []
        self.current = -1
        self._anchor = 0
        self.box.textChanged.connect(self._search)
        self.box.next_requested.connect(self.find_next)
        self.box.previous_requested.connect(self.find_previous)
        self.box.close_requested.connect(self.close_bar)
        close.clicked.connect(self.close_bar)
        self.hide()

    def open_bar(self) -> None:
        selection = self.view.selection_offsets()
        self._anchor = selection[0] if selection else self.view.caret_offset()
        self.show()
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()
        if self.box.text():
            self._search()

    def close_bar(self) -> None:
        self.hide()
        self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def article_changed(self) -> None:
        self._anchor = 0
        if self.isVisible():
            self._search()
        else:
            # Found again at the next F3: the old offsets belong to the last article.
            self.matches = []
            self.current = -1

    @property
    def query(self) -> str:
        return self.box.text()

    def step(self, *, forward: bool) -> bool:
        """F3 / Shift+F3 with the bar closed: the next / previous match from the caret.

        From the caret, not from the last match: after a label key the caret sits at the
        end of the new span, and the analyst may have moved it since.  Returns False when
        there is no query to repeat (the caller opens the bar instead).
        """
        if not self.box.text():
            return False
        if not self.matches:
            self.matches = find_all(self.view.text, self.box.text())
        if not self.matches:
            self.current = -1
            self.said.emit(f"No match for “{self.box.text()}”")
            return True
        selection = self.view.selection_offsets()
        caret = self.view.caret_offset()
        here, after = selection if selection else (caret, caret)
        # Matches are in text order and never start at the same offset: bisect by start.
        if forward:
            at = bisect_left(self.matches, (after, -1))
            wrapped = at == len(self.matches)
            at = 0 if wrapped else at
        else:
            at = bisect_left(self.matches, (here, -1)) - 1
            wrapped = at < 0
            at = len(self.matches) - 1 if wrapped else at
        self._go(at)
        where = " (from the " + ("start" if forward else "end") + ")" if wrapped else ""
        self.said.emit(f"“{self.box.text()}” {at + 1} of {len(self.matches)}{where}")
        return True

    def _search(self) -> None:
        self.matches = find_all(self.view.text, self.box.text())
        self.current = -1
        if not self.matches:
            self._show_count()
            return
        at = next((i for i, (s, _e) in enumerate(self.matches) if s >= self._anchor), 0)
        self._go(at)

    def find_next(self) -> None:
        if not self.matches:
            self._search()
            return
        self._go((self.current + 1) % len(self.matches))

    def find_previous(self) -> None:
        if not self.matches:
            self._search()
            return
        self._go((self.current - 1) % len(self.matches))

    def _go(self, at: int) -> None:
        self.current = at
        start, end = self.matches[at]
        # Shown exactly as found; a label key snaps it like any selection, so a query
        # typed short of the word's end still tags whole words.
        self.view.select_range(start, end, exact=False)
        self._show_count()

    def _show_count(self) -> None:
        if not self.box.text():
            self.count_label.setText("")
        elif not self.matches:
            self.count_label.setText("No match")
        else:
            more = "+" if len(self.matches) >= MAX_MATCHES else ""
            self.count_label.setText(f"{self.current + 1} of {len(self.matches)}{more}")
