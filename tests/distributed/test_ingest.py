"""The pipeline on Dask: the same items, documents, claims and incidents as one process, and kill-safe.

Workers stage, read and extract; the driver alone writes the custody chain.
Each test compares a distributed run with a single-process run of the same
inputs, field by field (times and the capturing actor aside), and verifies
the evidence of both.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner
from tests.distributed.compare import contents

from athar.cli import cli
from athar.locker.verify import verify
from athar.settings import load_settings, replace
from athar.workspace import Workspace

PLACES = ["Douma", "Ariha", "Azaz", "Raqqa", "Jobar", "Kafranbel", "Maarat al-Numan", "Deir ez-Zor", "Idlib"]
OUTLETS = ["Reuters", "AFP", "SANA", "Enab Baladi", "Syrian Observatory for Human Rights"]


def make_corpus(folder: Path, *, files: int = 120, lines: int = 200, seed: int = 3) -> Path:
    """Text files, a JSONL batch (one bad line), an HTML page, a photo, a duplicate, an empty file."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    for n in range(files):
        place, other = rng.choice(PLACES), rng.choice(PLACES)
        (folder / f"report-{n:04d}.txt").write_text(
            f"Shelling in {place}\n\nAt least {rng.randrange(1, 40)} people were killed when shells hit a market in "
            f"{place} on Monday, the civil defence said. Government forces denied shelling {other}.\n"
        )
    with open(folder / "batch.jsonl", "w") as out:
        for n in range(lines):
            row = {
                "text": f"An air strike hit {rng.choice(PLACES)} on {n % 28 + 1} March, killing {rng.randrange(1, 20)} "
                f"civilians, {rng.choice(OUTLETS)} reported.",
                "outlet": rng.choice(OUTLETS),
                "published": f"2018-03-{n % 28 + 1:02d}",
            }
            out.write(json.dumps(row) + "\n")
            if n == 50:
                out.write("{not json\n")
    (folder / "page.html").write_text(
        "<html><head><title>Barrel bombs on Daraa</title></head><body><article><h1>Barrel bombs</h1>"
        "<p>Helicopters dropped barrel bombs on Daraa al-Balad on Tuesday, killing five people, activists said.</p>"
        "</article></body></html>"
    )
    from PIL import Image

    Image.new("RGB", (48, 32), (200, 30, 30)).save(folder / "photo.jpg", quality=90)  # media: analysed by the driver
    (folder / "copy-of-report-0001.txt").write_bytes((folder / "report-0001.txt").read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    return folder


def athar(workspace: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--workspace", str(workspace), *args], catch_exceptions=False)
    return result.exit_code, result.output


def snapshot(path: Path) -> dict:
    settings = replace(load_settings(environ={}), "workspace", path=str(path))
    with Workspace.open(settings, create=False) as workspace:
        found = contents(workspace)
        report = verify(workspace.db, workspace.blobs)
    assert report.ok, report
    return found


def statuses(output: str) -> list[tuple[str, str]]:
    rows = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    return sorted((r["input"], r["status"]) for r in rows)


@pytest.fixture(scope="module")
def single(tmp_path_factory) -> tuple[Path, str, dict]:
    """The corpus ingested by one process (the reference)."""
    base = tmp_path_factory.mktemp("single")
    corpus = make_corpus(base / "corpus")
    code, output = athar(base / "ws", "ingest", "--json", str(corpus))
    assert code == 1  # the empty file and the bad line
    return corpus, output, snapshot(base / "ws")


def test_workers_give_what_one_process_gives(single, tmp_path):
    corpus, output, expected = single
    code, distributed = athar(tmp_path / "ws", "ingest", "--json", "--workers", "2", str(corpus))
    assert code == 1
    assert statuses(distributed) == statuses(output)
    found = snapshot(tmp_path / "ws")
    assert found["claims"] and found["incidents"]
    for part in ("items", "documents", "claims", "incidents", "custody"):
        assert found[part] == expected[part], part
    # again: nothing new, nothing duplicated
    code, again = athar(tmp_path / "ws", "ingest", "--json", "--workers", "2", str(corpus))
    assert {s for _, s in statuses(again)} == {"present", "failed"}
    assert snapshot(tmp_path / "ws")["custody"]["capture"] == expected["custody"]["capture"]


def test_an_existing_scheduler_and_partitioned_reconcile(single, tmp_path, dask_client):
    corpus, _output, expected = single
    address = dask_client.scheduler.address
    code, _ = athar(tmp_path / "ws", "ingest", "--json", "--scheduler", address, "--no-extract", str(corpus))
    assert code == 1
    assert snapshot(tmp_path / "ws")["claims"] == []
    code, output = athar(tmp_path / "ws", "extract")
    assert code == 0
    code, output = athar(tmp_path / "ws", "reconcile", "--scheduler", address)
    assert code == 0, output
    found = snapshot(tmp_path / "ws")
    for part in ("items", "documents", "claims", "incidents"):
        assert found[part] == expected[part], part
    # and again on the same claims: same incidents, same ids
    code, output = athar(tmp_path / "ws", "reconcile", "--scheduler", address)
    assert code == 0 and "kept their ids" in output
    assert snapshot(tmp_path / "ws")["incidents"] == expected["incidents"]


def _command(workspace: Path, corpus: Path) -> tuple[list[str], dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATHAR_")}
    env["ATHAR_INGEST__BATCH_SIZE"] = "100"
    command = [sys.executable, "-m", "athar", "--workspace", str(workspace), "ingest", "--json", "--workers", "2"]
    return [*command, str(corpus)], env


@pytest.mark.slow
def test_kill_9_of_the_driver_loses_nothing(tmp_path):
    rng = random.Random(20261126)
    corpus = make_corpus(tmp_path / "corpus", files=600, lines=800, seed=5)
    ws = tmp_path / "ws"
    command, env = _command(ws, corpus)
    kills = 0
    for _run in range(3):
        process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(6.0, 16.0))
        children = psutil.Process(process.pid).children(recursive=True)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        stdout, _ = process.communicate()
        # the workers go with their driver
        _gone, alive = psutil.wait_procs(children, timeout=30)
        for child in alive:  # pragma: no cover - only if Dask's parent watch failed
            child.kill()
        assert not alive
        reported = []
        for line in stdout.decode("utf-8", "replace").splitlines():
            try:
                reported.extend(json.loads(line)["documents"])
            except (json.JSONDecodeError, KeyError):
                continue  # the line the kill cut in half
        if not ws.exists():
            continue
        settings = replace(load_settings(environ={}), "workspace", path=str(ws))
        with Workspace.open(settings, create=False) as workspace:
            assert verify(workspace.db, workspace.blobs).ok
            stored = {d.id for d in workspace.db.iter_documents()}
        assert set(reported) <= stored
    assert kills >= 2
    done = subprocess.run(command, env=env, capture_output=True, check=False)
    assert done.returncode == 1  # the empty file and the bad line
    found = snapshot(ws)
    single = tmp_path / "single"
    subprocess.run(
        [*command[:3], "--workspace", str(single), "ingest", "--json", str(corpus)], env=env, capture_output=True
    )
    expected = snapshot(single)
    for part in ("items", "documents", "claims"):
        assert found[part] == expected[part], part
    # one capture per item, one read and one extraction per document, however many runs were cut
    assert found["custody"]["capture"] == len(found["items"])
    assert found["custody"]["read"] == len(found["documents"]) == found["custody"]["extract"]
