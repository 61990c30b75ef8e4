"""Dates in press-release prose, as precise as the text: YYYY-MM-DD, YYYY-MM or YYYY.

Absolute forms ("8 July 2022", "July 8, 2022", "June 2019", "2019-06-14") are
read as written; a span of days ("from 16 to 18 May 2022") gives its month, and so
does one without a year when the text names one year ("the World Government Summit
2023, held from 13 to 15 February"): a summit or visit dates the signing at it.
Relative ones ("on Thursday", "yesterday", "in January this year", "on 8 July",
"last month", "last week") need the publication date and resolve to the latest such day on
or before it, which is how a news report uses them.
"""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_TO = r"\s*(?:-|\u2013|to|and)\s*\d{1,2}(?:st|nd|rd|th)?"
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")),
    # "from 16 to 18 May 2022", "May 16-18, 2022": a visit of several days gives the month
    ("range", re.compile(rf"\b{_DAY}{_TO}\s+{_MONTH},?\s+{_YEAR}\b", re.I)),
    ("range", re.compile(rf"\b{_MONTH}\s+{_DAY}{_TO},?\s+{_YEAR}\b", re.I)),
    # "from 13 to 15 February" with no year: a summit or visit of the year the sentence names
    ("range-noyear", re.compile(rf"\b{_DAY}{_TO}\s+{_MONTH}\b(?!,?\s*\d)", re.I)),
    ("range-noyear", re.compile(rf"\b{_MONTH}\s+{_DAY}{_TO}\b(?!,?\s*\d)", re.I)),
    # "8 July 2022", "the 5th of March 2024"
    ("dmy", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.I)),
    ("mdy", re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I)),
    ("my-rel", re.compile(rf"\b{_MONTH}\s+(?P<rel>this|last)\s+year\b", re.I)),
    ("dm", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?!,?\s*\d)", re.I)),
    ("md", re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!,?\s*\d)", re.I)),
    ("my", re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b", re.I)),
    ("weekday", re.compile(r"\b(?P<rel>last\s+)?(?P<weekday>" + "|".join(WEEKDAYS) + r")\b", re.I)),
    ("relday", re.compile(r"\b(?P<relday>yesterday|today|earlier today|this morning)\b", re.I)),
    ("relmonth", re.compile(r"\b(?P<relmonth>last month|earlier this month|this month)\b", re.I)),
    ("relweek", re.compile(r"\b(?P<relweek>last week|earlier this week|this week)\b", re.I)),
    ("year", re.compile(rf"\bin\s+{_YEAR}\b", re.I)),
]
YEAR = re.compile(r"\b((?:19|20)\d{2})\b")


@dataclass(frozen=True)
class DateMention:
    start: int  # character offsets in the searched text
    end: int
    value: str  # YYYY-MM-DD | YYYY-MM | YYYY

    @property
    def precision(self) -> int:
        return len(self.value.split("-"))


def _day(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _latest_on_or_before(published: date, month: int, day: int) -> str | None:
    value = _day(published.year, month, day)
    if value and date.fromisoformat(value) > published:
        value = _day(published.year - 1, month, day)
    return value


def _week(published: date, last: bool) -> str | None:
    """'last week' / 'this week': the month if the week's days up to publication lie in one,
    else the year (none across a new year)."""
    monday = published - timedelta(days=published.weekday() + (7 if last else 0))
    end = monday + timedelta(days=6) if last else published
    if (monday.year, monday.month) == (end.year, end.month):
        return f"{end.year}-{end.month:02d}"
    return str(end.year) if monday.year == end.year else None


def _value(kind: str, m: re.Match[str], published: date | None, year: int | None) -> str | None:
    groups = m.groupdict()
    month = groups.get("month")
    month_no = int(month) if month and month.isdigit() else MONTHS.get((month or "").lower())
    if kind == "iso":
        return _day(int(groups["year"]), int(groups["month"]), int(groups["day"]))
    if kind in ("dmy", "mdy"):
        return _day(int(groups["year"]), month_no or 0, int(groups["day"]))
    if kind in ("my", "range"):
        return f"{groups['year']}-{month_no:02d}"
    if kind == "year":
        return groups["year"]
    if kind == "range-noyear" and year and (published is None or 0 <= published.year - year <= 1):
        return f"{year}-{month_no:02d}"  # not an older agreement's year ("the 2019 MoU")
    if published is None:
        return None
    if kind == "my-rel":
        year = published.year - (1 if groups["rel"].lower() == "last" else 0)
        return f"{year}-{month_no:02d}"
    if kind == "range-noyear":
        found = _latest_on_or_before(published, month_no or 0, int(groups["day"]))
        return found[:7] if found else None
    if kind in ("dm", "md"):
        return _latest_on_or_before(published, month_no or 0, int(groups["day"]))
    if kind == "weekday":
        back = (published.weekday() - WEEKDAYS.index(groups["weekday"].lower())) % 7
        if groups.get("rel") and back == 0:
            back = 7
        return (published - timedelta(days=back)).isoformat()
    if kind == "relmonth":
        if groups["relmonth"].lower() == "last month":
            year, month = divmod(published.year * 12 + published.month - 2, 12)
            return f"{year}-{month + 1:02d}"
        return f"{published.year}-{published.month:02d}"
    if kind == "relweek":
        return _week(published, groups["relweek"].lower() == "last week")
    back = 1 if groups["relday"].lower() == "yesterday" else 0
    return (published - timedelta(days=back)).isoformat()


def find_dates(text: str, published: date | None = None) -> list[DateMention]:
    """Every date in text, longest reading first where two overlap; relative ones need published."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    years = set(YEAR.findall(text))
    year = int(years.pop()) if len(years) == 1 else None  # "Summit 2023 ... 13 to 15 February"
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            value = _value(kind, m, published, year)
            if value:
                found.append(DateMention(m.start(), m.end(), value))
                taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.start)


def dateline(text: str, head_chars: int = 600) -> date | None:
    """The publication date printed near the top of a page (full dates only), if any."""
    for mention in find_dates(text[:head_chars]):
        if mention.precision == 3:
            return date.fromisoformat(mention.value)
    return None


# A sentence telling the occasion a later signing refers back to: a meeting, visit or forum.
OCCASION_WORDS = frozenset(
    {"received", "receives", "welcomed", "welcomes", "met", "meets", "visit", "visited",
     "visiting", "went", "arrived", "hosted", "hosts", "talks", "meeting", "forum", "summit",
     "opened", "held"}
)  # fmt: skip
# The signing's reference back to that occasion, before its signing cue ("After their talks").
BACK_TO_OCCASION = re.compile(
    r"\b(?:on the (?:sidelines|margins|fringes) of|at the (?:end|close|conclusion) of|after|"
    r"following|during|in the course of|on the occasion of)\s+"
    r"(?:the|their|this|that|his|her|its)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:talks|meetings?|session|visit|forum|summit|conference|discussions)\b",
    re.I,
)
OCCASION_WINDOW = 3  # sentences: the occasion is told just before the signing


@dataclass
class Occasion:
    """A meeting, visit or forum an article told of, with its date and place: a signing that
    refers back to it ("At the end of the meeting, ... signed") took place then and there."""

    sentence: int  # the article's sentence number
    date: str | None
    place: str | None  # an entity key
    evidence: tuple[int, int]


@dataclass
class Reading:
    """Where the reading of one article is: its sentence count and the occasions told so far."""

    sentences: int = 0
    occasions: list[Occasion] = field(default_factory=list)
