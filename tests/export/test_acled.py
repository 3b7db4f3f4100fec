"""Incidents leave Athar as ACLED-compatible CSV, GeoJSON for QGIS, and figure series as JSON Lines."""

from __future__ import annotations

import csv
import io
import json

import pytest

from athar.export.acled import ACLED_COLUMNS, COLUMNS, acled_row
from athar.reconcile.sources import load_registry
from athar.records import DateValue, Incident
from tests.reconcile.test_decisions import _batch
from tests.reconcile.test_incidents import REPORTS


@pytest.fixture
def exported(tmp_path, run_cli):
    assert run_cli("ingest", _batch(tmp_path, REPORTS)).exit_code == 0

    def export(*args):
        result = run_cli("export", *args)
        assert result.exit_code == 0, result.output
        return result.stdout

    return export


def test_csv_has_acleds_columns_first_in_acleds_order_and_its_conventions(exported):
    text = exported("incidents", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert tuple(csv.reader(io.StringIO(text)).__next__()) == COLUMNS
    assert COLUMNS[: len(ACLED_COLUMNS)] == ACLED_COLUMNS and ACLED_COLUMNS[0] == "event_id_cnty"
    (azaz,) = [r for r in rows if r["sub_event_type"] == "Remote explosive/landmine/IED"]
    # Sources said three, seven and eight: ACLED takes the most conservative figure.
    assert (azaz["fatalities"], azaz["athar_killed_min"], azaz["athar_killed_max"]) == ("3", "3", "8")
    assert (azaz["iso"], azaz["country"], azaz["admin1"]) == ("760", "Syria", "Aleppo")
    assert (azaz["event_date"], azaz["year"], azaz["time_precision"]) == ("2018-01-07", "2018", "1")
    assert azaz["disorder_type"] == "Political violence" and azaz["event_id_cnty"].startswith("SYR")
    # ACLED's source: who says it, then the publications that carried it (Reuters both, named once).
    assert azaz["source"] == (
        "Reuters; Syria Civil Defence; Syrian Observatory for Human Rights; Agence France-Presse; Associated Press"
    )
    assert azaz["geo_precision"] == "1"
    (hospital,) = [r for r in rows if "hospital" in r["athar_targets"]]
    assert hospital["athar_contested"] == "true" and "denied by" in hospital["athar_denied_by"]
    assert hospital["actor1"] == "Military Forces of Russia"
    # ACLED's inter codes: a state's forces abroad are external forces (8), against civilians (7): 78; alone, 80.
    assert (hospital["inter1"], hospital["inter2"], hospital["interaction"]) == ("8", "7", "78")
    (israeli,) = [r for r in rows if r["actor1"] == "Military Forces of Israel"]
    assert (israeli["inter1"], israeli["inter2"], israeli["interaction"]) == ("8", "", "80")


def test_filters_select_what_is_exported(exported):
    rows = list(csv.DictReader(io.StringIO(exported("incidents", "--format", "csv", "--perpetrator", "israel"))))
    assert [r["actor1"] for r in rows] == ["Military Forces of Israel"]
    # A state-aligned source is labelled in the row ("a military source" quoted by SANA is SANA).
    assert rows[0]["athar_source_labels"] == "Syrian Arab News Agency (aligned with Military Forces of Syria)"
    assert exported("incidents", "--format", "csv", "--since", "2030").count("\n") == 1  # the header alone


def test_geojson_is_a_feature_collection_of_points_in_lon_lat_order(exported):
    collection = json.loads(exported("incidents", "--format", "geojson"))
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 3
    for feature in collection["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert 35 < lon < 43 and 32 < lat < 38  # Syria
        assert all(not isinstance(v, dict | list) for v in feature["properties"].values())


def test_every_export_is_recorded_in_custody_with_its_hash(exported, run_cli, tmp_path, settings):
    out = tmp_path / "incidents.csv"
    exported("incidents", "--format", "csv", "-o", str(out))
    import hashlib

    digest = "sha256:" + hashlib.sha256(out.read_bytes()).hexdigest()
    shown = run_cli("verify", "--json")
    assert json.loads(shown.output)["ok"]
    from athar.workspace import Workspace

    with Workspace.open(settings, create=False) as ws:
        last = ws.db.last_custody("export")
    assert last is not None and last.details["digest"] == digest and last.details["format"] == "csv"


def test_figures_export_lists_every_point_with_its_words(tmp_path, run_cli):
    reports = [
        (
            "a",
            "SNHR",
            "2019-09-30",
            "Russian forces have killed more than 6,500 civilians in Syria since 2015, the Syrian Network for Human "
            "Rights said.",
        ),
        ("b", "Al Jazeera", "2020-09-30", "Russian forces have killed 6,859 civilians in Syria since 2015, SNHR said."),
    ]
    run_cli("ingest", _batch(tmp_path, reports))
    lines = [json.loads(line) for line in run_cli("export", "figures").stdout.splitlines()]
    (killed,) = [s for s in lines if s["measure"] == "killed"]
    assert [p["value"]["text"] for p in killed["points"]] == ["more than 6,500", "6,859"]
    assert killed["latest"]["min"] == 6859 and all(p["text"] for p in killed["points"])


@pytest.mark.parametrize(
    ("value", "precision", "day", "time_precision"),
    [
        ("2018-03-05", "day", "2018-03-05", "1"),
        ("2018-03-05", "week", "2018-03-08", "2"),  # Monday 5 to Sunday 11: the Thursday
        ("2018-03", "month", "2018-03-15", "3"),
    ],
)
def test_an_event_known_to_its_week_or_month_is_dated_at_the_middle_of_it(value, precision, day, time_precision):
    """As the ACLED Codebook codes it, so that a month's events do not all pile up on its first day."""
    date = DateValue(value, precision)
    incident = Incident("i1", "Battles", "Armed clash", date, place=None, claims=(), sources=(), originators=0)
    row = acled_row(incident, load_registry(), 0)
    assert (row["event_date"], str(row["time_precision"])) == (day, time_precision)


def test_actors_a_source_names_together_are_associated_and_rivals_are_not():
    """ACLED's assoc_actor_1 holds actor1's partners ("Russian and Syrian warplanes", said by one source), never
    the actor another source blames instead."""
    from athar.records import Attribution

    incident = Incident(
        "i1",
        "Explosions/Remote violence",
        "Air/drone strike",
        DateValue("2016-09-20", "day"),
        place=None,
        claims=(),
        sources=("SOHR", "AFP", "SANA"),
        originators=3,
        perpetrators=(
            Attribution("Military Forces of Russia", ("SOHR", "AFP")),
            Attribution("Military Forces of Syria", ("SOHR",)),
            Attribution("Opposition rebels", ("SANA",)),
        ),
    )
    row = acled_row(incident, load_registry(), 0)
    assert (row["actor1"], row["assoc_actor_1"]) == ("Military Forces of Russia", "Military Forces of Syria")
    assert ACLED_COLUMNS.index("assoc_actor_1") == ACLED_COLUMNS.index("actor1") + 1


@pytest.mark.parametrize(("actor", "inter1"), [("Military Forces of Syria", "1"), ("Military Forces of Russia", "8")])
def test_a_states_forces_are_state_forces_at_home_and_external_forces_abroad(actor: str, inter1: str):
    from athar.records import Attribution, Place, PlaceMention

    douma = Place("geonames:170654", "Douma", 33.57, 36.4, "city", "SY", admin1="Rif Dimashq")
    incident = Incident(
        "i2",
        "Explosions/Remote violence",
        "Air/drone strike",
        DateValue("2018-02-20", "day"),
        place=PlaceMention("Douma", 0, 5, douma, 1),
        claims=(),
        sources=("SOHR",),
        originators=1,
        perpetrators=(Attribution(actor, ("SOHR",)),),
    )
    assert str(acled_row(incident, load_registry(), 0)["inter1"]) == inter1


def test_an_incident_no_source_dates_is_dated_by_its_first_report_with_a_few_days_precision():
    """ACLED needs a day on every row: "a car bomb exploded in Azaz" in a report of 10 May happened then or
    shortly before."""
    incident = Incident(
        "i3",
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
        DateValue(None),
        place=None,
        claims=(),
        sources=(),
        originators=0,
        reported=DateValue("2017-05-10", "day"),
    )
    row = acled_row(incident, load_registry(), 0)
    assert (row["event_date"], row["year"], row["time_precision"]) == ("2017-05-10", 2017, 2)
    assert row["notes"].startswith("On or shortly before 10 May 2017 (first reported)")


@pytest.mark.parametrize(
    ("value", "precision", "opening"),
    [("2016-03-15", "day", "On 15 March 2016,"), ("2017-05", "month", "In May 2017,"), ("2016", "year", "In 2016,")],
)
def test_notes_write_dates_as_acled_does(value: str, precision: str, opening: str):
    date = DateValue(value, precision)  # type: ignore[arg-type]  # a precision of the list above
    incident = Incident("i4", "Battles", "Armed clash", date, place=None, claims=(), sources=(), originators=0)
    assert acled_row(incident, load_registry(), 0)["notes"].startswith(opening)
