"""Names from other wars are not Syrian villages: countries, demonyms and big foreign cities.

The shipped gazetteer is Syrian and its spelling keys are coarse, so without a guard "Ukraine" was ‘Afrīn
(one edit away) and "Gaza" the village of Ghazzawiyah (same key). Foreign names come from pycountry and
GeoNames' big cities (``athar.geo.world``); a foreign place itself resolves only once its country is imported.
"""

from __future__ import annotations

import pytest

from athar.geo import find_places
from athar.geo.world import default_world
from athar.records import PlaceMention


def syrian(text: str) -> list[PlaceMention]:
    return [m for m in find_places(text) if m.place is not None and m.place.country == "SY"]


def resolved(text: str, mention: str) -> PlaceMention:
    found = [m for m in find_places(text) if m.text == mention]
    assert len(found) == 1, [(m.text, m.place and m.place.name) for m in find_places(text)]
    return found[0]


@pytest.mark.parametrize(
    "sentence",
    [
        "A missile strike in Ukraine killed four people.",
        "Shelling was reported in Jordan near the border.",
        "Drones were launched from Yemen overnight.",
        "Fighting spread across Sudan after the talks failed.",
        "The ministry in Lebanon condemned the raid.",
        "Aid convoys waited at the crossing into Egypt.",
    ],
)
def test_a_country_name_is_never_a_syrian_village(sentence: str) -> None:
    assert syrian(sentence) == []


def test_syria_named_as_a_country_is_still_the_country() -> None:
    mention = resolved("Air strikes in Syria killed twelve civilians.", "Syria")
    assert mention.place is not None and mention.place.kind == "country"
    assert mention.precision == 3


@pytest.mark.parametrize(
    "sentence",
    [
        "Saudi jets struck the port in Hodeidah.",
        "Yemeni officials said the strike in Saudi territory failed.",
        "Sudanese troops entered the town on Monday.",
        "Ukrainian forces said a Russian drone hit the depot.",
        "A Qatari delegation arrived in Cairo.",
    ],
)
def test_a_demonym_is_never_a_syrian_village(sentence: str) -> None:
    assert syrian(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "A Russian missile struck an apartment block in Kyiv.",
        "Shelling hit Kharkiv and Mariupol overnight.",
        "Coalition aircraft bombed Sanaa and the port of Hodeidah.",
        "Clashes erupted in Aden and Taiz.",
        "Houthi fighters shelled Ibb province.",
        "The RSF shelled Omdurman and El Fasher.",
        "Strikes hit Khartoum on Sunday.",
        "An air strike in Gaza killed a family of six.",
        "Tanks advanced on Rafah from the east.",
        "Residents fled Jabalia after the evacuation order.",
        "Talks were held in Tehran and Ankara.",
    ],
)
def test_a_big_foreign_city_is_never_a_syrian_place(sentence: str) -> None:
    assert syrian(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "mention", "governorate"),
    [
        ("Air strikes hit Raqqa overnight.", "Raqqa", "Raqqa"),
        ("Air strikes hit Raqa overnight.", "Raqa", "Raqqa"),
        ("Air strikes hit Ar Raqqah overnight.", "Ar Raqqah", "Raqqa"),
        ("Fighters withdrew from Kobani.", "Kobani", "Aleppo"),
        ("Fighters withdrew from Ayn al-Arab.", "Ayn al-Arab", "Aleppo"),
        ("Shelling hit Idleb on Monday.", "Idleb", "Idlib"),
        ("Clashes continued in Deir ez-Zor.", "Deir ez-Zor", "Deir ez-Zor"),
        ("A car bomb exploded in Azaz.", "Azaz", "Aleppo"),
        ("A car bomb exploded in Aziz.", "Aziz", "Aleppo"),
        ("Clashes continued in Hums for a third day.", "Hums", "Homs"),
        ("Shelling hit Foua on Monday.", "Foua", "Idlib"),
    ],
)
def test_syrian_spellings_still_resolve_in_syria(sentence: str, mention: str, governorate: str) -> None:
    place = resolved(sentence, mention).place
    assert place is not None and place.country == "SY" and place.admin1 == governorate


def test_a_syrian_place_bigger_than_a_foreign_namesake_keeps_its_name() -> None:
    # Libya's Al Khums is also written "Hums"; Homs is the bigger city and the text's more likely meaning.
    place = resolved("Government forces shelled Hums.", "Hums").place
    assert place is not None and place.admin1 == "Homs"


def test_an_imported_foreign_place_is_not_blocked_by_its_own_country_name() -> None:
    from athar.geo import load_gazetteer
    from athar.records import Place

    gaz = load_gazetteer(shipped=True)
    gaz.add(Place(id="t:gaza", name="Gaza", latitude=31.5, longitude=34.47, kind="city", country="PS", names=("Gaza",)))
    found = find_places("An air strike in Gaza killed a family of six.", gazetteer=gaz)
    assert [m.place.id for m in found if m.place is not None] == ["t:gaza"]


@pytest.mark.parametrize(
    ("word", "country"),
    [("yemeni", "YE"), ("saudi", "SA"), ("lebanese", "LB"), ("ukrainian", "UA"), ("sudanese", "SD"), ("iraqi", "IQ")],
)
def test_demonyms_are_recognised_from_country_names(word: str, country: str) -> None:
    assert default_world().demonym_country(word) == country


def test_local_adjectives_are_not_demonyms() -> None:
    assert default_world().demonym_country("aleppan") is None
    assert default_world().demonym_country("kurdish") is None
