"""Fuzzing the HTTP API: no input may give a 500.

Hypothesis throws arbitrary strings at every parameter of the path API
(in-process: the path routes need no query workers), and schemathesis
generates requests for every operation of /openapi.json against a real server
on 127.0.0.1, read-only, with the default checks narrowed to "no server error".
FUZZ_EXAMPLES raises the example counts for a deeper run.
"""

import os
from collections.abc import Iterator

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from api.app import create_app
from api.settings import Settings
from tests.sparql_server import running

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=EXAMPLES or 200,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)

names = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["MN", "GB", "SG", "Mongolia", "GDS", "GovTech", "NUS IPUR", "gt:party"]),
    st.sampled_from(["https://w3id.org/govties/id/country/MN", "https://w3id.org/govties/id/x"]),
)
numbers = st.one_of(
    st.integers(-(10**20), 10**20).map(str), st.text(max_size=8), st.sampled_from(["1", "3", "6"])
)
dates = st.one_of(st.dates().map(str), st.text(max_size=12), st.just("2019-13-45"))


@pytest.fixture(scope="module")
def client(built_store) -> Iterator[TestClient]:
    yield TestClient(create_app(Settings(store=built_store)), raise_server_exceptions=False)


def check(response) -> None:
    assert response.status_code < 500, (response.status_code, response.text[:300])
    assert "Traceback" not in response.text


@FUZZ
@given(
    source=names,
    target=names,
    k=numbers,
    max_hops=numbers,
    via=st.lists(names, max_size=3),
    exclude=st.lists(names, max_size=3),
    as_of=dates,
)
def test_path_query_parameters_never_give_500(
    client, source, target, k, max_hops, via, exclude, as_of
):
    params = {"from": source, "to": target, "k": k, "max_hops": max_hops, "as_of": as_of}
    check(client.get("/paths", params={**params, "via": via, "exclude": exclude}))


@FUZZ
@given(of=names, depth=numbers, limit=numbers, country=names, as_of=dates)
def test_neighbours_and_ties_parameters_never_give_500(client, of, depth, limit, country, as_of):
    check(client.get("/neighbours", params={"of": of, "depth": depth, "limit": limit}))
    check(client.get("/ties", params={"country": country, "as_of": as_of}))


@pytest.fixture(scope="module")
def server_url(built_store) -> Iterator[str]:
    with running(Settings(store=built_store, query_timeout=5.0)) as server:
        yield server.url


# The schema is the app's own (it does not depend on the store), read without a server.
# SPARQL query and update bodies are text: send generated strings as they are.
schemathesis.serializer.alias(
    ["application/sparql-query", "application/sparql-update"], "text/plain"
)
schema = schemathesis.openapi.from_dict(create_app().openapi())


@schema.parametrize()
@settings(
    max_examples=EXAMPLES or 30,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_openapi_operations_never_give_500(case, server_url):
    response = case.call(base_url=server_url, timeout=30)
    case.validate_response(response, checks=[not_a_server_error])
    assert "Traceback" not in response.text
