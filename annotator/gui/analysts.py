"""Several analysts in the window (issue 16), assembled in one place beside the main window.

- The other analysts' layer (Ctrl+Shift+O steps it: off, each other analyst, all of
  them): their spans dashed over the text (``article.others``), with a tooltip naming
  the analyst, and the open article's disagreements with them in a list under the
  spans (``DisagreementPanel``; Enter jumps there).  One's own spans stay as they are.
- The adjudication view (Ctrl+Shift+J): it takes the text's place while open, with its
  own mode of keys (``keys.analysts``); decisions go into the gold layer through
  ``Operations``, one undo step each (``controllers.adjudication``).
- The work log (``WorkTracker``) and the throughput chart (Ctrl+Shift+K).

The main window creates one, tells it when an article opens and when it closes, and
lets it put its entries in the View menu; changes reach it through ``ops.changed``.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from annotator.core.changes import Change
from annotator.core.disagreements import Disagreement, compare_with_others
from annotator.core.errors import AnnotatorError
from annotator.core.model import Span
from annotator.gui.adjudication_view import AdjudicationView
from annotator.gui.article.others import OtherSpansLayer
from annotator.gui.controllers.adjudication import Adjudication
from annotator.gui.disagreement_panel import DisagreementPanel, who
from annotator.gui.keys.analysts import (
    ADJUDICATE,
    ANALYST_ACTIONS,
    ANALYST_BINDINGS,
    DECISION_COMMANDS,
)
from annotator.gui.qt import Qt, QtCore, QtGui, QtWidgets
from annotator.gui.work_tracker import WorkTracker

if TYPE_CHECKING:
    from annotator.gui.mainwindow import MainWindow

__all__ = ["ALL_OTHERS", "AnalystFeatures"]

ALL_OTHERS = "*"  # the layer's last step: every other analyst at once
# Refreshing the layer and its list re-reads and re-pairs the article's spans: 1 ms for
# a usual article, 0.7 s with 8,600 spans (half mine, half another's).  From this many
# spans on, a change refreshes them once the keys pause, not at every key.
DEFER_FROM = 2000
REFRESH_PAUSE_MS = 400


class AnalystFeatures(QtCore.QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.view = window.view
        self.store = window.store
        self.layer = OtherSpansLayer()
        self.shown: str | None = None  # an analyst's name, ALL_OTHERS, or None (off)
        self._hidden: list[QtWidgets.QWidget] = []  # what adjudication hid, to show again
        self.panel = DisagreementPanel()
        self.panel.hide()
        window.side.addWidget(self.panel)
        self.panel.chosen.connect(self.jump_to)
        self.adjudication_view = AdjudicationView()
        self.adjudication_view.hide()
        centre = self.view.parentWidget()
        assert centre is not None and centre.layout() is not None
        centre.layout().addWidget(self.adjudication_view)  # type: ignore[union-attr]
        self.session = Adjudication(
            store=self.store, write=window.ops.add_gold, undo=self._undo_step,
            message=window._message,
            changed=self._show_adjudication,
        )  # fmt: skip
        self.tracker = WorkTracker(store=self.store, view=self.view, message=window._message,
                                   annotator=lambda: window.ops.annotator, parent=self)  # fmt: skip
        self._refresh_timer = QtCore.QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_PAUSE_MS)
        self._refresh_timer.timeout.connect(self._refresh_layer)
        self._register()
        self.view.viewport().installEventFilter(self)
        window.ops.changed.connect(self.apply_change)

    def _register(self) -> None:
        window = self.window
        handlers = {
            "view.other_analysts": self.next_layer,
            "view.disagreements": self.focus_disagreements,
            "view.throughput": self.show_throughput,
            "adjudicate.start": self.start_adjudication,
            "adjudicate.agreements": self.session.accept_agreements,
            "adjudicate.next": lambda: self.session.step(forward=True),
            "adjudicate.previous": lambda: self.session.step(forward=False),
            "adjudicate.next_article": lambda: self.session.step_article(forward=True),
            "adjudicate.previous_article": lambda: self.session.step_article(forward=False),
            "adjudicate.undo": self.session.undo,
            "adjudicate.leave": self.leave_adjudication,
        }
        for command_id, decision in DECISION_COMMANDS.items():
            handlers[command_id] = lambda d=decision: self.session.decide(d)
        for command_id, handler in handlers.items():
            window.commands.register(command_id, handler)
        for command_id, spec in ANALYST_ACTIONS.items():
            window.actions[command_id] = window._make_action(command_id, spec)
        window.modes.set_layer("analysts", ANALYST_BINDINGS)  # gives the actions their keys

    def fill_menu(self, menu: QtWidgets.QMenu) -> None:
        menu.addSeparator()
        a = self.window.actions
        menu.addActions([a["view.other_analysts"], a["view.disagreements"],
                         a["adjudicate.start"], a["view.throughput"]])  # fmt: skip

    # -- following the window --------------------------------------------------------

    def article_opened(self, article_id: int | None) -> None:
        if self.window.modes.mode == ADJUDICATE:
            self.tracker.finish()  # adjudicating is not work on the article's own spans
        else:
            self.tracker.article_opened(article_id)
        self._refresh_layer()

    def apply_change(self, change: Change) -> None:
        self.tracker.apply_change(change)
        if self.shown is not None and (change.reload or change.article_id == self.view.article_id):
            if len(self.view.spans) + len(self.layer.spans) < DEFER_FROM:
                self._refresh_layer()
            else:
                self._refresh_timer.start()  # a burst of keys costs one refresh, after it
        if change.reload and self.window.modes.mode == ADJUDICATE:
            self.session.refresh()

    def close(self) -> None:
        self._refresh_timer.stop()
        self.tracker.close()

    # -- the other analysts' layer ----------------------------------------------------

    def others(self) -> list[str]:
        me = self.window.ops.annotator
        try:
            return [name for name in self.store.annotators() if name != me]
        except AnnotatorError as exc:
            self.window._message(str(exc), error=True)
            return []

    def next_layer(self) -> None:
        """Off -> each other analyst in turn -> all of them -> off."""
        others = self.others()
        # "All of them" only when there are several: with one it would show the same again.
        steps: list[str | None] = [None, *others] + ([ALL_OTHERS] if len(others) > 1 else [])
        at = steps.index(self.shown) if self.shown in steps else 0
        self.shown = steps[(at + 1) % len(steps)]
        if not others:
            self.window._message("No other analyst has spans in this corpus")
        self._refresh_layer()
        if self.shown is None:
            self.window._message("Other analysts' spans hidden")
        else:
            shown = "every other analyst" if self.shown == ALL_OTHERS else who(self.shown)
            self.window._message(f"Showing the spans of {shown}, dashed "
                                 f"({len(self.layer.spans)} in this article)")  # fmt: skip

    def shown_names(self, spans: Sequence[Span]) -> list[str]:
        """The analysts the layer shows in an article with these spans."""
        if self.shown is None:
            return []
        if self.shown != ALL_OTHERS:
            return [self.shown]
        # From the article's own spans: asking the corpus for every name would scan
        # all its spans at every change.
        me = self.window.ops.annotator
        return sorted({span.annotator for span in spans} - {me})

    def _refresh_layer(self) -> None:
        self._refresh_timer.stop()  # whatever was waiting is done now
        view, article_id = self.view, self.view.article_id
        present = any(layer is self.layer for layer in view.layers)
        if self.shown is None or article_id is None:
            self.layer.clear()
            self.panel.hide()
            if present:
                view.remove_layer(self.layer)
            return
        try:
            spans = self.store.spans(article_id)
        except AnnotatorError as exc:
            self.window._message(str(exc), error=True)
            spans = []
        names = self.shown_names(spans)
        self.layer.set_spans([s for s in spans if s.annotator in names],
                             to_position=view.offsets.to_qt)  # fmt: skip
        if not present:
            view.add_layer(self.layer)
        view.viewport().update()
        found = compare_with_others(spans, me=self.window.ops.annotator, others=names)
        heading = ("with every other analyst" if self.shown == ALL_OTHERS
                   else f"with {who(self.shown)}")  # fmt: skip
        self.panel.set_disagreements(found, heading=heading)
        self.panel.show()

    def focus_disagreements(self) -> None:
        if self.shown is None:
            self.next_layer()  # the list belongs to the layer: show the first analyst
        if self.shown is not None:
            self.panel.focus_list()

    def jump_to(self, item: Disagreement) -> None:
        """Select my span of a disagreement, else the characters the other analyst tagged."""
        mine = item.first
        if mine is not None and mine.id in self.view.spans:
            self.view.select_span(mine.id)
        else:
            other = item.second or item.first
            assert other is not None
            self.view.select_range(other.start, other.end, exact=True)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.window._message(f"{item.kind}: {self._say(item.first, item.first_name)} / "
                             f"{self._say(item.second, item.second_name)}")  # fmt: skip

    @staticmethod
    def _say(span: Span | None, name: str) -> str:
        return (f"{who(name)} has none" if span is None
                else f"{who(name)} {span.label} “{span.text[:40]}”")  # fmt: skip

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        # The tooltip over the text names the analyst of each dashed span under the pointer,
        # under the view's own list of spans there.
        if (event.type() == QtCore.QEvent.Type.ToolTip and self.layer.spans
                and watched is self.view.viewport()):  # fmt: skip
            assert isinstance(event, QtGui.QHelpEvent)
            theirs = self._others_under(event.pos())
            if theirs:
                mine = self.view.describe(self.view.spans_under(event.pos()))
                rows = [mine] if mine else []
                rows += [f"<i>{html.escape(who(s.annotator))}</i>: {self.view.describe([s])}"
                         for s in theirs]  # fmt: skip
                QtWidgets.QToolTip.showText(event.globalPos(), "<br>".join(rows), self.view)
                return True
        return False

    def _others_under(self, point: QtCore.QPoint) -> list[Span]:
        offset = self.view._offset_under(point)
        if offset is None or offset >= len(self.view.text):
            return []
        return self.tooltip_spans(offset)

    def tooltip_spans(self, offset: int) -> list[Span]:
        """The other analysts' spans shown over a stored offset."""
        return self.layer.spans_at(self.view.offsets.to_qt(offset))

    # -- adjudication -----------------------------------------------------------------

    def start_adjudication(self) -> None:
        if self.window.modes.mode == ADJUDICATE:
            return
        self.adjudication_view.colours = {lb.name: lb.colour for lb in self.window.labels}
        self.tracker.finish()  # time spent adjudicating is not time on the article
        self._hidden = [w for w in self._text_widgets() if w.isVisible()]
        for widget in self._hidden:
            widget.hide()
        self.adjudication_view.show()
        self.adjudication_view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.window.modes.enter(ADJUDICATE)
        if not self.session.start(near=self.view.article_id):
            self.leave_adjudication()  # nothing to adjudicate: the message says so

    def leave_adjudication(self) -> None:
        if self.window.modes.mode != ADJUDICATE:
            return
        current = self.session.current
        self.session.done.clear()  # undo here is of this visit's decisions only
        self.window.modes.leave()
        self.adjudication_view.hide()
        for widget in self._hidden:
            widget.show()
        if current is not None:
            self.window.open_article(current.article_id)  # where the adjudicator was
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_adjudication(self) -> None:
        """Redraw the view; the corpus list and span list follow the article adjudicated."""
        self.adjudication_view.show_state(self.session)
        current = self.session.current
        if self.window.modes.mode == ADJUDICATE and current is not None and (
            current.article_id != self.view.article_id
        ):
            self.window.open_article(current.article_id)
            self.adjudication_view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _text_widgets(self) -> Sequence[QtWidgets.QWidget]:
        return (self.window.find_bar, self.view, self.window.label_bar)

    def _undo_step(self, change: Change) -> bool:
        history = self.window.ops.history
        if history.undo_text != change.description:
            self.window._message("The last step is not this decision: leave (Esc) and undo "
                                 "there", error=True)  # fmt: skip
            return False
        return self.window.ops.undo() is not None

    # -- throughput -------------------------------------------------------------------

    def show_throughput(self) -> None:
        from annotator.gui.throughput_chart import ThroughputDialog

        article_id = self.tracker.visit.article_id if self.tracker.visit else None
        self.tracker.finish()  # the visit so far counts in the chart; a new one goes on
        self.tracker.article_opened(article_id)
        try:
            rows = self.store.work_log()
        except AnnotatorError as exc:
            self.window._message(str(exc), error=True)
            return
        dialog = ThroughputDialog(rows, annotator=self.window.ops.annotator, parent=self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
