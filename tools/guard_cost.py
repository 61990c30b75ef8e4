"""The outbound guard's cost on a large query, with figures: docs/RELIABILITY.md.

`python tools/guard_cost.py --store PATH` serves the store in this process (uvicorn on
a free loopback port, the real worker pool) and POSTs one 780 kB VALUES query three
ways: plain, with ` # from` appended (a word the guard must not mistake for a
keyword), and with a real `FROM <graph>` (the store's first named graph). It prints
each status and time. Three requests, loopback only.
"""

import argparse
import sys
import time
from pathlib import Path

import httpx
import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api.settings import Settings
from graph.store.versions import live_version
from tests.sparql_server import running


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    args = parser.parse_args()
    graph = next(iter(ox.Store.read_only(str(live_version(args.store))).named_graphs())).value
    values = " ".join(f'"v{i}"' for i in range(88_000))
    plain = f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?x {{ {values} }} }}"
    queries = {
        "plain": plain,
        "# from": f"{plain} # from",
        "FROM": plain.replace("WHERE", f"FROM <{graph}> WHERE", 1),
    }
    with running(Settings(store=args.store)) as live:
        for label, query in queries.items():
            started = time.monotonic()
            response = httpx.post(
                live.sparql,
                content=query,
                headers={"Content-Type": "application/sparql-query"},
                timeout=60,
            )
            seconds = time.monotonic() - started
            print(f"{label:7} {len(query)} bytes: {response.status_code} in {seconds:.2f} s")


if __name__ == "__main__":
    main()
