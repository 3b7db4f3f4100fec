"""`athar migrate --to URL` moves a workspace's database row for row; verify proves it on the new one."""

from __future__ import annotations

import json

from tests.reconcile.test_decisions import _batch
from tests.reconcile.test_incidents import REPORTS


def _target(tmp_path, database_url):
    # The second database: a PostgreSQL one when the suite runs on PostgreSQL, else another SQLite file.
    return database_url or f"sqlite:///{tmp_path / 'moved.db'}"


def test_a_workspace_moves_to_another_database_and_verifies_there(tmp_path, run_cli, settings, database_url):
    from athar.reconcile.decisions import decide
    from athar.workspace import Workspace

    source = tmp_path / "source-ws"
    ingest = run_cli(
        "--workspace", str(source), "--db", f"sqlite:///{source / 'athar.db'}", "ingest", _batch(tmp_path, REPORTS)
    )
    assert ingest.exit_code == 0, ingest.output
    from athar.settings import replace

    with Workspace.open(
        replace(settings, "workspace", path=str(source), database_url=f"sqlite:///{source / 'athar.db'}")
    ) as ws:
        (incident, *_) = ws.db.find_incidents()
        decide(ws, "grade", incident.id, value="discounted", reason="test")
        before = ws.db.counts()
    target = _target(tmp_path, database_url)
    moved = run_cli("--workspace", str(source), "--db", f"sqlite:///{source / 'athar.db'}", "migrate", "--to", target)
    assert moved.exit_code == 0, moved.output
    assert "ok: verified on the new database" in moved.output
    report = json.loads(run_cli("--workspace", str(source), "--db", target, "verify", "--json").output)
    assert report["ok"] and report["documents"] == before["documents"]
    assert "discounted" in run_cli("--workspace", str(source), "--db", target, "incidents").output
    again = run_cli("--workspace", str(source), "--db", f"sqlite:///{source / 'athar.db'}", "migrate", "--to", target)
    assert again.exit_code == 1 and "already holds a custody log" in again.output
