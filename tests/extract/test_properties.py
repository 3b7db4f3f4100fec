"""Whatever the text, extraction does not fail and every claim is the exact words it came from.

Texts are drawn from fragments of war reporting (tolls, sub-counts, sources, dates, places, running totals,
captions) run together in any order, with arbitrary characters between them, so the rules meet
combinations no hand-written sentence tries.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from athar.extract.claims import extract_claims
from tests.conftest import report

FRAGMENTS = [
    "Fifteen civilians, among them 11 children, were killed",
    "in a barrel bomb attack on Aleppo",
    "on Thursday",
    "since dawn",
    "since 2015",
    ", raising the death toll to 96",
    "the Syrian Observatory for Human Rights said",
    "according to the White Helmets",
    "Russian warplanes bombed a hospital in Kafranbel",
    "the Russian Defence Ministry denied",
    "that the West blames on Assad's forces",
    "At least 87 people including 31 children died in the attack",
    "rebel fire on the government-held west of the city",
    "(TRT World and Agencies)",
    "Agencies)",
    "Two women were killed in the attack",
    "have been injured",
    "a two-year truce broke down",
    "more than 6,500 civilians since 2015",
    "the bodies of children were pulled from the rubble in the town of Al Quriyah",
    "Shaer in Homs province",
    "قتل 12 مدنيا في إدلب",
    "dozens",
    "a dozen",
    "(",
    ")",
    ",",
    ".",
    "\n\n",
    '"',
]

texts = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)),
    min_size=1,
    max_size=14,
).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=texts)
def test_extraction_never_fails_and_every_span_is_its_text(body: str) -> None:
    for claim in extract_claims(report(body, "2016-08-25")):
        assert 0 <= claim.start <= claim.end <= len(body)
        assert body[claim.start : claim.end] == claim.text
        for count in (claim.killed, claim.injured, claim.value):
            if count is not None and count.min is not None and count.max is not None:
                assert count.min <= count.max


WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
# Not "civilians": "three civilians, a woman and two children" names the three (tests/extract/test_tolls.py).
GROUPS = ["women", "children", "men", "soldiers", "fighters", "doctors", "rebels", "nurses"]
ONE = ["a woman", "a child", "a man", "a nurse", "a soldier", "his wife", "her son", "a 10-year-old boy"]
listed = st.lists(
    st.one_of(
        st.tuples(st.integers(2, 12), st.sampled_from(GROUPS)).map(lambda t: (t[0], f"{WORDS[t[0]]} {t[1]}")),
        st.sampled_from(ONE).map(lambda words: (1, words)),
    ),
    min_size=2,
    max_size=5,
    unique_by=lambda item: item[1],
)


@settings(max_examples=150, deadline=None)
@given(items=listed, lead=st.sampled_from(["Shelling on Douma killed", "An air strike in Idlib killed"]))
def test_a_toll_told_group_by_group_is_their_sum(items: list[tuple[int, str]], lead: str) -> None:
    names = [words for _, words in items]
    text = f"{lead} {', '.join(names[:-1])} and {names[-1]} on Monday."
    (claim,) = [c for c in extract_claims(report(text, "2016-08-25")) if c.kind == "incident"]
    total = sum(n for n, _ in items)
    assert claim.killed is not None and (claim.killed.min, claim.killed.max) == (total, total), text


@settings(max_examples=150, deadline=None)
@given(items=listed, extra=st.integers(0, 20), form=st.sampled_from(["including", "among"]))
def test_a_list_inside_a_toll_adds_no_one(items: list[tuple[int, str]], extra: int, form: str) -> None:
    names = [words for _, words in items]
    listed_text = f"{', '.join(names[:-1])} and {names[-1]}"
    total = sum(n for n, _ in items) + extra
    if form == "including":
        text = f"Shelling on Douma killed {total} people, including {listed_text}, on Monday."
    else:
        text = f"{listed_text[0].upper()}{listed_text[1:]} were among {total} people killed in shelling on Douma."
    (claim,) = [c for c in extract_claims(report(text, "2016-08-25")) if c.kind == "incident"]
    assert claim.killed is not None and claim.killed.min == total, text
