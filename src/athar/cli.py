"""The command line: one verb per user task, a thin shell over the library.

Only this module prints or exits. Errors become one line
(``error[ATH204]: …``); exit codes: 0 ok, 1 error, 2 usage, 3 evidence
failed verification. ``--debug`` or ``ATHAR_DEBUG=1`` shows tracebacks.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from athar import __version__
from athar.errors import AtharError, InputError, NotFoundError
from athar.settings import Settings, load_settings

F = TypeVar("F", bound=Callable[..., Any])
logger = logging.getLogger("athar")


def _fail(error: AtharError) -> None:
    click.echo(f"error[{error.code}]: {error.message}", err=True)
    sys.exit(error.exit_code)


def handle_errors(func: F) -> F:
    """Turn Athar's errors into one line and an exit code (tracebacks only when debugging)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = bool(os.environ.get("ATHAR_DEBUG")) or click.get_current_context().find_root().params.get("debug")
        try:
            return func(*args, **kwargs)
        except AtharError as error:
            if debug:
                raise
            _fail(error)
        except KeyboardInterrupt:
            click.echo(
                "interrupted: what was reported as stored is stored; run the same command again to finish", err=True
            )
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


def _settings(ctx: click.Context, **sections: dict[str, Any]) -> Settings:
    root = ctx.find_root().params
    overrides: dict[str, dict[str, Any]] = {
        "workspace": {"path": root.get("workspace"), "database_url": root.get("db")}
    }
    for section, values in sections.items():
        overrides.setdefault(section, {}).update(values)
    return load_settings(config_file=root.get("config"), overrides=overrides)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="athar")
@click.option("--workspace", "-w", metavar="DIR", help="Workspace folder [default: ./athar-data; env ATHAR_WORKSPACE].")
@click.option("--db", metavar="URL", help="Database URL [default: SQLite in the workspace; env ATHAR_DB].")
@click.option("--config", type=click.Path(dir_okay=False), help="Settings file [default: ./athar.toml if present].")
@click.option("-v", "--verbose", count=True, help="Log more to stderr (-vv for debug logs).")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
def cli(workspace: str | None, db: str | None, config: str | None, verbose: int, debug: bool) -> None:
    """Athar: preserve open-source reports of war as evidence, and read them.

    Example:

        athar ingest reports/ https://example.org/article
    """
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


# -- ingest --------------------------------------------------------------------------


@cli.command()
@click.argument("inputs", nargs=-1)
@click.option("--manifest", type=click.Path(dir_okay=False), help="Sidecar JSONL naming files and their metadata.")
@click.option(
    "--url-list",
    type=click.Path(exists=True, dir_okay=False),
    help="A text file of URLs to fetch, one a line (# starts a comment).",
)
@click.option("--url", help="Where the input was found (for inputs that do not say).")
@click.option("--published", help="Publication date: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--title", help="Title, when the input's own is missing or wrong.")
@click.option("--outlet", help="Outlet that published it (The New Arab, SANA, …).")
@click.option("--language", help="ISO 639-1 language code (en, ar, ru, …).")
@click.option("--encoding", help="Read text in this encoding (windows-1256, latin-1, …) instead of detecting it.")
@click.option("--max-bytes", type=int, help="Refuse inputs larger than this [settings: ingest.max_item_bytes].")
@click.option("--actor", help="Who is recorded in the custody log [default: user@host].")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per input on stdout.")
@click.option(
    "--no-extract",
    is_flag=True,
    help="Only preserve and read; find claims and incidents later (athar extract, reconcile).",
)
@click.pass_context
@handle_errors
def ingest(
    ctx: click.Context,
    inputs: tuple[str, ...],
    manifest: str | None,
    url_list: str | None,
    url: str | None,
    published: str | None,
    title: str | None,
    outlet: str | None,
    language: str | None,
    encoding: str | None,
    max_bytes: int | None,
    actor: str | None,
    as_json: bool,
    no_extract: bool,
) -> None:
    """Preserve files, folders, JSONL batches, WARCs and URLs, read them into documents, find their claims.

    Identical bytes are stored once; ingesting something again is a no-op that
    says so. Each input that fails gets one line, the rest go on, and the exit
    code is 1 if anything failed.

    Example:

        athar ingest examples/seeds --manifest examples/seeds.jsonl
    """
    from athar.pipeline import Ingest, expand_inputs, load_manifest
    from athar.read.jsonl import hints_from
    from athar.workspace import Workspace

    if url_list:
        inputs = inputs + tuple(_read_url_list(Path(url_list)))
    if not inputs and not manifest:
        raise click.UsageError("give at least one file, folder or URL (or --manifest, --url-list)")
    settings = _settings(ctx, ingest={"max_item_bytes": max_bytes, "actor": actor})
    flags = {
        "url": url,
        "published": published,
        "title": title,
        "outlet": outlet,
        "language": language,
        "encoding": encoding,
    }
    hints = hints_from({k: v for k, v in flags.items() if v}, name="command line")
    entries = load_manifest(Path(manifest)) if manifest else None
    planned = expand_inputs(inputs, hints=hints, manifest=entries)

    counts = {"stored": 0, "present": 0, "failed": 0}
    documents = 0
    problems: Counter[str] = Counter()
    started = time.monotonic()
    with Workspace.open(settings) as workspace, _Progress(len(planned)) as progress:
        for outcome in Ingest(workspace, settings, on_documents=progress.documents).run(planned):
            counts[outcome.status] += 1
            problems.update(error.code for error in outcome.errors)
            documents += len(outcome.document_ids)
            progress.input_done()
            if as_json:
                click.echo(json.dumps(outcome.to_dict(), ensure_ascii=False))
            else:
                _echo_outcome(outcome)
            sys.stdout.flush()
        if not no_extract and documents:
            _extract(workspace, settings, everything=False, quiet=as_json)
            _reconcile(workspace, quiet=as_json)
    elapsed = time.monotonic() - started
    reasons = ", ".join(f"{code} ×{n}" for code, n in sorted(problems.items()))
    summary = (
        f"summary: {counts['stored']} stored, {counts['present']} already present, {counts['failed']} failed "
        f"({len(planned)} inputs, {documents} new documents) in {elapsed:.1f}s"
        + (f"; problems: {reasons} (athar's error codes, see above)" if reasons else "")
    )
    click.echo(summary, err=as_json)
    if problems:
        sys.exit(1)


def _read_url_list(path: Path) -> list[str]:
    """The URLs of a list file: one a line, blank lines and # comments skipped, anything else refused."""
    from athar.locker.fetch import is_url

    urls = []
    for number, line in enumerate(path.read_text("utf-8", errors="replace").splitlines(), start=1):
        text = line.strip()
        if not text or text.startswith("#"):  # a URL may hold a '#', so only whole-line comments
            continue
        if not is_url(text):
            raise InputError("ATH206", name=path, line=number, reason=f"not an http(s) URL: {text[:80]!r}")
        urls.append(text)
    return urls


class _Progress:
    """A progress bar on stderr (inputs done, documents read) at a terminal; silent otherwise."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.read = 0
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> _Progress:
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("ingesting", total=self.total)
        return self

    def input_done(self) -> None:
        if self.bar is not None:
            self.bar.advance(self.task)

    def documents(self, count: int) -> None:
        self.read += count
        if self.bar is not None:
            self.bar.update(self.task, description=f"ingesting ({self.read:,} documents read)")

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _echo_outcome(outcome: Any) -> None:
    item = outcome.item
    for error in outcome.errors:
        click.echo(f"error[{error.code}]: {error.message}", err=True)
    for warning in outcome.warnings:
        click.echo(f"warning: {outcome.input.name}: {warning}", err=True)
    if outcome.status == "failed" and item is None:
        return
    short = item.sha256[:19] + "…" if item else "-"
    if outcome.status == "present":
        click.echo(f"present  {short}  {outcome.input.name}  (already stored)")
        return
    count = len(outcome.document_ids)
    parts = [f"{count:,} document{'s' if count != 1 else ''}"]
    if outcome.already_present:
        parts.append(f"{outcome.already_present} already present")
    if item and item.media is not None:
        parts.append(_media_summary(item.media))
    click.echo(f"{outcome.status:<8} {short}  {outcome.input.name}  ({', '.join(parts)})")
    if count <= 5:
        for doc in outcome.documents:
            click.echo(
                f"         doc {doc.id}  {doc.published.value or '????'}  {doc.language or '??'}  "
                f"{_clip(doc.title or '(no title)', 70)}"
            )


def _media_summary(media: Any) -> str:
    bits = [media.kind]
    if media.width and media.height:
        bits.append(f"{media.width}x{media.height}")
    if media.duration_s:
        bits.append(f"{media.duration_s:.1f}s")
    if media.captured_at:
        bits.append(f"captured {media.captured_at}")
    if media.latitude is not None:
        bits.append(f"GPS {media.latitude:.5f},{media.longitude:.5f}")
    return " ".join(bits)


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _extract(workspace: Any, settings: Settings, *, everything: bool, quiet: bool) -> tuple[int, int]:
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

    settings = _settings(ctx)
    with Workspace.open(settings, create=False) as workspace:
        _extract(workspace, settings, everything=everything, quiet=False)


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

    settings = _settings(ctx)
    with Workspace.open(settings, create=False) as workspace:
        if doc_ref:
            matches = workspace.db.find_documents(doc_ref)
            if len(matches) != 1:
                code = "ATH401" if not matches else "ATH402"
                raise NotFoundError(code, ref=doc_ref, matches=", ".join(d.id for d in matches))
            found = workspace.db.claims_of(matches[0].id)
            documents = {matches[0].id: matches[0]}
        else:
            found = list(workspace.db.iter_claims())
            documents = {d.id: d for d in workspace.db.iter_documents()}
    found = [c for c in found if kind is None or c.kind == kind]
    for claim in found:
        if as_json:
            click.echo(json.dumps(claim_row(claim, documents.get(claim.document_id)), ensure_ascii=False))
        else:
            _echo_claim(claim)
    if not as_json:
        click.echo(f"{len(found)} claim(s)")


def _echo_claim(claim: Any) -> None:
    what = claim.sub_event_type or claim.measure or ""
    place = claim.place.place.name if claim.place and claim.place.place else (claim.place.text if claim.place else "?")
    numbers = []
    for label, count in (("killed", claim.killed), ("injured", claim.injured), ("value", claim.value)):
        if count is not None:
            numbers.append(f"{label} {count.text or count.min}")
    click.echo(
        f"{claim.kind:<10} {claim.date.value or '?':<10} {place:<22} {what:<34} "
        f"by {claim.perpetrator or '?'}; says {claim.source}{' (hedged)' if claim.hedged else ''}"
        + (f"; {', '.join(numbers)}" if numbers else "")
    )
    click.echo(f"           “{_clip(claim.text, 150)}” [{claim.document_id} {claim.start}-{claim.end}]")


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

    settings = _settings(ctx)
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


# -- verify --------------------------------------------------------------------------


@cli.command()
@click.option(
    "--expect-head", metavar="HASH", help="Fail unless the custody chain ends at this hash (one you wrote down)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
@handle_errors
def verify(ctx: click.Context, expect_head: str | None, as_json: bool) -> None:
    """Re-hash every stored item and check the whole custody chain.

    Exit code 0 when everything matches, 3 when any evidence fails, naming the
    first problem. Write down the head hash it prints: passing it back with
    --expect-head later proves no entry was cut from the end of the log.

    Example:

        athar verify --expect-head sha256:…
    """
    from athar.locker.verify import verify as run_verify
    from athar.workspace import Workspace

    settings = _settings(ctx)
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

    settings = _settings(ctx)
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
            _clip(doc.outlet or "", 24),
            _clip(doc.title or "(no title)", 80),
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

    settings = _settings(ctx)
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
            _echo_claim(claim)
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
        click.echo(f"{'media:':<12} {_media_summary(item.media)}")
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


# -- incidents -----------------------------------------------------------------------


@cli.command("reconcile")
@click.pass_context
@handle_errors
def reconcile_command(ctx: click.Context) -> None:
    """Merge the claims of every document into incidents, grade them, and seal the result in custody.

    Example:

        athar reconcile && athar incidents --contested
    """
    from athar.workspace import Workspace

    settings = _settings(ctx)
    with Workspace.open(settings, create=False) as workspace:
        _reconcile(workspace, quiet=False)


def _reconcile(workspace: Any, *, quiet: bool) -> None:
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

    settings = _settings(ctx)
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


# -- sources -------------------------------------------------------------------------


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


# -- places --------------------------------------------------------------------------


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

    settings = _settings(ctx)
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

    settings = _settings(ctx)
    if doc_ref:
        with Workspace.open(settings, create=False) as workspace:
            matches = workspace.db.find_documents(doc_ref)
        if len(matches) != 1:
            raise NotFoundError(
                "ATH401" if not matches else "ATH402", ref=doc_ref, matches=", ".join(d.id for d in matches)
            )
        text = "\n\n".join(part for part in (matches[0].title, matches[0].body) if part)
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


def main() -> None:
    cli(prog_name="athar")
