"""Dates and periods as war reports write them, resolved against publication (athar.extract.dates)."""

from __future__ import annotations

import datetime as dt

import pytest

from athar.extract.dates import find_dateline, find_dates, find_periods, resolve_date
from athar.records import DateValue

# Central Asia News published the Kobane report on Wednesday 6 November 2019.
PUBLISHED = DateValue("2019-11-06", "day")
# South Front's Raqqa report is dated only to its month.
APRIL_2018 = DateValue("2018-04", "month")
UNKNOWN = DateValue(None, "unknown")


def dates(text: str, published: DateValue = PUBLISHED) -> list[tuple[str, str | None, str, bool]]:
    """Each date as (span text, value, precision, relative); the span must be the mention's own text."""
    found = []
    for mention in find_dates(text, published=published):
        assert mention.text == text[mention.start : mention.end]
        found.append((mention.text, mention.value.value, mention.value.precision, mention.relative))
    return found


def test_publication_day_is_a_wednesday() -> None:
    assert dt.date(2019, 11, 6).strftime("%A") == "Wednesday"


# ---- sentences from the seed reports ---------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "published", "expected"),
    [
        (
            "A number of local media outlets have been posting videos of residents pelting Russian troops with "
            "stones on Wednesday (November 6).",
            PUBLISHED,
            [("Wednesday (November 6)", "2019-11-06", "day", True)],
        ),
        (
            "Just on November 2, a Russian air strike killed six civilians including a child.",
            PUBLISHED,
            [("November 2", "2019-11-02", "day", True)],
        ),
        (
            "The human rights group says in its 40-page report issued September 30, the fourth anniversary.",
            PUBLISHED,
            [("September 30", "2019-09-30", "day", True)],
        ),
        (
            "The al-Assad regime used chlorine on May 19 in Latakia Province.",
            PUBLISHED,
            [("May 19", "2019-05-19", "day", True)],
        ),
        (
            "That was one of the many confirmed uses of chemical weapons, including one last year that killed 80 "
            "people in Douma.",
            PUBLISHED,
            [("last year", "2018", "year", True)],
        ),
        (
            "Half a million Syrians have been displaced in Idlib since government forces opened an offensive in May.",
            PUBLISHED,
            [("May", "2019-05", "month", True)],
        ),
        (
            "The Syrian Network for Human Rights slammed Russia for its military operations in Syria since 2015.",
            PUBLISHED,
            [("2015", "2015", "year", False)],
        ),
        (
            "On April 7, the Russian Defense Ministry released photos showing destructions in the city of Raqqa.",
            APRIL_2018,
            [("April 7", "2018-04-07", "day", True)],
        ),
        (
            "In the period of October, 2017 till March 2018, there have been 658 cases of injures by UXO.",
            APRIL_2018,
            [("October, 2017", "2017-10", "month", False), ("March 2018", "2018-03", "month", False)],
        ),
    ],
)
def test_dates_in_seed_sentences(
    sentence: str, published: DateValue, expected: list[tuple[str, str | None, str, bool]]
) -> None:
    assert dates(sentence, published) == expected


# ---- one expression at a time, published Wednesday 6 November 2019 ---------------------------


@pytest.mark.parametrize(
    ("expression", "value", "precision"),
    [
        # weekdays: the most recent such day on or before publication
        ("on Sunday", "2019-11-03", "day"),
        ("on Wednesday", "2019-11-06", "day"),  # a Wednesday report's "on Wednesday" is that day
        ("Sunday night", "2019-11-03", "day"),
        ("last Wednesday", "2019-10-30", "day"),  # "last": strictly before
        ("last Friday", "2019-11-01", "day"),
        ("last Tuesday", "2019-10-29", "day"),  # not yesterday: that would be "yesterday" or "on Tuesday"
        ("this past Tuesday", "2019-11-05", "day"),
        ("next Friday", "2019-11-08", "day"),
        ("on Monday, November 4", "2019-11-04", "day"),  # the written date wins
        ("Thursday, November 7", "2019-11-07", "day"),  # a day after publication: the weekday says which year
        # days counted from publication
        ("yesterday", "2019-11-05", "day"),
        ("today", "2019-11-06", "day"),
        ("last night", "2019-11-05", "day"),
        ("the day before yesterday", "2019-11-04", "day"),
        ("two days ago", "2019-11-04", "day"),
        ("3 days ago", "2019-11-03", "day"),
        # a day and month without a year: this year, unless that is after publication
        ("on April 7", "2019-04-07", "day"),
        ("on December 25", "2018-12-25", "day"),
        ("the 6th of November", "2019-11-06", "day"),
        # weeks: the seven days from the first day the words can mean
        ("earlier this week", "2019-11-04", "week"),  # Monday 4 November to the day before writing
        ("last week", "2019-10-28", "week"),  # 28 October to 3 November, across two months
        ("three weeks ago", "2019-10-14", "week"),  # the week of 16 October, Monday to Sunday
        # months and years
        ("earlier this month", "2019-11", "month"),
        ("this month", "2019-11", "month"),
        ("last month", "2019-10", "month"),
        ("in May", "2019-05", "month"),
        ("in December", "2018-12", "month"),  # the most recent December not after publication
        ("between March and May", "2019-03", "month"),
        ("last November", "2018-11", "month"),
        ("two months ago", "2019-09", "month"),
        ("this year", "2019", "year"),
        ("last year", "2018", "year"),
        # written in full
        ("in September 2019", "2019-09", "month"),
        ("on 19 September 2019", "2019-09-19", "day"),
        ("September 19, 2019", "2019-09-19", "day"),
        ("2019-09-19", "2019-09-19", "day"),
        ("10 Feb, 2016", "2016-02-10", "day"),
        ("MARCH 2025", "2025-03", "month"),
        ("since 2015", "2015", "year"),
        # Arabic
        ("قتل ثلاثة مدنيين أمس", "2019-11-05", "day"),
        ("يوم الجمعة", "2019-11-01", "day"),
        ("في ٦ تشرين الثاني ٢٠١٩", "2019-11-06", "day"),
        ("الشهر الماضي", "2019-10", "month"),
    ],
)
def test_resolve_date(expression: str, value: str, precision: str) -> None:
    assert resolve_date(expression, published=PUBLISHED) == DateValue(value, precision)  # type: ignore[arg-type]


def test_written_dates_need_no_publication_but_relative_ones_are_not_guessed() -> None:
    sentence = "The strike on April 7 followed the raid of yesterday and the siege of 19 September 2019."
    assert dates(sentence, UNKNOWN) == [
        ("April 7", None, "unknown", True),
        ("yesterday", None, "unknown", True),
        ("19 September 2019", "2019-09-19", "day", False),
    ]
    assert resolve_date("last Friday", published=UNKNOWN) is None
    assert resolve_date("in 2015", published=UNKNOWN) == DateValue("2015", "year")


def test_a_month_only_publication_resolves_months_but_not_weekdays() -> None:
    assert dates("It happened on Sunday, last month, in May and on April 7.", APRIL_2018) == [
        ("Sunday", None, "unknown", True),
        ("last month", "2018-03", "month", True),
        ("May", "2017-05", "month", True),
        ("April 7", "2018-04-07", "day", True),
    ]


def test_a_year_only_publication_resolves_last_year_only() -> None:
    assert dates("Last year and in May.", DateValue("2016", "year")) == [
        ("Last year", "2015", "year", True),
        ("May", None, "unknown", True),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "You may go, and May God protect you.",  # the verb, and a month with no preposition or day
        "Protests marked the 2011 uprising.",  # a bare year with no preposition
        "The Council adopted Resolution 2254.",
        "It was the fourth anniversary of the intervention.",
        "Casualties rose over the past years.",
        "nonsense",
    ],
)
def test_not_dates(sentence: str) -> None:
    assert find_dates(sentence, published=PUBLISHED) == []
    assert resolve_date(sentence, published=PUBLISHED) is None


# ---- periods ---------------------------------------------------------------------------------


def periods(text: str, published: DateValue = PUBLISHED) -> list[tuple[str, str | None, str | None]]:
    found = []
    for period in find_periods(text, published=published):
        assert period.text == text[period.start : period.end]
        first = period.start_value.value if period.start_value else None
        last = period.end_value.value if period.end_value else None
        found.append((period.text, first, last))
    return found


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Russia committed war crimes in Syria since 2015.", [("since 2015", "2015", "2019-11-06")]),
        ("Thousands have died since the start of the war.", [("since the start of the war", None, "2019-11-06")]),
        ("Ever since 2011 the city has been besieged.", [("Ever since 2011", "2011", "2019-11-06")]),
        ("Half a million fled since May.", [("since May", "2019-05", "2019-11-06")]),
        ("The raids continued between March and May 2018.", [("between March and May 2018", "2018-03", "2018-05")]),
        ("Between November and February, 40 died.", [("Between November and February", "2018-11", "2019-02")]),
        ("Fighting went on from 2015 to 2018.", [("from 2015 to 2018", "2015", "2018")]),
        ("The 2015-2018 campaign.", [("2015-2018", "2015", "2018")]),
        ("The 2015–18 campaign.", [("2015–18", "2015", "2018")]),
        ("From March 2018 to May, the camp grew.", [("From March 2018 to May", "2018-03", "2018-05")]),
        (
            "From 12 January 2016 – 3 March 2016 the road was cut.",
            [("From 12 January 2016 – 3 March 2016", "2016-01-12", "2016-03-03")],
        ),
        ("12 January 2016 – 3 March 2016", [("12 January 2016 – 3 March 2016", "2016-01-12", "2016-03-03")]),
        ("October, 2017 till March 2018", [("October, 2017 till March 2018", "2017-10", "2018-03")]),
        ("Figures up to March 2018 show the toll.", [("up to March 2018", None, "2018-03")]),
        ("The siege lasted until 2015.", [("until 2015", None, "2015")]),
        ("Over the past two years, 300 died.", [("Over the past two years", "2017", "2019-11-06")]),
        ("In the past week, 30 died.", [("In the past week", "2019-10-30", "2019-11-06")]),
        ("Up to 20 people and between 5 and 7 soldiers died.", []),
    ],
)
def test_periods(sentence: str, expected: list[tuple[str, str | None, str | None]]) -> None:
    assert periods(sentence) == expected


def test_period_from_the_raqqa_report() -> None:
    sentence = "In the period of October, 2017 till March 2018, there have been 658 cases of injures by UXO."
    assert periods(sentence, APRIL_2018) == [("In the period of October, 2017 till March 2018", "2017-10", "2018-03")]


def test_since_ends_at_publication_even_when_publication_is_unknown() -> None:
    (period,) = find_periods("Shelling has gone on since 2015.", published=UNKNOWN)
    assert (period.start_value, period.end_value) == (DateValue("2015", "year"), UNKNOWN)
    (relative,) = find_periods("Shelling has gone on since May.", published=UNKNOWN)
    assert relative.start_value == UNKNOWN  # stated, but not resolvable: not the same as no start


def test_a_month_listed_after_another_is_a_date_too() -> None:
    assert dates("Raids hit the town between March and May, then from June to August.") == [
        ("March", "2019-03", "month", True),
        ("May", "2019-05", "month", True),
        ("June", "2019-06", "month", True),
        ("August", "2019-08", "month", True),
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Posted on July 2 2016 by Asharq Al-Awsat English Thirty killed in strikes", "2016-07-02"),
        ("Date of publication 4 April 2017 At least 72 people were killed", "2017-04-04"),
        ("Tuesday 4 Apr 2017 Suspected gas attack kills at least 58", "2017-04-04"),
        ("06.04.2017 The attack in Idlib province claimed the lives of 27 children", "2017-04-06"),
        ("Last updated at Apr 05 2017 KHAN SHEIKHUN Syria A suspected chemical attack", "2017-04-05"),
        # The same stamp as some copies keep it, its spaces lost.
        ("Last updated at Apr 052017 KHAN SHEIKHUN Syria A suspected chemical attack", "2017-04-05"),
        ("Posted on April 6, 2017 at 3:45 pm by admin. An air strike killed 10 people", "2017-04-06"),
    ],
)
def test_the_date_a_text_opens_with_is_its_dateline(text: str, value: str) -> None:
    dateline = find_dateline(text, published=UNKNOWN)
    assert dateline is not None and dateline.value == DateValue(value, "day")


def test_a_dateline_needs_a_full_date_at_the_very_start_and_no_colon_after_it() -> None:
    for text in (
        "On 4 April 2017, a chemical attack killed 58 people.",  # the event's date
        "March 8th 2017: (S487) Ratlah village, Raqqa governorate",  # an entry headed by its own date
        "Tuesday Suspected gas attack kills at least 58",  # no year: nothing says when it was written
        "Three people were killed on 4 April 2017.",
        "21 August 2013 saw the deadliest chemical attack of the war.",  # the sentence's subject
        "1 January 2016 – 31 December 2016 Annual report on civilian deaths.",  # a period
        "4 April 2017 to 10 April 2017: the week in Idlib",
    ):
        assert find_dateline(text, published=PUBLISHED) is None, text


def test_a_stamp_is_a_dateline_the_text_says_is_its_own():
    """A word before it, or a byline or a time after it: "15 March 2011 Protests broke out" may head a story."""
    for text in (
        "Posted on July 2 2016 by Asharq Al-Awsat English",
        "Published June 8 2016 Syrian government air strikes",
        "4 Apr 2017 by Reuters Staff. A strike",
        "Tuesday 4 Apr 2017 | 10:45 Suspected gas attack",
        "4 Apr 2017 at 3:45 pm An air strike",
    ):
        assert find_dateline(text, published=UNKNOWN, stamped=True) is not None, text
    for text in ("15 March 2011 Protests broke out in Daraa.", "4 Apr 2017 An alleged chemical attack"):
        assert find_dateline(text, published=UNKNOWN) is not None, text
        assert find_dateline(text, published=UNKNOWN, stamped=True) is None, text


def test_a_glued_day_and_year_is_read_only_as_two_digits_and_four() -> None:
    assert dates("updated Apr 052017 and Jun 302016", PUBLISHED) == [
        ("Apr 052017", "2017-04-05", "day", False),
        ("Jun 302016", "2016-06-30", "day", False),
    ]
    assert dates("Apr 52017 and May 3020171", PUBLISHED) == []


def test_earlier_this_week_is_before_the_day_of_writing() -> None:
    # Tuesday 24 February 2015: Monday the 23rd.
    assert dates("executed 48 people earlier this week", DateValue("2015-02-24", "day")) == [
        ("earlier this week", "2015-02-23", "day", True)
    ]
    # "This week", written on its Monday, is the week, not that Monday.
    assert dates("fighting raged this week", DateValue("2015-02-23", "day")) == [
        ("this week", "2015-02-23", "week", True)
    ]
    # On a Monday, the week before it, not the Monday itself.
    assert dates("executed 48 people earlier this week", DateValue("2015-02-23", "day")) == [
        ("earlier this week", "2015-02-16", "week", True)
    ]


def test_numeric_dates_read_day_first_unless_the_numbers_or_the_publication_say_otherwise() -> None:
    october = DateValue("2017-10-21", "day")
    assert dates("a shell targets Jaramana leaving casualties and wounded 21/10/2017", october) == [
        ("21/10/2017", "2017-10-21", "day", False)
    ]
    assert dates("killed on 06.04.2017 in Idlib", DateValue("2017-05-01", "day")) == [
        ("06.04.2017", "2017-04-06", "day", False)
    ]
    # 4 June is after a report of 10 April: 6 April; 10/12 either way before 15 December: day first.
    assert dates("killed on 06/04/2017", DateValue("2017-04-10", "day"))[0][1] == "2017-04-06"
    assert dates("killed on 04/06/2017", DateValue("2017-04-10", "day"))[0][1] == "2017-04-06"
    assert dates("shelled on 10/12/2019", DateValue("2019-12-15", "day"))[0][1] == "2019-12-10"
    assert dates("scored 3/4/2017x and version 10.5 2017", DateValue("2017-05-01", "day")) == []
