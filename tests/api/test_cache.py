"""Answers kept per store version (api.cache): hits, ETags and 304, and never an old answer."""

import asyncio
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.cache import AnswerCache, CacheMiddleware
from api.settings import Settings
from graph.build.pipeline import build
from tests.sparql_server import Live, running
from tests.support import AUTH, COUNT, TOKEN, copy_store, grown

PREFIX = "PREFIX gt: <https://w3id.org/govties/ontology#>\n"
NOTE = "written by the cache test"


def insert_agreement(n: int) -> str:
    return (
        PREFIX + "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        f"INSERT DATA {{ GRAPH <https://w3id.org/govties/id/source/cache-test> {{"
        f" <https://w3id.org/govties/id/agreement/cache-test-{n}> a gt:Agreement ;"
        f' rdfs:label "cache test {n}" }} }}'
    )


def serving(built_store: Path, where: Path) -> Iterator[Live]:
    store = copy_store(built_store, where / "store")
    with running(Settings(store=store, update_token=TOKEN, query_timeout=20)) as server:
        yield server


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, built_store: Path) -> Iterator[Live]:
    """One server for the tests that only read (each compares hit counts before and after)."""
    yield from serving(built_store, tmp_path_factory.mktemp("cache"))


@pytest.fixture
def writable(tmp_path: Path, built_store: Path) -> Iterator[Live]:
    """A server of its own for a test that writes."""
    yield from serving(built_store, tmp_path)


def count(http: httpx.Client, url: str, **headers: str) -> httpx.Response:
    return http.get(url, params={"query": PREFIX + COUNT}, headers=headers)


def agreements(answer: httpx.Response) -> int:
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


def hits(live: Live) -> int:
    return live.app.state.cache.hits


def update(http: httpx.Client, live: Live, text: str) -> None:
    answer = http.post(
        live.sparql, content=text, headers={**AUTH, "Content-Type": "application/sparql-update"}
    )
    assert answer.status_code == 204, answer.text


def test_get_form_and_body_share_one_answer_and_etag(live: Live) -> None:
    query = PREFIX + COUNT
    with httpx.Client(timeout=30) as http:
        first = http.get(live.sparql, params={"query": f"  {query}\n"})
        before = hits(live)
        form = http.post(live.sparql, data={"query": query})
        body = http.post(
            live.sparql, content=query, headers={"Content-Type": "application/sparql-query"}
        )
    assert hits(live) == before + 2
    assert first.content == form.content == body.content
    assert first.headers["etag"] == form.headers["etag"] == body.headers["etag"]
    assert first.headers["cache-control"] == "no-cache"
    assert body.headers["content-type"].startswith("application/sparql-results+json")


def test_a_request_saying_no_cache_is_computed_afresh(live: Live) -> None:
    with httpx.Client(timeout=30) as http:
        first = http.get(f"{live.url}/ties", params={"country": "SG"})
        before = hits(live)
        again = http.get(
            f"{live.url}/ties",
            params={"country": "SG"},
            headers={"cache-control": "no-cache", "if-none-match": first.headers["etag"]},
        )
        assert again.status_code == 200 and again.json() == first.json()
        assert hits(live) == before
        http.get(f"{live.url}/ties", params={"country": "SG"})
        assert hits(live) == before + 1


def test_the_format_asked_for_is_part_of_the_key(live: Live) -> None:
    with httpx.Client(timeout=30) as http:
        as_json = count(http, live.sparql, accept="application/sparql-results+json")
        as_csv = count(http, live.sparql, accept="text/csv")
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert as_json.headers["etag"] != as_csv.headers["etag"]
    assert as_csv.text.splitlines()[0] == "n"


def test_if_none_match_is_304_until_the_version_moves(writable: Live) -> None:
    with httpx.Client(timeout=30) as http:
        first = count(http, writable.sparql)
        etag = first.headers["etag"]
        again = count(http, writable.sparql, **{"if-none-match": etag})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == etag
        page = http.get(f"{writable.url}/id/org/gds.ttl")
        assert NOTE not in page.text
        update(http, writable, insert_agreement(1))
        update(
            http,
            writable,
            "INSERT DATA { GRAPH <https://w3id.org/govties/id/source/cache-test> {"
            " <https://w3id.org/govties/id/org/gds>"
            f' <http://www.w3.org/2004/02/skos/core#note> "{NOTE}" }} }}',
        )
        after = count(http, writable.sparql, **{"if-none-match": etag})
        assert after.status_code == 200
        assert agreements(after) == agreements(first) + 1
        assert after.headers["etag"] != etag
        page_after = http.get(
            f"{writable.url}/id/org/gds.ttl", headers={"if-none-match": page.headers["etag"]}
        )
        assert page_after.status_code == 200 and NOTE in page_after.text


def test_volatile_errors_and_large_answers_are_not_kept(tmp_path: Path, built_store: Path) -> None:
    store = copy_store(built_store, tmp_path / "store")
    with (
        running(Settings(store=store, cache_entry_bytes=2_000)) as live,
        httpx.Client(timeout=30) as http,
    ):
        for query in (
            "SELECT (NOW () AS ?t) WHERE {}",
            "SELECT (n\\u006Fw() AS ?t) WHERE {}",
            "SELECT (STRUUID() AS ?t) WHERE {}",
            "SELECT ?x WHERE { ?x",  # a syntax error
            "SELECT * WHERE { ?s ?p ?o } LIMIT 200",  # over 2,000 bytes
        ):
            before = hits(live)
            answers = [http.get(live.sparql, params={"query": query}) for _ in range(2)]
            assert hits(live) == before, query
            assert answers[0].status_code == answers[1].status_code
        uuids = [
            http.get(live.sparql, params={"query": "SELECT (UUID() AS ?u) WHERE {}"}).text
            for _ in range(2)
        ]
        assert uuids[0] != uuids[1]


def test_no_client_ever_gets_an_older_answer_across_updates_and_a_rebuild(
    writable: Live, data_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Clients query without pause; after each write returns, every later request sees it."""
    more = grown(tmp_path_factory, data_dir, 20)
    seen: list[tuple[float, float, int]] = []  # (sent, answered, agreements)
    stop = threading.Event()

    def client() -> None:
        with httpx.Client(timeout=30) as http:
            while not stop.is_set():
                sent = time.monotonic()
                answer = count(http, writable.sparql)
                assert answer.status_code == 200, answer.text
                seen.append((sent, time.monotonic(), agreements(answer)))

    threads = [threading.Thread(target=client) for _ in range(3)]
    for thread in threads:
        thread.start()
    writes: list[tuple[float, int]] = []  # (write returned, agreements from then on)
    try:
        with httpx.Client(timeout=30) as http:
            base = agreements(count(http, writable.sparql))
            for n, made in ((1, base + 1), (2, base + 2), (0, base + 20), (3, base + 21)):
                if n:
                    update(http, writable, insert_agreement(n))
                else:  # a rebuild from records with 20 more agreements
                    build(more, writable.app.state.settings.store)
                writes.append((time.monotonic(), made))
                time.sleep(0.3)
    finally:
        stop.set()
        for thread in threads:
            thread.join(30)
    assert len(seen) > 50 and hits(writable) > 20
    for i, (done, _) in enumerate(writes):
        allowed = {made for _, made in writes[i:]}  # this write's result or a later one

        later = {n for sent, _, n in seen if sent > done}
        assert later and later <= allowed, (i, later, allowed)


def test_identical_requests_arriving_together_are_computed_once(tmp_path: Path) -> None:
    """The second of two identical requests waits for the first's answer (api.cache)."""
    calls: list[str] = []

    async def slow_app(scope, receive, send) -> None:
        calls.append(scope["query_string"].decode())
        await asyncio.sleep(0.2)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"the answer"})

    store = tmp_path / "store"
    (tmp_path / "v1").mkdir()
    store.symlink_to(tmp_path / "v1")
    middleware = CacheMiddleware(slow_app, AnswerCache(10_000, 1_000), store)

    async def ask(query: str) -> bytes:
        sent: list[dict] = []

        async def receive() -> dict:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict) -> None:
            sent.append(message)

        scope = {"type": "http", "method": "GET", "path": "/ties", "headers": [],
                 "query_string": query.encode()}  # fmt: skip
        await middleware(scope, receive, send)
        return b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")

    async def together() -> list[bytes]:
        return await asyncio.gather(ask("country=SG"), ask("country=SG"), ask("country=GB"))

    answers = asyncio.run(together())
    assert answers == [b"the answer"] * 3
    assert sorted(calls) == ["country=GB", "country=SG"]  # SG computed once for two clients
