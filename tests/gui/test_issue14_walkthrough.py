"""Issue 14's "done when", in one go on the sample corpus: stories, an actor linked to the
registry, two outlets' figures linked by keyboard, the comparison view, the HTML report and
the pairs export, each checked in the database or the file it writes."""

from __future__ import annotations

import json

from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.importing import import_sample
from annotator.core.store import Store
from annotator.gui.compare_view import FACT_ROLE
from annotator.gui.qt import QtCore, QtWidgets

K = QtCore.Qt.Key


def find_and_tag(window, k, phrase: str, label_key: QtCore.Qt.Key) -> None:
    """Ctrl+F, type the phrase, Escape back to the text with it selected, the label key."""
    k.ctrl(K.Key_F)
    k.type(phrase)
    k.press(K.Key_Escape)
    k.press(label_key)


def test_the_sample_corpus_by_keyboard_from_stories_to_pairs(tmp_path, make_window, keys, qtbot):
    path = tmp_path / "sample.sqlite3"
    store = Store.open(path)
    import_sample(store)
    stories = dict((story.name, count) for story, count in store.story_counts())
    assert stories["Ossick Dam flood"] == 6 and len(stories) == 2
    titles = {s.title: s.id for s in store.articles()}
    courier = next(i for t, i in titles.items() if t.startswith("Ossick Dam spillway fails"))
    gazette = next(i for t, i in titles.items() if t.startswith("Jammed sluice gate"))
    ferries = next(i for t, i in titles.items() if "erries" in t)

    window = make_window(store)
    k = keys(window)
    # F7: the ferries piece is another event; a new story, typed, Enter.
    window.open_article(ferries)
    window.view.setFocus()
    k.press(K.Key_F7)
    k.type("Portmerrow ferries")
    k.press(K.Key_Return)
    assert store.article_story(ferries).name == "Portmerrow ferries"

    # Two outlets' figures: the Courier's 6,000 and the Gazette's 3,000, tagged by keys.
    window.open_article(gazette)
    window.view.setFocus()
    find_and_tag(window, k, "About 3,000 people", K.Key_N)
    window.open_article(courier)
    window.view.setFocus()
    find_and_tag(window, k, "Around 6,000 residents", K.Key_N)
    (six,) = [s for s in store.spans(courier) if s.label == "NUMBER"]
    assert six.text == "Around 6,000 residents"  # its value is read from it where compared

    # An actor: the offer comes at once; Insert makes an entity, P a person.
    find_and_tag(window, k, "Dorian Keppel", K.Key_A)
    assert window.cross.offer.isVisible()
    k.press(K.Key_Insert)
    k.press(K.Key_P)
    (keppel,) = [s for s in store.spans(courier) if s.label == "ACTOR"]
    entity = store.entity(keppel.attributes["entity"])
    assert (entity.name, entity.kind) == ("Dorian Keppel", "person")

    # L on the 6,000: the Gazette's 3,000 is the first candidate; 2 links it as contradicts.
    window.view.select_span(six.id)
    k.press(K.Key_L)
    target = window.cross.linking.target.span
    assert (target.article_id, target.text) == (gazette, "About 3,000 people")
    k.press(K.Key_2)
    (link,) = store.links(courier)
    assert (link.type, link.to_article_id) == ("contradicts", gazette)

    # F8: the story's comparison, the disagreement first; Enter opens the Gazette's figure.
    k.press(K.Key_F8)
    dialog = window.compare.dialog
    model = dialog.model
    assert model.headerData(0, QtCore.Qt.Orientation.Vertical) == "≠ contradicts"
    cells = [model.index(0, c).data(FACT_ROLE) for c in range(model.columnCount())]
    assert {fact.text for fact in cells if fact} == {"Around 6,000 residents",
                                                      "About 3,000 people"}  # fmt: skip
    qtbot.waitUntil(lambda: QtWidgets.QApplication.focusWidget() is dialog.table, timeout=2000)
    column = next(c for c, fact in enumerate(cells) if fact and fact.article_id == gazette)
    dialog.table.setCurrentIndex(model.index(0, column))
    k.press(K.Key_Return)
    qtbot.waitUntil(lambda: window.article_id == gazette, timeout=2000)
    window.close()  # everything is committed: the command line reads the same file

    # The report and the pairs export, from the command line, of what the window made.
    runner = CliRunner()
    report = tmp_path / "ossick.html"
    result = runner.invoke(
        cli, ["--db", str(path), "report", "Ossick Dam flood", "-o", str(report)]
    )
    assert result.exit_code == 0, result.output
    assert "1 disagreement" in result.output
    page = report.read_text(encoding="utf-8")
    assert "Around 6,000 residents" in page and "About 3,000 people" in page
    pairs = tmp_path / "pairs.jsonl"
    result = runner.invoke(
        cli, ["--db", str(path), "export", "--format", "pairs", "-o", str(pairs)]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in pairs.read_text(encoding="utf-8").splitlines()]
    ours = [x for x in lines if x["story"] == "Ossick Dam flood"]
    assert len(ours) == 1 and ours[0]["type"] == "contradicts"
    assert {ours[0]["a"]["text"], ours[0]["b"]["text"]} == {"Around 6,000 residents",
                                                            "About 3,000 people"}  # fmt: skip
    assert "Around 6,000 residents" in ours[0]["a"]["sentence"] + ours[0]["b"]["sentence"]
    assert len(lines) > 1  # the Lorvik story's links are there too
    store.close()
