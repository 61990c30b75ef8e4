"""Entity pages at the shipped size and at 100k statements: `make bench-pages`.

For each store it serves `govties serve` on loopback and measures, over HTTP,
median and p95 latency of the HTML page of entities of every kind (distinct
entities, each fetched once per round, so no answer is a repeat of the one
before it), of the same entity's RDF description (`/id/...` as Turtle) and, as
the peer in the same run, of the SPARQL CONSTRUCT that gives that description
(graph.describe.statements) on the same server. The page does more (labels,
inverse links, sources, the ego graph, a timeline), so the ratio page / CONSTRUCT
says what the reading costs over the bare data. Writes bench/PAGES.md.
"""

import argparse
import http.client
import os
import sys
import time
from pathlib import Path
from statistics import median
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from harness import BIN, agreements_for, free_port, log, start  # noqa: E402
from report import machine  # noqa: E402

from graph.build import synth  # noqa: E402
from graph.build.pipeline import build  # noqa: E402
from graph.store.versions import open_store  # noqa: E402
from ontology import ID_BASE  # noqa: E402

KINDS = ("org", "agreement", "country", "person", "source")
TARGET_MS = 100.0


def sample(store_path: Path, per_kind: int) -> list[str]:
    """Entities of every kind, the same ones for every run of one store."""
    store = open_store(store_path)[0]
    picked: list[str] = []
    for kind in KINDS:
        prefix = f"{ID_BASE}{kind}/"
        query = f"""SELECT DISTINCT ?e WHERE {{ ?e a ?c
          FILTER(STRSTARTS(STR(?e), "{prefix}") && !CONTAINS(STR(?e), "#")) }}
          ORDER BY ?e LIMIT {per_kind}"""
        picked += [row["e"].value for row in store.query(query, use_default_graph_as_union=True)]
    del store
    return picked


def timed(conn: http.client.HTTPConnection, path: str, accept: str) -> float:
    started = time.perf_counter()
    conn.request("GET", path, headers={"Accept": accept})
    response = conn.getresponse()
    response.read()
    if response.status != 200:
        raise RuntimeError(f"{path}: HTTP {response.status}")
    return (time.perf_counter() - started) * 1000


def construct_path(iri: str) -> str:
    query = (f'CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER(?s = <{iri}> '
             f'|| STRSTARTS(STR(?s), "{iri}#")) }}')  # fmt: skip
    return "/sparql?" + urlencode({"query": query})


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def run_store(label: str, store: Path, args: argparse.Namespace, work: Path) -> dict:
    entities = sample(store, args.per_kind)
    port = free_port()
    argv = [str(BIN / "govties"), "serve", "--store", str(store), "--port", str(port)]
    server = start("govties", argv, port, "/sparql", work / f"serve-{label}.log", 120)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    times: dict[str, list[float]] = {"page": [], "turtle": [], "construct": []}
    try:
        for iri in entities:  # warm-up: the projection and search index are built once
            timed(conn, iri.replace(ID_BASE, "/id/"), "text/html")
        for _ in range(args.rounds):
            for iri in entities:
                local = iri.replace(ID_BASE, "/id/")
                times["page"].append(timed(conn, local, "text/html"))
                times["turtle"].append(timed(conn, local, "text/turtle"))
                times["construct"].append(timed(conn, construct_path(iri), "text/turtle"))
    finally:
        conn.close()
        server.stop()
    quads = len(open_store(store)[0])
    return {"label": label, "quads": quads, "entities": len(entities),
            **{k: (median(v), p95(v)) for k, v in times.items()}}  # fmt: skip


def report(results: list[dict], load_start: float) -> str:
    lines = [
        "# Entity pages: render time",
        "",
        "Written by `make bench-pages` (bench/pages.py). Latency over HTTP on loopback, one",
        "client, ms; each entity fetched once per round. Peer: the SPARQL CONSTRUCT giving",
        "the same description, on the same server in the same run.",
        "",
        "| store | quads | entities | HTML page p50 / p95 | Turtle p50 / p95 "
        "| CONSTRUCT p50 / p95 | page / CONSTRUCT | target p50 < 100 ms |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        page, ttl, sparql = r["page"], r["turtle"], r["construct"]
        met = "met" if page[0] < TARGET_MS else "NOT met"
        lines.append(
            f"| {r['label']} | {r['quads']} | {r['entities']} | {page[0]:.1f} / {page[1]:.1f} "
            f"| {ttl[0]:.1f} / {ttl[1]:.1f} | {sparql[0]:.1f} / {sparql[1]:.1f} "
            f"| {page[0] / sparql[0]:.2f}x | {met} |"
        )
    about = [line.replace("{start}", f"{load_start:.2f}") for line in machine()]
    return "\n".join([*lines, "", "## Machine", "", *about, ""])


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--per-kind", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--synthetic", type=int, default=100_000, help="statements; 0 skips")
    parser.add_argument("--workdir", type=Path, default=ROOT / ".bench-pages")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "PAGES.md")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    load_start = os.getloadavg()[0]
    results = []
    shipped = args.workdir / "shipped" / "store"
    build(ROOT / "data", shipped)
    log("shipped data built; measuring pages")
    results.append(run_store("shipped data", shipped, args, args.workdir))
    if args.synthetic:
        data = args.workdir / "synthetic"
        synth.write(data, agreements_for(args.synthetic))
        store = args.workdir / "synthetic-store" / "store"
        build(data, store)
        log(f"synthetic store of ~{args.synthetic} statements built; measuring pages")
        results.append(run_store(f"synthetic {args.synthetic // 1000}k", store, args, args.workdir))
    text = report(results, load_start)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main(sys.argv[1:])
