"""Memory and starvation attacks on the query workers, with figures: docs/RELIABILITY.md.

`python tools/attack_workers.py --store PATH` serves the store in this process
(uvicorn on a free loopback port, the real worker pool), then for each attack
sends it from client A while client B sends a cheap query every 0.2 s, and
prints: A's status, message and time; the peak RSS of any query worker
(sampled every 5 ms from /proc); and B's answers (statuses, slowest wait).
Loopback only, a bounded number of requests.
"""

import argparse
import sys
import threading
import time
from collections import Counter
from itertools import count
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.settings import Settings
from graph.sparql.workers import WorkerPool
from tests.sparql_server import running

NESTED_OPTIONALS = (
    "SELECT * WHERE { ?s0 ?p0 ?o0 "
    + "".join(f"OPTIONAL {{ ?s{i} ?p{i} ?o{i} " for i in range(1, 61))
    + "}" * 60
    + " }"
)
SORTED_PRODUCT = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }} # {n}"
CHEAP = 'ASK {{ ?s ?p "b{n}" }}'  # a new text each time: never an answer cached by api.cache
TEXTS = count()
# Two client addresses: uvicorn takes X-Forwarded-For from a 127.0.0.1 peer.
A, B = {"X-Forwarded-For": "10.0.0.1"}, {"X-Forwarded-For": "10.0.0.2"}


def attack(url: str, pool: WorkerPool, queries: list[str], seconds: float) -> None:
    """Client A sends queries at once; B queries meanwhile; report both and peak RSS."""
    done = threading.Event()
    peak = [0.0]
    seen: list[tuple[int, float]] = []

    def sample() -> None:
        while not done.is_set():
            peak[0] = max([peak[0], *(b / 1e6 for b in pool.memory_used())])
            time.sleep(0.005)

    def client_a(text: str, out: list) -> None:
        started = time.monotonic()
        r = httpx.get(f"{url}/sparql", params={"query": text}, headers=A, timeout=60)
        out.append((r.status_code, time.monotonic() - started, r.text[:160]))

    def client_b() -> None:
        while not done.is_set():
            started = time.monotonic()
            query = CHEAP.format(n=next(TEXTS))
            r = httpx.get(f"{url}/sparql", params={"query": query}, headers=B, timeout=60)
            seen.append((r.status_code, time.monotonic() - started))
            time.sleep(0.2)

    results: list = []
    threads = [threading.Thread(target=client_a, args=(q, results)) for q in queries]
    helpers = [threading.Thread(target=sample), threading.Thread(target=client_b)]
    for t in helpers + threads:
        t.start()
    for t in threads:
        t.join(seconds + 30)
    done.set()
    for t in helpers:
        t.join(60)
    for status, took, text in results:
        print(f"  A: {status} in {took:.2f}s: {text}")
    print(f"  peak worker RSS (anonymous): {peak[0]:.0f} MB")
    statuses = Counter(s for s, _ in seen)
    print(f"  B: {dict(statuses)}, slowest {max(t for _, t in seen):.2f}s, {len(seen)} queries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--memory-mb", type=int, default=Settings.query_memory // 1_000_000)
    args = parser.parse_args()
    settings = Settings(
        store=args.store, query_timeout=args.timeout, query_memory=args.memory_mb * 1_000_000
    )
    with running(settings) as live:
        pool = live.app.state.pool
        for name, queries in [
            ("60 nested OPTIONALs", [NESTED_OPTIONALS]),
            ("ORDER BY over a cross product", [SORTED_PRODUCT]),
            (
                f"{pool.size} slow queries from one client",
                [SLOW.format(n=next(TEXTS)) for _ in range(pool.size)],
            ),
            (
                f"a flood: {3 * pool.size} slow queries at once",
                [SLOW.format(n=next(TEXTS)) for _ in range(3 * pool.size)],
            ),
        ]:
            print(f"{name} ({len(pool.pids())} workers, {args.timeout:g}s limit):")
            attack(live.url, pool, queries, args.timeout)


if __name__ == "__main__":
    main()
