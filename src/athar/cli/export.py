"""`athar export`: claims and incidents in the forms researchers and courts use."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from athar.cli.base import F, cli, handle_errors, settings_for


@cli.group()
def export() -> None:
    """Write what Athar holds in the formats researchers and courts use."""


def _export_options(func: F) -> F:
    func = click.option(
        "--output", "-o", type=click.Path(dir_okay=False, writable=True), help="File to write [default: stdout]."
    )(func)
    return click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)(func)


def _export(ctx: click.Context, what: str, fmt: str, output: str | None, write: Callable[..., tuple[int, str]]) -> None:
    """Write an export to a file or stdout and record it, with the SHA-256 of what was written, in custody."""
    from athar.store.database import CustodyDraft
    from athar.workspace import Workspace

    settings = settings_for(ctx)
    with Workspace.open(settings, create=False) as workspace:
        if output:
            with open(output, "w", encoding="utf-8") as out:
                count, digest = write(workspace.db, out)
        else:
            count, digest = write(workspace.db, sys.stdout)
        details = {"what": what, "format": fmt, "records": count, "digest": digest, "to": output or "stdout"}
        workspace.db.append_custody([CustodyDraft("export", None, details)], actor=workspace.actor)
    click.echo(f"exported {count} {what} ({digest})", err=True)


@export.command("claims")
@_export_options
@click.pass_context
@handle_errors
def export_claims(ctx: click.Context, fmt: str, output: str | None) -> None:
    """Export every claim, one JSON object per line; the export is recorded in the custody log.

    Example:

        athar export claims --format jsonl -o claims.jsonl
    """
    from athar.export.claims import write_jsonl

    def write(db: Any, out: Any) -> tuple[int, str]:
        return write_jsonl(db.iter_claims(), {d.id: d for d in db.iter_documents()}, out)

    _export(ctx, "claims", fmt, output, write)


@export.command("incidents")
@_export_options
@click.pass_context
@handle_errors
def export_incidents(ctx: click.Context, fmt: str, output: str | None) -> None:
    """Export every incident with the claims behind it, one JSON object per line; recorded in custody.

    Example:

        athar export incidents --format jsonl -o incidents.jsonl
    """
    from athar.export.incidents import write_jsonl

    def write(db: Any, out: Any) -> tuple[int, str]:
        claims = {c.id: c for c in db.iter_claims()}
        return write_jsonl(db.iter_incidents(), claims, {d.id: d for d in db.iter_documents()}, out)

    _export(ctx, "incidents", fmt, output, write)
