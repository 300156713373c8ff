"""Each panel and the key table on its own."""

from __future__ import annotations

from annotator.core import schema
from annotator.core.store import ArticleSummary, Label, Store
from annotator.gui import keys as keymap
from annotator.gui.corpus_panel import CorpusPanel
from annotator.gui.find_bar import find_all
from annotator.gui.label_bar import LabelBar, label_keys_text
from annotator.gui.qt import Qt, QtGui, QtWidgets
from annotator.gui.settings import WindowSettings

DEFAULT_LABELS = [
    Label(d["name"], d["hotkey"], d["colour"], n) for n, d in enumerate(schema.default_labels(), 1)
]


def normal_keys(*tables, commands=()) -> dict[str, list[str]]:
    """The normal mode's bindings seen per command: {command id: [keys]}."""
    return keymap.command_keys(*tables, mode="normal", commands=commands)


def test_no_key_is_bound_twice(qapp):
    tables = (keymap.DEFAULT_BINDINGS, keymap.label_bindings(DEFAULT_LABELS))
    for mode in keymap.modes_of(*tables):
        assert keymap.conflicts(*tables, mode=mode) == {}


def test_conflicts_are_found(qapp):
    clash = {"normal": {"Ctrl+Z": "edit.undo", "ctrl+z": "other"}}
    assert keymap.conflicts(clash, mode="normal") == {"Ctrl+Z": ["edit.undo", "other"]}
    letters = [Label("A1", "C", "#000000", 1), Label("A2", None, "#000000", 2)]
    assert keymap.conflicts(
        {"normal": {"1": "x"}}, keymap.label_bindings(letters), mode="normal"
    ) == {"1": ["x", "label.A1"]}


def test_every_action_has_a_spec_and_valid_keys(qapp):
    # Seeded with every spec, so a bound command without a spec makes the sets differ.
    assert set(normal_keys(keymap.DEFAULT_BINDINGS, commands=keymap.ACTIONS)) == set(
        keymap.ACTIONS
    )
    for keys in normal_keys(keymap.DEFAULT_BINDINGS).values():
        for key in keys:
            assert not QtGui.QKeySequence(key).isEmpty(), key
    # the scheme, spelled out
    b = normal_keys(keymap.DEFAULT_BINDINGS)
    assert b["edit.undo"] == ["Ctrl+Z"] and set(b["edit.redo"]) == {"Ctrl+Shift+Z", "Ctrl+Y"}
    assert b["span.next"] == ["Tab"] and "Shift+Tab" in b["span.previous"]
    assert set(b["span.delete"]) == {"Delete", "Backspace"}
    assert b["find.open"] == ["Ctrl+F"] and b["help.keys"] == ["F1"]
    assert b["article.next"] == ["Ctrl+PgDown"] and b["article.previous"] == ["Ctrl+PgUp"]


def test_label_keys_are_positions_and_letters():
    bindings = normal_keys(keymap.label_bindings(DEFAULT_LABELS))
    assert bindings == {
        "label.CLAIM": ["1", "C"],
        "label.NUMBER": ["2", "N"],
        "label.ACTOR": ["3", "A"],
        "label.QUOTE": ["4", "Q"],
    }
    many = [Label(f"L{n}", None, "#000000", n) for n in range(12)]
    many_keys = normal_keys(keymap.label_bindings(many), commands=keymap.label_actions(many))
    assert many_keys["label.L11"] == []  # only 1-9 are positional


def test_window_actions_come_from_the_table(store: Store, make_window):
    window = make_window(store)
    for action_id, keys in normal_keys(keymap.DEFAULT_BINDINGS, commands=keymap.ACTIONS).items():
        action = window.actions[action_id]
        assert [s.toString() for s in action.shortcuts()] == [
            QtGui.QKeySequence(k).toString() for k in keys
        ]
    all_keys = [
        s.toString() for a in window.actions.values() for s in a.shortcuts() if not s.isEmpty()
    ]
    assert len(all_keys) == len(set(all_keys))
    local = window.actions["label.CLAIM"]
    assert local.shortcutContext() == Qt.ShortcutContext.WidgetShortcut
    assert window.view in local.associatedObjects()


def test_menus_hold_export_about_and_shortcuts(store: Store, make_window, monkeypatch):
    window = make_window(store)
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    assert {"File", "Edit", "Label", "Spans", "Article", "View", "Help"} <= set(menus)
    help_texts = [a.text().replace("&", "") for a in menus["Help"].actions()]
    assert help_texts == ["Keyboard shortcuts", "About Annotator"]
    assert window.actions["help.keys"].shortcut().toString() == "F1"
    file_texts = [a.text().replace("&", "") for a in menus["File"].actions()]
    assert "Export…" in file_texts


def summaries(n: int) -> list[ArticleSummary]:
    statuses = ("todo", "in-progress", "done")
    return [
        ArticleSummary(i, f"Article {i} about {'floods' if i % 3 else 'ferries'}",
                       statuses[i % 3], i % 7)
        for i in range(1, n + 1)
    ]  # fmt: skip


def test_corpus_list_filters_by_text_and_status(qtbot):
    panel = CorpusPanel()
    qtbot.addWidget(panel)
    panel.set_articles(summaries(10_000))
    model = panel.model
    assert model.rowCount() == 10_000
    assert isinstance(panel.table, QtWidgets.QTableView)  # model/view, not 10,000 widgets
    qtbot.keyClicks(panel.filter_box, "FERRIES")
    assert model.rowCount() == 3333
    assert all("ferries" in model.article_at(r).title for r in range(0, 3333, 97))
    panel.status_box.setCurrentIndex(panel.status_box.findData("todo"))
    assert model.rowCount() == 3333  # every article about ferries is still to do
    panel.status_box.setCurrentIndex(panel.status_box.findData("done"))
    assert model.rowCount() == 0
    panel.filter_box.clear()
    assert model.rowCount() == 3333
    assert {model.article_at(r).status for r in range(3333)} == {"done"}
    panel.status_box.setCurrentIndex(0)
    assert model.rowCount() == 10_000
    assert model.data(model.index(0, 2)) == "1"


def test_corpus_list_opens_on_enter_and_updates_a_row(qtbot):
    panel = CorpusPanel()
    qtbot.addWidget(panel)
    panel.set_articles(summaries(5))
    panel.show()
    chosen = []
    panel.article_chosen.connect(chosen.append)
    panel.table.setFocus()
    panel.table.setCurrentIndex(panel.model.index(2, 0))
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert chosen == [3]
    panel.model.update_article(ArticleSummary(3, "Renamed", "done", 42))
    assert panel.model.data(panel.model.index(2, 2)) == "42"
    qtbot.keyClicks(panel.filter_box, "Article 5")
    qtbot.keyClick(panel.filter_box, Qt.Key.Key_Return)
    assert chosen == [3, 5]


class CountingStore:
    """A real store on an in-memory corpus that records which summaries it was asked for."""

    def __init__(self, articles: int) -> None:
        self.store = Store.open(":memory:")
        for n in range(articles):
            self.store.add_article(title=f"Article {n + 1}", text=f"Text {n + 1}.\n")
        self.listed: list[tuple[int, int] | None] = []

    def article_ids(self) -> list[int]:
        return self.store.article_ids()

    def article_count(self, *, status: str | None = None) -> int:
        return self.store.article_count(status=status)

    def articles(self, *, id_range: tuple[int, int] | None = None) -> list[ArticleSummary]:
        self.listed.append(id_range)
        return self.store.articles(id_range=id_range)


def test_corpus_list_reads_titles_a_page_at_a_time(qtbot):
    from annotator.gui.corpus_panel import PAGE

    source = CountingStore(3 * PAGE + 10)
    ids = source.article_ids()
    panel = CorpusPanel()
    qtbot.addWidget(panel)
    panel.resize(400, 300)
    panel.set_corpus(source)  # type: ignore[arg-type]
    model = panel.model
    assert model.rowCount() == model.total() == 3 * PAGE + 10
    assert source.listed == []  # only ids so far
    panel.show()
    qtbot.waitUntil(lambda: source.listed != [])  # painted
    assert source.listed == [(ids[0], ids[PAGE - 1])]  # the rows on screen: the first page
    assert model.data(model.index(2 * PAGE + 5, 0)) == f"Article {2 * PAGE + 6}"
    assert source.listed[-1] == (ids[2 * PAGE], ids[3 * PAGE - 1])
    assert model.data(model.index(2 * PAGE + 6, 0)) == f"Article {2 * PAGE + 7}"
    assert len(source.listed) == 2  # a page is read once
    assert model.position(ids[-1]) == 3 * PAGE + 9 and model.row_of(ids[-1]) == 3 * PAGE + 9
    # A change to an article whose row was never read: the done count stays right.
    late = ids[3 * PAGE + 2]
    source.store.set_status(late, "done")
    model.update_article(source.store.summary(late))
    assert model.done_count() == 1
    early = ids[1]
    source.store.set_status(early, "done")
    model.update_article(source.store.summary(early))
    assert model.done_count() == 2
    source.store.set_status(early, "todo")
    model.update_article(source.store.summary(early))
    assert model.done_count() == 1
    # Filtering reads everything once, then filters in memory.
    qtbot.keyClicks(panel.filter_box, "Article 777")
    assert source.listed[-1] is None
    assert [model.article_at(r).title for r in range(model.rowCount())] == ["Article 777"]
    panel.status_box.setCurrentIndex(3)  # done
    panel.filter_box.clear()
    assert model.visible_ids() == [late]
    assert source.listed.count(None) == 1
    source.store.close()


def test_corpus_list_survives_an_article_deleted_elsewhere(qtbot):
    source = CountingStore(5)
    panel = CorpusPanel()
    qtbot.addWidget(panel)
    panel.set_corpus(source)  # type: ignore[arg-type]
    gone = source.article_ids()[2]
    with source.store.transaction():  # another program's delete
        source.store.conn.execute("DELETE FROM articles WHERE id = ?", (gone,))
    model = panel.model
    assert model.rowCount() == 5  # until the window's next reload
    assert model.data(model.index(2, 0)) is None and model.article_at(2) is None
    assert model.data(model.index(3, 0)) == "Article 4"
    source.store.close()


def test_label_bar_shows_keys_and_counts(qtbot):
    bar = LabelBar()
    qtbot.addWidget(bar)
    bar.set_labels(DEFAULT_LABELS)
    bar.set_counts({"CLAIM": 3})
    assert bar.buttons["CLAIM"].text() == "1 / C  CLAIM  3"
    assert bar.buttons["QUOTE"].text() == "4 / Q  QUOTE  0"
    assert bar.buttons["CLAIM"].focusPolicy() == Qt.FocusPolicy.NoFocus
    assert label_keys_text(9, Label("TENTH", None, "#000000", 10)) == ""
    clicked = []
    bar.label_clicked.connect(clicked.append)
    qtbot.mouseClick(bar.buttons["NUMBER"], Qt.MouseButton.LeftButton)
    assert clicked == ["NUMBER"]


def test_find_all_is_case_insensitive_over_stored_text():
    text = "Rain\r\nrain\u00a0RAIN"
    assert find_all(text, "rain") == [(0, 4), (6, 10), (11, 15)]
    assert find_all(text, "\r\n") == [(4, 6)]
    assert find_all(text, "") == []
    assert find_all("a.b axb", ".") == [(1, 2)]  # literal, not a pattern


def test_settings_file_is_ini_in_the_config_folder(tmp_path):
    settings = WindowSettings(tmp_path / "s.ini")
    settings.set_last_article("/some/corpus", 7)
    settings.set_splitter_sizes("main", [1, 2, 3])
    settings.set_flag("snap_to_words", False)
    settings.sync()
    again = WindowSettings(tmp_path / "s.ini")
    assert again.last_article("/some/corpus") == 7
    assert again.last_article("/other") is None
    assert again.splitter_sizes("main") == [1, 2, 3]
    assert again.flag("snap_to_words", True) is False
    (tmp_path / "bad.ini").write_text("[splitters]\nmain=a, b\n[window]\ngeometry=zz\n")
    broken = WindowSettings(tmp_path / "bad.ini")
    assert broken.splitter_sizes("main") is None
    assert broken.geometry is None


def test_export_and_about_open_the_other_dialogs(store: Store, make_window, keys, monkeypatch):
    import annotator.gui.about as about
    import annotator.gui.export_dialog as export_dialog

    calls = []

    class FakeExport:
        def __init__(self, store_arg, parent=None):
            calls.append(("export", store_arg, parent))

        def exec(self):
            return 0

    monkeypatch.setattr(export_dialog, "ExportDialog", FakeExport)
    monkeypatch.setattr(about, "show_about", lambda parent: calls.append(("about", parent)))
    window = make_window(store)
    keys(window).ctrl(Qt.Key.Key_E)
    window.actions["help.about"].trigger()
    assert calls == [("export", store, window), ("about", window)]


def test_dark_palette_recolours_spans_and_keeps_them_readable(store: Store, make_window):
    from annotator.gui.colours import contrast, span_colours

    article_id, _ = store.add_article(title="Dark", text="Alpha beta gamma.")
    store.add_span(article_id, 6, 10, "NUMBER")
    window = make_window(store)
    view = window.view
    light_tint, _ = view._colours("NUMBER")
    palette = view.palette()
    palette.setColor(QtGui.QPalette.ColorRole.Base, QtGui.QColor("#1e1e1e"))
    palette.setColor(QtGui.QPalette.ColorRole.Text, QtGui.QColor("#e6e6e6"))
    view.setPalette(palette)
    dark_tint, dark_bar = view._colours("NUMBER")
    base = (0x1E, 0x1E, 0x1E)
    expected = span_colours(store.label("NUMBER").colour, base=base, text=(0xE6, 0xE6, 0xE6))
    light = span_colours(store.label("NUMBER").colour, base=(255, 255, 255), text=(0, 0, 0))
    assert expected != light  # the two palettes really need different colours
    assert round(dark_tint.alphaF(), 2) == expected.tint_alpha
    assert (dark_bar.red(), dark_bar.green(), dark_bar.blue()) == expected.bar
    assert light_tint.alphaF() != dark_tint.alphaF() or light.bar != expected.bar
    bar = (dark_bar.red(), dark_bar.green(), dark_bar.blue())
    assert contrast(bar, base) >= 3.0
    view.viewport().repaint()  # draws without error on the new palette
