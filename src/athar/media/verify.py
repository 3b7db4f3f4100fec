"""Check the media tables against the custody entries that sealed them (wired into ``athar verify``).

- each analysis (its row, derivations and hashes) against its latest
  ``analyse-media`` entry: rows edited, added or deleted outside Athar;
- each incident link against the ``attach-media``/``detach-media`` entries
  replayed in order: a link added, removed or edited outside Athar;
- each graphic flag against its latest ``flag-media`` entry;
- each derived item against its parent: a derivation naming an item that is
  not stored.
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import select

from athar.media.store import row_seal, seal
from athar.store.database import Database
from athar.store.schema import items
from athar.store.tables_media import incident_media, media_analyses, media_derivations, media_flags, media_hashes


def problems(db: Database) -> list[str]:
    """One line per tampering found in the media tables (empty when all is as custody sealed it)."""
    analyses: dict[str, tuple[int, str]] = {}
    links: dict[tuple[str, str], tuple[int, str | None]] = {}
    flags: dict[str, tuple[int, str]] = {}
    for entry in db.iter_custody():
        sha = entry.item_sha256 or ""
        if entry.action == "analyse-media":
            analyses[sha] = (entry.seq, entry.details.get("digest", ""))
        elif entry.action == "attach-media":
            links[(entry.details.get("incident", ""), sha)] = (entry.seq, entry.details.get("digest"))
        elif entry.action == "detach-media":
            links[(entry.details.get("incident", ""), sha)] = (entry.seq, None)
        elif entry.action == "flag-media":
            flags[sha] = (entry.seq, entry.details.get("digest", ""))

    found: list[str] = []
    with db.engine.connect() as conn:
        rows = {r.item_sha256: dict(r._mapping) for r in conn.execute(select(media_analyses))}
        derivations: dict[str, list[dict[str, object]]] = {}
        for r in conn.execute(select(media_derivations)):
            derivations.setdefault(r.parent_sha256, []).append(dict(r._mapping))
        hashes: dict[str, list[dict[str, object]]] = {}
        for r in conn.execute(select(media_hashes)):
            hashes.setdefault(r.item_sha256, []).append(dict(r._mapping))
        stored_links = {(r.incident_id, r.item_sha256): dict(r._mapping) for r in conn.execute(select(incident_media))}
        stored_flags = {r.item_sha256: dict(r._mapping) for r in conn.execute(select(media_flags))}
        derived = {cast(str, d["derived_sha256"]) for rows_ in derivations.values() for d in rows_}
        present: set[str] = set()
        wanted = sorted(derived)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            present.update(conn.execute(select(items.c.sha256).where(items.c.sha256.in_(chunk))).scalars())

    for sha in sorted(set(rows) | set(derivations) | set(hashes)):
        sealed = analyses.get(sha)
        if sha not in rows:
            found.append(f"media of item {sha}: derived rows without their analysis (added outside Athar)")
        elif sealed is None:
            found.append(f"media of item {sha}: an analysis no custody entry sealed (added outside Athar)")
        elif seal(rows[sha], derivations.get(sha, []), hashes.get(sha, [])) != sealed[1]:
            found.append(
                f"media of item {sha}: its analysis, frames or hashes differ from what custody entry "
                f"#{sealed[0]} sealed (edited, added or removed)"
            )
    for sha, (seq, _digest) in sorted(analyses.items()):
        if sha not in rows:
            found.append(f"media of item {sha}: analysis sealed by custody entry #{seq} is missing")
    for sha in sorted(derived - present):
        found.append(f"derived item {sha}: named by a derivation but not stored")

    for key, (seq, digest) in sorted(links.items()):
        row = stored_links.get(key)
        if digest is None and row is not None:
            found.append(f"incident {key[0]}: link to {key[1]} was detached by custody entry #{seq} but is present")
        elif digest is not None and row is None:
            found.append(f"incident {key[0]}: link to {key[1]} sealed by custody entry #{seq} is missing")
        elif digest is not None and row is not None and row_seal("incident_media", row) != digest:
            found.append(f"incident {key[0]}: link to {key[1]} differs from what custody entry #{seq} sealed")
    for key in sorted(set(stored_links) - set(links)):
        found.append(f"incident {key[0]}: link to {key[1]} no custody entry sealed (added outside Athar)")

    for sha, row in sorted(stored_flags.items()):
        sealed_flag = flags.get(sha)
        if sealed_flag is None:
            found.append(f"item {sha}: a graphic flag no custody entry sealed (added outside Athar)")
        elif row_seal("media_flags", row) != sealed_flag[1]:
            found.append(f"item {sha}: its graphic flag differs from what custody entry #{sealed_flag[0]} sealed")
    for sha, (seq, _digest) in sorted(flags.items()):
        if sha not in stored_flags:
            found.append(f"item {sha}: its graphic flag set by custody entry #{seq} is missing")
    return found
