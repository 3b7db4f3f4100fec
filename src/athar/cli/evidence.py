"""`athar verify`, `athar documents`, `athar show`: what the locker holds, and proof it is intact."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from athar.cli.base import cli, clip, handle_errors, media_summary, settings_for
from athar.cli.claims import echo_claim
from athar.errors import NotFoundError


@cli.command()
@click.option(
    "--expect-head", metavar="HASH", help="Fail unless the custody chain ends at this hash (one you wrote down)."
)
@click.option(
    "--bundle",
    type=click.Path(exists=True, dir_okay=False),
    help="Check an evidence bundle (from `athar export bundle`) instead of the workspace.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
@handle_errors
def verify(ctx: click.Context, expect_head: str | None, bundle: str | None, as_json: bool) -> None:
    """Re-hash every stored item and check the whole custody chain.

    Exit code 0 when everything matches, 3 when any evidence fails, naming the
    first problem. Write down the head hash it prints: passing it back with
    --expect-head later proves no entry was cut from the end of the log.

    Example:

        athar verify --expect-head sha256:…
    """
    from athar.locker.verify import verify as run_verify
    from athar.workspace import Workspace

    if bundle:
        _verify_bundle(bundle, as_json)
        return

    settings = settings_for(ctx)
    with Workspace.open(settings, create=False) as workspace:
        report = run_verify(workspace.db, workspace.blobs, expected_head=expect_head)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "ok": report.ok,
                    "items": report.items,
                    "bytes": report.bytes,
                    "documents": report.documents,
                    "claims": report.claims,
                    "incidents": report.incidents,
                    "custody_events": report.custody_events,
                    "head": {"seq": report.head[0], "hash": report.head[1]} if report.head else None,
                    "problems": [{"code": p.code, "message": p.message} for p in report.problems],
                    "warnings": report.warnings,
                }
            )
        )
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    if not report.ok:
        for problem in report.problems[1:]:
            click.echo(f"also[{problem.code}]: {problem.message}", err=True)
        first = report.problems[0]
        click.echo(
            f"error[{first.code}]: {first.message} ({len(report.problems)} problem(s); evidence FAILED verification)",
            err=True,
        )
        sys.exit(first.exit_code)
    if not as_json:
        head = f"#{report.head[0]} {report.head[1]}" if report.head else "empty"
        click.echo(
            f"ok: {report.items} items ({report.bytes:,} bytes) re-hashed; {report.documents} documents, "
            f"{report.claims} claims, {report.incidents} incidents and {report.custody_events} custody entries "
            f"checked; chain head {head}"
        )


# -- documents / show ----------------------------------------------------------------


@cli.command()
@click.option("--limit", default=50, show_default=True, help="How many to list.")
@click.option("--offset", default=0, help="Skip this many (for paging).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document (without body).")
@click.pass_context
@handle_errors
def documents(ctx: click.Context, limit: int, offset: int, as_json: bool) -> None:
    """List stored documents, newest publication first.

    Example:

        athar documents --limit 20
    """
    from athar.workspace import Workspace

    settings = settings_for(ctx)
    with Workspace.open(settings, create=False) as workspace:
        docs = workspace.db.list_documents(limit=limit, offset=offset)
        counts = workspace.db.counts()
    if as_json:
        for doc in docs:
            data = doc.to_dict()
            data.pop("body")
            data.pop("comments")
            click.echo(json.dumps(data, ensure_ascii=False))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("id", "published", "lang", "outlet", "title", "words", "comments"):
        table.add_column(column, no_wrap=column != "title", overflow="fold")
    for doc in docs:
        table.add_row(
            doc.id,
            doc.published.value or "?",
            doc.language or "?",
            clip(doc.outlet or "", 24),
            clip(doc.title or "(no title)", 80),
            str(len(doc.body.split())),
            str(len(doc.comments)),
        )
    console = Console(width=None if sys.stdout.isatty() else 160)
    console.print(table)
    click.echo(f"{len(docs)} of {counts['documents']} documents ({counts['items']} items preserved)")


@cli.command()
@click.argument("ref")
@click.option("--json", "as_json", is_flag=True, help="Print the document and its custody as JSON.")
@click.pass_context
@handle_errors
def show(ctx: click.Context, ref: str, as_json: bool) -> None:
    """Print one document: metadata, hash, body, comments apart, custody history.

    REF is a document id or an item's sha256, or enough of its start to be unique.

    Example:

        athar show 3fa9c2e1
    """
    from athar.workspace import Workspace

    settings = settings_for(ctx)
    with Workspace.open(settings, create=False) as workspace:
        matches = workspace.db.find_documents(ref) if len(ref.removeprefix("sha256:")) >= 4 else []
        if not matches:
            items = workspace.db.find_items(ref) if len(ref.removeprefix("sha256:")) >= 4 else []
            if len(items) == 1:
                matches = [d for d in workspace.db.iter_documents() if d.item_sha256 == items[0].sha256][:1]
                if not matches:
                    _show_item(workspace, items[0], as_json)
                    return
        if not matches:
            raise NotFoundError("ATH401", ref=ref)
        if len(matches) > 1:
            raise NotFoundError("ATH402", ref=ref, matches=", ".join(d.id for d in matches))
        doc = matches[0]
        item = workspace.db.item(doc.item_sha256)
        history = list(workspace.db.iter_custody(item_sha256=doc.item_sha256))
        found = workspace.db.claims_of(doc.id)
    # A batch's item holds many documents: keep the entries about this one.
    history = [e for e in history if "document" not in e.details or e.details["document"] == doc.id]
    if as_json:
        click.echo(
            json.dumps(
                {
                    "document": doc.to_dict(),
                    "item": item.to_dict() if item else None,
                    "custody": [e.to_dict() for e in history],
                },
                ensure_ascii=False,
            )
        )
        return
    fields = [
        ("document", doc.id),
        ("title", doc.title),
        ("outlet", doc.outlet),
        ("author", doc.author),
        ("published", f"{doc.published.value} ({doc.published.precision})" if doc.published.value else "unknown"),
        ("language", doc.language),
        ("url", doc.url),
        ("item", f"{doc.item_sha256}{'  part ' + doc.part if doc.part else ''}"),
        ("content", doc.content_sha256),
        ("media type", doc.media_type + (f" ({doc.encoding})" if doc.encoding else "")),
        ("read by", doc.produced_by),
        ("notes", doc.notes),
    ]
    for label, value in fields:
        if value:
            click.echo(f"{label + ':':<12} {value}")
    click.echo(f"\n{doc.body}\n")
    if doc.comments:
        click.echo(f"-- {len(doc.comments)} reader comment(s), not part of the article --")
        for number, comment in enumerate(doc.comments, start=1):
            click.echo(f"[{number}] {comment}")
        click.echo()
    if found:
        click.echo(f"-- {len(found)} claim(s) --")
        for claim in found:
            echo_claim(claim)
        click.echo()
    _echo_history(history)


def _show_item(workspace: Any, item: Any, as_json: bool) -> None:
    history = list(workspace.db.iter_custody(item_sha256=item.sha256))
    if as_json:
        click.echo(json.dumps({"item": item.to_dict(), "custody": [e.to_dict() for e in history]}, ensure_ascii=False))
        return
    click.echo(f"{'item:':<12} {item.sha256}")
    click.echo(f"{'type:':<12} {item.media_type}, {item.size:,} bytes")
    click.echo(f"{'source:':<12} {item.source}")
    if item.media is not None:
        click.echo(f"{'media:':<12} {media_summary(item.media)}")
        if item.media.device:
            click.echo(f"{'device:':<12} {item.media.device}")
        if item.media.codecs:
            click.echo(f"{'codecs:':<12} {', '.join(item.media.codecs)}")
    click.echo("(no documents read from this item)\n")
    _echo_history(history)


def _echo_history(history: list[Any]) -> None:
    click.echo("-- custody --")
    for entry in history:
        detail = entry.details.get("document") or entry.details.get("source") or ""
        click.echo(f"#{entry.seq:<6} {entry.time}  {entry.actor}  {entry.action:<10} {detail}  {entry.hash[:23]}…")


@cli.command()
@click.option("--to", "target_url", required=True, metavar="URL", help="The new database (postgresql+psycopg://…).")
@click.pass_context
@handle_errors
def migrate(ctx: click.Context, target_url: str) -> None:
    """Move this workspace's database to PostgreSQL (or another server), then verify the evidence there.

    The target must be empty; the evidence files stay in the workspace folder.
    Afterwards run every command with --db URL (or set ATHAR_DB).

    Example:

        athar migrate --to postgresql+psycopg://athar@db.example.org/athar
    """
    from athar.locker.verify import verify as run_verify
    from athar.store import Database
    from athar.store.migrate import copy_database
    from athar.workspace import Workspace

    settings = settings_for(ctx)
    with Workspace.open(settings, create=False) as workspace:
        target = Database(target_url)
        try:
            copied = copy_database(workspace.db, target)
            report = run_verify(target, workspace.blobs)
        finally:
            target.close()
    rows = ", ".join(f"{n:,} {name}" for name, n in copied.items() if n)
    click.echo(f"copied {rows}")
    if not report.ok:
        click.echo(f"error[{report.problems[0].code}]: {report.problems[0].message}", err=True)
        sys.exit(3)
    click.echo(
        f"ok: verified on the new database: {report.items} items, {report.documents} documents, "
        f"{report.custody_events} custody entries; chain head #{report.head[0] if report.head else 0}"
    )


def _verify_bundle(path: str, as_json: bool) -> None:
    from pathlib import Path

    from athar.export.bundle import verify_bundle

    report = verify_bundle(Path(path))
    if as_json:
        summary = {"files": report.files, "custody_entries": report.custody_entries, "problems": report.problems}
        click.echo(json.dumps({"ok": report.ok, **summary}))
    if not report.ok:
        for problem in report.problems[1:]:
            click.echo(f"also: {problem}", err=True)
        click.echo(f"error: {report.problems[0]} ({len(report.problems)} problem(s); bundle FAILED)", err=True)
        sys.exit(3)
    if not as_json:
        click.echo(
            f"ok: bundle {path}: {report.files} files re-hashed, {report.custody_entries} custody entries checked"
        )
