"""Fixtures for driving the real annotation window with keys."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from annotator.core.store import Store
from annotator.gui.mainwindow import MainWindow
from annotator.gui.qt import Qt, QtWidgets

FLOOD = "The mayor said 6,000 homes were flooded overnight.\n\nOfficials blamed the dam."


@pytest.fixture
def make_window(qtbot) -> Callable[..., MainWindow]:
    def make(store: Store, **kwargs: object) -> MainWindow:
        kwargs.setdefault("annotator", "tester")
        kwargs.setdefault("poll_ms", 0)
        window = MainWindow(store, **kwargs)  # type: ignore[arg-type]
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QtWidgets.QApplication.activeWindow() is window, timeout=2000)
        return window

    return make


@pytest.fixture
def flood(store: Store) -> tuple[Store, int]:
    article_id, _ = store.add_article(title="Flood", text=FLOOD)
    return store, article_id


class Keys:
    """Key presses on whatever has focus, as an analyst would type them."""

    def __init__(self, qtbot, window: MainWindow) -> None:
        self.qtbot = qtbot
        self.window = window

    def focus(self) -> QtWidgets.QWidget:
        widget = QtWidgets.QApplication.focusWidget()
        assert widget is not None, "nothing has keyboard focus"
        return widget

    def press(self, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
              *, times: int = 1) -> None:  # fmt: skip
        for _ in range(times):
            self.qtbot.keyClick(self.focus(), key, modifiers)

    def ctrl(self, key: Qt.Key) -> None:
        self.press(key, Qt.KeyboardModifier.ControlModifier)

    def shift(self, key: Qt.Key, *, times: int = 1) -> None:
        self.press(key, Qt.KeyboardModifier.ShiftModifier, times=times)

    def ctrl_shift(self, key: Qt.Key, *, times: int = 1) -> None:
        self.press(
            key,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
            times=times,
        )

    def type(self, text: str) -> None:
        self.qtbot.keyClicks(self.focus(), text)


@pytest.fixture
def keys(qtbot) -> Callable[[MainWindow], Keys]:
    return lambda window: Keys(qtbot, window)


def spans_of(store: Store, article_id: int) -> list[tuple[str, str]]:
    """(label, text) of every span in the database, in text order."""
    return [(s.label, s.text) for s in store.spans(article_id)]
