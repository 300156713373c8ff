"""After an ACTOR tag: the registry's best-matching entities, offered at once (issue 14).

A label key that tags (or relabels) a span as ACTOR, with no entity yet, opens this list
under the span: the entities whose name or alias best matches its text
(:mod:`annotator.core.entity_match`), best first, and a last row to make a new one.

It does not take the keyboard.  While it shows, the text gives it only ``OFFER_KEYS``:
Enter links the highlighted entity (the span's ``entity`` attribute, one undo step),
Down / Up step into the list, where typing filters it by another name, Insert makes a
new entity from the span's text (then P person, O organisation, C country, G group, or
Up / Down and Enter), Escape leaves the span unlinked.  With an empty registry, or no
match, only Insert is taken.  Any other key closes the offer and does what it always
does, so the next tag, caret key or find is never swallowed (the keystroke harness
types on as if the offer were not there).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from annotator.core.entity_match import EntityMatcher
from annotator.core.model import ENTITY_KINDS, Span
from annotator.gui.keys.bindings import OFFER_KEYS, normalise
from annotator.gui.popup_list import PopupList, isolated, one_line
from annotator.gui.qt import Qt, QtCore, QtGui, QtWidgets

__all__ = ["KIND_KEYS", "ActorOffer", "event_key"]

KIND_KEYS = {kind[0].upper(): kind for kind in ENTITY_KINDS}  # P, O, C, G
NEW, ENTITY, KIND = "new", "entity", "kind"
_KEY_EVENTS = (QtCore.QEvent.Type.ShortcutOverride, QtCore.QEvent.Type.KeyPress)
_OFFER = {normalise(key): command for key, command in OFFER_KEYS.items()}  # "Esc", "Ins"


def event_key(event: QtGui.QKeyEvent) -> str:
    """The key in portable text, as ``normalise`` spells bindings ("Esc", "Shift+Tab").

    Keypad keys count as the others (the keypad Enter is Enter)."""
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    combination = QtCore.QKeyCombination(modifiers, Qt.Key(event.key()))
    return QtGui.QKeySequence(combination).toString(QtGui.QKeySequence.SequenceFormat.PortableText)


class _Operations(Protocol):
    def set_entity(self, span_id: int, key: str | None) -> object | None: ...
    def new_entity_for(self, span_id: int, name: str, kind: str) -> object | None: ...


class ActorOffer(PopupList):
    def __init__(
        self,
        view: QtWidgets.QAbstractScrollArea,
        *,
        operations: _Operations,
        matcher: Callable[[], EntityMatcher],
        anchor: Callable[[Span], QtCore.QRect],
        message: Callable[[str], None],
    ) -> None:
        super().__init__(view, name="actor_offer", columns=("Entity", "Kind", "Matched"),
                         filter_line=False)  # fmt: skip
        self.view = view
        self.operations = operations
        self._matcher = matcher
        self._anchor = anchor
        self._message = message
        self.span: Span | None = None
        self.step = ENTITY  # or KIND: choosing the new entity's kind
        self.matches = 0  # entities offered (0: only "new entity", only Insert is taken)
        self.filter.setPlaceholderText("Type another name to search the registry…")
        self.filter.textChanged.connect(self._refilter)
        self.filter.installEventFilter(self)
        self.rows.installEventFilter(self)
        self.rows.itemActivated.connect(lambda *_: self.accept())
        header = self.rows.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QtWidgets.QHeaderView.ResizeMode.Stretch)

    # -- opening ------------------------------------------------------------------

    def offer(self, change: object) -> None:
        """A label key's change: offer entities if it made one ACTOR without an entity."""
        added = getattr(change, "added", ())
        if len(added) != 1 or added[0].label != "ACTOR" or added[0].attributes.get("entity"):
            return
        self.span = added[0]
        self.step = ENTITY
        self.filter.hide()
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.blockSignals(False)
        self._fill(self.span.text)
        self.show_at(self._anchor(self.span), width=460, height=self.fitting_height(most=220))
        self.view.installEventFilter(self)
        app = QtWidgets.QApplication.instance()
        app.focusChanged.connect(self._focus_moved)  # type: ignore[union-attr]
        self.view.cursorPositionChanged.connect(self._caret_moved)  # type: ignore[attr-defined]

    def _fill(self, text: str) -> None:
        assert self.span is not None
        matches = self._matcher().match(text)
        rows: list[tuple[list[str], object]] = [
            ([m.entity.name, m.entity.kind, "" if m.matched == m.entity.name else m.matched],
             (ENTITY, m.entity.key))
            for m in matches
        ]  # fmt: skip
        rows.append(([f"New entity: {one_line(self.span.text, 60)}", "Insert", ""], (NEW, None)))
        self.set_rows(rows)
        self.matches = len(matches)
        shown = isolated(self.span.text, 40)
        if matches:
            self.heading.setText(f"ACTOR “{shown}” is…")
            self.hints.setText("Enter: link the highlighted · ↓↑: choose, type to search · "
                               "Insert: new entity · Esc: leave unlinked")  # fmt: skip
        else:
            self.heading.setText(f"ACTOR “{shown}”: no entity in the registry matches")
            self.hints.setText("Insert: make a new entity of it · any other key goes on")

    # -- keys ---------------------------------------------------------------------

    def _owned(self) -> set[str]:
        """The commands the text gives the offer keys for now: only "new" if no match."""
        return set(_OFFER.values()) if self.matches else {"offer.new"}

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:
        kind = event.type()
        if watched is self.view and kind in _KEY_EVENTS:
            if self.isAncestorOf(QtWidgets.QApplication.focusWidget()):
                return False  # a key the list did not take, bubbling up through the view
            command = _OFFER.get(event_key(event))  # type: ignore[arg-type]
            if command not in self._owned():
                if int(event.key()) not in _MODIFIER_KEYS:  # type: ignore[attr-defined]
                    self.dismiss()  # the key goes on to the text or its shortcut
                return False
            if kind == QtCore.QEvent.Type.ShortcutOverride:
                event.accept()  # ours: no shortcut of the window takes it
                return True
            self._command(command, from_text=True)
            return True
        if watched in (self.filter, self.rows) and kind == QtCore.QEvent.Type.KeyPress:
            return self._inside_key(event)  # type: ignore[arg-type]
        return super().eventFilter(watched, event)

    def _command(self, command: str, *, from_text: bool) -> None:
        if command == "offer.accept":
            self.accept()
        elif command in ("offer.next", "offer.previous"):
            self._take_keyboard()
            self.step_row(1 if command == "offer.next" else -1)
        elif command == "offer.new":
            self._ask_kind()
        else:
            self.dismiss(said="Left unlinked (the registry panel, Ctrl+Shift+E, links it later)")

    def _inside_key(self, event: QtGui.QKeyEvent) -> bool:
        key = event_key(event)
        if self.step == KIND and key.upper() in KIND_KEYS:
            self._make(KIND_KEYS[key.upper()])
            return True
        command = _OFFER.get(key)
        if command is None:
            return False  # typing into the filter
        if command in ("offer.next", "offer.previous"):
            self.step_row(1 if command == "offer.next" else -1)
        else:
            self._command(command, from_text=False)
        return True

    def _take_keyboard(self) -> None:
        """Down / Up from the text: the list has the keyboard now, and typing filters it."""
        if self.step == ENTITY and not self.filter.isVisible():
            self.filter.show()
            self._refit()
            self.filter.setFocus(Qt.FocusReason.PopupFocusReason)

    def _refit(self) -> None:
        """Grow or shrink with the rows and the filter line, keeping the top where it is."""
        self.resize(self.width(), self.fitting_height(most=260))

    # -- choosing -----------------------------------------------------------------

    def accept(self) -> None:
        data = self.current_data()
        span = self.span
        if span is None or not isinstance(data, tuple):
            return
        what, value = data
        if what == NEW:
            self._ask_kind()
        elif what == KIND:
            self._make(value)
        else:
            self.dismiss()
            if self.operations.set_entity(span.id, value) is not None:
                self._message(f"ACTOR “{isolated(span.text, 40)}” is {value} (Ctrl+Z undoes it)")

    def _ask_kind(self) -> None:
        span = self.span
        if span is None:
            return
        self.step = KIND
        self.filter.hide()
        self.heading.setText(f"New entity “{isolated(span.text, 40)}”: which kind?")
        self.hints.setText("P person · O organisation · C country · G group · Esc: cancel")
        self.set_rows([([kind, key, ""], (KIND, kind)) for key, kind in KIND_KEYS.items()])
        self._refit()
        self.rows.setFocus(Qt.FocusReason.PopupFocusReason)

    def _make(self, kind: str) -> None:
        span = self.span
        if span is None:
            return
        self.dismiss()
        name = " ".join(span.text.split())
        if self.operations.new_entity_for(span.id, name, kind) is not None:
            self._message(f"New {kind} “{isolated(name, 40)}” in the registry, linked "
                          "(Ctrl+Z undoes both)")  # fmt: skip

    def _refilter(self, typed: str) -> None:
        if self.span is not None and self.step == ENTITY:
            self._fill(typed if typed.strip() else self.span.text)
            self._refit()

    # -- closing ------------------------------------------------------------------

    def dismiss(self, *, said: str | None = None) -> None:
        if self.span is None:
            return
        had_keyboard = self.isAncestorOf(QtWidgets.QApplication.focusWidget())
        self.span = None
        self.view.removeEventFilter(self)
        app = QtWidgets.QApplication.instance()
        app.focusChanged.disconnect(self._focus_moved)  # type: ignore[union-attr]
        self.view.cursorPositionChanged.disconnect(self._caret_moved)  # type: ignore[attr-defined]
        self.hide()
        if had_keyboard:
            self.view.setFocus(Qt.FocusReason.PopupFocusReason)
        if said:
            self._message(said)

    def _focus_moved(self, _old: QtWidgets.QWidget | None, new: QtWidgets.QWidget | None) -> None:
        if new is not None and new is not self.view and not self.isAncestorOf(new):
            self.dismiss()  # the find box, a panel, another window: the offer is stale

    def _caret_moved(self) -> None:
        self.dismiss()


# Pressing Shift alone (on the way to Shift+Tab) must not close the offer.
_MODIFIER_KEYS = {
    int(key.value) for key in (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt,
                               Qt.Key.Key_Meta, Qt.Key.Key_AltGr, Qt.Key.Key_CapsLock)
}  # fmt: skip
