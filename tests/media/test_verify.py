"""Tampering with the media tables is found: each row is checked against the custody entry that sealed it."""

import pytest
from sqlalchemy import delete, insert, update

from athar.media import store
from athar.media.records import GraphicFlag, IncidentMedia
from athar.media.verify import problems
from athar.records import sha256_hex
from athar.store.schema import items
from athar.store.tables_media import incident_media, media_analyses, media_derivations, media_flags, media_hashes
from tests.media.conftest import photo
from tests.media.test_ingest import ingest, open_ws


@pytest.fixture
def ws(run_cli, tmp_path, settings):
    picture = photo(tmp_path / "p.jpg", seed=41)
    assert ingest(run_cli, picture).exit_code == 0
    sha = sha256_hex(picture.read_bytes())
    with open_ws(settings) as workspace:
        store.attach(
            workspace.db, IncidentMedia("252163d1c985112b", sha, "same street", "a@athar", "2026-11-26T12:00:00Z")
        )
        store.set_flag(workspace.db, GraphicFlag(sha, True, "bodies", "a@athar", "2026-11-26T12:01:00Z"))
        assert problems(workspace.db) == []
        workspace.sha = sha
        yield workspace


def tamper(workspace, statement):
    with workspace.db.engine.begin() as conn:
        conn.execute(statement)
    return problems(workspace.db)


def test_an_edited_hash_is_found(ws):
    found = tamper(ws, update(media_hashes).values(pdq="0" * 64))
    assert found == [
        f"media of item {ws.sha}: its analysis, frames or hashes differ from what custody entry #4 sealed "
        "(edited, added or removed)"
    ]


def test_a_deleted_derivation_is_found(ws):
    found = tamper(ws, delete(media_derivations))
    assert len(found) == 1 and "differ from what custody entry" in found[0]


def test_a_deleted_analysis_is_found(ws):
    found = tamper(ws, delete(media_analyses))
    assert any("derived rows without their analysis" in line for line in found)
    assert any("analysis sealed by custody entry #4 is missing" in line for line in found)


def test_a_changed_provenance_result_is_found(ws):
    found = tamper(ws, update(media_analyses).values(provenance="trusted"))
    assert len(found) == 1 and ws.sha in found[0]


def test_links_added_removed_or_edited_outside_athar_are_found(ws):
    assert "differs from what custody entry" in tamper(ws, update(incident_media).values(reason="edited"))[0]
    assert "is missing" in tamper(ws, delete(incident_media))[0]
    row = {"incident_id": "aaaaaaaaaaaaaaaa", "item_sha256": ws.sha, "reason": "x", "actor": "x", "at": "x"}
    found = tamper(ws, insert(incident_media).values(**row))
    assert any("aaaaaaaaaaaaaaaa" in line and "no custody entry sealed" in line for line in found)


def test_a_cleared_flag_is_found(ws):
    found = tamper(ws, update(media_flags).values(graphic=False))
    assert found == [f"item {ws.sha}: its graphic flag differs from what custody entry #6 sealed"]
    assert "is missing" in tamper(ws, delete(media_flags))[0]


def test_a_derived_item_removed_is_found(ws):
    [thumbnail] = store.load_analysis(ws.db, ws.sha).derivations
    with ws.db.engine.begin() as conn:
        conn.execute(delete(items).where(items.c.sha256 == thumbnail.derived_sha256))
    assert problems(ws.db) == [f"derived item {thumbnail.derived_sha256}: named by a derivation but not stored"]
