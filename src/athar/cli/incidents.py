"""`athar reconcile`, `athar incidents`, `athar incident …` and `athar figures`: many reports, one event."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from athar.cli.base import F, cli, clip, handle_errors, settings_for
from athar.reconcile.decisions import CORRECTABLE, GRADES

if TYPE_CHECKING:
    from athar.geo import Gazetteer
    from athar.records import DateValue
    from athar.store.database import IncidentFilter


@cli.command("reconcile")
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Reconcile in parts (kind of event, stretches of time) on a local Dask cluster of this many processes.",
)
@click.option("--scheduler", metavar="URL", help="Reconcile partitions on an existing Dask cluster (tcp://HOST:PORT).")
@click.pass_context
@handle_errors
def reconcile_command(ctx: click.Context, workers: int | None, scheduler: str | None) -> None:
    """Merge the claims of every document into incidents and figure series, re-apply analysts' decisions,
    grade them, and seal the result in custody.

    With --workers or --scheduler the claims are partitioned so that no incident
    can span two parts, reconciled on Dask workers and merged: the same incidents,
    with the same ids.

    Example:

        athar reconcile && athar incidents --contested
    """
    from athar.workspace import Workspace

    settings = settings_for(ctx)
    if workers and scheduler:
        raise click.UsageError("give --workers or --scheduler, not both")
    with Workspace.open(settings, create=False) as workspace:
        if workers or scheduler:
            from athar.distributed import open_client

            with open_client(scheduler=scheduler, workers=workers) as client:
                run_reconcile(workspace, quiet=False, client=client)
        else:
            run_reconcile(workspace, quiet=False)


def run_reconcile(workspace: Any, *, quiet: bool, client: Any = None) -> None:
    """Reconcile the store; on the Dask cluster of ``client``, partitioned, when one is given."""
    if client is not None:
        from athar.distributed.cluster import worker_count
        from athar.reconcile.partitioned import dask_mapper, rebuild_partitioned

        done = rebuild_partitioned(workspace, mapper=dask_mapper(client), parts=4 * worker_count(client))
    else:
        from athar.reconcile.rebuild import rebuild

        done = rebuild(workspace)
    if not quiet:
        detail = ", ".join(f"{n} {grade}" for grade, n in sorted(done.grades.items()))
        click.echo(
            f"reconciled {done.incidents} incidents ({detail or 'none'}; {done.kept_ids} kept their ids) "
            f"and {done.series} figure series; custody entry #{done.entry.seq}"
        )
        if done.unplaced:
            # Reports from a country the gazetteer does not hold never join one another: say so, and what helps.
            click.echo(
                f"note: {done.unplaced} incident(s) have no place the gazetteer knows and are not merged with any "
                "other; places of another country: athar gazetteer import",
                err=True,
            )


def filter_options(func: F) -> F:
    """The filters `athar incidents` and `athar export incidents` share."""
    options = [
        click.option("--type", "event_type", metavar="TYPE", help="ACLED event type or sub-event type."),
        click.option(
            "--since",
            metavar="DATE",
            help="Incidents dated on or after this day, week, month or year (YYYY[-MM[-DD]] or YYYY-Www). An incident "
            "known only to its week, month or year is dated by its middle (a month's 15th), as the ACLED CSV writes "
            "it: it falls in one of consecutive ranges only, and no export writes a day outside the range.",
        ),
        click.option("--until", metavar="DATE", help="Incidents dated on or before this day, week, month or year."),
        click.option(
            "--governorate", metavar="NAME", help="Governorate (admin1), any spelling the gazetteer knows (Idleb)."
        ),
        click.option(
            "--perpetrator",
            metavar="NAME",
            help="Any source names this actor: any name the actors' table knows (YPG, the regime), or part of one.",
        ),
        click.option("--grade", type=click.Choice(GRADES)),
        click.option("--contested", is_flag=True, default=None, help="Only incidents whose sources disagree."),
        click.option("--target", metavar="KIND", help="Hospital, school, market, camp, …"),
        click.option("--near", metavar="PLACE", help="Near a gazetteer place (any spelling) or LAT,LON."),
        click.option(
            "--within",
            metavar="KM",
            type=click.FloatRange(min=0, min_open=True),
            help="Kilometres from --near.  [default: 25]",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


_NEAR_KM = 25.0


def incident_filter(workspace: str, **given: Any) -> IncidentFilter:
    """The filters as typed, checked (each mistake is one line naming its option, never an empty answer), with
    places looked up in the gazetteer and the places imported into ``workspace``."""
    from athar.store.database import IncidentFilter

    near, within = given.pop("near", None), given.pop("within", None)
    if within is not None and not near:
        raise click.UsageError("--within needs --near: the place to measure from")
    if near:
        given["near"] = (*_point(near, workspace), _NEAR_KM if within is None else within)
    if given.get("governorate"):
        given["governorate"] = _governorate(given["governorate"], workspace)
    if given.get("event_type"):
        given["event_type"] = _event_type(given["event_type"])
    if given.get("perpetrator"):
        from athar.extract.actors import actor_searched

        given["perpetrator"] = actor_searched(given["perpetrator"])
    if given.get("target"):
        given["target"] = _target(given["target"])
    since, until = (_day_bound(given.get(bound), bound) for bound in ("since", "until"))
    if since and until and since.first_day > until.last_day:  # type: ignore[operator]  # parsed: both are days
        raise click.UsageError(f"--since {since.label} is after --until {until.label}: no incident falls between them")
    return IncidentFilter(**given)


def _event_type(text: str) -> str:
    """ACLED's name of an event type or sub-event type, in any case; an unknown one is an error listing them."""
    from athar.extract.event_types import taxonomy

    names = [n for e in taxonomy().event_types for n in (e.name, *(s.name for s in e.sub_event_types))]
    found = next((n for n in names if n.casefold() == text.strip().casefold()), None)
    if found is None:
        raise click.BadParameter(
            f"{text!r} is no ACLED event type or sub-event type; known: {', '.join(names)}", param_hint="--type"
        )
    return found


def _target(text: str) -> str:
    """The target type a word names ("markets", "souk", "field hospital"); an unknown one is an error listing them."""
    from athar.extract.lexicon import find_targets, target_types

    found = find_targets(text)
    if len(found) == 1 and found[0].text.strip().casefold() == text.strip().casefold():
        return found[0].target
    known = ", ".join(target_types())
    raise click.BadParameter(f"{text!r} is no target type; known: {known}", param_hint="--target")


def _day_bound(text: str | None, bound: str) -> DateValue | None:
    from athar.records import DateValue

    if not text:
        return None
    try:
        return DateValue.parse(text)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint=f"--{bound}") from None


def _gazetteer(workspace: str) -> Gazetteer:
    """The shipped gazetteer and the countries imported into the workspace (if it exists)."""
    from pathlib import Path

    from athar.geo import default_gazetteer

    root = Path(workspace).expanduser()
    return default_gazetteer(str(root) if root.exists() else None)


_ADMIN_WORD = re.compile(r"\s+(?:province|governorate|muhafazat)\s*$", re.IGNORECASE)


def _governorate(name: str, workspace: str) -> str:
    """The governorate (admin1) a spelling names, as incidents store it: "Idleb" and "إدلب" are Idlib."""
    gazetteer = _gazetteer(workspace)
    name = _ADMIN_WORD.sub("", name).strip() or name  # "Idlib province", "Homs Governorate"
    found = sorted({place.admin1 or place.name for place in gazetteer.search(name) if place.kind == "admin1"})
    if len(found) == 1:
        return found[0]
    if found:
        raise click.BadParameter(f"{name!r} may be any of {', '.join(found)}: name one", param_hint="--governorate")
    known = sorted({place.name for place in gazetteer.places if place.kind == "admin1"})
    raise click.BadParameter(
        f"{name!r} is no governorate the gazetteer knows (known: {', '.join(known)})", param_hint="--governorate"
    )


def _point(near: str, workspace: str) -> tuple[float, float]:
    """LAT,LON or a place name, as a point."""
    try:
        lat, lon = (float(part) for part in near.split(","))
    except ValueError:
        pass
    else:
        if -90 <= lat <= 90 and -180 <= lon <= 180:
            return lat, lon
        raise click.BadParameter(
            f"{near!r}: no such point (latitude -90 to 90, longitude -180 to 180, as LAT,LON)", param_hint="--near"
        )
    from athar.geo import find_places

    found = find_places(near, gazetteer=_gazetteer(workspace))
    if not found or found[0].place is None:
        raise click.BadParameter(f"{near!r} is no place the gazetteer knows (try `athar places`)", param_hint="--near")
    return found[0].place.latitude, found[0].place.longitude


@cli.command()
@filter_options
@click.option("--limit", type=click.IntRange(min=1), help="Show at most this many.")
@click.option("--json", "as_json", is_flag=True, help="One incident per line, as stored.")
@click.pass_context
@handle_errors
def incidents(ctx: click.Context, /, limit: int | None, as_json: bool, **filters: Any) -> None:
    """List reconciled incidents: type, date, place, tolls as a range, perpetrators side by side, grade.

    Examples:

        athar incidents --contested
        athar incidents --type "Air/drone strike" --governorate Idlib --since 2019-05 --until 2019-06
        athar incidents --perpetrator russia --target hospital --grade fair
        athar incidents --near "Ma'arrat al-Nu'man" --within 15
    """
    from athar.workspace import Workspace

    settings = settings_for(ctx)
    where = incident_filter(settings.workspace.path, **filters)
    with Workspace.open(settings, create=False) as workspace:
        found = workspace.db.find_incidents(where, limit=limit)
    for incident in found:
        if as_json:
            click.echo(json.dumps(incident.to_dict(), ensure_ascii=False))
        else:
            _echo_incident(incident)
    if not as_json:
        click.echo(f"{len(found)} incident(s)")


def _range(label: str, count: Any, best: int | None) -> str:
    if count is None:
        return ""
    high = "?" if count.max is None else count.max
    shown = f"up to {high}" if count.min is None else f"{count.min}–{high}"  # "casualties": killed and wounded
    return f" {label} {shown}" + (f" (best {best})" if best is not None else "")


def _echo_incident(incident: Any) -> None:
    place = incident.place.place.name if incident.place and incident.place.place else "?"
    public = " public" if incident.public else ""
    click.echo(
        f"{incident.id}  {incident.date.label:<10} {place:<22} {incident.sub_event_type:<32} "
        f"{incident.grade:<10}{_range('killed', incident.killed, incident.killed_best)}"
        f"{_range('injured', incident.injured, incident.injured_best)}{public}"
    )
    for attribution in incident.perpetrators:
        denial = f"; denied by {', '.join(attribution.denied_by)}" if attribution.denied_by else ""
        says = ", ".join(attribution.sources) or "nobody"
        click.echo(f"    {attribution.actor}: says {says}{denial}")
    if incident.conceded_by:
        conceded = _range("killed", incident.conceded_killed, None)
        click.echo(f"    conceded by {', '.join(incident.conceded_by)}{conceded}")
    if incident.targets:
        click.echo(f"    targets: {', '.join(incident.targets)}")
    click.echo(f"    why {incident.grade}: {incident.grade_reason}")


# -- one incident: show it, and the analysts' decisions ------------------------------


@cli.group()
def incident() -> None:
    """One incident: show it with its claims and history, or record an analyst's decision on it.

    Every decision needs --reason; it is sealed in the custody log and
    re-applied by every later reconciliation.
    """


@incident.command("show")
@click.argument("incident_id")
@click.option("--json", "as_json", is_flag=True, help="The incident, its claims and decisions as JSON.")
@click.pass_context
@handle_errors
def incident_show(ctx: click.Context, incident_id: str, as_json: bool) -> None:
    """Show an incident: every claim side by side with its source and words, and the decisions that shaped it.

    Example:

        athar incident show 3f9c2a
    """
    from athar.workspace import Workspace

    settings = settings_for(ctx)
    with Workspace.open(settings, create=False) as workspace:
        found = workspace.db.find_incident(incident_id)
        claims = workspace.db.claims_by_id(found.claims)
        history = workspace.db.decisions_for(found.id)
    own = [claims[c] for c in found.claims if c in claims]
    if as_json:
        data = {
            **found.to_dict(),
            "claims": [c.to_dict() for c in own],
            "history": [d.to_dict() for d in history],
        }
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from athar.reconcile.sources import load_registry

    registry = load_registry()
    _echo_incident(found)
    for claim in own:
        kind = {"denial": "DENIAL ", "allegation": "ALLEGATION "}.get(claim.kind, "")
        entry = registry.find(claim.source)
        # A state-aligned or sanctioned source is shown with its side and labels.
        source = (entry.summary() if entry is not None else "") or claim.source
        click.echo(f"  {kind}{claim.id}  {source}: “{clip(claim.text, 140)}”")
    for decision in history:
        what = decision.action + (f" {decision.field}={decision.value}" if decision.field else "")
        click.echo(f"  decision #{decision.seq} {decision.at[:16]} {decision.actor}: {what} — {decision.reason}")


def _decide(ctx: click.Context, action: str, incident_id: str, reason: str, **kwargs: Any) -> None:
    from athar.reconcile.decisions import decide
    from athar.workspace import Workspace

    settings = settings_for(ctx)
    with Workspace.open(settings, create=False) as workspace:
        decision = decide(workspace, action, incident_id, reason=reason, **kwargs)
        after = workspace.db.find_incidents()
    shaped = [i for i in after if decision.seq in i.decisions]
    # The incident it was made on first, then (a split) the incident the claims now make.
    shaped.sort(key=lambda i: i.id != decision.incident_id)
    click.echo(f"decision #{decision.seq} recorded ({action}); incidents reconciled again")
    for n, found in enumerate(shaped):
        if n:
            click.echo("")
        _echo_incident(found)


def _reason(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--reason", required=True, help="Why (kept in the custody log and shown in the dossier).")(func)


@incident.command("merge")
@click.argument("incident_id")
@click.argument("others", nargs=-1, required=True)
@_reason
@click.pass_context
@handle_errors
def incident_merge(ctx: click.Context, incident_id: str, others: tuple[str, ...], reason: str) -> None:
    """Merge other incidents into INCIDENT_ID (it keeps its id).

    Example:

        athar incident merge 3f9c2a 7be410 --reason "same strike; AFP dates it a day late"
    """
    _decide(ctx, "merge", incident_id, reason, others=others)


@incident.command("split")
@click.argument("incident_id")
@click.argument("claims", nargs=-1, required=True)
@_reason
@click.pass_context
@handle_errors
def incident_split(ctx: click.Context, incident_id: str, claims: tuple[str, ...], reason: str) -> None:
    """Split CLAIMS off INCIDENT_ID into an incident of their own.

    Example:

        athar incident split 3f9c2a 5d0e2b7c91a4f3e8c6b2d1a0 --reason "this report is of the next day's strike"
    """
    _decide(ctx, "split", incident_id, reason, claims=claims)


@incident.command("grade")
@click.argument("incident_id")
@click.argument("grade", type=click.Choice(GRADES))
@_reason
@click.pass_context
@handle_errors
def incident_grade(ctx: click.Context, incident_id: str, grade: str, reason: str) -> None:
    """Set an incident's grade (discounted: the analyst finds the reports do not hold).

    Example:

        athar incident grade 3f9c2a discounted --reason "footage is from Iraq, 2016 (reverse image search)"
    """
    _decide(ctx, "grade", incident_id, reason, value=grade)


@incident.command("correct")
@click.argument("incident_id")
@click.argument("field", type=click.Choice(CORRECTABLE))
@click.argument("value")
@_reason
@click.pass_context
@handle_errors
def incident_correct(ctx: click.Context, incident_id: str, field: str, value: str, reason: str) -> None:
    """Correct one field of an incident (date YYYY[-MM[-DD]] or YYYY-Www, killed 7 or 3-8, location a gazetteer
    name or id).

    Example:

        athar incident correct 3f9c2a location "Kafr Nabl" --reason "Kafranbel is Kafr Nabl; the resolver chose wrong"
    """
    _decide(ctx, "correct", incident_id, reason, field=field, value=value)


@incident.command("publish")
@click.argument("incident_id")
@click.option("--undo", is_flag=True, help="Withdraw it from the public view.")
@_reason
@click.pass_context
@handle_errors
def incident_publish(ctx: click.Context, incident_id: str, undo: bool, reason: str) -> None:
    """Mark an incident fit for the public view of the web application (or withdraw it).

    Example:

        athar incident publish 3f9c2a --reason "reviewed; no witness named"
    """
    _decide(ctx, "publish", incident_id, reason, value="false" if undo else "true")


# -- figures --------------------------------------------------------------------------


@cli.command()
@click.option("--measure", help="Only this measure (killed, injured, displaced, destroyed buildings, …).")
@click.option("--json", "as_json", is_flag=True, help="One series per line, as stored.")
@click.pass_context
@handle_errors
def figures(ctx: click.Context, measure: str | None, as_json: bool) -> None:
    """List aggregate figures as series by measure, place and period, every source's figure shown.

    Example:

        athar figures --measure killed
    """
    from athar.workspace import Workspace

    settings = settings_for(ctx)
    with Workspace.open(settings, create=False) as workspace:
        found = list(workspace.db.iter_figure_series(measure=measure))
    for series in found:
        if as_json:
            click.echo(json.dumps(series.to_dict(), ensure_ascii=False))
            continue
        place = series.place.location()["location"] if series.place else "(no place)"
        since = f" since {series.points[0].period_start.value}" if series.points[0].period_start else ""
        by = f" by {series.perpetrator}" if series.perpetrator else ""
        click.echo(f"{series.id}  {series.measure} {series.victims or ''}{by} · {place}{since}")
        for point in series.points:
            value = point.value
            shown = f"{value.text or value.min}" + (f" ({point.percent:g} %)" if point.percent is not None else "")
            click.echo(f"    {point.said_on.value or '?':<10} {point.source}: {shown}")
    if not as_json:
        click.echo(f"{len(found)} series")
