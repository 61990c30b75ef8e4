"""govties at scale, against its peers, in one run: `make bench` (or python bench/run.py).

For each size (statements loaded: the N-Quads every system gets, i.e. the named
graphs plus the union materialised as default graph) it

1. writes synthetic records (graph.build.synth) and times `govties build` in a child
   process (wall time and the child's peak RSS);
2. dumps that store as N-Quads and loads the same file into the peers: the
   Oxigraph server (`oxigraph load` + `oxigraph serve-read-only`) and
   rdflib-endpoint (FastAPI + rdflib, in memory; skipped past --rdflib-max);
3. serves the store with `govties serve` and measures, over HTTP on loopback,
   median/p95 latency of the queries in bench/queries/*.rq on every system,
   queries/second with 1 and 8 concurrent clients (bounded in count and time),
   and /paths latency (k=1, k=5); raw in-process pyoxigraph is the floor;
4. writes bench/RESULTS.md: the figures, the ratios and the machine.

Every system answers the same query text (prefixes declared in the files); the
row counts are compared and any disagreement is printed in the report.
"""

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402
from harness import (  # noqa: E402
    BIN,
    FRESH,
    PATHS,
    QUERIES,
    SIZES,
    Server,
    agreements_for,
    cold_texts,
    distinct_labels,
    free_port,
    get,
    http_query,
    log,
    measure,
    raw_query,
    start,
    throughput,
)
from report import report  # noqa: E402

from graph.build import synth  # noqa: E402
from graph.network import path_index  # noqa: E402
from graph.network.projection import project  # noqa: E402
from graph.network.search import search_graph  # noqa: E402

MODES = ("cold", "repeated")  # distinct query texts / one text again and again


def child_build(data: Path, store: Path) -> None:
    """Run in a child process: build, then print seconds, peak RSS (its own, and its
    largest worker's) and counts as JSON."""
    from graph.build.pipeline import build

    started = time.perf_counter()
    report = build(data, store)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        json.dumps(
            {"seconds": seconds, "rss_mb": peak, "worker_rss_mb": worker, "quads": report.quads}
        )
    )


def _tree_rss_mb(pid: int) -> float:
    """Resident MB of a process and all its descendants (shared pages counted once per
    process, so an upper bound), 0 once it is gone."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
        rss = [int(line.split()[1]) for line in status.splitlines() if line[:6] == "VmRSS:"]
        total += sum(rss)  # none for a zombie
    return total / 1024


def build_only(args: argparse.Namespace, plan: list[tuple[str, int]]) -> None:
    """--build-only: time `govties build` (child process) --build-runs times per size, with
    the peak RSS summed over the build and its workers (sampled every 50 ms) and the load
    average around each run; prints one line per run, writes no report."""
    for label, agreements in plan:
        folder = args.workdir / label.replace(" ", "-")
        shutil.rmtree(folder, ignore_errors=True)
        synth.write(folder / "data", agreements, seed=args.seed)
        for run in range(args.build_runs):
            shutil.rmtree(folder / "store.versions", ignore_errors=True)
            (folder / "store").unlink(missing_ok=True)
            load = os.getloadavg()[0]
            argv = [sys.executable, __file__, "_build", str(folder / "data"), str(folder / "store")]
            child = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True, cwd=ROOT)
            peak = 0.0
            while child.poll() is None:
                peak = max(peak, _tree_rss_mb(child.pid))
                time.sleep(0.05)
            out, _ = child.communicate()
            got = json.loads(out.strip().splitlines()[-1])
            print(
                f"{label} run {run + 1}: {got['seconds']:.1f} s, peak RSS {got['rss_mb']:.0f} MB"
                f" (largest worker {got['worker_rss_mb']:.0f} MB; build + workers, sampled:"
                f" {peak:.0f} MB), {got['quads']:,} quads, load average {load:.2f} ->"
                f" {os.getloadavg()[0]:.2f}",
                flush=True,
            )


def run_size(label: str, agreements: int, args: argparse.Namespace, work: Path) -> dict:
    folder = work / label.replace(" ", "-")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    out: dict = {"label": label, "agreements": agreements, "notes": []}
    synth.write(folder / "data", agreements, seed=args.seed)
    log(f"[{label}] {agreements} agreements: building")
    child = subprocess.run(
        [sys.executable, __file__, "_build", str(folder / "data"), str(folder / "store")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    out["build"] = json.loads(child.stdout.strip().splitlines()[-1])
    store = ox.Store.read_only(str((folder / "store").resolve()))
    union = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    out["union"] = int(next(iter(union))["n"].value)
    out["quads"] = len(store)
    texts = {q.stem: q.read_text() for q in QUERIES if q.stem in args.queries.split(",")}
    labels = distinct_labels(store)
    log(f"[{label}] path index")
    version = (folder / "store").resolve()
    started = time.perf_counter()
    loaded = path_index.load(version)
    out["index_load"] = time.perf_counter() - started if loaded is not None else None
    del loaded
    started = time.perf_counter()
    search_graph(project(store))
    out["projection"] = time.perf_counter() - started
    servers: list[Server] = []

    def workload(name: str, mode: str) -> Callable[[], str]:
        text = texts[name]
        return cold_texts(name, text, labels) if mode == "cold" else lambda: text

    try:
        log(f"[{label}] raw pyoxigraph")
        out["latency"] = {
            "raw": {
                (n, "cold"): measure(
                    raw_query(store, workload(n, "cold")), args.repeat, args.budget
                )
                for n in texts
            }
        }
        port = free_port()
        argv = [
            str(BIN / "govties"),
            "serve",
            "--store",
            str(folder / "store"),
            "--port",
            str(port),
            "--query-timeout",
            str(args.timeout),
        ]
        servers.append(start("govties", argv, port, "/sparql", folder / "govties.log", 120))
        if not args.no_peers:
            nq = folder / "all.nq"
            store.dump(str(nq), format=ox.RdfFormat.N_QUADS)
            started = time.perf_counter()
            subprocess.run(
                [
                    str(BIN / "oxigraph"),
                    "load",
                    "--location",
                    str(folder / "ox"),
                    "--file",
                    str(nq),
                ],
                check=True,
                capture_output=True,
            )
            out["oxigraph_load"] = time.perf_counter() - started
            port = free_port()
            argv = [
                str(BIN / "oxigraph"),
                "serve-read-only",
                "--location",
                str(folder / "ox"),
                "--bind",
                f"127.0.0.1:{port}",
            ]
            servers.append(start("oxigraph", argv, port, "/query", folder / "ox.log", 120))
            if out["quads"] <= args.rdflib_max:
                port = free_port()
                argv = [
                    str(BIN / "rdflib-endpoint"),
                    "serve",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    str(nq),
                ]
                try:
                    servers.append(
                        start(
                            "rdflib-endpoint",
                            argv,
                            port,
                            "/",  # its SPARQL endpoint's path
                            folder / "rdflib.log",
                            args.rdflib_load_limit,
                        )
                    )
                    out["rdflib_load"] = servers[-1].ready_seconds
                except (TimeoutError, RuntimeError) as exc:
                    out["notes"].append(f"rdflib-endpoint skipped: {exc}")
            else:
                out["notes"].append(
                    f"rdflib-endpoint skipped at {out['quads']:,} statements (> --rdflib-max "
                    f"{args.rdflib_max:,}): it parses into memory for minutes"
                )
        # Throughput first: a peer still busy with a timed-out query (rdflib-endpoint cannot
        # cancel one) would otherwise be measured while it finishes it.
        out["qps"] = {}
        for server in servers:
            log(f"[{label}] throughput: {server.name}")
            out["qps"][server.name] = {
                (name, c, mode): throughput(
                    server, workload(name, mode), c, args.qps_seconds, args.qps_cap
                )
                for name in args.throughput_queries.split(",")
                for c in (1, 8)
                for mode in MODES
            }
        for server in servers:
            log(f"[{label}] latency: {server.name}")
            out["latency"][server.name] = {
                (n, mode): measure(
                    http_query(server, workload(n, mode), args.timeout), args.repeat, args.budget
                )
                for n in texts
                for mode in MODES
            }
        gov = servers[0]
        out["paths"] = {}
        for name, params in PATHS.items():
            started = time.perf_counter()
            status, body = get(gov.port, "/paths", params, timeout=300)
            cold = time.perf_counter() - started
            if status != 200:
                out["notes"].append(f"/paths {name}: HTTP {status} {body[:100]!r}")
                continue

            def call(params: dict = params) -> int:  # computed each time, not from the cache
                return get(gov.port, "/paths", params, timeout=60, headers=FRESH)[0]

            out["paths"][name] = (cold, measure(call, args.repeat, args.budget))
    finally:
        for server in servers:
            server.stop()
        del store
    return out


def main(argv: list[str]) -> None:
    if argv[:1] == ["_build"]:
        child_build(Path(argv[1]), Path(argv[2]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1M", help=f"comma list of {list(SIZES)}")
    parser.add_argument("--agreements", type=int, help="one custom size, in agreements")
    parser.add_argument("--no-peers", action="store_true", help="skip oxigraph/rdflib-endpoint")
    parser.add_argument("--rdflib-max", type=int, default=1_200_000, help="statements cap")
    parser.add_argument("--rdflib-load-limit", type=float, default=600, help="seconds")
    parser.add_argument("--repeat", type=int, default=30, help="timed runs per query")
    parser.add_argument("--budget", type=float, default=20, help="seconds per query and system")
    parser.add_argument("--timeout", type=float, default=60, help="seconds per request")
    parser.add_argument("--qps-seconds", type=float, default=5)
    parser.add_argument("--qps-cap", type=int, default=4000)
    parser.add_argument("--throughput-queries", default="label,country_since")
    parser.add_argument(
        "--queries", default=",".join(q.stem for q in QUERIES), help="latency: these of queries/"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=ROOT / ".bench")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--build-only", action="store_true", help="time the build, no report")
    parser.add_argument("--build-runs", type=int, default=3, help="builds per size (--build-only)")
    args = parser.parse_args(argv)
    args.argv = argv
    load_start = os.getloadavg()[0]
    if args.agreements:
        plan = [(f"{args.agreements} agreements", args.agreements)]
    else:
        plan = [(s, agreements_for(SIZES[s])) for s in args.sizes.split(",")]
    if args.build_only:
        build_only(args, plan)
        return
    results = [run_size(label, n, args, args.workdir) for label, n in plan]
    text = report(results, args, load_start)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main(sys.argv[1:])
