"""Evidence bundles: one zip anyone can check with sha256sum, and Athar can check down to each custody seal."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile

import pytest

from athar.workspace import Workspace


@pytest.fixture
def bundled(run_cli, seeds, tmp_path, settings):
    assert run_cli("ingest", "--manifest", str(seeds / "seeds.jsonl")).exit_code == 0
    with Workspace.open(settings, create=False) as ws:
        incident = next(i for i in ws.db.iter_incidents() if len(i.claims) >= 2)
    token = run_cli("incident", "grade", incident.id, "fair", "--reason", "two outlets, checked").output
    assert "fair" in token
    out = tmp_path / "bundle.zip"
    result = run_cli("export", "bundle", incident.id[:8], "-o", str(out))
    assert result.exit_code == 0, result.output
    return out, incident


def _rewrite(source, target, change):
    """Copy a zip, passing each member through ``change(name, data)``."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            new.writestr(name, change(name, old.read(name)))


def test_a_bundle_holds_the_incident_its_words_originals_and_custody(bundled, tmp_path, run_cli):
    out, incident = bundled
    with zipfile.ZipFile(out) as bundle:
        names = set(bundle.namelist())
        rows = [json.loads(line) for line in bundle.read("incidents.jsonl").splitlines()]
        manifest = json.loads(bundle.read("manifest.json"))
        documents = {n: json.loads(bundle.read(n)) for n in names if n.startswith("documents/")}
        custody = [json.loads(line) for line in bundle.read("custody.jsonl").splitlines()]
        decisions = [json.loads(line) for line in bundle.read("decisions.jsonl").splitlines()]
    assert [r["id"] for r in rows] == [incident.id] == manifest["incidents"]
    assert {c["id"] for c in rows[0]["claims"]} == set(incident.claims)
    bodies = {d["id"]: d["body"] for d in documents.values()}
    with zipfile.ZipFile(out) as bundle:
        claims = [json.loads(line) for line in bundle.read("claims.jsonl").splitlines()]
    for claim in claims:  # every claim's words are its document's body at its span
        start, end = claim["span"]
        assert bodies[claim["document_id"]][start:end] == claim["text"]
    originals = [n for n in names if n.startswith("originals/")]
    assert originals and all(f"originals/{d['item_sha256'].split(':')[1]}" in names for d in documents.values())
    assert {"capture", "read", "decide"} <= {e["action"] for e in custody}
    assert [d["action"] for d in decisions] == ["grade"] and decisions[0]["reason"] == "two outlets, checked"
    # Athar's check, and the one anyone can run without Athar.
    verified = run_cli("verify", "--bundle", str(out))
    assert verified.exit_code == 0 and verified.output.startswith("ok: bundle")
    unpacked = tmp_path / "unpacked"
    shutil.unpack_archive(out, unpacked)
    checked = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=unpacked, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_export_is_itself_in_custody(bundled, settings):
    import hashlib

    out, _incident = bundled
    with Workspace.open(settings, create=False) as ws:
        entry = ws.db.last_custody("export")
    assert entry.details["what"] == "evidence bundle"
    assert entry.details["digest"] == "sha256:" + hashlib.sha256(out.read_bytes()).hexdigest()


def test_an_edited_document_fails_even_with_its_hash_list_redone(bundled, tmp_path, run_cli):
    out, _incident = bundled
    plain = tmp_path / "edited.zip"

    def edit(name, data):
        if name.startswith("documents/"):
            doc = json.loads(data)
            doc["body"] = doc["body"].replace("killed", "wounded", 1)
            return json.dumps(doc).encode()
        return data

    _rewrite(out, plain, edit)
    result = run_cli("verify", "--bundle", str(plain))
    assert result.exit_code == 3 and "differs from SHA256SUMS" in result.output
    # Someone who also rewrites SHA256SUMS and the manifest is still caught by the custody seal.
    import hashlib

    with zipfile.ZipFile(plain) as bundle:
        sums = "".join(
            f"{hashlib.sha256(bundle.read(n)).hexdigest()}  {n}\n"
            for n in sorted(bundle.namelist())
            if n != "SHA256SUMS"
        )
    redone = tmp_path / "redone.zip"
    _rewrite(plain, redone, lambda name, data: sums.encode() if name == "SHA256SUMS" else data)
    result = run_cli("verify", "--bundle", str(redone))
    assert result.exit_code == 3 and "differs from what its custody entry sealed" in result.output


def test_an_edited_claim_fails_against_its_extractions_seal(bundled, tmp_path, run_cli):
    out, _incident = bundled

    def edit(name, data):
        if name == "claims.jsonl":
            rows = [json.loads(line) for line in data.splitlines()]
            rows[0]["text"] = rows[0]["text"].replace("a", "o", 1)
            return "".join(json.dumps(r) + "\n" for r in rows).encode()
        if name.startswith("extractions/"):
            return data.replace(b"Russian", b"Turkish", 1)
        return data

    edited = tmp_path / "edited.zip"
    _rewrite(out, edited, edit)
    output = run_cli("verify", "--bundle", str(edited)).output
    assert "extractions/" in output and "differs from what its custody entry sealed" in output
    assert "is not the claim its document's extraction sealed" in output


def test_a_swapped_original_or_a_forged_custody_entry_fails(bundled, tmp_path, run_cli):
    out, _incident = bundled
    swapped = tmp_path / "swapped.zip"
    _rewrite(out, swapped, lambda name, data: b"other bytes" if name.startswith("originals/") else data)
    result = run_cli("verify", "--bundle", str(swapped))
    assert result.exit_code == 3 and "not to its name" in result.output

    def forge(name, data):
        if name != "custody.jsonl":
            return data
        lines = [json.loads(line) for line in data.splitlines()]
        lines[0]["actor"] = "someone-else"
        return "".join(json.dumps(line) + "\n" for line in lines).encode()

    forged = tmp_path / "forged.zip"
    _rewrite(out, forged, forge)
    result = run_cli("verify", "--bundle", str(forged))
    assert result.exit_code == 3 and "its hash does not match its fields" in result.output


def test_unknown_incidents_and_non_bundles_get_one_clear_line(run_cli, seeds, tmp_path):
    assert run_cli("ingest", "--manifest", str(seeds / "seeds.jsonl")).exit_code == 0
    result = run_cli("export", "bundle", "ffffffffffff", "-o", str(tmp_path / "x.zip"))
    assert result.exit_code != 0 and "ATH405" in result.output
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    result = run_cli("verify", "--bundle", str(junk))
    assert result.exit_code == 3 and "not a readable zip file" in result.output
