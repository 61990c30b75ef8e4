"""bench/RESULTS.md from the figures bench/run.py measured: tables, ratios, targets.

Cold and repeated workloads are reported apart: a repeated query is answered
from govties' per-version answer cache (api.cache), a cold one (a new label, or
a numbered comment on the same query) by the engine, so the cache is never
mistaken for engine speed.
"""

import argparse
import os
import platform
import re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

PEERS = ("govties", "oxigraph", "rdflib-endpoint")
HEAVY = ("country_since", "pairs", "two_hop")
ENGINES = Path(__file__).with_name("ENGINES.md")  # written by bench/engines.py
ENGINES_HEADLINE = ("<!-- engines headline -->", "<!-- /engines headline -->")


def machine() -> list[str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "?",
    )
    mem = next(
        line for line in Path("/proc/meminfo").read_text().splitlines() if "MemTotal" in line
    )
    packages = []
    for name in (
        "pyoxigraph",
        "oxigraph",
        "rdflib",
        "rdflib-endpoint",
        "fastapi",
        "uvicorn",
        "pyshacl",
        "rapidyaml",
    ):
        try:
            packages.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            packages.append(f"{name} (not installed)")
    return [
        f"- CPU: {cpu}, nproc {os.cpu_count()}; RAM {int(mem.split()[1]) // 1024 // 1024} GiB",
        f"- Python {platform.python_version()} on {platform.platform()}",
        f"- packages: {', '.join(packages)}",
        f"- load average at start / end: {{start}} / {os.getloadavg()[0]:.2f} "
        "(other work on the machine inflates every figure)",
    ]


def fmt(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def ratio(a: float | None, b: float | None) -> str:
    return "-" if not a or not b else f"{a / b:.2f}x"


def _p50(r: dict, system: str, name: str, mode: str = "cold") -> float | None:
    timing = r["latency"].get(system, {}).get((name, mode))
    return timing.p(0.5) if timing else None


def targets(r: dict) -> list[str]:
    """The issue's targets, met or not, at one size (the largest measured)."""

    def versus(name: str, mode: str = "cold") -> float | None:
        gov, ox_ = _p50(r, "govties", name, mode), _p50(r, "oxigraph", name, mode)
        return gov / ox_ if gov and ox_ else None

    label = versus("label")
    heavy = {n: versus(n) for n in HEAVY if versus(n) is not None}
    qps = r["qps"]
    repeated = {
        (n, c): qps["govties"][k] / qps["oxigraph"][k]
        for (n, c, mode) in qps.get("govties", {})
        if mode == "repeated" and qps.get("oxigraph", {}).get(k := (n, c, mode))
    }
    slower = {
        n: _p50(r, "rdflib-endpoint", n) / _p50(r, "govties", n)
        for n in {k[0] for k in r["latency"]["raw"]}
        if n != "label" and _p50(r, "rdflib-endpoint", n) and _p50(r, "govties", n)
    }
    paths = r["paths"].get("k=5")
    index = r.get("index_load")
    build = r["build"]
    rows = [
        ("build < 20 s", build["seconds"] < 20, f"{build['seconds']:.1f} s"),
        ("build peak RSS < 2 GB", build["rss_mb"] < 2048, f"{build['rss_mb']:.0f} MB"),
        (
            "cold label lookup p50 <= 1.5x the Oxigraph server",
            label is not None and label <= 1.5,
            f"{ratio(_p50(r, 'govties', 'label'), _p50(r, 'oxigraph', 'label'))} "
            f"({fmt(_p50(r, 'govties', 'label'), 2)} vs {fmt(_p50(r, 'oxigraph', 'label'), 2)} ms)",
        ),
        (
            "repeated queries >= the Oxigraph server's throughput",
            bool(repeated) and min(repeated.values()) >= 1,
            ", ".join(f"{n} x{c}: {v:.2f}x" for (n, c), v in repeated.items()) or "-",
        ),
        (
            "heavy queries (cold) <= 1.2x the Oxigraph server",
            bool(heavy) and max(heavy.values()) <= 1.2,
            ", ".join(f"{n} {v:.2f}x" for n, v in heavy.items()) or "-",
        ),
        (
            ">= 10x rdflib-endpoint on every non-trivial query (cold p50)",
            bool(slower) and min(slower.values()) >= 10,
            ", ".join(f"{n} {v:.1f}x" for n, v in sorted(slower.items())) or "not measured",
        ),
        (
            "path index ready < 5 s",
            index is not None and index < 5,
            f"{fmt(index, 2)} s loading the stored index (projecting the store instead: "
            f"{r['projection']:.1f} s)",
        ),
        (
            "GET /paths k=5 warm p50 < 30 ms",
            paths is not None and (paths[1].p(0.5) or 1e9) < 30,
            f"{fmt(paths[1].p(0.5))} ms" if paths else "-",
        ),
    ]
    return [
        f"## Targets at {r['label']} ({r['quads']:,} statements)",
        "",
        "| target | met | measured |",
        "|---|---|---|",
        *(f"| {name} | {'yes' if ok else '**no**'} | {got} |" for name, ok, got in rows),
        "",
        "Where the time goes for the targets not met: bench/PROFILE.md and bench/FIXED_COST.md.",
    ]


def _latency(r: dict) -> list[str]:
    lines = [
        "",
        f"## Query latency at {r['label']} ({r['quads']:,} statements), ms",
        "",
        "Cold: a new query text per request; repeated: the same text (govties answers it "
        "from its answer cache after the first time).",
        "",
        "| query | raw p50 | govties cold p50 | govties cold p95 | govties repeated p50 "
        "| oxigraph cold p50 | oxigraph repeated p50 | rdflib-endpoint cold p50 "
        "| govties/oxigraph cold | govties/oxigraph repeated | rdflib/govties cold | rows |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name in sorted({k[0] for k in r["latency"]["raw"]}):
        cells = {
            (s, mode): r["latency"].get(s, {}).get((name, mode))
            for s in ("raw", *PEERS)
            for mode in ("cold", "repeated")
        }
        # Same text, same rows: cold lookups ask each system for other labels, so only
        # the repeated workload's answers are comparable across systems.
        rows = {
            k: t.rows for k, t in cells.items() if t and t.rows is not None and k[1] == "repeated"
        }
        agree = len(set(rows.values())) <= 1
        shown = next(iter(rows.values()), "-") if agree else "rows differ!"
        errors = [f"{s} {m}: {t.error}" for (s, m), t in cells.items() if t and t.error]
        gov_cold = cells["govties", "cold"]

        def repeated(system: str, name: str = name) -> float | None:
            return _p50(r, system, name, "repeated")

        lines.append(
            f"| {name} | {fmt(_p50(r, 'raw', name), 2)} | {fmt(_p50(r, 'govties', name), 2)} "
            f"| {fmt(gov_cold.p(0.95) if gov_cold else None, 2)} "
            f"| {fmt(repeated('govties'), 2)} "
            f"| {fmt(_p50(r, 'oxigraph', name), 2)} "
            f"| {fmt(repeated('oxigraph'), 2)} "
            f"| {fmt(_p50(r, 'rdflib-endpoint', name), 1)} "
            f"| {ratio(_p50(r, 'govties', name), _p50(r, 'oxigraph', name))} "
            f"| {ratio(repeated('govties'), repeated('oxigraph'))} "
            f"| {ratio(_p50(r, 'rdflib-endpoint', name), _p50(r, 'govties', name))} | {shown}"
            + (f" {'; '.join(errors)}" if errors else "")
            + " |"
        )
    return lines


def _throughput(r: dict, args: argparse.Namespace) -> list[str]:
    lines = [
        "",
        f"Throughput at {r['label']}, queries/s (≤{args.qps_seconds:.0f} s and "
        f"≤{args.qps_cap} requests per run, client threads on the same 2 cores):",
        "",
        "| query | clients | workload | govties | oxigraph | rdflib-endpoint "
        "| govties/oxigraph | govties/rdflib |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name in args.throughput_queries.split(","):
        for clients in (1, 8):
            for mode in ("cold", "repeated"):
                q = {s: r["qps"].get(s, {}).get((name, clients, mode)) for s in PEERS}
                lines.append(
                    f"| {name} | {clients} | {mode} | {fmt(q['govties'])} | {fmt(q['oxigraph'])} "
                    f"| {fmt(q['rdflib-endpoint'])} | {ratio(q['govties'], q['oxigraph'])} "
                    f"| {ratio(q['govties'], q['rdflib-endpoint'])} |"
                )
    return lines


def _paths(r: dict) -> list[str]:
    if not r["paths"]:
        return []
    index = r.get("index_load")
    return [
        "",
        "GET /paths (SG to MN), ms: "
        + "; ".join(
            f"{name}: first {cold * 1000:.0f}, then p50 {fmt(t.p(0.5))} p95 {fmt(t.p(0.95))}"
            for name, (cold, t) in r["paths"].items()
        ),
        "",
        f"The path index (projection + search graph) is computed by the build from its own "
        f"N-Triples and stored with the version; loading it takes {fmt(index, 2)} s. A version "
        f"without one (an HTTP update's) projects its store instead: {r['projection']:.1f} s. "
        "The server does either in the background as a version appears, so only a path query "
        "arriving before it is ready waits.",
    ]


def engines_section(path: Path = ENGINES) -> list[str]:
    """The section on govties over a remote engine: bench/ENGINES.md's comparison tables,
    copied as that run measured them, or nothing before it has run."""
    if not path.is_file():
        return []
    start, end = map(re.escape, ENGINES_HEADLINE)
    tables = re.findall(f"{start}\n(.*?){end}", path.read_text(encoding="utf-8"), re.DOTALL)
    return [
        "",
        "## govties over a remote engine",
        "",
        "`govties serve --store URL --engine E` against the engine alone (its own endpoint "
        "over its own copy of the same data), cold queries interleaved in one run; "
        "bench/ENGINES.md has the method, the loads, the overhead layer by layer and "
        "its machine (`make bench-engines`).",
        "",
        *(line for table in tables for line in [*table.splitlines(), ""]),
    ]


def report(results: list[dict], args: argparse.Namespace, load_start: float) -> str:
    lines = [
        "# govties benchmark",
        "",
        f"`python bench/run.py {' '.join(args.argv)}` (seed {args.seed}). Sizes are statements "
        "loaded: the N-Quads every system gets (one named graph per source plus the "
        "deduplicated union as default graph); *union* is the distinct triples a query sees. "
        "Latencies are over HTTP on loopback, warm, in ms; *raw* is pyoxigraph in-process "
        "(query + JSON serialisation), the floor.",
        "",
        "## Machine",
        *[line.replace("{start}", f"{load_start:.2f}") for line in machine()],
        "",
        "## Build (`govties build`, child process)",
        "",
        "| size | agreements | statements | union triples | build s | peak RSS MB "
        "| oxigraph load s | rdflib-endpoint load s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['label']} | {r['agreements']:,} | {r['quads']:,} | {r['union']:,} "
            f"| {r['build']['seconds']:.1f} | {r['build']['rss_mb']:.0f} "
            f"| {fmt(r.get('oxigraph_load'))} | {fmt(r.get('rdflib_load'))} |"
        )
    lines += ["", *targets(results[-1])]
    for r in results:
        lines += [*_latency(r), *_throughput(r, args), *_paths(r)]
        lines += [f"- note: {note}" for note in r["notes"]]
    lines += engines_section()
    return "\n".join(lines) + "\n"
