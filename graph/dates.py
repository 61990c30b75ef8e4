"""Partial dates, as precise as a source states them: YYYY, YYYY-MM or YYYY-MM-DD.

Sources say "in 2019", "in June 2019" or "on 13 June 2019", and the graph
keeps each at its own precision (xsd:gYear, xsd:gYearMonth, xsd:date). What
the rest of govties needs from such a value is here, once: which datatype it
is, the period it names, and whether that period is over by a given day.
A period counts as past only once its last day has come ("2019-06" is past
as of 2019-06-30, not before): absence of precision is not evidence.
"""

import calendar
import re
from collections.abc import Iterable
from datetime import date

from graph.errors import BadInput

XSD = "http://www.w3.org/2001/XMLSchema#"
DATATYPES = {1: XSD + "gYear", 2: XSD + "gYearMonth", 3: XSD + "date"}  # by precision
_SHAPE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def datatype(text: str) -> str | None:
    """The XSD datatype IRI a partial date is written in, or None if it is not one.

    Only the shape is read: "2019-13-45" is written as an xsd:date (and rejected
    by the engine's and the shapes' checks) rather than silently becoming a string.
    """
    return DATATYPES[text.count("-") + 1] if _SHAPE.match(text) else None


def period(text: str) -> tuple[date, date] | None:
    """First and last day of the period a partial date names; None if it names none."""
    if not _SHAPE.match(text):
        return None
    parts = [int(part) for part in text.split("-")]
    try:
        if len(parts) == 1:
            return date(parts[0], 1, 1), date(parts[0], 12, 31)
        if len(parts) == 2:
            last = calendar.monthrange(parts[0], parts[1])[1]
            return date(parts[0], parts[1], 1), date(parts[0], parts[1], last)
        day = date(*parts)
    except ValueError:
        return None
    return day, day


def period_end(text: str) -> date | None:
    """Last day of the period (2019 -> 2019-12-31); None if the text names no period."""
    span = period(text)
    return span[1] if span else None


def day(text: str) -> date | None:
    """The day a full date (YYYY-MM-DD) names; None for a year, a month or no date."""
    span = period(text)
    return span[0] if span and span[0] == span[1] else None


def most_precise(values: Iterable[str]) -> str | None:
    """The most precise of several readings of one date; the latest among equals."""
    dated = [(len(v), end, v) for v in values if (end := period_end(v)) is not None]
    return max(dated)[2] if dated else None


def disagree(values: Iterable[str]) -> bool:
    """Whether readings of one date contradict each other, not merely differ in precision.

    Calendar periods are nested or disjoint: "2019-06" and "2019-06-13" agree (one
    refines the other), "2023-06-12" and "2023-06-14" do not.
    """
    spans = [span for value in values if (span := period(value))]
    return bool(spans) and min(end for _, end in spans) < max(start for start, _ in spans)


def past(text: str, as_of: date) -> bool:
    """Whether the whole period the partial date names lies on or before as_of."""
    end = period_end(text)
    return end is not None and end <= as_of


def bounds(values: Iterable[str]) -> tuple[str, str] | None:
    """Earliest first day and latest last day (ISO) of the periods named; None if none."""
    spans = [span for value in values if (span := period(value))]
    if not spans:
        return None
    return min(s for s, _ in spans).isoformat(), max(e for _, e in spans).isoformat()


def parse_day(text: str | None, what: str = "as_of") -> date | None:
    """A full day a person gives (YYYY-MM-DD), None when blank; BadInput naming `what`."""
    if text is None or not text.strip():
        return None
    found = day(text.strip())
    if found is None:
        raise BadInput(f"{what}: {text!r} is not a date; use YYYY-MM-DD")
    return found
