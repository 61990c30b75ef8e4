"""Path answers by SPARQL frontier queries against the in-process projection (issue 16).

`python bench/remote_paths.py` (--sizes 100k,1M). For each size it synthesises and
builds a store as bench/run.py does, loads the same records into an Oxigraph
server on loopback (`govties build --store URL --engine oxigraph`), then measures,
each mode in its own child process so that its peak RSS is its own:

- projection: the answers of graph.network.answers over the path index the build
  stored (what `govties serve` does over the embedded store);
- frontier, embedded: graph.network.remote over the embedded store's SPARQL;
- frontier, Oxigraph server: graph.network.remote over graph.backend.remote.RemoteStore,
  every query an HTTP request to the engine, sent as written with the live version's
  dataset (RemoteStore.own_rows, what `govties serve --store URL` does; the server's own
  peak RSS is reported beside the govties process's);
- frontier, Oxigraph server, scoped: the same through RemoteStore.query, each query
  rewritten for the version by graph.backend.scope as any client's query is (what the
  server did before own_rows);
- frontier, plain protocol: the same queries POSTed as they are (SPARQL 1.1 Protocol,
  JSON results) to `oxigraph serve-read-only` over the store's N-Quads, no version
  scoping: what the engine and HTTP cost without govties' remote layer.

The workload, the same in every mode: /paths k=5 max_hops=6 between pairs drawn
from the graph (Singapore - Mongolia first), /neighbours depth 2, /ties per country;
every call computes its answer (nothing is cached between calls). Writes
bench/REMOTE_PATHS.md.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import harness  # noqa: E402
import run  # noqa: E402
from remote_paths_report import MODES, SERVER_MODES, write_report  # noqa: E402

from graph.build import synth  # noqa: E402

ID = "https://w3id.org/govties/id/"


def workload(graph_nodes: list[tuple[str, str]], count: int, seed: int) -> dict[str, list]:
    """The calls of every mode: (kind, iri) pairs of the graph, drawn once per size."""
    chance = random.Random(seed)
    countries = sorted(iri for iri, kind in graph_nodes if kind == "country")
    bodies = sorted(iri for iri, kind in graph_nodes if kind == "org")
    pairs = [(f"{ID}country/SG", f"{ID}country/MN")]
    pairs += [tuple(chance.sample(bodies, 2)) for _ in range(count - 1)]
    return {
        "paths k=5": pairs,
        "neighbours depth=2": chance.sample(bodies, count),
        "ties": [f"{ID}country/SG", *chance.sample(countries, count - 1)],
    }


def child_measure(mode: str, where: str, calls_file: str) -> None:
    """Run in a child: answer every call of the workload in one mode; print the times."""
    from graph.network import answers, remote
    from graph.network.path_index import load
    from graph.network.sentences import render_path
    from graph.sparql.query import value_rows
    from graph.store.versions import live_version, open_store

    calls = json.loads(Path(calls_file).read_text())
    started = time.perf_counter()
    if mode == "projection":
        graph = load(live_version(Path(where)))
        assert graph is not None, "the build stores a path index"
        paths: Callable = lambda a, b: answers.path_query(graph, a, b, 5, 6, render=render_path)  # noqa: E731
        neighbours: Callable = lambda n: answers.neighbours_query(graph, n, 2)  # noqa: E731
        ties: Callable = lambda c: answers.ties_query(graph, c)  # noqa: E731
    else:
        if mode == "frontier-protocol":
            select = _protocol_select(where)
        elif mode == "frontier-oxigraph":
            remote_store = _remote_store(where)

            def select(query: str) -> list:
                return list(remote_store.own_rows(query))
        else:
            embedded = mode == "frontier-embedded"
            store = open_store(Path(where))[0] if embedded else _remote_store(where)

            def select(query: str) -> list:
                return list(value_rows(store, query))

        paths = lambda a, b: remote.path_query(select, a, b, 5, 6, render=render_path)  # noqa: E731
        neighbours = lambda n: remote.neighbours_query(select, n, 2)  # noqa: E731
        ties = lambda c: remote.ties_query(select, c)  # noqa: E731
    ready = time.perf_counter() - started
    times: dict[str, list[float]] = {}
    answers_seen: dict[str, list] = {}
    for name, call in (("paths k=5", paths), ("neighbours depth=2", neighbours), ("ties", ties)):
        for args in calls[name]:
            args = args if isinstance(args, list) else [args]
            t0 = time.perf_counter()
            answer = call(*args)
            times.setdefault(name, []).append(time.perf_counter() - t0)
            answers_seen.setdefault(name, []).append(_shape(name, answer))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"ready": ready, "times": times, "rss_mb": peak, "shapes": answers_seen}))


def _shape(name: str, answer: dict) -> list:
    """What the modes must agree on: path ranks, neighbour and partner counts."""
    if name.startswith("paths"):
        return [(p["length"], p["cost"]) for p in answer["paths"]]
    if name.startswith("neighbours"):
        return [len(answer["nodes"]), len(answer["edges"])]
    return [len(answer["partners"]), sum(len(p["agreements"]) for p in answer["partners"])]


def _protocol_select(url: str) -> Callable[[str], list]:
    """SELECT by the SPARQL 1.1 Protocol (POST, JSON results), values in SELECT order."""
    import http.client
    from urllib.parse import urlencode, urlsplit

    from ontology import PREFIXES

    where = urlsplit(url)
    conn = http.client.HTTPConnection(where.hostname, where.port, timeout=120)
    prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())

    def select(query: str) -> list:
        body = urlencode({"query": prologue + query})
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": harness.JSON_RESULTS,
        }
        conn.request("POST", "/query", body, headers)
        response = conn.getresponse()
        answer = json.loads(response.read())
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}: {answer}")
        names = answer["head"]["vars"]
        rows = answer["results"]["bindings"]
        return [tuple(row[n]["value"] if n in row else None for n in names) for row in rows]

    return select


def _remote_store(url: str):  # noqa: ANN202 (graph.backend.remote.RemoteStore)
    from graph.backend import control
    from graph.backend.client import EngineClient
    from graph.backend.engines import target
    from graph.backend.remote import RemoteStore

    client = EngineClient(target(url, "oxigraph"), 120.0)
    names, manifest = control.live(client)
    return RemoteStore(client, names, control.graphs(client, names), manifest["quads"])


def measure(mode: str, where: str, calls: Path) -> dict:
    child = subprocess.run(
        [sys.executable, __file__, "_measure", mode, where, str(calls)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if child.returncode != 0:
        said = child.stderr.strip().splitlines() or [f"exit status {child.returncode}"]
        return {"error": said[-1][:200]}
    return json.loads(child.stdout.strip().splitlines()[-1])


def peak_rss_mb(pid: int) -> float:
    """A running process's peak resident set (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run_size(label: str, args: argparse.Namespace) -> dict:
    folder = args.workdir / label
    subprocess.run(["rm", "-rf", str(folder)], check=True)
    folder.mkdir(parents=True)
    agreements = harness.agreements_for(harness.SIZES[label])
    synth.write(folder / "data", agreements, seed=args.seed)
    harness.log(f"[{label}] {agreements} agreements: building")
    built = subprocess.run(
        [sys.executable, run.__file__, "_build", str(folder / "data"), str(folder / "store")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    out: dict = {"label": label, "build": json.loads(built.stdout.strip().splitlines()[-1])}
    from graph.sparql.query import value_rows
    from graph.store.versions import open_store

    store = open_store(folder / "store")[0]
    nodes = value_rows(
        store, f'SELECT DISTINCT ?e WHERE {{ ?e rdfs:label ?l FILTER(STRSTARTS(STR(?e), "{ID}")) }}'
    )
    kinds = [(iri, iri[len(ID) :].split("/", 1)[0]) for (iri,) in nodes]
    del store
    calls = folder / "calls.json"
    calls.write_text(json.dumps(workload(kinds, args.calls, args.seed)))
    port = harness.free_port()
    serve = [str(harness.BIN / "oxigraph"), "serve", "--location", str(folder / "ox")]
    serve += ["--bind", f"127.0.0.1:{port}"]
    server = harness.start("oxigraph", serve, port, "/query", folder / "ox.log", 60)
    url = f"http://127.0.0.1:{port}"
    try:
        harness.log(f"[{label}] loading into the Oxigraph server")
        started = time.perf_counter()
        subprocess.run(
            [str(harness.BIN / "govties"), "build", "--data", str(folder / "data"),
             "--store", url, "--engine", "oxigraph"],
            capture_output=True, cwd=ROOT, check=True,
        )  # fmt: skip
        out["remote_load"] = time.perf_counter() - started
        out["modes"] = {}
        for mode in MODES[:4]:
            harness.log(f"[{label}] {mode}")
            where = url if mode in SERVER_MODES else str(folder / "store")
            out["modes"][mode] = measure(mode, where, calls)
        out["server_rss_mb"] = {SERVER_MODES[0]: peak_rss_mb(server.process.pid)}
    finally:
        server.stop()
    plain = _plain_server(folder)
    try:
        harness.log(f"[{label}] frontier-protocol")
        where = f"http://127.0.0.1:{plain.port}"
        out["modes"]["frontier-protocol"] = measure("frontier-protocol", where, calls)
        out["server_rss_mb"]["frontier-protocol"] = peak_rss_mb(plain.process.pid)
    finally:
        plain.stop()
    return out


def _plain_server(folder: Path) -> harness.Server:
    """`oxigraph serve-read-only` over the embedded store's N-Quads (as bench/run.py loads its
    peer): the graphs under their own names, the union as the default graph."""
    import pyoxigraph as ox

    store = ox.Store.read_only(str((folder / "store").resolve()))
    store.dump(str(folder / "all.nq"), format=ox.RdfFormat.N_QUADS)
    del store
    load = [str(harness.BIN / "oxigraph"), "load", "--location", str(folder / "ox-plain")]
    subprocess.run([*load, "--file", str(folder / "all.nq")], check=True, capture_output=True)
    port = harness.free_port()
    serve = [
        str(harness.BIN / "oxigraph"),
        "serve-read-only",
        "--location",
        str(folder / "ox-plain"),
    ]
    serve += ["--bind", f"127.0.0.1:{port}"]
    return harness.start("oxigraph-plain", serve, port, "/query", folder / "ox-plain.log", 60)


def main(argv: list[str]) -> None:
    if argv[:1] == ["_measure"]:
        child_measure(*argv[1:4])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100k,1M", help=f"comma list of {list(harness.SIZES)}")
    parser.add_argument("--calls", type=int, default=20, help="calls per query and mode")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=ROOT / ".bench" / "remote-paths")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "REMOTE_PATHS.md")
    args = parser.parse_args(argv)
    args.argv = argv
    load_start = os.getloadavg()[0]
    results = [run_size(label, args) for label in args.sizes.split(",")]
    text = write_report(results, args, load_start)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main(sys.argv[1:])
