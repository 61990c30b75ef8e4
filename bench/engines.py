"""govties over a remote SPARQL engine against the engine alone, in one run: `make bench-engines`.

For each size (--sizes of 10k, 100k, 1M; default 100k) it writes synthetic records and
builds the embedded store as bench/run.py does, then, one engine at a time (the Oxigraph
server, `oxigraph serve`; OpenLink Virtuoso 7, started as tests/engines.py starts it for
the tests), starts two instances of the engine on loopback, ports 7900-7949:

- govties over the engine: `govties build --store URL --engine E` loads the records into
  one instance as a version (graph.backend.load: versioned graph names, one pointer) and
  `govties serve --store URL --engine E` answers from it, scoping every query to that version;
- the engine alone: the other instance holds the embedded store's N-Quads (the source graphs
  under their own names, the union as default graph, as bench/run.py gives its peer), loaded
  by the engine's own loader: `oxigraph load`, or Virtuoso's bulk loader (ld_dir +
  rdf_loader_run), which puts the union into <urn:bench:union>.

Both get the same client query text (bench/queries/*.rq, prefixes declared) by GET, SPARQL
JSON results asked for: govties at /sparql; the engine at its own endpoint, Virtuoso with
default-graph-uri=<urn:bench:union> (its default dataset is every graph, so a triple that
two sources state would count twice). Texts are cold as bench/run.py makes them (the next
label, or a numbered comment), so govties' answer cache never answers. Each round runs
every system in turn, the order reversed every other round; row counts are compared, and
the answers to the plain text.

In between, in this process over govties' copy, three layers show where the overhead goes:
- request: the HTTP request graph.backend.remote sends for the query (the text scoped to
  the version behind govties' prefixes, the version's union as default-graph-uri), sent by
  graph.backend.client and left unparsed;
- handle: graph.backend.remote.RemoteStore's query, which adds the scope rewrite
  (graph.backend.scope) and parsing the engine's JSON back into pyoxigraph solutions;
- service: graph.sparql.service.answer_query, which adds the guard and writing SPARQL JSON;
govties over HTTP adds FastAPI, the hop to a query worker and the answer cache's look-up.

GET /paths k=5 (Singapore to Mongolia) runs govties' frontier queries (graph.network.remote)
over the engine; its counterpart runs the same frontier code in this process, each query
sent straight to the engine alone by graph.backend.client (Virtuoso: the union as default
graph, the source graphs as named graphs). The frontier queries of a call are recorded,
replayed one by one to each side, and their scope rewrite timed on its own. Writes
bench/ENGINES.md.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import timeit
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import harness  # noqa: E402
import pyoxigraph as ox  # noqa: E402
import run  # noqa: E402
from engine_sides import ENGINES, Engine, alone_select, ask, fresh, start_engine  # noqa: E402
from engines_report import LAYERS, write_report  # noqa: E402

from graph.backend.client import JSON_RESULTS  # noqa: E402
from graph.backend.remote import GRAPH_WORD, RemoteStore  # noqa: E402
from graph.backend.scope import prologue, scoped  # noqa: E402
from graph.build import synth  # noqa: E402
from graph.network import remote  # noqa: E402
from graph.network.sentences import render_path  # noqa: E402
from graph.sparql import service  # noqa: E402
from graph.sparql.formats import Form  # noqa: E402
from graph.sparql.query import run_query, value_rows  # noqa: E402
from ontology import PREFIXES  # noqa: E402

CHOICE = {Form.RESULTS: JSON_RESULTS, Form.GRAPH: "application/n-triples"}
MAX_RESULTS = 100_000  # govties serve's default row cap


def layers(engine: Engine, timeout: float) -> dict[str, Callable[[str], int]]:
    """Each layer as text -> rows (module docstring)."""
    store = engine.handle
    ask_alone, ask_govties = ask(engine, "alone", timeout), ask(engine, "govties", timeout)

    return {
        "engine": lambda text: harness.rows_of(ask_alone(text)),
        "request": lambda text: harness.rows_of(scoped_request(store, text)),
        "handle": lambda text: sum(1 for _ in run_query(store, text)),
        "service": lambda text: harness.rows_of(
            service.answer_query(engine.version, text, [], [], CHOICE, MAX_RESULTS).body
        ),
        "govties": lambda text: harness.rows_of(ask_govties(text)),
    }


def scoped_request(store: RemoteStore, text: str) -> bytes:
    """The request RemoteStore.query sends for text (scoped, behind govties' prefixes, the
    version's union as default graph, its graphs as named graphs if the text says GRAPH),
    sent by its client; the answer unparsed."""
    names = store.names
    named = [names.graph(g) for g in store.graphs] + [names.map] if GRAPH_WORD.search(text) else []
    sent = prologue(PREFIXES, None) + scoped(text, names, PREFIXES)
    return store.client.query(sent, JSON_RESULTS, [names.iri], named)[0]


def same_answers(engine: Engine, text: str, timeout: float) -> bool:
    """Whether the engine alone and govties give the same rows to the text."""
    alone, govties = (ask(engine, side, timeout)(text) for side in ("alone", "govties"))
    return _bindings(alone) == _bindings(govties)


def _bindings(body: bytes) -> list:
    """An answer's rows as comparable values (Virtuoso's "typed-literal" is a literal)."""
    rows = json.loads(body)["results"]["bindings"]
    return sorted(sorted((k, v["value"]) for k, v in row.items()) for row in rows)


def measure_queries(engine: Engine, labels: list[str], args: argparse.Namespace) -> dict:
    """Per query: a harness.Timing per layer, one cold call of each per round (order reversed
    every other round, so load that comes and goes hits every layer alike); rows of the
    plain text; or why it was skipped."""
    calls = layers(engine, args.timeout)
    out: dict = {}
    for query in harness.QUERIES:
        name, text = query.stem, query.read_text()
        found: dict = {"timings": {layer: harness.Timing() for layer in LAYERS}}
        out[name] = found
        texts = harness.cold_texts(name, text, labels)
        deadline = time.perf_counter() + args.budget * len(LAYERS)
        try:  # the plain text once per layer (rows, and a warm-up), then one cold call each
            found["rows"] = {layer: calls[layer](text) for layer in LAYERS}
            found["same"] = same_answers(engine, text, args.timeout)
            for round_ in range(args.rounds):
                for layer in LAYERS if round_ % 2 == 0 else LAYERS[::-1]:
                    sent = texts()
                    started = time.perf_counter()
                    calls[layer](sent)
                    found["timings"][layer].times.append(time.perf_counter() - started)
                if time.perf_counter() > deadline:
                    break
        except Exception as exc:  # a time-out is a result: the query is skipped
            found["skipped"] = f"{type(exc).__name__}: {str(exc)[:160]}"
            harness.log(f"  {name}: skipped ({found['skipped']})")
            continue
        found["scope_us"] = timeit.timeit(
            lambda text=text: scoped(text, engine.handle.names, PREFIXES), number=200
        ) / 200 * 1e6  # fmt: skip
        harness.log(
            f"  {name}: " + ", ".join(f"{k} {v.p(0.5):.2f}" for k, v in found["timings"].items())
        )
    return out


def measure_paths(engine: Engine, args: argparse.Namespace) -> dict:
    """GET /paths k=5 on govties against the frontier code over the engine alone, alternating."""
    sent: list[str] = []
    select = alone_select(engine, args.timeout)

    def recorded(query: str) -> list[tuple]:
        sent.append(query)
        return select(query)

    params = harness.PATHS["k=5"]
    asked = (params["from"], params["to"], params["k"])

    def answer(side: str) -> list:
        if side == "engine":
            sent.clear()
            got = remote.path_query(recorded, *asked, render=render_path)
            return json.loads(json.dumps(got["paths"]))
        status, body = harness.get(engine.server.port, "/paths", params, timeout=600,
                               headers=harness.FRESH)  # fmt: skip
        if status != 200:
            raise RuntimeError(f"HTTP {status}: {body[:160]!r}")
        return json.loads(body)["paths"]

    out = {"govties": harness.Timing(), "engine": harness.Timing()}
    answers: dict[str, list] = {}
    first: dict[str, float] = {}
    for round_ in range(-1, args.paths_rounds):  # round -1: the first call of each, apart
        for side in ("govties", "engine") if round_ % 2 == 0 else ("engine", "govties"):
            started = time.perf_counter()
            try:
                answers[side] = answer(side)
            except Exception as exc:  # a time-out is a result: /paths is skipped
                return {"skipped": f"{type(exc).__name__}: {str(exc)[:160]}"}
            took = time.perf_counter() - started
            out[side].rows = len(answers[side])
            if round_ < 0:
                first[side] = took
            else:
                out[side].times.append(took)
        if max(first.values()) > args.paths_limit:
            break  # not cheap here: the first calls stand alone
    names = engine.handle.names
    rewrite = timeit.timeit(lambda: [scoped(q, names, PREFIXES) for q in sent], number=3) / 3
    shape = [[(p["length"], p["cost"]) for p in answers[side]] for side in ("govties", "engine")]
    same = "same" if answers["govties"] == answers["engine"] else "**different**"
    if same != "same" and shape[0] == shape[1]:
        same = "same lengths and costs, ties apart"  # equal-cost paths in the engine's row order
    return {**out, "same": same, "queries": len(sent), "kb": sum(len(q) for q in sent) / 1000,
            "scope_ms": rewrite * 1000, "first": first,
            "replay": replay(engine, sent, select, max(1, args.paths_rounds))}  # fmt: skip


def replay(
    engine: Engine, sent: list[str], alone: Callable[[str], list], rounds: int
) -> dict[str, float]:
    """Milliseconds the recorded frontier queries take in all, sent one by one to each layer
    in turn (the median of rounds): plain to the engine alone; as /paths sends them
    (RemoteStore.own_rows: scoped, the version's union named in the text, no dataset); and
    as RemoteStore.query sends any query, the version's graphs as the dataset (value_rows)."""
    store = engine.handle
    calls: dict[str, Callable[[str], object]] = {
        "engine": alone,
        "own_rows": lambda query: list(store.own_rows(query)),
        "query": lambda query: list(value_rows(store, query)),
    }
    totals: dict[str, list[float]] = {layer: [0.0] * rounds for layer in calls}
    for round_ in range(rounds):
        for query in sent:
            for layer, call in calls.items():
                started = time.perf_counter()
                call(query)
                totals[layer][round_] += (time.perf_counter() - started) * 1000
    return {layer: statistics.median(times) for layer, times in totals.items()}


def run_size(label: str, args: argparse.Namespace) -> dict:
    folder = fresh(args.workdir / label)
    agreements = harness.agreements_for(harness.SIZES[label])
    synth.write(folder / "data", agreements, seed=args.seed)
    harness.log(f"[{label}] {agreements} agreements: building the embedded store")
    built = subprocess.run(
        [sys.executable, run.__file__, "_build", str(folder / "data"), str(folder / "store")],
        capture_output=True, text=True, cwd=ROOT, check=True,
    )  # fmt: skip
    store = ox.Store.read_only(str((folder / "store").resolve()))
    # Written out, not \u-escaped as JSON writes them: a remote store refuses SPARQL's escapes.
    labels = [json.dumps(json.loads(lit[:-3]), ensure_ascii=False) + "@en"
              for lit in harness.distinct_labels(store)]  # fmt: skip
    graphs = sorted(g.value for g in store.named_graphs())
    store.dump(str(folder / "all.nq"), format=ox.RdfFormat.N_QUADS)
    out = {"label": label, "agreements": agreements, "quads": len(store), "engines": {}}
    out["build"] = json.loads(built.stdout.strip().splitlines()[-1])
    del store
    for name in args.engines.split(","):
        engine = start_engine(name, folder, graphs, args)
        try:
            harness.log(f"[{label}] {name}: queries")
            measured = {"seconds": engine.seconds, "quads": engine.quads,
                        "queries": measure_queries(engine, labels, args)}  # fmt: skip
            if args.paths_rounds:
                harness.log(f"[{label}] {name}: /paths k=5")
                measured["paths"] = measure_paths(engine, args)
            out["engines"][name] = measured
        finally:
            engine.stop()
    return out


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100k", help=f"comma list of {list(harness.SIZES)}")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--rounds", type=int, default=60, help="cold calls per query and layer")
    parser.add_argument("--budget", type=float, default=20, help="seconds per query and layer")
    parser.add_argument("--timeout", type=float, default=60, help="seconds per request")
    parser.add_argument("--paths-rounds", type=int, default=3, help="0: no /paths")
    parser.add_argument("--paths-limit", type=float, default=60, help="seconds a /paths call "
                        "may take before the rounds stop")  # fmt: skip
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=ROOT / ".bench" / "engines")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "ENGINES.md")
    args = parser.parse_args(argv)
    args.argv, args.workdir = argv, args.workdir.resolve()  # engines run in their folders
    load_start = os.getloadavg()[0]
    results = [run_size(label, args) for label in args.sizes.split(",")]
    text = write_report(results, args, load_start)
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main(sys.argv[1:])
