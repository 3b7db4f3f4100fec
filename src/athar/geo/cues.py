"""The words around a place name that the resolver reads (data in ``data/gazetteer/cues.toml``)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from athar.data import actors_toml


@dataclass(frozen=True)
class Cues:
    """Cue vocabularies, as sets of lowercase words or space-joined phrases."""

    locative_before: frozenset[str]
    type_after: frozenset[str]
    arabic_before: frozenset[str]
    after_verbs: frozenset[str]
    after_participles: frozenset[str]
    speech_after: frozenset[str]
    speech_after_perfect: frozenset[str]
    speech_skip: frozenset[str]
    blamed_before: frozenset[str]
    owner_after: frozenset[str]
    forces_after: frozenset[str]
    foreign: frozenset[str]
    near_before: frozenset[str]
    near_after: frozenset[str]
    countryside_before: frozenset[str]
    countryside_after: frozenset[str]
    province_before: frozenset[str]
    province_after: frozenset[str]
    district_after: frozenset[str]
    neighbourhood: frozenset[str]
    neighbourhood_adjectives: frozenset[str]
    city_before: frozenset[str]
    city_after: frozenset[str]
    directions: frozenset[str]
    direction_adjectives: frozenset[str]
    country_adjectives: frozenset[str]
    coordinators: frozenset[str]
    not_misspellings: frozenset[str] = frozenset()


def _actors() -> tuple[dict[str, Any], ...]:
    """The actor registry's entries (``data/actors.toml``)."""
    return tuple(actors_toml().get("actor", []))


@lru_cache(maxsize=1)
def group_names() -> frozenset[str]:
    """Names of armed groups and forces (``data/actors.toml``), lowercase, hyphens as spaces: never places.

    "al-Qaeda" shares its spelling key with a village (Al Ghaydah); written as the group's name, it is the group.
    """
    names = set()
    for actor in _actors():
        # Adjectives too ("Houthi" fighters, "Saudi-led" raids): words of the group, never its village.
        for name in (actor.get("name", ""), *actor.get("aliases", ()), *actor.get("adjectives", ())):
            names.add(" ".join(name.lower().replace("-", " ").split()))
    return frozenset(n for n in names if n)


@lru_cache(maxsize=1)
def ruler_names() -> frozenset[str]:
    """Country, capital and leader names (``data/actors.toml`` metonyms), lowercase: "Assad", "Washington"."""
    return frozenset(n.lower() for actor in _actors() for n in actor.get("metonyms", ()) if n)


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    """Read the shipped cue vocabularies."""
    text = resources.files("athar.data").joinpath("gazetteer", "cues.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    loc, rel = data["locative"], data["relation"]
    return Cues(
        locative_before=frozenset(loc["before"]),
        type_after=frozenset(loc["after"]),
        arabic_before=frozenset(loc["arabic_before"]),
        after_verbs=frozenset(loc["after_verbs"]),
        after_participles=frozenset(loc["after_participles"]),
        speech_after=frozenset(loc["speech_after"]),
        speech_after_perfect=frozenset(loc["speech_after_perfect"]),
        speech_skip=frozenset(loc["speech_skip"]),
        blamed_before=frozenset(loc["blamed_before"]),
        owner_after=frozenset(loc["owner_after"]),
        forces_after=frozenset(loc["forces_after"]),
        foreign=frozenset(loc["foreign"]),
        not_misspellings=frozenset(loc.get("not_misspellings", ())),
        **{name: frozenset(rel[name]) for name in Cues.__dataclass_fields__ if name in rel},
    )
