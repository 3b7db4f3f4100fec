"""Wire the stages: input → locker → read → store, for a batch of inputs.

The order for each input, and why:

1. **sniff** the first bytes: inputs Athar cannot identify are refused before
   anything is written (empty files, junk named ``.html``, unknown types).
2. **stage** the bytes: stream them to a temporary file while hashing; an
   input over the size limit is hashed to the end, named and refused.
3. **dedupe**: bytes whose item is already complete are a no-op that says so.
4. **read** into Documents. Text formats that cannot be read are refused;
   formats with a signature (PDF, images, video) are preserved even when
   reading them fails, because the bytes are the evidence.
5. **write** in batches: staged files are moved into the blob store first,
   then one database transaction writes items, documents and the custody
   entries that seal them. Only then is an input reported as stored.

A kill at any moment leaves either nothing, or blobs without rows (harmless,
reported by ``athar verify``), or whole transactions. An item whose documents
were not all written stays ``reading`` and the next run finishes it.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from athar.errors import AtharError, InputError
from athar.locker.blobs import Staged, TooLarge, hash_stream
from athar.locker.fetch import fetch_to_warc, is_url
from athar.read import read_item, sniff
from athar.read.jsonl import hints_from
from athar.read.media import read_media
from athar.records import Claim, Document, Hints, Item, MediaInfo, utc_now
from athar.settings import Settings
from athar.store.database import CustodyDraft, Extraction, WriteBatch
from athar.workspace import Workspace

logger = logging.getLogger(__name__)

Status = Literal["stored", "present", "failed"]
# Items written per transaction, whatever their documents.
_ITEMS_PER_BATCH = 200
# Documents an outcome keeps whole (for the CLI to show); the rest only by id.
KEEP_DOCUMENTS = 20


@dataclass(frozen=True)
class Input:
    """One thing to ingest: a file or a URL, with the metadata the user gave for it."""

    name: str
    path: Path | None = None
    url: str | None = None
    hints: Hints = field(default_factory=Hints)


@dataclass
class Outcome:
    """What became of one input: the line the user reads about it."""

    input: Input
    status: Status
    item: Item | None = None
    document_ids: list[str] = field(default_factory=list)
    # The first documents in full, for showing; a batch of a million keeps only ids.
    documents: list[Document] = field(default_factory=list)
    already_present: int = 0
    errors: list[AtharError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add_document(self, doc: Document) -> None:
        self.document_ids.append(doc.id)
        if len(self.documents) < KEEP_DOCUMENTS:
            self.documents.append(doc)

    def to_dict(self) -> dict[str, object]:
        return {
            "input": self.input.name,
            "status": self.status,
            "sha256": self.item.sha256 if self.item else None,
            "media_type": self.item.media_type if self.item else None,
            "documents": self.document_ids,
            "already_present": self.already_present,
            "errors": [{"code": e.code, "message": e.message} for e in self.errors],
            "warnings": self.warnings,
        }


# -- inputs ------------------------------------------------------------------------


def load_manifest(path: Path) -> dict[Path, Hints]:
    """Read a sidecar manifest (one JSON object per line with ``file`` and metadata)."""
    entries: dict[Path, Hints] = {}
    try:
        lines = path.read_text("utf-8").splitlines()
    except FileNotFoundError:
        raise InputError("ATH207", name=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("ATH208", name=path, kind="manifest", reason=exc) from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError("ATH206", name=path, line=number, reason=f"invalid JSON ({exc.msg})") from None
        if not isinstance(data, dict) or not isinstance(data.get("file"), str):
            raise InputError("ATH206", name=path, line=number, reason="needs a 'file' field naming the report")
        entries[(path.parent / data["file"]).resolve()] = hints_from(data, name=f"{path}:{number}")
    return entries


def expand_inputs(
    arguments: Iterable[str], *, hints: Hints | None = None, manifest: dict[Path, Hints] | None = None
) -> list[Input]:
    """Turn command-line arguments into inputs: URLs, files, and folders walked recursively.

    Hidden files and folders are skipped. ``hints`` (from flags) win over the manifest's.
    """
    manifest = manifest or {}
    hints = hints or Hints()
    arguments = list(arguments) or [os.path.relpath(p) for p in manifest]
    inputs: list[Input] = []
    for argument in arguments:
        if is_url(argument):
            inputs.append(Input(name=argument, url=argument, hints=hints))
            continue
        path = Path(argument)
        if path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            files = [path]
        for file in files:
            file_hints = hints.merged(manifest.get(file.resolve(), Hints()))
            inputs.append(Input(name=str(file), path=file, hints=file_hints))
    return inputs


# -- the run -----------------------------------------------------------------------


@dataclass
class _Pending:
    """What the next transaction will write, and who is waiting for it."""

    staged: list[Staged] = field(default_factory=list)
    batch: WriteBatch = field(default_factory=WriteBatch)
    outcomes: list[Outcome] = field(default_factory=list)
    items: dict[str, Item] = field(default_factory=dict)
    content: set[str] = field(default_factory=set)


class Ingest:
    """One ingest run over a workspace; iterate ``run(inputs)`` for outcomes in input order."""

    def __init__(
        self, workspace: Workspace, settings: Settings, *, on_documents: Callable[[int], None] | None = None
    ) -> None:
        self.workspace = workspace
        self.settings = settings
        self.pending = _Pending()
        # Told how many documents each chunk read, so a long batch can show progress.
        self.on_documents = on_documents
        self._media: Any = None  # the media analyser (issue 7), made on the first photo or video

    def run(self, inputs: Iterable[Input]) -> Iterator[Outcome]:
        self.workspace.blobs.remove_stale_tmp()
        for one in inputs:
            outcome = self._ingest_one(one)
            if outcome is not None:
                yield outcome
            if self._should_flush():
                yield from self._flush()
        yield from self._flush()

    # Each input becomes a failure outcome at once, or joins the pending batch.
    def _ingest_one(self, one: Input) -> Outcome | None:
        try:
            staged, media_type = self._stage(one)
        except AtharError as error:
            logger.info("refused %s: %s", one.name, error.code)
            return Outcome(one, "failed", errors=[error])
        try:
            return self._read_and_queue(one, staged, media_type)
        except BaseException:
            self.workspace.blobs.discard(staged)
            raise

    def _stage(self, one: Input) -> tuple[Staged, str]:
        limit = self.settings.ingest.max_item_bytes
        if one.url is not None:
            stream: IO[bytes] = fetch_to_warc(one.url, settings=self.settings.fetch, max_bytes=limit)
        else:
            assert one.path is not None
            if not one.path.is_file():
                raise InputError("ATH207", name=one.name)
            size = one.path.stat().st_size
            if size > limit:
                with open(one.path, "rb") as big:
                    sha256, size = hash_stream(big)
                raise InputError("ATH202", name=one.name, size=_bytes(size), limit=_bytes(limit), sha256=sha256)
            stream = open(one.path, "rb")  # noqa: SIM115 - closed below
        with stream:
            head = stream.read(sniff.HEAD_BYTES)
            media_type = sniff.WARC if one.url is not None else sniff.sniff(head, one.name)
            stream.seek(0)
            try:
                staged = self.workspace.blobs.stage(stream, max_bytes=limit)
            except TooLarge as big:
                raise InputError(
                    "ATH202", name=one.name, size=_bytes(big.size), limit=_bytes(limit), sha256=big.sha256
                ) from None
        return staged, media_type

    def _read_and_queue(self, one: Input, staged: Staged, media_type: str) -> Outcome | None:
        blobs = self.workspace.blobs
        sha256 = staged.sha256
        status = self.workspace.db.item_statuses([sha256]).get(sha256)
        if status == "complete" or sha256 in self.pending.items:
            blobs.discard(staged)
            item = self.pending.items.get(sha256) or self.workspace.db.item(sha256)
            return Outcome(one, "present", item=item)

        outcome = Outcome(one, "stored")
        media = None
        parts: Iterator[Document | InputError] = iter(())
        if media_type in sniff.IMAGE_TYPES | sniff.VIDEO_TYPES:
            media, outcome.warnings = read_media(staged.path, media_type, original=one.path)
        else:
            parts = read_item(staged.path, item_sha256=sha256, media_type=media_type, name=one.name, hints=one.hints)
        queued = False
        chunk: list[Document] = []
        try:
            for part in parts:
                if isinstance(part, InputError):
                    outcome.errors.append(part)
                    continue
                if not queued:  # the first readable part decides: this item is kept
                    self._queue_item(one, staged, media_type, status, media, outcome)
                    queued = True
                chunk.append(part)
                if len(chunk) >= self.settings.ingest.batch_size:
                    self._queue_documents(chunk, outcome)
                    chunk = []
        except InputError as error:
            if media_type in sniff.TEXT_TYPES:
                blobs.discard(staged)
                return Outcome(one, "failed", errors=[error])
            outcome.warnings.append(f"preserved, but not read: {error.message}")
        if not queued:
            if outcome.errors and media_type in sniff.TEXT_TYPES | {sniff.WARC}:
                # Nothing in it was readable: refuse it whole rather than keep an empty shell.
                blobs.discard(staged)
                return Outcome(one, "failed", errors=outcome.errors)
            self._queue_item(one, staged, media_type, status, media, outcome)
        self._queue_documents(chunk, outcome)
        self.pending.batch.completed_items.append(sha256)
        if outcome.errors and not outcome.document_ids and not outcome.already_present:
            outcome.status = "failed"
        self.pending.outcomes.append(outcome)
        return None

    def _queue_item(
        self, one: Input, staged: Staged, media_type: str, status: str | None, media: MediaInfo | None, outcome: Outcome
    ) -> None:
        item = Item(
            sha256=staged.sha256,
            size=staged.size,
            media_type=media_type,
            original_name=one.path.name if one.path else None,
            source=one.url or (str(one.path.resolve()) if one.path else None),
            captured_at=utc_now(),
            captured_by=self.workspace.actor,
            status="reading",
            media=media,
        )
        outcome.item = item
        pending = self.pending
        pending.items[item.sha256] = item
        if status is not None:
            self.workspace.blobs.discard(staged)  # a killed run left the item half read: finish it
            return
        pending.staged.append(staged)
        pending.batch.new_items.append(item)
        details: dict[str, object] = {"source": item.source, "size": item.size, "media_type": media_type}
        given = {k: v for k, v in one.hints.to_dict().items() if v is not None}
        if given:
            details["metadata"] = given
        seals = f"item:{item.sha256}"
        pending.batch.custody.append(CustodyDraft("capture", item.sha256, details, seals))
        if media is not None:
            pending.batch.custody.append(
                CustodyDraft(
                    "read-media", item.sha256, {"digest": media.digest(), "produced_by": media.produced_by}, seals
                )
            )

    def _queue_documents(self, documents: list[Document], outcome: Outcome) -> None:
        """Queue the documents not stored yet (same bytes read before are the same document)."""
        pending = self.pending
        if self.on_documents is not None and documents:
            self.on_documents(len(documents))
        known = self.workspace.db.existing_content(d.content_sha256 for d in documents) | pending.content
        for doc in documents:
            if doc.content_sha256 in known:
                outcome.already_present += 1
                continue
            known.add(doc.content_sha256)
            pending.content.add(doc.content_sha256)
            outcome.add_document(doc)
            pending.batch.documents.append(doc)
            pending.batch.custody.append(
                CustodyDraft(
                    "read",
                    doc.item_sha256,
                    {"document": doc.id, "part": doc.part, "digest": doc.digest(), "produced_by": doc.produced_by},
                    f"document:{doc.content_sha256}",
                )
            )
        if len(pending.batch.documents) >= self.settings.ingest.batch_size:
            self.write_pending()

    def _should_flush(self) -> bool:
        batch = self.pending.batch
        return len(batch.documents) >= self.settings.ingest.batch_size or len(self.pending.outcomes) >= _ITEMS_PER_BATCH

    def write_pending(self) -> None:
        """Make staged blobs durable, then write the pending rows in one transaction.

        A hook: the distributed ingest's workers hand the transaction back to the driver instead.
        """
        pending = self.pending
        self.workspace.blobs.commit(pending.staged)
        pending.staged = []
        self.workspace.db.write(pending.batch, actor=self.workspace.actor)
        pending.batch = WriteBatch()

    def _flush(self) -> Iterator[Outcome]:
        self.write_pending()
        outcomes, self.pending.outcomes = self.pending.outcomes, []
        self.pending.items.clear()
        self.pending.content.clear()
        self.analyse_media(outcomes)
        yield from outcomes

    # -- media hook (issue 7) ------------------------------------------------------------
    def analyse_media(self, outcomes: list[Outcome]) -> None:
        """Derive frames, hashes, text and provenance from the photos and videos just made durable.

        Runs after the originals are committed; reports re-uploads and problems on each outcome.
        A hook: the distributed ingest's workers skip it (the driver analyses after its commit).
        """
        from athar.media.ingest import Analyser

        found = {o.item.sha256: o for o in outcomes if o.item is not None and o.status != "failed"}
        if not found:
            return
        if self._media is None:
            self._media = Analyser(self.workspace, self.settings)
        for item in self._media.pending(o.item for o in found.values() if o.item is not None):
            outcome = found[item.sha256]
            try:
                report = self._media.one(item, name=outcome.input.name)
            except Exception as exc:  # the original is stored whatever happens here; analysis can be redone
                logger.warning("media analysis failed on %s: %s", item.short_id, type(exc).__name__)
                outcome.warnings.append(f"not analysed ({type(exc).__name__}: {exc}); run: athar media analyse")
                continue
            outcome.errors.extend(report.errors)
            outcome.warnings.extend(report.warnings + report.notes())
            if report.document is not None:
                outcome.add_document(report.document)


def _bytes(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:,.0f} {unit}" if unit == "bytes" else f"{value:,.1f} {unit}"
        value /= 1024
    return f"{size} bytes"


# -- extraction ----------------------------------------------------------------------

_EXTRACT_BATCH = 200


class Extract:
    """Find the claims in documents and store them, sealed in the custody log, in batches."""

    def __init__(self, workspace: Workspace, settings: Settings) -> None:
        from athar.geo import default_gazetteer

        self.workspace = workspace
        self.settings = settings
        self.gazetteer = default_gazetteer(str(workspace.root))
        # (document id, reason) of documents the extractor failed on: left unextracted, retried next run.
        self.failures: list[tuple[str, str]] = []

    def run(self, documents: Iterable[Document]) -> Iterator[tuple[Document, list[Claim]]]:
        """Yield each document with its claims once they are stored, in input order."""
        from athar.extract.claims import NAME, extract_claims

        batch = WriteBatch()
        done: list[tuple[Document, list[Claim]]] = []
        for doc in documents:
            try:
                found = extract_claims(doc, gazetteer=self.gazetteer)
            except Exception as exc:  # one odd document must not stop a batch of thousands
                logger.warning("extraction failed on document %s: %s", doc.id, type(exc).__name__)
                self.failures.append((doc.id, f"{type(exc).__name__}: {exc}"))
                continue
            extraction = Extraction(doc.id, NAME, tuple(found))
            batch.extractions[doc.id] = extraction
            batch.custody.append(
                CustodyDraft(
                    "extract",
                    doc.item_sha256,
                    {"document": doc.id, "claims": len(found), "digest": extraction.digest, "produced_by": NAME},
                )
            )
            done.append((doc, found))
            if len(done) >= _EXTRACT_BATCH:
                self.workspace.db.write(batch, actor=self.workspace.actor)
                yield from done
                batch, done = WriteBatch(), []
        self.workspace.db.write(batch, actor=self.workspace.actor)
        yield from done

    def pending(self, *, everything: bool = False) -> Iterator[Document]:
        """Documents not yet extracted by this version (or all of them)."""
        from athar.extract.claims import NAME

        return self.workspace.db.documents_to_extract(NAME, everything=everything)
