"""What a path may use: predicates and classes to go via, things to avoid, a date.

Filters act through the search's weight function (None hides an edge), so no
query copies the graph. as_of (a date): agreements not yet signed by then,
and events and programmes not yet started, are left out. An entity with
dates of different precision (a source saying "2019-06", another
"2019-06-13") is dated by its most precise value; a period counts only once
it is entirely past (graph.dates). Undated agreements, events and programmes
are kept: absence of a date is not evidence that a tie did not exist.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

import networkx as nx

from graph import dates
from graph.errors import BadInput
from graph.network.projection import memo
from graph.network.resolve import expand_term, resolve
from ontology import GT

SHORTCUTS = frozenset({str(GT.tiedWith)})  # derived: hops only when `via` asks
DATE_PREDICATES = (str(GT.signedOn), str(GT.startDate))


@dataclass(frozen=True)
class Filters:
    """What a path may use. Empty `predicates` = every predicate but the shortcuts."""

    predicates: frozenset[str] = frozenset()  # via: only these are hops
    classes: frozenset[str] = frozenset()  # via: intermediate nodes must have one
    exclude_nodes: frozenset[str] = frozenset()
    exclude_predicates: frozenset[str] = frozenset()
    as_of: date | None = None

    def allows(self, predicate: str) -> bool:
        if predicate in self.exclude_predicates:
            return False
        return predicate in self.predicates if self.predicates else predicate not in SHORTCUTS


NO_FILTERS = Filters()


def best_date(node: dict) -> str | None:
    """The most precise signing (or start) date of a node; the latest among equals."""
    for predicate in DATE_PREDICATES:
        found = dates.most_precise(node["dates"].get(predicate, []))
        if found:
            return found
    return None


def disputed_dates(node: dict) -> dict[str, list[str]]:
    """Where sources contradict each other on a node's date: each reading with the source
    graphs stating it; empty when they agree (a month and a day within it agree)."""
    for predicate in DATE_PREDICATES:
        readings = node.get("dated_by", {}).get(predicate, {})
        if readings:
            return dict(sorted(readings.items())) if dates.disagree(readings) else {}
    return {}


def existed(node: dict, as_of: date | None) -> bool:
    """Whether a node was signed (or had started) by as_of; undated nodes always were."""
    if as_of is None:
        return True
    dated = best_date(node)
    return dated is None or dates.past(dated, as_of)


def split_terms(values: Iterable[str]) -> list[str]:
    """Repeated parameters and comma-separated lists alike (via=a,b&via=c)."""
    return [term.strip() for value in values for term in value.split(",") if term.strip()]


def vocabulary(graph: nx.DiGraph) -> tuple[frozenset[str], frozenset[str]]:
    """The predicates that label edges and the classes nodes have, for checking terms."""

    def build(g: nx.DiGraph) -> tuple[frozenset[str], frozenset[str]]:
        predicates = {p for _, _, data in g.edges(data=True) for p in data["predicates"]}
        classes = {c for _, data in g.nodes(data=True) for c in data["classes"]}
        return frozenset(predicates), frozenset(classes)

    return memo(graph, "vocabulary", build)


def make_filters(
    graph: nx.DiGraph,
    via: Iterable[str] = (),
    exclude: Iterable[str] = (),
    as_of: str | None = None,
) -> Filters:
    """Filters from request terms: via = predicates or classes (CURIE or IRI); exclude =
    predicates or entities (any name resolve() accepts)."""
    predicates, classes = vocabulary(graph)
    return filters_from(
        via,
        exclude,
        as_of,
        is_predicate=predicates.__contains__,
        is_class=classes.__contains__,
        entity=lambda term: resolve(graph, term, "exclude"),
    )


def filters_from(
    via: Iterable[str],
    exclude: Iterable[str],
    as_of: str | None,
    *,
    is_predicate: Callable[[str | None], bool],
    is_class: Callable[[str | None], bool],
    entity: Callable[[str], str],
) -> Filters:
    """make_filters over any source of the vocabulary and names: the projection's, or
    SPARQL lookups when there is no whole projection (graph.network.remote)."""
    via_p, via_c, ex_p, ex_n = set(), set(), set(), set()
    for term in split_terms(via):
        iri = expand_term(term)
        if is_predicate(iri):
            via_p.add(iri)
        elif is_class(iri):
            via_c.add(iri)
        else:
            raise BadInput(f"via: {term!r} is not a predicate or class in the graph (gt:party…)")
    for term in split_terms(exclude):
        iri = expand_term(term)
        if is_predicate(iri):
            ex_p.add(iri)
        else:
            ex_n.add(entity(term))
    when = dates.parse_day(as_of, "as_of")
    return Filters(frozenset(via_p), frozenset(via_c), frozenset(ex_n), frozenset(ex_p), when)
