"""Dereferenceable IRIs: content negotiation, the RDF a page stands for, search, HTML errors."""

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from api.app import create_app
from api.settings import Settings
from graph.describe.vocabulary import vocabulary
from ontology import ID_BASE

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
GDS = f"{ID_BASE}org/gds"
DEPA = f"{ID_BASE}agreement/digital-economy-partnership-agreement"


@pytest.fixture(scope="module")
def client(shipped_built):
    """Inside `with`: one event loop, so /stats's query workers boot once, not per request."""
    with TestClient(create_app(Settings(store=shipped_built))) as client:
        yield client


def by_sparql(store: ox.Store, iri: str) -> Graph:
    query = f"""CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o
      FILTER(?s = <{iri}> || STRSTARTS(STR(?s), "{iri}#")) }}"""
    text = store.query(query, use_default_graph_as_union=True).serialize(format=ox.RdfFormat.TURTLE)
    return Graph().parse(data=text, format="turtle")


@pytest.mark.parametrize(
    "iri", [GDS, DEPA, f"{ID_BASE}person/josephine-teo", f"{ID_BASE}country/EE"]
)
def test_turtle_is_the_description_sparql_gives(client, shipped_store, iri):
    answer = client.get(iri.replace(ID_BASE, "/id/"), headers={"Accept": "text/turtle"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/turtle")
    assert "Accept" in answer.headers["vary"]
    got = Graph().parse(data=answer.text, format="turtle")
    assert len(got) > 3 and isomorphic(got, by_sparql(shipped_store, iri))


@pytest.mark.parametrize(
    ("suffix", "accept", "parse_as"),
    [
        (".nt", None, "nt"),
        (".jsonld", None, "json-ld"),
        (".rdf", None, "xml"),
        ("", "application/ld+json", "json-ld"),
        ("", "text/turtle;q=0.5, application/rdf+xml", "xml"),
        ("", "application/n-triples", "nt"),
    ],
)
def test_every_rdf_variant_says_the_same(client, shipped_store, suffix, accept, parse_as):
    headers = {"Accept": accept} if accept else {}
    answer = client.get(f"/id/org/gds{suffix}", headers=headers)
    assert answer.status_code == 200, answer.text
    got = Graph().parse(data=answer.text, format=parse_as)
    assert isomorphic(got, by_sparql(shipped_store, GDS))
    assert '</id/org/gds.ttl>; rel="alternate"; type="text/turtle"' in answer.headers["link"]


@pytest.mark.parametrize(("suffix", "parse_as"), [(".trig", "trig"), (".nq", "nquads")])
def test_dataset_variants_keep_each_statement_in_its_source_graph(
    client, shipped_store, suffix, parse_as
):
    answer = client.get(f"/id/org/gds{suffix}")
    dataset = Dataset().parse(data=answer.text, format=parse_as)
    quads = {(str(s), str(p), str(o), str(g)) for s, p, o, g in dataset.quads()}
    found = list(shipped_store.quads_for_pattern(ox.NamedNode(GDS), None, None, None))
    expected = {
        (q.subject.value, q.predicate.value, q.object.value, q.graph_name.value)
        for q in found
        if isinstance(q.graph_name, ox.NamedNode)
    }
    assert expected <= quads
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    graphs = {g for s, p, _, g in quads if s == GDS and p == label}
    assert len(graphs) >= 10  # every page that names GDS says so in its own graph


def test_a_browser_gets_the_page_and_a_bare_client_too(client):
    for accept in (BROWSER, "*/*"):
        answer = client.get("/id/org/gds", headers={"Accept": accept})
        assert answer.headers["content-type"].startswith("text/html")
        assert "<h1>Government Digital Service</h1>" in answer.text
    assert client.get("/id/org/gds", headers={"Accept": "image/png"}).status_code == 406
    assert client.get("/id/org/gds.html").headers["content-type"].startswith("text/html")
    head = client.head("/id/org/gds", headers={"Accept": "text/turtle"})
    assert head.status_code == 200 and head.headers["content-type"].startswith("text/turtle")


def test_an_unknown_entity_is_404_json_for_clients_and_a_page_for_browsers(client):
    api = client.get("/id/org/governmnet-digital-service", headers={"Accept": "text/turtle"})
    assert api.status_code == 404 and api.json()["error"] == "not_found"
    assert api.json()["candidates"][0]["iri"] == GDS
    page = client.get("/id/org/governmnet-digital-service", headers={"Accept": BROWSER})
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "Did you mean" in page.text and 'href="/id/org/gds"' in page.text
    assert client.get("/id/widget/x").status_code == 404
    route = client.get("/no/such/route", headers={"Accept": BROWSER})
    assert route.status_code == 404 and "<h1>404" in route.text


def test_path_errors_reach_a_browser_as_a_page(client):
    page = client.get("/paths", params={"from": "Singapur", "to": "GDS"},
                      headers={"Accept": BROWSER})  # fmt: skip
    assert page.status_code == 404 and 'href="/id/country/SG"' in page.text
    api = client.get("/paths", params={"from": "Singapur", "to": "GDS"})
    assert api.json()["candidates"][0]["iri"] == f"{ID_BASE}country/SG"


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("Singapur", "country/SG"),
        ("singapore", "country/SG"),
        ("São Tomé", "country/ST"),
        ("sao tome", "country/ST"),
        ("estonie", "country/EE"),
        ("GDS", "org/gds"),
        ("e-governance acad", "org/ega"),
        ("Teo", "person/josephine-teo"),
        ("DEPA", "agreement/digital-economy-partnership-agreement"),
    ],
)
def test_search_ranks_what_a_person_means_first(client, typed, first):
    answer = client.get("/search", params={"q": typed})
    assert answer.status_code == 200
    results = answer.json()["results"]
    assert results and results[0]["iri"] == ID_BASE + first, [r["label"] for r in results[:3]]


def test_search_limits_and_html(client):
    assert len(client.get("/search", params={"q": "ministry", "limit": 3}).json()["results"]) == 3
    assert client.get("/search", params={"q": "x", "limit": 0}).status_code == 422
    assert client.get("/search", params={"q": "zzzzqqq"}).json()["results"] == []
    page = client.get("/search", params={"q": "Estonia"}, headers={"Accept": BROWSER})
    assert 'href="/id/country/EE"' in page.text


def test_the_ontology_dereferences(client):
    turtle = Graph().parse(data=client.get("/ontology.ttl").text, format="turtle")
    assert len(turtle) > 500
    page = client.get("/ontology", headers={"Accept": BROWSER}).text
    vocab = vocabulary()
    for term in [*vocab.classes, *vocab.properties]:
        assert f'id="{term.iri.rsplit("#", 1)[1]}"' in page, term.name
    assert "Cybersecurity" in page  # the topic scheme


def test_stats_and_service_description_render_for_browsers_only(client):
    assert client.get("/stats").json()["summary"]["agreements"] >= 150
    page = client.get("/stats", headers={"Accept": BROWSER})
    assert page.headers["content-type"].startswith("text/html") and "agreements" in page.text
    described = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert described.headers["content-type"].startswith("text/turtle")
    page = client.get("/sparql", headers={"Accept": BROWSER})
    assert "SPARQL 1.1 endpoint" in page.text and 'href="/id/source/' in page.text


def test_an_agreement_page_shows_where_sources_disagree(client):
    page = client.get("/id/agreement/digital-economy-partnership-agreement",
                      headers={"Accept": BROWSER}).text  # fmt: skip
    section = page[page.index('id="disagreements"') : page.index('id="facts"')]
    assert "2020-06-12" in section and "2020-06-14" in section
    assert "Chile, Singapore and New Zealand sign DEPA" in section
