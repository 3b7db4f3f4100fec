"""Load the curated source registry (data/sources.toml) and resolve names and web domains to sources."""

from __future__ import annotations

import functools
import logging
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from athar.data import actors_toml
from athar.geo.cues import ruler_names

logger = logging.getLogger(__name__)

RELIABILITY_GRADES = ("A", "B", "C", "D", "E", "F")
INDEPENDENT = "independent"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Words too generic to pick out one source when a name is only part of a source's name.
_GENERIC = frozenset(
    [
        "the",
        "of",
        "for",
        "and",
        "on",
        "in",
        "al",
        "el",
        "news",
        "agency",
        "ministry",
        "defence",
        "defense",
        "syrian",
        "syria",
        "russian",
        "russia",
        "human",
        "rights",
        "network",
        "media",
        "centre",
        "center",
        "international",
        "national",
        "forces",
        "army",
        "military",
        "state",
        "government",
        "office",
        "union",
        "commission",
        "committee",
        "watch",
        "council",
        "foreign",
        "health",
        "interior",
        "press",
        "tv",
        "television",
        "radio",
        "front",
        "arab",
        "us",
        "uk",
        "un",
        "new",
        "world",
        "service",
        "media",
        "group",
        "organisation",
        "organization",
        "republic",
        "nations",
    ]
)


# A part of a name this many words long or longer is distinctive wherever it stands in the name.
_LONG_PART = 3


@dataclass(frozen=True, slots=True)
class SourceLabel:
    """A dated, cited fact about a source (a sanction, a designation, a suspension)."""

    label: str
    date: str
    authority: str
    citation: str


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """One source: who it is, the names and domains it goes by, whose side it is on, and how far to trust it."""

    id: str
    name: str
    type: str
    country: str
    affiliation: str
    reliability: str
    reliability_reason: str
    aliases: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    ownership: str = ""
    labels: tuple[SourceLabel, ...] = ()

    @property
    def aligned(self) -> bool:
        """Whether a belligerent owns or funds the source (its claims never corroborate that side)."""
        return self.affiliation != INDEPENDENT

    def speaks_for(self, actor: str) -> bool:
        """Whether the source is the actor's own side speaking (``same_side``): CENTCOM of the US-led coalition."""
        return self.aligned and same_side(self.affiliation, actor)

    def facts(self) -> dict[str, object]:
        """What a reader of an export must know of the source: whose side it is on, how far to trust it, and its
        labels (sanctions, designations, suspensions) with their dates and citations."""
        return {
            "name": self.name,
            "affiliation": self.affiliation,
            "reliability": self.reliability,
            "labels": [
                {"label": x.label, "date": x.date, "authority": x.authority, "citation": x.citation}
                for x in self.labels
            ],
        }

    def summary(self) -> str:
        """The facts in one line, for a table: "RT (aligned with Military Forces of Russia; EU suspension …,
        2022-03-02)"; empty for an independent source with no labels."""
        facts = ([f"aligned with {self.affiliation}"] if self.aligned else []) + [
            f"{x.label}, {x.date}" for x in self.labels
        ]
        return f"{self.name} ({'; '.join(facts)})" if facts else ""


def normalise(name: str) -> str:
    """Fold a name for matching: no case, diacritics, punctuation or leading "the"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ")
    text = re.sub(r"[.'’ʼ`]", "", text)  # "U.N." is "un", "Russia's" is "russias"
    text = re.sub(r"[^\w]+", " ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


def host_of(url_or_host: str) -> str:
    """The lower-case host of a URL or bare host name, without "www." or a port."""
    text = url_or_host.strip()
    if "//" not in text:
        text = "//" + text
    host = (urlsplit(text).hostname or "").rstrip(".").lower()
    return host[4:] if host.startswith("www.") else host


@dataclass(frozen=True, eq=False)
class SourceRegistry:
    """The registry: entries, with indexes by normalised name and by domain."""

    version: str
    entries: tuple[SourceEntry, ...]
    types: tuple[str, ...]
    _by_name: dict[str, SourceEntry] = field(default_factory=dict, repr=False)
    _by_part: dict[str, SourceEntry | None] = field(default_factory=dict, repr=False)
    _by_domain: dict[str, SourceEntry] = field(default_factory=dict, repr=False)
    _found: dict[str, SourceEntry | None] = field(default_factory=dict, repr=False)  # names already looked up

    def __post_init__(self) -> None:
        for entry in self.entries:
            for key in {normalise(n) for n in (entry.name, *entry.aliases)} - {""}:
                self._by_name.setdefault(key, entry)
            for domain in entry.domains:
                self._by_domain.setdefault(host_of(domain), entry)
        # Parts of names ("Helmets", "Observatory for Human Rights") stand for a source only when one source has
        # them, and never when they name a country, capital or leader: "Washington" is not The Washington Post, nor
        # "France" Agence France-Presse. A name's head comes last: a part of one or two words is its end ("Helmets"),
        # not a word that qualifies it ("Deir Ezzor" 24, "New York" Times, "Doctors" Without Borders).
        states = {normalise(n) for n in ruler_names()}
        qualifying: set[str] = set()  # short parts seen before another word of a name ("deir ezzor" 24)
        ending: set[str] = set()  # parts seen at the end of a name ("helmets")
        for key, entry in self._by_name.items():
            words = key.split()
            for i in range(len(words)):
                for j in range(i + 1, len(words) + 1):
                    part = " ".join(words[i:j])
                    if part == key or part in states or all(w in _GENERIC or len(w) < 4 for w in words[i:j]):
                        continue
                    seen = self._by_part.get(part, entry)
                    # Held by two sources anywhere in their names ("Baladi": Enab Baladi, Baladi News), it is neither's.
                    self._by_part[part] = entry if seen is not None and seen.id == entry.id else None
                    if j == len(words):
                        ending.add(part)
                    elif j - i < _LONG_PART:
                        qualifying.add(part)
        # … and standing only where it qualifies another word, it stands for no source.
        for part in qualifying - ending:
            del self._by_part[part]

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, source_id: str) -> SourceEntry | None:
        """The entry with this id, if any."""
        return next((e for e in self.entries if e.id == source_id), None)

    def find(self, name: str) -> SourceEntry | None:
        """The source a name or alias stands for ("the Observatory", "SOHR"), or None if unknown or ambiguous."""
        if name in self._found:
            return self._found[name]
        key = normalise(name)
        found = self._by_name.get(key) if key else None
        if key and found is None and key not in self._by_name:
            found = self._by_part.get(key)
            # One word stands for a source only as a name ("the Helmets said"), not as a word ("local residents").
            if found is not None and " " not in key and not name.strip().split()[-1][:1].isupper():
                found = None
        if len(self._found) < 100_000:  # reconciliation asks for the same few hundred names again and again
            self._found[name] = found
        return found

    def by_domain(self, url_or_host: str) -> SourceEntry | None:
        """The source publishing at a URL or host; subdomains match their parent domain."""
        host = host_of(url_or_host)
        parts = host.split(".")
        for i in range(len(parts) - 1):
            found = self._by_domain.get(".".join(parts[i:]))
            if found is not None:
                return found
        return None

    def check(self) -> list[str]:
        """Problems in the registry data: duplicates, unknown vocabulary, labels without date or citation."""
        actors = _actor_names()
        problems: list[str] = []
        ids: set[str] = set()
        owner: dict[str, str] = {}
        domain_owner: dict[str, str] = {}
        for e in self.entries:
            if e.id in ids:
                problems.append(f"duplicate id {e.id!r}")
            ids.add(e.id)
            for key in {normalise(n) for n in (e.name, *e.aliases)}:
                if not key:
                    problems.append(f"{e.id}: empty name or alias")
                elif owner.setdefault(key, e.id) != e.id:
                    problems.append(f"{e.id}: name {key!r} also belongs to {owner[key]}")
            for domain in e.domains:
                host = host_of(domain)
                if not host or "." not in host or "/" in domain:
                    problems.append(f"{e.id}: bad domain {domain!r}")
                elif domain_owner.setdefault(host, e.id) != e.id:
                    problems.append(f"{e.id}: domain {host!r} also belongs to {domain_owner[host]}")
            if e.type not in self.types:
                problems.append(f"{e.id}: unknown type {e.type!r}")
            if e.reliability not in RELIABILITY_GRADES:
                problems.append(f"{e.id}: reliability {e.reliability!r} not in A-F")
            if not e.reliability_reason.strip():
                problems.append(f"{e.id}: no reliability_reason")
            if e.affiliation != INDEPENDENT and e.affiliation not in actors:
                problems.append(f"{e.id}: affiliation {e.affiliation!r} is no actor in actors.toml")
            for lab in e.labels:
                if not lab.label.strip() or not lab.authority.strip():
                    problems.append(f"{e.id}: label without text or authority")
                if not _DATE.match(lab.date):
                    problems.append(f"{e.id}: label {lab.label!r} without an ISO date")
                if not lab.citation.strip():
                    problems.append(f"{e.id}: label {lab.label!r} without a citation")
        return problems


def _entry(raw: dict[str, Any]) -> SourceEntry:
    labels = tuple(
        SourceLabel(
            label=str(lab.get("label", "")),
            date=str(lab.get("date", "")),
            authority=str(lab.get("authority", "")),
            citation=str(lab.get("citation", "")),
        )
        for lab in raw.get("labels", ())
    )
    return SourceEntry(
        id=raw["id"],
        name=raw["name"],
        type=raw.get("type", ""),
        country=raw.get("country", ""),
        affiliation=raw.get("affiliation", ""),
        reliability=raw.get("reliability", ""),
        reliability_reason=raw.get("reliability_reason", ""),
        aliases=tuple(raw.get("aliases", ())),
        domains=tuple(raw.get("domains", ())),
        ownership=raw.get("ownership", ""),
        labels=labels,
    )


def parse_registry(text: str) -> SourceRegistry:
    """Build a registry from the text of a sources TOML file."""
    data = tomllib.loads(text)
    entries = tuple(_entry(raw) for raw in data.get("source", ()))
    return SourceRegistry(version=str(data.get("version", "")), entries=entries, types=tuple(data.get("types", ())))


@functools.cache
def _part_of() -> dict[str, tuple[str, ...]]:
    """Each actor's canonical name -> the names of the actors it is part of (``parent`` in actors.toml, up the
    chain): the NDF -> the Syrian military; US forces -> the US-led coalition."""
    rows = {row["id"]: row for row in actors_toml().get("actor", ())}
    chains: dict[str, tuple[str, ...]] = {}
    for row in rows.values():
        chain: list[str] = []
        parent = rows.get(row.get("parent", ""))
        while parent is not None and parent["name"] not in chain and parent["name"] != row["name"]:
            chain.append(parent["name"])
            parent = rows.get(parent.get("parent", ""))
        chains[row["name"]] = tuple(chain)
    return chains


def same_side(a: str, b: str) -> bool:
    """Whether two actors are one side: the same, or one part of the other, either way (CENTCOM speaks of the
    coalition's strikes, the coalition's task force of US ones). Two parts of one whole are not (UK forces do
    not speak for US ones)."""
    chains = _part_of()
    return a == b or a in chains.get(b, ()) or b in chains.get(a, ())


@functools.cache
def _actor_names() -> frozenset[str]:
    return frozenset(actor["name"] for actor in actors_toml().get("actor", ()))


@functools.cache
def load_registry() -> SourceRegistry:
    """Load the shipped source registry (cached)."""
    text = resources.files("athar.data").joinpath("sources.toml").read_text(encoding="utf-8")
    registry = parse_registry(text)
    logger.debug("source registry %s: %d sources", registry.version, len(registry))
    return registry
