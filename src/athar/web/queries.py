"""The web application's reads: incidents by filter, dossiers, documents, figures, map, timeline, search.

SQLAlchemy Core against the tables of :mod:`athar.store.schema`. Filter
columns are used where the store fills them; a few fields fall back to the
incident's record (canonical JSON) when a column is empty.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Integer, and_, case, cast, delete, func, insert, inspect, select, text, true
from sqlalchemy.engine import Engine, Row

from athar.records import Claim, CustodyEvent, Decision, Document, FigureSeries, Incident, utc_now
from athar.store.schema import claims, custody_events, decisions, documents, extractions, figure_series, incidents
from athar.store.tables_accounts import web_search_state

GRADES: tuple[str, ...] = ("confirmed", "fair", "weak", "contested", "discounted")
MAX_PAGE = 200


@dataclass(frozen=True)
class IncidentFilters:
    """What the incident list, the map, the timeline and the API filter by."""

    event_type: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    admin1: str | None = None
    perpetrator: str | None = None
    grade: str | None = None
    contested: bool | None = None
    target: str | None = None
    public_only: bool = False

    def conditions(self) -> list[Any]:
        c = incidents.c
        where: list[Any] = []
        if self.public_only:
            where.append(c.public.is_(True))
        if self.event_type:
            where.append(c.event_type == self.event_type)
        day = func.coalesce(c.date_day, c.date_first_day)  # as the ACLED CSV writes it: a month's 15th
        if self.date_from:
            where.append(day >= self.date_from)
        if self.date_to:
            where.append(day <= self.date_to)
        if self.admin1:
            where.append(c.admin1 == self.admin1)
        if self.grade:
            where.append(c.grade == self.grade)
        if self.contested is not None:
            where.append(c.contested.is_(self.contested))
        if self.perpetrator:
            from athar.extract.actors import actor_searched

            wanted = actor_searched(self.perpetrator)
            where.append(func.coalesce(c.perpetrators, c.record).contains(wanted, autoescape=True))
        if self.target:
            where.append(func.coalesce(c.targets, c.record).contains(self.target, autoescape=True))
        return where

    def query_string(self) -> dict[str, str]:
        """The filters as query parameters (for paging links)."""
        out = {
            "event_type": self.event_type or "",
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "admin1": self.admin1 or "",
            "perpetrator": self.perpetrator or "",
            "grade": self.grade or "",
            "contested": "" if self.contested is None else ("true" if self.contested else "false"),
            "target": self.target or "",
        }
        return {k: v for k, v in out.items() if v}


# -- incidents ------------------------------------------------------------------------


def _summary(row: Any, record: Incident | None = None) -> dict[str, Any]:
    """One incident row as the list and the API show it (filled from the record where columns are empty)."""
    place = record.place.place if record and record.place else None
    perpetrators = row.perpetrators
    if perpetrators is None and record is not None:
        perpetrators = "; ".join(a.actor for a in record.perpetrators)
    return {
        "id": row.id,
        "event_type": row.event_type,
        "sub_event_type": row.sub_event_type,
        "date": row.date,
        "location": row.location or (place.name if place else (record.place.text if record and record.place else None)),
        "admin1": row.admin1,
        "country": row.country or (place.country if place else None),
        "latitude": row.latitude if row.latitude is not None else (place.latitude if place else None),
        "longitude": row.longitude if row.longitude is not None else (place.longitude if place else None),
        "perpetrators": perpetrators or None,
        "targets": row.targets if row.targets is not None else ("; ".join(record.targets) if record else None),
        "grade": row.grade,
        "contested": bool(row.contested),
        "killed_min": row.killed_min,
        "killed_max": row.killed_max,
        "killed_best": row.killed_best if row.killed_best is not None else (record.killed_best if record else None),
        "claims": row.claim_count if row.claim_count is not None else (len(record.claims) if record else None),
        "public": bool(row.public),
    }


_SUMMARY_COLUMNS = [
    incidents.c[name]
    for name in (
        "id",
        "event_type",
        "sub_event_type",
        "date",
        "location",
        "admin1",
        "country",
        "latitude",
        "longitude",
        "perpetrators",
        "targets",
        "grade",
        "contested",
        "killed_min",
        "killed_max",
        "killed_best",
        "claim_count",
        "public",
    )
]


def count_incidents(engine: Engine, filters: IncidentFilters) -> int:
    """How many incidents match (the list's total: counting a million rows is most of a page's cost)."""
    with engine.connect() as conn:
        return int(
            conn.execute(
                select(func.count()).select_from(incidents).where(and_(True, *filters.conditions()))
            ).scalar_one()
        )


def list_incidents(
    engine: Engine, filters: IncidentFilters, *, limit: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    """One page of incidents, newest first."""
    where = filters.conditions()
    # Parse the record only for rows whose filter columns were never filled.
    fallback = case((incidents.c.location.is_(None), incidents.c.record), else_=None).label("fallback")
    query = (
        select(*_SUMMARY_COLUMNS, fallback)
        .where(and_(True, *where))
        .order_by(incidents.c.date_first_day.desc().nulls_last(), incidents.c.id)
        .limit(min(max(limit, 1), MAX_PAGE))
        .offset(max(offset, 0))
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    out = []
    for row in rows:
        record = Incident.from_dict(json.loads(row.fallback)) if row.fallback else None
        out.append(_summary(row, record))
    return out


def facets(engine: Engine, *, public_only: bool) -> dict[str, list[str]]:
    """The values the filter menus offer."""
    base = incidents.c.public.is_(True) if public_only else true()
    with engine.connect() as conn:
        types = conn.execute(select(incidents.c.event_type).where(base).distinct().order_by(incidents.c.event_type))
        places = conn.execute(
            select(incidents.c.admin1)
            .where(and_(base, incidents.c.admin1.is_not(None)))
            .distinct()
            .order_by(incidents.c.admin1)
        )
        return {"event_type": list(types.scalars()), "admin1": list(places.scalars()), "grade": list(GRADES)}


def incident(engine: Engine, incident_id: str) -> tuple[Incident, bool] | None:
    """An incident record and whether it is public."""
    with engine.connect() as conn:
        row = conn.execute(select(incidents.c.record, incidents.c.public).where(incidents.c.id == incident_id)).first()
    if row is None:
        return None
    return Incident.from_dict(json.loads(row.record)), bool(row.public)


_DOC_HEAD = [
    documents.c[n]
    for n in ("id", "item_sha256", "url", "title", "author", "outlet", "published", "published_precision", "language")
]


def document_heads(engine: Engine, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Documents' metadata without their bodies."""
    with engine.connect() as conn:
        rows: Iterable[Row[*tuple[Any, ...]]] = (
            conn.execute(select(*_DOC_HEAD).where(documents.c.id.in_(ids))) if ids else []
        )
        return {row.id: dict(row._mapping) for row in rows}


def document_bodies(engine: Engine, ids: list[str]) -> dict[str, str]:
    with engine.connect() as conn:
        rows: Iterable[Row[*tuple[Any, ...]]] = (
            conn.execute(select(documents.c.id, documents.c.body).where(documents.c.id.in_(ids))) if ids else []
        )
        return {row.id: row.body for row in rows}


def document(engine: Engine, document_id: str) -> Document | None:
    from athar.store.database import _row_document

    with engine.connect() as conn:
        row = conn.execute(select(documents).where(documents.c.id == document_id)).first()
    return _row_document(row) if row else None


def list_documents(engine: Engine, *, limit: int = 50, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    query = (
        select(*_DOC_HEAD)
        .order_by(documents.c.published_date.desc().nulls_last(), documents.c.id)
        .limit(min(max(limit, 1), MAX_PAGE))
        .offset(max(offset, 0))
    )
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
        total = conn.execute(select(func.count()).select_from(documents)).scalar_one()
    return rows, total


def list_claims(
    engine: Engine, *, document_id: str | None = None, kind: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[Claim], int]:
    where = []
    if document_id:
        where.append(claims.c.document_id == document_id)
    if kind:
        where.append(claims.c.kind == kind)
    query = (
        select(claims.c.record)
        .where(and_(True, *where))
        .order_by(claims.c.document_id, claims.c.span_start, claims.c.id)
        .limit(min(max(limit, 1), MAX_PAGE))
        .offset(max(offset, 0))
    )
    with engine.connect() as conn:
        found = [Claim.from_dict(json.loads(r)) for r in conn.execute(query).scalars()]
        total = conn.execute(select(func.count()).select_from(claims).where(and_(True, *where))).scalar_one()
    return found, total


def incidents_of_claims(engine: Engine, claim_ids: list[str]) -> dict[str, str]:
    """Which incident holds each claim (by searching the incidents' records)."""
    out: dict[str, str] = {}
    if not claim_ids:
        return out
    with engine.connect() as conn:
        for claim_id in claim_ids[:200]:
            row = conn.execute(
                select(incidents.c.id).where(incidents.c.record.contains(f'"{claim_id}"', autoescape=True)).limit(1)
            ).first()
            if row:
                out[claim_id] = row.id
    return out


def custody_of(engine: Engine, item_sha256: str) -> list[CustodyEvent]:
    from athar.store.database import _row_custody

    query = select(custody_events).where(custody_events.c.item_sha256 == item_sha256).order_by(custody_events.c.seq)
    with engine.connect() as conn:
        return [_row_custody(r) for r in conn.execute(query)]


def decisions_for(engine: Engine, incident_id: str) -> list[Decision]:
    """The analysts' decisions about an incident, oldest first."""
    query = select(decisions.c.record).where(decisions.c.incident_id == incident_id).order_by(decisions.c.seq)
    with engine.connect() as conn:
        return [Decision.from_dict(json.loads(r)) for r in conn.execute(query).scalars()]


def decision_history(engine: Engine, incident: Incident) -> list[Decision]:
    """The decisions made on an incident and those that shaped it (a merge made on another id), oldest first."""
    seen = {d.seq: d for d in decisions_for(engine, incident.id)}
    seen.update((d.seq, d) for d in decisions_by_seq(engine, list(incident.decisions)))
    return [seen[k] for k in sorted(seen)]


def decisions_by_seq(engine: Engine, seqs: list[int]) -> list[Decision]:
    if not seqs:
        return []
    query = select(decisions.c.record).where(decisions.c.seq.in_(seqs)).order_by(decisions.c.seq)
    with engine.connect() as conn:
        return [Decision.from_dict(json.loads(r)) for r in conn.execute(query).scalars()]


def _has_table(engine: Engine, name: str) -> bool:
    return inspect(engine).has_table(name)


def media_of(engine: Engine, incident_id: str) -> list[dict[str, Any]]:
    """Media an analyst tied to the incident (issue 7's table), when that table exists."""
    if not _has_table(engine, "incident_media"):
        return []
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT item_sha256, reason, actor, at FROM incident_media WHERE incident_id = :id ORDER BY at"),
            {"id": incident_id},
        )
        return [dict(r._mapping) for r in rows]


# -- map and timeline ------------------------------------------------------------------


def map_points(engine: Engine, filters: IncidentFilters, view: MapView | None = None) -> list[dict[str, Any]]:
    """Every matching incident (inside ``view``): id, coordinates, type, date, deaths, place, governorate."""
    fallback = case((incidents.c.latitude.is_(None), incidents.c.record), else_=None).label("fallback")
    query = select(
        incidents.c.id,
        incidents.c.latitude,
        incidents.c.longitude,
        incidents.c.event_type,
        incidents.c.date,
        incidents.c.killed_best,
        incidents.c.location,
        incidents.c.admin1,
        fallback,
    ).where(and_(True, *filters.conditions(), *(view.conditions() if view else ())))
    out = []
    with engine.connect() as conn:
        for row in conn.execute(query):
            lat, lon, location, killed = row.latitude, row.longitude, row.location, row.killed_best
            if row.fallback:
                record = Incident.from_dict(json.loads(row.fallback))
                place = record.place.place if record.place else None
                if place is not None:
                    lat, lon, location = place.latitude, place.longitude, location or place.name
                killed = killed if killed is not None else record.killed_best
            out.append(
                {
                    "id": row.id,
                    "lat": lat,
                    "lon": lon,
                    "type": row.event_type,
                    "date": row.date,
                    "killed": killed,
                    "location": location,
                    "admin1": row.admin1,
                }
            )
    return out


MAP_POINTS = 5000  # more incidents than this in view: the map gets counts per grid cell instead


@dataclass(frozen=True)
class MapView:
    """What a map shows: a box (west, south, east, north in degrees) and the side of a grid cell.

    The box is widened to whole cells, so that views panned by less than a
    cell share one cached answer and a cell's count never depends on the view.
    """

    west: float = -180.0
    south: float = -90.0
    east: float = 180.0
    north: float = 90.0
    cell: float = 1.0

    @classmethod
    def at(cls, bbox: tuple[float, float, float, float] | None, zoom: float | None) -> MapView:
        # ~48 screen pixels a cell at this zoom (a 256-pixel tile spans 360 / 2**zoom degrees), rounded to 2**k.
        zoom = min(18.0, max(0.0, 6.0 if zoom is None else zoom))
        cell = 2.0 ** round(math.log2(360 / 2**zoom * 48 / 256))
        west, south, east, north = bbox or (-180.0, -90.0, 180.0, 90.0)
        west, east = max(-180.0, min(west, east)), min(180.0, max(west, east))
        south, north = max(-90.0, min(south, north)), min(90.0, max(south, north))
        return cls(
            west=math.floor(west / cell) * cell,
            south=math.floor(south / cell) * cell,
            east=math.ceil(east / cell) * cell,
            north=math.ceil(north / cell) * cell,
            cell=cell,
        )

    def conditions(self) -> list[Any]:
        c = incidents.c
        return [c.latitude.between(self.south, self.north), c.longitude.between(self.west, self.east)]


def map_counts(engine: Engine, filters: IncidentFilters, view: MapView) -> tuple[int, int, int]:
    """How many incidents match: in all, without coordinates, and located inside the view."""
    c = incidents.c
    inside = case((and_(*view.conditions()), 1), else_=0)
    query = select(func.count(), func.count(c.latitude), func.sum(inside)).where(and_(True, *filters.conditions()))
    with engine.connect() as conn:
        total, located, in_view = conn.execute(query).one()
    return int(total), int(total) - int(located), int(in_view or 0)


def map_cells(engine: Engine, filters: IncidentFilters, view: MapView) -> list[dict[str, Any]]:
    """Matching incidents inside the view counted per grid cell, each placed at its incidents' mean position."""
    c = incidents.c
    row: ColumnElement[Any]
    col: ColumnElement[Any]
    if engine.dialect.name == "postgresql":
        row, col = func.floor((c.latitude + 90) / view.cell), func.floor((c.longitude + 180) / view.cell)
    else:  # CAST truncates in SQLite; the offsets keep both positive, so it is floor (no math functions needed)
        row = cast((c.latitude + 90) / view.cell, Integer)
        col = cast((c.longitude + 180) / view.cell, Integer)
    killed = func.coalesce(c.killed_best, c.killed_min, 0)
    query = (
        select(func.avg(c.latitude), func.avg(c.longitude), func.count(), func.sum(killed), func.min(c.id))
        .where(and_(*view.conditions(), *filters.conditions()))
        .group_by(row, col)
    )
    with engine.connect() as conn:
        return [
            {"lat": round(float(lat), 5), "lon": round(float(lon), 5), "count": n, "killed": int(dead or 0), "id": one}
            for lat, lon, n, dead, one in conn.execute(query)
        ]


def governorate_counts(engine: Engine, filters: IncidentFilters) -> list[dict[str, Any]]:
    """Matching incidents counted per governorate (the public map's clusters: it never shows finer places)."""
    c = incidents.c
    killed = func.coalesce(c.killed_best, c.killed_min, 0)
    query = (
        select(c.admin1, func.count(), func.sum(killed), func.min(c.id))
        .where(and_(True, *filters.conditions()))
        .group_by(c.admin1)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return [{"admin1": a, "count": n, "killed": int(dead or 0), "id": one} for a, n, dead, one in rows]


def week_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def timeline(engine: Engine, filters: IncidentFilters) -> dict[str, Any]:
    """Incidents and deaths per week (Monday) by event type."""
    killed = func.coalesce(incidents.c.killed_best, incidents.c.killed_min, 0)
    query = (
        select(incidents.c.date_first_day, incidents.c.event_type, func.count(), func.sum(killed))
        .where(and_(incidents.c.date_first_day.is_not(None), *filters.conditions()))
        .group_by(incidents.c.date_first_day, incidents.c.event_type)
    )
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    deaths: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    with engine.connect() as conn:
        for day, event_type, n, dead in conn.execute(query):
            if isinstance(day, str):
                day = dt.date.fromisoformat(day)
            week = week_of(day).isoformat()
            counts[week][event_type] += n
            deaths[week][event_type] += int(dead or 0)
    weeks = sorted(counts)
    types = sorted({t for w in counts.values() for t in w})
    return {
        "weeks": weeks,
        "types": types,
        "incidents": {w: dict(counts[w]) for w in weeks},
        "deaths": {w: dict(deaths[w]) for w in weeks},
    }


# -- figures ----------------------------------------------------------------------------


def list_figures(
    engine: Engine, *, measure: str | None = None, admin1: str | None = None, limit: int = 50, offset: int = 0
) -> tuple[list[FigureSeries], int, list[str]]:
    where = []
    if measure:
        where.append(figure_series.c.measure == measure)
    if admin1:
        where.append(figure_series.c.admin1 == admin1)
    query = (
        select(figure_series.c.record)
        .where(and_(True, *where))
        .order_by(figure_series.c.measure, figure_series.c.admin1, figure_series.c.id)
        .limit(min(max(limit, 1), MAX_PAGE))
        .offset(max(offset, 0))
    )
    with engine.connect() as conn:
        found = [FigureSeries.from_dict(json.loads(r)) for r in conn.execute(query).scalars()]
        total = conn.execute(select(func.count()).select_from(figure_series).where(and_(True, *where))).scalar_one()
        measures = list(
            conn.execute(select(figure_series.c.measure).distinct().order_by(figure_series.c.measure)).scalars()
        )
    return found, total, measures


def figures_by_measure(engine: Engine) -> list[dict[str, Any]]:
    """Per measure, victims and governorate: how many series, and the largest latest figure with its series' sources.
    Never a sum: series overlap (a total and its part by one perpetrator, two monitors' counts of one war)."""
    query = select(figure_series.c.measure, figure_series.c.admin1, figure_series.c.record)
    table: dict[tuple[str, str, str], dict[str, Any]] = {}
    with engine.connect() as conn:
        for row in conn.execute(query):
            series = FigureSeries.from_dict(json.loads(row.record))
            key = (row.measure, series.victims or "", row.admin1 or "(unlocated)")
            entry = table.setdefault(
                key,
                {"measure": key[0], "victims": key[1], "admin1": key[2], "series": 0, "largest": None, "sources": ()},
            )
            entry["series"] += 1
            latest = series.latest
            value = None if latest is None else latest.max if latest.max is not None else latest.min
            if value is not None and (entry["largest"] is None or value > entry["largest"]):
                entry["largest"], entry["sources"] = value, series.sources
    return [table[k] for k in sorted(table)]


# -- full-text search -------------------------------------------------------------------


def _fingerprint(engine: Engine) -> str:
    with engine.connect() as conn:
        parts = [
            conn.execute(select(func.count(), func.max(documents.c.created_at))).one(),
            conn.execute(select(func.count(), func.max(extractions.c.extracted_at))).one(),
            conn.execute(select(func.count()).select_from(claims)).one(),
        ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def fts_available(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite" and _has_table(engine, "web_fts")


def refresh_index(engine: Engine, *, force: bool = False) -> int | None:
    """Rebuild the full-text index if documents or claims changed since it was built; returns rows or None."""
    if not fts_available(engine):
        return None
    fingerprint = _fingerprint(engine)
    with engine.connect() as conn:
        state = conn.execute(select(web_search_state).where(web_search_state.c.id == 1)).first()
    if state is not None and state.fingerprint == fingerprint and not force:
        return None
    rows = 0
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM web_fts"))
        insert_row = text("INSERT INTO web_fts(kind, ref, title, body) VALUES (:kind, :ref, :title, :body)")
        batch: list[dict[str, Any]] = []
        docs = conn.execution_options(yield_per=1000).execute(
            select(documents.c.id, documents.c.title, documents.c.outlet, documents.c.body)
        )
        for row in docs:
            title = " — ".join(p for p in (row.title, row.outlet) if p)
            batch.append({"kind": "document", "ref": row.id, "title": title, "body": row.body})
            if len(batch) >= 500:
                conn.execute(insert_row, batch)
                rows += len(batch)
                batch = []
        found = conn.execution_options(yield_per=1000).execute(select(claims.c.id, claims.c.source, claims.c.record))
        for claim_row in found:
            claim = json.loads(claim_row.record)
            title = " ".join(p for p in (claim_row.source, claim.get("perpetrator"), claim.get("event_type")) if p)
            batch.append({"kind": "claim", "ref": claim_row.id, "title": title, "body": claim.get("text", "")})
            if len(batch) >= 500:
                conn.execute(insert_row, batch)
                rows += len(batch)
                batch = []
        if batch:
            conn.execute(insert_row, batch)
            rows += len(batch)
        conn.execute(delete(web_search_state))
        conn.execute(insert(web_search_state).values(id=1, fingerprint=fingerprint, rows=rows, built_at=utc_now()))
    return rows


_WORD = re.compile(r"\w+", re.UNICODE)
HIT_START, HIT_END = "\x02", "\x03"


def fts_query(q: str) -> str:
    """A user's words as an FTS5 query: every word must appear (quoted, so no operator syntax leaks in)."""
    words = _WORD.findall(q)[:20]
    return " ".join(f'"{w}"' for w in words)


def search(
    engine: Engine, q: str, *, kind: str | None = None, limit: int = 20, offset: int = 0
) -> tuple[list[dict[str, Any]], int]:
    """Documents and claims matching ``q``, best first, with a snippet (hits between \\x02 and \\x03)."""
    match = fts_query(q)
    if not match:
        return [], 0
    limit = min(max(limit, 1), MAX_PAGE)
    if fts_available(engine):
        refresh_index(engine)
        where = "web_fts MATCH :q" + (" AND kind = :kind" if kind else "")
        sql = text(
            f"SELECT kind, ref, title, snippet(web_fts, 3, '{HIT_START}', '{HIT_END}', '…', 24) AS snip "
            f"FROM web_fts WHERE {where} ORDER BY rank LIMIT :limit OFFSET :offset"
        )
        params = {"q": match, "kind": kind, "limit": limit, "offset": max(offset, 0)}
        with engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(sql, params)]
            total = conn.execute(text(f"SELECT count(*) FROM web_fts WHERE {where}"), params).scalar_one()
            claim_ids = [r["ref"] for r in rows if r["kind"] == "claim"]
            homes = dict(
                conn.execute(select(claims.c.id, claims.c.document_id).where(claims.c.id.in_(claim_ids))).all()
            )
        for row in rows:
            row["document_id"] = row["ref"] if row["kind"] == "document" else homes.get(row["ref"])
        return rows, total
    if engine.dialect.name == "postgresql":
        return _search_postgres(engine, " ".join(_WORD.findall(q)[:20]), kind=kind, limit=limit, offset=offset)
    return _search_like(engine, _WORD.findall(q)[:20], kind=kind, limit=limit, offset=offset)


# PostgreSQL's own text search, on the expression indexes of migration 0007 (the expressions must match them).
_PG_DOCUMENT_TEXT = "to_tsvector('simple', coalesce(title, '') || ' ' || body)"
_PG_CLAIM_TEXT = "to_tsvector('simple', (record::json ->> 'text'))"


def _search_postgres(
    engine: Engine, words: str, *, kind: str | None, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """Documents and claims whose words include every word asked for, best ranked first, with a snippet."""
    parts = []
    if kind in (None, "document"):
        parts.append(
            "SELECT 'document' AS kind, id AS ref, title, id AS document_id, "
            f"ts_headline('simple', body, q, :options) AS snip, ts_rank({_PG_DOCUMENT_TEXT}, q) AS score "
            f"FROM documents, plainto_tsquery('simple', :q) AS q WHERE {_PG_DOCUMENT_TEXT} @@ q"
        )
    if kind in (None, "claim"):
        parts.append(
            "SELECT 'claim' AS kind, id AS ref, source AS title, document_id, "
            "ts_headline('simple', record::json ->> 'text', q, :options) AS snip, "
            f"ts_rank({_PG_CLAIM_TEXT}, q) AS score "
            f"FROM claims, plainto_tsquery('simple', :q) AS q WHERE {_PG_CLAIM_TEXT} @@ q"
        )
    if not parts:
        return [], 0
    union = " UNION ALL ".join(parts)
    params = {
        "q": words,
        "options": f"StartSel={HIT_START}, StopSel={HIT_END}, MaxWords=24, MinWords=8",
        "limit": limit,
        "offset": max(offset, 0),
    }
    with engine.connect() as conn:
        found = conn.execute(
            text(
                f"SELECT kind, ref, title, document_id, snip FROM ({union}) AS hits "
                "ORDER BY score DESC, ref LIMIT :limit OFFSET :offset"
            ),
            params,
        )
        rows = [dict(r._mapping) for r in found]
        total = conn.execute(text(f"SELECT count(*) FROM ({union}) AS hits"), params).scalar_one()
    return rows, total


def _search_like(
    engine: Engine, words: list[str], *, kind: str | None, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int]:
    """Search with neither FTS5 nor PostgreSQL: every word somewhere in the body, case-insensitive."""
    rows: list[dict[str, Any]] = []
    total = 0
    for name, table, column, title in (
        ("document", documents, documents.c.body, documents.c.title),
        ("claim", claims, claims.c.record, claims.c.source),
    ):
        if kind and kind != name:
            continue
        cond = and_(*[column.ilike(f"%{w}%") for w in words])
        with engine.connect() as conn:
            total += conn.execute(select(func.count()).select_from(table).where(cond)).scalar_one()
            query = select(table.c.id, title.label("title"), column.label("record")).where(cond).limit(offset + limit)
            for row in conn.execute(query):
                home = row.id if name == "document" else json.loads(row.record)["document_id"]
                rows.append({"kind": name, "ref": row.id, "title": row.title, "snip": "", "document_id": home})
    return rows[offset : offset + limit], total


class ResultCache:
    """Recent results of the heavy reads (map views, list totals, timeline, filter menus), keyed with the custody head.

    Incidents and figures change only by writes that extend the custody chain,
    so a key that includes the head never serves a stale result.
    """

    def __init__(self, size: int = 128) -> None:
        self.size = size
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any, compute: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = compute()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value
