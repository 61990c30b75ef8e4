"""The govties command line: build, validate, query, export and inspect the graph."""

import json
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Annotated

import networkx as nx
import pyoxigraph as ox
import typer
from rich.console import Console
from rich.table import Table

from graph.build import DEFAULT_DATA, build, validated_dataset
from graph.errors import DataError
from graph.paths import neighbours_query, path_query, ties_query
from graph.projection import project
from graph.resolve import ResolveError
from graph.sentences import neighbours_text, render_path, ties_text
from graph.sparql import RESULT_FORMATS, rows, run_query
from graph.stats import store_stats
from graph.store import DEFAULT_STORE, StoreError, open_store
from graph.view import DEFAULT_CAP, build_view, render_html, to_graphml, vocabulary_labels
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


@app.command("synth")
def synth_cmd(
    agreements: Annotated[int, typer.Option("--agreements", min=1, help="how many agreements")],
    output: Annotated[Path, typer.Option("-o", "--output", help="data directory to write")],
    seed: Annotated[int, typer.Option("--seed", help="same seed, same files")] = 0,
) -> None:
    """Write a synthetic data directory (records/syn-*.yaml) for benchmarks and scale tests."""
    from graph.synth import write

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


FormatOpt = Annotated[str, typer.Option("--format", "-f", help="text or json")]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="YYYY-MM-DD: only agreements signed by then")
]


def graph_answer(store: Path, format: str, query: Callable[[nx.DiGraph], dict]) -> dict | None:
    """Run a path/neighbours/ties query; print JSON and return None, or return it for text."""
    if format not in {"text", "json"}:
        raise fail(f"unknown format {format!r}: use text or json", 2)
    graph = project(open_or_exit(store))
    try:
        answer = query(graph)
    except (ResolveError, ValueError) as exc:
        raise fail(str(exc), 2) from exc
    if format == "json":
        sys.stdout.write(json.dumps(answer, indent=2, ensure_ascii=False) + "\n")
        return None
    return answer


@app.command("path")
def path_cmd(
    source: Annotated[str, typer.Argument(metavar="FROM", help="IRI, label, alias or ISO code")],
    target: Annotated[str, typer.Argument(metavar="TO")],
    k: Annotated[int, typer.Option("-k", help="how many paths")] = 3,
    max_hops: Annotated[int, typer.Option("--max-hops")] = 6,
    via: Annotated[
        list[str] | None, typer.Option("--via", help="predicate (gt:party) or class to go via")
    ] = None,
    exclude: Annotated[
        list[str] | None, typer.Option("--exclude", help="entity or predicate to avoid")
    ] = None,
    as_of: AsOfOpt = None,
    format: FormatOpt = "text",
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """How is FROM connected to TO? The k shortest paths, as sentences citing their sources."""
    one_a_line = partial(render_path, sep="\n")

    answer = graph_answer(
        store,
        format,
        lambda g: path_query(
            g, source, target, k, max_hops, via or [], exclude or [], as_of, render=one_a_line
        ),
    )
    if answer is None:
        return
    if answer["message"]:
        err.print(answer["message"], highlight=False, markup=False)
    for i, path in enumerate(answer["paths"], 1):
        typer.echo(f"Path {i} ({path['length']} hops):")
        typer.echo("".join(f"  {line}\n" for line in path["text"].splitlines()))


@app.command("neighbours")
def neighbours_cmd(
    entity: Annotated[str, typer.Argument(metavar="X", help="IRI, label, alias or ISO code")],
    depth: Annotated[int, typer.Option("--depth", help="hops from X (1-3)")] = 1,
    limit: Annotated[int, typer.Option("--limit", help="node cap")] = 200,
    format: FormatOpt = "text",
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """The ego network of X: nodes within --depth hops and the statements among them."""
    answer = graph_answer(store, format, lambda g: neighbours_query(g, entity, depth, limit))
    if answer is not None:
        typer.echo("\n".join(neighbours_text(answer)))


@app.command("ties")
def ties_cmd(
    country: Annotated[str, typer.Argument(help="ISO 3166-1 alpha-2 code or country name")],
    as_of: AsOfOpt = None,
    format: FormatOpt = "text",
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """Countries tied to COUNTRY through agreements, with dates, parties and sources."""
    answer = graph_answer(store, format, lambda g: ties_query(g, country, as_of))
    if answer is not None:
        typer.echo("\n".join(ties_text(answer)))


@app.command("view")
def view_cmd(
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write")] = Path(
        "view.html"
    ),
    focus: Annotated[str | None, typer.Option("--focus", help="entity to centre on")] = None,
    depth: Annotated[int, typer.Option("--depth", help="hops around the focus or path")] = 1,
    path_from: Annotated[str | None, typer.Option("--path-from", help="path start")] = None,
    path_to: Annotated[str | None, typer.Option("--path-to", help="path end")] = None,
    k: Annotated[int, typer.Option("-k", help="shortest paths to highlight")] = 1,
    max_hops: Annotated[int, typer.Option("--max-hops", help="longest path considered")] = 6,
    isolated: Annotated[bool, typer.Option("--isolated", help="keep entities with no ties")] = (
        False
    ),
    cap: Annotated[int, typer.Option("--cap", help="most nodes drawn")] = DEFAULT_CAP,
    store: StoreOpt = DEFAULT_STORE,
) -> None:
    """An interactive graph page that works offline, plus the same subgraph as GraphML beside it."""
    db = open_or_exit(store)
    graph = project(db)
    try:
        view = build_view(
            graph,
            focus=focus,
            depth=depth,
            path_from=path_from,
            path_to=path_to,
            k=k,
            max_hops=max_hops,
            include_isolated=isolated,
            cap=cap,
        )
    except (ResolveError, ValueError) as exc:
        raise fail(str(exc), 2) from exc
    labels = vocabulary_labels(db)
    graphml = output.with_suffix(".graphml")
    graphml.write_bytes(to_graphml(view, labels))
    output.write_text(render_html(view, labels, graphml_href=graphml.name), encoding="utf-8")
    capped = f" (capped from {view.total_nodes})" if view.capped else ""
    err.print(
        f"[green]✓[/] wrote {output} and {graphml}: {view.graph.number_of_nodes()} nodes"
        f"{capped}, {view.graph.number_of_edges()} ties",
        highlight=False,
    )


@app.command("extract")
def extract_cmd(
    article: Annotated[Path, typer.Argument(help="the article as a text file")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="record YAML (default: stdout)")
    ] = None,
    evidence: Annotated[
        Path | None, typer.Option("--evidence", help="also write every fact's sentences as JSON")
    ] = None,
    source_url: Annotated[
        str | None, typer.Option("--source-url", help="where it was published")
    ] = None,
    published: Annotated[
        str | None, typer.Option("--published", help="publication date YYYY-MM-DD")
    ] = None,
    store: StoreOpt = DEFAULT_STORE,
    data: DataOpt = DEFAULT_DATA,
) -> None:
    """Propose a record (curated format) of the agreement an article reports, for review."""
    from datetime import date  # the extractor loads spaCy: only this command pays for it

    from graph.extract.command import extract_file, write_outputs

    try:
        day = date.fromisoformat(published) if published else None
    except ValueError as exc:
        raise fail(f"--published must be YYYY-MM-DD, not {published!r}", 2) from exc
    try:
        proposal, origin = extract_file(article, store, data, source_url, day)
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(f"cannot read {article}: {exc}", 2) from exc
    text = write_outputs(proposal, article, output, evidence)
    if text is not None:
        sys.stdout.write(text)
    new = sum(1 for e in proposal.entities if e["new"])
    err.print(
        f"[green]✓[/] proposed {len(proposal.facts)} facts, {len(proposal.entities)} entities "
        f"({new} new); names known from {origin}",
        highlight=False,
    )
    for warning in proposal.warnings:
        err.print(f"[yellow]![/] {warning}", highlight=False)


@app.command("serve")
def serve_cmd(
    host: Annotated[str, typer.Option("--host", help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port")] = 8000,
    store: StoreOpt = DEFAULT_STORE,
    update_token: Annotated[
        str | None,
        typer.Option(
            "--update-token",
            envvar="GOVTIES_UPDATE_TOKEN",
            help="allow SPARQL Update / Graph Store writes with this Bearer token "
            "(default: read-only)",
        ),
    ] = None,
    query_timeout: Annotated[
        float,
        typer.Option("--query-timeout", min=0.1, help="seconds per query before it is stopped"),
    ] = 10.0,
    cors: Annotated[
        list[str] | None, typer.Option("--cors", help="allowed CORS origin (repeatable)")
    ] = None,
) -> None:
    """Serve SPARQL 1.1 (/sparql), the query page (/), path queries and the graph view."""
    import uvicorn  # imported here: the other commands need no web stack

    from api.app import create_app
    from api.settings import Settings

    try:
        version = open_store(store)[1]  # opens RocksDB too, so corruption stops us here
    except StoreError as exc:
        raise fail(f"{exc} (nothing served)") from exc
    err.print(f"serving {store} ({version.manifest.get('quads')} quads)", highlight=False)
    if update_token is not None and not update_token.strip():
        raise fail("--update-token must not be empty", 2)
    settings = Settings(
        store=store,
        update_token=update_token,
        query_timeout=query_timeout,
        cors_origins=list(cors or []),
    )
    mode = "read-write (Bearer token)" if update_token else "read-only"
    err.print(f"SPARQL endpoint http://{host}:{port}/sparql, {mode}", highlight=False)
    uvicorn.run(create_app(settings), host=host, port=port)
