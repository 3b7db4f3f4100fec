"""Check that nothing stored was altered: re-hash every item, walk the whole custody chain.

What is checked, and what each check catches:

- each custody entry's hash, its ``prev_hash`` and its place in the sequence:
  an edited, deleted, reordered or inserted entry;
- the chain's last entry against the head row: entries cut off the end;
- each item's bytes against its SHA-256: a flipped byte, a missing file;
- each item and document against the custody entry that sealed it (the
  digest of its record): a row edited, added or deleted behind Athar's back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from athar.errors import IntegrityError
from athar.locker.blobs import BlobStore
from athar.records import sha256_hex
from athar.store.database import GENESIS_HASH, Database, records_digest


@dataclass
class VerifyReport:
    items: int = 0
    bytes: int = 0
    documents: int = 0
    claims: int = 0
    incidents: int = 0
    custody_events: int = 0
    head: tuple[int, str] | None = None
    problems: list[IntegrityError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(
    db: Database,
    blobs: BlobStore,
    *,
    expected_head: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> VerifyReport:
    """Verify a workspace; problems are collected in order, the first one is the one to fix."""
    report = VerifyReport()
    problems = report.problems
    captured: dict[str, int] = {}
    media_digests: dict[str, str] = {}
    sealed_documents: dict[str, tuple[int, str]] = {}
    sealed_extractions: dict[str, tuple[int, str]] = {}  # the latest extraction of each document
    sealed_reconciliation: tuple[int, str, str] | None = None  # the latest reconciliation: seq, incidents, series
    sealed_decisions: dict[int, tuple[int, str]] = {}  # decision number -> (custody seq, digest)

    expected_seq, prev = 1, GENESIS_HASH
    for entry in db.iter_custody():
        report.custody_events += 1
        if entry.seq != expected_seq:
            problems.append(
                IntegrityError(
                    "ATH303",
                    seq=entry.seq,
                    reason=f"expected entry #{expected_seq} here; entries are missing or out of order",
                )
            )
        elif entry.prev_hash != prev:
            problems.append(
                IntegrityError(
                    "ATH303",
                    seq=entry.seq,
                    reason="does not follow the entry before it (an entry was removed, inserted or reordered)",
                )
            )
        if entry.compute_hash() != entry.hash:
            problems.append(
                IntegrityError(
                    "ATH303", seq=entry.seq, reason="its contents do not match its hash (the entry was edited)"
                )
            )
        expected_seq, prev = entry.seq + 1, entry.hash
        if entry.item_sha256 and entry.action == "capture":
            captured.setdefault(entry.item_sha256, entry.seq)
        elif entry.item_sha256 and entry.action == "read-media":
            media_digests[entry.item_sha256] = str(entry.details.get("digest"))
        elif entry.action == "read" and "document" in entry.details:
            sealed_documents[str(entry.details["document"])] = (entry.seq, str(entry.details.get("digest")))
        elif entry.action == "reconcile":
            series_digest = entry.details.get("series_digest", records_digest([]))
            sealed_reconciliation = (entry.seq, str(entry.details.get("digest")), str(series_digest))
        elif entry.action == "decide":
            sealed_decisions[int(entry.details["decision"])] = (entry.seq, str(entry.details.get("digest")))
        elif entry.action == "extract" and "document" in entry.details:
            sealed_extractions[str(entry.details["document"])] = (entry.seq, str(entry.details.get("digest")))

    head = db.custody_head()
    report.head = head
    last_seq = expected_seq - 1
    if head is None and last_seq:
        problems.append(IntegrityError("ATH304", seq=last_seq, head_seq="nothing"))
    elif head is not None and (head[0] != last_seq or head[1] != prev):
        problems.append(IntegrityError("ATH304", seq=last_seq, head_seq=head[0]))
    if expected_head and (head is None or head[1] != expected_head):
        problems.append(IntegrityError("ATH307", actual=head[1] if head else "empty", expected=expected_head))

    known_items: set[str] = set()
    for item in db.iter_items():
        report.items += 1
        report.bytes += item.size
        known_items.add(item.sha256)
        if item.sha256 not in captured:
            problems.append(
                IntegrityError(
                    "ATH306", sha256=item.sha256, reason="has no capture entry in the custody log (added outside Athar)"
                )
            )
        path = blobs.path(item.sha256)
        if not path.is_file():
            problems.append(IntegrityError("ATH302", sha256=item.sha256, path=path))
        else:
            actual, size = blobs.rehash(item.sha256)
            if actual != item.sha256 or size != item.size:
                problems.append(IntegrityError("ATH301", sha256=item.sha256, actual=actual))
        if item.media is not None and media_digests.get(item.sha256) != item.media.digest():
            problems.append(
                IntegrityError(
                    "ATH306", sha256=item.sha256, reason="its media metadata differs from what custody sealed"
                )
            )
        if item.status != "complete":
            report.warnings.append(
                f"item {item.sha256} was not fully read (an ingest was interrupted); run the same ingest again"
            )
        if progress:
            progress(item.size)
    for sha256, seq in captured.items():
        if sha256 not in known_items:
            problems.append(
                IntegrityError(
                    "ATH306", sha256=sha256, reason=f"captured in custody entry #{seq} but missing from the database"
                )
            )

    seen_documents: set[str] = set()
    for doc in db.iter_documents():
        report.documents += 1
        seen_documents.add(doc.id)
        sealed = sealed_documents.get(doc.id)
        if sealed is None:
            problems.append(
                IntegrityError(
                    "ATH305", doc_id=doc.id, reason="has no read entry in the custody log (added outside Athar)"
                )
            )
        elif sealed[1] != doc.digest():
            problems.append(
                IntegrityError(
                    "ATH305", doc_id=doc.id, reason=f"differs from what custody entry #{sealed[0]} sealed (edited)"
                )
            )
    for doc_id, (seq, _digest) in sealed_documents.items():
        if doc_id not in seen_documents:
            problems.append(
                IntegrityError(
                    "ATH305", doc_id=doc_id, reason=f"sealed by custody entry #{seq} but missing from the database"
                )
            )

    stored = db.stored_extractions()
    for doc_id, records in stored.items():
        report.claims += len(records)
        sealed = sealed_extractions.get(doc_id)
        if sealed is None:
            problems.append(
                IntegrityError(
                    "ATH305", doc_id=doc_id, reason="has claims no custody entry sealed (added outside Athar)"
                )
            )
        elif sealed[1] != records_digest(records):
            problems.append(
                IntegrityError(
                    "ATH305",
                    doc_id=doc_id,
                    reason=f"its claims differ from what custody entry #{sealed[0]} sealed (edited, added or removed)",
                )
            )
    for doc_id, (seq, _digest) in sealed_extractions.items():
        if doc_id not in stored:
            problems.append(
                IntegrityError("ATH305", doc_id=doc_id, reason=f"its claims sealed by custody entry #{seq} are missing")
            )

    incident_records = db.stored_incidents()
    series_records = db.stored_figure_series()
    report.incidents = len(incident_records)
    if incident_records or series_records or sealed_reconciliation:
        if sealed_reconciliation is None:
            problems.append(
                IntegrityError("ATH308", reason="incidents exist that no custody entry sealed (added outside Athar)")
            )
        else:
            seq, digest, series_digest = sealed_reconciliation
            if digest != records_digest(incident_records):
                reason = f"the incidents differ from what custody entry #{seq} sealed (edited)"
                problems.append(IntegrityError("ATH308", reason=reason))
            if series_digest != records_digest(series_records):
                problems.append(
                    IntegrityError(
                        "ATH308", reason=f"the figure series differ from what custody entry #{seq} sealed (edited)"
                    )
                )
    stored_decisions = db.stored_decisions()
    for number, record in sorted(stored_decisions.items()):
        sealed_decision = sealed_decisions.get(number)
        if sealed_decision is None:
            problems.append(
                IntegrityError("ATH308", reason=f"decision #{number} has no custody entry (added outside Athar)")
            )
        elif sealed_decision[1] != sha256_hex(record.encode("utf-8")):
            problems.append(
                IntegrityError(
                    "ATH308",
                    reason=f"decision #{number} differs from what custody entry #{sealed_decision[0]} sealed (edited)",
                )
            )
    for number, (seq, _digest) in sorted(sealed_decisions.items()):
        if number not in stored_decisions:
            problems.append(
                IntegrityError("ATH308", reason=f"decision #{number} sealed by custody entry #{seq} is missing")
            )

    from athar.media.verify import problems as media_problems

    problems.extend(IntegrityError("ATH309", reason=line) for line in media_problems(db))

    orphans = [sha for sha in blobs.iter_hashes() if sha not in known_items]
    if orphans:
        report.warnings.append(
            f"{len(orphans)} stored file(s) belong to no item (an ingest was interrupted before writing them); harmless"
        )
    return report
