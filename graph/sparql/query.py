"""Running SPARQL over the store, the same way for the CLI, the API and the tests.

The default graph is the union of all named graphs (materialised by the build,
see graph.build.nquads), so plain queries see everything once while
GRAPH ?source { ... } still tells which source states a fact.
"""

from collections.abc import Iterator, Sequence

import pyoxigraph as ox

from ontology import PREFIXES

Result = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples

RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}


def run_query(
    store: ox.Store,
    sparql: str,
    default_graphs: Sequence[str] = (),
    named_graphs: Sequence[str] = (),
) -> Result:
    """Evaluate a query; default_graphs/named_graphs narrow the dataset as in the protocol.

    The govties prefixes (gt:, org:, prov:, ...) are predeclared; a query's own
    PREFIX lines override them. Raises SyntaxError for a malformed query.
    """
    options: dict = {"prefixes": PREFIXES}
    if default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    if named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    return store.query(sparql, **options)


def term_text(term: object) -> str:
    """A term as a person reads it: IRIs and literals without quotes or datatypes."""
    if term is None:
        return ""
    value = getattr(term, "value", None)
    return str(value) if value is not None else str(term)


def rows(result: ox.QuerySolutions) -> tuple[list[str], list[list[str]]]:
    """SELECT results as header + rows of plain text."""
    names = [v.value for v in result.variables]
    return names, [[term_text(term) for term in sol] for sol in result]


def value_rows(store: ox.Store, sparql: str) -> Iterator[tuple[str | None, ...]]:
    """Each solution's values (None when unbound) in SELECT order.

    Solutions are read by position: looking values up by variable name costs
    microseconds each, which adds up to seconds over a million rows.
    """
    result = run_query(store, sparql)
    assert isinstance(result, ox.QuerySolutions), "value_rows takes a SELECT query"
    for sol in result:
        yield tuple(None if term is None else term.value for term in sol)
