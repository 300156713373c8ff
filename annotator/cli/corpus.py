"""Commands over a corpus's articles and spans: import, export, evaluate, stats."""

from __future__ import annotations

import json
from pathlib import Path

import click

from annotator.cli.base import (
    EXPORT_FORMATS,
    Settings,
    cli,
    with_store,
)
from annotator.cli.suggest import evaluate_suggestions, export_store, import_as_suggestions
from annotator.core.errors import AnnotatorError
from annotator.core.model import GOLD_ANNOTATOR as GOLD
from annotator.core.model import STATUSES
from annotator.core.store import Store


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
@click.option(
    "--as-suggestions", is_flag=True,
    help="The files' spans (Label Studio: predictions) become suggestions, never gold.",
)  # fmt: skip
@with_store
@click.pass_context
def import_command(
    ctx: click.Context, store: Store, sources: tuple[Path, ...], encoding: str | None,
    sample: bool, as_suggestions: bool,
) -> None:
    """Import .txt, .md and .jsonl files, or folders of them (recursively, sorted).

    A text already in the corpus is not added again, but the file's spans and
    relations on it are (a colleague's export), each kept under its analyst;
    those already there are skipped.  The global --annotator names the analyst
    of spans the file leaves unnamed.  A bad file is refused
    whole with one line that says why; the others still import, and the exit
    status is 1.

    \b
    Examples:
      annotator import article.txt notes.md tasks.jsonl
      annotator import --encoding cp1252 old-articles/
      annotator import --sample
      annotator import --as-suggestions model-output.json
    """
    from annotator.core.importing import import_paths, import_sample

    if as_suggestions:
        if sample or not sources:
            raise click.UsageError("--as-suggestions needs files, and no --sample")
        return import_as_suggestions(store, sources, encoding)

    if not sources and not sample:
        raise click.UsageError("name at least one file or folder, or --sample")
    refused = records = 0
    if sample:
        report = import_sample(store)
        for file_report in report.files:
            click.echo("\n".join(file_report.lines()))
        click.echo(report.summary())
        refused += len(report.refused)
        records += sum(f.refused_records for f in report.files)
    if sources:
        report = import_paths(
            store, sources, encoding=encoding,
            progress=lambda f: click.echo("\n".join(f.lines())),
            annotator=ctx.find_object(Settings).annotator,
        )  # fmt: skip
        click.echo(report.summary())
        refused += len(report.refused)
        records += sum(f.refused_records for f in report.files)
    if refused or records:
        # A record refused for its cross-article data costs only that record (issue 14)
        what = [f"{refused} file(s)"] if refused else []
        what += [f"{records} record(s)"] if records else []
        raise click.ClickException(f"{' and '.join(what)} refused; see the lines above")


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
    "--annotator", "annotators", multiple=True,
    help=f"Only spans by this annotator (repeatable); default: {GOLD} once any {GOLD} span "
    "exists, else every span.",
)  # fmt: skip
@click.option(
    "--all-annotators", is_flag=True, help=f"Every analyst's spans, even once {GOLD} exists."
)  # fmt: skip
@click.option(
    "--split", help="Write train/dev/test into the OUTPUT folder by article, e.g. 80/10/10."
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the --split.")
@click.option(
    "--per-label",
    is_flag=True,
    help="conll: also one file per label, NAME.LABEL.conll (spacy convert reads one column).",
)
@click.option(
    "--suggestions", is_flag=True,
    help="Export the open suggestions instead of the spans (annotator: their source).",
)  # fmt: skip
@with_store(read_only=True)
def export_command(
    store: Store,
    fmt: str,
    output: Path,
    status: str,
    labels: tuple[str, ...],
    annotators: tuple[str, ...],
    all_annotators: bool,
    split: str | None,
    seed: int,
    per_label: bool,
    suggestions: bool,
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
      annotator --db team.sqlite3 export --annotator alice -o alice.jsonl
    """
    from annotator.core.export import export_corpus

    gold = not suggestions and store.span_counts_by_annotator().get(GOLD)
    if gold and not annotators and not all_annotators:
        # Once an adjudicated layer exists, it is what the corpus says (issue 16).
        annotators = (GOLD,)
        click.echo(f"Exporting the adjudicated layer only (--annotator {GOLD}); "
                   "--all-annotators exports every analyst's spans.")  # fmt: skip
    chosen = export_store(store, suggestions)  # --suggestions: they stand in for the spans
    summary = export_corpus(
        chosen, output, format=fmt, status=None if status == "all" else status,
        labels=labels, annotators=annotators, split=split, seed=seed, per_label=per_label,
    )  # fmt: skip
    for line in summary.lines():
        click.echo(line)


@cli.command("evaluate")
@click.argument("gold", type=click.Path(exists=True, path_type=Path), required=False)
@click.argument("pred", type=click.Path(exists=True, path_type=Path), required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of tables.")
@click.option(
    "--suggestions", is_flag=True,
    help="Instead: the corpus's suggestions against its gold spans (articles done or with "
    "spans), precision and recall per source and label.",
)  # fmt: skip
@click.option(
    "--compute", is_flag=True, help="With --suggestions: score freshly computed ones instead."
)
@click.pass_context
def evaluate_command(
    ctx: click.Context, gold: Path | None, pred: Path | None, as_json: bool, suggestions: bool,
    compute: bool,
) -> None:
    """Score PRED's spans against GOLD's: strict, exact, partial and type.

    GOLD and PRED are each a corpus database, an importable export (jsonl,
    prodigy, doccano, Label Studio .json) or a folder (brat).  Articles pair
    by the hash of their text or by id; gold articles missing from PRED count
    as all missed.  Per label, micro and macro precision, recall and F1.

    \b
    Examples:
      annotator evaluate gold.sqlite3 system-output.jsonl
      annotator evaluate gold.jsonl pred.jsonl --json > scores.json
      annotator evaluate --suggestions
    """
    from annotator.core.evaluate import evaluate_paths, format_table

    if suggestions:
        if gold is not None or pred is not None:
            raise click.UsageError("--suggestions scores the corpus itself: name no files")
        store = ctx.find_object(Settings).store(read_only=True)
        return evaluate_suggestions(store, as_json=as_json, compute=compute)
    if gold is None or pred is None:
        raise click.UsageError("name GOLD and PRED (or use --suggestions)")

    report = evaluate_paths(gold, pred).report()
    click.echo(json.dumps(report, indent=2) if as_json else format_table(report))


@cli.command("stats")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option(
    "--by-annotator", is_flag=True,
    help="Per analyst: spans, articles done, spans per minute, keys per span, time per article.",
)  # fmt: skip
@with_store(read_only=True)
def stats_command(store: Store, as_json: bool, by_annotator: bool) -> None:
    """Articles by status and spans by label (or per analyst).

    \b
    Examples:
      annotator stats --json
      annotator --db team.sqlite3 stats --by-annotator
    """
    if by_annotator:
        from annotator.cli.team import print_throughput

        print_throughput(store, as_json=as_json)
        return
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
