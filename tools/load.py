"""A bounded loopback load test: N clients for S seconds of mixed SPARQL and path queries.

    python tools/load.py                         # starts `govties serve` on a free port
    python tools/load.py --url http://127.0.0.1:8000 --clients 16 --seconds 60

Each client sends one request at a time, drawn from a fixed mix (the example
queries in api/examples/ and path, neighbour and tie queries between the
seed entities), and records its latency and status. Anything but a 200 is an
error. Prints requests, errors, throughput and latency percentiles overall
and per kind; --json writes the same figures to a file. Exits 1 on any error.
Only 127.0.0.1 is allowed: this is a load test of the local build, not a tool
to point at other people's servers.
"""

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import httpx

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "api" / "examples"
PATHS = [
    ("/paths", {"from": "Mongolia", "to": "GDS", "k": "3"}),
    ("/paths", {"from": "MN", "to": "GB", "k": "2"}),
    ("/paths", {"from": "NUS IPUR", "to": "GovTech", "k": "1"}),
    ("/neighbours", {"of": "GovTech", "depth": "2"}),
    ("/ties", {"country": "SG"}),
]
SPARQL = [
    "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a gt:Agreement }",
    "SELECT ?a ?label WHERE { ?a a gt:Agreement ; rdfs:label ?label } ORDER BY ?a",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    "ASK { ?a gt:party ?x ; gt:signedOn ?d }",
    "CONSTRUCT { ?a ?p ?o } WHERE { ?a a gt:Agreement ; ?p ?o }",
]


@dataclass
class Figures:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    samples: list[str] = field(default_factory=list)  # the first few error descriptions


def requests() -> list[tuple[str, str, dict[str, str]]]:
    """(kind, path, params) of every request in the mix."""
    queries = [*SPARQL, *(p.read_text(encoding="utf-8") for p in sorted(QUERIES.glob("*.rq")))]
    mix = [("sparql", "/sparql", {"query": q}) for q in queries]
    mix += [(path.strip("/"), path, params) for path, params in PATHS]
    return mix


async def client(
    base: str, mix: list, deadline: float, figures: Figures, rng: random.Random
) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        while time.monotonic() < deadline:
            kind, path, params = rng.choice(mix)
            started = time.perf_counter()
            try:
                response = await http.get(path, params=params)
                ok = response.status_code == 200
                problem = f"{response.status_code} {response.text[:200]}"
            except httpx.HTTPError as exc:
                ok, problem = False, f"{type(exc).__name__}: {exc}"
            figures.latencies[kind].append(time.perf_counter() - started)
            if not ok:
                figures.errors[kind] += 1
                if len(figures.samples) < 5:
                    figures.samples.append(f"{kind} {path} {params}: {problem}")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(figures: Figures, clients: int, seconds: float) -> dict:
    everything = [t for ts in figures.latencies.values() for t in ts]

    def stats(values: list[float]) -> dict:
        return {
            "requests": len(values),
            "p50_ms": round(1000 * statistics.median(values), 1) if values else None,
            "p99_ms": round(1000 * percentile(values, 0.99), 1) if values else None,
            "max_ms": round(1000 * max(values), 1) if values else None,
        }

    return {
        "clients": clients,
        "seconds": round(seconds, 1),
        "errors": sum(figures.errors.values()),
        "throughput_rps": round(len(everything) / seconds, 1),
        **stats(everything),
        "by_kind": {
            kind: {**stats(values), "errors": figures.errors.get(kind, 0)}
            for kind, values in sorted(figures.latencies.items())
        },
        "error_samples": figures.samples,
        "cpus": os.cpu_count(),
    }


def run_load(base: str, clients: int = 16, seconds: float = 60.0, seed: int = 0) -> dict:
    """Drive the server at base for `seconds` with `clients` concurrent clients."""
    if urlparse(base).hostname not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit(f"refusing to load {base}: loopback addresses only")
    figures = Figures()
    mix = requests()

    async def main() -> float:
        started = time.monotonic()
        deadline = started + seconds
        await asyncio.gather(
            *(client(base, mix, deadline, figures, random.Random(seed + i)) for i in range(clients))
        )
        return time.monotonic() - started

    elapsed = asyncio.run(main())
    return summary(figures, clients, elapsed)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Served:
    """A running `govties serve`: where it listens, its process, and its log if kept."""

    url: str
    port: int
    pid: int
    log: Path | None = None

    def log_since(self, offset: int) -> str:
        return self.log.read_bytes()[offset:].decode(errors="replace") if self.log else ""


@contextmanager
def served(
    store: Path,
    *args: str,
    log: Path | None = None,
    preexec_fn: Callable[[], None] | None = None,
) -> Iterator[Served]:
    """`govties serve --store STORE ARGS...` on a free loopback port until the block ends
    (stopped with SIGINT); its output goes to log (else stderr is kept for the error)."""
    port = _free_port()
    govties = Path(sys.executable).with_name("govties")
    command = [str(govties), "serve", "--store", str(store), "--port", str(port), *args]
    sink = log.open("wb") if log else None
    proc = subprocess.Popen(
        command,
        stdout=sink or subprocess.DEVNULL,
        stderr=sink or subprocess.PIPE,
        preexec_fn=preexec_fn,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                said = log.read_text() if log else proc.stderr.read().decode()
                raise SystemExit(f"govties serve exited: {said}")
            try:
                if httpx.get(f"{base}/sparql", params={"query": "ASK {}"}).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("govties serve did not become ready within 90 s")
            time.sleep(0.1)
        yield Served(base, port, proc.pid, log)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if sink:
            sink.close()


def report(result: dict) -> str:
    lines = [
        f"{result['clients']} clients, {result['seconds']} s on {result['cpus']} CPUs: "
        f"{result['requests']} requests, {result['errors']} errors, "
        f"{result['throughput_rps']} req/s, p50 {result['p50_ms']} ms, "
        f"p99 {result['p99_ms']} ms, max {result['max_ms']} ms",
    ]
    for kind, row in result["by_kind"].items():
        lines.append(
            f"  {kind:11s} {row['requests']:7d} requests {row['errors']:4d} errors  "
            f"p50 {row['p50_ms']} ms  p99 {row['p99_ms']} ms  max {row['max_ms']} ms"
        )
    lines += [f"  error: {sample}" for sample in result["error_samples"]]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="a running server (default: start govties serve)")
    parser.add_argument("--store", type=Path, default=ROOT / ".govties" / "store")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    if args.url:
        result = run_load(args.url, args.clients, args.seconds)
    else:
        with served(args.store) as server:
            result = run_load(server.url, args.clients, args.seconds)
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    sys.exit(1 if result["errors"] else 0)


if __name__ == "__main__":
    main()
