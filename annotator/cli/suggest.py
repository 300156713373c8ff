"""``annotator suggest``, and what ``import``, ``export`` and ``evaluate`` do with suggestions.

The three options on the other commands (``--as-suggestions``, ``--suggestions``) each
call one function here, so the commands' own modules only grow by an option and a line.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from annotator.cli.base import cli, with_store
from annotator.core.errors import AnnotatorError
from annotator.core.store import Store
from annotator.core.suggest import SOURCE_NAMES

SOURCE_CHOICES = SOURCE_NAMES


def _article_ids(store: Store, stories: tuple[str, ...], articles: tuple[int, ...]) -> list[int]:
    if not stories and not articles:
        return store.article_ids()
    chosen: dict[int, None] = {}
    known = set(store.article_ids())
    for article_id in articles:
        if article_id not in known:
            raise click.ClickException(f"no article with id {article_id}")
        chosen[article_id] = None
    for name in stories:
        chosen.update(dict.fromkeys(store.story_article_ids(name)))  # StoryError if unknown
    return list(chosen)


@cli.command("suggest")
@click.option(
    "--source", "sources", multiple=True, type=click.Choice(SOURCE_CHOICES),
    help="A source to run (repeatable; default: numbers, quotes, claims, actors, names, and "
    "patterns when --patterns is given).",
)  # fmt: skip
@click.option(
    "--patterns", type=click.Path(dir_okay=False, path_type=Path),
    help="spaCy/Prodigy patterns file (JSON lines): proposals of any label.",
)  # fmt: skip
@click.option(
    "--spacy-model",
    help="An installed spaCy pipeline (e.g. en_core_web_sm): its entities as ACTOR "
    "suggestions. Nothing is downloaded.",
)
@click.option("--label", "labels", multiple=True, help="Only this label (repeatable).")
@click.option("--story", "stories", multiple=True, help="Only this story's articles (repeatable).")
@click.option(
    "--article", "articles", multiple=True, type=int, help="Only this article id (repeatable)."
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
    help="Write them as native JSON lines (spans with score and source); store nothing.",
)  # fmt: skip
@with_store
def suggest_command(
    store: Store,
    sources: tuple[str, ...],
    patterns: Path | None,
    spacy_model: str | None,
    labels: tuple[str, ...],
    stories: tuple[str, ...],
    articles: tuple[int, ...],
    output: Path | None,
) -> None:
    """Propose spans for the analyst to accept or reject, and store them (or write them).

    A proposal rejected before, or already tagged, is not stored again.  Prints how
    many were stored per source and label.

    \b
    Examples:
      annotator suggest
      annotator suggest --source numbers --label NUMBER --article 3
      annotator suggest --patterns actors.jsonl --story "Ossick flood"
      annotator suggest --spacy-model en_core_web_sm -o proposals.jsonl
    """
    from annotator.core.suggest.patterns import load_patterns
    from annotator.core.suggesting import CHEAP_SOURCES, propose, write_suggestions_jsonl

    loaded = load_patterns(patterns) if patterns is not None else None
    chosen = list(sources) or [*CHEAP_SOURCES, *(["patterns"] if loaded is not None else [])]
    if "patterns" in chosen and loaded is None:
        raise click.UsageError("--source patterns needs --patterns FILE")
    known = {label.name for label in store.labels()}
    for name in labels:
        if name not in known:
            raise click.ClickException(f"no label named {name!r} in the corpus")
    ids = _article_ids(store, stories, articles)
    found = propose(
        store, ids, sources=chosen, patterns=loaded, labels=labels or None,
        spacy_model=spacy_model,
    )  # fmt: skip
    if output is not None:
        lines = write_suggestions_jsonl(store, output, found)
        click.echo(f"{len(found)} suggestion(s) for {lines} article(s) written to {output}")
        return
    stored = store.store_suggestions(found)
    counts: dict[tuple[str, str], int] = {}
    for item in stored:
        counts[(item.source, item.label)] = counts.get((item.source, item.label), 0) + 1
    for (source, label), count in sorted(counts.items()):
        click.echo(f"  {source:<16} {label:<8} {count:>6}")
    click.echo(
        f"{len(stored)} suggestion(s) stored for {len(ids)} article(s); "
        f"{len(found) - len(stored)} already suggested, rejected or tagged"
    )


def import_as_suggestions(store: Store, sources: tuple[Path, ...], encoding: str | None) -> None:
    """``import --as-suggestions``: each file's spans become suggestions (one line a file)."""
    from annotator.core.suggestion_import import import_suggestions

    reports = import_suggestions(store, sources, encoding=encoding)
    for report in reports:
        click.echo(report.line())
    refused = sum(report.error is not None for report in reports)
    if refused:
        raise click.ClickException(f"{refused} file(s) refused; see the lines above")


def export_store(store: Store, suggestions: bool) -> Store:
    """What ``export`` reads: the store, or with ``--suggestions`` its open suggestions as
    the spans (and never a gold span)."""
    if not suggestions:
        return store
    from annotator.core.suggesting import SuggestionsAsSpans

    return SuggestionsAsSpans(store)  # type: ignore[return-value]


def evaluate_suggestions(store: Store, *, as_json: bool, compute: bool) -> None:
    """``evaluate --suggestions``: the corpus's suggestions against its gold spans."""
    from annotator.core.suggesting import gold_of_corpus, propose, score_suggestions

    gold = gold_of_corpus(store)
    if not gold:
        raise AnnotatorError(
            "no article is done or has spans: there is no gold to score suggestions against"
        )
    if compute:
        found = propose(store, [article_id for article_id, _ in gold], held_out=True)
    else:
        found = list(store.iter_suggestions(state=None))
    scores = score_suggestions(gold, found)
    click.echo(json.dumps(scores.report(), indent=2) if as_json else scores.table())
