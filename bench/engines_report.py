"""bench/ENGINES.md from what bench/engines.py measured: govties over each engine against the
engine alone, then layer by layer where the difference goes.

The comparison tables sit between report.ENGINES_HEADLINE markers: bench/report.py copies
them into bench/RESULTS.md, so that file's section stays as this one measured it.
"""

import argparse
from itertools import pairwise

from report import ENGINES_HEADLINE, fmt, machine, ratio

LAYERS = ("engine", "request", "handle", "service", "govties")

SIDES = """\
What each side answers, from the same records (seed {seed}):

- *alone*: the engine's own endpoint (Oxigraph `/query`, Virtuoso `/sparql`) over its own
  copy, the embedded store's N-Quads loaded by the engine's loader (`oxigraph load`;
  Virtuoso's `ld_dir` + `rdf_loader_run`, the union graph as `<urn:bench:union>`, sent as
  `default-graph-uri`); the query text exactly as the client wrote it, by GET.
- *govties*: `govties serve --store URL --engine E` at `/sparql`, the same text by GET,
  over a version `govties build --store URL --engine E` loaded into another instance of
  the same engine (versioned graph names; every query scoped to the live version).
- GET /paths k=5 (SG to MN, max_hops 6): govties answers it by SPARQL frontier queries
  (graph.network.remote) over the engine; *alone* is the same frontier code run in the
  bench process, its queries sent straight to the engine alone (govties' prefixes
  declared; Virtuoso given the union as default graph and the source graphs as named
  graphs). The answers compared are the whole `paths` lists."""

WHERE = """\
## Where the overhead goes

Each column adds one layer to the one before (bench/engines.py runs the middle three in its
own process over govties' copy of the data, interleaved with the two ends):

- *request - alone*: the same engine and data, asked by graph.backend.client as
  graph.backend.remote asks it: a POST (httpx) instead of a GET (http.client), govties'
  prefix declarations in front of the text, the version's union named as
  `default-graph-uri` (on Oxigraph a named graph, read from its named-graph indexes,
  where the engine alone reads its default graph);
- *handle - request*: graph.backend.remote's work: the scope rewrite (graph.backend.scope,
  one tokenising pass over the text; timed alone in the last column) and the answer
  parsed back into pyoxigraph solutions (JSON decoded, IRIs mapped back, encoded again and
  parsed by pyoxigraph.parse_query_results);
- *service - handle*: graph.sparql.service: the guard (graph.sparql.guard) and SPARQL JSON
  written again, row by row under the row cap;
- *govties - service*: the HTTP server: FastAPI, negotiation, the answer cache's look-up
  (a miss: every text is new) and the hop to a query worker process and back.

For /paths the frontier sends many queries per call. The line under each engine's table
gives their number and size, then replays them one by one to each side in turn (the
median of the /paths rounds): plain to the engine alone, as /paths sends them
(RemoteStore.own_rows) and as RemoteStore.query would send them. The last figure is the
time their scope rewrite takes on its own, in this process."""


def _comparison(size: dict) -> list[str]:
    lines = [
        f"### {size['label']} ({size['quads']:,} statements): govties over the engine against "
        "the engine alone, cold, ms",
        "",
        "| query | engine | alone p50 | alone p95 | govties p50 | govties p95 "
        "| govties / alone p50 | rows alone / govties | answers |",
        "|---|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for name, measured in size["engines"].items():
        for query, found in measured["queries"].items():
            if "skipped" in found:
                lines.append(f"| {query} | {name} | - | - | - | - | - | - | skipped: "
                             f"{found['skipped']} |")  # fmt: skip
                continue
            alone, gov = found["timings"]["engine"], found["timings"]["govties"]
            rows = found["rows"]
            agree = "same" if found["same"] else "**different**"
            lines.append(
                f"| {query} | {name} | {fmt(alone.p(0.5), 2)} | {fmt(alone.p(0.95), 2)} "
                f"| {fmt(gov.p(0.5), 2)} | {fmt(gov.p(0.95), 2)} "
                f"| {ratio(gov.p(0.5), alone.p(0.5))} | {rows['engine']} / {rows['govties']}"
                f" | {agree} |"
            )
        paths = measured.get("paths")
        if paths and "skipped" in paths:
            lines.append(f"| GET /paths k=5 | {name} | - | - | - | - | - | - | "
                         f"skipped: {paths['skipped']} |")  # fmt: skip
        elif paths:
            alone, gov = paths["engine"], paths["govties"]
            agree = paths["same"]
            lines.append(
                f"| GET /paths k=5 | {name} | {fmt(alone.p(0.5))} | {fmt(alone.p(0.95))} "
                f"| {fmt(gov.p(0.5))} | {fmt(gov.p(0.95))} "
                f"| {ratio(gov.p(0.5), alone.p(0.5))} | {alone.rows} / {gov.rows} paths "
                f"| {agree} |"
            )
    return lines


def _layers(size: dict) -> list[str]:
    lines = [
        "",
        f"### {size['label']}: layer by layer, cold p50 ms (differences: what each layer adds)",
        "",
        "| query | engine | " + " | ".join(LAYERS).replace("engine", "alone")
        + " | request - alone | handle - request | service - handle | govties - service "
        "| scope rewrite µs |",
        "|---|---|" + "---:|" * 10,
    ]  # fmt: skip
    for name, measured in size["engines"].items():
        for query, found in measured["queries"].items():
            if "skipped" in found:
                continue
            p50 = [found["timings"][layer].p(0.5) for layer in LAYERS]
            steps = [b - a if a is not None and b is not None else None
                     for a, b in pairwise(p50)]  # fmt: skip
            cells = [fmt(v, 2) for v in (*p50, *steps)]
            lines.append(f"| {query} | {name} | {' | '.join(cells)} | {found['scope_us']:.0f} |")
    for name, measured in size["engines"].items():
        paths = measured.get("paths")
        if paths and "skipped" not in paths:
            again = paths["replay"]
            lines += [
                "",
                f"GET /paths k=5 over {name}: one call sends {paths['queries']} frontier queries "
                f"({paths['kb']:.0f} kB of text), against govties' p50 of "
                f"{fmt(paths['govties'].p(0.5))} ms (first calls, apart: govties "
                f"{paths['first']['govties'] * 1000:.0f} ms, alone "
                f"{paths['first']['engine'] * 1000:.0f} ms). Sent again one by one, in all: "
                f"{again['engine']:.0f} ms plain to the engine alone, {again['own_rows']:.0f} ms "
                f"as /paths sends them (RemoteStore.own_rows: the union named in the text, no "
                f"dataset), {again['query']:.0f} ms as RemoteStore.query would (the version's "
                f"graphs as the dataset); their scope rewrite takes {paths['scope_ms']:.0f} ms.",
            ]
    return lines


def _loads(size: dict) -> list[str]:
    build = size["build"]
    lines = [
        f"## {size['label']}: {size['quads']:,} statements ({size['agreements']:,} agreements)",
        "",
        f"Embedded build (`govties build`, child process) {build['seconds']:.1f} s.",
        "",
        "| engine | `govties build --store` s | engine's own loader s "
        "| quads: govties version / engine alone / embedded store |",
        "|---|---:|---:|---|",
    ]
    for name, measured in size["engines"].items():
        seconds, quads = measured["seconds"], measured["quads"]
        lines.append(
            f"| {name} | {seconds['govties']:.1f} | {seconds['alone']:.1f} "
            f"| {quads['govties']:,} / {quads['alone']:,} / {size['quads']:,} |"
        )
    return lines


def write_report(results: list[dict], args: argparse.Namespace, load_start: float) -> str:
    lines = [
        "# govties over a remote engine against the engine alone",
        "",
        f"Written by `{' '.join(['python bench/engines.py', *args.argv])}` "
        "(`make bench-engines`; "
        "the module docstring says what each side and layer is). Cold queries: a new text "
        "per request (the next label, or a numbered comment), so govties' answer cache never "
        f"answers. p50/p95 in ms over up to {args.rounds} rounds (fewer past "
        f"{args.budget:g} s per system and query), each round one call of every system in "
        "turn, the order reversed every other round; the ratio is govties over the engine "
        "against the engine alone, in the same run. Rows are those of the plain query text, "
        "asked of every layer; *answers* compares the engine alone's rows with govties' "
        "value by value.",
        "",
        SIDES.format(seed=args.seed),
        "",
    ]
    for size in results:
        lines += [*_loads(size), "", ENGINES_HEADLINE[0], *_comparison(size)]
        lines += [ENGINES_HEADLINE[1], *_layers(size), ""]
    lines += [WHERE, "", "## Machine", ""]
    lines += [m.replace("{start}", f"{load_start:.2f}") for m in machine()]
    return "\n".join(lines) + "\n"
