"""Incidents as ACLED-compatible CSV: ACLED's columns first, with ACLED's names and conventions, Athar's after.

Conventions followed (ACLED Codebook): ``event_date`` is a day (the middle of
the week or month where only that is known, the day of the first report where
no source dates it) and ``time_precision`` says how exact it is (1 day, 2 a few
days or a week, 3 a month or more);
``geo_precision`` 1 the town itself, 2 near it or part of a region, 3 a
province or larger area; ``fatalities`` is the most conservative figure the
sources give, 0 when none gives one; ``iso`` is the numeric ISO 3166
code; ``source`` lists the sources, then the publications that carried them, separated by semicolons. ``actor1`` is the
perpetrator an analyst set, else the one most sources name (all are in
``athar_perpetrators``, with who denies them); ``assoc_actor_1`` the actors a source names as acting with
it ("Russian and Syrian warplanes"), not those other sources name instead; ``actor2`` is the victims' side
when it is civilians; ``inter1``, ``inter2`` and ``interaction`` are ACLED's actor-type codes (from the
actors' table's kinds). Athar's own columns (prefixed ``athar_``) keep what ACLED's cannot: the range of tolls,
the grade and why, contested attributions, denials, and the claims.
"""

from __future__ import annotations

import csv
import functools
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

from athar.export.hashing import HashingWriter
from athar.extract.actors import get_actor
from athar.reconcile.decisions import by_analyst
from athar.reconcile.sources import SourceRegistry, load_registry
from athar.records import Count, DateValue, Incident

ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
ATHAR_COLUMNS = (
    "athar_id",
    "athar_date",
    "athar_date_precision",
    "athar_grade",
    "athar_grade_reason",
    "athar_contested",
    "athar_perpetrators",
    "athar_denied_by",
    "athar_killed_min",
    "athar_killed_best",
    "athar_killed_max",
    "athar_injured_min",
    "athar_injured_best",
    "athar_injured_max",
    "athar_children_killed_min",
    "athar_children_killed_best",
    "athar_children_killed_max",
    "athar_women_killed_min",
    "athar_women_killed_best",
    "athar_women_killed_max",
    "athar_conceded_killed",
    "athar_conceded_by",
    "athar_targets",
    "athar_originators",
    "athar_source_labels",
    "athar_claims",
    "athar_public",
)
COLUMNS = ACLED_COLUMNS + ATHAR_COLUMNS

_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
# ACLED's inter codes by actor type (Codebook, "Actor Names, Types, and 'Inter' Codes"); a coalition of states, or a
# state's forces, acting outside their own country is an external force (8).
_INTER = {
    "state forces": 1,
    "rebel group": 2,
    "political militia": 3,
    "identity militia": 4,
    "rioters": 5,
    "protesters": 6,
    "civilians": 7,
    "external/other": 8,
    "coalition": 8,
}
_TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}


@functools.cache
def _country(alpha_2: str) -> tuple[str, str, str]:
    """(alpha-3, numeric, common name) of an ISO 3166 alpha-2 code."""
    import pycountry

    found = pycountry.countries.get(alpha_2=alpha_2.upper())
    if found is None:
        return alpha_2.upper(), "", alpha_2.upper()
    return found.alpha_3, str(int(found.numeric)), getattr(found, "common_name", found.name)


def _source_scale(incident: Incident, registry: SourceRegistry, country: str) -> str:
    scales = set()
    for source in incident.sources:
        entry = registry.find(source)
        if entry is None:
            scales.add("Other")
        elif entry.country.upper() == country.upper():
            scales.add("National")
        else:
            scales.add("International")
    order = ["Other", "National", "International"]
    return "-".join(s for s in order if s in scales)


def _written(date: DateValue) -> str:
    """A date as ACLED's notes write it: "10 May 2017", "May 2017", "2016"."""
    first = date.first_day
    if first is None:
        return date.value or ""
    if date.precision in ("day", "week"):
        return f"{first.day} {first:%B %Y}"
    return f"{first:%B %Y}" if date.precision == "month" else str(first.year)


def _notes(incident: Incident, actor1: str, location: str) -> str:
    if not incident.date.value:
        reported = _written(incident.reported) if incident.reported else None
        when = f"On or shortly before {reported} (first reported)" if reported else "On an unknown date"
    elif incident.date.precision == "day":
        when = f"On {_written(incident.date)}"
    elif incident.date.precision == "week":
        when = f"In the week of {_written(incident.date)}"
    else:
        when = f"In {_written(incident.date)}"
    who = actor1 or "unidentified perpetrators"
    text = f"{when}, {incident.sub_event_type or incident.event_type} by {who} in {location or 'an unknown place'}."
    killed = incident.killed
    if killed is not None:
        high = killed.max if killed.max is not None else f"{killed.min}+"
        text += f" Reported killed: {killed.min if killed.min == high else f'{killed.min}–{high}'}."
    if incident.contested:
        text += f" Contested: {_contest(incident)}."
    return text


def _contest(incident: Incident) -> str:
    """What the sources disagree on, from the attributions (the grade's reason may be an analyst's, on another
    matter): "named Military Forces of Russia (SOHR), Opposition rebels (SANA); denied by Russian MoD"."""
    named = [f"{a.actor} ({', '.join(a.sources)})" for a in incident.perpetrators if a.sources]
    denied = [f"{', '.join(a.denied_by)} for {a.actor}" for a in incident.perpetrators if a.denied_by]
    parts = ([f"named {'; '.join(named)}"] if len(named) > 1 else []) + (
        [f"denied by {'; '.join(denied)}"] if denied else []
    )
    return ", ".join(parts) or incident.grade_reason


def _sub_count(prefix: str, count: Count | None, best: int | None) -> dict[str, int | str]:
    """``<prefix>_min``, ``_best`` and ``_max`` of a sub-count of the killed (children, women), blank when unknown."""
    low = count.min if count and count.min is not None else ""
    high = count.max if count and count.max is not None else ""
    return {f"{prefix}_min": low, f"{prefix}_best": "" if best is None else best, f"{prefix}_max": high}


def acled_row(
    incident: Incident, registry: SourceRegistry, timestamp: int, outlets: Sequence[str] = ()
) -> dict[str, Any]:
    """One CSV row: ACLED's columns, then Athar's. ``outlets``: the publications the incident's claims were read
    in, which ACLED's ``source`` names beside the sources they cite."""
    place = incident.place.place if incident.place else None
    alpha_3, numeric, country = _country(place.country) if place else ("", "", "")
    named = sorted(incident.perpetrators, key=lambda a: (not by_analyst(a), -len(a.sources), a.actor))
    actor1 = named[0].actor if named and named[0].sources else ""
    # Partners, not rivals: actors a source that names actor1 names too.
    partners = [a.actor for a in named[1:] if actor1 and set(a.sources) & set(named[0].sources)]
    civilians = "civilians" in incident.victims
    day = incident.date.middle_day
    # No source dates it: ACLED still needs a day, so the day of its first report, with "a few days" precision.
    undated = day is None and incident.reported is not None and incident.reported.first_day is not None
    if undated:
        day = incident.reported.first_day  # type: ignore[union-attr]  # checked just above
    location = place.name if place else (incident.place.text if incident.place else "")
    number = int(hashlib.sha256(incident.id.encode()).hexdigest()[:8], 16) % 10**8
    killed, injured = incident.killed, incident.injured
    known = get_actor(actor1) if actor1 else None
    inter1, inter2 = (_INTER.get(known.kind) if known else None), (7 if civilians else None)
    if known and known.kind == "state forces" and known.country and place and known.country != place.country:
        inter1 = _INTER["external/other"]  # ACLED: state forces acting outside their own country are external forces
    return {
        "event_id_cnty": f"{alpha_3 or 'XXX'}{number:08d}",
        "event_date": day.isoformat() if day else "",
        "year": day.year if day else "",
        "time_precision": 2 if undated else _TIME_PRECISION.get(incident.date.precision, 3),
        "disorder_type": _DISORDER.get(incident.event_type, ""),
        "event_type": incident.event_type,
        "sub_event_type": incident.sub_event_type,
        "actor1": actor1,
        "assoc_actor_1": "; ".join(partners),
        "assoc_actor_2": "",
        "inter1": inter1 or "",
        "actor2": f"Civilians ({country})" if civilians and country else ("Civilians" if civilians else ""),
        "inter2": inter2 or "",
        # Both codes, the lower first (17: state forces against civilians); one actor alone, its code and 0 (10).
        "interaction": (int(f"{min(inter1, inter2)}{max(inter1, inter2)}") if inter2 else inter1 * 10)
        if inter1
        else "",
        "civilian_targeting": "Civilian targeting" if civilians else "",
        "iso": numeric,
        "country": country,
        "admin1": place.admin1 or "" if place else "",
        "admin2": place.admin2 or "" if place else "",
        "location": location,
        "latitude": f"{place.latitude:.4f}" if place else "",
        "longitude": f"{place.longitude:.4f}" if place else "",
        "geo_precision": min(incident.place.precision, 3) if incident.place else "",
        "source": "; ".join(dict.fromkeys((*incident.sources, *outlets))),
        "athar_source_labels": "; ".join(
            s for e in (registry.find(x) for x in incident.sources) if e is not None and (s := e.summary())
        ),
        "source_scale": _source_scale(incident, registry, place.country if place else ""),
        "notes": _notes(incident, actor1, location),
        # ACLED: "the most conservative" figure when sources disagree.
        "fatalities": killed.min if killed and killed.min is not None else 0,
        "tags": "",
        "timestamp": timestamp,
        "athar_id": incident.id,
        "athar_date": incident.date.value or "",
        "athar_date_precision": incident.date.precision,
        "athar_grade": incident.grade,
        "athar_grade_reason": incident.grade_reason,
        "athar_contested": str(incident.contested).lower(),
        "athar_perpetrators": "; ".join(f"{a.actor} (said by {', '.join(a.sources) or 'nobody'})" for a in named),
        "athar_denied_by": "; ".join(f"{a.actor} (denied by {', '.join(a.denied_by)})" for a in named if a.denied_by),
        "athar_killed_min": killed.min if killed else "",
        "athar_killed_best": incident.killed_best if incident.killed_best is not None else "",
        "athar_killed_max": killed.max if killed and killed.max is not None else "",
        "athar_injured_min": injured.min if injured else "",
        "athar_injured_best": incident.injured_best if incident.injured_best is not None else "",
        "athar_injured_max": injured.max if injured and injured.max is not None else "",
        **_sub_count("athar_children_killed", incident.children_killed, incident.children_killed_best),
        **_sub_count("athar_women_killed", incident.women_killed, incident.women_killed_best),
        "athar_conceded_killed": incident.conceded_killed.min if incident.conceded_killed else "",
        "athar_conceded_by": "; ".join(incident.conceded_by),
        "athar_targets": "; ".join(incident.targets),
        "athar_originators": incident.originators,
        "athar_claims": len(incident.claims),
        "athar_public": str(incident.public).lower(),
    }


def write_csv(
    incidents: Iterable[Incident],
    out: IO[str],
    *,
    timestamp: int,
    registry: SourceRegistry | None = None,
    outlets: Mapping[str, Sequence[str]] | None = None,
) -> tuple[int, str]:
    """Write the header and one row per incident (``outlets``: per incident id, the publications its claims were
    read in); return (count, sha256 of what was written)."""
    registry = registry or load_registry()
    hashed = HashingWriter(out)
    writer = csv.DictWriter(hashed, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for incident in incidents:
        writer.writerow(acled_row(incident, registry, timestamp, (outlets or {}).get(incident.id, ())))
        count += 1
    return count, hashed.digest
