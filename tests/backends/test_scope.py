"""Scoping a query to one version (graph.backend.scope), checked on the text and by running
the scoped text on pyoxigraph: it must parse and answer what the unscoped query answers
on the embedded store's layout. And the one string-literal escaper
(graph.build.ntriples.quoted), whose literals every reader takes back as the same text and
a remote store lets through."""

import json
from urllib.parse import parse_qs

import httpx
import pyoxigraph as ox
import pytest

from graph.backend.client import JSON_RESULTS, EngineClient
from graph.backend.engines import target
from graph.backend.remote import RemoteStore
from graph.backend.scope import HIDDEN, PUBLIC, VersionNames, public_results, query_form, scoped
from graph.build.ntriples import quoted
from graph.errors import Refused
from graph.network.from_dataset import value

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


TEXTS = [
    "plain",
    'a "quoted" \\ back\\slash',
    "x\\u0041 and \\U0001F600",
    "x\\\\u0041\\",
    "tab\tline\nbreak\r\b\f é 日本",
    "bell\x01 delete\x7f",
]


@pytest.mark.parametrize("text", TEXTS)
def test_one_escaper_reads_back_in_n_triples_and_sparql(text):
    literal = quoted(text)
    triple = f"<urn:s> <urn:p> {literal} .\n".encode()
    assert [t.object.value for t in ox.parse(triple, format=ox.RdfFormat.N_TRIPLES)] == [text]
    assert value(literal) == text  # the path index's reading of the build's N-Triples
    solutions = ox.Store().query(f"SELECT ({literal} AS ?x) {{}}")
    assert [solution[0].value for solution in solutions] == [text]


def remote_seeing(sent: list[str]) -> RemoteStore:
    """A RemoteStore whose engine answers every query with no rows; the texts it was sent."""

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(parse_qs(request.content.decode())["query"][0])
        empty = {"head": {"vars": ["x"]}, "results": {"bindings": []}}
        return httpx.Response(200, json=empty, headers={"Content-Type": JSON_RESULTS})

    engine = EngineClient(target("http://127.0.0.1:9", "oxigraph"))
    engine._http = httpx.Client(transport=httpx.MockTransport(handle))
    return RemoteStore(engine, V, [G1], 0)


def test_a_remote_store_takes_the_escapers_literals_and_refuses_other_escapes():
    sent: list[str] = []
    store = remote_seeing(sent)
    for text in TEXTS[:5]:
        store.query(f"SELECT ?x WHERE {{ ?x ?p {quoted(text)} }}")
    assert len(sent) == 5 and "\\\\\\u0075" in sent[2]
    for refused in (
        "SELECT * WHERE { \\u0053ERVICE <x:y> {} }",
        f"ASK {{ ?s ?p {quoted(TEXTS[5])} }}",
    ):
        with pytest.raises(Refused, match="escapes"):
            store.query(refused)
    assert len(sent) == 5


def test_own_rows_reads_the_version_with_no_dataset(versioned):
    """govties' own queries go with no dataset, the version named in the text: an engine
    holding another version's graphs too answers them as the version alone would."""
    other = VersionNames("20261202T000000-000000001-1")
    a, says = ox.NamedNode("https://example.org/a"), ox.NamedNode(f"{EX['ex']}says")
    versioned.add(ox.Quad(a, says, ox.Literal("old"), ox.NamedNode(other.graph(G1))))
    versioned.add(ox.Quad(a, says, ox.Literal("old"), ox.NamedNode(other.iri)))
    forms: list[dict] = []

    def handle(request: httpx.Request) -> httpx.Response:
        form = parse_qs(request.content.decode())
        forms.append(form)
        result = versioned.query(form["query"][0])
        return httpx.Response(
            200,
            content=result.serialize(format=ox.QueryResultsFormat.JSON),
            headers={"Content-Type": JSON_RESULTS},
        )

    engine = EngineClient(target("http://127.0.0.1:9", "oxigraph"))
    engine._http = httpx.Client(transport=httpx.MockTransport(handle))
    store = RemoteStore(engine, V, [G1, G2], 0)
    stated = f"SELECT ?o ?g WHERE {{ GRAPH ?g {{ ?a <{EX['ex']}says> ?o }} }}"
    assert sorted(store.own_rows(stated)) == [("one", G1), ("two", G2)]
    union = f"SELECT ?o WHERE {{ ?a <{EX['ex']}says> ?o }} LIMIT 5"
    assert sorted(store.own_rows(union)) == [("one",), ("two",)]
    assert all(set(form) == {"query"} for form in forms)  # no default- or named-graph-uri
