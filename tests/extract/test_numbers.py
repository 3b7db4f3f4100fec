"""Counts, percentages and sub-counts as war reports write them (athar.extract.numbers)."""

from __future__ import annotations

import pytest

from athar.extract.numbers import (
    find_counts,
    find_percentages,
    find_subcounts,
    parse_count,
    to_ascii_digits,
)
from athar.records import Count


def counts(text: str) -> list[tuple[str, int | None, int | None, str]]:
    """Each count as (span text, min, max, qualifier); the span must be the count's own text."""
    found = []
    for mention in find_counts(text):
        assert mention.count.text == text[mention.start : mention.end]
        found.append((text[mention.start : mention.end], mention.count.min, mention.count.max, mention.count.qualifier))
    return found


# ---- sentences from the seed reports ---------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Russian military operations have resulted in more than 6,500 civilians deaths, the human rights "
            "group says in its 40-page report issued September 30, the fourth anniversary of Russia's military "
            "intervention in the Syrian conflict.",
            [("more than 6,500", 6501, None, "more than")],
        ),
        (
            "About 3,000 Russian service personnel are now deployed in Syria, at facilities like Tartus and the "
            "Khmeimim air base.",
            [("About 3,000", 3000, 3000, "about")],
        ),
        (
            "In the period of October, 2017 till March 2018, there have been 658 cases of injures by UXO, and "
            "130 people have been killed.",
            [("658", 658, 658, "exact"), ("130", 130, 130, "exact")],
        ),
        (
            "Each week there are 25-30 explosions with civilian casualties.",
            [("25-30", 25, 30, "range")],
        ),
        (
            "Just on November 2, a Russian air strike killed six civilians including a child in the embattled "
            "opposition bastion of Idlib in northwestern Syria.",
            [("six", 6, 6, "exact")],
        ),
        (
            "Germany, Belgium and Kuwait had led the push for the resolution, noting that half a million Syrians "
            "have been displaced in Idlib since government forces opened an offensive in May.",
            [("half a million", 500_000, 500_000, "about")],
        ),
        (
            "The Russian bombing campaign on Daraa has displaced tens of thousands of people according to a recent "
            "statement by the Syrian National Coalition.",
            [("tens of thousands", 10_000, None, "vague")],
        ),
        (
            "Russia and China on September 19 vetoed a UN Security Council resolution backed by 12 of the 15 "
            "member states.",
            [("12", 12, 12, "exact"), ("15", 15, 15, "exact")],
        ),
        (
            "According to Jan Egeland, there are some 1,000 refugees with nothing to live in, to eat and drink.",
            [("some 1,000", 1000, 1000, "about")],
        ),
        (
            "As a result more than 55,000 people have returned to the settlements in the Eastern Ghouta recently.",
            [("more than 55,000", 55_001, None, "more than")],
        ),
        (
            "In one scene, several dozen civilians managed to stop two Russian armoured vehicles.",
            [("one", 1, 1, "exact"), ("several dozen", 12, None, "vague"), ("two", 2, 2, "exact")],
        ),
        (
            "Activists continue to document the effects of hundreds of bombs on the ground.",
            [("hundreds", 100, None, "vague")],
        ),
        (
            "The blast killed at least eight people and wounded 23, rescuers said.",
            [("at least eight", 8, None, "at least"), ("23", 23, 23, "exact")],
        ),
    ],
)
def test_counts_in_seed_sentences(sentence: str, expected: list[tuple[str, int | None, int | None, str]]) -> None:
    assert counts(sentence) == expected


# ---- one phrase at a time --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        # digits, separators, scripts
        ("658", Count(658, 658, "exact", "658")),
        ("6,500", Count(6500, 6500, "exact", "6,500")),
        ("6.500", Count(6500, 6500, "exact", "6.500")),  # dot as thousands separator
        ("1.5 million", Count(1_500_000, 1_500_000, "exact", "1.5 million")),
        ("٦٥٠٠", Count(6500, 6500, "exact", "٦٥٠٠")),
        ("١٢٬٥٠٠", Count(12_500, 12_500, "exact", "١٢٬٥٠٠")),
        ("2000", Count(2000, 2000, "exact", "2000")),  # a phrase the caller says is a count: no year check
        # words
        ("six", Count(6, 6, "exact", "six")),
        ("twenty-three", Count(23, 23, "exact", "twenty-three")),
        ("a dozen", Count(12, 12, "exact", "a dozen")),
        ("two hundred", Count(200, 200, "exact", "two hundred")),
        ("two hundred and fifty", Count(250, 250, "exact", "two hundred and fifty")),
        ("three thousand", Count(3000, 3000, "exact", "three thousand")),
        ("half a dozen", Count(6, 6, "about", "half a dozen")),
        ("a quarter of a million", Count(250_000, 250_000, "about", "a quarter of a million")),
        # qualifiers
        ("at least 8", Count(8, None, "at least", "at least 8")),
        ("no fewer than 8", Count(8, None, "at least", "no fewer than 8")),
        ("more than 6,500", Count(6501, None, "more than", "more than 6,500")),
        ("over 300", Count(301, None, "more than", "over 300")),
        ("more than a dozen", Count(13, None, "more than", "more than a dozen")),
        ("about 3,000", Count(3000, 3000, "about", "about 3,000")),
        ("nearly 100", Count(100, 100, "about", "nearly 100")),
        ("approx. 40", Count(40, 40, "about", "approx. 40")),
        ("up to 20", Count(None, 20, "up to", "up to 20")),
        ("as many as 20", Count(None, 20, "up to", "as many as 20")),
        ("fewer than 10", Count(None, 9, "up to", "fewer than 10")),
        # ranges
        ("between 5 and 7", Count(5, 7, "range", "between 5 and 7")),
        ("5 to 7", Count(5, 7, "range", "5 to 7")),
        ("5-7", Count(5, 7, "range", "5-7")),
        ("five or six", Count(5, 6, "range", "five or six")),
        ("two to three million", Count(2_000_000, 3_000_000, "range", "two to three million")),
        # vague counts, coded as ACLED codes them: the figure is a floor, the top is open
        ("dozens", Count(12, None, "vague", "dozens")),
        ("hundreds", Count(100, None, "vague", "hundreds")),
        ("thousands", Count(1000, None, "vague", "thousands")),
        ("tens of thousands", Count(10_000, None, "vague", "tens of thousands")),
        ("hundreds of thousands", Count(100_000, None, "vague", "hundreds of thousands")),
        ("several hundred", Count(100, None, "vague", "several hundred")),
        ("several", Count(10, None, "vague", "several")),
        ("a few", Count(3, None, "vague", "a few")),
    ],
)
def test_parse_count(phrase: str, expected: Count) -> None:
    assert parse_count(phrase) == expected


@pytest.mark.parametrize("phrase", ["", "six civilians", "2.5", "the fourth", "Resolution 2254", "70%", "no one"])
def test_parse_count_refuses_what_is_not_exactly_a_count(phrase: str) -> None:
    assert parse_count(phrase) is None


def test_vague_words_in_context() -> None:
    assert counts("Scores of people fled as a number of shells fell.") == [
        ("Scores", 20, None, "vague"),
        ("a number of", 10, None, "vague"),
    ]
    assert counts("Many were killed.") == [("Many", 10, None, "vague")]
    assert counts("That was one of the many confirmed uses of chemical weapons.") == []
    assert counts("How many died is not known.") == []


def test_one_standing_for_a_noun_is_not_a_count() -> None:
    sentence = (
        "That was one of the many confirmed uses of chemical weapons by the Moscow-backed regime, "
        "including one last year that killed 80 people in Douma."
    )
    assert counts(sentence) == [("80", 80, 80, "exact")]
    assert counts("The strike killed one civilian.") == [("one", 1, 1, "exact")]


# ---- what is not a count ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The Security Council adopted Resolution 2254 in 2015.",
        "Jets took off from the T4 airbase and struck a convoy on Route 4/M4.",
        "Su-24 and F-16 jets flew over the city.",
        "The strike came on November 6, 2019 at 10:30 pm.",
        "Protests marked the 2011 uprising.",
        "It was the fourth anniversary of the intervention.",
        "The group published its 40-page report.",
        "A 12-year-old boy was among the victims.",
        "The village lies 5 km north of the town.",
        "Donors pledged $2.5 million in aid, and 2,500 $ more.",
        "The UN says 70% of buildings were destroyed.",
        "Two thirds of the city lies in ruins.",
        "No one was hurt.",
        "The siege lasted for three days.",
        "The report is dated 2019-09-19.",
        "Troops entered at one point, then left.",
        "Brigade 93 and Camp 4 were shelled; No. 5 and #6 too.",
    ],
)
def test_not_counts(sentence: str) -> None:
    assert counts(sentence) == []


def test_year_like_number_is_a_count_before_a_counted_noun() -> None:
    assert counts("In 2016 some 2000 people fled, and 2000 civilians stayed.") == [
        ("some 2000", 2000, 2000, "about"),
        ("2000", 2000, 2000, "exact"),
    ]


def test_arabic_sentence_keeps_spans_in_the_original_text() -> None:
    sentence = "قتل ٣٥ مدنيا بينهم ١٢ طفلا"
    assert counts(sentence) == [("٣٥", 35, 35, "exact"), ("١٢", 12, 12, "exact")]
    assert to_ascii_digits(sentence) == "قتل 35 مدنيا بينهم 12 طفلا"


# ---- percentages ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The UN mission says that 70% of buildings in Raqqa have been destructed.", [("70%", 70.0, "exact")]),
        ("Some 70 % of homes were hit.", [("Some 70 %", 70.0, "about")]),
        ("About 70 percent of the city was damaged.", [("About 70 percent", 70.0, "about")]),
        ("Seventy per cent of the water network is out.", [("Seventy per cent", 70.0, "exact")]),
        ("Two thirds of the city lies in ruins.", [("Two thirds", pytest.approx(66.667, abs=1e-3), "exact")]),
        ("Nearly two-thirds were displaced.", [("Nearly two-thirds", pytest.approx(66.667, abs=1e-3), "about")]),
        ("More than half of the homes were destroyed.", [("More than half", 50.0, "more than")]),
        ("نحو ٤٠٪ من المباني", [("٤٠٪", 40.0, "exact")]),
    ],
)
def test_percentages(sentence: str, expected: list[tuple[str, float, str]]) -> None:
    assert [(p.text, p.value, p.qualifier) for p in find_percentages(sentence)] == expected


def test_percentage_range() -> None:
    (share,) = find_percentages("Between 60-70% of Raqqa was destroyed.")
    assert (share.text, share.value, share.high, share.qualifier) == ("60-70%", 60.0, 70.0, "range")


@pytest.mark.parametrize(
    "sentence",
    [
        "Half a million Syrians have been displaced.",
        "A quarter of a million people fled.",
        "It was a third attack on the market.",
        "In the first half of 2018 the front was quiet.",
    ],
)
def test_not_percentages(sentence: str) -> None:
    assert find_percentages(sentence) == []


# ---- children and women --------------------------------------------------------------------


def subcounts(text: str) -> list[tuple[str, str, int | None, bool]]:
    return [(text[s.start : s.end], s.group, s.count.min, s.included) for s in find_subcounts(text)]


def test_including_a_child_is_part_of_the_toll_not_a_second_toll() -> None:
    sentence = "Just on November 2, a Russian air strike killed six civilians including a child in Idlib."
    assert subcounts(sentence) == [("a child", "children", 1, True)]
    assert counts(sentence) == [("six", 6, 6, "exact")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The strike killed eight people, including two women and three children.",
            [("two women", "women", 2, True), ("three children", "children", 3, True)],
        ),
        ("Eight people died, among them 3 children.", [("3 children", "children", 3, True)]),
        ("Eight people died, five of them children.", [("five of them children", "children", 5, True)]),
        ("Eight people died, of whom five were children.", [("five were children", "children", 5, True)]),
        (
            "Among the dead were three children and a woman.",
            [("three children", "children", 3, True), ("a woman", "women", 1, True)],
        ),
        ("Shelling killed dozens of children.", [("dozens of children", "children", 12, False)]),
        (
            "The raid killed two women and three children.",
            [("two women", "women", 2, False), ("three children", "children", 3, False)],
        ),
        ("A woman said the jets came at dawn.", []),
        ("Women and children fled the town.", []),
    ],
)
def test_subcounts(sentence: str, expected: list[tuple[str, str, int | None, bool]]) -> None:
    assert subcounts(sentence) == expected
