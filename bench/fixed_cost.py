"""Where a label lookup's time goes over HTTP, layer by layer, in one run: `make bench-fixed`.

Four servers answer the same label lookups on the same store, one layer added at a time:

1. raw: a bare ASGI app on uvicorn that runs the query in its own process (no
   worker, no time limit: a runaway query would pin it);
2. hop: the same, but the query runs in a govties query worker (graph.sparql.workers),
   which is what makes the time limit real (a worker can be killed);
3. govties: `govties serve` (FastAPI, negotiation, guard, caps, answer cache);
4. oxigraph: the Oxigraph server (`oxigraph serve-read-only`), the peer.

Cold lookups ask for the next label, each text numbered so none repeats; repeated
ones for the same label (govties answers those from its cache). The differences
between rows are the cost of each layer.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402
from harness import BIN, distinct_labels, free_port, get, start  # noqa: E402

LABEL = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "SELECT ?entity WHERE {{ ?entity rdfs:label {} }}"
)


def _layer(kind: str, store: str, port: int) -> None:
    """Run as a child: serve the raw or hop layer on port until killed."""
    import uvicorn

    from graph.sparql import service
    from graph.sparql.formats import BY_FORM
    from graph.sparql.workers import WorkerPool

    choice = {form: offers[0].media_type for form, offers in BY_FORM.items()}
    pool = WorkerPool(2, preload=["graph.sparql.service"])
    handle = ox.Store.read_only(store)

    async def app(scope: dict, receive, send) -> None:  # noqa: ANN001
        if scope["type"] == "lifespan":
            while (await receive())["type"] == "lifespan.startup":
                pool.start()
                await send({"type": "lifespan.startup.complete"})
            return await send({"type": "lifespan.shutdown.complete"})
        query = parse_qs(scope["query_string"].decode())["query"][0]
        if kind == "raw":
            body = handle.query(query).serialize(format=ox.QueryResultsFormat.JSON)
        else:
            answer = await pool.call(10, service.answer_query, store, query, [], [], choice, 1000)
            body = answer.body
        headers = [(b"content-type", b"application/sparql-results+json")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


def p50(port: int, path: str, texts: list[str]) -> float:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    times = []
    for text in texts:
        started = time.perf_counter()
        status, _ = get(port, path, {"query": text}, conn=conn)
        times.append(time.perf_counter() - started)
        assert status == 200, status
    return statistics.median(times) * 1000


def main(argv: list[str]) -> None:
    if argv[:1] == ["_layer"]:
        _layer(argv[1], argv[2], int(argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=ROOT / ".govties" / "store")
    parser.add_argument("--lookups", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "FIXED_COST.md")
    args = parser.parse_args(argv)
    version = str(args.store.resolve())
    work = Path(f"/tmp/govties-fixed-cost-{os.getpid()}")
    work.mkdir(parents=True, exist_ok=True)
    store = ox.Store.read_only(version)
    labels = distinct_labels(store)
    store.dump(str(work / "all.nq"), format=ox.RdfFormat.N_QUADS)
    del store
    subprocess.run([str(BIN / "oxigraph"), "load", "--location", str(work / "ox"),
                    "--file", str(work / "all.nq")], check=True, capture_output=True)  # fmt: skip
    me = [sys.executable, __file__, "_layer"]
    plan = {
        "raw": ([*me, "raw", version], "/sparql"),
        "hop": ([*me, "hop", version], "/sparql"),
        "govties": ([str(BIN / "govties"), "serve", "--store", str(args.store)], "/sparql"),
        "oxigraph": ([str(BIN / "oxigraph"), "serve-read-only", "--location", str(work / "ox")],
                     "/query"),
    }  # fmt: skip
    servers = []
    try:
        for name, (argv_, path) in plan.items():
            port = free_port()
            where = ["--bind", f"127.0.0.1:{port}"] if name == "oxigraph" else ["--port", str(port)]
            if name in ("raw", "hop"):
                where = [str(port)]
            servers.append(start(name, argv_ + where, port, path, work / f"{name}.log", 120))
        cold: dict[str, list[float]] = {s.name: [] for s in servers}
        repeated: dict[str, list[float]] = {s.name: [] for s in servers}
        for round_ in range(args.rounds):  # interleaved, so load changes hit every row alike
            for server in servers:
                texts = [  # numbered: the store may have fewer labels than lookups
                    f"# {round_}.{i}\n" + LABEL.format(labels[i % len(labels)])
                    for i in range(args.lookups)
                ]
                cold[server.name].append(p50(server.port, server.path, texts))
                same = [LABEL.format(labels[0])] * args.lookups
                repeated[server.name].append(p50(server.port, server.path, same))
    finally:
        for server in servers:
            server.stop()
    lines = [
        "# Fixed cost of a label lookup, layer by layer",
        "",
        f"`python bench/fixed_cost.py --store {args.store}` ({args.lookups} lookups x "
        f"{args.rounds} rounds, interleaved; median of the round medians, ms; load average "
        f"{os.getloadavg()[0]:.2f}). See the module docstring for what each layer adds.",
        "",
        "| layer | cold p50 | repeated p50 | cold / oxigraph |",
        "|---|---|---|---|",
    ]
    peer = statistics.median(cold["oxigraph"])
    for name in plan:
        c, r = statistics.median(cold[name]), statistics.median(repeated[name])
        lines.append(f"| {name} | {c:.3f} | {r:.3f} | {c / peer:.2f}x |")
    text = "\n".join(lines) + "\n"
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main(sys.argv[1:])
