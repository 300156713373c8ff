"""What a label key does, decided by the TaggingController with no widget at all.

The controller reads a plain stand-in for the article view and writes through a real
History on an in-memory corpus, so every test checks the database afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from annotator.core.errors import DuplicateSpan
from annotator.core.history import History
from annotator.core.store import Span, Store
from annotator.gui.controllers.tagging import TaggingController
from annotator.gui.keys import (
    DEFAULT_BINDINGS,
    Commands,
    ModeManager,
    UnknownCommand,
    label_bindings,
    tag_all_bindings,
)

TEXT = "Harbour chief Ilse Varga said 4,250 crates were lost in the storm.\n\nNobody else spoke."


@dataclass
class FakeView:
    """The article view as tagging sees it: text, selection, caret and the spans shown."""

    article_id: int | None
    text: str
    spans: dict[int, Span] = field(default_factory=dict)
    selected_span: int | None = None
    grown_from_span: int | None = None
    exact_selection: bool = False
    selection: tuple[int, int] | None = None
    caret: int = 0

    def selection_offsets(self) -> tuple[int, int] | None:
        return self.selection

    def caret_offset(self) -> int:
        return self.caret

    def place_caret(self, offset: int) -> None:
        self.caret, self.selection, self.exact_selection = offset, None, False

    def select_span(self, span_id: int) -> None:
        span = self.spans[span_id]
        self.selected_span, self.grown_from_span = span_id, None
        self.selection, self.exact_selection = (span.start, span.end), True


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


# -- spans resized in place (issue 12, item 3) ----------------------------------------


def select(session: Session, span_id: int) -> None:
    """Tab onto a span: the fake view shows the database's spans and selects this one."""
    session.show_spans()
    session.view.select_span(span_id)


def test_resize_keys_move_the_selected_spans_edges_by_words(session: Session):
    modes = ModeManager(defaults=DEFAULT_BINDINGS)
    commands = Commands()
    session.controller.register_span_keys(commands, session.store.labels())
    span_id = session.store.add_span(session.article_id, at("Ilse"), at(" said"), "ACTOR").id
    select(session, span_id)
    steps = [
        ("Alt+Right", "Ilse Varga said"),
        ("Alt+Right", "Ilse Varga said 4,250"),  # "4,250" is one word
        ("Alt+Left", "Ilse Varga said"),
        ("Alt+Shift+Left", "chief Ilse Varga said"),
        ("Alt+Shift+Right", "Ilse Varga said"),
        ("Alt+Shift+Right", "Varga said"),
    ]
    for key, expected in steps:
        command = modes.command_for(key)
        assert command is not None, key
        assert commands.run(command) is not None, key
        session.show_spans()
        [span] = session.store.spans(session.article_id)
        assert (span.id, span.label, span.text) == (span_id, "ACTOR", expected), key
        assert span.text == TEXT[span.start : span.end]
    assert session.messages == []


def test_resize_refuses_without_a_span_past_the_article_or_down_to_nothing(session: Session):
    controller = session.controller
    assert controller.resize(edge="end", forward=True) is None
    assert session.messages[-1] == "No span selected: Tab / Shift+Tab select one to resize"
    first = session.store.add_span(session.article_id, 0, len("Harbour"), "ACTOR").id
    last = session.store.add_span(session.article_id, at("spoke"), len(TEXT) - 1, "CLAIM").id
    select(session, first)
    assert controller.resize(edge="start", forward=False) is None
    assert session.messages[-1] == "The span's start is already at the start of the article"
    assert controller.resize(edge="end", forward=False) is None
    assert session.messages[-1] == "The span is down to one word; Delete removes it"
    assert controller.resize(edge="start", forward=True) is None
    select(session, last)
    assert controller.resize(edge="end", forward=True) is None  # only "." after "spoke"
    assert session.messages[-1] == "The span's end is already at the end of the article"
    assert session.spans() == [("ACTOR", "Harbour"), ("CLAIM", "spoke")]


def test_resize_takes_its_step_from_a_function_so_units_can_plug_in(session: Session):
    span_id = session.store.add_span(session.article_id, at("4,250"), at(" crates"), "NUMBER").id
    select(session, span_id)
    asked: list[tuple[int, bool, str]] = []

    def to_sentence_end(text: str, offset: int, *, forward: bool, edge: str) -> int | None:
        asked.append((offset, forward, edge))
        return text.index(".", offset) if forward else None

    session.controller.resize(edge="end", forward=True, step=to_sentence_end)
    assert asked == [(at(" crates"), True, "end")]
    assert session.spans() == [("NUMBER", "4,250 crates were lost in the storm")]


def test_the_label_key_on_a_selection_grown_from_a_span_resizes_it(session: Session):
    span_id = session.store.add_span(session.article_id, at("Varga"), at(" said"), "ACTOR").id
    select(session, span_id)
    view = session.view
    # Shift+Ctrl+Left then a bit more: the selection left the span but grew from it.
    view.selected_span, view.grown_from_span = None, span_id
    view.selection, view.exact_selection = (at("Ilse") + 2, at(" said")), False
    assert session.controller.tag("ACTOR") is not None
    [span] = session.store.spans(session.article_id)
    assert (span.id, span.text) == (span_id, "Ilse Varga")  # snapped, same span
    assert view.selected_span == span_id  # selected again, for the resize keys
    assert session.messages == []


def test_another_label_key_on_a_grown_selection_tags_a_second_span_and_says_so(session):
    span_id = session.store.add_span(session.article_id, at("4,250"), at(" crates"), "NUMBER").id
    select(session, span_id)
    view = session.view
    view.selected_span, view.grown_from_span = None, span_id
    view.selection = (at("4,250"), at(" in the"))
    session.controller.tag("CLAIM")
    assert session.spans() == [("CLAIM", "4,250 crates were lost"), ("NUMBER", "4,250")]
    assert session.messages == [
        "Tagged a new CLAIM span; the NUMBER span the selection grew from is unchanged"
    ]


def test_delete_deletes_the_selected_span_or_the_one_a_selection_grew_from(session: Session):
    controller = session.controller
    assert controller.delete_selected() is None
    assert session.messages == ["No span selected: Tab / Shift+Tab select one"]
    keep = session.store.add_span(session.article_id, at("storm"), at("."), "CLAIM").id
    gone = session.store.add_span(session.article_id, at("Varga"), at(" said"), "ACTOR").id
    select(session, gone)
    session.view.selected_span, session.view.grown_from_span = None, gone
    session.view.selection = (at("Ilse"), at(" said"))
    assert controller.delete_selected() is not None
    assert [s.id for s in session.store.spans(session.article_id)] == [keep]
    assert session.view.caret == at("Varga")
    select(session, keep)
    controller.delete_selected()
    assert session.spans() == []


# -- every occurrence at once (issue 12, item 4) ----------------------------------------

REPEATS = "Velk met Velk's aide.\r\nVelk\u00a0said: \U0001f6a2 Velkton thanks Velk, not VELK."


@pytest.fixture
def repeats(session: Session) -> Session:
    article_id, _ = session.store.add_article(title="Velk", text=REPEATS)
    session.article_id = article_id
    session.view.article_id, session.view.text = article_id, REPEATS
    return session


def velk(nth: int) -> tuple[int, int]:
    starts = [i for i in range(len(REPEATS)) if REPEATS.startswith("Velk", i)]
    return starts[nth], starts[nth] + 4


def test_shift_label_tags_every_whole_word_occurrence_in_one_step(repeats: Session):
    modes = ModeManager(defaults=DEFAULT_BINDINGS, every=tag_all_bindings(repeats.store.labels()))
    commands = Commands()
    repeats.controller.register_span_keys(commands, repeats.store.labels())
    repeats.view.selection = (velk(2)[0], velk(2)[0] + 2)  # "Ve" of the third: snapped
    command = modes.command_for("Shift+A")
    assert command == "tag_all.ACTOR" and modes.command_for("Shift+3") == command
    assert commands.run(command) is not None
    wanted = [velk(0), velk(2), velk(4)]  # not "Velk's", "Velkton" nor "VELK"
    assert [(s.start, s.end) for s in repeats.store.spans(repeats.article_id)] == wanted
    spans = repeats.store.spans(repeats.article_id)
    assert all(s.text == "Velk" and s.label == "ACTOR" for s in spans)
    assert repeats.messages == ["Tagged 3 × ACTOR “Velk”"]
    assert repeats.view.caret == velk(2)[1]

    history = repeats.controller.operations
    assert isinstance(history, History)
    history.undo()  # all three at once
    assert repeats.spans() == []


def test_tag_all_from_a_selected_span_skips_what_is_already_tagged(repeats: Session):
    store = repeats.store
    first = store.add_span(repeats.article_id, *velk(0), "ACTOR", annotator="tester").id
    store.add_span(repeats.article_id, *velk(4), "ACTOR", annotator="tester")
    select(repeats, first)
    repeats.controller.tag_all("ACTOR")
    assert [(s.start, s.end) for s in store.spans(repeats.article_id)] == [
        velk(0),
        velk(2),
        velk(4),
    ]
    assert repeats.messages == ["Tagged 1 × ACTOR “Velk”"]
    # Nothing new is refused (the window's operations turn this into a status message).
    with pytest.raises(DuplicateSpan, match="every occurrence of “Velk” is already ACTOR"):
        repeats.controller.tag_all("ACTOR")
