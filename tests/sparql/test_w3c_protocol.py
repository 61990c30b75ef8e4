"""W3C SPARQL 1.1 Protocol and Graph Store Protocol tests, over HTTP against a test server.

The manifests describe each test as a list of HTTP requests (ht:Request) with
the expected status, boolean, result format, Location or graph; each is sent
as written, with the suite's /sparql/ and /gsp paths mapped onto /sparql and
/rdf-graph-store and the update token added. Every test starts from the same
store: the suite's data1-3 as named graphs (named as its ut:graphData labels
say), the default graph their union. The Graph Store tests are the
machine-readable indirect-identification manifest (graph-store-protocol/),
which replaces the prose http-rdf-update/ one; direct identification
(graphs named by request paths) is not offered by govties and not run.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic

from api.settings import Settings
from graph.store.versions import live_version, write_store
from tests.sparql.w3c import expected_failures, local, manifest
from tests.sparql_server import running
from tests.support import AUTH, GRAPH_PARSERS, TOKEN

HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
HTS = "http://www.w3.org/2011/http-statusCodes#"
STATUS = {"OK": (200,), "Created": (201,), "NoContent": (204,), "NotFound": (404,)}
STATUS |= {f"StatusCode{n}xx": tuple(range(n * 100, n * 100 + 100)) for n in (2, 3, 4)}
PATHS = {"/sparql/": "/sparql", "/gsp": "/rdf-graph-store"}
RESULTS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
}
TABULAR = {*RESULTS, "text/csv", "text/tab-separated-values"}
SUITES = (("protocol", "manifest.ttl"), ("graph-store-protocol", "manifest-indirect.ttl"))
FAILURES = expected_failures()


@dataclass(frozen=True)
class Step:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    status: tuple[int, ...]
    boolean: bool | None
    form: str | None  # expected result format: boolean, tabular or RDF
    location: str | None  # template variable the Location header fills in
    graph: tuple[str, str] | None  # expected graph: (text, media type)


@dataclass(frozen=True)
class ProtocolTest:
    id: str
    steps: tuple[Step, ...]


def _headers(graph: Graph, node) -> dict[str, str]:
    head = graph.value(node, HT.headers)
    if head is None:
        return {}
    return {
        str(graph.value(h, HT.fieldName)).lower(): str(graph.value(h, HT.fieldValue))
        for h in Collection(graph, head)
    }


def _body(graph: Graph, node) -> tuple[str, str] | None:
    body = graph.value(node, HT.body)
    if body is None:
        return None
    encoding = str(graph.value(body, CNT.characterEncoding) or "UTF-8")
    return str(graph.value(body, CNT.chars)), encoding


def _path(path: str) -> str:
    for suite, ours in PATHS.items():
        if path.startswith(suite):
            return ours + path.removeprefix(suite)
    raise AssertionError(f"unexpected path {path}")


def _text(graph: Graph, node, prop) -> str | None:
    value = graph.value(node, prop)
    return None if value is None else str(value)


def _step(graph: Graph, request) -> Step:
    response = graph.value(request, HT.resp)
    body = _body(graph, request)
    expected = _body(graph, response)
    statuses = [str(s).removeprefix(HTS) for s in graph.objects(response, MF.expectedStatus)]
    boolean = graph.value(response, MF.expectedBoolean)
    kind = _headers(graph, response).get("content-type", "text/turtle")
    return Step(
        method=str(graph.value(request, HT.methodName)),
        path=_path(str(graph.value(request, HT.absolutePath))),
        headers=_headers(graph, request),
        body=None if body is None else body[0].encode(body[1]),
        status=tuple(code for s in statuses for code in STATUS[s]),
        boolean=None if boolean is None else bool(boolean.toPython()),
        form=_text(graph, response, MF.expectedFormat),
        location=_text(graph, response, MF.expectedLocation),
        graph=None if expected is None else (expected[0], kind),
    )


def protocol_tests(folder: str, name: str) -> Iterator[ProtocolTest]:
    graph, entries = manifest(folder, name)
    for entry in entries:
        requests = graph.value(graph.value(entry, MF.action), HT.requests)
        steps = tuple(_step(graph, r) for r in Collection(graph, requests))
        yield ProtocolTest(f"{folder}/{entry.split('#')[-1]}", steps)


def _initial_quads() -> bytes:
    """The suite's data files as named graphs (labelled as ut:graphData says), plus the union."""
    graph, _ = manifest("protocol")
    names = {str(graph.value(d, UT.graph)): str(graph.value(d, RDFS.label))
             for d in graph.objects(None, UT.graphData)}  # fmt: skip
    quads = []
    for iri, name in sorted(names.items()):
        triples = [q.triple for q in ox.parse(path=local(iri), format=ox.RdfFormat.N_TRIPLES)]
        quads += [ox.Quad(*t, ox.NamedNode(name)) for t in triples]
        quads += [ox.Quad(*t) for t in triples]
    return ox.serialize(list(dict.fromkeys(quads)), format=ox.RdfFormat.N_QUADS)


INITIAL = _initial_quads()
TESTS = [test for folder, name in SUITES for test in protocol_tests(folder, name)]


_AS_WRITTEN: set[str] = set()  # names of the versions reset wrote (none changes once live)


def reset(store: Path) -> None:
    """The initial data as the live version. Every write makes a new version, so while the
    live one is still a version written here, nothing changed it and there is nothing to
    redo: the tests that only read cost no store write and no reopening by the server."""
    if store.is_symlink() and live_version(store).name in _AS_WRITTEN:
        return
    quads = sum(1 for _ in ox.parse(INITIAL, format=ox.RdfFormat.N_QUADS))
    _AS_WRITTEN.add(write_store(INITIAL, store, {"quads": quads, "graphs": 3}).name)


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    store = tmp_path_factory.mktemp("w3c-protocol") / "store"
    reset(store)
    with running(Settings(store=store, update_token=TOKEN)) as server:
        yield server, store


def _media(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip()


def check(step: Step, response: httpx.Response, variables: dict[str, str]) -> None:
    where = f"{step.method} {step.path}: {response.status_code} {response.text[:300]}"
    assert response.status_code in step.status, where
    media = _media(response)
    if step.form == "boolean" or step.boolean is not None:
        assert media in RESULTS, where
        answer = ox.parse_query_results(response.content, format=RESULTS[media])
        assert isinstance(answer, ox.QueryBoolean), where
        if step.boolean is not None:
            assert bool(answer) == step.boolean, where
    if step.form == "tabular":
        assert media in TABULAR, where
    if step.form == "RDF":
        assert media in GRAPH_PARSERS, where
    if step.location is not None:
        variables[step.location] = response.headers["location"]
    if step.graph is not None:
        text, kind = step.graph
        expected = Graph().parse(data=text, format=GRAPH_PARSERS[kind.split(";")[0].strip()])
        got = Graph().parse(data=response.content, format=GRAPH_PARSERS[media])
        assert isomorphic(expected, got), f"{where}\n{got.serialize(format='nt')}"


@pytest.mark.parametrize("test", TESTS, ids=[t.id for t in TESTS])
def test_protocol(test: ProtocolTest, live, request):
    if test.id in FAILURES:
        request.applymarker(pytest.mark.xfail(reason=FAILURES[test.id], strict=True))
    server, store = live
    reset(store)
    variables: dict[str, str] = {}
    with httpx.Client(base_url=server.url, timeout=30) as http:
        for step in test.steps:
            path = step.path
            for name, value in variables.items():
                path = path.replace(name, value)
            headers = {**step.headers, **AUTH}
            response = http.request(step.method, path, content=step.body, headers=headers)
            check(step, response, variables)


def test_the_expected_failures_name_real_tests():
    suites = {folder for folder, _ in SUITES}
    named = {name for name in FAILURES if name.split("/")[0] in suites}
    assert named <= {t.id for t in TESTS}, named - {t.id for t in TESTS}


def test_the_suite_reads_every_test():
    assert len([t for t in TESTS if t.id.startswith("protocol/")]) == 34
    assert len([t for t in TESTS if t.id.startswith("graph-store-protocol/")]) == 9
    assert all(isinstance(URIRef(t.id), URIRef) and t.steps for t in TESTS)
