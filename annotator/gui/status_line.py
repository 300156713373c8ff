"""The window's status bar: passing messages, one standing fact, and three fixed fields.

A *message* says what just happened and times out (red for an error, and the red goes
with its words).  A *fact* ("Selected NUMBER …", "Here: ACTOR") is only true while the
caret stays: it is taken back the moment it stops being true, never left to time out
(a stale "Here: ACTOR" misleads).  The fields on the right say where the article is in
the corpus, how much of the corpus is done, and when the last change was saved.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from annotator.core.model import Damaged
from annotator.gui.qt import Qt, QtWidgets

log = logging.getLogger("annotator.gui.mainwindow")

__all__ = ["ERROR_STYLE", "MESSAGE_MS", "StatusLine"]

MESSAGE_MS = 5000
ERROR_STYLE = "QStatusBar { color: #C0392B }"


class StatusLine:
    def __init__(self, bar: QtWidgets.QStatusBar) -> None:
        self.bar = bar
        self.position = QtWidgets.QLabel()
        self.progress = QtWidgets.QLabel()
        self.saved = QtWidgets.QLabel("Saved")
        self.analyst = QtWidgets.QLabel()  # who is tagging (issue 16): File > Analyst name…
        self.analyst.setObjectName("analyst_label")
        for label in (self.analyst, self.position, self.progress, self.saved):
            label.setTextFormat(Qt.TextFormat.PlainText)
            bar.addPermanentWidget(label)
        self.saved.setObjectName("saved_label")
        # Fixed widths: a new time after every key must not re-lay out the status bar.
        metrics = self.saved.fontMetrics()
        self.saved.setMinimumWidth(metrics.horizontalAdvance("Saved 00:00:00  "))
        self.position.setMinimumWidth(metrics.horizontalAdvance("Article 00000 of 00000 "))
        self.progress.setMinimumWidth(metrics.horizontalAdvance("Corpus: 00000 of 00000 done "))
        self._fact: str | None = None
        # (article id, damaged span ids) already reported: each damage is said once, not
        # again at every reload that the poll triggers.
        self._damage_reported: set[tuple[int, tuple[int, ...]]] = set()
        bar.messageChanged.connect(self._message_changed)

    def message(self, text: str, *, error: bool = False) -> None:
        self.bar.setStyleSheet(ERROR_STYLE if error else "")
        self.bar.showMessage(text, MESSAGE_MS)

    def fact(self, text: str | None) -> None:
        """Show, or take back with None, a line about the selection or the caret.

        A message shown over it is left alone.
        """
        if text is None:
            if self._fact is not None and self.bar.currentMessage() == self._fact:
                self.bar.clearMessage()
            self._fact = None
            return
        self._fact = text
        if self.bar.currentMessage() != text:
            self.message(text)

    def _message_changed(self, text: str) -> None:
        # An error's red goes with its words, whether they time out or are cleared.
        if not text:
            self.bar.setStyleSheet("")

    def show_place(self, position: int | None, total: int, done: int) -> None:
        self.position.setText(
            f"Article {position + 1} of {total}" if position is not None else f"{total} articles"
        )
        self.progress.setText(f"Corpus: {done} of {total} done")

    def show_analyst(self, name: str) -> None:
        self.analyst.setText(f"Analyst: {name}")

    def show_saved(self) -> None:
        self.saved.setText(f"Saved {datetime.now():%H:%M:%S}")
        self.saved.setStyleSheet("")

    def show_not_saved(self) -> None:
        self.saved.setText("NOT saved")
        self.saved.setStyleSheet("color: #C0392B; font-weight: bold")

    def damaged(self, article_id: int, damaged: Sequence[Damaged]) -> None:
        """Say once that spans were left out because they do not fit the article."""
        if not damaged:
            return
        seen = (article_id, tuple(sorted(d.span_id for d in damaged)))
        if seen in self._damage_reported:
            return
        self._damage_reported.add(seen)
        log.warning(
            "article %s: %d damaged span(s) not shown (written by another program): %s",
            article_id, len(damaged), "; ".join(d.line() for d in damaged[:5]),
        )  # fmt: skip
        self.message(
            f"Not shown: {len(damaged)} damaged span(s) written by another program, "
            f"which exports refuse ({damaged[0].line()})",
            error=True,
        )
