"""The one helper that turns a command id into a QAction.

Keys are not given here: the window sets each action's shortcuts from the active mode
(``ModeManager.command_keys``), so entering another mode rebinds every action at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from annotator.gui.keys.bindings import ActionSpec
from annotator.gui.qt import Qt, QtCore, QtGui

__all__ = ["build_action", "set_keys"]


def build_action(
    parent: QtCore.QObject,
    action_id: str,
    *,
    spec: ActionSpec,
    handler: Callable[[], object],
    keys: Sequence[str] = (),
) -> QtGui.QAction:
    """Text, context and checkability from the command's spec; ``keys`` from a mode."""
    action = QtGui.QAction(spec.text, parent)
    action.setObjectName(action_id)
    set_keys(action, keys)
    action.setShortcutContext(
        Qt.ShortcutContext.WidgetShortcut if spec.local else Qt.ShortcutContext.WindowShortcut
    )
    if spec.checkable:
        action.setCheckable(True)
        action.toggled.connect(lambda _checked: handler())
    else:
        action.triggered.connect(lambda _checked=False: handler())
    return action


def set_keys(action: QtGui.QAction, keys: Sequence[str]) -> None:
    # Entering or leaving a mode sets every action's keys; most stay the same, and
    # setShortcuts costs Qt a shortcut-map update each (R then Enter in link mode).
    wanted = tuple(keys)
    if getattr(action, "_annotator_keys", None) == wanted:
        return
    action._annotator_keys = wanted  # type: ignore[attr-defined]
    action.setShortcuts([QtGui.QKeySequence(key) for key in keys])
