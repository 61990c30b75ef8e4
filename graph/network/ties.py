"""Which countries an agreement ties, looking up through parent bodies.

Computed from the agreements themselves, not from the derived gt:tiedWith,
so it can honour as_of and name the agreements.
"""

from datetime import date

import networkx as nx

from graph.build.derived_graph import countries_up
from graph.network.filters import existed
from ontology import GT, ORG

AGREEMENT = str(GT.Agreement)
TIE_ROLES = (str(GT.party), str(GT.facilitator))


def countries_of(graph: nx.DiGraph, node: str) -> set[str]:
    """An organisation's countries (gt:country), looking up through parent bodies."""
    return countries_up(
        node,
        lambda n: _objects(graph, n, str(GT.country)),
        lambda n: _objects(graph, n, str(ORG.subOrganizationOf)),
    )


def _objects(graph: nx.DiGraph, subject: str, predicate: str) -> list[str]:
    return sorted(o for o in graph.successors(subject) if predicate in preds(graph, subject, o))


def preds(graph: nx.DiGraph, s: str, o: str) -> dict:
    return graph.edges[s, o]["predicates"]


def ties(graph: nx.DiGraph, country: str, as_of: date | None = None) -> dict[str, list[str]]:
    """Partner country -> the agreements tying it to `country` (through parties or facilitators)."""
    partners: dict[str, list[str]] = {}
    for agreement in sorted(graph.nodes):
        data = graph.nodes[agreement]
        if AGREEMENT not in data["classes"] or not existed(data, as_of):
            continue
        countries: set[str] = set()
        for org in agreement_orgs(graph, agreement):
            countries |= countries_of(graph, org)
        if country in countries:
            for partner in sorted(countries - {country}):
                partners.setdefault(partner, []).append(agreement)
    return partners


def agreement_orgs(graph: nx.DiGraph, agreement: str, role: str | None = None) -> list[str]:
    """The parties and facilitators of an agreement (or those in one role)."""
    roles = (role,) if role else TIE_ROLES
    return sorted({o for r in roles for o in _objects(graph, agreement, r)})
