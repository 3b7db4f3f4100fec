"""Import any country from a standard GeoNames dump into a workspace's gazetteer.

Reads ``XX.txt`` or ``allCountries.txt`` (the 19-column ``geoname`` table) and,
when given, ``alternateNamesV2.txt`` (or the older ``alternateNames.txt``),
and writes one file per country, ``<dest>/<XX>.tsv.gz``, in the shipped
format. ``load_gazetteer`` / ``default_gazetteer(workspace)`` lay these files
over the shipped Syrian data. Only features that reports name are kept:
populated places, first- and second-level divisions, airports and air bases,
refugee camps, border posts and named regions.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from athar.errors import InputError
from athar.geo.gazetteer import write_places
from athar.records import Place

logger = logging.getLogger(__name__)

GEONAME_COLUMNS = 19
# (feature class, feature code) → Athar kind; a code of None means any code of that class.
_KINDS: dict[tuple[str, str | None], str] = {
    ("A", "ADM1"): "admin1",
    ("A", "ADM2"): "admin2",
    ("P", "PPLX"): "neighbourhood",
    ("P", "PPLC"): "city",
    ("P", "PPLA"): "city",
    ("P", None): "town",
    ("S", "AIRB"): "airbase",
    ("S", "AIRF"): "airbase",
    ("S", "AIRP"): "airbase",
    ("S", "CMPRF"): "camp",
    ("S", "PSTB"): "crossing",
    ("L", "RGN"): "region",
    ("L", "AREA"): "region",
}
# Alternate-name "languages" that are codes or links, not names.
_NOT_NAMES = frozenset({"link", "post", "iata", "icao", "faac", "abbr", "wkdt", "unlc", "tcid", "fr_1793", "phon"})


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote: one file per country, and how many places each holds."""

    files: dict[str, Path]  # country code → file
    places: dict[str, int]  # country code → number of places

    @property
    def total(self) -> int:
        return sum(self.places.values())


def _kind(feature_class: str, code: str, population: int) -> str | None:
    kind = _KINDS.get((feature_class, code)) or _KINDS.get((feature_class, None))
    if kind == "town":
        kind = "city" if population >= 100_000 else "town" if population >= 5_000 else "village"
    return kind


def _lines(path: Path, what: str) -> Iterator[tuple[int, list[str]]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            for number, line in enumerate(fh, start=1):
                if line.startswith("#") or not line.strip():
                    continue
                yield number, line.rstrip("\n").split("\t")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError("ATH208", name=str(path), kind=what, reason=exc) from exc


def import_geonames(
    path: Path | str,
    alternate_names: Path | str | None = None,
    *,
    dest: Path | str,
    countries: frozenset[str] | None = None,
) -> ImportResult:
    """Import a GeoNames dump into ``dest`` (``<workspace>/gazetteer``); return what was written.

    Args:
        path: ``XX.txt`` or ``allCountries.txt`` from download.geonames.org/export/dump/.
        alternate_names: ``alternateNamesV2.txt`` (or a country's ``XX.txt`` from the
            ``alternatenames/`` folder); adds every spelling beyond the dump's own list.
        dest: folder to write ``<XX>.tsv.gz`` files into (created if missing).
        countries: keep only these ISO codes (default: every country in the file).
    """
    path = Path(path)
    rows: dict[int, list[str]] = {}
    admin_names: dict[tuple[str, ...], str] = {}
    for number, cols in _lines(path, "GeoNames dump"):
        if len(cols) != GEONAME_COLUMNS:
            raise InputError(
                "ATH206", name=str(path), line=number, reason=f"{len(cols)} columns; a GeoNames dump has 19"
            )
        country = cols[8]
        if countries and country not in countries:
            continue
        try:
            gid, population = int(cols[0]), int(cols[14] or 0)
            float(cols[4]), float(cols[5])
        except ValueError as exc:
            raise InputError("ATH206", name=str(path), line=number, reason=f"not a GeoNames row ({exc})") from exc
        if cols[7] == "ADM1":
            admin_names[(country, cols[10])] = cols[1]
        elif cols[7] == "ADM2":
            admin_names[(country, cols[10], cols[11])] = cols[1]
        if _kind(cols[6], cols[7], population):
            rows[gid] = cols
    if not rows:
        raise InputError("ATH208", name=str(path), kind="GeoNames dump", reason="no places of the kinds Athar keeps")

    extra: dict[int, list[str]] = defaultdict(list)
    if alternate_names is not None:
        alt = Path(alternate_names)
        for number, cols in _lines(alt, "GeoNames alternate names"):
            if len(cols) < 4:
                raise InputError("ATH206", name=str(alt), line=number, reason="fewer than 4 columns")
            if not cols[1].isdigit():
                continue
            gid = int(cols[1])
            historic = len(cols) > 7 and cols[7] == "1"
            if gid in rows and cols[2] not in _NOT_NAMES and not historic and cols[3]:
                extra[gid].append(cols[3])

    by_country: dict[str, list[Place]] = defaultdict(list)
    for gid, cols in sorted(rows.items()):
        country, population = cols[8], int(cols[14] or 0)
        kind = _kind(cols[6], cols[7], population)
        assert kind is not None
        names = [cols[1], cols[2], *(n for n in cols[3].split(",") if n), *extra.get(gid, [])]
        admin1 = admin_names.get((country, cols[10]))
        admin2 = admin_names.get((country, cols[10], cols[11]))
        by_country[country].append(
            Place(
                id=f"geonames:{gid}",
                name=cols[1],
                latitude=float(cols[4]),
                longitude=float(cols[5]),
                kind=kind,
                country=country,
                names=tuple(dict.fromkeys(n.strip() for n in names if len(n.strip()) >= 2)),
                admin1=cols[1] if kind == "admin1" else admin1,
                admin2=cols[1] if kind == "admin2" else admin2,
                population=population or None,
                source="geonames",
            )
        )
    out_dir = Path(dest)
    files: dict[str, Path] = {}
    counts: dict[str, int] = {}
    for country, places in sorted(by_country.items()):
        target = out_dir / f"{country}.tsv.gz"
        counts[country] = write_places(target, places)
        files[country] = target
        logger.info("gazetteer import: %d places for %s → %s", counts[country], country, target)
    return ImportResult(files=files, places=counts)
