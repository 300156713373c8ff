"""The analyst's name in the window: asked once in the welcome, shown in the status bar,
changed with File > Analyst name…, recorded on every span; a team corpus shows the
analyst's own spans."""

from __future__ import annotations

from pathlib import Path

from annotator.core import paths
from annotator.core.store import Store
from annotator.gui import app as app_module
from annotator.gui.analyst import NAME_KEY, stored_name
from annotator.gui.operations import default_annotator
from annotator.gui.qt import QtWidgets
from annotator.gui.welcome import WelcomeDialog, maybe_show_welcome, open_settings

from .conftest import FLOOD


def test_the_name_is_in_the_status_bar_and_on_every_span(make_window, flood):
    store, article = flood
    window = make_window(store, annotator="alice")
    assert window.status_line.analyst.text() == "Analyst: alice"
    window.open_article(article)
    window.view.place_caret(FLOOD.index("mayor"))
    window.tag("ACTOR")
    window.actions["article.done_next"].trigger()
    assert [s.annotator for s in store.spans(article)] == ["alice"]
    assert store.done_by(["alice"]) == {"alice": {article}}


def test_file_analyst_name_changes_who_tags_from_now_on(qtbot, make_window, flood):
    store, article = flood
    window = make_window(store, annotator="alice")
    window.open_article(article)
    assert window.actions["file.analyst"] in window.menuBar().actions()[0].menu().actions()
    window.actions["file.analyst"].trigger()
    dialog = window.analyst.dialog
    assert dialog is not None and dialog.textValue() == "alice"
    qtbot.waitUntil(dialog.isVisible)
    dialog.setTextValue("  Bruno Tamm ")
    dialog.accept()
    assert window.ops.annotator == "Bruno Tamm"
    assert window.status_line.analyst.text() == "Analyst: Bruno Tamm"
    assert stored_name() == "Bruno Tamm"  # the next start tags as Bruno too
    window.view.place_caret(FLOOD.index("dam"))
    window.tag("ACTOR")
    assert [s.annotator for s in store.spans(article)] == ["Bruno Tamm"]


def test_a_name_that_cannot_be_one_is_refused_and_the_old_one_kept(make_window, flood):
    store, _ = flood
    window = make_window(store, annotator="alice")
    assert window.analyst.set_name("gold") is False
    assert window.ops.annotator == "alice"
    assert "adjudicated layer" in window.statusBar().currentMessage()
    assert stored_name() is None


def test_a_team_corpus_shows_the_analysts_own_spans(make_window, flood):
    store, article = flood
    mayor = FLOOD.index("mayor")
    store.add_span(article, mayor, mayor + 5, "ACTOR", annotator="alice")
    store.add_span(article, mayor, mayor + 5, "ACTOR", annotator="bob")
    dam = FLOOD.index("dam")
    store.add_span(article, dam, dam + 3, "CLAIM")  # unnamed: everyone's
    for name in ("alice", "bob"):  # as a merge brings each analyst's statuses
        store.set_analyst_status(article, name, "in-progress")
    window = make_window(store, annotator="alice")
    window.open_article(article)
    assert sorted(store.span(i).annotator for i in window.view.spans) == ["", "alice"]
    window.analyst.set_name("bob")  # the view follows the name
    assert sorted(store.span(i).annotator for i in window.view.spans) == ["", "bob"]


def test_a_corpus_of_one_analyst_shows_every_span_whoever_opens_it(make_window, flood):
    store, article = flood
    mayor = FLOOD.index("mayor")
    store.add_span(article, mayor, mayor + 5, "ACTOR", annotator="alice")
    window = make_window(store, annotator="carol")
    window.open_article(article)
    assert len(window.view.spans) == 1


def test_the_welcome_asks_the_name_once_prefilled_with_the_account(qtbot, db_path: Path):
    parent = QtWidgets.QWidget()
    qtbot.addWidget(parent)
    chosen: list[str] = []

    def ask(name: str) -> bool:
        chosen.append(name)
        return True

    dialog = maybe_show_welcome(parent, corpus=db_path, articles=6, sample=True, ask_name=ask)
    assert dialog is not None and dialog.name is not None
    assert dialog.name.text() == default_annotator()
    assert chosen == [default_annotator()]  # kept at once: a kill does not ask again
    dialog.name.setText("Ilse")
    dialog.accept()
    assert chosen == [default_annotator(), "Ilse"]
    # Without a name to ask, the welcome is not shown again.
    assert maybe_show_welcome(parent, corpus=db_path, articles=6, sample=True) is None


def test_start_asks_on_the_first_start_and_keeps_the_name(qtbot) -> None:
    session = app_module.start(db_path=paths.default_db_path(), seed_sample=True)
    try:
        qtbot.waitUntil(lambda: any(isinstance(w, WelcomeDialog) and w.isVisible()
                                    for w in QtWidgets.QApplication.topLevelWidgets()))  # fmt: skip
        welcome = next(w for w in QtWidgets.QApplication.topLevelWidgets()
                       if isinstance(w, WelcomeDialog) and w.isVisible())  # fmt: skip
        assert welcome.name is not None
        welcome.name.setText("Ilse Varga")
        welcome.accept()
        assert session.window.ops.annotator == "Ilse Varga"
    finally:
        session.close()
    assert open_settings().value(NAME_KEY) == "Ilse Varga"
    # The next start tags as the kept name, and --annotator overrides it for one run.
    session = app_module.start(db_path=paths.default_db_path(), seed_sample=True, welcome=False)
    try:
        assert session.window.ops.annotator == "Ilse Varga"
    finally:
        session.close()
    session = app_module.start(db_path=paths.default_db_path(), seed_sample=True,
                               welcome=False, annotator="Bruno")  # fmt: skip
    try:
        assert session.window.ops.annotator == "Bruno"
        assert session.window.status_line.analyst.text() == "Analyst: Bruno"
    finally:
        session.close()
    assert open_settings().value(NAME_KEY) == "Ilse Varga"


def test_store_reads_unchanged_for_a_merged_corpus_without_names(store: Store):
    # Guard: spans from before names (all '') stay everyone's, whoever opens the corpus.
    article, _ = store.add_article(title="Flood", text=FLOOD)
    store.add_span(article, 4, 9, "ACTOR")
    assert store.own_layer("anyone") is None


def test_a_user_from_before_names_is_asked_once_more(qtbot, db_path: Path):
    from annotator.gui.welcome import SHOWN_KEY

    settings = open_settings()
    settings.setValue(SHOWN_KEY, True)  # the welcome was shown by an older Annotator
    settings.sync()
    parent = QtWidgets.QWidget()
    qtbot.addWidget(parent)
    assert maybe_show_welcome(parent, corpus=db_path, articles=6, sample=True) is None
    dialog = maybe_show_welcome(parent, corpus=db_path, articles=6, sample=True,
                                ask_name=lambda name: True)  # fmt: skip
    assert dialog is not None and dialog.name is not None
    dialog.close()
