"""Accounts: argon2 hashes, secure session cookies, CSRF on every form, rate-limited sign-in, `athar user`."""

from __future__ import annotations

import stat

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from athar.cli import cli
from athar.store.tables_accounts import web_sessions, web_users
from tests.web.conftest import PASSWORD, add_users, build_secret_workspace, client_for, csrf_of, login


@pytest.fixture()
def root(tmp_path):
    build_secret_workspace(tmp_path)
    add_users(tmp_path)
    return tmp_path


def test_sign_in_sets_a_secure_http_only_strict_cookie_and_stores_only_hashes(root):
    client = client_for(root)
    response = login(client, "viewer")
    assert response.status_code == 303 and response.headers["location"] == "/incidents"
    cookie = next(c for c in response.headers.get_list("set-cookie") if c.startswith("athar_session="))
    token = cookie.split(";")[0].split("=", 1)[1]
    lowered = cookie.lower()
    assert "httponly" in lowered and "secure" in lowered and "samesite=strict" in lowered
    engine = client.app.state.workspace.db.engine
    with engine.connect() as conn:
        hashes = list(conn.execute(select(web_users.c.password_hash)).scalars())
        stored = list(conn.execute(select(web_sessions.c.token_hash)).scalars())
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    assert token not in stored and len(stored) == 1  # only the keyed hash of the token
    secret = root / "web-secret"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert client.get("/api/me").json() == {"ok": True, "name": "viewer", "role": "viewer"}


def test_wrong_password_is_refused_and_sign_in_is_rate_limited(root):
    client = client_for(root)
    for _ in range(5):
        assert login(client, "analyst", "wrong-password-x").status_code == 401
    response = login(client, "analyst")  # the right password, too late
    assert response.status_code == 429
    assert response.headers["retry-after"] == "900"
    assert "athar_session" not in client.cookies
    assert login(client, "viewer").status_code == 303  # other names from here are still fine


def test_login_without_its_csrf_cookie_and_token_is_refused(root):
    client = client_for(root)
    response = client.post("/login", data={"name": "viewer", "password": PASSWORD, "csrf_token": "forged.token"})
    assert response.status_code == 403
    assert "athar_session" not in client.cookies


def test_every_unsafe_request_needs_the_sessions_csrf_token(root):
    client = client_for(root)
    login(client, "admin")
    token = csrf_of(client.get("/admin/users").text)
    new = {"name": "newcomer", "role": "viewer", "password": "long-enough-pass"}
    assert client.post("/admin/users", data=new).status_code == 403
    assert client.post("/admin/users", data={**new, "csrf_token": "x" + token}).status_code == 403
    other = client_for(root)
    login(other, "analyst")
    assert (
        client.post("/admin/users", data={**new, "csrf_token": csrf_of(other.get("/upload").text)}).status_code == 403
    )
    assert client.post("/admin/users", data={**new, "csrf_token": token}).status_code == 303
    assert "newcomer" in client.get("/admin/users").text
    assert client.post("/logout").status_code == 403  # signing out is a form too


def test_sign_out_ends_the_session_on_the_server(root):
    client = client_for(root)
    login(client, "viewer")
    cookie = client.cookies["athar_session"]
    token = csrf_of(client.get("/documents").text)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    replay = client_for(root)
    replay.cookies.set("athar_session", cookie, domain="testserver")
    assert replay.get("/api/documents").status_code == 401
    assert replay.get("/documents").status_code == 303


def test_sign_in_never_redirects_off_site(root):
    client = client_for(root)
    page = client.get("/login?next=//evil.example/x")
    assert "evil.example" not in page.text
    for target in ("//evil.example", "/\t/evil.example", "/\\evil.example", "https://evil.example/"):
        fresh = client_for(root)
        form = fresh.get("/login")
        response = fresh.post(
            "/login", data={"name": "viewer", "password": PASSWORD, "csrf_token": csrf_of(form.text), "next": target}
        )
        assert response.headers["location"] == "/incidents", target
    kept = client_for(root)
    form = kept.get("/login?next=/search%3Fq%3DRaqqa")
    response = kept.post(
        "/login",
        data={"name": "viewer", "password": PASSWORD, "csrf_token": csrf_of(form.text), "next": "/search?q=Raqqa"},
    )
    assert response.headers["location"] == "/search?q=Raqqa"


def test_user_commands_add_list_and_remove(tmp_path, db_args):
    runner = CliRunner()
    ws = ["--workspace", str(tmp_path), *db_args]
    added = runner.invoke(cli, [*ws, "user", "add", "amal", "--role", "admin"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert added.exit_code == 0, added.output
    assert "added amal (admin)" in added.output
    again = runner.invoke(cli, [*ws, "user", "add", "amal", "--role", "viewer", "--password-stdin"], input="x" * 12)
    assert again.exit_code == 1 and "already exists" in again.output
    short = runner.invoke(cli, [*ws, "user", "add", "sami", "--role", "viewer", "--password-stdin"], input="short\n")
    assert short.exit_code == 1 and "at least 10" in short.output
    listed = runner.invoke(cli, [*ws, "user", "list"])
    assert "amal" in listed.output and "admin" in listed.output and "sami" not in listed.output
    assert runner.invoke(cli, [*ws, "user", "remove", "amal"]).exit_code == 0
    assert "amal" not in runner.invoke(cli, [*ws, "user", "list"]).output
    assert runner.invoke(cli, [*ws, "user", "remove", "amal"]).exit_code == 1


def test_api_errors_have_one_shape(root):
    client = client_for(root)
    body = client.get("/api/documents").json()
    assert body == {"ok": False, "error": "sign in to see this", "code": "HTTP401", "status": 401}
    login(client, "viewer")
    missing = client.get("/api/documents/ffffffffffffffff")
    assert missing.status_code == 404 and missing.json()["code"] == "ATH401"
    invalid = client.get("/api/incidents?limit=100000")
    assert invalid.status_code == 422 and invalid.json()["ok"] is False
