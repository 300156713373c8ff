"""Keys that select by units, decided by the SelectionController with no widget at all.

The controller reads and selects through a plain stand-in for the article view; tagging
afterwards goes through the real TaggingController and a real History on an in-memory
corpus, so the database is checked.  The invented article puts a ZWJ emoji, CRLF line
ends and an NBSP before the targets, so every range is also a check of code-point offsets.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import pytest

from annotator.core import units
from annotator.core.history import History
from annotator.core.store import Store
from annotator.gui.controllers import selection as selection_module
from annotator.gui.controllers.selection import SelectionController
from annotator.gui.controllers.tagging import TaggingController
from annotator.gui.keys import ACTIONS, Commands

TEXT = (
    "👩\u200d🔬 Dunmore Ledger\r\n"
    "Officials in Kestrel Bay said at least 1,200 additional prisoners were freed.\u00a0"
    "“We opened the gates at dawn,” said Deputy Minister Olena Marchenko-Kovalska.\r\n"
    "The talks from 20 to 30 June went on, and Varnia's envoy left early.\r\n"
)


def at(piece: str) -> tuple[int, int]:
    start = TEXT.index(piece)
    return start, start + len(piece)


@dataclass
class FakeView:
    """The article view as the unit keys and tagging see it."""

    article_id: int | None
    text: str
    spans: dict[int, object] = field(default_factory=dict)
    selected_span: int | None = None
    grown_from_span: int | None = None  # a selection widened from a span (see tagging)
    exact_selection: bool = False
    selection: tuple[int, int] | None = None
    caret: int = 0

    def selection_offsets(self) -> tuple[int, int] | None:
        return self.selection

    def caret_offset(self) -> int:
        return self.caret

    def select_range(self, start: int, end: int, *, exact: bool = False) -> None:
        # As the real view: the caret goes to the end; an empty range is no selection.
        self.selection = (start, end) if start < end else None
        self.caret, self.exact_selection = end, exact

    def place_caret(self, offset: int) -> None:
        self.caret, self.selection, self.exact_selection = offset, None, False

    def selected(self) -> str | None:
        return None if self.selection is None else self.text[slice(*self.selection)]


@dataclass
class Session:
    store: Store
    article_id: int
    view: FakeView
    units: SelectionController
    tagging: TaggingController
    facts: list[str | None]
    messages: list[str]
    focused: list[bool]


@pytest.fixture
def session(store: Store) -> Session:
    article_id, _ = store.add_article(title="Ledger", text=TEXT)
    view = FakeView(article_id=article_id, text=TEXT)
    facts: list[str | None] = []
    messages: list[str] = []
    focused: list[bool] = []
    controller = SelectionController(
        view=view, fact=facts.append, message=messages.append,
        focus_text=lambda: focused.append(True),
    )  # fmt: skip
    tagging = TaggingController(
        view=view, operations=History(store, annotator="tester"),
        snap_to_words=lambda: True, message=messages.append,
    )  # fmt: skip
    return Session(store, article_id, view, controller, tagging, facts, messages, focused)


def walk(session: Session, kind: str, *, forward: bool) -> list[str]:
    seen = []
    while session.units.select_unit(kind, forward=forward) is not None:
        seen.append(session.view.selected())
    return seen


EXPECTED = {
    "number": ["at least 1,200 additional prisoners", "from 20 to 30 June"],
    "name": [
        "Dunmore Ledger", "Kestrel Bay", "Deputy Minister Olena Marchenko-Kovalska", "Varnia",
    ],
    "quotation": ["“We opened the gates at dawn,”"],
    "sentence": [
        "👩\u200d🔬 Dunmore Ledger",
        "Officials in Kestrel Bay said at least 1,200 additional prisoners were freed.",
        "“We opened the gates at dawn,” said Deputy Minister Olena Marchenko-Kovalska.",
        "The talks from 20 to 30 June went on, and Varnia's envoy left early.",
    ],
}  # fmt: skip


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_each_kind_walks_forward_from_the_caret_then_back(session: Session, kind: str):
    assert walk(session, kind, forward=True) == EXPECTED[kind]
    assert session.messages[-1] == f"No more {kind}s after the selection"
    # Back from the last one: the others in reverse, the last one is not chosen again.
    assert walk(session, kind, forward=False) == EXPECTED[kind][-2::-1]
    assert session.messages[-1] == f"No more {kind}s before the selection"
    assert session.view.exact_selection
    assert all(session.focused)  # and the keyboard went to the text each time


def test_the_status_bar_says_what_was_selected(session: Session):
    session.units.select_unit("number", forward=True)
    assert session.facts[-1] == "Number: at least 1,200 additional prisoners"
    assert session.view.selection == at("at least 1,200 additional prisoners")
    session.units.select_unit("name", forward=True)  # from the number's end
    assert session.facts[-1] == "Name: Deputy Minister Olena Marchenko-Kovalska"
    long = "Sentence: “We opened the gates at dawn,” said Deputy Minister Olena Marchenko-K…"
    session.view.place_caret(TEXT.index("gates"))
    session.units.select_unit("sentence", forward=False)  # the one holding the caret
    assert session.facts[-1] == long and len(long) == len("Sentence: ") + 70


def test_a_caret_inside_a_unit_selects_that_unit_either_way(session: Session):
    inside = TEXT.index("1,200") + 2
    for forward in (True, False):
        session.view.place_caret(inside)
        session.units.select_unit("number", forward=forward)
        assert session.view.selected() == "at least 1,200 additional prisoners"


def test_nothing_more_is_said_for_the_caret_too(session: Session):
    session.view.place_caret(0)
    assert session.units.select_unit("quotation", forward=False) is None
    assert session.messages == ["No more quotations before the caret"]
    assert session.view.selection is None and session.facts == []
    session.view.place_caret(len(TEXT))
    assert session.units.select_unit("number", forward=True) is None
    assert session.messages[-1] == "No more numbers after the caret"


def test_no_article_no_selection(session: Session):
    session.view.article_id = None
    for kind in EXPECTED:
        assert session.units.select_unit(kind, forward=True) is None
    assert session.units.expand() is None and session.units.shrink() is None
    assert session.view.selection is None and session.messages == [] == session.facts


def test_expand_walks_the_ladder_and_shrink_walks_it_back(session: Session):
    caret = TEXT.index("1,200") + 1
    session.view.place_caret(caret)
    ladder = []
    while session.units.expand() is not None:
        ladder.append((session.view.selected(), session.facts[-1].split(":")[0]))
    assert session.messages == ["The whole article is selected already"]
    line = "Officials in Kestrel Bay said at least 1,200 additional prisoners were freed."
    assert ladder == [
        ("1,200", "Word"),
        ("at least 1,200 additional prisoners", "Number"),
        (line, "Sentence"),
        (line + "\u00a0“We opened the gates at dawn,” said Deputy Minister Olena "
         "Marchenko-Kovalska.", "Paragraph"),
        (TEXT, "Article"),
    ]  # fmt: skip
    back = []
    while session.units.shrink() is not None:
        back.append(session.view.selected())
    assert back == [text for text, _ in ladder[-2::-1]] + [None]
    assert session.view.caret == caret  # all the way back to where the caret was
    assert session.facts[-1] is None  # nothing selected: the caret's own line is shown
    assert session.messages[-1] == "Nothing selected to shrink"


def test_expand_reaches_the_quotation_inside_a_sentence(session: Session):
    session.view.place_caret(TEXT.index("gates"))
    grown = []
    for _ in range(4):
        session.units.expand()
        grown.append(session.view.selected())
    # word, clause (up to the comma, which the core keeps), quotation with its marks
    assert grown[:3] == ["gates", "We opened the gates at dawn,", "“We opened the gates at dawn,”"]
    assert session.facts[-2] == "Quotation: “We opened the gates at dawn,”"


def test_shrink_of_a_word_selected_by_hand_says_there_is_nothing_smaller(session: Session):
    session.view.selection = at("envoy")
    assert session.units.shrink() is None
    assert session.messages == ["The selection holds no smaller unit"]
    assert session.view.selected() == "envoy"


def test_a_unit_is_tagged_exactly_as_selected(session: Session):
    # Snapping would take the possessive along ("Varnia's"); the name unit leaves it out.
    session.view.place_caret(TEXT.index("Varnia") - 3)
    session.units.select_unit("name", forward=True)
    session.tagging.tag("ACTOR")
    session.units.select_unit("quotation", forward=False)
    session.tagging.tag("QUOTE")
    session.view.place_caret(0)
    session.units.select_unit("number", forward=True)
    session.tagging.tag("NUMBER")
    spans = session.store.spans(session.article_id)
    assert [(s.label, s.text) for s in spans] == [
        ("NUMBER", "at least 1,200 additional prisoners"),
        ("QUOTE", "“We opened the gates at dawn,”"),
        ("ACTOR", "Varnia"),
    ]
    assert all(s.text == TEXT[s.start : s.end] for s in spans)


def test_the_whole_article_keeps_its_line_break_out_of_a_span(session: Session):
    session.view.selection = at(TEXT.rstrip("\r\n"))  # everything but the last line end
    session.units.expand()
    assert session.view.selection == (0, len(TEXT))
    assert not session.view.exact_selection  # its edge is white space: trimmed when tagged
    session.tagging.tag("CLAIM")
    assert [s.text for s in session.store.spans(session.article_id)] == [TEXT.rstrip("\r\n")]


def test_every_select_command_is_registered_and_runs(session: Session):
    commands = Commands()
    session.units.register(commands)
    wanted = {command for command in ACTIONS if command.startswith("select.")}
    assert set(commands) == wanted and len(wanted) == 10
    commands.run("select.next_name")
    assert session.view.selected() == "Dunmore Ledger"
    commands.run("select.next_quotation")
    commands.run("select.previous_number")
    assert session.view.selected() == "at least 1,200 additional prisoners"
    commands.run("select.next_sentence")  # the sentence that holds the number
    assert session.view.selected() == EXPECTED["sentence"][1]
    commands.run("select.next_sentence")
    assert session.view.selected() == EXPECTED["sentence"][2]
    commands.run("select.previous_sentence")
    assert session.view.selected() == EXPECTED["sentence"][1]
    commands.run("select.shrink")
    assert session.view.selected() == "Officials"  # a selection not grown: its first unit
    commands.run("select.expand")
    assert session.view.selected() == EXPECTED["sentence"][1]


def test_opening_an_article_prepares_its_units_in_the_background(session: Session):
    text = "".join(["Mayor Ilse Orrin said 40 boats sank. "] * 50)  # a text of its own
    session.units.PREPARE_DELAY_S = 0.0
    session.units.article_opened(text)
    pending = session.units._pending
    assert pending is not None and pending.daemon
    pending.join(timeout=30)
    assert not pending.is_alive()
    assert set(units.KINDS) <= set(units._units(text).starts)  # every kind found ahead


def test_a_preparation_not_yet_started_is_dropped(session: Session):
    session.units.PREPARE_DELAY_S = 3600.0
    first = "".join(["Harbour master Ode Brin counted 12 ships. "] * 20)
    session.units.article_opened(first)
    waiting = session.units._pending
    session.units.article_opened(first + " Another.")  # the analyst flipped on
    assert waiting is not None and waiting.finished.is_set()  # cancelled
    session.units.close()  # the window closes
    assert session.units._pending is None
    waiting.join(timeout=5)
    assert not waiting.is_alive()
    assert "number" not in units._units(first).starts  # never scanned


def test_a_failed_preparation_is_logged_not_raised(monkeypatch, caplog):
    def broken(text: str) -> None:
        raise RuntimeError("scanner broke")

    monkeypatch.setattr(units, "prepare", broken)
    with caplog.at_level(logging.ERROR, logger="annotator.gui.controllers.selection"):
        selection_module._prepare("Some text.")
    assert "could not find the units" in caplog.text and "scanner broke" in caplog.text
