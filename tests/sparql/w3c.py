"""Reading the W3C SPARQL 1.1 test manifests (tests/w3c/) and comparing their results.

Manifests are read with rdflib against the suite's published base, so test
IRIs, graph names and query base IRIs are the ones the expected results use;
files are read from the vendored copy. Results compare as the suite means
them: solutions as multisets, blank nodes up to a consistent renaming, graphs
by isomorphism (rdflib.compare). Expected terms are read by pyoxigraph, as
the Oxigraph server's own harness reads them, so "1.0"^^xsd:decimal and the
engine's canonical "1" are the same term (XSD 1.1 canonical forms); order is
not compared (ORDER BY tests check the multiset only).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic

ROOT = Path(__file__).resolve().parent.parent / "w3c"
BASE = "https://w3c.github.io/rdf-tests/sparql/sparql11/"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
EXPECTED_FAILURES = ROOT / "expected-failures.txt"

RDF_FORMATS = {".ttl": "turtle", ".nt": "nt", ".rdf": "xml"}


def local(iri: str) -> Path:
    """The vendored file of a suite IRI."""
    return ROOT / iri.removeprefix(BASE)


def manifest(folder: str, name: str = "manifest.ttl") -> tuple[Graph, list[URIRef]]:
    """A manifest's graph and its entries, in order."""
    graph = Graph()
    graph.parse(ROOT / folder / name, format="turtle", publicID=f"{BASE}{folder}/{name}")
    [head] = graph.objects(None, MF.entries)
    return graph, [URIRef(entry) for entry in Collection(graph, head)]


def expected_failures() -> dict[str, str]:
    """Test id (folder/name) -> why govties cannot pass it, from the one list file."""
    failures = {}
    for line in EXPECTED_FAILURES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            test, reason = line.split(None, 1)
            failures[test] = reason.strip()
    return failures


@dataclass(frozen=True)
class QueryTest:
    id: str  # folder/local name, as the expected-failure list names it
    query: str  # IRI of the query file (also its base IRI)
    data: tuple[str, ...]  # default graph files
    graph_data: tuple[str, ...]  # named graph files (named by their IRI)
    result: str


def query_tests(folder: str) -> Iterator[QueryTest]:
    graph, entries = manifest(folder)
    for entry in entries:
        if (entry, RDF.type, MF.QueryEvaluationTest) not in graph:
            continue
        action = graph.value(entry, MF.action)
        yield QueryTest(
            id=f"{folder}/{entry.split('#')[-1]}",
            query=str(graph.value(action, QT.query)),
            data=tuple(sorted(str(d) for d in graph.objects(action, QT.data))),
            graph_data=tuple(sorted(str(d) for d in graph.objects(action, QT.graphData))),
            result=str(graph.value(entry, MF.result)),
        )


def read_graph(path: Path | str, data: bytes | None = None, fmt: str | None = None) -> Graph:
    graph = Graph()
    if data is None:
        graph.parse(local(str(path)), format=RDF_FORMATS[Path(str(path)).suffix], publicID=path)
    else:
        graph.parse(data=data, format=fmt)
    return graph


Row = tuple[tuple[str, object], ...]  # (variable, term) pairs, sorted by variable
RS = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")
RESULTS = {".srx": ox.QueryResultsFormat.XML, ".srj": ox.QueryResultsFormat.JSON}
ENGINE = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".rdf": ox.RdfFormat.RDF_XML}


def stored(term: object) -> object:
    """A term as the store keeps it: literals in their XSD 1.1 canonical form ("1.0" -> "1")."""
    if not isinstance(term, ox.Literal):
        return term
    probe = ox.Store()
    probe.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), term))
    return next(iter(probe)).object


def _rows(solutions: ox.QuerySolutions) -> list[Row]:
    names = [v.value for v in solutions.variables]
    return [
        tuple(sorted((n, stored(t)) for n, t in zip(names, sol, strict=True) if t is not None))
        for sol in solutions
    ]


def _result_set(graph: Graph) -> list[Row] | bool:
    """An expected result written in the DAWG result-set vocabulary (Turtle)."""
    [result] = graph.subjects(RDF.type, RS.ResultSet)
    boolean = graph.value(result, RS.boolean)
    if boolean is not None:
        return bool(boolean.toPython())
    rows = []
    for solution in graph.objects(result, RS.solution):
        row = []
        for binding in graph.objects(solution, RS.binding):
            value = graph.value(binding, RS.value)
            row.append((str(graph.value(binding, RS.variable)), _ox_term(value)))
        rows.append(tuple(sorted(row)))
    return rows


def _ox_term(term: object) -> object:
    """An rdflib term as pyoxigraph would read it (literals canonical, as its parser makes them)."""
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    triple = f"<urn:s> <urn:p> {term.n3()} ."
    return stored(next(iter(ox.parse(triple.encode(), format=ox.RdfFormat.N_TRIPLES))).object)


def _matches(expected: list[Row], got: list[Row], mapping: dict) -> bool:
    """Whether the rows are the same multiset, blank nodes up to a consistent renaming."""
    if not expected:
        return not got
    first, rest = expected[0], expected[1:]
    for index, row in enumerate(got):
        if len(row) != len(first) or [v for v, _ in row] != [v for v, _ in first]:
            continue
        trial = dict(mapping)
        if all(_bind(e, g, trial) for (_, e), (_, g) in zip(first, row, strict=True)) and _matches(
            rest, got[:index] + got[index + 1 :], trial
        ):
            return True
    return False


def _bind(expected: object, got: object, mapping: dict) -> bool:
    if isinstance(expected, ox.BlankNode) and isinstance(got, ox.BlankNode):
        if mapping.setdefault(expected, got) != got:
            return False
        return list(mapping.values()).count(got) == 1
    return expected == got


def expected_result(iri: str) -> list[Row] | bool | Graph:
    path = local(iri)
    if path.suffix in RESULTS:
        parsed = ox.parse_query_results(path=path, format=RESULTS[path.suffix])
        return bool(parsed) if isinstance(parsed, ox.QueryBoolean) else _rows(parsed)
    graph = read_graph(iri)
    return _result_set(graph) if (None, RDF.type, RS.ResultSet) in graph else graph


def _canonical_graph(graph: Graph) -> Graph:
    """The graph with its literals as the store keeps them (canonical numbers)."""
    probe = ox.Store()
    probe.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return read_graph(
        "", probe.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()), "nt"
    )


def same(expected: list[Row] | bool | Graph, body: bytes) -> bool:
    """Whether an answer (SPARQL JSON results, or N-Triples) is the expected one."""
    if isinstance(expected, Graph):
        return isomorphic(_canonical_graph(expected), read_graph("", body, "nt"))
    got = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    if isinstance(got, ox.QueryBoolean) or isinstance(expected, bool):
        return isinstance(got, ox.QueryBoolean) and bool(got) == expected
    rows = _rows(got)
    if not any(isinstance(t, ox.BlankNode) for row in [*rows, *expected] for _, t in row):
        return sorted(rows, key=str) == sorted(expected, key=str)
    return len(rows) == len(expected) and _matches(sorted(expected, key=str), rows, {})
