"""Commands on files around the corpus: backup, restore, and the desktop launcher."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli.base import (
    Settings,
    cli,
)


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
