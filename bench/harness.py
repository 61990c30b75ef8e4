"""The benchmarks' measuring kit: the peers' servers on loopback, one HTTP GET, timings and
their percentiles, cold query texts, bounded throughput, and the sizes in statements.

Kept apart from bench/run.py (the store-at-scale benchmark, which uses all of it) so that the
engine, page, remote-path and fixed-cost benchmarks start servers, send requests and time
them with the same code.
"""

import http.client
import itertools
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
QUERIES = sorted((ROOT / "bench" / "queries").glob("*.rq"))
SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
# Statements per agreement at scale (entities restated by each source, plus the union).
QUADS_PER_AGREEMENT, BASE_QUADS = 85, 3_000
JSON_RESULTS = "application/sparql-results+json"
FRESH = {"Cache-Control": "no-cache"}
COLD_RUNS = itertools.count()  # one numbering for the whole run: no cold text is sent twice
PATHS = {"k=1": {"from": "SG", "to": "MN", "k": 1}, "k=5": {"from": "SG", "to": "MN", "k": 5}}


def agreements_for(target: int) -> int:
    return max(20, round((target - BASE_QUADS) / QUADS_PER_AGREEMENT))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A child process serving SPARQL on loopback, stopped by stop()."""

    name: str
    port: int
    path: str  # the query endpoint's path
    process: subprocess.Popen
    ready_seconds: float = 0.0

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start(name: str, argv: list[str], port: int, path: str, log: Path, limit: float) -> Server:
    """Start argv and wait (at most limit seconds) until ASK answers; ready_seconds = that wait."""
    started = time.perf_counter()
    with log.open("wb") as out:
        process = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    server = Server(name, port, path, process)
    while time.perf_counter() - started < limit:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited: see {log}")
        try:
            status, _ = get(port, path, {"query": "ASK { ?s ?p ?o }"}, timeout=5)
            if status == 200:
                server.ready_seconds = time.perf_counter() - started
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.stop()
    raise TimeoutError(f"{name} not ready after {limit:.0f} s")


def get(
    port: int,
    path: str,
    params: dict,
    timeout: float = 60,
    conn: http.client.HTTPConnection | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, bytes]:
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(
            "GET",
            f"{path}?{urlencode(params)}",
            headers={"Accept": JSON_RESULTS, **(headers or {})},
        )
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        if own:
            conn.close()


def rows_of(body: bytes) -> int:
    data = json.loads(body)
    return len(data["results"]["bindings"]) if "results" in data else 1


@dataclass
class Timing:
    times: list[float] = field(default_factory=list)
    rows: int | None = None
    error: str | None = None

    def p(self, q: float) -> float | None:
        if not self.times:
            return None
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def measure(call: Callable[[], int], repeat: int, budget: float) -> Timing:
    """Run call() repeat times (after one warm-up), stopping early past budget seconds."""
    timing = Timing()
    try:
        timing.rows = call()
        deadline = time.perf_counter() + budget
        for _ in range(repeat):
            t0 = time.perf_counter()
            timing.rows = call()
            timing.times.append(time.perf_counter() - t0)
            if time.perf_counter() > deadline:
                break
    except Exception as exc:  # a peer timing out or failing is a result, not a crash
        timing.error = f"{type(exc).__name__}: {str(exc)[:80]}"
    return timing


def http_query(server: Server, texts: Callable[[], str], timeout: float) -> Callable[[], int]:
    """One request per call, each with the next text (the same text: repeated; new: cold)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)

    def call() -> int:
        status, body = get(server.port, server.path, {"query": texts()}, conn=conn)
        if status != 200:
            raise RuntimeError(f"HTTP {status}: {body[:80]!r}")
        return rows_of(body)

    return call


LABEL_LITERAL = '"Government of Singapore"@en'


def cold_texts(name: str, text: str, labels: list[str]) -> Callable[[], str]:
    """A new query text per call, so no answer cache can serve it: the label lookup asks for
    the next real label; any other query gets a numbered comment (same work, new text)."""
    counter = COLD_RUNS

    def label_lookup() -> str:
        n = next(counter)  # numbered too: a store may have fewer labels than lookups
        return f"# cold run {n}\n" + text.replace(LABEL_LITERAL, labels[n % len(labels)])

    if name == "label" and LABEL_LITERAL in text:
        return label_lookup
    return lambda: f"# cold run {next(counter)}\n{text}"


def distinct_labels(store: ox.Store, limit: int = 20_000) -> list[str]:
    """English labels of the store as SPARQL literals, for cold label lookups."""
    query = (
        "SELECT DISTINCT ?l WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l "
        f'FILTER(lang(?l) = "en") }} LIMIT {limit}'
    )
    return [json.dumps(row["l"].value) + "@en" for row in store.query(query)]


def raw_query(store: ox.Store, texts: Callable[[], str]) -> Callable[[], int]:
    def call() -> int:
        result = store.query(texts())
        body = result.serialize(format=ox.QueryResultsFormat.JSON)
        return rows_of(body)

    return call


def throughput(
    server: Server, texts: Callable[[], str], clients: int, seconds: float, cap: int
) -> float:
    """Queries/second with `clients` keep-alive connections, for at most seconds or cap requests."""
    done = [0] * clients
    deadline = time.perf_counter() + seconds

    def worker(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        try:
            while time.perf_counter() < deadline and done[i] < cap // clients:
                status, _ = get(server.port, server.path, {"query": texts()}, conn=conn)
                if status == 200:
                    done[i] += 1
        except OSError:  # a peer too slow for the request timeout: its count so far stands
            pass
        finally:
            conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / (time.perf_counter() - started)


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
