"""`kill -9` at random moments of a large ingest loses nothing that was reported and breaks nothing.

Twenty runs of the same ingest are killed at random moments (fixed seed).
After each: `athar verify` passes and every document reported as stored is
there and readable. A last, uninterrupted run completes the batch with no
duplicates: one item per input, one document per report, one capture entry
per item and one read entry per document.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest

from athar.locker.verify import verify
from athar.settings import replace
from athar.workspace import Workspace

KILLS = 20
FILES = 2000
LINES = 1500
PLACES = ["Douma", "Ariha", "Azaz", "Raqqa", "Jobar", "Kafranbel", "Maarat al-Numan", "Deir ez-Zor"]


def make_batch(folder, rng):
    folder.mkdir()
    for n in range(FILES):
        (folder / f"report-{n:05d}.txt").write_text(
            f"Shelling in {rng.choice(PLACES)}\n\nReport {n}: at least {rng.randrange(1, 40)} people were killed "
            f"when shells hit a market in {rng.choice(PLACES)}, the civil defence said on day {n}.\n"
        )
    batch = folder / "batch.jsonl"
    with open(batch, "w") as out:
        for n in range(LINES):
            row = {
                "text": f"Line {n}: an air strike hit {rng.choice(PLACES)}, killing {rng.randrange(1, 20)}.",
                "outlet": "Monitor",
                "published": f"2018-{1 + n % 12:02d}-{1 + n % 28:02d}",
            }
            out.write(json.dumps(row) + "\n")
    return folder


def athar(workspace_dir, db_args, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATHAR_")}
    env["ATHAR_INGEST__BATCH_SIZE"] = "200"
    return [sys.executable, "-m", "athar", "--workspace", str(workspace_dir), *db_args, *args], env


def reported_documents(stdout: bytes) -> list[str]:
    ids = []
    for line in stdout.decode("utf-8", "replace").splitlines():
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue  # the line the kill cut in half
        ids.extend(row["documents"])
    return ids


@pytest.mark.slow
def test_kill_9_at_random_moments_loses_nothing(tmp_path, settings, db_args):
    rng = random.Random(20261126)
    batch = make_batch(tmp_path / "batch", rng)
    ws_dir = tmp_path / "ws"
    settings = replace(settings, "workspace", path=str(ws_dir))
    command, env = athar(ws_dir, db_args, "ingest", "--json", str(batch))

    killed_mid_run = 0
    for run in range(KILLS):
        process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 3.0))
        finished = process.poll() is not None
        os.kill(process.pid, signal.SIGKILL)
        stdout, _ = process.communicate()
        killed_mid_run += not finished
        with Workspace.open(settings) as ws:  # a kill during start-up leaves no workspace yet
            report = verify(ws.db, ws.blobs)
            assert report.ok, (run, [p.message for p in report.problems])
            for doc_id in reported_documents(stdout):
                (doc,) = ws.db.find_documents(doc_id)
                assert doc.body, doc_id
                assert ws.blobs.path(doc.item_sha256).is_file()
    assert killed_mid_run >= KILLS // 2, "most kills must land while the ingest is still running"

    final = subprocess.run(command, env=env, capture_output=True, timeout=600)
    assert final.returncode == 0, final.stderr.decode()
    with Workspace.open(settings, create=False) as ws:
        assert verify(ws.db, ws.blobs).ok
        counts = ws.db.counts()
        assert counts["items"] == FILES + 1
        assert counts["documents"] == FILES + LINES
        entries = list(ws.db.iter_custody())
        captures = Counter(e.item_sha256 for e in entries if e.action == "capture")
        reads = Counter(e.details["document"] for e in entries if e.action == "read")
        assert len(captures) == FILES + 1 and set(captures.values()) == {1}
        assert len(reads) == FILES + LINES and set(reads.values()) == {1}
        assert all(item.status == "complete" for item in ws.db.iter_items())
        assert not list(ws.blobs.tmp.iterdir())
