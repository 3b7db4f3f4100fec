"""Web captures as a WACZ: the WARCs Athar preserved, byte for byte, packaged for replay and archives.

WACZ 1.1.1 (Webrecorder's Web Archive Collection Zipped, https://specs.webrecorder.net/wacz/1.1.1/) is
what ReplayWeb.page opens and what web archivists exchange: a zip holding

- ``archive/*.warc.gz`` (or ``.warc``): the preserved archives, exactly as stored (their SHA-256 is the
  item id Athar's custody log names), stored uncompressed in the zip so a reader can seek into them;
- ``indexes/index.cdxj``: one line per response, resource or revisit record, sorted by SURT key, with
  the record's offset and length in its archive;
- ``pages/pages.jsonl``: the pages Athar read from them (URL, capture time, title);
- ``datapackage.json``: every file's SHA-256 and size; ``datapackage-digest.json``: that file's SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from athar import __version__
from athar.errors import InputError
from athar.records import HASH_PREFIX, Document, Item, utc_now

if TYPE_CHECKING:
    from athar.workspace import Workspace

WACZ_VERSION = "1.1.1"
WARC = "application/warc"
_INDEXED = frozenset({"response", "resource", "revisit"})
_CHUNK = 1 << 20


@dataclass(frozen=True)
class WaczSummary:
    archives: int
    records: int
    pages: int
    bytes: int
    sha256: str


def web_captures(workspace: Workspace, document_ids: list[str] | None = None) -> tuple[list[Item], list[Document]]:
    """The preserved WARCs (of these documents, or all) and the documents read from them."""
    db = workspace.db
    if document_ids:
        documents = list(db.documents_by_id(document_ids).values())
        items = [i for sha in sorted({d.item_sha256 for d in documents}) if (i := db.item(sha)) is not None]
    else:
        items = [i for i in db.iter_items() if i.media_type == WARC]
        shas = {i.sha256 for i in items}
        documents = [d for d in db.iter_documents() if d.item_sha256 in shas]
    items = [i for i in items if i.media_type == WARC]
    if not items:
        raise InputError("ATH263", reason="no web captures (WARC) to package: ingest a URL or a .warc first")
    return items, documents


def write_wacz(
    workspace: Workspace, items: list[Item], documents: list[Document], path: Path, *, title: str
) -> WaczSummary:
    """Write ``items`` (WARC items) and the pages read from them to ``path`` as a WACZ."""
    resources: list[dict[str, Any]] = []
    index: list[str] = []
    when: dict[str, str] = {}  # URL -> WARC-Date of its first response
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as wacz:

        def put(name: str, data: bytes) -> None:
            wacz.writestr(name, data)
            resources.append(_resource(name, hashlib.sha256(data).hexdigest(), len(data)))

        for item in sorted(items, key=lambda i: i.sha256):
            blob = workspace.blobs.path(item.sha256)
            with blob.open("rb") as head:
                gzipped = head.read(2) == b"\x1f\x8b"
            name = f"archive/{item.sha256.removeprefix(HASH_PREFIX)[:16]}.warc{'.gz' if gzipped else ''}"
            digest = hashlib.sha256()
            with blob.open("rb") as source, wacz.open(name, "w", force_zip64=True) as out:
                for chunk in iter(lambda: source.read(_CHUNK), b""):
                    digest.update(chunk)
                    out.write(chunk)
            resources.append(_resource(name, digest.hexdigest(), item.size))
            for line, url, date in _cdxj(blob, Path(name).name):
                index.append(line)
                when.setdefault(url, date)
        put("indexes/index.cdxj", "".join(sorted(line + "\n" for line in index)).encode("utf-8"))
        pages = _pages(documents, when)
        header = {"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}
        put("pages/pages.jsonl", "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in [header, *pages]).encode())
        package: dict[str, Any] = {
            "profile": "data-package",
            "wacz_version": WACZ_VERSION,
            "title": title,
            "software": f"Athar {__version__}",
            "created": utc_now(),
            "resources": resources,
        }
        if pages:
            package["mainPageURL"], package["mainPageDate"] = pages[0]["url"], pages[0]["ts"]
        data = (json.dumps(package, ensure_ascii=False, indent=1) + "\n").encode()
        wacz.writestr("datapackage.json", data)
        digest_record = {"path": "datapackage.json", "hash": f"sha256:{hashlib.sha256(data).hexdigest()}"}
        wacz.writestr("datapackage-digest.json", json.dumps(digest_record, indent=1) + "\n")
    with path.open("rb") as written:
        whole = hashlib.file_digest(written, "sha256").hexdigest()
    return WaczSummary(len(items), len(index), len(pages), path.stat().st_size, f"{HASH_PREFIX}{whole}")


def surt(url: str) -> str:
    """The SURT key CDXJ indexes sort on: "https://www.News.example/a?b=2&a=1" -> "example,news)/a?a=1&b=2"."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().rstrip(".")
    labels = host.split(".")
    if len(labels) > 2 and labels[0].startswith("www"):
        labels = labels[1:]
    key = ",".join(reversed(labels))
    if parts.port and (parts.scheme, parts.port) not in (("http", 80), ("https", 443)):
        key += f":{parts.port}"
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return f"{key}){(parts.path or '/').lower()}{'?' + query.lower() if query else ''}"


def _cdxj(blob: Path, filename: str) -> Iterator[tuple[str, str, str]]:
    """(CDXJ line, URL, WARC-Date) for each record a replay tool looks up."""
    from warcio.archiveiterator import ArchiveIterator

    with blob.open("rb") as stream:
        records = ArchiveIterator(stream)
        for record in records:
            if record.rec_type not in _INDEXED:
                records.read_to_end(record)
                continue
            offset = records.get_record_offset()
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            date = record.rec_headers.get_header("WARC-Date") or ""
            fields: dict[str, Any] = {"url": url}
            if record.http_headers is not None:
                content_type = record.http_headers.get_header("Content-Type") or ""
                fields["mime"] = content_type.split(";")[0].strip().lower() or "unk"
                fields["status"] = record.http_headers.get_statuscode()
            else:
                fields["mime"] = (record.rec_headers.get_header("Content-Type") or "unk").split(";")[0].strip()
            payload_digest = record.rec_headers.get_header("WARC-Payload-Digest")
            if payload_digest:
                fields["digest"] = payload_digest
            records.read_to_end(record)
            fields |= {"length": records.get_record_length(), "offset": offset, "filename": filename}
            if record.rec_type == "revisit":
                fields["mime"] = "warc/revisit"
            stamp = "".join(ch for ch in date if ch.isdigit())[:14]
            yield f"{surt(url)} {stamp} {json.dumps(fields, ensure_ascii=False)}", url, date


def _pages(documents: list[Document], when: dict[str, str]) -> list[dict[str, Any]]:
    pages = []
    for doc in sorted(documents, key=lambda d: (when.get(d.url or "", ""), d.url or "", d.id)):
        if not doc.url or doc.url not in when:
            continue
        page: dict[str, Any] = {"id": doc.id, "url": doc.url, "ts": when[doc.url]}
        if doc.title:
            page["title"] = doc.title
        pages.append(page)
    return pages


def _resource(name: str, sha256: str, size: int) -> dict[str, Any]:
    return {"name": Path(name).name, "path": name, "hash": f"sha256:{sha256}", "bytes": size}
