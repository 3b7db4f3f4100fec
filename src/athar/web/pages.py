"""The HTML pages: incidents, dossier, documents, search, figures, map, timeline, upload, accounts."""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import re
import secrets
import shutil
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape
from starlette.datastructures import UploadFile

from athar.errors import AtharError, InputError, NotFoundError
from athar.records import Claim, Count, Incident
from athar.web import api, public, queries
from athar.web.app import LOGIN_CSRF_COOKIE, SESSION_COOKIE, Denied, Viewer, need, viewer_of
from athar.web.auth import ROLES, SESSION_SECONDS

logger = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)
PAGE = 50
DECISION_ACTIONS = ("merge", "split", "grade", "correct", "publish")
DECISION_FIELDS = ("event_type", "sub_event_type", "date", "location", "killed", "injured", "perpetrator")


# -- helpers ---------------------------------------------------------------------------


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    context.setdefault("viewer", viewer_of(request))
    return templates.TemplateResponse(request, name, context, status_code=status)


async def form_of(request: Request, viewer: Viewer) -> dict[str, Any]:
    """The submitted form, after checking its CSRF token against the session's."""
    form = await request.form()
    token = form.get("csrf_token") or request.headers.get("x-csrf-token") or ""
    if not viewer.csrf or not isinstance(token, str) or not secrets.compare_digest(token, viewer.csrf):
        raise Denied(403, "the form's CSRF token is missing or stale; reload the page and try again")
    return {k: form.getlist(k) if len(form.getlist(k)) > 1 else form.get(k) for k in form}


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def filters_from(params: Any, *, public_only: bool) -> queries.IncidentFilters:
    contested = params.get("contested")
    return queries.IncidentFilters(
        event_type=params.get("event_type") or None,
        date_from=_date(params.get("date_from")),
        date_to=_date(params.get("date_to")),
        admin1=params.get("admin1") or None,
        perpetrator=(params.get("perpetrator") or "").strip()[:100] or None,
        grade=params.get("grade") or None,
        contested=True if contested == "true" else False if contested == "false" else None,
        target=(params.get("target") or "").strip()[:100] or None,
        public_only=public_only,
    )


def _int(value: Any, default: int = 0) -> int:
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return default


def count_text(c: Any) -> str:
    """A count as reported: "8", "8–10", "at least 8"."""
    if c is None:
        return ""
    lo, hi = (c.min, c.max) if isinstance(c, Count) else (c.get("min"), c.get("max"))
    if lo is None and hi is None:
        return ""
    if hi is None:
        return f"at least {lo:,}"
    if lo is None:
        return f"up to {hi:,}"
    return f"{lo:,}" if lo == hi else f"{lo:,}–{hi:,}"


def highlight(body: str, spans: list[tuple[int, int, str, str]]) -> Markup:
    """The body, escaped, with every span (start, end, anchor id, css class) marked; overlapping spans share marks."""
    valid = [(a, b, anchor, css) for a, b, anchor, css in spans if 0 <= a < b <= len(body)]
    cuts = sorted({0, len(body), *(a for a, *_ in valid), *(b for _, b, *_ in valid)})
    starts: dict[int, list[str]] = {}
    for a, _b, anchor, _css in valid:
        starts.setdefault(a, []).append(anchor)
    out: list[str] = []
    for a, b in itertools.pairwise(cuts):
        out.extend(f'<span id="{escape(anchor)}" class="anchor"></span>' for anchor in starts.get(a, ()))
        covering = sorted({css for s, e, _anchor, css in valid if s <= a and e >= b})
        text = str(escape(body[a:b]))
        if covering:
            classes = " ".join(dict.fromkeys(" ".join(covering).split()))
            out.append(f'<mark class="{escape(classes)}">{text}</mark>')
        else:
            out.append(text)
    return Markup("".join(out))


def excerpt(body: str, start: int, end: int, *, context: int = 240) -> Markup:
    """The claim's sentence highlighted within a little of the text around it."""
    lo, hi = max(0, start - context), min(len(body), end + context)
    before, after = body[lo:start], body[end:hi]
    return Markup(
        ("…" if lo else "")
        + str(escape(before))
        + f'<mark class="claim">{escape(body[start:end])}</mark>'
        + str(escape(after))
        + ("…" if hi < len(body) else "")
    )


def snippet_html(snip: str | None) -> Markup:
    text = str(escape(snip or ""))
    return Markup(text.replace(queries.HIT_START, "<mark>").replace(queries.HIT_END, "</mark>"))


def install_filters(templates: Jinja2Templates) -> None:
    env = templates.env
    env.filters["count"] = count_text
    env.filters["snippet"] = snippet_html
    env.globals["urlencode"] = urlencode
    env.globals["roles"] = ROLES


_LOCAL_PATH = re.compile(r"^/(?![/\\])[\w\-./?=&%+~]*$")


def _safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site only (no scheme, host, or control characters)."""
    return target if target and _LOCAL_PATH.match(target) else "/incidents"


# -- signing in and out -----------------------------------------------------------------


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/incidents", status_code=303)


@router.get("/login")
def login_page(request: Request, next: str = "/incidents") -> HTMLResponse:
    accounts = request.app.state.accounts
    token = accounts.anonymous_csrf()
    response = render(request, "login.html", {"csrf": token, "next": _safe_next(next), "error": None})
    _set_cookie(request, response, LOGIN_CSRF_COOKIE, token, max_age=3600)
    return response


@router.post("/login")
async def login(request: Request) -> Response:
    accounts = request.app.state.accounts
    form = await request.form()
    name = str(form.get("name") or "").strip()[:80]
    password = str(form.get("password") or "")
    target = _safe_next(str(form.get("next") or ""))
    token = accounts.anonymous_csrf()

    def again(message: str, status: int) -> HTMLResponse:
        response = render(
            request, "login.html", {"csrf": token, "next": target, "error": message, "name": name}, status=status
        )
        _set_cookie(request, response, LOGIN_CSRF_COOKIE, token, max_age=3600)
        return response

    if not accounts.valid_anonymous_csrf(request.cookies.get(LOGIN_CSRF_COOKIE), str(form.get("csrf_token") or "")):
        return again("The form expired; please sign in again.", 403)
    address = request.client.host if request.client else "unknown"
    if accounts.throttled(name, address):
        response: Response = again("Too many failed sign-ins; wait 15 minutes and try again.", 429)
        response.headers["Retry-After"] = "900"
        return response
    user = accounts.authenticate(name, password, address)
    if user is None:
        return again("Wrong name or password.", 401)
    response = RedirectResponse(target, status_code=303)
    _set_cookie(request, response, SESSION_COOKIE, accounts.open_session(user), max_age=SESSION_SECONDS)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/")
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    viewer = need(request, "viewer")
    await form_of(request, viewer)
    request.app.state.accounts.close_session(request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _set_cookie(request: Request, response: Response, name: str, value: str, *, max_age: int) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        secure=request.app.state.secure_cookies,
        samesite="strict" if name == SESSION_COOKIE else "lax",
    )


# -- incidents ----------------------------------------------------------------------------


@router.get("/incidents")
def incident_list(request: Request) -> HTMLResponse:
    viewer = need(request, "public")
    engine = request.app.state.workspace.db.engine
    filters = filters_from(request.query_params, public_only=viewer.public)
    offset = _int(request.query_params.get("offset"))
    rows, total = queries.list_incidents(engine, filters, limit=PAGE, offset=offset), api.cached_count(request, filters)
    if viewer.public:
        rows = [public.public_summary(r) for r in rows]
    return render(
        request,
        "incidents.html",
        {
            "rows": rows,
            "total": total,
            "offset": offset,
            "page": PAGE,
            "filters": filters,
            "query": filters.query_string(),
            "facets": api.cached_facets(request, viewer.public),
        },
    )


def _claim_view(claim: Claim, docs: dict[str, Any], bodies: dict[str, str], registry: Any) -> dict[str, Any]:
    entry = registry.find(claim.source) if claim.source else None
    doc = docs.get(claim.document_id) or {}
    body = bodies.get(claim.document_id, "")
    return {
        "claim": claim,
        "entry": entry,
        "doc": doc,
        "excerpt": excerpt(body, claim.start, claim.end) if body else claim.text,
    }


@router.get("/incidents/{incident_id}")
def dossier(request: Request, incident_id: str) -> HTMLResponse:
    viewer = need(request, "public")
    engine = request.app.state.workspace.db.engine
    found = queries.incident(engine, incident_id)
    if found is None or (viewer.public and not found[1]):
        raise NotFoundError("ATH405", ref=incident_id)
    incident, is_public = found
    registry = request.app.state.registry
    found_claims = request.app.state.workspace.db.claims_by_id(incident.claims)
    ordered = [found_claims[c] for c in incident.claims if c in found_claims]
    if viewer.public:
        return render(request, "public_incident.html", {"i": public.public_incident(incident, ordered, registry)})
    doc_ids = sorted({c.document_id for c in ordered})
    docs = queries.document_heads(engine, doc_ids)
    bodies = queries.document_bodies(engine, doc_ids)
    custody = {d["item_sha256"]: queries.custody_of(engine, d["item_sha256"]) for d in docs.values()}
    return render(
        request,
        "incident.html",
        {
            "i": incident,
            "is_public": is_public,
            "claims": [_claim_view(c, docs, bodies, registry) for c in ordered],
            "docs": docs,
            "custody": custody,
            "decisions": queries.decision_history(engine, incident),
            "media": queries.media_of(engine, incident_id),
            "grades": queries.GRADES,
            "fields": DECISION_FIELDS,
            "decisions_ready": _decisions_module() is not None,
            "message": done if (done := request.query_params.get("done")) in DECISION_ACTIONS else None,
        },
    )


def _decisions_module() -> Any:
    try:
        from athar.reconcile import decisions
    except ImportError:
        return None
    return decisions if hasattr(decisions, "decide") else None


def _ids(value: Any) -> tuple[str, ...]:
    values = value if isinstance(value, list) else [value or ""]
    return tuple(x for v in values for x in re.split(r"[\s,;]+", str(v)) if x)


@router.post("/incidents/{incident_id}/decide")
async def decide(request: Request, incident_id: str) -> Response:
    viewer = need(request, "analyst")
    form = await form_of(request, viewer)
    module = _decisions_module()
    if module is None:
        raise Denied(503, "analysts' decisions are not available in this version yet")
    action = str(form.get("action") or "")
    reason = str(form.get("reason") or "").strip()
    if action not in DECISION_ACTIONS:
        raise InputError("ATH209", name="decision", field="action", value=action, reason="unknown action")
    if not reason:
        raise InputError("ATH209", name="decision", field="reason", value="", reason="a reason is required")
    field = str(form.get("field") or "") or None
    value = str(form.get("value") or "") or None
    if action == "grade":
        field = "grade"
    if action == "publish":
        field, value = "public", ("true" if value in ("true", "1", "on") else "false")
    workspace = _acting(request, viewer)
    with request.app.state.write_lock:
        decision = module.decide(
            workspace,
            action,
            incident_id,
            reason=reason[:2000],
            actor=workspace.actor,
            others=_ids(form.get("others")),
            claims=_ids(form.get("claims")),
            field=field,
            value=value,
        )
    engine = request.app.state.workspace.db.engine
    target = decision.incident_id
    if queries.incident(engine, target) is None and decision.claims:
        target = queries.incidents_of_claims(engine, list(decision.claims[:1])).get(decision.claims[0], target)
    return RedirectResponse(f"/incidents/{target}?done={action}", status_code=303)


def _acting(request: Request, viewer: Viewer) -> Any:
    """The workspace, with the signed-in user as the actor custody records."""
    from athar.workspace import Workspace

    ws = request.app.state.workspace
    assert viewer.user is not None
    return Workspace(root=ws.root, blobs=ws.blobs, db=ws.db, actor=f"web:{viewer.user.name}")


# -- documents and search ---------------------------------------------------------------


@router.get("/documents")
def document_list(request: Request) -> HTMLResponse:
    need(request, "viewer")
    offset = _int(request.query_params.get("offset"))
    rows, total = queries.list_documents(request.app.state.workspace.db.engine, limit=PAGE, offset=offset)
    return render(request, "documents.html", {"rows": rows, "total": total, "offset": offset, "page": PAGE})


@router.get("/documents/{document_id}")
def document_page(request: Request, document_id: str) -> HTMLResponse:
    need(request, "viewer")
    engine = request.app.state.workspace.db.engine
    doc = queries.document(engine, document_id)
    if doc is None:
        raise NotFoundError("ATH401", ref=document_id)
    found, _ = queries.list_claims(engine, document_id=doc.id, limit=queries.MAX_PAGE)
    spans = [(c.start, c.end, f"claim-{c.id}", f"claim {c.kind}") for c in found]
    homes = queries.incidents_of_claims(engine, [c.id for c in found])
    return render(
        request,
        "document.html",
        {
            "doc": doc,
            "body": highlight(doc.body, spans),
            "claims": found,
            "homes": homes,
            "item": request.app.state.workspace.db.item(doc.item_sha256),
            "custody": queries.custody_of(engine, doc.item_sha256),
        },
    )


@router.get("/documents/{document_id}/original")
def original(request: Request, document_id: str) -> Response:
    need(request, "viewer")
    workspace = request.app.state.workspace
    doc = queries.document(workspace.db.engine, document_id)
    if doc is None:
        raise NotFoundError("ATH401", ref=document_id)
    path = workspace.blobs.path(doc.item_sha256)
    if not Path(path).is_file():
        raise NotFoundError("ATH401", ref=doc.item_sha256)
    item = workspace.db.item(doc.item_sha256)
    name = re.sub(r"[^\w.-]+", "_", Path((item.original_name if item else None) or doc.id).name)[:120] or doc.id
    # Served as an attachment, never rendered: a preserved page must not run in this origin.
    return FileResponse(path, media_type="application/octet-stream", filename=name)


@router.get("/search")
def search_page(request: Request) -> HTMLResponse:
    need(request, "viewer")
    q = (request.query_params.get("q") or "").strip()[:200]
    kind = request.query_params.get("kind") if request.query_params.get("kind") in ("document", "claim") else None
    offset = _int(request.query_params.get("offset"))
    rows, total = (
        queries.search(request.app.state.workspace.db.engine, q, kind=kind, limit=20, offset=offset) if q else ([], 0)
    )
    return render(
        request,
        "search.html",
        {"q": q, "kind": kind or "", "rows": rows, "total": total, "offset": offset, "page": 20},
    )


@router.post("/search/reindex")
async def reindex(request: Request) -> Response:
    viewer = need(request, "analyst")
    await form_of(request, viewer)
    queries.refresh_index(request.app.state.workspace.db.engine, force=True)
    return RedirectResponse("/search", status_code=303)


# -- figures, map, timeline -----------------------------------------------------------------


@router.get("/figures")
def figures_page(request: Request) -> HTMLResponse:
    need(request, "viewer")
    engine = request.app.state.workspace.db.engine
    measure = request.query_params.get("measure") or None
    offset = _int(request.query_params.get("offset"))
    series, total, measures = queries.list_figures(engine, measure=measure, limit=PAGE, offset=offset)
    return render(
        request,
        "figures.html",
        {
            "series": series,
            "total": total,
            "measures": measures,
            "measure": measure or "",
            "offset": offset,
            "page": PAGE,
            "table": queries.figures_by_measure(engine),
        },
    )


@router.get("/map")
def map_page(request: Request) -> HTMLResponse:
    viewer = need(request, "public")
    filters = filters_from(request.query_params, public_only=viewer.public)
    return render(
        request,
        "map.html",
        {"filters": filters, "query": filters.query_string(), "facets": api.cached_facets(request, viewer.public)},
    )


def _svg_bars(weeks: list[str], series: dict[str, dict[str, int]], types: list[str], colours: dict[str, str]) -> Any:
    """Stacked weekly bars as SVG shapes (x, y, w, h, colour, tooltip)."""
    width, height = 960, 220
    totals = [sum(series[w].values()) for w in weeks]
    top = max(totals) if totals and max(totals) > 0 else 1
    step = width / max(len(weeks), 1)
    bars = []
    for n, week in enumerate(weeks):
        y: float = height
        for t in types:
            value = series[week].get(t, 0)
            if not value:
                continue
            h = value / top * (height - 10)
            y -= h
            bars.append(
                {
                    "x": round(n * step, 2),
                    "y": round(y, 2),
                    "w": round(max(step - 1, 1), 2),
                    "h": round(h, 2),
                    "colour": colours[t],
                    "title": f"week of {week}: {value} {t}",
                }
            )
    return {"bars": bars, "width": width, "height": height, "top": top}


PALETTE = ("#b2182b", "#2166ac", "#1b7837", "#762a83", "#e08214", "#35978f", "#8c510a", "#4d4d4d", "#c51b7d", "#7f3b08")


@router.get("/timeline")
def timeline_page(request: Request) -> HTMLResponse:
    viewer = need(request, "public")
    filters = filters_from(request.query_params, public_only=viewer.public)
    data = api.cached_timeline(request, filters)
    colours = {t: PALETTE[n % len(PALETTE)] for n, t in enumerate(data["types"])}
    return render(
        request,
        "timeline.html",
        {
            "filters": filters,
            "query": filters.query_string(),
            "facets": api.cached_facets(request, viewer.public),
            "data": data,
            "colours": colours,
            "incidents_chart": _svg_bars(data["weeks"], data["incidents"], data["types"], colours),
            "deaths_chart": _svg_bars(data["weeks"], data["deaths"], data["types"], colours),
        },
    )


# -- uploads ---------------------------------------------------------------------------------


@router.get("/upload")
def upload_page(request: Request) -> HTMLResponse:
    need(request, "analyst")
    return render(request, "upload.html", {"outcomes": None})


@router.post("/upload")
async def upload(request: Request) -> HTMLResponse:
    from athar.cli.incidents import run_reconcile
    from athar.pipeline import Extract, Ingest, Input
    from athar.read.jsonl import hints_from

    viewer = need(request, "analyst")
    form_data = await request.form()
    token = form_data.get("csrf_token")
    if not viewer.csrf or not isinstance(token, str) or not secrets.compare_digest(token, viewer.csrf):
        raise Denied(403, "the form's CSRF token is missing or stale; reload the page and try again")
    files = [f for f in form_data.getlist("files") if isinstance(f, UploadFile) and f.filename]
    if not files:
        raise InputError("ATH209", name="upload", field="files", value="", reason="choose at least one file")
    flags = {k: str(form_data.get(k) or "").strip() for k in ("url", "published", "title", "outlet", "language")}
    hints = hints_from({k: v for k, v in flags.items() if v}, name="upload form")
    settings = request.app.state.settings
    workspace = _acting(request, viewer)
    staging = Path(tempfile.mkdtemp(prefix="upload-", dir=workspace.root))
    outcomes = []
    try:
        inputs = []
        for n, upload_file in enumerate(files):
            assert upload_file.filename  # only named files were kept above
            name = re.sub(r"[^\w.-]+", "_", Path(upload_file.filename).name)[:120] or f"upload-{n}"
            folder = staging / str(n)
            folder.mkdir()
            path = folder / name
            with path.open("wb") as out:
                shutil.copyfileobj(upload_file.file, out, 1 << 20)
            inputs.append(Input(name=name, path=path, hints=hints))
        with request.app.state.write_lock:
            documents = 0
            for outcome in Ingest(workspace, settings).run(inputs):
                outcomes.append(outcome)
                documents += len(outcome.document_ids)
            if documents:
                runner = Extract(workspace, settings)
                for _ in runner.run(runner.pending()):
                    pass
                run_reconcile(workspace, quiet=True)
    except AtharError:
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return render(request, "upload.html", {"outcomes": outcomes})


# -- accounts (admin) -------------------------------------------------------------------------


@router.get("/admin/users")
def users_page(request: Request) -> HTMLResponse:
    need(request, "admin")
    return render(request, "users.html", {"users": request.app.state.accounts.users(), "error": None})


@router.post("/admin/users")
async def add_user(request: Request) -> Response:
    viewer = need(request, "admin")
    form = await form_of(request, viewer)
    accounts = request.app.state.accounts
    try:
        accounts.add_user(
            str(form.get("name") or "").strip(),
            str(form.get("role") or ""),
            str(form.get("password") or ""),
            created_by=f"web:{viewer.user.name if viewer.user else '?'}",
        )
    except AtharError as error:
        return render(request, "users.html", {"users": accounts.users(), "error": error.message}, status=400)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{name}/remove")
async def remove_user(request: Request, name: str) -> Response:
    viewer = need(request, "admin")
    await form_of(request, viewer)
    if viewer.user and viewer.user.name == name:
        raise InputError("ATH209", name="user", field="name", value=name, reason="you cannot remove yourself")
    request.app.state.accounts.remove_user(name)
    return RedirectResponse("/admin/users", status_code=303)


__all__ = ["Incident", "router"]
