"""Commands for a team of analysts: merge their corpora, and how far they agree."""

from __future__ import annotations

import json
from pathlib import Path

import click

from annotator.cli.base import Settings, cli, with_store
from annotator.core.store import Store


@cli.command("merge")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
    help="Corpus file to merge into (created if missing); default: the open corpus (--db).",
)  # fmt: skip
@click.pass_context
def merge_command(ctx: click.Context, inputs: tuple[Path, ...], output: Path | None) -> None:
    """Join colleagues' corpus files by article text, keeping each analyst's work apart.

    Spans, relations, attributes, links and statuses keep the analyst who made them;
    what is already there is skipped, so merging twice adds nothing.  The inputs are
    only read.  A damaged input, one of a newer Annotator or another program, or the
    output itself is refused before anything is written; a merge killed half way
    leaves the output as it was.  Where the files give one text another title or
    meta, the first is kept and the differences are listed.

    \b
    Examples:
      annotator merge alice.sqlite3 bob.sqlite3 -o team.sqlite3
      annotator --db team.sqlite3 merge carol.sqlite3
    """
    from annotator.core.merge import merge_files, merge_into

    if output is not None:
        report = merge_files(list(inputs), output=output)
    else:
        settings: Settings = ctx.find_object(Settings)
        report = merge_into(settings.store(), list(inputs))
    for line in report.lines():
        click.echo(line)


@cli.command("agreement")
@click.option(
    "--annotators", help="Compare these analysts, comma-separated (default: all but gold)."
)
@click.option("--label", help="Only this label's spans (and relations and links between them).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
@click.option("--details", is_flag=True, help="Also list every disagreement behind the figures.")
@with_store(read_only=True)
def agreement_command(
    store: Store, annotators: str | None, label: str | None, as_json: bool, details: bool
) -> None:
    """How far analysts agree, on the articles every one of them marked done.

    Per label and overall, for each pair and averaged: span F1 (strict and
    overlap), Cohen's kappa and Krippendorff's alpha over characters, and
    relation and link F1.

    \b
    Examples:
      annotator --db team.sqlite3 agreement
      annotator --db team.sqlite3 agreement --annotators alice,bob --label CLAIM --details
      annotator --db team.sqlite3 agreement --json > agreement.json
    """
    from annotator.core import agreement as scoring
    from annotator.core.teamwork import agreement_inputs

    names = annotators.split(",") if annotators is not None else None
    texts, analysts = agreement_inputs(store, annotators=names, label=label)
    report = scoring.agreement(texts=texts, analysts=analysts)
    found = scoring.details(texts=texts, analysts=analysts) if details else None
    if label is not None:
        report["label"] = label
    if as_json:
        if found is not None:
            report["disagreements"] = found
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    click.echo(scoring.format_table(report))
    if found is not None:
        click.echo("")
        click.echo(f"Disagreements ({len(found)}):")
        if found:
            click.echo(scoring.format_details(found))


def print_throughput(store: Store, *, as_json: bool) -> None:
    """``stats --by-annotator``: each analyst's spans, done articles and pace."""
    from annotator.core.teamwork import throughput

    found = throughput(store)
    if as_json:
        click.echo(json.dumps([row.as_dict() for row in found], indent=2, ensure_ascii=False))
        return
    if not found:
        click.echo("No analyst has spans, statuses or logged work in this corpus.")
        return

    def shown(value: float | None, digits: int = 1) -> str:
        return "-" if value is None else f"{value:.{digits}f}"

    click.echo(f"{'analyst':<20} {'spans':>7} {'done':>5} {'minutes':>8} {'spans/min':>9} "
               f"{'keys/span':>9} {'min/article':>11}")  # fmt: skip
    for row in found:
        click.echo(
            f"{(row.annotator or '(unnamed)')[:20]:<20} {row.spans:>7} {row.done:>5} "
            f"{row.minutes:>8.1f} {shown(row.spans_per_minute, 2):>9} "
            f"{shown(row.keys_per_span):>9} {shown(row.minutes_per_article):>11}"
        )
