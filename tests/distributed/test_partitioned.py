"""Reconciliation in parts gives exactly the incidents of one run: same claims grouped, same fields, same ids.

The claims are generated to reach every path that could make the parts
differ from the whole: several event types on the same places and days;
dates of a day, a month and a year (a long span keeps incidents open across
the time cuts); undated claims placed by their report's date, and claims with
neither; claims with no place; town, near-town and governorate-wide mentions
(which join places into components); denials of any type; allegations; stored ids from an
earlier run; and analysts' merges, splits, grades and corrections.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest

from athar.geo import default_gazetteer
from athar.reconcile import partitioned
from athar.reconcile.incidents import reconcile
from athar.reconcile.partitioned import reconcile_partitioned
from athar.records import Claim, Count, DateValue, Decision, PlaceMention

TYPES = [
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Battles", "Armed clash"),
    ("Violence against civilians", "Attack"),
]
SOURCES = ["AFP", "Reuters", "Syrian Observatory for Human Rights", "SANA", "Al Jazeera", "SNHR", "Enab Baladi", "TASS"]
PERPETRATORS = [None, "Russia", "Syrian government", "Islamic State", "Turkey"]
# Wordings: retold with small changes (near copies join whatever place each resolved) or not at all.
WORDINGS = [
    "warplanes struck the market killing {n} people said the monitor",
    "warplanes struck the crowded market killing {n} people, the monitor said",
    "a car bomb exploded near the mosque after prayers",
    "shelling hit the school yard and the bakery on the main road",
    "gunmen opened fire on a checkpoint at dawn",
    "x",
]


def _places(count: int):
    gazetteer = default_gazetteer()
    places = sorted((p for p in gazetteer.places if p.admin1), key=lambda p: p.id)
    rng = random.Random(7)
    return rng.sample(places, count)


def generate(
    count: int, *, seed: int = 1, undated: bool = True, places: int = 60, per_report: int = 2
) -> tuple[list[Claim], dict[str, DateValue]]:
    """Claims in bursts of fighting (twelve days every two months, 2017-2019), so that time cuts exist, at
    ``places`` places (a few: many claims of each place and day, and incidents of many claims), ``per_report``
    claims to a report."""
    rng = random.Random(seed)
    spots = _places(places)
    claims: list[Claim] = []
    published: dict[str, DateValue] = {}
    start = dt.date(2017, 1, 5)
    for n in range(count):
        doc = f"doc-{n // per_report:05d}"
        day = start + dt.timedelta(days=60 * rng.randrange(18) + rng.randrange(12))
        if doc not in published:
            roll = rng.random()
            published[doc] = (
                DateValue((day + dt.timedelta(days=1)).isoformat(), "day")
                if roll < 0.9
                else DateValue(day.isoformat()[:7], "month")
            )
        roll = rng.random()
        if roll < 0.8:
            date = DateValue(day.isoformat(), "day")
        elif roll < 0.84:
            date = DateValue(day.isoformat()[:7], "month")
        elif roll < 0.85 and day.year == 2019:
            date = DateValue(day.isoformat()[:4], "year")
        elif roll < 0.95 or not undated:
            date = DateValue(None)
        else:
            date = DateValue(day.isoformat(), "day")
        if date.value is None and not undated and published[doc].precision != "day":
            date = DateValue(day.isoformat(), "day")
        place = rng.choice(spots)
        precision = rng.choices([1, 2, 3], weights=[80, 12, 8])[0]
        mention = PlaceMention(place.name, 0, 1, place, precision)
        roll = rng.random()
        kind = "denial" if roll < 0.05 else "allegation" if roll < 0.12 else "incident"
        if rng.random() < 0.06:
            mention = None
        event_type, sub_type = rng.choice(TYPES)
        low = rng.randrange(0, 30)
        claims.append(
            Claim(
                id=f"{doc}:{n % per_report}",
                document_id=doc,
                kind=kind,
                start=n % per_report,
                end=n % per_report + 1,
                text=rng.choice(WORDINGS).format(n=low),
                source=rng.choice(SOURCES),
                # Denials may name no type, and so may a few incident claims ("… were killed in Douma").
                event_type=event_type if rng.random() < (0.95 if kind == "incident" else 0.5) else None,
                sub_event_type=sub_type,
                date=date,
                places=(mention,) if mention else (),
                perpetrator=rng.choice(PERPETRATORS),
                killed=Count(low, low + rng.randrange(0, 5)) if rng.random() < 0.8 else None,
                targets=("hospital",) if rng.random() < 0.1 else (),
            )
        )
    return claims, published


@pytest.mark.parametrize("parts", [1, 3, 8])
def test_parts_give_the_same_incidents_as_one_run(parts):
    claims, published = generate(3000)
    whole = reconcile(claims, published)
    assert reconcile_partitioned(claims, published, parts=parts) == whole
    # and the cuts are real: many blocks, none holding most of the claims
    plan = partitioned.plan(claims, published)
    assert len(plan.blocks) > 20
    assert max(len(b.claims) for b in plan.blocks) < len(claims) / 4
    # denials were attached, claims of different places joined by their wording, attacks to explosions
    assert sum(1 for i in whole if any(a.denied_by for a in i.perpetrators)) > 5
    by_id = {c.id: c for c in claims}
    assert any(
        len({by_id[c].event_type for c in i.claims if c in by_id and by_id[c].kind == "incident"}) > 1 for i in whole
    )
    # and untyped claims and allegations joined incidents of a kind
    assert sum(1 for i in whole for c in i.claims if by_id[c].kind == "incident" and not by_id[c].event_type) > 10
    assert sum(1 for i in whole for c in i.claims if by_id[c].kind == "allegation") > 10


@pytest.mark.parametrize("per_report", [2, 6])
def test_a_dense_theatre_gives_the_same_incidents_in_parts_and_incrementally(per_report):
    """A few towns hit day after day: incidents of many claims, which must not depend on how the work is cut;
    with long reports, many of whose claims join incidents together."""
    claims, published = generate(3000, seed=11, places=3, per_report=per_report)
    whole = reconcile(claims, published)
    assert max(len(i.claims) for i in whole) > 20
    assert reconcile_partitioned(claims, published, parts=5) == whole
    documents = sorted({c.document_id for c in claims})
    for late in (set(documents[-len(documents) // 10 :]), set(documents[::7])):
        earlier = reconcile([c for c in claims if c.document_id not in late], published)
        full = reconcile(claims, published, previous={c: i.id for i in earlier for c in i.claims})
        assert reconcile(claims, published, stored=earlier) == full


def test_input_order_and_stored_ids_are_kept():
    claims, published = generate(2000, seed=2)
    first = reconcile(claims, published)
    previous = {c: i.id for i in first for c in i.claims}
    more, more_published = generate(600, seed=3)
    more = [dataclasses.replace(c, id="new-" + c.id, document_id="new-" + c.document_id) for c in more]
    published = {**published, **{"new-" + k: v for k, v in more_published.items()}}
    shuffled = claims + more
    random.Random(4).shuffle(shuffled)
    whole = reconcile(shuffled, published, previous=previous)
    assert reconcile_partitioned(shuffled, published, previous=previous, parts=5) == whole
    assert len({i.id for i in whole} & {i.id for i in first}) > len(first) // 2


def test_the_order_claims_come_in_changes_nothing():
    """Long reports, shuffled: a report's unplaced claims take the place of the claim told before them in its text,
    not the one that came before them in the list."""
    claims, published = generate(2000, seed=3, per_report=4)
    whole = reconcile(claims, published)
    shuffled = claims[:]
    random.Random(5).shuffle(shuffled)
    assert reconcile(shuffled, published) == whole


def test_analysts_decisions_are_applied_the_same():
    claims, published = generate(2000, seed=5)
    first = reconcile(claims, published)
    many = [i for i in first if len(i.claims) >= 3]
    assert len(many) >= 4
    a, b, c, d = many[:4]
    decisions = [
        Decision(
            1,
            "merge",
            a.id,
            "same event",
            "analyst",
            "2026-01-01",
            claims=a.claims,
            others=(b.id,),
            other_claims=b.claims,
        ),
        Decision(2, "split", c.id, "another bomb", "analyst", "2026-01-01", claims=(c.claims[0],)),
        Decision(3, "grade", d.id, "checked", "analyst", "2026-01-01", claims=d.claims, value="discounted"),
        Decision(4, "correct", c.id, "count", "analyst", "2026-01-01", claims=c.claims, field="killed", value="3-5"),
        Decision(5, "publish", a.id, "ready", "analyst", "2026-01-01", claims=a.claims, value="true"),
    ]
    previous = {cl: i.id for i in first for cl in i.claims}
    whole = reconcile(claims, published, decisions=decisions, previous=previous)
    assert reconcile_partitioned(claims, published, decisions=decisions, previous=previous, parts=4) == whole
    assert any(i.decisions for i in whole)


def test_real_reports_with_a_denial():
    from tests.reconcile.test_incidents import REPORTS, claims_of

    claims, published = claims_of(REPORTS)
    assert any(c.kind == "denial" for c in claims)
    whole = reconcile(claims, published)
    assert any(a.denied_by for i in whole for a in i.perpetrators)
    assert reconcile_partitioned(claims, published, parts=3) == whole


def test_on_a_dask_cluster(dask_client):
    claims, published = generate(1500, seed=9)
    whole = reconcile(claims, published)
    mapped = reconcile_partitioned(claims, published, mapper=partitioned.dask_mapper(dask_client), parts=4)
    assert mapped == whole
