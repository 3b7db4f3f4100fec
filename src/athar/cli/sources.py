"""`athar sources`: the registry of outlets, agencies, monitors and ministries."""

from __future__ import annotations

import json
import sys

import click

from athar.cli.base import cli, handle_errors
from athar.errors import NotFoundError


@cli.command()
@click.argument("name", required=False)
@click.option(
    "--check", is_flag=True, help="Check the registry (ids, aliases, grades, labels) and exit 1 on a problem."
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per source.")
@handle_errors
def sources(name: str | None, check: bool, as_json: bool) -> None:
    """List the curated source registry, or show one source by name, alias or web domain.

    Example:

        athar sources "the Observatory"
    """
    import dataclasses

    from athar.locker.fetch import is_url
    from athar.reconcile.sources import load_registry

    registry = load_registry()
    if check:
        problems = registry.check()
        for problem in problems:
            click.echo(f"problem: {problem}", err=True)
        click.echo(f"registry {registry.version}: {len(registry.entries)} sources, {len(problems)} problem(s)")
        if problems:
            sys.exit(1)
        return
    if name:
        entry = registry.by_domain(name) if is_url(name) or "." in name else None
        entry = entry or registry.find(name)
        if entry is None:
            raise NotFoundError("ATH404", ref=name)
        entries = [entry]
    else:
        entries = sorted(registry.entries, key=lambda e: (e.type, e.name))
    for entry in entries:
        if as_json:
            click.echo(json.dumps(dataclasses.asdict(entry), ensure_ascii=False))
            continue
        click.echo(f"{entry.reliability}  {entry.name:<48} {entry.type:<18} {entry.affiliation}")
        if name:
            click.echo(f"   why {entry.reliability}: {entry.reliability_reason}")
            if entry.ownership:
                click.echo(f"   ownership: {entry.ownership}")
            click.echo(f"   also: {', '.join(entry.aliases) or '-'}; sites: {', '.join(entry.domains) or '-'}")
            for label in entry.labels:
                click.echo(f"   {label.date}  {label.label} ({label.authority}; {label.citation})")
