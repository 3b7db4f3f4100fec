"""The gazetteer: places with every spelling, loaded from compact TSV files and indexed by key.

The shipped file (``athar/data/gazetteer/places.tsv.gz``, Syria) is loaded first;
files written by :func:`athar.geo.geonames_import.import_geonames` (one per
country, same format) are laid on top. A place that appears twice (same id)
keeps its first coordinates and gains the other file's names.
"""

from __future__ import annotations

import gzip
import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from athar.errors import InputError
from athar.geo.normalize import fold, name_keys, tokenize
from athar.records import Place

logger = logging.getLogger(__name__)

COMPONENT = "geo.gazetteer.v1"
COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "latitude",
    "longitude",
    "kind",
    "country",
    "admin1",
    "admin2",
    "population",
    "source",
    "names",
)
# Keys longer than this many words are not looked up in text (no real name is longer).
MAX_WORDS = 7


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places, in kilometres."""
    p1, p2 = math.radians(a.latitude), math.radians(b.latitude)
    dl = math.radians(b.longitude - a.longitude)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def bearing_degrees(a: Place, b: Place) -> float:
    """The initial great-circle bearing from ``a`` to ``b``, in degrees clockwise from north (-180 to 180)."""
    p1, p2 = math.radians(a.latitude), math.radians(b.latitude)
    dl = math.radians(b.longitude - a.longitude)
    east = math.sin(dl) * math.cos(p2)
    north = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return math.degrees(math.atan2(east, north))


@dataclass(frozen=True, slots=True)
class Entry:
    """One way of writing a place: which place, and the exact folded words written."""

    place: int  # index into Gazetteer.places
    exact: str  # folded words without articles, joined by spaces
    article: bool = False  # the name starts with the article (al-Bab, As Suwayda)


@dataclass
class Gazetteer:
    """Places and the key index the resolver looks names up in."""

    places: list[Place] = field(default_factory=list)
    index: dict[str, list[Entry]] = field(default_factory=dict)
    english_collisions: frozenset[str] = frozenset()
    max_words: int = 1
    # First word of every key → the most words a key starting with it has (cuts lookups in text).
    first_words: dict[str, int] = field(default_factory=dict)
    _by_id: dict[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.places)

    def get(self, place_id: str) -> Place | None:
        """Return the place with this id, if any."""
        i = self._by_id.get(place_id)
        return None if i is None else self.places[i]

    def lookup(self, key: str) -> list[Entry]:
        """Entries indexed under a key (see :func:`athar.geo.normalize.name_keys`)."""
        return self.index.get(key, [])

    def search(self, name: str) -> list[Place]:
        """Places one of whose names has the same key as ``name``, biggest first."""
        found: dict[int, None] = {}
        for key in name_keys(name):
            for entry in self.lookup(key):
                found.setdefault(entry.place)
        return sorted((self.places[i] for i in found), key=lambda p: -(p.population or 0))

    def add(self, place: Place) -> None:
        """Add a place (or merge its names into the place with the same id) and index its names."""
        i = self._by_id.get(place.id)
        if i is not None:
            old = self.places[i]
            merged = tuple(dict.fromkeys(old.names + place.names))
            self.places[i] = Place(**{**old.to_dict(), "names": merged})
            names = [n for n in place.names if n not in old.names]
        else:
            i = len(self.places)
            self.places.append(place)
            self._by_id[place.id] = i
            names = list(place.names)
        for name in names:
            toks = tokenize(name)
            exact = " ".join(t.folded for t in toks if not t.is_article)
            article = bool(toks) and toks[0].is_article and len(toks) > 1
            for key in name_keys(name):
                words = key.count(" ") + 1
                if words > MAX_WORDS:
                    continue
                bucket = self.index.setdefault(key, [])
                entry = Entry(i, exact, article)
                if entry not in bucket:
                    bucket.append(entry)
                self.max_words = max(self.max_words, words)
                head = key.split(" ", 1)[0]
                self.first_words[head] = max(self.first_words.get(head, 0), words)


def read_places(path: Path | str, *, data: bytes | None = None) -> list[Place]:
    """Read a gazetteer TSV (gzipped or plain) in the shipped format."""
    name = str(path)
    try:
        raw = data if data is not None else Path(path).read_bytes()
        text = (gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw).decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise InputError("ATH208", name=name, kind="gazetteer file", reason=exc) from exc
    lines = text.splitlines()
    if not lines or tuple(lines[0].split("\t")) != COLUMNS:
        raise InputError("ATH208", name=name, kind="gazetteer file", reason="header is not " + " ".join(COLUMNS))
    places = []
    for number, line in enumerate(lines[1:], start=2):
        cols = line.split("\t")
        if len(cols) != len(COLUMNS):
            raise InputError("ATH206", name=name, line=number, reason=f"{len(cols)} columns, expected {len(COLUMNS)}")
        pid, pname, lat, lon, kind, country, admin1, admin2, pop, source, names = cols
        places.append(
            Place(
                id=pid,
                name=pname,
                latitude=float(lat),
                longitude=float(lon),
                kind=kind,
                country=country,
                names=tuple(n for n in names.split("|") if n),
                admin1=admin1 or None,
                admin2=admin2 or None,
                population=int(pop) if pop else None,
                source=source,
            )
        )
    return places


def write_places(path: Path, places: Iterable[Place]) -> int:
    """Write places in the shipped format (gzipped, byte-for-byte reproducible); return the count."""
    rows = ["\t".join(COLUMNS)]
    for p in places:
        names = "|".join(n.replace("|", " ").replace("\t", " ") for n in p.names)
        rows.append(
            "\t".join(
                [
                    p.id,
                    p.name,
                    f"{p.latitude:.5f}",
                    f"{p.longitude:.5f}",
                    p.kind,
                    p.country,
                    p.admin1 or "",
                    p.admin2 or "",
                    str(p.population or ""),
                    p.source,
                    names,
                ]
            )
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
        gz.write(("\n".join(rows) + "\n").encode("utf-8"))
    return len(rows) - 1


def _shipped() -> tuple[bytes, frozenset[str]]:
    folder = resources.files("athar.data").joinpath("gazetteer")
    data = folder.joinpath("places.tsv.gz").read_bytes()
    words = folder.joinpath("english_collisions.txt").read_text(encoding="utf-8").split()
    return data, frozenset(fold(w) for w in words if not w.startswith("#"))


def imported_files(workspace: Path | str) -> list[Path]:
    """Gazetteer files imported into a workspace (``<workspace>/gazetteer/*.tsv.gz``), sorted."""
    return sorted((Path(workspace) / "gazetteer").glob("*.tsv.gz"))


def load_gazetteer(extra: Iterable[Path | str] = (), *, shipped: bool = True) -> Gazetteer:
    """Load the shipped gazetteer and lay the given files (imported countries) on top."""
    gaz = Gazetteer()
    if shipped:
        data, words = _shipped()
        gaz.english_collisions = words
        for place in read_places("athar/data/gazetteer/places.tsv.gz", data=data):
            gaz.add(place)
    for path in extra:
        places = read_places(path)
        for place in places:
            gaz.add(place)
        logger.info("gazetteer: %d places from %s", len(places), path)
    return gaz


def default_gazetteer(workspace: str | None = None) -> Gazetteer:
    """The shipped gazetteer plus a workspace's imports, loaded once per process (again after an import)."""
    extra = tuple((str(p), p.stat().st_mtime_ns) for p in imported_files(workspace)) if workspace else ()
    return _cached_gazetteer(extra)


@lru_cache(maxsize=4)
def _cached_gazetteer(extra: tuple[tuple[str, int], ...]) -> Gazetteer:
    return load_gazetteer([path for path, _mtime in extra])
