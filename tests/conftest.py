"""Shared fixtures: a fresh workspace, the CLI, a loopback web server, the seed reports.

The suite runs against SQLite by default. With ``ATHAR_TEST_DATABASE_URL`` set
to a PostgreSQL server's admin URL (``bash scripts/test.sh`` starts one and
runs the suite a second time), every workspace a test opens gets a fresh
PostgreSQL database, cloned from a migrated template.
"""

from __future__ import annotations

import http.server
import os
import shutil
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner, Result

from athar.cli import cli
from athar.records import DateValue, Document
from athar.settings import Settings, load_settings, replace
from athar.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = ROOT / "examples" / "seeds"
SEEDS_MANIFEST = ROOT / "examples" / "seeds.jsonl"


def report(body: str, published: str, doc_id: str = "report") -> Document:
    """A document as a test writes it: the body, a day of publication, a test outlet."""
    return Document(
        id=doc_id,
        item_sha256="sha256:-",
        content_sha256="sha256:-",
        body=body,
        outlet="Test Outlet",
        published=DateValue(published, "day"),
    )


# Read once at import: the fixture below hides the user's ATHAR_* variables from tests.
PG_ADMIN_URL = os.environ.get("ATHAR_TEST_DATABASE_URL") or None


@pytest.fixture(autouse=True)
def _no_user_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never see the developer's ATHAR_* variables or athar.toml."""
    import os

    for name in list(os.environ):
        if name.startswith("ATHAR_"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def _pg_template() -> Iterator[tuple[object, str] | None]:
    """A migrated PostgreSQL database to clone for each test (PostGIS included), or None on SQLite."""
    if not PG_ADMIN_URL:
        yield None
        return
    from sqlalchemy import create_engine, make_url

    from athar.store import Database

    engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    template = f"athar_template_{os.getpid()}"
    with engine.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {template}")
        conn.exec_driver_sql(f"CREATE DATABASE {template}")
    Database(make_url(PG_ADMIN_URL).set(database=template).render_as_string(hide_password=False)).close()
    yield engine, template
    with engine.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {template} WITH (FORCE)")
    engine.dispose()


@pytest.fixture
def database_url(_pg_template: tuple[object, str] | None) -> Iterator[str | None]:
    """A fresh PostgreSQL database's URL for this test, or None (the workspace's own SQLite file)."""
    if _pg_template is None:
        yield None
        return
    from sqlalchemy import make_url

    engine, template = _pg_template
    name = f"athar_test_{uuid.uuid4().hex[:12]}"
    with engine.connect() as conn:  # type: ignore[attr-defined]
        conn.exec_driver_sql(f"CREATE DATABASE {name} TEMPLATE {template}")
    yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    with engine.connect() as conn:  # type: ignore[attr-defined]
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def settings(tmp_path: Path, database_url: str | None) -> Settings:
    base = load_settings(environ={}, config_file=None)
    settings = replace(replace(base, "workspace", path=str(tmp_path / "ws")), "ingest", actor="tester@athar")
    return replace(settings, "workspace", database_url=database_url) if database_url else settings


@pytest.fixture
def workspace(settings: Settings) -> Iterator[Workspace]:
    with Workspace.open(settings) as ws:
        yield ws


@pytest.fixture
def db_args(database_url: str | None) -> list[str]:
    """``--db URL`` for commands when the suite runs on PostgreSQL, else nothing."""
    return ["--db", database_url] if database_url else []


@pytest.fixture
def run_cli(tmp_path: Path, db_args: list[str]) -> Callable[..., Result]:
    """Run ``athar --workspace <tmp>/ws ARGS…`` in-process; assert with ``result.output``."""
    runner = CliRunner()

    def run(*args: str, env: dict[str, str] | None = None) -> Result:
        argv = ["--workspace", str(tmp_path / "ws"), *db_args, *args]
        return runner.invoke(cli, argv, env=env, catch_exceptions=False)

    return run


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A copy of the three seed reports and their manifest."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target / "seeds")
    shutil.copy(SEEDS_MANIFEST, target / "seeds.jsonl")
    return target


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, dict[str, str], bytes]]] = {}

    def do_GET(self) -> None:
        status, headers, body = self.routes.get(self.path, (404, {"Content-Type": "text/plain"}, b"not found"))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def web() -> Iterator[Callable[[str], str]]:
    """A web server on 127.0.0.1 serving canned pages; yields ``url(path)``."""
    page = (FIXTURES / "read" / "article_with_comments.html").read_bytes()
    _Handler.routes = {
        "/article": (200, {"Content-Type": "text/html; charset=utf-8"}, page),
        "/moved": (301, {"Location": "/article"}, b""),
        "/moved-twice": (302, {"Location": "/moved"}, b""),
        "/loop-a": (302, {"Location": "/loop-b"}, b""),
        "/loop-b": (302, {"Location": "/loop-a"}, b""),
        "/big": (200, {"Content-Type": "text/html"}, b"<html><body>" + b"x" * 200_000 + b"</body></html>"),
    }
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield lambda path: f"http://127.0.0.1:{server.server_address[1]}{path}"
    finally:
        server.shutdown()
        server.server_close()
