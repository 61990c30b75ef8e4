"""What a small change costs at scale: `python bench/updates.py [--sizes 100k,1M]`.

For each size it builds a synthetic store (graph.build.synth, as bench/run.py
does), then runs each change below in a fresh child process, the way a query
worker runs it (graph.sparql.update), and prints its wall time and the child's
peak RSS (and the RSS of the child before the change, imports and the open
store). The changes: a one-triple SPARQL INSERT DATA into a source's graph, a
three-triple DELETE DATA, a DELETE/INSERT ... WHERE on one entity's label, a
Graph Store PUT of a five-triple graph and a Graph Store DELETE of it.
"""

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = {"10k": 60, "100k": 1_141, "1M": 11_729}  # agreements, as bench/run.py has them
SKOS = "http://www.w3.org/2004/02/skos/core#"
NEW_GRAPH = "https://w3id.org/govties/id/source/bench-upload"


def _rss_mb() -> float:
    """This process's peak RSS (VmHWM: unlike ru_maxrss, not inherited across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _some_source(store: Path) -> tuple[str, list[str]]:
    """A source graph and three of its triples, as N-Triples lines (for DELETE DATA)."""
    from graph.sparql.service import open_version
    from graph.store.versions import live_version

    db = open_version(str(live_version(store)))
    graph = next(g for g in db.named_graphs() if "/source/" in g.value)
    quads = list(db.quads_for_pattern(None, None, None, graph))[:3]
    return graph.value, [f"{q.subject} {q.predicate} {q.object} ." for q in quads]


def _changes(store: Path) -> dict[str, tuple[str, tuple]]:
    graph, three = _some_source(store)
    note = f'<{graph}> <{SKOS}note> "bench {time.time_ns()}" .'
    upload = "".join(f'<{NEW_GRAPH}> <{SKOS}note> "upload {i}" .\n' for i in range(5))
    lines = "\n".join(three)
    return {
        "INSERT DATA, 1 triple": (
            "apply_update",
            (f"INSERT DATA {{ GRAPH <{graph}> {{ {note} }} }}",),
        ),
        "DELETE DATA, 3 triples": (
            "apply_update",
            (f"DELETE DATA {{ GRAPH <{graph}> {{ {lines} }} }}",),
        ),
        "DELETE/INSERT WHERE, 1 label": (
            "apply_update",
            (
                f"DELETE {{ GRAPH ?g {{ <{graph}> <{SKOS}note> ?o }} }} "
                f'INSERT {{ GRAPH ?g {{ <{graph}> <{SKOS}note> "relabelled" }} }} '
                f"WHERE {{ GRAPH ?g {{ <{graph}> <{SKOS}note> ?o }} }}",
            ),
        ),
        "Graph Store PUT, 5 triples": (
            "write_graph",
            (NEW_GRAPH, [(upload.encode(), "application/n-triples")], True),
        ),
        "Graph Store DELETE": ("drop_graph", (NEW_GRAPH,)),
    }


def child(store: str, name: str) -> None:
    """Run in a child: one change, then print seconds and peak RSS as JSON."""
    from graph.sparql import update
    from graph.sparql.service import open_version
    from graph.store.versions import live_version

    changes = _changes(Path(store))
    open_version(str(live_version(Path(store))))  # a worker has the live version open
    fn, args = changes[name]
    ready = _rss_mb()
    started = time.perf_counter()
    getattr(update, fn)(store, *args)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "rss_mb": _rss_mb(), "ready_mb": ready}))


def build(folder: Path, agreements: int) -> Path:
    from graph.build import synth
    from graph.build.pipeline import build as build_store

    synth.write(folder / "data", agreements, seed=0)
    return build_store(folder / "data", folder / "store").store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k,1M", help=f"of {', '.join(SIZES)}")
    parser.add_argument("--work", type=Path, default=None, help="folder for the stores")
    parser.add_argument("--store", type=Path, default=None, help="an existing store instead")
    args = parser.parse_args()
    from graph.store.versions import live_version, read_manifest

    work = args.work or Path(tempfile.mkdtemp(prefix="govties-updates-"))
    targets = (
        [(args.store.name, args.store)]
        if args.store
        else [(s, None) for s in args.sizes.split(",")]
    )
    print("| size | quads | change | seconds | peak RSS MB (before the change) |")
    print("|---|---:|---|---:|---:|")
    for label, given in targets:
        store = given or build(work / label, SIZES[label])
        quads = read_manifest(live_version(store))["quads"]
        for name in _changes(store):
            out = subprocess.run(
                [sys.executable, __file__, "_child", str(store), name],
                capture_output=True,
                text=True,
                cwd=ROOT,
                check=True,
            )
            got = json.loads(out.stdout.strip().splitlines()[-1])
            print(
                f"| {label} | {quads:,} | {name} | {got['seconds']:.2f} "
                f"| {got['rss_mb']:.0f} ({got['ready_mb']:.0f}) |",
                flush=True,
            )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_child":
        child(sys.argv[2], sys.argv[3])
    else:
        main()
