"""The reconciliation rules, one by one: who corroborates, who concedes, what a series is."""

from __future__ import annotations

import dataclasses
import datetime as dt

from athar.reconcile.figures import figure_series
from athar.reconcile.incidents import assign_ids, reconcile, with_document_places
from athar.records import DateValue
from tests.reconcile.test_incidents import REPORTS, claims_of

DOUMA = (
    "At least 12 people were killed in air strikes on Douma on Friday, the Syrian Observatory for Human Rights said."
)


def test_syndicated_copies_count_once():
    """Four outlets quoting the Observatory are the Observatory once: one originator, and still weak."""
    reports = [(f"copy-{n}", outlet, "2018-03-02", DOUMA) for n, outlet in enumerate(["AFP", "Reuters", "BBC", "CNN"])]
    (incident,) = reconcile(*claims_of(reports))
    assert len(incident.sources) == 1 and incident.originators == 1
    assert incident.grade == "weak"


def test_what_the_accused_concedes_confirms_it_and_is_kept_apart():
    reports = [
        (
            "mod",
            "Ministry of Defence of the Russian Federation",
            "2019-05-06",
            "Russian warplanes struck terrorist positions in Kafranbel on Sunday, killing 30 militants, "
            "the Russian Defence Ministry said.",
        ),
        ("aj", "Al Jazeera", "2019-05-06", "Russian warplanes bombed Kafranbel on Sunday, killing four civilians."),
    ]
    (incident,) = reconcile(*claims_of(reports))
    assert incident.grade == "confirmed"
    assert incident.conceded_by == ("Ministry of Defence of the Russian Federation",)
    assert (incident.conceded_killed.min, incident.killed.min, incident.killed.max) == (30, 4, 4)


def test_a_denial_never_counts_as_support():
    """The same incident with and without the accused's denial: same sources and originators; contested with it."""
    claims, published = claims_of(REPORTS)
    with_denial = {i.id: i for i in reconcile(claims, published)}
    without = {i.id: i for i in reconcile([c for c in claims if c.kind != "denial"], published)}
    assert with_denial.keys() == without.keys()
    changed = [i for i in with_denial if with_denial[i] != without[i]]
    assert len(changed) == 1
    (hospital,) = changed
    assert (with_denial[hospital].sources, with_denial[hospital].originators) == (
        without[hospital].sources,
        without[hospital].originators,
    )
    assert (without[hospital].grade, with_denial[hospital].grade) == ("weak", "contested")


def test_an_allegation_names_its_accused_with_who_accuses_and_never_counts_as_support():
    """ "The government blamed rebels for the attack" joins the incident it blames them for: the accused stand
    beside the perpetrator the reports name, said by the accuser, and the incident is contested; its sources,
    originators and tolls are the reports' alone. Blame for a kind of act, or for what is done again and again,
    names no event and joins none."""
    strike = "Russian jets bombed a market in Saraqeb on Monday, killing 12 people, the Observatory said."
    reports = [
        ("afp", "AFP", "2016-08-02", strike),
        ("sana", "SANA", "2016-08-02", "Rockets hit Saraqeb on Monday. The government blamed rebels for the attack."),
        ("trt", "TRT", "2016-08-02", "The government has accused rebels of using poison gas in Saraqeb."),
        ("ap", "AP", "2016-08-02", "Residents of Saraqeb have repeatedly accused rebels of the strikes."),
    ]
    claims, published = claims_of(reports)
    assert sum(c.kind == "allegation" for c in claims) == 3
    found = [i for i in reconcile(claims, published) if i.killed is not None]
    (incident,) = found
    by_id = {c.id: c for c in claims}
    assert sorted(by_id[c].document_id for c in incident.claims if by_id[c].kind == "allegation") == ["sana"]
    said = {a.actor: a.sources for a in incident.perpetrators}
    assert said == {
        "Military Forces of Russia": ("Syrian Observatory for Human Rights",),
        "Opposition rebels": ("government",),
    }
    assert incident.contested and incident.grade == "contested"
    (before,) = [i for i in reconcile([c for c in claims if c.kind != "allegation"], published) if i.killed]
    assert (incident.sources, incident.originators, incident.killed) == (
        before.sources,
        before.originators,
        before.killed,
    )
    assert (before.contested, before.id) == (False, incident.id)  # an allegation does not rename it either


def test_blame_for_another_event_or_for_many_joins_no_incident():
    """The gas attack a missile strike answered is not the strike; blame for eight attacks in a year is for none;
    an analyst who splits an allegation off detaches it (no incident of blame alone)."""
    from athar.records import Decision

    reports = [
        (
            "ap",
            "AP",
            "2017-04-08",
            "U.S. warships fired 59 cruise missiles at the Shayrat air base near Homs on Friday, killing six "
            "soldiers, the Syrian army said. U.S. officials said the strike was in response to the suspected gas "
            "attack that Washington has blamed on Assad's forces.",
        ),
        ("hrw", "HRW", "2016-12-15", "Government helicopters dropped chlorine on Aleppo on Monday, killing 3."),
        ("hrw2", "HRW", "2016-12-16", "HRW accused government forces of eight chemical attacks on Aleppo in 2016."),
        (
            "afp",
            "AFP",
            "2016-12-13",
            "Chlorine killed 3 people in Aleppo on Monday. Rebels blamed the attack on Assad's forces.",
        ),
        # Blame for a kind of act: "the regime of strikes" is no definite event.
        ("ap2", "AP", "2016-12-13", "The opposition has accused the regime of strikes on hospitals in Aleppo."),
    ]
    claims, published = claims_of(reports)
    by_id = {c.id: c for c in claims}
    found = reconcile(claims, published)
    joined = [by_id[c] for i in found for c in i.claims if by_id[c].kind == "allegation"]
    assert [c.document_id for c in joined] == ["afp"]
    (strike,) = [i for i in found if i.place is not None and "Shayrat" in i.place.text]
    assert not strike.contested
    # An analyst splits the allegation off the Aleppo incident: it is detached, no incident of it alone.
    (aleppo,) = [i for i in found if joined[0].id in i.claims]
    split = Decision(1, "split", aleppo.id, "another attack", "analyst", "2026-01-01T00:00:00Z", claims=(joined[0].id,))
    again = reconcile(claims, published, decisions=[split])
    assert all(any(by_id[c].kind == "incident" for c in i.claims) for i in again)
    assert not any(joined[0].id in i.claims for i in again)
    # Splitting off all it tells detaches the blame left behind.
    told = tuple(c for c in aleppo.claims if by_id[c].kind == "incident")
    split = dataclasses.replace(split, claims=told)
    again = reconcile(claims, published, decisions=[split])
    assert not any(joined[0].id in i.claims for i in again) and any(set(told) <= set(i.claims) for i in again)


def test_a_strike_told_last_week_joins_the_days_report_and_the_day_dates_it():
    """ "Last week" is the seven days of the week before the report's: it joins the strike told that week (not one
    of the week after), and the day a report names dates the incident; alone, it is dated by the week, which
    ACLED's CSV writes as time precision 2."""
    from athar.export.acled import acled_row
    from athar.reconcile.sources import load_registry

    reports = [
        ("afp", "AFP", "2016-08-11", "Russian jets bombed a market in Saraqeb on Wednesday, killing 12 people."),
        ("sana", "SANA", "2016-08-15", "Russian jets bombed a market in Saraqeb last week, killing 12 people."),
        ("trt", "TRT", "2016-08-25", "Russian jets bombed a market in Saraqeb on Tuesday, killing 9 people."),
    ]
    claims, published = claims_of(reports)
    assert [c.date for c in claims] == [
        DateValue("2016-08-10", "day"),
        DateValue("2016-08-08", "week"),
        DateValue("2016-08-23", "day"),
    ]
    document_of = {c.id: c.document_id for c in claims}
    joined = {tuple(sorted(document_of[c] for c in i.claims)): i for i in reconcile(claims, published)}
    assert sorted(joined) == [("afp", "sana"), ("trt",)]
    assert joined["afp", "sana"].date == DateValue("2016-08-10", "day")
    (alone,) = reconcile([c for c in claims if c.document_id == "sana"], published)
    assert alone.date.precision == "week"
    assert acled_row(alone, load_registry(), 0)["time_precision"] == 2


def test_incidents_keep_their_ids_when_new_reports_join_them():
    claims, published = claims_of(REPORTS[:2])
    (first,) = reconcile(claims, published)
    previous = dict.fromkeys(first.claims, first.id)
    more, more_published = claims_of(REPORTS[:3])
    (again,) = [i for i in reconcile(more, more_published, previous=previous) if first.claims[0] in i.claims]
    assert again.id == first.id and len(again.claims) == 3


def test_each_stored_id_goes_to_one_group_only():
    claims, _ = claims_of(REPORTS[:2])
    a, b = claims[0], claims[1]
    ids = assign_ids([[a], [b]], {a.id: "old", b.id: "old"})
    assert ids[0] == "old" and ids[1] != "old"


def test_figures_of_one_measure_place_and_period_form_one_series_in_the_order_said():
    reports = [
        (
            "snhr-1",
            "SNHR",
            "2019-09-30",
            "Russian forces have killed more than 6,500 civilians in Syria since 2015, the Syrian Network for "
            "Human Rights said.",
        ),
        (
            "snhr-2",
            "Al Jazeera",
            "2020-09-30",
            "Russian forces have killed 6,859 civilians in Syria since 2015, the Syrian Network for Human Rights said.",
        ),
    ]
    claims, published = claims_of(reports)
    series = [s for s in figure_series(claims, published) if s.measure == "killed"]
    assert len(series) == 1
    (found,) = series
    assert [p.value.min for p in found.points] == [6501, 6859]  # "more than 6,500" is at least 6,501
    assert found.latest.min == 6859 and found.points[0].said_on.value == "2019-09-30"


def test_a_claim_that_names_no_place_takes_its_reports_place():
    """ "The attack also wounded dozens": no place of its own, so the place its report names."""
    claims, published = claims_of(REPORTS[:1])
    (lead,) = [c for c in claims if c.kind == "incident"]
    later = dataclasses.replace(
        lead,
        id="later",
        start=lead.end + 1,
        end=lead.end + 20,
        places=(),
        sub_event_type="Attack",
        event_type="Violence against civilians",
    )
    other = dataclasses.replace(lead, id="elsewhere", document_id="other", places=())
    (together, alone) = sorted(
        reconcile([lead, later, other], {**published, "other": published[lead.document_id]}),
        key=lambda i: -len(i.claims),
    )
    assert set(together.claims) == {lead.id, "later"} and together.event_type == "Explosions/Remote violence"
    assert alone.claims == ("elsewhere",) and alone.place is None  # its own report names no place


def test_a_claim_that_names_no_place_takes_the_place_told_last_before_it():
    """A report on Douma turns to Harasta: what follows, unplaced, is told of Harasta, though Douma is named more."""
    text = (
        "Air strikes killed 12 people in Douma on Monday. Air strikes on Douma also destroyed a school. "
        "Regime shelling killed three people in Harasta on Monday. Warplanes also struck a bakery, wounding five."
    )
    claims, _published = claims_of([("a", "AFP", "2018-02-20", text)])
    placed = with_document_places([c for c in claims if c.kind == "incident"])
    assert [c.place.text for c in placed] == ["Douma", "Douma", "Harasta", "Harasta"]
    # The first claim of a report, unplaced, takes the place the report names most.
    text = "Warplanes struck a bakery, wounding five. Air strikes killed 12 in Douma. Shelling hit Douma and Harasta."
    claims, _published = claims_of([("a", "AFP", "2018-02-20", text)])
    first = with_document_places([c for c in claims if c.kind == "incident"])[0]
    assert first.place is not None and first.place.text == "Douma"


def test_a_claim_placed_in_a_province_takes_the_town_of_it_told_last_before_it():
    """Saraqib, then Khan Sheikhoun, then "in Idlib province also …": the province's claim goes on about the
    town just told, though the report names each once."""
    text = (
        "Shelling hit Saraqib on Tuesday, killing two people. Air strikes on Khan Sheikhoun killed 10 people on "
        "Tuesday. Air strikes in Idlib province also wounded 30 people on Tuesday, the Observatory said."
    )
    claims, _published = claims_of([("a", "AFP", "2017-04-05", text)])
    placed = with_document_places([c for c in claims if c.kind == "incident"])
    assert [c.place.text for c in placed] == ["Saraqib", "Khan Sheikhoun", "Khan Sheikhoun"]


def test_different_events_the_same_day_in_different_towns_stay_apart():
    reports = [
        ("a", "AFP", "2016-07-05", "A car bomb killed 16 people in Hasakah on Tuesday, the Observatory said."),
        ("b", "AFP", "2016-07-05", "A car bomb killed four people in Azaz on Tuesday, the Observatory said."),
        ("c", "Reuters", "2016-07-05", "The attack in Azaz on Tuesday killed five people, rescuers said."),
    ]
    found = reconcile(*claims_of(reports))
    assert sorted(len(i.claims) for i in found) == [1, 2]


def test_in_a_city_an_air_strike_and_shelling_the_same_day_are_two_events():
    """Aleppo is hit from the air and by guns every day; a town's air strike and shelling of a day are reports of
    one attack told two ways."""
    for place, expected in (("Aleppo", 2), ("Saraqeb", 1)):
        reports = [
            ("a", "AFP", "2016-08-10", f"Regime air strikes killed 12 people in {place} on Tuesday."),
            ("b", "SANA", "2016-08-10", f"Rebel shelling killed 5 people in {place} on Tuesday."),
        ]
        assert len(reconcile(*claims_of(reports))) == expected, place


def test_killings_by_hand_are_not_the_bombing_told_beside_them():
    """ "The attack killed 16" joins the bombing its report names; an execution or a shooting is its own event."""
    bombing = "A suicide bomber killed four people in Qardaha on Sunday, the Observatory said."
    reports = [
        ("a", "AFP", "2015-02-22", bombing + " Troops executed 48 people in the village, including 10 children."),
        ("b", "Reuters", "2015-02-22", "The attack in Qardaha on Sunday killed four people, state television said."),
    ]
    found = reconcile(*claims_of(reports))
    executions = [i for i in found if i.event_type == "Violence against civilians"]
    assert len(executions) == 1 and len(executions[0].claims) == 1
    (bombings,) = [i for i in found if i.event_type != "Violence against civilians"]
    assert len(bombings.claims) == 2  # the lead and Reuters' generic "attack"


def test_people_killed_by_means_unnamed_join_the_incident_of_their_place_and_day():
    """ "19 people died in Douma on Sunday" names no event type: it tells the air strikes on Douma that day (of
    whatever kind), and is left out where no incident fits it."""
    reports = [
        ("a", "AFP", "2018-02-19", "Regime air strikes killed 12 people in Douma on Sunday, the Observatory said."),
        ("b", "SANA", "2018-02-19", "19 people died in Douma on Sunday."),
        ("c", "SANA", "2018-02-19", "A man was killed in Raqqa on Sunday."),
    ]
    claims, published = claims_of(reports)
    assert [c.event_type for c in claims if c.kind == "incident"] == ["Explosions/Remote violence", None, None]
    (incident,) = reconcile(claims, published)
    document_of = {c.id: c.document_id for c in claims}
    assert sorted(document_of[c] for c in incident.claims) == ["a", "b"]
    assert incident.event_type == "Explosions/Remote violence" and incident.killed is not None
    assert (incident.killed.min, incident.killed.max) == (12, 19)
    # Tolls of other days at the same place do not pile up through the typed claims they each fit: the strikes
    # told "this month" fit them all, but Monday's and Tuesday's deaths are never one incident.
    reports = [
        ("a", "AFP", "2018-03-21", "Regime air strikes hit Douma repeatedly this month, the Observatory said."),
        ("b", "SANA", "2018-03-06", "19 people died in Douma on Monday."),
        ("c", "SANA", "2018-03-21", "Seven people died in Douma on Tuesday."),
        # A governorate's toll is a day's tally, not one strike's.
        ("d", "SANA", "2018-03-21", "60 people died in Idlib province on Tuesday."),
        ("e", "AFP", "2018-03-21", "Russian air strikes killed five people in Saraqeb on Tuesday."),
    ]
    more, more_published = claims_of(reports)
    document_of = {c.id: c.document_id for c in more}
    joined = [sorted(document_of[c] for c in i.claims) for i in reconcile(more, more_published)]
    assert ["a", "b"] in joined and ["c"] not in joined and ["e"] in joined
    # An incremental run after the untyped report gives the same.
    first = reconcile([c for c in claims if c.document_id == "a"], published)
    assert reconcile(claims, published, stored=first) == reconcile(
        claims, published, previous={c: i.id for i in first for c in i.claims}
    )


def test_an_incremental_run_gives_what_a_full_run_gives():
    """New reports, then a report extracted anew: only the touched days are clustered again, same result."""
    claims, published = claims_of(REPORTS)
    first = reconcile([c for c in claims if c.document_id in ("ap", "sana", "hospital-1")], published)
    for step in (claims, [c for c in claims if c.document_id != "reuters"]):
        previous = {claim_id: i.id for i in first for claim_id in i.claims}
        full = reconcile(step, published, previous=previous)
        incremental = reconcile(step, published, stored=first)
        assert incremental == full
        first = incremental


def test_an_analysts_merge_of_two_kinds_is_typed_alike_in_full_and_incremental_runs():
    """The merged incident's type is the one most of its claims give (by name on ties), whatever order a run holds
    them in: an incremental run reuses stored groups in another order than a full run clusters them (a helper's
    review found the two runs typing it differently)."""
    from athar.geo import default_gazetteer
    from athar.records import Claim, Count, Decision, PlaceMention

    places = sorted((p for p in default_gazetteer().places if p.admin1), key=lambda p: p.id)

    def claim(doc: str, kind: tuple[str, str], day: str, place_at: int) -> Claim:
        place = places[place_at]
        return Claim(
            id=f"{doc}:0", document_id=doc, kind="incident", start=0, end=1, text="x", source="AFP",
            event_type=kind[0], sub_event_type=kind[1], date=DateValue(day, "day"),
            places=(PlaceMention(place.name, 0, 1, place, 1),), killed=Count(3, 3),
        )  # fmt: skip

    published = {d: DateValue(day, "day") for d, day in (("a", "2018-03-12"), ("b", "2018-10-31"), ("c", "2018-03-12"))}
    a = claim("a", ("Battles", "Armed clash"), "2018-03-11", 10)
    b = claim("b", ("Violence against civilians", "Attack"), "2018-10-30", len(places) // 2)
    c = claim("c", ("Battles", "Armed clash"), "2018-03-11", len(places) - 10)  # a new report in March, elsewhere
    first = reconcile([a, b], published)
    ia, ib = sorted(first, key=lambda i: i.date.value or "")
    decisions = [
        Decision(1, "merge", ib.id, "same", "an", "2026", claims=ib.claims, others=(ia.id,), other_claims=ia.claims)
    ]
    # The decision and a new report in one run (as when an analyst's decision is applied by the next ingest).
    previous = {claim_id: i.id for i in first for claim_id in i.claims}
    full = reconcile([a, b, c], published, decisions=decisions, previous=previous)
    assert reconcile([a, b, c], published, decisions=decisions, stored=first) == full
    (merged,) = [i for i in full if len(i.claims) == 2]
    assert merged.event_type == "Battles"  # one claim each: the first by name


def test_a_claim_dated_another_day_than_its_reports_place_does_not_take_it():
    """ "… missile strikes on an air base on Friday" in a report on Saturday's strike in Urum al-Joz."""
    text = (
        "An airstrike by Russian warplanes on Saturday killed 18 people in Urum al-Joz. "
        "Washington carried out missile strikes against a central air base on Friday morning."
    )
    claims, published = claims_of([("a", "AFP", "2017-04-08", text)])
    friday = next(c for c in claims if c.kind == "incident" and c.date.value == "2017-04-07")
    assert friday.place is None
    (alone,) = [i for i in reconcile(claims, published) if friday.id in i.claims]
    assert alone.claims == (friday.id,) and alone.place is None
    # Undated, the same sentence would take the report's place.
    undated = text.replace(" on Friday morning", "")
    claims, published = claims_of([("a", "AFP", "2017-04-08", undated)])
    assert len(reconcile(claims, published)) == 1


def test_a_claim_placed_only_in_the_country_takes_its_reports_place():
    """ "An attack in Syria": the country tells incidents apart no better than no place at all."""
    claims, published = claims_of(REPORTS[:1])
    (lead,) = [c for c in claims if c.kind == "incident"]
    country = dataclasses.replace(lead.place.place, id="geonames:163843", name="Syria", kind="country", admin1=None)
    in_syria = dataclasses.replace(lead.place, place=country, precision=3, text="Syria")
    later = dataclasses.replace(lead, id="later", start=lead.end + 1, end=lead.end + 20, places=(in_syria,))
    (together,) = reconcile([lead, later], published)
    assert set(together.claims) == {lead.id, "later"}
    assert together.place is not None and together.place.place.id == lead.place.place.id


def test_a_claim_placed_only_in_the_country_and_dated_its_reports_day_may_take_the_place_of_the_day_before():
    """ "Washington and Moscow traded blame on Wednesday over the chemical attack in Syria": the day it was argued
    over may be the report's, the attack the day before's, in the town the report names."""
    claims, published = claims_of(REPORTS[:1])
    (lead,) = [c for c in claims if c.kind == "incident"]
    day = published[lead.document_id].value
    before = dataclasses.replace(lead, date=DateValue(str(dt.date.fromisoformat(day) - dt.timedelta(days=1)), "day"))
    country = dataclasses.replace(lead.place.place, id="geonames:163843", name="Syria", kind="country", admin1=None)
    in_syria = dataclasses.replace(lead.place, place=country, precision=3, text="Syria")
    later = dataclasses.replace(
        lead, id="later", start=lead.end + 1, end=lead.end + 20, places=(in_syria,), date=DateValue(day, "day")
    )
    (together,) = reconcile([before, later], published)
    assert set(together.claims) == {lead.id, "later"}


def test_in_a_city_a_claim_dated_its_reports_day_takes_no_place_of_the_day_before():
    """A city is hit every day: Tuesday's shells, unplaced, are not Monday's rockets on Aleppo. In a town, the
    report's own day may be the day before, and the shells take the town."""
    for town, taken in (("Aleppo", None), ("Nubl", "Nubl")):
        text = f"Rebel rockets killed four people in {town} on Monday. On Tuesday, rocket shells killed three more."
        claims, published = claims_of([("sana", "SANA", "2016-05-03", text)])
        # As a report whose second sentence names no place leaves it (extraction carries the lead's here).
        claims = [dataclasses.replace(c, places=()) if c.date.value == "2016-05-03" else c for c in claims]
        (tuesday,) = [c for c in claims if c.kind == "incident" and c.date.value == "2016-05-03"]
        placed = {c.id: c for c in with_document_places(claims, published)}[tuesday.id].place
        assert (placed.text if placed else None) == taken, town
    # The same for a claim placed only in the province: not a quarter of its city told the day before.
    for town, taken in (("the Sukkari district of Aleppo", "Aleppo province"), ("Nubl", "Nubl")):
        text = f"Barrel bombs killed four in {town} on Monday. On Tuesday, shelling killed three in Aleppo province."
        claims, published = claims_of([("sana", "SANA", "2016-05-03", text)])
        (tuesday,) = [c for c in claims if c.kind == "incident" and c.date.value == "2016-05-03"]
        placed = {c.id: c for c in with_document_places(claims, published)}[tuesday.id].place
        assert placed.text == taken, town


def test_a_claim_dated_its_reports_day_may_tell_of_the_day_before_outside_cities():
    """ "A monitor said on Wednesday": the report's day may be when it was told; not so in a city, attacked daily."""
    reports = [
        ("a", "AFP", "2016-07-05", "A car bomb killed 16 people in Azaz on Monday, the Observatory said."),
        ("b", "Reuters", "2016-07-05", "A car bomb killed 18 people in Azaz on Tuesday, rescuers said."),
    ]
    assert len(reconcile(*claims_of(reports))) == 1
    in_city = [(doc, outlet, day, text.replace("Azaz", "Aleppo")) for doc, outlet, day, text in reports]
    assert len(reconcile(*claims_of(in_city))) == 2
    # Dated the day before its report, a claim gets no slack: two days before stays apart.
    earlier = [reports[0], ("b", "Reuters", "2016-07-06", reports[1][3])]
    assert len(reconcile(*claims_of(earlier))) == 2


def test_a_city_named_like_its_governorate_means_the_governorate_where_the_report_names_a_town_of_it():
    """ "A gas attack in Idlib" in a report on Khan Sheikhoun: Idlib is the province, the place is the town."""
    lead = "A suspected gas attack killed 58 people in Idlib on Tuesday, a monitor said."
    town = " The air strikes on the town of Khan Sheikhoun also wounded 60 people, the Observatory said."
    other = ("b", "Reuters", "2017-04-05", "A chemical attack killed 72 people in Khan Sheikhoun on Tuesday.")
    (incident,) = reconcile(*claims_of([("a", "AFP", "2017-04-05", lead + town), other]))
    assert len(incident.claims) == 3 and incident.place.place.name == "Khān Shaykhūn"
    # A report that names no town of the governorate keeps the city: no incident in Khan Sheikhoun to join.
    assert len(reconcile(*claims_of([("a", "AFP", "2017-04-05", lead), other]))) == 2
    # Nor does a town of another governorate move it.
    elsewhere = town.replace("Khan Sheikhoun", "Salamiyah")
    assert len(reconcile(*claims_of([("a", "AFP", "2017-04-05", lead + elsewhere), other]))) == 3


def test_a_city_named_like_its_governorate_means_the_governorate_where_the_report_names_the_governorate():
    """ "The attack in Idlib" in a report that says "Idlib province" and names no town: the province, which holds
    Khan Sheikhoun (where another report places it); not the city of Idlib, 50 km away."""
    text = (
        "A chemical attack killed 80 people in Syria's Idlib province on Tuesday, the opposition said. "
        "At least 27 children were killed in the attack in Idlib on Tuesday, UNICEF said."
    )
    other = ("b", "Reuters", "2017-04-05", "A chemical attack killed 72 people in Khan Sheikhoun on Tuesday.")
    (incident,) = reconcile(*claims_of([("a", "Sputnik", "2017-04-06", text), other]))
    assert len(incident.claims) == 3 and incident.place.place.name == "Khān Shaykhūn"
    # Without the province named, "Idlib" stays the city, and the report's two claims stay with it.
    city = text.replace("Syria's Idlib province", "Syria's Idlib")
    assert len(reconcile(*claims_of([("a", "Sputnik", "2017-04-06", city), other]))) == 2
    # The city itself: "Idlib city", a quarter of it ("shells on al-Midan neighborhood in Aleppo").
    for itself in ("in the attack in Idlib city", "in the attack on a neighborhood in Idlib"):
        quarter = text.replace("in the attack in Idlib", itself)
        assert len(reconcile(*claims_of([("a", "Sputnik", "2017-04-06", quarter), other]))) == 2, itself
    # Nor where the province is named for another kind of event, or another day, or the report names another
    # place of the province (a review's cases: "rebels shelled positions in Idlib province" beside air strikes
    # on Idlib city; "Salah al-Din in Aleppo", a quarter, then "the shelling in Aleppo").
    for changed in (
        text.replace("A chemical attack killed 80 people", "Rebels and troops clashed, 80 fighters killed,"),
        text.replace("province on Tuesday", "province on Sunday"),
        text + " Air strikes also hit Saraqeb on Tuesday.",
    ):
        claims, published = claims_of([("a", "Sputnik", "2017-04-06", changed), other])
        (khan_sheikhoun,) = [
            i for i in reconcile(claims, published) if i.place and i.place.place.name == "Khān Shaykhūn"
        ]
        assert {c.document_id for c in claims if c.id in khan_sheikhoun.claims} == {"b"}, changed


def test_a_city_named_like_its_governorate_stays_the_city_where_the_report_says_so():
    """A review's cases: the province named for another kind of event ("fighters attacked army posts in eastern
    Homs province" beside "suicide bombers … in Homs"), or beside a quarter of the city ("Salah al-Din in
    Aleppo"): the city claim stays with the city's report, not a town of the province on the same day."""
    homs = [
        (
            "a",
            "Reuters",
            "2017-04-04",
            "A suicide bomber killed 6 soldiers near the T3 airport in Homs province on Monday.",
        ),
        (
            "f",
            "AFP",
            "2017-04-04",
            "Islamic State fighters attacked army posts in eastern Homs province on Monday. "
            "Two suicide bombers blew themselves up in Homs on Monday, killing 30 people, the governor said.",
        ),
        ("g", "AP", "2017-04-04", "A suicide bomber killed 30 people in the Syrian city of Homs on Monday."),
    ]
    aleppo = [
        (
            "a",
            "Reuters",
            "2017-04-05",
            "Rebel shelling killed two people in the town of Atarib on Tuesday, a monitor said.",
        ),
        (
            "f",
            "AFP",
            "2017-04-05",
            "Air strikes across Aleppo province killed 20 people on Tuesday, the monitor said. Rebel shelling hit "
            "Salah al-Din in Aleppo on Tuesday, killing four people. The shelling in Aleppo also wounded ten people.",
        ),
        ("g", "SANA", "2017-04-05", "Rebel shells wounded ten people in Aleppo on Tuesday."),
    ]
    for reports in (homs, aleppo):
        claims, published = claims_of(reports)
        (town,) = [
            i for i in reconcile(claims, published) if any(c.document_id == "a" for c in claims if c.id in i.claims)
        ]
        assert {c.document_id for c in claims if c.id in town.claims} == {"a"}, reports[0][3]


def test_a_city_s_neighbourhoods_are_the_city_not_a_town_of_its_governorate_the_report_names():
    """ "Rocket attacks on many residential neighborhoods in Aleppo", then the shells' targets, among them a quarter
    the gazetteer knows only as a town of Aleppo province: the attacks stay in the city."""
    text = (
        "Rockets killed five civilians on Thursday in attacks on many residential neighborhoods in Aleppo. "
        "The rocket shells fell on Zahraa, a police source said."
    )
    claims, published = claims_of([("s", "SANA", "2015-07-03", text)])
    lead = next(c for c in claims if c.kind == "incident" and "residential" in c.text)
    assert "Zahraa" in {c.place.place.name for c in claims if c.kind == "incident" and c.place}
    placed = {c.id: c for c in with_document_places(claims, published)}[lead.id]
    assert placed.place.place.name == "Aleppo"


def test_a_claim_placed_in_a_province_takes_the_town_of_it_its_report_names():
    """ "A gas attack in Syria's Idlib province" in a report on Khan Sheikhoun tells the attack on the town."""
    lead = "A suspected gas attack killed 58 people in Syria's northern Idlib province on Tuesday, a monitor said."
    town = " The air strikes on the town of Khan Sheikhoun also wounded 60 people, the Observatory said."
    other = ("b", "Reuters", "2017-04-05", "A chemical attack killed 72 people in Khan Sheikhoun on Tuesday.")
    (incident,) = reconcile(*claims_of([("a", "AFP", "2017-04-05", lead + town), other]))
    assert len(incident.claims) == 3 and incident.place.place.name == "Khān Shaykhūn"
    # Nor a town whose claims tell of another day.
    other_day = (
        "Russian airstrikes killed 12 civilians in Saraqeb on Monday. "
        "On Tuesday, airstrikes killed seven people in Idlib province, the Observatory said."
    )
    incidents = reconcile(*claims_of([("a", "AFP", "2017-04-20", other_day)]))
    assert sorted(i.place.place.name for i in incidents) == ["Idlib", "Saraqib"]
    # A town of another province leaves the claim in its province, where it still fits the other report.
    elsewhere = town.replace("Khan Sheikhoun", "Salamiyah")
    claims, published = claims_of([("a", "AFP", "2017-04-05", lead + elsewhere), other])
    province = next(c for c in claims if c.place is not None and c.place.place.kind == "admin1")
    incidents = reconcile(claims, published)
    assert len(incidents) == 2
    (joined,) = [i for i in incidents if province.id in i.claims]
    assert len(joined.claims) == 2 and joined.place.place.name == "Khān Shaykhūn"


def test_a_claim_that_names_no_place_takes_the_town_not_the_governorates_namesake():
    """ "The attack killed 58" in a report that says "Idlib" first and then the town: the claim takes the town."""
    lead = "A suspected gas attack killed 58 people in Idlib on Tuesday, a monitor said."
    town = " The air strikes on the town of Khan Sheikhoun also wounded 60 people, the Observatory said."
    claims, published = claims_of([("a", "AFP", "2017-04-05", lead + town)])
    first = min((c for c in claims if c.kind == "incident"), key=lambda c: c.start)
    unplaced = dataclasses.replace(first, id="unplaced", start=len(lead + town), end=len(lead + town) + 20, places=())
    (incident,) = reconcile([*claims, unplaced], published)
    assert "unplaced" in incident.claims and incident.place.place.name == "Khān Shaykhūn"


def _reports_of(claims, published) -> list[list[str]]:
    """The reports each incident holds claims of, one sorted list per incident."""
    told_by = {c.id: c.document_id for c in claims}
    return sorted(sorted(told_by[c] for c in i.claims) for i in reconcile(claims, published))


def test_a_reports_sentences_of_one_event_join_other_reports_together():
    """The lead dates Tuesday's strike on Douma; the next sentence, placed only in the region and dated only by
    its report, could be Monday's strike too. Told in one report after the lead, it stays with the lead."""
    monday = "Syrian government air strikes killed 16 civilians in Douma on Monday, the Syrian Observatory said."
    tuesday = (
        "At least 19 civilians were killed on Tuesday in air strikes on Douma, the Syrian Observatory said. "
        "Six children were among the dead in air strikes on Eastern Ghouta, the monitor said."
    )
    reports = [
        ("monday", "Al Jazeera", "2017-04-03", monday),
        ("tuesday", "AFP", "2017-04-04", tuesday),
        ("wire", "Reuters", "2017-04-05", "Air strikes on Douma killed 19 civilians on Tuesday, a war monitor said."),
    ]
    claims, published = claims_of(reports)
    assert len([c for c in claims if c.document_id == "tuesday"]) == 2
    assert _reports_of(claims, published) == [["monday"], ["tuesday", "tuesday", "wire"]]
    # Alone, the region's sentence fits Monday's strike as well as Tuesday's; it is the report that decides.
    (region,) = [c for c in claims if c.document_id == "tuesday" and "Eastern Ghouta" in c.text]
    alone = [c for c in claims if c.document_id != "tuesday"] + [region]
    assert _reports_of(alone, published) == [
        ["monday", "tuesday"],
        ["wire"],
    ]


def test_a_reports_sentences_of_two_days_stay_two_incidents():
    """Only claims that can tell one event go together: a report of Monday's and Tuesday's strikes on one town."""
    reports = [
        (
            "both",
            "AFP",
            "2017-04-05",
            "Air strikes killed 16 civilians in Douma on Monday, the Observatory said. "
            "On Tuesday, air strikes on Douma killed 19 more, the monitor said.",
        ),
        ("monday", "Reuters", "2017-04-04", "Air strikes on Douma killed 16 civilians on Monday, a monitor said."),
    ]
    assert _reports_of(*claims_of(reports)) == [["both"], ["both", "monday"]]


def test_a_reprint_s_sentences_follow_its_lead_into_the_incident_that_holds_the_sentences_they_copy():
    """The reprint's lead, a copy of the wire's, joins the incident, whose first report (Saturday's) shares no day
    with the reprint's Sunday; its next sentence copies one the wire left undated there, and goes with its lead."""
    lead = "A suicide bomber killed four people in a hospital in the town of Qardaha on Sunday, a monitor said. "
    quote = '"Two women and two soldiers were killed in the attack," said Observatory director Rami Abdel Rahman.'
    reports = [
        (
            "early",
            "Sputnik",
            "2015-02-21",
            "Four people were killed on Saturday in an explosion in the town of Qardaha.",
        ),
        # The wire also tells of Friday, so its undated sentence may be any day of the week before it.
        ("wire", "AFP", "2015-02-22", lead + quote + " On Friday, a car bomb killed two people in Jableh."),
        ("reprint", "Ahram Online", "2015-02-23", lead + quote),
    ]
    claims, published = claims_of(reports)
    claims = [
        dataclasses.replace(c, date=DateValue(None)) if c.document_id == "wire" and "Two women" in c.text else c
        for c in claims
    ]
    assert _reports_of(claims, published) == [["early", "reprint", "reprint", "wire", "wire"], ["wire"]]


def test_a_report_turning_to_another_event_tells_it_apart():
    """ "In another incident, …", "Earlier this week, …": the report's next sentence is no detail of its lead, even
    where it fits the lead's incident ("near Taftanaz" is within 30 km of Saraqeb; the week holds Thursday)."""
    reports = [
        (
            "saraqeb",
            "AFP",
            "2018-02-21",
            "Air strikes killed six civilians in Saraqeb on Tuesday, the Observatory said.",
        ),
        ("taftanaz", "Enab Baladi", "2018-02-21", "An air strike killed two fighters in Taftanaz on Tuesday."),
        (
            "wire",
            "Reuters",
            "2018-02-21",
            "Air strikes killed six civilians in Saraqeb on Tuesday, a war monitor said. "
            "In another incident, an air strike near Taftanaz killed two fighters, the monitor said.",
        ),
    ]
    assert _reports_of(*claims_of(reports)) == [["saraqeb", "wire"], ["taftanaz", "wire"]]
    # Told apart by its report, it is another incident even where it fits the lead's ("rural Idlib" holds Saraqeb).
    reports = [
        (
            "afp",
            "AFP",
            "2018-02-21",
            "Air strikes killed 12 people in Saraqeb on Tuesday, the Observatory said. "
            "In another incident, air strikes killed five people in rural Idlib, the monitor said.",
        ),
        ("reuters", "Reuters", "2018-02-21", "Air strikes on Saraqeb killed 12 people on Tuesday, a monitor said."),
        ("z-binnish", "Enab Baladi", "2018-02-21", "Russian warplanes struck the town of Binnish on Tuesday."),
    ]
    assert _reports_of(*claims_of(reports)) == [["afp", "reuters"], ["afp", "z-binnish"]]
    # Naming no place, the other event takes none from the lead: it stays apart, unplaced.
    text = (
        "Air strikes killed six civilians in Saraqeb on Tuesday, a war monitor said. "
        "In another incident, an air strike killed two fighters, the monitor said."
    )
    claims, published = claims_of([("wire", "Reuters", "2018-02-21", text)])
    assert len(claims) == 2
    found = reconcile(claims, published)
    assert len(found) == 2
    assert sorted(i.place.place.name if i.place and i.place.place else "" for i in found) == ["", "Saraqib"]
    reports = [
        ("tuesday", "AFP", "2018-02-20", "Air strikes killed 19 people in Saqba on Tuesday, the Observatory said."),
        ("thursday", "SNHR", "2018-02-23", "Air strikes killed 11 civilians in Saqba on Thursday, SNHR said."),
        (
            "wire",
            "Reuters",
            "2018-02-23",
            "Air strikes killed 11 people in Saqba on Thursday, a monitor said. "
            "Earlier this week, air strikes on the town killed 19 people, the monitor said.",
        ),
    ]
    assert _reports_of(*claims_of(reports)) == [["thursday", "wire"], ["tuesday", "wire"]]


def test_in_a_citys_quarters_an_air_strike_and_shelling_are_two_events():
    """As in the city itself: jets on one side's districts, rockets on the other's, the same day."""
    reports = [
        (
            "wire",
            "Reuters",
            "2016-11-20",
            "Government air strikes killed 12 people in the Masaken Hanano district of Aleppo on Saturday. "
            "Rebel shelling on the government-held Salah al-Din district killed three people, state media said.",
        ),
        ("afp", "AFP", "2016-11-20", "Air strikes on Masaken Hanano in Aleppo killed 12 people on Saturday."),
        ("sana", "SANA", "2016-11-19", "Rocket shells on Salah al-Din in Aleppo killed three on Saturday."),
    ]
    assert _reports_of(*claims_of(reports)) == [["afp", "wire"], ["sana", "wire"]]


ATARIB = "Russian air strikes on a market in Atarib in Aleppo province on Monday killed {n} civilians, {who} said."
AFP_ATARIB = (
    "Russian warplanes bombed a market in the town of Atarib in Aleppo province on Monday, killing five civilians, "
    "an AFP correspondent said."
)


def test_the_best_toll_counts_each_originator_once_however_many_outlets_reprint_it():
    """Three monitors give 10, 20 and 22; one AFP story giving 5 is reprinted by four outlets. The best toll is the
    median over the four originators, 15, not the 5 the reprints would outvote it to; the range is every claim's."""
    reports = [
        ("sohr", "Reuters", "2019-11-19", ATARIB.format(n=10, who="the Syrian Observatory for Human Rights")),
        ("wh", "Al Jazeera", "2019-11-19", ATARIB.format(n=20, who="the Syria Civil Defence")),
        ("snhr", "Enab Baladi", "2019-11-20", ATARIB.format(n=22, who="the Syrian Network for Human Rights")),
    ] + [(f"afp-{n}", outlet, "2019-11-19", AFP_ATARIB) for n, outlet in enumerate(["France 24", "Yahoo", "BBC"])]
    (incident,) = reconcile(*claims_of([*reports, ("afp-3", "The Daily Star", "2019-11-19", AFP_ATARIB)]))
    assert incident.originators == 4
    assert (incident.killed.min, incident.killed_best, incident.killed.max) == (5, 15, 22)


def test_the_best_toll_is_rounded_half_up_and_a_vague_word_does_not_lower_the_range():
    """17 and 24 have the median 20.5: best 21, as people round (Python rounds 20.5 to 20, but 39.5 to 40). "Dozens",
    which the reader takes as at least 12, does not pull the range of "at least 17" and "24" down to 12."""
    reports = [
        ("sohr", "Reuters", "2019-11-19", ATARIB.format(n=17, who="the Syrian Observatory for Human Rights")),
        ("wh", "Al Jazeera", "2019-11-19", ATARIB.format(n=24, who="the Syria Civil Defence")),
        ("res", "Enab Baladi", "2019-11-19", ATARIB.format(n="dozens of", who="residents")),
    ]
    (incident,) = reconcile(*claims_of(reports))
    assert len(incident.claims) == 3
    assert (incident.killed.min, incident.killed_best, incident.killed.max) == (17, 21, 24)


def test_an_originator_that_updates_its_toll_counts_once_with_its_latest_figure():
    """The Observatory says 10 on Monday and 16 on Tuesday; the Civil Defence says 20. Best: the median of 16 and
    20, the Observatory's latest figure standing for it; the Monday figure still bounds the range."""
    reports = [
        ("monday", "Reuters", "2019-11-18", ATARIB.format(n=10, who="the Syrian Observatory for Human Rights")),
        (
            "tuesday",
            "AFP",
            "2019-11-19",
            "Russian air strikes on a market in Atarib in Aleppo province on Monday killed 16 civilians, the Syrian "
            "Observatory for Human Rights said on Tuesday, raising its toll.",
        ),
        ("wh", "Al Jazeera", "2019-11-18", ATARIB.format(n=20, who="the Syria Civil Defence")),
    ]
    (incident,) = reconcile(*claims_of(reports))
    assert incident.originators == 2
    assert (incident.killed.min, incident.killed_best, incident.killed.max) == (10, 18, 20)


MANSOURA_TOLL = (
    "A US-led coalition air strike on a school sheltering displaced families in Mansoura, Raqqa province, on March 20 "
    "killed at least 33 civilians, the Raqqa is Being Slaughtered Silently group said."
)


def test_a_coalition_members_command_conceding_a_coalition_strike_confirms_it():
    """CENTCOM speaks for US forces, which actors.toml makes part of the US-led coalition: its "a coalition air
    strike … killed four civilians" is the accused side's own admission, kept apart from the others' tolls."""
    reports = [
        ("airwars", "Airwars", "2017-03-22", MANSOURA_TOLL),
        (
            "centcom",
            "US Central Command",
            "2017-03-28",
            "US Central Command said a coalition air strike on a school in Mansoura, west of Raqqa, on March 20 "
            "unintentionally killed four civilians.",
        ),
    ]
    (incident,) = reconcile(*claims_of(reports))
    assert incident.grade == "confirmed" and incident.conceded_by == ("US Central Command",)
    assert (incident.conceded_killed.min, incident.killed.min, incident.killed_best) == (4, 33, 33)


US_MANSOURA = "US air strikes on a school in Mansoura, west of Raqqa, on March 20 killed four civilians, {who} said."


def test_the_coalitions_task_force_conceding_a_us_strike_confirms_it_but_another_member_does_not():
    """Part of a side, either way: the coalition's task force speaks for US forces, a part of it. The UK's
    ministry, another part, does not: its word on a US strike is no admission, and (aligned) no support."""
    toll = ("rbss", "Airwars", "2017-03-22", MANSOURA_TOLL.replace("A US-led coalition", "A US"))
    task_force = "the Combined Joint Task Force - Operation Inherent Resolve"
    (conceded,) = reconcile(*claims_of([toll, ("oir", "Reuters", "2017-03-28", US_MANSOURA.format(who=task_force))]))
    assert conceded.grade == "confirmed" and conceded.conceded_killed.min == 4
    uk_mod = US_MANSOURA.format(who="the UK Ministry of Defence")
    (told,) = reconcile(*claims_of([toll, ("uk", "Reuters", "2017-03-28", uk_mod)]))
    assert told.grade == "weak" and told.conceded_by == () and told.killed.min == 4
    assert told.grade_reason.endswith("1 of them graded A-C")  # the monitor's word, not the ministry's


def _killed_series(reports):
    claims, published = claims_of(reports)
    return sorted(
        ([p.value.min for p in s.points] for s in figure_series(claims, published) if s.measure == "killed"),
        key=lambda values: values[0],
    )


def test_figures_blamed_on_different_perpetrators_are_different_series():
    """One report's toll of the coalition and its toll of Russia, over the same period: two series, not one."""
    said = "{who} has killed {n} civilians in Syria since September 30, 2015, the Syrian Network for Human Rights said."
    reports = [
        ("snhr-coalition", "SNHR", "2019-09-30", said.format(who="The US-led coalition", n="3,000")),
        ("snhr-russia", "SNHR", "2019-09-30", said.format(who="Russia", n="more than 6,500")),
    ]
    assert _killed_series(reports) == [[3000], [6501]]
    claims, published = claims_of(reports)
    blamed = {s.perpetrator for s in figure_series(claims, published) if s.measure == "killed"}
    assert blamed == {"US-led coalition", "Military Forces of Russia"}  # each series says whose


def test_what_the_accused_side_counts_of_itself_is_a_point_kept_apart_from_the_series_latest():
    """CJTF-OIR's count of the civilians its strikes killed sits in the series beside Airwars', marked, and the
    series' latest figure is the others' word."""
    reports = [
        (
            "airwars",
            "The Guardian",
            "2019-03-01",
            "The US-led coalition has killed more than 6,000 civilians in Syria since 2014, Airwars said.",
        ),
        (
            "cjtf",
            "Reuters",
            "2019-03-02",
            "The US-led coalition has killed at least 883 civilians in Syria since 2014, the coalition said.",
        ),
    ]
    claims, published = claims_of(reports)
    (series,) = [s for s in figure_series(claims, published) if s.measure == "killed"]
    assert [(p.value.min, p.conceded) for p in series.points] == [(6001, False), (883, True)]
    assert series.latest is not None and series.latest.min == 6001
    assert series.conceded_latest is not None and series.conceded_latest.min == 883


def test_periods_starting_on_different_days_of_one_year_are_different_series():
    """ "Since January 2015" and "since September 2015" count from different days: two series. A start told by its
    year only ("since 2015") joins the one exact start of that year where there is one."""
    said = "Russian forces have killed {n} civilians in Syria since {since}, the Syrian Network for Human Rights said."
    reports = [
        ("jan", "SNHR", "2019-09-30", said.format(n="7,000", since="January 2015")),
        ("sep", "SNHR", "2019-09-30", said.format(n="6,600", since="September 2015")),
    ]
    assert _killed_series(reports) == [[6600], [7000]]
    reports = [
        ("sep", "SNHR", "2019-09-30", said.format(n="6,600", since="September 2015")),
        ("year", "SNHR", "2020-09-30", said.format(n="6,859", since="2015")),
    ]
    assert _killed_series(reports) == [[6600, 6859]]


def test_actors_named_as_acting_together_are_one_account_not_a_contest():
    """The Observatory's "Russian and Syrian government warplanes" and AFP's "Russian jets" agree on Russia: both
    actors are listed, said by the Observatory, and the incident is not contested; "rebel shelling" would be."""
    reports = [
        (
            "sohr",
            "Reuters",
            "2019-07-23",
            "Russian and Syrian government warplanes struck a market in Maarat al-Numan on Monday, killing 31 "
            "civilians, the Syrian Observatory for Human Rights said.",
        ),
        ("afp", "AFP", "2019-07-23", "Russian jets struck a market in Maarat al-Numan on Monday, killing 27 people."),
    ]
    (incident,) = reconcile(*claims_of(reports))
    said = {a.actor: a.sources for a in incident.perpetrators}
    assert said["Military Forces of Syria"] == ("Syrian Observatory for Human Rights",)
    assert "Syrian Observatory for Human Rights" in said["Military Forces of Russia"]
    assert not incident.contested
    rival = ("sana", "SANA", "2019-07-23", "Rebel shelling hit a market in Maarat al-Numan on Monday, killing 5.")
    (incident,) = [i for i in reconcile(*claims_of([*reports, rival])) if len(i.claims) > 1]
    assert incident.contested


def test_an_incident_no_source_dates_keeps_the_day_of_its_first_report():
    reports = [
        ("later", "Reuters", "2017-05-11", "A car bomb exploded near a checkpoint in Azaz, killing 8 people."),
        ("first", "AFP", "2017-05-10", "A car bomb exploded near a checkpoint in Azaz, killing 8 people."),
    ]
    (incident,) = reconcile(*claims_of(reports))
    assert incident.date.value is None and incident.reported == DateValue("2017-05-10", "day")
    dated = [("d", "AFP", "2017-05-10", "A car bomb exploded in Azaz on Tuesday, killing 8 people.")]
    (incident,) = reconcile(*claims_of(dated))
    assert incident.date.value == "2017-05-09" and incident.reported is None


def test_children_and_women_killed_have_a_range_and_a_best_over_originators():
    """As the killed have: the lowest and highest any source gives, and the median of the originators' figures."""
    told = "An air strike on a market in Atarib on Monday killed {n} people, including {c} children, {who} said."
    reports = [
        ("a", "AFP", "2019-11-18", told.format(n=15, c=4, who="the Syrian Observatory for Human Rights")),
        ("b", "Reuters", "2019-11-18", told.format(n=16, c=6, who="the Syria Civil Defence")),
        ("c", "Al Jazeera", "2019-11-18", told.format(n=18, c=7, who="the Syrian Network for Human Rights")),
    ]
    (incident,) = reconcile(*claims_of(reports))
    assert incident.children_killed is not None
    assert (incident.children_killed.min, incident.children_killed_best, incident.children_killed.max) == (4, 6, 7)


def test_a_source_that_names_two_actors_in_two_sentences_does_not_contest_itself():
    """The New Arab's "Russian jets bombed Daraa" and, later, "Syrian troops shelled Daraa" are one source's account
    of one offensive: both actors listed, said by it, and no contest until another source names someone else."""
    reports = [
        (
            "one",
            "The New Arab",
            "2019-07-23",
            "Russian jets struck a market in Maarat al-Numan on Monday, killing 31 civilians. "
            "Syrian government warplanes also struck the market in Maarat al-Numan on Monday.",
        ),
    ]
    (incident,) = reconcile(*claims_of(reports))
    assert {a.actor for a in incident.perpetrators} >= {"Military Forces of Russia", "Military Forces of Syria"}
    assert not incident.contested
    rival = ("sana", "SANA", "2019-07-23", "Rebel shelling hit a market in Maarat al-Numan on Monday, killing 5.")
    (incident,) = [i for i in reconcile(*claims_of([*reports, rival])) if len(i.claims) > 2]
    assert incident.contested
