"""The corpus schema: an ordered, recorded list of migrations.

Migrations are kept by sqlite-utils in ``_sqlite_migrations`` under the set
name ``annotator``; ``PRAGMA user_version`` mirrors how many have run, so a
database written by a newer Annotator is recognised and left alone.

Never edit a migration that has shipped: add a new one at the end.  Databases
from earlier versions live in ``tests/data/`` and are migrated by the tests.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING, Any

from annotator.core.errors import SchemaTooNew
from annotator.core.resources import resource_path

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

MIGRATION_SET = "annotator"
# The steps in order.  sqlite-utils (which imports NumPy and pandas when they
# are installed: a fifth of a second at start-up) is only loaded when a
# migration actually has to run; ``schema.migrations`` builds its Migrations.
_STEPS: list[Callable[[Database], None]] = []


def _step(func: Callable[[Database], None]) -> Callable[[Database], None]:
    _STEPS.append(func)
    return func


def _migrations() -> Migrations:
    """The sqlite-utils Migrations for the steps, built once (tests may extend it)."""
    holder = globals().get("migrations")
    if holder is None:
        from sqlite_utils import Migrations

        holder = Migrations(MIGRATION_SET)
        for func in _STEPS:
            holder(name=func.__name__)(func)
        globals()["migrations"] = holder
    return holder


def __getattr__(name: str) -> Any:
    if name == "migrations":
        return _migrations()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@_step
def m001_initial(db: Database) -> None:
    # Relations (a quote to its speaker) and span attributes (a number's value
    # and unit, an actor's canonical name) have their place from the start;
    # spans carry their annotator so several annotators can share a corpus.
    db.executescript(
        """
        CREATE TABLE labels (
            name TEXT PRIMARY KEY,
            hotkey TEXT UNIQUE,
            colour TEXT NOT NULL,
            position INTEGER NOT NULL,
            description TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            sha256 TEXT NOT NULL UNIQUE,
            source TEXT,
            meta TEXT NOT NULL DEFAULT '{}',
            status TEXT NOT NULL DEFAULT 'todo'
                CHECK (status IN ('todo', 'in-progress', 'done')),
            imported_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX articles_status ON articles (status);
        CREATE TABLE spans (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            start INTEGER NOT NULL CHECK (start >= 0),
            end INTEGER NOT NULL CHECK (end > start),
            label TEXT NOT NULL REFERENCES labels (name) ON UPDATE CASCADE,
            text TEXT NOT NULL,
            annotator TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            attributes TEXT NOT NULL DEFAULT '{}',
            UNIQUE (article_id, start, end, label, annotator)
        );
        CREATE INDEX spans_label ON spans (label);
        CREATE TABLE relations (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            head_span_id INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
            tail_span_id INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
            annotator TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            attributes TEXT NOT NULL DEFAULT '{}',
            UNIQUE (kind, head_span_id, tail_span_id, annotator)
        );
        CREATE INDEX relations_tail ON relations (tail_span_id);
        """
    )
    for position, label in enumerate(default_labels(), start=1):
        db.execute(
            "INSERT INTO labels (name, hotkey, colour, position, description) "
            "VALUES (?, ?, ?, ?, ?)",
            (label["name"], label["hotkey"], label["colour"], position, label["description"]),
        )


@_step
def m002_span_ids_never_reused(db: Database) -> None:
    # Without AUTOINCREMENT SQLite hands a deleted span's id to the next new
    # span, so one window's undo ("delete the span I made, id N") could
    # delete a span another window had just made with the same id.  SQLite
    # cannot add AUTOINCREMENT in place: rebuild spans (and relations, which
    # point at spans) inside the migration's transaction, keeping every row
    # and id.  Relations are copied aside first so dropping spans cascades
    # nothing.
    db.executescript(
        """
        CREATE TEMP TABLE m002_relations AS SELECT * FROM relations;
        CREATE TEMP TABLE m002_spans AS SELECT * FROM spans;
        DROP TABLE relations;
        DROP TABLE spans;
        CREATE TABLE spans (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            start INTEGER NOT NULL CHECK (start >= 0),
            end INTEGER NOT NULL CHECK (end > start),
            label TEXT NOT NULL REFERENCES labels (name) ON UPDATE CASCADE,
            text TEXT NOT NULL,
            annotator TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            attributes TEXT NOT NULL DEFAULT '{}',
            UNIQUE (article_id, start, end, label, annotator)
        );
        CREATE INDEX spans_label ON spans (label);
        INSERT INTO spans (id, article_id, start, end, label, text, annotator, created_at,
                           attributes)
            SELECT id, article_id, start, end, label, text, annotator, created_at, attributes
            FROM m002_spans ORDER BY id;
        CREATE TABLE relations (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            head_span_id INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
            tail_span_id INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
            annotator TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            attributes TEXT NOT NULL DEFAULT '{}',
            UNIQUE (kind, head_span_id, tail_span_id, annotator)
        );
        CREATE INDEX relations_tail ON relations (tail_span_id);
        INSERT INTO relations SELECT * FROM m002_relations ORDER BY id;
        DROP TABLE m002_spans;
        DROP TABLE m002_relations;
        """
    )


@_step
def m003_article_list_without_texts(db: Database) -> None:
    # The corpus list (id, title, status, span count) must not walk the rows
    # that hold the texts, nor count 200,000 spans at every start: a covering
    # index answers the first part, and span_counts the second.  The store
    # keeps span_counts in the same transaction as each span write (one row
    # per imported article, +1/-1 per tag): a per-row trigger made importing
    # 200,000 spans a third slower.
    db.executescript(
        """
        CREATE INDEX articles_list ON articles (id, title, status);
        CREATE TABLE span_counts (
            article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
            spans INTEGER NOT NULL DEFAULT 0
        );
        INSERT INTO span_counts (article_id, spans)
            SELECT article_id, count(*) FROM spans GROUP BY article_id;
        """
    )


@_step
def m004_texts_apart(db: Database) -> None:
    # SQLite writes a whole row again when any of its columns changes, so with the text
    # in the articles row, a status change (the first tag of an article moves it from
    # todo to in-progress) rewrote a 1 MB text: 15 ms on a key press.  The texts move to
    # a table of their own; an article row is a few hundred bytes again.
    db.executescript(
        """
        CREATE TABLE article_texts (
            article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
            text TEXT NOT NULL
        );
        INSERT INTO article_texts (article_id, text) SELECT id, text FROM articles ORDER BY id;
        """
    )
    if can_drop_columns():
        db.execute("ALTER TABLE articles DROP COLUMN text")
    else:
        # SQLite before 3.35 (RHEL 9 has 3.34) cannot drop a column, and rebuilding the
        # table would cascade its delete to every span: the column stays, emptied, and
        # the store fills it with '' on insert.
        db.execute("UPDATE articles SET text = ''")


@_step
def m005_relation_types_and_attributes(db: Database) -> None:
    # Relation types and span attributes become data, like labels.  A type's allowed
    # head and child labels are rows that follow a label rename (ON UPDATE CASCADE);
    # relations.kind keeps its plain text (rebuilding relations to add a foreign key
    # would risk the rows for nothing: the store renames kinds in the same transaction).
    # Every kind already used gets a type allowing any label, so no relation is orphaned.
    # Lookups of a span's relations by head scanned the table: relations_head answers them.
    # A label whose hotkey is R loses it: R starts a relation in the window now.
    db.executescript(
        """
        CREATE TABLE relation_types (
            name TEXT PRIMARY KEY,
            hotkey TEXT UNIQUE,
            colour TEXT NOT NULL,
            position INTEGER NOT NULL
        );
        CREATE TABLE relation_type_labels (
            type TEXT NOT NULL
                REFERENCES relation_types (name) ON UPDATE CASCADE ON DELETE CASCADE,
            role TEXT NOT NULL CHECK (role IN ('head', 'child')),
            label TEXT NOT NULL REFERENCES labels (name) ON UPDATE CASCADE ON DELETE CASCADE,
            PRIMARY KEY (type, role, label)
        );
        CREATE TABLE label_attributes (
            label TEXT NOT NULL REFERENCES labels (name) ON UPDATE CASCADE ON DELETE CASCADE,
            name TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('number', 'text', 'choice')),
            choices TEXT NOT NULL DEFAULT '[]',
            position INTEGER NOT NULL,
            PRIMARY KEY (label, name)
        );
        CREATE INDEX relations_head ON relations (head_span_id);
        UPDATE labels SET hotkey = NULL WHERE upper(hotkey) = 'R';
        """
    )
    labels = {row[0] for row in db.execute("SELECT name FROM labels")}
    types = [
        ("speaker", "1", "#AA3377", ["QUOTE"], ["ACTOR"]),
        ("source", "2", "#4477AA", ["CLAIM"], ["ACTOR"]),
        ("quantity", "3", "#228833", ["CLAIM"], ["NUMBER"]),
    ]
    for position, (name, key, colour, heads, children) in enumerate(types, start=1):
        db.execute(
            "INSERT INTO relation_types (name, hotkey, colour, position) VALUES (?, ?, ?, ?)",
            (name, key, colour, position),
        )
        for role, allowed in (("head", heads), ("child", children)):
            for label in allowed:
                if label in labels:  # a corpus that renamed QUOTE gets a type for any label
                    db.execute(
                        "INSERT INTO relation_type_labels (type, role, label) VALUES (?, ?, ?)",
                        (name, role, label),
                    )
    used = [row[0] for row in db.execute("SELECT DISTINCT kind FROM relations ORDER BY kind")]
    for position, kind in enumerate(
        (kind for kind in used if kind not in {t[0] for t in types}), start=len(types) + 1
    ):
        db.execute(
            "INSERT INTO relation_types (name, hotkey, colour, position) VALUES (?, NULL, ?, ?)",
            (kind, "#888888", position),
        )
    qualifiers = ["exact", "approximately", "at least", "more than", "at most", "less than",
                  "range"]  # fmt: skip
    attributes = [
        ("NUMBER", "value", "number", []), ("NUMBER", "low", "number", []),
        ("NUMBER", "high", "number", []), ("NUMBER", "unit", "text", []),
        ("NUMBER", "qualifier", "choice", qualifiers), ("ACTOR", "entity", "text", []),
        ("QUOTE", "form", "choice", ["direct", "indirect"]),
    ]  # fmt: skip
    positions: dict[str, int] = {}
    for label, name, kind, choices in attributes:
        if label in labels:
            positions[label] = positions.get(label, 0) + 1
            db.execute(
                "INSERT INTO label_attributes (label, name, kind, choices, position) "
                "VALUES (?, ?, ?, ?, ?)",
                (label, name, kind, json.dumps(choices), positions[label]),
            )


@_step
def m006_stories_entities_links_suggestions_analysts(db: Database) -> None:
    # Issues 14-16 in one step, so they share one schema version:
    # - stories: an article belongs to at most one (articles.story_id; SET NULL when the
    #   story goes, so deleting a story never deletes an article);
    # - entities: the actor registry; ACTOR spans name one by ``key`` in their ``entity``
    #   attribute (a key, not a row id, so exports and merges keep it readable: "E12");
    # - links: a span to a span of another article, typed; both ends cascade like
    #   relations (the store takes them itself first, so undo can bring them back);
    # - suggestions: proposed spans, kept apart from the spans table so no export, count
    #   or evaluation can take one for gold; a rejected or accepted one stays as a row
    #   (state) so the same proposal is not made again for that article;
    # - analyst_status: each analyst's own status of an article (agreement compares only
    #   what everyone marked done); work_log: time, keys and spans per analyst and article.
    db.executescript(
        """
        CREATE TABLE stories (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL
        );
        ALTER TABLE articles ADD COLUMN story_id INTEGER
            REFERENCES stories (id) ON DELETE SET NULL;
        CREATE INDEX articles_story ON articles (story_id);
        CREATE TABLE entities (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            key TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            kind TEXT NOT NULL
                CHECK (kind IN ('person', 'organisation', 'country', 'group')),
            aliases TEXT NOT NULL DEFAULT '[]',
            created_at TEXT NOT NULL
        );
        CREATE TABLE links (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            span_id INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
            to_span_id INTEGER NOT NULL REFERENCES spans (id) ON DELETE CASCADE,
            type TEXT NOT NULL
                CHECK (type IN ('same', 'contradicts', 'updates', 'different-event')),
            annotator TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            CHECK (span_id != to_span_id),
            UNIQUE (span_id, to_span_id, annotator)
        );
        CREATE INDEX links_to ON links (to_span_id);
        CREATE TABLE suggestions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            start INTEGER NOT NULL CHECK (start >= 0),
            end INTEGER NOT NULL CHECK (end > start),
            label TEXT NOT NULL REFERENCES labels (name) ON UPDATE CASCADE ON DELETE CASCADE,
            text TEXT NOT NULL,
            source TEXT NOT NULL,
            score REAL,
            model_version TEXT NOT NULL DEFAULT '',
            attributes TEXT NOT NULL DEFAULT '{}',
            state TEXT NOT NULL DEFAULT 'open'
                CHECK (state IN ('open', 'accepted', 'rejected')),
            created_at TEXT NOT NULL,
            UNIQUE (article_id, start, end, label)
        );
        CREATE INDEX suggestions_state ON suggestions (state, article_id);
        CREATE TABLE analyst_status (
            article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
            annotator TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('todo', 'in-progress', 'done')),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (article_id, annotator)
        );
        CREATE TABLE work_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            annotator TEXT NOT NULL,
            article_id INTEGER REFERENCES articles (id) ON DELETE SET NULL,
            started_at TEXT NOT NULL,
            seconds REAL NOT NULL CHECK (seconds >= 0),
            keys INTEGER NOT NULL DEFAULT 0 CHECK (keys >= 0),
            spans INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX work_log_annotator ON work_log (annotator, started_at);
        """
    )


def can_drop_columns() -> bool:
    return sqlite3.sqlite_version_info >= (3, 35, 0)


def default_labels() -> list[dict[str, str]]:
    with resource_path("labels.json").open(encoding="utf-8") as handle:
        return json.load(handle)["labels"]


def known_names() -> list[str]:
    holder: Migrations | None = globals().get("migrations")
    if holder is not None:  # built (and perhaps extended by a test)
        return [m.name for m in holder._migrations]
    return [func.__name__ for func in _STEPS]


def applied_names(conn: sqlite3.Connection) -> list[str]:
    """Migrations recorded in the database, read with plain SQL."""
    if not conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
    ).fetchone():
        return []
    rows = conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
        (MIGRATION_SET,),
    )
    return [row[0] for row in rows]


def refuse_newer(conn: sqlite3.Connection, *, where: object) -> None:
    """Raise SchemaTooNew for a database written by a newer Annotator (reads only)."""
    applied = applied_names(conn)
    known = known_names()
    unknown = [name for name in applied if name not in known]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if unknown or version > len(known):
        raise SchemaTooNew(
            f"{where}: written by a newer Annotator (schema {max(version, len(applied))}, "
            f"this app knows {len(known)}); upgrade Annotator to open it. Left untouched."
        )


def is_current(conn: sqlite3.Connection) -> bool:
    """Every migration this app knows has run (so nothing needs to be written)."""
    return len(applied_names(conn)) == len(known_names())


def migrate(
    conn: sqlite3.Connection,
    *,
    where: object = "this database",
    back_up: Callable[[], object] | None = None,
) -> None:
    """Bring the schema up to date, refusing a schema newer than this app.

    ``back_up`` runs first when an existing corpus is about to change (the store
    passes "copy the file beside itself"); this module knows nothing of files.
    """
    # Store.open has already refused a newer schema before its first write; this is
    # for a database that changed in between, and for callers that bypass it.
    refuse_newer(conn, where=where)
    applied = applied_names(conn)
    known = known_names()
    if len(applied) == len(known):
        return
    if applied and back_up is not None:
        back_up()
    from sqlite_utils import Database

    # One write lock for the whole upgrade: two processes opening a new
    # database at once must not both create the tables.
    conn.execute("BEGIN IMMEDIATE")
    try:
        _migrations().apply(Database(conn, execute_plugins=False))
        conn.execute(f"PRAGMA user_version = {len(known)}")
    except BaseException:
        # A full disk or an I/O error has already rolled it back in SQLite itself.
        with suppress(sqlite3.Error):
            if conn.in_transaction:
                conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.Error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
