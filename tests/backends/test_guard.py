"""The guard, the caps and the error answers are the same on every backend: nothing reaches
out (a canary sees no connection), a malformed query is a 400, an answer over the cap a
413, and a remote store takes no change over HTTP (403)."""

import httpx

from tests.backends.conftest import MAX_RESULTS, Backend
from tests.canary import outbound_queries
from tests.support import AUTH


def ask(backend: Backend, text: str) -> httpx.Response:
    return httpx.post(f"{backend.live.url}/sparql", data={"query": text}, timeout=30)


def test_nothing_leaves_the_machine(backend: Backend, canary):
    url, connections = canary
    for name, text in outbound_queries(url).items():
        answer = ask(backend, text)
        assert answer.status_code == 400, (name, answer.text)
        assert "error" in answer.json()
    assert connections == []


def test_malformed_queries_are_400_with_a_message(backend: Backend):
    answer = ask(backend, "SELEC ?s WHERE { ?s ?p ?o }")
    assert answer.status_code == 400
    assert answer.json()["message"]


def test_an_answer_over_the_cap_is_refused(backend: Backend):
    answer = ask(backend, "SELECT * WHERE { ?s ?p ?o }")
    assert answer.status_code == 413, answer.text
    assert str(MAX_RESULTS) in answer.json()["message"]
    limited = ask(backend, f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_RESULTS}")
    assert limited.status_code == 200
    assert len(limited.json()["results"]["bindings"]) == MAX_RESULTS


def test_changes_over_http_need_the_embedded_store(backend: Backend):
    """A malformed update shows where a change stops: the embedded store parses it (400),
    a remote store refuses any change before reading it (403)."""
    answer = httpx.post(
        f"{backend.live.url}/sparql",
        content="INSERT DATA { oops",
        headers={"Content-Type": "application/sparql-update", **AUTH},
    )
    if backend.target is None:
        assert answer.status_code == 400, answer.text
        return
    assert answer.status_code == 403, answer.text
    assert "govties build --store" in answer.json()["message"]
    put = httpx.put(
        f"{backend.live.url}/rdf-graph-store",
        params={"graph": "https://example.org/g"},
        content=b"<https://example.org/s> <https://example.org/p> 1 .",
        headers={"Content-Type": "application/n-triples", **AUTH},
    )
    assert put.status_code == 403


def test_health_names_the_backend(backend: Backend):
    health = httpx.get(f"{backend.live.url}/health").json()
    if backend.target is None:
        assert "backend" not in health
    else:
        assert health["backend"]["engine"] == backend.name
        assert health["backend"]["url"] == backend.target.url
        assert health["version"] == health["backend"]["version"]
