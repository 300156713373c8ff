"""One registry of commands addressed by string ids.

Key bindings name command ids, never functions; whoever owns the behaviour (the window
for navigation, a controller for tagging) registers a handler under each id it serves.
Plain Python: no Qt, so controllers and their commands are tested without a display.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

__all__ = ["Commands", "UnknownCommand"]

Handler = Callable[[], object]


class UnknownCommand(KeyError):
    """A key or menu named a command id that nothing has registered."""


class Commands:
    def __init__(self) -> None:
        self._handlers: dict[str, Handler] = {}

    def register(self, command_id: str, handler: Handler, *, replace: bool = False) -> None:
        # Registering an id twice by accident would silently steal a key from its owner;
        # label commands are replaced on purpose when the corpus's labels change.
        if command_id in self._handlers and not replace:
            raise ValueError(f"command {command_id!r} is already registered")
        self._handlers[command_id] = handler

    def unregister(self, command_id: str) -> None:
        self._handlers.pop(command_id, None)

    def run(self, command_id: str) -> object:
        try:
            handler = self._handlers[command_id]
        except KeyError:
            raise UnknownCommand(command_id) from None
        return handler()

    def __contains__(self, command_id: object) -> bool:
        return command_id in self._handlers

    def __iter__(self) -> Iterator[str]:
        return iter(self._handlers)

    def __len__(self) -> int:
        return len(self._handlers)
