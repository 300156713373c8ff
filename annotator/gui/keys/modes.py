"""Which mode the keyboard is in, and so which bindings are live.

A plain object with no widget (qutebrowser's mode manager, much reduced): it holds the
binding tables by layer (the defaults, this corpus's label keys, later a mode's own
table), the current mode, and tells listeners when the live keys change so the window
can rebind its actions.  Tests feed it key names and read back command ids.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from annotator.gui.keys.bindings import NORMAL, Bindings, command_keys, modes_of, normalise

__all__ = ["ModeManager", "UnknownMode"]


class UnknownMode(ValueError):
    """A mode that no binding table defines."""


class ModeManager:
    def __init__(self, **layers: Bindings) -> None:
        self._layers: dict[str, Bindings] = dict(layers)
        self._mode = NORMAL
        self._listeners: list[Callable[[str], None]] = []

    # -- reading ----------------------------------------------------------------

    @property
    def mode(self) -> str:
        return self._mode

    @property
    def tables(self) -> list[Bindings]:
        return list(self._layers.values())

    def modes(self) -> list[str]:
        return modes_of(*self._layers.values())

    def command_keys(self, *, commands: Iterable[str] = ()) -> dict[str, list[str]]:
        """The live keys of every command in the current mode (``[]`` when unbound)."""
        return command_keys(*self._layers.values(), mode=self._mode, commands=commands)

    def command_for(self, key: str) -> str | None:
        """The command a key runs in the current mode; the first table that binds it wins."""
        wanted = normalise(key)
        for table in self._layers.values():
            for bound, command in table.get(self._mode, {}).items():
                if normalise(bound) == wanted:
                    return command
        return None

    # -- changing ---------------------------------------------------------------

    def set_layer(self, name: str, table: Bindings) -> None:
        """Add or replace one layer (the label keys when the corpus's labels change)."""
        self._layers[name] = table
        if self._mode not in self.modes():
            self._mode = NORMAL  # the layer that defined this mode is gone
        self._changed()

    def enter(self, mode: str) -> None:
        if mode not in self.modes():
            raise UnknownMode(f"no key bindings for mode {mode!r}")
        if mode != self._mode:
            self._mode = mode
            self._changed()

    def leave(self) -> None:
        """Back to normal mode, from wherever the keyboard is."""
        if self._mode != NORMAL:
            self._mode = NORMAL
            self._changed()

    def subscribe(self, listener: Callable[[str], None]) -> None:
        """``listener(mode)`` after every change of mode or of the live bindings."""
        self._listeners.append(listener)

    def _changed(self) -> None:
        for listener in self._listeners:
            listener(self._mode)
