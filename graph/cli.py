"""The govties command line: build, validate, query, export and inspect the graph."""

import json
import sys
from pathlib import Path
from typing import Annotated

import pyoxigraph as ox
import typer
from rich.console import Console
from rich.table import Table

from graph.build import DEFAULT_DATA, build, validated_dataset
from graph.errors import DataError
from graph.sparql import RESULT_FORMATS, rows, run_query
from graph.stats import store_stats
from graph.store import DEFAULT_STORE, StoreError, open_store
from ontology import PREFIXES

app = typer.Typer(
    help="govties: a knowledge graph of cross-border digital-government ties.",
    no_args_is_help=True,
    add_completion=False,
)
out = Console()
err = Console(stderr=True)

DataOpt = Annotated[Path, typer.Option("--data", help="data directory (records/ inside)")]
StoreOpt = Annotated[
    Path, typer.Option("--store", help="store path (a symlink to the live version)")
]

EXPORT_FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
    "jsonld": ox.RdfFormat.JSON_LD,
}


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


def report_data_error(exc: DataError) -> typer.Exit:
    for problem in exc.problems:
        err.print(f"[red]✗[/] {problem}", highlight=False, soft_wrap=True)
    return fail(f"{len(exc.problems)} problem(s) in the records; nothing was changed")


def open_or_exit(store: Path) -> ox.Store:
    try:
        return open_store(store)[0]
    except StoreError as exc:
        raise fail(str(exc)) from exc


@app.command("build")
def build_cmd(data: DataOpt = DEFAULT_DATA, store: StoreOpt = DEFAULT_STORE) -> None:
    """Build the store from the records; the served store is replaced only if all is valid."""
    with err.status("building") as status:
        try:
            report = build(data, store, step=lambda text: status.update(text))
        except DataError as exc:
            raise report_data_error(exc) from exc
        except StoreError as exc:
            raise fail(str(exc)) from exc
    err.print(
        f"[green]✓[/] built {report.quads} quads in {report.graphs} graphs "
        f"from {report.sources} sources in {report.seconds:.2f}s -> {report.version}",
        highlight=False,
    )


@app.command("validate")
def validate_cmd(data: DataOpt = DEFAULT_DATA) -> None:
    """Check the records (structure, references, SHACL) without touching the store."""
    try:
        built = validated_dataset(data)
    except DataError as exc:
        raise report_data_error(exc) from exc
    err.print(f"[green]✓[/] {len(built.sources)} records valid", highlight=False)


def read_query(text: str) -> str:
    """A query given inline, as @file.rq, or as - for standard input."""
    if text == "-":
        return sys.stdin.read()
    if text.startswith("@"):
        path = Path(text[1:])
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise fail(f"cannot read query file {path}: {exc.strerror}") from exc
    return text


@app.command("query")
def query_cmd(
    sparql: Annotated[str, typer.Argument(help="SPARQL text, @file.rq, or - for stdin")],
    format: Annotated[
        str, typer.Option("--format", "-f", help="table, csv, tsv, json or xml")
    ] = "table",
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Run a SPARQL query over the store (default graph = union of all sources)."""
    if format not in {"table", *RESULT_FORMATS}:
        raise fail(f"unknown format {format!r}: use table, {', '.join(RESULT_FORMATS)}", 2)
    db = open_or_exit(store)
    try:
        result = run_query(db, read_query(sparql))
    except SyntaxError as exc:
        raise fail(f"malformed query: {exc}", 2) from exc
    if isinstance(result, ox.QueryTriples):
        fmt = ox.RdfFormat.N_TRIPLES if format == "table" else ox.RdfFormat.TURTLE
        sys.stdout.buffer.write(ox.serialize(result, format=fmt, prefixes=PREFIXES))
        return
    if format != "table":
        sys.stdout.buffer.write(result.serialize(format=RESULT_FORMATS[format]))
        return
    if isinstance(result, ox.QueryBoolean):
        out.print("true" if bool(result) else "false")
        return
    names, body = rows(result)
    table = Table(*names, show_lines=False)
    for row in body:
        table.add_row(*row)
    out.print(table)
    err.print(f"{len(body)} row(s)")


@app.command("export")
def export_cmd(
    format: Annotated[str, typer.Option("--format", "-f", help="ttl, trig, nq or jsonld")] = "trig",
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="file (default: stdout)")
    ] = None,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Export the graph: ttl/jsonld = the merged graph; trig/nq = one graph per source."""
    if format not in EXPORT_FORMATS:
        raise fail(f"unknown format {format!r}: use {', '.join(EXPORT_FORMATS)}", 2)
    db = open_or_exit(store)
    rdf_format = EXPORT_FORMATS[format]
    if rdf_format.supports_datasets:
        quads = db.quads_for_pattern(None, None, None, None)
        named = (q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph))
        data = ox.serialize(named, format=rdf_format, prefixes=PREFIXES)
    else:
        triples = (q.triple for q in db.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        data = ox.serialize(triples, format=rdf_format, prefixes=PREFIXES)
    if output is None:
        sys.stdout.buffer.write(data)
    else:
        output.write_bytes(data)
        err.print(f"[green]✓[/] wrote {output} ({len(data)} bytes)", highlight=False)


@app.command("stats")
def stats_cmd(
    store: StoreOpt = DEFAULT_STORE,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Quads, graphs and entities per class in the store."""
    stats = store_stats(open_or_exit(store))
    if as_json:
        out.print_json(json.dumps(stats))
        return
    out.print(f"{stats['triples']} triples (union), {stats['quads']} quads in the store")
    graphs = Table("graph", "triples", title="named graphs")
    for name, count in stats["graphs"].items():
        graphs.add_row(name, str(count))
    out.print(graphs)
    classes = Table("class", "entities", title="entities per class")
    for row in stats["classes"]:
        classes.add_row(row["label"] or row["class"], str(row["entities"]))
    out.print(classes)
