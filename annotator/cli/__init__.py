"""The command line: thin commands over the core.

Each command opens the corpus, calls one core function and turns the core's
named errors into a one-line ``Error: ...`` with exit status 1.
"""

from __future__ import annotations

import logging
import sys

import click

# The commands register themselves on ``cli`` when their module is imported.
from annotator.cli import corpus, files, groups, report, stories, suggest, team  # noqa: F401
from annotator.cli.base import EXPORT_FORMATS, cli, log
from annotator.core.errors import AnnotatorError
from annotator.core.printable import printable

__all__ = ["EXPORT_FORMATS", "cli", "main"]


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
