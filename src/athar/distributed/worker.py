"""What runs on a Dask worker: stage and read inputs, extract claims from stored documents.

Each worker process opens the workspace once (the evidence store's folder and
the database) and keeps the gazetteer loaded. Nothing here writes the
database: results go back to the driver, the one writer of the custody chain.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from athar.distributed import pickling
from athar.pipeline import Ingest, Input, Outcome
from athar.settings import Settings
from athar.store.database import CustodyDraft, Extraction, WriteBatch
from athar.workspace import Workspace

logger = logging.getLogger(__name__)
pickling.register()

_WORKSPACES: dict[tuple[str, str, str], Workspace] = {}


def workspace_for(settings: Settings) -> Workspace:
    """This process's handle on the workspace the settings name (opened once)."""
    key = (settings.workspace.path, settings.workspace.database_url, settings.ingest.actor)
    if key not in _WORKSPACES:
        pickling.register()  # error classes defined since import
        _WORKSPACES[key] = Workspace.open(settings, create=False)
    return _WORKSPACES[key]


# -- reading -------------------------------------------------------------------------


@dataclass
class Step:
    """One transaction the driver must write, and the outcomes it may report once that is done."""

    staged: list[Any] = field(default_factory=list)
    batch: WriteBatch = field(default_factory=WriteBatch)


@dataclass
class ReadResult:
    """A chunk of inputs staged and read: the writes to make, in order, and when each outcome may be told.

    ``told[n] = (k, outcome)``: report ``outcome`` once the first ``k`` steps are committed.
    """

    steps: list[Step] = field(default_factory=list)
    told: list[tuple[int, Outcome]] = field(default_factory=list)


class StagingIngest(Ingest):
    """The single-process ingest, with each transaction handed back instead of written.

    Staging, dedupe against the database, reading, batching and the custody
    entries that seal each row are the same code as ``athar ingest`` without
    workers; media analysis waits for the driver's commit.
    """

    def __init__(self, workspace: Workspace, settings: Settings) -> None:
        super().__init__(workspace, settings)
        self.steps: list[Step] = []

    def write_pending(self) -> None:
        pending = self.pending
        if pending.staged or pending.batch:
            self.steps.append(Step(pending.staged, pending.batch))
        pending.staged = []
        pending.batch = WriteBatch()

    def analyse_media(self, outcomes: list[Outcome]) -> None:
        return None  # the driver does it after the originals are committed


def read_inputs(settings: Settings, inputs: Sequence[Input]) -> ReadResult:
    """Stage, hash and read a chunk of inputs (a Dask task)."""
    workspace = workspace_for(settings)
    ingest = StagingIngest(workspace, settings)
    result = ReadResult(steps=ingest.steps)
    for outcome in ingest.run(inputs):
        result.told.append((len(ingest.steps), outcome))
    return result


# -- extraction ----------------------------------------------------------------------


@dataclass(frozen=True)
class Extracted:
    """One document's claims (or why they could not be found), with the custody entry to seal them."""

    document_id: str
    extraction: Extraction | None
    custody: CustodyDraft | None
    failure: str | None = None


def load_documents(workspace: Workspace, ids: Sequence[str]) -> Iterator[Any]:
    """The stored documents with these ids, in id order, as ``documents_to_extract`` gives them."""
    from sqlalchemy import select

    from athar.store.database import _row_document
    from athar.store.schema import documents

    with workspace.db.engine.connect() as conn:
        for start in range(0, len(ids), 500):
            query = select(documents).where(documents.c.id.in_(list(ids[start : start + 500])))
            rows = sorted(conn.execute(query), key=lambda row: row.id)
            for row in rows:
                yield _row_document(row)


def extract_documents(settings: Settings, ids: Sequence[str]) -> list[Extracted]:
    """Find the claims (events, dates, tolls, actors, places) in stored documents (a Dask task)."""
    from athar.extract.claims import NAME, extract_claims
    from athar.geo import default_gazetteer

    workspace = workspace_for(settings)
    gazetteer = default_gazetteer(str(workspace.root))
    done: list[Extracted] = []
    for doc in load_documents(workspace, ids):
        try:
            found = extract_claims(doc, gazetteer=gazetteer)
        except Exception as exc:  # one odd document must not stop a batch of thousands
            logger.warning("extraction failed on document %s: %s", doc.id, type(exc).__name__)
            done.append(Extracted(doc.id, None, None, f"{type(exc).__name__}: {exc}"))
            continue
        extraction = Extraction(doc.id, NAME, tuple(found))
        details = {"document": doc.id, "claims": len(found), "digest": extraction.digest, "produced_by": NAME}
        done.append(Extracted(doc.id, extraction, CustodyDraft("extract", doc.item_sha256, details)))
    return done
