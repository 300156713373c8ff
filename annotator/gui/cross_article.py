"""Issue 14 in the window: stories, links to other articles, the actor registry.

Assembled beside the main window as ``RelationFeatures`` is: the story picker (F7) and
the story in the status bar, cross-article link mode (L, its own key table) with its
picker, the registry panel (Ctrl+Shift+E, a dock) and the entity offer after an ACTOR
tag.  The window creates one and tells it when an article opens; it follows every
change through ``Operations.changed`` itself.  Reads come from the store; writes go
through ``Operations`` (one undo step each), except a story assignment, which the
store keeps no undo for (F7 again puts it back).

Links show as a marker in the span list's Links column ("⇄same") and, for the selected
span, in the status line; the L picker lists the span's existing links too, where
Delete removes one.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING

from annotator.core.candidates import number_of
from annotator.core.entity_match import EntityMatcher
from annotator.core.errors import AnnotatorError
from annotator.core.history import Change
from annotator.core.model import Span
from annotator.gui.actor_offer import ActorOffer
from annotator.gui.controllers.cross_linking import CrossLinking, Picker
from annotator.gui.keys import XLINK, XLINK_BINDINGS
from annotator.gui.popup_list import PopupList, isolated, one_line
from annotator.gui.qt import Qt, QtCore, QtGui, QtWidgets
from annotator.gui.registry_panel import RegistryPanel
from annotator.gui.story_picker import NEW, NONE, StoryPicker

if TYPE_CHECKING:
    from annotator.gui.mainwindow import MainWindow

__all__ = ["CrossArticleFeatures"]

PICKER_COLUMNS = ("Article", "Label", "Span", "Value", "Context", "Why")
CONTEXT = 40  # characters of text shown either side of a candidate span


@contextlib.contextmanager
def _wait_cursor() -> Iterator[None]:
    QtWidgets.QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QtWidgets.QApplication.restoreOverrideCursor()


class CrossArticleFeatures:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.view = window.view
        self.store = window.store
        ops = window.ops
        # On the window itself: a child of the splitter would become one of its panes.
        self.story_picker = StoryPicker(window)
        self.story_picker.chosen.connect(self._story_chosen)
        self.story_picker.cancelled.connect(self._back_to_text)
        self.story_label = QtWidgets.QLabel()
        self.story_label.setObjectName("story_label")
        self.story_label.setTextFormat(Qt.TextFormat.PlainText)
        window.statusBar().addPermanentWidget(self.story_label)

        self.picker = PopupList(self.view, name="xlink_picker", columns=PICKER_COLUMNS)
        self.picker.hints.setText(
            "Enter: same · 1 same · 2 contradicts · 3 updates · 4 different-event · "
            "Tab/↓ ↑: move · W: whole corpus · Delete: unlink · Esc: cancel"
        )
        self._shown: Picker | None = None
        self.linking = CrossLinking(
            store=self.store, operations=ops, selected=lambda: self.view.selected_span,
            show=self._show_picker, enter_mode=lambda: window.modes.enter(XLINK),
            leave_mode=window.modes.leave, message=window._message, busy=_wait_cursor,
        )  # fmt: skip
        self.linking.register(window.commands)
        window.modes.set_layer("xlinking", XLINK_BINDINGS)

        self.registry = RegistryPanel(operations=ops, mentions=self._mentions,
                                      message=window._message)  # fmt: skip
        self.dock = QtWidgets.QDockWidget("Actor registry", window)
        self.dock.setObjectName("registry_dock")
        self.dock.setWidget(self.registry)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self.registry.mention_chosen.connect(self._open_mention)
        self.registry.leave.connect(self._back_to_text)
        self._registry_stale = True

        self._matcher: EntityMatcher | None = None
        # The matcher is built when the window is idle, not on the ACTOR tag that needs it
        # (0.5 s for 10,000 entities on a busy machine; a match is then 10-40 ms).
        self._warm_timer = QtCore.QTimer(window)
        self._warm_timer.setSingleShot(True)
        self._warm_timer.setInterval(400)
        self._warm_timer.timeout.connect(self._warm)
        self._warm_timer.start()
        self.offer = ActorOffer(self.view, operations=ops, matcher=self.matcher,
                                anchor=self._anchor, message=window._message)  # fmt: skip
        window.tagging.tagged.append(self.offer.offer)

        window.commands.register("story.pick", self.pick_story)
        window.commands.register("view.registry", self.toggle_registry)
        ops.changed.connect(self.apply_change)
        self.view.span_selected.connect(self._span_selected)
        self._across: dict[int, str] = {}
        self._titles: dict[int, str] = {}
        self._picking: list[int] = []  # the articles the open story picker is for
        self._add_to_menus()
        self._show_stories()

    def _add_to_menus(self) -> None:
        menus = {a.text().replace("&", ""): a.menu() for a in self.window.menuBar().actions()}
        actions = self.window.actions
        for menu, command in (("Article", "story.pick"), ("Spans", "xlink.start"),
                              ("View", "view.registry")):  # fmt: skip
            if menus.get(menu) is not None and command in actions:
                menus[menu].addAction(actions[command])

    # -- following the window ----------------------------------------------------------

    def article_opened(self, article_id: int | None) -> None:
        self.linking.abandon()
        self.offer.dismiss()
        self._titles.clear()
        self._show_story(article_id)
        self._show_across(article_id)

    def apply_change(self, change: Change) -> None:
        current = self.view.article_id
        if change.reload:
            self._show_stories()
            self._matcher = None
            self._warm_timer.start()
            self._registry_changed()
            self.linking.abandon()
            self._titles.clear()
            self._show_story(current)
            self._show_across(current)
            return
        added, removed = change.added_records, change.removed_records
        if added.entities or removed.entities:
            self._matcher = None
            self._warm_timer.start()
        if added.entities or removed.entities or any(
            span.label == "ACTOR" for span in (*added.spans, *removed.spans)
        ):
            self._registry_changed()
        picker = self.linking.picker
        if picker is not None and any(s.id == picker.head.id for s in removed.spans):
            self.linking.abandon()  # the span it links from is gone
        if current is not None and any(
            current in (link.article_id, link.to_article_id) for link in (*added.links,
                                                                          *removed.links)
        ):  # fmt: skip
            self._show_across(current)

    # -- stories -----------------------------------------------------------------------

    def pick_story(self) -> None:
        """F7: the open article's story, or that of the rows selected in the corpus list
        when there are several (the list selects one row today; a multi-row selection
        is honoured as soon as it allows one)."""
        targets = self._story_targets()
        if not targets:
            self.window._message("Open an article first: F7 puts it in a story")
            return
        try:
            stories = self.store.story_counts()
            story = self.store.article_story(targets[0]) if len(targets) == 1 else None
        except AnnotatorError as exc:
            self.window._message(str(exc), error=True)
            return
        if len(targets) == 1:
            summary = self.window.corpus_panel.model.summary(targets[0])
            title = summary.title if summary else ""
        else:
            title = f"the {len(targets)} articles selected in the corpus list"
        self._picking = targets
        self.story_picker.open_for(title, stories, story.name if story else None)

    def _story_targets(self) -> list[int]:
        panel = self.window.corpus_panel
        rows = sorted(index.row() for index in panel.table.selectionModel().selectedRows())
        chosen = [a.id for row in rows if (a := panel.model.article_at(row)) is not None]
        if len(chosen) > 1:
            return chosen
        return [self.view.article_id] if self.view.article_id is not None else []

    def _story_chosen(self, data: tuple[str, str | None]) -> None:
        targets, self._picking = self._picking, []
        self._back_to_text()
        if not targets:
            return
        what, name = data
        changed = self.window.ops.assign_story(targets, None if what == NONE else name)
        if changed is None:
            return
        self._show_stories()
        self._show_story(self.view.article_id)
        which = "The article" if len(targets) == 1 else f"{changed} of {len(targets)} articles"
        if what == NONE:
            said = f"{which}: no story now" if changed else f"{which}: no story already"
        else:
            made = "new story " if what == NEW else ""
            said = f"{which}: in {made}“{isolated(name or '')}”" + ("" if changed else " already")
        self.window._message(said)

    def _show_stories(self) -> None:
        try:
            self.window.corpus_panel.set_stories(self.store)
        except AnnotatorError as exc:
            self.window._message(str(exc), error=True)

    def _show_story(self, article_id: int | None) -> None:
        story = None
        if article_id is not None:
            try:
                story = self.store.article_story(article_id)
            except AnnotatorError:
                story = None
        self.story_label.setText(
            f"Story: {isolated(story.name, 40)}" if story else "No story (F7)"
        )
        self.story_label.setToolTip("")

    # -- links to other articles --------------------------------------------------------

    def _show_across(self, article_id: int | None) -> None:
        marks: dict[int, list[str]] = {}
        if article_id is not None:
            try:
                links = self.store.links(article_id)
            except AnnotatorError:
                links = []
            for link in links:
                for span_id, article in ((link.span_id, link.article_id),
                                         (link.to_span_id, link.to_article_id)):  # fmt: skip
                    if article == article_id:
                        marks.setdefault(span_id, []).append(f"⇄{link.type}")
        self._across = {span_id: " ".join(parts) for span_id, parts in marks.items()}
        self.window.span_panel.model.set_across(self._across)

    def _span_selected(self, span_id: int | None) -> None:
        # A closed window (File > Open corpus…, quitting) clears its selection as it goes,
        # after its store may be closed: nothing to say then.
        if span_id is None or span_id not in self._across or not self.window.isVisible():
            return
        try:
            links = self.store.span_links(span_id)
        except AnnotatorError:
            return
        parts = []
        for link in links[:3]:
            other_id, other_article = ((link.to_span_id, link.to_article_id)
                                       if link.span_id == span_id
                                       else (link.span_id, link.article_id))  # fmt: skip
            try:
                other = self.store.span(other_id)
            except AnnotatorError:
                continue
            parts.append(f"⇄ {link.type}: {isolated(self._title(other_article))} "
                         f"“{isolated(other.text, 30)}”")  # fmt: skip
        if parts:
            shown = self.window.status_line.bar.currentMessage()
            self.window.status_line.fact(f"{shown} · " + "; ".join(parts) if shown
                                         else "; ".join(parts))  # fmt: skip

    def _title(self, article_id: int) -> str:
        title = self._titles.get(article_id)
        if title is None:
            try:
                title = self.store.summary(article_id).title
            except AnnotatorError:
                title = f"article {article_id}"
            self._titles[article_id] = title
        return one_line(title, 40)

    def _show_picker(self, picker: Picker | None) -> None:
        if picker is None:
            self._shown = None
            self.picker.hide()
            return
        if self._shown is not None and self._shown.candidates is picker.candidates \
                and self._shown.linked == picker.linked:  # fmt: skip
            self._shown = picker  # only the highlight moved
            self.picker.rows.setCurrentItem(self.picker.rows.topLevelItem(picker.index))
            return
        self._shown = picker
        rows = [(self._row(candidate.span, candidate.reasons, picker.linked.get(candidate.span.id)),
                 candidate.span.id) for candidate in picker.candidates]  # fmt: skip
        self.picker.set_rows(rows, current=picker.index)
        head = f"{picker.head.label} “{isolated(picker.head.text, 40)}”"
        where = (f"story “{isolated(picker.story or '', 40)}”" if picker.scope == "story"
                 else "the whole corpus")  # fmt: skip
        self.picker.heading.setText(
            f"Link {head} to a span in {where}: {len(picker.candidates)} candidates"
            if picker.candidates else f"Link {head}: no span in {where} (W: whole corpus)"
        )
        self.picker.show_along_bottom(height=280)
        self._size_picker_columns()

    def _size_picker_columns(self) -> None:
        """Label and value as wide as they need; the context takes what is left."""
        header = self.picker.rows.header()
        header.setStretchLastSection(False)
        metrics = self.picker.rows.fontMetrics()
        fixed = {1: "NUMBER", 3: "00,000 bodies"}
        for column, sample in fixed.items():
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 16)
        width = self.picker.rows.viewport().width()
        for column, share in ((0, 0.16), (2, 0.17), (5, 0.14)):
            header.resizeSection(column, int(width * share))
        header.setSectionResizeMode(4, QtWidgets.QHeaderView.ResizeMode.Stretch)

    def _row(self, span: Span, reasons: tuple[str, ...], linked: object) -> list[str]:
        value = ""
        if span.label == "NUMBER":
            number, unit = number_of(span)
            if number is not None:
                value = f"{number:g} {unit}".strip()
        try:
            text = self.store.article_text(span.article_id)
        except AnnotatorError:
            text = ""
        before = text[max(0, span.start - CONTEXT) : span.start]
        after = text[span.end : span.end + CONTEXT]
        context = (f"…{one_line(before, CONTEXT)} [{one_line(span.text, 60)}] "
                   f"{one_line(after, CONTEXT)}…")  # fmt: skip
        why = ", ".join(reasons)
        if linked is not None:
            why = f"LINKED {getattr(linked, 'type', '')} · {why}"
        return [self._title(span.article_id), span.label, span.text, value, context, why]

    # -- the registry and the ACTOR offer ----------------------------------------------

    def matcher(self) -> EntityMatcher:
        if self._matcher is None:
            try:
                self._matcher = EntityMatcher(self.store.entities())
            except (AnnotatorError, sqlite3.Error):  # no offer is better than a failed tag
                return EntityMatcher([])
        return self._matcher

    def _warm(self) -> None:
        if self.window.isVisible():  # a closed window's store may be closed too
            self.matcher()

    def _anchor(self, span: Span) -> QtCore.QRect:
        view = self.view
        cursor = QtGui.QTextCursor(view.document())
        cursor.setPosition(view.offsets.to_qt(span.start))
        rect = view.cursorRect(cursor).translated(view.viewport().pos())
        return rect

    def toggle_registry(self) -> None:
        if self.dock.isVisible() and self.registry.isAncestorOf(
            QtWidgets.QApplication.focusWidget()
        ):
            self.dock.hide()
            self._back_to_text()
            return
        self.dock.show()
        self.dock.raise_()
        if self._registry_stale:
            self._refresh_registry()
        self.registry.focus_list()

    def _registry_changed(self) -> None:
        self._registry_stale = True
        if self.dock.isVisible():
            self._refresh_registry()

    def _refresh_registry(self) -> None:
        try:
            self.registry.set_entities(self.store.entities(), self.store.mention_counts())
        except AnnotatorError as exc:
            self.window._message(str(exc), error=True)
            return
        self._registry_stale = False

    def _mentions(self, key: str) -> list[tuple[Span, str]]:
        try:
            return [(span, self._title(span.article_id)) for span in self.store.mentions(key)]
        except AnnotatorError as exc:
            self.window._message(str(exc), error=True)
            return []

    def _open_mention(self, article_id: int, span_id: int) -> None:
        if article_id != self.view.article_id:
            self.window.open_article(article_id)
        self.view.select_span(span_id)
        self._back_to_text()

    def _back_to_text(self) -> None:
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
