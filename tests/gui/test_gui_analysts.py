"""Several analysts in the real window: the other analysts' layer, the disagreement list,
adjudication by keys into gold, the work log and the throughput chart (issue 16)."""

from __future__ import annotations

import json

import pytest

from annotator.core import schema
from annotator.core.export import export_corpus
from annotator.core.model import GOLD_ANNOTATOR
from annotator.core.store import Label, Store
from annotator.gui import keys as keymap
from annotator.gui.analysts import ALL_OTHERS
from annotator.gui.keys.analysts import ADJUDICATE, ANALYST_BINDINGS
from annotator.gui.qt import Qt, QtCore, QtGui, QtWidgets
from annotator.gui.throughput_chart import ThroughputDialog

K = Qt.Key

# Invented: no such harbour, union or figures.
HARBOUR = (
    "Harbour master Odile Franck said 310 crates were seized at Port Velmar on Friday.\n\n"
    "The dockers' union called the figure inflated and said 40 crates at most were opened."
)
FERRY = "The Velmar ferry carried 1,200 passengers, Captain Ruud Asper told reporters."


def at(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


@pytest.fixture
def team(store: Store):
    """Two articles; "tester" (the window's analyst), ana and bo tagged them differently."""
    harbour, _ = store.add_article(title="Port Velmar seizure", text=HARBOUR)
    ferry, _ = store.add_article(title="Velmar ferry", text=FERRY)

    def tag(article_id: int, who: str, piece: str, label: str):
        text = HARBOUR if article_id == harbour else FERRY
        start, end = at(text, piece)
        return store.add_span(article_id, start, end, label, annotator=who)

    spans = {
        "mine_franck": tag(harbour, "tester", "Odile Franck", "ACTOR"),
        "ana_franck": tag(harbour, "ana", "Odile Franck", "ACTOR"),  # agrees with everyone
        "bo_franck": tag(harbour, "bo", "Odile Franck", "ACTOR"),
        "ana_310": tag(harbour, "ana", "310", "NUMBER"),  # label disagreement with bo
        "bo_310": tag(harbour, "bo", "310", "CLAIM"),
        "ana_claim": tag(harbour, "ana", "310 crates were seized", "CLAIM"),  # boundary
        "bo_claim": tag(harbour, "bo", "310 crates were seized at Port Velmar", "CLAIM"),
        "bo_40": tag(harbour, "bo", "40", "NUMBER"),  # only bo
        "ana_ferry": tag(ferry, "ana", "1,200", "NUMBER"),
        "bo_ferry": tag(ferry, "bo", "Ruud Asper", "ACTOR"),
    }
    return store, harbour, ferry, spans


def layer_pieces(window):
    view = window.view
    return window.analysts.layer.pieces(view, view.visible_lines(view.viewport().rect()))


def gold_of(store: Store, article_id: int) -> list[tuple[str, str]]:
    return [(s.label, s.text) for s in store.spans(article_id) if s.annotator == GOLD_ANNOTATOR]


def test_the_analyst_keys_clash_with_nothing_in_any_mode(qapp):
    labels = [Label(d["name"], d["hotkey"], d["colour"], n)
              for n, d in enumerate(schema.default_labels(), 1)]  # fmt: skip
    tables = (keymap.DEFAULT_BINDINGS, keymap.LINK_BINDINGS, ANALYST_BINDINGS,
              keymap.label_bindings(labels), keymap.tag_all_bindings(labels))  # fmt: skip
    for mode in keymap.modes_of(*tables):
        assert keymap.conflicts(*tables, mode=mode) == {}, mode


def test_ctrl_shift_o_steps_through_each_analyst_then_all_then_off(
    team, make_window, keys, monkeypatch
):
    store, harbour, _ferry, spans = team
    window = make_window(store)
    window.open_article(harbour)
    k = keys(window)
    assert window.analysts.layer not in window.view.layers
    k.ctrl_shift(K.Key_O)
    assert window.analysts.shown == "ana"
    assert window.analysts.layer in window.view.layers
    ana = {spans[n].id for n in ("ana_franck", "ana_310", "ana_claim")}
    assert {p.key for p in layer_pieces(window)} == ana
    assert {p.annotator for p in layer_pieces(window)} == {"ana"}
    assert "Showing the spans of ana, dashed (3 in this article)" in (
        window.statusBar().currentMessage()
    )
    # The tooltip names the analyst of the dashed span under the pointer.
    start, _ = at(HARBOUR, "310")
    assert {(s.annotator, s.label) for s in window.analysts.tooltip_spans(start)} == {
        ("ana", "NUMBER"), ("ana", "CLAIM"),
    }  # fmt: skip
    # ... and so does the real tooltip event over the text.
    cursor = window.view.textCursor()
    cursor.setPosition(window.view.offsets.to_qt(start + 1))
    point = window.view.cursorRect(cursor).center()
    viewport = window.view.viewport()
    shown: list[str] = []  # the offscreen platform cannot raise a real tooltip window
    monkeypatch.setattr(QtWidgets.QToolTip, "showText", lambda _at, text, *_a: shown.append(text))
    event = QtGui.QHelpEvent(QtCore.QEvent.Type.ToolTip, point, viewport.mapToGlobal(point))
    QtWidgets.QApplication.sendEvent(viewport, event)
    assert len(shown) == 1
    assert "<i>ana</i>: <b>NUMBER</b>" in shown[0] and "<i>ana</i>: <b>CLAIM</b>" in shown[0]
    assert "<b>ACTOR</b>" not in shown[0]  # only what is under the pointer
    window.view.viewport().grab()  # paints the dashed outlines without a layer failing
    assert window.view._reported == set()
    k.ctrl_shift(K.Key_O)
    assert window.analysts.shown == "bo"
    assert {p.annotator for p in layer_pieces(window)} == {"bo"}
    k.ctrl_shift(K.Key_O)
    assert window.analysts.shown == ALL_OTHERS
    assert {p.annotator for p in layer_pieces(window)} == {"ana", "bo"}
    k.ctrl_shift(K.Key_O)
    assert window.analysts.shown is None
    assert window.analysts.layer not in window.view.layers
    assert not window.analysts.panel.isVisible()
    # One's own spans are untouched all along.
    assert spans["mine_franck"].id in window.view.spans


def test_the_disagreement_list_follows_the_analyst_and_enter_jumps(team, make_window, keys):
    store, harbour, _ferry, _spans = team
    window = make_window(store)
    window.open_article(harbour)
    k = keys(window)
    k.ctrl_shift(K.Key_O)  # ana
    panel = window.analysts.panel
    assert panel.isVisible()
    # I tagged only Odile Franck (so did ana): ana's 310 and claim are hers alone.
    assert [(d.kind, d.second.text) for d in panel.items] == [
        ("extra", "310 crates were seized"), ("extra", "310"),
    ]  # fmt: skip
    assert panel.title.text() == "2 disagreements with ana"
    window.actions["view.disagreements"].trigger()
    assert QtWidgets.QApplication.focusWidget() is panel.list
    k.press(K.Key_Down)
    k.press(K.Key_Return)
    assert window.view.selection_offsets() == at(HARBOUR, "310")
    assert QtWidgets.QApplication.focusWidget() is window.view
    # My own span changes the list: tag "40" as a NUMBER (key 2 on the selection).
    window.view.select_range(*at(HARBOUR, "40"))
    k.press(K.Key_2)
    assert ("missing", "40") in [(d.kind, d.first.text if d.first else "") for d in panel.items]
    k.ctrl_shift(K.Key_O)  # bo: agrees on Franck, and now on 40
    assert [d.kind for d in panel.items] == ["extra", "extra"]
    assert panel.title.text() == "2 disagreements with bo"


def test_adjudication_by_keys_fills_gold_that_exports_and_undoes(
    team, make_window, keys, tmp_path
):
    store, harbour, ferry, _spans = team
    window = make_window(store)
    window.open_article(harbour)
    k = keys(window)
    k.ctrl_shift(K.Key_J)
    assert window.modes.mode == ADJUDICATE
    view = window.analysts.adjudication_view
    assert view.isVisible() and not window.view.isVisible()
    session = window.analysts.session
    # The first two analysts by name are compared; the gold layer never is.
    assert (session.current.first_name, session.current.second_name) == ("ana", "bo")
    assert "Article 1 of 2" in view.header.text()
    assert "(also tester: not compared)" in view.header.text()
    assert view.progress.text() == (
        "1 of 3 disagreements · 0 decided · 1 agreement (1 not in gold: A)"
    )
    assert view.kind.text() == "Same label, different boundaries"
    assert "ana" in view.first_pane.toPlainText() and "bo" in view.second_pane.toPlainText()
    assert "310 crates were seized" in view.first_pane.toPlainText()
    k.press(K.Key_2)  # bo's longer claim
    assert gold_of(store, harbour) == [("CLAIM", "310 crates were seized at Port Velmar")]
    assert view.progress.text().startswith("2 of 3 disagreements · 1 decided")
    assert view.kind.text() == "Same characters, different labels"
    k.press(K.Key_B)  # both labels of "310": one step
    assert sorted(gold_of(store, harbour)) == [
        ("CLAIM", "310"), ("CLAIM", "310 crates were seized at Port Velmar"), ("NUMBER", "310"),
    ]  # fmt: skip
    k.press(K.Key_N)  # bo's lone "40": neither
    assert len(gold_of(store, harbour)) == 3
    assert "Every disagreement of this article is decided" in window.statusBar().currentMessage()
    k.press(K.Key_A)  # the agreement: Odile Franck
    assert ("ACTOR", "Odile Franck") in gold_of(store, harbour)
    assert view.progress.text().endswith("1 agreement (in gold)")
    k.ctrl(K.Key_Z)  # takes the agreements back
    assert ("ACTOR", "Odile Franck") not in gold_of(store, harbour)
    k.ctrl(K.Key_Z)  # "neither" wrote nothing: only the decision goes
    assert len(gold_of(store, harbour)) == 3
    assert view.progress.text().startswith("3 of 3 disagreements · 2 decided")
    k.ctrl(K.Key_Z)  # both: both spans go in one undo
    assert gold_of(store, harbour) == [("CLAIM", "310 crates were seized at Port Velmar")]
    assert view.decided.text() == "Not decided"
    k.press(K.Key_1)  # ana's NUMBER this time
    assert sorted(gold_of(store, harbour)) == [
        ("CLAIM", "310 crates were seized at Port Velmar"), ("NUMBER", "310"),
    ]  # fmt: skip
    k.ctrl(K.Key_PageDown)
    assert session.current.article_id == ferry
    assert window.article_id == ferry  # the corpus list and span list follow
    assert QtWidgets.QApplication.focusWidget() is view  # and the keys stay here
    assert view.progress.text().startswith("1 of 2 disagreements")
    k.press(K.Key_1)  # only ana tagged 1,200
    k.press(K.Key_1)  # only bo tagged Ruud Asper: ana's side is empty
    assert "no span there, nothing added" in window.statusBar().currentMessage()
    assert gold_of(store, ferry) == [("NUMBER", "1,200")]
    # The gold layer exports like any analyst's spans.
    out = tmp_path / "gold.jsonl"
    export_corpus(store, out, format="jsonl", annotators=[GOLD_ANNOTATOR])
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [sorted((s["label"], s["text"]) for s in r["spans"]) for r in records] == [
        [("CLAIM", "310 crates were seized at Port Velmar"), ("NUMBER", "310")],
        [("NUMBER", "1,200")],
    ]
    assert {s["annotator"] for r in records for s in r["spans"]} == {"gold"}
    k.press(K.Key_Escape)
    assert window.modes.mode == keymap.NORMAL
    assert window.view.isVisible() and not view.isVisible()
    assert window.article_id == ferry  # where the adjudicator left off


def test_adjudication_with_one_analyst_says_so_and_stays_in_the_text(flood, make_window, keys):
    store, article_id = flood
    store.add_span(article_id, 0, 3, "ACTOR", annotator="ana")
    window = make_window(store)
    keys(window).ctrl_shift(K.Key_J)
    assert window.modes.mode == keymap.NORMAL
    assert window.view.isVisible() and not window.analysts.adjudication_view.isVisible()
    assert window.statusBar().currentMessage() == (
        "No article has spans of two analysts: nothing to adjudicate"
    )


class Clock:
    """A clock the test moves by hand, for the work log's active time."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_work_log_counts_active_time_keys_and_spans_per_visit(team, make_window, keys):
    store, harbour, ferry, _spans = team
    window = make_window(store)
    clock = Clock()
    window.analysts.tracker.clock = clock
    window.open_article(ferry)
    window.open_article(harbour)  # the visit starts on the test's clock
    assert store.work_log() == []  # opening and leaving ferry at once is no work
    k = keys(window)
    clock.now += 5
    k.press(K.Key_Right, times=3)  # 5 s, then no time between the presses
    clock.now += 20
    k.press(K.Key_2)  # a NUMBER on the word at the caret: one span
    assert store.work_log() == []  # nothing is written while the analyst works
    clock.now += 600  # away for ten minutes: not counted
    k.press(K.Key_Left)
    clock.now += 10
    k.press(K.Key_Tab)
    k.ctrl(K.Key_PageDown)  # leaves the article: the visit is written
    (row,) = store.work_log()
    assert (row["annotator"], row["article_id"], row["seconds"], row["keys"], row["spans"]) == (
        "tester", harbour, 35.0, 7, 1,  # Ctrl+PgDown is a key in the article too
    )  # fmt: skip
    assert window.article_id == ferry
    clock.now += 30
    k.press(K.Key_1)  # CLAIM on the word at the caret ...
    k.ctrl(K.Key_Z)  # ... and undone: no span
    window.close()  # the open visit is written on closing
    last = store.work_log()[-1]
    assert (last["article_id"], last["seconds"], last["keys"], last["spans"]) == (
        ferry, 30.0, 2, 0,
    )  # fmt: skip


def test_ctrl_shift_k_opens_the_chart_with_the_logged_days(team, make_window, keys, qtbot):
    store, harbour, ferry, _spans = team
    for day, article_id, seconds, key_count, span_count in (
        ("2026-05-04", harbour, 240.0, 60, 6), ("2026-05-04", ferry, 120.0, 30, 3),
        ("2026-05-05", harbour, 60.0, 20, 0),
    ):  # fmt: skip
        store.log_work(annotator="tester", article_id=article_id, started_at=f"{day}T09:00:00",
                       seconds=seconds, keys=key_count, spans=span_count)  # fmt: skip
    store.log_work(annotator="ana", article_id=harbour, started_at="2026-05-05T10:00:00",
                   seconds=60.0, keys=12, spans=4)  # fmt: skip
    window = make_window(store)
    keys(window).ctrl_shift(K.Key_K)
    dialog = window.findChild(ThroughputDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    rows = {row.title: row.values for row in dialog.chart.rows}
    assert rows["Spans per minute"] == [("2026-05-04", 1.5), ("2026-05-05", 0.0)]
    assert rows["Keys per span"] == [("2026-05-04", 10.0), ("2026-05-05", None)]
    assert rows["Minutes per article"] == [("2026-05-04", 3.0), ("2026-05-05", 1.0)]
    assert dialog.summary.text().startswith("tester: 9 spans in 7 active minutes over 2 articles")
    dialog.chart.grab()  # draws without failing
    dialog.analyst.setCurrentText("ana")
    assert {row.title: row.values for row in dialog.chart.rows}["Spans per minute"] == [
        ("2026-05-05", 4.0)
    ]
    dialog.reject()


def test_spans_imported_without_an_analyst_show_as_unnamed(team, make_window, keys):
    store, harbour, _ferry, _spans = team
    store.add_span(harbour, *at(HARBOUR, "Port Velmar"), "ACTOR")  # no annotator: ""
    window = make_window(store)
    window.open_article(harbour)
    keys(window).ctrl_shift(K.Key_O)
    assert window.analysts.shown == ""  # sorted first: the empty name
    assert window.statusBar().currentMessage().startswith("Showing the spans of (unnamed),")
    panel = window.analysts.panel
    assert panel.title.text() == "2 disagreements with (unnamed)"  # my Franck, their port
    rows = [[panel.list.topLevelItem(r).text(c) for c in range(3)] for r in range(2)]
    assert rows == [["only mine", "ACTOR “Odile Franck”", "(unnamed): —"],
                    ["only theirs", "—", "(unnamed): ACTOR “Port Velmar”"]]  # fmt: skip


def test_a_side_escapes_the_text_and_cuts_its_context_at_whole_words():
    from annotator.core.model import Span
    from annotator.gui.adjudication_view import side_html

    text = "abcdefghij " * 40 + "<b>7</b> & more " + "klmnopqrst " * 40
    start = text.index("<b>7</b>")
    span = Span(1, 1, start, start + 8, "NUMBER", "<b>7</b>", "ana")
    shown = side_html(text=text, span=span, start=start, end=start + 8, name="ana <x>",
                      colour="#E69F00", in_gold=True)  # fmt: skip
    assert "&lt;b&gt;7&lt;/b&gt;" in shown and "<b>7</b>" not in shown
    assert "ana &lt;x&gt;" in shown and "in gold" in shown
    body = shown.split("<p style='line-height:140%'>")[1]
    # 160 characters back lands inside a word: the context starts at the next whole word.
    assert body.startswith("…abcdefghij abcdefghij")
    assert body.endswith("klmnopqrst…</p>")


def test_with_one_other_analyst_the_layer_has_no_all_step(flood, make_window, keys):
    store, article_id = flood
    store.add_span(article_id, 4, 9, "ACTOR", annotator="ana")  # "mayor"
    window = make_window(store)
    k = keys(window)
    k.ctrl_shift(K.Key_O)
    assert window.analysts.shown == "ana"
    assert [window.analysts.layer.spans[p.key].text for p in layer_pieces(window)] == ["mayor"]
    k.ctrl_shift(K.Key_O)
    assert window.analysts.shown is None


def test_in_a_big_article_the_list_follows_once_the_keys_pause(
    team, make_window, keys, qtbot, monkeypatch
):
    from annotator.gui import analysts

    store, harbour, _ferry, _spans = team
    monkeypatch.setattr(analysts, "DEFER_FROM", 3)  # this article counts as big
    window = make_window(store)
    window.open_article(harbour)
    k = keys(window)
    k.ctrl_shift(K.Key_O)  # ana: 2 disagreements
    panel = window.analysts.panel
    window.view.select_range(*at(HARBOUR, "310"))
    k.press(K.Key_2)  # now I agree with ana on 310 ...
    assert len(panel.items) == 2  # ... but the list waits for the keys to pause
    assert window.analysts._refresh_timer.isActive()
    qtbot.waitUntil(lambda: len(panel.items) == 1, timeout=3000)
    assert [d.second.text for d in panel.items] == ["310 crates were seized"]


def test_a_quotation_in_the_list_keeps_its_own_marks():
    from annotator.core.model import Span
    from annotator.gui.disagreement_panel import describe_side

    quote = "“Nobody counted anything,”"
    assert describe_side(Span(1, 1, 0, len(quote), "QUOTE", quote)) == f"QUOTE {quote}"
    assert describe_side(Span(1, 1, 0, 5, "ACTOR", "Lauw")) == "ACTOR “Lauw”"
    assert describe_side(None) == "—"
