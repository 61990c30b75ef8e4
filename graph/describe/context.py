"""An entity in its network: its agreements over time, its ego graph, a country's partners.

These read the networkx projection (graph.network.projection), already built
once per store version for the path queries, so a page pays no query for them.
"""

from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from graph.network.filters import best_date
from graph.network.search import neighbourhood
from graph.network.ties import ties
from ontology import GT

# Roles an entity plays in an agreement, as the timeline names them.
ROLES = {
    str(GT.party): "party",
    str(GT.facilitator): "facilitator",
    str(GT.funder): "funder",
    str(GT.signatory): "signatory",
    str(GT.witness): "witness",
}
EGO_LIMIT = 24  # nodes drawn around an entity: enough to see its ties, few enough to read


@dataclass(frozen=True)
class Dated:
    iri: str
    label: str
    date: str | None  # as precise as the sources state it: YYYY, YYYY-MM or YYYY-MM-DD
    role: str


@dataclass
class Ego:
    centre: str
    nodes: dict[str, tuple[str, str]] = field(default_factory=dict)  # iri -> (label, kind)
    edges: list[tuple[str, str, str]] = field(default_factory=list)  # (from, to, label)
    truncated: bool = False


@dataclass
class CountryTies:
    partners: list[tuple[str, str, int]]  # (iri, label, agreements), most first
    per_year: dict[str, int]  # year -> agreements signed that year (dated ones)
    undated: int
    agencies: list[tuple[str, str, int]]  # bodies in the country, with their agreements
    timeline: list[Dated]  # every agreement tying it to another country; the partner as role


def _dated(graph: nx.DiGraph, agreement: str, role: str) -> Dated:
    data = graph.nodes[agreement]
    return Dated(agreement, data["label"], best_date(data), role)


def _order(items: list[Dated]) -> list[Dated]:
    return sorted(items, key=lambda d: (d.date is None, d.date or "", d.label))


def timeline(graph: nx.DiGraph, iri: str) -> list[Dated]:
    """The agreements an entity is party to, signed, witnessed, facilitated or funded."""
    if iri not in graph:
        return []
    found: dict[str, Dated] = {}
    for agreement in graph.predecessors(iri):
        if graph.nodes[agreement]["kind"] != "agreement":
            continue
        for predicate in graph.edges[agreement, iri]["predicates"]:
            if predicate in ROLES and agreement not in found:
                found[agreement] = _dated(graph, agreement, ROLES[predicate])
    return _order(list(found.values()))


def ego(graph: nx.DiGraph, iri: str, limit: int = EGO_LIMIT) -> Ego:
    """The entity and its direct neighbours, with the statements among them."""
    drawn = Ego(iri)
    if iri not in graph:
        return drawn
    around = neighbourhood(graph, iri, depth=1, limit=limit)
    for node in around.depth:
        drawn.nodes[node] = (graph.nodes[node]["label"], graph.nodes[node]["kind"])
    for predicate, s, o in around.statements:
        label = graph.edges[s, o]["predicates"][predicate]["label"]
        drawn.edges.append((s, o, label))
    drawn.truncated = around.truncated
    return drawn


def country_ties(graph: nx.DiGraph, country: str) -> CountryTies:
    """Partner countries by agreements, agreements per year, and the country's own bodies."""
    partners = ties(graph, country, None) if country in graph else {}
    agreements = {a for found in partners.values() for a in found}
    years = Counter(d[:4] for a in agreements if (d := best_date(graph.nodes[a])))
    dated: dict[str, Dated] = {}
    for partner, found in partners.items():
        for agreement in found:
            dated.setdefault(agreement, _dated(graph, agreement, graph.nodes[partner]["label"]))
    agencies = []
    if country in graph:
        for body in graph.predecessors(country):
            edge = graph.edges[body, country]["predicates"]
            if str(GT.country) in edge and graph.nodes[body]["kind"] == "org":
                tied = len(timeline(graph, body))
                agencies.append((body, graph.nodes[body]["label"], tied))
    return CountryTies(
        partners=sorted(
            ((p, graph.nodes[p]["label"], len(a)) for p, a in partners.items()),
            key=lambda row: (-row[2], row[1]),
        ),
        per_year=dict(sorted(years.items())),
        undated=len(agreements) - sum(years.values()),
        agencies=sorted(agencies, key=lambda row: (-row[2], row[1])),
        timeline=_order(list(dated.values())),
    )
