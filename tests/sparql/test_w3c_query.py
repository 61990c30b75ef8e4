"""W3C SPARQL 1.1 query evaluation tests, run through the embedded service.

Each test's data becomes a govties store: every data file is a named graph
(named by its IRI) and the default graph is their union, the invariant every
govties store keeps. The query then goes through service.answer_query, the
function HTTP and the command line call (guard, dataset, engine, JSON
serialisation), with the query file's IRI as base. Tests the union default
graph cannot pass are expected failures, with their reasons, in
tests/w3c/expected-failures.txt.
"""

import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.sparql.formats import Form
from graph.sparql.service import answer_query
from tests.sparql.w3c import (
    ENGINE,
    QueryTest,
    expected_failures,
    expected_result,
    local,
    query_tests,
    same,
)

FOLDERS = (
    "aggregates",
    "bind",
    "bindings",
    "cast",
    "construct",
    "exists",
    "functions",
    "grouping",
    "negation",
    "project-expression",
    "property-path",
    "subquery",
)
JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"
CHOICE = {Form.RESULTS: JSON, Form.GRAPH: NTRIPLES}
TESTS = [test for folder in FOLDERS for test in query_tests(folder)]
FAILURES = expected_failures()


def _store(root: Path, test: QueryTest) -> str:
    """A store of the test's files, each a named graph, the default graph their union."""
    path = root / str(abs(hash((test.data, test.graph_data))))
    if path.exists():
        return str(path)
    db = ox.Store(str(path))
    for iri in dict.fromkeys([*test.data, *test.graph_data]):
        file = local(iri)
        triples = [q.triple for q in ox.parse(path=file, format=ENGINE[file.suffix], base_iri=iri)]
        db.extend(ox.Quad(*t, ox.NamedNode(iri)) for t in triples)
        db.extend(ox.Quad(*t) for t in triples)
    db.flush()
    del db
    return str(path)


@pytest.fixture(scope="module")
def stores():
    """Stores in memory-backed /dev/shm where there is one: on disk, syncing them is most
    of the suite's time on a loaded machine."""
    shm = Path("/dev/shm")
    with tempfile.TemporaryDirectory(dir=shm if shm.is_dir() else None) as folder:
        yield Path(folder)


@pytest.mark.parametrize("test", TESTS, ids=[t.id for t in TESTS])
def test_query_evaluation(test: QueryTest, stores, request):
    if test.id in FAILURES:
        request.applymarker(pytest.mark.xfail(reason=FAILURES[test.id], strict=True))
    version = _store(stores, test)
    text = local(test.query).read_text(encoding="utf-8")
    answer = answer_query(version, text, [], [], CHOICE, 100_000, test.query)
    assert same(expected_result(test.result), answer.body)


def test_the_expected_failures_name_real_tests():
    ids = {t.id for t in TESTS}
    queries = {name for name in FAILURES if name.split("/")[0] in FOLDERS}
    assert queries <= ids, queries - ids
