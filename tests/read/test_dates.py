import pytest

from athar.read.dates import coarsen, parse_date
from athar.records import DateValue


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("2016-02-10", "2016-02-10", "day"),
        ("2016-02-10T08:30:00Z", "2016-02-10", "day"),
        ("2018-04", "2018-04", "month"),
        ("2019", "2019", "year"),
        ("10 Feb, 2016", "2016-02-10", "day"),
        ("February 10, 2016", "2016-02-10", "day"),
        ("Wednesday, 6 November 2019", "2019-11-06", "day"),
        ("MARCH 2025", "2025-03", "month"),
        ("7 أبريل 2018", "2018-04-07", "day"),
    ],
)
def test_dates_keep_the_precision_they_are_written_with(text, value, precision):
    assert parse_date(text) == DateValue(value, precision)


@pytest.mark.parametrize("text", ["", "yesterday", "2,500 $", "2016-02-31", "Raqqa 2018 offensive", "300"])
def test_non_dates_are_not_dates(text):
    assert parse_date(text) is None


def test_a_manifest_precision_only_coarsens():
    assert parse_date("2018-04-07", precision="month") == DateValue("2018-04", "month")
    assert coarsen(DateValue("2018", "year"), "day") == DateValue("2018", "year")
