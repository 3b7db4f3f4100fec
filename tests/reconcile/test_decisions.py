"""Analysts' decisions: each needs a reason, is sealed in custody, and survives re-running the pipeline."""

from __future__ import annotations

import dataclasses
import json

import pytest
from sqlalchemy import update

from athar.errors import InputError, NotFoundError
from athar.export.acled import acled_row
from athar.reconcile.decisions import by_analyst, decide
from athar.reconcile.rebuild import rebuild
from athar.reconcile.sources import load_registry
from athar.records import DateValue
from athar.store.schema import decisions
from tests.reconcile.test_incidents import REPORTS


def _batch(tmp_path, reports, name="batch.jsonl"):
    path = tmp_path / name
    rows = [{"outlet": outlet, "published": date, "text": body} for _id, outlet, date, body in reports]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    return str(path)


@pytest.fixture
def ws(tmp_path, run_cli, settings):
    """A workspace holding the test reports, reconciled: a car bomb in Azaz, an Israeli strike, a hospital."""
    from athar.workspace import Workspace

    assert run_cli("ingest", _batch(tmp_path, REPORTS[:6])).exit_code == 0
    with Workspace.open(settings, create=False) as workspace:
        yield workspace


def _car_bombs(workspace):
    return [i for i in workspace.db.find_incidents() if i.sub_event_type == "Remote explosive/landmine/IED"]


def _verified(run_cli):
    return json.loads(run_cli("verify", "--json").output)["ok"]


def test_a_merge_survives_reconciling_again_and_new_reports(ws, run_cli, tmp_path):
    (azaz,) = _car_bombs(ws)
    (israeli,) = [i for i in ws.db.find_incidents() if i.id != azaz.id and "Israel" in str(i.perpetrators)]
    decide(ws, "merge", azaz.id, others=[israeli.id], reason="test: an analyst says these are one event")
    merged = ws.db.incident(azaz.id)
    assert merged is not None and set(israeli.claims) <= set(merged.claims)
    assert ws.db.incident(israeli.id) is None
    rebuild(ws)
    assert run_cli("ingest", _batch(tmp_path, REPORTS[6:], "more.jsonl")).exit_code == 0
    again = ws.db.incident(azaz.id)
    assert again is not None and set(merged.claims) <= set(again.claims) and again.decisions == (1,)
    assert _verified(run_cli)


def test_a_merge_keeps_the_id_of_the_incident_merged_into_even_when_the_other_holds_more_claims(ws, run_cli, tmp_path):
    """`athar incident merge A B` keeps A's id though B's three reports outnumber A's one, and keeps it when the
    pipeline runs again and new reports arrive."""
    (azaz,) = _car_bombs(ws)
    (israeli,) = [i for i in ws.db.find_incidents() if "Israel" in str(i.perpetrators)]
    assert len(azaz.claims) > len(israeli.claims)
    result = run_cli("incident", "merge", israeli.id, azaz.id, "--reason", "test: one event")
    assert result.exit_code == 0, result.output
    merged = ws.db.incident(israeli.id)
    assert merged is not None and set(azaz.claims) <= set(merged.claims) and ws.db.incident(azaz.id) is None
    assert run_cli("ingest", _batch(tmp_path, REPORTS[6:], "more.jsonl")).exit_code == 0
    rebuild(ws)
    again = ws.db.incident(israeli.id)
    assert again is not None and set(merged.claims) <= set(again.claims)
    assert run_cli("incident", "show", israeli.id).exit_code == 0


def test_splitting_the_merged_claims_back_off_leaves_the_id_with_the_incident_merged_into(ws):
    (azaz,) = _car_bombs(ws)
    (israeli,) = [i for i in ws.db.find_incidents() if "Israel" in str(i.perpetrators)]
    decide(ws, "merge", israeli.id, others=[azaz.id], reason="test: one event")
    decide(ws, "split", israeli.id, claims=list(azaz.claims), reason="test: two events after all")
    kept = ws.db.incident(israeli.id)
    assert kept is not None and kept.claims == israeli.claims
    (part,) = [i for i in ws.db.find_incidents() if set(i.claims) == set(azaz.claims)]
    assert part.id != israeli.id


def test_a_split_survives_and_the_rest_keeps_the_id(ws):
    (azaz,) = _car_bombs(ws)
    off = azaz.claims[0]
    decide(ws, "split", azaz.id, claims=[off], reason="test: that report is of another bomb")
    rebuild(ws)
    kept = ws.db.incident(azaz.id)
    assert kept is not None and off not in kept.claims and len(kept.claims) == len(azaz.claims) - 1
    (part,) = [i for i in ws.db.find_incidents() if off in i.claims]
    assert part.claims == (off,) and part.id != azaz.id
    # Both carry the split in their record (and so in exports and evidence bundles): the analyst took a report off
    # the one as much as they made the other.
    assert kept.decisions == part.decisions == (1,)


def test_the_split_command_shows_both_incidents(ws, run_cli):
    (azaz,) = _car_bombs(ws)
    off = azaz.claims[0]
    result = run_cli("incident", "split", azaz.id, off, "--reason", "test: another bomb")
    assert result.exit_code == 0, result.output
    (part,) = [i for i in ws.db.find_incidents() if off in i.claims]
    assert result.output.index(azaz.id) < result.output.index(part.id)


def test_grade_correction_and_publication_hold_and_say_who_and_why(ws, run_cli):
    (azaz,) = _car_bombs(ws)
    decide(ws, "grade", azaz.id, value="discounted", reason="test: footage is from another year", actor="rana")
    decide(ws, "correct", azaz.id, field="killed", value="5-9", reason="test: hospital records")
    decide(ws, "publish", azaz.id, value="true", reason="test: reviewed")
    rebuild(ws)
    found = ws.db.incident(azaz.id)
    assert found is not None
    assert found.grade == "discounted" and "rana" in found.grade_reason and "another year" in found.grade_reason
    assert (found.killed.min, found.killed.max) == (5, 9) and found.public
    # The sources' three to eight reach below the analyst's range: said, not silently overruled.
    assert "the sources' killed (3–8) is outside the analyst's 5-9" in found.grade_reason
    assert [d.action for d in ws.db.decisions_for(azaz.id)] == ["grade", "correct", "publish"]
    custody = [e for e in ws.db.iter_custody() if e.action == "decide"]
    assert next(e.details["reason"] for e in custody) == "test: footage is from another year"
    # A date corrected to the week the reports give ("last week"), as lists write it.
    decide(ws, "correct", azaz.id, field="date", value="2018-W01", reason="test: the week is all that is known")
    rebuild(ws)
    found = ws.db.incident(azaz.id)
    assert found is not None and found.date == DateValue("2018-01-01", "week") and found.date.label == "2018-W01"
    assert _verified(run_cli)


def test_a_perpetrator_an_analyst_sets_is_the_one_exports_name_with_the_sources_beside_it(ws):
    (azaz,) = _car_bombs(ws)
    decide(
        ws, "correct", azaz.id, field="perpetrator", value="Islamic State", reason="test: IS claimed it", actor="rana"
    )
    rebuild(ws)
    found = ws.db.incident(azaz.id)
    assert found is not None and found.perpetrators[0].actor == "Islamic State" and by_analyst(found.perpetrators[0])
    assert "rana (analyst, decision #" in found.perpetrators[0].sources[0]
    row = acled_row(found, load_registry(), 0)
    assert row["actor1"] == "Islamic State" and "Islamic State" in row["notes"]


def test_an_analyst_confirming_a_named_perpetrator_keeps_who_named_and_who_denied_it(ws, run_cli, tmp_path):
    """The sources' word and the accused's denial are evidence: the analyst's word is added to them."""
    assert run_cli("ingest", _batch(tmp_path, REPORTS[6:], "denial.jsonl")).exit_code == 0
    (hospital,) = [i for i in ws.db.find_incidents() if "hospital" in i.targets]
    (before,) = [a for a in hospital.perpetrators if a.actor == "Military Forces of Russia"]
    assert before.sources and before.denied_by
    decide(ws, "correct", hospital.id, field="perpetrator", value="Russia", reason="test: footage", actor="rana")
    rebuild(ws)
    found = ws.db.incident(hospital.id)
    assert found is not None
    after = found.perpetrators[0]
    assert after.actor == "Military Forces of Russia" and by_analyst(after)
    assert set(before.sources) < set(after.sources) and after.denied_by == before.denied_by


def test_a_location_correction_places_the_incident_and_holds(ws, run_cli):
    (azaz,) = _car_bombs(ws)
    decide(ws, "correct", azaz.id, field="location", value="Afrin", reason="test: the blast was in Afrin")
    rebuild(ws)
    found = ws.db.incident(azaz.id)
    assert found is not None and found.place is not None and found.place.place is not None
    assert found.place.place.name != azaz.place.place.name  # type: ignore[union-attr]
    assert found.place.precision == 1
    # A place the gazetteer does not know is refused.
    with pytest.raises(InputError, match="no such place"):
        decide(ws, "correct", azaz.id, field="location", value="Atlantis", reason="x")
    assert _verified(run_cli)


def test_a_decision_without_a_reason_or_on_nothing_is_refused_and_changes_nothing(ws):
    (azaz,) = _car_bombs(ws)
    head = ws.db.custody_head()
    with pytest.raises(InputError, match="needs a reason"):
        decide(ws, "grade", azaz.id, value="weak", reason="  ")
    with pytest.raises(InputError, match="grade 'excellent'"):
        decide(ws, "grade", azaz.id, value="excellent", reason="x")
    with pytest.raises(InputError, match="leave at least one claim"):
        decide(ws, "split", azaz.id, claims=list(azaz.claims), reason="x")
    with pytest.raises(InputError, match="date"):
        decide(ws, "correct", azaz.id, field="date", value="last week", reason="x")
    with pytest.raises(NotFoundError):
        decide(ws, "grade", "ffffffffffff", value="weak", reason="x")
    assert ws.db.custody_head() == head and ws.db.decisions() == []


def test_verify_finds_an_edited_decision(ws, run_cli):
    (azaz,) = _car_bombs(ws)
    decide(ws, "grade", azaz.id, value="discounted", reason="test")
    with ws.db.engine.begin() as conn:
        conn.execute(update(decisions).values(record=decisions.c.record + " "))
    result = run_cli("verify")
    assert result.exit_code == 3 and "decision #1 differs" in result.output


def test_the_incident_commands(ws, run_cli):
    (azaz,) = _car_bombs(ws)
    refused = run_cli("incident", "grade", azaz.id, "discounted")
    assert refused.exit_code == 2 and "--reason" in refused.output
    done = run_cli("incident", "grade", azaz.id[:8], "discounted", "--reason", "test: checked")
    assert done.exit_code == 0 and "decision #1 recorded" in done.output
    shown = run_cli("incident", "show", azaz.id)
    assert "car bomb" in shown.output and "decision #1" in shown.output and "test: checked" in shown.output
    assert run_cli("incidents", "--grade", "discounted").output.count(azaz.id) == 1


def test_incidents_are_found_near_a_place_by_any_spelling(ws, run_cli):
    near_azaz = run_cli("incidents", "--near", "Aazaz", "--within", "10")
    assert near_azaz.exit_code == 0 and near_azaz.output.endswith("1 incident(s)\n")
    assert "Remote explosive" in near_azaz.output
    assert run_cli("incidents", "--near", "36.58,37.04", "--within", "30").output.endswith("1 incident(s)\n")
    assert run_cli("incidents", "--near", "Damascus", "--within", "500").output.endswith("3 incident(s)\n")
    unknown = run_cli("incidents", "--near", "Atlantis")
    assert unknown.exit_code == 2 and "no place the gazetteer knows" in unknown.output


def test_an_undated_claim_can_be_split_off_too(tmp_path, run_cli, settings):
    """Undated claims stand alone in clustering; splitting next to them must still work."""
    from athar.workspace import Workspace

    reports = [
        *REPORTS[:3],
        ("undated", "Al Jazeera", None, "Shelling killed two people in Homs, residents said."),
    ]
    path = tmp_path / "mixed.jsonl"
    rows = [{"outlet": o, "text": b, **({"published": d} if d else {})} for _i, o, d, b in reports]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    assert run_cli("ingest", str(path)).exit_code == 0
    with Workspace.open(settings, create=False) as ws:
        (azaz,) = _car_bombs(ws)
        decide(ws, "split", azaz.id, claims=[azaz.claims[-1]], reason="test")
        assert len(_car_bombs(ws)) == 2


def test_a_grade_keeps_what_the_sources_disagree_on_apart_from_the_analyst_s_reason(ws, run_cli, tmp_path):
    assert run_cli("ingest", _batch(tmp_path, REPORTS[6:], "denial.jsonl")).exit_code == 0
    (hospital,) = [i for i in ws.db.find_incidents() if i.place and i.place.text == "Kafranbel"]
    assert hospital.contested and hospital.grade == "contested"
    decide(ws, "grade", hospital.id, value="fair", reason="test: the ministry's denial is contradicted by footage")
    graded = ws.db.incident(hospital.id)
    assert graded is not None and graded.grade == "fair" and graded.contested  # the sources still disagree
    notes = acled_row(graded, load_registry(), 0)["notes"]
    assert "Contested: denied by" in notes and "footage" not in notes
    # An analyst who grades an incident contested finds its sources competing: the flag follows.
    (azaz,) = _car_bombs(ws)
    assert not azaz.contested
    decide(ws, "grade", azaz.id, value="contested", reason="test: a Kurdish outlet blames Turkey")
    found = ws.db.incident(azaz.id)
    assert found is not None and found.contested and found.grade == "contested"


def test_a_correction_is_checked_against_acled_s_types_and_the_actors_table(ws):
    (azaz,) = _car_bombs(ws)
    with pytest.raises(InputError, match="event_type 'Nonsense type' is not ACLED's"):
        decide(ws, "correct", azaz.id, field="event_type", value="Nonsense type", reason="test")
    with pytest.raises(InputError, match="sub_event_type 'Battles' is not ACLED's"):
        decide(ws, "correct", azaz.id, field="sub_event_type", value="Battles", reason="test")
    # A sub-event type brings its type; names are written as ACLED and the actors' table write them.
    decide(ws, "correct", azaz.id, field="sub_event_type", value="chemical weapon", reason="test: chlorine")
    decide(ws, "correct", azaz.id, field="perpetrator", value="the regime", reason="test: footage")
    found = ws.db.incident(azaz.id)
    assert found is not None
    assert (found.event_type, found.sub_event_type) == ("Explosions/Remote violence", "Chemical weapon")
    assert found.perpetrators[0].actor == "Military Forces of Syria"
    assert [a.actor for a in found.perpetrators].count("Military Forces of Syria") == 1
    # A type that does not hold the sub-type is refused: the sub-type is what to correct.
    with pytest.raises(InputError, match="correct sub_event_type instead"):
        decide(ws, "correct", azaz.id, field="event_type", value="battles", reason="test: it was a clash")


def test_a_stored_correction_that_no_longer_passes_the_checks_is_not_applied_and_stops_nothing(ws):
    """Decisions recorded before a check existed ("Nonsense type" was once accepted) stay in the log, unapplied."""
    from athar.records import Decision, utc_now

    (azaz,) = _car_bombs(ws)
    old = Decision(0, "correct", azaz.id, "test: before the check", "ana", utc_now(), claims=azaz.claims)
    ws.db.add_decision(dataclasses.replace(old, field="event_type", value="Nonsense type"))
    rebuild(ws)
    found = ws.db.incident(azaz.id)
    assert found is not None and found.event_type == azaz.event_type


def test_a_grade_does_not_pass_to_the_larger_incident_its_claims_are_merged_into(ws):
    (azaz,) = _car_bombs(ws)
    (israeli,) = [i for i in ws.db.find_incidents() if "Israel" in str(i.perpetrators)]
    decide(ws, "grade", israeli.id, value="discounted", reason="test: the footage is old")
    decide(ws, "merge", azaz.id, others=[israeli.id], reason="test: one event")
    merged = ws.db.incident(azaz.id)
    assert merged is not None and set(israeli.claims) <= set(merged.claims)
    assert merged.grade != "discounted"  # said of the one report, not of the car bomb's three


def test_an_incident_merged_away_says_where_it_went(ws, run_cli):
    (azaz,) = _car_bombs(ws)
    (israeli,) = [i for i in ws.db.find_incidents() if "Israel" in str(i.perpetrators)]
    decide(ws, "merge", azaz.id, others=[israeli.id[:8]], reason="test: one event")  # typed as a prefix
    for command in (["incident", "show", israeli.id], ["incident", "grade", israeli.id, "weak", "--reason", "x"]):
        result = run_cli(*command)
        assert result.exit_code != 0 and "Traceback" not in result.output
        assert f"incident '{israeli.id}' was merged into {azaz.id} by decision #1: use that id" in result.output


def test_an_incident_known_to_its_month_is_selected_by_its_middle_as_the_csv_writes_it(ws, run_cli):
    """A month's incident is written on the 15th (ACLED's middle): a range that ends on the 7th does not list it,
    so no export writes a day outside the range asked for, and consecutive ranges each hold it once at most."""
    (azaz,) = _car_bombs(ws)
    decide(ws, "correct", azaz.id, field="date", value="2018-01", reason="test: only the month is sure")
    rebuild(ws)
    for since, until, listed in [
        ("2018-01-01", "2018-01-07", False),
        ("2018-01-08", "2018-01-31", True),
        ("2018-01-15", "2018-01-15", True),
        ("2018-01", "2018-01", True),
    ]:
        shown = run_cli("incidents", "--since", since, "--until", until)
        assert shown.exit_code == 0 and (azaz.id[:8] in shown.output) == listed, (since, until)
