"""Limits of the query workers beyond time: memory per worker, and admission (issue 17).

A query that allocates without bound must be stopped at the memory cap with a
503 that says so, not run on to its time limit at gigabytes; and one client's
slow queries, as many as there are workers, must not make a second client's
cheap query wait out the time limit (docs/RELIABILITY.md, "Admission").
"""

import asyncio
import threading
import time
from collections.abc import Iterator
from itertools import count
from pathlib import Path

import httpx
import pytest

from api.settings import Settings
from graph.errors import Busy
from graph.sparql.workers import WorkerPool
from tests.sparql_server import Live, running

TIMEOUT = 10.0  # seconds per query: long enough that waiting it out is plain to see
CAP = 300_000_000  # bytes per worker
MARGIN = 150_000_000  # sampling every few ms on a loaded machine: generous
# Three copies of the store, sorted: tens of millions of rows held at once.
SORTED_PRODUCT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i LIMIT 1"
# Four copies, counted: streams (little memory) far beyond any time limit.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }} # {n}"
TEXTS = count()
FORWARDED = "X-Forwarded-For"


@pytest.fixture(scope="module")
def live(built_store: Path) -> Iterator[Live]:
    with running(Settings(store=built_store, query_timeout=TIMEOUT, query_memory=CAP)) as server:
        yield server


def cheap(http: httpx.Client) -> httpx.Response:
    """A query answered in a millisecond, a new text each time (never from api.cache)."""
    return http.get("/sparql", params={"query": f'ASK {{ ?s ?p "probe {next(TEXTS)}" }}'})


def test_a_query_over_the_memory_cap_answers_503_and_the_worker_stays_under_it(live, http):
    pool = live.app.state.pool
    peak, done = [0], threading.Event()

    def sample() -> None:
        while not done.wait(0.005):
            peak[0] = max(peak[0], *pool.memory_used())

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.monotonic()
    try:
        response = http.get("/sparql", params={"query": SORTED_PRODUCT})
    finally:
        done.set()
        sampler.join(10)
    assert response.status_code == 503, response.text
    assert "memory limit of 300 MB" in response.json()["message"]
    assert response.headers["Retry-After"]
    assert time.monotonic() - started < TIMEOUT  # stopped by the cap, not the clock
    assert 0 < peak[0] < CAP + MARGIN, f"peak {peak[0] / 1e6:.0f} MB"
    assert cheap(http).status_code == 200  # the worker was replaced


def test_a_cheap_query_is_answered_while_one_client_holds_every_worker(live, http):
    pool = live.app.state.pool
    answers: list[httpx.Response] = []

    def client_a(text: str) -> None:
        with httpx.Client(base_url=live.url, timeout=60) as a:
            answers.append(a.get("/sparql", params={"query": text}))

    slow = [
        threading.Thread(target=client_a, args=(SLOW.format(n=next(TEXTS)),))
        for _ in range(pool.size)
    ]
    for thread in slow:
        thread.start()
    deadline = time.monotonic() + 30  # a worker replaced by the test before may still boot
    while pool.busy() < pool.size:  # every worker holds one of A's queries
        assert time.monotonic() < deadline, "the slow queries never occupied every worker"
        time.sleep(0.01)
    started = time.monotonic()
    response = cheap(http)
    waited = time.monotonic() - started
    for thread in slow:
        thread.join(TIMEOUT + 30)
    assert response.status_code == 200, response.text
    assert waited < TIMEOUT - 2, f"B waited {waited:.1f}s"
    assert [a.status_code for a in answers] == [503] * pool.size
    assert any("free a worker" in a.json()["message"] for a in answers)
    assert cheap(http).status_code == 200


def test_one_clients_flood_does_not_queue_ahead_of_another_client(live):
    """Waiting callers take turns by client: B's query is next, however many of A's wait."""
    pool = live.app.state.pool
    answers: list[httpx.Response] = []

    def client_a(text: str) -> None:
        # uvicorn takes the address from X-Forwarded-For when the peer is 127.0.0.1
        with httpx.Client(base_url=live.url, timeout=60, headers={FORWARDED: "10.0.0.1"}) as a:
            answers.append(a.get("/sparql", params={"query": text}))

    flood = [
        threading.Thread(target=client_a, args=(SLOW.format(n=next(TEXTS)),))
        for _ in range(3 * pool.size)
    ]
    for thread in flood:
        thread.start()
    deadline = time.monotonic() + 30
    while pool.busy() < pool.size:
        assert time.monotonic() < deadline, "the flood never occupied every worker"
        time.sleep(0.01)
    time.sleep(0.5)  # the rest of the flood is queued by now
    with httpx.Client(base_url=live.url, timeout=60, headers={FORWARDED: "10.0.0.2"}) as b:
        started = time.monotonic()
        response = cheap(b)
        waited = time.monotonic() - started
    for thread in flood:
        thread.join(TIMEOUT + 30)
    assert response.status_code == 200, response.text
    assert waited < TIMEOUT - 3, f"B waited {waited:.1f}s behind the flood"
    assert [a.status_code for a in answers] == [503] * len(flood)


def test_a_caller_waits_for_a_worker_at_most_queue_wait():
    async def body() -> float:
        pool = WorkerPool(1)
        try:
            await pool.call(30, int, "1")  # the worker is up (booting may take seconds)
            pool.queue_wait = 0.5
            sleeper = asyncio.ensure_future(pool.call(30, time.sleep, 30))
            await asyncio.sleep(0.2)
            started = time.monotonic()
            with pytest.raises(Busy, match="stayed busy"):
                await pool.call(30, int, "2")
            waited = time.monotonic() - started
            sleeper.cancel()
            return waited
        finally:
            pool.close()

    assert asyncio.run(body()) < 5  # not the 30 s time limit
