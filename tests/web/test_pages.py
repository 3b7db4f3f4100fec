"""The pages and the API over the sample reports: filters, search, dossier, document, figures, uploads, decisions."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import add_users, client_for, csrf_of, login, seed_workspace


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    root = tmp_path_factory.mktemp("seeded")
    seed_workspace(root)
    add_users(root)
    return root


@pytest.fixture(scope="module")
def analyst(seeded):
    client = client_for(seeded)
    assert login(client, "analyst").status_code == 303
    return client


def _ids(client, **params):
    return [i["id"] for i in client.get("/api/incidents", params={"limit": 200, **params}).json()["items"]]


def test_incident_filters_narrow_the_list_and_pages_add_up(analyst):
    everything = analyst.get("/api/incidents", params={"limit": 200}).json()
    assert everything["total"] >= 5
    riots = analyst.get("/api/incidents", params={"event_type": "Riots", "limit": 200}).json()["items"]
    assert riots and all(i["event_type"] == "Riots" for i in riots)
    assert len(riots) < everything["total"]
    dated = analyst.get("/api/incidents", params={"date_from": "2019-01-01", "limit": 200}).json()["items"]
    assert dated and all(i["date"] >= "2019" for i in dated)
    russia = analyst.get("/api/incidents", params={"perpetrator": "Russia", "limit": 200}).json()["items"]
    assert russia and all("Russia" in (i["perpetrators"] or "") for i in russia)
    # Any name the actors' table knows finds the same incidents ("Russian", "Moscow").
    for name in ("Russian", "Moscow"):
        named = analyst.get("/api/incidents", params={"perpetrator": name, "limit": 200}).json()["items"]
        assert [i["id"] for i in named] == [i["id"] for i in russia]
    contested = analyst.get("/api/incidents", params={"contested": "true"}).json()["items"]
    assert all(i["contested"] for i in contested)
    first = _ids(analyst, limit=3, offset=0)
    second = _ids(analyst, limit=3, offset=3)
    assert len(first) == 3 and not set(first) & set(second)
    page = analyst.get("/incidents", params={"event_type": "Riots"}).text
    assert page.count('href="/incidents/') == len(riots)


def test_search_finds_documents_and_claims_with_the_words_marked(analyst):
    page = analyst.get("/search", params={"q": "Raqqa"}).text
    assert "<mark>Raqqa</mark>" in page
    data = analyst.get("/api/search", params={"q": "Raqqa"}).json()
    kinds = {r["kind"] for r in data["items"]}
    assert kinds == {"document", "claim"} and data["total"] >= 2
    assert analyst.get("/api/search", params={"q": 'Raqqa" OR *'}).status_code == 200  # no FTS syntax errors
    assert analyst.get("/api/search", params={"q": "zzqqxxnotaword"}).json()["total"] == 0


def test_dossier_sets_claims_side_by_side_with_the_sentence_marked(analyst):
    incident_id = _ids(analyst, perpetrator="Russia")[0]
    page = analyst.get(f"/incidents/{incident_id}").text
    assert '<mark class="claim">' in page
    assert re.search(r'class="rel r-[A-F]"', page)  # the registry's reliability letter
    assert "/original" in page and "sha256:" in page
    assert "capture" in page and "read" in page  # custody history of the original
    api = analyst.get(f"/api/incidents/{incident_id}").json()
    assert api["incident"]["id"] == incident_id and "decisions" in api


def test_document_page_marks_every_claim_and_keeps_comments_apart(analyst):
    docs = analyst.get("/api/documents").json()["items"]
    raqqa = next(d for d in docs if "Raqqa" in (d["title"] or ""))
    page = analyst.get(f"/documents/{raqqa['id']}").text
    claims = analyst.get("/api/claims", params={"document_id": raqqa["id"], "limit": 200}).json()
    assert claims["total"] > 0
    assert page.count('id="claim-') == claims["total"]
    assert page.count('<mark class="claim') >= claims["total"] - 2
    assert "Reader comments" in page


def test_figures_and_timeline_render_from_the_store(analyst):
    figures = analyst.get("/api/figures").json()
    page = analyst.get("/figures").text
    if figures["total"]:
        assert figures["items"][0]["measure"] in page
    for series in figures["items"]:  # whose figures they are, where a source blamed someone
        if series.get("perpetrator"):
            assert f"by {series['perpetrator']}" in page
    # The table by measure shows each group's largest latest figure, never a sum of series that may overlap.
    largest: dict[tuple, int] = {}
    for series in analyst.get("/api/figures", params={"limit": 200}).json()["items"]:
        place = (series.get("place") or {}).get("place") or {}
        latest = series.get("latest") or {}
        value = latest.get("max") if latest.get("max") is not None else latest.get("min")
        key = (series["measure"], series.get("victims") or "", place.get("admin1") or "(unlocated)")
        if value is not None:
            largest[key] = max(largest.get(key, value), value)
    assert largest  # the sample reports give figures
    table = page.split('id="figure-table"')[1].split("</table>")[0]
    for (measure, victims, admin1), value in largest.items():
        row = f"<td>{measure}</td><td>{victims}</td><td>{admin1}</td>"
        assert row in table and f'<td class="num">{value:,}</td>' in table.split(row)[1].split("</tr>")[0]
    timeline = analyst.get("/timeline").text
    assert "<rect" in timeline and "Incidents per week" in timeline
    weeks = analyst.get("/api/timeline").json()["weeks"]
    assert weeks == sorted(weeks)


def test_upload_goes_through_ingest_and_its_errors(analyst, tmp_path):
    token = csrf_of(analyst.get("/upload").text)
    text = (
        b"Airstrike on Saraqib kills 3 civilians, the Syrian Observatory for Human Rights said on 2020-01-05."
        b" Quokkaword."
    )
    response = analyst.post(
        "/upload",
        data={"csrf_token": token, "outlet": "Test Outlet", "published": "2020-01-05"},
        files=[("files", ("saraqib.txt", text, "text/plain")), ("files", ("empty.txt", b"", "text/plain"))],
    )
    assert response.status_code == 200, response.text[:500]
    assert "stored" in response.text
    assert "error[ATH201]" in response.text  # the empty file, refused as the command line refuses it
    again = analyst.post("/upload", data={"csrf_token": token}, files=[("files", ("saraqib.txt", text, "text/plain"))])
    assert ">present<" in again.text
    found = analyst.get("/api/search", params={"q": "Quokkaword"}).json()
    assert found["total"] >= 1  # the index refreshed itself
    bad = analyst.post(
        "/upload",
        data={"csrf_token": token, "published": "someday"},
        files=[("files", ("x.txt", b"x y", "text/plain"))],
    )
    assert bad.status_code == 400 and "ATH209" in bad.text


def test_decisions_need_a_reason_and_show_in_the_history(analyst, seeded):
    incident_id = _ids(analyst)[0]
    token = csrf_of(analyst.get(f"/incidents/{incident_id}").text)
    empty = analyst.post(
        f"/incidents/{incident_id}/decide",
        data={"csrf_token": token, "action": "grade", "value": "fair", "reason": " "},
    )
    assert empty.status_code == 400
    done = analyst.post(
        f"/incidents/{incident_id}/decide",
        data={"csrf_token": token, "action": "grade", "value": "discounted", "reason": "staged photos, see note 12"},
    )
    assert done.status_code == 303
    page = analyst.get(done.headers["location"]).text
    assert 'id="grade">discounted<' in page
    assert "staged photos, see note 12" in page and "web:analyst" in page
    published = analyst.post(
        f"/incidents/{incident_id}/decide",
        data={"csrf_token": token, "action": "publish", "value": "true", "reason": "checked by two analysts"},
    )
    assert published.status_code == 303
    public = client_for(seeded)
    assert incident_id in [i["id"] for i in public.get("/api/incidents").json()["items"]]


def test_merging_two_incidents_leaves_one(analyst):
    before = _ids(analyst)
    keep, gone = before[1], before[2]
    token = csrf_of(analyst.get(f"/incidents/{keep}").text)
    response = analyst.post(
        f"/incidents/{keep}/decide",
        data={"csrf_token": token, "action": "merge", "others": gone, "reason": "same strike, two reports"},
    )
    assert response.status_code == 303
    after = _ids(analyst)
    assert len(after) == len(before) - 1
    merged = analyst.get(response.headers["location"]).text
    assert "same strike, two reports" in merged


def test_search_links_claims_to_their_place_in_the_document_and_works_without_fts(analyst):
    from athar.web import queries

    page = analyst.get("/search", params={"q": "Raqqa", "kind": "claim"}).text
    assert re.search(r'href="/documents/[0-9a-f]{16}#claim-', page)
    engine = analyst.app.state.workspace.db.engine
    rows, total = queries._search_like(engine, ["Raqqa"], kind=None, limit=5, offset=0)
    assert total >= 2 and {r["kind"] for r in rows} == {"document", "claim"}
    assert all(r["document_id"] for r in rows)


def test_map_data_is_cached_until_the_store_changes_and_sent_gzipped(analyst):
    first = analyst.get("/api/map", headers={"Accept-Encoding": "gzip"})
    assert first.headers["content-encoding"] == "gzip"
    data = first.json()  # httpx decodes it
    assert data["columns"][:3] == ["id", "lat", "lon"] and data["rows"]
    plain = analyst.get("/api/map", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.json() == data
    incident_id = data["rows"][0][0]
    token = csrf_of(analyst.get(f"/incidents/{incident_id}").text)
    analyst.post(
        f"/incidents/{incident_id}/decide",
        data={"csrf_token": token, "action": "correct", "field": "killed", "value": "7", "reason": "hospital records"},
    )
    after = analyst.get("/api/map").json()
    killed = {row[0]: row[5] for row in after["rows"]}
    assert killed[incident_id] == 7  # the decision moved the custody head: no stale cache


def test_splitting_claims_off_makes_a_new_incident(tmp_path):
    seed_workspace(tmp_path)
    add_users(tmp_path)
    analyst = client_for(tmp_path)
    login(analyst, "analyst")
    first = analyst.get("/api/incidents", params={"limit": 200}).json()
    listing = first["items"]
    several = next(i for i in listing if (i["claims"] or 0) >= 2)
    record = analyst.get(f"/api/incidents/{several['id']}").json()["incident"]
    token = csrf_of(analyst.get(f"/incidents/{several['id']}").text)
    response = analyst.post(
        f"/incidents/{several['id']}/decide",
        data={"csrf_token": token, "action": "split", "claims": record["claims"][-1], "reason": "a different day"},
    )
    assert response.status_code == 303
    assert len(_ids(analyst)) == len(listing) + 1
    # The total is cached until the store changes: the split changed it.
    assert analyst.get("/api/incidents").json()["total"] == first["total"] + 1


def test_a_refused_decision_shows_the_librarys_message_and_changes_nothing(analyst):
    before = _ids(analyst)
    token = csrf_of(analyst.get(f"/incidents/{before[0]}").text)
    bad = analyst.post(
        f"/incidents/{before[0]}/decide",
        data={"csrf_token": token, "action": "merge", "others": "ffffffffffffffff", "reason": "typo"},
    )
    assert bad.status_code == 404 and "ffffffffffffffff" in bad.text
    assert _ids(analyst) == before


def test_uploads_are_recorded_in_custody_under_the_analysts_name(analyst):
    token = csrf_of(analyst.get("/upload").text)
    page = analyst.post(
        "/upload",
        data={"csrf_token": token},
        files=[("files", ("note.txt", b"Shelling hit Maarat al-Numan on 2019-12-20, SANA said.", "text/plain"))],
    ).text
    document_id = re.search(r'href="/documents/([0-9a-f]{16})"', page).group(1)
    custody = analyst.get(f"/documents/{document_id}").text
    assert "web:analyst" in custody and "capture" in custody


def test_the_dossier_lists_media_when_the_media_table_exists(analyst):
    from sqlalchemy import inspect, text

    engine = analyst.app.state.workspace.db.engine
    incident_id = _ids(analyst)[0]
    with engine.begin() as conn:
        if not inspect(conn).has_table("incident_media"):
            conn.execute(
                text(
                    "CREATE TABLE incident_media (incident_id TEXT, item_sha256 TEXT, reason TEXT, actor TEXT, at TEXT)"
                )
            )
        conn.execute(
            text(
                "INSERT INTO incident_media (incident_id, item_sha256, reason, actor, at) VALUES (:i, :s, :r, :a, :t)"
            ),
            {
                "i": incident_id,
                "s": "sha256:" + "ab" * 32,
                "r": "same crater as the video",
                "a": "web:analyst",
                "t": "2026",
            },
        )
    page = analyst.get(f"/incidents/{incident_id}").text
    assert "same crater as the video" in page and "ab" * 32 in page


def test_the_map_counts_incidents_per_cell_when_too_many_are_in_view(seeded, monkeypatch):
    from athar.web import queries

    client = client_for(seeded)  # a fresh cache: the answers below depend on MAP_POINTS
    assert login(client, "analyst").status_code == 303
    points = client.get("/api/map").json()
    assert points["clusters"] == [] and len(points["rows"]) == points["in_view"] >= 3
    monkeypatch.setattr(queries, "MAP_POINTS", 2)
    world = client.get("/api/map", params={"bbox": "-180,-90,180,90", "zoom": 1}).json()
    assert world["rows"] == [] and world["cell"] > 0
    counts = [c[world["cluster_columns"].index("count")] for c in world["clusters"]]
    assert sum(counts) == world["in_view"] == points["in_view"]
    assert len(world["clusters"]) < world["in_view"]  # zoomed out, nearby incidents share a cell
    close = client.get("/api/map", params={"bbox": "-180,-90,180,90", "zoom": 12}).json()
    assert close["cell"] < world["cell"] and len(close["clusters"]) >= len(world["clusters"])
    lat, lon = points["rows"][0][1], points["rows"][0][2]
    box = f"{lon - 0.01},{lat - 0.01},{lon + 0.01},{lat + 0.01}"
    near = client.get("/api/map", params={"bbox": box, "zoom": 12}).json()
    assert 1 <= near["in_view"] < points["in_view"] and near["total"] == points["total"]
    assert client.get("/api/map", params={"bbox": "1,2,x,4"}).status_code == 400
    assert client.get("/api/map", params={"bbox": "nan,2,3,4"}).status_code == 400
