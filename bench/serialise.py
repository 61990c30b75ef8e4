"""SELECT writers side by side on the same answer, in one run (issue #18).

    python bench/serialise.py [--store .bench/1M/store] [--query country_since] [--format json]

Each timed run evaluates the query on the store, in this process, and writes its
answer (SPARQL JSON, or --format xml, tsv, csv) with one writer:

- engine: pyoxigraph's own writer with no row cap, the floor (what the Oxigraph
  server does);
- python: the previous writer, dicts and json.dumps (service.written_in_python);
- memo: each distinct term's JSON written once per answer, rows joined as text;
- counted: pyoxigraph's writer with the rows counted as it writes
  (service.serialize_solutions), what the endpoint serves.

The writers take turns (one run of each, in a fresh random order, `--runs`
times), so the machine's load falls on all of them alike. The report gives each
writer's p50 over evaluation and writing, in wall time and in this process's CPU
time (which other processes on a loaded machine do not inflate), the CPU p50 less
the engine's (the cost of writing beyond pyoxigraph's own) and the ratio to the
counted writer. "refused" runs the same writers with the cap one row under
the answer, so each stops at the row over it.
"""

import argparse
import contextlib
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

from graph.errors import TooLarge  # noqa: E402
from graph.sparql import service  # noqa: E402
from graph.sparql.formats import RESULTS, Format, named, names  # noqa: E402

Query = Callable[[], ox.QuerySolutions]
Writer = Callable[[Query, int, Format], bytes]


def memo(again: Query, cap: int, fmt: Format) -> bytes:
    """JSON text per distinct term, once per answer: countries, topics and classes repeat."""
    result = again()
    names = [v.value for v in result.variables]
    keys = [json.dumps(name) + ":" for name in names]
    seen: dict[object, str] = {}
    rows = []
    for sol in islice(result, cap + 1):
        parts = []
        for key, value in zip(keys, sol, strict=True):
            if value is not None:
                text = seen.get(value)
                if text is None:
                    text = seen[value] = json.dumps(service._term(value), ensure_ascii=False)
                parts.append(key + text)
        rows.append("{" + ",".join(parts) + "}")
    if len(rows) > cap:
        raise TooLarge(f"more than {cap} rows")
    head = json.dumps({"vars": names}, ensure_ascii=False)
    return f'{{"head":{head},"results":{{"bindings":[{",".join(rows)}]}}}}'.encode()


WRITERS: dict[str, Writer] = {
    "engine": lambda again, cap, fmt: again().serialize(format=fmt.engine),
    "python": lambda again, cap, fmt: service.written_in_python(again(), fmt.media_type, cap),
    "memo": memo,  # JSON only
    "counted": lambda again, cap, fmt: service.serialize_solutions(
        again(), fmt.media_type, cap, again
    ),
}


def timed(writer: Writer, again: Query, cap: int, fmt: Format) -> tuple[float, float]:
    """Wall and CPU milliseconds of one run."""
    wall, cpu = time.perf_counter(), time.process_time()
    with contextlib.suppress(TooLarge):  # the "refused" case
        writer(again, cap, fmt)
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=ROOT / ".bench" / "1M" / "store")
    parser.add_argument("--query", default="country_since", help="a name in bench/queries")
    parser.add_argument("--runs", type=int, default=30, help="timed runs per writer")
    parser.add_argument("--format", default="json", help=f"one of {names(RESULTS)}")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    fmt = named(args.format, RESULTS)
    assert fmt is not None, f"--format: one of {names(RESULTS)}"
    writers = {n: w for n, w in WRITERS.items() if n != "memo" or fmt.name == "json"}
    store = ox.Store.read_only(str(args.store.resolve()))
    text = (ROOT / "bench" / "queries" / f"{args.query}.rq").read_text()

    def again() -> ox.QuerySolutions:
        result = store.query(text)
        assert isinstance(result, ox.QuerySolutions), "a SELECT query"
        return result

    bodies = {name: w(again, 10**9, fmt) for name, w in writers.items()}  # warm-up too
    rows = len(list(again()))
    same = json.loads if fmt.name == "json" else bytes  # pyoxigraph writes the others for all
    assert len({repr(same(b)) for b in bodies.values()}) == 1, "the writers disagree"
    order = random.Random(args.seed)
    load = os.getloadavg()[0]
    times: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for case, cap in (("answered", rows), ("refused", rows - 1)):
        taking = [n for n in writers if case == "answered" or n != "engine"]
        for _ in range(args.runs):
            for name in order.sample(taking, len(taking)):
                times.setdefault((case, name), []).append(timed(writers[name], again, cap, fmt))
    print(f"{args.query} on {args.store}, {fmt.name}: {rows:,} rows, {args.runs} runs per writer")
    print(f"load average {load:.2f} -> {os.getloadavg()[0]:.2f}\n")

    def p50(case: str, name: str, which: int) -> float:
        return statistics.median(t[which] for t in times[(case, name)])

    floor = p50("answered", "engine", 1)
    print("| answer | writer | wall p50 ms | CPU p50 ms | CPU over engine | CPU to counted |")
    print("|---|---|---|---|---|---|")
    for case, name in sorted(times, key=lambda k: (k[0], list(WRITERS).index(k[1]))):
        cpu = p50(case, name, 1)
        print(
            f"| {case} | {name} | {p50(case, name, 0):.1f} | {cpu:.1f} | {cpu - floor:+.1f} | "
            f"{cpu / p50(case, 'counted', 1):.2f}x |"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
