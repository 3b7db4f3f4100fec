"""Incidents as JSON Lines: one incident per line, with every claim behind it and its exact words."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import IO, Any

from athar.export.jsonl import write_lines
from athar.reconcile.sources import load_registry
from athar.records import NO_LOCATION, Claim, Count, Document, Incident


def _range(count: Count | None, best: int | None) -> dict[str, int | None]:
    return {"min": count.min if count else None, "best": best, "max": count.max if count else None}


def _count(count: Count | None) -> dict[str, int | None] | None:
    return {"min": count.min, "max": count.max} if count else None


def _facts(name: str | None) -> dict[str, object] | None:
    """The registry's facts about a source or outlet (side, reliability, dated labels), None if unknown."""
    entry = load_registry().find(name) if name else None
    return entry.facts() if entry is not None else None


def incident_row(incident: Incident, claims: Mapping[str, Claim], documents: Mapping[str, Document]) -> dict[str, Any]:
    """The export form of an incident; each claim names its document by URL when it has one, and the registry's
    facts about its source and the outlet that published it (a state-aligned or sanctioned outlet is labelled)."""
    own = [claims[c] for c in incident.claims if c in claims]
    return {
        "id": incident.id,
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "date": incident.date.value,
        "date_precision": incident.date.precision,
        "reported": incident.reported.value if incident.reported else None,  # undated: the first report's day
        **(incident.place.location() if incident.place else NO_LOCATION),
        "perpetrators": [
            {"name": a.actor, "said_by": list(a.sources), "denied_by": list(a.denied_by)} for a in incident.perpetrators
        ],
        "contested": incident.contested,
        "targets": list(incident.targets),
        "victims": incident.victims[0] if incident.victims else None,
        "killed": _range(incident.killed, incident.killed_best),
        "injured": _range(incident.injured, incident.injured_best),
        "children_killed": _range(incident.children_killed, incident.children_killed_best)
        if incident.children_killed
        else None,
        "women_killed": _range(incident.women_killed, incident.women_killed_best) if incident.women_killed else None,
        # What the accused side concedes about itself, kept out of killed/injured.
        "conceded": {"killed": _count(incident.conceded_killed), "by": list(incident.conceded_by)},
        "grade": incident.grade,
        "grade_reason": incident.grade_reason,
        "originators": incident.originators,
        "public": incident.public,
        "decisions": list(incident.decisions),
        "claims": [
            {
                "id": c.id,
                "document": documents[c.document_id].url or c.document_id
                if c.document_id in documents
                else c.document_id,
                # Both, always: a URL names the page, the id the stored document (``athar show``, bundles).
                "document_id": c.document_id,
                "url": documents[c.document_id].url if c.document_id in documents else None,
                "source": c.source,
                "source_registry": _facts(c.source),
                "outlet": documents[c.document_id].outlet if c.document_id in documents else None,
                "outlet_registry": _facts(documents[c.document_id].outlet) if c.document_id in documents else None,
                "killed": _count(c.killed),
                "injured": _count(c.injured),
                "children_killed": _count(c.children_killed),
                "women_killed": _count(c.women_killed),
                "perpetrator": c.perpetrator,
                "co_perpetrators": list(c.co_perpetrators),
                "denial": c.kind == "denial",
                "allegation": c.kind == "allegation",  # who is blamed, and by whom; no toll of its own
                "span": [c.start, c.end],
                "text": c.text,
            }
            for c in own
        ],
        "produced_by": incident.produced_by,
    }


def write_jsonl(
    incidents: Iterable[Incident], claims: Mapping[str, Claim], documents: Mapping[str, Document], out: IO[str]
) -> tuple[int, str]:
    """Write one incident per line; return (count, sha256 of what was written) for the custody log."""
    return write_lines((incident_row(i, claims, documents) for i in incidents), out)
