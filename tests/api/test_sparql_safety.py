"""Safety of the running endpoint: time limit, size caps, no outbound requests, auth, updates.

A local HTTP listener stands in for "the outside": every test that tries to
make the engine reach out asserts the listener was never hit (pyoxigraph
does fetch SERVICE and LOAD targets when nobody stops it).
"""

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from api.settings import Settings
from graph.build.pipeline import build
from graph.sparql.guard import Refused, check_query, check_update
from ontology import PREFIXES
from tests.sparql_server import running
from tests.support import AUTH, MOU_2019, TOKEN, copy_store

TIMEOUT = 3.0
MAX_RESULTS = 200
MAX_REQUEST = 8_000
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CONSISTENT = """ASK {
  { GRAPH ?g { ?s ?p ?o } MINUS { ?s ?p ?o } }
  UNION
  { ?s ?p ?o MINUS { GRAPH ?g { ?s ?p ?o } } }
}"""  # true iff the default graph differs from the union of the named graphs


@pytest.fixture(scope="module")
def listener():
    """A local HTTP server recording every request: the outside world."""
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/turtle")
            self.end_headers()
            self.wfile.write(b"<urn:a> <urn:b> <urn:c> .")

        do_POST = do_GET

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()


@pytest.fixture(scope="module")
def safety_store(tmp_path_factory, built_store):
    return copy_store(built_store, tmp_path_factory.mktemp("safety-store") / "store")


@pytest.fixture(scope="module")
def live(safety_store):
    settings = Settings(
        store=safety_store,
        update_token=TOKEN,
        query_timeout=TIMEOUT,
        max_results=MAX_RESULTS,
        max_request_bytes=MAX_REQUEST,
    )
    with running(settings) as server:
        yield server


@pytest.fixture(scope="module")
def read_only(built_store):
    with running(Settings(store=built_store)) as server:
        yield server


def update(http, text, headers=AUTH):
    return http.post(
        "/sparql", content=text, headers={"Content-Type": "application/sparql-update", **headers}
    )


def ask(http, query) -> bool:
    response = http.get("/sparql", params={"query": query})
    assert response.status_code == 200, response.text
    return response.json()["boolean"]


# --- time limit ----------------------------------------------------------------------


def test_runaway_query_is_stopped_while_others_still_answer(live, http):
    pool = live.app.state.pool
    before = set(pool.pids())
    with ThreadPoolExecutor(1) as background:
        started = time.monotonic()
        runaway = background.submit(http.get, "/sparql", params={"query": RUNAWAY})
        time.sleep(0.3)  # the runaway now holds a worker
        quick_started = time.monotonic()
        quick = http.get("/sparql", params={"query": f"ASK {{ <{MOU_2019}> ?p ?o }}"})
        quick_seconds = time.monotonic() - quick_started
        assert not runaway.done(), "the quick query answered while the runaway still ran"
        response = runaway.result()
        runaway_seconds = time.monotonic() - started
    assert quick.status_code == 200 and quick.json()["boolean"] is True
    # fast even on a loaded 2-core machine where the runaway burns one core till it is killed
    assert quick_seconds < 1.0, f"a simple query waited {quick_seconds:.2f}s behind the runaway"
    assert response.status_code == 503
    assert "time limit" in response.json()["message"]
    assert TIMEOUT <= runaway_seconds < TIMEOUT + 1.5
    killed = before - set(pool.pids())
    assert len(killed) == 1, "the runaway's worker was replaced"
    for pid in killed:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # really gone: it burns no CPU any more
    deadline = time.monotonic() + 10
    while len(pool.pids()) < pool.size and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ask(http, "ASK { ?s ?p ?o }") is True, "the server still answers after the kill"


# --- size caps -----------------------------------------------------------------------


def test_too_many_results_is_413_not_a_silent_truncation(http):
    response = http.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 413
    assert f"more than {MAX_RESULTS} rows" in response.json()["message"]
    assert "LIMIT" in response.json()["message"]
    capped = http.get(
        "/sparql", params={"query": f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_RESULTS}"}
    )
    assert len(capped.json()["results"]["bindings"]) == MAX_RESULTS
    graph = http.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert graph.status_code == 413 and "triples" in graph.json()["message"]


def test_large_request_is_413(http):
    padding = "# " + "x" * MAX_REQUEST + "\n"
    body = padding + "ASK {}"
    assert http.post("/sparql", data={"query": body}).status_code == 413
    direct = {"Content-Type": "application/sparql-query"}
    assert http.post("/sparql", content=body, headers=direct).status_code == 413

    def chunks():  # no Content-Length: the cap must hold while streaming
        for _ in range(4):
            yield padding.encode()

    assert http.post("/sparql", content=chunks(), headers=direct).status_code == 413
    assert http.get("/sparql", params={"query": body}).status_code == 413
    assert update(http, f"{padding}CLEAR GRAPH <urn:g>").status_code == 413


# --- no outbound requests ------------------------------------------------------------


def outbound_queries(target: str) -> list[str]:
    return [
        f"SELECT * WHERE {{ SERVICE <{target}/sparql> {{ ?s ?p ?o }} }}",
        f"select * where {{ service silent <{target}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{target}/x> {{ ?s ?p ?o }} }} }} }}",
        f"PREFIX r: <{target}/>\nSELECT * WHERE {{ # a comment\n SERVICE r:x {{ ?s ?p ?o }} }}",
        # the grammar reads '<' as less-than here, so the IRI-looking span hides nothing
        f"PREFIX r: <{target}/>\n"
        "SELECT * WHERE { ?a ?b ?c FILTER(?a<r:y)SERVICE r:z#>\n{ ?s ?p ?o } }",
        f"ASK {{ SERVICE <{target}/> {{ }} }}",
        f"SELECT * WHERE {{ ?s ?p 1SERVICE <{target}/> {{ ?s ?p ?o }} }}",  # no word boundary
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{target}/> {{ ?s ?p ?o }} }}",
        f"CONSTRUCT WHERE {{ SERVICE <{target}/> {{ ?s ?p ?o }} }}",  # not SPARQL 1.1 either
        f"SELECT * FROM <{target}/data.ttl> WHERE {{ ?s ?p ?o }}",
        f"PREFIX r: <{target}/>\nSELECT * FROM NAMED r:data WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    ]


def test_service_and_remote_datasets_are_refused_and_nothing_leaves(http, listener):
    target, hits = listener
    for query in outbound_queries(target):
        for response in (
            http.get("/sparql", params={"query": query}),
            http.post("/sparql", data={"query": query}),
            http.post(
                "/sparql", content=query, headers={"Content-Type": "application/sparql-query"}
            ),
        ):
            assert response.status_code == 400, query
            assert "never" in response.json()["message"], response.text
    for param in ("default-graph-uri", "named-graph-uri"):
        response = http.get("/sparql", params={"query": "ASK { ?s ?p ?o }", param: f"{target}/g"})
        assert response.status_code == 400
    assert hits == []


def test_the_words_alone_are_not_refused(http):
    """Comments, strings and IRIs may say SERVICE or LOAD: only the keyword is refused."""
    harmless = [
        "# SERVICE <http://evil.example/>\nASK { ?s ?p ?o }",
        'ASK { ?s rdfs:label "SERVICE <http://evil.example/> LOAD" }',
        "ASK { <http://example.org/service/load> ?p ?o }",
        "SELECT ?service ?from WHERE { ?service ?load ?from } LIMIT 1",
    ]
    for query in harmless:
        response = http.get("/sparql", params={"query": query})
        assert response.status_code == 200, f"{query}: {response.text}"


def test_load_is_refused_even_with_the_token(http, listener):
    target, hits = listener
    for text in (
        f"LOAD <{target}/data.ttl>",
        f"LOAD SILENT <{target}/data.ttl> INTO GRAPH <urn:g>",
        f"INSERT {{ GRAPH <urn:g> {{ ?s ?p ?o }} }} WHERE {{ SERVICE <{target}/> {{ ?s ?p ?o }} }}",
    ):
        response = update(http, text)
        assert response.status_code == 400, text
        assert "never" in response.json()["message"]
        form = http.post("/sparql", data={"update": text}, headers=AUTH)
        assert form.status_code == 400
    assert hits == []


def test_uploads_cannot_make_the_parser_fetch(http, listener):
    target, hits = listener
    jsonld = f'{{"@context": "{target}/context.jsonld", "@id": "urn:a", "name": "x"}}'
    response = http.put(
        "/rdf-graph-store",
        params={"graph": "urn:g:upload"},
        content=jsonld,
        headers={"Content-Type": "application/ld+json", **AUTH},
    )
    assert response.status_code == 400
    assert hits == []


def test_guard_falls_back_to_refusing_what_it_cannot_parse():
    # RDF 1.2 syntax rdflib cannot parse: refused only when an outbound keyword appears
    with pytest.raises(Refused, match="SERVICE"):
        check_query("SELECT * { <<( ?s ?p ?o )>> ?q ?r SERVICE <urn:x> {} }", [], PREFIXES)
    check_query("SELECT * { <<( ?s ?p ?o )>> ?q ?r }", [], PREFIXES)
    with pytest.raises(Refused, match="LOAD"):
        check_update("LOAD <http://x.example/> INTO GRAPH <<( ?s ?p ?o )>>")


# --- authorisation -------------------------------------------------------------------


def test_writes_are_403_on_a_read_only_server(read_only):
    with httpx.Client(base_url=read_only.url, timeout=30) as client:
        assert update(client, "CLEAR ALL", headers={}).status_code == 403
        assert update(client, "CLEAR ALL").status_code == 403
        form = client.post("/sparql", data={"update": "CLEAR ALL"})
        assert form.status_code == 403 and "read-only" in form.json()["message"]
        for method in ("put", "post"):
            response = getattr(client, method)(
                "/rdf-graph-store?graph=urn:g",
                content="<urn:a> <urn:b> <urn:c> .",
                headers={"Content-Type": "text/turtle"},
            )
            assert response.status_code == 403
        assert client.delete("/rdf-graph-store?graph=urn:g").status_code == 403
        assert ask(client, "ASK { ?s ?p ?o }") is True, "nothing was cleared"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": f"Bearer {TOKEN}x"},
        {"Authorization": "Bearer"},
    ],
)
def test_writes_without_the_right_token_are_401(http, headers):
    response = update(http, "CLEAR ALL", headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    form = http.post("/sparql", data={"update": "CLEAR ALL"}, headers=headers)
    assert form.status_code == 401
    assert http.delete("/rdf-graph-store?graph=urn:g", headers=headers).status_code == 401
    assert ask(http, "ASK { ?s ?p ?o }") is True


# --- updates keep the default graph = union of the named graphs -----------------------


def test_updates_keep_the_union_invariant(http):
    fact = f'<{MOU_2019}> rdfs:comment "noted by two sources"'
    version = http.get("/health").json()["version"]
    assert (
        update(
            http, f"INSERT DATA {{ GRAPH <urn:g:one> {{ {fact} }} GRAPH <urn:g:two> {{ {fact} }} }}"
        ).status_code
        == 204
    )
    assert ask(http, f"ASK {{ {fact} }}") and not ask(http, CONSISTENT)
    assert http.get("/health").json()["version"] != version, "a new version was swapped in"
    assert update(http, f"DELETE DATA {{ GRAPH <urn:g:one> {{ {fact} }} }}").status_code == 204
    assert ask(http, f"ASK {{ {fact} }}"), "still stated by the other source"
    assert update(http, f"DELETE DATA {{ GRAPH <urn:g:two> {{ {fact} }} }}").status_code == 204
    assert not ask(http, f"ASK {{ {fact} }}"), "no source states it any more"
    assert not ask(http, CONSISTENT)


def test_insert_into_the_default_graph_alone_is_refused(http):
    quads = http.get("/health").json()["quads"]
    response = update(http, f'INSERT DATA {{ <{MOU_2019}> rdfs:comment "no source" }}')
    assert response.status_code == 400
    assert "GRAPH <" in response.json()["message"]
    assert http.get("/health").json()["quads"] == quads
    assert not ask(http, f'ASK {{ <{MOU_2019}> rdfs:comment "no source" }}')


def test_delete_from_the_default_graph_retracts_from_every_source(http):
    fact = f'<{MOU_2019}> rdfs:comment "to retract"'
    update(http, f"INSERT DATA {{ GRAPH <urn:g:a> {{ {fact} }} GRAPH <urn:g:b> {{ {fact} }} }}")
    assert update(http, f"DELETE DATA {{ {fact} }}").status_code == 204
    assert not ask(http, f"ASK {{ GRAPH ?g {{ {fact} }} }}")
    assert not ask(http, CONSISTENT)


def test_malformed_update_is_400_and_changes_nothing(http):
    version = http.get("/health").json()["version"]
    response = update(http, "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> } }")
    assert response.status_code == 400 and "error at" in response.json()["message"]
    assert http.get("/health").json()["version"] == version


def test_graph_store_put_post_get_delete(http):
    target = {"graph": "https://example.org/graph/uploaded"}
    integer = "<http://www.w3.org/2001/XMLSchema#integer>"

    def send(method, body, media="text/turtle", params=target):
        headers = {"Content-Type": media, **AUTH}
        return http.request(
            method, "/rdf-graph-store", params=params, content=body, headers=headers
        )

    assert send("PUT", "<urn:x:a> <urn:x:p> 1, 2 .").status_code == 201
    assert ask(http, "ASK { <urn:x:a> <urn:x:p> 2 }"), "the union shows the upload"
    assert send("PUT", "<urn:x:a> <urn:x:p> 3 .").status_code == 204
    assert not ask(http, "ASK { <urn:x:a> <urn:x:p> 2 }"), "PUT replaced the graph"
    four = f'<urn:x:a> <urn:x:p> "4"^^{integer} .'
    assert send("POST", four, "application/n-triples").status_code == 204
    got = http.get("/rdf-graph-store", params=target, headers={"Accept": "application/n-triples"})
    assert sorted(got.text.splitlines()) == [
        f'<urn:x:a> <urn:x:p> "{n}"^^{integer} .' for n in (3, 4)
    ]
    assert not ask(http, CONSISTENT)
    assert http.delete("/rdf-graph-store", params=target, headers=AUTH).status_code == 204
    assert not ask(http, "ASK { <urn:x:a> ?p ?o }")
    assert http.delete("/rdf-graph-store", params=target, headers=AUTH).status_code == 404
    assert send("PUT", four, params={"default": ""}).status_code == 400
    bad = send("PUT", "<urn:x:a> <urn:x:p>")
    assert bad.status_code == 400 and "payload" in bad.json()["message"]
    assert send("PUT", "{}", "application/trig").status_code == 415
    named = '{"@id": "urn:x:g", "@graph": [{"@id": "urn:x:a", "urn:x:p": "v"}]}'
    assert send("PUT", named, "application/ld+json").status_code == 400, "one graph per upload"


def test_rebuilding_from_data_replaces_updated_data(http, safety_store, data_dir):
    fact = f'<{MOU_2019}> rdfs:comment "lost at the next build"'
    assert update(http, f"INSERT DATA {{ GRAPH <urn:g:temp> {{ {fact} }} }}").status_code == 204
    assert ask(http, f"ASK {{ {fact} }}")
    build(data_dir, safety_store)
    assert not ask(http, f"ASK {{ {fact} }}"), "the server follows the rebuilt store"


def test_service_description_announces_update_only_with_a_token(http):
    description = http.get("/sparql", headers={"Accept": "application/n-triples"}).text
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert f"<{sd}supportedLanguage> <{sd}SPARQL11Update>" in description
    assert f"<{sd}inputFormat> <http://www.w3.org/ns/formats/Turtle>" in description
