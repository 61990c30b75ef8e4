"""The same facts from every backend: the example queries, entity pages, stats."""

import functools
import json
import re

import httpx
import pyoxigraph as ox
import pytest

from api.pages import example_files
from graph.sparql.query import run_query
from tests.backends.conftest import Backend
from tests.support import GDS

EXAMPLES = sorted(example_files(), key=lambda p: p.name)


def rows_of(doc: dict, separator: str | None = None) -> list[tuple]:
    """SPARQL JSON results as sorted rows of (type, value, datatype or language).

    With the separator of a GROUP_CONCAT, a literal holding it is compared as the set of
    its parts, untagged: the order of GROUP_CONCAT is left to each engine, and SPARQL 1.1
    makes it a plain string (Virtuoso), where Oxigraph keeps a language all parts share.
    """
    names = doc["head"]["vars"]

    def cell(term: dict | None) -> tuple:
        if term is None:
            return ()
        kind = "literal" if term["type"] == "typed-literal" else term["type"]
        if separator and kind == "literal" and "datatype" not in term:
            return (kind, tuple(sorted(term["value"].split(separator))), "")
        return (kind, term["value"], term.get("datatype") or term.get("xml:lang") or "")

    return sorted(tuple(cell(row.get(n)) for n in names) for row in doc["results"]["bindings"])


@functools.cache
def _oracle_json(oracle: ox.Store, text: str) -> bytes:
    """The embedded store's answer, computed once for every backend."""
    return run_query(oracle, text).serialize(format=ox.QueryResultsFormat.JSON)


def oracle_rows(oracle: ox.Store, text: str, separator: str | None = None) -> list[tuple]:
    return rows_of(json.loads(_oracle_json(oracle, text)), separator)


def concat_separator(text: str) -> str | None:
    found = re.search(r'GROUP_CONCAT\([^;]*;\s*separator\s*=\s*"([^"]*)"', text, re.I)
    return found.group(1) if found else None


def ask(backend: Backend, text: str, **params: str) -> httpx.Response:
    return httpx.post(
        f"{backend.live.url}/sparql",
        data={"query": text, **params},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_example_queries_answer_as_the_embedded_store(backend: Backend, oracle, example):
    if backend.name == "virtuoso" and example.stem == "13-where-sources-disagree":
        pytest.xfail(
            "Virtuoso 7.2 keeps one pair of kinds (memorandum / agreement) that this query's "
            "FILTER NOT EXISTS { ?v1 rdfs:subClassOf+ ?v2 } removes on Oxigraph; the same "
            "filter alone agrees on both engines"
        )
    text = example.read_text(encoding="utf-8")
    answer = ask(backend, text)
    assert answer.status_code == 200, answer.text
    separator = concat_separator(text)
    expected = oracle_rows(oracle, text, separator)
    assert expected, f"{example.name} finds nothing on the shipped data"
    assert rows_of(answer.json(), separator) == expected


def test_graph_names_are_the_public_ones(backend: Backend, oracle):
    text = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    answer = ask(backend, text)
    assert answer.status_code == 200, answer.text
    assert rows_of(answer.json()) == oracle_rows(oracle, text)
    assert not any("urn:govties:version" in row[0][1] for row in rows_of(answer.json()))


def test_a_constant_graph_and_from_named(backend: Backend, oracle):
    source = "https://w3id.org/govties/id/source/sin-sg-gds-govtech-2019"
    texts = [
        f"SELECT ?s ?p ?o WHERE {{ GRAPH <{source}> {{ ?s ?p ?o }} }}",
        "PREFIX src: <https://w3id.org/govties/id/source/> "
        "SELECT ?s ?p ?o WHERE { GRAPH src:sin-sg-gds-govtech-2019 { ?s ?p ?o } }",
        "SELECT ?g ?s WHERE { GRAPH ?g { ?s a gt:Agreement } }",
        f"SELECT ?s ?p ?o FROM <{source}> WHERE {{ ?s ?p ?o }}",
        f"SELECT ?g ?s FROM NAMED <{source}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    ]
    for text in texts:
        answer = ask(backend, text)
        assert answer.status_code == 200, answer.text
        expected = oracle_rows(oracle, text)
        assert rows_of(answer.json()) == expected, text
    assert oracle_rows(oracle, texts[0])  # the source graph is not empty


def test_the_protocol_dataset(backend: Backend, oracle):
    source = "https://w3id.org/govties/id/source/sin-sg-gds-govtech-2019"
    text = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    answer = ask(backend, text, **{"default-graph-uri": source})
    assert answer.status_code == 200, answer.text
    expected = oracle_rows_dataset(oracle, text, source)
    assert rows_of(answer.json()) == expected and expected


def oracle_rows_dataset(oracle: ox.Store, text: str, graph: str) -> list[tuple]:
    result = run_query(oracle, text, default_graphs=[graph])
    return rows_of(json.loads(result.serialize(format=ox.QueryResultsFormat.JSON)))


def test_construct_in_every_graph_format(backend: Backend, oracle):
    text = f"CONSTRUCT {{ <{GDS}> ?p ?o }} WHERE {{ <{GDS}> ?p ?o }}"
    expected = set(run_query(oracle, text))
    for media in ("text/turtle", "application/n-triples", "application/ld+json"):
        answer = httpx.post(
            f"{backend.live.url}/sparql", data={"query": text}, headers={"Accept": media}
        )
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"].startswith(media)
        fmt = ox.RdfFormat.from_media_type(media)
        assert {q.triple for q in ox.parse(answer.content, format=fmt)} == expected


def test_entity_page_and_its_rdf(backend: Backend):
    # The page's ego graph and timeline wait for the projection of a fresh version.
    page = httpx.get(f"{backend.live.url}/id/org/gds", headers={"Accept": "text/html"}, timeout=120)
    assert page.status_code == 200 and "Government Digital Service" in page.text
    nq = httpx.get(f"{backend.live.url}/id/org/gds.nq", timeout=60)
    assert nq.status_code == 200
    graphs = {q.graph_name for q in ox.parse(nq.content, format=ox.RdfFormat.N_QUADS)}
    assert graphs and all("urn:govties" not in str(g) for g in graphs)


def test_graph_store_reads(backend: Backend, oracle):
    source = "https://w3id.org/govties/id/source/sin-sg-gds-govtech-2019"
    answer = httpx.get(
        f"{backend.live.url}/rdf-graph-store",
        params={"graph": source},
        headers={"Accept": "application/n-triples"},
    )
    assert answer.status_code == 200, answer.text
    expected = {q.triple for q in oracle.quads_for_pattern(None, None, None, ox.NamedNode(source))}
    assert {q.triple for q in ox.parse(answer.content, format=ox.RdfFormat.N_TRIPLES)} == expected
    missing = httpx.get(
        f"{backend.live.url}/rdf-graph-store", params={"graph": "https://example.org/none"}
    )
    assert missing.status_code == 404


def test_stats_count_the_same(backend: Backend):
    answer = httpx.get(f"{backend.live.url}/stats", timeout=30)
    assert answer.status_code == 200, answer.text
    found = answer.json()
    assert found["summary"]["agreements"] >= 400
    assert all(not g.startswith("urn:govties") for g in found["graphs"])
