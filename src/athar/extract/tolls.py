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
        if _AGE_BEFORE.search(sentence, max(0, mention.start - 30), mention.start) and _AGE_AFTER.match(
            sentence, mention.end
        ):
            continue  # "a woman, 35, in Douma": her age
        if _YEAR.fullmatch(mention.count.text) and _YEAR_BEFORE.search(
            sentence, max(0, mention.start - 12), mention.start
        ):
            continue  # "the deadliest attack since 2013 killed 90": a year
        measure = measure_of(text, mention.start, mention.end, limit_start=c_start, limit_end=limit)
        if measure is None:
            continue
        count = mention.count
        if count.qualifier == "exact" and _TRAILING_AT_LEAST.match(sentence, mention.end, following):
            count = Count(count.min, None, "at least", count.text)
        out.append((measure, count, mention.start))
    return _summed_lists(sentence, counts, out, c_start, c_end)


# People a toll lists one group at a time: "two women and three children", "a nurse and two soldiers".
_PERSON = (
    "woman|man|child|boy|girl|baby|infant|minor|civilian|soldier|fighter|militant|rebel|member|officer|policeman|"
    "commander|leader|official|guard|driver|pilot|activist|engineer|"
    "nurse|doctor|paramedic|medic|rescuer|volunteer|journalist|teacher|student|worker|employee|farmer|shepherd|"
    "resident|person|brother|sister|son|daughter|husband|wife|mother|father|relative|cousin|nephew|niece"
)
_PEOPLE = (
    "women|children|men|boys|girls|babies|infants|minors|civilians|soldiers|fighters|militants|rebels|members|"
    "officers|troops|policemen|commanders|leaders|officials|guards|drivers|activists|engineers|"
    "nurses|doctors|paramedics|medics|rescuers|volunteers|journalists|teachers|students|"
    "workers|employees|farmers|shepherds|residents|people|persons|brothers|sisters|sons|daughters|relatives"
)
# Nouns for everyone: "three civilians, a woman and two children" names the three, it adds no one.
_EVERYONE = frozenset({"people", "persons", "civilians", "residents", "citizens"})
# Where an item's noun phrase ends: punctuation, a list word, a preposition or a verb ("a rebel commander and",
# not "a rebel" of it).
_HEAD_END = (
    r"(?=\s*(?:[,.;:)\"”]|$)|\s+(?:and|or|in|on|at|by|near|during|when|after|as|was|were|had|has|have|who|whose"
    r"|from|died|while|to|inside|outside)\b)"
)
# A year after the words that date things: "since 2013", "in 2016", "until mid-2017".
_YEAR = re.compile(r"(?:19|20)\d\d")
_YEAR_BEFORE = re.compile(r"\b(?:since|in|until|till|from|of|by|before|after|during|early|late|mid)[\s-]+$", re.I)
# A person's age between commas: "a woman, 35, and her two sons".
_AGE_BEFORE = re.compile(rf"\b(?:{_PERSON}|{_PEOPLE})\s*,\s*$", re.IGNORECASE)
_AGE_AFTER = re.compile(r"\s*(?:,|\)|years?\s+old)")
# After a number: up to two words ("two Syrian soldiers", "three young children") and the people counted.
_COUNTED_PEOPLE = re.compile(rf"\s+(?:[\w’'-]+\s+){{0,2}}?(?P<noun>{_PEOPLE}|{_PERSON})\b{_HEAD_END}", re.IGNORECASE)
# One person named as a toll's item: "a nurse", "an elderly man", "a hospital employee", "his wife".
_ONE_PERSON = re.compile(
    rf"\b(?:an?|one|his|her|their)\s+(?:[\w’'-]+\s+){{0,2}}?(?P<noun>{_PERSON})\b{_HEAD_END}", re.IGNORECASE
)
# Between two items of a list: "two women and three children", "a nurse, a hospital employee and two
# soldiers", "a woman and her two children".
_LIST_JOIN = re.compile(
    r"(?:,\s*\d{1,3}\s*(?=,))?"  # an age: "a woman, 35, and her two sons"
    r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+as\s+well\s+as\s+)(?:(?:her|his|their)\s+)?",
    re.IGNORECASE,
)
# People after the list with no number: "a man, his wife and their children" killed at least three.
_UNCOUNTED_AFTER = re.compile(
    rf"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:(?:her|his|their|other|several|many)\s+)?(?:{_PEOPLE})\b",
    re.IGNORECASE,
)
# A list inside a toll ("five people, including two women and three children") counts no more dead.
_INSIDE_CUE = re.compile(
    r"\b(?:including|included|among(?:st)?\s+(?:them|whom|those|the\s+[\w-]+)|of\s+(?:them|whom)|mostly|mainly)"
    r"\s*[,:]?\s*(?:(?:were|are|was|is)\s+)?$",
    re.IGNORECASE,
)
# "… two women and two children were among eight people killed", "… out of the 10 killed".
_AMONG_AFTER = re.compile(r"\s+(?:(?:were|are|was|is)\s+)?(?:among(?:st)?|out\s+of)\b", re.IGNORECASE)
# A verb right after a list starts a clause of its own: "Shelling killed a man and his wife was injured".
_OWN_VERB_AFTER = re.compile(r"\s+(?:was|were|is|are|has\s+been|have\s+been|had\s+been|died)\b", re.IGNORECASE)
# One person killed or hurt, the verb right beside them: "guards killed a child", "a man was shot dead",
# "a girl was injured".
_HURTS_BEFORE = re.compile(
    r"\b(?:killed|kills|killing|kill|wounded|wounding|injured|injuring|claimed\s+the\s+life\s+of)\s+$",
    re.IGNORECASE,
)
_HURT_AFTER = re.compile(
    r"\s+(?:(?:was|has\s+been|had\s+been)\s+(?:killed|shot\s+dead|wounded|injured)|died)\b", re.IGNORECASE
)

_Item = tuple[int, int, Count, str]  # start, end, count, the noun


def _summed_lists(
    sentence: str, counts: list[CountMention], tolls: list[tuple[str, Count, int]], c_start: int, c_end: int
) -> list[tuple[str, Count, int]]:
    """A toll that lists who died group by group is their sum: "killed two women and three children" killed
    five, "a woman and her two children" three. A list a toll includes ("ten people, including …") or
    names ("three civilians, a woman and two children") is not; one person beside the verb is a toll of one
    where the clause gives no other ("guards killed a child")."""
    out = list(tolls)
    for listed in _lists(sentence, counts, c_start, c_end):
        start, end = listed[0][0], listed[-1][1]
        if _INSIDE_CUE.search(sentence, max(c_start, start - 40), start) or _AMONG_AFTER.match(sentence, end):
            continue
        inside = [t for t in out if start <= t[2] < end]
        measures = {m for m, _, _ in inside}
        if len(measures) > 1:
            continue
        before = max((c.end for c in counts if c.end <= start), default=c_start)
        after = min((c.start for c in counts if c.start >= end), default=c_end)
        measure = (
            next(iter(measures)) if measures else measure_of(sentence, start, end, limit_start=before, limit_end=after)
        )
        if measure is None:
            continue
        if len(listed) == 1:
            one = listed[0][2].text == sentence[start:end]
            if not (one and _one_hurt(sentence, start, end)) or any(m == measure for m, _, _ in out):
                continue
        total = _sum([count for _, _, count, _ in listed], sentence[start:end])
        if _UNCOUNTED_AFTER.match(sentence, end):
            total = Count(total.min, None, "at least", total.text)
        out = sorted([t for t in out if t not in inside] + [(measure, total, start)], key=lambda t: t[2])
    return out


def _lists(sentence: str, counts: list[CountMention], c_start: int, c_end: int) -> list[list[_Item]]:
    """The people a clause names, grouped into the lists they stand in."""
    items: list[_Item] = []
    for mention in counts:
        people = _COUNTED_PEOPLE.match(sentence, mention.end)
        if people is not None and people.end() <= c_end:
            items.append((mention.start, people.end(), mention.count, people.group("noun").lower()))
    for one in _ONE_PERSON.finditer(sentence, c_start, c_end):
        if not any(start <= one.start() < end or one.start() <= start < one.end() for start, end, _, _ in items):
            items.append((one.start(), one.end(), Count(1, 1, "exact", one.group(0)), one.group("noun").lower()))
    items.sort(key=lambda item: item[0])
    lists: list[list[_Item]] = []
    naming: set[int] = set()  # lists that name people a toll before them counts
    for item in items:
        previous = lists[-1][-1] if lists else None
        join = _LIST_JOIN.fullmatch(sentence, previous[1], item[0]) if previous else None
        if join is not None and previous is not None and previous[3] in _EVERYONE and "and" not in join[0]:
            naming.add(len(lists))  # "three civilians, a woman and two children": the woman and children are the three
            lists.append([item])
        elif join is not None:
            lists[-1].append(item)
        else:
            lists.append([item])
    out: list[list[_Item]] = []
    for n, listed in enumerate(lists):
        start, end = listed[0][0], listed[-1][1]
        if n in naming:
            continue
        # "Shelling killed a woman, and two children were wounded": the last item is the next clause's subject.
        if (
            len(listed) > 1
            and _HURTS_BEFORE.search(sentence, max(0, start - 30), start)
            and _OWN_VERB_AFTER.match(sentence, end)
        ):
            out.extend([listed[:-1], listed[-1:]])
        else:
            out.append(listed)
    return out


def _one_hurt(sentence: str, start: int, end: int) -> bool:
    return bool(_HURTS_BEFORE.search(sentence, max(0, start - 30), start) or _HURT_AFTER.match(sentence, end))


def _sum(counts: list[Count], text: str) -> Count:
    low = sum(c.min or 0 for c in counts)
    high = sum(c.max for c in counts if c.max is not None) if all(c.max is not None for c in counts) else None
    if all(c.qualifier == "exact" for c in counts):
        return Count(low, high, "exact", text)
    return Count(low, high, "at least" if high is None else "range", text)


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
