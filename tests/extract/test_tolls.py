"""Tolls told group by group (athar.extract.tolls): hand-written sentences in the style of wire reports."""

from __future__ import annotations

import pytest

from athar.extract.claims import extract_claims
from athar.records import Claim, Count
from tests.conftest import report


def incident(text: str, published: str = "2016-08-25") -> Claim:
    """The one incident claim the text gives."""
    (claim,) = [c for c in extract_claims(report(text, published)) if c.kind == "incident"]
    return claim


def bounds(count: Count | None) -> tuple[int | None, int | None] | None:
    return None if count is None else (count.min, count.max)


def killed(text: str) -> tuple[int | None, int | None] | None:
    return bounds(incident(text).killed)


@pytest.mark.parametrize(
    ("text", "dead"),
    [
        ("Shelling on Douma killed two women and three children on Monday.", (5, 5)),
        ("Two children and three women were killed in shelling on Douma.", (5, 5)),
        ("The bombing of the hospital in Qardaha killed a nurse, a hospital employee and two soldiers.", (4, 4)),
        ("An air strike on Idlib killed a woman and her two children.", (3, 3)),
        ("Aerial bombardment on Al-Ghantu killed a man and his wife.", (2, 2)),
        ("Eleven regime fighters and 17 Daesh fighters were killed in the attack on Palmyra.", (28, 28)),
        ("At least 45 Islamic State militants and 20 Kurdish fighters were killed in clashes in Manbij.", (65, None)),
        ("Russian airstrikes killed a rebel commander and 12 fighters in Idlib.", (13, 13)),
        ("Shelling killed a woman, 35, and her two sons in Douma.", (3, 3)),
        # People after the list with no number: at least the ones counted.
        ("Airstrikes killed a man, his wife and their children in Douma.", (2, None)),
    ],
)
def test_a_toll_listed_group_by_group_is_their_sum(text: str, dead: tuple[int, int | None]) -> None:
    assert killed(text) == dead


def test_a_list_inside_a_toll_adds_no_dead() -> None:
    assert killed("Shelling on Douma killed five people, including two women and three children.") == (5, 5)
    assert killed("Shelling on Douma killed ten people, of which two women and three children.") == (10, 10)
    text = "Two women and two children were among eight people killed when a barrel bomb hit a building in Aleppo."
    assert killed(text) == (8, 8)
    assert killed("Two women and three children out of the 10 killed were from one family in Douma.") == (10, 10)
    # A list that names the people of the toll before it: "three civilians, a woman and two children".
    assert killed("The airstrike killed three civilians, a woman and two children, in Saraqeb.") == (3, 3)


def test_a_list_ends_where_a_clause_of_its_own_begins() -> None:
    for text, hurt in [
        ("Shelling killed a man and his wife was injured in Douma.", 1),
        ("Shelling killed a woman, and two children were wounded in Douma.", 2),
    ]:
        claim = incident(text)
        assert bounds(claim.killed) == (1, 1), text
        assert claim.injured is not None and claim.injured.min == hurt, text
    # Nor does a list take its measure from past the next number.
    assert killed("Two doctors and a nurse treated 30 wounded people in Saraqeb after the airstrike.") is None


def test_one_person_killed_or_hurt_is_a_toll_of_one_only_beside_the_verb() -> None:
    assert killed("Turkish border guards killed a child in the countryside of Aleppo.") == (1, 1)
    assert killed("A man was killed by sniper fire in Daraa.") == (1, 1)
    # A person who speaks is no toll.
    assert killed("A woman said shelling on Douma killed 3 people.") == (3, 3)
    assert killed("A woman said shelling hit Douma.") is None


def test_the_dead_and_the_wounded_are_not_summed() -> None:
    claim = incident("Shelling on Douma killed three people and wounded seven people.")
    assert bounds(claim.killed) == (3, 3)
    assert claim.injured is not None and claim.injured.min == 7


@pytest.mark.parametrize(
    ("text", "dead", "hurt"),
    [
        ("A woman was killed and 25 others on a bus were wounded in a town near Homs.", (1, 1), 25),
        ("A child was killed and six other civilians including three children were injured in Jaramana.", (1, 1), 6),
        # "and" right before a number ends the verb's reach; "and" between two verbs does not.
        ("Twelve people were killed and 50 others were affected by the gas in Saraqeb.", (12, 12), None),
        ("Militants killed and crucified five civilians in Mouhessen.", (5, 5), None),
        ("A suicide bomber blew himself up in Jableh, killing himself and 12 others.", (12, 12), None),
    ],
)
def test_a_verb_before_and_is_not_the_next_number_s(text: str, dead: tuple[int, int], hurt: int | None) -> None:
    claim = incident(text)
    assert bounds(claim.killed) == dead
    assert (claim.injured.min if claim.injured else None) == hurt


def test_a_number_after_and_may_name_its_measure_further_on() -> None:
    text = "At least 346 militants were killed and more than 170 members of government forces had died since May."
    figures = [c for c in extract_claims(report(text, "2016-08-25")) if c.kind == "figure"]
    assert sorted(c.value.min for c in figures if c.value is not None) == [171, 346]


def test_one_person_hurt_is_one_injured() -> None:
    (claim,) = [c for c in extract_claims(report("A child was injured in shelling on Douma.", "2016-08-25"))]
    assert claim.killed is None and claim.injured is not None and claim.injured.min == 1


@pytest.mark.parametrize(
    ("text", "dead", "hurt"),
    [
        # Words after the last noun do not end the list early.
        ("Shelling killed two women and three children with shrapnel in Douma.", (5, 5), None),
        ("Shelling killed two women and three children, activists said, in Douma.", (5, 5), None),
        ("Shelling killed a boy aged 12 and two women in Douma.", (3, 3), None),
        # A list after "civilians" that does not add up to them adds to them.
        ("A car bomb killed 10 civilians, two soldiers and a policeman in Azaz.", (13, 13), None),
        # A relative clause's verb after the list is not a clause of its own.
        ("The air strike that killed a woman and her three children was carried out by Russian jets.", (4, 4), None),
        ("A woman, 35, was killed by shelling in Douma.", (1, 1), None),
        ("An air strike killed a 10-year-old boy in Idlib.", (1, 1), None),
        ("Shelling killed a woman, and two children were seriously wounded in Douma.", (1, 1), (2, 2)),
        # The people who speak or act after the toll are not in it.
        ("Shelling killed 12 civilians in Douma, a local official told Reuters.", (12, 12), None),
        ("The blast killed four soldiers in Azaz, and a rebel commander claimed responsibility.", (4, 4), None),
        # A list of the toll's people after it, "among them": no more dead.
        ("Shelling killed 12 people, two women and three children among them, in Douma.", (12, 12), None),
        ("Two children were among the dead in the air strike on Idlib.", (2, 2), None),
        # The toll after the list holds it.
        ("An air strike killed two women and three children out of the 10 killed in Idlib.", (10, 10), None),
        # A clause of its own starts after the list's last comma.
        ("Shelling killed two women, and three children and a man were injured in Douma.", (2, 2), (4, 4)),
        ("Fifteen civilians among them 11 children were killed in a barrel bomb attack on Aleppo.", (15, 15), None),
    ],
)
def test_lists_against_their_neighbours(text: str, dead: tuple[int, int] | None, hurt: tuple[int, int] | None) -> None:
    claim = incident(text, "2017-04-10")
    assert bounds(claim.killed) == dead
    assert bounds(claim.injured) == hurt


def test_two_events_in_a_clause_keep_their_one_person_each() -> None:
    text = "An air strike killed a child in Idlib, and shelling killed two women in Douma."
    found = [c for c in extract_claims(report(text, "2017-04-10")) if c.kind == "incident"]
    assert [(c.killed.min if c.killed else None) for c in found] == [1, 2]


def test_a_list_of_people_opening_with_a_civilian_makes_civilians_the_victims() -> None:
    text = "The bombing of the hospital in Qardaha killed a nurse, a hospital employee and two soldiers."
    assert incident(text, "2017-04-10").victims == "civilians"
