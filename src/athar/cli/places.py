"""`athar places` and `athar gazetteer`: where things happened."""

from __future__ import annotations

import json
from pathlib import Path

import click

from athar.cli.base import cli, document_by_ref, handle_errors, settings_for


@cli.group()
def gazetteer() -> None:
    """Athar's gazetteer: the shipped places (Syria) and countries you import."""


@gazetteer.command("import")
@click.argument("dump", type=click.Path(exists=True, dir_okay=False))
@click.option("--alternate-names", type=click.Path(exists=True, dir_okay=False), help="alternateNamesV2.txt to add.")
@click.option("--country", "countries", multiple=True, help="Keep only this ISO country code (repeatable).")
@click.pass_context
@handle_errors
def gazetteer_import(ctx: click.Context, dump: str, alternate_names: str | None, countries: tuple[str, ...]) -> None:
    """Add places from a GeoNames dump (XX.txt or allCountries.txt) to this workspace's gazetteer.

    Example:

        athar gazetteer import LB.txt --alternate-names alternateNamesV2.txt
    """
    from athar.geo import import_geonames

    settings = settings_for(ctx)
    root = Path(settings.workspace.path).expanduser()
    result = import_geonames(
        dump,
        alternate_names,
        dest=root / "gazetteer",
        countries=frozenset(c.upper() for c in countries) or None,
    )
    for country, count in sorted(result.places.items()):
        click.echo(f"imported {count:,} places of {country} into {result.files[country]}")
    click.echo(f"summary: {result.total:,} places imported")


@cli.command()
@click.argument("text", required=False)
@click.option("--document", "doc_ref", metavar="ID", help="Find the places in a stored document instead.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per mention.")
@click.pass_context
@handle_errors
def places(ctx: click.Context, text: str | None, doc_ref: str | None, as_json: bool) -> None:
    """Find the places a text names, with coordinates, governorate and precision.

    Example:

        athar places "Shelling hit the countryside of Maarat al-Numan, south of Idlib"
    """
    from athar.geo import default_gazetteer, find_places
    from athar.workspace import Workspace

    settings = settings_for(ctx)
    if doc_ref:
        with Workspace.open(settings, create=False) as workspace:
            doc = document_by_ref(workspace.db, doc_ref)
        text = "\n\n".join(part for part in (doc.title, doc.body) if part)
    if not text:
        raise click.UsageError("give a TEXT or --document ID")
    workspace_root = Path(settings.workspace.path).expanduser()
    mentions = find_places(text, gazetteer=default_gazetteer(str(workspace_root) if workspace_root.exists() else None))
    for mention in mentions:
        if as_json:
            click.echo(json.dumps(mention.to_dict(), ensure_ascii=False))
            continue
        place = mention.place
        where = (
            f"{place.name} ({place.kind}; {place.admin1 or '-'}, {place.country}) "
            f"{place.latitude:.4f},{place.longitude:.4f}  {place.id}"
            if place
            else "(not resolved)"
        )
        relation = f" [{mention.relation}]" if mention.relation else ""
        click.echo(
            f"{mention.start:>6}-{mention.end:<6} {mention.text!r:<28} precision {mention.precision}{relation}  {where}"
        )
    if not as_json:
        click.echo(f"{len(mentions)} place mention(s)")
