"""The ``labels`` and ``relations`` command groups: a corpus's label set and relation types."""

from __future__ import annotations

import click

from annotator.cli.base import (
    AnnotatorGroup,
    cli,
    with_store,
)
from annotator.core.store import Store


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
