"""Which part of the graph a view shows: around a focus, along paths, or everything.

A path view asks graph.network.answers.path_query, the function behind /paths, so
`via`, `exclude` and `as_of` are checked and answered exactly as there (same
names, same messages, same paths). The same filters (graph.network.filters)
then trim what is drawn around the seeds: excluded entities and predicates go,
`via` keeps only its predicates and, beside the seeds, nodes of its classes, and
agreements and events not yet signed or held by `as_of` go. A view is capped:
nodes closest to the seeds, then the best connected, are kept.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import networkx as nx

from graph.errors import BadInput
from graph.network.answers import HOPS_MAX, K_MAX, check_range, path_query
from graph.network.filters import NO_FILTERS, Filters, existed, make_filters
from graph.network.resolve import resolve
from graph.network.search import Path, neighbourhood
from graph.network.sentences import render_path

DEFAULT_CAP = 2000  # nodes drawn at most (bench/EXPLORER.md: 2,000 draw well within 3 s)
MAX_CAP = 5000
MAX_DEPTH = 6


@dataclass(frozen=True)
class View:
    """The subgraph to draw, what it was drawn around, and what was left out of it."""

    graph: nx.DiGraph
    total_nodes: int  # nodes that matched before the cap
    total_edges: int
    heading: str = "All ties"
    isolated_left_out: int = 0
    seeds: frozenset[str] = frozenset()  # the focus, or the nodes of the paths
    paths: tuple[tuple[tuple[str, str], ...], ...] = ()  # (subject, object) of each hop, per path
    notes: tuple[tuple[str, str], ...] = ()  # (summary, text): each path, or why there is none
    focus: str | None = None
    filters: Filters = NO_FILTERS

    @property
    def capped(self) -> bool:
        return self.graph.number_of_nodes() < self.total_nodes

    @property
    def path_edges(self) -> frozenset[tuple[str, str]]:
        return frozenset(edge for path in self.paths for edge in path)


def check_view(
    focus: str | None,
    depth: int,
    path_from: str | None,
    path_to: str | None,
    k: int,
    max_hops: int,
    cap: int,
) -> None:
    """Refuse (BadInput) what no view can be: out of range, or a focus and a path both."""
    check_range("depth", depth, 0, MAX_DEPTH)
    check_range("cap", cap, 1, MAX_CAP)
    check_range("k", k, 1, K_MAX)
    check_range("max_hops", max_hops, 1, HOPS_MAX)
    if (path_from is None) != (path_to is None):
        raise BadInput("from and to go together")
    if path_from is not None and focus is not None:
        raise BadInput("give a focus or a path, not both")


def build_view(
    graph: nx.DiGraph,
    *,
    focus: str | None = None,
    depth: int = 1,
    path_from: str | None = None,
    path_to: str | None = None,
    k: int = 1,
    max_hops: int = 6,
    via: Iterable[str] = (),
    exclude: Iterable[str] = (),
    as_of: str | None = None,
    include_isolated: bool = False,
    cap: int = DEFAULT_CAP,
) -> View:
    """A view from what a person asks: names resolved, paths found, then selected.

    Raises NotFound / Ambiguous for a name, BadInput for other bad input (graph.errors).
    """
    check_view(focus, depth, path_from, path_to, k, max_hops, cap)
    if path_from is not None and path_to is not None:
        answer = path_query(
            graph, path_from, path_to, k, max_hops, via, exclude, as_of, render=path_text
        )
        return path_view(graph, answer, make_filters(graph, via, exclude, as_of), depth, cap)
    filters = make_filters(graph, via, exclude, as_of)
    if focus is not None:
        return focus_view(graph, resolve(graph, focus, "focus"), filters, depth, cap)
    return select(graph, include_isolated=include_isolated, cap=cap, filters=filters)


def path_text(graph: nx.DiGraph, path: Path) -> str:
    """A path's sentences as a view shows them: one hop a line."""
    return render_path(graph, path, sep="\n")


def focus_view(
    graph: nx.DiGraph, iri: str, filters: Filters, depth: int, cap: int, note: str | None = None
) -> View:
    """The view `depth` hops around one entity; `note` says what the graph it is cut from
    leaves out (graph.view.remote)."""
    if iri in filters.exclude_nodes:
        raise BadInput("exclude: cannot exclude the focus")
    hops = "hop" if depth == 1 else "hops"
    heading = f"{graph.nodes[iri]['label']} and {depth} {hops} around"
    notes = [("Not read", note)] if note else []
    return select(
        graph, seeds=[iri], depth=depth, cap=cap, heading=heading, notes=notes, focus=iri,
        filters=filters,
    )  # fmt: skip


def path_hops(answer: dict) -> list[tuple[tuple[str, str], ...]]:
    """The (subject, object) of each hop, per path of a /paths answer."""
    return [
        tuple((h["subject"]["iri"], h["object"]["iri"]) for h in p["hops"]) for p in answer["paths"]
    ]


def path_seeds(answer: dict) -> list[str]:
    """The ends of a /paths answer and every node of its paths, in order."""
    inner = (n for path in path_hops(answer) for hop in path for n in hop)
    return [answer["from"]["iri"], *inner, answer["to"]["iri"]]


def path_view(graph: nx.DiGraph, answer: dict, filters: Filters, depth: int, cap: int) -> View:
    """A /paths answer (rendered by path_text) drawn: its paths, each hop once, and `depth`
    around; when there is none, the answer's message says why."""
    notes = [
        (f"Path {i} · {p['length']} hops", p["text"]) for i, p in enumerate(answer["paths"], 1)
    ] or [("No path", answer["message"])]
    names = f"{answer['from']['label']} → {answer['to']['label']}"
    return select(
        graph,
        seeds=path_seeds(answer),
        depth=depth,
        paths=path_hops(answer),
        cap=cap,
        heading=f"{'Paths' if answer['k'] > 1 else 'Path'}: {names}",
        notes=notes,
        filters=filters,
    )


def select(
    graph: nx.DiGraph,
    *,
    seeds: Sequence[str] = (),
    depth: int = 1,
    paths: Sequence[tuple[tuple[str, str], ...]] = (),
    include_isolated: bool = False,
    cap: int = DEFAULT_CAP,
    heading: str = "All ties",
    notes: Sequence[tuple[str, str]] = (),
    focus: str | None = None,
    filters: Filters = NO_FILTERS,
) -> View:
    """The subgraph within `depth` hops of the seeds (graph.network.search.neighbourhood), else all.

    The whole graph leaves out isolated nodes (the countries nothing is tied to
    yet) unless include_isolated. Over the cap, nodes closest to the seeds,
    then the best connected, are kept.
    """
    missing = sorted(set(seeds) - set(graph))
    if missing:
        raise BadInput(f"not in the graph: {', '.join(missing)}")
    shown = graph if filters == NO_FILTERS else filtered(graph, filters, set(seeds))
    isolated = 0
    if seeds:
        dist: dict[str, int] = {}
        for seed in dict.fromkeys(seeds):
            around = neighbourhood(graph, seed, depth, graph.number_of_nodes(), filters).depth
            for node, d in around.items():
                if node in shown:
                    dist[node] = min(d, dist.get(node, d))
        candidates = list(dist)
        order = sorted(candidates, key=lambda n: (dist[n], -graph.degree(n), n))
    else:
        candidates = [n for n in shown if include_isolated or shown.degree(n)]
        isolated = shown.number_of_nodes() - len(candidates)
        order = sorted(candidates, key=lambda n: (-shown.degree(n), n))
    sub = shown.subgraph(order[:cap]).copy()
    for node in sub:
        sub.nodes[node]["sources"] = node_sources(graph, node)
    return View(
        graph=sub,
        total_nodes=len(candidates),
        total_edges=shown.subgraph(candidates).number_of_edges(),
        heading=heading,
        isolated_left_out=isolated,
        seeds=frozenset(seeds),
        paths=tuple(paths),
        notes=tuple(notes),
        focus=focus,
        filters=filters,
    )


def filtered(graph: nx.DiGraph, filters: Filters, seeds: set[str]) -> nx.DiGraph:
    """The graph as the filters let a view show it: nodes and predicates they leave out go
    (seeds stay, as a path's ends face only `exclude` and `as_of`)."""

    def kept(node: str) -> bool:
        data = graph.nodes[node]
        if node in filters.exclude_nodes or not existed(data, filters.as_of):
            return False
        return node in seeds or not filters.classes or bool(filters.classes & set(data["classes"]))

    def allowed(predicate: str) -> bool:
        if predicate in filters.exclude_predicates:
            return False
        return not filters.predicates or predicate in filters.predicates

    out = nx.DiGraph(**graph.graph)
    out.add_nodes_from((n, d) for n, d in graph.nodes(data=True) if kept(n))
    for s, o, data in graph.edges(data=True):
        if s in out and o in out:
            predicates = {p: v for p, v in data["predicates"].items() if allowed(p)}
            if predicates:
                out.add_edge(s, o, **{**data, "predicates": predicates})
    return out


def node_sources(graph: nx.DiGraph, node: str) -> set[str]:
    """Sources stating any tie of the node (an entity's statements come with its ties)."""
    edges = [*graph.in_edges(node, data=True), *graph.out_edges(node, data=True)]
    return {
        src for _, _, d in edges for pred in d["predicates"].values() for src in pred["sources"]
    }
