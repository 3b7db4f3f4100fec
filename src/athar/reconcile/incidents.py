"""Merge incident claims from many documents into incidents, keeping disagreements side by side.

Two claims tell the same incident when their event types agree, their dates
can be the same day (each at its own precision; an undated claim falls back to
a few days before its report's publication) and their places are the same (a
town within a few kilometres, or a governorate that contains the other). A
claim joins an incident only if it is compatible with *every* claim already in
it, so distinct events are never chained together through a claim vague
enough to match both. Denials join the incidents they deny.

Each incident gets: killed and injured as the lowest to the highest figure any
source gives, with the median as best; every perpetrator with who names it and
who denies it; the number of independent originators (five sites reprinting a
wire, or four outlets quoting one monitor, count once); and a grade on Airwars'
scale: contested (sources name different perpetrators, or a named party denies
it), fair (two or more independent credible originators), weak (one). A
state-aligned source never corroborates its own side. "Confirmed" (a
belligerent accepts responsibility) and "discounted" (an analyst's call) are
not yet set automatically.
"""

from __future__ import annotations

import bisect
import datetime as dt
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from athar.geo.gazetteer import distance_km
from athar.reconcile.sources import SourceRegistry, load_registry
from athar.records import Attribution, Claim, Count, DateValue, Incident, PlaceMention, sha256_hex

NAME = "reconcile.incidents.v1"

SAME_PLACE_KM = 10.0
# An undated claim is taken to tell of something in these days before its report.
UNDATED_WINDOW_DAYS = 3
CREDIBLE = frozenset("ABC")


@dataclass
class _Cluster:
    claims: list[Claim] = field(default_factory=list)
    spans: list[tuple[dt.date, dt.date]] = field(default_factory=list)
    denials: list[Claim] = field(default_factory=list)
    # The last day every member can share: past it, no later claim can join.
    until: dt.date = dt.date.max


def _span(claim: Claim, published: DateValue | None) -> tuple[dt.date, dt.date] | None:
    """The days a claim's date can mean: a day, a month, a year, or the days before its report."""
    value = claim.date
    if value.value is None:
        first = published.first_day if published else None
        if first is None or published is None or published.precision != "day":
            return None
        return first - dt.timedelta(days=UNDATED_WINDOW_DAYS), first
    first = value.first_day
    assert first is not None
    if value.precision == "day":
        return first, first
    if value.precision == "month":
        following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return first, following - dt.timedelta(days=1)
    return first, dt.date(first.year, 12, 31)


def _same_place(a: PlaceMention | None, b: PlaceMention | None) -> bool:
    if a is None or b is None or a.place is None or b.place is None:
        return False
    if a.place.id == b.place.id:
        return True
    coarse = max(a.precision, b.precision)
    if coarse >= 3:  # a governorate contains the town the other names
        return bool(a.place.admin1) and a.place.admin1 == b.place.admin1
    limit = SAME_PLACE_KM if coarse == 1 else 3 * SAME_PLACE_KM
    return distance_km(a.place, b.place) <= limit


def _overlap(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> bool:
    return not (a[1] < b[0] or b[1] < a[0])


def compatible(a: Claim, b: Claim, published: Mapping[str, DateValue]) -> bool:
    """Can two incident claims tell the same incident?"""
    span_a, span_b = _span(a, published.get(a.document_id)), _span(b, published.get(b.document_id))
    if span_a is None or span_b is None:
        return False
    return a.event_type == b.event_type and _overlap(span_a, span_b) and _same_place(a.place, b.place)


def cluster_claims(claims: Iterable[Claim], published: Mapping[str, DateValue]) -> list[_Cluster]:
    """Group incident claims into incidents by complete linkage, in a fixed order (same input, same result).

    Claims are taken in order of their first possible day, so an incident whose
    members can no longer share a day with the next claim is closed: the cost
    grows with the incidents open at once, not with all incidents.
    """
    timed: list[tuple[tuple[dt.date, dt.date], Claim]] = []
    clusters: list[_Cluster] = []
    for claim in claims:
        if claim.kind != "incident" or not claim.event_type:
            continue
        span = _span(claim, published.get(claim.document_id))
        if span is None:  # no date and no dated report: it stands alone
            clusters.append(_Cluster([claim]))
        else:
            timed.append((span, claim))
    timed.sort(key=lambda t: (t[0][0], t[1].document_id, t[1].start, t[1].id))
    open_by_type: dict[str, list[_Cluster]] = {}
    for span, claim in timed:
        candidates = open_by_type.setdefault(claim.event_type or "", [])
        candidates[:] = [k for k in candidates if k.until >= span[0]]
        home = next(
            (
                k
                for k in candidates
                if all(
                    _overlap(span, other) and _same_place(claim.place, member.place)
                    for member, other in zip(k.claims, k.spans, strict=True)
                )
            ),
            None,
        )
        if home is None:
            home = _Cluster()
            clusters.append(home)
            candidates.append(home)
        home.claims.append(claim)
        home.spans.append(span)
        home.until = min(home.until, span[1])
    return clusters


def _originator(claim: Claim, registry: SourceRegistry) -> str:
    """Who first said it: the cited source, else the outlet; known sources by their registry id."""
    entry = registry.find(claim.source)
    return entry.id if entry is not None else claim.source.strip().lower()


def _range(counts: list[Count]) -> tuple[Count | None, int | None]:
    lows = [c.min for c in counts if c.min is not None]
    highs = [
        c.max if c.max is not None else c.min for c in counts if (c.max if c.max is not None else c.min) is not None
    ]
    if not lows and not highs:
        return None, None
    points = [
        ((c.min or 0) + c.max) / 2 if c.max is not None and c.min is not None else (c.min or c.max) for c in counts
    ]
    best = round(statistics.median(p for p in points if p is not None))
    low = min(lows) if lows else None
    high = max(highs) if highs else None
    return Count(low, high, "exact" if low == high else "range", ""), best


def _attributions(claims: list[Claim], denials: list[Claim], registry: SourceRegistry) -> tuple[Attribution, ...]:
    named: dict[str, set[str]] = {}
    for claim in claims:
        if claim.perpetrator:
            named.setdefault(claim.perpetrator, set()).add(claim.source)
    denied: dict[str, set[str]] = {}
    for denial in denials:
        entry = registry.find(denial.source)
        cleared = denial.perpetrator or (entry.affiliation if entry and entry.aligned else None)
        if cleared:
            denied.setdefault(cleared, set()).add(denial.source)
            named.setdefault(cleared, set())
    return tuple(
        Attribution(actor, tuple(sorted(named[actor])), tuple(sorted(denied.get(actor, ())))) for actor in sorted(named)
    )


def _grade(
    claims: list[Claim], attributions: tuple[Attribution, ...], registry: SourceRegistry
) -> tuple[bool, str, str, int]:
    """(contested, grade, reason, originators)."""
    originators = {_originator(c, registry) for c in claims}
    accused = [a for a in attributions if a.sources]
    denied = [a for a in attributions if a.denied_by]
    contested = len(accused) > 1 or bool(denied)
    credible = set()
    for claim in claims:
        entry = registry.find(claim.source)
        if entry is None or entry.reliability not in CREDIBLE:
            continue
        # A belligerent's own outlet does not corroborate its own side's account.
        if entry.aligned and claim.perpetrator and entry.affiliation != claim.perpetrator:
            continue
        credible.add(entry.id)
    if contested:
        if len(accused) > 1:
            reason = "sources name different perpetrators: " + "; ".join(a.actor for a in accused)
        else:
            reason = "denied by " + ", ".join(s for a in denied for s in a.denied_by)
        return True, "contested", reason, len(originators)
    if len(credible) >= 2:
        return (
            False,
            "fair",
            f"{len(credible)} independent credible sources: {', '.join(sorted(credible))}",
            len(originators),
        )
    return (
        False,
        "weak",
        f"{len(originators)} independent source(s), {len(credible)} of them graded A-C",
        len(originators),
    )


def _merge(cluster: _Cluster, registry: SourceRegistry) -> Incident:
    claims = cluster.claims
    sub_types = [c.sub_event_type for c in claims if c.sub_event_type]
    sub_type = max(sorted(set(sub_types)), key=sub_types.count) if sub_types else ""
    dated = [c for c in claims if c.date.value]
    # The most exact date any source gives, the earliest on ties: reports run a day behind events.
    date = min((c.date for c in dated), key=lambda d: (-len(d.value or ""), d.value)) if dated else DateValue(None)
    placed = [c.place for c in claims if c.place is not None and c.place.place is not None]
    place = min(placed, key=lambda p: p.precision) if placed else None
    killed, killed_best = _range([c.killed for c in claims if c.killed is not None])
    injured, injured_best = _range([c.injured for c in claims if c.injured is not None])
    attributions = _attributions(claims, cluster.denials, registry)
    contested, grade, reason, originators = _grade(claims, attributions, registry)
    ids = tuple(sorted(c.id for c in claims + cluster.denials))
    return Incident(
        # Named by its first claim: new reports joining it later keep the id.
        id=sha256_hex(min(c.id for c in claims).encode()).removeprefix("sha256:")[:16],
        event_type=claims[0].event_type or "",
        sub_event_type=sub_type,
        date=date,
        place=place,
        claims=ids,
        sources=tuple(sorted({c.source for c in claims})),
        originators=originators,
        perpetrators=attributions,
        killed=killed,
        killed_best=killed_best,
        injured=injured,
        injured_best=injured_best,
        contested=contested,
        grade=grade,  # type: ignore[arg-type]
        grade_reason=reason,
        produced_by=NAME,
    )


def _attach_denials(denials: list[Claim], clusters: list[_Cluster], published: Mapping[str, DateValue]) -> None:
    """A denial answers the incidents told at the same place and time (of any type: it may not say which).

    Incidents are sorted by their first day, so each denial is checked only
    against incidents that began before it ended.
    """
    timed = sorted(
        (min(s[0] for s in k.spans), max(s[1] for s in k.spans), n) for n, k in enumerate(clusters) if k.spans
    )
    starts = [t[0] for t in timed]
    for denial in denials:
        span = _span(denial, published.get(denial.document_id))
        if span is None:
            continue
        for _first, last, n in timed[: bisect.bisect_right(starts, span[1])]:
            if last < span[0]:
                continue
            cluster = clusters[n]
            if any(
                _overlap(span, s) and _same_place(denial.place, c.place)
                for c, s in zip(cluster.claims, cluster.spans, strict=True)
            ):
                cluster.denials.append(denial)


def reconcile(
    claims: Iterable[Claim], published: Mapping[str, DateValue], *, registry: SourceRegistry | None = None
) -> list[Incident]:
    """Incidents from claims, in date order; ``published`` maps document ids to their publication dates."""
    registry = registry or load_registry()
    everything = list(claims)
    clusters = cluster_claims(everything, published)
    _attach_denials([c for c in everything if c.kind == "denial"], clusters, published)
    merged = [_merge(cluster, registry) for cluster in clusters]
    return sorted(merged, key=lambda i: (i.date.first_day or dt.date.max, i.id))
