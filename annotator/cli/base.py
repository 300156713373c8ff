"""The command group, its settings and the shared options: what every command rests on."""

from __future__ import annotations

import logging
import sqlite3
import sys
from collections.abc import Callable
from functools import update_wrapper
from pathlib import Path
from typing import Any, TypeVar

import click

from annotator import __version__
from annotator.core import paths
from annotator.core.corpus import open_corpus
from annotator.core.dberrors import explain
from annotator.core.errors import AnnotatorError
from annotator.core.formats import FORMAT_NAMES
from annotator.core.store import Store

F = TypeVar("F", bound=Callable[..., Any])
EXPORT_FORMATS = list(FORMAT_NAMES)
log = logging.getLogger("annotator")


class AnnotatorGroup(click.Group):
    """A group whose commands' core errors become one-line click errors."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AnnotatorError as exc:
            raise click.ClickException(str(exc)) from None
        except sqlite3.DatabaseError as exc:
            # Damage deep inside the file shows only when a damaged page is read,
            # after the corpus opened fine; it still gets one line, not a traceback,
            # and "damaged" only if SQLite's own check says so.
            settings = ctx.find_object(Settings)
            where = settings.db_path if settings is not None else None
            conn = settings.open_connection() if settings is not None else None
            raise click.ClickException(str(explain(exc, where=where, conn=conn))) from None


class Settings:
    def __init__(self, db: Path | None, *, annotator: str | None = None) -> None:
        self.db_path, self.is_default = paths.chosen_db_path(db)
        # The analyst named on the command line (--annotator), for what it writes;
        # None: the window asks once and keeps the name in its settings.
        self.annotator = annotator
        self._store: Store | None = None

    def store(self, *, read_only: bool = False) -> Store:
        """The corpus; ``read_only`` for commands that only read it (opened once)."""
        if self._store is None:
            self._store = open_corpus(
                self.db_path, seed_sample=self.is_default, read_only=read_only
            )
        return self._store

    def open_connection(self) -> sqlite3.Connection | None:
        return self._store.conn if self._store is not None else None

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def with_store(func: F | None = None, *, read_only: bool = False) -> Any:
    """Pass the open corpus as the first argument of a command.

    ``@with_store(read_only=True)`` for a command that only reads: the corpus is
    opened read-only, never migrated or written (nor anything beside it).
    """

    def decorate(func: F) -> F:
        @click.pass_context
        def wrapper(ctx: click.Context, *args: Any, **kwargs: Any) -> Any:
            settings: Settings = ctx.find_object(Settings)
            return ctx.invoke(func, settings.store(read_only=read_only), *args, **kwargs)

        return update_wrapper(wrapper, func)  # type: ignore[return-value]

    return decorate if func is None else decorate(func)


@click.group(cls=AnnotatorGroup, invoke_without_command=True)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar=paths.DB_ENV,
    help="Corpus database (default: the user data folder; also ANNOTATOR_DB). "
    "A database named here starts empty.",
)
@click.option(
    "--self-test", is_flag=True,
    help="Tag, export and re-read a span on a temporary copy of the sample corpus, "
    "then exit 0 (or 1 with one line). Leaves your corpus and settings alone.",
)  # fmt: skip
@click.option(
    "--annotator", "annotator", callback=lambda _ctx, _param, value: _analyst_name(value),
    help="Your name as the analyst: recorded on every span, relation and link you make "
    "(the window otherwise asks once and keeps it in its settings).",
)  # fmt: skip
@click.version_option(__version__, "--version", prog_name="annotator")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, self_test: bool, annotator: str | None) -> None:
    """Tag claims, numbers, actors and quotes in news articles.

    With no command, opens the window.

    \b
    Examples:
      annotator                          # open the window on your corpus
      annotator --db study.sqlite3 import articles/
      annotator export --format jsonl -o corpus.jsonl
      annotator --self-test              # offscreen by itself with no display
      annotator --annotator alice        # the window, tagging as alice
    """
    if self_test:
        from annotator.selftest import run_self_test

        sys.exit(run_self_test())
    settings = Settings(db, annotator=annotator)
    ctx.obj = settings
    ctx.call_on_close(settings.close)
    if ctx.invoked_subcommand is None:
        from annotator.gui.app import run_window

        sys.exit(run_window(
            db_path=settings.db_path, seed_sample=settings.is_default, annotator=annotator
        ))  # fmt: skip


def _analyst_name(value: str | None) -> str | None:
    """A name that fits on one line of a report: refused before anything is opened."""
    if value is None:
        return None
    from annotator.core.identity import check_analyst_name

    try:
        return check_analyst_name(value)
    except AnnotatorError as exc:
        raise click.BadParameter(str(exc), param_hint="--annotator") from None
