"""Web captures as a WACZ: the preserved WARCs byte for byte, an index that finds each record, the pages read."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest
from warcio.archiveiterator import ArchiveIterator

from athar.export.wacz import surt
from athar.workspace import Workspace
from tests.read.test_warc import make_warc


@pytest.fixture
def packaged(run_cli, tmp_path, settings):
    crawl = make_warc(tmp_path / "crawl.warc.gz")
    assert run_cli("ingest", str(crawl)).exit_code == 0
    out = tmp_path / "captures.wacz"
    result = run_cli("export", "wacz", "-o", str(out), "--title", "Azaz, January")
    assert result.exit_code == 0, result.output
    assert "packaged 1 web archives (4 records, 2 pages)" in result.output
    return out, crawl


def test_the_warc_goes_in_byte_for_byte_and_every_file_is_hashed(packaged):
    out, crawl = packaged
    with zipfile.ZipFile(out) as wacz:
        names = set(wacz.namelist())
        (archive,) = [n for n in names if n.startswith("archive/")]
        assert archive.endswith(".warc.gz")
        assert wacz.getinfo(archive).compress_type == zipfile.ZIP_STORED  # a reader seeks into it
        assert wacz.read(archive) == crawl.read_bytes()
        package = json.loads(wacz.read("datapackage.json"))
        digest = json.loads(wacz.read("datapackage-digest.json"))
        members = {n: wacz.read(n) for n in names}
    assert {"indexes/index.cdxj", "pages/pages.jsonl", "datapackage.json", "datapackage-digest.json"} <= names
    assert package["wacz_version"] == "1.1.1" and package["title"] == "Azaz, January"
    for resource in package["resources"]:
        data = members[resource["path"]]
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert resource["bytes"] == len(data)
    assert {r["path"] for r in package["resources"]} == names - {"datapackage.json", "datapackage-digest.json"}
    assert digest["hash"] == "sha256:" + hashlib.sha256(members["datapackage.json"]).hexdigest()


def test_each_index_line_finds_its_record_in_the_archive(packaged):
    out, _ = packaged
    with zipfile.ZipFile(out) as wacz:
        lines = wacz.read("indexes/index.cdxj").decode().splitlines()
        archives = {n.removeprefix("archive/"): wacz.read(n) for n in wacz.namelist() if n.startswith("archive/")}
    assert lines == sorted(lines) and len(lines) == 4
    for line in lines:
        key, stamp, fields = line.split(" ", 2)
        record = json.loads(fields)
        data = archives[record["filename"]][record["offset"] : record["offset"] + record["length"]]
        (found,) = list(ArchiveIterator(io.BytesIO(data)))  # exactly one whole record at that offset
        assert found.rec_headers.get_header("WARC-Target-URI") == record["url"]
        assert key == surt(record["url"]) and len(stamp) == 14
    statuses = {json.loads(line.split(" ", 2)[2])["url"]: json.loads(line.split(" ", 2)[2])["status"] for line in lines}
    assert statuses["https://news.example/old"] == "301"


def test_the_pages_are_those_athar_read_and_the_export_is_in_custody(packaged, settings, run_cli):
    out, _ = packaged
    with zipfile.ZipFile(out) as wacz:
        header, *pages = [json.loads(line) for line in wacz.read("pages/pages.jsonl").splitlines()]
        package = json.loads(wacz.read("datapackage.json"))
    assert header["format"] == "json-pages-1.0"
    assert sorted(p["url"] for p in pages) == ["https://news.example/azaz", "https://news.example/notes.txt"]
    assert package["mainPageURL"] in {p["url"] for p in pages}
    with Workspace.open(settings, create=False) as ws:
        (entry,) = [e for e in ws.db.iter_custody(action="export") if e.details.get("format") == "wacz"]
    assert entry.details["digest"] == "sha256:" + hashlib.sha256(out.read_bytes()).hexdigest()
    assert run_cli("verify").exit_code == 0


def test_a_workspace_without_web_captures_says_so(run_cli, tmp_path):
    page = tmp_path / "note.txt"
    page.write_text("Shelling hit Douma on Monday, killing three people.", encoding="utf-8")
    assert run_cli("ingest", str(page)).exit_code == 0
    result = run_cli("export", "wacz", "-o", str(tmp_path / "x.wacz"))
    assert result.exit_code != 0
    assert "no web captures (WARC) to package" in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://www.News.example/Azaz?b=2&a=1", "example,news)/azaz?a=1&b=2"),
        ("http://news.example:8080/", "example,news:8080)/"),
        ("https://news.example", "example,news)/"),
    ],
)
def test_surt_keys(url, key):
    assert surt(url) == key
