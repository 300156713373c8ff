"""Issue 15's "done when", in one go: a new user opens the sample corpus, switches
suggestions on (F9) and tags an article mostly with Enter; what is accepted is gold, what
is rejected stays out of it, a suggestion of nearly the right extent is corrected by keys,
an exact export holds the accepted spans and no suggestion, ``export --suggestions`` the
open ones and no span, and ``evaluate --suggestions`` scores them against the gold.

The gold of the article is the exhaustive sample gold (``bench/data/sample-gold-full.jsonl``,
written blind to the suggestion sources): Enter where a suggestion is one of its spans, X
where it is not."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.importing import import_sample
from annotator.core.store import Store
from annotator.gui.qt import QtCore

K = QtCore.Qt.Key
GOLD = Path(__file__).resolve().parents[2] / "bench" / "data" / "sample-gold-full.jsonl"
TITLE = "Ossick Dam spillway fails"


def article_gold(text: str) -> set[tuple[int, int, str]]:
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["text"] == text:
            return {(s["start"], s["end"], s["label"]) for s in record["spans"]}
    raise AssertionError("the article is not in the exhaustive gold")


def test_a_new_user_tags_a_sample_article_mostly_with_enter(tmp_path, make_window, keys, qtbot):
    path = tmp_path / "sample.sqlite3"
    store = Store.open(path)
    import_sample(store)
    article_id = next(a.id for a in store.articles() if a.title.startswith(TITLE))
    text = store.article_text(article_id)
    gold = article_gold(text)
    window = make_window(store, annotator="nadia")
    k = keys(window)
    window.open_article(article_id)
    window.view.setFocus()

    k.press(K.Key_F9)  # suggestions on: computed in the background, review mode
    assert window.modes.mode == "review"
    controller = window.review.controller
    qtbot.waitUntil(lambda: controller.current is not None, timeout=10000)
    pressed: dict[str, int] = {"Enter": 0, "X": 0}
    accepted: set[tuple[int, int, str]] = set()
    for _ in range(200):
        item = controller.current_suggestion()
        if item is None:
            break
        if (item.start, item.end, item.label) in gold:
            k.press(K.Key_Return)
            pressed["Enter"] += 1
            accepted.add((item.start, item.end, item.label))
        elif item.text == "more than 9,500":  # the gold has "more than 9,500 times"
            k.press(K.Key_Right, QtCore.Qt.KeyboardModifier.AltModifier)  # its end a word on
            k.press(K.Key_Return)
            pressed["Enter"] += 1
            corrected = (item.start, text.index("times", item.end) + 5, "NUMBER")
            assert corrected in gold
            accepted.add(corrected)
        else:
            k.press(K.Key_X)
            pressed["X"] += 1
    assert controller.current_suggestion() is None and controller.suggestions == []
    # Mostly with Enter: at least four of five keys, every one a gold span.
    assert pressed["Enter"] >= 4 * pressed["X"] and pressed["Enter"] >= 20, pressed
    spans = {(s.start, s.end, s.label) for s in store.spans(article_id)}
    assert spans == accepted and spans <= gold
    assert all(s.annotator == "nadia" for s in store.spans(article_id))
    rejected = store.suggestions(article_id, state="rejected")
    assert len(rejected) == pressed["X"]
    assert not {(s.start, s.end, s.label) for s in rejected} & spans

    at = text.index("more than 9,500 times")
    assert (at, at + len("more than 9,500 times"), "NUMBER") in spans

    # A span no suggestion offered, tagged by keys without leaving review: the name key
    # (Alt+P) from the caret selects "SRWA", the ACTOR key tags it.
    start = text.index("SRWA")
    srwa = (start, start + 4, "ACTOR")
    assert srwa in gold and srwa not in spans
    window.view.place_caret(start - 1)
    k.press(K.Key_P, QtCore.Qt.KeyboardModifier.AltModifier)
    assert window.view.selection_offsets() == srwa[:2]
    k.press(K.Key_A)
    assert srwa in {(s.start, s.end, s.label) for s in store.spans(article_id)}
    # Learned at once: the other mentions of "SRWA" are proposed; Tab, Enter, Enter.
    later = [(s.start, s.end) for s in store.suggestions(article_id)]
    assert later == [(m, m + 4) for m in (text.index("SRWA", start + 1),
                                          text.rindex("SRWA"))]  # fmt: skip
    k.press(K.Key_Tab)
    k.press(K.Key_Return)
    k.press(K.Key_Return)
    assert {(s.start, s.end, s.label) for s in store.spans(article_id) if s.label == "ACTOR"
            and s.text == "SRWA"} == {g for g in gold if text[g[0]:g[1]] == "SRWA"}  # fmt: skip
    k.press(K.Key_Escape)  # out of review; Ctrl+Z still takes the last step back
    before = len(store.spans(article_id))
    k.ctrl(K.Key_Z)
    assert len(store.spans(article_id)) == before - 1
    k.ctrl(K.Key_Y)
    assert len(store.spans(article_id)) == before
    window.close()
    store.close()

    # Suggestions never mix with gold: the export holds the spans, --suggestions the rest.
    runner = CliRunner()
    out = tmp_path / "gold.jsonl"
    result = runner.invoke(cli, ["--db", str(path), "export", "--format", "jsonl", "-o", str(out)])
    assert result.exit_code == 0, result.output
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    (record,) = [r for r in exported if r["text"] == text]
    assert {(s["start"], s["end"], s["label"]) for s in record["spans"]} == {
        (s.start, s.end, s.label) for s in Store.open(path, read_only=True).spans(article_id)
    }
    other = next(a for a in exported if a["title"].startswith("Jammed sluice gate"))
    assert other["spans"] == []  # not reviewed: nothing of it is gold
    reader = Store.open(path, read_only=True)
    other_id = next(a.id for a in reader.articles() if a.title == other["title"])
    reader.close()
    result = runner.invoke(cli, ["--db", str(path), "suggest", "--article", str(other_id)])
    assert result.exit_code == 0, result.output
    proposals = tmp_path / "proposals.jsonl"
    result = runner.invoke(
        cli, ["--db", str(path), "export", "--suggestions", "--format", "jsonl", "-o",
              str(proposals)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in proposals.read_text(encoding="utf-8").splitlines()]
    # This article's suggestions are all decided: none is open, so none is exported.
    assert [r["spans"] for r in lines if r["text"] == text] in ([], [[]])
    (theirs,) = [r["spans"] for r in lines if r["text"] == other["text"]]
    assert len(theirs) >= 10  # proposals of the article, and only there
    again = tmp_path / "again.jsonl"
    result = runner.invoke(cli, ["--db", str(path), "export", "--format", "jsonl", "-o",
                                 str(again)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert again.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")  # no mixing
    result = runner.invoke(cli, ["--db", str(path), "evaluate", "--suggestions", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report  # precision and recall per source and label, against the spans
    assert "precision" in json.dumps(report) and "recall" in json.dumps(report)
