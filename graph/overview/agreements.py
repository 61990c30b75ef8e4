"""Every agreement once, with what the map and the timeline filter and draw it by.

Read from the networkx projection (graph.network.projection), as /ties reads it:
an agreement's countries are those of its parties and facilitators, looking up
through parent bodies (graph.network.ties), so a map pair is a gt:tiedWith pair.
A country filter keeps every agreement the country takes part in: those /ties
lists, and those whose other side is a body of no country (an international one).
The date is the most precise reading the sources give
(graph.network.filters.best_date); a year or a month stays a year or a month.
Rows are computed once per projection.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import networkx as nx

from graph import dates
from graph.errors import BadInput
from graph.network.answers import is_country
from graph.network.filters import best_date, disputed_dates
from graph.network.projection import memo
from graph.network.resolve import resolve
from graph.network.ties import AGREEMENT, agreement_orgs, countries_of
from graph.overview.topics import TopicScheme
from ontology import GT

PRECISIONS = {4: "year", 7: "month", 10: "day"}  # by the length of the ISO text
YEAR_MIN, YEAR_MAX = 1900, 2100  # the range a year filter accepts


@dataclass(frozen=True)
class Row:
    """One agreement as both views see it."""

    iri: str
    label: str
    cls: str | None
    date: str | None  # 2019, 2019-06 or 2019-06-13
    year: int | None  # the year of `date`, which every filter reads
    readings: tuple[str, ...]  # every date the sources give, when they contradict each other
    topics: frozenset[str]
    parties: tuple[str, ...]  # gt:party organisations
    countries: tuple[str, ...]  # country IRIs of parties and facilitators


def rows(graph: nx.DiGraph) -> tuple[Row, ...]:
    """The agreements of the projection, dated ones by date then all by IRI."""
    return memo(graph, "overview_rows", _rows)


def _rows(graph: nx.DiGraph) -> tuple[Row, ...]:
    known: dict[str, frozenset[str]] = {}

    def countries(org: str) -> frozenset[str]:
        if org not in known:
            known[org] = frozenset(countries_of(graph, org))
        return known[org]

    found = []
    for iri, data in graph.nodes(data=True):
        if AGREEMENT not in data["classes"]:
            continue
        tied = frozenset().union(*(countries(o) for o in agreement_orgs(graph, iri)))
        found.append(
            Row(
                iri=iri,
                label=data["label"],
                cls=data.get("cls"),
                date=(signed := best_date(data)),
                year=int(signed[:4]) if signed else None,
                readings=tuple(disputed_dates(data)),
                topics=frozenset(data["topics"]),
                parties=tuple(agreement_orgs(graph, iri, str(GT.party))),
                countries=tuple(sorted(tied)),
            )
        )
    return tuple(sorted(found, key=lambda r: (r.date is None, r.date or "", r.iri)))


def precision(date: str) -> str:
    return PRECISIONS[len(date)]


def period_json(date: str | None) -> dict[str, str | None]:
    """The date, its precision and the first and last day of the period it names."""
    span = dates.period(date) if date else None
    return {
        "date": date,
        "precision": precision(date) if date else None,
        "start": span[0].isoformat() if span else None,
        "end": span[1].isoformat() if span else None,
    }


@dataclass(frozen=True)
class Selection:
    """Which agreements to show. A period lies within one calendar year whatever its
    precision, so a year range selects exactly; undated agreements are kept unless
    `undated` is False (absence of a date is not evidence that a tie did not exist)."""

    from_year: int | None = None
    to_year: int | None = None
    topics: frozenset[str] | None = None  # the topic and its narrower ones
    country: str | None = None
    party: str | None = None
    undated: bool = True
    echo: dict[str, object] = field(default_factory=dict, compare=False)

    def keeps(self, row: Row, skip: str = "") -> bool:
        """Whether the row passes every filter but the one named `skip` (for facets)."""
        year = row.year
        if year is None:
            if not self.undated:
                return False
        elif (self.from_year is not None and year < self.from_year) or (
            self.to_year is not None and year > self.to_year
        ):
            return False
        if self.topics is not None and not (row.topics & self.topics):
            return False
        if skip != "country" and self.country and self.country not in row.countries:
            return False
        return skip == "party" or not self.party or self.party in row.parties


def selection(
    graph: nx.DiGraph,
    scheme: TopicScheme,
    from_year: int | None = None,
    to_year: int | None = None,
    topic: str | None = None,
    country: str | None = None,
    party: str | None = None,
    undated: bool = True,
) -> Selection:
    """The filters as people give them (names, ISO codes, slugs) checked and resolved."""
    if from_year is not None and to_year is not None and from_year > to_year:
        raise BadInput(f"from_year {from_year} is after to_year {to_year}")
    topic_iri = scheme.find(topic) if topic else None
    country_iri = resolve(graph, country, "country", is_country(graph)) if country else None
    party_iri = resolve(graph, party, "party", _is_party(graph)) if party else None
    return Selection(
        from_year,
        to_year,
        scheme.covers[topic_iri] if topic_iri else None,
        country_iri,
        party_iri,
        undated,
        echo={
            "from_year": from_year,
            "to_year": to_year,
            "topic": topic_iri,
            "country": country_iri,
            "party": party_iri,
            "undated": undated,
        },
    )


def _is_party(graph: nx.DiGraph) -> Callable[[str], bool]:
    parties = memo(graph, "overview_parties", lambda g: {p for r in rows(g) for p in r.parties})
    return parties.__contains__


def years(graph: nx.DiGraph) -> dict[str, int | None]:
    """The first and last year any agreement is dated: the ends of a year slider."""

    def span(g: nx.DiGraph) -> dict[str, int | None]:
        dated = [r.year for r in rows(g) if r.year is not None]
        return {"first": min(dated, default=None), "last": max(dated, default=None)}

    return memo(graph, "overview_years", span)
