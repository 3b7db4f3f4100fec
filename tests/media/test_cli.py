"""`athar media`: similar, attach/detach, list --incident, flag, thumbnail, analyse, show."""

import itertools
import json

import pytest
from PIL import Image
from sqlalchemy import select

from athar.media import store
from athar.records import DateValue, Incident, sha256_hex
from athar.store.tables_media import incident_media
from tests.media.conftest import photo
from tests.media.test_ingest import FAST, ingest, open_ws

INCIDENT = "252163d1c985112b"


@pytest.fixture
def held(run_cli, tmp_path, settings):
    """A photo, a smaller re-post of it, another photo, and one incident to attach them to."""
    original = photo(tmp_path / "original.jpg", seed=21)
    Image.open(original).resize((400, 300)).save(tmp_path / "repost.jpg", quality=50)
    other = photo(tmp_path / "other.jpg", seed=22)
    assert ingest(run_cli, original, tmp_path / "repost.jpg", other).exit_code == 0
    with open_ws(settings) as ws:
        incident = Incident(
            id=INCIDENT,
            event_type="Explosions/Remote violence",
            sub_event_type="Air/drone strike",
            date=DateValue("2019-05-05", "day"),
            place=None,
            claims=("c1",),
            sources=("SOHR",),
            originators=1,
        )
        ws.db.replace_incidents([incident], actor="tester@athar")
    return {name: sha256_hex((tmp_path / f"{name}.jpg").read_bytes()) for name in ("original", "repost", "other")}


def test_similar_lists_the_repost_with_its_distances(run_cli, held):
    result = run_cli("media", "similar", held["original"][7:19])
    assert result.exit_code == 0
    assert held["repost"][:19] in result.output and held["other"][:19] not in result.output
    assert "1 near-duplicate(s)" in result.output
    [match] = [json.loads(line) for line in run_cli("media", "similar", held["original"], "--json").output.splitlines()]
    assert match["item_sha256"] == held["repost"] and match["pdq_distance"] <= 31 and match["reliable"]


def test_attach_lists_the_incidents_media_with_hashes_and_capture_metadata(run_cli, held, tmp_path, settings):
    result = run_cli("media", "attach", held["original"][7:19], INCIDENT, "--reason", "same street as SANA's photo")
    assert result.exit_code == 0 and f"attached {held['original'][7:19]} to incident {INCIDENT}" in result.output
    listed = run_cli("media", "list", "--incident", INCIDENT)
    assert held["original"] in listed.output and held["repost"] not in listed.output
    assert "PDQ " in listed.output and "image 640x480" in listed.output
    assert "attached: same street as SANA's photo" in listed.output
    [row] = [
        json.loads(line) for line in run_cli("media", "list", "--incident", INCIDENT, "--json").output.splitlines()
    ]
    assert row["media"]["captured_at_source"] == "file:mtime" and len(row["pdq"]) == 64
    with open_ws(settings) as ws:
        with ws.db.engine.connect() as conn:
            [link] = conn.execute(select(incident_media)).all()
        assert (link.incident_id, link.item_sha256, link.reason) == (
            INCIDENT,
            held["original"],
            "same street as SANA's photo",
        )
        assert link.actor and link.at
        [entry] = [e for e in ws.db.iter_custody() if e.action == "attach-media"]
        assert entry.item_sha256 == held["original"] and entry.details["incident"] == INCIDENT
    detached = run_cli("media", "detach", held["original"][7:19], INCIDENT, "--reason", "another street")
    assert detached.exit_code == 0
    assert "0 photo(s)/video(s) attached" in run_cli("media", "list", "--incident", INCIDENT).output
    again = run_cli("media", "detach", held["original"][7:19], INCIDENT, "--reason", "twice")
    assert again.exit_code == 1 and "error[ATH227]" in again.output
    assert run_cli("verify").exit_code == 0


def test_attach_to_an_unknown_incident_or_a_text_item_is_refused(run_cli, held, tmp_path):
    unknown = run_cli("media", "attach", held["original"][7:19], "ffffffffffffffff", "--reason", "x")
    assert unknown.exit_code == 1 and "error[ATH405]" in unknown.output
    (tmp_path / "report.txt").write_text("Shelling reported in Douma on Sunday.\n")
    run_cli("ingest", "--no-extract", str(tmp_path / "report.txt"))
    text = sha256_hex((tmp_path / "report.txt").read_bytes())
    refused = run_cli("media", "attach", text[7:19], INCIDENT, "--reason", "x")
    assert refused.exit_code == 1 and "error[ATH225]" in refused.output


def test_a_graphic_item_is_hidden_from_listings_and_its_thumbnail_blurred(run_cli, held, tmp_path, settings):
    flagged = run_cli("media", "flag", held["repost"][7:19], "--graphic", "--reason", "bodies visible")
    assert flagged.exit_code == 0
    listing = run_cli("media", "list")
    assert held["repost"] not in listing.output and "1 flagged graphic hidden" in listing.output
    assert held["repost"] in run_cli("media", "list", "--show-graphic").output
    similar = run_cli("media", "similar", held["original"][7:19])
    assert held["repost"][:19] not in similar.output and "1 flagged graphic hidden" in similar.output
    blurred = run_cli("media", "thumbnail", held["repost"][7:19], "-o", str(tmp_path / "b.jpg"))
    assert "blurred" in blurred.output
    run_cli("media", "thumbnail", held["repost"][7:19], "-o", str(tmp_path / "s.jpg"), "--unblurred")
    assert _detail(tmp_path / "b.jpg") < _detail(tmp_path / "s.jpg") / 2
    run_cli("media", "flag", held["repost"][7:19], "--not-graphic", "--reason", "misjudged")
    assert held["repost"] in run_cli("media", "list").output
    with open_ws(settings) as ws:
        assert [e.details["graphic"] for e in ws.db.iter_custody() if e.action == "flag-media"] == [True, False]


def _detail(path):
    grey = Image.open(path).convert("L").tobytes()
    return sum(abs(a - b) for a, b in itertools.pairwise(grey))


def test_show_gives_metadata_hashes_derived_items_and_custody(run_cli, held):
    shown = run_cli("media", "show", held["original"][7:19], "--exiftool")
    assert "PDQ:" in shown.output and "C2PA:" in shown.output and "none" in shown.output
    assert "thumbnail" in shown.output and "analyse-media" in shown.output
    assert '"File:MIMEType": "image/jpeg"' in shown.output


def test_analyse_finishes_items_an_interrupted_ingest_left(run_cli, tmp_path, monkeypatch, settings):
    from athar.media.ingest import Analyser

    monkeypatch.setattr(Analyser, "pending", lambda self, items, redo=False: [])  # as if killed before analysing
    picture = photo(tmp_path / "late.jpg", seed=30)
    ingest(run_cli, picture)
    monkeypatch.undo()
    sha = sha256_hex(picture.read_bytes())
    with open_ws(settings) as ws:
        assert store.load_analysis(ws.db, sha) is None
    result = run_cli("media", "analyse", env=FAST)
    assert result.exit_code == 0 and "1 analysed" in result.output and "derived 1 thumbnail" in result.output
    assert "0 analysed" in run_cli("media", "analyse", env=FAST).output  # nothing left to do
    with open_ws(settings) as ws:
        assert store.load_analysis(ws.db, sha).hashes
    assert run_cli("verify").exit_code == 0
