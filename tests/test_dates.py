"""Partial dates (graph.dates): one reading of YYYY, YYYY-MM and YYYY-MM-DD for every layer."""

from datetime import date

import pytest

from graph import dates
from graph.errors import BadInput

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize(
    ("values", "bounds"),
    [
        (["2019"], ("2019-01-01", "2019-12-31")),
        # June has 30 days: the view's date filter once compared a string "2019-06-31".
        (["2019-06", "2019-06-13"], ("2019-06-01", "2019-06-30")),
        (["2021", "2019-02-03"], ("2019-02-03", "2021-12-31")),
        (["2020-02"], ("2020-02-01", "2020-02-29")),
        (["undated"], None),
        (["2019-13"], None),
        ([], None),
    ],
)
def test_bounds(values, bounds):
    assert dates.bounds(values) == bounds


@pytest.mark.parametrize(
    ("text", "datatype"),
    [
        ("2019", XSD + "gYear"),
        ("2019-06", XSD + "gYearMonth"),
        ("2019-06-13", XSD + "date"),
        ("2019-13-45", XSD + "date"),  # the shape decides; SHACL and the engine reject the value
        ("13 June 2019", None),
        ("2019-6", None),
    ],
)
def test_datatype_follows_the_precision_written(text, datatype):
    assert dates.datatype(text) == datatype


def test_a_period_is_past_only_once_its_last_day_has_come():
    assert dates.period_end("2020-02") == date(2020, 2, 29)
    assert not dates.past("2019-06", date(2019, 6, 29))
    assert dates.past("2019-06", date(2019, 6, 30))
    assert dates.past("2019-06-13", date(2019, 6, 13))
    assert not dates.past("not a date", date(2100, 1, 1))


def test_most_precise_reading_wins_then_the_latest():
    assert dates.most_precise(["2019-06", "2019-06-13", "2019"]) == "2019-06-13"
    assert dates.most_precise(["2019-06-13", "2019-06-14"]) == "2019-06-14"
    assert dates.most_precise(["soon"]) is None


def test_parse_day_names_the_parameter():
    assert dates.parse_day(" 2019-06-13 ") == date(2019, 6, 13)
    assert dates.parse_day("") is None and dates.parse_day(None) is None
    with pytest.raises(BadInput, match="as_of: '2019-13-45' is not a date"):
        dates.parse_day("2019-13-45")


def test_day_is_only_a_full_date():
    assert dates.day("2019-06-13") == date(2019, 6, 13)
    assert dates.day("2019-06") is None and dates.day("2019") is None
    assert dates.day("20190613") is None and dates.day("2019-02-30") is None


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["2019-06", "2019-06-13"], False),  # one refines the other
        (["2019", "2019-06", "2019-06-13"], False),
        (["2023-06-12", "2023-06-14"], True),
        (["2021", "2024"], True),
        (["2019-01", "2019", "2019-05"], True),  # the year holds both months, which differ
        (["2019"], False),
        (["not a date", "2019"], False),
    ],
)
def test_readings_disagree_only_when_their_periods_are_disjoint(values, expected):
    assert dates.disagree(values) is expected
