"""Running SPARQL over an open store: the engine call under every query govties makes.

Requests from people go through graph.sparql.service (guard, caps, formats);
these two functions are for govties' own queries (projection, stats, views).
The default graph is the union of all named graphs (materialised by the build,
see graph.build.pipeline.nquads), so plain queries see everything once while
GRAPH ?source { ... } still tells which source states a fact.
"""

from collections.abc import Iterator, Sequence

import pyoxigraph as ox

from ontology import PREFIXES

Result = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
DEFAULT = ""  # in default_graphs: the store's own default graph (a merge made for a query)


def run_query(
    store: ox.Store,
    sparql: str,
    default_graphs: Sequence[str] = (),
    named_graphs: Sequence[str] = (),
    base_iri: str | None = None,
) -> Result:
    """Evaluate a query; default_graphs/named_graphs narrow the dataset as in the protocol.

    The govties prefixes (gt:, org:, prov:, ...) are predeclared; a query's own
    PREFIX lines override them, and relative IRIs resolve against base_iri (the
    endpoint's URL over HTTP). Raises SyntaxError for a malformed query.
    """
    options: dict = {"prefixes": PREFIXES, "base_iri": base_iri}
    if default_graphs:
        options["default_graph"] = [
            ox.DefaultGraph() if g == DEFAULT else ox.NamedNode(g) for g in default_graphs
        ]
    if named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    return store.query(sparql, **options)


def value_rows(store: ox.Store, sparql: str) -> Iterator[tuple[str | None, ...]]:
    """Each solution's values (None when unbound) in SELECT order.

    Solutions are read by position: looking values up by variable name costs
    microseconds each, which adds up to seconds over a million rows.
    """
    result = run_query(store, sparql)
    assert isinstance(result, ox.QuerySolutions), "value_rows takes a SELECT query"
    for sol in result:
        yield tuple(None if term is None else term.value for term in sol)
