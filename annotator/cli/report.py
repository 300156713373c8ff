"""``annotator report``: one story's comparison as a self-contained HTML page."""

from __future__ import annotations

from pathlib import Path

import click

from annotator.cli.base import cli, with_store
from annotator.core.printable import printable
from annotator.core.store import Store


@cli.command("report")
@click.argument("story")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
    help="The HTML file to write (replaced whole, never half-written).",
)  # fmt: skip
@with_store(read_only=True)
def report_command(store: Store, story: str, output: Path) -> None:
    """Write STORY's comparison table as one HTML page: no scripts, no remote resources.

    One row per fact (spans linked across articles), one column per article, where the
    outlets disagree first; each cell quotes its sentence. It opens in any browser and
    prints cleanly.

    \b
    Examples:
      annotator stories list
      annotator report "Varnia talks" -o varnia.html
    """
    from annotator.core.story_data import write_report

    comparison = write_report(store, story, output)
    facts, articles = len(comparison.rows), len(comparison.columns)
    click.echo(
        f"Wrote {printable(str(output))}: {_count(facts, 'fact')} in "
        f"{_count(articles, 'article')}, {_count(comparison.disagreements, 'disagreement')}."
    )


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
