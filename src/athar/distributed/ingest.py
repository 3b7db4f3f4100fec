"""The driver of a distributed ingest: workers stage, read and extract; this process writes.

The driver keeps a bounded window of chunks of inputs on the workers. It takes
their results in input order and, for each transaction a worker prepared,
moves the staged files into the store and writes the rows and the custody
entries that seal them in one transaction (the database's write lock makes it
the one writer of the chain). Only then are the inputs of that transaction
reported. The documents a transaction stored are sent to workers for claims
at once, so reading and extraction overlap; extractions are written in
batches as they come back. At the end, documents left unextracted by an
earlier, interrupted run are extracted too.
"""

from __future__ import annotations

import contextlib
import logging
import os
import uuid
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from athar.distributed import pickling
from athar.distributed.cluster import worker_count
from athar.distributed.worker import Extracted, ReadResult, Step, extract_documents, read_inputs
from athar.locker.blobs import Staged
from athar.pipeline import Ingest, Input, Outcome
from athar.settings import Settings
from athar.settings import replace as replace_setting
from athar.store.database import WriteBatch
from athar.workspace import Workspace

logger = logging.getLogger(__name__)
pickling.register()

# A chunk of inputs sent to one worker: up to this many inputs (a single process's
# transaction holds 200) or bytes (a JSONL batch of a few hundred reports goes alone,
# so that batches are read in parallel). Each chunk ends with its own transaction.
CHUNK_INPUTS = 200
CHUNK_BYTES = 256 << 10
# Documents per extraction task, and per transaction writing extractions (as ``Extract``).
EXTRACT_CHUNK = 50
EXTRACT_WRITE = 200


@dataclass
class ExtractTotals:
    documents: int = 0
    claims: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[str, str]] = field(default_factory=list)


def worker_settings(settings: Settings, workspace: Workspace) -> Settings:
    """The settings workers open the workspace with: absolute path, and this run's actor for custody."""
    settings = replace_setting(settings, "workspace", path=str(workspace.root.resolve()))
    return replace_setting(settings, "ingest", actor=workspace.actor)


def chunks(inputs: Iterable[Input]) -> Iterator[list[Input]]:
    """Inputs in order, grouped so that each task carries a few MB (a large file goes alone)."""
    chunk: list[Input] = []
    size = 0
    for one in inputs:
        with contextlib.suppress(OSError):
            size += one.path.stat().st_size if one.path is not None else 1 << 20
        chunk.append(one)
        if len(chunk) >= CHUNK_INPUTS or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


class DistributedIngest:
    """``athar ingest`` on a Dask cluster; iterate ``run(inputs)`` for outcomes, as with ``Ingest``."""

    def __init__(
        self,
        workspace: Workspace,
        settings: Settings,
        client: Any,
        *,
        extract: bool = True,
        on_documents: Callable[[int], None] | None = None,
    ) -> None:
        self.workspace = workspace
        self.settings = settings
        self.client = client
        self.extract = extract
        self.on_documents = on_documents
        self.remote = worker_settings(settings, workspace)
        self.totals = ExtractTotals()
        self.workers = worker_count(client)
        # For the media hook: an Ingest on this process analyses photos and videos after their commit.
        self._local = Ingest(workspace, settings)
        self._extracting: deque[Any] = deque()
        self._extracted = WriteBatch()
        self._to_extract: list[str] = []
        self._attempted: set[str] = set()

    # -- ingest --------------------------------------------------------------------------
    def run(self, inputs: Iterable[Input]) -> Iterator[Outcome]:
        self.workspace.blobs.remove_stale_tmp()
        window = 2 * self.workers + 1
        reading: deque[Any] = deque()
        todo = chunks(inputs)
        while True:
            while len(reading) < window and (chunk := next(todo, None)) is not None:
                reading.append(self.client.submit(read_inputs, self.remote, chunk, pure=False))
            if not reading:
                break
            future = reading.popleft()
            result: ReadResult = future.result()
            future.release()
            yield from self._commit(result)
            self._drain(keep=4 * self.workers)
        if self.extract:
            self._submit_extraction(flush=True)
            self._drain(keep=0)

    def _commit(self, result: ReadResult) -> Iterator[Outcome]:
        """Write a chunk's transactions in order, each outcome once its transaction is committed."""
        lost_items: set[str] = set()
        lost_documents: set[str] = set()
        told = deque(result.told)
        for done, step in enumerate(result.steps):
            while told and told[0][0] <= done:
                yield from self._tell([told.popleft()[1]], lost_items, lost_documents)
            new_documents = self._write(step, lost_items, lost_documents)
            if self.on_documents is not None and step.batch.documents:
                self.on_documents(len(step.batch.documents))
            if self.extract and new_documents:
                self._to_extract.extend(new_documents)
                self._submit_extraction()
        yield from self._tell([o for _, o in told], lost_items, lost_documents)

    def _write(self, step: Step, lost_items: set[str], lost_documents: set[str]) -> list[str]:
        """Make the staged files durable, then write the rows; return the ids of the documents now stored."""
        staged = [self._adopt(s) for s in step.staged]
        self.workspace.blobs.commit(staged)
        sealed = self.workspace.db.write(step.batch, actor=self.workspace.actor)
        captured = {e.item_sha256 for e in sealed if e.action == "capture"}
        read = [str(e.details["document"]) for e in sealed if e.action == "read"]
        # Another chunk (or another process) stored the same bytes first: the rows were dropped with their custody.
        lost_items.update(i.sha256 for i in step.batch.new_items if i.sha256 not in captured)
        stored = set(read)
        lost_documents.update(d.id for d in step.batch.documents if d.id not in stored)
        return read

    def _adopt(self, staged: Staged) -> Staged:
        """Rename a worker's temporary file as this process's, so no other run's cleanup removes it."""
        path = staged.path.with_name(f"{os.getpid()}-{uuid.uuid4().hex}")
        try:
            os.replace(staged.path, path)
        except FileNotFoundError:
            if self.workspace.blobs.exists(staged.sha256):
                return staged  # commit() skips bytes already stored
            raise RuntimeError(
                f"staged file {staged.path} of {staged.sha256} vanished (its worker died?); run the ingest again"
            ) from None
        return replace(staged, path=path)

    def _tell(self, outcomes: list[Outcome], lost_items: set[str], lost_documents: set[str]) -> Iterator[Outcome]:
        """Report outcomes as a single process would have, once their rows are committed."""
        told = []
        for outcome in outcomes:
            if outcome.status == "stored" and outcome.item is not None and outcome.item.sha256 in lost_items:
                item = self.workspace.db.item(outcome.item.sha256) or outcome.item
                outcome = Outcome(outcome.input, "present", item=item)
            elif lost_documents.intersection(outcome.document_ids):
                kept = [d for d in outcome.document_ids if d not in lost_documents]
                outcome.already_present += len(outcome.document_ids) - len(kept)
                outcome.document_ids = kept
                outcome.documents = [d for d in outcome.documents if d.id not in lost_documents]
            told.append(outcome)
        self._local.analyse_media(told)
        yield from told

    # -- extraction ----------------------------------------------------------------------
    def _submit_extraction(self, *, flush: bool = False) -> None:
        while len(self._to_extract) >= EXTRACT_CHUNK or (flush and self._to_extract):
            ids, self._to_extract = self._to_extract[:EXTRACT_CHUNK], self._to_extract[EXTRACT_CHUNK:]
            self._attempted.update(ids)
            self._extracting.append(self.client.submit(extract_documents, self.remote, ids, pure=False))

    def _drain(self, *, keep: int) -> None:
        """Write the extractions that came back, oldest first, waiting until at most ``keep`` are out."""
        while self._extracting and (len(self._extracting) > keep or self._extracting[0].done()):
            future = self._extracting.popleft()
            found: list[Extracted] = future.result()
            future.release()
            self._queue_extractions(found)
        if keep == 0:
            self._write_extractions()

    def _queue_extractions(self, found: list[Extracted]) -> None:
        batch = self._extracted
        for one in found:
            if one.extraction is None or one.custody is None:
                self.totals.failures.append((one.document_id, one.failure or "?"))
                continue
            batch.extractions[one.document_id] = one.extraction
            batch.custody.append(one.custody)
            self.totals.documents += 1
            self.totals.claims += len(one.extraction.claims)
            self.totals.kinds.update(c.kind for c in one.extraction.claims)
        if len(batch.extractions) >= EXTRACT_WRITE:
            self._write_extractions()

    def _write_extractions(self) -> None:
        self.workspace.db.write(self._extracted, actor=self.workspace.actor)
        self._extracted = WriteBatch()

    def extract_pending(self, *, everything: bool = False) -> ExtractTotals:
        """Extract the stored documents not yet extracted by this version (all with ``everything``) on the workers.

        Documents this run already tried (and failed on) are not tried twice.
        """
        from athar.extract.claims import NAME

        ids = unextracted(self.workspace, NAME, everything=everything)
        self._to_extract.extend(i for i in ids if i not in self._attempted)
        self._submit_extraction(flush=True)
        self._drain(keep=0)
        return self.totals


def unextracted(workspace: Workspace, produced_by: str, *, everything: bool = False) -> list[str]:
    """Ids of the documents ``documents_to_extract`` would give, in the same order, without loading them."""
    from sqlalchemy import select

    from athar.store.schema import documents, extractions

    query = select(documents.c.id).outerjoin(extractions, extractions.c.document_id == documents.c.id)
    if not everything:
        query = query.where((extractions.c.produced_by.is_(None)) | (extractions.c.produced_by != produced_by))
    with workspace.db.engine.connect() as conn:
        return list(conn.execute(query.order_by(documents.c.id)).scalars())
