"""The JSON Lines export of claims: the fields researchers join on, the exact words, a custody entry."""

from __future__ import annotations

import json

from tests.conftest import FIXTURES

FIELDS = {
    "id",
    "document",
    "kind",
    "source",
    "hedged",
    "event_type",
    "sub_event_type",
    "date",
    "date_precision",
    "location",
    "admin1",
    "latitude",
    "longitude",
    "geo_precision",
    "perpetrator",
    "victims",
    "targets",
    "killed",
    "injured",
    "measure",
    "value",
    "qualifier",
    "period_start",
    "period_end",
    "span",
    "text",
}


def test_export_writes_one_claim_per_line_with_its_exact_words(run_cli, seeds, tmp_path):
    assert run_cli("ingest", "--manifest", str(seeds / "seeds.jsonl")).exit_code == 0
    out = tmp_path / "claims.jsonl"
    result = run_cli("export", "claims", "--format", "jsonl", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) > 20
    assert all(row.keys() >= FIELDS for row in rows)
    bodies = {}
    for row in rows:
        doc_id = row["document_id"]
        if doc_id not in bodies:
            shown = json.loads(run_cli("show", "--json", doc_id).output)
            bodies[doc_id] = shown["document"]["body"]
        start, end = row["span"]
        assert bodies[doc_id][start:end] == row["text"]
    central = [r for r in rows if r["document"].startswith("https://central.asia-news.com/")]
    assert central, "a document with a URL is named by it"
    pompeo = next(r for r in rows if "Pompeo" in r["text"])
    assert (pompeo["sub_event_type"], pompeo["source"], pompeo["admin1"]) == (
        "Chemical weapon",
        "Mike Pompeo",
        "Latakia",
    )
    custody = json.loads(run_cli("verify", "--json").output)
    assert custody["ok"]


def test_jsonl_batch_claims_name_the_url_exactly_as_given(run_cli, tmp_path):
    batch = tmp_path / "batch.jsonl"
    url = "https://news.example/2018/01/07/azaz?ref=feed"
    batch.write_text(
        json.dumps(
            {
                "url": url,
                "published": "2018-01-07",
                "outlet": "AP",
                "text": "A car bomb exploded in a market in Azaz on Sunday, killing at least eight people, "
                "activists said.",
            }
        )
        + "\n"
    )
    assert run_cli("ingest", str(batch)).exit_code == 0
    (row,) = [json.loads(line) for line in run_cli("claims", "--json").output.splitlines()]
    assert row["document"] == url
    assert (row["kind"], row["killed"], row["date"], row["admin1"]) == (
        "incident",
        {"min": 8, "max": None},
        "2018-01-07",
        "Aleppo",
    )
    assert row["source"] == "activists"


def test_extract_again_replaces_claims_and_keeps_custody_valid(run_cli, seeds):
    run_cli("ingest", str(seeds / "seeds"))
    before = run_cli("claims", "--json").output
    again = run_cli("extract", "--all")
    assert again.exit_code == 0 and "from 3 documents" in again.output
    assert run_cli("claims", "--json").output == before  # same input, same claims, same ids
    assert json.loads(run_cli("verify", "--json").output)["ok"]


def test_claims_of_one_document_and_of_one_kind(run_cli, seeds):
    run_cli("ingest", str(seeds / "seeds" / "southfront-2018-04-raqqa-photos.txt"))
    figures = run_cli("claims", "--kind", "figure").output
    assert "destroyed_buildings_pct" in figures and "returned" in figures
    assert "incident " not in figures


def test_ingest_without_extraction_then_extract(run_cli):
    result = run_cli("ingest", "--no-extract", str(FIXTURES / "read" / "article_with_comments.html"))
    assert "extracted" not in result.output
    assert run_cli("claims").output.strip() == "0 claim(s)"
    assert "extracted" in run_cli("extract").output
    assert "Remote explosive/landmine/IED" in run_cli("claims").output
