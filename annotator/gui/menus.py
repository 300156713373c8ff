"""The window's menu bar, built from its actions by id (the keys are in keys/bindings.py).

Features that bring their own actions (links across articles, suggestions, analysts)
add them to the menus returned here, by name, after the bar is built.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from annotator.gui import keys as keymap
from annotator.gui.qt import QtGui, QtWidgets

__all__ = ["build_menus"]

_VIEW = ("view.corpus_filter", "view.spans", "view.relations", "view.text", "view.compare")


def build_menus(
    bar: QtWidgets.QMenuBar,
    a: Mapping[str, QtGui.QAction],
    *,
    fill_file_menu: Callable[[QtWidgets.QMenu, Mapping[str, QtGui.QAction]], object],
) -> dict[str, QtWidgets.QMenu]:
    """Fill the menu bar; return its menus by name ("file", "edit", "label", ...)."""
    menus: dict[str, QtWidgets.QMenu] = {}
    file_menu = menus["file"] = bar.addMenu("&File")
    fill_file_menu(file_menu, a)
    file_menu.addActions([a["file.labels"], a["file.export"], a["file.analyst"]])
    file_menu.addSeparator()
    file_menu.addAction(a["file.quit"])
    edit = menus["edit"] = bar.addMenu("&Edit")
    edit.addActions([a["edit.undo"], a["edit.redo"]])
    edit.addSeparator()
    edit.addActions([a["find.open"], a["find.next"], a["find.previous"], a["find.corpus"]])
    edit.addSeparator()
    units = edit.addMenu("&Select by unit")
    units.addActions([a[c] for c in keymap.ACTIONS if c.startswith("select.")])
    edit.addActions([a["report.next"], a["report.previous"]])
    menus["label"] = bar.addMenu("&Label")
    spans = menus["spans"] = bar.addMenu("&Spans")
    spans.addActions([a[c] for c in keymap.ACTIONS if c.startswith("span.")])
    spans.addActions([a["selection.clear"], a["link.start"]])
    articles = menus["article"] = bar.addMenu("&Article")
    articles.addActions([a[c] for c in keymap.ACTIONS if c.startswith("article.")])
    view = menus["view"] = bar.addMenu("&View")
    view.addActions([a[c] for c in _VIEW])
    view.addSeparator()
    view.addAction(a["view.snap"])
    help_menu = menus["help"] = bar.addMenu("&Help")
    help_menu.addActions([a["help.keys"], a["help.about"]])
    return menus
