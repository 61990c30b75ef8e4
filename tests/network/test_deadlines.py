"""Path searches stop at their time limit (graph.network.deadline), in-process and over HTTP.

A search is made slow on purpose: every edge weight networkx asks for costs
20 ms, as a search on a far larger or denser graph would add up to. Unlimited, the
search would run for seconds; under a limit it must stop soon after the limit
with Overrun (503 over HTTP, with a message naming the limit).
"""

import time

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.errors import Overrun
from graph.network import search
from graph.network.deadline import within
from graph.network.projection import project
from graph.network.search import find_paths, neighbourhood
from tests.support import GDS, MOJHA

STEP = 0.02  # seconds added to each edge weight asked for
LIMIT = 0.3  # seconds
KR = "https://w3id.org/govties/id/country/KR"  # a hub: hundreds of nodes within 3 hops


@pytest.fixture(scope="module")
def graph(shipped_store):
    """The projection of the shipped data: large enough for searches of hundreds of steps."""
    return project(shipped_store)


@pytest.fixture
def slow(monkeypatch: pytest.MonkeyPatch) -> dict[str, float]:
    """Make every weight lookup (filtered or not) cost `step` seconds; count the lookups."""
    slowed = {"calls": 0, "step": STEP}
    stored, filtered = search._stored_weight, search._weight

    def slowly(weight):
        def inner(u, v, data):
            slowed["calls"] += 1
            time.sleep(slowed["step"])
            return weight(u, v, data)

        return inner

    monkeypatch.setattr(search, "_stored_weight", slowly(stored))
    monkeypatch.setattr(search, "_weight", lambda *args: slowly(filtered(*args)))
    return slowed


SEARCHES = {
    "paths": lambda g: find_paths(g, MOJHA, GDS, k=5, max_hops=8),
    "neighbourhood": lambda g: neighbourhood(g, KR, depth=3, limit=1000),
}


@pytest.mark.parametrize("name", SEARCHES)
def test_the_slowed_search_would_run_for_seconds(graph, slow, name):
    """The premise of the tests below: unlimited, each search asks for many weights."""
    slow["step"] = 0
    SEARCHES[name](graph)
    assert slow["calls"] * STEP > 10 * LIMIT


@pytest.mark.parametrize("name", SEARCHES)
def test_a_search_stops_at_its_time_limit(graph, slow, name):
    started = time.monotonic()
    with within(LIMIT), pytest.raises(Overrun, match=r"time limit of 0\.3s"):
        SEARCHES[name](graph)
    assert time.monotonic() - started < LIMIT + 2  # the limit plus one slow step, loosely


def test_no_limit_outside_within(graph):
    assert find_paths(graph, MOJHA, GDS, k=2, max_hops=8)  # no Overrun, no context needed


@pytest.fixture(scope="module")
def client(shipped_built):
    client = TestClient(create_app(Settings(store=shipped_built, query_timeout=LIMIT)))
    client.get("/ties?country=MN")  # the projection is built: its time is no search's
    return client


@pytest.mark.parametrize(
    "url",
    [
        f"/paths?from={MOJHA}&to={GDS}&k=5&max_hops=8",
        f"/neighbours?of={KR}&depth=3&limit=1000",
        f"/view?from={MOJHA}&to={GDS}&k=5&max_hops=8",
        f"/view.graphml?focus={KR}&depth=3",
    ],
)
def test_routes_answer_503_at_the_query_time_limit(client, slow, url):
    started = time.monotonic()
    response = client.get(url)
    assert response.status_code == 503, response.text[:300]
    assert "time limit of 0.3s" in response.json()["message"]
    assert response.headers["Retry-After"]
    assert time.monotonic() - started < LIMIT + 3
