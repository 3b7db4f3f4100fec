"""Whatever the text, place resolution does not fail, and each mention is the words it was found in."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from athar.geo import find_places

NAMES = [
    "Aleppo", "al-Bab", "Raqqa", "الرقة", "Deir ez-Zor", "Kobani", "Idlib province", "in the countryside of Hama",
    "Shaer in Homs province", "Al Quriyah", "the Assad clan", "Al-Mayadin reported", "Castello road", "Saraqeb,",
    "SANA", "al-Qaeda", "on Sunday", "east of", "'s", "-", ",", " and ",
]  # fmt: skip

texts = st.lists(st.one_of(st.sampled_from(NAMES), st.text(max_size=10)), min_size=1, max_size=12).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(text=texts)
def test_every_mention_is_its_words_and_has_a_precision(text: str) -> None:
    for mention in find_places(text):
        assert text[mention.start : mention.end] == mention.text
        assert mention.place is not None and mention.precision in (1, 2, 3)
