"""The one place Qt is imported from, so the binding is chosen and pinned here."""

from PySide6 import QtCore, QtGui, QtSvg, QtWidgets
from PySide6.QtCore import Qt

__all__ = ["Qt", "QtCore", "QtGui", "QtSvg", "QtWidgets"]
