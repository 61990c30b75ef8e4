"""POST /extract: open to all, the proposal as JSON, and bad input."""

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from tests.support import DATA

ARTICLE = DATA / "sources" / "business-times-sg-uk-2019.txt"


@pytest.fixture(scope="module")
def client(built_store):
    """A read-only server (no update token). A worker's first extraction builds the store's
    gazetteer and spaCy pipeline: the time limit allows for a loaded machine. Inside `with`,
    the client keeps one event loop, so the workers (and what they loaded) serve every test."""
    with TestClient(create_app(Settings(store=built_store, query_timeout=60))) as client:
        yield client


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}])
def test_open_without_a_token_even_when_read_only(client, headers):
    """Reading is open (api.review's token policy): only saving a record takes the token."""
    text = ARTICLE.read_text(encoding="utf-8")
    response = client.post("/extract", json={"text": text}, headers=headers)
    assert response.status_code == 200, response.text
    assert set(response.json()["record"]["agreements"][0]["parties"]) == {"govtech", "gds"}


def test_proposal_as_json(client):
    text = ARTICLE.read_text(encoding="utf-8")
    body = {
        "text": text,
        "published": "2019-06-14",
        "source_url": "https://www.businesstimes.com.sg/x",
    }
    response = client.post("/extract", json=body)
    assert response.status_code == 200, response.text
    data = response.json()
    agreement = data["record"]["agreements"][0]
    assert set(agreement["parties"]) == {"govtech", "gds"}
    assert agreement["signed_on"] == "2019-06-13"
    assert data["record"]["source"]["publisher"] == "www.businesstimes.com.sg"
    by_id = {e["id"]: e for e in data["entities"]}
    assert by_id["gds"]["iri"] == "https://w3id.org/govties/id/org/gds" and not by_id["gds"]["new"]
    for fact in data["facts"]:
        for ev in fact["evidence"]:
            assert text[ev["start"] : ev["end"]] == ev["text"]


@pytest.mark.parametrize(
    ("body", "status"),
    [({"text": ""}, 422), ({}, 422), ({"text": "x", "published": "June 2019"}, 422)],
)
def test_bad_input(client, body, status):
    response = client.post("/extract", json=body)
    assert response.status_code == status
    assert "message" in response.json()


def test_too_long(built_store):
    small = TestClient(create_app(Settings(store=built_store, max_request_bytes=100)))
    response = small.post("/extract", json={"text": "word " * 50})
    assert response.status_code == 413


def test_without_a_store_only_countries_link(tmp_path):
    client = TestClient(create_app(Settings(store=tmp_path / "none")))
    text = ARTICLE.read_text(encoding="utf-8")
    response = client.post("/extract", json={"text": text})
    assert response.status_code == 200
    data = response.json()
    assert any("no store" in w for w in data["warnings"])
    assert all(e["new"] for e in data["entities"])
    assert len(data["record"]["agreements"][0]["signatories"]) == 2
