"""Tolls: what each number in a clause counts, and an incident's killed and injured from them.

"Fifteen civilians, among them 11 children, were killed": the fifteen were killed and the eleven are a
sub-count inside them. "Killed two women and three children": five were killed, listed by who they were.
"5 casualties and 20 injuries": the casualties are the dead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from athar.extract.lexicon import measure_of
from athar.extract.numbers import CountMention, SubCount
from athar.records import Count

# The wounded counted apart from the casualties: "and tens of injuries", "and several others were wounded".
_WOUNDED_APART = re.compile(
    r"\b(casualties|casualty)(\s+\w+){0,2}?\s*(,\s*)?(and|while|,)\s+(\d[\d,]*|tens|dozens|several|many|scores|hundreds"
    r"|others?|some)\s+(of\s+)?(others\s+)?(were\s+|have\s+been\s+)?(injuries|injured|wounded|wounds)\b",
    re.IGNORECASE,
)
# The words that open a sub-count, with a comma, dash or bracket before them ("…, among them 11 children").
_SUBCOUNT_OPENER = re.compile(
    r"[\s,(–—-]*\b(including|among\s+them|among\s+whom|of\s+whom|of\s+them|mostly|mainly)?\s*$", re.IGNORECASE
)
# "10 casualties at least": the qualifier after the noun, as some outlets write it.
_TRAILING_AT_LEAST = re.compile(r"\s+(\w+\s+){0,2}?at\s+least\b", re.IGNORECASE)


def tolls_of(
    sentence: str, counts: list[CountMention], c_start: int, c_end: int, included: Sequence[SubCount] = ()
) -> list[tuple[str, Count, int]]:
    """Each count with what it counts (killed, injured, displaced …) and where it stands; counts of
    nothing known are dropped. A sub-count inside the toll is read through: in "fifteen civilians,
    among them 11 children, were killed" the fifteen were killed."""
    out: list[tuple[str, Count, int]] = []
    for index, mention in enumerate(counts):
        following = counts[index + 1].start if index + 1 < len(counts) else c_end
        text, limit = sentence, following
        inner = next((s for s in included if mention.end <= s.start < following), None)
        if inner is not None:
            lo, hi = _widen(sentence, inner.start, inner.end)
            text = sentence[:lo] + " " + sentence[hi:]
            limit = following - (hi - lo) + 1
        measure = measure_of(text, mention.start, mention.end, limit_start=c_start, limit_end=limit)
        if measure is None:
            continue
        count = mention.count
        if count.qualifier == "exact" and _TRAILING_AT_LEAST.match(sentence, mention.end, following):
            count = Count(count.min, None, "at least", count.text)
        out.append((measure, count, mention.start))
    return out


def _widen(sentence: str, start: int, end: int) -> tuple[int, int]:
    """A sub-count's span with the words that open it and the commas or brackets around it."""
    opener = _SUBCOUNT_OPENER.search(sentence, 0, start)
    if opener is not None:
        start = opener.start()
    while end < len(sentence) and sentence[end] in " ,)–—-":
        end += 1
    return start, end


def killed_injured(tolls: list[tuple[str, Count]], text: str = "") -> tuple[Count | None, Count | None]:
    """An incident's killed and injured counts. Casualties counted together ("5 casualties", "about
    40 killed and wounded") bound the dead from above: killed is "up to" that many. Casualties told
    beside the wounded ("15 casualties and 20 injuries", "9 casualties and tens of injuries") are the dead."""
    killed = next((c for m, c in tolls if m == "killed"), None)
    injured = next((c for m, c in tolls if m == "injured"), None)
    if killed is None:
        together = next((c for m, c in tolls if m == "casualties"), None)
        if together is not None and (injured is not None or _WOUNDED_APART.search(text)):
            return together, injured
        # "at least 9 casualties", "dozens of casualties" set no upper bound: nothing is said of the dead.
        if together is not None and together.max is not None and together.qualifier != "vague":
            killed = Count(None, together.max, "up to", together.text)
    return killed, injured
