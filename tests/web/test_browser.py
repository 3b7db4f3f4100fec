"""End to end in a real headless Chromium (Debian's): sign in, search, filter, map, dossier, merge, sign out.

A screenshot of each main page is saved under ``tests/web/artifacts/``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.web.conftest import PASSWORD, _database_for, add_users, seed_workspace

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (/usr/bin/chromium)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser-ws")
    seed_workspace(root)
    add_users(root)
    port = _free_port()
    env = {**os.environ, "ATHAR_WORKSPACE": str(root)}
    if database := _database_for(root):  # the suite's PostgreSQL pass
        env["ATHAR_DB"] = database
    process = subprocess.Popen(
        # Two processes: signing in, pages and decisions must work whichever process answers.
        [sys.executable, "-m", "athar", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/api/me", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read().decode() if process.stdout else ""
                pytest.fail(f"athar serve did not start: {output[-2000:]}")
            time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield launched
        launched.close()


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_an_analyst_signs_in_searches_filters_maps_merges_and_signs_out(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    # The public sees only what was made public (nothing yet), and may sign in.
    page.goto(server + "/incidents")
    assert "public view" in page.inner_text("header")
    assert page.locator("#incidents tbody tr td.muted").count() == 1
    _shot(page, "public-incidents")
    page.click("#login-link")
    page.fill("input[name=name]", "analyst")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/incidents")
    assert "analyst · analyst" in page.inner_text("header")
    rows = page.locator("#incidents tbody tr").count()
    assert rows >= 5
    _shot(page, "incidents")

    # Filter by type.
    page.select_option("select[name=event_type]", "Riots")
    page.click("#apply-filters")
    page.wait_for_url("**event_type=Riots**")
    types = page.locator("#incidents tbody tr td:nth-child(2) small").all_inner_texts()
    assert types and set(types) == {"Riots"}
    _shot(page, "incidents-filtered")

    # Search.
    page.goto(server + "/search")
    page.fill("#search-form input[name=q]", "Raqqa")
    page.click("#search-form button")
    page.wait_for_selector("#results li")
    assert page.locator("#results mark").count() > 0
    _shot(page, "search")

    # The map draws the offline basemap and the incidents.
    page.goto(server + "/map")
    page.wait_for_selector("#map[data-loaded=true]", timeout=30000)
    assert page.locator("#map path.leaflet-interactive").count() > 0 or page.locator("#map canvas").count() > 0
    assert "incidents on the map" in page.inner_text("#map-status")
    _shot(page, "map")

    page.goto(server + "/timeline")
    assert page.locator("svg.chart rect").count() > 0
    _shot(page, "timeline")

    page.goto(server + "/figures")
    _shot(page, "figures")

    # A dossier, then merge a second incident into it.
    page.goto(server + "/incidents")
    links = page.locator("#incidents tbody tr td:nth-child(2) a")
    keep = links.nth(0).get_attribute("href").rsplit("/", 1)[1]
    gone = links.nth(1).get_attribute("href").rsplit("/", 1)[1]
    links.nth(0).click()
    page.wait_for_url(f"**/incidents/{keep}")
    assert page.locator(".claim-card").count() >= 1
    assert page.locator(".claim-card mark.claim").count() >= 1
    _shot(page, "dossier")
    page.locator(".claim-card footer a").first.click()
    page.wait_for_selector("article.body mark")
    _shot(page, "document")

    page.goto(server + f"/incidents/{keep}")
    page.fill("#merge-form input[name=others]", gone)
    page.fill("#merge-form input[name=reason]", "same event reported twice")
    page.click("#merge-form button")
    page.wait_for_selector("#decisions td:has-text('same event reported twice')")
    assert "Decision recorded: merge" in page.inner_text("main")
    _shot(page, "dossier-after-merge")
    page.goto(server + "/incidents")
    assert page.locator("#incidents tbody tr").count() == rows - 1

    page.goto(server + "/upload")
    _shot(page, "upload")

    # The API's page, from vendored Swagger UI (no CDN).
    page.goto(server + "/api/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30000)
    assert page.locator(".swagger-ui .opblock").count() >= 10
    _shot(page, "api-docs")

    # Sign out: the pages behind the role send us to sign in again.
    page.click("#logout")
    page.wait_for_url("**/login")
    page.goto(server + "/documents")
    assert "/login" in page.url
    _shot(page, "login")
    assert errors == []
