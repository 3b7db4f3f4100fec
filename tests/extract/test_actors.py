"""Actors and victims: the registry, and names found in real report phrasing."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

import pytest

from athar.extract.actors import (
    ACTOR_KINDS,
    VICTIM_GROUPS,
    actor_registry,
    find_actors,
    find_victims,
    get_actor,
    normalise_actor,
    phrase_key,
)

SEEDS = Path(__file__).resolve().parents[2] / "examples" / "seeds"


def _actors(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.actor) for m in find_actors(text)]


def _data() -> dict:
    return tomllib.loads(resources.files("athar.data").joinpath("actors.toml").read_text(encoding="utf-8"))


# --- the registry --------------------------------------------------------------------------


def test_registry_ids_names_and_acled_names_are_unique() -> None:
    rows = _data()["actor"]
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    registry = actor_registry()
    names = [a.name for a in registry.values()]
    assert len(names) == len(set(names))
    acled = [a.acled for a in registry.values()]
    assert len(acled) == len(set(acled))


def test_registry_every_name_belongs_to_one_actor() -> None:
    owner: dict[str, str] = {}
    for actor in actor_registry().values():
        for name in (actor.name, *actor.aliases, *actor.metonyms, *actor.adjectives):
            key = phrase_key(name)
            assert owner.setdefault(key, actor.id) == actor.id, f"{name!r}: {owner[key]} and {actor.id}"


def test_registry_has_no_dangling_references_and_known_kinds() -> None:
    data = _data()
    registry = actor_registry()
    for actor in registry.values():
        assert actor.kind in ACTOR_KINDS, actor.id
        assert actor.parent is None or actor.parent in registry, actor.id
        assert actor.country == "" or (len(actor.country) == 2 and actor.country.isupper()), actor.id
    for row in data["backed"]:
        assert row["backer"] in registry and row["actor"] in registry
    assert set(data["victims"]) == set(VICTIM_GROUPS)


def _string_lists(node: object) -> list[list[str]]:
    if isinstance(node, dict):
        return [lst for value in node.values() for lst in _string_lists(value)]
    if isinstance(node, list):
        if all(isinstance(x, str) for x in node):
            return [node]
        return [lst for value in node for lst in _string_lists(value)]
    return []


@pytest.mark.parametrize("name", ["actors.toml", "attribution.toml"])
def test_vocabulary_lists_have_no_duplicates(name: str) -> None:
    data = tomllib.loads(resources.files("athar.data").joinpath(name).read_text(encoding="utf-8"))
    for words in _string_lists(data):
        assert len(words) == len(set(words)), sorted(w for w in set(words) if words.count(w) > 1)


def test_registry_data_file_says_where_it_comes_from() -> None:
    head = resources.files("athar.data").joinpath("actors.toml").read_text(encoding="utf-8")[:600]
    assert "Source:" in head and "Licence:" in head


# --- finding actors ------------------------------------------------------------------------


def test_find_actors_normalises_the_seed_perpetrators() -> None:
    sentence = (
        "The al-Assad regime used chlorine on May 19 in Latakia Province during its offensive to take back "
        "the last major rebel stronghold in nearby Idlib, US Secretary of State Mike Pompeo said."
    )
    assert find_actors(sentence)[0].actor == "Military Forces of Syria"
    assert _actors("There is also new evidence that Russian warplanes deliberately bombed hospitals in Syria") == [
        ("Russian warplanes", "Military Forces of Russia")
    ]
    assert _actors("Just on November 2, a Russian air strike killed six civilians including a child")[0] == (
        "Russian air strike",
        "Military Forces of Russia",
    )


def test_moscow_backed_regime_is_syria_backed_by_russia() -> None:
    [mention] = find_actors("one of the many confirmed uses of chemical weapons by the Moscow-backed regime")
    assert mention.actor == "Military Forces of Syria"
    assert mention.text == "Moscow-backed regime"
    assert mention.backed_by == "Military Forces of Russia"


def test_backed_generic_nouns_name_the_backed_actor() -> None:
    found = find_actors("Turkish-backed rebels clashed with US-backed forces near Manbij.")
    assert [(m.actor, m.backed_by) for m in found] == [
        ("Syrian National Army", "Military Forces of Turkey"),
        ("Syrian Democratic Forces", "Military Forces of the United States"),
    ]


def test_longest_name_wins() -> None:
    assert _actors("Syrian Democratic Forces entered Raqqa") == [
        ("Syrian Democratic Forces", "Syrian Democratic Forces")
    ]
    assert _actors("Iraqi government forces") == [("Iraqi government forces", "Military Forces of Iraq")]
    assert _actors("the Russian Aerospace Forces") == [("Russian Aerospace Forces", "Military Forces of Russia")]


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("the regime", "Military Forces of Syria"),
        ("regime forces shelled the town", "Military Forces of Syria"),
        ("Assad forces", "Military Forces of Syria"),
        ("liberated by the SAA with support", "Military Forces of Syria"),
        ("Syrian government forces", "Military Forces of Syria"),
        ("since government forces opened an offensive in May", "Military Forces of Syria"),
        ("Russian jets", "Military Forces of Russia"),
        ("Moscow's forces digging in", "Military Forces of Russia"),
        ("the Russian Aerospace Force", "Military Forces of Russia"),
        ("Daesh", "Islamic State"),
        ("ISIS fighters", "Islamic State"),
        ("ISIL", "Islamic State"),
        ("attacked by IS on Monday", "Islamic State"),
        ("the international coalition", "US-led coalition"),
        ("the US-led coalition", "US-led coalition"),
        ("the coalition’s bombardment", "US-led coalition"),
        ("the Saudi-led coalition", "Saudi-led coalition"),
        ("Saudi warplanes", "Saudi-led coalition"),
        ("Houthi rebels", "Houthi forces"),
        ("Ansar Allah", "Houthi forces"),
        ("HTS", "Hayat Tahrir al-Sham"),
        ("Hayyat Tahrir al-Sham", "Hayat Tahrir al-Sham"),
        ("Nusra Front", "Hayat Tahrir al-Sham"),
        ("the SDF", "Syrian Democratic Forces"),
        ("Kurdish-led forces", "Syrian Democratic Forces"),
        ("the YPG", "People's Protection Units"),
        ("Israeli jets", "Military Forces of Israel"),
        ("Hezbollah fighters", "Hezbollah"),
        ("Iranian-backed militias", "Pro-Iranian militias"),
        ("unidentified gunmen", "Unidentified armed group"),
        # Fire named by who fired it.
        ("killed in rebel fire on the west of the city", "Opposition rebels"),
        ("killed by regime sniper fire", "Military Forces of Syria"),
        ("wounded by Turkish tank fire", "Military Forces of Turkey"),
    ],
)
def test_find_actors_aliases(text: str, actor: str) -> None:
    assert [m.actor for m in find_actors(text)] == [actor]


def test_coordinated_adjectives_name_each_actor() -> None:
    found = find_actors("Syrian and Russian warplanes struck Idlib after Syrian-Russian airstrikes")
    assert [(m.text, m.actor) for m in found] == [
        ("Syrian", "Military Forces of Syria"),
        ("Russian warplanes", "Military Forces of Russia"),
        ("Syrian", "Military Forces of Syria"),
        ("Russian airstrikes", "Military Forces of Russia"),
    ]


def test_country_names_are_marked_metonyms() -> None:
    [russia] = find_actors("drone footage of Russia bombing Jobar")
    assert russia.actor == "Military Forces of Russia" and russia.metonym
    [jets] = find_actors("Russian jets bombed Jobar")
    assert not jets.metonym


def test_country_and_capital_named_as_places_are_not_actors() -> None:
    assert find_actors("drone footage of Russia bombing Jobar, a neighbourhood in Damascus.")[-1].text == "Russia"
    assert find_actors("Thousands fled to Turkey from the Damascus countryside.") == []
    assert find_actors("clashes in the Eastern Ghouta of Damascus") == []
    assert [m.actor for m in find_actors("Damascus denied the reports.")] == ["Military Forces of Syria"]


def test_spans_point_into_the_text() -> None:
    text = "In Kobane, angry residents threw stones at Russian armoured vehicles."
    for mention in find_actors(text):
        assert text[mention.start : mention.end] == mention.text


def test_capitals_only_acronyms_are_not_english_words() -> None:
    assert find_actors("What is left of the town is rubble, as us locals know.") == []
    assert find_actors("WHAT IS LEFT OF RAQQA") == []
    assert _actors("IS fighters attacked") == [("IS fighters", "Islamic State")]


def test_negatives_name_no_actor() -> None:
    assert find_actors("A Russian drone company shot drone footage of the city.") == []
    assert find_actors("the pro-government newspaper and the regime change debate") == []
    assert find_actors("The Syrian Observatory for Human Rights said eight were killed.") == []
    # Fire that no one fired.
    for text in ("Israeli fire crews battled blazes", "the Turkish fire brigade", "A Russian fire broke out"):
        assert find_actors(text) == [], text


def test_seed_text_finds_actors_without_the_reader_comments() -> None:
    text = (SEEDS / "southfront-2018-04-raqqa-photos.txt").read_text(encoding="utf-8")
    article = text[: text.index("Notify of")]
    actors = {m.actor for m in find_actors(article)}
    assert {"US-led coalition", "Military Forces of Russia", "Military Forces of Syria"} <= actors


# --- normalising names ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Russia", "Military Forces of Russia"),
        ("the regime", "Military Forces of Syria"),
        ("Moscow-backed regime", "Military Forces of Syria"),
        ("al-Assad regime", "Military Forces of Syria"),
        ("Russian warplanes", "Military Forces of Russia"),
        ("Military Forces of Russia (2000-)", "Military Forces of Russia"),
        ("QSD: Syrian Democratic Forces", "Syrian Democratic Forces"),
        ("Global Coalition Against Daesh", "US-led coalition"),
        ("Islamic State", "Islamic State"),
    ],
)
def test_normalise_actor(name: str, canonical: str) -> None:
    assert normalise_actor(name) == canonical


def test_normalise_actor_refuses_what_is_not_an_actor() -> None:
    assert normalise_actor("Syrian Observatory for Human Rights") is None
    assert normalise_actor("a bakery in Idlib bombed by Russian jets on Sunday morning") is None
    assert normalise_actor("") is None


def test_get_actor_by_id_name_or_alias() -> None:
    assert get_actor("russia") is get_actor("Russian jets")
    actor = get_actor("Daesh")
    assert actor is not None and actor.acled == "Islamic State (Syria)"


# --- victims -------------------------------------------------------------------------------


def test_find_victims_groups() -> None:
    text = "a Russian air strike killed six civilians including a child; two soldiers and 15 militants died"
    assert [(v.group, v.text) for v in find_victims(text)] == [
        ("civilians", "civilians"),
        ("civilians", "child"),
        ("military", "soldiers"),
        ("armed group", "militants"),
    ]


def test_members_of_an_actor_take_its_group() -> None:
    text = "82 were killed, including 19 members of the regime forces and 7 members of Hezbollah"
    assert [(v.group, v.text) for v in find_victims(text)] == [
        ("military", "members of the regime forces"),
        ("armed group", "members of Hezbollah"),
    ]


def test_find_victims_negatives() -> None:
    assert find_victims("The drone footage shows deserted roads and 80 people.") == []
    assert find_victims("the rebel stronghold") == []
