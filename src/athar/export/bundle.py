"""Evidence bundles: incidents with every claim, document, original and custody entry behind them, in one zip.

A bundle is what a lawyer, a court or a partner archive receives: it can be
checked without Athar (``sha256sum -c SHA256SUMS`` inside it; each original is
named by its own SHA-256) and with Athar (``athar verify --bundle FILE``, which
also recomputes the hash of every custody entry and checks that the documents
and claims are the ones the entries sealed).

Layout (``athar-bundle/1``)::

    README.txt          what is inside and how to check it
    manifest.json       format, when and by whom made, the workspace's custody head, the incidents, every file's hash
    SHA256SUMS          every other file, in the format of ``sha256sum -c``
    incidents.jsonl     the incidents, as ``athar export incidents --format jsonl`` writes them
    claims.jsonl        their claims, as ``athar export claims`` writes them
    decisions.jsonl     the analysts' decisions that shaped them, with their reasons
    items.jsonl         the preserved inputs: name, source URL, capture time and actor, media type, size
    custody.jsonl       every custody entry about those inputs and decisions, each with its hash and the one before
    documents/ID.json   each document as read: body, comments apart, title, outlet, dates
    extractions/ID.jsonl every claim found in that document, exactly as stored (what custody sealed)
    originals/HEX       the exact bytes preserved, named by their SHA-256
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from athar.export.claims import claim_row
from athar.export.incidents import incident_row
from athar.records import HASH_PREFIX, CustodyEvent, Document, Incident, canonical_json, sha256_hex, utc_now
from athar.store.database import records_digest

if TYPE_CHECKING:
    from athar.workspace import Workspace

FORMAT = "athar-bundle/1"
_CHUNK = 1 << 20

README = """Athar evidence bundle ({format})

Made {created} by {actor}, from a workspace whose custody log then ended at
entry {head_seq} with hash {head_hash}.

Incidents: {incidents}. Claims: {claims}. Documents: {documents}. Originals: {originals}.

Check it without Athar:   sha256sum -c SHA256SUMS
  (each file in originals/ is also named by the SHA-256 of its own bytes)
Check it with Athar:      athar verify --bundle THIS-FILE.zip
  (also recomputes every custody entry's hash: SHA-256 of the entry's other
  fields as canonical JSON, keys sorted, no spaces; and checks that each
  document, claim and decision is the one its custody entry sealed)

The custody entries here are those about these originals and decisions. The
whole log stays in the workspace: `athar verify --expect-head {head_hash}`
there proves it still ends where it ended when this bundle was made.

incidents.jsonl and claims.jsonl have the fields of `athar export`; every claim
gives the character span of its words in its document's body (documents/).
"""


@dataclass
class BundleSummary:
    incidents: int
    claims: int
    documents: int
    originals: int
    bytes: int
    sha256: str  # of the zip file itself, for the custody entry of the export


@dataclass
class BundleReport:
    ok: bool
    files: int
    custody_entries: int
    problems: list[str] = field(default_factory=list)


def write_bundle(workspace: Workspace, incidents: list[Incident], path: Path, *, actor: str) -> BundleSummary:
    """Write the bundle of ``incidents`` to ``path`` (a zip); originals are streamed, never held whole."""
    db = workspace.db
    claims = db.claims_by_id(c for i in incidents for c in i.claims)
    documents = db.documents_by_id({c.document_id for c in claims.values()})
    item_hashes = sorted({d.item_sha256 for d in documents.values()})
    items = [found for sha in item_hashes if (found := db.item(sha)) is not None]
    decision_seqs = {seq for i in incidents for seq in i.decisions}
    decisions = [d for d in db.decisions() if d.seq in decision_seqs]
    custody = [e for sha in item_hashes for e in db.iter_custody(item_sha256=sha)]
    custody += [e for e in db.iter_custody(action="decide") if e.details.get("decision") in decision_seqs]
    custody.sort(key=lambda e: e.seq)
    head = db.custody_head()
    hashes: dict[str, tuple[str, int]] = {}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as bundle:

        def put(name: str, data: bytes) -> None:
            hashes[name] = (hashlib.sha256(data).hexdigest(), len(data))
            bundle.writestr(name, data)

        put("incidents.jsonl", _lines(incident_row(i, claims, documents) for i in incidents))
        put("claims.jsonl", _lines(claim_row(claims[c], documents.get(claims[c].document_id)) for c in sorted(claims)))
        put("decisions.jsonl", _lines(d.to_dict() for d in decisions))
        put("items.jsonl", _lines(i.to_dict() for i in items))
        put("custody.jsonl", _lines(e.to_dict() for e in custody))
        for doc in sorted(documents.values(), key=lambda d: d.id):
            put(f"documents/{doc.id}.json", (json.dumps(doc.to_dict(), ensure_ascii=False, indent=1) + "\n").encode())
        # Every claim found in each document, exactly as stored: what the extraction's custody entry sealed.
        for doc_id, records in sorted(db.stored_extractions(documents).items()):
            put(f"extractions/{doc_id}.jsonl", "".join(r + "\n" for r in sorted(records)).encode("utf-8"))
        for item in items:
            name = f"originals/{item.sha256.removeprefix(HASH_PREFIX)}"
            digest = hashlib.sha256()
            with (
                workspace.blobs.path(item.sha256).open("rb") as source,
                bundle.open(name, "w", force_zip64=True) as out,
            ):
                for chunk in iter(lambda: source.read(_CHUNK), b""):
                    digest.update(chunk)
                    out.write(chunk)
            hashes[name] = (digest.hexdigest(), item.size)
        created = utc_now()
        manifest = {
            "format": FORMAT,
            "created": created,
            "created_by": actor,
            "custody_head": {"seq": head[0], "hash": head[1]} if head else None,
            "incidents": [i.id for i in incidents],
            "files": {name: {"sha256": HASH_PREFIX + h, "bytes": n} for name, (h, n) in sorted(hashes.items())},
        }
        put("manifest.json", (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode())
        put(
            "README.txt",
            README.format(
                format=FORMAT,
                created=created,
                actor=actor,
                head_seq=head[0] if head else "-",
                head_hash=head[1] if head else "-",
                incidents=len(incidents),
                claims=len(claims),
                documents=len(documents),
                originals=len(items),
            ).encode(),
        )
        bundle.writestr("SHA256SUMS", "".join(f"{h}  {name}\n" for name, (h, _n) in sorted(hashes.items())))
    return BundleSummary(
        incidents=len(incidents),
        claims=len(claims),
        documents=len(documents),
        originals=len(items),
        bytes=path.stat().st_size,
        sha256=_file_sha256(path),
    )


def verify_bundle(path: Path) -> BundleReport:
    """Check a bundle: every file against SHA256SUMS and the manifest, every custody entry's hash, every seal."""
    problems: list[str] = []
    try:
        bundle = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        return BundleReport(False, 0, 0, [f"not a readable zip file: {exc}"])
    with bundle:
        names = set(bundle.namelist())
        if "SHA256SUMS" not in names or "manifest.json" not in names:
            return BundleReport(False, len(names), 0, ["not an Athar bundle: SHA256SUMS or manifest.json is missing"])
        listed = _sums(bundle.read("SHA256SUMS").decode("utf-8", "replace"))
        manifest = json.loads(bundle.read("manifest.json"))
        for name in sorted(names - set(listed) - {"SHA256SUMS"}):
            problems.append(f"{name}: in the zip but not in SHA256SUMS")
        for name, expected in sorted(listed.items()):
            if name not in names:
                problems.append(f"{name}: listed in SHA256SUMS but missing")
                continue
            actual = _member_sha256(bundle, name)
            if actual != expected:
                problems.append(f"{name}: SHA-256 {actual[:16]}… differs from SHA256SUMS {expected[:16]}…")
            if name.startswith("originals/") and actual != name.removeprefix("originals/"):
                problems.append(f"{name}: its bytes hash to {actual[:16]}…, not to its name")
        for name, entry in manifest.get("files", {}).items():
            if listed.get(name) and HASH_PREFIX + listed[name] != entry.get("sha256"):
                problems.append(f"{name}: the manifest and SHA256SUMS disagree")
        entries = [CustodyEvent.from_dict(json.loads(line)) for line in _read_lines(bundle, "custody.jsonl")]
        for entry in entries:
            if entry.compute_hash() != entry.hash:
                problems.append(f"custody entry {entry.seq}: its hash does not match its fields")
        problems.extend(_check_seals(bundle, entries, names))
    return BundleReport(not problems, len(listed), len(entries), problems)


def _check_seals(bundle: zipfile.ZipFile, entries: list[CustodyEvent], names: set[str]) -> Iterator[str]:
    """Documents and decisions must still have the digests their custody entries recorded."""
    read = {e.details.get("document"): e.details.get("digest") for e in entries if e.action == "read"}
    for name in sorted(n for n in names if n.startswith("documents/")):
        doc = Document.from_dict(json.loads(bundle.read(name)))
        if doc.id not in read:
            yield f"{name}: no custody entry in the bundle read this document"
        elif read[doc.id] != doc.digest():
            yield f"{name}: differs from what its custody entry sealed"
    extracted = {e.details.get("document"): e.details.get("digest") for e in entries if e.action == "extract"}
    sealed_claims: dict[str, dict[str, Any]] = {}
    for name in sorted(n for n in names if n.startswith("extractions/")):
        doc_id = name.removeprefix("extractions/").removesuffix(".jsonl")
        records = [line.rstrip("\n") for line in _read_lines(bundle, name)]
        if extracted.get(doc_id) != records_digest(records):  # the latest extraction of it is the one stored
            yield f"{name}: differs from what its custody entry sealed"
        sealed_claims.update((c["id"], c) for c in map(json.loads, records))
    # claims.jsonl is a view for people; its words and spans must be those of the sealed claims.
    for line in _read_lines(bundle, "claims.jsonl"):
        row = json.loads(line)
        sealed = sealed_claims.get(row["id"], {})
        if (sealed.get("text"), [sealed.get("start"), sealed.get("end")]) != (row["text"], row["span"]):
            yield f"claims.jsonl: claim {row['id']} is not the claim its document's extraction sealed"
    decided = {e.details.get("decision"): e.details.get("digest") for e in entries if e.action == "decide"}
    for line in _read_lines(bundle, "decisions.jsonl"):
        seq = json.loads(line).get("seq")
        if decided.get(seq) != sha256_hex(line.rstrip("\n").encode("utf-8")):
            yield f"decisions.jsonl: decision {seq} differs from what its custody entry sealed"


def _lines(rows: Iterable[dict[str, Any]]) -> bytes:
    return "".join(canonical_json(row) + "\n" for row in rows).encode("utf-8")


def _read_lines(bundle: zipfile.ZipFile, name: str) -> list[str]:
    if name not in bundle.namelist():
        return []
    return [line for line in io.TextIOWrapper(bundle.open(name), encoding="utf-8") if line.strip()]


def _sums(text: str) -> dict[str, str]:
    out = {}
    for line in text.splitlines():
        digest, _sep, name = line.partition("  ")
        if name:
            out[name] = digest
    return out


def _member_sha256(bundle: zipfile.ZipFile, name: str) -> str:
    digest = hashlib.sha256()
    with bundle.open(name) as member:
        for chunk in iter(lambda: member.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(_CHUNK), b""):
            digest.update(chunk)
    return HASH_PREFIX + digest.hexdigest()
