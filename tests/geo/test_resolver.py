"""find_places: spellings, ordinary words that are not places, spans, precision, disambiguation."""

from __future__ import annotations

import pytest

from athar.geo import ResolveContext, find_places
from athar.records import PlaceMention


def places(text: str, **kwargs: object) -> list[PlaceMention]:
    return find_places(text, **kwargs)  # type: ignore[arg-type]


def only(text: str, **kwargs: object) -> PlaceMention:
    found = places(text, **kwargs)
    assert len(found) == 1, [(m.text, m.place and m.place.name) for m in found]
    return found[0]


@pytest.mark.parametrize(
    ("spelling", "governorate", "lat", "lon"),
    [
        ("Raqqa", "Raqqa", 35.95, 39.01),
        ("Raqa", "Raqqa", 35.95, 39.01),
        ("ar-Raqqa", "Raqqa", 35.95, 39.01),
        ("Ar Raqqah", "Raqqa", 35.95, 39.01),
        ("الرقة", "Raqqa", 35.95, 39.01),
        ("Kobane", "Aleppo", 36.89, 38.35),
        ("Kobani", "Aleppo", 36.89, 38.35),
        ("Ayn al-Arab", "Aleppo", 36.89, 38.35),
        ("'Ain al-Arab", "Aleppo", 36.89, 38.35),
        ("Deir ez-Zor", "Deir ez-Zor", 35.34, 40.14),
        ("Deir Ezzor", "Deir ez-Zor", 35.34, 40.14),
        ("Dayr az Zawr", "Deir ez-Zor", 35.34, 40.14),
        ("A'zaz", "Aleppo", 36.59, 37.05),
        ("Azaz", "Aleppo", 36.59, 37.05),
        ("Maarat al-Numan", "Idlib", 35.64, 36.67),
        ("Ma'arrat an-Nu'man", "Idlib", 35.64, 36.67),
        ("Khmeimim", "Latakia", 35.41, 35.95),
        ("Hmeimim", "Latakia", 35.41, 35.95),
        ("Jisr ash-Shughur", "Idlib", 35.81, 36.32),
    ],
)
def test_spelling_variants_resolve_to_the_same_place(spelling: str, governorate: str, lat: float, lon: float) -> None:
    m = only(f"Airstrikes hit {spelling} on Tuesday.")
    assert m.text == spelling.lstrip("'")  # a leading ʿayn mark stays outside the span, like a quote
    assert m.place is not None
    assert m.place.admin1 == governorate
    assert abs(m.place.latitude - lat) < 0.05 and abs(m.place.longitude - lon) < 0.05


@pytest.mark.parametrize(
    "sentence",
    [
        "Said the spokesman: the talks will resume next week.",
        "Witnesses could not tell whether the jets were Russian or Syrian.",
        "Tell us what you saw, the investigator asked.",
        "Richard Hass said the sanctions would stay.",
        "The Bab was the founder of the Babi faith.",
        "The Home Office said it would review the claims.",
        "Fighters from Ahrar al-Sham and Hay'at Tahrir al-Sham exchanged prisoners.",
        "President Bashar al-Assad received the envoy.",
        "Tariq Aziz was Iraq's foreign minister for many years.",
        "Police in Ariha, the West Bank city also known as Jericho, reported no casualties.",
        "An air strike hit a market in Hajjah province in Yemen.",
        "An air strike hit Hajjah province on Sunday.",  # a province spelled like a village (Al Hweja) is none
        "Qasim said the army would hold its positions.",
    ],
)
def test_ordinary_words_and_names_are_not_places(sentence: str) -> None:
    assert places(sentence) == []


def test_hass_is_a_place_only_in_context() -> None:
    assert places("Richard Hass said so.") == []
    hass, idlib = places("Airstrikes on Hass in southern Idlib killed five.")
    assert hass.text == "Hass" and hass.place is not None and hass.place.admin1 == "Idlib"
    assert idlib.text == "Idlib"


def test_bab_needs_its_article_but_al_bab_is_the_city() -> None:
    assert places("The Bab was closed for the holiday.") == []
    m = only("Turkish forces entered al-Bab on Thursday.")
    assert m.text == "al-Bab" and m.place is not None and m.place.admin1 == "Aleppo"


def test_spans_point_into_the_text() -> None:
    text = "Shelling hit Jobar, and clashes spread to the Eastern Ghouta; T4 airbase was struck."
    found = places(text)
    assert [m.text for m in found] == ["Jobar", "Eastern Ghouta", "T4 airbase"]
    for m in found:
        assert text[m.start : m.end] == m.text
        assert m.produced_by == "geo.resolver.v1"


def test_countryside_near_and_direction_are_precision_two_around_the_town() -> None:
    for text, relation in [
        ("Clashes in the western countryside of Daraa.", "countryside"),
        ("Clashes in the Daraa countryside.", "countryside"),
        ("Shelling near Daraa.", "near"),
        ("An explosion east of Daraa.", "east of"),
    ]:
        m = only(text)
        assert m.place is not None and m.place.kind != "admin1", text
        assert m.place.admin1 == "Daraa"
        assert (m.precision, m.relation) == (2, relation), text


def test_the_suburb_of_a_name_is_the_suburb_itself() -> None:
    """ "the rebel-held suburb of Douma" names Douma (a review's case against reading "suburb of" as near)."""
    m = only("Government forces shelled the rebel-held suburb of Douma on Monday.")
    assert m.place is not None and m.place.name == "Dūmā" and m.precision == 1


def test_a_governorate_alone_is_precision_three() -> None:
    m = only("Assassinations continue in Daraa province.")
    assert m.place is not None and m.place.kind == "admin1" and m.precision == 3
    m = only("Clashes in the Damascus countryside.")
    assert m.place is not None and m.place.name == "Rif Dimashq" and m.precision == 3


def test_a_town_alone_is_precision_one() -> None:
    m = only("Clashes in Saraqib.")
    assert m.place is not None and m.place.admin1 == "Idlib" and m.precision == 1


def test_one_cue_serves_two_coordinated_names() -> None:
    found = places("Clashes between IS and regime forces in Hama and Aleppo countrysides")
    assert [(m.text, m.relation, m.precision) for m in found] == [
        ("Hama", "countryside", 2),
        ("Aleppo", "countryside", 2),
    ]


def test_governorate_named_nearby_picks_among_places_of_one_name() -> None:
    # Several villages are called al-Khalidiyah: in Aleppo, Homs, Hama …
    in_homs = places("Shelling on al-Khalidiyah in the countryside of Homs.")[0]
    assert in_homs.place is not None and in_homs.place.admin1 == "Homs"
    in_aleppo = places("Shelling on al-Khalidiyah in the Afrin countryside, Aleppo province.")
    assert in_aleppo[0].place is not None and in_aleppo[0].place.admin1 == "Aleppo"


def test_context_from_the_rest_of_the_document_disambiguates() -> None:
    text = "Warplanes struck al-Khalidiyah at dawn."
    homs = only(text, context=ResolveContext(document="Fighting continued across Homs province."))
    aleppo = only(text, context=ResolveContext(admin1=("Aleppo",)))
    assert homs.place is not None and homs.place.admin1 == "Homs"
    assert aleppo.place is not None and aleppo.place.admin1 == "Aleppo"


def test_arabic_script_with_article_and_proclitic() -> None:
    found = places("قصف على مدينة الرقة وريف حلب")
    assert [(m.text, m.place and m.place.admin1) for m in found] == [("الرقة", "Raqqa"), ("حلب", "Aleppo")]


def test_lowercase_words_are_not_names_in_running_text() -> None:
    assert places("Everyone went home after the mare was found.") == []
    assert places("They drove to raqqa at night.") == []  # not a name in mixed-case text
    assert [m.text for m in places("clashes in raqqa today")] == ["raqqa"]  # all-lowercase text: cue needed


def test_a_misspelt_town_is_found_one_edit_away_only_with_a_cue() -> None:
    m = only("Clashes continued in al-Latamneh for a third day.")
    assert m.place is not None and m.place.admin1 == "Hama" and m.score < 0.8
    assert places("Russian jets flew over the coast.") == []


def _named(text: str) -> dict[str, str | None]:
    return {m.text: m.place.name if m.place else None for m in places(text)}


def test_a_quarter_of_a_city_is_not_a_homonymous_town_elsewhere() -> None:
    # "al-Midan" alone is the Deir ez-Zor town of Al Mayadin; called a neighbourhood of a city, it is in that city.
    assert _named("Shells fell on al-Midan.")["al-Midan"] == "Al Mayādīn"
    assert _named("Shells fell on al-Midan neighbourhood in Aleppo.")["al-Midan"] == "Aleppo"
    assert _named("Fighting in the Midan neighbourhood of Damascus.")["Midan"] == "Damascus"
    # A word may qualify the quarter between its name and "neighbourhood"; without the cue it stays the town.
    assert _named("Rockets hit al-Midan residential neighborhood in Aleppo.")["al-Midan"] == "Aleppo"
    assert _named("Rockets hit al-Midan residential area.")["al-Midan"] == "Al Mayādīn"
    # "in the city" refers back to the city named before; a list of quarters shares the cue.
    found = _named("Rockets hit Homs city. Shells hit the neighborhoods of al-Sabil and al-Zahraa in the city.")
    assert found["al-Zahraa"] == "Homs"
    found = _named("Rockets hit Aleppo. They also shelled al-Qusour and al-Joura neighborhoods.")
    assert found["al-Qusour"] == "Aleppo"
    # The possessive: "Aleppo's X" is in Aleppo unless X is a place of Aleppo's governorate.
    assert _named("They hit Aleppo's al-Midan.")["al-Midan"] == "Aleppo"
    assert _named("They hit Aleppo's Manbij.")["Manbij"] == "Manbij"
    # A quarter of a city the gazetteer lacks takes no city from an earlier sentence.
    found = _named("Rockets hit Aleppo. Shells hit al-Midan neighborhood in al-Baath city.")
    assert found["al-Midan"] == "Al Mayādīn"
    # A quarter the gazetteer knows stays itself.
    assert _named("Clashes in Aleppo's Sheikh Maqsoud neighbourhood.")["Sheikh Maqsoud"] == "Sheikh Maqsoud"


def test_an_armed_groups_name_is_not_the_village_whose_spelling_key_it_shares() -> None:
    # "al-Qaeda" and the As-Suwayda village Al Ghaydah share a spelling key; the group's name is no place.
    assert places("Al-Qaeda loyalists attacked a Kurdish town.") == []
    assert places("25 members of the Al Qaeda-linked Nusra Front were killed.") == []
    # The village written as itself is still found.
    assert only("Clashes in Al Ghaydah village.").place.name == "Al Ghaydah"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "sentence",
    [
        # Ordinary English words one letter from a town's spelling key (english_collisions.txt, built so).
        "In Raqqa, the Coalition killed six civilians.",
        "The Britain-based Observatory said 12 people were killed.",
        "Gunmen attacked a Christian area of the city.",
        # Words of war reports (cues.toml not_misspellings) and a group's adjective (actors.toml).
        "The regime fired rockets filled with Sarin gas.",
        "Katyusha rockets hit the town on Monday.",
        "Sukhoi jets struck the town on Monday.",
        "Alawites fled the town on Monday.",
        "Houthi fighters attacked the town on Monday.",
    ],
)
def test_a_word_of_war_reports_is_not_a_misspelt_town(sentence: str) -> None:
    assert places(sentence) == [] or [p.text for p in places(sentence)] == ["Raqqa"]


def test_a_place_listed_after_a_relative_clause_keeps_the_list_s_cue() -> None:
    found = places("Shelling hit Saraqib, which was destroyed last month, and Ariha on Monday.")
    assert [p.text for p in found] == ["Saraqib", "Ariha"]


def test_a_town_spelled_as_itself_is_found_beside_those_words() -> None:
    assert [p.place.name for p in places("Shelling hit Qatana and Suran on Monday.") if p.place] == ["Qaţanā", "Şūrān"]


def test_an_acronym_is_not_a_place_one_spelling_key_away() -> None:
    # "SANA" (the state news agency) shares a spelling key with the Hama village As Si'in (also "As San").
    assert places("The shells killed two people, according to SANA reporter in Hama.")[0].text == "Hama"
    # A place's own spelling in capitals stays a place.
    assert only("Shells hit DOUMA on Friday.").place.name == "Dūmā"  # type: ignore[union-attr]


def test_a_family_or_a_regime_named_after_a_man_is_no_place() -> None:
    # "Assad" is a spelling of Dahiet al-Assad, a suburb of Aleppo; "the Assad clan" is a family.
    assert places("Suicide bomber kills 4 in Assad clans hometown.") == []
    assert [m.text for m in places("Suicide bomber kills 4 in Qardaha, the Assad family hometown.")] == ["Qardaha"]


def test_a_possessive_whose_apostrophe_was_lost_is_no_name_before_the_place() -> None:
    # "Syrias Hama province" as scraped text writes "Syria's": not a person named "Syrias Hama".
    assert [m.text for m in places("ISIS attacked two villages in central Syrias Hama province.")] == ["Hama"]


def test_a_country_s_adjective_before_a_place_is_no_name_glued_to_it() -> None:
    assert [m.text for m in places("The attack in the Syrian Idlib province killed 27 children.")] == ["Idlib"]


def test_a_capital_named_for_its_government_is_no_place() -> None:
    said = "Moscow defended its Damascus ally, saying the chemicals were hit on the ground in Khan Sheikhoun."
    assert [m.text for m in places(said)] == ["Khan Sheikhoun"]
    assert [m.text for m in places("Shells fell on Damascus, the government said.")] == ["Damascus"]
    # Only a word right after the name owns it.
    assert [m.text for m in places("In Idlib, allies of the regime shelled the town.")] == ["Idlib"]
    assert [m.text for m in places("Airstrikes killed 5 civilians in Saraqeb, government media said.")] == ["Saraqeb"]


def test_of_the_places_a_spelling_key_finds_the_one_spelled_like_the_text_wins() -> None:
    # "Quriyah", "Qurayya", "Kayariyah" and "Kura" share one coarse key.
    found = only("Strikes hit the town of Al Quriyah on Saturday.")
    assert found.place is not None and found.place.name.startswith("Al Quray")  # not Kayariyah or al Kura
    # A place spelled too unlike the text is no candidate: "al-Hialiyeh" is not al-Houla.
    assert all(m.place is None or "Houla" not in m.place.name for m in places("Shells hit al-Hialiyeh roundabout."))


def test_a_name_written_twice_names_one_place() -> None:
    text = (
        "The death toll from strikes in the opposition-held city of Al Quriyah rose to 82. "
        "Three raids on the region of Al-Quriyah southeast of Deir Ezzor city killed 58 civilians."
    )
    quriyah = [m for m in places(text, context=ResolveContext(admin1=("Aleppo",))) if "Quriyah" in m.text]
    assert len(quriyah) == 2
    assert {m.place.id for m in quriyah if m.place} == {quriyah[1].place.id}  # type: ignore[union-attr]


def test_a_place_said_to_be_in_a_governorate_is_in_it() -> None:
    # "Shaer" shares a spelling with al-Shaar, a quarter of Aleppo: in Homs province it is not that quarter.
    assert [m.text for m in places("IS fighters attacked the gas field at Shaer in Homs province.")] == ["Homs"]
    found = places("Shells hit Saraqeb, Idlib province.")
    assert [m.place.admin1 for m in found if m.place] == ["Idlib", "Idlib"]


def test_a_place_placed_by_a_direction_from_a_city_lies_that_way() -> None:
    # The gazetteer's only Burayj is in Homs, south-southwest of Aleppo: not the village "northeast of Aleppo".
    found = places("A massacre in the village of al-Bureij northeast of Aleppo killed 18 civilians.")
    assert [(m.text, m.relation, m.precision) for m in found] == [("Aleppo", "northeast of", 2)]
    assert [m.text for m in places("Clashes in Burayj, south of Homs.")] == ["Burayj", "Homs"]
    # However far: Sukhnah is 200 km east of Homs, Tal Abyad 170 km northeast of Aleppo.
    assert [m.text for m in places("IS fighters attacked Sukhnah, east of Homs.")] == ["Sukhnah", "Homs"]
    assert [m.text for m in places("Turkish forces entered Tal Abyad, northeast of Aleppo.")] == ["Tal Abyad", "Aleppo"]
    # Of two namesakes, the one that lies that way: Ras al-Ain in Hasakah, not the village southwest of Aleppo.
    (ras, _aleppo) = places("Fighting raged in Ras al-Ain, northeast of Aleppo.")
    assert ras.place is not None and ras.place.admin1 == "Al-Hasakah"


def test_a_channel_that_reports_is_no_place() -> None:
    # Al-Mayadeen, the Lebanese TV channel, is named like the town of Deir ez-Zor.
    assert places("Lebanese TV channel Al-Mayadin reported the attack.") == []


def test_a_near_spelling_of_a_well_known_place_must_still_be_spelled_like_it() -> None:
    # "Akrameh", a quarter of Homs, is one edit (on the spelling key) from Aqraba near Damascus.
    assert places("Two car bombs went off in the city's Akrameh region.") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "A motorcycle bomb went off near al-Khulafaa al-Rashideen Mosque in al-Daatour neighborhood in Latakia city.",
        "A bomb hit near the Khulafa al-Rashideen mosque in the Daatur district of Latakia.",
    ],
)
def test_a_misspelling_inside_a_longer_name_is_not_a_place(sentence: str) -> None:
    # "Khulafa" is one spelling key away from "Khaleb" (Aleppo), but here it opens the mosque's name.
    assert [m.place.name for m in places(sentence) if m.place] == ["Latakia"]


def test_a_place_before_an_article_and_a_capitalised_word_is_part_of_that_name() -> None:
    assert [m.text for m in places("Clashes near al-Bab in Aleppo province.")] == ["al-Bab", "Aleppo province"]
    # ... unless that word only ends the place's own name, or is a place itself.
    for text, name in (
        ("Clashes erupted in Moadamiyeh al-Sham overnight.", "Moadamiyeh"),
        ("Shelling hit Karak al-Sharqi on Monday.", "Karak"),
        ("Shelling hit Foua al-Kafraya on Monday.", "Foua"),
    ):
        assert places(text)[0].text == name, text


@pytest.mark.parametrize(
    "sentence",
    [
        "Damascus has repeatedly denied using such weapons.",
        "The attack that Washington blames on Damascus killed 87.",
        "Russia accused Damascus of lying.",
        "Moscow denies the claims.",
        "Ankara has also warned against any offensive.",
        # A name whose possessive owns forces is a ruler, not a village of that name.
        "The opposition blamed the attack on Assad's forces.",
    ],
)
def test_a_capital_that_speaks_or_is_blamed_is_its_government(sentence: str) -> None:
    assert places(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Kurdish fighters in Afrin vowed to resist.",
        "Residents of Raqqa have accused the coalition of killing 30 civilians.",
        "Russian jets bombed a hospital in Idlib, insists MSF.",
        "Rebels attacked Aleppo's government-held west.",
        "Shelling killed five in Aleppo's government held districts.",  # no ruler: the city's own
        "Douma's men and boys were detained.",
    ],
)
def test_a_place_people_speak_in_is_still_a_place(sentence: str) -> None:
    assert len(places(sentence)) == 1


def test_a_place_an_attack_is_blamed_in_is_still_a_place() -> None:
    # Passive: the attack in the town is blamed on someone, the town says nothing.
    assert [m.text for m in places("The gas attack in Khan Sheikhoun blamed on the regime killed 87.")] == [
        "Khan Sheikhoun"
    ]
    assert [m.text for m in places("Fighting in Aleppo has also killed 20.")] == ["Aleppo"]


@pytest.mark.parametrize("text", ["east of the Syrian capital", "in Syrias capital"])
def test_the_syrian_capital_is_damascus(text: str) -> None:
    found = only(f"Strikes hit several towns {text} on Tuesday.")
    assert found.place is not None and found.place.name == "Damascus"


def test_near_the_syrian_city_of_homs_is_near_it_not_in_it() -> None:
    near = only("A missile strike hit an airbase near the Syrian city of Homs on Friday.")
    assert (near.text, near.relation, near.precision) == ("Homs", "near", 2)
    inside = only("A car bomb went off in the Syrian city of Homs on Friday.")
    assert (inside.relation, inside.precision) == ("in", 1)


@pytest.mark.parametrize(
    "text",
    ["a village near Syria's second city Aleppo", "a village near Syrias largest city Aleppo", "near the city Aleppo"],
)
def test_near_a_city_with_no_of_is_near_it(text: str) -> None:
    (near,) = [m for m in places(f"An airstrike hit a clinic in {text} late Tuesday.") if m.text == "Aleppo"]
    assert (near.relation, near.precision) == ("near", 2)


def test_near_the_capital_is_near_it_and_in_the_capital_is_in_it() -> None:
    near = only("Strikes hit a town near the capital Damascus on Tuesday.")
    assert (near.text, near.relation, near.precision) == ("Damascus", "near", 2)
    assert only("A car bomb went off in the capital Damascus on Tuesday.").precision == 1


def test_a_place_spelled_like_an_english_word_needs_a_places_cue() -> None:
    # "Meles" (Millis, Idlib) is also a Latin word in the dictionary: "the town of" is as good a cue as "in".
    found = places("The hospital in the town of Meles is about 15 km from Idlib city.")
    assert [m.place.name for m in found if m.place] == ["Millis", "Idlib"]
    assert [m.place.name for m in places("Air strikes on a hospital in Meles killed ten.") if m.place] == ["Millis"]
    assert places("Meles said the strikes had stopped.") == []


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("Rocket attacks on Saif al-Dawleh left one person dead.", "Seif al-Dawla"),
        ("Shelling hit Ramouseh on Monday.", "al-Ramouseh"),  # had been Homs
        ("A barrel bomb hit the Bab al-Nayrab neighbourhood.", "Bab al-Nairab"),
        ("The Sukkari district was hit.", "al-Sukkari"),  # "The" opening a sentence is no name's first word
    ],
)
def test_aleppo_quarters_are_places_of_aleppo(sentence: str, name: str) -> None:
    m = only(sentence)
    assert m.place is not None and (m.place.name, m.place.admin1) == (name, "Aleppo")
