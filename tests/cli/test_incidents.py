"""`athar incidents` filters: a governorate in any spelling, and nonsense refused in one line, never an empty list."""

from __future__ import annotations

import pytest

from tests.reconcile.test_decisions import _batch
from tests.reconcile.test_incidents import REPORTS


@pytest.fixture
def listed(tmp_path, run_cli):
    """``listed(ARGS…)``: the output of `athar incidents ARGS…` over the test reports (Azaz, Damascus, Kafranbel)."""
    assert run_cli("ingest", _batch(tmp_path, REPORTS[:6])).exit_code == 0

    def run(*args):
        result = run_cli("incidents", *args)
        assert result.exit_code == 0, result.output
        return result.output

    return run


@pytest.mark.parametrize("spelling", ["Idlib", "Idleb", "idlib", "إدلب", "Idlib province", "Idleb Governorate"])
def test_a_governorate_is_matched_in_any_spelling_the_gazetteer_knows(listed, spelling):
    shown = listed("--governorate", spelling)
    assert "Kafranbel" in shown and shown.endswith("1 incident(s)\n")


def test_an_unknown_governorate_is_an_error_naming_it_and_the_known_ones(run_cli):
    result = run_cli("incidents", "--governorate", "Narnia")
    assert result.exit_code == 2
    error = result.output.splitlines()[-1]
    assert error.startswith("Error: Invalid value for --governorate: 'Narnia' is no governorate the gazetteer knows")
    assert "Idlib" in error and "Traceback" not in result.output


@pytest.mark.parametrize("command", [["incidents"], ["export", "incidents"], ["export", "bundle", "-o", "b.zip"]])
@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--near", "95,200"], "Invalid value for --near: '95,200': no such point (latitude -90 to 90"),
        (["--near", "Kafranbel", "--within", "-5"], "Invalid value for '--within': -5.0 is not in the range x>0."),
        (["--within", "5"], "--within needs --near: the place to measure from"),
        (["--since", "2019", "--until", "2018"], "--since 2019 is after --until 2018: no incident falls between them"),
        (["--governorate", "Narnia"], "Invalid value for --governorate: 'Narnia' is no governorate"),
        (["--target", "palace"], "Invalid value for --target: 'palace' is no target type; known: airport, bakery"),
    ],
)
def test_impossible_filters_are_one_error_line_before_the_workspace_is_opened(run_cli, command, args, error):
    result = run_cli(*command, *args)  # no workspace exists: the filters are refused first
    assert result.exit_code == 2
    assert result.output.splitlines()[-1].startswith(f"Error: {error}")
    assert "Traceback" not in result.output and "ATH403" not in result.output


def test_a_limit_below_one_is_refused_not_read_as_no_limit(run_cli):
    result = run_cli("incidents", "--limit", "-1")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == "Error: Invalid value for '--limit': -1 is not in the range x>=1."


def test_since_and_until_on_the_same_day_still_select_it(listed):
    assert listed("--since", "2018-01-07", "--until", "2018-01-07").endswith("2 incident(s)\n")


def test_a_type_is_acled_s_in_any_case_and_an_unknown_one_is_an_error(listed, run_cli):
    assert "Kafranbel" in listed("--type", "air/drone strike")
    result = run_cli("incidents", "--type", "airstrike")
    assert result.exit_code == 2 and "Traceback" not in result.output
    error = result.output.splitlines()[-1]
    assert "'airstrike' is no ACLED event type or sub-event type" in error and "Air/drone strike" in error


@pytest.mark.parametrize("name", ["Russian", "russia", "Moscow", "Military Forces of Russia", "forces of russia"])
def test_a_perpetrator_is_found_by_any_name_the_actors_table_knows_or_part_of_one(listed, name):
    shown = listed("--perpetrator", name)
    assert "Kafranbel" in shown and shown.endswith("1 incident(s)\n")


@pytest.mark.parametrize("word", ["hospital", "hospitals", "Hospital", "clinic"])
def test_a_target_is_named_by_any_word_for_it(listed, word):
    shown = listed("--target", word)
    assert "Kafranbel" in shown and shown.endswith("1 incident(s)\n")


def test_ingest_says_how_many_incidents_have_no_place_and_what_helps(tmp_path, run_cli):
    kramatorsk = (
        "k",
        "Kyiv Independent",
        "2022-04-08",
        "A Russian missile struck the railway station in Kramatorsk on Friday, killing 50 people, officials said.",
    )
    result = run_cli("ingest", _batch(tmp_path, [*REPORTS[:2], kramatorsk]))
    assert result.exit_code == 0, result.output
    assert "note: 1 incident(s) have no place the gazetteer knows" in result.output
    assert "athar gazetteer import" in result.output
