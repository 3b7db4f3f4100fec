"""Every route against every role: nothing reachable without the right role, nothing withheld leaks to the public."""

from __future__ import annotations

import pytest

from tests.web.conftest import EXACT_LAT, EXACT_LON, PRIVATE_ID, PUBLIC_ID, ROLES, SECRETS, client_for, csrf_of

RANK = {r: n for n, r in enumerate(ROLES)}

# (method, path, least role). {pub}/{priv}/{doc}/{claim} are filled from the workspace.
ROUTES: list[tuple[str, str, str]] = [
    ("GET", "/", "public"),
    ("GET", "/login", "public"),
    ("GET", "/incidents", "public"),
    ("GET", "/incidents/{pub}", "public"),
    ("GET", "/incidents/{priv}", "viewer"),
    ("GET", "/map", "public"),
    ("GET", "/timeline", "public"),
    ("GET", "/search?q=strike", "viewer"),
    ("GET", "/documents", "viewer"),
    ("GET", "/documents/{doc}", "viewer"),
    ("GET", "/documents/{doc}/original", "viewer"),
    ("GET", "/figures", "viewer"),
    ("GET", "/upload", "analyst"),
    ("GET", "/admin/users", "admin"),
    ("POST", "/incidents/{pub}/decide", "analyst"),
    ("POST", "/search/reindex", "analyst"),
    ("POST", "/upload", "analyst"),
    ("POST", "/admin/users", "admin"),
    ("POST", "/admin/users/nobody/remove", "admin"),
    ("GET", "/api/incidents", "public"),
    ("GET", "/api/incidents/{pub}", "public"),
    ("GET", "/api/incidents/{priv}", "viewer"),
    ("GET", "/api/claims", "viewer"),
    ("GET", "/api/claims/{claim}", "viewer"),
    ("GET", "/api/documents", "viewer"),
    ("GET", "/api/documents/{doc}", "viewer"),
    ("GET", "/api/figures", "viewer"),
    ("GET", "/api/map", "public"),
    ("GET", "/api/governorates", "public"),
    ("GET", "/api/timeline", "public"),
    ("GET", "/api/search?q=strike", "viewer"),
    ("GET", "/api/me", "public"),
    ("GET", "/api/openapi.json", "public"),
    ("GET", "/api/docs", "public"),
]
# Tested on their own (they change who is signed in).
SEPARATE = {("POST", "/login"), ("POST", "/logout")}


def _fill(path: str, built) -> str:
    return path.format(pub=PUBLIC_ID, priv=PRIVATE_ID, doc=built.document_id, claim=built.claim_ids[0])


def _call(client, method: str, path: str):
    if method == "GET":
        return client.get(path)
    # A real session's CSRF token, and data that is refused after the role check (so nothing changes).
    token = csrf_of(client.get("/incidents").text) if "athar_session" in client.cookies else "none"
    data = {"csrf_token": token, "action": "grade", "value": "weak", "reason": "", "name": "x", "password": "short"}
    return client.post(path, data=data)


def test_every_route_is_in_the_matrix(clients):
    app = clients["public"].app
    declared = set()
    for route in app.routes:
        methods = getattr(route, "methods", None) or set()
        for method in methods - {"HEAD"}:
            declared.add((method, route.path))
    declared = {(m, p) for m, p in declared if not p.startswith("/static") and p != "/api/docs/oauth2-redirect"}
    covered = {(m, p.split("?")[0]) for m, p, _ in ROUTES} | SEPARATE
    templated = {
        (m, p.replace("{incident_id}", "{pub}").replace("{document_id}", "{doc}").replace("{claim_id}", "{claim}"))
        for m, p in declared
    }
    templated = {(m, p.replace("{name}", "nobody")) for m, p in templated}
    assert templated - covered == set(), "routes without a row in the role matrix"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "least"), ROUTES)
def test_route_answers_each_role_as_its_least_role_says(clients, secret_workspace, role, method, path, least):
    response = _call(clients[role], method, _fill(path, secret_workspace))
    api = path.startswith("/api/")
    if RANK[role] >= RANK[least]:
        assert response.status_code not in (401, 403), response.text[:300]
        assert response.status_code < 500
        if method == "GET" and path != "/":
            assert response.status_code == 200, response.text[:300]
    elif role == "public" and path.endswith("{priv}"):
        assert response.status_code == 404  # a private incident does not exist for the public
    elif role == "public":
        if api or method == "POST":
            assert response.status_code == 401
        else:  # pages send the public to sign in
            assert response.status_code == 303
            assert response.headers["location"].startswith("/login?next=")
    else:
        assert response.status_code == 403, response.text[:300]
    if role == "public":
        # A 404 may echo the id asked for; nothing else about the private incident may show.
        _assert_no_secrets(response.text, private_id=not path.endswith("{priv}"))


def _assert_no_secrets(text: str, *, private_id: bool = True) -> None:
    lowered = text.lower()
    for secret in SECRETS:
        assert secret.lower() not in lowered, f"public response leaks {secret!r}"
    if private_id:
        assert PRIVATE_ID not in text
    assert "Abduction" not in text  # the private incident's type


def test_public_sees_only_the_public_incident_everywhere(clients):
    public = clients["public"]
    listing = public.get("/api/incidents").json()
    assert [i["id"] for i in listing["items"]] == [PUBLIC_ID]
    assert listing["total"] == 1
    assert public.get(f"/incidents/{PRIVATE_ID}").status_code == 404
    assert public.get(f"/api/incidents/{PRIVATE_ID}").status_code == 404
    points = public.get("/api/map").json()["rows"]
    assert [p[0] for p in points] == [PUBLIC_ID]
    page = public.get("/incidents").text
    assert PUBLIC_ID in page and PRIVATE_ID not in page
    timeline = public.get("/api/timeline").json()
    assert sum(sum(w.values()) for w in timeline["incidents"].values()) == 1


def test_public_dossier_withholds_names_words_and_exact_places(clients):
    public = clients["public"]
    for path in (f"/incidents/{PUBLIC_ID}", f"/api/incidents/{PUBLIC_ID}", "/api/map", "/incidents", "/map"):
        response = public.get(path)
        assert response.status_code == 200
        _assert_no_secrets(response.text)
    data = public.get(f"/api/incidents/{PUBLIC_ID}").json()["incident"]
    # The governorate's centroid, not the neighbourhood's coordinates.
    assert (data["latitude"], data["longitude"]) == pytest.approx((35.76667, 36.66667))
    assert data["location"] == "Idlib"
    sources = {c["source"] for c in data["claims"]}
    assert sources == {"unnamed source", "Syrian Observatory for Human Rights"}
    assert "text" not in data["claims"][0] and "source_text" not in data["claims"][0]
    point = public.get("/api/map").json()["rows"][0]
    assert point[1:3] == pytest.approx([35.76667, 36.66667])


def test_viewers_see_what_the_public_does_not(clients, secret_workspace):
    viewer = clients["viewer"]
    dossier = viewer.get(f"/incidents/{PUBLIC_ID}").text
    assert "Qassabwitness" in dossier  # the witness's words, highlighted in the preserved text
    assert "<mark" in dossier and secret_workspace.item_sha256 in dossier
    assert "35.1235" in dossier  # exact coordinates (4 decimals)
    assert "uploader-secret@laptop" in dossier  # custody actor
    assert "reason-sentinel-Qx7" in dossier  # the analyst's decision and its reason
    listing = viewer.get("/api/incidents").json()
    assert {i["id"] for i in listing["items"]} == {PUBLIC_ID, PRIVATE_ID}
    original = viewer.get(f"/documents/{secret_workspace.document_id}/original")
    assert original.headers["content-type"] == "application/octet-stream"
    assert "attachment" in original.headers["content-disposition"]
    assert b"Qassabwitness" in original.content


def test_the_public_map_groups_by_governorate_and_ignores_a_box(secret_workspace, monkeypatch):
    from athar.web import queries

    monkeypatch.setattr(queries, "MAP_POINTS", 0)
    public = client_for(secret_workspace.root)  # a fresh cache: the answers depend on MAP_POINTS
    # A box around the exact coordinates must not tell the public whether an incident is there.
    near = public.get("/api/map", params={"bbox": f"{EXACT_LON - 0.001},{EXACT_LAT - 0.001},{EXACT_LON},{EXACT_LAT}"})
    far = public.get("/api/map", params={"bbox": "0,0,1,1", "zoom": 3})
    assert near.json()["in_view"] == far.json()["in_view"] == 1
    cluster = far.json()["clusters"][0]
    assert cluster[:3] == pytest.approx([35.76667, 36.66667, 1])
    _assert_no_secrets(far.text)
