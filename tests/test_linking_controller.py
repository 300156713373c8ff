"""Link mode, decided by the LinkingController with no widget: a stand-in view, a real
History on an in-memory corpus, and the database checked afterwards."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from annotator.core.history import History
from annotator.core.store import Span, Store
from annotator.gui.controllers.linking import LinkingController, candidates
from annotator.gui.keys import LINK, LINK_BINDINGS, Commands, ModeManager

# QUOTE far from one ACTOR and near another; a CLAIM with a NUMBER and an ACTOR near it.
TEXT = (
    "Mayor Edda Quist opened the weir. Engineer Bo Lind said “the gate held for 9 hours” "
    "and officials claimed 300 homes stayed dry."
)


def find(text: str, piece: str) -> tuple[int, int]:
    start = TEXT.index(piece)
    return start, start + len(piece)


@dataclass
class FakeView:
    article_id: int | None
    spans: dict[int, Span] = field(default_factory=dict)
    selected_span: int | None = None
    shown: list[tuple[int | None, int | None]] = field(default_factory=list)

    def show_link(self, head: int | None, target: int | None) -> None:
        self.shown.append((head, target))


@pytest.fixture
def session(store: Store):
    article_id, _ = store.add_article(title="Weir", text=TEXT)
    made = {}
    for label, piece in [
        ("ACTOR", "Edda Quist"), ("ACTOR", "Bo Lind"), ("QUOTE", "the gate held for 9 hours"),
        ("NUMBER", "9 hours"), ("CLAIM", "300 homes stayed dry"), ("NUMBER", "300"),
    ]:  # fmt: skip
        made[piece] = store.add_span(article_id, *find(TEXT, piece), label)
    view = FakeView(article_id, {span.id: span for span in store.spans(article_id)})
    history = History(store, annotator="ana")
    messages: list[str] = []
    modes = ModeManager(link=LINK_BINDINGS)
    controller = LinkingController(
        view=view, operations=history, types=store.relation_types,
        relations=lambda: store.relations(article_id),
        enter_mode=lambda: modes.enter(LINK), leave_mode=modes.leave, message=messages.append,
    )  # fmt: skip
    return store, article_id, view, controller, made, messages, modes, history


def test_candidates_are_ordered_nearest_first_in_either_direction(session):
    store, _, view, _, made, *_ = session
    quote = made["the gate held for 9 hours"]
    got = candidates(quote, view.spans, store.relation_types())
    assert [c.span.text for c in got] == ["Bo Lind", "Edda Quist"]
    assert [(c.kind.name, c.head, c.child) for c in got[0].choices] == [
        ("speaker", quote.id, made["Bo Lind"].id)
    ]
    actor = made["Bo Lind"]  # from the ACTOR: the QUOTE and the CLAIM, relations toward it
    back = candidates(actor, view.spans, store.relation_types())
    assert [c.span.text for c in back] == ["the gate held for 9 hours", "300 homes stayed dry"]
    assert back[0].choices[0].head == quote.id and back[0].choices[0].child == actor.id


def test_r_highlights_the_nearest_tab_and_shift_tab_wrap(session):
    _, _, view, controller, made, messages, modes, _ = session
    quote = made["the gate held for 9 hours"]
    view.selected_span = quote.id
    assert controller.start()
    assert modes.mode == LINK
    assert view.shown[-1] == (quote.id, made["Bo Lind"].id)
    assert messages[-1].startswith("Link QUOTE “the gate held for 9 hours” to ACTOR “Bo Lind”")
    assert "(1 of 2)" in messages[-1] and "Enter: speaker" in messages[-1]
    controller.move(+1)
    assert view.shown[-1] == (quote.id, made["Edda Quist"].id) and "(2 of 2)" in messages[-1]
    controller.move(+1)
    assert view.shown[-1][1] == made["Bo Lind"].id  # wrapped to the first
    controller.move(-1)
    assert view.shown[-1][1] == made["Edda Quist"].id  # and back round to the last


def test_enter_makes_the_fitting_type_and_leaves_link_mode(session):
    store, article_id, view, controller, made, messages, modes, history = session
    view.selected_span = made["the gate held for 9 hours"].id
    controller.start()
    controller.make()
    [relation] = store.relations(article_id)
    assert (relation.kind, relation.head_span_id, relation.tail_span_id) == (
        "speaker", made["the gate held for 9 hours"].id, made["Bo Lind"].id
    )  # fmt: skip
    assert relation.annotator == "ana"
    assert modes.mode == "normal" and view.shown[-1] == (None, None)
    assert messages[-1].startswith("Linked speaker: QUOTE")
    history.undo()
    assert store.relations(article_id) == []


def test_a_digit_picks_another_type_when_several_fit(session):
    store, article_id, view, controller, made, messages, *_ = session
    claim, actor = made["300 homes stayed dry"], made["Bo Lind"]
    store.add_relation_type("disputes", heads=["CLAIM"], children=["ACTOR"], key="5")
    view.selected_span = claim.id
    controller.start()
    while controller.target.span.id != actor.id:
        controller.move(+1)
    assert "Enter: source, 5: disputes" in messages[-1]
    controller.make(key="7")  # no type with that key fits: still linking
    assert "No relation type with key 7 fits this pair" in messages[-1] and controller.active
    controller.make(key="5")
    assert [(r.kind, r.head_span_id, r.tail_span_id) for r in store.relations(article_id)] == [
        ("disputes", claim.id, actor.id)
    ]
    # Linked by "disputes" already: the pair now offers only "source".
    controller.start()
    target = next(c for c in controller.candidates if c.span.id == actor.id)
    assert [c.kind.name for c in target.choices] == ["source"]


def test_escape_cancels_without_a_relation(session):
    store, article_id, view, controller, made, messages, modes, _ = session
    view.selected_span = made["Bo Lind"].id
    controller.start()
    controller.cancel()
    assert store.relations(article_id) == [] and modes.mode == "normal"
    assert messages[-1] == "Linking cancelled" and not controller.active
    controller.make()  # nothing happens outside link mode
    assert store.relations(article_id) == []


def test_without_a_selected_span_or_a_fitting_one_it_says_why(session):
    store, _, view, controller, _, messages, modes, _ = session
    assert not controller.start()
    assert messages[-1] == "Select a span first (Tab / Shift+Tab), then R links it"
    lone, _ = store.add_article(title="Lone", text="Only Pia Holm here.")
    pia = store.add_span(lone, 5, 13, "ACTOR")
    view.article_id, view.spans, view.selected_span = lone, {pia.id: pia}, pia.id
    assert not controller.start()
    assert messages[-1].startswith("Nothing to link ACTOR “Pia Holm” to: no other span here")
    assert modes.mode == "normal"


def test_link_keys_run_the_link_commands(session):
    _, article_id, view, controller, made, _, modes, _ = session
    commands = Commands()
    controller.register(commands)
    view.selected_span = made["the gate held for 9 hours"].id
    commands.run("link.start")
    assert modes.command_for("Tab") == "link.next"
    assert modes.command_for("Escape") == "link.cancel"
    commands.run(modes.command_for("Tab"))
    commands.run(modes.command_for("Shift+Tab"))
    commands.run(modes.command_for("Return"))
    assert [r.kind for r in session[0].relations(article_id)] == ["speaker"]
