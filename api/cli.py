"""The govties command line: the same functions as the HTTP service, one command each.

A thin table of commands: each calls the service function its HTTP twin
calls (graph.sparql.service for `query`, graph.network.answers for `path`,
...), so answers, guards, caps and formats are the same on both faces;
api.console turns errors into messages and exit codes.
"""

import json
import sys
from pathlib import Path
from typing import Annotated

import pyoxigraph as ox
import typer
from rich.markup import escape
from rich.table import Table

from api import cli_network
from api.cli_serve import serve_cmd
from api.console import (
    DataOpt,
    EngineOpt,
    StoreOpt,
    StoreOrUrlOpt,
    err,
    fail,
    guarded,
    out,
    store_of,
)
from graph.backend.engines import Target
from graph.backend.load import check_reachable
from graph.build.pipeline import DEFAULT_DATA, build, reviewed_dataset
from graph.errors import BadInput
from graph.sparql import service
from graph.sparql.formats import BY_FORM, FORMATS, GRAPHS, RESULTS, Form, named, names
from graph.store.versions import DEFAULT_STORE, live_version, open_store, read_manifest
from ontology import PREFIXES

app = typer.Typer(
    help="govties: a knowledge graph of cross-border digital-government ties.",
    no_args_is_help=True,
    add_completion=False,
)
MAX_RESULTS = 100_000  # as the server's default (api.settings)


@app.command("build")
@guarded
def build_cmd(
    data: DataOpt = DEFAULT_DATA,
    store: StoreOrUrlOpt = str(DEFAULT_STORE),
    engine: EngineOpt = None,
) -> None:
    """Build the store from the records; the served store is replaced only if all is valid."""
    where = store_of(store, engine)
    if isinstance(where, Target):
        check_reachable(where)
    with err.status("building") as status:
        report = build(data, where, step=lambda text: status.update(text))
    err.print(
        f"[green]✓[/] built {report.quads} quads in {report.graphs} graphs "
        f"from {report.sources} sources in {report.seconds:.2f}s -> {report.version}",
        highlight=False,
    )


@app.command("validate")
@guarded
def validate_cmd(data: DataOpt = DEFAULT_DATA) -> None:
    """Check the records (structure, references, SHACL) without touching the store, and warn
    (file:line) on likely duplicates: one name under two ids, one signing recorded twice."""
    built, warnings = reviewed_dataset(data)
    for warning in warnings:
        err.print(f"[yellow]{escape(str(warning))}[/]", highlight=False, soft_wrap=True)
    counted = f", {len(warnings)} warnings" if warnings else ""
    err.print(f"[green]✓[/] {len(built.sources)} records valid{counted}", highlight=False)


@app.command("synth")
def synth_cmd(
    agreements: Annotated[int, typer.Option("--agreements", min=1, help="how many agreements")],
    output: Annotated[Path, typer.Option("-o", "--output", help="data directory to write")],
    seed: Annotated[int, typer.Option("--seed", help="same seed, same files")] = 0,
) -> None:
    """Write a synthetic data directory (records/syn-*.yaml) for benchmarks and scale tests."""
    from graph.build.synth import write

    try:
        files = write(output, agreements, seed)
    except FileExistsError as exc:
        raise fail(str(exc), 2) from exc
    err.print(f"[green]✓[/] wrote {files} synthetic records to {output / 'records'}")


def read_query(text: str) -> str:
    """A query given inline, as @file.rq, or as - for standard input."""
    if text == "-":
        return sys.stdin.read()
    if text.startswith("@"):
        path = Path(text[1:])
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise BadInput(f"cannot read query file {path}: {exc.strerror}") from exc
    return text


def _choice(format: str) -> dict[Form, str | None]:
    """The media type per query form for -f: a table reads JSON results or N-Triples;
    a format of one form leaves the other form its default (csv for a CONSTRUCT: Turtle)."""
    if format == "table":
        return {Form.RESULTS: RESULTS[0].media_type, Form.GRAPH: "application/n-triples"}
    if named(format) is None:
        raise BadInput(f"unknown format {format!r}: use table, {names(FORMATS)}")
    return {
        form: (named(format, offers) or offers[0]).media_type for form, offers in BY_FORM.items()
    }


@app.command("query")
@guarded
def query_cmd(
    sparql: Annotated[str, typer.Argument(help="SPARQL text, @file.rq, or - for stdin")],
    format: Annotated[
        str, typer.Option("--format", "-f", help=f"table, {names(FORMATS)}")
    ] = "table",
    max_results: Annotated[
        int, typer.Option("--max-results", min=1, help="refuse answers with more rows")
    ] = MAX_RESULTS,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Run a SPARQL query over the store (default graph = union of all sources), with the
    endpoint's guard, cap and formats."""
    choice = _choice(format)
    version = live_version(store)
    read_manifest(version)  # a version without a readable manifest is no store
    answer = service.answer_query(str(version), read_query(sparql), (), (), choice, max_results)
    if format != "table" or answer.media_type != RESULTS[0].media_type:
        sys.stdout.buffer.write(answer.body)
        return
    doc = json.loads(answer.body)
    if "boolean" in doc:
        out.print("true" if doc["boolean"] else "false")
        return
    variables = doc["head"]["vars"]
    table = Table(*variables, show_lines=False)
    bindings = doc["results"]["bindings"]
    for row in bindings:
        table.add_row(*(row[v]["value"] if v in row else "" for v in variables))
    out.print(table)
    err.print(f"{len(bindings)} row(s)")


@app.command("export")
@guarded
def export_cmd(
    format: Annotated[str, typer.Option("--format", "-f", help=names(GRAPHS))] = "trig",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="file (default: stdout)")
    ] = None,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Export the graph: ttl/jsonld = the merged graph; trig/nq = one graph per source."""
    fmt = named(format, GRAPHS)
    if fmt is None:
        raise BadInput(f"unknown format {format!r}: use {names(GRAPHS)}")
    db = open_store(store)[0]
    if fmt.datasets:
        quads = db.quads_for_pattern(None, None, None, None)
        named_only = (q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph))
        data = ox.serialize(named_only, format=fmt.engine, prefixes=PREFIXES)
    else:
        triples = (q.triple for q in db.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        data = ox.serialize(triples, format=fmt.engine, prefixes=PREFIXES)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)
        err.print(f"[green]✓[/] wrote {output} ({len(data)} bytes)", highlight=False)


@app.command("stats")
@guarded
def stats_cmd(
    store: StoreOpt = DEFAULT_STORE,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Agreements, sources and countries tied; quads, graphs and entities per class."""
    version = live_version(store)
    read_manifest(version)
    stats = service.stats(str(version))
    if as_json:
        out.print_json(json.dumps(stats))
        return
    summary = stats["summary"]
    out.print(
        f"{summary['agreements']} agreements, {summary['sources']} sources"
        f" ({summary['sources_with_url']} with a URL), {summary['countries_tied']} countries tied"
    )
    out.print(f"{stats['triples']} triples (union), {stats['quads']} quads in the store")
    graphs = Table("graph", "triples", title="named graphs")
    for name, count in stats["graphs"].items():
        graphs.add_row(name, str(count))
    out.print(graphs)
    classes = Table("class", "entities", title="entities per class")
    for row in stats["classes"]:
        classes.add_row(row["label"] or row["class"], str(row["entities"]))
    out.print(classes)


for name, command in cli_network.COMMANDS.items():
    app.command(name)(guarded(command))

app.command("serve")(serve_cmd)
