"""Review mode, decided by the ReviewController with no widget: a stand-in view, a real
History on an in-memory corpus, and the database checked afterwards."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from annotator.core.history import History
from annotator.core.model import Suggestion
from annotator.core.store import Store
from annotator.gui.controllers.review import ReviewController
from annotator.gui.keys import REVIEW, REVIEW_BINDINGS, Commands, ModeManager

TEXT = "Keeper Ilsa Brun counted 64 geese and 12 swans at the Dunmere reed beds."


def find(piece: str) -> tuple[int, int]:
    start = TEXT.index(piece)
    return start, start + len(piece)


@dataclass
class FakeView:
    article_id: int | None
    caret: int = 0
    selection: tuple[int, int] | None = None
    shown: list[str | None] = field(default_factory=list)
    text: str = TEXT
    messages: list[str] = field(default_factory=list)  # the status line

    def caret_offset(self) -> int:
        return self.caret

    def selection_offsets(self) -> tuple[int, int] | None:
        return self.selection

    def show_suggestion(self, suggestion: Suggestion | None) -> None:
        self.shown.append(None if suggestion is None else suggestion.text)
        self.selection = None if suggestion is None else (suggestion.start, suggestion.end)

    def select_extent(self, start: int, end: int) -> None:
        self.selection = (start, end)


class Steps:
    """History's steps, telling the controller of each change as Operations.changed does."""

    def __init__(self, history: History) -> None:
        self.history = history
        self.controller: ReviewController | None = None

    def _told(self, change):
        assert self.controller is not None
        self.controller.apply_change(change)
        return change

    def accept_suggestions(self, ids, *, label=None, extent=None):
        return self._told(self.history.accept_suggestions(ids, label=label, extent=extent))

    def reject_suggestions(self, ids):
        return self._told(self.history.reject_suggestions(ids))

    def undo(self):
        return self._told(self.history.undo())


@pytest.fixture
def session(store: Store):
    article_id, _ = store.add_article(title="Geese", text=TEXT)
    store.store_suggestions([
        Suggestion(0, article_id, *find(p), label, p, "test", 0.5)
        for p, label in [("Ilsa Brun", "ACTOR"), ("64 geese", "NUMBER"), ("12 swans", "NUMBER"),
                         ("Dunmere", "ACTOR")]
    ])  # fmt: skip
    view = FakeView(article_id)
    steps = Steps(History(store, annotator="ana"))
    modes = ModeManager(review=REVIEW_BINDINGS)
    messages = view.messages
    switched: list[bool] = []
    computed: list[int] = []
    controller = ReviewController(
        view=view, operations=steps, switch=switched.append,
        compute=lambda: computed.append(1), enter_mode=lambda: modes.enter(REVIEW),
        leave_mode=modes.leave, in_mode=lambda: modes.mode == REVIEW, message=messages.append,
    )  # fmt: skip
    steps.controller = controller
    controller.set_suggestions(article_id, store.suggestions(article_id))
    return store, article_id, view, controller, steps, modes, switched


def spans(store: Store, article_id: int) -> list[tuple[str, str, str]]:
    return [(s.label, s.text, s.annotator) for s in store.spans(article_id)]


def test_commands_are_registered_and_bound_in_review_mode(session):
    *_, controller, _steps, modes, _ = session
    commands = Commands()
    controller.register(commands)
    modes.enter(REVIEW)
    for key, command in [("Tab", "review.next"), ("Return", "review.accept"),
                         ("X", "review.reject"), ("Ctrl+Shift+Return", "review.accept_all"),
                         ("Escape", "review.leave"), ("Ctrl+Z", "edit.undo")]:  # fmt: skip
        assert modes.command_for(key) == command
        assert command in commands or command == "edit.undo"


def test_f9_tab_enter_x_walk_the_suggestions_in_text_order(session):
    store, article_id, view, controller, _steps, modes, switched = session
    view.caret = TEXT.index("counted")
    controller.toggle()
    assert switched == [True] and modes.mode == REVIEW
    assert view.shown == ["64 geese"]  # the first one from the caret
    assert controller.status() == "review: 2 of 4"
    controller.step(forward=False)
    assert view.shown[-1] == "Ilsa Brun"
    controller.accept()
    assert spans(store, article_id) == [("ACTOR", "Ilsa Brun", "ana")]
    assert view.shown[-1] == "64 geese" and controller.status() == "review: 1 of 3"
    controller.reject()
    assert store.suggestion(controller.suggestions[0].id).state == "open"
    assert [s.text for s in store.suggestions(article_id, state="rejected")] == ["64 geese"]
    assert view.shown[-1] == "12 swans"
    assert controller.label_key("CLAIM")  # on the current suggestion: accepted as CLAIM
    assert ("CLAIM", "12 swans", "ana") in spans(store, article_id)
    assert view.shown[-1] == "Dunmere"
    controller.accept()
    assert view.shown[-1] is None and controller.suggestions == []
    assert controller.status() == "review: – of 0"


def test_a_label_key_on_another_selection_is_left_to_tagging(session):
    store, article_id, view, controller, *_ = session
    controller.toggle()
    view.selection = find("geese")
    assert not controller.label_key("NUMBER")
    assert spans(store, article_id) == []


def test_undo_puts_the_suggestion_back_as_the_current_one(session):
    store, article_id, _view, controller, steps, *_ = session
    controller.toggle()
    first = controller.current_suggestion()
    controller.accept()
    assert len(controller.suggestions) == 3
    steps.undo()
    assert spans(store, article_id) == [] and len(controller.suggestions) == 4
    assert controller.current == first.id
    controller.accept_all()
    assert len(spans(store, article_id)) == 4 and controller.suggestions == []
    steps.undo()
    assert spans(store, article_id) == [] and len(controller.suggestions) == 4


def test_f9_in_review_mode_switches_off_and_escape_only_leaves(session):
    *_, _view, controller, _steps, modes, switched = session
    controller.toggle()
    controller.leave()
    assert modes.mode == "normal" and controller.on and switched == [True]
    controller.toggle()  # back into review, still on
    assert modes.mode == REVIEW and switched == [True]
    controller.toggle()
    assert modes.mode == "normal" and not controller.on and switched == [True, False]


def test_no_key_is_bound_twice_in_review_mode_with_the_default_labels(store):
    from annotator.gui.keys import conflicts, label_bindings

    labels = label_bindings(store.labels(), modes=(REVIEW,))
    assert conflicts(REVIEW_BINDINGS, labels, mode=REVIEW) == {}
    assert {labels[REVIEW]["1"], labels[REVIEW]["A"]} == {"label.CLAIM", "label.ACTOR"}


def test_enter_after_moving_away_first_shows_the_suggestion_again(session):
    store, article_id, view, controller, *_ = session
    controller.toggle()
    current = controller.current_suggestion()
    view.selection = None  # the analyst moved the caret off it
    assert not controller.accept()
    assert view.selection == (current.start, current.end) and spans(store, article_id) == []
    assert store.suggestion(current.id).state == "open"
    assert controller.accept()  # now it is seen: Enter accepts it
    assert spans(store, article_id)[0][1] == current.text


def test_tab_after_tagging_elsewhere_goes_on_from_the_selection(session):
    _store, _article_id, view, controller, *_ = session
    controller.toggle()
    assert view.shown[-1] == "Ilsa Brun"
    view.selection = find("and")  # the analyst selected (and tagged) words of their own
    controller.step(forward=True)
    assert view.shown[-1] == "12 swans"  # the next from there, not the one after Ilsa Brun
    controller.step(forward=True)
    assert view.shown[-1] == "Dunmere"  # on a shown suggestion, Tab is the next one


def test_resize_keys_correct_the_suggestion_and_enter_accepts_it_so(session):
    store, article_id, view, controller, steps, modes, _ = session
    commands = Commands()
    controller.register(commands)
    controller.toggle()
    assert view.shown[-1] == "Ilsa Brun"
    assert modes.command_for("Alt+Shift+Left") == "review.start_back"
    commands.run("review.start_back")  # Alt+Shift+Left: the start a word left
    assert view.selection == find("Keeper Ilsa Brun")
    commands.run("review.end_forward")
    commands.run("review.end_back")  # and back: "Keeper Ilsa Brun" again
    assert view.selection == find("Keeper Ilsa Brun")
    item = controller.current_suggestion()
    assert controller.accept()
    assert spans(store, article_id) == [("ACTOR", "Keeper Ilsa Brun", "ana")]
    accepted = store.suggestion(item.id)  # accepted, still scored as what it proposed
    assert accepted.state == "accepted" and (accepted.start, accepted.end) == find("Ilsa Brun")
    assert view.shown[-1] == "64 geese"  # and on to the next
    steps.undo()
    assert spans(store, article_id) == [] and store.suggestion(item.id).state == "open"


def test_its_own_label_key_accepts_a_selection_grown_from_it_another_label_tags(session):
    store, article_id, view, controller, *_ = session
    controller.toggle()
    controller.step(forward=True)
    assert view.shown[-1] == "64 geese"
    view.selection = find("counted 64 geese")  # Shift+arrows from the suggestion
    assert not controller.label_key("CLAIM")  # another label: the analyst's own span
    assert spans(store, article_id) == []
    assert controller.label_key("NUMBER")
    assert spans(store, article_id) == [("NUMBER", "counted 64 geese", "ana")]
    assert store.suggestions(article_id, state="accepted")[0].text == "64 geese"


def test_x_on_a_corrected_suggestion_rejects_it_and_tab_goes_on(session):
    store, article_id, view, controller, *_ = session
    controller.toggle()
    view.selection = find("Ilsa")  # narrowed
    controller.step(forward=True)  # Tab: the next one, not the corrected one again
    assert view.shown[-1] == "64 geese"
    view.selection = find("64")
    assert controller.reject()
    assert [s.text for s in store.suggestions(article_id, state="rejected")] == ["64 geese"]
    assert spans(store, article_id) == []


def test_resize_never_crosses_an_edge_or_empties_the_suggestion(session):
    store, article_id, view, controller, *_ = session
    commands = Commands()
    controller.register(commands)
    controller.toggle()
    assert view.shown[-1] == "Ilsa Brun"
    commands.run("review.start_forward")
    assert view.selection == find("Brun")
    commands.run("review.start_forward")  # one word left: refused, selection kept
    assert view.selection == find("Brun")
    assert controller.accept()
    assert [s.text for s in store.spans(article_id)] == ["Brun"]


def test_resize_at_the_article_start_or_end_says_so_and_keeps_the_correction(session):
    store, article_id, view, controller, *_ = session
    commands = Commands()
    controller.register(commands)
    controller.toggle()
    assert view.shown[-1] == "Ilsa Brun"
    commands.run("review.start_back")
    assert view.selection == find("Keeper Ilsa Brun")  # the article's first word
    commands.run("review.start_back")
    assert view.messages[-1] == "The suggestion's start is already at the start of the article"
    assert view.selection == find("Keeper Ilsa Brun")
    while view.shown[-1] != "Dunmere":
        controller.step(forward=True)
    for _ in range(3):
        commands.run("review.end_forward")
    assert view.selection == find("Dunmere reed beds")
    assert view.messages[-1] == "The suggestion's end is already at the end of the article"
    assert controller.accept()
    assert [s.text for s in store.spans(article_id)] == ["Dunmere reed beds"]


def test_the_status_line_says_what_enter_accepts_after_a_resize_key(session):
    _store, _article_id, view, controller, *_ = session
    commands = Commands()
    controller.register(commands)
    controller.toggle()
    commands.run("review.start_back")
    assert view.messages[-1] == (
        "ACTOR “Keeper Ilsa Brun” (proposed “Ilsa Brun”): Enter accepts it so"
    )


def test_accept_all_keeps_a_pending_correction_rather_than_accept_it_as_proposed(session):
    store, article_id, view, controller, *_ = session
    commands = Commands()
    controller.register(commands)
    controller.toggle()
    commands.run("review.start_back")  # "Keeper Ilsa Brun", not yet accepted
    assert not controller.accept_all()
    assert view.messages[-1].startswith("One suggestion's extent is corrected")
    assert spans(store, article_id) == [] and view.selection == find("Keeper Ilsa Brun")
    assert controller.accept()
    assert controller.accept_all()
    accepted = [text for _label, text, _who in spans(store, article_id)]
    assert accepted == ["Keeper Ilsa Brun", "64 geese", "12 swans", "Dunmere"]


def test_a_redo_of_an_accept_makes_the_next_suggestion_current(session):
    store, article_id, view, controller, steps, *_ = session
    controller.toggle()
    assert view.shown[-1] == "Ilsa Brun"
    controller.accept()
    steps.undo()
    assert controller.current_suggestion().text == "Ilsa Brun"
    steps._told(steps.history.redo())
    assert spans(store, article_id) == [("ACTOR", "Ilsa Brun", "ana")]
    assert controller.current_suggestion().text == "64 geese"  # not "none selected"
    assert controller.status() == "review: 1 of 3"
