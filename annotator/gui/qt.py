"""The one place Qt is imported from, so the binding is chosen and pinned here."""

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import Qt

__all__ = ["Qt", "QtCore", "QtGui", "QtWidgets"]  # and QtSvg, on first use


def __getattr__(name: str) -> object:
    # QtSvg only renders the icon in packaging/make_icons.py: loaded on first use, so
    # the window does not map the SVG library at every start.
    if name == "QtSvg":
        from PySide6 import QtSvg

        return QtSvg
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
