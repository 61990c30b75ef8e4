"""Protocol features that were refused or failed (issue #17 item 14), over real HTTP.

An unknown function answered 500; relative IRIs had no base; using-graph-uri,
POST to the Graph Store service itself and multipart/form-data uploads were
refused. The W3C suites (tests/sparql/test_w3c_*.py) cover the same ground
test by test; these pin each fix with govties' own data.
"""

from urllib.parse import quote

import pytest

from api.settings import Settings
from tests.sparql_server import running
from tests.support import AUTH, SIN, TOKEN, copy_store

TURTLE = {"Content-Type": "text/turtle", **AUTH}


@pytest.fixture(scope="module")
def live(tmp_path_factory, built_store):
    store = copy_store(built_store, tmp_path_factory.mktemp("gaps-store") / "store")
    with running(Settings(store=store, update_token=TOKEN)) as server:
        yield server


def update(http, text, params=None):
    headers = {"Content-Type": "application/sparql-update", **AUTH}
    return http.post("/sparql", content=text, params=params, headers=headers)


def ask(http, query) -> bool:
    response = http.get("/sparql", params={"query": query})
    assert response.status_code == 200, response.text
    return response.json()["boolean"]


def test_an_unknown_function_is_a_client_error_with_the_engine_message(http):
    response = http.get("/sparql", params={"query": "SELECT (<urn:no:such>(1) AS ?x) {}"})
    assert response.status_code == 400, response.text
    assert "urn:no:such" in response.json()["message"]
    response = update(http, "INSERT { GRAPH <urn:g:f> { <urn:a> <urn:b> ?x } } WHERE "
                      "{ BIND(<urn:no:such>(1) AS ?x) }")  # fmt: skip
    assert response.status_code == 400, response.text


def test_relative_iris_resolve_against_the_endpoint(live, http):
    response = http.get("/sparql", params={"query": "SELECT (<x> AS ?iri) {}"})
    assert response.status_code == 200, response.text
    [row] = response.json()["results"]["bindings"]
    assert row["iri"]["value"] == f"{live.url}/x"
    assert update(http, "INSERT DATA { GRAPH <g-rel> { <s> <p> <o> } }").status_code == 204
    assert ask(http, f"ASK {{ GRAPH <{live.url}/g-rel> {{ <{live.url}/s> ?p ?o }} }}")


def count(http, pattern) -> int:
    query = f"SELECT (COUNT(*) AS ?n) {{ {pattern} }}"
    response = http.get("/sparql", params={"query": query})
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_using_graph_uri_sets_the_dataset_of_the_update(http):
    copy = "INSERT { GRAPH <urn:g:copy> { ?s ?p ?o } } WHERE { ?s ?p ?o }"
    response = update(http, copy, params={"using-graph-uri": SIN})
    assert response.status_code == 204, response.text
    copied = count(http, "GRAPH <urn:g:copy> { ?s ?p ?o }")
    assert copied == count(http, f"GRAPH <{SIN}> {{ ?s ?p ?o }}") > 0
    assert copied < count(http, "?s ?p ?o")  # the union was not the dataset
    named = (
        "INSERT { GRAPH <urn:g:named> { <urn:a> <urn:p:graph> ?g } } "
        "WHERE { GRAPH ?g { ?s ?p ?o } }"
    )
    response = update(http, named, params={"using-named-graph-uri": SIN})
    assert response.status_code == 204, response.text
    graphs = http.get(
        "/sparql", params={"query": "SELECT ?g { GRAPH <urn:g:named> { ?a ?p ?g } }"}
    ).json()["results"]["bindings"]
    assert [row["g"]["value"] for row in graphs] == [SIN]


def test_using_named_graph_uri_applies_to_delete_where_too(http):
    data = (
        "INSERT DATA { GRAPH <urn:g:d1> { <urn:d> <urn:p> 1 } "
        "GRAPH <urn:g:d2> { <urn:d> <urn:p> 2 } }"
    )
    assert update(http, data).status_code == 204
    delete = "DELETE WHERE { GRAPH ?g { <urn:d> <urn:p> ?o } }"
    response = update(http, delete, params={"using-named-graph-uri": "urn:g:d1"})
    assert response.status_code == 204, response.text
    assert not ask(http, "ASK { GRAPH <urn:g:d1> { <urn:d> <urn:p> 1 } }")
    assert ask(http, "ASK { GRAPH <urn:g:d2> { <urn:d> <urn:p> 2 } }")  # outside the dataset


def test_using_graph_uri_with_the_updates_own_dataset_is_refused(http):
    for text in (
        f"WITH <{SIN}> INSERT {{ GRAPH <urn:g:w> {{ ?s ?p ?o }} }} WHERE {{ ?s ?p ?o }}",
        f"INSERT {{ GRAPH <urn:g:w> {{ ?s ?p ?o }} }} USING <{SIN}> WHERE {{ ?s ?p ?o }}",
    ):
        response = update(http, text, params={"using-graph-uri": SIN})
        assert response.status_code == 400, text
        assert "USING or WITH" in response.json()["message"]
    response = update(http, "CLEAR GRAPH <urn:g:x>", params={"using-graph-uri": "not an iri"})
    assert response.status_code == 400


def test_post_to_the_graph_store_itself_creates_a_graph(http):
    body = "<urn:new:s> <urn:new:p> 'created' ."
    response = http.post("/rdf-graph-store", content=body, headers=TURTLE)
    assert response.status_code == 201, response.text
    location = response.headers["location"]
    got = http.get(f"/rdf-graph-store?graph={quote(location, safe='')}",
                   headers={"Accept": "application/n-triples"})  # fmt: skip
    assert got.status_code == 200
    assert "created" in got.text
    again = http.post("/rdf-graph-store", content=body, headers=TURTLE)
    assert again.headers["location"] != location  # each POST names a new graph


def test_a_new_graph_needs_a_triple(http):
    """The store keeps no empty graphs: a 201 would name a graph that is not there."""
    response = http.post("/rdf-graph-store", content="# nothing", headers=TURTLE)
    assert response.status_code == 400, response.text
    assert "no triples" in response.json()["message"]


def test_multipart_uploads_merge_their_parts(http):
    boundary = "b0undary"
    body = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="a"; filename="a.ttl"\r\n'
        "Content-Type: text/turtle; charset=utf-8\r\n\r\n"
        "<urn:m:s> <urn:m:p> 'one' .\r\n"
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="b"; filename="b.nt"\r\n'
        "Content-Type: application/n-triples\r\n\r\n"
        '<urn:m:s> <urn:m:p> "two" .\r\n'
        f"--{boundary}--\r\n"
    )
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", **AUTH}
    response = http.post("/rdf-graph-store?graph=urn:g:multi", content=body, headers=headers)
    assert response.status_code == 201, response.text
    assert ask(http, "ASK { GRAPH <urn:g:multi> { <urn:m:s> <urn:m:p> 'one', 'two' } }")
    bad = body.replace("application/n-triples", "application/pdf")
    response = http.post("/rdf-graph-store?graph=urn:g:multi", content=bad, headers=headers)
    assert response.status_code == 415
