"""The table bench/remote_paths.py writes to bench/REMOTE_PATHS.md: each mode's latency
against the in-process projection of the same run, and each mode's peak memory."""

import argparse

import harness
from report import fmt, machine, ratio

MODES = (
    "projection",
    "frontier-embedded",
    "frontier-oxigraph",
    "frontier-oxigraph-scoped",
    "frontier-protocol",
)
SERVER_MODES = MODES[2:4]
QUERIES = ("paths k=5", "neighbours depth=2", "ties")


def p(times: list[float], q: float) -> float | None:
    return harness.Timing(times).p(q)


def write_report(results: list[dict], args: argparse.Namespace, load_start: float) -> str:
    lines = [
        "# Paths without the whole graph in memory: frontier queries against the projection",
        "",
        "Written by `python bench/remote_paths.py "
        + " ".join(args.argv)
        + "` (bench/remote_paths.py says what each mode is). Latency in ms over "
        f"{args.calls} calls per query (different pairs, entities, countries; each answer "
        "computed); ratios are against the in-process projection of the same run. Peak RSS "
        "is the govties process's (each mode in its own process: the projection loads the "
        "path index the build stored, the frontier modes open the store or its client); "
        "the Oxigraph server's own peak is beside it.",
        "",
    ]
    for size in results:
        build = size["build"]
        lines += [
            f"## {size['label']}: {build['quads']:,} statements",
            "",
            f"Build {build['seconds']:.1f} s; load into the Oxigraph server "
            f"(`govties build --store URL --engine oxigraph`) {size['remote_load']:.1f} s.",
            "",
            "| query | mode | p50 ms | p95 ms | p50 vs projection | answers as projection |",
            "|---|---|---:|---:|---:|---|",
        ]
        modes = size["modes"]
        base = modes["projection"]
        for query in QUERIES:
            for mode in MODES:
                found = modes[mode]
                if "error" in found:
                    lines.append(f"| {query} | {mode} | - | - | - | {found['error']} |")
                    continue
                times = found["times"][query]
                same = found["shapes"][query] == base.get("shapes", {}).get(query)
                lines.append(
                    f"| {query} | {mode} | {fmt(p(times, 0.5))} | {fmt(p(times, 0.95))} | "
                    f"{ratio(p(times, 0.5), p(base['times'][query], 0.5))} | "
                    f"{'same' if same else 'DIFFERENT'} |"
                )
        lines += ["", "| mode | ready s | peak RSS MB |", "|---|---:|---:|"]
        for mode in MODES:
            found = modes[mode]
            if "error" not in found:
                server = size["server_rss_mb"].get(mode)
                extra = f" (+ server {server:.0f})" if server else ""
                lines.append(f"| {mode} | {found['ready']:.2f} | {found['rss_mb']:.0f}{extra} |")
        lines.append("")
    lines += ["## Machine", "", *(m.replace("{start}", f"{load_start:.2f}") for m in machine()), ""]
    return "\n".join(lines)
