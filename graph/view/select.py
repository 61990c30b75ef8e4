"""Which part of the graph a view shows: around a focus, along paths, or everything.

Names are resolved like the path queries' (graph.network.resolve) and paths
found by graph.network.search. vis-network's physics is O(n^2), so a view
is capped: nodes closest to the focus, then the best connected, are kept.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import networkx as nx

from graph.errors import BadInput
from graph.network.answers import HOPS_MAX, K_MAX, check_range
from graph.network.resolve import resolve
from graph.network.search import find_paths, neighbourhood
from graph.network.sentences import render_path

DEFAULT_CAP = 1500  # nodes drawn at most
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
    path_edges: frozenset[tuple[str, str]] = frozenset()  # (subject, object) of each hop
    notes: tuple[tuple[str, str], ...] = ()  # (summary, text): each path, or why there is none

    @property
    def capped(self) -> bool:
        return self.graph.number_of_nodes() < self.total_nodes


def build_view(
    graph: nx.DiGraph,
    *,
    focus: str | None = None,
    depth: int = 1,
    path_from: str | None = None,
    path_to: str | None = None,
    k: int = 1,
    max_hops: int = 6,
    include_isolated: bool = False,
    cap: int = DEFAULT_CAP,
) -> View:
    """A view from what a person asks: names resolved, paths found, then selected.

    Raises NotFound / Ambiguous for a name, BadInput for other bad input (graph.errors).
    """
    check_range("depth", depth, 0, MAX_DEPTH)
    check_range("cap", cap, 1, MAX_CAP)
    check_range("k", k, 1, K_MAX)
    check_range("max_hops", max_hops, 1, HOPS_MAX)
    if (path_from is None) != (path_to is None):
        raise BadInput("path-from and path-to go together")
    if path_from is not None and path_to is not None:
        if focus is not None:
            raise BadInput("give a focus or a path, not both")
        start, end = resolve(graph, path_from, "path-from"), resolve(graph, path_to, "path-to")
        found = find_paths(graph, start, end, k, max_hops)
        names = f"{graph.nodes[start]['label']} → {graph.nodes[end]['label']}"
        none = f"No path of at most {max_hops} hops: {names}."
        notes = [
            (f"Path {i} · {p.length} hops", render_path(graph, p, sep="\n"))
            for i, p in enumerate(found, 1)
        ] or [("No path", none)]
        return select(
            graph,
            seeds=[n for p in found for n in p.nodes] or [start, end],
            depth=depth,
            path_edges=[(h.subject, h.object) for p in found for h in p.hops],
            cap=cap,
            heading=f"{'Paths' if k > 1 else 'Path'}: {names}",
            notes=notes,
        )
    if focus is not None:
        iri = resolve(graph, focus, "focus")
        hops = "hop" if depth == 1 else "hops"
        heading = f"{graph.nodes[iri]['label']} and {depth} {hops} around"
        return select(graph, seeds=[iri], depth=depth, cap=cap, heading=heading)
    return select(graph, include_isolated=include_isolated, cap=cap)


def select(
    graph: nx.DiGraph,
    *,
    seeds: Sequence[str] = (),
    depth: int = 1,
    path_edges: Iterable[tuple[str, str]] = (),
    include_isolated: bool = False,
    cap: int = DEFAULT_CAP,
    heading: str = "All ties",
    notes: Sequence[tuple[str, str]] = (),
) -> View:
    """The subgraph within `depth` hops of the seeds (graph.network.search.neighbourhood), else all.

    The whole graph leaves out isolated nodes (the countries nothing is tied to
    yet) unless include_isolated. Over the cap, nodes closest to the seeds,
    then the best connected, are kept.
    """
    missing = sorted(set(seeds) - set(graph))
    if missing:
        raise BadInput(f"not in the graph: {', '.join(missing)}")
    isolated = 0
    if seeds:
        dist: dict[str, int] = {}
        for seed in dict.fromkeys(seeds):
            for node, d in neighbourhood(graph, seed, depth, graph.number_of_nodes()).depth.items():
                dist[node] = min(d, dist.get(node, d))
        candidates = list(dist)
        order = sorted(candidates, key=lambda n: (dist[n], -graph.degree(n), n))
    else:
        candidates = [n for n in graph if include_isolated or graph.degree(n)]
        isolated = graph.number_of_nodes() - len(candidates)
        order = sorted(candidates, key=lambda n: (-graph.degree(n), n))
    sub = graph.subgraph(order[:cap]).copy()
    for node in sub:
        sub.nodes[node]["sources"] = node_sources(graph, node)
    return View(
        graph=sub,
        total_nodes=len(candidates),
        total_edges=graph.subgraph(candidates).number_of_edges(),
        heading=heading,
        isolated_left_out=isolated,
        seeds=frozenset(seeds),
        path_edges=frozenset(path_edges),
        notes=tuple(notes),
    )


def node_sources(graph: nx.DiGraph, node: str) -> set[str]:
    """Sources stating any tie of the node (an entity's statements come with its ties)."""
    edges = [*graph.in_edges(node, data=True), *graph.out_edges(node, data=True)]
    return {
        src for _, _, d in edges for pred in d["predicates"].values() for src in pred["sources"]
    }
