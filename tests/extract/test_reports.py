"""Claims in running news reports: tolls with their sub-counts, a day's toll "since dawn", deaths told
beside an allegation, and later sentences that refer back to the event ("the attack", "the crime").
Hand-written sentences in the style of wire reports (no benchmark rows)."""

from __future__ import annotations

import pytest

from athar.extract.claims import extract_claims
from athar.records import Claim
from tests.conftest import report


def claims_of(text: str) -> list[Claim]:
    return extract_claims(report(text, "2016-08-25"))


def incidents(text: str) -> list[Claim]:
    return [c for c in claims_of(text) if c.kind == "incident"]


def test_a_sub_count_inside_the_toll_is_read_through():
    for text in (
        "Fifteen civilians among them 11 children were killed in a barrel bomb attack on Aleppo.",
        "Fifteen civilians, among them 11 children, were killed in a barrel bomb attack on Aleppo.",
        "Fifteen civilians (including 11 children) were killed in a barrel bomb attack on Aleppo.",
    ):
        (claim,) = incidents(text)
        assert claim.killed is not None and claim.killed.min == 15, text
        assert claim.children_killed is not None and claim.children_killed.min == 11


def test_a_toll_since_dawn_is_one_day_s_not_a_running_total():
    (claim,) = claims_of("21 people died in intense strikes on several neighbourhoods of Aleppo since dawn.")
    assert claim.kind == "incident"
    assert claim.killed is not None and claim.killed.min == 21
    # Since a year or a month, it is a figure.
    assert {c.kind for c in claims_of("21,000 people have died in strikes on Aleppo since 2015.")} == {"figure"}
    # Since a time of the report's own day, it is that day's toll, dated so; since an earlier day, a tally.
    (claim,) = claims_of("Warplanes have been bombing Harasta since Thursday morning, killing at least 19 civilians.")
    assert claim.kind == "incident" and claim.date.value == "2016-08-25"
    assert {c.kind for c in claims_of("Strikes on Idlib killed 20 people since Monday.")} == {"figure"}


def test_deaths_told_beside_an_allegation_are_an_incident_too():
    found = claims_of(
        "At least 87 people including 31 children died in the chemical attack that the West blames on Assad's forces."
    )
    kinds = sorted(c.kind for c in found)
    assert kinds == ["allegation", "incident"]
    (incident,) = [c for c in found if c.kind == "incident"]
    assert incident.sub_event_type == "Chemical weapon"
    assert incident.killed is not None and incident.killed.min == 87
    assert incident.children_killed is not None and incident.children_killed.min == 31
    assert incident.hedged
    # The blame is the West's, in the allegation; the teller only tells the deaths (a YPG outlet reporting that
    # "Turkish media accused the YPG" had conceded a YPG strike).
    assert incident.perpetrator is None
    (allegation,) = [c for c in found if c.kind == "allegation"]
    assert (allegation.perpetrator, allegation.source) == ("Military Forces of Syria", "West")
    # An allegation with no toll stays an allegation only.
    assert [c.kind for c in claims_of("Washington blamed the chemical attack on Assad's forces.")] == ["allegation"]


def test_an_event_told_before_the_one_blamed_is_told_as_fact():
    found = claims_of(
        "The United States launched cruise missiles at a Syrian air base on Tuesday in response to a poison gas "
        "attack that Washington blamed on Assad's forces."
    )
    assert sorted(c.kind for c in found) == ["allegation", "incident"]
    (incident,) = [c for c in found if c.kind == "incident"]
    assert incident.sub_event_type == "Shelling/artillery/missile attack" and not incident.hedged
    assert incident.perpetrator != "Military Forces of Syria"  # the accused did the gas attack, not this
    assert incident.date.value == "2016-08-23"
    (allegation,) = [c for c in found if c.kind == "allegation"]
    assert allegation.sub_event_type == "Chemical weapon"
    assert allegation.date.value is None  # Tuesday is the missiles' day, not the gas attack's
    # However the blamed event is named ("the chemical attack on Khan Sheikhoun", three words after "response").
    found = claims_of(
        "The US military fired 59 cruise missiles at the Shayrat air base on Friday in response to the chemical "
        "attack on Khan Sheikhoun that Washington blamed on Assad's forces."
    )
    assert sorted((c.kind, c.sub_event_type) for c in found) == [
        ("allegation", "Chemical weapon"),
        ("incident", "Shelling/artillery/missile attack"),
    ]
    # The same kind as the one blamed is the blamed event itself, not another told as fact.
    found = claims_of("An air strike hit the market, a strike that activists blamed on Russian jets.")
    assert [c.kind for c in found] == ["allegation"]
    # An event told after the accusation is part of what is alleged.
    assert [c.kind for c in claims_of("Russia accused rebels of shelling Aleppo and bombing a hospital.")] == [
        "allegation"
    ]


def test_an_allegation_is_said_by_who_accuses_and_typed_by_what_it_blames():
    """The accuser speaks, not the outlet; the event type is the one blamed, not whatever the clause names first."""
    (allegation,) = claims_of("Human Rights Watch accused government forces of dropping barrel bombs on Daraya.")
    assert allegation.kind == "allegation" and allegation.source == "Human Rights Watch"
    assert allegation.source_kind == "cited" and allegation.perpetrator == "Military Forces of Syria"
    (allegation,) = [
        c
        for c in claims_of(
            "U.S. officials said the military fired dozens of cruise missiles against the base in response to the "
            "suspected gas attack that Washington has blamed on Assad's forces."
        )
        if c.kind == "allegation"
    ]
    assert allegation.sub_event_type == "Chemical weapon"  # the gas attack, not the missiles
    # Blame that refers back takes the event told before it.
    found = claims_of(
        "Russian jets bombed a market in Saraqeb on Monday, killing 12 people. "
        "Opposition activists blamed Russian and Syrian warplanes for the strikes."
    )
    (allegation,) = [c for c in found if c.kind == "allegation"]
    assert allegation.sub_event_type == "Air/drone strike" and allegation.source == "Opposition activists"
    # Blame for no event: an allegation of no event type.
    (allegation,) = claims_of("Washington has accused Moscow of war crimes.")
    assert allegation.kind == "allegation" and allegation.event_type is None
    # A country is no outlet: "Washington" is not The Washington Post.
    assert allegation.source == "Washington"
    # The accuser is never the accused, where the accused is no actor known.
    (allegation,) = claims_of("Russia accused the White Helmets of staging the chemical attack in Douma.")
    assert allegation.source == "Russia" and allegation.perpetrator != "Military Forces of Russia"
    # "blamed the attack on X": the attack told before, and X its perpetrator, not a place.
    found = claims_of(
        "At least 58 people were killed in a chemical attack on Khan Sheikhoun on Tuesday. "
        "The opposition blamed the attack on Assad's forces."
    )
    (allegation,) = [c for c in found if c.kind == "allegation"]
    assert allegation.sub_event_type == "Chemical weapon" and allegation.perpetrator == "Military Forces of Syria"
    assert allegation.place is None  # "Assad's forces" is no village of that name


def test_denied_blame_accuses_no_one_but_the_event_is_told():
    """ "Nobody blamed the rebels for the attack that killed 12": no allegation, and no incident with the rebels
    (or the groups that did not blame) as its doers; the attack and its dead are still claimed."""
    for text in (
        "Nobody blamed the rebels for the attack on Monday in Aleppo that killed 12.",
        "Neither Ahrar al-Sham nor the Islamic Front blamed any group for the blast that killed 12 in Idlib.",
    ):
        found = claims_of(text)
        assert not [c for c in found if c.kind == "allegation" or c.perpetrator], text
        assert [c.killed.min for c in found if c.kind == "incident" and c.killed] == [12], text


def test_an_allegation_is_placed_where_the_blamed_event_is():
    """Not at the accuser's capital, and at the event the blame's noun names when the sentence tells two."""
    (allegation,) = claims_of("Damascus accused rebels of shelling Aleppo on Sunday.")
    assert allegation.place is not None and allegation.place.text == "Aleppo"
    (allegation,) = [
        c
        for c in claims_of(
            "A car bomb exploded in Azaz on Sunday and an air strike hit Saraqib hours later, and activists blamed "
            "the strike on Russia."
        )
        if c.kind == "allegation"
    ]
    assert allegation.sub_event_type == "Air/drone strike" and allegation.place.text == "Saraqib"
    # The incident told beside the blame names neither the accuser nor, in the teller's name, the accused.
    found = claims_of("Turkey accused the YPG of the car bomb that killed 8 people in Azaz on Sunday.")
    (incident,) = [c for c in found if c.kind == "incident"]
    assert incident.perpetrator is None and incident.killed is not None and incident.killed.min == 8
    assert [(c.perpetrator, c.source) for c in found if c.kind == "allegation"] == [
        ("People's Protection Units", "Turkey")
    ]


def test_blame_after_the_event_in_one_sentence_is_for_that_event():
    found = claims_of(
        "On Tuesday opposition forces said some 80 people were killed in a chemical attack in Khan Sheikhoun, "
        "blaming the Syrian army for the attack."
    )
    (allegation,) = [c for c in found if c.kind == "allegation"]
    assert allegation.sub_event_type == "Chemical weapon" and allegation.perpetrator == "Military Forces of Syria"


def test_a_later_toll_belongs_to_the_attack_not_to_a_truce_named_beside_it():
    found = incidents(
        "Government shelling of the town of Jayrud killed 31 people on Saturday as a two-year local truce "
        "broke down. He said at least 31 people were killed including two medics."
    )
    later = [c for c in found if c.text.startswith("He said")]
    assert [c.sub_event_type for c in later] == ["Shelling/artillery/missile attack"]


def test_a_noun_that_names_no_kind_refers_back_to_the_event_told():
    found = incidents(
        "A chemical attack killed 58 people in Khan Shaykhun on Tuesday. "
        "Rebels in Idlib denounced the horrific crime committed in Khan Shaykhun at dawn."
    )
    assert [c.sub_event_type for c in found] == ["Chemical weapon", "Chemical weapon"]
    assert found[1].place is not None and found[1].place.place is not None
    assert found[1].place.place.name == found[0].place.place.name  # type: ignore[union-attr]
    # With nothing told before, such a noun alone makes no incident.
    assert incidents("Rebels denounced the horrific crime committed in Khan Shaykhun.") == []


def test_losses_at_a_named_place_belong_to_the_event_told():
    found = incidents(
        "Russian and Syrian airstrikes killed 25 children on Saturday in a town in eastern Syria. "
        "UNICEF said the bodies of children were pulled from the rubble in the town of Al Quriyah."
    )
    assert [c.sub_event_type for c in found] == ["Air/drone strike", "Air/drone strike"]
    assert found[1].place is not None and found[1].place.place is not None
    assert found[1].date.value == "2016-08-20"  # the Saturday told before


@pytest.mark.parametrize(
    ("text", "types"),
    [
        # Victims with no weapon named, after an event is told, are that event's toll ...
        (
            "A suicide bomber killed four people in a hospital in Qardaha on Sunday. "
            "Two women and two soldiers were killed in the attack, the Observatory said.",
            ["Suicide bomb", "Suicide bomb"],
        ),
        (
            "Russian air strikes hit Idlib on Monday. At least 30 people were killed in Saraqeb, activists said.",
            ["Air/drone strike", "Air/drone strike"],
        ),
        # ... but civilians killed somewhere, with no noun that refers back, are an attack of their own,
        (
            "A suicide bomber killed four people in a hospital in Qardaha on Sunday. "
            "In Daraa, two women were killed on Monday.",
            ["Suicide bomb", "Attack"],
        ),
        # and so are victims the text tells apart.
        (
            "Russian jets bombed a market in Ariha on Monday, killing 12 people. Separately, three civilians were "
            "killed by a government sniper on Tuesday.",
            ["Air/drone strike", "Attack"],
        ),
    ],
)
def test_victims_killed_after_an_event_is_told_are_its_toll_unless_told_apart(text: str, types: list[str]):
    assert [c.sub_event_type for c in incidents(text)] == types


def test_one_attack_may_wound_hundreds():
    (claim,) = [
        c
        for c in claims_of(
            "At least 27 children were killed in the attack in Idlib and a further 546 people have been injured."
        )
        if c.kind != "figure"
    ]
    assert claim.kind == "incident"
    assert claim.killed is not None and claim.killed.min == 27
    assert claim.injured is not None and claim.injured.min == 546


def test_jets_that_hit_something_are_an_air_strike_whatever_is_said_between():
    (claim,) = incidents(
        "Russian jets in violation of a cease-fire hit an outpost in Idlib province, killing one fighter."
    )
    assert claim.sub_event_type == "Air/drone strike"
    assert claim.killed is not None and claim.killed.min == 1


def test_a_running_total_told_after_the_event_is_a_figure_beside_it():
    found = claims_of(
        "Shelling of Douma killed 8 citizens on Monday, raising the death toll to 96 since the start of the "
        "escalation three months ago."
    )
    assert [c.kind for c in found] == ["incident", "figure"]
    incident, figure = found
    assert incident.killed is not None and incident.killed.min == 8
    assert incident.text.startswith("Shelling of Douma") and "96" not in incident.text
    assert figure.measure == "killed" and figure.value is not None and figure.value.min == 96


def test_the_worst_attack_since_something_is_one_event():
    (claim,) = claims_of("Jarjanaz town hosts the biggest massacre since the agreement, with 9 children killed.")
    assert claim.kind == "incident" and claim.sub_event_type == "Attack"


def test_the_words_of_a_running_total_never_retype_the_event_before_it():
    incident, figure = claims_of(
        "A massacre in Koayiah claims the lives of 8 citizens, raising to 50 the number of civilians killed since "
        "the start of clashes."
    )
    assert incident.kind == "incident" and incident.sub_event_type == "Attack"  # not the clashes named after
    assert figure.kind == "figure"


def test_relative_dates_count_from_the_dateline_the_text_opens_with():
    # Listed on 13 June, written on Wednesday 8 June: "on Tuesday" is 7 June, not the 7th before the listing.
    text = "8 Jun 2016 Russian air strikes in Aleppo killed ten civilians on Tuesday."
    (claim,) = [c for c in extract_claims(report(text, "2016-06-13")) if c.kind == "incident"]
    assert claim.date.value == "2016-06-07"
    # A lead with no date of its own is dated by the dateline, as by a publication date.
    text = "06.04.2017 An air strike in Idlib killed at least 27 children, UNICEF said."
    (claim,) = [c for c in extract_claims(report(text, "2017-04-10")) if c.kind == "incident"]
    assert claim.date.value == "2017-04-06"
    # But not a lead that opens on an event told before: a follow-up, written days after it.
    text = "06.04.2017 The attack in Idlib killed at least 27 children, UNICEF said in a statement on Thursday."
    (claim,) = [c for c in extract_claims(report(text, "2017-04-10")) if c.kind == "incident"]
    assert claim.date.value is None
    # A lead that describes its event ("The Russian air strike on a market …") is no follow-up.
    text = "06.04.2017 The Russian air strike on a market in Kafranbel killed 12 civilians, activists said."
    (claim,) = [c for c in extract_claims(report(text, "2017-04-10")) if c.kind == "incident"]
    assert claim.date.value == "2017-04-06"


def test_a_place_that_only_says_where_the_town_is_is_not_the_event_s():
    text = "The regime has killed at least 43 people in the town of Jayrud near Damascus in a shelling attack."
    (claim,) = incidents(text)
    assert claim.place is not None and claim.place.text == "Jayrud"
    # Named alone before the event's words, the nearer place is still the event's.
    (claim,) = incidents("Near Damascus, at least 43 people were killed in a shelling attack.")
    assert claim.place is not None and claim.place.text == "Damascus"


def test_the_day_something_was_said_is_not_the_day_it_happened():
    (claim,) = incidents("Sarin was used in the chemical attack on Khan Sheikhoun, the ambassador said on Wednesday.")
    assert claim.date.value is None
    (claim,) = incidents("A car bomb killed 16 people in Azaz on Tuesday, the Observatory said on Wednesday.")
    assert claim.date.value == "2016-08-23"
    # The event's own date after a saying stays: owned by the event, in what was told, or a passive.
    for text in (
        "The Observatory said Tuesday's airstrikes killed 12 civilians in Saraqeb.",
        "A source told Reuters that on Tuesday an airstrike killed 5 in Saraqeb.",
        "Medics told reporters the strike on Tuesday killed 12 people in Saraqeb.",
        "Airstrikes were reported on Tuesday in Saraqeb, killing 5 civilians.",
        "The Observatory said Tuesday air strikes killed 12 civilians in Saraqeb.",
    ):
        (claim,) = incidents(text)
        assert claim.date.value == "2016-08-23", text
    for text in (
        "Air strikes killed 12 people in Saraqeb, a rescuer told Agence France-Presse on Tuesday.",
        "Air strikes killed 12 people in Saraqeb, a rescuer told a news conference on Tuesday.",
        "It was reported on Tuesday that 12 people were killed in Saraqeb by air strikes.",
        "Air strikes killed 12 people in Saraqeb, UNICEF said in a statement on Tuesday.",
        "Air strikes killed 12 people in Saraqeb, a doctor told AFP in a phone interview on Tuesday.",
        "Rescuers warned on Tuesday that air strikes had killed 12 people in Saraqeb.",
        "The minister insisted on Tuesday that air strikes had killed 12 militants in Saraqeb.",
    ):
        (claim,) = incidents(text)
        assert claim.date.value is None, text


def test_a_day_before_a_saying_that_tells_the_event_is_the_saying_s():
    text = (
        "On Tuesday, similar results were confirmed by Turkish officials who said tests on victims "
        "concluded that sarin had been used in Khan Sheikhoun."
    )
    (claim,) = incidents(text)
    assert claim.date.value is None
    (claim,) = incidents("On Tuesday, the Observatory said air strikes killed 10 people in Douma.")
    assert claim.date.value is None
    # Told before the saying, the day is the event's; and a written date is a dateline or the event's own.
    for text in (
        "On Tuesday air strikes killed 5 people in Saraqeb, the Observatory said.",
        "On 23 August 2016 the Observatory said air strikes killed 10 people in Douma.",
        # A saying that is not the clause's own verb (a helper's review found these).
        "On Tuesday, a convoy that the United Nations said was carrying aid was hit by air strikes near Aleppo.",
        "On Tuesday, hours after Russia announced a truce, air strikes killed 20 people in Idlib.",
        "On Tuesday, what activists said was a Russian air strike hit a hospital in Idlib.",
        "On Tuesday, residents told to evacuate fled as shelling hit Daraya.",
        "On Tuesday, there were reported air strikes on Douma.",
    ):
        claim = incidents(text)[-1]
        assert claim.date.value == "2016-08-23", text
    # A saying about the event told before still tells it, on the event's day.
    text = "A suicide bomber killed 40 people in Qamishli on Friday. On Saturday IS claimed the attack."
    assert [c.date.value for c in incidents(text)] == ["2016-08-19", "2016-08-19"]
    # A dateline does not date a lead whose day is a saying's: the saying's day is the nearer one.
    (claim,) = incidents("5 Apr 2016 On Monday, SANA reported that terrorists shelled Aleppo, killing three.")
    assert claim.date.value == "2016-04-04"


def test_an_event_talked_about_is_not_dated_by_the_clause_s_verb():
    text = (
        "A sarin attack on Khan Sheikhoun killed 87 people on 4 August. On Tuesday Moscow vetoed a draft "
        "resolution demanding an investigation into the attack."
    )
    first, talked_about = incidents(text)
    assert talked_about.date == first.date and first.date.value == "2016-08-04"
    # A day beside the noun is still its day, and people who died in the attack tell it.
    text = "A sarin attack on Khan Sheikhoun killed 87 people on 4 August. Doctors spoke of the attack on Tuesday."
    assert incidents(text)[1].date.value == "2016-08-23"
    text = "An air strike on a market in Saraqeb killed 12 people. On Tuesday, five more people died in the attack."
    assert incidents(text)[1].date.value == "2016-08-23"
    # A day of its own: in the noun, or in a relative clause about it.
    for second in (
        "The UN called for an investigation into Tuesday's attack.",
        "IS claimed responsibility for the attack, which took place in the city on Tuesday.",
    ):
        assert incidents(f"A car bomb killed 16 people in Azaz. {second}")[1].date.value == "2016-08-23", second
    # Dead told with a day of their own keep it, whatever they answer.
    text = "Air strikes killed 11 in Gaza on Monday. On Tuesday, 3 were killed in Rafah in retaliation for the strike."
    assert incidents(text)[1].date.value == "2016-08-23"


def test_an_event_that_kills_and_destroys_is_an_incident_and_a_figure():
    text = "An airstrike hit a village near Aleppo on Monday, killing 12 people and destroying 18 houses."
    kinds = {c.kind: c for c in claims_of(text)}
    assert set(kinds) == {"incident", "figure"}
    incident = kinds["incident"]
    assert incident.killed is not None and incident.killed.min == 12
    assert incident.date.value == "2016-08-22"
    figure = kinds["figure"]
    assert figure.period_start == figure.period_end == incident.date
    # Trucks destroyed are no buildings: no figure of destroyed buildings.
    text = "An airstrike hit an aid convoy near Aleppo on Monday, killing 12 volunteers and destroying 18 trucks."
    assert [c.kind for c in claims_of(text)] == ["incident"]
    # Destruction told alone is still a figure, and so is a running total told with it.
    assert {c.kind for c in claims_of("Airstrikes destroyed 20 houses in Douma.")} == {"figure"}
    text = "The battle for Aleppo killed 31,000 people and displaced 400,000."
    assert {c.kind for c in claims_of(text)} == {"figure"}


def test_a_date_reached_by_since_is_another_event_s():
    text = "The blast, the first to hit the town since the outbreak of the civil war in 2011, killed four people."
    (claim,) = incidents(text)
    assert claim.date.value is None


def test_a_date_in_a_clause_of_how_the_victim_died_is_the_killings():
    """ "killed when he was hit by a shell … on Monday": the clause tells the killing itself (a review's cases)."""
    for text in (
        "A journalist was killed when he was hit by a shell in Aleppo on Monday.",
        "A man was killed after he stepped on a landmine in Raqqa on Monday.",
    ):
        (claim,) = incidents(text)
        assert claim.date.value == "2016-08-22", text


def test_a_superlative_with_a_toll_before_since_is_still_a_running_total():
    assert {
        c.kind for c in claims_of("The deadliest strikes in Idlib killed 200 civilians since the truce collapsed.")
    } == {"figure"}
    # A year after "since" is no toll.
    (claim,) = incidents("The deadliest attack since 2013 killed 90 people in Khan Sheikhoun on Tuesday.")
    assert claim.killed is not None and claim.killed.min == 90


def test_a_death_toll_named_with_what_it_is_of_is_the_events_toll():
    for sentence, low in (
        ("The death toll from the strikes rose to 86.", 86),
        ("A doctor told Reuters the death toll from the strikes was 45.", 45),
        ("The death toll in the attack has risen to at least 30, the Observatory said.", 30),
    ):
        found = incidents("Air strikes hit Aleppo on Tuesday. " + sentence)
        assert [c.killed.min for c in found if c.killed is not None] == [low], sentence
    # A war's toll is a figure, not an event's.
    assert incidents("The toll of the war rose to 400,000.") == []


def test_a_toll_that_counts_the_wounded_is_not_the_dead():
    found = incidents("Air strikes hit Aleppo on Tuesday. The toll in the attack was 45 wounded.")
    assert all(c.killed is None for c in found)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Air raids on Aleppo's Marjeh district killed at least 10 people on Friday.", "Marjeh"),
        ("Air raids on Aleppos Marjeh district killed at least 10 people on Friday.", "Marjeh"),  # the crawl lost "'"
        ("Mortar shells hit Damascus' Jobar neighbourhood on Friday, killing two.", "Jobar"),
        ("Air strikes on Aleppo and Idlib killed ten people on Friday.", "Aleppo"),
    ],
)
def test_a_citys_quarter_named_after_it_is_where_the_event_was(text: str, place: str) -> None:
    (claim, *_) = incidents(text)
    assert claim.place is not None and claim.place.text == place


def test_a_place_set_apart_by_commas_to_say_where_it_is_is_one_place_and_one_event():
    """Found in a review: "Mansoura, Raqqa province," had given one strike at Mansoura and one at Raqqa, and the
    comma before "in the southern Idlib countryside" had split "killing 12 civilians" off as an attack of its own."""
    (claim,) = incidents("An air strike on a school in Mansoura, Raqqa province, on Monday killed 33 civilians.")
    assert claim.place is not None and claim.place.text == "Mansoura"
    assert claim.killed is not None and claim.killed.min == 33
    (claim,) = incidents(
        "Russian warplanes struck a market in Kafranbel, in the southern Idlib countryside, on Sunday, "
        "killing 12 civilians and wounding 30, the Syrian Observatory for Human Rights said."
    )
    assert claim.sub_event_type == "Air/drone strike" and claim.killed is not None and claim.killed.min == 12
    # Towns listed one after another are still one event each.
    listed = incidents("Shelling hit Douma, Harasta and Arbin on Monday, killing nine people.")
    assert [c.place.text for c in listed if c.place] == ["Douma", "Harasta", "Arbin"]
    # Only a comma and a few words set a place apart so: "and" joins two events, whatever the places.
    found = incidents("Clashes continued in the eastern desert of Homs and air strikes were renewed in Homs province.")
    assert [c.sub_event_type for c in found] == ["Armed clash", "Air/drone strike"]
    # A killing told with its own doer and verb after "and" is an event of its own; "…, killing" is a result.
    found = incidents("Raids targeted the Aleppo countryside and Turkish border guards killed a child near Azaz.")
    assert [c.sub_event_type for c in found] == ["Air/drone strike", "Attack"]


def test_a_toll_told_for_several_places_is_divided_among_them_as_acled_does():
    """So that the incidents' fatalities add up to the toll the source told, not three times it."""
    listed = incidents("Shelling hit Douma, Harasta and Arbin on Monday, killing ten people and wounding 20.")
    assert [(c.killed.min, c.killed.qualifier) for c in listed if c.killed] == [
        (4, "shared"),
        (3, "shared"),
        (3, "shared"),
    ]
    assert sum(c.injured.min for c in listed if c.injured) == 20
    assert all(c.killed is not None and c.killed.text == "ten" for c in listed)  # the words as written
    # "At least" stays open-ended.
    listed = incidents("Air strikes hit Douma and Harasta on Monday, killing at least 9 people.")
    assert [(c.killed.min, c.killed.max) for c in listed if c.killed] == [(5, None), (4, None)]


def test_a_toll_that_names_its_own_place_is_that_place_s_alone():
    found = incidents("Air strikes hit Douma and Harasta on Sunday, killing five people in Douma.")
    assert [(c.place.text, c.killed.min if c.killed else None) for c in found if c.place] == [
        ("Douma", 5),
        ("Harasta", None),
    ]
    found = incidents("Air strikes hit Douma and Harasta, killing five people in Douma and wounding three in Harasta.")
    assert [(c.killed.min if c.killed else None, c.injured.min if c.injured else None) for c in found] == [
        (5, None),
        (None, 3),
    ]
    # … or is told in a relative clause on one of them.
    found = incidents("Air strikes hit Saraqeb and Ariha, where three children died, on Sunday.")
    assert [(c.place.text, c.killed.min if c.killed else None) for c in found if c.place] == [
        ("Saraqeb", None),
        ("Ariha", 3),
    ]
    # A list told after the toll is the toll's places, shared.
    found = incidents("Shelling killed nine people in Douma, Harasta and Arbin on Sunday, the Observatory said.")
    assert [c.killed.min for c in found if c.killed] == [3, 3, 3]
    # The relative clause may stand inside the list: the killing is the shelling's toll at Douma, no attack apart.
    for text in (
        "Shelling hit Douma, where five people were killed, and Harasta on Tuesday.",
        "Shelling hit Harasta and Douma, where five people were killed, on Tuesday.",
    ):
        found = incidents(text)
        assert {c.sub_event_type for c in found} == {"Shelling/artillery/missile attack"}, text
        assert sorted((c.place.text, c.killed.min if c.killed else None) for c in found if c.place) == [
            ("Douma", 5),
            ("Harasta", None),
        ], text


def test_a_second_verb_of_the_event_tells_its_toll_at_another_place_once():
    found = incidents("Russian shelling killed nine in Douma and wounded two in Harasta on Tuesday.")
    assert [
        (c.place.text, c.sub_event_type, c.perpetrator, c.killed and c.killed.min, c.injured and c.injured.min)
        for c in found
        if c.place
    ] == [
        ("Douma", "Shelling/artillery/missile attack", "Military Forces of Russia", 9, None),
        ("Harasta", "Shelling/artillery/missile attack", "Military Forces of Russia", None, 2),
    ]


def test_a_list_goes_on_after_a_place_set_apart_with_its_province_or_region():
    found = incidents("Russian air strikes hit Saraqeb, Idlib province, and Kafranbel on Saturday, killing ten people.")
    assert [(c.place.text, c.killed.min) for c in found if c.place and c.killed] == [("Saraqeb", 5), ("Kafranbel", 5)]
    (claim,) = incidents("Shelling on Douma, Eastern Ghouta, killed six civilians on Sunday.")
    assert claim.place is not None and claim.place.text == "Douma" and claim.killed is not None


def test_the_event_told_after_its_source_keeps_its_type_and_a_long_tally_is_no_event():
    (claim,) = incidents("The Syrian government said an air strike killed five people in Ariha on Sunday.")
    assert claim.sub_event_type == "Air/drone strike"
    assert incidents("Since January, coalition strikes have destroyed 140 oil trucks in Deir ez-Zor.") == []


def test_a_denied_event_is_the_one_later_sentences_refer_to():
    """Found by a review: the second sentence had been an incident of its own, with no place and no day."""
    found = claims_of(
        "The YPG on Sunday rejected Turkish accusations that it was behind Saturday's car bomb in Azaz and said it had"
        " no role in the attack. Kurdish officials said the bombing bore the hallmarks of the Islamic State group."
    )
    denial, told = found
    assert denial.kind == "denial" and denial.date.value == "2016-08-20"  # Saturday's, not the Sunday it was denied
    assert told.kind == "incident" and told.place is not None and told.place.text == "Azaz"
    assert told.date.value == "2016-08-20" and told.perpetrator == "Islamic State"


@pytest.mark.parametrize(
    "text",
    [
        "The death toll from Monday's air strikes on a market in Maaret al-Noman in northwest Syria rose to 43, "
        "including eight children, the Syrian Observatory for Human Rights said on Tuesday.",
        "At least 43 civilians, most of them children, were killed in air strikes on Maaret al-Noman on Monday.",
        "Air strikes killed 43 civilians, mostly women, in Maaret al-Noman on Monday.",
    ],
)
def test_a_toll_is_read_past_a_long_event_or_an_aside_on_who_died(text):
    (claim,) = incidents(text)
    assert claim.killed is not None and claim.killed.min == 43


def test_what_a_review_found_the_round_s_rules_overreach_on():
    # A war's or a week's toll is a figure, however the "death toll from …" phrase runs.
    for text in (
        "The death toll from the eight-year conflict that erupted after protests in Deraa in 2011 has reached 370,000.",
        "The death toll from air strikes on Idlib province this week rose to 103, including 19 children.",
    ):
        assert {c.kind for c in claims_of(text)} == {"figure"}, text
    # A denied event is not what later losses elsewhere are of.
    found = claims_of(
        "Damascus denied on Monday that its forces used chlorine in Kabani last week. "
        "Two people died in Jisr al-Shughour on Monday, rescuers said."
    )
    assert [c.sub_event_type for c in found if c.kind == "incident"] == [None]
    # Douma's own two are told before Harasta's: Douma keeps them.
    found = incidents("Government shelling killed two people in Douma and killed two more in Harasta on Monday.")
    assert [(c.place.text, c.killed.min if c.killed else None) for c in found if c.place] == [
        ("Douma", 2),
        ("Harasta", 2),
    ]
    # Where the wounded were taken is not where they were hurt.
    (claim,) = incidents("Air strikes killed five people in Saraqib and wounded 12 others who were taken to Idlib.")
    assert claim.place is not None and claim.place.text == "Saraqib" and claim.injured is not None
    # The children of a wounded toll are not a death toll's; who the dead were names no perpetrator.
    figures = claims_of("Since April, 544 civilians have been killed and 2,000 wounded, including 130 children.")
    assert ("killed", "children") not in {(c.measure, c.victims) for c in figures}
    (claim,) = incidents("Twelve people, mostly fighters from Hayat Tahrir al-Sham, were killed in strikes on Idlib.")
    assert claim.perpetrator is None and claim.killed is not None and claim.killed.min == 12
    # "Douma, which is held by rebels," says what Douma is: the rebels did not shell it.
    found = incidents("Shelling hit Douma, which is held by rebels, and Harasta on Monday, killing seven people.")
    assert [c.place.text for c in found if c.place] == ["Douma", "Harasta"]
    assert all(c.perpetrator is None for c in found)


def test_a_toll_another_stretch_tells_of_its_own_place_is_that_place_s_alone():
    found = incidents("Shelling killed nine people in Douma and a sniper wounded two in Harasta on Monday.")
    assert [(c.place.text, c.injured.min if c.injured else None) for c in found if c.place] == [
        ("Douma", None),
        ("Harasta", 2),
    ]
