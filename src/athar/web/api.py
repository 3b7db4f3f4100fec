"""The JSON API (read-only): incidents, claims, documents, figures, map points, timeline, search.

Same roles as the pages: the public gets only public incidents, with the
fields :mod:`athar.web.public` withholds; claims, documents, figures and
search need a viewer. Every list is paged (``limit`` ≤ 200, ``offset``) and
says its ``total``. Errors have one shape: ``{"ok": false, "error", "code", "status"}``.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import math
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from athar.errors import InputError, NotFoundError
from athar.web import public, queries
from athar.web.app import need

router = APIRouter(prefix="/api", tags=["api"])

Limit = Query(50, ge=1, le=queries.MAX_PAGE)
Offset = Query(0, ge=0, le=10_000_000)


def _filters(
    public_only: bool,
    event_type: str | None,
    date_from: dt.date | None,
    date_to: dt.date | None,
    admin1: str | None,
    perpetrator: str | None,
    grade: str | None,
    contested: bool | None,
    target: str | None,
) -> queries.IncidentFilters:
    return queries.IncidentFilters(
        event_type=event_type or None,
        date_from=date_from,
        date_to=date_to,
        admin1=admin1 or None,
        perpetrator=(perpetrator or "")[:100] or None,
        grade=grade or None,
        contested=contested,
        target=(target or "")[:100] or None,
        public_only=public_only,
    )


def incident_filters(
    request: Request,
    event_type: str | None = Query(None, max_length=60),
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    admin1: str | None = Query(None, max_length=100),
    perpetrator: str | None = Query(None, max_length=100),
    grade: Literal["confirmed", "fair", "weak", "contested", "discounted"] | None = None,
    contested: bool | None = None,
    target: str | None = Query(None, max_length=100),
) -> queries.IncidentFilters:
    """The incident filters of a request's query (the public: public incidents only)."""
    viewer = need(request, "public")
    return _filters(viewer.public, event_type, date_from, date_to, admin1, perpetrator, grade, contested, target)


Filters = Annotated[queries.IncidentFilters, Depends(incident_filters)]


def _page(items: list[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    return {"ok": True, "total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/incidents", summary="Incidents, filtered and paged (public: public incidents only)")
def api_incidents(request: Request, filters: Filters, limit: int = Limit, offset: int = Offset) -> dict[str, Any]:
    rows = queries.list_incidents(request.app.state.workspace.db.engine, filters, limit=limit, offset=offset)
    total = cached_count(request, filters)
    if filters.public_only:
        rows = [public.public_summary(r) for r in rows]
    return _page(rows, total, limit, offset)


@router.get("/incidents/{incident_id}", summary="One incident (public: if public, with fields withheld)")
def api_incident(request: Request, incident_id: str) -> dict[str, Any]:
    viewer = need(request, "public")
    engine = request.app.state.workspace.db.engine
    found = queries.incident(engine, incident_id)
    if found is None or (viewer.public and not found[1]):
        raise NotFoundError("ATH405", ref=incident_id)
    incident, is_public = found
    if viewer.public:
        claims = request.app.state.workspace.db.claims_by_id(incident.claims)
        ordered = [claims[c] for c in incident.claims if c in claims]
        return {"ok": True, "incident": public.public_incident(incident, ordered, request.app.state.registry)}
    decisions = [d.to_dict() for d in queries.decision_history(engine, incident)]
    return {"ok": True, "incident": incident.to_dict(), "public": is_public, "decisions": decisions}


@router.get("/claims", summary="Claims, paged (viewer)")
def api_claims(
    request: Request,
    document_id: str | None = Query(None, max_length=16),
    kind: Literal["incident", "figure", "denial", "allegation"] | None = None,
    limit: int = Limit,
    offset: int = Offset,
) -> dict[str, Any]:
    need(request, "viewer")
    found, total = queries.list_claims(
        request.app.state.workspace.db.engine, document_id=document_id, kind=kind, limit=limit, offset=offset
    )
    return _page([c.to_dict() for c in found], total, limit, offset)


@router.get("/claims/{claim_id}", summary="One claim (viewer)")
def api_claim(request: Request, claim_id: str) -> dict[str, Any]:
    need(request, "viewer")
    found = request.app.state.workspace.db.claims_by_id([claim_id])
    if claim_id not in found:
        raise NotFoundError("ATH401", ref=claim_id)
    return {"ok": True, "claim": found[claim_id].to_dict()}


@router.get("/documents", summary="Documents without their bodies, newest first (viewer)")
def api_documents(request: Request, limit: int = Limit, offset: int = Offset) -> dict[str, Any]:
    need(request, "viewer")
    rows, total = queries.list_documents(request.app.state.workspace.db.engine, limit=limit, offset=offset)
    return _page(rows, total, limit, offset)


@router.get("/documents/{document_id}", summary="One document with its body and comments (viewer)")
def api_document(request: Request, document_id: str) -> dict[str, Any]:
    need(request, "viewer")
    doc = queries.document(request.app.state.workspace.db.engine, document_id)
    if doc is None:
        raise NotFoundError("ATH401", ref=document_id)
    return {"ok": True, "document": doc.to_dict()}


@router.get("/figures", summary="Figure series by measure and governorate (viewer)")
def api_figures(
    request: Request,
    measure: str | None = Query(None, max_length=40),
    admin1: str | None = Query(None, max_length=100),
    limit: int = Limit,
    offset: int = Offset,
) -> dict[str, Any]:
    need(request, "viewer")
    found, total, _ = queries.list_figures(
        request.app.state.workspace.db.engine, measure=measure, admin1=admin1, limit=limit, offset=offset
    )
    return _page([s.to_dict() for s in found], total, limit, offset)


@router.get("/map", summary="Incidents for the map: points, or counts per grid cell when many are in view")
def api_map(
    request: Request,
    filters: Filters,
    bbox: str | None = Query(None, max_length=120, description="west,south,east,north in degrees"),
    zoom: float | None = Query(None, ge=0, le=30, description="the map's zoom level: sets the grid cell"),
) -> Response:
    """Up to ``MAP_POINTS`` incidents in view come as points; more come as clusters, one per grid cell.

    The public sees governorates only: its points sit on governorate centres,
    its clusters are governorates, and the box is ignored (a box around exact
    coordinates could otherwise probe where an incident is).
    """
    public_only = filters.public_only
    view = queries.MapView.at(None if public_only else _bbox(bbox), None if public_only else zoom)
    workspace = request.app.state.workspace
    key = ("map", filters, view, workspace.db.custody_head())

    def compute() -> tuple[bytes, bytes]:
        body = json.dumps(_map_body(workspace.db.engine, filters, view, public_only), separators=(",", ":"))
        return body.encode(), gzip.compress(body.encode(), compresslevel=5, mtime=0)

    body, packed = request.app.state.cache.get(key, compute)
    if "gzip" in request.headers.get("accept-encoding", ""):
        return Response(
            packed, media_type="application/json", headers={"Content-Encoding": "gzip", "Vary": "Accept-Encoding"}
        )
    return Response(body, media_type="application/json", headers={"Vary": "Accept-Encoding"})


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if not value:
        return None
    try:
        west, south, east, north = (float(x) for x in value.split(","))
    except ValueError:
        raise InputError("ATH209", name="map", field="bbox", value=value, reason="give west,south,east,north") from None
    if not all(math.isfinite(x) for x in (west, south, east, north)):
        raise InputError("ATH209", name="map", field="bbox", value=value, reason="numbers only")
    return west, south, east, north


POINT_COLUMNS = ("id", "lat", "lon", "type", "date", "killed", "location")
CLUSTER_COLUMNS = ("lat", "lon", "count", "killed", "id")


def _map_body(
    engine: Any, filters: queries.IncidentFilters, view: queries.MapView, public_only: bool
) -> dict[str, Any]:
    if public_only:
        counts = queries.governorate_counts(engine, filters)
        for g in counts:
            g["lat"], g["lon"] = public.public_point(g["admin1"])
        total = in_view = sum(g["count"] for g in counts)
        unlocated = sum(g["count"] for g in counts if g["lat"] is None)
        clusters = [g for g in counts if g["lat"] is not None] if total > queries.MAP_POINTS else []
        points = [] if clusters else queries.map_points(engine, filters)
        for p in points:
            p["lat"], p["lon"] = public.public_point(p["admin1"])
            p["location"] = p["admin1"]
    else:
        total, unlocated, in_view = queries.map_counts(engine, filters, view)
        clusters = queries.map_cells(engine, filters, view) if in_view > queries.MAP_POINTS else []
        points = [] if clusters else queries.map_points(engine, filters, view)
    located = [p for p in points if p["lat"] is not None and p["lon"] is not None]
    # Columns, not objects: 5,000 points or a few thousand cells stay small.
    return {
        "ok": True,
        "total": total,
        "unlocated": unlocated,
        "in_view": in_view,
        "cell": view.cell if clusters and not public_only else None,
        "columns": list(POINT_COLUMNS),
        "rows": [[p[k] for k in POINT_COLUMNS] for p in located],
        "cluster_columns": list(CLUSTER_COLUMNS),
        "clusters": [[c[k] for k in CLUSTER_COLUMNS] for c in clusters],
    }


@router.get("/governorates", summary="Governorate centroids from the gazetteer (for the map)")
def api_governorates(request: Request) -> dict[str, Any]:
    need(request, "public")
    found = public.governorate_centroids()
    return {"ok": True, "items": [{"name": n, "lat": lat, "lon": lon} for n, (lat, lon) in sorted(found.items())]}


@router.get("/timeline", summary="Incidents and deaths per week by event type")
def api_timeline(
    request: Request,
    event_type: str | None = Query(None, max_length=60),
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    admin1: str | None = Query(None, max_length=100),
    grade: Literal["confirmed", "fair", "weak", "contested", "discounted"] | None = None,
) -> dict[str, Any]:
    viewer = need(request, "public")
    filters = _filters(viewer.public, event_type, date_from, date_to, admin1, None, grade, None, None)
    return {"ok": True, **cached_timeline(request, filters)}


def cached_timeline(request: Request, filters: queries.IncidentFilters) -> dict[str, Any]:
    db = request.app.state.workspace.db
    timeline: dict[str, Any] = request.app.state.cache.get(
        ("timeline", filters, db.custody_head()), lambda: queries.timeline(db.engine, filters)
    )
    return timeline


def cached_count(request: Request, filters: queries.IncidentFilters) -> int:
    db = request.app.state.workspace.db
    count: int = request.app.state.cache.get(
        ("count", filters, db.custody_head()), lambda: queries.count_incidents(db.engine, filters)
    )
    return count


def cached_facets(request: Request, public_only: bool) -> dict[str, list[str]]:
    db = request.app.state.workspace.db
    key = ("facets", public_only, db.custody_head())
    menus: dict[str, list[str]] = request.app.state.cache.get(
        key, lambda: queries.facets(db.engine, public_only=public_only)
    )
    return menus


@router.get("/search", summary="Full-text search over documents and claims (viewer)")
def api_search(
    request: Request,
    q: str = Query(..., min_length=1, max_length=200),
    kind: Literal["document", "claim"] | None = None,
    limit: int = Query(20, ge=1, le=queries.MAX_PAGE),
    offset: int = Offset,
) -> dict[str, Any]:
    need(request, "viewer")
    rows, total = queries.search(request.app.state.workspace.db.engine, q, kind=kind, limit=limit, offset=offset)
    for row in rows:
        row["snippet"] = (row.pop("snip") or "").replace(queries.HIT_START, "«").replace(queries.HIT_END, "»")
    return _page(rows, total, limit, offset)


@router.get("/docs", include_in_schema=False)
def api_docs(request: Request) -> HTMLResponse:
    viewer = need(request, "public")
    response: HTMLResponse = request.app.state.templates.TemplateResponse(request, "api_docs.html", {"viewer": viewer})
    return response


@router.get("/me", summary="Who is signed in")
def api_me(request: Request) -> dict[str, Any]:
    viewer = need(request, "public")
    return {"ok": True, "name": viewer.user.name if viewer.user else None, "role": viewer.role}
