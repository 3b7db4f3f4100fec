"""Many reports, one event: claims merged into incidents, disagreements side by side, graded."""

from __future__ import annotations

import pytest

from athar.extract.claims import extract_claims
from athar.reconcile.incidents import reconcile
from athar.records import DateValue, Document

REPORTS = [
    (
        "ap",
        "AP",
        "2018-01-07",
        "A car bomb exploded in a market in the northern Syrian town of Azaz on Sunday, killing at least three people, "
        "the White Helmets said.",
    ),
    (
        "reuters",
        "Reuters",
        "2018-01-07",
        "A car bomb killed seven people in the Syrian town of Azaz near the Turkish border on Sunday, "
        "a rescue worker said.",
    ),
    (
        "afp",
        "AFP",
        "2018-01-08",
        "At least eight people were killed and 23 wounded by a car bomb in Azaz on Sunday, the Syrian Observatory for "
        "Human Rights said.",
    ),
    (
        "sana",
        "SANA",
        "2018-01-07",
        "Israeli warplanes struck positions near Damascus on Sunday, killing two soldiers, a military source said.",
    ),
    (
        "hospital-1",
        "Al Jazeera",
        "2019-05-06",
        "Russian warplanes bombed a hospital in Kafranbel on Sunday, killing four civilians, rescuers said.",
    ),
    (
        "hospital-2",
        "Reuters",
        "2019-05-06",
        "Russian jets struck a hospital in Kafranbel on Sunday, the Syrian Observatory for Human Rights said.",
    ),
    (
        "hospital-3",
        "Ministry of Defence of the Russian Federation",
        "2019-05-06",
        "The Russian Defence Ministry denied that its aircraft struck a hospital in Kafranbel on Sunday.",
    ),
]


def claims_of(reports):
    """The claims of each report, and each report's publication date."""
    claims, published = [], {}
    for doc_id, outlet, date, body in reports:
        doc = Document(
            id=doc_id,
            item_sha256="sha256:x",
            content_sha256=f"sha256:{doc_id}",
            body=body,
            outlet=outlet,
            published=DateValue(date, "day"),
        )
        published[doc_id] = doc.published
        claims.extend(extract_claims(doc))
    return claims, published


@pytest.fixture(scope="module")
def incidents():
    return reconcile(*claims_of(REPORTS))


def by_place(incidents, admin1):
    return [i for i in incidents if i.place and i.place.place and i.place.place.admin1 == admin1]


def test_three_reports_of_one_car_bomb_are_one_incident_with_the_range_of_tolls(incidents):
    (azaz,) = by_place(incidents, "Aleppo")
    assert azaz.sub_event_type == "Remote explosive/landmine/IED"
    assert azaz.date == DateValue("2018-01-07", "day")
    assert (azaz.killed.min, azaz.killed.max, azaz.killed_best) == (3, 8, 7)
    assert azaz.injured.min == 23
    assert len(azaz.claims) == 3


def test_a_different_event_the_same_day_is_not_blended(incidents):
    damascus = [i for i in incidents if i.sub_event_type == "Air/drone strike" and i.date.value == "2018-01-07"]
    assert len(damascus) == 1
    assert damascus[0].perpetrators[0].actor == "Military Forces of Israel"
    assert damascus[0].killed.min == 2


def test_independent_credible_sources_make_it_fair(incidents):
    (azaz,) = by_place(incidents, "Aleppo")
    assert azaz.originators == 3
    assert azaz.grade == "fair"
    assert not azaz.contested


def test_a_denial_by_the_accused_makes_it_contested_and_never_counts_as_support(incidents):
    (hospital,) = [i for i in incidents if i.place and i.place.place and "Kafr" in i.place.place.name]
    assert hospital.contested and hospital.grade == "contested"
    (russia,) = [a for a in hospital.perpetrators if a.actor == "Military Forces of Russia"]
    assert russia.denied_by and "rescuers" in russia.sources
    assert "denied by" in hospital.grade_reason
    assert hospital.killed.min == 4


def test_same_claims_same_incidents_and_ids(incidents):
    again = reconcile(*claims_of(list(reversed(REPORTS))))
    assert sorted(i.id for i in again) == sorted(i.id for i in incidents)


def test_a_claim_with_no_day_takes_the_one_day_its_report_gives_the_same_kind():
    from athar.reconcile.incidents import with_document_places

    lead = "Russian jets hit an outpost in Babeska on Sunday, killing one fighter. "
    claims, _ = claims_of([("x", "AFP", "2017-04-10", lead + "Shells also fell on Babeska, they said.")])
    days = [c.date.value for c in with_document_places(claims) if c.kind == "incident"]
    assert [c.date.value for c in claims if c.kind == "incident"] == ["2017-04-09", None]
    assert days == ["2017-04-09", "2017-04-09"]
    # A report that names two days for the kind gives its undated claims neither.
    two = lead + "Warplanes struck Babeska again on Thursday. Shells also fell on Babeska, they said."
    claims, _ = claims_of([("y", "AFP", "2017-04-10", two)])
    assert [c.date.value for c in with_document_places(claims) if c.kind == "incident"][-1] is None
