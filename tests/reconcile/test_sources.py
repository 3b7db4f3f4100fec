"""Tests for the source registry: it loads clean, and names and domains resolve to sources."""

from __future__ import annotations

import pytest

from athar.reconcile.sources import load_registry, parse_registry, same_side


def test_registry_loads_and_checks_clean() -> None:
    registry = load_registry()
    assert registry.version == "2026-11-28.2"
    assert len(registry) >= 60
    assert registry.check() == []
    assert load_registry() is registry


@pytest.mark.parametrize(
    ("name", "source_id"),
    [
        ("Syrian Observatory for Human Rights", "sohr"),
        ("Observatory", "sohr"),
        ("the Observatory", "sohr"),
        ("SOHR", "sohr"),
        ("White Helmets", "white-helmets"),
        ("Syrian Civil Defence", "white-helmets"),
        ("SANA", "sana"),
        ("Russian Defence Ministry", "russian-mod"),
        ("Russian Ministry of Defence", "russian-mod"),
        ("Russian Defense Ministry", "russian-mod"),
        ("AFP", "afp"),
        ("the Associated Press", "ap"),
        ("Medecins Sans Frontieres", "msf"),
        ("Médecins Sans Frontières", "msf"),
        ("Al-Jazeera", "al-jazeera"),
        ("South Front", "southfront"),
        ("Syrian army general command", "syrian-general-command"),
        ("U.N.", "united-nations"),
        # The end of a name (its head), or three words of it, as a name.
        ("Helmets", "white-helmets"),
        ("Being Slaughtered Silently", "rbss"),
        ("Observatory for Human Rights", "sohr"),
    ],
)
def test_extractor_names_resolve(name: str, source_id: str) -> None:
    found = load_registry().find(name)
    assert found is not None and found.id == source_id


@pytest.mark.parametrize(
    "name",
    # A country, capital or leader is no outlet whose name holds it (The Washington Post, Agence France-Presse).
    # Nor is a word that only qualifies a source's name (Doctors Without Borders, Local Coordination Committees, Deir
    # Ezzor 24, The New York Times), or one of its words used as a word ("according to doctors", "local residents").
    [
        *("Mike Pompeo", "Defence Ministry", "activists", "", "Nowhere Gazette", "Washington", "France", "Britain"),
        *("doctors", "Doctors", "local", "Local", "borders", "Deir Ezzor", "Raqqa", "New York", "Middle East"),
        *("president", "general", "civil"),
        # A generic word at a name's end (World Health Organization), or a part two sources hold (Enab Baladi, Baladi
        # News).
        *("Organization", "the Organisation", "the Republic", "Baladi"),
    ],
)
def test_unknown_or_ambiguous_names_give_none(name: str) -> None:
    assert load_registry().find(name) is None


@pytest.mark.parametrize(
    ("url", "source_id"),
    [
        ("https://www.syriahr.com/en/12345/", "sohr"),
        ("sohr.com", "sohr"),
        ("http://sana.sy:80/en/?p=1", "sana"),
        ("https://southfront.press/some-story", "southfront"),
        ("news.southfront.org", "southfront"),
        ("https://arabic.rt.com/middle_east/1", "rt"),
        ("tass.com", "tass"),
    ],
)
def test_domains_resolve(url: str, source_id: str) -> None:
    found = load_registry().by_domain(url)
    assert found is not None and found.id == source_id


def test_unknown_domain_gives_none() -> None:
    assert load_registry().by_domain("https://example.org/x") is None
    assert load_registry().by_domain("co.uk") is None


def test_sanctioned_outlets_carry_dated_labels() -> None:
    registry = load_registry()
    southfront = registry.find("SouthFront")
    assert southfront is not None and southfront.aligned
    assert southfront.affiliation == "Military Forces of Russia"
    assert any(lab.date == "2021-04-15" and "OFAC" in lab.authority + lab.label for lab in southfront.labels)
    for name in ("RT", "Sputnik"):
        entry = registry.find(name)
        assert entry is not None
        assert any(lab.date == "2022-03-02" and "833/2014" in lab.citation for lab in entry.labels)


def test_independent_monitor_is_not_aligned() -> None:
    sohr = load_registry().find("SOHR")
    assert sohr is not None and not sohr.aligned and sohr.reliability in "ABCDEF"


def test_check_reports_problems() -> None:
    bad = parse_registry(
        """
version = "x"
types = ["outlet"]
[[source]]
id = "a"
name = "Alpha"
aliases = ["Shared"]
type = "blog"
country = "SY"
affiliation = "Nobody"
reliability = "G"
reliability_reason = ""
[[source.labels]]
label = "sanctioned"
date = "April 2021"
authority = "x"
citation = ""
[[source]]
id = "b"
name = "Beta"
aliases = ["shared"]
type = "outlet"
country = "SY"
affiliation = "independent"
reliability = "C"
reliability_reason = "ok"
[[source]]
id = "a"
name = "Gamma"
type = "outlet"
country = "SY"
affiliation = "independent"
reliability = "C"
reliability_reason = "ok"
"""
    )
    problems = "\n".join(bad.check())
    for expected in (
        "duplicate id",
        "also belongs to",
        "unknown type",
        "not in A-F",
        "no actor",
        "ISO date",
        "citation",
    ):
        assert expected in problems


def test_a_side_is_an_actor_and_what_it_is_part_of_either_way_but_not_its_fellow_members() -> None:
    """actors.toml's ``parent``: US forces are part of the US-led coalition, the NDF of the Syrian military."""
    us, coalition, uk = (
        "Military Forces of the United States",
        "US-led coalition",
        "Military Forces of the United Kingdom",
    )
    assert same_side(us, coalition) and same_side(coalition, us) and same_side(us, us)
    assert same_side("National Defence Forces", "Military Forces of Syria")
    assert not same_side(uk, us)  # two members of one coalition do not speak for each other
    assert not same_side("Military Forces of Russia", "Military Forces of Syria")  # a backer is not a part
    centcom = load_registry().find("CENTCOM")
    assert centcom is not None and centcom.speaks_for(coalition) and not centcom.speaks_for("Military Forces of Russia")
    sohr = load_registry().find("SOHR")
    assert sohr is not None and not sohr.speaks_for(coalition)  # an independent monitor speaks for no side
