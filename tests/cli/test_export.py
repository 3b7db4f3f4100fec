"""`athar export`: what cannot be written fails in one line, and the tables researchers sum hold only tolls."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.reconcile.test_decisions import _batch

MARKET = (
    "market",
    "Al Jazeera",
    "2019-07-23",
    "An air strike on a market in Maarat al-Numan on Monday killed 38 people, including eight children and five "
    "women, the White Helmets said.",
)
NOWHERE = ("nowhere", "AP", "2019-07-23", "An air strike killed twelve people on Monday, rescuers said.")
DAMASCUS = (
    "damascus",
    "SANA",
    "2018-01-07",
    "Israeli warplanes struck positions near Damascus on Sunday, killing two soldiers, a military source said.",
)


@pytest.fixture
def export(tmp_path, run_cli):
    """A workspace with a market strike (children and women among the dead), a strike with no place, and an
    Israeli strike near Damascus that an analyst discounted; ``export(ARGS…)`` runs `athar export incidents`."""
    assert run_cli("ingest", _batch(tmp_path, [MARKET, NOWHERE, DAMASCUS])).exit_code == 0
    listed = run_cli("incidents", "--json", "--governorate", "Damascus").stdout
    (damascus,) = [json.loads(line) for line in listed.splitlines()]
    assert run_cli("incident", "grade", damascus["id"], "discounted", "--reason", "old footage").exit_code == 0

    def run(*args):
        result = run_cli("export", "incidents", *args)
        assert result.exit_code == 0, result.output
        return result

    return run


@pytest.mark.parametrize(
    "command",
    [
        ["export", "incidents"],
        ["export", "incidents", "--format", "csv"],
        ["export", "claims"],
        ["export", "figures"],
        ["export", "bundle"],
        ["export", "wacz"],
        ["media", "thumbnail", "3fa9c2e1"],
    ],
)
def test_an_output_in_a_folder_that_does_not_exist_is_one_line_before_any_work(run_cli, tmp_path, command):
    target = tmp_path / "no-such-folder" / "out.file"
    result = run_cli(*command, "-o", str(target))
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"Error: Could not open file '{target}': no folder '{target.parent}' to write it in"
    ]
    assert not target.parent.exists()


def test_an_output_that_is_a_folder_is_one_line(run_cli, tmp_path):
    result = run_cli("export", "incidents", "-o", str(tmp_path))
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"Error: Could not open file '{tmp_path}': it is a folder; name a file in it"]


def test_csv_leaves_discounted_incidents_out_and_says_how_many(export):
    result = export("--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert "discounted" not in {r["athar_grade"] for r in rows} and len(rows) == 2
    assert "Military Forces of Israel" not in {r["actor1"] for r in rows}  # its two dead are not summed
    assert "exported 2 incidents" in result.stderr
    assert "left out 1 discounted (--grade discounted exports them)" in result.stderr


def test_grade_discounted_exports_the_discounted_incidents_alone(export):
    rows = list(csv.DictReader(io.StringIO(export("--format", "csv", "--grade", "discounted").stdout)))
    assert [(r["athar_grade"], r["fatalities"]) for r in rows] == [("discounted", "2")]


def test_json_lines_keep_every_incident_with_its_grade(export):
    result = export("--format", "jsonl")
    grades = sorted(json.loads(line)["grade"] for line in result.stdout.splitlines())
    assert grades == ["discounted", "weak", "weak"]
    assert "left out" not in result.stderr


def test_geojson_says_how_many_incidents_it_left_off_the_map_and_why(export):
    result = export("--format", "geojson")
    (feature,) = json.loads(result.stdout)["features"]
    assert feature["properties"]["location"] == "Ma‘arrat an Nu‘mān"
    assert result.stderr.strip().endswith(
        "left out 1 discounted (--grade discounted exports them); left out 1 with no place to map"
    )


def test_children_and_women_killed_and_the_best_injured_figure_are_exported_flat(export):
    (row,) = [r for r in csv.DictReader(io.StringIO(export("--format", "csv").stdout)) if r["fatalities"] == "38"]
    assert (row["athar_children_killed_min"], row["athar_children_killed_max"]) == ("8", "8")
    assert (row["athar_women_killed_min"], row["athar_women_killed_max"]) == ("5", "5")
    (feature,) = json.loads(export("--format", "geojson").stdout)["features"]
    properties = feature["properties"]
    assert (properties["children_killed_min"], properties["women_killed_max"]) == (8, 5)
    assert "injured_best" in properties
    assert all(not isinstance(v, dict | list) for v in properties.values())  # flat, for QGIS
