"""`athar export`: claims, incidents and figures in the forms researchers and courts use."""

from __future__ import annotations

import calendar
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from athar.cli.base import cli, document_by_ref, handle_errors, output_file, settings_for
from athar.cli.incidents import filter_options, incident_filter

if TYPE_CHECKING:
    from athar.workspace import Workspace


@cli.group()
def export() -> None:
    """Write what Athar holds in the formats researchers and courts use; each export is recorded in custody."""


def _output(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--output", "-o", metavar="FILE", callback=output_file, help="File to write [default: stdout]."
    )(func)


def _export(
    ctx: click.Context,
    what: str,
    fmt: str,
    output: str | None,
    write: Callable[..., tuple[int, str]],
    left_out: dict[str, int] | None = None,
) -> None:
    """Write an export to a file or stdout and record it, with the SHA-256 of what was written, in custody.

    ``left_out`` is filled by ``write``: how many records it left out, and why; the summary line says so, since a
    researcher who sums a column must know what it does not hold."""
    from athar.workspace import Workspace

    settings = settings_for(ctx)
    with Workspace.open(settings, create=False) as workspace:
        if output:
            with open(output, "w", encoding="utf-8", newline="") as out:
                count, digest = write(workspace.db, out)
        else:
            count, digest = write(workspace.db, sys.stdout)
        _seal(workspace, what, fmt, count, digest, output or "stdout")
    omitted = "; ".join(f"left out {n} {why}" for why, n in (left_out or {}).items() if n)
    click.echo(f"exported {count} {what} ({digest})" + (f"; {omitted}" if omitted else ""), err=True)


def _seal(workspace: Workspace, what: str, fmt: str, records: int, digest: str, to: str, **listed: list[str]) -> None:
    """Record an export in custody: what, its format, how many records, the SHA-256 written, where (and, for
    bundles and archives, the first thousand ids they hold)."""
    from athar.store.database import CustodyDraft

    details = {"what": what, "format": fmt, "records": records, "digest": digest, "to": to}
    details |= {key: ids[:1000] for key, ids in listed.items()}
    workspace.db.append_custody([CustodyDraft("export", None, details)], actor=workspace.actor)


@export.command("claims")
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
@_output
@click.pass_context
@handle_errors
def export_claims(ctx: click.Context, fmt: str, output: str | None) -> None:
    """Export every claim, one JSON object per line.

    Example:

        athar export claims --format jsonl -o claims.jsonl
    """
    from athar.export.claims import write_jsonl

    def write(db: Any, out: Any) -> tuple[int, str]:
        return write_jsonl(db.iter_claims(), {d.id: d for d in db.iter_documents()}, out)

    _export(ctx, "claims", fmt, output, write)


@export.command("incidents")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "geojson"]),
    default="jsonl",
    show_default=True,
    help="jsonl: every field and claim, every grade; csv: ACLED's columns first, Athar's after; geojson: points "
    "for QGIS. csv and geojson leave discounted incidents out unless --grade discounted.",
)
@_output
@filter_options
@click.pass_context
@handle_errors
def export_incidents(ctx: click.Context, /, fmt: str, output: str | None, **filters: Any) -> None:
    """Export incidents (all, or those the filters select), with the claims behind them.

    The CSV and the GeoJSON leave out the incidents an analyst graded
    discounted (their tolls are reports the analyst rejected: summing
    `fatalities` must not count them); `--grade discounted` exports those
    alone. JSON Lines keeps every incident with its grade. The GeoJSON also
    leaves out incidents with no place. The summary says how many were left out.

    Examples:

        athar export incidents --format jsonl -o incidents.jsonl
        athar export incidents --format csv --since 2018 --until 2018 -o acled-2018.csv
        athar export incidents --format geojson --governorate Idlib -o idlib.geojson
    """
    where = incident_filter(settings_for(ctx).workspace.path, **filters)
    left_out: dict[str, int] = {}

    def write(db: Any, out: Any) -> tuple[int, str]:
        found = db.find_incidents(where)
        if fmt == "jsonl":
            from athar.export.incidents import write_jsonl

            claims = db.claims_by_id(c for i in found for c in i.claims)
            return write_jsonl(found, claims, db.documents_by_id(c.document_id for c in claims.values()), out)
        if where.grade is None:  # tables of tolls: an analyst's rejection is not a toll
            kept = [i for i in found if i.grade != "discounted"]
            left_out["discounted (--grade discounted exports them)"] = len(found) - len(kept)
            found = kept
        if fmt == "geojson":
            from athar.export.geojson import write_geojson

            count, digest = write_geojson(found, out)
            left_out["with no place to map"] = len(found) - count
            return count, digest
        from athar.export.acled import write_csv
        from athar.extract.claims import outlet_of

        last = db.last_custody("reconcile")
        stamp = calendar.timegm(_parse_time(last.time).timetuple()) if last else 0
        claims = db.claims_by_id(c for i in found for c in i.claims)
        documents = db.documents_by_id(c.document_id for c in claims.values())
        outlets = {
            i.id: sorted(
                {
                    outlet_of(documents[c.document_id])
                    for c in map(claims.get, i.claims)
                    if c and c.document_id in documents
                }
            )
            for i in found
        }
        return write_csv(found, out, timestamp=stamp, outlets=outlets)

    _export(ctx, "incidents", fmt, output, write, left_out)


@export.command("bundle")
@click.argument("incident_ids", nargs=-1, metavar="[INCIDENT]...")
@click.option("--output", "-o", required=True, metavar="FILE", callback=output_file, help="The zip to write.")
@filter_options
@click.pass_context
@handle_errors
def export_bundle(ctx: click.Context, /, incident_ids: tuple[str, ...], output: str, **filters: Any) -> None:
    """Write an evidence bundle: incidents with their claims, documents, originals and custody entries, in one zip.

    Name incidents by id (or a prefix of 6+ characters), or select them with
    the filters (all incidents when neither is given). Inside the zip,
    SHA256SUMS lets anyone check it with `sha256sum -c`; `athar verify
    --bundle FILE` also checks the custody entries and what they sealed.

    Examples:

        athar export bundle 3f9c2a81 -o azaz-car-bomb.zip
        athar export bundle --governorate Idlib --target hospital -o idlib-hospitals.zip
    """
    from pathlib import Path

    from athar.errors import NotFoundError
    from athar.export.bundle import write_bundle
    from athar.workspace import Workspace

    settings = settings_for(ctx)
    where = incident_filter(settings.workspace.path, **filters)
    with Workspace.open(settings, create=False) as workspace:
        if incident_ids:
            found = []
            for ref in incident_ids:
                incident = workspace.db.incident(ref)
                if incident is None:
                    raise NotFoundError("ATH405", ref=ref)
                found.append(incident)
        else:
            found = workspace.db.find_incidents(where)
        done = write_bundle(workspace, found, Path(output), actor=workspace.actor)
        _seal(workspace, "evidence bundle", "zip", done.incidents, done.sha256, output, incidents=[i.id for i in found])
    click.echo(
        f"bundled {done.incidents} incidents, {done.claims} claims, {done.documents} documents, "
        f"{done.originals} originals into {output} ({done.bytes:,} bytes, {done.sha256})",
        err=True,
    )


@export.command("wacz")
@click.argument("document_ids", nargs=-1, metavar="[DOCUMENT]...")
@click.option("--output", "-o", required=True, metavar="FILE", callback=output_file, help="The file.")
@click.option("--title", default="Athar web captures", show_default=True, help="The collection's title.")
@click.pass_context
@handle_errors
def export_wacz(ctx: click.Context, /, document_ids: tuple[str, ...], output: str, title: str) -> None:
    """Package the preserved web captures (WARC) as a WACZ that ReplayWeb.page and web archives open.

    The WARCs go in byte for byte (each one's SHA-256 is the item id the custody log names), with a
    CDXJ index, the pages Athar read from them and datapackage.json holding every file's SHA-256.
    Name documents by id (or a prefix of 6+ characters) to package only the captures they were read
    from; all web captures otherwise.

    Examples:

        athar export wacz -o captures.wacz
        athar export wacz 3f9c2a81d0e4 -o azaz-report.wacz
    """
    from pathlib import Path

    from athar.export.wacz import web_captures, write_wacz
    from athar.workspace import Workspace

    with Workspace.open(settings_for(ctx), create=False) as workspace:
        ids = [document_by_ref(workspace.db, ref).id for ref in document_ids]
        items, documents = web_captures(workspace, ids or None)
        done = write_wacz(workspace, items, documents, Path(output), title=title)
        _seal(workspace, "web captures", "wacz", done.records, done.sha256, output, items=[i.sha256 for i in items])
    click.echo(
        f"packaged {done.archives} web archives ({done.records} records, {done.pages} pages) into {output} "
        f"({done.bytes:,} bytes, {done.sha256})",
        err=True,
    )


def _parse_time(text: str) -> Any:
    import datetime as dt

    return dt.datetime.strptime(text[:19], "%Y-%m-%dT%H:%M:%S")


@export.command("figures")
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
@click.option("--measure", help="Only this measure (killed, displaced, …).")
@_output
@click.pass_context
@handle_errors
def export_figures(ctx: click.Context, fmt: str, measure: str | None, output: str | None) -> None:
    """Export the figure series (aggregate statistics by measure, place and period), every source shown.

    Example:

        athar export figures --format jsonl -o figures.jsonl
    """
    from athar.export.figures import write_jsonl

    def write(db: Any, out: Any) -> tuple[int, str]:
        return write_jsonl(db.iter_figure_series(measure=measure), {d.id: d for d in db.iter_documents()}, out)

    _export(ctx, "figure series", fmt, output, write)
