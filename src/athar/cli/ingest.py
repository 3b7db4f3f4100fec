"""`athar ingest`: preserve inputs, then read, extract, locate and reconcile them."""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import click

from athar.cli.base import cli, clip, handle_errors, media_summary, settings_for
from athar.cli.claims import run_extract
from athar.cli.incidents import run_reconcile
from athar.errors import InputError


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
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Read, extract and reconcile on a local Dask cluster of this many worker processes.",
)
@click.option(
    "--scheduler",
    metavar="URL",
    help="Read, extract and reconcile on an existing Dask cluster (tcp://HOST:PORT); "
    "its workers need the package and this workspace at the same path (or database URL).",
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
    workers: int | None,
    scheduler: str | None,
) -> None:
    """Preserve files, folders, JSONL batches, WARCs and URLs, read them into documents, find their claims.

    Identical bytes are stored once; ingesting something again is a no-op that
    says so. Each input that fails gets one line, the rest go on, and the exit
    code is 1 if anything failed.

    Example:

        athar ingest examples/seeds --manifest examples/seeds.jsonl

        athar ingest reports/ --workers 4     # on a local Dask cluster
    """
    from athar.pipeline import Ingest, expand_inputs, load_manifest
    from athar.read.jsonl import hints_from
    from athar.workspace import Workspace

    if url_list:
        inputs = inputs + tuple(_read_url_list(Path(url_list)))
    if not inputs and not manifest:
        raise click.UsageError("give at least one file, folder or URL (or --manifest, --url-list)")
    settings = settings_for(ctx, ingest={"max_item_bytes": max_bytes, "actor": actor})
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
    if workers or scheduler:
        from athar.distributed import open_client

        if workers and scheduler:
            raise click.UsageError("give --workers or --scheduler, not both")
        with open_client(scheduler=scheduler, workers=workers) as client:
            _ingest_distributed(client, settings, planned, as_json=as_json, no_extract=no_extract)
        return
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
            run_extract(workspace, settings, everything=False, quiet=as_json)
            run_reconcile(workspace, quiet=as_json)
    _summarise(counts, len(planned), documents, time.monotonic() - started, problems, as_json=as_json)


def _ingest_distributed(client: Any, settings: Any, planned: list[Any], *, as_json: bool, no_extract: bool) -> None:
    """The same ingest with reading, extraction and reconciliation on Dask workers (this process writes)."""
    from athar.distributed.ingest import DistributedIngest
    from athar.workspace import Workspace

    counts = {"stored": 0, "present": 0, "failed": 0}
    documents = 0
    problems: Counter[str] = Counter()
    started = time.monotonic()
    with Workspace.open(settings) as workspace, _Progress(len(planned)) as progress:
        runner = DistributedIngest(workspace, settings, client, extract=not no_extract, on_documents=progress.documents)
        for outcome in runner.run(planned):
            counts[outcome.status] += 1
            problems.update(error.code for error in outcome.errors)
            documents += len(outcome.document_ids)
            progress.input_done()
            if as_json:
                click.echo(json.dumps(outcome.to_dict(), ensure_ascii=False))
            else:
                _echo_outcome(outcome)
            sys.stdout.flush()
        if not no_extract:
            totals = runner.extract_pending()
            for doc_id, reason in totals.failures:
                click.echo(
                    f"warning: document {doc_id}: claims not extracted ({reason}); run athar extract again", err=True
                )
            if not as_json:
                detail = ", ".join(f"{n} {kind}" for kind, n in sorted(totals.kinds.items()))
                click.echo(
                    f"extracted {totals.claims} claims from {totals.documents} documents"
                    + (f" ({detail})" if detail else "")
                )
            if documents or totals.documents:
                run_reconcile(workspace, quiet=as_json, client=client)
    where = f" on {runner.workers} Dask worker(s)"
    _summarise(counts, len(planned), documents, time.monotonic() - started, problems, as_json=as_json, where=where)


def _summarise(
    counts: dict[str, int],
    inputs: int,
    documents: int,
    elapsed: float,
    problems: Counter[str],
    *,
    as_json: bool,
    where: str = "",
) -> None:
    """The ingest's last line (on stderr with --json), and exit 1 when any input failed."""
    reasons = ", ".join(f"{code} ×{n}" for code, n in sorted(problems.items()))
    summary = (
        f"summary: {counts['stored']} stored, {counts['present']} already present, {counts['failed']} failed "
        f"({inputs} inputs, {documents} new documents) in {elapsed:.1f}s{where}"
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
        parts.append(media_summary(item.media))
    click.echo(f"{outcome.status:<8} {short}  {outcome.input.name}  ({', '.join(parts)})")
    if count <= 5:
        for doc in outcome.documents:
            click.echo(
                f"         doc {doc.id}  {doc.published.value or '????'}  {doc.language or '??'}  "
                f"{clip(doc.title or '(no title)', 70)}"
            )
