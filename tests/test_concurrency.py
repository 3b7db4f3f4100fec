"""Two ingests into one workspace at once: nothing lost, nothing twice, one custody chain (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
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
