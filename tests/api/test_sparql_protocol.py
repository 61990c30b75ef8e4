"""SPARQL 1.1 Protocol over real HTTP: methods, dataset, negotiation, errors, description, pages.

The oracle is the built store itself, queried in-process with pyoxigraph:
whatever the endpoint answers, in any format, must mean the same thing.
"""

import io
import json
import re
import shutil
import subprocess
from urllib.parse import quote

import httpx
import pytest
import rdflib
from rdflib.query import Result

from api.pages import example_files
from api.protocol import negotiate, parse_accept
from api.settings import Settings
from graph.sparql.formats import GRAPHS, RESULTS
from graph.sparql.query import run_query
from graph.store.versions import open_store
from tests.sparql_server import running
from tests.support import AGREEMENTS, CONSTRUCT, GRAPH_PARSERS, MOU_2019

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # rdflib's own parsers

SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = rdflib.Namespace("http://www.w3.org/ns/formats/")
RESULT_PARSERS = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}


@pytest.fixture(scope="module")
def live(built_store):
    settings = Settings(store=built_store, cors_origins=["http://allowed.example"])
    with running(settings) as server:
        yield server


@pytest.fixture(scope="module")
def oracle(built_store):
    store, _ = open_store(built_store)
    return store


def oracle_rows(oracle, query, **dataset):
    result = run_query(oracle, query, **dataset)
    names = [v.value for v in result.variables]
    return sorted(
        tuple(str(sol[n].value) if sol[n] is not None else "" for n in names) for sol in result
    )


def parsed_rows(body: bytes, media: str):
    result = Result.parse(io.BytesIO(body), format=RESULT_PARSERS[media])
    return sorted(tuple(str(v) if v is not None else "" for v in row) for row in result)


def graph_of(body: bytes, media: str) -> rdflib.Graph:
    fmt = GRAPH_PARSERS[media]
    if fmt in {"trig", "nquads"}:
        dataset = rdflib.Dataset()
        dataset.parse(data=body, format=fmt)
        return dataset.default_graph
    return rdflib.Graph().parse(data=body, format=fmt)


def select_json(http, query, **params):
    response = http.get("/sparql", params={"query": query, **params})
    assert response.status_code == 200, response.text
    return response.json()


# --- the three query methods ---------------------------------------------------------


def test_get_form_post_and_direct_post_agree_with_the_store(http, oracle):
    expected = oracle_rows(oracle, AGREEMENTS)
    assert len(expected) >= 2
    accept = {"Accept": "application/sparql-results+json"}
    answers = [
        http.get("/sparql", params={"query": AGREEMENTS}, headers=accept),
        http.post("/sparql", data={"query": AGREEMENTS}, headers=accept),
        http.post(
            "/sparql",
            content=AGREEMENTS.encode(),
            headers={**accept, "Content-Type": "application/sparql-query"},
        ),
    ]
    for response in answers:
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/sparql-results+json"
        assert parsed_rows(response.content, "application/sparql-results+json") == expected


def test_default_graph_is_the_union_and_graph_names_the_sources(http, oracle):
    sources = select_json(http, f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ <{MOU_2019}> a ?t }} }}")
    graphs = {b["g"]["value"] for b in sources["results"]["bindings"]}
    assert len(graphs) >= 2, "the 2019 MoU is stated by two sources"
    plain = select_json(http, f"SELECT ?p ?o WHERE {{ <{MOU_2019}> ?p ?o }}")["results"]["bindings"]
    distinct = oracle_rows(
        oracle, f"SELECT DISTINCT ?p ?o WHERE {{ GRAPH ?g {{ <{MOU_2019}> ?p ?o }} }}"
    )
    assert len(plain) == len(distinct), "the default graph holds each fact once"


def test_default_graph_uri_and_named_graph_uri_narrow_the_dataset(http, oracle):
    source = sorted(g.value for g in oracle.named_graphs() if "/id/source/" in g.value)[0]
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    expected = oracle_rows(
        oracle, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{source}> {{ ?s ?p ?o }} }}"
    )
    for response in (
        http.get("/sparql", params={"query": count, "default-graph-uri": source}),
        http.post("/sparql", data={"query": count, "default-graph-uri": source}),
        http.post(
            f"/sparql?default-graph-uri={source}",
            content=count,
            headers={"Content-Type": "application/sparql-query"},
        ),
    ):
        assert response.status_code == 200, response.text
        assert parsed_rows(response.content, "application/sparql-results+json") == expected
    others = sorted(g.value for g in oracle.named_graphs())[:2]
    names = http.get(
        "/sparql",
        params={
            "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
            "named-graph-uri": others,
        },
    ).json()
    assert {b["g"]["value"] for b in names["results"]["bindings"]} == set(others)


def test_unknown_dataset_graph_is_refused(http):
    response = http.get(
        "/sparql",
        params={"query": "ASK { ?s ?p ?o }", "default-graph-uri": "http://elsewhere.example/g"},
    )
    assert response.status_code == 400
    assert "http://elsewhere.example/g" in response.json()["message"]


# --- content negotiation -------------------------------------------------------------


@pytest.mark.parametrize("media", list(RESULT_PARSERS))
def test_select_in_every_results_format_means_the_same(http, oracle, media):
    response = http.get("/sparql", params={"query": AGREEMENTS}, headers={"Accept": media})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media
    assert "accept" in response.headers["vary"].lower()
    assert parsed_rows(response.content, media) == oracle_rows(oracle, AGREEMENTS)


@pytest.mark.parametrize(
    "media", ["application/sparql-results+json", "application/sparql-results+xml"]
)
def test_ask_answers_true_and_false(http, media):
    for query, expected in (
        (f"ASK {{ <{MOU_2019}> ?p ?o }}", True),
        ("ASK { <urn:x:none> ?p ?o }", False),
    ):
        response = http.get("/sparql", params={"query": query}, headers={"Accept": media})
        assert response.status_code == 200
        assert (
            Result.parse(io.BytesIO(response.content), format=RESULT_PARSERS[media]).askAnswer
            is expected
        )


@pytest.mark.parametrize("media", list(GRAPH_PARSERS))
def test_construct_in_every_graph_format_gives_the_same_triples(http, oracle, media):
    expected = len(list(run_query(oracle, CONSTRUCT)))
    response = http.post("/sparql", data={"query": CONSTRUCT}, headers={"Accept": media})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media
    assert len(graph_of(response.content, media)) == expected > 0


def test_describe_answers_a_graph_about_the_resource(http):
    response = http.get(
        "/sparql", params={"query": f"DESCRIBE <{MOU_2019}>"}, headers={"Accept": "text/turtle"}
    )
    assert response.status_code == 200
    graph = graph_of(response.content, "text/turtle")
    assert (rdflib.URIRef(MOU_2019), None, None) in graph


@pytest.mark.parametrize(
    ("params", "accept", "expected"),
    [
        ({"format": "csv"}, "application/sparql-results+json", "text/csv"),
        ({"format": "tsv"}, None, "text/tab-separated-values"),
        ({"format": "xml"}, None, "application/sparql-results+xml"),
        ({"output": "json"}, "text/csv", "application/sparql-results+json"),
        ({"format": "text/csv"}, None, "text/csv"),
        ({"format": ["tsv", "text/tab-separated-values"]}, None, "text/tab-separated-values"),
    ],
)
def test_format_parameter_overrides_accept(http, params, accept, expected):
    headers = {"Accept": accept} if accept else {}
    response = http.get("/sparql", params={"query": AGREEMENTS, **params}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == expected


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("turtle", "text/turtle"),
        ("ntriples", "application/n-triples"),
        ("rdfxml", "application/rdf+xml"),
        ("xml", "application/rdf+xml"),
        ("jsonld", "application/ld+json"),
        ("json", "application/ld+json"),
        ("trig", "application/trig"),
        ("nquads", "application/n-quads"),
    ],
)
def test_format_parameter_for_graphs(http, fmt, expected):
    response = http.get("/sparql", params={"query": CONSTRUCT, "format": fmt})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == expected


@pytest.mark.parametrize(
    ("accept", "select", "construct"),
    [
        (None, "application/sparql-results+json", "text/turtle"),
        ("*/*", "application/sparql-results+json", "text/turtle"),
        ("text/*", "text/csv", "text/turtle"),
        ("application/sparql-results+xml;q=0.5, text/csv", "text/csv", None),
        (
            "application/sparql-results+json;q=0, */*;q=0.1",
            "application/sparql-results+xml",
            "text/turtle",
        ),
        ("application/json", "application/sparql-results+json", "application/ld+json"),
        ("text/turtle;q=0.2, application/rdf+xml;q=0.9", None, "application/rdf+xml"),
        (
            "*/*;q=0.1, application/n-triples",
            "application/sparql-results+json",
            "application/n-triples",
        ),
        ("application/xml", "application/sparql-results+xml", "application/rdf+xml"),
        ("text/html", None, None),
    ],
)
def test_negotiation_follows_q_values_and_wildcards(accept, select, construct):
    assert negotiate(RESULTS, accept) == select
    assert negotiate(GRAPHS, accept) == construct


def test_accept_parsing_tolerates_junk():
    assert parse_accept("garbage, text/csv;q=abc, text/turtle ; q=0.7") == [
        ("text/csv", 0.0),
        ("text/turtle", 0.7),
    ]


@pytest.mark.parametrize(
    ("query", "accept", "listed"),
    [
        (AGREEMENTS, "text/turtle", "text/csv"),
        (CONSTRUCT, "text/csv", "text/turtle"),
        (AGREEMENTS, "image/png", "application/sparql-results+json"),
    ],
)
def test_unsupported_accept_is_406_listing_what_is_available(http, query, accept, listed):
    response = http.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 406
    detail = response.json()["message"]
    assert accept in detail and listed in detail


def test_unknown_format_value_is_406(http):
    response = http.get("/sparql", params={"query": AGREEMENTS, "format": "pdf"})
    assert response.status_code == 406
    assert "format=pdf" in response.json()["message"]


# --- malformed requests --------------------------------------------------------------


def test_malformed_query_is_400_with_the_parsers_message(http):
    bad = "SELECT * WHERE { ?s ?p }"
    for response in (
        http.get("/sparql", params={"query": bad}),
        http.post("/sparql", data={"query": bad}),
        http.post("/sparql", content=bad, headers={"Content-Type": "application/sparql-query"}),
    ):
        assert response.status_code == 400
        assert re.search(r"error at 1:\d+", response.json()["message"])


@pytest.mark.parametrize(
    ("method", "kwargs", "status"),
    [
        ("post", {"data": {"query": "ASK {}", "update": "CLEAR ALL"}}, 400),
        ("post", {"data": {"format": "json"}}, 400),
        ("post", {"content": "ASK {}", "headers": {"Content-Type": "text/plain"}}, 415),
        ("post", {"content": "ASK {}"}, 415),
        ("get", {"params": {"update": "CLEAR ALL"}}, 400),
        ("get", {"params": {"query": ["ASK {}", "ASK {}"]}}, 400),
        ("get", {"params": {"query": "  "}}, 400),
        (
            "post",
            {"content": b"\xff\xfe", "headers": {"Content-Type": "application/sparql-query"}},
            400,
        ),
    ],
)
def test_bad_requests_get_a_clear_4xx(http, method, kwargs, status):
    response = getattr(http, method)("/sparql", **kwargs)
    assert response.status_code == status
    assert response.json()["message"]


# --- service description -------------------------------------------------------------


def test_service_description_by_default_in_turtle(live, http, oracle):
    response = http.get("/sparql")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=response.content, format="turtle")
    service = graph.value(predicate=rdflib.RDF.type, object=SD.Service)
    assert service is not None
    assert graph.value(service, SD.endpoint) == rdflib.URIRef(live.sparql)
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) not in graph, "read-only server"
    assert (service, SD.feature, SD.UnionDefaultGraph) in graph
    formats = set(graph.objects(service, SD.resultFormat))
    assert {FORMATS.SPARQL_Results_JSON, FORMATS.SPARQL_Results_CSV, FORMATS.Turtle} <= formats
    named = {str(name) for name in graph.objects(None, SD.name)}
    assert named == {g.value for g in oracle.named_graphs()}


@pytest.mark.parametrize(
    "media", ["application/rdf+xml", "application/ld+json", "application/n-triples"]
)
def test_service_description_is_negotiated(http, media):
    turtle = rdflib.Graph().parse(data=http.get("/sparql").content, format="turtle")
    response = http.get("/sparql", headers={"Accept": media})
    assert response.headers["content-type"].split(";")[0] == media
    assert len(graph_of(response.content, media)) == len(turtle)
    assert http.get("/sparql", headers={"Accept": "text/csv"}).status_code == 406


# --- graph store protocol (read) -----------------------------------------------------


def test_graph_store_get_named_and_default(http, oracle):
    source = sorted(g.value for g in oracle.named_graphs() if "/id/source/" in g.value)[0]
    response = http.get(
        "/rdf-graph-store", params={"graph": source}, headers={"Accept": "application/n-triples"}
    )
    assert response.status_code == 200
    expected = oracle_rows(oracle, f"SELECT * WHERE {{ GRAPH <{source}> {{ ?s ?p ?o }} }}")
    assert len(graph_of(response.content, "application/n-triples")) == len(expected)
    union = http.get("/rdf-graph-store?default", headers={"Accept": "text/turtle"})
    assert len(graph_of(union.content, "text/turtle")) == len(
        oracle_rows(oracle, "SELECT * { ?s ?p ?o }")
    )
    assert (
        http.get("/rdf-graph-store", params={"graph": "http://nothing.example/"}).status_code == 404
    )
    assert http.get("/rdf-graph-store").status_code == 400
    assert http.get("/rdf-graph-store", params={"graph": "relative/iri"}).status_code == 400


# --- status, pages, docs, CORS -------------------------------------------------------


def test_health_and_stats(http, oracle):
    health = http.get("/health").json()
    assert health["status"] == "ok" and health["quads"] == len(oracle)
    stats = http.get("/stats").json()
    assert stats["triples"] == len(oracle_rows(oracle, "SELECT * { ?s ?p ?o }"))
    assert set(stats["graphs"]) == {g.value for g in oracle.named_graphs()}


def test_query_page_lists_the_examples_and_loads_nothing_from_outside(http):
    page = http.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for path in example_files():
        title = path.read_text(encoding="utf-8").splitlines()[0].lstrip("#").strip()
        assert json.dumps(title, ensure_ascii=False)[1:-1].replace("<", "\\u003c") in page.text
    assert not re.search(r'(src|href)="(https?:)?//', page.text), "no external assets"
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text):
        assert http.get(asset).status_code == 200
    for link in ("/view", "/docs"):
        assert f'href="{link}"' in page.text


def rendered(url: str) -> str:
    """The page's DOM after its scripts ran, in headless Chromium with no route off 127.0.0.1."""
    command = [
        shutil.which("chromium") or "chromium",
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--virtual-time-budget=10000",
        "--dump-dom",
        url,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=True).stdout


@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs chromium")
def test_query_page_runs_queries_in_a_real_browser(live, oracle):
    """The editor (YASGUI, api/static/app.js) opened with ?query= runs it and tables the rows;
    a malformed query shows the endpoint's message."""
    dom = rendered(f"{live.url}/?query={quote(AGREEMENTS)}")
    picker = dom[dom.index('<select id="example">') :]
    assert picker[: picker.index("</select>")].count("<option") == len(example_files()) + 1
    rows = oracle_rows(oracle, AGREEMENTS)
    body = dom[dom.index('class="yasr_results"') :]
    body = body[body.index("<tbody") : body.index("</tbody>")]
    shown = rows[:50]  # the first page
    assert body.count("<tr") == len(shown)
    for _, label in shown:
        assert label in body
    assert re.search(rf"{len(rows)} results? in", dom)
    failed = rendered(f"{live.url}/?query={quote('SELECT * WHERE { ?s ?p }')}")
    errors = failed[failed.index('class="yasr_results"') :]
    message = "<strong>malformed: </strong><span>malformed query: error at"
    assert 'class="govties-error"' in errors and message in errors, errors[:2000]


def test_every_example_query_runs(http):
    examples = example_files()
    assert examples
    for path in examples:
        response = http.post("/sparql", data={"query": path.read_text(encoding="utf-8")})
        assert response.status_code == 200, f"{path.name}: {response.text}"


def test_docs_work_offline(http):
    page = http.get("/docs")
    assert page.status_code == 200
    assert "cdn" not in page.text and "https://" not in page.text
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        assert http.get(asset).status_code == 200, asset
    assert "/sparql" in http.get("/openapi.json").json()["paths"]


def test_cors_allows_only_the_configured_origin(http):
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    allowed = http.options("/sparql", headers={"Origin": "http://allowed.example", **preflight})
    assert allowed.headers.get("access-control-allow-origin") == "http://allowed.example"
    other = http.get("/health", headers={"Origin": "http://other.example"})
    assert "access-control-allow-origin" not in other.headers


def test_missing_store_is_503_with_the_reason(tmp_path):
    with running(Settings(store=tmp_path / "nothing"), wait_for_store=False) as server:
        for path in ("/health", "/stats", "/sparql", "/sparql?query=ASK%7B%7D"):
            response = httpx.get(server.url + path, timeout=30)
            assert response.status_code == 503, path
            assert "govties build" in response.json()["message"]
