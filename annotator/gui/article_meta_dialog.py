"""Article > Edit title and meta… (F4): the open article's title, outlet, date and URL.

The three named fields are keys of the article's meta dict (``outlet``, ``date``,
``url``: the names imports and exports use); every other key is shown as JSON in "Other
meta" and may be edited there.  An empty named field removes its key.  Enter saves
(Ctrl+Enter from the JSON box, where Enter is a new line), Escape leaves.  What cannot
be saved (JSON that is not an object, NaN) is said in one line and the dialog stays
open, so nothing typed is lost.

Not undoable: the undo history lists span and relation records, and an article's title
and meta are neither; the dialog shows what is stored, so an edit is undone by editing
again.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.model import Article
from annotator.gui.qt import Qt, QtGui, QtWidgets

__all__ = ["NAMED_META", "ArticleMetaDialog", "parse_meta"]

NAMED_META = ("outlet", "date", "url")


def parse_meta(named: dict[str, str], other: str) -> dict[str, Any]:
    """The meta dict from the named fields and the "other meta" JSON; ValueError says why."""
    text = other.strip()
    try:
        # parse_constant: Python's json reads NaN and Infinity, which are not JSON.
        meta = json.loads(text, parse_constant=_refuse) if text else {}
    except json.JSONDecodeError as exc:
        raise ValueError(f"Other meta is not JSON: {exc.msg} (line {exc.lineno})") from None
    if not isinstance(meta, dict):
        raise ValueError('Other meta must be a JSON object: {"name": value, ...}')
    for key in NAMED_META:
        meta.pop(key, None)
        value = named.get(key, "").strip()
        if value:
            meta[key] = value
    return meta


def _refuse(name: str) -> None:
    raise ValueError(f"Other meta holds {name}, which JSON cannot carry; write it as a string")


class ArticleMetaDialog(QtWidgets.QDialog):
    def __init__(
        self,
        article: Article,
        *,
        save: Callable[[str, dict[str, Any]], None],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("article_meta_dialog")
        self.setWindowTitle(f"Article {article.id}: title and meta")
        self.save_to_store = save
        self.title_edit = QtWidgets.QLineEdit(article.title, objectName="meta_title")
        self.fields: dict[str, QtWidgets.QLineEdit] = {}
        for key in NAMED_META:
            value = article.meta.get(key)
            shown = "" if value is None else value if isinstance(value, str) else json.dumps(value)
            self.fields[key] = QtWidgets.QLineEdit(shown, objectName=f"meta_{key}")
        self.fields["date"].setPlaceholderText("e.g. 2024-05-16")
        rest = {k: v for k, v in article.meta.items() if k not in NAMED_META}
        self.other_edit = QtWidgets.QPlainTextEdit(objectName="meta_other")
        self.other_edit.setTabChangesFocus(True)  # Tab walks the form, as everywhere else
        self.other_edit.setPlainText(
            json.dumps(rest, ensure_ascii=False, indent=2, sort_keys=True) if rest else ""
        )
        self.error = QtWidgets.QLabel(objectName="meta_error")
        self.error.setStyleSheet("color: #B00020")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        form = QtWidgets.QFormLayout()
        form.addRow("&Title:", self.title_edit)
        form.addRow("&Outlet:", self.fields["outlet"])
        form.addRow("&Date:", self.fields["date"])
        form.addRow("&URL:", self.fields["url"])
        form.addRow("Other &meta (JSON):", self.other_edit)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Save
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        save_action = QtGui.QAction(self)
        save_action.setShortcuts([QtGui.QKeySequence(k) for k in ("Ctrl+Return", "Ctrl+Enter")])
        save_action.triggered.connect(self.save)
        self.addAction(save_action)
        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(520, 360)
        self.title_edit.setFocus()
        self.title_edit.selectAll()

    def save(self) -> None:
        named = {key: edit.text() for key, edit in self.fields.items()}
        try:
            meta = parse_meta(named, self.other_edit.toPlainText())
            self.save_to_store(self.title_edit.text(), meta)
        except (ValueError, AnnotatorError) as exc:
            self.error.setText(str(exc))
            return
        except sqlite3.Error as exc:
            self.error.setText(f"Could not save the article ({exc}); nothing was changed")
            return
        self.accept()
