"""The actor registry panel (Ctrl+Shift+E): entities, their aliases and mention counts.

Keys are ``REGISTRY_KEYS`` (keys/bindings.py), live in the panel's lists only: F2
renames, Shift+F2 edits the aliases (separated by ";"), Ctrl+K changes the kind, Insert
makes an entity, Delete deletes one (its mentions lose their ``entity``), Space marks
an entity and Ctrl+M merges the marked one into the current one (every mention
follows).  Enter lists the current entity's mentions below; Enter on a mention opens
its article at the span; Escape goes back up (from the entities: to the text).  Other
keys type into the filter.  Every write is one undoable step through ``Operations``;
names are shown as plain text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from annotator.core.model import ENTITY_KINDS, Entity, Span
from annotator.gui.actor_offer import event_key
from annotator.gui.keys.bindings import REGISTRY_KEYS, normalise
from annotator.gui.popup_list import isolated, one_line
from annotator.gui.qt import Qt, QtCore, QtWidgets
from annotator.gui.table_model import FlatTableModel, list_table, select_row

__all__ = ["EntityModel", "MentionModel", "RegistryPanel"]

_KEYS = {normalise(key): command for key, command in REGISTRY_KEYS.items()}  # "Del", "Esc"


class _Operations(Protocol):
    def edit_entity(
        self, key: str, *, name: str | None = None, aliases: Sequence[str] | None = None,
        kind: str | None = None,
    ) -> object | None: ...  # fmt: skip
    def merge_entities(self, keep: str, gone: str) -> object | None: ...
    def delete_entity(self, key: str) -> object | None: ...
    def add_entity(self, name: str, kind: str) -> object | None: ...


class EntityModel(FlatTableModel):
    # The mention count beside the name: a narrow dock still shows it.
    columns = ("", "Name", "Mentions", "Kind", "Aliases", "Key")

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.all: list[Entity] = []
        self.shown: list[Entity] = []
        self.counts: dict[str, int] = {}
        self.marked: str | None = None
        self._filter = ""

    def set_entities(self, entities: Sequence[Entity], counts: dict[str, int]) -> None:
        self.beginResetModel()
        self.all, self.counts = list(entities), dict(counts)
        if self.marked is not None and all(e.key != self.marked for e in self.all):
            self.marked = None
        self._refilter()
        self.endResetModel()

    def set_filter(self, text: str) -> None:
        self.beginResetModel()
        self._filter = text.casefold().strip()
        self._refilter()
        self.endResetModel()

    def _refilter(self) -> None:
        wanted = self._filter
        self.shown = [
            e for e in self.all
            if not wanted or any(wanted in n.casefold() for n in (e.name, e.key, *e.aliases))
        ]  # fmt: skip

    def row_total(self) -> int:
        return len(self.shown)

    def entity_at(self, row: int) -> Entity | None:
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def row_of(self, key: str | None) -> int | None:
        return next((i for i, e in enumerate(self.shown) if e.key == key), None)

    def set_marked(self, key: str | None) -> None:
        self.marked = key
        if self.shown:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.shown) - 1, 0))

    def data(self, index: QtCore.QModelIndex, role: int = 0) -> object:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.TextAlignmentRole):  # fmt: skip
            return None
        entity = self.shown[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter) \
                if column == 2 else None  # fmt: skip
        if column == 0:
            return "●" if entity.key == self.marked else ""
        if column == 1:
            return one_line(entity.name, 200)
        if column == 2:
            return str(self.counts.get(entity.key, 0))
        if column == 3:
            return entity.kind
        if column == 4:
            return one_line("; ".join(entity.aliases), 200)
        return entity.key


class MentionModel(FlatTableModel):
    columns = ("Article", "Mention", "Where")

    def __init__(self, parent: QtCore.QObject | None = None) -> None:
        super().__init__(parent)
        self.mentions: list[tuple[Span, str]] = []  # (span, its article's title)

    def set_mentions(self, mentions: Sequence[tuple[Span, str]]) -> None:
        self.beginResetModel()
        self.mentions = list(mentions)
        self.endResetModel()

    def row_total(self) -> int:
        return len(self.mentions)

    def data(self, index: QtCore.QModelIndex, role: int = 0) -> object:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        span, title = self.mentions[index.row()]
        return (one_line(title, 120), one_line(span.text, 120),
                f"{span.start}–{span.end}")[index.column()]  # fmt: skip


class RegistryPanel(QtWidgets.QWidget):
    mention_chosen = QtCore.Signal(int, int)  # article id, span id
    leave = QtCore.Signal()  # Escape from the entity list: back to the text

    def __init__(
        self,
        *,
        operations: _Operations,
        mentions: Callable[[str], list[tuple[Span, str]]],
        message: Callable[[str], None],
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("registry_panel")
        self.operations = operations
        self._mentions = mentions
        self._message = message
        self.model = EntityModel(self)
        self.mention_model = MentionModel(self)
        self.heading = QtWidgets.QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.filter = QtWidgets.QLineEdit(placeholderText="Type to filter names and aliases…")
        self.filter.setObjectName("registry_filter")
        self.table = list_table("registry_list", self.model)
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        header.setStretchLastSection(False)
        for column, sample in ((0, "●"), (2, "Mentions"), (3, "organisation"), (5, "E0000")):
            header.setSectionResizeMode(column, QtWidgets.QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 14)
        # The name first: as wide as a long one; the aliases take what is left.
        header.setSectionResizeMode(1, QtWidgets.QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, metrics.horizontalAdvance("Olena Marchenko-Vell") + 14)
        header.setSectionResizeMode(4, QtWidgets.QHeaderView.ResizeMode.Stretch)
        self.setMinimumWidth(metrics.horizontalAdvance("M" * 36))
        self.mention_heading = QtWidgets.QLabel()
        self.mention_heading.setTextFormat(Qt.TextFormat.PlainText)
        self.mention_table = list_table("registry_mentions", self.mention_model)
        self.mention_table.horizontalHeader().setSectionResizeMode(
            1, QtWidgets.QHeaderView.ResizeMode.Stretch
        )
        self.prompt = QtWidgets.QLabel()
        self.prompt.setTextFormat(Qt.TextFormat.PlainText)
        self.editor = QtWidgets.QLineEdit()
        self.editor.setObjectName("registry_editor")
        self.hints = QtWidgets.QLabel(
            "Enter: mentions · F2: rename · Shift+F2: aliases · Ctrl+K: kind · Space: mark, "
            "Ctrl+M: merge marked into current · Insert: new · Delete: delete"
        )
        self.hints.setTextFormat(Qt.TextFormat.PlainText)
        self.hints.setWordWrap(True)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        for widget, stretch in ((self.heading, 0), (self.filter, 0), (self.table, 3),
                                (self.mention_heading, 0), (self.mention_table, 2),
                                (self.prompt, 0), (self.editor, 0), (self.hints, 0)):  # fmt: skip
            layout.addWidget(widget, stretch)
        self._editing: Callable[[str], object] | None = None
        self._show_mentions(False)
        self._show_editor(False)
        for watched in (self.table, self.mention_table, self.filter, self.editor):
            watched.installEventFilter(self)
        self.filter.textChanged.connect(self._refilter)
        self.table.doubleClicked.connect(lambda _i: self.open_mentions())
        self.mention_table.doubleClicked.connect(lambda _i: self._open_mention())

    # -- data ---------------------------------------------------------------------

    def set_entities(self, entities: Sequence[Entity], counts: dict[str, int]) -> None:
        current = self.current()
        self.model.set_entities(entities, counts)
        mentions = sum(counts.get(entity.key, 0) for entity in entities)
        self.heading.setText(f"{len(entities)} entities, {mentions} mentions in the corpus")
        select_row(self.table, self.model.row_of(current.key if current else None)
                   if current else (0 if self.model.shown else None))  # fmt: skip
        if self.mention_table.isVisible() and current is not None:
            self.open_mentions(focus=False)

    def current(self) -> Entity | None:
        return self.model.entity_at(self.table.currentIndex().row())

    def select_key(self, key: str) -> None:
        select_row(self.table, self.model.row_of(key))

    def focus_list(self) -> None:
        if self.model.shown and not self.table.currentIndex().isValid():
            select_row(self.table, 0)
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- keys ---------------------------------------------------------------------

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() != QtCore.QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        key = event_key(event)  # type: ignore[arg-type]
        if watched is self.editor:
            return self._editor_key(key)
        if watched is self.filter:
            if key in ("Down", "Return", "Enter"):
                self.focus_list()
                return True
            if key == "Esc":
                self.filter.clear()
                self.focus_list()
                return True
            return False
        command = _KEYS.get(key)
        if command is not None:
            self.run(command, in_mentions=watched is self.mention_table)
            return True
        text = event.text()  # type: ignore[attr-defined]
        if watched is self.table and text and text.isprintable() and key not in ("Up", "Down"):
            self.filter.setFocus(Qt.FocusReason.OtherFocusReason)
            self.filter.insert(text)  # type to filter, from the list
            return True
        return False

    def run(self, command: str, *, in_mentions: bool = False) -> None:
        if in_mentions:
            if command == "registry.open":
                self._open_mention()
            elif command == "registry.back":
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        entity = self.current()
        if command == "registry.back":
            self.leave.emit()
        elif command == "registry.new":
            self._edit("New entity (a person; Ctrl+K changes the kind):", "",
                       lambda name: self.operations.add_entity(name, "person"))  # fmt: skip
        elif entity is None:
            self._message("The registry is empty: Insert makes an entity")
        elif command == "registry.open":
            self.open_mentions()
        elif command == "registry.rename":
            self._edit(f"Rename {entity.key}:", entity.name,
                       lambda name: self.operations.edit_entity(entity.key, name=name))  # fmt: skip
        elif command == "registry.aliases":
            self._edit(f"Aliases of {entity.key}, separated by “;”:", "; ".join(entity.aliases),
                       lambda text: self.operations.edit_entity(
                           entity.key, aliases=[a.strip() for a in text.split(";") if a.strip()]
                       ))  # fmt: skip
        elif command == "registry.kind":
            kind = ENTITY_KINDS[(ENTITY_KINDS.index(entity.kind) + 1) % len(ENTITY_KINDS)]
            self.operations.edit_entity(entity.key, kind=kind)
        elif command == "registry.mark":
            marked = None if self.model.marked == entity.key else entity.key
            self.model.set_marked(marked)
            self._message(f"Marked {isolated(entity.name, 40)}: go to the entity to keep, "
                          "then Ctrl+M merges it in" if marked else "Mark cleared")  # fmt: skip
        elif command == "registry.merge":
            self._merge(entity)
        elif command == "registry.delete" and self.operations.delete_entity(entity.key):
            self._message(f"Deleted {isolated(entity.name, 40)} (Ctrl+Z undoes it)")

    def _merge(self, keep: Entity) -> None:
        gone = self.model.marked
        if gone is None:
            self._message("Mark the entity to merge away with Space first")
            return
        if gone == keep.key:
            self._message("The marked entity is the current one: go to the one to keep")
            return
        if self.operations.merge_entities(keep.key, gone) is not None:
            self.model.set_marked(None)
            self._message(f"Merged {gone} into {isolated(keep.name, 40)}; its mentions "
                          "follow (Ctrl+Z undoes it)")  # fmt: skip

    # -- mentions -----------------------------------------------------------------

    def open_mentions(self, *, focus: bool = True) -> None:
        entity = self.current()
        if entity is None:
            return
        found = self._mentions(entity.key)
        self.mention_model.set_mentions(found)
        self.mention_heading.setText(
            f"Mentions of {isolated(entity.name, 60)} ({len(found)}) — Enter opens one"
        )
        self._show_mentions(True)
        if focus and found:
            select_row(self.mention_table, 0)
            self.mention_table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _open_mention(self) -> None:
        row = self.mention_table.currentIndex().row()
        if 0 <= row < len(self.mention_model.mentions):
            span, _title = self.mention_model.mentions[row]
            self.mention_chosen.emit(span.article_id, span.id)

    def _show_mentions(self, shown: bool) -> None:
        self.mention_heading.setVisible(shown)
        self.mention_table.setVisible(shown)

    # -- the editor line ----------------------------------------------------------

    def _edit(self, prompt: str, text: str, save: Callable[[str], object]) -> None:
        self.prompt.setText(prompt)
        self.editor.setText(text)
        self.editor.selectAll()
        self._editing = save
        self._show_editor(True)
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _editor_key(self, key: str) -> bool:
        if key in ("Return", "Enter"):
            save, text = self._editing, self.editor.text()
            self._show_editor(False)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            if save is not None:
                save(text)
            return True
        if key == "Esc":
            self._show_editor(False)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return False

    def _show_editor(self, shown: bool) -> None:
        if not shown:
            self._editing = None
        self.prompt.setVisible(shown)
        self.editor.setVisible(shown)

    def _refilter(self, text: str) -> None:
        current = self.current()
        self.model.set_filter(text)
        row = self.model.row_of(current.key) if current else None
        select_row(self.table, row if row is not None else (0 if self.model.shown else None))
