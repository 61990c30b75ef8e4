"""Bad input, outbound requests and authorisation against a real server on 127.0.0.1.

Every bad request gets a clear 4xx (or a 503 for a query stopped by the time
limit) with a message and no stack trace, and the server keeps answering the
next client. Nothing makes the server reach out: a canary HTTP server on
127.0.0.1 is named by SERVICE, LOAD, FROM, dataset parameters and XML external
entities, and must see no connection at all. Writes need the Bearer token,
compared in constant time; without a token the server is read-only.
"""

import hmac
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from tests.canary import outbound_queries
from tests.sparql_server import running
from tests.support import AUTH, COUNT, TOKEN, copy_store

LIMIT = 200_000  # request bytes: room for 5000-level nesting, cheap to exceed
TIMEOUT = 3.0  # seconds per query
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
FORM = "application/x-www-form-urlencoded"
TEST_GRAPH = "https://w3id.org/govties/id/source/reliability-test"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, built_store: Path):
    store = copy_store(built_store, tmp_path_factory.mktemp("reliability") / "store")
    settings = Settings(
        store=store, update_token=TOKEN, query_timeout=TIMEOUT, max_request_bytes=LIMIT
    )
    with running(settings) as live:
        yield live


@pytest.fixture(scope="module")
def http(server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=60) as client:
        yield client


def message(response: httpx.Response) -> str:
    """The error text of the one error body shape (api.errors)."""
    try:
        return str(response.json().get("message", ""))
    except ValueError:
        return response.text


def assert_refused(response: httpx.Response, *statuses: int) -> None:
    assert response.status_code in statuses, (response.status_code, response.text[:300])
    assert "Traceback" not in response.text
    assert 'File "' not in response.text
    assert message(response).strip(), response.text[:300]


def agreements(http: httpx.Client) -> int:
    started = time.monotonic()
    response = http.get("/sparql", params={"query": COUNT, "format": "json"})
    assert response.status_code == 200, response.text
    assert time.monotonic() - started < 10, "the server was slow to answer the next client"
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def ask(http: httpx.Client, text: str | bytes, **headers: str) -> httpx.Response:
    body = text.encode() if isinstance(text, str) else text
    return http.post("/sparql", content=body, headers={"Content-Type": QUERY, **headers})


def raw_get(base: str, target: str) -> tuple[int, str]:
    """A GET too long for httpx to send: (status, response text) read off a plain socket."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    text = b"".join(chunks).decode("utf-8", "replace")
    return int(text.split(" ", 2)[1]), text


MALFORMED = {
    "typo": "SELEC * WHERE { ?s ?p ?o }",
    "unclosed brace": "SELECT * WHERE { ?s ?p ?o",
    "missing object": "SELECT * WHERE { ?s ?p }",
    "unterminated string": 'SELECT * WHERE { ?s ?p "abc }',
    "undeclared prefix": "SELECT * WHERE { nope:a ?p ?o }",
    "unknown function": "SELECT * WHERE { ?s ?p ?o FILTER(nofunc(?o)) }",
    "two queries": "ASK {} ASK {}",
    "IRI with a space": "SELECT * WHERE { <http://a b> ?p ?o }",
    "NUL byte": "SELECT * WHERE { ?s ?p ?o }\x00",
    "terminal escapes": "\x1b[31mSELECT\x07 * WHERE {}",
    "only a comment": "# nothing here",
    "empty": "",
    "whitespace": "  \n\t ",
    "dangling GROUP BY": "SELECT * WHERE { ?s ?p ?o } GROUP BY",
    "update sent as a query": "INSERT DATA { <a:a> <a:b> <a:c> }",
    "injection-looking text": '"> } DROP ALL #',
}


@pytest.mark.parametrize("text", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_sparql_is_400_with_a_message(http, text):
    assert_refused(ask(http, text), 400)
    assert_refused(http.get("/sparql", params={"query": text}), 400)


def _nested(n: int) -> dict[str, str]:
    return {
        "braces": "SELECT * WHERE " + "{" * n + " ?s ?p ?o " + "}" * n,
        "parentheses": "ASK { FILTER(" + "(" * n + "1" + ")" * n + ") }",
        "collections": "ASK { ?s ?p " + "(" * n + ")" * n + " }",
        "blank nodes": "ASK { ?s ?p " + "[ <p:p> " * n + "]" * n + " }",
        "subqueries": "SELECT * WHERE " + "{ SELECT * WHERE " * n + "{}" + " }" * n,
        "path groups": "ASK { ?s " + "(" * n + "<p:p>" + ")" * n + " ?o }",
    }


@pytest.mark.parametrize("shape", _nested(1))
def test_5000_nested_brackets_are_refused_and_the_server_lives(http, shape):
    """pyoxigraph's parser overflows its stack (SIGSEGV) near 5000 levels: a guard says 400."""
    before = agreements(http)
    text = _nested(5000)[shape]
    response = ask(http, text)
    assert_refused(response, 400)
    assert "levels deep" in message(response)
    update = http.post("/sparql", content=text.encode(), headers={"Content-Type": UPDATE, **AUTH})
    assert_refused(update, 400)
    assert agreements(http) == before


@pytest.mark.parametrize(
    "text",
    [
        "ASK { FILTER(" + " && ".join(["true"] * 12_000) + ") }",
        "ASK { " + " UNION ".join(["{}"] * 12_000) + " }",
        "ASK { FILTER(" + "!" * 12_000 + "true) }",
    ],
    ids=["12000 ANDs", "12000 UNIONs", "12000 NOTs"],
)
def test_long_operator_chains_never_take_the_server_down(http, text):
    """Flat chains also overflow the engine's stack; the query worker dies, not the server."""
    assert_refused(ask(http, text), 400, 503)
    assert agreements(http) > 0


def test_cartesian_product_is_stopped_while_others_are_served(http, server):
    cartesian = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    result: dict[str, httpx.Response] = {}
    thread = threading.Thread(target=lambda: result.update(r=ask(http, cartesian)))
    started = time.monotonic()
    thread.start()
    served = 0
    with httpx.Client(base_url=server.url, timeout=60) as other:
        while thread.is_alive():
            assert agreements(other) > 0
            served += 1
    thread.join()
    elapsed = time.monotonic() - started
    assert_refused(result["r"], 503, 504)
    assert "time limit" in message(result["r"])
    assert TIMEOUT <= elapsed < TIMEOUT + 5
    assert served >= 3, "other clients were not answered while the runaway query ran"
    assert agreements(http) > 0


def test_oversize_requests_are_refused(http, server):
    padding = "#" + "x" * LIMIT + "\n"
    assert_refused(ask(http, padding + "ASK {}"), 413)
    body = ("query=" + "x" * LIMIT).encode()
    assert_refused(http.post("/sparql", content=body, headers={"Content-Type": FORM}), 413)
    status, text = raw_get(server.url, "/sparql?query=%23" + "x" * LIMIT + "%0AASK%20%7B%7D")
    assert 400 <= status < 500 and "Traceback" not in text, (status, text[:300])

    def chunks() -> Iterator[bytes]:  # no Content-Length: the limit must hold while reading
        for _ in range(LIMIT // 1000 + 2):
            yield b"#" + b"x" * 999

    chunked = http.post("/sparql", content=chunks(), headers={"Content-Type": QUERY})
    assert_refused(chunked, 413)
    assert agreements(http) > 0


@pytest.mark.parametrize(
    "body",
    [b'SELECT * WHERE { ?s ?p "\xff\xfe" }', b"\xc3\x28", b"ASK {} #\xed\xa0\x80"],
    ids=["0xFF 0xFE", "bad continuation", "encoded surrogate"],
)
def test_invalid_utf8_bodies_are_400(http, body):
    assert_refused(ask(http, body), 400)
    update = http.post("/sparql", content=body, headers={"Content-Type": UPDATE, **AUTH})
    assert_refused(update, 400)
    form = http.post("/sparql", content=b"query=" + body, headers={"Content-Type": FORM})
    assert_refused(form, 400)


def test_unknown_formats_and_content_types(http):
    select = {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"}
    assert_refused(http.get("/sparql", params={**select, "format": "bogus"}), 406)
    assert_refused(http.get("/sparql", params=select, headers={"Accept": "image/png"}), 406)
    junk_accept = http.get("/sparql", params=select, headers={"Accept": "a/b/c;;q=x, ,;"})
    assert junk_accept.status_code == 200, "a junk Accept header counts as */*"
    assert_refused(ask(http, "ASK {}", **{"Content-Type": "text/plain"}), 415)
    assert_refused(http.post("/sparql", content=b"ASK {}"), 415)
    put = http.put(
        "/rdf-graph-store",
        params={"graph": TEST_GRAPH},
        content=b"<a:a> <a:b> <a:c> .",
        headers={"Content-Type": "application/x-bogus", **AUTH},
    )
    assert_refused(put, 415)
    assert_refused(http.get("/rdf-graph-store", params={"graph": "not an iri"}), 400)


HOSTILE_NAMES = {
    "empty": "",
    "blank": "   ",
    "unknown": "Ministry of Silly Walks",
    "very long": "x" * 20_000,
    "control characters": "\x00\x01\x1b[31m\x7f",
    "newlines": "MN\nGB\r\n",
    "SPARQL injection": '"> } DROP ALL #',
    "SPARQL injection 2": "x' } ; DELETE WHERE { ?s ?p ?o } #",
    "SQL injection": "' OR 1=1 --",
    "markup": "<script>alert(1)</script>",
    "path traversal": "../../../../etc/passwd",
    "IRI elsewhere": "http://127.0.0.1:9/x",
    "percent escapes": "%00%ff%2e%2e",
    "right-to-left override": "\u202egnp.exe",
    "lone surrogate-like": "\ufffd\ufffe",
    "emoji": "🇲🇳➡️🇬🇧",
}


@pytest.mark.parametrize("name", HOSTILE_NAMES.values(), ids=HOSTILE_NAMES.keys())
def test_hostile_names_in_path_queries_are_clear_4xx(http, name):
    before = agreements(http)
    for path, params in [
        ("/paths", {"from": name, "to": "GDS"}),
        ("/paths", {"from": "Mongolia", "to": name}),
        ("/neighbours", {"of": name}),
        ("/ties", {"country": name}),
        ("/paths", {"from": "Mongolia", "to": "GDS", "via": name, "exclude": name}),
        ("/paths", {"from": "Mongolia", "to": "GDS", "as_of": name}),
    ]:
        response = http.get(path, params=params)
        if response.status_code != 200:
            assert_refused(response, 400, 404, 422)
        assert len(response.content) < 100_000, "the error echoes too much back"
    assert agreements(http) == before, "a name changed the data"


@pytest.mark.parametrize(
    "params",
    [
        {"k": "0"},
        {"k": "-1"},
        {"k": "1e9"},
        {"k": "99999999999999999999999"},
        {"k": "NaN"},
        {"max_hops": "0"},
        {"max_hops": "100000"},
        {"max_hops": "abc"},
        {"k": ""},
    ],
)
def test_bad_numbers_in_path_queries_are_422(http, params):
    assert_refused(http.get("/paths", params={"from": "Mongolia", "to": "GDS", **params}), 422)


# --- nothing leaves the machine -------------------------------------------------------


def test_the_canary_notices_a_request(canary):
    """The oracle works: a plain HTTP request to the canary is recorded."""
    url, connections = canary
    httpx.get(f"{url}/probe", timeout=5)
    assert connections and b"GET /probe" in connections[-1]


def _outbound_updates(url: str) -> dict[str, str]:
    return {
        "LOAD": f"LOAD <{url}/data.nt>",
        "LOAD SILENT INTO": f"LOAD SILENT <{url}/data.nt> INTO GRAPH <{TEST_GRAPH}>",
        "SERVICE in an update": f"INSERT {{ GRAPH <{TEST_GRAPH}> {{ ?s ?p ?o }} }} "
        f"WHERE {{ SERVICE <{url}/s> {{ ?s ?p ?o }} }}",
    }


def _xml(url: str) -> dict[str, bytes]:
    rdf = (
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/">'
        '<rdf:Description rdf:about="http://e/a"><e:p>{}</e:p></rdf:Description></rdf:RDF>'
    )
    return {
        "external entity": (
            f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "{url}/xxe">]>'
            + rdf.format("&x;")
        ).encode(),
        "external parameter entity": (
            f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % x SYSTEM "{url}/dtd"> %x;]>'
            + rdf.format("a")
        ).encode(),
        "external DTD": (
            f'<?xml version="1.0"?><!DOCTYPE rdf:RDF SYSTEM "{url}/dtd">' + rdf.format("a")
        ).encode(),
        "PUBLIC DTD": (
            f'<?xml version="1.0"?><!DOCTYPE rdf:RDF PUBLIC "-//x//y" "{url}/dtd">'
            + rdf.format("a")
        ).encode(),
        "XInclude": (
            '<?xml version="1.0"?>'
            + rdf.format(f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{url}/x"/>')
        ).encode(),
    }


def test_nothing_reaches_out(http, canary):
    url, connections = canary
    before = agreements(http)
    for name, text in outbound_queries(url).items():
        assert_refused(ask(http, text), 400), name
    for name, text in _outbound_updates(url).items():
        response = http.post(
            "/sparql", content=text.encode(), headers={"Content-Type": UPDATE, **AUTH}
        )
        assert_refused(response, 400), name
    dataset = {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"}
    for key in ("default-graph-uri", "named-graph-uri"):
        assert_refused(http.get("/sparql", params={**dataset, key: f"{url}/g"}), 400)
    for name, body in _xml(url).items():
        response = http.put(
            "/rdf-graph-store",
            params={"graph": TEST_GRAPH},
            content=body,
            headers={"Content-Type": "application/rdf+xml", **AUTH},
        )
        assert response.status_code < 500 and "Traceback" not in response.text, name
    jsonld = f'{{"@context": "{url}/context.jsonld", "@id": "http://e/a", "p": 1}}'.encode()
    response = http.put(
        "/rdf-graph-store",
        params={"graph": TEST_GRAPH},
        content=jsonld,
        headers={"Content-Type": "application/ld+json", **AUTH},
    )
    assert response.status_code < 500, response.text
    time.sleep(0.5)  # a fetch in flight would have connected by now
    assert connections == [], connections
    assert agreements(http) == before


def test_xml_entity_bomb_upload_is_refused(http):
    """Nine levels of ten references: 700 bytes that pyoxigraph would expand to 10 GB."""
    entities = '<!ENTITY a0 "aaaaaaaaaa">' + "".join(
        f'<!ENTITY a{i + 1} "' + f"&a{i};" * 10 + '">' for i in range(9)
    )
    body = (
        f'<?xml version="1.0"?><!DOCTYPE r [{entities}]>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/">'
        '<rdf:Description rdf:about="http://e/a"><e:p>&a9;</e:p></rdf:Description></rdf:RDF>'
    ).encode()
    started = time.monotonic()
    response = http.put(
        "/rdf-graph-store",
        params={"graph": TEST_GRAPH},
        content=body,
        headers={"Content-Type": "application/rdf+xml", **AUTH},
    )
    assert_refused(response, 400)
    assert time.monotonic() - started < TIMEOUT
    assert agreements(http) > 0


def test_deeply_nested_json_ld_upload_is_refused(http):
    body = '{"@id": "http://e/a", "http://e/p": ' + '{"http://e/p": ' * 5000 + "1" + "}" * 5001
    response = http.put(
        "/rdf-graph-store",
        params={"graph": TEST_GRAPH},
        content=body.encode(),
        headers={"Content-Type": "application/ld+json", **AUTH},
    )
    assert_refused(response, 400)


# --- authorisation ---------------------------------------------------------------------

INSERT = f'INSERT DATA {{ GRAPH <{TEST_GRAPH}> {{ <http://e/s> <http://e/p> "reliability" }} }}'
MARKER = f'ASK {{ GRAPH <{TEST_GRAPH}> {{ <http://e/s> <http://e/p> "reliability" }} }}'


def marker_present(http: httpx.Client) -> bool:
    response = http.get("/sparql", params={"query": MARKER, "format": "json"})
    return response.json()["boolean"]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer wrong"},
        {"Authorization": f"Bearer {TOKEN}x"},
        {"Authorization": f"Bearer {TOKEN[:-1]}"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": TOKEN},
        {"Authorization": f"Bearer {TOKEN.upper()}"},
    ],
    ids=["none", "empty", "wrong", "longer", "shorter", "Basic", "bare", "upper-case"],
)
def test_writes_without_the_token_are_refused(http, headers):
    before = marker_present(http)
    for method, path, kwargs in [
        ("POST", "/sparql", {"content": INSERT.encode(), "headers": {"Content-Type": UPDATE}}),
        ("POST", "/sparql", {"data": {"update": INSERT}}),
        (
            "PUT",
            "/rdf-graph-store",
            {"params": {"graph": TEST_GRAPH}, "content": b"<http://e/s> <http://e/p> 1 ."},
        ),
        (
            "POST",
            "/rdf-graph-store",
            {"params": {"graph": TEST_GRAPH}, "content": b"<http://e/s> <http://e/p> 1 ."},
        ),
        ("DELETE", "/rdf-graph-store", {"params": {"graph": TEST_GRAPH}}),
    ]:
        if method != "DELETE" and path == "/rdf-graph-store":
            kwargs["headers"] = {"Content-Type": "application/n-triples"}
        merged = {**kwargs.get("headers", {}), **headers}
        response = http.request(method, path, **{**kwargs, "headers": merged})
        assert_refused(response, 401)
        assert response.headers.get("www-authenticate", "").startswith("Bearer")
    assert marker_present(http) == before


def test_writes_with_the_token_are_accepted_and_compared_in_constant_time(http, monkeypatch):
    compared: list[tuple[bytes | str, bytes | str]] = []
    original = hmac.compare_digest

    def spy(a, b):
        compared.append((a, b))
        return original(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    wrong = http.post(
        "/sparql",
        content=INSERT.encode(),
        headers={"Content-Type": UPDATE, "Authorization": "Bearer nope"},
    )
    assert wrong.status_code == 401
    assert compared, "the token was not compared with hmac.compare_digest"
    assert any(TOKEN.encode() in (a, b) or TOKEN in (a, b) for a, b in compared)
    compared.clear()
    response = http.post(
        "/sparql", content=INSERT.encode(), headers={"Content-Type": UPDATE, **AUTH}
    )
    assert response.status_code in (200, 204), response.text
    assert compared
    assert marker_present(http)
    dropped = http.delete("/rdf-graph-store", params={"graph": TEST_GRAPH}, headers=AUTH)
    assert dropped.status_code in (200, 204), dropped.text
    assert not marker_present(http)


def test_read_only_is_the_default(built_store):
    assert Settings().update_token is None
    client = TestClient(create_app(Settings(store=built_store)))
    for headers in ({}, AUTH, {"Authorization": "Bearer "}):
        response = client.post(
            "/sparql", content=INSERT.encode(), headers={"Content-Type": UPDATE, **headers}
        )
        assert_refused(response, 403)
        assert "read-only" in message(response)
        put = client.put(
            "/rdf-graph-store",
            params={"graph": TEST_GRAPH},
            content=b"<http://e/s> <http://e/p> 1 .",
            headers={"Content-Type": "application/n-triples", **headers},
        )
        assert_refused(put, 403)
