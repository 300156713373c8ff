"""Issue 16's "done when", in one go: three analysts tag the same article in files of their
own through the window, the files merge without loss, `annotator agreement` gives every
measure (alpha checked against the krippendorff package on codings built here, one
character at a time), and the adjudication view makes a gold layer by keyboard that
exports, and imports back, like any analyst's spans."""

from __future__ import annotations

import json

import krippendorff
import numpy as np
import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.store import Store
from annotator.gui.qt import QtCore

K = QtCore.Qt.Key
TEXT = (
    "Harbour master Odile Franck said 310 crates were seized at Port Velmar on Monday, "
    "and that 40 more were found in Tessby."
)
# Each analyst's spans (phrase, label key): they agree on Franck, differ on the seizure's
# extent, and only some tag the 40.
WORK = {
    "ana": [("Odile Franck", K.Key_A), ("310 crates", K.Key_N), ("40 more", K.Key_N)],
    "bo": [
        ("Odile Franck", K.Key_A),
        ("310", K.Key_N),
        ("310 crates were seized at Port Velmar", K.Key_C),
    ],
    "cy": [("Odile Franck", K.Key_A), ("310 crates", K.Key_N)],
}
LABEL = {K.Key_A: "ACTOR", K.Key_N: "NUMBER", K.Key_C: "CLAIM"}


def tag_by_keys(window, k, phrase: str, key: QtCore.Qt.Key) -> None:
    k.ctrl(K.Key_F)
    k.type(phrase)
    k.press(K.Key_Escape)
    k.press(key)


def char_codings(text: str, spans: dict[str, list[tuple[int, int, str]]]) -> np.ndarray:
    """One row per analyst, one column per non-space character: the set of labels on it."""
    sets: dict[frozenset, int] = {frozenset(): 0}
    rows = []
    for name in sorted(spans):
        row = []
        for i, ch in enumerate(text):
            if ch.isspace():
                continue
            labels = frozenset(lab for s, e, lab in spans[name] if s <= i < e)
            row.append(sets.setdefault(labels, len(sets)))
        rows.append(row)
    return np.array(rows)


@pytest.mark.slow
def test_three_analysts_merge_agree_and_adjudicate_by_keyboard(tmp_path, make_window, keys):
    files = []
    for name, work in WORK.items():
        path = tmp_path / f"{name}.sqlite3"
        store = Store.open(path)
        article_id, _ = store.add_article(title="Seizure at Port Velmar", text=TEXT)
        window = make_window(store, annotator=name)
        window.open_article(article_id)
        window.view.setFocus()
        k = keys(window)
        for phrase, key in work:
            tag_by_keys(window, k, phrase, key)
        k.ctrl(K.Key_Return)  # done, and on to the next (there is none)
        window.close()
        assert store.status(article_id) == "done"
        assert {(s.text, s.label, s.annotator) for s in store.spans(article_id)} == {
            (phrase, LABEL[key], name) for phrase, key in work
        }
        files.append(path)

    runner = CliRunner()
    team = tmp_path / "team.sqlite3"
    result = runner.invoke(cli, ["merge", *map(str, files), "-o", str(team)])
    assert result.exit_code == 0, result.output
    again = runner.invoke(cli, ["merge", *map(str, files), "-o", str(team)])
    assert again.exit_code == 0, again.output
    with Store.open(team, read_only=True) as merged:
        (article,) = merged.articles()
        spans = merged.spans(article.id)
        assert len(spans) == sum(len(work) for work in WORK.values())  # nothing lost, no twice
        assert merged.done_by(WORK) == {name: {article.id} for name in WORK}

    result = runner.invoke(cli, ["--db", str(team), "agreement", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["analysts"] == ["ana", "bo", "cy"] and len(report["pairs"]) == 3
    for pair in report["pairs"]:
        assert {"strict", "overlap"} <= set(pair["spans"]) and "kappa" in pair
    by_name = {name: [(s.start, s.end, s.label) for s in spans if s.annotator == name]
               for name in WORK}  # fmt: skip
    codes = char_codings(TEXT, by_name)
    expected = krippendorff.alpha(reliability_data=codes, level_of_measurement="nominal")
    assert report["alpha"]["overall"] == pytest.approx(expected, abs=1e-9)
    (ana_cy,) = [p for p in report["pairs"] if {p["a"], p["b"]} == {"ana", "cy"}]
    assert ana_cy["spans"]["strict"]["micro"]["f1"] == pytest.approx(2 * 2 / (3 + 2))
    table = runner.invoke(cli, ["--db", str(team), "agreement"])
    assert "alpha" in table.output.lower() and "kappa" in table.output.lower()

    # Adjudication by keys on the team corpus: ana against bo (the first two by name).
    store = Store.open(team)
    window = make_window(store, annotator="ana")
    window.open_article(article.id)
    k = keys(window)
    k.ctrl_shift(K.Key_J)
    session = window.analysts.session
    assert (session.current.first_name, session.current.second_name) == ("ana", "bo")
    decided = 0
    while session.current is not None and decided < 10:
        k.press(K.Key_1)  # ana's side each time
        decided += 1
        if "Every disagreement of this article is decided" in window.statusBar().currentMessage():
            break
    k.press(K.Key_A)  # and the agreement (Odile Franck)
    k.press(K.Key_Escape)
    gold = {(s.text, s.label) for s in store.spans(article.id) if s.annotator == "gold"}
    assert ("Odile Franck", "ACTOR") in gold and ("310 crates", "NUMBER") in gold
    assert ("310", "NUMBER") not in gold  # bo's side was not taken
    window.close()
    store.close()

    out = tmp_path / "gold.jsonl"
    result = runner.invoke(cli, ["--db", str(team), "export", "-o", str(out)])
    assert result.exit_code == 0 and "adjudicated layer only" in result.output
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {(s["text"], s["label"]) for s in record["spans"]} == gold
    fresh = tmp_path / "fresh.sqlite3"
    result = runner.invoke(cli, ["--db", str(fresh), "import", str(out)])
    assert result.exit_code == 0, result.output
    with Store.open(fresh, read_only=True) as back:
        (again_article,) = back.articles()
        assert {(s.text, s.label, s.annotator) for s in back.spans(again_article.id)} == {
            (text, label, "gold") for text, label in gold
        }
