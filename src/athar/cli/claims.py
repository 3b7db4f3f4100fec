"""`athar extract` and `athar claims`: who says what happened, in which words."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import click

from athar.cli.base import cli, clip, document_by_ref, handle_errors, settings_for
from athar.settings import Settings


def run_extract(workspace: Any, settings: Settings, *, everything: bool, quiet: bool) -> tuple[int, int]:
    from athar.pipeline import Extract

    runner = Extract(workspace, settings)
    documents = claims = 0
    kinds: Counter[str] = Counter()
    for _doc, found in runner.run(runner.pending(everything=everything)):
        documents += 1
        claims += len(found)
        kinds.update(c.kind for c in found)
    for doc_id, reason in runner.failures:
        click.echo(f"warning: document {doc_id}: claims not extracted ({reason}); run athar extract again", err=True)
    if not quiet:
        detail = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
        click.echo(f"extracted {claims} claims from {documents} documents" + (f" ({detail})" if detail else ""))
    return documents, claims


@cli.command()
@click.option("--all", "everything", is_flag=True, help="Extract every document again, not only new ones.")
@click.pass_context
@handle_errors
def extract(ctx: click.Context, everything: bool) -> None:
    """Find the claims in stored documents (those not yet extracted by this version).

    Example:

        athar extract --all
    """
    from athar.workspace import Workspace

    settings = settings_for(ctx)
    with Workspace.open(settings, create=False) as workspace:
        run_extract(workspace, settings, everything=everything, quiet=False)


@cli.command()
@click.option("--document", "doc_ref", metavar="ID", help="Only this document's claims.")
@click.option(
    "--kind", type=click.Choice(["incident", "figure", "denial", "allegation"]), help="Only claims of a kind."
)
@click.option("--json", "as_json", is_flag=True, help="One claim per line, in the export form.")
@click.pass_context
@handle_errors
def claims(ctx: click.Context, doc_ref: str | None, kind: str | None, as_json: bool) -> None:
    """Show the claims found: who says what happened, where, when, with the words that say it.

    Example:

        athar claims --document 3b3baeba
    """
    from athar.export.claims import claim_row
    from athar.workspace import Workspace

    settings = settings_for(ctx)
    with Workspace.open(settings, create=False) as workspace:
        if doc_ref:
            doc = document_by_ref(workspace.db, doc_ref)
            found = workspace.db.claims_of(doc.id)
            documents = {doc.id: doc}
        else:
            found = list(workspace.db.iter_claims())
            documents = {d.id: d for d in workspace.db.iter_documents()}
    found = [c for c in found if kind is None or c.kind == kind]
    for claim in found:
        if as_json:
            click.echo(json.dumps(claim_row(claim, documents.get(claim.document_id)), ensure_ascii=False))
        else:
            echo_claim(claim)
    if not as_json:
        click.echo(f"{len(found)} claim(s)")


def echo_claim(claim: Any) -> None:
    what = claim.sub_event_type or claim.measure or ""
    place = claim.place.place.name if claim.place and claim.place.place else (claim.place.text if claim.place else "?")
    numbers = []
    for label, count in (("killed", claim.killed), ("injured", claim.injured), ("value", claim.value)):
        if count is not None:
            numbers.append(f"{label} {count.text or count.min}")
    click.echo(
        f"{claim.kind:<10} {claim.date.label:<10} {place:<22} {what:<34} "
        f"by {claim.perpetrator or '?'}; says {claim.source}{' (hedged)' if claim.hedged else ''}"
        + (f"; {', '.join(numbers)}" if numbers else "")
    )
    click.echo(f"           “{clip(claim.text, 150)}” [{claim.document_id} {claim.start}-{claim.end}]")
