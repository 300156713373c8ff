"""Filters, splits, hostile titles, and atomic writing of files and folders."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from annotator.core.errors import ExportError
from annotator.core.export import (
    FOLDER_MARKER,
    FORMATS,
    ExportCancelled,
    assign_parts,
    export_corpus,
    file_stem,
)
from annotator.core.store import Article, NewSpan, Store
from tests.test_export_formats import tricky_corpus

HOSTILE_TITLES = [
    "../../etc/passwd",
    "/etc/shadow",
    "C:\\Windows\\system32",
    "..",
    ".",
    "a\x00b",
    "x" * 5000,
    "con",
    "\u202eexe.txt",
    "~/.bashrc",
    "😀/../😀",
]


def names_under(folder: Path) -> set[Path]:
    return {p.relative_to(folder) for p in folder.rglob("*")}


def corpus_of(store: Store, count: int, *, status: str = "done") -> None:
    for i in range(count):
        text = f"Article {i}: the council said {i * 7} homes flooded."
        start = text.index("said")
        store.add_article(
            title=f"Article {i}", text=text, status=status,
            spans=[NewSpan(start, start + 4, "CLAIM", annotator="ana" if i % 2 else "ben")],
        )  # fmt: skip


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_file_stem_is_a_plain_name(title):
    article = Article(7, title, "t", "", None, {}, "todo", "", "")
    stem = file_stem(article)
    assert stem.startswith("000007")
    assert len(stem) <= 6 + 1 + 60
    assert all(ch.isascii() and (ch.isalnum() or ch == "-") for ch in stem)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_hostile_titles_never_name_a_file_outside_the_folder(store, tmp_path, fmt):
    for i, title in enumerate(HOSTILE_TITLES):
        store.add_article(title=title, text=f"Text number {i} with a claim.",
                          spans=[NewSpan(0, 4, "CLAIM")])  # fmt: skip
    work = tmp_path / "work"
    work.mkdir()
    out = work / ("out" + FORMATS[fmt].suffix)
    export_corpus(store, out, format=fmt)
    export_corpus(store, work / "split", format=fmt, split="50/25/25", seed=1)
    # everything written is inside work/, under the names chosen
    assert {p.parts[0] for p in names_under(work)} <= {
        out.name, "out.config.xml", "split",
    }  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == ["work"]
    for path in (work / "split").rglob("*"):
        assert path.resolve().is_relative_to((work / "split").resolve())


def test_status_label_and_annotator_filters(store, tmp_path):
    ids = tricky_corpus(store)
    out = tmp_path / "x.jsonl"
    summary = export_corpus(store, out, status="done", labels=["NUMBER", "ACTOR"],
                            annotators=["ana"])  # fmt: skip
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [ids["flood"]]
    spans = records[0]["spans"]
    assert {s["label"] for s in spans} == {"NUMBER", "ACTOR"}
    assert {s["annotator"] for s in spans} == {"ana"}
    assert summary.articles == 1 and summary.spans == len(spans) == 2
    assert summary.unfinished == 0


def test_summary_counts_unfinished_articles(store, tmp_path):
    tricky_corpus(store)  # one done, one in-progress, one todo
    summary = export_corpus(store, tmp_path / "all.jsonl")
    assert summary.unfinished == 2
    assert "2 unfinished articles (not marked done) included" in summary.line()
    summary = export_corpus(store, tmp_path / "todo.jsonl", status="todo")
    assert (summary.articles, summary.unfinished) == (1, 1)


def test_unknown_label_is_refused_before_writing(store, tmp_path):
    with pytest.raises(ExportError, match="no label named 'NOPE'"):
        export_corpus(store, tmp_path / "x.jsonl", labels=["NOPE"])
    assert list(tmp_path.iterdir()) == []


def split_ids(folder: Path) -> dict[str, list[int]]:
    return {
        part: [json.loads(line)["id"]
               for line in (folder / f"{part}.jsonl").read_text(encoding="utf-8").splitlines()]
        for part in ("train", "dev", "test")
    }  # fmt: skip


def test_split_is_by_article_exact_in_size_and_the_same_for_the_same_seed(store, tmp_path):
    corpus_of(store, 20)
    first = export_corpus(store, tmp_path / "a", split="80/10/10", seed=5)
    again = export_corpus(store, tmp_path / "b", split="80/10/10", seed=5)
    other = export_corpus(store, tmp_path / "c", split="80/10/10", seed=6)
    a, b, c = split_ids(tmp_path / "a"), split_ids(tmp_path / "b"), split_ids(tmp_path / "c")
    assert a == b
    assert a != c
    assert first.parts == {"train": 16, "dev": 2, "test": 2} == again.parts == other.parts
    every = sorted(a["train"] + a["dev"] + a["test"])
    assert every == list(range(1, 21))  # each article once, none split across parts


def test_split_does_not_depend_on_import_order(tmp_path):
    texts = [f"Report {i}: a claim about {i} bridges." for i in range(12)]
    parts = []
    for order in (texts, texts[::-1]):
        with Store.open(None) as store:
            for text in order:
                store.add_article(title=text[:9], text=text)
            out = tmp_path / f"s{len(parts)}"
            export_corpus(store, out, split="50/25/25", seed=3)
            parts.append({
                part: sorted(json.loads(line)["text"] for line in
                             (out / f"{part}.jsonl").read_text(encoding="utf-8").splitlines())
                for part in ("train", "dev", "test")
            })  # fmt: skip
    assert parts[0] == parts[1]


def test_assign_parts_uses_largest_remainders():
    keys = [(f"{i:02d}", i) for i in range(7)]
    assignment = assign_parts(keys, (80, 10, 10))
    # 7 * .8 = 5.6, 7 * .1 = .7, .7: floors 5, 0, 0; the two left over go to the
    # largest remainders, .7 and .7 (dev, test), not .6 (train): 5 / 1 / 1
    values = list(assignment.values())
    assert (values.count("train"), values.count("dev"), values.count("test")) == (5, 1, 1)
    # and in key order: the first five keys train, then dev, then test
    assert [assignment[i] for i in range(7)] == ["train"] * 5 + ["dev", "test"]


def test_bad_split_is_refused(store, tmp_path):
    for bad in ("80/20", "a/b/c", "0/0/0", "-1/50/51"):
        with pytest.raises(ExportError, match="split"):
            export_corpus(store, tmp_path / "s", split=bad)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["brat", "jsonl", "spacy", "labelstudio"])
def test_cancel_midway_leaves_nothing_under_the_final_name(store, tmp_path, fmt):
    corpus_of(store, 10)
    out = tmp_path / ("out" + FORMATS[fmt].suffix)

    def cancel_at_five(done: int) -> None:
        if done == 5:
            raise ExportCancelled("export cancelled")

    with pytest.raises(ExportCancelled):
        export_corpus(store, out, format=fmt, progress=cancel_at_five)
    with pytest.raises(ExportCancelled):
        export_corpus(store, tmp_path / "split", format=fmt, split="80/10/10",
                      progress=cancel_at_five)  # fmt: skip
    assert list(tmp_path.iterdir()) == []


def test_folder_export_replaces_an_earlier_export_but_never_a_foreign_folder(store, tmp_path):
    corpus_of(store, 3)
    store.add_article(title="Draft", text="A draft the council has not read.", status="todo")
    out = tmp_path / "brat"
    export_corpus(store, out, format="brat")
    assert (out / FOLDER_MARKER).exists()
    # A file only the earlier export wrote (a user's own file there is refused:
    # tests/test_destinations.py).
    (stale,) = (p for p in out.glob("*.txt") if "draft" in p.name)
    export_corpus(store, out, format="brat", status="done")
    assert not stale.exists()  # replaced whole, not merged
    assert len(list(out.glob("*.ann"))) == 3

    mine = tmp_path / "my-documents"
    mine.mkdir()
    (mine / "thesis.txt").write_text("precious", encoding="utf-8")
    with pytest.raises(ExportError, match="not empty and is not an earlier export"):
        export_corpus(store, mine, format="brat")
    assert [p.name for p in mine.iterdir()] == ["thesis.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brat", "my-documents"]


def test_a_crash_in_the_writer_leaves_the_old_folder_and_no_staging(store, tmp_path, monkeypatch):
    corpus_of(store, 3)
    out = tmp_path / "brat"
    export_corpus(store, out, format="brat")
    before = sorted(p.name for p in out.iterdir())
    import annotator.core.formats.brat as brat

    def broken(text: str, start: int, end: int):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(brat, "fragments", broken)
    with pytest.raises(ExportError, match="cannot write the export"):
        export_corpus(store, out, format="brat")
    assert sorted(p.name for p in out.iterdir()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brat"]


def test_a_tampered_span_stops_every_format_before_anything_is_written(store, tmp_path):
    tricky_corpus(store)
    store.conn.execute("UPDATE spans SET text = 'tampered' WHERE id = 3")
    for fmt, spec in FORMATS.items():
        with pytest.raises(ExportError, match="stored text does not match"):
            export_corpus(store, tmp_path / f"out{spec.suffix or '-' + fmt}", format=fmt)
    assert list(tmp_path.iterdir()) == []


def test_output_that_is_a_file_is_refused_for_a_folder_format(store, tmp_path):
    corpus_of(store, 1)
    target = tmp_path / "taken"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(ExportError, match="not a folder"):
        export_corpus(store, target, format="brat")
    assert target.read_text(encoding="utf-8") == "x"


def test_atomic_files_are_not_left_behind_even_on_keyboard_interrupt(store, tmp_path):
    corpus_of(store, 4)

    def interrupt(done: int) -> None:
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        export_corpus(store, tmp_path / "c.csv", format="csv", progress=interrupt)
    assert os.listdir(tmp_path) == []
