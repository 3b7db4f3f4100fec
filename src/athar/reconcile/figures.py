"""Aggregate figures reconciled into series: one measure, place and period, every source's figure shown.

SNHR's "more than 6,500 civilians killed by Russian forces since 2015" and a
later "6,969 civilians since September 2015" are two points of one series
(killed, civilians, Syria, since 2015); the UN's "70 % of buildings in Raqqa
destroyed" starts another. Points are ordered by when they were said, so a
series shows how a count grew and where sources disagree; nothing is averaged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from athar.records import Claim, DateValue, FigurePoint, FigureSeries, sha256_hex

NAME = "reconcile.figures.v1"


def _key(claim: Claim) -> tuple[str, str, str, str]:
    """(measure, victims, place, period start year): what makes two figures points of one series."""
    place = claim.place.place.id if claim.place and claim.place.place else ""
    start = claim.period_start.value[:4] if claim.period_start and claim.period_start.value else ""
    return claim.measure or "", claim.victims or "", place, start


def _when(point: FigurePoint) -> tuple[dt.date, dt.date, str]:
    said = point.said_on.first_day or dt.date.min
    until = point.period_end.first_day if point.period_end and point.period_end.first_day else said
    return said, until, point.claim_id


def figure_series(claims: Iterable[Claim], published: Mapping[str, DateValue]) -> list[FigureSeries]:
    """Series from the figure claims, largest first; the same claims always give the same series and ids."""
    groups: dict[tuple[str, str, str, str], list[Claim]] = {}
    for claim in claims:
        if claim.kind == "figure" and claim.measure and claim.value is not None:
            groups.setdefault(_key(claim), []).append(claim)
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
                )
                for c in members
            ),
            key=_when,
        )
        place = next((c.place for c in members if c.place and c.place.place), None)
        series.append(
            FigureSeries(
                id=sha256_hex("\x1f".join(key).encode()).removeprefix("sha256:")[:16],
                measure=key[0],
                victims=key[1] or None,
                place=place,
                points=tuple(points),
                sources=tuple(sorted({p.source for p in points})),
                latest=points[-1].value,
                produced_by=NAME,
            )
        )
    return sorted(series, key=lambda s: (-len(s.points), s.measure, s.id))
