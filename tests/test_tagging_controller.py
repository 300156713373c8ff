"""What a label key does, decided by the TaggingController with no widget at all.

The controller reads a plain stand-in for the article view and writes through a real
History on an in-memory corpus, so every test checks the database afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from annotator.core.history import History
from annotator.core.store import Span, Store
from annotator.gui.controllers.tagging import TaggingController
from annotator.gui.keys import (
    DEFAULT_BINDINGS,
    Commands,
    ModeManager,
    UnknownCommand,
    label_bindings,
)

TEXT = "Harbour chief Ilse Varga said 4,250 crates were lost in the storm.\n\nNobody else spoke."


@dataclass
class FakeView:
    """The article view as tagging sees it: text, selection, caret and the spans shown."""

    article_id: int | None
    text: str
    spans: dict[int, Span] = field(default_factory=dict)
    selected_span: int | None = None
    exact_selection: bool = False
    selection: tuple[int, int] | None = None
    caret: int = 0

    def selection_offsets(self) -> tuple[int, int] | None:
        return self.selection

    def caret_offset(self) -> int:
        return self.caret

    def place_caret(self, offset: int) -> None:
        self.caret, self.selection, self.exact_selection = offset, None, False


@dataclass
class Session:
    store: Store
    article_id: int
    view: FakeView
    controller: TaggingController
    messages: list[str]
    snapping: list[bool]

    def spans(self) -> list[tuple[str, str]]:
        return [(s.label, s.text) for s in self.store.spans(self.article_id)]

    def show_spans(self) -> None:
        """What the real view does on ``changed``: show the spans now in the database."""
        self.view.spans = {s.id: s for s in self.store.spans(self.article_id)}


@pytest.fixture
def session(store: Store) -> Session:
    article_id, _ = store.add_article(title="Harbour", text=TEXT)
    view = FakeView(article_id=article_id, text=TEXT)
    messages: list[str] = []
    snapping = [True]  # a list, so a test can flip the setting the controller reads
    controller = TaggingController(
        view=view,
        operations=History(store, annotator="tester"),
        snap_to_words=lambda: snapping[0],
        message=messages.append,
    )
    return Session(store, article_id, view, controller, messages, snapping)


def at(word: str) -> int:
    return TEXT.index(word)


def test_a_selection_is_snapped_to_whole_words_and_tagged(session: Session):
    start = at("Varga") + 1
    session.view.selection = (start, start + 2)  # "ar" inside "Varga"
    change = session.controller.tag("ACTOR")
    assert change is not None
    assert session.spans() == [("ACTOR", "Varga")]
    assert session.view.caret == at("Varga") + len("Varga")  # typing goes on after it
    assert session.view.selection is None


def test_a_selection_with_spaces_around_is_trimmed(session: Session):
    session.view.selection = (at("Ilse") - 1, at("Varga") + len("Varga") + 1)
    session.controller.tag("ACTOR")
    assert session.spans() == [("ACTOR", "Ilse Varga")]


def test_snapping_off_keeps_the_exact_characters(session: Session):
    start = at("crates") + 1
    session.snapping[0] = False
    session.view.selection = (start, start + 3)
    session.controller.tag("CLAIM")
    assert session.spans() == [("CLAIM", "rat")]


def test_an_exact_selection_is_not_snapped_even_with_snapping_on(session: Session):
    start = at("storm") + 1
    session.view.selection = (start, start + 2)
    session.view.exact_selection = True
    session.controller.tag("CLAIM")
    assert session.spans() == [("CLAIM", "to")]


def test_a_selection_of_white_space_tags_nothing(session: Session):
    gap = TEXT.index("\n\n")
    session.view.selection = (gap, gap + 2)
    assert session.controller.tag("CLAIM") is None
    assert session.spans() == []
    assert session.messages == ["Nothing to tag: the selection is only white space"]


def test_without_a_selection_the_word_at_the_caret_is_tagged(session: Session):
    session.view.caret = at("4,250") + 2  # inside the number, on the comma's far side
    session.controller.tag("NUMBER")
    assert session.spans() == [("NUMBER", "4,250")]
    session.view.caret = at("crates") + len("crates")  # just after a word: that word
    session.controller.tag("CLAIM")
    assert session.spans() == [("NUMBER", "4,250"), ("CLAIM", "crates")]


def test_no_word_at_the_caret_tags_nothing(session: Session):
    session.view.caret = TEXT.index("\n\n") + 1  # between the two line breaks
    assert session.controller.tag("CLAIM") is None
    assert session.spans() == []
    assert session.messages == ["No word at the caret to tag; select some text first"]


def test_a_label_key_on_a_selected_span_retags_it(session: Session):
    session.view.caret = at("Nobody")
    session.controller.tag("QUOTE")
    session.show_spans()
    (span_id,) = session.view.spans
    session.view.selected_span = span_id
    session.view.selection = (0, 7)  # a selection too: the selected span still wins
    session.controller.tag("ACTOR")
    assert session.spans() == [("ACTOR", "Nobody")]
    assert [s.id for s in session.store.spans(session.article_id)] == [span_id]
    session.show_spans()
    assert session.controller.tag("ACTOR") is None  # the label it already has
    assert session.messages == ["That span is already ACTOR"]
    assert session.spans() == [("ACTOR", "Nobody")]


def test_nothing_happens_without_an_open_article(session: Session):
    session.view.article_id = None
    session.view.caret = at("storm")
    assert session.controller.tag("CLAIM") is None
    assert session.spans() == [] and session.messages == []


def test_label_commands_are_registered_by_id_and_replaced(session: Session):
    commands = Commands()
    labels = session.store.labels()
    session.controller.register(commands, labels)
    assert list(commands) == [f"label.{label.name}" for label in labels]
    session.view.caret = at("chief")
    commands.run("label.ACTOR")
    assert session.spans() == [("ACTOR", "chief")]
    session.controller.register(commands, labels[:1])  # the corpus now has one label
    assert list(commands) == [f"label.{labels[0].name}"]
    with pytest.raises(UnknownCommand):
        commands.run("label.ACTOR")


def test_fake_keys_reach_the_controller_through_the_mode_and_the_commands(session: Session):
    labels = session.store.labels()
    modes = ModeManager(defaults=DEFAULT_BINDINGS, labels=label_bindings(labels))
    commands = Commands()
    session.controller.register(commands, labels)

    def press(key: str) -> None:
        command = modes.command_for(key)
        assert command is not None, key
        commands.run(command)

    session.view.caret = at("storm")
    press("q")  # QUOTE's letter, typed in lower case
    session.view.caret = at("Harbour")
    press("1")  # the first label by position
    assert sorted(session.spans()) == [("CLAIM", "Harbour"), ("QUOTE", "storm")]
