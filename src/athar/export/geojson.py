"""Incidents as GeoJSON (RFC 7946) for QGIS and web maps: one Point feature per located incident.

Properties are flat (strings and numbers) because GIS tools show nested
objects poorly; the full record is in the JSON Lines export. Incidents with no
resolved place are left out and counted, since a feature without a position
is of no use on a map.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import IO, Any

from athar.export.hashing import HashingWriter
from athar.records import Incident


def feature(incident: Incident) -> dict[str, Any] | None:
    place = incident.place.place if incident.place else None
    if place is None or incident.place is None:
        return None
    killed, injured = incident.killed, incident.injured
    children, women = incident.children_killed, incident.women_killed
    return {
        "type": "Feature",
        "id": incident.id,
        "geometry": {"type": "Point", "coordinates": [round(place.longitude, 6), round(place.latitude, 6)]},
        "properties": {
            "id": incident.id,
            "event_type": incident.event_type,
            "sub_event_type": incident.sub_event_type,
            "date": incident.date.value,
            "date_precision": incident.date.precision,
            "location": place.name,
            "admin1": place.admin1,
            "country": place.country,
            "geo_precision": incident.place.precision,
            "perpetrators": "; ".join(a.actor for a in incident.perpetrators if a.sources),
            "denied_by": "; ".join(s for a in incident.perpetrators for s in a.denied_by),
            "contested": incident.contested,
            "grade": incident.grade,
            "killed_min": killed.min if killed else None,
            "killed_best": incident.killed_best,
            "killed_max": killed.max if killed else None,
            "injured_min": injured.min if injured else None,
            "injured_best": incident.injured_best,
            "injured_max": injured.max if injured else None,
            "children_killed_min": children.min if children else None,
            "children_killed_best": incident.children_killed_best,
            "children_killed_max": children.max if children else None,
            "women_killed_min": women.min if women else None,
            "women_killed_best": incident.women_killed_best,
            "women_killed_max": women.max if women else None,
            "targets": "; ".join(incident.targets),
            "sources": "; ".join(incident.sources),
            "originators": incident.originators,  # independent sources (reprints of one wire count once)
            "claims": len(incident.claims),
        },
    }


def write_geojson(incidents: Iterable[Incident], out: IO[str]) -> tuple[int, str]:
    """Write a FeatureCollection, one feature per line (streamed); return (features, sha256 of what was written)."""
    writer = HashingWriter(out)
    writer.write('{"type": "FeatureCollection", "features": [\n')
    count = 0
    for incident in incidents:
        found = feature(incident)
        if found is None:
            continue
        writer.write((",\n" if count else "") + json.dumps(found, ensure_ascii=False))
        count += 1
    writer.write("\n]}\n")
    return count, writer.digest
