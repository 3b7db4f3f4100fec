"""ACLED event typing: the taxonomy as ACLED spells it, triggers for every sub-type, spans, and what is not an event.

Sentences are written for these tests or taken from Athar's seed reports and their hand-made gold
(``../shared/samples/seeds_gold.jsonl``, copied here so the tests run without ``../shared``).
No CASE 2021 rows are used.
"""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from athar.extract import event_types
from athar.extract.event_types import EventTrigger, classify_event, find_event_triggers, taxonomy

# ACLED's event and sub-event types, spelled as in its codebook and data exports.
ACLED = {
    "Battles": ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
    "Explosions/Remote violence": [
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ],
    "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
    "Protests": ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": [
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ],
}


def _lexicon_data() -> dict:  # type: ignore[type-arg]
    return tomllib.loads(resources.files("athar.data").joinpath("event_lexicon.toml").read_text("utf-8"))


# ---------------------------------------------------------------- the taxonomy


def test_taxonomy_is_spelled_exactly_as_acled() -> None:
    tax = taxonomy()
    assert {e.name: [s.name for s in e.sub_event_types] for e in tax.event_types} == ACLED
    assert len(tax.sub_event_types) == 25


def test_disorder_types() -> None:
    tax = taxonomy()
    assert set(tax.disorder_types) >= {"Political violence", "Demonstrations", "Strategic developments"}
    by_event = {e.name: e.disorder_type for e in tax.event_types}
    assert by_event["Battles"] == by_event["Explosions/Remote violence"] == "Political violence"
    assert by_event["Protests"] == by_event["Riots"] == "Demonstrations"
    assert by_event["Strategic developments"] == "Strategic developments"
    # Where organised violence meets a demonstration ACLED records both.
    for name in ("Excessive force against protesters", "Mob violence"):
        assert tax.sub_event_type(name).disorder_type == "Political violence; Demonstrations"
    assert all(s.disorder_type in tax.disorder_types for s in tax.sub_event_types)


def test_every_sub_type_has_a_definition_and_a_unique_case_code() -> None:
    subs = taxonomy().sub_event_types
    assert all(s.definition for s in subs)
    codes = [s.case2021 for s in subs]
    assert None not in codes and len(set(codes)) == 25


def test_old_spelling_is_an_alias_not_a_name() -> None:
    tax = taxonomy()
    assert tax.sub_event_type("Excessive force against protestors").name == "Excessive force against protesters"
    with pytest.raises(KeyError):
        tax.sub_event_type("Airstrike")


def test_every_lexicon_sub_type_exists_in_the_taxonomy() -> None:
    data = _lexicon_data()
    names = {s.name for s in taxonomy().sub_event_types}
    types = {e.name for e in taxonomy().event_types}
    for rule in data["rule"]:
        assert rule["sub_event_type"] in names, rule["sub_event_type"]
        for absorber in rule.get("absorbed_by", ()):
            assert absorber in names | types, absorber
    # Every ACLED sub-type has triggers.
    assert {r["sub_event_type"] for r in data["rule"]} == names


def test_a_bad_pattern_is_refused() -> None:
    with pytest.raises(ValueError, match="must start with a word"):
        event_types._parse_pattern("..3 bomb")
    # A star inside a word would match nothing ("neighbo*hood*" never matched "neighborhood").
    with pytest.raises(ValueError, match="may only end a word"):
        event_types._parse_pattern("neighbo*hood*")


# ---------------------------------------------------------------- one sentence per sub-type

EXAMPLES = [
    ("Armed clash", "Heavy fighting erupted between government troops and rebels near Kafr Nabudah on Tuesday."),
    ("Armed clash", "Gunmen attacked a police checkpoint in Quetta, killing three officers."),
    ("Government regains territory", "The Syrian army recaptured the town of Khan Sheikhoun from jihadists."),
    ("Government regains territory", "Iraqi security forces on Wednesday freed several villages from IS militants."),
    ("Non-state actor overtakes territory", "Rebels seized control of the border crossing with Turkey on Friday."),
    ("Non-state actor overtakes territory", "ISIS fighters recaptured the village of Kashma from the Syrian army."),
    ("Chemical weapon", "Dozens suffered breathing difficulties after a suspected chlorine attack on Saraqeb."),
    ("Chemical weapon", "Government helicopters dropped barrels filled with toxic gas on the rebel-held district."),
    (
        "Air/drone strike",
        "Russian warplanes pounded rebel-held areas of southern Idlib overnight, killing nine civilians.",
    ),
    ("Air/drone strike", "A US drone strike killed a senior al-Qaeda commander in Marib province."),
    ("Air/drone strike", "The coalition said it had carried out two strikes near Raqa on Monday."),
    ("Air/drone strike", "Israeli drones dropped explosives on a gathering in Beit Hanoun, wounding two."),
    ("Shelling/artillery/missile attack", "Mortar rounds hit a residential neighbourhood of Damascus, wounding four."),
    ("Shelling/artillery/missile attack", "A rocket-propelled grenade hit the family's car in the south."),
    ("Suicide bomb", "A suicide bomber blew himself up at a checkpoint in Baghdad, killing 12 people."),
    ("Suicide bomb", "A suicide car bomb targeted a military convoy near Kabul airport."),
    ("Remote explosive/landmine/IED", "A roadside bomb struck a bus carrying pilgrims in Diyala province."),
    ("Remote explosive/landmine/IED", "Three children were killed when a landmine exploded near their village."),
    ("Grenade", "Assailants lobbed a hand grenade at a police station in Srinagar, injuring two."),
    ("Sexual violence", "Soldiers raped at least 20 women during the raid on the village, a UN report found."),
    ("Attack", "Gunmen opened fire on worshippers at a church in Ondo state, killing 22 people."),
    ("Attack", "Militants executed 15 civilians in the village of Tal Tamr, the monitor said."),
    ("Abduction/forced disappearance", "Gunmen kidnapped 30 students from a school in Kaduna state overnight."),
    ("Abduction/forced disappearance", "HTS fighters arrested two activists in Idlib."),
    ("Peaceful protest", "Thousands of people marched through central Beirut demanding the government's resignation."),
    ("Protest with intervention", "Police used tear gas and water cannon to disperse demonstrators in the capital."),
    ("Protest with intervention", "Security forces arrested dozens of protesters during a rally in Minsk."),
    ("Excessive force against protesters", "Security forces opened fire on protesters in Daraa, killing four people."),
    ("Violent demonstration", "Protesters threw stones at police and set fire to tyres on the main road."),
    ("Mob violence", "An angry mob lynched a man accused of blasphemy in the town."),
    ("Agreement", "Russia and Turkey agreed on a ceasefire in Idlib starting at midnight."),
    ("Agreement", "Hundreds of fighters surrendered to the army in the Daraa countryside."),
    ("Arrests", "Turkish police detained 45 people suspected of links to the Islamic State."),
    ("Change to group/activity", "Hundreds of fighters defected from the Free Syrian Army."),
    ("Change to group/activity", "Authorities imposed a curfew in the city on Sunday."),
    ("Disrupted weapons use", "Air defences intercepted two missiles fired towards Hmeimim air base."),
    ("Disrupted weapons use", "Police defused a bomb planted near the central mosque."),
    ("Disrupted weapons use", "Troops seized a large cache of weapons and ammunition in a raid on a farm."),
    ("Headquarters or base established", "Turkish forces set up a new observation post near Morek."),
    ("Looting/property destruction", "Militiamen looted and burned dozens of homes in the village."),
    ("Non-violent transfer of territory", "US troops withdrew from the base at Tabqa and handed it over to the army."),
    ("Non-violent transfer of territory", "Government forces entered the town without resistance."),
    ("Other", "A mass grave containing more than 200 bodies was discovered near Raqqa."),
]


@pytest.mark.parametrize(("sub", "sentence"), EXAMPLES, ids=[f"{s}:{t[:30]}" for s, t in EXAMPLES])
def test_classify_each_sub_type(sub: str, sentence: str) -> None:
    trigger = classify_event(sentence)
    assert trigger is not None
    assert trigger.sub_event_type == sub
    tax_sub = taxonomy().sub_event_type(sub)
    assert (trigger.event_type, trigger.disorder_type) == (tax_sub.event_type, tax_sub.disorder_type)
    assert sentence[trigger.start : trigger.end] == trigger.text
    assert 0.0 < trigger.score <= 1.0


def test_examples_cover_every_sub_type() -> None:
    assert {s for s, _ in EXAMPLES} == {s.name for s in taxonomy().sub_event_types}


# ---------------------------------------------------------------- the seed reports and their gold

SEED_INCIDENTS = [
    (
        "Air/drone strike",
        '"Russia works" previously attracted publicity when they shot drone footage of Russia bombing Jobar, '
        "a neighbourhood in Damascus.",
    ),
    (
        "Government regains territory",
        'Now the company has put out a new video documenting what they call Russia\'s "liberation" of Osman, '
        "in Daraa, in South Syria.",
    ),
    (
        "Violent demonstration",
        "Videos and pictures show angry residents of Kobane, Syria, throwing large stones at several convoys "
        "of Russian vehicles.",
    ),
    (
        "Air/drone strike",
        "Just on November 2, a Russian air strike killed six civilians including a child in the embattled "
        "opposition bastion of Idlib in northwestern Syria.",
    ),
    (
        "Chemical weapon",
        "The al-Assad regime used chlorine on May 19 in Latakia Province during its offensive to take back the "
        "last major rebel stronghold in nearby Idlib, US Secretary of State Mike Pompeo said.",
    ),
    (
        "Chemical weapon",
        "That was one of the many confirmed uses of chemical weapons by the Moscow-backed regime, including one "
        "last year that killed 80 people in Douma.",
    ),
    # An allegation still names its event type.
    (
        "Air/drone strike",
        "There is also new evidence that Russian warplanes deliberately bombed hospitals in Syria to undermine "
        "the Syrian opposition.",
    ),
]

# Aggregate figures name no single event (the figure extractor owns them).
SEED_FIGURES = [
    "The Russian bombing campaign on Daraa has displaced tens of thousands of people according to a recent "
    "statement by the Syrian National Coalition.",
    "Russian military operations have resulted in more than 6,500 civilians deaths, the human rights group says "
    "in its 40-page report issued September 30, the fourth anniversary of Russia's military intervention.",
    "About 3,000 Russian service personnel are now deployed in Syria, at facilities like Tartus and the "
    "Khmeimim air base.",
    "Germany, Belgium and Kuwait had led the push for the resolution, noting that half a million Syrians have "
    "been displaced in Idlib since government forces opened an offensive in May.",
    "The UN mission says that 70% of buildings in Raqqa have been destructed.",
    "As a result more than 55,000 people have returned to the settlements in the Eastern Ghouta recently.",
]


@pytest.mark.parametrize(("sub", "sentence"), SEED_INCIDENTS)
def test_seed_incidents_get_their_gold_type(sub: str, sentence: str) -> None:
    triggers = find_event_triggers(sentence)
    assert [t.sub_event_type for t in triggers] == [sub]
    trigger = classify_event(sentence)
    assert trigger is not None and trigger.sub_event_type == sub


@pytest.mark.parametrize("sentence", SEED_FIGURES)
def test_seed_figures_name_no_event(sentence: str) -> None:
    assert find_event_triggers(sentence) == []
    assert classify_event(sentence) is None


def test_a_figure_keeps_the_weapon_it_counts() -> None:
    # A toll of unexploded ordnance is a figure, but its cause is typed: the figure extractor may use it.
    sentence = "In the period of October, 2017 till March 2018, there have been 658 cases of injures by UXO."
    assert [t.sub_event_type for t in find_event_triggers(sentence)] == ["Remote explosive/landmine/IED"]


# ---------------------------------------------------------------- several events, spans


def test_two_events_in_one_sentence_stay_apart() -> None:
    text = (
        "A car bomb exploded in Azaz on Sunday, killing five people, and Israeli strikes hit positions near Damascus."
    )
    triggers = find_event_triggers(text)
    assert [(t.sub_event_type, t.text) for t in triggers] == [
        ("Remote explosive/landmine/IED", "car bomb"),
        ("Air/drone strike", "Israeli strikes"),
    ]
    for t in triggers:
        assert text[t.start : t.end] == t.text
    # The killing is the car bomb's, not a separate attack on civilians.
    assert "Attack" not in {t.sub_event_type for t in triggers}


def test_one_trigger_per_type_per_sentence_in_text_order() -> None:
    text = (
        "Airstrikes hit two hospitals in Idlib on Monday. The strikes were carried out by Russian warplanes. "
        "Later, rebels shelled a government-held district."
    )
    triggers = find_event_triggers(text)
    assert [t.sub_event_type for t in triggers] == [
        "Air/drone strike",
        "Air/drone strike",
        "Shelling/artillery/missile attack",
    ]
    assert [t.start for t in triggers] == sorted(t.start for t in triggers)
    assert all(isinstance(t, EventTrigger) and text[t.start : t.end] == t.text for t in triggers)


def test_words_of_one_event_merge_into_the_most_specific_type() -> None:
    assert [t.sub_event_type for t in find_event_triggers("Police fired tear gas to disperse the protesters.")] == [
        "Protest with intervention"
    ]
    assert [t.sub_event_type for t in find_event_triggers("A suicide car bomb exploded at the gate.")] == [
        "Suicide bomb"
    ]


def test_classify_prefers_the_first_sentence_event() -> None:
    text = (
        "The army units drove the ISIL terrorists out of key areas in Homs province. "
        "The troops inflicted heavy losses on the terrorists in fierce clashes."
    )
    trigger = classify_event(text)
    assert trigger is not None and trigger.sub_event_type == "Government regains territory"


# ---------------------------------------------------------------- who acts


@pytest.mark.parametrize(
    ("sentence", "sub"),
    [
        ("The army recaptured the village from ISIS on Friday.", "Government regains territory"),
        ("ISIS recaptured the village from the army on Friday.", "Non-state actor overtakes territory"),
        ("Aleppo and Homs, liberated by the SAA, are being rebuilt.", "Government regains territory"),
        (
            "Afghan security forces in a crackdown on Taliban militants recaptured the district.",
            "Government regains territory",
        ),
        ("Police arrested three men in Aleppo.", "Arrests"),
        ("Militants arrested three men in Aleppo.", "Abduction/forced disappearance"),
    ],
)
def test_the_actor_decides(sentence: str, sub: str) -> None:
    trigger = classify_event(sentence)
    assert trigger is not None and trigger.sub_event_type == sub


# ---------------------------------------------------------------- what is not an event


@pytest.mark.parametrize(
    "sentence",
    [
        "",
        "The weather in Damascus was mild on Tuesday.",
        "The ministry said the new school year would begin in September.",
        "There were no clashes in the city overnight.",
        "Officials called for a ceasefire in Idlib.",
        "The minister warned that fighting could resume if talks fail.",
        "The company demonstrated its new software at the fair.",
        "An explosion at a fireworks warehouse killed six workers.",
        "The firefighters battled the blaze for hours.",
        "The rally in stock markets continued on Monday.",
        "The president will visit Paris next week for talks on trade.",
        "Since 2011, the war has killed more than half a million people.",
        "The US-led coalition said it would continue its air campaign against ISIS.",
        "Amnesty International published its annual report.",
        "Sales rose in March.",
        "Workers staged strikes in Damascus over unpaid wages.",
        "Teachers launched a strike over pay.",
    ],
)
def test_no_event(sentence: str) -> None:
    assert find_event_triggers(sentence) == []
    assert classify_event(sentence) is None


def test_an_aim_is_not_an_event() -> None:
    # Launching the offensive is a change of activity; the retaking has not happened.
    triggers = find_event_triggers("The army launched an offensive to retake the town.")
    assert [t.sub_event_type for t in triggers] == ["Change to group/activity"]


@pytest.mark.parametrize(
    ("sentence", "sub"),
    [
        ("Dozens of demonstrators were arrested as police broke up the march.", "Protest with intervention"),
        (
            "Police detain protesters during a protest against the jailing of an opposition leader.",
            "Protest with intervention",
        ),
        ("Police arrested three organisers of last week's anti-government protest.", "Arrests"),
        ("Hundreds of women marched in Srinagar to demand the release of detained relatives.", "Peaceful protest"),
        ("Police fired live rounds at demonstrators, injuring at least 25.", "Excessive force against protesters"),
        ("Supporters of the candidate torched a police post and blocked the main highway.", "Violent demonstration"),
    ],
)
def test_protests_and_arrests(sentence: str, sub: str) -> None:
    trigger = classify_event(sentence)
    assert trigger is not None and trigger.sub_event_type == sub


def test_storming_a_base_is_a_clash_not_a_capture() -> None:
    trigger = classify_event("Al-Shabaab fighters stormed a military base, sparking hours of heavy fighting.")
    assert trigger is not None and trigger.sub_event_type == "Armed clash"


def test_a_protest_about_arrests_is_a_protest() -> None:
    trigger = classify_event("Hundreds protested in Cairo against the arrests of journalists.")
    assert trigger is not None and trigger.sub_event_type == "Peaceful protest"


def test_a_cited_past_event_is_not_this_event() -> None:
    text = "Government forces captured five villages near the town that was the scene of the 2017 chemical attack."
    assert [t.sub_event_type for t in find_event_triggers(text)] == ["Government regains territory"]


def test_a_denied_event_keeps_its_type() -> None:
    # The claim extractor records the denial; the event named is still an air strike.
    trigger = classify_event("The Russian Defence Ministry denied that its warplanes bombed the hospital in Idlib.")
    assert trigger is not None and trigger.sub_event_type == "Air/drone strike"


def test_case_matters_only_where_the_lexicon_says() -> None:
    assert classify_event("IS fighters overran the army base.") is not None
    assert classify_event("AIRSTRIKES HIT TWO HOSPITALS IN IDLIB") is not None
    trigger = classify_event("Students march to the ministry.")
    assert trigger is not None and trigger.sub_event_type == "Peaceful protest"


def test_text_whose_length_changes_when_lowercased() -> None:
    text = "İstanbul police detained 20 people in dawn raids."
    trigger = classify_event(text)
    assert trigger is not None and trigger.sub_event_type == "Arrests"
    assert text[trigger.start : trigger.end] == trigger.text


def test_results_are_deterministic() -> None:
    text = "Rebels fired rockets at Aleppo. Warplanes then struck rebel positions."
    assert find_event_triggers(text) == find_event_triggers(text)
    assert classify_event(text) == classify_event(text)


# ---------------------------------------------------------------- verbs in any tense ("~" patterns)


def test_inflections_of_regular_and_irregular_verbs():
    assert {"target", "targets", "targeted", "targeting"} <= event_types._inflections("targeted")
    assert {"drop", "drops", "dropping"} <= event_types._inflections("dropped")
    assert {"carry", "carries", "carrying"} <= event_types._inflections("carried")
    assert {"destroy", "destroys", "destroying"} <= event_types._inflections("destroyed")
    assert {"strike", "strikes", "striking"} <= event_types._inflections("struck")
    assert event_types._inflections("positions") == {"positions"}  # not a verb form: left alone


def test_tilde_pattern_matches_any_tense_of_the_verb_after_a_gap():
    import re

    lex = event_types._lexicon()
    inflected = re.compile(event_types._regex(event_types._parse_pattern("~warplane* ..3 bombed"), lex.macros))
    plain = re.compile(event_types._regex(event_types._parse_pattern("warplane* ..3 bombed"), lex.macros))
    assert inflected.fullmatch("warplanes bomb") and inflected.fullmatch("warplanes bombing")
    assert not plain.fullmatch("warplanes bomb")
    # The first word is never inflected: "~bombed" is only "bombed".
    first = re.compile(event_types._regex(event_types._parse_pattern("~bombed ..2 town"), lex.macros))
    assert not first.fullmatch("bomb the town")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prisoners went on a hunger strike to demand their release", "Peaceful protest"),
        ("Unknown men sabotaged the power lines feeding the town", "Looting/property destruction"),
        ("The militants ceded the town to the tribal council", "Non-violent transfer of territory"),
        ("The journalist has been held captive by the group since March", "Abduction/forced disappearance"),
        ("The police took the opposition leader into custody", "Arrests"),
    ],
)
def test_words_from_acled_definitions(text, expected):
    trigger = classify_event(text)
    assert trigger is not None and trigger.sub_event_type == expected


# ---------------------------------------------------------------- events told in other words


@pytest.mark.parametrize(
    ("sentence", "sub"),
    [
        ("Eight civilians were killed on Thursday in rebel fire on the government-held west of the city.", None),
        ("The assault on the strategic border town of Ras al-Ain sparked an exodus.", "Armed clash"),
        ("Four were killed in a multi-district assault by the rebel coalition.", "Armed clash"),
        ("Regime forces were attacking the opposition-held Qaboun neighborhood of Damascus.", "Armed clash"),
        ("Troops managed to wrest control over the farms near Aleppo.", "Government regains territory"),
        ("The bomber was on a motorcycle when he attacked a crowd outside a bakery.", "Suicide bomb"),
        ("Those killed in the town had died from the effects of the gas.", "Chemical weapon"),
        ("The strikes on al-Asharah, a town held by the Islamic State group, killed five.", "Air/drone strike"),
        ("Eight civilians, including two children, were killed in the town of Nawa.", "Attack"),
        ("The attack claimed the lives of at least 27 children.", "Attack"),
        ("5 people were killed and 12 others wounded in the attack in the district of Sevre.", "Attack"),
    ],
)
def test_events_told_without_the_usual_words(sentence: str, sub: str | None) -> None:
    triggers = find_event_triggers(sentence)
    expected = sub or "Shelling/artillery/missile attack"  # fire from a side's lines into a place
    assert [t.sub_event_type for t in triggers] == [expected]


@pytest.mark.parametrize(
    "sentence",
    [
        "Teachers went on strike in the town of Homs over unpaid salaries.",
        "He was arrested carrying an assault rifle in the city.",
        "Protesters suffered the effects of the tear gas fired by police.",
        "At least 346 civilians were killed in the siege, the network said.",  # a siege is no one event
    ],
)
def test_look_alikes_are_not_those_events(sentence: str) -> None:
    assert "Air/drone strike" not in {t.sub_event_type for t in find_event_triggers(sentence)}
    assert "Armed clash" not in {t.sub_event_type for t in find_event_triggers(sentence)}
    assert "Chemical weapon" not in {t.sub_event_type for t in find_event_triggers(sentence)}
    assert "Attack" not in {t.sub_event_type for t in find_event_triggers(sentence)}


@pytest.mark.parametrize(
    "sentence",
    [
        "The YPG is regarded by the Pentagon as the most effective fighting force against IS.",
        "Rescuers were struggling to pull survivors from the rubble of destroyed buildings.",
    ],
)
def test_what_describes_a_force_or_an_aftermath_is_no_event(sentence: str) -> None:
    assert find_event_triggers(sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Russian jets in violation of a cease-fire hit an outpost near the border.",
        "Government shelling killed 31 people on Saturday as a two-year local truce broke down.",
        "The Russian Reconciliation Center said terrorists fired shells on the city.",
        "The centre monitoring the cessation of hostilities agreement said rockets hit Sheikh Maqsoud.",
    ],
)
def test_a_truce_broken_or_monitored_is_no_agreement(sentence: str) -> None:
    assert "Agreement" not in {t.sub_event_type for t in find_event_triggers(sentence)}


def test_a_downed_aircraft_is_its_own_event_beside_a_shelling() -> None:
    sentence = "The regime killed 43 people in Jayrud in a revenge shelling attack after a downed pilot was killed."
    assert [t.sub_event_type for t in find_event_triggers(sentence)] == [
        "Shelling/artillery/missile attack",
        "Disrupted weapons use",
    ]
    # Missiles shot down or intercepted are one event: the disrupted use, not a shelling too.
    for sentence in ("Air defences shot down two missiles over Damascus.", "Air defences intercepted missiles."):
        assert [t.sub_event_type for t in find_event_triggers(sentence)] == ["Disrupted weapons use"]
    # A helicopter shot down is no air strike.
    assert [t.sub_event_type for t in find_event_triggers("Rebels shot down a regime helicopter near Saraqeb.")] == [
        "Disrupted weapons use"
    ]


def test_a_side_that_bombs_from_the_ground_or_the_air_bombs_from_the_air_only_where_no_gun_is_named() -> None:
    artillery = "Regime forces pounded the towns of Ghanto and Talbeesah with heavy artillery."
    assert [t.sub_event_type for t in find_event_triggers(artillery)] == ["Shelling/artillery/missile attack"]
    assert [t.sub_event_type for t in find_event_triggers("Regime forces pounded Douma, killing 5.")] == [
        "Air/drone strike"
    ]
    # A gun named elsewhere in the sentence leaves the air strike standing.
    elsewhere = "Regime forces bombed Douma after rebels fired rockets at Damascus, killing ten civilians."
    assert "Air/drone strike" in [t.sub_event_type for t in find_event_triggers(elsewhere)]


def test_a_missile_strike_by_a_side_that_flies_is_a_missile_attack_unless_aircraft_are_named() -> None:
    # ACLED's shelling/artillery/missile attack; the side alone does not say the missiles came from the air.
    types = [t.sub_event_type for t in find_event_triggers("A US missile strike hit the Shayrat airbase on Friday.")]
    assert types == ["Shelling/artillery/missile attack"]
    assert [t.sub_event_type for t in find_event_triggers("Russian strikes hit Idlib on Friday.")] == [
        "Air/drone strike"
    ]
    jets = find_event_triggers("Russian warplanes carried out a missile strike on the town.")
    assert jets[0].sub_event_type == "Air/drone strike"


@pytest.mark.parametrize(
    ("sentence", "sub"),
    [
        ("Regime forces dropped cluster munitions on Kafr Nabl on Monday, killing four.", "Air/drone strike"),
        ("Regime artillery shelled Kafr Nabl with cluster munitions.", "Shelling/artillery/missile attack"),
        ("An unexploded cluster munition killed a child in Idlib.", "Remote explosive/landmine/IED"),
    ],
)
def test_cluster_munitions_come_from_the_air_unless_guns_or_remnants_are_named(sentence: str, sub: str) -> None:
    assert [t.sub_event_type for t in find_event_triggers(sentence)] == [sub]


def test_killing_by_a_fall_is_an_attack_on_civilians() -> None:
    for text in (
        "The Islamic State threw a man from the top of a hospital in al-Mayadin.",
        "A man was thrown from the roof of a building in Raqqa by IS militants.",
    ):
        assert [t.sub_event_type for t in find_event_triggers(text)] == ["Attack"], text
    assert find_event_triggers("He threw the ball from the top of the stairs.") == []


@pytest.mark.parametrize("cue", ["in response to", "in retaliation for", "in revenge for"])
def test_what_an_event_answers_takes_none_of_its_evidence(cue: str) -> None:
    # The gas attack is another event: it must not absorb the missiles fired because of it.
    found = find_event_triggers(f"The military fired dozens of cruise missiles at the base {cue} the gas attack.")
    assert found[0].sub_event_type == "Shelling/artillery/missile attack"
    assert [t.sub_event_type for t in found[1:]] in ([], ["Chemical weapon"])
    # Without such a clause, rockets that carry the gas are the chemical attack.
    found = find_event_triggers("Rockets carrying chlorine gas hit the town.")
    assert [t.sub_event_type for t in found] == ["Chemical weapon"]


@pytest.mark.parametrize(
    ("sentence", "sub_event_type"),
    [
        ("IS members slit the throats of 33 young men near Mayadeen on Wednesday.", "Attack"),
        (
            "Control was established over the Hakema hills west of Deir Ezzor, a military source said.",
            "Government regains territory",
        ),
        ("Army units established full control over the village after fierce clashes.", "Government regains territory"),
        ("IS militants established control over two villages near the border.", "Non-state actor overtakes territory"),
        ("Gunmen attacked the army-held district overnight.", "Armed clash"),
    ],
)
def test_words_of_state_news_agencies_and_monitors(sentence: str, sub_event_type: str) -> None:
    found = classify_event(sentence)
    assert found is not None and found.sub_event_type == sub_event_type


def test_people_killed_with_a_weapon_named_are_that_weapons_event_and_a_wars_toll_is_none() -> None:
    assert [t.sub_event_type for t in find_event_triggers("20 people were killed in air strikes on Douma.")] == [
        "Air/drone strike"
    ]
    assert find_event_triggers("More than 400,000 people have been killed since the war began.") == []


def test_what_an_event_answers_ends_at_its_clause() -> None:
    # "In retaliation for the attack, Turkish jets bombed …": the jets are the event told.
    found = find_event_triggers(
        "In retaliation for the attack, Turkish jets bombed PKK positions, killing 20 militants."
    )
    assert [t.sub_event_type for t in found] == ["Air/drone strike"]
