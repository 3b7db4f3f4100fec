"""`athar verify` must catch every kind of tampering: bytes, custody entries, rows."""

from __future__ import annotations

import json
import os
import random

import pytest
from sqlalchemy import delete, insert, select, update

from athar.locker.verify import verify
from athar.pipeline import Ingest, expand_inputs, load_manifest
from athar.records import CustodyEvent
from athar.store.database import _custody_row
from athar.store.schema import custody_events, custody_head, documents, items
from tests.conftest import FIXTURES


@pytest.fixture
def filled(workspace, settings, seeds, tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        "\n".join(
            json.dumps({"text": f"Report {n}: shelling hit the market in Douma, killing {n} people.", "outlet": "X"})
            for n in range(1, 4)
        )
    )
    manifest = load_manifest(seeds / "seeds.jsonl")
    inputs = expand_inputs([str(seeds / "seeds"), str(batch), str(FIXTURES / "read" / "report.pdf")], manifest=manifest)
    outcomes = list(Ingest(workspace, settings).run(inputs))
    assert [o.status for o in outcomes] == ["stored"] * 5
    assert verify(workspace.db, workspace.blobs).ok
    return workspace


def codes(workspace, **kwargs):
    return [p.code for p in verify(workspace.db, workspace.blobs, **kwargs).problems]


def entries(workspace):
    return list(workspace.db.iter_custody())


def test_untouched_workspace_verifies(filled):
    report = verify(filled.db, filled.blobs)
    assert report.ok
    assert (report.items, report.documents) == (5, 7)
    assert report.custody_events == 5 + 7
    assert report.head == (12, entries(filled)[-1].hash)


def test_every_flipped_byte_in_every_item_is_detected(filled):
    rng = random.Random(7)
    for item in filled.db.iter_items():
        path = filled.blobs.path(item.sha256)
        original = path.read_bytes()
        os.chmod(path, 0o644)
        for position in rng.sample(range(len(original)), 10):
            flipped = bytearray(original)
            flipped[position] ^= 1 << rng.randrange(8)
            path.write_bytes(bytes(flipped))
            assert codes(filled) == ["ATH301"], (item.sha256, position)
        path.write_bytes(original)
    assert codes(filled) == []


def test_missing_item_file_is_detected(filled):
    item = next(filled.db.iter_items())
    filled.blobs.path(item.sha256).unlink()
    assert codes(filled) == ["ATH302"]


@pytest.mark.parametrize("column", ["time", "actor", "action", "item_sha256", "details", "prev_hash", "hash"])
def test_every_edited_custody_field_is_detected(filled, column):
    for seq in (1, 6, 12):
        original = entries(filled)[seq - 1]
        value = {"details": json.dumps({"source": "elsewhere"}), "item_sha256": "sha256:" + "1" * 64}.get(
            column, "sha256:" + "f" * 64 if "hash" in column else "forged"
        )
        with filled.db.engine.begin() as conn:
            conn.execute(update(custody_events).where(custody_events.c.seq == seq).values({column: value}))
        assert "ATH303" in codes(filled) or "ATH304" in codes(filled), (column, seq)
        with filled.db.engine.begin() as conn:
            conn.execute(update(custody_events).where(custody_events.c.seq == seq).values(_custody_row(original)))
        assert codes(filled) == []


@pytest.mark.parametrize("seq", range(1, 13))
def test_every_deleted_custody_entry_is_detected(filled, seq):
    with filled.db.engine.begin() as conn:
        conn.execute(delete(custody_events).where(custody_events.c.seq == seq))
    assert codes(filled), seq


@pytest.mark.parametrize("first", range(1, 12))
def test_every_swap_of_neighbouring_entries_is_detected(filled, first):
    a, b = entries(filled)[first - 1], entries(filled)[first]
    swapped_a = CustodyEvent(**{**b.__dict__, "seq": a.seq})
    swapped_b = CustodyEvent(**{**a.__dict__, "seq": b.seq})
    with filled.db.engine.begin() as conn:
        conn.execute(delete(custody_events).where(custody_events.c.seq.in_([a.seq, b.seq])))
        conn.execute(insert(custody_events), [_custody_row(swapped_a), _custody_row(swapped_b)])
    assert "ATH303" in codes(filled)


@pytest.mark.parametrize("after", [0, 5, 11])
def test_an_inserted_entry_is_detected_even_when_its_own_hash_is_right(filled, after):
    chain = entries(filled)
    prev = chain[after - 1].hash if after else "sha256:" + "0" * 64
    forged = CustodyEvent(after + 1, "2026-01-01T00:00:00Z", "intruder", "capture", None, {}, prev)
    forged = CustodyEvent(**{**forged.__dict__, "hash": forged.compute_hash()})
    with filled.db.engine.begin() as conn:
        for entry in reversed(chain[after:]):
            conn.execute(update(custody_events).where(custody_events.c.seq == entry.seq).values(seq=entry.seq + 1))
        conn.execute(insert(custody_events).values(_custody_row(forged)))
    assert "ATH303" in codes(filled)


def test_entries_cut_from_the_end_are_detected_by_the_head(filled):
    with filled.db.engine.begin() as conn:
        conn.execute(delete(custody_events).where(custody_events.c.seq >= 11))
    assert codes(filled)[0] == "ATH304"  # and the rows those entries sealed are now unsealed
    assert len(codes(filled)) == 3


def test_a_rewritten_tail_is_caught_by_the_head_the_user_wrote_down(filled):
    written_down = entries(filled)[-1].hash
    last = entries(filled)[-1]
    forged = CustodyEvent(13, "2026-01-01T00:00:00Z", "intruder", "export", None, {}, last.hash)
    forged = CustodyEvent(**{**forged.__dict__, "hash": forged.compute_hash()})
    with filled.db.engine.begin() as conn:
        conn.execute(insert(custody_events).values(_custody_row(forged)))
        conn.execute(update(custody_head).values(seq=13, hash=forged.hash))
    assert codes(filled) == []  # a consistent forgery inside the database …
    assert codes(filled, expected_head=written_down) == ["ATH307"]  # … but not past a head kept elsewhere


def test_an_edited_document_is_detected(filled):
    with filled.db.engine.begin() as conn:
        doc_id = conn.execute(select(documents.c.id).limit(1)).scalar_one()
        conn.execute(update(documents).where(documents.c.id == doc_id).values(body="Nothing happened."))
    assert codes(filled) == ["ATH305"]


def test_a_deleted_document_is_detected(filled):
    with filled.db.engine.begin() as conn:
        doc_id = conn.execute(select(documents.c.id).limit(1)).scalar_one()
        conn.execute(delete(documents).where(documents.c.id == doc_id))
    assert codes(filled) == ["ATH305"]


def test_an_item_row_added_outside_athar_is_detected(filled):
    with filled.db.engine.begin() as conn:
        conn.execute(
            insert(items).values(
                sha256="sha256:" + "a" * 64,
                size=1,
                media_type="text/plain",
                captured_at="x",
                captured_by="x",
                status="complete",
            )
        )
    assert "ATH306" in codes(filled)


def test_a_deleted_item_row_is_detected(filled):
    pdf = next(i for i in filled.db.iter_items() if i.media_type == "application/pdf")
    with filled.db.engine.begin() as conn:
        conn.execute(delete(documents).where(documents.c.item_sha256 == pdf.sha256))
        conn.execute(delete(items).where(items.c.sha256 == pdf.sha256))
    assert codes(filled) == ["ATH306", "ATH305"]


def test_leftover_blob_of_an_interrupted_ingest_is_a_warning_not_a_failure(filled):
    import io

    staged = filled.blobs.stage(io.BytesIO(b"written before the kill"), max_bytes=100)
    filled.blobs.commit([staged])
    report = verify(filled.db, filled.blobs)
    assert report.ok
    assert any("belong to no item" in w for w in report.warnings)


def test_edited_added_or_removed_claims_are_detected(filled, settings):
    from athar.pipeline import Extract
    from athar.store.schema import claims

    runner = Extract(filled, settings)
    found = [c for _doc, cs in runner.run(runner.pending()) for c in cs]
    assert found and codes(filled) == []
    with filled.db.engine.begin() as conn:
        record = conn.execute(select(claims.c.record).where(claims.c.id == found[0].id)).scalar_one()
        conn.execute(update(claims).where(claims.c.id == found[0].id).values(record=record.replace('"killed"', '"k"')))
    assert codes(filled) == ["ATH305"]
    with filled.db.engine.begin() as conn:
        conn.execute(delete(claims).where(claims.c.id == found[0].id))
    assert codes(filled) == ["ATH305"]


def test_edited_incidents_are_detected(filled, settings):
    from athar.pipeline import Extract
    from athar.reconcile.incidents import reconcile
    from athar.store.schema import incidents

    runner = Extract(filled, settings)
    list(runner.run(runner.pending()))
    found = reconcile(filled.db.iter_claims(), filled.db.published_dates())
    assert found
    filled.db.replace_incidents(found, actor="tester")
    assert codes(filled) == []
    with filled.db.engine.begin() as conn:
        conn.execute(update(incidents).where(incidents.c.id == found[0].id).values(record="{}"))
    assert codes(filled) == ["ATH308"]
