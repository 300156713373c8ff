"""The ``stories`` and ``entities`` command groups (issue 14): stories in bulk, the registry.

Names are printed through ``printable``: a story or entity name may hold a control
character or a right-to-left override, shown as its escape (``\\u202e``) rather than
acted on by the terminal.
"""

from __future__ import annotations

import click

from annotator.cli.base import AnnotatorGroup, cli, with_store
from annotator.core.model import ENTITY_KINDS
from annotator.core.printable import printable
from annotator.core.store import Store


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


@cli.group("stories", cls=AnnotatorGroup, invoke_without_command=True)
@click.pass_context
def stories_group(ctx: click.Context) -> None:
    """List stories and put articles in them (with no subcommand: list them).

    A story is the event several outlets report; an article belongs to at most one.

    \b
    Examples:
      annotator stories
      annotator stories assign "Ossick Dam flood" 1 2 3
      annotator stories unassign 3
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(stories_list)


@stories_group.command("list")
@with_store(read_only=True)
def stories_list(store: Store) -> None:
    """List stories by name, each with how many articles it has.

    \b
    Example:
      annotator stories list
    """
    counted = store.story_counts()
    for story, count in counted:
        click.echo(f"{count:>6}  {printable(story.name)}")
    without = store.article_count() - sum(count for _, count in counted)
    click.echo(f"{without:>6}  (no story)")


@stories_group.command("assign")
@click.argument("story")
@click.argument("article_ids", nargs=-1, required=True, type=int)
@with_store
def stories_assign(store: Store, story: str, article_ids: tuple[int, ...]) -> None:
    """Put articles in STORY (made if new); each leaves the story it was in.

    An unknown article id changes nothing.

    \b
    Example:
      annotator stories assign "Ossick Dam flood" 1 2 3
    """
    changed = store.assign_story(article_ids, story)
    unchanged = len(set(article_ids)) - changed
    click.echo(
        f"Put {_plural(changed, 'article')} in {printable(story.strip())}"
        + (f" ({unchanged} already there)." if unchanged else ".")
    )


@stories_group.command("unassign")
@click.argument("article_ids", nargs=-1, required=True, type=int)
@with_store
def stories_unassign(store: Store, article_ids: tuple[int, ...]) -> None:
    """Take articles out of their story; the story stays, even if empty.

    \b
    Example:
      annotator stories unassign 4 5
    """
    changed = store.assign_story(article_ids, None)
    click.echo(f"Took {_plural(changed, 'article')} out of their story.")


@stories_group.command("rename")
@click.argument("old")
@click.argument("new")
@with_store
def stories_rename(store: Store, old: str, new: str) -> None:
    """Rename a story; its articles stay in it.

    \b
    Example:
      annotator stories rename "Dam" "Ossick Dam flood"
    """
    story = store.rename_story(old, new)
    click.echo(f"Renamed {printable(old)} to {printable(story.name)}.")


@stories_group.command("delete")
@click.argument("name")
@with_store
def stories_delete(store: Store, name: str) -> None:
    """Delete a story; its articles stay in the corpus, with no story.

    \b
    Example:
      annotator stories delete "Ossick Dam flood"
    """
    count = store.delete_story(name)
    click.echo(f"Deleted {printable(name)}; {_plural(count, 'article')} now in no story.")


@cli.group("entities", cls=AnnotatorGroup, invoke_without_command=True)
@click.pass_context
def entities_group(ctx: click.Context) -> None:
    """The actor registry: people, organisations, countries and groups (with no
    subcommand: list them).

    An ACTOR span names its entity by key ("E12") in its ``entity`` attribute.

    \b
    Examples:
      annotator entities
      annotator entities add "Olena Marchenko" --kind person --alias Marchenko
      annotator entities merge E3 E7
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(entities_list)


@entities_group.command("list")
@with_store(read_only=True)
def entities_list(store: Store) -> None:
    """List entities by name: key, kind, how many spans name it, name and aliases.

    \b
    Example:
      annotator entities list
    """
    counts = store.mention_counts()
    for entity in store.entities():
        aliases = ", ".join(printable(alias) for alias in entity.aliases)
        click.echo(
            f"{entity.key:<6} {entity.kind:<12} {counts.get(entity.key, 0):>5}  "
            f"{printable(entity.name)}" + (f"  (also: {aliases})" if aliases else "")
        )


@entities_group.command("add")
@click.argument("name")
@click.option("--kind", required=True, type=click.Choice(ENTITY_KINDS), help="What it is.")
@click.option("--alias", "aliases", multiple=True, help="Another name for it (repeatable).")
@with_store
def entities_add(store: Store, name: str, kind: str, aliases: tuple[str, ...]) -> None:
    """Add an entity to the registry; it gets the next free key (E1, E2, ...).

    \b
    Example:
      annotator entities add "Olena Marchenko" --kind person --alias Marchenko
    """
    entity = store.add_entity(name, kind, aliases=aliases).added_records.entities[0]
    click.echo(f"Added {entity.key}: {printable(entity.name)} ({entity.kind}).")


@entities_group.command("merge")
@click.argument("keep")
@click.argument("gone")
@with_store
def entities_merge(store: Store, keep: str, gone: str) -> None:
    """Fold entity GONE into KEEP: its spans name KEEP, its names become KEEP's aliases.

    \b
    Example:
      annotator entities merge E3 E7
    """
    moved = len(store.mentions(gone))
    kept = store.merge_entities(keep, gone).added_records.entities[0]
    click.echo(
        f"Merged {gone} into {keep} ({printable(kept.name)}); "
        f"{_plural(moved, 'span')} now name {keep}."
    )


@entities_group.command("rename")
@click.argument("key")
@click.argument("name")
@with_store
def entities_rename(store: Store, key: str, name: str) -> None:
    """Give an entity a new name; its key and spans stay.

    \b
    Example:
      annotator entities rename E3 "Olena V. Marchenko"
    """
    entity = store.edit_entity(key, name=name).added_records.entities[0]
    click.echo(f"Renamed {key} to {printable(entity.name)}.")
