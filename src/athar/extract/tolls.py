"""Tolls: what each number in a clause counts, and an incident's killed and injured from them.

"Fifteen civilians, among them 11 children, were killed": the fifteen were killed and the eleven are a
sub-count inside them. "Killed two women and three children": five were killed, listed by who they were.
"5 casualties and 20 injuries": the casualties are the dead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from athar.extract.lexicon import measure_of
from athar.extract.numbers import SUBCOUNT_CUE, CountMention, SubCount
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
        # "At least 35 civilians, most of them children, were killed": an aside with no number is read through too.
        aside = _ASIDE.search(sentence, mention.end, following)
        if inner is not None:
            lo, hi = _widen(sentence, inner.start, inner.end)
        elif aside is not None:
            lo, hi = aside.span()
        if inner is not None or aside is not None:
            text = sentence[:lo] + " " + sentence[hi:]
            limit = following - (hi - lo) + 1
        if _is_age(sentence, mention):
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


# An aside after a toll's people, of a part or all of them with no number: ", most of them children,", ", mostly
# fighters from Hayat Tahrir al-Sham,", ", among them a rebel commander,", ", all of them conscripts,".
_ASIDE = re.compile(
    r"(?<=\w)\s*,\s*(?:(?:most|many|some|all|several|half|both|nearly\s+all|almost\s+all)\s+of\s+them|mostly|mainly"
    r"|largely|among\s+them|among\s+whom)\b[^,;\d]{1,60},",
    re.IGNORECASE,
)


def toll_asides(sentence: str) -> list[re.Match[str]]:
    """The asides on who a toll's people were (``_ASIDE``)."""
    return list(_ASIDE.finditer(sentence))


# People a toll lists one group at a time: "two women and three children", "a nurse and two soldiers".
_PERSON = (
    "woman|man|child|boy|girl|baby|infant|minor|civilian|soldier|fighter|militant|rebel|member|officer|policeman|"
    "commander|leader|official|guard|driver|pilot|activist|engineer|"
    "nurse|doctor|paramedic|medic|rescuer|volunteer|journalist|teacher|student|worker|employee|farmer|shepherd|"
    "resident|person|brother|sister|son|daughter|husband|wife|mother|father|relative|cousin|nephew|niece|"
    "patient|passenger|pedestrian|pupil|shopkeeper|vendor"
)
_PEOPLE = (
    "women|children|men|boys|girls|babies|infants|minors|civilians|soldiers|fighters|militants|rebels|members|"
    "officers|troops|policemen|commanders|leaders|officials|guards|drivers|activists|engineers|"
    "nurses|doctors|paramedics|medics|rescuers|volunteers|journalists|teachers|students|"
    "workers|employees|farmers|shepherds|residents|people|persons|brothers|sisters|sons|daughters|relatives"
)
# Nouns for everyone: "three civilians, a woman and two children" names the three, it adds no one.
_EVERYONE = frozenset({"people", "persons", "civilians", "residents", "citizens"})
# An item's noun phrase ends at its noun, unless another person's noun follows ("a rebel commander").
_HEAD_END = rf"(?![\w’'-])(?!\s+(?:{_PEOPLE}|{_PERSON})\b)"
# A year after the words that date things: "since 2013", "in 2016", "until mid-2017".
_YEAR = re.compile(r"(?:19|20)\d\d")
_YEAR_BEFORE = re.compile(r"\b(?:since|in|until|till|from|of|by|before|after|during|early|late|mid)[\s-]+$", re.I)
# A person's age between commas: "a woman, 35, and her two sons".
_AGE_BEFORE = re.compile(rf"\b(?:{_PERSON}|{_PEOPLE})\s*,\s*$", re.IGNORECASE)
_AGE_AFTER = re.compile(r"\s*(?:,|\)|years?\s+old)")
_AGE = r"(?:,\s*\d{1,3}\s*(?=,)|\s+aged\s+\d{1,3})?"
# After a number: up to two words ("two Syrian soldiers", "three young children") and the people counted.
_FILLER = r"(?:(?!(?:and|or)\b)(?:[^\W\d][\w’'-]*|\d+-[\w’'-]+)\s+){0,2}?"
_COUNTED_PEOPLE = re.compile(rf"\s+{_FILLER}(?P<noun>{_PEOPLE}|{_PERSON})\b{_HEAD_END}", re.IGNORECASE)
# One person named as a toll's item: "a nurse", "an elderly man", "a hospital employee", "his wife".
_ONE_PERSON = re.compile(rf"\b(?:an?|one|his|her|their)\s+{_FILLER}(?P<noun>{_PERSON})\b{_HEAD_END}", re.IGNORECASE)
# Between two items of a list: "two women and three children", "a nurse, a hospital employee and two
# soldiers", "a woman and her two children", "a woman, 35, and her two sons".
_LIST_JOIN = re.compile(
    rf"{_AGE}\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+as\s+well\s+as\s+)(?:(?:her|his|their)\s+)?", re.IGNORECASE
)
# Their people after the list, with no number: "a man, his wife and their children" killed more than two.
_UNCOUNTED_AFTER = re.compile(
    rf"\s*(?:,\s*(?:and\s+)?|\s+and\s+)(?:her|his|their|other)\s+{_FILLER}(?:{_PEOPLE})\b", re.IGNORECASE
)
# "… two women and two children were among eight people killed", "… out of the 10 killed": the toll after
# holds the list.
_AMONG_AFTER = re.compile(
    r"\s+(?:(?:were|are|was|is)\s+)?(?:among(?:st)?(?!\s+(?:them|whom|those)\b)|out\s+of)\b", re.IGNORECASE
)
# One person killed or hurt, the verb right beside them: "guards killed a child", "a man was shot dead",
# "a girl was injured".
_KILL_VERB = r"killed|kills|killing|kill|claimed\s+the\s+lives?\s+of|shot\s+dead"
_HURT_VERB = r"wounded|wounding|injured|injuring|hurt"
_HURTS_BEFORE = re.compile(rf"\b(?:{_KILL_VERB}|{_HURT_VERB})\s+$", re.IGNORECASE)
_AUX = r"(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:(?:also|later|then|\w+ly)\s+)?"
_HURT_AFTER = re.compile(rf"{_AGE},?\s+(?:{_AUX}(?:{_KILL_VERB}|{_HURT_VERB})|died)\b", re.IGNORECASE)
# After a list, a verb of the other measure starts a clause of its own: "Shelling killed a woman, and two
# children were wounded" (not "the strike that killed a woman and her children was carried out by …").
_VERB_AFTER = re.compile(rf"\s+{_AUX}(?P<verb>{_KILL_VERB}|{_HURT_VERB})\b", re.IGNORECASE)
# A person who then does something is the subject of what follows, no item of a toll: "…, a local official
# told Reuters", "… and a rebel commander claimed responsibility", "two doctors and a nurse treated …".
_SUBJECT_AFTER = re.compile(
    r"\s+(?:said|says|told|tells|claimed|claims|treated|reported|added|confirmed|announced|stated|explained"
    r"|noted|blamed|accused|denied|warned|described|recalled|spoke|wrote|tweeted)\b",
    re.IGNORECASE,
)
# "… two women and three children among them": the list counts people of the toll before it.
_AMONG_THEM_AFTER = re.compile(r"\s+(?:among|of)\s+(?:them|whom)\b", re.IGNORECASE)
_KILLING = re.compile(rf"\b(?:{_KILL_VERB})\s+$", re.IGNORECASE)

_Item = tuple[int, int, Count, str]  # start, end, count, the noun


def _summed_lists(
    sentence: str, counts: list[CountMention], tolls: list[tuple[str, Count, int]], c_start: int, c_end: int
) -> list[tuple[str, Count, int]]:
    """A toll that lists who died group by group is their sum: "killed two women and three children" killed
    five, "a woman and her two children" three. A list a toll includes ("ten people, including …", "…
    were among eight killed") or names ("three civilians, a woman and two children") is not; one person
    beside the verb is a toll of one ("guards killed a child")."""
    out = list(tolls)
    for listed in _lists(sentence, counts, c_start, c_end):
        start, end = listed[0][0], listed[-1][1]
        inside = [t for t in out if start <= t[2] < end]
        among = _AMONG_AFTER.match(sentence, end)
        if among is not None:
            if any(among.end() <= c.start <= among.end() + 12 for c in counts):
                out = [t for t in out if t not in inside]  # "… were among eight people killed": that toll counts them
            continue
        if SUBCOUNT_CUE.search(sentence, max(c_start, start - 40), start):  # a list inside a toll: no more dead
            continue
        measures = {m for m, _, _ in inside}
        if len(measures) > 1:
            continue
        numbers = [c for c in counts if not _is_age(sentence, c)]
        before = max((c.end for c in numbers if c.end <= start), default=c_start)
        after = min((c.start for c in numbers if c.start >= end), default=c_end)
        if len(listed) == 1:  # one person: a toll only beside the verb that says what befell them, and no other
            one = listed[0][2].text == sentence[start:end]
            measure = _one_hurt(sentence, start, end) if one else None
        elif measures:
            measure = next(iter(measures))
        else:
            measure = measure_of(sentence, start, end, limit_start=before, limit_end=after)
        if measure is None:
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
    items = sorted((item for item in items if not _SUBJECT_AFTER.match(sentence, item[1])), key=lambda item: item[0])
    lists: list[list[_Item]] = []
    joins: list[list[str]] = []  # the words between each list's items
    for item in items:
        previous = lists[-1][-1] if lists else None
        join = _LIST_JOIN.fullmatch(sentence, previous[1], item[0]) if previous else None
        if join is not None:
            lists[-1].append(item)
            joins[-1].append(join[0])
        else:
            lists.append([item])
            joins.append([])
    out: list[list[_Item]] = []
    for listed, between in zip(lists, joins, strict=True):
        first = listed[0]
        # "three civilians, a woman and two children": the woman and the children are the three.
        if (
            first[3] in _EVERYONE
            and len(listed) > 1
            and "and" not in between[0]
            and (
                sum(c.min or 0 for _, _, c, _ in listed[1:]) == first[2].min
                or _AMONG_THEM_AFTER.match(sentence, listed[-1][1])
            )
        ):
            out.append(listed[:1])
            continue
        out.extend(_split_at_own_clause(sentence, listed, between))
    return out


def _split_at_own_clause(sentence: str, listed: list[_Item], between: list[str]) -> list[list[_Item]]:
    """ "Shelling killed two women, and three children and a man were injured": the list's tail after its
    last comma (else its last item) is the subject of a clause of its own, told with the other measure."""
    start, end = listed[0][0], listed[-1][1]
    before = _HURTS_BEFORE.search(sentence, max(0, start - 30), start)
    verb = _VERB_AFTER.match(sentence, end)
    if len(listed) < 2 or before is None or verb is None:
        return [listed]
    killing_before = bool(_KILLING.search(sentence, max(0, start - 30), start))
    killing_after = bool(re.fullmatch(_KILL_VERB, verb.group("verb"), re.IGNORECASE))
    if killing_before == killing_after:
        return [listed]
    cut = max((n + 1 for n, join in enumerate(between) if "," in join), default=len(listed) - 1)
    return [listed[:cut], listed[cut:]]


def _is_age(sentence: str, mention: CountMention) -> bool:
    return bool(
        _AGE_BEFORE.search(sentence, max(0, mention.start - 30), mention.start)
        and _AGE_AFTER.match(sentence, mention.end)
    )


def _one_hurt(sentence: str, start: int, end: int) -> str | None:
    """What the verb right beside one person says of them: killed, injured, or nothing."""
    verb = _HURTS_BEFORE.search(sentence, max(0, start - 30), start) or _HURT_AFTER.match(sentence, end)
    if verb is None:
        return None
    return "killed" if re.search(rf"\b(?:{_KILL_VERB}|died)\b", verb.group(0), re.IGNORECASE) else "injured"


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


def _first(tolls: list[tuple[str, Count]], measure: str) -> Count | None:
    """The first count of the measure; one person ("a man was killed") only where no number is given ("A woman
    was killed in Douma and 12 people in Harasta by regime shelling" tells one shelling that killed 12)."""
    counts = [c for m, c in tolls if m == measure]
    return next((c for c in counts if not _ONE_PERSON.fullmatch(c.text)), counts[0] if counts else None)


def killed_injured(tolls: list[tuple[str, Count]], text: str = "") -> tuple[Count | None, Count | None]:
    """An incident's killed and injured counts. Casualties counted together ("5 casualties", "about
    40 killed and wounded") bound the dead from above: killed is "up to" that many. Casualties told
    beside the wounded ("15 casualties and 20 injuries", "9 casualties and tens of injuries") are the dead."""
    killed, injured = _first(tolls, "killed"), _first(tolls, "injured")
    if killed is None:
        together = next((c for m, c in tolls if m == "casualties"), None)
        if together is not None and (injured is not None or _WOUNDED_APART.search(text)):
            return together, injured
        # "at least 9 casualties", "dozens of casualties" set no upper bound: nothing is said of the dead.
        if together is not None and together.max is not None and together.qualifier != "vague":
            killed = Count(None, together.max, "up to", together.text)
    return killed, injured
