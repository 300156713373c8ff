"""Write the migration fixtures: one corpus per schema version, and what each must hold.

Run by hand, never by the tests; the files it writes are committed:

    cd REPO && .venv/bin/python tests/data/make_fixtures.py

For every schema version N (1 up to the number of migrations in
``annotator.core.schema``) it writes, beside itself,

- ``migration-schemaN.sqlite3``: a corpus made by running the real migrations
  up to N only, then filled with plain SQL the way Annotator at version N wrote
  (text in the articles row before 4, span_counts kept from 3 on);
- ``migration-schemaN.json``: what that corpus holds, written from the values
  this script inserted (never read back from the database), which
  tests/test_migration_fixtures.py checks after opening a copy with Store.open.

The content is the same in every version and meant to break a careless
migration: CRLF, a lone CR, NBSP, a decomposed accent, emoji ZWJ sequences,
right-to-left text, U+2028, a lone zero-width joiner, astral characters,
overlapping and nested spans, every default label, a custom label renamed to a
name with a space (its spans follow through ON UPDATE CASCADE), span and
relation attributes, articles in every status, unicode meta, several
annotators, ids with a gap. Every name, place, event and figure is invented.

When a migration is added, run this again: it writes the new version's files
and rewrites the older ones with the same content. Timestamps are fixed, so a
second run on the same SQLite writes the same data; the files are VACUUMed, in
journal mode DELETE, with 1 KiB pages to stay small.

Never edit a migration to make this script fit: the fixtures stand for files
that analysts already have.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))  # run from anywhere in a source checkout

from sqlite_utils import Database, Migrations  # noqa: E402

from annotator.core import schema  # noqa: E402

# Small pages: a corpus of a few articles is mostly one page per table and index.
PAGE_SIZE = 1024
_CLOCK_START = datetime(2026, 10, 5, 8, 0, tzinfo=UTC)


def fixture_path(version: int) -> Path:
    return HERE / f"migration-schema{version}.sqlite3"


def expected_path(version: int) -> Path:
    return HERE / f"migration-schema{version}.json"


class Clock:
    """Store-style timestamps, one minute apart, the same on every run."""

    def __init__(self) -> None:
        self._next = _CLOCK_START

    def __call__(self) -> str:
        stamp = self._next.isoformat(timespec="milliseconds")
        self._next += timedelta(minutes=1)
        return stamp


class Writer:
    """Writes to a corpus at one schema version, and notes what it wrote."""

    def __init__(self, conn: sqlite3.Connection, version: int) -> None:
        self.conn = conn
        self.version = version
        self.clock = Clock()
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        columns = {row[1] for row in conn.execute("PRAGMA table_info(articles)")}
        self.text_in_row = "text" in columns  # before 4 (and after 4 on SQLite < 3.35)
        self.texts_apart = "article_texts" in tables  # 4 on
        self.counted = "span_counts" in tables  # 3 on
        self.autoincrement = "sqlite_sequence" in tables  # 2 on: span ids never reused
        self.typed = "relation_types" in tables  # 5 on: every relation kind has a type row
        self.cross = "links" in tables  # 6 on: stories, entities, links, suggestions
        self.labels = [
            {**label, "position": position}
            for position, label in enumerate(schema.default_labels(), start=1)
        ]
        self.articles: list[dict[str, Any]] = []
        self.spans: list[dict[str, Any]] = []
        self.relations: list[dict[str, Any]] = []
        self.highest_span_id = 0
        self.stories: dict[int, str] = {}
        self.entities: list[dict[str, Any]] = []
        self.links: list[dict[str, Any]] = []
        self.suggestions: list[dict[str, Any]] = []
        self.analyst_status: list[dict[str, Any]] = []
        self.work_log: list[dict[str, Any]] = []

    # -- labels -----------------------------------------------------------

    def add_label(self, name: str, *, hotkey: str | None, colour: str, description: str) -> None:
        position = max(label["position"] for label in self.labels) + 1
        self.conn.execute(
            "INSERT INTO labels (name, hotkey, colour, position, description) "
            "VALUES (?, ?, ?, ?, ?)",
            (name, hotkey, colour, position, description),
        )
        self.labels.append(
            {"name": name, "hotkey": hotkey, "colour": colour, "description": description,
             "position": position}
        )  # fmt: skip

    def rename_label(self, old: str, new: str) -> None:
        self.conn.execute("UPDATE labels SET name = ? WHERE name = ?", (new, old))
        self._label(old)["name"] = new
        for span in self.spans:  # spans.label REFERENCES labels ON UPDATE CASCADE
            if span["label"] == old:
                span["label"] = new

    def change_label(self, name: str, **changes: str | None) -> None:
        for column, value in changes.items():
            self.conn.execute(f"UPDATE labels SET {column} = ? WHERE name = ?", (value, name))
            self._label(name)[column] = value

    def _label(self, name: str) -> dict[str, Any]:
        return next(label for label in self.labels if label["name"] == name)

    # -- articles ---------------------------------------------------------

    def add_article(
        self, *, title: str, text: str, status: str, source: str | None, meta: dict[str, Any]
    ) -> int:
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        stamp = self.clock()
        # As Annotator wrote meta: compact keys in order, unicode as it is.
        meta_json = json.dumps(meta, ensure_ascii=False, sort_keys=True) if meta else "{}"
        values = {
            "title": title, "sha256": sha, "source": source, "meta": meta_json,
            "status": status, "imported_at": stamp, "updated_at": stamp,
        }  # fmt: skip
        if self.text_in_row:
            values["text"] = "" if self.texts_apart else text
        names = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        cursor = self.conn.execute(
            f"INSERT INTO articles ({names}) VALUES ({marks})", tuple(values.values())
        )
        article_id = cursor.lastrowid
        assert article_id is not None
        if self.texts_apart:
            self.conn.execute(
                "INSERT INTO article_texts (article_id, text) VALUES (?, ?)", (article_id, text)
            )
        self.articles.append(
            {"id": article_id, "title": title, "text": text, "sha256": sha, "source": source,
             "meta": meta, "status": status, "imported_at": stamp, "updated_at": stamp}
        )  # fmt: skip
        return article_id

    def set_status(self, article_id: int, status: str) -> None:
        stamp = self.clock()
        self.conn.execute(
            "UPDATE articles SET status = ?, updated_at = ? WHERE id = ?",
            (status, stamp, article_id),
        )
        article = self._article(article_id)
        article["status"], article["updated_at"] = status, stamp

    def _article(self, article_id: int) -> dict[str, Any]:
        return next(article for article in self.articles if article["id"] == article_id)

    # -- spans and relations ----------------------------------------------

    def add_span(
        self,
        article_id: int,
        piece: str,
        label: str,
        *,
        annotator: str = "",
        attributes: dict[str, Any] | None = None,
        after: str = "",
    ) -> int:
        """Tag ``piece``: its first occurrence after the first occurrence of ``after``."""
        text = self._article(article_id)["text"]
        start = text.index(piece, text.index(after) + len(after) if after else 0)
        end = start + len(piece)
        assert text[start:end] == piece
        stamp = self.clock()
        attributes = attributes or {}
        attributes_json = (
            json.dumps(attributes, ensure_ascii=False, sort_keys=True) if attributes else "{}"
        )
        cursor = self.conn.execute(
            "INSERT INTO spans (article_id, start, end, label, text, annotator, created_at, "
            "attributes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (article_id, start, end, label, piece, annotator, stamp, attributes_json),
        )
        span_id = cursor.lastrowid
        assert span_id is not None
        self._count(article_id, +1)
        self.spans.append(
            {"id": span_id, "article_id": article_id, "start": start, "end": end,
             "label": label, "text": piece, "annotator": annotator, "created_at": stamp,
             "attributes": attributes}
        )  # fmt: skip
        self.highest_span_id = max(self.highest_span_id, span_id)
        return span_id

    def delete_span(self, span_id: int) -> None:
        span = next(span for span in self.spans if span["id"] == span_id)
        self.conn.execute("DELETE FROM spans WHERE id = ?", (span_id,))
        self._count(span["article_id"], -1)
        self.spans.remove(span)

    def _count(self, article_id: int, change: int) -> None:
        if self.counted:  # the store keeps it in the same transaction as each span write
            self.conn.execute(
                "INSERT INTO span_counts (article_id, spans) VALUES (?, ?) "
                "ON CONFLICT (article_id) DO UPDATE SET spans = spans + excluded.spans",
                (article_id, change),
            )

    def add_relation(
        self, kind: str, head: int, tail: int, *, annotator: str, attributes: dict[str, Any]
    ) -> None:
        stamp = self.clock()
        if self.typed:  # as Store.insert_relation does: a new kind gets a type, any labels
            self.conn.execute(
                "INSERT OR IGNORE INTO relation_types (name, hotkey, colour, position) "
                "SELECT ?, NULL, '#56B4E9', coalesce(max(position), 0) + 1 FROM relation_types",
                (kind,),
            )
        cursor = self.conn.execute(
            "INSERT INTO relations (kind, head_span_id, tail_span_id, annotator, created_at, "
            "attributes) VALUES (?, ?, ?, ?, ?, ?)",
            (kind, head, tail, annotator, stamp,
             json.dumps(attributes, ensure_ascii=False, sort_keys=True)),
        )  # fmt: skip
        self.relations.append(
            {"id": cursor.lastrowid, "kind": kind, "head_span_id": head, "tail_span_id": tail,
             "annotator": annotator, "created_at": stamp, "attributes": attributes}
        )  # fmt: skip

    # -- schema 6: stories, the actor registry, links, suggestions, analysts ----

    def add_story(self, name: str, article_ids: list[int]) -> None:
        cursor = self.conn.execute(
            "INSERT INTO stories (name, created_at) VALUES (?, ?)", (name, self.clock())
        )
        for article_id in article_ids:
            self.conn.execute(
                "UPDATE articles SET story_id = ? WHERE id = ?", (cursor.lastrowid, article_id)
            )
            self.stories[article_id] = name

    def add_entity(self, key: str, name: str, kind: str, aliases: list[str]) -> None:
        stamp = self.clock()
        cursor = self.conn.execute(
            "INSERT INTO entities (key, name, kind, aliases, created_at) VALUES (?, ?, ?, ?, ?)",
            (key, name, kind, json.dumps(aliases, ensure_ascii=False), stamp),
        )
        self.entities.append(
            {"id": cursor.lastrowid, "key": key, "name": name, "kind": kind,
             "aliases": aliases, "created_at": stamp}
        )  # fmt: skip

    def add_link(self, span_id: int, to_span_id: int, link_type: str, *, annotator: str) -> None:
        stamp = self.clock()
        cursor = self.conn.execute(
            "INSERT INTO links (span_id, to_span_id, type, annotator, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (span_id, to_span_id, link_type, annotator, stamp),
        )
        self.links.append(
            {"id": cursor.lastrowid, "span_id": span_id, "to_span_id": to_span_id,
             "type": link_type, "annotator": annotator, "created_at": stamp}
        )  # fmt: skip

    def add_suggestion(
        self, article_id: int, piece: str, label: str, *, source: str, score: float | None,
        state: str,
    ) -> None:  # fmt: skip
        text = self._article(article_id)["text"]
        start = text.index(piece)
        stamp = self.clock()
        cursor = self.conn.execute(
            "INSERT INTO suggestions (article_id, start, end, label, text, source, score, "
            "model_version, attributes, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, '', "
            "'{}', ?, ?)",
            (article_id, start, start + len(piece), label, piece, source, score, state, stamp),
        )
        self.suggestions.append(
            {"id": cursor.lastrowid, "article_id": article_id, "start": start,
             "end": start + len(piece), "label": label, "text": piece, "source": source,
             "score": score, "state": state, "created_at": stamp}
        )  # fmt: skip

    def set_analyst_status(self, article_id: int, annotator: str, status: str) -> None:
        stamp = self.clock()
        self.conn.execute(
            "INSERT INTO analyst_status (article_id, annotator, status, updated_at) "
            "VALUES (?, ?, ?, ?)",
            (article_id, annotator, status, stamp),
        )
        self.analyst_status.append(
            {"article_id": article_id, "annotator": annotator, "status": status}
        )

    def log_work(self, annotator: str, article_id: int, seconds: float, keys: int) -> None:
        stamp = self.clock()
        self.conn.execute(
            "INSERT INTO work_log (annotator, article_id, started_at, seconds, keys, spans) "
            "VALUES (?, ?, ?, ?, ?, 0)",
            (annotator, article_id, stamp, seconds, keys),
        )
        self.work_log.append(
            {"annotator": annotator, "article_id": article_id, "started_at": stamp,
             "seconds": seconds, "keys": keys, "spans": 0}
        )  # fmt: skip

    def expected(self) -> dict[str, Any]:
        counts = {article["id"]: 0 for article in self.articles}
        for span in self.spans:
            counts[span["article_id"]] += 1
        return {
            "schema_version": self.version,
            "migrations": [func.__name__ for func in schema._STEPS[: self.version]],
            "labels": sorted(self.labels, key=lambda label: (label["position"], label["name"])),
            "articles": [
                {**article, "span_count": counts[article["id"]]} for article in self.articles
            ],
            "spans": sorted(self.spans, key=lambda span: span["id"]),
            "relations": self.relations,
            **(
                {
                    "stories": {str(k): v for k, v in sorted(self.stories.items())},
                    "entities": self.entities,
                    "links": self.links,
                    "suggestions": self.suggestions,
                    "analyst_status": self.analyst_status,
                    "work_log": self.work_log,
                }
                if self.cross
                else {}
            ),
            # Schema 1 kept no record of a deleted last id (the reason for migration 2), so
            # there only the ids still present are promised never to come back.
            "highest_span_id_issued": (
                self.highest_span_id
                if self.autoincrement
                else max(span["id"] for span in self.spans)
            ),
        }


def fill(w: Writer) -> None:
    """The corpus: the same content at every schema version."""
    w.add_label(
        "PLACE", hotkey="P", colour="#0072B2",
        description="A place named in the text: town, river, reservoir, district.",
    )  # fmt: skip
    w.add_label(
        "UNCERTAIN", hotkey=None, colour="#D55E00",
        description="Tagger unsure \u2014 look again (\u2248 second pass).",
    )  # fmt: skip

    # 1: CRLF lines, NBSP, a decomposed accent, ZWJ emoji, overlapping and nested spans.
    reservoir = w.add_article(
        title="Brannock reservoir passes 6 000 m\u00b3 \u2014 K\u00e9lmstow Gazette",
        text=(
            "K\u00e9lmstow \u2014 The Brannock reservoir held 6\u00a0000 m\u00b3 of water on "
            "Tuesday, the district engineer said.\r\n"
            "\u201cWe opened the spillway at 04:10 and the Cafe\u0301 Lindqvist crowd "
            "cheered,\u201d said Ilse Varga, the engineer.\r\n"
            "Her team (\U0001f469\u200d\U0001f52c\U0001f468\U0001f3fd\u200d\U0001f527) logged "
            "12 readings; the family \U0001f468\u200d\U0001f469\u200d\U0001f467 watched.\r\n"
        ),
        status="todo",
        source="feeds/k\u00e9lmstow-gazette/2026-10-05.txt",
        meta={
            "outlet": "K\u00e9lmstow Gazette",
            "byline": ["Zo\u00eb Marchetti-\u00d8rsted"],
            "section": "R\u00e9gion \u00b7 Eau",
            "words": 41,
        },
    )
    claim = w.add_span(
        reservoir, "The Brannock reservoir held 6\u00a0000 m\u00b3 of water on Tuesday", "CLAIM",
        annotator="mira",
    )  # fmt: skip
    volume = w.add_span(
        reservoir, "6\u00a0000 m\u00b3", "NUMBER", annotator="mira",
        attributes={"unit": "m\u00b3", "value": 6000},
    )  # fmt: skip
    w.add_span(
        reservoir, "6\u00a0000 m\u00b3", "NUMBER", annotator="tomasz",
        attributes={"unit": "m\u00b3", "value": 6000.0},
    )  # fmt: skip
    w.add_span(reservoir, "Brannock reservoir", "PLACE", annotator="tomasz")
    quote = w.add_span(
        reservoir,
        "\u201cWe opened the spillway at 04:10 and the Cafe\u0301 Lindqvist crowd cheered,\u201d",
        "QUOTE",
        annotator="mira",
    )
    w.add_span(
        reservoir, "04:10", "NUMBER", annotator="mira",
        attributes={"kind": "time", "value": "04:10"},
    )  # fmt: skip
    w.add_span(  # overlaps the quote's end
        reservoir, "Cafe\u0301 Lindqvist crowd cheered,\u201d said Ilse Varga", "CLAIM",
        annotator="tomasz",
    )  # fmt: skip
    engineer = w.add_span(
        reservoir, "Ilse Varga", "ACTOR", annotator="mira",
        attributes={"canonical": "Varga, Ilse", "role": "district engineer"},
    )  # fmt: skip
    w.add_span(reservoir, "Cafe\u0301 Lindqvist", "PLACE", annotator="\u015eirin")
    w.add_span(  # across a CRLF
        reservoir, "the engineer.\r\nHer team", "UNCERTAIN", annotator="\u015eirin",
    )  # fmt: skip
    w.add_span(
        reservoir, "Her team (\U0001f469\u200d\U0001f52c\U0001f468\U0001f3fd\u200d\U0001f527)",
        "ACTOR", annotator="tomasz",
    )  # fmt: skip
    w.add_span(
        reservoir, "\U0001f468\u200d\U0001f469\u200d\U0001f467", "ACTOR", annotator="\u015eirin"
    )
    w.add_relation(
        "speaker", quote, engineer, annotator="mira",
        attributes={"certainty": "explicit", "note": "said \u2192 Varga"},
    )  # fmt: skip
    w.add_relation("about", claim, volume, annotator="tomasz", attributes={})
    w.set_status(reservoir, "done")

    # 2: a lone CR, U+2028, right-to-left text, a lone ZWJ, astral letters; a deleted span.
    minutes = w.add_article(
        title="Harrowgate water board \u05e4\u05e8\u05d5\u05d8\u05d5\u05e7\u05d5\u05dc "
        "\u0645\u062d\u0636\u0631",
        text=(
            "Minutes of the Harrowgate water board\rTranscribed by line one\u2028continued "
            "after a line separator.\n"
            "The chair, \u05e0\u05d5\u05e2\u05d4 \u05d1\u05e8\u05e7\u05d0\u05d9, said: "
            "\u200f\u05d4\u05e1\u05db\u05e8 \u05d9\u05d7\u05d6\u05d9\u05e7\u200f (the dam will "
            "hold).\n"
            "Summary: \u0627\u0644\u0633\u062f \u0633\u064a\u0635\u0645\u062f "
            "\u0661\u0662 \u0633\u0646\u0629.\n"
            "A joiner inside a word: \u0915\u094d\u200d\u0937, and a lone one here\u200d.\n"
            "Astral: \U0001d50a\U0001d52c\U0001d531\U0001d525\U0001d526\U0001d520 and "
            "\U0002000b and \U0001f701.\n"
        ),
        status="todo",
        source="scans/harrowgate-\u05e4\u05e8\u05d5\u05d8\u05d5\u05e7\u05d5\u05dc.txt",
        meta={"language": ["en", "he", "ar"], "pages": 2, "scanned_by": "\u0130pek"},
    )
    gone = w.add_span(minutes, "Minutes", "CLAIM")  # deleted below: ids keep a gap
    w.add_span(minutes, "Harrowgate", "PLACE")
    w.add_span(minutes, "Harrowgate water board\rTranscribed", "CLAIM", annotator="mira")
    w.add_span(minutes, "line one\u2028continued", "CLAIM", annotator="tomasz")
    w.add_span(
        minutes, "\u05e0\u05d5\u05e2\u05d4 \u05d1\u05e8\u05e7\u05d0\u05d9", "ACTOR",
        attributes={"canonical": "\u05d1\u05e8\u05e7\u05d0\u05d9, \u05e0\u05d5\u05e2\u05d4"},
    )  # fmt: skip
    w.add_span(
        minutes, "\u200f\u05d4\u05e1\u05db\u05e8 \u05d9\u05d7\u05d6\u05d9\u05e7\u200f", "QUOTE"
    )
    w.add_span(
        minutes, "\u0661\u0662 \u0633\u0646\u0629", "NUMBER", annotator="mira",
        attributes={"unit": "\u0633\u0646\u0629", "value": 12},
    )  # fmt: skip
    w.add_span(minutes, "\u0915\u094d\u200d\u0937", "UNCERTAIN", annotator="mira")
    w.add_span(minutes, "here\u200d", "UNCERTAIN", annotator="tomasz")
    w.add_span(
        minutes, "\U0001d50a\U0001d52c\U0001d531\U0001d525\U0001d526\U0001d520", "PLACE",
        annotator="\u015eirin",
    )  # fmt: skip
    w.add_span(minutes, "\U0002000b", "ACTOR", annotator="\u015eirin")
    w.add_span(minutes, "\U0001f701.\n", "UNCERTAIN", annotator="\u015eirin")  # to the end
    w.delete_span(gone)
    w.set_status(minutes, "in-progress")

    # 3: not started, no spans (no span_counts row either): a BOM, tabs, trailing spaces.
    w.add_article(
        title="Draft: flood notes \U0001f327\ufe0f",
        text=(
            "\ufeffNotes only, not read yet.\tTabs\tand trailing spaces   \n\n"
            "\ufb01eld report \u01c4 \u2126 \u212b \u00bd\u2044\u00b3 \U0001f1f3\U0001f1f4\n"
        ),
        status="todo",
        source=None,
        meta={
            "nested": {"checked": True, "reviewer": None},
            "received": "2026-10-06",
            "tags": ["\u6d2a\u6c34", "\u00dcberschwemmung", "\U0001f30a"],
        },
    )

    # 4: imported with spans, still todo; the same span by several annotators.
    tonnage = w.add_article(
        title="Three analysts, one figure",
        text="Three analysts tagged the same 40 tonnes at the Ossory weir.",
        status="todo",
        source="imports/ossory.jsonl",
        meta={},
    )
    forty = {}
    for annotator in ("", "mira", "tomasz", "\u015eirin"):
        forty[annotator] = w.add_span(
            tonnage, "40 tonnes", "NUMBER", annotator=annotator,
            attributes={"unit": "t", "value": 40},
        )  # fmt: skip
    w.add_span(tonnage, "Three analysts", "ACTOR", annotator="mira")
    w.add_span(tonnage, "Ossory weir", "PLACE", annotator="mira")
    w.add_span(tonnage, "Three analysts tagged the same 40 tonnes", "CLAIM", annotator="tomasz")
    w.add_span(tonnage, "at the Ossory weir.", "QUOTE", annotator="tomasz")
    w.delete_span(w.add_span(tonnage, "weir", "UNCERTAIN", annotator="tomasz"))

    # 5: its only span deleted again (from schema 3 on, a span_counts row of 0); that span
    # is the newest, and from schema 2 on its id must never be handed out again.
    retracted = w.add_article(
        title="Retracted: the weir figure",
        text="The Ossory weir figure was withdrawn on Friday.\n",
        status="todo",
        source="imports/ossory.jsonl",
        meta={"retracted": True, "reason": "figure \u2260 source"},
    )
    w.delete_span(w.add_span(retracted, "withdrawn", "CLAIM", annotator="mira"))
    w.set_status(retracted, "in-progress")

    # After the spans exist, so the rename has rows to carry along.
    w.rename_label("PLACE", "Place name")
    w.change_label("QUOTE", colour="#AA3377")
    w.change_label("CLAIM", hotkey="K")
    w.change_label(
        "ACTOR",
        description="A person, organisation or group \u2014 \u00ab\u00a0qui agit\u00a0\u00bb.",
    )


    if w.cross:  # schema 6 on: the tables of issues 14-16, with hostile text too
        w.add_story("Reservoir \u2014 October \u202e<b>&amp;", [reservoir, tonnage])
        w.add_entity("E1", "Ilse Varga", "person", ["Varga, Ilse", "\u05d5\u05e8\u05d2\u05d4"])
        w.add_entity("E2", "Harrowgate water board", "organisation", [])
        w.add_link(volume, forty["mira"], "different-event", annotator="mira")
        w.add_link(forty["tomasz"], volume, "contradicts", annotator="tomasz")
        w.add_suggestion(tonnage, "Ossory weir", "ACTOR", source="patterns", score=1.0,
                         state="rejected")  # fmt: skip
        w.add_suggestion(minutes, "Minutes", "CLAIM", source="claims", score=None, state="open")
        w.set_analyst_status(reservoir, "mira", "done")
        w.set_analyst_status(reservoir, "tomasz", "in-progress")
        w.log_work("mira", reservoir, 30.5, keys=42)


def build(version: int) -> None:
    path = fixture_path(version)
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA page_size = {PAGE_SIZE}")
    conn.execute("PRAGMA foreign_keys = ON")
    # The real migrations up to ``version``, the way schema.migrate runs them: one
    # transaction, then user_version set to how many have run.
    migrations = Migrations(schema.MIGRATION_SET)
    for func in schema._STEPS[:version]:
        migrations(name=func.__name__)(func)
    conn.execute("BEGIN IMMEDIATE")
    migrations.apply(Database(conn, execute_plugins=False))
    conn.execute(f"PRAGMA user_version = {version}")
    # sqlite-utils records the wall-clock time: fixed, so a second run writes the same.
    for number, func in enumerate(schema._STEPS[:version], start=1):
        conn.execute(
            "UPDATE _sqlite_migrations SET applied_at = ? WHERE name = ?",
            (f"2026-10-0{number} 07:00:00.000000+00:00", func.__name__),
        )
    conn.execute("COMMIT")

    writer = Writer(conn, version)
    conn.execute("BEGIN IMMEDIATE")
    fill(writer)
    conn.execute("COMMIT")
    problems = conn.execute("PRAGMA foreign_key_check").fetchall()
    assert not problems, problems
    conn.execute("VACUUM")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    # ASCII only (\r, U+2028 and the rest escaped): no editor or checkout can change it.
    expected_path(version).write_text(
        json.dumps(writer.expected(), indent=1, ensure_ascii=True) + "\n", encoding="ascii"
    )
    print(f"{path.name}: {path.stat().st_size} bytes, schema {version}")


def main() -> None:
    print(f"SQLite {sqlite3.sqlite_version}")
    for version in range(1, len(schema._STEPS) + 1):
        build(version)


if __name__ == "__main__":
    main()
