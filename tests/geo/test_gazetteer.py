"""The shipped gazetteer: what it holds, how fast it loads, and that its data is sound."""

from __future__ import annotations

import time
from collections import Counter

from athar.geo import load_gazetteer
from athar.geo.gazetteer import default_gazetteer

SYRIA = (32.3, 37.4, 35.5, 42.5)  # south, north, west, east (with a margin)


def test_shipped_gazetteer_loads_fast_and_holds_every_governorate() -> None:
    start = time.perf_counter()
    gaz = load_gazetteer()
    assert time.perf_counter() - start < 3.0
    governorates = sorted(p.name for p in gaz.places if p.kind == "admin1")
    assert len(governorates) == 14
    assert {"Aleppo", "Rif Dimashq", "Deir ez-Zor", "Al-Hasakah", "As-Suwayda"} <= set(governorates)
    assert sum(p.kind == "admin2" for p in gaz.places) == 61
    assert len(gaz) > 2000


def test_every_place_has_a_unique_id_coordinates_in_syria_and_its_names() -> None:
    gaz = default_gazetteer()
    ids = Counter(p.id for p in gaz.places)
    assert ids.most_common(1)[0][1] == 1
    south, north, west, east = SYRIA
    for p in gaz.places:
        assert p.id.startswith(("geonames:", "athar:sy-")), p.id
        assert south <= p.latitude <= north and west <= p.longitude <= east, p
        assert p.name in p.names and p.country == "SY"
        assert p.kind != "admin1" or p.admin1 == p.name
        assert p.source, p.id


def test_geonames_ids_are_kept_and_spellings_of_every_script_are_there() -> None:
    aleppo = default_gazetteer().get("geonames:170063")
    assert aleppo is not None and aleppo.name == "Aleppo" and aleppo.population
    assert {"Halab", "حلب", "Алеппо"} <= set(aleppo.names)


def test_curated_places_are_present_with_their_source() -> None:
    gaz = default_gazetteer()
    for pid, kind in [
        ("athar:sy-jobar", "neighbourhood"),
        ("athar:sy-khmeimim", "airbase"),
        ("athar:sy-shayrat", "airbase"),
        ("athar:sy-tiyas-airbase", "airbase"),
        ("athar:sy-rukban-camp", "camp"),
        ("athar:sy-hawl-camp", "camp"),
        ("athar:sy-bab-al-hawa-crossing", "crossing"),
        ("athar:sy-bab-al-salameh-crossing", "crossing"),
        ("athar:sy-eastern-ghouta", "region"),
        ("athar:sy-badia", "region"),
    ]:
        p = gaz.get(pid)
        assert p is not None and p.kind == kind and "athar-curated" in p.source, pid


def test_names_that_belong_to_armed_groups_are_not_names_of_damascus() -> None:
    damascus = default_gazetteer().get("geonames:170654")
    assert damascus is not None
    assert "Al-Sham" not in damascus.names and "Sham" not in damascus.names
    assert "Dimashq" in damascus.names


def test_search_finds_a_place_by_any_spelling() -> None:
    gaz = default_gazetteer()
    assert gaz.search("Deir Ezzor")[0].id == "geonames:170794"
    assert gaz.search("Nowhere-on-Sea") == []
