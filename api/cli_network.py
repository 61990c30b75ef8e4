"""The commands over the entity graph (path, neighbours, ties, view) and extraction.

Plain functions that api.cli registers; each computes what its HTTP twin
(/paths, /neighbours, /ties, /view, POST /extract) computes, then prints it.
"""

import json
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import networkx as nx
import typer

from api.console import AsOfOpt, DataOpt, FormatOpt, StoreOpt, err
from graph.build.pipeline import DEFAULT_DATA
from graph.dates import parse_day
from graph.errors import BadInput
from graph.network.answers import neighbours_query, path_query, ties_query
from graph.network.projection import project
from graph.network.sentences import neighbours_text, render_path, ties_text
from graph.store.versions import DEFAULT_STORE, open_store
from graph.view.draw import render_html
from graph.view.graphml import to_graphml
from graph.view.labels import vocabulary_labels
from graph.view.select import DEFAULT_CAP, build_view


def graph_answer(store: Path, format: str, query: Callable[[nx.DiGraph], dict]) -> dict | None:
    """Run a path/neighbours/ties query; print JSON and return None, or return it for text."""
    if format not in {"text", "json"}:
        raise BadInput(f"unknown format {format!r}: use text or json")
    answer = query(project(open_store(store)[0]))
    if format == "json":
        sys.stdout.write(json.dumps(answer, indent=2, ensure_ascii=False) + "\n")
        return None
    return answer


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
    db = open_store(store)[0]
    view = build_view(
        project(db),
        focus=focus,
        depth=depth,
        path_from=path_from,
        path_to=path_to,
        k=k,
        max_hops=max_hops,
        include_isolated=isolated,
        cap=cap,
    )
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
    # The extractor loads spaCy: only this command pays for it.
    from graph.extract.proposal import to_yaml
    from graph.extract.service import extract, known_names

    day = parse_day(published, "--published")
    try:
        text = article.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"cannot read {article}: {exc}") from exc
    names = known_names(store, data)
    proposal = extract(
        text,
        names,
        source_id=article.stem,
        source_url=source_url,
        published=day,
        document=article.name,
    )
    record = to_yaml(proposal, article.name)
    if evidence is not None:
        report = json.dumps(proposal.as_json(), indent=2, ensure_ascii=False)
        evidence.write_text(report + "\n", encoding="utf-8")
    if output is None:
        sys.stdout.write(record)
    else:
        output.write_text(record, encoding="utf-8")
    new = sum(1 for e in proposal.entities if e["new"])
    err.print(
        f"[green]✓[/] proposed {len(proposal.facts)} facts, {len(proposal.entities)} entities "
        f"({new} new); names known from {names.origin}",
        highlight=False,
    )
    for warning in proposal.warnings:
        err.print(f"[yellow]![/] {warning}", highlight=False)


COMMANDS: dict[str, Callable[..., Any]] = {
    "path": path_cmd,
    "neighbours": neighbours_cmd,
    "ties": ties_cmd,
    "view": view_cmd,
    "extract": extract_cmd,
}
