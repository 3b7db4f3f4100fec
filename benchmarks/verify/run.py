"""Tamper detection rate and verification speed of `athar verify`.

    python benchmarks/verify/run.py [--trials 300] [--reports 2000]

Builds a workspace from the bundled seeds, the test PDF and a JSONL batch of
generated reports, then applies random single tamperings, one per trial,
each undone before the next: a flipped bit in a stored file, an edited,
deleted, swapped or inserted custody entry, an edited or deleted document
row. Prints the share detected per kind (the goal is 100 %) and the time to
verify the untouched workspace.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import tempfile
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import delete, insert, update

from athar.locker.verify import verify
from athar.pipeline import Ingest, expand_inputs, load_manifest
from athar.records import CustodyEvent
from athar.settings import load_settings, replace
from athar.store.database import _custody_row
from athar.store.schema import custody_events, documents
from athar.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]


def build(base: Path, reports: int) -> Workspace:
    batch = base / "batch.jsonl"
    with open(batch, "w") as out:
        for n in range(reports):
            out.write(json.dumps({"text": f"Report {n}: shelling killed {n % 17} people in Douma."}) + "\n")
    settings = replace(load_settings(environ={}), "workspace", path=str(base / "ws"))
    workspace = Workspace.open(settings)
    manifest = load_manifest(ROOT / "examples" / "seeds.jsonl")
    inputs = expand_inputs(
        [str(ROOT / "examples" / "seeds"), str(batch), str(ROOT / "tests" / "fixtures" / "read" / "report.pdf")],
        manifest=manifest,
    )
    list(Ingest(workspace, settings).run(inputs))
    return workspace


def tamper_file(ws: Workspace, rng: random.Random) -> None:
    item = rng.choice(list(ws.db.iter_items()))
    path = ws.blobs.path(item.sha256)
    original = path.read_bytes()
    data = bytearray(original)
    data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    os.chmod(path, 0o644)
    path.write_bytes(bytes(data))
    yield
    path.write_bytes(original)


def _entries(ws: Workspace) -> list[CustodyEvent]:
    return list(ws.db.iter_custody())


def tamper_entry_edit(ws: Workspace, rng: random.Random):
    entry = rng.choice(_entries(ws))
    column = rng.choice(["time", "actor", "action", "details", "item_sha256"])
    value = json.dumps({"forged": True}) if column == "details" else "forged"
    with ws.db.engine.begin() as conn:
        conn.execute(update(custody_events).where(custody_events.c.seq == entry.seq).values({column: value}))
    yield
    with ws.db.engine.begin() as conn:
        conn.execute(update(custody_events).where(custody_events.c.seq == entry.seq).values(_custody_row(entry)))


def tamper_entry_delete(ws: Workspace, rng: random.Random):
    entry = rng.choice(_entries(ws))
    with ws.db.engine.begin() as conn:
        conn.execute(delete(custody_events).where(custody_events.c.seq == entry.seq))
    yield
    with ws.db.engine.begin() as conn:
        conn.execute(insert(custody_events).values(_custody_row(entry)))


def tamper_entry_swap(ws: Workspace, rng: random.Random):
    chain = _entries(ws)
    index = rng.randrange(len(chain) - 1)
    a, b = chain[index], chain[index + 1]
    with ws.db.engine.begin() as conn:
        conn.execute(delete(custody_events).where(custody_events.c.seq.in_([a.seq, b.seq])))
        conn.execute(
            insert(custody_events),
            [
                _custody_row(CustodyEvent(**{**b.__dict__, "seq": a.seq})),
                _custody_row(CustodyEvent(**{**a.__dict__, "seq": b.seq})),
            ],
        )
    yield
    with ws.db.engine.begin() as conn:
        conn.execute(delete(custody_events).where(custody_events.c.seq.in_([a.seq, b.seq])))
        conn.execute(insert(custody_events), [_custody_row(a), _custody_row(b)])


def tamper_entry_insert(ws: Workspace, rng: random.Random):
    chain = _entries(ws)
    after = rng.randrange(len(chain) - 1)
    forged = CustodyEvent(after + 2, "2026-01-01T00:00:00Z", "intruder", "capture", None, {}, chain[after].hash)
    forged = CustodyEvent(**{**forged.__dict__, "hash": forged.compute_hash()})
    with ws.db.engine.begin() as conn:
        conn.execute(
            update(custody_events).where(custody_events.c.seq > after + 1).values(seq=custody_events.c.seq + 10**9)
        )
        conn.execute(
            update(custody_events).where(custody_events.c.seq > 10**9).values(seq=custody_events.c.seq - 10**9 + 1)
        )
        conn.execute(insert(custody_events).values(_custody_row(forged)))
    yield
    with ws.db.engine.begin() as conn:
        conn.execute(delete(custody_events).where(custody_events.c.hash == forged.hash))
        conn.execute(
            update(custody_events).where(custody_events.c.seq > after + 2).values(seq=custody_events.c.seq + 10**9)
        )
        conn.execute(
            update(custody_events).where(custody_events.c.seq > 10**9).values(seq=custody_events.c.seq - 10**9 - 1)
        )


def tamper_document(ws: Workspace, rng: random.Random):
    doc = rng.choice(list(ws.db.iter_documents()))
    removing = rng.random() < 0.5
    with ws.db.engine.begin() as conn:
        if removing:
            row = dict(conn.execute(documents.select().where(documents.c.id == doc.id)).mappings().one())
            conn.execute(delete(documents).where(documents.c.id == doc.id))
        else:
            conn.execute(update(documents).where(documents.c.id == doc.id).values(body=doc.body + " "))
    yield
    with ws.db.engine.begin() as conn:
        if removing:
            conn.execute(insert(documents).values(row))
        else:
            conn.execute(update(documents).where(documents.c.id == doc.id).values(body=doc.body))


KINDS = {
    "flipped bit in a stored file": tamper_file,
    "edited custody entry": tamper_entry_edit,
    "deleted custody entry": tamper_entry_delete,
    "swapped custody entries": tamper_entry_swap,
    "inserted custody entry": tamper_entry_insert,
    "edited or deleted document row": tamper_document,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=300)
    parser.add_argument("--reports", type=int, default=2000)
    args = parser.parse_args()
    rng = random.Random(2026)
    base = Path(tempfile.mkdtemp())
    try:
        ws = build(base, args.reports)
        started = time.perf_counter()
        report = verify(ws.db, ws.blobs)
        seconds = time.perf_counter() - started
        assert report.ok, report.problems
        print(
            f"clean workspace: {report.items} items, {report.documents} documents, {report.custody_events} custody "
            f"entries verified in {seconds:.2f}s ({report.custody_events / seconds:,.0f} entries/s)"
        )
        tried, caught = Counter(), Counter()
        for _ in range(args.trials):
            kind = rng.choice(list(KINDS))
            steps = KINDS[kind](ws, rng)
            next(steps)
            tried[kind] += 1
            caught[kind] += not verify(ws.db, ws.blobs).ok
            next(steps, None)
            assert verify(ws.db, ws.blobs).ok, f"undoing {kind} failed"
        print("| tampering | trials | detected |")
        print("| --- | ---: | ---: |")
        for kind in KINDS:
            print(f"| {kind} | {tried[kind]} | {caught[kind] / max(1, tried[kind]):.0%} |")
        total = sum(tried.values())
        print(f"| **all** | {total} | {sum(caught.values()) / total:.1%} |")
        ws.close()
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
