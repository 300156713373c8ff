"""The window's relations and attributes, assembled in one place beside the main window.

Owns the arcs layer, the relation panel, link mode (``LinkingController``) and the
attribute form (F2), and keeps them in step with each change; the main window creates
one and forwards its events (an article opened, a change, a span selected).  Reads come
from the store, writes go through ``Operations`` like every other step.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from annotator.core.errors import AnnotatorError
from annotator.core.history import Change
from annotator.core.store import Relation, RelationType, Span
from annotator.gui.article.arcs import ArcLayer
from annotator.gui.attribute_form import AttributeForm
from annotator.gui.controllers.linking import LinkingController, candidates
from annotator.gui.keys import LINK, LINK_BINDINGS
from annotator.gui.qt import Qt, QtGui, QtWidgets
from annotator.gui.relation_panel import RelationPanel

if TYPE_CHECKING:
    from annotator.gui.mainwindow import MainWindow

__all__ = ["RelationFeatures"]

MENU_TARGETS = 12  # the nearest spans a "Link to…" menu lists


def _short(span: Span, limit: int = 40) -> str:
    text = " ".join(span.text.split())
    return f"{span.label} “{text if len(text) <= limit else text[: limit - 1] + '…'}”"


class RelationFeatures:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.view = window.view
        self.panel = RelationPanel()
        self.arcs = ArcLayer()
        self.types: list[RelationType] = []
        self.form: AttributeForm | None = None
        self.linking = LinkingController(
            view=self, operations=window.ops, types=lambda: self.types,
            relations=lambda: self.arcs.relations.values(),
            enter_mode=lambda: window.modes.enter(LINK), leave_mode=window.modes.leave,
            message=window._message,
        )  # fmt: skip
        self.linking.register(window.commands)
        window.commands.register("span.attributes", self.edit_attributes)
        window.commands.register("view.relations", self.panel.focus_list)
        window.modes.set_layer("linking", LINK_BINDINGS)
        self.view.link_menu = self._fill_link_menu
        self.panel.delete_requested.connect(window.ops.unlink)
        self.panel.relation_chosen.connect(self._show_relation)
        self.load_types()

    # -- what LinkingController reads of the view -------------------------------------

    @property
    def article_id(self) -> int | None:
        return self.view.article_id

    @property
    def spans(self) -> Mapping[int, Span]:
        return self.view.spans

    @property
    def selected_span(self) -> int | None:
        return self.view.selected_span

    def show_link(self, head: int | None, target: int | None) -> None:
        self.arcs.pending = (head, target) if head is not None and target is not None else None
        self._sync_layer()
        if target is not None:
            self._scroll_to(target)
        self.view.viewport().update()

    def _scroll_to(self, span_id: int) -> None:
        """Bring a span on screen without moving the selection (the head stays selected)."""
        span = self.view.spans.get(span_id)
        if span is None:
            return
        view = self.view
        cursor = QtGui.QTextCursor(view.document())
        cursor.setPosition(view.offsets.to_qt(span.start))
        if view.viewport().rect().contains(view.cursorRect(cursor)):
            return
        kept = view.textCursor()
        blocked = view.blockSignals(True)
        try:
            view.setTextCursor(cursor)
            view.ensureCursorVisible()
            view.setTextCursor(kept)
        finally:
            view.blockSignals(blocked)

    # -- following the window --------------------------------------------------------

    def load_types(self) -> None:
        self.types = self.window.store.relation_types()
        self.arcs.set_types(self.types)

    def article_opened(self, article_id: int | None) -> None:
        self.linking.abandon()
        try:
            relations = self.window.store.relations(article_id) if article_id is not None else []
        except AnnotatorError as exc:
            self.window._message(str(exc), error=True)
            relations = []
        # Only between spans the view shows: in a team corpus, another analyst's
        # relations join spans of their own layer, not of this analyst's.
        shown = self.view.spans
        relations = [r for r in relations if r.head_span_id in shown and r.tail_span_id in shown]
        self.arcs.set_relations(relations)
        self.panel.set_relations(article_id, relations, self.view.spans)
        links: dict[int, list[str]] = {}
        for relation in sorted(relations, key=lambda r: r.id):  # one pass, not one per span
            links.setdefault(relation.head_span_id, []).append(f"{relation.kind}→")
            links.setdefault(relation.tail_span_id, []).append(f"←{relation.kind}")
        self.window.span_panel.model.set_links(
            {span_id: " ".join(parts) for span_id, parts in links.items()}, replace_all=True
        )
        self._sync_layer()

    def reload(self) -> None:
        self.load_types()
        self.article_opened(self.view.article_id)

    def apply_change(self, change: Change) -> None:
        if change.article_id != self.view.article_id:
            return
        if change.added or change.removed:
            self.linking.abandon()  # its candidates may be gone
        if not self.arcs.apply_change(change):
            return
        self.panel.apply_change(change)
        touched = {
            span_id
            for records in (change.added_records.relations, change.removed_records.relations)
            for relation in records
            for span_id in (relation.head_span_id, relation.tail_span_id)
        }
        self.window.span_panel.model.set_links({s: self._links_of(s) for s in touched})
        self._sync_layer()
        self.view.viewport().update()

    def span_selected(self, span_id: int | None) -> str:
        """Show the span's relations in the panel; return them in words for the status line."""
        self.panel.show_span(span_id)
        if span_id is None:
            return ""
        mine = self.arcs.of_span(span_id)
        return self._describe(span_id, mine) if mine else ""

    # -- commands ---------------------------------------------------------------------

    def edit_attributes(self) -> None:
        window = self.window
        span_id = self.view.selected_span
        if span_id is None:
            window._message("No span selected: Tab / Shift+Tab select one, then F2")
            return
        try:
            span = window.store.span(span_id)
            fields = window.store.attribute_fields(span.label)
        except AnnotatorError as exc:
            window._message(str(exc), error=True)
            return
        if not fields:
            window._message(f"{span.label} has no attributes")
            return
        form = AttributeForm(title=_short(span, 80), fields=fields, values=span.attributes,
                             span_text=span.text, parent=window)  # fmt: skip
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.accepted.connect(lambda: self._save_attributes(span, form))
        form.finished.connect(lambda _r: self._back_to_text())
        self.form = form
        form.open()

    def _back_to_text(self) -> None:
        self.window.activateWindow()  # the form had it: the next key goes to the text again
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _save_attributes(self, span: Span, form: AttributeForm) -> None:
        values = form.result_values or {}
        changed = {k: v for k, v in values.items() if span.attributes.get(k) != v}
        if not changed:
            self.window._message("No attribute changed")
            return
        self.window.ops.set_attributes(span.id, changed)

    def _fill_link_menu(self, span_id: int, menu: QtWidgets.QMenu) -> None:
        """The mouse's way to link: the nearest spans a type allows, each with its types."""
        head = self.view.spans.get(span_id)
        if head is None:
            return
        found = candidates(head, self.view.spans, self.types, self.arcs.relations.values())
        for candidate in found[:MENU_TARGETS]:
            for choice in candidate.choices:
                action = menu.addAction(f"{choice.kind.name}: {_short(candidate.span)}")
                action.triggered.connect(
                    lambda _c=False, c=choice: self.window.ops.link(c.head, c.child, c.kind.name)
                )

    def _show_relation(self, relation_id: int) -> None:
        relation = self.arcs.relations.get(relation_id)
        if relation is not None:
            self.view.select_span(relation.head_span_id)
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- helpers ----------------------------------------------------------------------

    def _sync_layer(self) -> None:
        """The arcs join the view's layers while there is something to draw.

        An article without relations paints exactly as before (and no slower).
        """
        wanted = bool(self.arcs.relations) or self.arcs.pending is not None
        present = any(layer is self.arcs for layer in self.view.layers)
        if wanted and not present:
            self.view.add_layer(self.arcs)
        elif present and not wanted:
            self.view.remove_layer(self.arcs)

    def _links_of(self, span_id: int) -> str:
        return " ".join(
            f"{r.kind}→" if r.head_span_id == span_id else f"←{r.kind}"
            for r in self.arcs.of_span(span_id)
        )

    def _describe(self, span_id: int, relations: list[Relation]) -> str:
        spans = self.view.spans
        parts = []
        for relation in relations[:3]:
            if relation.head_span_id == span_id:
                other = spans.get(relation.tail_span_id)
                parts.append(f"{relation.kind} → {_short(other) if other else '?'}")
            else:
                other = spans.get(relation.head_span_id)
                parts.append(f"{_short(other) if other else '?'} → {relation.kind}")
        more = f" (+{len(relations) - 3} more)" if len(relations) > 3 else ""
        return "; ".join(parts) + more

