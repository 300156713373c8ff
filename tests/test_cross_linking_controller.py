"""Cross-article link mode without a window (gui/controllers/cross_linking.py): a real
store, the operations faked by History itself, the picker seen as the values it shows.
Every outlet and figure here is invented."""

from __future__ import annotations

import pytest

from annotator.core.history import History
from annotator.gui.controllers.cross_linking import CrossLinking
from annotator.gui.keys import Commands

A = "The Varnia Courier says 6,000 bodies were returned on Sunday."
B = "Eastgate Daily reports 3,000 bodies returned on Sunday."
C = "The Gazette counted 6,000 bodies at the border."


class Harness:
    def __init__(self, store) -> None:
        self.history = History(store, annotator="ana")
        self.selected: int | None = None
        self.shown: list[object] = []
        self.modes: list[str] = []
        self.said: list[str] = []
        self.controller = CrossLinking(
            store=store, operations=self.history, selected=lambda: self.selected,
            show=self.shown.append, enter_mode=lambda: self.modes.append("xlink"),
            leave_mode=lambda: self.modes.append("normal"), message=self.said.append,
        )  # fmt: skip


@pytest.fixture
def setup(store):
    a, _ = store.add_article(title="Courier", text=A)
    b, _ = store.add_article(title="Eastgate", text=B)
    c, _ = store.add_article(title="Gazette", text=C)
    na = store.add_span(a, 24, 36, "NUMBER")
    nb = store.add_span(b, 23, 35, "NUMBER")
    nc = store.add_span(c, 20, 32, "NUMBER")
    store.assign_story([a, b], "Exchange")
    return Harness(store), store, (na, nb, nc)


def test_start_step_make_and_retype(setup):
    harness, store, (na, nb, _nc) = setup
    linking = harness.controller
    assert not linking.start() and "Select a span first" in harness.said[-1]
    harness.selected = na.id
    assert linking.start() and harness.modes == ["xlink"]
    assert [c.span.id for c in linking.picker.candidates] == [nb.id]  # the story only
    linking.step(+1)  # one candidate: wraps onto itself
    assert linking.target.span.id == nb.id
    linking.make("updates")
    assert harness.modes == ["xlink", "normal"] and harness.shown[-1] is None
    (link,) = store.links(na.article_id)
    assert (link.type, link.annotator) == ("updates", "ana")
    linking.start()
    assert linking.picker.linked == {nb.id: link}
    assert linking.make("updates") is None and "already linked" in harness.said[-1]
    linking.make("same")  # the same pair: the link's type changes, no second link
    assert [x.type for x in store.links(na.article_id)] == ["same"]
    harness.history.undo()
    assert [x.type for x in store.links(na.article_id)] == ["updates"]


def test_widen_unlink_and_cancel(setup):
    harness, store, (na, nb, nc) = setup
    linking = harness.controller
    harness.selected = na.id
    linking.start()
    linking.widen()
    assert linking.picker.scope == "corpus"
    assert {c.span.id for c in linking.picker.candidates} == {nb.id, nc.id}
    assert linking.picker.candidates[0].span.id == nc.id  # 6,000 bodies: the same figure
    linking.widen()
    assert harness.said[-1] == "Already searching the whole corpus"
    assert linking.unlink() is None and "not linked" in harness.said[-1]
    linking.make("contradicts")
    linking.start(scope="corpus")
    linking.unlink()
    assert store.links(na.article_id) == [] and linking.active  # stays in the picker
    linking.cancel()
    assert not linking.active and harness.modes[-1] == "normal"


def test_registers_its_commands():
    commands = Commands()
    CrossLinking(store=None, operations=None, selected=lambda: None, show=print,  # type: ignore[arg-type]
                 enter_mode=print, leave_mode=print, message=print).register(commands)  # fmt: skip
    assert {"xlink.start", "xlink.widen", "xlink.unlink", "xlink.type.4"} <= set(commands)
