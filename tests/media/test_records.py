"""Media records round-trip through plain JSON like every other record."""

import json

from athar.media.records import Derivation, FrameHash, GraphicFlag, IncidentMedia, Match, MediaAnalysis, Provenance


def test_an_analysis_round_trips_with_its_hashes_frames_and_provenance():
    analysis = MediaAnalysis(
        item_sha256="sha256:" + "a" * 64,
        kind="video",
        hashes=(FrameHash(0, "f" * 64, 87, "0" * 16, 0.0, (0, 10, 320, 230)),),
        derivations=(
            Derivation("sha256:" + "a" * 64, "sha256:" + "b" * 64, "keyframe", 0, 2.5, {"tool": "ffmpeg"}, "v1"),
        ),
        provenance=Provenance("valid", ("signingCredential.untrusted",), {"active_manifest": "x"}, "media.c2pa.v1"),
        ocr_document="0123456789abcdef",
        problems=("ATH224",),
        produced_by="media.analyse.v1",
    )
    data = json.loads(json.dumps(analysis.to_dict()))
    assert MediaAnalysis.from_dict(data) == analysis
    assert MediaAnalysis.from_dict(data).digest() == analysis.digest()


def test_links_flags_and_matches_round_trip():
    for record in (
        IncidentMedia(
            "252163d1c985112b", "sha256:" + "c" * 64, "same minaret", "analyst@athar", "2026-11-26T12:00:00Z"
        ),
        GraphicFlag("sha256:" + "c" * 64, True, "bodies visible", "analyst@athar", "2026-11-26T12:00:00Z"),
        Match("sha256:" + "c" * 64, 4, 2, 3, 4, 12.0, True),
    ):
        assert type(record).from_dict(json.loads(json.dumps(record.to_dict()))) == record
    assert Match("sha256:x", 4, 2, 3, 4).fraction == 0.75
