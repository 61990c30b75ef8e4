"""The W3C Graph Store Protocol tests written as prose (http-rdf-update/), over HTTP.

Each test's rdfs:comment holds an HTTP request and the expected response as
text; they build on each other, so they run in manifest order against one
store. Direct identification (`PUT $GRAPHSTORE$/person/1.ttl`) names the graph
whose IRI is that request URL; govties names graphs only with ?graph=, so the
request is sent as `?graph=<that IRI>`, the same graph. Success without a body
accepts 200 and 204 alike, as the Protocol does (and the suite's structured
manifest, graph-store-protocol/, does). The manifest is marked deprecated in
favour of that one; test_w3c_protocol.py runs it.
"""

import re
from dataclasses import dataclass
from urllib.parse import quote

import httpx
import pytest
from rdflib import RDFS, Graph
from rdflib.compare import isomorphic

from api.settings import Settings
from tests.sparql.w3c import MF, expected_failures, manifest
from tests.sparql_server import running
from tests.support import AUTH, TOKEN

STORE = "rdf-graph-store"
FAILURES = expected_failures()
SUCCESS = {200, 204}


@dataclass(frozen=True)
class Exchange:
    id: str
    method: str
    target: str  # as written: $GRAPHSTORE$..., or $NEWPATH$
    headers: dict[str, str]
    body: str
    status: int
    response_headers: dict[str, str]
    response_body: str


def _message(lines: list[str]) -> tuple[str, dict[str, str], str]:
    """First line, headers, body of an indented HTTP message in the prose."""
    text = [line.strip() for line in lines]
    headers, index = {}, 1
    while index < len(text) and re.match(r"^[\w-]+: ", text[index]):
        name, value = text[index].split(": ", 1)
        headers[name.lower()] = value
        index += 1
    return text[0], headers, "\n".join(text[index:]).strip()


def exchanges() -> list[Exchange]:
    graph, entries = manifest("http-rdf-update")
    out = []
    for entry in entries:
        [prose] = [str(c) for c in graph.objects(entry, RDFS.comment) if "#### Request" in c]
        request, response = prose.split("#### Response")
        first, headers, body = _message(request.split("#### Request")[1].strip("\n").splitlines())
        status, response_headers, response_body = _message(response.strip("\n").splitlines())
        method, target, _ = first.split()
        out.append(
            Exchange(
                id=f"http-rdf-update/{entry.split('#')[-1]}",
                method=method,
                target=target,
                headers=headers,
                body=body,
                status=int(status.split()[0]),
                response_headers=response_headers,
                response_body=response_body,
            )
        )
        assert graph.value(entry, MF.name) is not None
    return out


EXCHANGES = exchanges()


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    """One server and store for the whole sequence, and the $NEWPATH$ a POST names."""
    from tests.sparql.test_w3c_protocol import reset

    store = tmp_path_factory.mktemp("w3c-gsp-prose") / "store"
    reset(store)
    with running(Settings(store=store, update_token=TOKEN)) as server:
        yield server, {}


def _path(target: str, host: str, variables: dict[str, str]) -> str:
    if target.startswith("$NEWPATH$"):
        return f"/{STORE}?graph={quote(variables['$NEWPATH$'], safe='')}"
    rest = target.removeprefix("$GRAPHSTORE$")
    if rest == "" or rest.startswith("?"):
        return f"/{STORE}{rest.replace('$HOST$', host).replace('$GRAPHSTORE$', STORE)}"
    return f"/{STORE}?graph={quote(f'http://{host}/{STORE}{rest}', safe='')}"


@pytest.mark.parametrize("step", EXCHANGES, ids=[e.id for e in EXCHANGES])
def test_graph_store_prose(step: Exchange, session, request):
    if step.id in FAILURES:
        request.applymarker(pytest.mark.xfail(reason=FAILURES[step.id], strict=True))
    server, variables = session
    host = server.url.removeprefix("http://")
    fill = lambda text: text.replace("$HOST$", host).replace("$GRAPHSTORE$", STORE)  # noqa: E731
    headers = {k: v for k, v in step.headers.items() if k != "host"} | AUTH
    with httpx.Client(base_url=server.url, timeout=30) as http:
        response = http.request(
            step.method,
            _path(step.target, host, variables),
            content=fill(step.body).encode() or None,
            headers=headers,
        )
    where = f"{step.method} {step.target}: {response.status_code} {response.text[:300]}"
    bodiless = step.status in SUCCESS and not step.response_body
    assert response.status_code in (SUCCESS if bodiless else {step.status}), where
    if "location" in step.response_headers:
        variables["$NEWPATH$"] = response.headers["location"]
    if step.response_body:
        expected = Graph().parse(data=fill(step.response_body), format="turtle")
        got = Graph().parse(data=response.text, format="turtle")
        assert isomorphic(expected, got), f"{where}\n{got.serialize(format='nt')}"


def test_every_prose_test_is_read():
    assert len(EXCHANGES) == 18
    named = {name for name in FAILURES if name.startswith("http-rdf-update/")}
    assert named <= {e.id for e in EXCHANGES}, named - {e.id for e in EXCHANGES}
