"""Claims as JSON Lines: one claim per line, the fields researchers join on."""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

from athar.export.jsonl import write_lines
from athar.records import NO_LOCATION, Claim, Count, DateValue, Document


def _range(count: Count | None) -> dict[str, int | None]:
    return {"min": count.min if count else None, "max": count.max if count else None}


def _date(value: DateValue | None) -> str | None:
    return value.value if value else None


def claim_row(claim: Claim, document: Document | None) -> dict[str, Any]:
    """The export form of a claim. ``document`` is the document's URL when it has one, else its id."""
    return {
        "id": claim.id,
        "document": (document.url if document and document.url else claim.document_id),
        "document_id": claim.document_id,
        "kind": claim.kind,
        "source": claim.source,
        "source_kind": claim.source_kind,
        "hedged": claim.hedged,
        "event_type": claim.event_type,
        "sub_event_type": claim.sub_event_type,
        "date": claim.date.value,
        "date_precision": claim.date.precision,
        **(claim.place.location() if claim.place else NO_LOCATION),
        "perpetrator": claim.perpetrator,
        "perpetrator_text": claim.perpetrator_text,
        "victims": claim.victims,
        "targets": list(claim.targets),
        "killed": _range(claim.killed),
        "injured": _range(claim.injured),
        "children_killed": _range(claim.children_killed),
        "women_killed": _range(claim.women_killed),
        "measure": claim.measure,
        "value": claim.value.min
        if claim.value and claim.value.min is not None
        else (claim.value.max if claim.value else None),
        "value_max": claim.value.max if claim.value else None,
        "qualifier": claim.value.qualifier if claim.value else None,
        "percent": claim.percent,
        "period_start": _date(claim.period_start),
        "period_end": _date(claim.period_end),
        "span": [claim.start, claim.end],
        "text": claim.text,
        "produced_by": claim.produced_by,
    }


def write_jsonl(claims: Iterable[Claim], documents: dict[str, Document], out: IO[str]) -> tuple[int, str]:
    """Write one claim per line; return (count, sha256 of what was written) for the custody log."""
    return write_lines((claim_row(c, documents.get(c.document_id)) for c in claims), out)
