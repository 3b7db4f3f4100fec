"""Two ingests into one workspace at once: nothing lost, nothing twice, one custody chain (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter

from athar.locker.verify import verify
from athar.settings import replace
from athar.workspace import Workspace


def test_parallel_ingests_of_overlapping_batches(tmp_path, settings, db_args):
    shared, only_a, only_b = (tmp_path / name for name in ("shared", "only-a", "only-b"))
    for folder, count in ((shared, 300), (only_a, 100), (only_b, 100)):
        folder.mkdir()
        for n in range(count):
            (folder / f"{n:04d}.txt").write_text(f"{folder.name} report {n}: shelling hit the market in Douma.\n")
    ws_dir = tmp_path / "ws"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATHAR_")}
    env["ATHAR_INGEST__BATCH_SIZE"] = "20"  # many small transactions, so the two interleave

    def start(*folders):
        command = [sys.executable, "-m", "athar", "--workspace", str(ws_dir), *db_args, "ingest", *map(str, folders)]
        return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    settings = replace(settings, "workspace", path=str(ws_dir))
    Workspace.open(settings).close()
    first, second = start(shared, only_a), start(only_b, shared)
    for process in (first, second):
        _out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err.decode()

    with Workspace.open(settings, create=False) as ws:
        assert verify(ws.db, ws.blobs).ok
        assert ws.db.counts()["items"] == ws.db.counts()["documents"] == 500
        captures = Counter(e.item_sha256 for e in ws.db.iter_custody() if e.action == "capture")
        assert len(captures) == 500 and set(captures.values()) == {1}


TOWNS = ("Douma", "Saraqib", "Azaz", "Manbij", "Daraa", "Palmyra", "Qamishli", "Tartus", "Kobani", "Deir ez-Zor")


def _reports(folder, count, month):
    folder.mkdir()
    for n in range(count):
        town, day = TOWNS[n % len(TOWNS)], 1 + n // len(TOWNS)
        (folder / f"{folder.name}-{n:03d}.txt").write_text(
            f"On {month} {day}, 2019, an air strike killed {n + 2} civilians in {town}, activists said.\n"
        )


def test_ingests_and_web_decisions_at_once_leave_one_chain_and_current_incidents(tmp_path, settings, db_args):
    """Two ingests write while an analyst grades incidents in the web application.

    Afterwards the chain is whole, every decision is recorded, and the stored
    incidents are what one reconciliation of everything stored gives: no
    run stored incidents computed before another writer's claims or decision.
    """
    from fastapi.testclient import TestClient

    from athar.reconcile.incidents import reconcile
    from athar.web import create_app
    from athar.web.auth import Accounts, load_secret
    from tests.web.conftest import PASSWORD, login

    ws_dir = tmp_path / "ws"
    settings = replace(settings, "workspace", path=str(ws_dir))
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATHAR_")}
    env["ATHAR_INGEST__BATCH_SIZE"] = "5"
    seed, shared, only_a, only_b = (tmp_path / name for name in ("seed", "shared", "only-a", "only-b"))
    _reports(seed, 10, "March")
    _reports(shared, 40, "April")
    _reports(only_a, 20, "May")
    _reports(only_b, 20, "June")

    def start(*folders):
        command = [sys.executable, "-m", "athar", "--workspace", str(ws_dir), *db_args, "ingest", *map(str, folders)]
        return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    first = start(seed)
    assert first.wait(timeout=300) == 0, first.stderr.read().decode()  # type: ignore[union-attr]
    with Workspace.open(settings, create=False) as ws:
        Accounts(ws.db.engine, load_secret(ws_dir)).add_user("analyst", "analyst", PASSWORD, created_by="test")
    client = TestClient(create_app(settings), base_url="https://testserver", follow_redirects=False)
    assert login(client, "analyst").status_code == 303
    graded = client.get("/api/incidents", params={"limit": 200}).json()["items"]
    assert len(graded) == 10

    ingests = [start(shared, only_a), start(only_b, shared)]
    posted = during = 0
    while posted < 8 or any(p.poll() is None for p in ingests):
        incident = graded[posted % len(graded)]
        grade = ("discounted", "fair")[posted // len(graded) % 2]
        page = client.get(f"/incidents/{incident['id']}")
        assert page.status_code == 200
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
        done = client.post(
            f"/incidents/{incident['id']}/decide",
            data={"csrf_token": token, "action": "grade", "value": grade, "reason": f"review {posted}"},
        )
        assert done.status_code == 303, done.text
        during += any(p.poll() is None for p in ingests)
        posted += 1
    for process in ingests:
        _out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err.decode()
    assert during, "no decision was made while the ingests ran"

    with Workspace.open(settings, create=False) as ws:
        assert verify(ws.db, ws.blobs).ok
        assert ws.db.counts()["items"] == ws.db.counts()["documents"] == 90
        assert len(ws.db.decisions()) == posted
        stored = sorted((i.id, i.claims, i.grade) for i in ws.db.iter_incidents())
        previous = {claim_id: i[0] for i in stored for claim_id in i[1]}
        fresh = reconcile(
            list(ws.db.iter_claims()), ws.db.published_dates(), decisions=ws.db.decisions(), previous=previous
        )
    assert stored == sorted((i.id, i.claims, i.grade) for i in fresh)
    assert len(stored) == 90
