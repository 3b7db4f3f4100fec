"""Tolls told group by group (athar.extract.tolls): hand-written sentences in the style of wire reports."""

from __future__ import annotations

import pytest

from athar.extract.claims import extract_claims
from tests.conftest import report


def killed(text: str) -> tuple[int | None, int | None] | None:
    (claim,) = [c for c in extract_claims(report(text, "2016-08-25")) if c.kind == "incident"]
    return None if claim.killed is None else (claim.killed.min, claim.killed.max)


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
        (claim,) = [c for c in extract_claims(report(text, "2016-08-25")) if c.kind == "incident"]
        assert claim.killed is not None and (claim.killed.min, claim.killed.max) == (1, 1), text
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
    (claim,) = [
        c
        for c in extract_claims(report("Shelling on Douma killed three people and wounded seven people.", "2016-08-25"))
        if c.kind == "incident"
    ]
    assert claim.killed is not None and (claim.killed.min, claim.killed.max) == (3, 3)
    assert claim.injured is not None and claim.injured.min == 7


def test_one_person_hurt_is_one_injured() -> None:
    (claim,) = [c for c in extract_claims(report("A child was injured in shelling on Douma.", "2016-08-25"))]
    assert claim.killed is None and claim.injured is not None and claim.injured.min == 1
