"""One error body for every failure, mapped from one exception tree (api.errors, graph.errors),
and a bug in govties is a 500, never a client's 4xx."""

import pickle
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api import errors as http_errors
from api.app import create_app
from api.settings import Settings
from graph import errors
from graph.errors import Candidate, GovtiesError, Problem
from tests.support import TOKEN


@pytest.fixture(scope="module")
def client(built_store):
    app = create_app(Settings(store=built_store, update_token=TOKEN))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def shaped(response, status: int, kind: str) -> dict:
    """The response has the status and the one body shape, with a message a person reads."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] == kind
    assert isinstance(body["message"], str) and body["message"]
    assert set(body) <= {"error", "message", "candidates", "problems"}
    return body


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status", "kind"),
    [
        ("GET", "/nowhere", {}, 404, "not_found"),
        ("DELETE", "/health", {}, 405, "method_not_allowed"),
        ("GET", "/paths", {"params": {"from": "GDS"}}, 422, "bad_input"),
        ("GET", "/paths", {"params": {"from": "GDS", "to": "IPUR", "k": 0}}, 422, "bad_input"),
        ("GET", "/paths", {"params": {"from": "GDS", "to": "GDS"}}, 422, "bad_input"),
        ("GET", "/paths", {"params": {"from": "GDS", "to": "IPUR", "as_of": "soon"}}, 422,
         "bad_input"),
        ("GET", "/sparql", {"params": {"query": "SELEC ?x"}}, 400, "malformed"),
        ("GET", "/sparql", {"params": {"query": "ASK {}", "format": "pdf"}}, 406,
         "not_acceptable"),
        ("POST", "/sparql", {"content": b"x", "headers": {"Content-Type": "text/plain"}}, 415,
         "unsupported_media_type"),
        ("GET", "/sparql", {"params": {"query": "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }"}},
         400, "refused"),
        ("GET", "/rdf-graph-store", {"params": {"graph": "http://nothing.example/"}}, 404,
         "not_found"),
        ("POST", "/sparql", {"content": b"CLEAR ALL",
                             "headers": {"Content-Type": "application/sparql-update"}}, 401,
         "unauthorized"),
    ],
)  # fmt: skip
def test_every_error_has_one_shape(client, method, path, kwargs, status, kind):
    shaped(client.request(method, path, **kwargs), status, kind)


def test_unknown_and_ambiguous_names_list_candidates(client):
    unknown = shaped(
        client.get("/neighbours", params={"of": "Goverment Digital"}), 404, "not_found"
    )
    assert any(c["label"] == "Government Digital Service" for c in unknown["candidates"])
    assert {"iri", "label", "class"} <= set(unknown["candidates"][0])


def test_wrong_token_is_401_with_a_challenge(client):
    response = client.post(
        "/sparql",
        content=b"CLEAR ALL",
        headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer no"},
    )
    shaped(response, 401, "unauthorized")
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_read_only_server_is_403(built_store):
    with TestClient(create_app(Settings(store=built_store))) as read_only:
        response = read_only.put("/rdf-graph-store?graph=urn:g", content=b"")
    assert "read-only" in shaped(response, 403, "read_only")["message"]


def test_no_store_is_503_and_says_when_to_retry(tmp_path):
    with TestClient(create_app(Settings(store=tmp_path / "none"))) as no_store:
        response = no_store.get("/ties", params={"country": "SG"})
    assert "govties build" in shaped(response, 503, "store_unavailable")["message"]
    assert response.headers["retry-after"] == "5"


def test_a_bug_is_a_500_with_a_plain_message_never_a_4xx(client, monkeypatch):
    """A ValueError from deep inside (a library bug) was once a client's 422."""
    from api import paths

    def broken(*args, **kwargs):
        raise ValueError("secret internals")

    monkeypatch.setattr(paths, "path_query", broken)
    body = shaped(client.get("/paths", params={"from": "GDS", "to": "IPUR"}), 500, "internal")
    assert "secret internals" not in body["message"] and "Traceback" not in body["message"]


def concrete_errors() -> list[type[GovtiesError]]:
    found = [
        cls
        for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, GovtiesError) and cls is not GovtiesError
    ]
    return [cls for cls in found if not cls.__name__.startswith("_")]


@pytest.mark.parametrize("cls", concrete_errors(), ids=lambda c: c.__name__)
def test_every_error_class_has_a_client_or_unavailable_status(cls):
    exc = cls([Problem(Path("r.yaml"), 3, "bad")]) if cls is errors.DataError else cls("m")
    assert 400 <= http_errors.status_of(exc) < 500 or http_errors.status_of(exc) == 503


@pytest.mark.parametrize(
    "exc",
    [
        errors.NotFound("no entity named 'X'", [Candidate("urn:a", "A", None)]),
        errors.Ambiguous("two", [Candidate("urn:a", "A", "urn:C"), Candidate("urn:b", "B", None)]),
        errors.DataError([Problem(Path("r.yaml"), 3, "bad"), Problem(None, None, "worse")]),
        errors.NotAcceptable("no format", "GRAPH"),
        errors.Overrun("too slow"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_errors_survive_the_trip_back_from_a_worker(exc):
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is type(exc) and back.message == exc.message
    assert vars(back) == vars(exc)


def test_openapi_documents_the_bearer_token_where_writes_need_it(client):
    spec = client.get("/openapi.json").json()
    assert spec["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    secured = {
        (method.upper(), path)
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if operation.get("security")
    }
    writes = {("PUT", "/rdf-graph-store"), ("DELETE", "/rdf-graph-store"), ("POST", "/review/save")}
    assert writes <= secured
    reads = {
        ("GET", "/sparql"),
        ("GET", "/paths"),
        ("POST", "/extract"),
        ("POST", "/review/validate"),
    }
    assert not reads & secured
