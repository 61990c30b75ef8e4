"""Real SPARQL clients against the running server: SPARQLWrapper and rdflib's SPARQLStore.

SPARQLWrapper sends Accept plus format=/output=/results= parameters (one or
two values each) and warns (RuntimeWarning) when the Content-Type it gets
back is not the one it asked for: those warnings are errors here. rdflib's
SPARQLStore sends only Accept (application/sparql-results+xml,
application/rdf+xml by default) by GET, POST or POST_FORM.
"""

import csv
import io
import urllib.error
from xml.dom.minidom import Document

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import (
    CSV,
    GET,
    JSON,
    JSONLD,
    N3,
    POST,
    POSTDIRECTLY,
    RDFXML,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, Unauthorized

from api.settings import Settings
from graph.sparql.query import run_query
from graph.store.versions import open_store
from tests.sparql_server import running
from tests.support import AGREEMENTS, CONSTRUCT, MOU_2019, TOKEN, copy_store

pytestmark = [
    pytest.mark.filterwarnings("error::RuntimeWarning"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]

METHODS = [(GET, URLENCODED), (POST, URLENCODED), (POST, POSTDIRECTLY)]


@pytest.fixture(scope="module")
def live(built_store):
    with running(Settings(store=built_store)) as server:
        yield server


@pytest.fixture(scope="module")
def oracle(built_store):
    return open_store(built_store)[0]


@pytest.fixture(scope="module")
def expected_rows(oracle):
    return sorted((s["a"].value, s["l"].value) for s in run_query(oracle, AGREEMENTS))


@pytest.fixture(scope="module")
def expected_triples(oracle):
    return len(list(run_query(oracle, CONSTRUCT)))


def wrapper(live, query, fmt, method=GET, request_method=URLENCODED, conneg_only=False):
    client = SPARQLWrapper(live.sparql, returnFormat=fmt)
    client.setQuery(query)
    client.setMethod(method)
    client.setRequestMethod(request_method)
    client.setOnlyConneg(conneg_only)
    return client


def table_rows(body: bytes, delimiter: str) -> list[tuple[str, ...]]:
    reader = csv.reader(io.StringIO(body.decode()), delimiter=delimiter)
    next(reader)
    return sorted(tuple(row) for row in reader)


# --- SPARQLWrapper --------------------------------------------------------------------


@pytest.mark.parametrize(("method", "request_method"), METHODS)
@pytest.mark.parametrize("conneg_only", [False, True])
def test_sparqlwrapper_select_json(live, expected_rows, method, request_method, conneg_only):
    result = wrapper(live, AGREEMENTS, JSON, method, request_method, conneg_only).queryAndConvert()
    rows = sorted((b["a"]["value"], b["l"]["value"]) for b in result["results"]["bindings"])
    assert rows == expected_rows


@pytest.mark.parametrize(("method", "request_method"), METHODS)
def test_sparqlwrapper_select_xml_csv_tsv(live, expected_rows, method, request_method):
    doc = wrapper(live, AGREEMENTS, XML, method, request_method).queryAndConvert()
    assert isinstance(doc, Document)
    literals = sorted(node.firstChild.data for node in doc.getElementsByTagName("literal"))
    assert literals == sorted(label for _, label in expected_rows)
    csv_body = wrapper(live, AGREEMENTS, CSV, method, request_method).queryAndConvert()
    assert table_rows(csv_body, ",") == expected_rows
    tsv_body = wrapper(live, AGREEMENTS, TSV, method, request_method).queryAndConvert()
    tsv = table_rows(tsv_body, "\t")
    assert len(tsv) == len(expected_rows)
    assert {a.strip("<>") for a, _ in tsv} == {a for a, _ in expected_rows}


def ask(live, query, fmt) -> bool:
    answer = wrapper(live, query, fmt).queryAndConvert()
    if fmt == JSON:
        return answer["boolean"]
    return {"true": True, "false": False}[answer.getElementsByTagName("boolean")[0].firstChild.data]


@pytest.mark.parametrize("fmt", [JSON, XML])
def test_sparqlwrapper_ask(live, fmt):
    assert ask(live, f"ASK {{ <{MOU_2019}> ?p ?o }}", fmt) is True
    assert ask(live, "ASK { <urn:x:none> ?p ?o }", fmt) is False


@pytest.mark.parametrize(("method", "request_method"), METHODS)
@pytest.mark.parametrize("fmt", [XML, RDFXML, JSONLD])
def test_sparqlwrapper_construct_as_graph(live, expected_triples, method, request_method, fmt):
    graph = wrapper(live, CONSTRUCT, fmt, method, request_method).queryAndConvert()
    assert isinstance(graph, rdflib.Graph)
    assert len(graph) == expected_triples


@pytest.mark.parametrize(("fmt", "parser"), [(TURTLE, "turtle"), (N3, "n3")])
def test_sparqlwrapper_construct_as_text(live, expected_triples, fmt, parser):
    body = wrapper(live, CONSTRUCT, fmt).queryAndConvert()
    assert len(rdflib.Graph().parse(data=body, format=parser)) == expected_triples


def test_sparqlwrapper_construct_json_means_json_ld(live, expected_triples):
    with pytest.warns(RuntimeWarning, match="Accept header"):  # SPARQLWrapper sends */*
        client = wrapper(live, CONSTRUCT, JSON)
        result = client.query()
    assert result.response.headers["Content-Type"].startswith("application/ld+json")
    assert (
        len(rdflib.Graph().parse(data=result.response.read(), format="json-ld")) == expected_triples
    )


def test_sparqlwrapper_describe(live):
    graph = wrapper(live, f"DESCRIBE <{MOU_2019}>", XML).queryAndConvert()
    assert (rdflib.URIRef(MOU_2019), None, None) in graph


def test_sparqlwrapper_default_and_named_graphs(live, oracle):
    source = sorted(g.value for g in oracle.named_graphs() if "/id/source/" in g.value)[0]
    client = wrapper(live, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", JSON)
    client.addDefaultGraph(source)
    count = int(client.queryAndConvert()["results"]["bindings"][0]["n"]["value"])
    expected = next(
        iter(run_query(oracle, f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{source}> {{ ?s ?p ?o }} }}"))
    )
    assert count == int(expected["n"].value)
    client = wrapper(live, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", JSON, POST)
    client.addNamedGraph(source)
    graphs = client.queryAndConvert()["results"]["bindings"]
    assert [b["g"]["value"] for b in graphs] == [source]


def test_sparqlwrapper_malformed_query_raises_with_the_message(live):
    with pytest.raises(QueryBadFormed, match="error at"):
        wrapper(live, "SELECT * WHERE { ?s ?p }", JSON).query()


def test_sparqlwrapper_update_is_refused_when_read_only(live):
    client = SPARQLWrapper(live.sparql)
    client.setQuery("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }")
    client.setMethod(POST)
    with pytest.raises(urllib.error.HTTPError) as refused:
        client.query()
    assert refused.value.code == 403


# --- rdflib SPARQLStore ---------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
@pytest.mark.parametrize("fmt", ["xml", "json", "csv", "tsv"])
def test_sparqlstore_select(live, expected_rows, method, fmt):
    graph = rdflib.Graph(SPARQLStore(live.sparql, method=method, returnFormat=fmt))
    rows = sorted((str(row.a), str(row.l)) for row in graph.query(AGREEMENTS))
    assert rows == expected_rows


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
@pytest.mark.parametrize("fmt", ["xml", "turtle"])
def test_sparqlstore_construct_and_ask(live, expected_triples, method, fmt):
    graph = rdflib.Graph(SPARQLStore(live.sparql, method=method, returnFormat=fmt))
    assert len(graph.query(CONSTRUCT).graph) == expected_triples
    if fmt == "xml":
        assert graph.query(f"ASK {{ <{MOU_2019}> ?p ?o }}").askAnswer is True


def test_sparqlstore_graph_api(live, oracle):
    store = SPARQLStore(live.sparql)
    graph = rdflib.Graph(store)
    union = len(list(run_query(oracle, "SELECT * { ?s ?p ?o }")))
    assert len(graph) == union
    about = set(graph.predicate_objects(rdflib.URIRef(MOU_2019)))
    assert len(about) == len(list(run_query(oracle, f"SELECT * {{ <{MOU_2019}> ?p ?o }}")))
    assert {str(c) for c in store.contexts()} == {g.value for g in oracle.named_graphs()}
    source = sorted(g.value for g in oracle.named_graphs() if "/id/source/" in g.value)[0]
    one = rdflib.Graph(store, identifier=rdflib.URIRef(source))  # sends default-graph-uri
    expected = run_query(oracle, f"SELECT * {{ GRAPH <{source}> {{ ?s ?p ?o }} }}")
    assert len(one) == len(list(expected)) < union


# --- updates through real clients (a writable server on its own store) ---------------


@pytest.fixture(scope="module")
def writable(tmp_path_factory, built_store):
    store = copy_store(built_store, tmp_path_factory.mktemp("clients-store") / "store")
    with running(Settings(store=store, update_token=TOKEN)) as server:
        yield server


def test_sparqlupdatestore_adds_and_removes_in_a_named_graph(writable):
    graph_iri = rdflib.URIRef("https://example.org/graph/client-notes")
    triple = (rdflib.URIRef(MOU_2019), rdflib.RDFS.comment, rdflib.Literal("added by a client"))
    store = SPARQLUpdateStore(
        writable.sparql, writable.sparql, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    notes = rdflib.Graph(store, identifier=graph_iri)
    union = rdflib.Graph(SPARQLStore(writable.sparql))
    notes.add(triple)
    assert triple in union, "the default graph (union) shows the new fact"
    assert graph_iri in set(store.contexts())
    notes.remove(triple)
    assert triple not in union


def test_sparqlupdatestore_with_a_wrong_token_is_401(writable):
    store = SPARQLUpdateStore(
        writable.sparql, writable.sparql, headers={"Authorization": "Bearer nope"}
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        rdflib.Graph(store, identifier=rdflib.URIRef("urn:g")).add(
            (rdflib.URIRef("urn:a"), rdflib.RDFS.label, rdflib.Literal("x"))
        )
    assert refused.value.code == 401


@pytest.mark.parametrize("request_method", [URLENCODED, POSTDIRECTLY])
def test_sparqlwrapper_update_with_token(writable, request_method):
    label = f"via SPARQLWrapper {request_method}"
    client = SPARQLWrapper(writable.sparql)
    client.setMethod(POST)
    client.setRequestMethod(request_method)
    client.addCustomHttpHeader("Authorization", f"Bearer {TOKEN}")
    client.setQuery(
        f'INSERT DATA {{ GRAPH <urn:g:wrapper> {{ <{MOU_2019}> rdfs:comment "{label}" }} }}'
    )
    assert client.query().response.status == 204
    check = SPARQLWrapper(writable.sparql, returnFormat=JSON)
    check.setQuery(f'ASK {{ <{MOU_2019}> rdfs:comment "{label}" }}')
    assert check.queryAndConvert()["boolean"] is True
    client.clearCustomHttpHeader("Authorization")
    with pytest.raises(Unauthorized):
        client.query()
