"""Scoping a query to one version (graph.backend.scope), checked on the text and by running
the scoped text on pyoxigraph: it must parse and answer what the unscoped query answers
on the embedded store's layout."""

import json

import pyoxigraph as ox
import pytest

from graph.backend.scope import HIDDEN, PUBLIC, VersionNames, public_results, query_form, scoped

V = VersionNames("20261203T000000-000000001-1")
G1, G2 = "https://example.org/source/1", "https://example.org/source/2"
EX = {"ex": "https://example.org/"}


def test_graph_constants_are_renamed_and_text_elsewhere_is_not():
    text = (
        f'SELECT ?s WHERE {{ GRAPH <{G1}> {{ ?s ?p "GRAPH <{G1}>" }} # GRAPH <{G2}>\n'
        "GRAPH ex:source\\/2 { ?s ?p ?o } }"
    )
    out = scoped(text, V, EX)
    assert f"GRAPH <{V.graph(G1)}>" in out
    assert f'"GRAPH <{G1}>"' in out and f"# GRAPH <{G2}>" in out
    assert f"GRAPH <{V.graph(G2)}>" in out


def test_from_clauses_are_dropped():
    text = f"PREFIX s: <https://example.org/source/> SELECT * FROM <{G1}> FROM NAMED s:2 WHERE {{}}"
    out = scoped(text, V, {})
    assert "FROM" not in out and out.endswith("SELECT *   WHERE {}")


@pytest.fixture
def versioned() -> ox.Store:
    """Two source graphs and their union as a build loads them on an engine, with the map."""
    store = ox.Store()
    for graph, obj in ((G1, "one"), (G2, "two")):
        triple = (ox.NamedNode("https://example.org/a"), ox.NamedNode(f"{EX['ex']}says"))
        store.add(ox.Quad(*triple, ox.Literal(obj), ox.NamedNode(V.graph(graph))))
        store.add(ox.Quad(*triple, ox.Literal(obj), ox.NamedNode(V.iri)))
        title = ox.Quad(ox.NamedNode(graph), ox.NamedNode(f"{EX['ex']}title"), ox.Literal(obj))
        store.add(ox.Quad(title.subject, title.predicate, title.object, ox.NamedNode(V.iri)))
        pair = (ox.NamedNode(V.graph(graph)), ox.NamedNode(PUBLIC), ox.NamedNode(graph))
        store.add(ox.Quad(*pair, ox.NamedNode(V.map)))
    return store


def run(store: ox.Store, text: str) -> list[dict]:
    named = [ox.NamedNode(V.graph(g)) for g in (G1, G2)] + [ox.NamedNode(V.map)]
    result = store.query(
        scoped(text, V, EX), prefixes=EX, default_graph=[ox.NamedNode(V.iri)], named_graphs=named
    )
    doc = public_results(json.loads(result.serialize(format=ox.QueryResultsFormat.JSON)), V)
    assert all(not v.startswith(HIDDEN) for v in doc["head"]["vars"])
    return sorted(
        ({k: t["value"] for k, t in row.items()} for row in doc["results"]["bindings"]),
        key=lambda row: sorted(row.items()),
    )


def test_a_graph_variable_is_the_public_iri_everywhere(versioned):
    joined = run(versioned, "SELECT ?g ?t WHERE { GRAPH ?g { ?a ex:says ?o } ?g ex:title ?t }")
    assert joined == [{"g": G1, "t": "one"}, {"g": G2, "t": "two"}]
    filtered = run(
        versioned, f"SELECT ?o WHERE {{ GRAPH ?g {{ ?a ex:says ?o }} FILTER(?g = <{G2}>) }}"
    )
    assert filtered == [{"o": "two"}]
    values = run(versioned, f"SELECT * WHERE {{ VALUES ?g {{ <{G1}> }} GRAPH ?g {{ ?a ?p ?o }} }}")
    assert [row["o"] for row in values] == ["one"]
    absent = run(
        versioned,
        "SELECT ?o WHERE { ?a ex:says ?o FILTER NOT EXISTS { GRAPH ?g { ?a ex:says ?o } "
        f"FILTER(?g = <{G1}>) }} }}",
    )
    assert absent == [{"o": "two"}]
    nested = run(versioned, "SELECT ?g ?h WHERE { GRAPH ?g { GRAPH ?h { ?a ex:says 'one' } } }")
    assert nested == [{"g": G1, "h": G1}, {"g": G2, "h": G1}]


def test_the_query_form():
    assert query_form("PREFIX select: <x:> # SELECT\nCONSTRUCT WHERE { ?s ?p ?o }") == "CONSTRUCT"
    assert query_form('ASK { ?s ?p "SELECT" }') == "ASK"
    assert query_form("SELECT * { { SELECT ?s { ?s ?p ?o } } }") == "SELECT"
