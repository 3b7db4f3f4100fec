"""Shared fixtures: a fresh workspace, the CLI, a loopback web server, the seed reports."""

from __future__ import annotations

import http.server
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner, Result

from athar.cli import cli
from athar.settings import Settings, load_settings, replace
from athar.workspace import Workspace

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEEDS = ROOT / "examples" / "seeds"
SEEDS_MANIFEST = ROOT / "examples" / "seeds.jsonl"


@pytest.fixture(autouse=True)
def _no_user_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never see the developer's ATHAR_* variables or athar.toml."""
    import os

    for name in list(os.environ):
        if name.startswith("ATHAR_"):
            monkeypatch.delenv(name)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    base = load_settings(environ={}, config_file=None)
    return replace(replace(base, "workspace", path=str(tmp_path / "ws")), "ingest", actor="tester@athar")


@pytest.fixture
def workspace(settings: Settings) -> Iterator[Workspace]:
    with Workspace.open(settings) as ws:
        yield ws


@pytest.fixture
def run_cli(tmp_path: Path) -> Callable[..., Result]:
    """Run ``athar --workspace <tmp>/ws ARGS…`` in-process; assert with ``result.output``."""
    runner = CliRunner()

    def run(*args: str, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(cli, ["--workspace", str(tmp_path / "ws"), *args], env=env, catch_exceptions=False)

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
