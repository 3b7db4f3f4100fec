"""Aggregate figures reconciled into series: one measure, victims, place, perpetrator and period, every source's
figure shown.

SNHR's "more than 6,500 civilians killed by Russian forces since 2015" and a
later "6,969 civilians since September 2015" are two points of one series
(killed, civilians, Syria, by Russia, since September 2015: a start given only
by its year holds the one more exact start of the series it joins); the same
report's "3,000 civilians killed by the US-led coalition" is another series, as
is a count "since January 2015", and the UN's "70 % of buildings in Raqqa
destroyed". Points are ordered by when they were said, so a series shows how a
count grew and where sources disagree; nothing is averaged. What the side a
series is blamed on says of itself (CJTF-OIR's count of civilians its strikes
killed) is a point marked ``conceded``, and its latest figure is kept apart
from the others' (``conceded_latest``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from athar.reconcile.incidents import concedes
from athar.reconcile.sources import load_registry
from athar.records import Claim, DateValue, FigurePoint, FigureSeries, sha256_hex

# v3: a point the accused side gives of itself is marked conceded, and the series latest is the others'.
# v2: the perpetrator is part of a series (Russia's toll and the coalition's are two), and periods starting in one
# year on different days are two (a start given by its year only joins the one exact start it holds).
NAME = "reconcile.figures.v3"

# (measure, victims, place, perpetrator): what a series counts, whatever its period.
What = tuple[str, str, str, str]
# What, and the period's start: what makes two figures points of one series.
Key = tuple[str, str, str, str, str]


def _what(claim: Claim) -> What:
    place = claim.place.place.id if claim.place and claim.place.place else ""
    return claim.measure or "", claim.victims or "", place, claim.perpetrator or ""


def _within(inner: DateValue, outer: DateValue) -> bool:
    """Whether every day ``inner`` may mean is one ``outer`` may mean (September 2015 is within 2015)."""
    first, last, start, end = inner.first_day, inner.last_day, outer.first_day, outer.last_day
    if first is None or last is None or start is None or end is None:
        return inner == outer
    return start <= first and last <= end


def _period_keys(starts: set[DateValue]) -> dict[DateValue, str]:
    """Each period start -> the start its series goes by: the one most exact start it holds ("since 2015" is
    "since September 30, 2015" where that is the only start of 2015 given), else its own (where it holds
    several: "since January 2015" and "since September 2015" are two periods, and "since 2015" either)."""
    exact = [s for s in starts if not any(t != s and _within(t, s) for t in starts)]
    keys = {}
    for start in starts:
        held = [t for t in exact if _within(t, start)]
        keys[start] = (held[0] if len(held) == 1 else start).value or ""
    return keys


def _keys(claims: list[Claim]) -> list[Key]:
    """Each figure's series key (``Key``)."""
    starts: dict[What, set[DateValue]] = {}
    for claim in claims:
        if claim.period_start is not None and claim.period_start.value:
            starts.setdefault(_what(claim), set()).add(claim.period_start)
    period = {what: _period_keys(found) for what, found in starts.items()}
    keys = []
    for claim in claims:
        start = claim.period_start
        since = period[_what(claim)][start] if start is not None and start.value else ""
        keys.append((*_what(claim), since))
    return keys


def _series_id(key: Key) -> str:
    measure, victims, place, perpetrator, since = key
    # No perpetrator: the id figures.v1 gave a series of no period (a start's year was its key then, so a
    # series with a period start has a new id).
    parts = (measure, victims, place, since, perpetrator) if perpetrator else (measure, victims, place, since)
    return sha256_hex("\x1f".join(parts).encode()).removeprefix("sha256:")[:16]


def _when(point: FigurePoint) -> tuple[dt.date, dt.date, str]:
    said = point.said_on.first_day or dt.date.min
    until = point.period_end.first_day if point.period_end and point.period_end.first_day else said
    return said, until, point.claim_id


def figure_series(claims: Iterable[Claim], published: Mapping[str, DateValue]) -> list[FigureSeries]:
    """Series from the figure claims, largest first; the same claims always give the same series and ids."""
    figures = [c for c in claims if c.kind == "figure" and c.measure and c.value is not None]
    registry = load_registry()
    groups: dict[Key, list[Claim]] = {}
    for claim, key in zip(figures, _keys(figures), strict=True):
        groups.setdefault(key, []).append(claim)
    series = []
    for key, members in groups.items():
        points = sorted(
            (
                FigurePoint(
                    claim_id=c.id,
                    document_id=c.document_id,
                    source=c.source,
                    value=c.value,  # type: ignore[arg-type]  # filtered above
                    text=c.text,
                    percent=c.percent,
                    period_start=c.period_start,
                    period_end=c.period_end,
                    said_on=published.get(c.document_id, DateValue(None)),
                    conceded=concedes(c, registry),
                )
                for c in members
            ),
            key=_when,
        )
        place = next((c.place for c in members if c.place and c.place.place), None)
        # What the accused side says of itself is shown, but kept apart: "latest" is the others' word.
        others = [p for p in points if not p.conceded] or points
        own = [p for p in points if p.conceded]
        series.append(
            FigureSeries(
                id=_series_id(key),
                measure=key[0],
                victims=key[1] or None,
                place=place,
                points=tuple(points),
                sources=tuple(sorted({p.source for p in points})),
                latest=others[-1].value,
                produced_by=NAME,
                perpetrator=key[3] or None,
                conceded_latest=own[-1].value if own else None,
            )
        )
    return sorted(series, key=lambda s: (-len(s.points), s.measure, s.id))
