"""Window state that comes back on the next start: geometry, splitters, last article, toggles.

Kept in ``settings.ini`` in the user config folder (INI format on every platform, so it
can be read and deleted by hand, and tests stay isolated through XDG_CONFIG_HOME).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from annotator.core import paths
from annotator.gui.qt import QtCore

__all__ = ["RECENT_CORPORA", "WindowSettings", "settings_path"]

# File > Recent corpora lists this many besides the open one, each with an accelerator 1-8;
# the list keeps one more, so the eight are still there while one of them is open.
RECENT_CORPORA = 8
_RECENT_KEPT = RECENT_CORPORA + 1


def settings_path() -> Path:
    return paths.config_dir() / "settings.ini"


class WindowSettings:
    def __init__(self, path: Path | None = None) -> None:
        path = path or settings_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._qs = QtCore.QSettings(str(path), QtCore.QSettings.Format.IniFormat)

    def sync(self) -> None:
        self._qs.sync()

    def _bytes(self, key: str) -> QtCore.QByteArray | None:
        value = self._qs.value(key)
        return value if isinstance(value, QtCore.QByteArray) and not value.isEmpty() else None

    @property
    def geometry(self) -> QtCore.QByteArray | None:
        return self._bytes("window/geometry")

    @geometry.setter
    def geometry(self, value: QtCore.QByteArray) -> None:
        self._qs.setValue("window/geometry", value)

    @property
    def window_state(self) -> QtCore.QByteArray | None:
        return self._bytes("window/state")

    @window_state.setter
    def window_state(self, value: QtCore.QByteArray) -> None:
        self._qs.setValue("window/state", value)

    def splitter_sizes(self, name: str) -> list[int] | None:
        value = self._qs.value(f"splitters/{name}")
        if not value:
            return None
        try:
            sizes = [int(v) for v in (value if isinstance(value, list) else [value])]
        except (TypeError, ValueError):
            return None  # a hand-edited file must not stop the window from opening
        return sizes if sizes and all(s >= 0 for s in sizes) else None

    def set_splitter_sizes(self, name: str, sizes: list[int]) -> None:
        self._qs.setValue(f"splitters/{name}", [str(s) for s in sizes])

    def last_article(self, corpus: str) -> int | None:
        value = self._qs.value(f"corpus/{_key(corpus)}/last_article")
        try:
            return int(value) if value is not None else None
        except (TypeError, ValueError):
            return None

    def set_last_article(self, corpus: str, article_id: int) -> None:
        if self.last_article(corpus) == article_id:
            return  # as on every start: reopening the last article writes nothing
        self._qs.setValue(f"corpus/{_key(corpus)}/last_article", article_id)
        self._qs.sync()  # written at once: a killed window still reopens where it was

    def recent_corpora(self) -> list[str]:
        """The corpora opened last, newest first (resolved paths, the open one included)."""
        value = self._qs.value("corpora/recent")
        if not value:
            return []
        names = value if isinstance(value, list) else [value]
        return [str(name) for name in names if name][:_RECENT_KEPT]

    def add_recent_corpus(self, corpus: str) -> None:
        names = [corpus, *(name for name in self.recent_corpora() if name != corpus)]
        self._qs.setValue("corpora/recent", names[:_RECENT_KEPT])
        self._qs.sync()  # as the last article: a killed window still lists it

    def flag(self, name: str, default: bool) -> bool:
        value = self._qs.value(f"view/{name}")
        if value is None:
            return default
        return str(value).lower() in ("true", "1", "yes")

    def set_flag(self, name: str, value: bool) -> None:
        self._qs.setValue(f"view/{name}", "true" if value else "false")


def _key(corpus: str) -> str:
    # QSettings keys treat "/" and "\" as group separators; a hash keeps one level.
    return hashlib.sha1(corpus.encode("utf-8")).hexdigest()[:16]
