"""What the unauthenticated public may see of an incident, and nothing more.

Only incidents an analyst marked public are shown. Of those, these are withheld:

- the words of the reports (claim text, the attribution as written, documents'
  bodies, titles, URLs, item hashes): a sentence can name a witness, and a
  private upload's URL or hash identifies who gave it;
- sources not in the curated registry (a named person is not an outlet):
  shown as "unnamed source";
- custody entries (actors are people and machines) and the analysts'
  decisions (actor and reason);
- coordinates finer than the governorate: the point is the governorate's
  centroid from the gazetteer, or none when the governorate is unknown;
- the place name when the incident is located finer than a town (precision 1
  stays; a neighbourhood or site is shown as its governorate).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from athar.reconcile.sources import SourceRegistry
from athar.records import Claim, Count, Incident

UNNAMED = "unnamed source"
_TOWN_KINDS = {"city", "town", "village", "admin1", "admin2", "region", "camp"}


@lru_cache(maxsize=1)
def governorate_centroids() -> dict[str, tuple[float, float]]:
    """Each first-level division's centroid (the gazetteer's ``admin1`` places)."""
    from athar.geo.gazetteer import default_gazetteer

    gaz = default_gazetteer()
    places = getattr(gaz, "places", None) or []
    return {p.name: (p.latitude, p.longitude) for p in places if p.kind == "admin1"}


def public_point(admin1: str | None) -> tuple[float | None, float | None]:
    found = governorate_centroids().get(admin1 or "")
    return found if found else (None, None)


def public_source(name: str | None, registry: SourceRegistry) -> str:
    if not name:
        return UNNAMED
    entry = registry.find(name)
    return entry.name if entry else UNNAMED


def _count(c: Count | None) -> dict[str, Any] | None:
    return None if c is None else {"min": c.min, "max": c.max, "qualifier": c.qualifier}


def public_summary(row: dict[str, Any]) -> dict[str, Any]:
    """A list row (from :func:`athar.web.queries.list_incidents`) with places cut to the governorate."""
    lat, lon = public_point(row.get("admin1"))
    out = dict(row)
    out.update(latitude=lat, longitude=lon, location=row.get("admin1"))
    out.pop("public", None)
    return out


def public_place(incident: Incident) -> str | None:
    mention = incident.place
    if mention is None:
        return None
    place = mention.place
    if place is None:
        return None
    if place.kind in _TOWN_KINDS:
        return place.name
    return place.admin1


def public_incident(incident: Incident, claims: list[Claim], registry: SourceRegistry) -> dict[str, Any]:
    """The public dossier of an incident (call only for incidents marked public)."""
    place = incident.place.place if incident.place else None
    admin1 = place.admin1 if place else None
    lat, lon = public_point(admin1)
    return {
        "id": incident.id,
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "date": incident.date.value,
        "date_precision": incident.date.precision,
        "location": public_place(incident),
        "admin1": admin1,
        "country": place.country if place else None,
        "latitude": lat,
        "longitude": lon,
        "killed": _count(incident.killed),
        "killed_best": incident.killed_best,
        "injured": _count(incident.injured),
        "injured_best": incident.injured_best,
        "contested": incident.contested,
        "grade": incident.grade,
        "grade_reason": incident.grade_reason,
        "targets": list(incident.targets),
        "perpetrators": [
            {
                "actor": a.actor,
                "sources": sorted({public_source(s, registry) for s in a.sources}),
                "denied_by": sorted({public_source(s, registry) for s in a.denied_by}),
            }
            for a in incident.perpetrators
        ],
        "sources": sorted({public_source(s, registry) for s in incident.sources}),
        "claims": [public_claim(c, registry) for c in claims],
    }


def public_claim(claim: Claim, registry: SourceRegistry) -> dict[str, Any]:
    entry = registry.find(claim.source) if claim.source else None
    return {
        "kind": claim.kind,
        "source": entry.name if entry else UNNAMED,
        "reliability": entry.reliability if entry else None,
        "event_type": claim.event_type,
        "date": claim.date.value,
        "perpetrator": claim.perpetrator,
        "killed": _count(claim.killed),
        "injured": _count(claim.injured),
        "denial": claim.kind == "denial",
    }
