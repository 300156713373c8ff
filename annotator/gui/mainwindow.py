"""The annotation window: assembles the panels and wires keys to commands.

Panels (corpus list, article view, find bar, label bar, span panel) live in their own
modules; this one wires them together.  Keys are data per mode (``gui.keys``): one QAction
per command id, its shortcuts set from the active mode, its handler looked up by id in
``commands``.  Label keys are decided by ``TaggingController``, unit keys (Alt+N...) by
``SelectionController``.  Data changes only through ``Operations``, and every view
redraws from its ``changed`` signal.
"""

from __future__ import annotations

import contextlib
import logging
from collections import Counter

from annotator.core.errors import AnnotatorError
from annotator.core.history import Change, Damaged
from annotator.core.model import Label
from annotator.core.store import Store
from annotator.gui import keys as keymap
from annotator.gui.analyst import AnalystName, chosen_name
from annotator.gui.analysts import AnalystFeatures
from annotator.gui.article_view import ArticleView
from annotator.gui.compare_view import CompareView
from annotator.gui.controllers.selection import SelectionController
from annotator.gui.controllers.tagging import TaggingController
from annotator.gui.corpus_editing import CorpusEditing
from annotator.gui.corpus_files import CorpusFiles
from annotator.gui.corpus_panel import CorpusPanel
from annotator.gui.corpus_search import CorpusSearch
from annotator.gui.cross_article import CrossArticleFeatures
from annotator.gui.find_bar import FindBar
from annotator.gui.label_bar import LabelBar
from annotator.gui.menus import build_menus
from annotator.gui.operations import Operations
from annotator.gui.qt import Qt, QtCore, QtGui, QtWidgets
from annotator.gui.relations import RelationFeatures
from annotator.gui.review import ReviewFeatures
from annotator.gui.settings import WindowSettings
from annotator.gui.span_panel import SpanPanel
from annotator.gui.status_line import StatusLine
from annotator.gui.tasks import TaskRunner

__all__ = ["MainWindow"]

log = logging.getLogger(__name__)


class MainWindow(QtWidgets.QMainWindow):
    def __init__(
        self,
        store: Store,
        *,
        annotator: str | None = None,
        poll_ms: int = 1500,
        settings: WindowSettings | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("main_window")
        self.store = store
        self.ops = Operations(store, annotator=chosen_name(annotator), poll_ms=poll_ms, parent=self)
        self.tasks = TaskRunner(store, parent=self)  # long work (export) off this thread
        self.settings = settings or WindowSettings()
        self.labels: list[Label] = []
        self.label_counts: Counter[str] = Counter()
        self.actions: dict[str, QtGui.QAction] = {}
        self._label_actions: list[QtGui.QAction] = []
        self.commands = keymap.Commands()
        self.modes = keymap.ModeManager(defaults=keymap.DEFAULT_BINDINGS)

        self.corpus_panel = CorpusPanel()
        self.view = ArticleView()
        self.find_bar = FindBar(self.view)
        self.label_bar = LabelBar()
        self.span_panel = SpanPanel()
        self.corpus_files = CorpusFiles(parent=self, operations=self.ops,  # File menu's corpora
                                        settings=self.settings, message=self._message)  # fmt: skip
        self.tagging = TaggingController(
            view=self.view,
            operations=self.ops,
            snap_to_words=lambda: self.snap_to_words,
            message=self._message,
        )
        self.units = SelectionController(  # keys that select numbers, names, quotations...
            view=self.view, message=self._message,
            fact=lambda text: self._show_fact(text) if text else self._show_caret_spans(),
            focus_text=lambda: self.view.setFocus(Qt.FocusReason.ShortcutFocusReason),
        )  # fmt: skip
        centre = QtWidgets.QWidget()
        centre.setObjectName("centre")
        column = QtWidgets.QVBoxLayout(centre)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.find_bar)
        column.addWidget(self.view, 1)
        column.addWidget(self.label_bar)
        self.splitter = QtWidgets.QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("main_splitter")
        self.splitter.addWidget(self.corpus_panel)
        self.splitter.addWidget(centre)
        self.side = QtWidgets.QSplitter(Qt.Orientation.Vertical)  # spans over relations
        self.side.addWidget(self.span_panel)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.status_line = StatusLine(self.statusBar())
        self.position_label = self.status_line.position
        self.progress_label = self.status_line.progress
        self.saved_label = self.status_line.saved

        # Window state is also saved shortly after each resize or splitter move, so even a
        # killed window comes back as it was left.
        self._save_timer = QtCore.QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(800)
        self._save_timer.timeout.connect(self.save_state)
        self._restored = False

        self.corpus_search = CorpusSearch(parent=self, store=store, open_article=self.open_article,
                                          view=self.view)  # fmt: skip
        self.corpus_search.register(self.commands)  # Ctrl+Shift+F
        self.compare = CompareView(parent=self, store=store, open_article=self.open_article,
                                   view=self.view)  # fmt: skip
        self.compare.register(self.commands)  # F8
        self._build_actions()
        self.relations = RelationFeatures(self)  # link mode, arcs, relation list, F2 form
        self.relation_panel = self.relations.panel
        self.side.addWidget(self.relation_panel)
        self.editing = CorpusEditing(self)  # F6 labels, F4 an article's title and meta
        self.analyst = AnalystName(self)  # File > Analyst name…, the name in the status bar
        self.analysts = AnalystFeatures(self)  # others' layer, adjudication, work log (issue 16)
        self._build_menus()
        self.review = ReviewFeatures(self)  # suggestions: F9 review mode, Ctrl+Shift+G
        self._connect()
        self.cross = CrossArticleFeatures(self)  # F7 stories, L links across, the registry
        self._load_labels()
        self.corpus_panel.set_corpus(store)
        self._restore()

    # -- building -----------------------------------------------------------------

    def _handlers(self) -> dict[str, object]:
        return {
            "span.next": lambda: self.select_adjacent_span(forward=True),
            "span.previous": lambda: self.select_adjacent_span(forward=False),
            "span.delete": self.delete_selected_span,
            "selection.clear": self.view.clear_selection,
            "edit.undo": self.undo,
            "edit.redo": self.redo,
            "find.open": self.find_bar.open_bar,
            "find.next": lambda: self._find_step(forward=True),
            "find.previous": lambda: self._find_step(forward=False),
            "article.next": lambda: self.open_adjacent_article(forward=True),
            "article.previous": lambda: self.open_adjacent_article(forward=False),
            "article.done_next": self.mark_done_and_next,
            "article.todo": lambda: self.set_status("todo"),
            "view.corpus_filter": self.corpus_panel.focus_filter,
            "view.spans": self.focus_span_list,
            "view.text": lambda: self.view.setFocus(Qt.FocusReason.ShortcutFocusReason),
            "view.snap": self._snap_toggled,
            "file.export": self.show_export,
            "file.quit": self.close,
            "help.keys": self.show_keys,
            "help.about": self.show_about,
        }

    def _build_actions(self) -> None:
        for command_id, handler in self._handlers().items():
            self.commands.register(command_id, handler)  # type: ignore[arg-type]
        self.units.register(self.commands)
        self.corpus_files.register(self.commands)
        self.units.register_reports(self.commands)
        for command_id, spec in keymap.ACTIONS.items():
            self.actions[command_id] = self._make_action(command_id, spec)
        self.modes.subscribe(self._apply_keys)
        self._apply_keys(self.modes.mode)

    def _make_action(self, command_id: str, spec: keymap.ActionSpec) -> QtGui.QAction:
        action = keymap.build_action(
            self, command_id, spec=spec, handler=lambda: self.commands.run(command_id)
        )
        self._attach(action)
        return action

    def _apply_keys(self, _mode: str) -> None:
        """Give every action the keys the active mode binds to it, and none otherwise."""
        live = self.modes.command_keys()
        for command_id, action in self.actions.items():
            keymap.set_keys(action, live.get(command_id, []))

    def _attach(self, action: QtGui.QAction) -> None:
        """Window-wide actions go on the window; text actions on the text and span list."""
        if action.shortcutContext() == Qt.ShortcutContext.WidgetShortcut:
            self.view.addAction(action)
            self.span_panel.table.addAction(action)
        else:
            self.addAction(action)

    def _build_menus(self) -> None:
        self.menus = build_menus(self.menuBar(), self.actions,
                                 fill_file_menu=self.corpus_files.fill_file_menu)  # fmt: skip
        self.label_menu = self.menus["label"]
        self.analysts.fill_menu(self.menus["view"])

    def _connect(self) -> None:
        self.ops.changed.connect(self._on_changed)
        self.ops.failed.connect(self._on_failed)
        self.ops.save_failed.connect(self._on_save_failed)
        self.corpus_panel.article_chosen.connect(self.open_article)
        self.span_panel.span_chosen.connect(self._jump_to_span)
        self.span_panel.span_current.connect(self.view.select_span)
        self.view.span_selected.connect(self._on_span_selected)
        self.view.tag_requested.connect(self.tag)
        self.view.relabel_requested.connect(self.tagging.relabel)
        self.view.delete_requested.connect(self.ops.delete)
        self.view.cursorPositionChanged.connect(self._show_caret_spans)
        self.label_bar.label_clicked.connect(self.tag)
        self.find_bar.said.connect(self._message)
        self.splitter.splitterMoved.connect(self._state_changed)

    def _load_labels(self) -> None:
        self.labels = self.store.labels()
        for action in self._label_actions:
            self.actions.pop(action.objectName(), None)
            self.removeAction(action)
            self.view.removeAction(action)
            self.span_panel.table.removeAction(action)
            action.deleteLater()
        self._label_actions = []
        self.label_menu.clear()
        self.tagging.register(self.commands, self.labels)
        self.tagging.register_span_keys(self.commands, self.labels)
        for command_id, spec in keymap.label_actions(self.labels).items():
            action = self._make_action(command_id, spec)
            self.actions[command_id] = action
            self._label_actions.append(action)
            self.label_menu.addAction(action)
        self.modes.set_layer("labels", keymap.label_bindings(self.labels))  # rebinds keys
        self.modes.set_layer("tag_all", keymap.tag_all_bindings(self.labels))
        self.view.set_labels(self.labels)
        self.span_panel.set_labels(self.labels)
        self.label_bar.set_labels(self.labels)
        self.label_bar.set_counts(self.label_counts)

    def _restore(self) -> None:
        geometry = self.settings.geometry
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
        state = self.settings.window_state
        if state is not None:
            self.restoreState(state)
        sizes = self.settings.splitter_sizes("main")
        if sizes and len(sizes) == self.splitter.count():
            self.splitter.setSizes(sizes)
        else:
            self.splitter.setSizes([350, 630, 340])  # titles, status marks and stories
        snapping = self.settings.flag("snap_to_words", True)
        self.actions["view.snap"].blockSignals(True)
        self.actions["view.snap"].setChecked(snapping)
        self.actions["view.snap"].blockSignals(False)
        self._restored = True
        last = self.settings.last_article(self._corpus_name())
        ids = self.corpus_panel.model.ids()
        if last in ids:
            self.open_article(last)  # type: ignore[arg-type]
        elif ids:
            self.open_article(ids[0])
        else:
            self.view.clear_article()
            self._update_status()

    def _state_changed(self, *_args: object) -> None:
        if self._restored:
            self._save_timer.start()

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:
        super().resizeEvent(event)
        self._state_changed()

    def moveEvent(self, event: QtGui.QMoveEvent) -> None:
        super().moveEvent(event)
        self._state_changed()

    def _corpus_name(self) -> str:
        return str(self.store.path.resolve()) if self.store.path else ":memory:"

    def save_state(self) -> None:
        self.settings.geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        self.settings.set_splitter_sizes("main", self.splitter.sizes())
        self.settings.set_flag("snap_to_words", self.snap_to_words)
        self.settings.sync()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:
        self._save_timer.stop()
        self.save_state()
        self.ops.stop()
        self.analysts.close()  # the open visit goes into the work log
        self.units.close()
        # Cancel and join every worker, the export dialog's too: none outlives the window.
        for runner in self.findChildren(TaskRunner):
            runner.shutdown()
        super().closeEvent(event)

    # -- opening articles -------------------------------------------------------------

    @property
    def article_id(self) -> int | None:
        return self.view.article_id

    @property
    def snap_to_words(self) -> bool:
        return self.actions["view.snap"].isChecked()

    def open_article(self, article_id: int) -> None:
        try:
            text = self.store.article_text(article_id)
            keys, damaged = self.ops.history.view_spans(article_id)
        except AnnotatorError as exc:
            self._on_failed(str(exc))
            return
        self.view.show_article(article_id, text, keys)
        self.units.article_opened(text)  # its units found in the background, for the keys
        self.span_panel.set_spans(article_id, text, keys)
        self.relations.article_opened(article_id)
        self.cross.article_opened(article_id)
        self.analysts.article_opened(article_id)
        self.review.article_opened(article_id)
        self.label_counts = Counter(key[2] for key in keys)
        self.label_bar.set_counts(self.label_counts)
        self.corpus_panel.set_current(article_id)
        self.find_bar.article_changed()
        self.settings.set_last_article(self._corpus_name(), article_id)
        summary = self.corpus_panel.model.summary(article_id)
        title = summary.title if summary else ""
        self.setWindowTitle(f"{title} — Annotator" if title else "Annotator")
        self._update_status()
        self._report_damaged(article_id, damaged)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_adjacent_article(self, *, forward: bool) -> None:
        ids = self.corpus_panel.model.visible_ids()
        if not ids:
            return
        current = self.article_id
        if current in ids:
            at = ids.index(current) + (1 if forward else -1)
            if not 0 <= at < len(ids):
                self._message("This is the " + ("last" if forward else "first") + " article")
                return
        else:
            at = 0
        self.open_article(ids[at])

    def mark_done_and_next(self) -> None:
        current = self.article_id
        if current is None:
            return
        if self.ops.set_status(current, "done") is None:
            return
        ids = self.corpus_panel.model.ids()
        at = ids.index(current) if current in ids else -1
        for article_id in ids[at + 1 :] + ids[: at + 1]:
            summary = self.corpus_panel.model.summary(article_id)
            if summary is not None and summary.status != "done":
                self.open_article(article_id)
                return
        self._message("Every article in the corpus is done")

    def set_status(self, status: str) -> None:
        if self.article_id is not None:
            self.ops.set_status(self.article_id, status)

    # -- tagging ----------------------------------------------------------------------

    def tag(self, label: str) -> None:
        """A label key: relabel the selected span, else tag the selection or the word."""
        self.tagging.tag(label)

    def delete_selected_span(self) -> None:
        self.tagging.delete_selected()

    def select_adjacent_span(self, *, forward: bool) -> None:
        span = self.view.adjacent_span(forward=forward)
        if span is None:
            self._message("This article has no spans yet")
            return
        self.view.select_span(span.id)

    def focus_span_list(self) -> None:
        """The span list, on the selected span, else the first span from the caret."""
        span_id = self.view.selected_span
        if span_id is None:
            span = self.view.adjacent_span(forward=True)
            span_id = span.id if span is not None else None
        self.span_panel.enter_list(span_id)

    def _jump_to_span(self, span_id: int) -> None:
        self.view.select_span(span_id)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def undo(self) -> None:
        self._after_history(self.ops.undo())

    def redo(self) -> None:
        self._after_history(self.ops.redo())

    def _after_history(self, change: Change | None) -> None:
        """Show where an undo or redo happened, in whichever article that was."""
        if change is None:
            return
        if change.article_id < 0:  # the actor registry's steps belong to no one article
            self._message(change.description[:1].upper() + change.description[1:])
            return
        if change.article_id != self.article_id:
            self.open_article(change.article_id)
        if change.added:
            self.view.select_span(change.added[-1].id)
        elif change.removed:
            self.view.place_caret(change.removed[0].start)
        self._message(change.description[:1].upper() + change.description[1:])

    def _find_step(self, *, forward: bool) -> None:
        """F3 / Shift+F3: in the open bar, its next match; closed, the last query's next
        match from the caret, with the keyboard in the text so a label key tags it."""
        bar = self.find_bar
        if bar.isVisible():
            if forward:
                bar.find_next()
            else:
                bar.find_previous()
        elif bar.step(forward=forward):
            self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            bar.open_bar()  # nothing searched yet: ask for a query

    def _snap_toggled(self) -> None:
        self.settings.set_flag("snap_to_words", self.snap_to_words)
        self._message("Selections snap to whole words" if self.snap_to_words
                      else "Selections keep exact characters")  # fmt: skip

    # -- reacting to changes -----------------------------------------------------------

    def _on_changed(self, change: Change) -> None:
        if change.reload:
            self.reload()
            return
        self.view.apply_change(change)
        self.span_panel.apply_change(change)
        self.relations.apply_change(change)
        if change.article_id == self.article_id:
            self.label_counts.update(span.label for span in change.added)
            self.label_counts.subtract(span.label for span in change.removed)
            self.label_bar.set_counts(self.label_counts)
        # An article deleted by another program has no summary; the next poll reloads.
        with contextlib.suppress(AnnotatorError):
            self.corpus_panel.model.update_article(self.ops.history.summary(change.article_id))
        self.status_line.show_saved()
        self._update_status()
        selected = self.view.selected_span
        if selected is not None and any(span.id == selected for span in change.added):
            self._on_span_selected(selected)  # relabelled: say its new label
        elif selected is None:
            self._show_caret_spans()  # a span came or went under the caret

    def reload(self) -> None:
        """Another program changed the corpus: read labels, list and open spans again."""
        if [(lb.name, lb.hotkey, lb.colour) for lb in self.store.labels()] != [
            (lb.name, lb.hotkey, lb.colour) for lb in self.labels
        ]:
            self._load_labels()
        self.corpus_panel.set_corpus(self.store)
        self.store.forget_texts()  # an id can come back with another text (delete, re-import)
        current = self.article_id
        damaged: list[Damaged] = []
        if current is not None and self.corpus_panel.model.summary(current) is None:
            ids = self.corpus_panel.model.ids()
            if ids:
                self.open_article(ids[0])
            else:
                self.view.clear_article()
                self.span_panel.set_spans(None, "", [])
        elif current is not None:
            try:
                changed = self.store.article_text(current) != self.view.text
            except AnnotatorError as exc:
                self._on_failed(str(exc))
                return
            if changed:  # its id now holds another text: show that one
                self.open_article(current)
            else:
                keys, damaged = self.ops.history.view_spans(current)
                self.view.replace_spans(keys)
                self.span_panel.set_spans(current, self.view.text, keys)
                self.span_panel.follow(self.view.selected_span)
                self.label_counts = Counter(key[2] for key in keys)
                self.label_bar.set_counts(self.label_counts)
        self.relations.reload()
        self._update_status()
        self._message("The corpus was changed by another program; showing its changes")
        if current is not None:
            self._report_damaged(current, damaged)

    def _report_damaged(self, article_id: int, damaged: list[Damaged]) -> None:
        self.status_line.damaged(article_id, damaged)

    def _on_failed(self, message: str) -> None:
        self._message(message, error=True)

    def _on_save_failed(self, message: str) -> None:
        self.status_line.show_not_saved()
        box = QtWidgets.QMessageBox(self)
        box.setIcon(QtWidgets.QMessageBox.Icon.Warning)
        box.setWindowTitle("Annotator")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(message)
        box.open()

    def _on_span_selected(self, span_id: int | None) -> None:
        self.span_panel.follow(span_id)
        links = self.relations.span_selected(span_id)
        span = self.view.spans.get(span_id) if span_id is not None else None
        if span is None:
            self._show_fact(None)
            self._show_caret_spans()  # the caret may still sit inside spans
            return
        shown = " ".join(span.text.split())[:60]
        said = f"Selected {span.label} “{shown}” [{span.start}, {span.end})"
        self._show_fact(f"{said} · {links}" if links else said)

    def _show_caret_spans(self) -> None:
        if self.view.selected_span is not None:
            return  # "Selected …" says it already
        offset = self.view.caret_offset()
        text = self.view.text
        here = self.view.spans_at(offset) if text and offset < len(text) else []
        self._show_fact(
            "Here: " + ", ".join(dict.fromkeys(span.label for span in here)) if here else None
        )

    def _show_fact(self, text: str | None) -> None:
        self.status_line.fact(text)

    def _message(self, text: str, *, error: bool = False) -> None:
        self.status_line.message(text, error=error)

    def _update_status(self) -> None:
        model = self.corpus_panel.model
        total = model.total()
        position = model.position(self.article_id) if self.article_id is not None else None
        self.status_line.show_place(position, total, model.done_count())

    # -- dialogs ----------------------------------------------------------------------

    def show_keys(self) -> None:
        from annotator.gui.cheatsheet import CheatSheet

        sheet = CheatSheet(
            self.modes.command_keys(commands=self.actions), self.labels, self,
            mode=self.modes.mode,
        )  # fmt: skip
        sheet.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        sheet.open()

    def show_export(self) -> None:
        from annotator.gui.export_dialog import ExportDialog

        ExportDialog(self.store, parent=self).exec()

    def show_about(self) -> None:
        from annotator.gui.about import show_about

        show_about(self)
