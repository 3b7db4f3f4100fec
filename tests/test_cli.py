"""The command line as a user meets it: one line per problem, exit codes that mean something."""

from __future__ import annotations

import json
import os

from tests.conftest import FIXTURES

LOOPBACK = {"ATHAR_FETCH__ALLOW_PRIVATE_ADDRESSES": "true"}


def test_ingest_seeds_then_list_show_and_verify(run_cli, seeds):
    result = run_cli("ingest", "--manifest", str(seeds / "seeds.jsonl"))
    assert result.exit_code == 0, result.output
    assert result.output.count("stored ") == 3
    assert "summary: 3 stored, 0 already present, 0 failed" in result.output

    listing = run_cli("documents")
    assert listing.exit_code == 0, listing.output
    assert "SouthFront" in listing.output and "2018-04" in listing.output
    assert "3 of 3 documents" in listing.output

    doc_id = json.loads(run_cli("documents", "--json").output.splitlines()[0])["id"]
    shown = run_cli("show", doc_id[:8])
    assert shown.exit_code == 0, shown.output
    assert f"document:    {doc_id}" in shown.output
    assert "-- custody --" in shown.output and "capture" in shown.output and "read" in shown.output

    verified = run_cli("verify")
    assert verified.exit_code == 0, verified.output
    assert verified.output.startswith("ok: 3 items")


def test_show_separates_comments_from_the_article(run_cli, seeds):
    run_cli("ingest", str(seeds / "seeds" / "southfront-2018-04-raqqa-photos.txt"))
    doc_id = json.loads(run_cli("documents", "--json").output)["id"]
    shown = run_cli("show", doc_id).output
    article, comments = shown.split("reader comment(s), not part of the article")
    assert "On April 7, the Russian Defense Ministry" in article
    assert "zionists" not in article and "zionists" in comments


def test_second_ingest_says_already_present(run_cli, seeds):
    run_cli("ingest", str(seeds / "seeds"))
    again = run_cli("ingest", str(seeds / "seeds"))
    assert again.exit_code == 0
    assert again.output.count("(already stored)") == 3
    assert "0 stored, 3 already present" in again.output


def test_a_failed_input_gives_one_error_line_and_exit_code_1(run_cli, seeds, tmp_path):
    junk = tmp_path / "junk.html"
    junk.write_bytes(bytes(range(256)) * 4)
    result = run_cli("ingest", str(junk), str(seeds / "seeds"))
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error[")]
    assert errors == [f"error[ATH204]: {junk}: binary data, not HTML text; check the file or its extension"]
    assert "3 stored, 0 already present, 1 failed" in result.output


def test_json_output_has_one_object_per_input(run_cli, seeds):
    result = run_cli("ingest", "--json", str(seeds / "seeds"))
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["status"] for row in rows] == ["stored"] * 3
    assert all(row["sha256"].startswith("sha256:") and len(row["documents"]) == 1 for row in rows)


def test_a_url_is_fetched_preserved_and_read(run_cli, web):
    result = run_cli("ingest", web("/moved"), env=LOOPBACK)
    assert result.exit_code == 0, result.output
    doc = json.loads(run_cli("documents", "--json").output)
    assert doc["url"] == web("/article")  # the final URL after the redirect
    assert doc["title"] == "Car bomb kills at least eight in Azaz market"
    assert run_cli("verify").exit_code == 0


def test_an_unreachable_url_fails_alone(run_cli, seeds, web):
    result = run_cli("ingest", web("/loop-a"), str(seeds / "seeds"), env=LOOPBACK)
    assert result.exit_code == 1
    assert "error[ATH252]" in result.output
    assert "3 stored" in result.output


def test_verify_exits_3_and_names_the_altered_item(run_cli, seeds, tmp_path):
    run_cli("ingest", str(seeds / "seeds"))
    blob = next(p for p in (tmp_path / "ws" / "blobs").rglob("*") if p.is_file())
    os.chmod(blob, 0o644)
    data = bytearray(blob.read_bytes())
    data[100] ^= 0x01
    blob.write_bytes(bytes(data))
    result = run_cli("verify")
    assert result.exit_code == 3
    assert f"error[ATH301]: item sha256:{blob.name}: stored bytes hash to" in result.output
    assert "FAILED verification" in result.output


def test_verify_with_the_head_written_down(run_cli, seeds):
    run_cli("ingest", str(seeds / "seeds"))
    head = run_cli("verify", "--json")
    report = json.loads(head.output)
    # 3 captures, 3 reads, 3 extractions, 1 reconciliation
    assert report["ok"] and report["head"]["seq"] == report["custody_events"] == 10
    assert run_cli("verify", "--expect-head", report["head"]["hash"]).exit_code == 0
    wrong = run_cli("verify", "--expect-head", "sha256:" + "0" * 64)
    assert wrong.exit_code == 3 and "ATH307" in wrong.output


def test_commands_on_a_missing_workspace_say_how_to_create_one(run_cli):
    result = run_cli("documents")
    assert result.exit_code == 1
    assert result.output.startswith("error[ATH403]: no Athar workspace at")


def test_show_unknown_and_ambiguous_refs(run_cli, seeds):
    run_cli("ingest", str(seeds / "seeds"))
    assert "error[ATH401]" in run_cli("show", "ffffffff").output


def test_show_an_item_without_documents(run_cli, tmp_path):
    from tests.read.test_media import photo_with_exif

    photo = photo_with_exif(tmp_path / "p.jpg")
    result = run_cli("ingest", str(photo))
    assert "captured 2019-11-06T10:31:07+03:00" in result.output
    sha = next(line for line in result.output.splitlines() if line.startswith("stored")).split()[1].rstrip("…")
    shown = run_cli("show", sha)
    assert "device:      Samsung SM-A505F" in shown.output
    assert "(no documents read from this item)" in shown.output


def test_bad_settings_are_one_line(run_cli, seeds):
    result = run_cli("ingest", str(seeds / "seeds"), env={"ATHAR_INGEST__MAX_ITEM_BYTES": "lots"})
    assert result.exit_code == 1
    assert result.output.strip() == "error[ATH102]: setting 'ingest.max_item_bytes' must be a number (int), not 'lots'"


def test_a_bad_published_flag_is_one_line(run_cli, seeds):
    result = run_cli("ingest", str(seeds / "seeds"), "--published", "soon")
    assert result.exit_code == 1
    assert "error[ATH209]" in result.output and "published" in result.output


def test_pdf_fixture_through_the_cli(run_cli):
    result = run_cli("ingest", str(FIXTURES / "read" / "report.pdf"))
    assert result.exit_code == 0, result.output
    assert "Monthly report on civilian deaths" in result.output


def test_encoding_flag_reads_legacy_text_and_rejects_unknown_names(run_cli, tmp_path):
    letter = tmp_path / "letter.txt"
    letter.write_bytes("قصف جوي على سوق مدينة أريحا في ريف إدلب، بحسب الدفاع المدني.".encode("cp1256"))
    result = run_cli("ingest", str(letter), "--encoding", "windows-1256")
    assert result.exit_code == 0, result.output
    assert "  ar  " in result.output
    bad = run_cli("ingest", str(letter), "--encoding", "klingon")
    assert bad.exit_code == 1
    assert "error[ATH209]: command line: invalid metadata encoding='klingon'" in bad.output


def test_places_finds_places_in_text_and_in_a_stored_document(run_cli, seeds):
    found = run_cli("places", "--json", "Russian warplanes struck a hospital in Kafranbel, in the Idlib countryside.")
    assert found.exit_code == 0, found.output
    mentions = [json.loads(line) for line in found.output.splitlines()]
    assert [(m["text"], m["precision"], m["place"]["admin1"]) for m in mentions] == [
        ("Kafranbel", 1, "Idlib"),
        ("Idlib", 2, "Idlib"),
    ]
    run_cli("ingest", str(seeds / "seeds" / "southfront-2018-04-raqqa-photos.txt"))
    doc_id = json.loads(run_cli("documents", "--json").output)["id"]
    in_document = run_cli("places", "--document", doc_id).output
    assert "'Raqqa'" in in_document and "Ar Raqqah" in in_document


def test_gazetteer_import_adds_a_country(run_cli):
    assert "Baalbek" not in run_cli("places", "Clashes in Baalbek.").output
    imported = run_cli(
        "gazetteer",
        "import",
        str(FIXTURES / "geo" / "LB.txt"),
        "--alternate-names",
        str(FIXTURES / "geo" / "alternateNamesV2.txt"),
    )
    assert imported.exit_code == 0, imported.output
    assert "places of LB" in imported.output
    assert "Baalbek (city; Baalbek-Hermel, LB)" in run_cli("places", "Clashes in Baalbek.").output


def test_a_list_of_urls_is_fetched_one_by_one(run_cli, web, tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# found by the crawler\n{web('/article')}\n\n{web('/loop-a')}\n")
    result = run_cli("ingest", "--url-list", str(listing), env=LOOPBACK)
    assert result.exit_code == 1  # the looping URL fails, alone
    assert "1 stored" in result.output and "error[ATH252]" in result.output
    bad = tmp_path / "bad.txt"
    bad.write_text("ftp://example.org/file\n")
    refused = run_cli("ingest", "--url-list", str(bad))
    assert refused.exit_code == 1
    assert f"error[ATH206]: {bad}: line 1: not an http(s) URL" in refused.output


def test_sources_show_the_registry_by_name_alias_or_site(run_cli):
    assert run_cli("sources", "--check").exit_code == 0
    shown = run_cli("sources", "https://southfront.press/some-article")
    assert shown.exit_code == 0 and "SouthFront" in shown.output and "2021-04-15" in shown.output
    assert "Syrian Observatory for Human Rights" in run_cli("sources", "the Observatory").output
    missing = run_cli("sources", "Daily Planet")
    assert missing.exit_code == 1 and "error[ATH404]" in missing.output


def test_reconcile_merges_reports_and_incidents_lists_them(run_cli, tmp_path):
    batch = tmp_path / "azaz.jsonl"
    rows = [
        {
            "outlet": "AP",
            "published": "2018-01-07",
            "text": "A car bomb exploded in a market in Azaz on Sunday, killing at least three people, "
            "the White Helmets said.",
        },
        {
            "outlet": "AFP",
            "published": "2018-01-08",
            "text": "At least eight people were killed by a car bomb in Azaz on Sunday, the Syrian Observatory said.",
        },
    ]
    batch.write_text("\n".join(json.dumps(r) for r in rows))
    run_cli("ingest", str(batch))
    result = run_cli("reconcile")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("reconciled 1 incidents (1 fair;")
    listing = run_cli("incidents").output
    assert "Remote explosive/landmine/IED" in listing and "killed 3–8" in listing
    assert json.loads(run_cli("verify", "--json").output)["ok"]
