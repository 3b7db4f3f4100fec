"""The web application: FastAPI over one workspace, server-rendered pages and a JSON API.

``create_app(settings)`` opens the workspace once; pages live in
:mod:`athar.web.pages`, the API in :mod:`athar.web.api`. Every route states the
least role it needs (``public``, ``viewer``, ``analyst``, ``admin``) through
:func:`need`; the route × role matrix in ``tests/web`` checks them all.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, unquote_plus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from athar.errors import AtharError, NotFoundError
from athar.settings import Settings
from athar.web.auth import RANK, Accounts, Session, User, load_secret
from athar.web.queries import ResultCache

logger = logging.getLogger(__name__)

SESSION_COOKIE = "athar_session"
LOGIN_CSRF_COOKIE = "athar_login_csrf"


@dataclass(frozen=True)
class Viewer:
    """Who is asking: a signed-in user (with the session's CSRF token) or the public."""

    user: User | None
    csrf: str = ""

    @property
    def role(self) -> str:
        return self.user.role if self.user else "public"

    def can(self, role: str) -> bool:
        return RANK[self.role] >= RANK[role]

    @property
    def public(self) -> bool:
        return self.user is None


class Denied(Exception):
    """A request without the role a route needs (401 when nobody is signed in, else 403)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def error_body(message: str, status: int, code: str = "") -> dict[str, Any]:
    """The one shape of every API error."""
    return {"ok": False, "error": message, "code": code or f"HTTP{status}", "status": status}


def viewer_of(request: Request) -> Viewer:
    cached: Viewer | None = getattr(request.state, "viewer", None)
    if cached is not None:
        return cached
    session: Session | None = request.app.state.accounts.session(request.cookies.get(SESSION_COOKIE))
    viewer = Viewer(session.user, session.csrf) if session else Viewer(None)
    request.state.viewer = viewer
    return viewer


def need(request: Request, role: str) -> Viewer:
    """The viewer, if they have ``role`` (or better); else :class:`Denied`."""
    viewer = viewer_of(request)
    if not viewer.can(role):
        if viewer.public:
            raise Denied(401, "sign in to see this")
        raise Denied(403, f"this needs the {role} role; you are {viewer.role}")
    return viewer


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


SERVE_SETTINGS = "ATHAR_SERVE_SETTINGS"  # how `athar serve --workers N` hands its settings to each process


def settings_for_workers(settings: Settings, *, secure_cookies: bool) -> str:
    return json.dumps({"settings": dataclasses.asdict(settings), "secure_cookies": secure_cookies})


def app_for_worker() -> FastAPI:
    """The application in one of `athar serve --workers N`'s processes (uvicorn's factory)."""
    from athar.settings import load_settings

    given = json.loads(os.environ[SERVE_SETTINGS])
    return create_app(load_settings(overrides=given["settings"]), secure_cookies=given["secure_cookies"])


def create_app(settings: Settings, *, secure_cookies: bool = True) -> FastAPI:
    """The application over the workspace ``settings`` name (created if missing)."""
    from athar.reconcile.sources import load_registry
    from athar.web import api, pages
    from athar.workspace import Workspace

    workspace = Workspace.open(settings, create=True)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        workspace.close()

    app = FastAPI(
        lifespan=lifespan,
        title="Athar",
        version="1",
        description="Incidents, claims, documents and figures of an Athar workspace. "
        "The public sees only incidents an analyst marked public, with sensitive fields withheld.",
        docs_url=None,  # served by athar.web.api from vendored files (no CDN, no inline script)
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.settings = settings
    app.state.workspace = workspace
    app.state.accounts = Accounts(workspace.db.engine, load_secret(Path(workspace.root)))
    app.state.registry = load_registry()
    app.state.secure_cookies = secure_cookies
    app.state.write_lock = threading.Lock()  # one upload or decision at a time
    app.state.cache = ResultCache()  # map, timeline and filter menus, keyed with the custody head
    folder = resources.files("athar.web")
    app.state.templates = Jinja2Templates(directory=str(folder.joinpath("templates")))
    pages.install_filters(app.state.templates)
    app.mount("/static", StaticFiles(directory=str(folder.joinpath("static"))), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.middleware("http")
    async def _headers(request: Request, call_next: Any) -> Response:
        # No text field holds a NUL character (PostgreSQL refuses them): such a request is malformed.
        if "\x00" in unquote(request.url.path) or "\x00" in unquote_plus(request.url.query):
            message = "the request holds a NUL character"
            if is_api(request):
                return JSONResponse(error_body(message, 400), status_code=400)
            return _error_page(request, 400, message)
        response: Response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            "script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        )
        if not request.url.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(Denied)
    async def _denied(request: Request, exc: Denied) -> Response:
        if is_api(request):
            return JSONResponse(error_body(exc.message, exc.status), status_code=exc.status)
        if exc.status == 401 and request.method == "GET":
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
        return _error_page(request, exc.status, exc.message)

    @app.exception_handler(AtharError)
    async def _athar_error(request: Request, exc: AtharError) -> Response:
        status = 404 if isinstance(exc, NotFoundError) else 400
        if is_api(request):
            return JSONResponse(error_body(exc.message, status, exc.code), status_code=status)
        return _error_page(request, status, f"error[{exc.code}]: {exc.message}")

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail)
        if is_api(request):
            return JSONResponse(error_body(message, exc.status_code), status_code=exc.status_code)
        return _error_page(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg', '')}" for e in exc.errors()[:5]
        )
        if is_api(request):
            return JSONResponse(error_body(f"invalid request: {problems}", 422), status_code=422)
        return _error_page(request, 422, f"invalid request: {problems}")

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> Response:
        logger.exception("%s %s failed", request.method, request.url.path)
        message = "internal error: the request failed; it is logged on the server"
        if is_api(request):
            return JSONResponse(error_body(message, 500), status_code=500)
        return _error_page(request, 500, message)

    return app


def _error_page(request: Request, status: int, message: str) -> HTMLResponse:
    templates: Jinja2Templates = request.app.state.templates
    try:
        viewer = viewer_of(request)
    except Exception:  # the database itself failing: still answer
        viewer = Viewer(None)
    return templates.TemplateResponse(
        request, "error.html", {"viewer": viewer, "status": status, "message": message}, status_code=status
    )
