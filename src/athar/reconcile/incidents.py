"""Merge incident claims from many documents into incidents, keeping disagreements side by side.

Two claims tell the same incident when their event types agree (a generic
"attack" may join the explosion that says what it was), their dates can be the
same day (each at its own precision; an undated claim takes the day its report's
other claims of the kind give, else falls back to the week before its report's
publication, and one dated its report's own day may tell of
the day before, outside cities) and their places are the same (a town within
a few kilometres, or a governorate that contains the other; a claim that names
no place, or only the country, takes the place its report's other incident
claims name, and "Idlib" in a report on a town of Idlib governorate takes the
town). A
claim joins an incident only if it is compatible with *every* claim already in
it, so distinct events are never chained together through a claim vague
enough to match both, unless its sentence is a copy of a member's that it is
compatible with (``athar.reconcile.copies``: a wire story reprinted tells what
the wire told). Denials join the incidents they deny, and a claim of people
killed at a place by means unnamed joins the incident of its place and days
(of any kind) told most like it.

Each incident gets: killed and injured as the lowest to the highest figure any
source gives, with the median over originators (one figure each: a reprinted
wire story counts once) as best; every perpetrator with who names it and
who denies it; the number of independent originators (five sites reprinting a
wire, or four outlets quoting one monitor, count once); and a grade on Airwars'
scale: contested (sources name different perpetrators, or a named party denies
it), fair (two or more independent credible originators), weak (one), and
confirmed when the accused side's own ministry or outlet says it did it (a side
is an actor with what it is part of, ``parent`` in actors.toml: CENTCOM speaks
for the US-led coalition; what it concedes is kept apart from the other
sources' tolls). A state-aligned source never corroborates its own side. "Discounted" is an analyst's call.

Analysts' decisions (merge, split, grade, correct, publish) are applied after
clustering on every run (``athar.reconcile.decisions``), and incidents keep the
ids they had: a new grouping takes the id of the stored incident it shares the
most claims with.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import math
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from athar.extract.claims import ELSEWHERE, ELSEWHERE_WORDS
from athar.geo.gazetteer import distance_km
from athar.geo.normalize import tokenize
from athar.reconcile.copies import CopyIndex, copy_groups, words
from athar.reconcile.sources import SourceRegistry, load_registry
from athar.records import Attribution, Claim, Count, DateValue, Decision, Incident, PlaceMention, sha256_hex

# v16: a vague figure ("dozens") bounds and weighs a toll only where no source gives a number; the best toll is
# rounded half up (20.5 is 21); actors named as acting together ("Russian and Syrian warplanes") are all listed, and
# sources disagree only where two name no perpetrator in common; an analyst's grade keeps the sources' contested
# flag (decisions), and one made on an incident later merged into a larger one is not passed on;
# v15: the best toll is the median over originators, one figure each; a side's admission counts for the coalition
# it is part of (``SourceEntry.speaks_for``); an analyst's merge keeps the first incident's id (``assign_ids``);
# v14: a claim that fits no incident follows a claim told with it into one holding a sentence it copies,
# whatever day that sentence was left (a reprint of the wire whose undated sentence joined the lead's incident),
# a claim dated its report's day may take the place of the report's claim of the day before, "neighbourhoods in
# Aleppo" are the city (no town of its governorate);
# v13: a report's claims that can tell one event join incidents together ("In another incident, …" apart), an
# event elsewhere takes no place from the report, places by text order whatever the order claims come in;
# v12: "Idlib" in a report whose claims of the kind say "Idlib province" on its days, and name no other place
# there, is the province; in a city, an air strike and shelling are two events; v11: allegations that blame one
# event join it; v10: untyped claims join an incident of their place and days; v9: attacks by hand (executions,
# shootings) are no bombing's; v8: the last town told; v7: the last place told; v6: copies; v5: report places by
# date; v4: undated claims take their report's one day
NAME = "reconcile.incidents.v17"

SAME_PLACE_KM = 10.0
# A place named near a town, or a district or the countryside of one, may be this far from another.
NEAR_PLACE_KM = 3 * SAME_PLACE_KM
# An undated claim is taken to tell of something in these days before its report.
UNDATED_WINDOW_DAYS = 7
# A claim dated its report's own day may tell of this many days before (outside cities).
REPORT_LAG_DAYS = 1
CREDIBLE = frozenset("ABC")


@dataclass
class Cluster:
    claims: list[Claim] = field(default_factory=list)
    spans: list[tuple[dt.date, dt.date]] = field(default_factory=list)
    denials: list[Claim] = field(default_factory=list)
    # The last day every member can share: past it, no later claim fits them all.
    until: dt.date = dt.date.max
    # The last day any member can mean: past it, not even a copy of a member's sentence can join.
    last: dt.date = dt.date.min
    # The members' sentences, numbered as the claims are, for finding the ones a claim copies.
    sentences: CopyIndex = field(default_factory=CopyIndex)

    def add(self, claim: Claim, span: tuple[dt.date, dt.date]) -> None:
        self.sentences.add(words(claim.text))
        self.claims.append(claim)
        self.spans.append(span)
        self.until = min(self.until, span[1])
        self.last = max(self.last, span[1])


def _span(
    claim: Claim, published: DateValue | None, place: PlaceMention | None = None
) -> tuple[dt.date, dt.date] | None:
    """The days a claim's date can mean: a day, a month, a year, or the days before its report.

    A claim dated the very day of its report may tell of the day before: the
    report's own day is often when it was told ("a monitor said on Wednesday",
    a dateline), not when it happened. Not in a city, where attacks come every
    day and a day's slack would join the attacks of two days. (``place``: as if
    the claim were there, the place it may take from its report.)
    """
    value = claim.date
    pub_day = published.first_day if published is not None and published.precision == "day" else None
    if value.value is None:
        if pub_day is None:
            return None
        return pub_day - dt.timedelta(days=UNDATED_WINDOW_DAYS), pub_day
    first, last = value.first_day, value.last_day
    assert first is not None and last is not None
    if value.precision == "day" and first == pub_day and not _in_city(place or claim.place):
        first -= dt.timedelta(days=REPORT_LAG_DAYS)
    return first, last


def _in_city(mention: PlaceMention | None) -> bool:
    """In a city or one of its quarters ("the Masaken Hanano district of Aleppo")."""
    return mention is not None and mention.place is not None and mention.place.kind in ("city", "neighbourhood")


def _same_place(a: PlaceMention | None, b: PlaceMention | None) -> bool:
    if a is None or b is None or a.place is None or b.place is None:
        return False
    if a.place.id == b.place.id:
        return True
    coarse = max(a.precision, b.precision)
    if coarse >= 3:  # a governorate contains the town the other names
        return bool(a.place.admin1) and a.place.admin1 == b.place.admin1
    limit = SAME_PLACE_KM if coarse == 1 else NEAR_PLACE_KM
    return distance_km(a.place, b.place) <= limit


def _overlap(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> bool:
    return not (a[1] < b[0] or b[1] < a[0])


EXPLOSIONS = "Explosions/Remote violence"
_CHEMICAL = "Chemical weapon"
# "The attack killed 16" is typed an attack on civilians when the sentence names
# no weapon; the bombing it belongs to is typed by the sentence that does.
_GENERIC_ATTACK = ("Violence against civilians", "Attack")
# Unless the sentence says how the victims were killed, face to face: "troops executed 48 people in a
# village" is no bombing's "attack", even told beside a suicide bombing the same week.
_BY_HAND = re.compile(
    r"\b(?:execut\w*|behead\w*|shot\s+dead|gunned\s+down|stabb\w*|slit|tortur\w*|kidnap\w*|abduct\w*)\b",
    re.IGNORECASE,
)


def partition_key(claim: Claim) -> str:
    """Claims with different keys never tell one incident (so partitions by key reconcile apart)."""
    if (claim.event_type, claim.sub_event_type) == _GENERIC_ATTACK and not _BY_HAND.search(claim.text):
        return EXPLOSIONS
    return claim.event_type or ""


# A city is hit from the air and by guns every day (jets on one side's districts, rockets on the other's): there,
# an air strike and shelling told on one day are two events.
_TOLD_APART_IN_CITIES = frozenset({"Air/drone strike", "Shelling/artillery/missile attack"})


def _kinds_fit(a: Claim, b: Claim) -> bool:
    """Same event type, or a generic attack and the explosion that tells what it was; in a city, not an air strike
    and shelling."""
    if partition_key(a) != partition_key(b):
        return False
    if (
        a.sub_event_type != b.sub_event_type
        and {a.sub_event_type, b.sub_event_type} <= _TOLD_APART_IN_CITIES
        and (_in_city(a.place) or _in_city(b.place))
    ):
        return False
    return a.event_type == b.event_type or EXPLOSIONS in (a.event_type, b.event_type)


def compatible(a: Claim, b: Claim, published: Mapping[str, DateValue]) -> bool:
    """Can two incident claims tell the same incident?"""
    span_a, span_b = _span(a, published.get(a.document_id)), _span(b, published.get(b.document_id))
    if span_a is None or span_b is None:
        return False
    return _kinds_fit(a, b) and _overlap(span_a, span_b) and _same_place(a.place, b.place)


def _likeness(claim: Claim, members: list[Claim]) -> float:
    """How closely a claim matches an incident's claims, on average: same place, sub-type, targets, tolls."""
    score = 0
    for member in members:
        if claim.place and member.place and claim.place.place and member.place.place:
            score += 2 * (claim.place.place.id == member.place.place.id)
        score += claim.sub_event_type is not None and claim.sub_event_type == member.sub_event_type
        score += bool(set(claim.targets) & set(member.targets))
        score += claim.killed is not None and member.killed is not None and claim.killed.min == member.killed.min
    return score / len(members)


def _fits(claim: Claim, span: tuple[dt.date, dt.date], member: Claim, other: tuple[dt.date, dt.date]) -> bool:
    return (
        _overlap(span, other)
        and _same_place(claim.place, member.place)
        and _kinds_fit(claim, member)
        and not (claim.document_id == member.document_id and _told_apart(claim, member))
    )


def _told_apart(a: Claim, b: Claim) -> bool:
    """One report tells them as two events: the later one opens "In another incident, …", "Separately, …",
    "Elsewhere in …" (``ELSEWHERE``)."""
    if a.document_id != b.document_id or a.start == b.start:
        return False
    later = a if a.start > b.start else b
    return ELSEWHERE.match(later.text) is not None


def _joins(claim: Claim, span: tuple[dt.date, dt.date], incident: Cluster, *, mate: bool = False) -> bool:
    """Whether a claim fits every claim of an incident, or is a copy of one told at the same place.

    A copy of a member's sentence tells what the member tells, whatever the rest of the incident says, but
    only where it can tell no other days: its days must lie within those of a member that names its day (a
    copy dated Wednesday of an undated member that joined Monday's strike would join two days' events through
    it; a daily template, each day's overlapping the day before's by the report's lag, would drift a day a
    link), or hold all of the member's days (a vaguer copy). A ``mate`` of a claim in the incident (told with
    it, ``told_together``) may copy any member whose days hold its own: the incident's day is its report's.
    """
    if span[0] <= incident.until and all(
        _fits(claim, span, member, other) for member, other in zip(incident.claims, incident.spans, strict=True)
    ):
        return True
    place = claim.place.place if claim.place is not None else None
    if place is None:
        return False
    found = words(claim.text)
    for n in incident.sentences.candidates(found):
        member, other = incident.claims[n], incident.spans[n]
        if not (member.place is not None and member.place.place is not None and member.place.place.id == place.id):
            continue
        told_day = other[1] - other[0] <= dt.timedelta(days=REPORT_LAG_DAYS)
        within = other[0] <= span[0] and span[1] <= other[1]  # the copy's days are the member's
        covers = span[0] <= other[0] and other[1] <= span[1]  # the copy is vaguer and holds the member's days
        days_fit = ((told_day or mate) and within) or covers
        fits = days_fit and _fits(claim, span, member, other) and _same_tolls(claim, member)
        if fits and incident.sentences.is_copy(found, n):
            return True
    return False


def _same_tolls(a: Claim, b: Claim) -> bool:
    """Copies tell one statement only where they give the same tolls, or both none: a template filled in with
    another toll ("… killing 3 civilians", "… killing 5 civilians") is another statement, and a toll left out
    must not make one of two ("killed civilians" beside "killed 12" and "killed 15")."""
    return _tolls(a) == _tolls(b)


def _tolls(claim: Claim) -> tuple[tuple[int | None, int | None] | None, ...]:
    return tuple(None if c is None else (c.min, c.max) for c in (claim.killed, claim.injured))


def order(claim: Claim, span: tuple[dt.date, dt.date]) -> tuple[dt.date, str, int, str]:
    """Where a dated claim stands in the order claims are clustered in: its first possible day, then its report."""
    return (span[0], claim.document_id, claim.start, claim.id)


Told = tuple[tuple[dt.date, dt.date], Claim]

# "Separately, …", "Elsewhere in …", "In another incident, …" (``ELSEWHERE``), and "Meanwhile, …", "Earlier this
# week, …", which turn to another event or to news of the same one.
_ANOTHER_EVENT = re.compile(
    rf"\W*(?:{ELSEWHERE_WORDS}|meanwhile|(?:earlier|later)\s+(?:this|that|last)\s+(?:week|month|year)"
    r"|last\s+(?:week|month|year))\b",
    re.IGNORECASE,
)


def told_together(told: list[Told]) -> list[list[Told]]:
    """A report's claims of one kind grouped by the event they can tell: each joins the latest group all of whose
    members it fits, or starts one; one that turns to another event ("In another incident, …") starts one. Each
    group is in clustering order (``order``).

    A report tells an event over several sentences (the lead's toll "in air strikes on Douma on Tuesday", then
    "six children were among the dead in Eastern Ghouta"), and other reports' incidents should take them
    together: alone, the vaguer sentence (a region, dated only by its report, so maybe the day before) would
    fit the day before's strike on Douma as well.
    """
    if len(told) == 1:
        return [told]
    groups: list[list[Told]] = []
    # The days every member of each group can share (latest first day, earliest last day): a quick way past
    # groups a claim cannot fit, in a long report of many days.
    shared: list[tuple[dt.date, dt.date]] = []
    for span, claim in sorted(told, key=lambda t: (t[1].start, t[1].id)):
        home = None
        if groups and not _ANOTHER_EVENT.match(claim.text):
            home = next(
                (
                    n
                    for n in reversed(range(len(groups)))
                    if shared[n][0] <= span[1]
                    and span[0] <= shared[n][1]
                    and all(_fits(claim, span, m, o) for o, m in groups[n])
                ),
                None,
            )
        if home is None:
            groups.append([])
            shared.append(span)
            home = len(groups) - 1
        groups[home].append((span, claim))
        shared[home] = (max(shared[home][0], span[0]), min(shared[home][1], span[1]))
    for group in groups:
        group.sort(key=lambda t: order(t[1], t[0]))
    return groups


def _most_specific(told: Told) -> tuple[int, int, tuple[dt.date, str, int, str]]:
    """Fewest days first, then the finest place."""
    span, claim = told
    unplaced = 9  # after every precision
    return (span[1] - span[0]).days, claim.place.precision if claim.place else unplaced, order(claim, span)


def _told_with(ids: frozenset[str], incident: Cluster) -> bool:
    """Whether the incident holds a claim of these ids (a ``told_together`` group): not any of the report's, whose
    other events ("In another incident, …") are no reason to join them."""
    return any(member.id in ids for member in incident.claims)


def cluster_claims(claims: Iterable[Claim], published: Mapping[str, DateValue]) -> list[Cluster]:
    """Group incident claims into incidents by complete linkage, in a fixed order (same input, same result).

    A report's claims that can tell one event (``told_together``) join an
    incident together where they all fit one. Otherwise each finds its own,
    the most specific first (fewest days, then finest place), so that a vaguer
    one can follow it: of several incidents a claim fits, it takes the one
    told most like it, then one holding a claim told with it, then the first opened.
    One that fits none follows a claim told with it into an incident that holds a
    sentence it copies (``_joins``' copy rule, without its limit on the copied
    member's days, since its group-mate already settled them).
    Groups are taken in order of their first possible day, so an incident none
    of whose members can share a day with the next group is closed: the cost
    grows with the incidents open at once, not with all incidents. Undated
    claims come first, one incident each, as given; then the others by their
    first claim's ``order``.
    """
    undated: list[Cluster] = []
    by_report: dict[tuple[str, str], list[Told]] = {}
    for claim in claims:
        if claim.kind != "incident" or not claim.event_type:
            continue
        span = _span(claim, published.get(claim.document_id))
        if span is None:  # no date and no dated report: it stands alone
            undated.append(Cluster([claim]))
        else:
            by_report.setdefault((claim.document_id, partition_key(claim)), []).append((span, claim))
    groups = [group for told in by_report.values() for group in told_together(told)]
    groups.sort(key=lambda g: order(g[0][1], g[0][0]))
    clusters: list[Cluster] = []
    open_by_type: dict[str, list[Cluster]] = {}
    for group in groups:
        candidates = open_by_type.setdefault(partition_key(group[0][1]), [])
        candidates[:] = [k for k in candidates if k.last >= group[0][0][0]]
        whole = [k for k in candidates if all(_joins(c, s, k) for s, c in group)] if len(group) > 1 else []
        if whole:
            # Of several incidents the group could join, the one told most like it (first opened on ties).
            home = max(whole, key=lambda k: sum(_likeness(c, k.claims) for _s, c in group))
            for span, claim in group:
                home.add(claim, span)
            continue
        placing = sorted(group, key=_most_specific) if len(group) > 1 else group
        if not candidates:
            # Nothing open to join: the group is one new incident, as placing its claims one by one would make it
            # (its members fit each other), without comparing them all again.
            new = Cluster()
            clusters.append(new)
            candidates.append(new)
            for span, claim in placing:
                new.add(claim, span)
            continue
        ids = frozenset(c.id for _s, c in group)
        homes: set[int] = set()  # the incidents (by id()) its group's claims went to so far
        for span, claim in placing:
            fitting = [k for k in candidates if _joins(claim, span, k)]
            if not fitting and homes:
                fitting = [k for k in candidates if id(k) in homes and _joins(claim, span, k, mate=True)]
            if len(fitting) > 1:
                fitting = [max(fitting, key=lambda k: (_likeness(claim, k.claims), _told_with(ids, k)))]
            found = fitting[0] if fitting else None
            if found is None:
                found = Cluster()
                clusters.append(found)
                candidates.append(found)
            found.add(claim, span)
            homes.add(id(found))
    clusters.sort(key=lambda k: order(k.claims[0], k.spans[0]))
    return undated + clusters


def _originator(claim: Claim, registry: SourceRegistry) -> str:
    """Who first said it: the cited source, else the outlet; known sources by their registry id."""
    entry = registry.find(claim.source)
    return entry.id if entry is not None else claim.source.strip().lower()


def _originator_groups(claims: list[Claim], registry: SourceRegistry) -> list[int]:
    """Per claim, the number of its originator: claims of one originator share one, and so do claims whose
    sentences are copies of one another (``athar.reconcile.copies``: a wire story reprinted without naming the
    wire is still the wire's). What the grade counts, and what the best toll takes one figure of."""
    return copy_groups(
        [words(c.text) for c in claims],
        [_originator(c, registry) for c in claims],
        lambda n, m: _same_tolls(claims[n], claims[m]),
    )


def _range(counts: list[Count]) -> Count | None:
    """The lowest to the highest figure."""
    lows = [c.min for c in counts if c.min is not None]
    highs = [top for c in counts if (top := c.max if c.max is not None else c.min) is not None]
    if not lows and not highs:
        return None
    low = min(lows) if lows else None
    high = max(highs) if highs else None
    return Count(low, high, "exact" if low == high else "range", "")


def half_up(value: float) -> int:
    """Rounded as people round (20.5 is 21), not to even as Python's ``round`` does (20.5 would be 20)."""
    return math.floor(value + 0.5)


def _median(counts: Iterable[Count]) -> int | None:
    """The median of the figures, each taken at the middle of its range ("at least 8" at 8)."""
    points = [
        ((c.min or 0) + c.max) / 2 if c.max is not None and c.min is not None else (c.min or c.max) for c in counts
    ]
    found = [p for p in points if p is not None]
    return half_up(statistics.median(found)) if found else None


def _toll(told: list[tuple[Claim, int, Count]], published: Mapping[str, DateValue]) -> tuple[Count | None, int | None]:
    """(claim, originator group, figure) -> the lowest to the highest figure any claim gives, and as best the
    median over originators, one figure each: five sites reprinting one wire story do not outvote two monitors.

    An originator's figure is the one of its latest report (an update supersedes what it said before), then
    the most precise ("12" over "at least 10"), then the highest (tolls rise as the dead are found).
    """
    # "Dozens" beside "at least 31" adds nothing: the bounds a vague word is read with are the reader's, not the
    # source's, and must not pull the conservative minimum down to 12.
    told = [t for t in told if t[2].qualifier != "vague"] or told
    span = _range([figure for _claim, _group, figure in told])
    if len({group for _claim, group, _figure in told}) == len(told):  # one figure each already (the common case)
        return span, _median(figure for _claim, _group, figure in told)
    chosen: dict[int, tuple[tuple[dt.date, int, int], Count]] = {}
    for claim, group, figure in told:
        said = published.get(claim.document_id)
        width = figure.max - figure.min if figure.max is not None and figure.min is not None else 1 << 30
        rank = (said.first_day if said and said.first_day else dt.date.min, -width, figure.max or figure.min or 0)
        if group not in chosen or rank > chosen[group][0]:
            chosen[group] = (rank, figure)
    return span, _median(figure for _rank, figure in chosen.values())


def _attributions(claims: list[Claim], denials: list[Claim], registry: SourceRegistry) -> tuple[Attribution, ...]:
    named: dict[str, set[str]] = {}
    for claim in claims:
        for actor in filter(None, (claim.perpetrator, *claim.co_perpetrators)):
            named.setdefault(actor, set()).add(claim.source)
    denied: dict[str, set[str]] = {}
    for denial in denials:
        entry = registry.find(denial.source)
        cleared = denial.perpetrator or (entry.affiliation if entry and entry.aligned else None)
        if cleared:
            denied.setdefault(cleared, set()).add(denial.source)
            named.setdefault(cleared, set())
    return tuple(
        Attribution(actor, tuple(sorted(named[actor])), tuple(sorted(denied.get(actor, ())))) for actor in sorted(named)
    )


def concedes(claim: Claim, registry: SourceRegistry) -> bool:
    """Whether the claim is the accused side speaking of itself: its ministry, army or outlet, or those of what
    it is part of or of a part of it (``SourceEntry.speaks_for``: CENTCOM of a coalition strike)."""
    entry = registry.find(claim.source)
    return bool(entry and claim.perpetrator and entry.speaks_for(claim.perpetrator))


def _blamed(claims: list[Claim]) -> list[Claim]:
    """The claims, each that names no one given the one perpetrator its source names elsewhere in the incident:
    a sentence told again without the blame ("… killed four civilians") is still that source's word on who did
    it, so a side's admission stays apart from the others' tolls, and its blame of the other side corroborates
    nothing, however the sentence was cut into claims."""
    named: dict[str, set[str]] = {}
    for claim in claims:
        if claim.perpetrator:
            named.setdefault(claim.source, set()).add(claim.perpetrator)
    return [
        replace(c, perpetrator=min(named[c.source])) if not c.perpetrator and len(named.get(c.source, ())) == 1 else c
        for c in claims
    ]


def _grade(
    claims: list[Claim],
    group: list[int],
    attributions: tuple[Attribution, ...],
    registry: SourceRegistry,
    accounts: Sequence[Claim],
) -> tuple[bool, str, str, int]:
    """(contested, grade, reason, originators), with each claim's originator (``_originator_groups``); ``accounts``
    are the claims and allegations that say who did it.

    Originators are counted once each, and so are claims whose sentences are copies of one another.
    """
    originators = set(group)
    accused = [a for a in attributions if a.sources]
    denied = [a for a in attributions if a.denied_by]
    # Sources disagree where two name no perpetrator in common: "Russian and Syrian warplanes" beside "Russian jets"
    # is one account, told more or less fully; "Russian jets" beside "rebel shelling" are two. A source is one voice,
    # whatever it names in each of its sentences: it does not contest itself.
    by_source: dict[str, set[str]] = {}
    for c in accounts:
        if c.perpetrator:
            by_source.setdefault(c.source, set()).update(filter(None, (c.perpetrator, *c.co_perpetrators)))
    named = list(by_source.values())
    contested = any(a.isdisjoint(b) for a, b in itertools.combinations(named, 2)) or bool(denied)
    conceding = sorted({c.source for c in claims if concedes(c, registry)})
    credible: dict[int, set[str]] = {}  # per group of copies, the credible sources in it
    for claim, copies in zip(claims, group, strict=True):
        entry = registry.find(claim.source)
        if entry is None or entry.reliability not in CREDIBLE:
            continue
        # A belligerent's own outlet does not corroborate its own side's account.
        if entry.aligned and claim.perpetrator and not entry.speaks_for(claim.perpetrator):
            continue
        credible.setdefault(copies, set()).add(entry.id)
    if conceding:
        reason = f"the accused side says it did it: {', '.join(conceding)}"
        if contested:
            reason += "; other sources name others or deny it"
        return contested, "confirmed", reason, len(originators)
    if contested:
        if not denied or len(accused) > 1:
            reason = "sources name different perpetrators: " + "; ".join(a.actor for a in accused)
        else:
            reason = "denied by " + ", ".join(s for a in denied for s in a.denied_by)
        return True, "contested", reason, len(originators)
    if len(credible) >= 2:
        return (
            False,
            "fair",
            # Sources whose sentences are copies of one another are written as one: "afp = reuters".
            f"{len(credible)} independent credible sources: "
            + ", ".join(sorted(" = ".join(sorted(ids)) for ids in credible.values())),
            len(originators),
        )
    return (
        False,
        "weak",
        f"{len(originators)} independent source(s), {len(credible)} of them graded A-C",
        len(originators),
    )


def _by_count(values: Iterable[str]) -> tuple[str, ...]:
    counts = Counter(values)
    return tuple(sorted(counts, key=lambda v: (-counts[v], v)))


_COARSENESS = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}


def _merge(
    cluster: Cluster, registry: SourceRegistry, incident_id: str, published: Mapping[str, DateValue]
) -> Incident:
    # What happened is told by the incident claims; an allegation adds only who is blamed, and by whom.
    claims = [c for c in cluster.claims if c.kind == "incident"]
    # The explosion a generic attack joined, else the type most claims give (the first by name on ties: an
    # analyst's merge of two kinds gives the same type whatever order a run holds the claims in).
    kinds = [c.event_type for c in claims if c.event_type]
    event_type = EXPLOSIONS if EXPLOSIONS in kinds else max(sorted(set(kinds)), key=kinds.count, default="")
    sub_types = [c.sub_event_type for c in claims if c.sub_event_type and c.event_type == event_type]
    sub_type = max(sorted(set(sub_types)), key=sub_types.count) if sub_types else ""
    dated = [c for c in claims if c.date.value]
    # The most exact date any source gives, the earliest on ties: reports run a day behind events.
    date = min((c.date for c in dated), key=lambda d: (_COARSENESS[d.precision], d.value)) if dated else DateValue(None)
    placed = [(c.place, c.place.place, c.id) for c in claims if c.place is not None and c.place.place is not None]
    # The most exact place, the one most sources name on ties (then by ids: the same input, the same answer).
    named = Counter(p.id for _m, p, _c in placed)
    place = min(placed, key=lambda m: (m[0].precision, -named[m[1].id], m[1].id, m[2]))[0] if placed else None
    # What the accused side concedes about itself is kept apart from everyone else's figures.
    blamed = _blamed(claims)
    own_side = [concedes(c, registry) for c in blamed]
    conceded = [c for c, own in zip(blamed, own_side, strict=True) if own]
    others = [c for c, own in zip(blamed, own_side, strict=True) if not own]
    group = _originator_groups(blamed, registry)
    of = dict(zip((c.id for c in blamed), group, strict=True))
    killed, killed_best = _toll([(c, of[c.id], c.killed) for c in others if c.killed is not None], published)
    injured, injured_best = _toll([(c, of[c.id], c.injured) for c in others if c.injured is not None], published)
    children, children_best = _toll(
        [(c, of[c.id], c.children_killed) for c in others if c.children_killed is not None], published
    )
    women, women_best = _toll([(c, of[c.id], c.women_killed) for c in others if c.women_killed is not None], published)
    attributions = _attributions(cluster.claims, cluster.denials, registry)
    accounts = [*blamed, *(c for c in cluster.claims if c.kind == "allegation")]
    contested, grade, reason, originators = _grade(blamed, group, attributions, registry, accounts)
    return Incident(
        id=incident_id,
        event_type=event_type,
        sub_event_type=sub_type,
        date=date,
        place=place,
        claims=tuple(sorted(c.id for c in cluster.claims + cluster.denials)),
        sources=tuple(sorted({c.source for c in claims})),
        originators=originators,
        perpetrators=attributions,
        killed=killed,
        killed_best=killed_best,
        injured=injured,
        injured_best=injured_best,
        contested=contested,
        grade=grade,  # type: ignore[arg-type]
        grade_reason=reason,
        produced_by=NAME,
        targets=tuple(sorted({t for c in claims for t in c.targets})),
        victims=_by_count(c.victims for c in others if c.victims),
        children_killed=children,
        women_killed=women,
        children_killed_best=children_best,
        women_killed_best=women_best,
        conceded_killed=_range([c.killed for c in conceded if c.killed is not None]),
        conceded_by=tuple(sorted({c.source for c in conceded})),
        reported=None if dated else _first_report(claims, published),
    )


def _first_report(claims: list[Claim], published: Mapping[str, DateValue]) -> DateValue | None:
    """The day the first of the claims' reports came out, where it is known to the day."""
    days = [d for c in claims if (d := published.get(c.document_id)) is not None and d.precision == "day" and d.value]
    return min(days, key=lambda d: d.value or "") if days else None


def _fresh_id(claims: list[Claim]) -> str:
    # Named by its first claim of what happened: a denial or allegation joining it later does not rename it.
    told = [c for c in claims if c.kind == "incident"] or claims
    return sha256_hex(min(c.id for c in told).encode()).removeprefix("sha256:")[:16]


def _merged_into(groups: Sequence[list[Claim]], decisions: Sequence[Decision]) -> dict[int, str]:
    """Group number -> the id an analyst's merge gives it: that of the incident merged into (the first named),
    whichever of the merged held more claims. It goes to the group holding most of that incident's own claims
    (so a later split of the others back off leaves it there), else of the others'; a later merge of that group
    into another incident gives it that incident's id instead."""
    merges = sorted((d for d in decisions if d.action == "merge"), key=lambda d: d.seq)
    if not merges:
        return {}
    group_of = {c.id: n for n, members in enumerate(groups) for c in members}
    pinned: dict[int, str] = {}
    for decision in merges:
        held = Counter(group_of[c] for c in decision.claims if c in group_of)
        held = held or Counter(group_of[c] for c in decision.other_claims if c in group_of)
        if held:
            at = min(held, key=lambda n: (-held[n], n))
            pinned = {n: i for n, i in pinned.items() if i != decision.incident_id}  # the id moves with its merge
            pinned[at] = decision.incident_id
    return pinned


def assign_ids(
    groups: Sequence[list[Claim]], previous: Mapping[str, str], decisions: Sequence[Decision] = ()
) -> list[str]:
    """Ids for groups of claims: a group an analyst merged takes the id of the incident merged into; each other
    stored incident's id goes to the group holding most of its claims.

    So an incident keeps its id when new reports join it, when a re-run
    regroups its neighbours, when an analyst merges others into it, or when an
    analyst splits a few claims off it. A group holding no stored incident's
    claims is named by its first claim.
    """
    ids: list[str | None] = [None] * len(groups)
    for n, pinned in _merged_into(groups, decisions).items():
        ids[n] = pinned
    used = {i for i in ids if i is not None}
    votes: list[tuple[int, str, int]] = []
    for n, members in enumerate(groups):
        held = Counter(previous[c.id] for c in members if c.id in previous)
        votes.extend((-count, old, n) for old, count in held.items())
    for _count, old, n in sorted(votes):
        if ids[n] is None and old not in used:
            ids[n] = old
            used.add(old)
    for n, members in enumerate(groups):
        if ids[n] is None:
            fresh = _fresh_id(members)
            while fresh in used:
                fresh = sha256_hex(fresh.encode()).removeprefix("sha256:")[:16]
            ids[n] = fresh
            used.add(fresh)
    return [i for i in ids if i is not None]


class _DayIndex:
    """The incidents whose days overlap a span, found through the days they cover (a scan of all incidents
    begun before it would make attaching thousands of claims to 100,000 incidents quadratic)."""

    # Incidents longer than this (a claim dated by its month or year keeps one open) are always looked at.
    LONGEST = 62

    def __init__(self, clusters: list[Cluster]) -> None:
        self.by_day: dict[dt.date, list[int]] = {}
        self.long: list[tuple[dt.date, dt.date, int]] = []
        self.ranges: list[tuple[dt.date, dt.date, int]] = []
        for n, cluster in enumerate(clusters):
            if not cluster.spans:
                continue
            first, last = min(s[0] for s in cluster.spans), max(s[1] for s in cluster.spans)
            self.ranges.append((first, last, n))
            if (last - first).days > self.LONGEST:
                self.long.append((first, last, n))
                continue
            for offset in range((last - first).days + 1):
                self.by_day.setdefault(first + dt.timedelta(days=offset), []).append(n)

    def overlapping(self, span: tuple[dt.date, dt.date]) -> list[int]:
        """The incidents (by index, in order) whose days overlap ``span``."""
        if (span[1] - span[0]).days > self.LONGEST:
            return sorted(n for first, last, n in self.ranges if first <= span[1] and span[0] <= last)
        found = {n for first, last, n in self.long if first <= span[1] and span[0] <= last}
        for offset in range((span[1] - span[0]).days + 1):
            found.update(self.by_day.get(span[0] + dt.timedelta(days=offset), ()))
        return sorted(found)


def _attach_denials(denials: list[Claim], clusters: list[Cluster], published: Mapping[str, DateValue]) -> None:
    """A denial answers the incidents told at the same place and time (of any type: it may not say which)."""
    days = _DayIndex(clusters)
    for denial in denials:
        span = _span(denial, published.get(denial.document_id))
        if span is None:
            continue
        for n in days.overlapping(span):
            cluster = clusters[n]
            if any(
                _overlap(span, s) and _same_place(denial.place, c.place)
                for c, s in zip(cluster.claims, cluster.spans, strict=True)
            ):
                cluster.denials.append(denial)


def loose(claim: Claim) -> bool:
    """Claims that join one incident told before them rather than make one: people killed or hurt at a place by
    means the words do not name ("More than 19 civilians were killed in Eastern Ghouta on Sunday", an incident
    claim of no event type), and allegations ("The government has accused rebels of using poison gas"), which
    say who did it, not that it happened."""
    return (claim.kind == "incident" and not claim.event_type) or claim.kind == "allegation"


# "had previously accused Russian aircraft of using napalm", "used poison gas in the past": blame for what is done
# again and again, no one event.
_HABITUAL = re.compile(
    r"\b(?:previously(?!\s+[\w-]+-held)|repeatedly|regularly|routinely|often|frequently|(?:has|have|had)\s+long"
    r"|in\s+the\s+past(?!\s+(?:\d+|few|several|two|three|day|days|hours|week)\b))\b",
    re.IGNORECASE,
)


# "blamed Russian warplanes for the strikes", "accused rebels of launching the chemical attacks", "Monday's attack".
_ONE_EVENT = re.compile(
    r"\b(?:the|\w+day's|\w+day’s)\s+(?:(?!of\b)[\w-]+\s+){0,2}?"
    r"(?:attacks?|strikes?|airstrikes?|raids?|bombings?|massacre|shelling|blast|explosion|assault|bombardment)\b",
    re.IGNORECASE,
)


def reconciled(claims: Iterable[Claim]) -> list[Claim]:
    """The claims reconciliation takes: incident claims, denials, and allegations that blame one event."""
    return [c for c in claims if c.kind in ("incident", "denial") or (c.kind == "allegation" and _blames_one_event(c))]


def _blames_one_event(claim: Claim) -> bool:
    """Whether an allegation blames someone named for one event: of a kind, dated to its day or week or told
    with a definite noun ("the attack"), and not for what is done again and again ("has previously accused … of
    using napalm"). Blame for a kind of act ("accusing the government of using chemical weapons", "of war
    crimes", "of eight chemical attacks on Aleppo in 2016") or for "that attack" (one told before, often
    another) names no event to join."""
    if not (claim.event_type and claim.perpetrator) or _HABITUAL.search(claim.text):
        return False
    return claim.date.precision in ("day", "week") or _ONE_EVENT.search(claim.text) is not None


def _blamed_for(claim: Claim, members: list[Claim]) -> bool:
    """A chemical attack is blamed on someone only where one is told: not the missile strike told beside "the
    suspected gas attack that Washington has blamed on Assad's forces" (one event type, another weapon). Other
    kinds of one type are often told either way (rockets or air strikes), and join as claims do."""
    if claim.kind != "allegation" or claim.sub_event_type != _CHEMICAL:
        return True
    return any(c.sub_event_type == _CHEMICAL for c in members if _typed(c))


def _typed(claim: Claim) -> bool:
    return claim.kind == "incident" and bool(claim.event_type)


def _attach_loose(claims: list[Claim], clusters: list[Cluster], published: Mapping[str, DateValue]) -> None:
    """A loose claim (``loose``) tells the incident whose every claim it fits by day and place (of any kind,
    when it names none), the one told most like it (the first on ties); one it fits none of stays out, and so
    does one placed only in a governorate ("60 people died in Idlib province" is a day's tally, not one
    strike's).

    Loose claims are taken in input order, and each must fit those attached before it too: two tolls of
    different days never meet in one incident through the typed claims they both fit.
    """
    days = _DayIndex(clusters)
    for claim in claims:
        span = _span(claim, published.get(claim.document_id))
        if span is None or _vague(claim.place) or claim.place is None or claim.place.precision >= 3:
            continue
        fitting = []
        for n in days.overlapping(span):
            members = list(zip(clusters[n].claims, clusters[n].spans, strict=True))
            if (
                any(_typed(c) for c, _s in members)
                and _blamed_for(claim, clusters[n].claims)
                and all(
                    _overlap(span, s)
                    and _same_place(claim.place, c.place)
                    and not _told_apart(claim, c)
                    and (not claim.event_type or not c.event_type or _kinds_fit(claim, c))
                    for c, s in members
                )
            ):
                fitting.append(n)
        if fitting:
            home = clusters[max(fitting, key=lambda n: _likeness(claim, [c for c in clusters[n].claims if _typed(c)]))]
            home.claims.append(claim)
            home.spans.append(span)


def _vague(mention: PlaceMention | None) -> bool:
    """No place, or only the country: "in Syria" places nothing for telling incidents apart."""
    return mention is None or mention.place is None or mention.place.kind == "country"


@functools.lru_cache(maxsize=4096)
def _same_name(a: str, b: str) -> bool:
    return [t.key for t in tokenize(a) if t.key] == [t.key for t in tokenize(b) if t.key]


def _governorate_wide(mention: PlaceMention | None) -> bool:
    """A governorate ("Idlib province"), or a city named like its governorate ("Idlib", "Hama") without words
    that make it the city or the province: either may mean the province around a town the report names."""
    if mention is None or mention.place is None:
        return False
    if mention.place.kind == "admin1":
        return True
    if mention.place.kind != "city" or mention.precision != 1:
        return False
    return mention.relation in (None, "in") and _same_name(mention.place.name, mention.place.admin1 or "")


# Words that make a governorate's namesake the city itself.
_CITY_ITSELF = re.compile(r"\b(?:city|neighbou?rhoods?|district|quarter)\b", re.IGNORECASE)


def _the_city_itself(claim: Claim) -> bool:
    """Words right beside the city the claim names that make it the city itself: "neighbourhoods in Aleppo",
    "Idlib city", "the city of Hama" (not a town of its governorate the report names)."""
    mention = claim.place
    if mention is None or mention.place is None or mention.place.kind != "city":
        return False
    at = mention.start  # into the claim's sentence
    if claim.text[at : at + len(mention.text)] != mention.text:  # a place the claim took from its report
        return False
    return _CITY_ITSELF.search(claim.text, max(0, at - 30), at + len(mention.text) + 10) is not None


# Claims that take their report's place and day: what happened, and who is blamed for it.
_TOLD = ("incident", "allegation")


def with_document_places(claims: list[Claim], published: Mapping[str, DateValue] | None = None) -> list[Claim]:
    """Give an incident claim (or allegation) that names no place (or only the country) the place its report is
    about, and one that names no day the day its report's claims of the kind give, when they all give one.

    A report names its place once, in the lead ("…in Aleppo's Bab al-Nayrab
    district"), and later sentences say "the barrel bomb" or "the attack":
    those claims take the place of the last incident claim told before them
    (a report that turns to another town goes on about that town), else the
    place the report's incident claims name most (the earliest on ties). A
    report that names no place leaves them unplaced.

    A report dates its event once too ("Russian jets hit an outpost on Sunday … several raids overnight hit
    Babeska"): an undated claim takes the one day its report's other claims of the kind name (none when
    they name several).

    Likewise "a gas attack in Syria's Idlib" in a report whose other claims of
    the kind name a town of Idlib governorate (Khan Shaykhun): a city named like
    its governorate means the governorate there, and the claim takes the town
    (the one of the governorate told last before it, else the one those claims
    name most), as does a claim that took such a city from its report.

    With the reports' publication dates (``published``), a claim dated its report's own day may tell of the day
    before (``_span``): "who launched a chemical attack in Syria", dated Wednesday by the day it was argued over,
    takes the town of the report's Tuesday attack.
    """
    named: dict[str, Counter[str]] = {}
    # Per report: where in its text each placed incident claim starts, and its place.
    told_at: dict[str, list[tuple[int, str]]] = {}
    first: dict[str, dict[str, PlaceMention]] = {}
    # Per report and place: the dates its claims there give (an undated claim fits any day).
    dated: dict[tuple[str, str], list[DateValue]] = {}
    # Per report and kind (``partition_key``): the places its claims name, not counting governorates or their namesakes.
    towns: dict[tuple[str, str], Counter[str]] = {}
    # Per report, kind and governorate: how its claims name the governorate itself ("Idlib province"), and their dates.
    provinces: dict[tuple[str, str, str], tuple[PlaceMention, list[DateValue]]] = {}
    # In each report's text order, whatever order the claims come in: "first on ties" is the first told.
    for claim in sorted(claims, key=lambda c: (c.document_id, c.start, c.id)):
        if claim.kind == "incident" and not _vague(claim.place):
            assert claim.place is not None and claim.place.place is not None
            if claim.place.place.kind == "admin1":
                key = (claim.document_id, partition_key(claim), claim.place.place.name)
                provinces.setdefault(key, (claim.place, []))[1].append(claim.date)
            named.setdefault(claim.document_id, Counter())[claim.place.place.id] += 1
            told_at.setdefault(claim.document_id, []).append((claim.start, claim.place.place.id))
            first.setdefault(claim.document_id, {}).setdefault(claim.place.place.id, claim.place)
            dated.setdefault((claim.document_id, claim.place.place.id), []).append(claim.date)
            if not _governorate_wide(claim.place):
                towns.setdefault((claim.document_id, partition_key(claim)), Counter())[claim.place.place.id] += 1
    # Per report and kind: the days its dated incident claims give ("on Sunday" in the lead, nothing after).
    days: dict[tuple[str, str], set[str]] = {}
    for claim in claims:
        if claim.kind == "incident" and claim.date.precision == "day" and claim.date.value:
            days.setdefault((claim.document_id, partition_key(claim)), set()).add(claim.date.value)

    def days_of(claim: Claim, at: PlaceMention | None = None) -> tuple[dt.date, dt.date] | None:
        """The days a dated claim may tell of (placed ``at`` a place it may take): with publication dates, a
        report's own day may be the day before, as ``_span`` says (not in a city)."""
        if claim.date.value is None:
            return None
        if published is not None:
            return _span(claim, published.get(claim.document_id), at)
        assert claim.date.first_day is not None and claim.date.last_day is not None
        return claim.date.first_day, claim.date.last_day

    out = []
    for claim in claims:
        told = days.get((claim.document_id, partition_key(claim)))
        if claim.kind in _TOLD and claim.date.value is None and told is not None and len(told) == 1:
            claim = replace(claim, date=DateValue(next(iter(told)), "day"))
        # "In another incident, …", "Elsewhere, …": whatever the report told before is no guide to where ("Meanwhile,
        # the Coalition said the attack killed 100" may be the same attack).
        another = ELSEWHERE.match(claim.text) is not None
        unplaced = _vague(claim.place) and not another
        if claim.kind in _TOLD and unplaced and claim.document_id in named:
            counts = named[claim.document_id]
            # A claim dated another day than every claim at a place tells another event ("… missile strikes
            # on an air base on Friday" in a report on Saturday's strike in a village).
            fit = [
                pid
                for pid, at in first[claim.document_id].items()
                if _same_days(days_of(claim, at), dated[claim.document_id, pid])
            ]
            if fit:
                # The place of the last event told before it ("… The barrel bomb also wounded dozens"), else
                # the one the report names most (the first on ties: dicts keep first-seen order).
                best = _last_told(told_at[claim.document_id], claim.start, fit) or max(fit, key=lambda pid: counts[pid])
                claim = replace(claim, places=(first[claim.document_id][best], *claim.places))
        if claim.kind in _TOLD and _governorate_wide(claim.place) and not another and not _the_city_itself(claim):
            assert claim.place is not None and claim.place.place is not None
            wide = claim.place.place
            counted = towns.get((claim.document_id, partition_key(claim)))
            town = _town_of_governorate(
                claim, functools.partial(days_of, claim), counted, first, dated, told_at.get(claim.document_id, [])
            )
            if town is not None:
                claim = replace(claim, places=(town, *claim.places))
            elif wide.kind == "city" and not _CITY_ITSELF.search(claim.text):
                # "the attack in Idlib" in a report whose claims of the kind say "Idlib province" on its days and
                # name no other place there: the province (not "Idlib city", "shells on al-Midan neighborhood in
                # Aleppo", "Salah al-Din in Aleppo": the city itself).
                province = provinces.get((claim.document_id, partition_key(claim), wide.admin1 or ""))
                elsewhere = any(
                    pid != wide.id
                    and (named_place := first[claim.document_id][pid].place) is not None
                    and named_place.admin1 == wide.admin1
                    for pid in counted or ()
                )
                if province is not None and not elsewhere and _same_days(days_of(claim), province[1]):
                    claim = replace(claim, places=(province[0], *claim.places))
        out.append(claim)
    return out


def _same_days(days: tuple[dt.date, dt.date] | None, others: list[DateValue]) -> bool:
    """Could a claim of these days (None: undated) tell of the same days as one of the others (undated ones fit
    any)?"""
    if days is None or any(o.value is None for o in others):
        return True
    return any(_overlap(days, (o.first_day or dt.date.min, o.last_day or dt.date.max)) for o in others)


def _last_told(told: list[tuple[int, str]], start: int, among: Iterable[str]) -> str | None:
    """Of the places ``among``, the one of the last incident claim its report told before ``start``."""
    wanted = set(among)
    before = max(((at, place) for at, place in told if at < start and place in wanted), default=None)
    return before[1] if before else None


def _town_of_governorate(
    claim: Claim,
    days: Callable[[PlaceMention], tuple[dt.date, dt.date] | None],
    counts: Counter[str] | None,
    first: dict[str, dict[str, PlaceMention]],
    dated: dict[tuple[str, str], list[DateValue]],
    told: list[tuple[int, str]],
) -> PlaceMention | None:
    """The town of the governorate (or its namesake city's) that the report's claims of the kind told last before
    the claim, else name most, if any."""
    assert claim.place is not None and claim.place.place is not None
    wide = claim.place.place
    if not counts:
        return None
    places = first[claim.document_id]
    # Of the towns whose claims could be of the claim's days (see ``with_document_places``).
    fit = [pid for pid, at in places.items() if pid in counts and _same_days(days(at), dated[claim.document_id, pid])]
    if not fit:
        return None
    inside = [pid for pid in fit if (named := places[pid].place) is not None and named.admin1 == wide.admin1]
    best = _last_told(told, claim.start, inside) or max(fit, key=lambda pid: counts[pid])  # first-seen on ties
    town = places[best]
    assert town.place is not None
    if town.precision != 1 or town.place.admin1 != wide.admin1:
        return None
    if wide.kind == "city" and distance_km(town.place, wide) <= SAME_PLACE_KM:
        return None  # a quarter of the city itself
    return town


def _components(claims: Iterable[Claim], published: Mapping[str, DateValue]) -> dict[str, int]:
    """Number the runs of claims whose days chain together: no incident or denial spans two runs."""
    timed = []
    for claim in claims:
        span = _span(claim, published.get(claim.document_id))
        if span is not None:
            timed.append((span, claim.id))
    timed.sort()
    component: dict[str, int] = {}
    number, end = -1, dt.date.min
    for (first, last), claim_id in timed:
        if number < 0 or first > end:
            number, end = number + 1, last
        else:
            end = max(end, last)
        component[claim_id] = number
    return component


def _reuse(
    claims: list[Claim], published: Mapping[str, DateValue], stored: Sequence[Incident]
) -> tuple[list[Claim], list[Cluster]]:
    """Split the work of an incremental run: the claims to cluster again, and the stored groupings that stand.

    Only the runs of days (``_components``) that hold a claim of a report whose
    claims changed, or a claim that is gone, are clustered again; clustering
    never joins claims of different runs, so the rest is what it was.
    """
    component = _components(claims, published)
    current = {c.id for c in claims}
    held = {claim_id for incident in stored for claim_id in incident.claims}
    changed_documents = {c.document_id for c in claims if c.id not in held}
    dirty = {component[c.id] for c in claims if c.document_id in changed_documents and c.id in component}
    spans_of = {i.id: {component[c] for c in i.claims if c in component} for i in stored}
    for incident in stored:
        if any(c not in current for c in incident.claims):
            dirty |= spans_of[incident.id]
    grew = True
    while grew:  # an incident (merged by an analyst, say) across runs takes them all with it
        grew = False
        for runs in spans_of.values():
            if runs & dirty and not runs <= dirty:
                dirty |= runs
                grew = True
    by_id = {c.id: c for c in claims}
    reused: list[Cluster] = []
    kept: set[str] = set()
    for incident in stored:
        runs = spans_of[incident.id]
        if not runs or runs & dirty:
            continue
        members = [by_id[c] for c in incident.claims]
        told = [c for c in members if c.kind != "denial"]
        spans = [_span(c, published.get(c.document_id)) for c in told]
        reused.append(Cluster(told, [s for s in spans if s is not None], [c for c in members if c.kind == "denial"]))
        kept.update(incident.claims)
    again = [c for c in claims if c.id not in kept and (c.id not in component or component[c.id] in dirty)]
    return again, reused


def reconcile(
    claims: Iterable[Claim],
    published: Mapping[str, DateValue],
    *,
    registry: SourceRegistry | None = None,
    decisions: Sequence[Decision] = (),
    previous: Mapping[str, str] | None = None,
    stored: Sequence[Incident] | None = None,
) -> list[Incident]:
    """Incidents from claims, in date order.

    ``published`` maps document ids to their publication dates; ``decisions``
    are the analysts' calls to re-apply; ``previous`` maps claim ids to the
    stored incidents holding them, so ids stay stable across runs. With
    ``stored`` (the last run's incidents), the run is incremental: only the
    days touched by new, changed or removed reports are clustered again, with
    the same result as a full run.
    """
    from athar.reconcile.decisions import amend, regroup

    registry = registry or load_registry()
    everything = with_document_places(reconciled(claims), published)
    if stored is not None:
        previous = {claim_id: i.id for i in stored for claim_id in i.claims}
        everything, reused = _reuse(everything, published, stored)
    else:
        reused = []
    clusters = cluster_claims(everything, published)
    _attach_denials([c for c in everything if c.kind == "denial"], clusters, published)
    _attach_loose([c for c in everything if loose(c)], clusters, published)
    clusters = regroup(reused + clusters, decisions)
    ids = assign_ids([k.claims + k.denials for k in clusters], previous or {}, decisions)
    merged = amend([_merge(k, registry, i, published) for k, i in zip(clusters, ids, strict=True)], decisions)
    return sorted(merged, key=lambda i: (i.date.first_day or dt.date.max, i.id))
