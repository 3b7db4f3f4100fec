"""Media rows in the database: an analysis, its derived items, its text and their custody in one transaction.

What custody seals for an analysis is the digest of its stored rows (the
``media_analyses`` row, its derivations and its hashes, each as canonical
JSON), so verification re-derives it from the rows without trusting them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection

from athar.media.records import Derivation, FrameHash, GraphicFlag, IncidentMedia, MediaAnalysis, Provenance
from athar.records import CustodyEvent, Document, Item, canonical_json, utc_now
from athar.store.database import CustodyDraft, Database, document_row, item_row, records_digest, still_absent
from athar.store.schema import documents, items
from athar.store.tables_media import incident_media, media_analyses, media_derivations, media_flags, media_hashes


def analysis_rows(
    analysis: MediaAnalysis, analysed_at: str
) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows an analysis is stored as: its own, its derivations', its hashes'."""
    record = {"provenance": analysis.provenance.to_dict(), "problems": list(analysis.problems)}
    row = {
        "item_sha256": analysis.item_sha256,
        "kind": analysis.kind,
        "provenance": analysis.provenance.status,
        "frames": len(analysis.hashes),
        "ocr_document": analysis.ocr_document,
        "record": canonical_json(record),
        "produced_by": analysis.produced_by,
        "analysed_at": analysed_at,
    }
    derivations = [
        {
            "parent_sha256": d.parent_sha256,
            "kind": d.kind,
            "position": d.position,
            "derived_sha256": d.derived_sha256,
            "time_s": d.time_s,
            "transformation": canonical_json(d.transformation),
            "produced_by": d.produced_by,
        }
        for d in analysis.derivations
    ]
    hashes = [
        {
            "item_sha256": analysis.item_sha256,
            "position": h.position,
            "time_s": h.time_s,
            "pdq": h.pdq,
            "quality": h.quality,
            "phash": h.phash,
            "box": ",".join(str(v) for v in h.box),
        }
        for h in analysis.hashes
    ]
    return row, derivations, hashes


def seal(row: dict[str, Any], derivations: Iterable[dict[str, Any]], hashes: Iterable[dict[str, Any]]) -> str:
    """The digest custody seals for an analysis's rows (the hashes' row ids are storage detail, left out)."""
    texts = [canonical_json({"table": "media_analyses", **row})]
    texts += [canonical_json({"table": "media_derivations", **d}) for d in derivations]
    texts += [canonical_json({"table": "media_hashes", **{k: v for k, v in h.items() if k != "id"}}) for h in hashes]
    return records_digest(texts)


def row_seal(table: str, row: dict[str, Any]) -> str:
    """The digest custody seals for one row of ``incident_media`` or ``media_flags``."""
    return records_digest([canonical_json({"table": table, **row})])


def write_analysis(
    db: Database,
    analysis: MediaAnalysis,
    *,
    derived_items: list[Item],
    document: Document | None,
    actor: str,
) -> list[CustodyEvent]:
    """Store an analysis in place of any earlier one, with its derived items and text, and seal it."""
    analysed_at = utc_now()
    row, derivation_rows, hash_rows = analysis_rows(analysis, analysed_at)
    by_sha: dict[str, Derivation] = {}
    for d in analysis.derivations:  # identical frames are one item: its capture names the first
        by_sha.setdefault(d.derived_sha256, d)
    with db.transaction() as conn:
        head = db.lock_head(conn)
        new_items = still_absent(conn, items.c.sha256, derived_items, lambda i: i.sha256)
        drafts = [
            CustodyDraft(
                "capture",
                i.sha256,
                {
                    "source": i.source,
                    "size": i.size,
                    "media_type": i.media_type,
                    "derived_from": analysis.item_sha256,
                    "kind": by_sha[i.sha256].kind,
                    "time_s": by_sha[i.sha256].time_s,
                    "transformation": by_sha[i.sha256].transformation,
                    "produced_by": by_sha[i.sha256].produced_by,
                },
            )
            for i in new_items
        ]
        if new_items:
            conn.execute(insert(items), [item_row(i) for i in new_items])
        if document is not None and not still_absent(
            conn, documents.c.content_sha256, [document], lambda d: d.content_sha256
        ):
            document = None  # read before: the same text is already stored
        if document is not None:
            conn.execute(insert(documents), [document_row(document, analysed_at)])
            drafts.append(
                CustodyDraft(
                    "read",
                    document.item_sha256,
                    {
                        "document": document.id,
                        "part": document.part,
                        "digest": document.digest(),
                        "produced_by": document.produced_by,
                    },
                )
            )
        _delete_analysis(conn, analysis.item_sha256)
        conn.execute(insert(media_analyses), [row])
        if derivation_rows:
            conn.execute(insert(media_derivations), derivation_rows)
        if hash_rows:
            conn.execute(insert(media_hashes), hash_rows)
        drafts.append(
            CustodyDraft(
                "analyse-media",
                analysis.item_sha256,
                {
                    "digest": seal(row, derivation_rows, hash_rows),
                    "produced_by": analysis.produced_by,
                    "frames": len(hash_rows),
                    "derived": len(derivation_rows),
                    "provenance": analysis.provenance.status,
                    "document": analysis.ocr_document,
                    "problems": list(analysis.problems),
                },
            )
        )
        return db.append_custody_entries(conn, drafts, actor=actor, head=head)


def _delete_analysis(conn: Connection, sha256: str) -> None:
    conn.execute(delete(media_analyses).where(media_analyses.c.item_sha256 == sha256))
    conn.execute(delete(media_derivations).where(media_derivations.c.parent_sha256 == sha256))
    conn.execute(delete(media_hashes).where(media_hashes.c.item_sha256 == sha256))


# -- reading -------------------------------------------------------------------------


def analysed(db: Database, shas: Iterable[str]) -> set[str]:
    """Which of these items have an analysis stored."""
    shas = list(shas)
    found: set[str] = set()
    with db.engine.connect() as conn:
        for start in range(0, len(shas), 500):
            chunk = shas[start : start + 500]
            found.update(
                conn.execute(
                    select(media_analyses.c.item_sha256).where(media_analyses.c.item_sha256.in_(chunk))
                ).scalars()
            )
    return found


def load_analysis(db: Database, sha256: str) -> MediaAnalysis | None:
    with db.engine.connect() as conn:
        row = conn.execute(select(media_analyses).where(media_analyses.c.item_sha256 == sha256)).first()
        if row is None:
            return None
        derivations = conn.execute(
            select(media_derivations)
            .where(media_derivations.c.parent_sha256 == sha256)
            .order_by(media_derivations.c.kind, media_derivations.c.position)
        ).all()
        hashes = conn.execute(
            select(media_hashes).where(media_hashes.c.item_sha256 == sha256).order_by(media_hashes.c.position)
        ).all()
    record = json.loads(row.record)
    return MediaAnalysis(
        item_sha256=row.item_sha256,
        kind=row.kind,
        hashes=tuple(_frame_hash(h) for h in hashes),
        derivations=tuple(
            Derivation(
                parent_sha256=d.parent_sha256,
                derived_sha256=d.derived_sha256,
                kind=d.kind,
                position=d.position,
                time_s=d.time_s,
                transformation=json.loads(d.transformation),
                produced_by=d.produced_by,
            )
            for d in derivations
        ),
        provenance=Provenance.from_dict(record.get("provenance") or {}),
        ocr_document=row.ocr_document,
        problems=tuple(record.get("problems", ())),
        produced_by=row.produced_by,
    )


def _frame_hash(row: Any) -> FrameHash:
    box = tuple(int(v) for v in row.box.split(",")) if row.box else ()
    return FrameHash(
        position=row.position, pdq=row.pdq, quality=row.quality, phash=row.phash, time_s=row.time_s, box=box
    )


def iter_hashes(db: Database) -> Iterator[tuple[str, FrameHash]]:
    """Every stored hash with its item, in storage order (what the similarity index is built from)."""
    query = select(media_hashes).order_by(media_hashes.c.id)
    with db.engine.connect() as conn:
        for row in conn.execution_options(yield_per=20000).execute(query):
            yield row.item_sha256, _frame_hash(row)


def parent_of(db: Database, derived_sha256: str) -> Derivation | None:
    """How a derived item was made (None for an original)."""
    with db.engine.connect() as conn:
        row = conn.execute(
            select(media_derivations).where(media_derivations.c.derived_sha256 == derived_sha256).limit(1)
        ).first()
    if row is None:
        return None
    return Derivation(
        parent_sha256=row.parent_sha256,
        derived_sha256=row.derived_sha256,
        kind=row.kind,
        position=row.position,
        time_s=row.time_s,
        transformation=json.loads(row.transformation),
        produced_by=row.produced_by,
    )


# -- links and flags -----------------------------------------------------------------


def attach(db: Database, link: IncidentMedia) -> CustodyEvent:
    """Link an item to an incident (or change the reason of the link), sealed by its custody entry."""
    row = link.to_dict()
    with db.transaction() as conn:
        head = db.lock_head(conn)
        conn.execute(
            delete(incident_media).where(
                (incident_media.c.incident_id == link.incident_id) & (incident_media.c.item_sha256 == link.item_sha256)
            )
        )
        conn.execute(insert(incident_media), [row])
        draft = CustodyDraft(
            "attach-media",
            link.item_sha256,
            {"incident": link.incident_id, "reason": link.reason, "digest": row_seal("incident_media", row)},
        )
        return db.append_custody_entries(conn, [draft], actor=link.actor, head=head)[0]


def detach(db: Database, incident_id: str, item_sha256: str, *, reason: str, actor: str) -> CustodyEvent | None:
    """Remove a link; None when there was none."""
    with db.transaction() as conn:
        head = db.lock_head(conn)
        gone = conn.execute(
            delete(incident_media).where(
                (incident_media.c.incident_id == incident_id) & (incident_media.c.item_sha256 == item_sha256)
            )
        ).rowcount
        if not gone:
            return None
        draft = CustodyDraft("detach-media", item_sha256, {"incident": incident_id, "reason": reason})
        return db.append_custody_entries(conn, [draft], actor=actor, head=head)[0]


def links(db: Database, *, incident_id: str | None = None, item_sha256: str | None = None) -> list[IncidentMedia]:
    query = select(incident_media).order_by(incident_media.c.incident_id, incident_media.c.at)
    if incident_id is not None:
        query = query.where(incident_media.c.incident_id == incident_id)
    if item_sha256 is not None:
        query = query.where(incident_media.c.item_sha256 == item_sha256)
    with db.engine.connect() as conn:
        return [IncidentMedia(**dict(row._mapping)) for row in conn.execute(query)]


def set_flag(db: Database, flag: GraphicFlag) -> CustodyEvent:
    """Flag an item as graphic (or clear the flag), sealed by its custody entry."""
    row = flag.to_dict()
    with db.transaction() as conn:
        head = db.lock_head(conn)
        conn.execute(delete(media_flags).where(media_flags.c.item_sha256 == flag.item_sha256))
        conn.execute(insert(media_flags), [row])
        draft = CustodyDraft(
            "flag-media",
            flag.item_sha256,
            {"graphic": flag.graphic, "reason": flag.reason, "digest": row_seal("media_flags", row)},
        )
        return db.append_custody_entries(conn, [draft], actor=flag.actor, head=head)[0]


def flags(db: Database, shas: Iterable[str] | None = None) -> dict[str, GraphicFlag]:
    query = select(media_flags)
    if shas is not None:
        query = query.where(media_flags.c.item_sha256.in_(list(shas)))
    with db.engine.connect() as conn:
        return {row.item_sha256: GraphicFlag(**dict(row._mapping)) for row in conn.execute(query)}


def graphic_items(db: Database, shas: Iterable[str]) -> set[str]:
    """Which of these items are flagged graphic (a derived frame inherits its parent's flag)."""
    shas = set(shas)
    with db.engine.connect() as conn:
        parents = {
            row.derived_sha256: row.parent_sha256
            for row in conn.execute(
                select(media_derivations.c.derived_sha256, media_derivations.c.parent_sha256).where(
                    media_derivations.c.derived_sha256.in_(list(shas))
                )
            )
        }
    flagged = {sha for sha, flag in flags(db, shas | set(parents.values())).items() if flag.graphic}
    return {sha for sha in shas if sha in flagged or parents.get(sha) in flagged}
