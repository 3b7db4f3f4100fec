"""The JSON Lines export of incidents: every field the issue names, every claim with its exact words."""

from __future__ import annotations

import json

FIELDS = {
    "id",
    "event_type",
    "sub_event_type",
    "date",
    "date_precision",
    "location",
    "admin1",
    "country",
    "latitude",
    "longitude",
    "geo_precision",
    "perpetrators",
    "contested",
    "targets",
    "victims",
    "killed",
    "injured",
    "grade",
    "claims",
}


def test_ingest_then_export_incidents(run_cli, tmp_path):
    batch = tmp_path / "reports.jsonl"
    rows = [
        {
            "url": "https://a.example/1",
            "outlet": "AP",
            "published": "2019-05-06",
            "text": "Russian warplanes bombed a hospital in Kafranbel on Sunday, killing four civilians, "
            "rescuers said.",
        },
        {
            "url": "https://b.example/2",
            "outlet": "Reuters",
            "published": "2019-05-06",
            "text": "Russian jets struck a hospital in Kafranbel on Sunday, the Syrian Observatory for Human "
            "Rights said.",
        },
        {
            "url": "https://c.example/3",
            "outlet": "TASS",
            "published": "2019-05-06",
            "text": "The Russian Defence Ministry denied that its aircraft struck a hospital in Kafranbel on Sunday.",
        },
    ]
    batch.write_text("\n".join(json.dumps(r) for r in rows))
    ingested = run_cli("ingest", str(batch))
    assert "reconciled 1 incidents (1 contested;" in ingested.output, ingested.output
    out = tmp_path / "incidents.jsonl"
    assert run_cli("export", "incidents", "--format", "jsonl", "-o", str(out)).exit_code == 0
    (row,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert row.keys() >= FIELDS
    assert (row["sub_event_type"], row["location"], row["grade"], row["contested"]) == (
        "Air/drone strike",
        "Kafranbel",
        "contested",
        True,
    )
    (russia,) = row["perpetrators"]
    assert russia["name"] == "Military Forces of Russia" and russia["denied_by"]
    assert row["targets"] == ["hospital"] and row["killed"] == {"min": 4, "best": 4, "max": 4}
    documents = {c["document"] for c in row["claims"]}
    assert documents == {"https://a.example/1", "https://b.example/2", "https://c.example/3"}
    # The stored document's id beside its URL, so that a claim leads to `athar show` and the evidence bundle.
    assert all(len(c["document_id"]) == 16 and c["url"] == c["document"] for c in row["claims"])
    assert any(c["denial"] for c in row["claims"])
    # Each claim carries the registry's facts about its source and outlet: whose side, how reliable, labels.
    (denial,) = [c for c in row["claims"] if c["denial"]]
    assert denial["outlet"] == "TASS" and denial["source_registry"]["affiliation"] == "Military Forces of Russia"
    assert {c["source_registry"] is None for c in row["claims"] if c["source"] == "rescuers"} == {True}
    assert json.loads(run_cli("verify", "--json").output)["ok"]
