"""F7: put the open article in a story, by typing part of its name (issue 14).

A filter line over the corpus's stories (with their article counts) and a "(no story)"
row.  Typing filters (case-insensitive, anywhere in the name); Up / Down move; Enter
takes the highlighted row.  A typed name that no story has exactly is offered as a new
story: first when nothing matches (so Enter makes it), last otherwise (Down reaches it).
Escape closes without a change.  The keyboard is in the filter line throughout.
"""

from __future__ import annotations

from collections.abc import Sequence

from annotator.core.model import Story
from annotator.gui.popup_list import PopupList
from annotator.gui.qt import Qt, QtCore, QtWidgets

__all__ = ["NEW", "NONE", "STORY", "StoryPicker", "story_rows"]

NONE, STORY, NEW = "none", "story", "new"
_MOVES = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 8, Qt.Key.Key_PageUp: -8}


def story_rows(
    stories: Sequence[tuple[Story, int]], typed: str
) -> list[tuple[list[str], tuple[str, str | None]]]:
    """The picker's rows for ``typed``: (texts, (what, story name))."""
    wanted = typed.strip()
    folded = wanted.casefold()
    matches = [
        ([story.name, f"{count} article{'s' if count != 1 else ''}"], (STORY, story.name))
        for story, count in stories
        if folded in story.name.casefold()
    ]
    rows: list[tuple[list[str], tuple[str, str | None]]] = []
    if not wanted:
        rows.append((["(no story)", ""], (NONE, None)))
    rows.extend(matches)
    if wanted and not any(story.name == wanted for story, _count in stories):
        new = ([f"New story: {wanted}", "Enter makes it"], (NEW, wanted))
        rows.insert(0, new) if not matches else rows.append(new)
    return rows


class StoryPicker(PopupList):
    chosen = QtCore.Signal(object)  # (what, story name or None)
    cancelled = QtCore.Signal()

    def __init__(self, host: QtWidgets.QWidget) -> None:
        super().__init__(host, name="story_picker", columns=("Story", "Articles"),
                         filter_line=True)  # fmt: skip
        self.filter.setPlaceholderText("Type to filter or to name a new story…")
        self.hints.setText("Enter: put the article in it · ↓↑: choose · Esc: cancel")
        self.rows.header().setStretchLastSection(False)
        self.rows.header().setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.Stretch)
        self._stories: list[tuple[Story, int]] = []
        self._current: str | None = None
        self.filter.textChanged.connect(self._refill)
        self.filter.installEventFilter(self)

    def open_for(
        self, title: str, stories: Sequence[tuple[Story, int]], current: str | None
    ) -> None:
        self._stories = list(stories)
        self._current = current
        self.heading.setText(f"Story of: {title}")
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.blockSignals(False)
        self._refill("")
        host = self.parentWidget()
        assert host is not None
        width = min(520, host.width() - 40)
        self.show_at(QtCore.QRect((host.width() - width) // 2, 40, width, 0), width=width,
                     height=320)  # fmt: skip
        self.filter.setFocus(Qt.FocusReason.PopupFocusReason)

    def _refill(self, typed: str) -> None:
        rows = story_rows(self._stories, typed)
        at = 0
        if not typed.strip() and self._current is not None:
            at = next((i for i, (_t, d) in enumerate(rows) if d == (STORY, self._current)), 0)
        self.set_rows(rows, current=at)

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if watched is self.filter and event.type() == QtCore.QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key in _MOVES:
                self._page(_MOVES[key])
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                data = self.current_data()
                if data is not None:
                    self.hide()
                    self.chosen.emit(data)
                return True
            if key == Qt.Key.Key_Escape:
                self.hide()
                self.cancelled.emit()
                return True
        return super().eventFilter(watched, event)

    def _page(self, step: int) -> None:
        """One row wraps around (Up on the first is the last); a page stops at the ends."""
        count = self.row_count()
        if abs(step) == 1:
            self.step_row(step)
        elif count:
            row = max(0, min(count - 1, self.current_row() + step))
            self.rows.setCurrentItem(self.rows.topLevelItem(row))
