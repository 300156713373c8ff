"""Editing the corpus's labels (File > Labels…, F6) and the open article's title and meta (F4).

The window creates one and gives it the commands ``file.labels`` and ``article.edit``;
the dialogs write through the store and this object brings the window up to date at
once: the label bar, the Label menu and the label keys after a label edit (and the open
article's spans after a rename, since they carry the label's name), the corpus list's
row and the window title after a title edit.

Neither edit is undoable (see each dialog's module): the undo history holds spans and
relations.  A rename is passed on to the history, so a delete made before it still undoes.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from annotator.core.errors import AnnotatorError
from annotator.gui.article_meta_dialog import ArticleMetaDialog
from annotator.gui.labels_dialog import LabelsDialog
from annotator.gui.qt import Qt, QtWidgets

if TYPE_CHECKING:
    from annotator.gui.mainwindow import MainWindow

__all__ = ["CorpusEditing"]


class CorpusEditing:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.dialog: QtWidgets.QDialog | None = None  # the one open, for tests and focus
        window.commands.register("file.labels", self.edit_labels)
        window.commands.register("article.edit", self.edit_article)

    def _show(self, dialog: QtWidgets.QDialog) -> None:
        # open(), not exec(): window-modal without a nested event loop, so the window
        # keeps painting the label bar as the labels change behind the dialog.
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _result: self._closed(dialog))
        self.dialog = dialog
        dialog.open()
        dialog.activateWindow()  # keys go to it at once, whatever the window manager does

    def _closed(self, dialog: QtWidgets.QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        self.window.activateWindow()  # back to the text, ready for a label key
        self.window.view.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- labels -------------------------------------------------------------------------

    def edit_labels(self) -> None:
        self._show(LabelsDialog(self.window.store, on_changed=self.labels_changed,
                                parent=self.window))  # fmt: skip

    def labels_changed(self, renamed: dict[str, str]) -> None:
        """Labels, their keys and the open article's spans (a rename renames them) anew."""
        window = self.window
        for old, new in renamed.items():
            window.ops.history.label_renamed(old, new)
        window._load_labels()
        article_id = window.article_id
        if article_id is None:
            return
        try:
            keys, _damaged = window.ops.history.view_spans(article_id)
        except AnnotatorError as exc:
            window._message(str(exc), error=True)
            return
        selected = window.view.selected_span
        window.view.replace_spans(keys)
        window.span_panel.set_spans(article_id, window.view.text, keys)
        window.span_panel.follow(selected)
        window.label_counts = Counter(key[2] for key in keys)
        window.label_bar.set_counts(window.label_counts)
        window.relations.reload()

    # -- the article's title and meta --------------------------------------------------------

    def edit_article(self) -> None:
        window = self.window
        article_id = window.article_id
        if article_id is None:
            window._message("Open an article first: its title and meta are edited here")
            return
        try:
            article = window.store.article(article_id)
        except AnnotatorError as exc:
            window._message(str(exc), error=True)
            return

        def save(title: str, meta: dict[str, Any]) -> None:
            edited = window.store.edit_article(article_id, title=title, meta=meta)
            window.corpus_panel.model.update_article(window.store.summary(article_id))
            window.setWindowTitle(f"{edited.title} — Annotator")
            window._message(f"Saved the title and meta of “{edited.title}”")

        self._show(ArticleMetaDialog(article, save=save, parent=window))
