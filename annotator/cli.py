"""The command line: thin commands over the core.

Each command opens the corpus, calls one core function and turns the core's
named errors into a one-line ``Error: ...`` with exit status 1.
"""

from __future__ import annotations

import json
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
from annotator.core.model import STATUSES
from annotator.core.printable import printable
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
    def __init__(self, db: Path | None) -> None:
        self.db_path, self.is_default = paths.chosen_db_path(db)
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
@click.version_option(__version__, "--version", prog_name="annotator")
@click.pass_context
def cli(ctx: click.Context, db: Path | None, self_test: bool) -> None:
    """Tag claims, numbers, actors and quotes in news articles.

    With no command, opens the window.

    \b
    Examples:
      annotator                          # open the window on your corpus
      annotator --db study.sqlite3 import articles/
      annotator export --format jsonl -o corpus.jsonl
      annotator --self-test              # offscreen by itself with no display
    """
    if self_test:
        from annotator.selftest import run_self_test

        sys.exit(run_self_test())
    settings = Settings(db)
    ctx.obj = settings
    ctx.call_on_close(settings.close)
    if ctx.invoked_subcommand is None:
        from annotator.gui.app import run_window

        sys.exit(run_window(db_path=settings.db_path, seed_sample=settings.is_default))


def _text_encoding(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Refuse rot13, base64 or a typo before the corpus is opened, not once per file."""
    from annotator.core.importing import check_encoding

    if value is not None:
        try:
            check_encoding(value)
        except AnnotatorError as exc:
            raise click.BadParameter(str(exc), ctx=ctx, param=param) from None
    return value


@cli.command("import")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--encoding", callback=_text_encoding,
    help="Decode text files with this encoding instead of UTF-8 (e.g. cp1252, utf-16).",
)  # fmt: skip
@click.option("--sample", is_flag=True, help="Also add the embedded sample corpus.")
@with_store
def import_command(
    store: Store, sources: tuple[Path, ...], encoding: str | None, sample: bool
) -> None:
    """Import .txt, .md and .jsonl files, or folders of them (recursively, sorted).

    A text already in the corpus is not added again.  A bad file is refused
    whole with one line that says why; the others still import, and the exit
    status is 1.

    \b
    Examples:
      annotator import article.txt notes.md tasks.jsonl
      annotator import --encoding cp1252 old-articles/
      annotator import --sample
    """
    from annotator.core.importing import import_paths, import_sample

    if not sources and not sample:
        raise click.UsageError("name at least one file or folder, or --sample")
    refused = 0
    if sample:
        report = import_sample(store)
        for file_report in report.files:
            click.echo(file_report.line())
        click.echo(report.summary())
        refused += len(report.refused)
    if sources:
        report = import_paths(
            store, sources, encoding=encoding, progress=lambda f: click.echo(f.line())
        )
        click.echo(report.summary())
        refused += len(report.refused)
    if refused:
        raise click.ClickException(f"{refused} file(s) refused; see the lines above")


@cli.command("export")
@click.option(
    "--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="jsonl", show_default=True,
    help="Output format.",
)  # fmt: skip
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), required=True,
    help="File to write, or folder for brat and --split (replaced atomically).",
)  # fmt: skip
@click.option(
    "--status", type=click.Choice([*STATUSES, "all"]), default="all", show_default=True,
    help="Only articles with this status.",
)  # fmt: skip
@click.option("--label", "labels", multiple=True, help="Only spans with this label (repeatable).")
@click.option(
    "--annotator", "annotators", multiple=True, help="Only spans by this annotator (repeatable)."
)
@click.option(
    "--split", help="Write train/dev/test into the OUTPUT folder by article, e.g. 80/10/10."
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the --split.")
@click.option(
    "--per-label",
    is_flag=True,
    help="conll: also one file per label, NAME.LABEL.conll (spacy convert reads one column).",
)
@with_store(read_only=True)
def export_command(
    store: Store,
    fmt: str,
    output: Path,
    status: str,
    labels: tuple[str, ...],
    annotators: tuple[str, ...],
    split: str | None,
    seed: int,
    per_label: bool,
) -> None:
    """Export the corpus for NLP tools.

    Formats: jsonl (native, imports back), prodigy, doccano, spacy (.spacy
    DocBin; needs spaCy), conll (IOB2, a column per label), brat (a folder),
    labelstudio (tasks JSON plus NAME.config.xml), csv (one row per span, with
    relations and attributes files beside it), quotes (each quote and its speaker).

    \b
    Examples:
      annotator export --format jsonl -o corpus.jsonl
      annotator export --format spacy --status done --label CLAIM -o claims.spacy
      annotator export --format conll --split 80/10/10 --seed 7 -o conll-splits/
      annotator export --format conll --per-label -o corpus.conll
    """
    from annotator.core.export import export_corpus

    summary = export_corpus(
        store, output, format=fmt, status=None if status == "all" else status,
        labels=labels, annotators=annotators, split=split, seed=seed, per_label=per_label,
    )  # fmt: skip
    for line in summary.lines():
        click.echo(line)


@cli.command("evaluate")
@click.argument("gold", type=click.Path(exists=True, path_type=Path))
@click.argument("pred", type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
def evaluate_command(gold: Path, pred: Path, as_json: bool) -> None:
    """Score PRED's spans against GOLD's: strict, exact, partial and type.

    GOLD and PRED are each a corpus database, an importable export (jsonl,
    prodigy, doccano, Label Studio .json) or a folder (brat).  Articles pair
    by the hash of their text or by id; gold articles missing from PRED count
    as all missed.  Per label, micro and macro precision, recall and F1.

    \b
    Examples:
      annotator evaluate gold.sqlite3 system-output.jsonl
      annotator evaluate gold.jsonl pred.jsonl --json > scores.json
    """
    from annotator.core.evaluate import evaluate_paths, format_table

    report = evaluate_paths(gold, pred).report()
    click.echo(json.dumps(report, indent=2) if as_json else format_table(report))


@cli.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@with_store(read_only=True)
def stats_command(store: Store, as_json: bool) -> None:
    """Articles by status and spans by label.

    \b
    Example:
      annotator stats --json
    """
    stats = store.stats()
    if as_json:
        click.echo(json.dumps(stats, indent=2))
        return
    click.echo(f"Articles: {stats['articles']}")
    for status, count in stats["articles_by_status"].items():
        click.echo(f"  {status:<12} {count:>7}")
    click.echo(f"Spans: {stats['spans']}")
    for label, count in stats["spans_by_label"].items():
        click.echo(f"  {label:<12} {count:>7}")


@cli.group("labels", cls=AnnotatorGroup, invoke_without_command=True)
@click.pass_context
def labels_group(ctx: click.Context) -> None:
    """List and edit labels (with no subcommand: list them).

    \b
    Examples:
      annotator labels
      annotator labels add SOURCE --hotkey S --colour '#0072B2'
      annotator labels rename QUOTE QUOTATION
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(labels_list)


@labels_group.command("list")
@with_store(read_only=True)
def labels_list(store: Store) -> None:
    """List labels with their position, hotkey and colour.

    \b
    Example:
      annotator labels list
    """
    for label in store.labels():
        hotkey = label.hotkey or "-"
        click.echo(
            f"{label.position:>2}  {hotkey:<2} {label.colour}  {label.name:<12} {label.description}"
        )


@labels_group.command("add")
@click.argument("name")
@click.option(
    "--colour", "--color", "colour", help="#RRGGBB (default: a spare colour-blind-safe one)."
)
@click.option("--hotkey", help="One letter A-Z.")
@click.option("--description", default="", help="One line shown in the window.")
@with_store
def labels_add(
    store: Store, name: str, colour: str | None, hotkey: str | None, description: str
) -> None:
    """Add a label.

    \b
    Example:
      annotator labels add SOURCE --hotkey S --description "Who the outlet cites"
    """
    label = store.add_label(name, colour=colour, hotkey=hotkey, description=description)
    click.echo(f"Added {label.name} ({label.colour}, hotkey {label.hotkey or 'none'}).")


@labels_group.command("rename")
@click.argument("old")
@click.argument("new")
@with_store
def labels_rename(store: Store, old: str, new: str) -> None:
    """Rename a label; its spans follow.

    \b
    Example:
      annotator labels rename QUOTE QUOTATION
    """
    store.rename_label(old, new)
    click.echo(f"Renamed {old} to {new}.")


@labels_group.command("recolour")
@click.argument("name")
@click.argument("colour")
@with_store
def labels_recolour(store: Store, name: str, colour: str) -> None:
    """Give a label a new #RRGGBB colour.

    \b
    Example:
      annotator labels recolour CLAIM '#0072B2'
    """
    label = store.recolour_label(name, colour)
    click.echo(f"{label.name} is now {label.colour}.")


@labels_group.command("hotkey")
@click.argument("name")
@click.argument("key")
@with_store
def labels_hotkey(store: Store, name: str, key: str) -> None:
    """Set a label's letter hotkey (KEY 'none' removes it).

    \b
    Example:
      annotator labels hotkey ACTOR P
    """
    label = store.set_label_hotkey(name, None if key.lower() == "none" else key)
    click.echo(f"{label.name} hotkey: {label.hotkey or 'none'}.")


@cli.group("relations", cls=AnnotatorGroup, invoke_without_command=True)
@click.pass_context
def relations_group(ctx: click.Context) -> None:
    """List and edit relation types (with no subcommand: list them).

    \b
    Examples:
      annotator relations
      annotator relations add cause --head CLAIM --child CLAIM --key 4
      annotator relations rename source attributed-to
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(relations_list)


@relations_group.command("list")
@with_store(read_only=True)
def relations_list(store: Store) -> None:
    """List relation types: position, key, colour, name, head labels -> child labels.

    \b
    Example:
      annotator relations list
    """
    for found in store.relation_types():
        heads = ",".join(found.heads) or "any"
        children = ",".join(found.children) or "any"
        click.echo(
            f"{found.position:>2}  {found.key or '-':<2} {found.colour}  {found.name:<12} "
            f"{heads} -> {children}"
        )


@relations_group.command("add")
@click.argument("name")
@click.option("--head", "heads", multiple=True, help="A label the head may have (repeatable).")
@click.option("--child", "children", multiple=True, help="A label the child may have (repeatable).")
@click.option("--key", help="One digit 1-9 that picks this type while linking.")
@click.option("--colour", "--color", "colour", help="#RRGGBB (default: a spare one).")
@with_store
def relations_add(
    store: Store,
    name: str,
    heads: tuple[str, ...],
    children: tuple[str, ...],
    key: str | None,
    colour: str | None,
) -> None:
    """Add a relation type (no --head or --child: any label).

    \b
    Example:
      annotator relations add cause --head CLAIM --child CLAIM --key 4
    """
    found = store.add_relation_type(name, heads=heads, children=children, key=key, colour=colour)
    click.echo(
        f"Added {found.name}: {','.join(found.heads) or 'any'} -> "
        f"{','.join(found.children) or 'any'} (key {found.key or 'none'})."
    )


@relations_group.command("rename")
@click.argument("old")
@click.argument("new")
@with_store
def relations_rename(store: Store, old: str, new: str) -> None:
    """Rename a relation type; its relations follow.

    \b
    Example:
      annotator relations rename source attributed-to
    """
    store.rename_relation_type(old, new)
    click.echo(f"Renamed {old} to {new}.")


@cli.command("backup")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: CORPUS.backup-TIME.sqlite3 beside the corpus).",
)  # fmt: skip
@click.pass_context
def backup_command(ctx: click.Context, output: Path | None) -> None:
    """Write a consistent copy of the corpus, even while the window has it open.

    \b
    Examples:
      annotator backup
      annotator --db study.sqlite3 backup -o ~/backups/study-monday.sqlite3
    """
    from annotator.core.backup import backup_to, default_backup_path

    settings: Settings = ctx.find_object(Settings)
    if not settings.db_path.exists():
        raise click.ClickException(f"{settings.db_path}: no corpus there to back up")
    store = settings.store(read_only=True)
    target = backup_to(store, output or default_backup_path(settings.db_path))
    stats = store.stats()
    click.echo(f"Backed up {stats['articles']} articles and {stats['spans']} spans to {target}.")


@cli.command("restore")
@click.argument("backup", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def restore_command(ctx: click.Context, backup: Path) -> None:
    """Replace the corpus with a backup; the current corpus is kept beside it.

    The backup is checked first and left unchanged.  A window open on the
    corpus shows the restored articles at once.

    \b
    Example:
      annotator restore corpus.backup-20261121T101500123456Z.sqlite3
    """
    from annotator.core.backup import restore_from

    settings: Settings = ctx.find_object(Settings)
    kept = restore_from(backup, settings.db_path)
    stats = settings.store().stats()
    click.echo(
        f"Restored {stats['articles']} articles and {stats['spans']} spans "
        f"from {backup} into {settings.db_path}."
    )
    if kept is not None:
        click.echo(f"The corpus as it was is kept at {kept}.")


@cli.command("install-desktop")
def install_desktop_command() -> None:
    """Add Annotator to your desktop's app menu (Linux): a launcher entry and its icon.

    Writes only under your own data folder ($XDG_DATA_HOME, usually ~/.local/share);
    the entry starts this installation's window.  Run it again after moving it.

    \b
    Example:
      annotator install-desktop
    """
    from annotator.core.desktop import install

    report = install()
    click.echo(f"Installed the launcher {report.written[-1]}")
    click.echo(f"  with {len(report.written) - 1} icon files; it runs: {report.exec_command}")


@cli.command("uninstall-desktop")
def uninstall_desktop_command() -> None:
    """Remove the app-menu entry and icons that install-desktop added.

    Your corpus, settings and log are not touched.

    \b
    Example:
      annotator uninstall-desktop
    """
    from annotator.core.desktop import uninstall

    report = uninstall()
    if report.removed:
        click.echo(f"Removed {len(report.removed)} files (the launcher entry and its icons).")
    else:
        click.echo("Nothing to remove: the launcher was not installed.")


def main(argv: list[str] | None = None) -> None:
    """Console entry point: never a traceback, one line and exit status 1 on error.

    Every message goes through printable(): a file name or a quoted field may hold a
    newline, an escape sequence or a byte that is not UTF-8, which a terminal would
    act on (or Python refuse to print, raising a traceback after all).
    """
    from annotator.core.logsetup import setup_logging, teardown_logging

    # Set up before any command runs: the core logs what it could not foresee, and
    # with no handler Python's logging would print that traceback on the terminal.
    log_file = setup_logging()
    # No log folder: silence rather than Python's fallback printing a traceback.
    quiet = logging.NullHandler()
    if log_file is None:
        log.addHandler(quiet)
    try:
        cli.main(args=argv, prog_name="annotator", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.message = printable(exc.message)
        exc.show()
        sys.exit(exc.exit_code)
    except AnnotatorError as exc:
        click.echo(f"Error: {printable(str(exc))}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except Exception as exc:  # the last line of defence: log it, say one line
        log.exception("unexpected error")
        where = f"the details are in {log_file}" if log_file else "no log file to hold details"
        click.echo(printable(f"Error: unexpected {type(exc).__name__}: {exc} ({where})"), err=True)
        sys.exit(1)
    finally:
        log.removeHandler(quiet)
        teardown_logging()
