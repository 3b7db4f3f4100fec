"""`athar reconcile` and `athar incidents`: many reports, one event."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import click

from athar.cli.base import cli, handle_errors, settings_for


@cli.command("reconcile")
@click.pass_context
@handle_errors
def reconcile_command(ctx: click.Context) -> None:
    """Merge the claims of every document into incidents, grade them, and seal the result in custody.

    Example:

        athar reconcile && athar incidents --contested
    """
    from athar.workspace import Workspace

    settings = settings_for(ctx)
    with Workspace.open(settings, create=False) as workspace:
        run_reconcile(workspace, quiet=False)


def run_reconcile(workspace: Any, *, quiet: bool) -> None:
    from athar.reconcile.incidents import reconcile

    found = reconcile(workspace.db.iter_claims(), workspace.db.published_dates())
    entry = workspace.db.replace_incidents(found, actor=workspace.actor)
    if not quiet:
        grades = Counter(i.grade for i in found)
        detail = ", ".join(f"{n} {grade}" for grade, n in sorted(grades.items()))
        click.echo(f"reconciled {len(found)} incidents ({detail or 'none'}); custody entry #{entry.seq}")


@cli.command()
@click.option("--contested", is_flag=True, help="Only incidents whose sources disagree on who did it.")
@click.option("--json", "as_json", is_flag=True, help="One incident per line, as stored.")
@click.pass_context
@handle_errors
def incidents(ctx: click.Context, contested: bool, as_json: bool) -> None:
    """List reconciled incidents: type, date, place, tolls as a range, perpetrators side by side, grade.

    Example:

        athar incidents --contested
    """
    from athar.workspace import Workspace

    settings = settings_for(ctx)
    with Workspace.open(settings, create=False) as workspace:
        found = [i for i in workspace.db.iter_incidents() if i.contested or not contested]
    for incident in found:
        if as_json:
            click.echo(json.dumps(incident.to_dict(), ensure_ascii=False))
            continue
        place = incident.place.place.name if incident.place and incident.place.place else "?"
        killed = ""
        if incident.killed is not None:
            killed = f" killed {incident.killed.min}–{incident.killed.max} (best {incident.killed_best})"
        click.echo(
            f"{incident.id}  {incident.date.value or '?':<10} {place:<22} {incident.sub_event_type:<32} "
            f"{incident.grade:<10}{killed}"
        )
        for attribution in incident.perpetrators:
            denial = f"; denied by {', '.join(attribution.denied_by)}" if attribution.denied_by else ""
            says = ", ".join(attribution.sources) or "nobody"
            click.echo(f"    {attribution.actor}: says {says}{denial}")
        click.echo(f"    why {incident.grade}: {incident.grade_reason}")
    if not as_json:
        click.echo(f"{len(found)} incident(s)")
