"""Positions for a view, computed once on the server: the same graph always gets the
same drawing, whatever order its nodes and ties were read in, and the browser never
runs a physics simulation.

networkx's spring layout is dense (numpy only) below 500 nodes and needs scipy
above, and costs seconds at 1,500 nodes: only the CORE best connected nodes get a
spring layout; every other node is placed beside the neighbour it is reached
from (breadth first, at a seeded random angle), and nodes not reached at all go
on an outer ring. Nodes and ties are fed in sorted order and the random
generators are seeded, so positions depend on the graph alone. The last few
layouts are kept with the projection they were cut from (graph.view.kept), so
asking again for a view costs no layout.
"""

import math
import random

import networkx as nx

from graph.view.kept import kept

CORE = 250  # nodes given a real spring layout
SEED = 7
ITERATIONS = 50


def canonical(graph: nx.Graph) -> nx.Graph:
    """An undirected copy with nodes and ties inserted in sorted order."""
    out = nx.Graph()
    out.add_nodes_from(sorted(graph))
    out.add_edges_from(sorted(tuple(sorted((s, o))) for s, o in graph.edges()))
    return out


def positions(
    graph: nx.Graph, core: int = CORE, seed: int = SEED
) -> dict[str, tuple[float, float]]:
    """Deterministic positions, roughly within [-1.3, 1.3] on both axes."""
    undirected = canonical(graph)
    ranked = sorted(undirected, key=lambda n: (-undirected.degree(n), n))
    spring = nx.spring_layout(
        canonical(undirected.subgraph(ranked[:core])), seed=seed, iterations=ITERATIONS
    )
    pos = {n: (float(x), float(y)) for n, (x, y) in spring.items()}
    rng = random.Random(seed)
    step = 1.5 / math.sqrt(max(len(pos), 1))
    queue = list(pos)
    for node in queue:  # breadth first from the spring-laid core
        x, y = pos[node]
        for nb in undirected[node]:
            if nb not in pos:
                angle, radius = rng.uniform(0, 2 * math.pi), step * rng.uniform(0.4, 1.0)
                pos[nb] = (x + radius * math.cos(angle), y + radius * math.sin(angle))
                queue.append(nb)
    rest = [n for n in ranked if n not in pos]
    for i, node in enumerate(rest):
        angle = 2 * math.pi * i / len(rest)
        pos[node] = (1.3 * math.cos(angle), 1.3 * math.sin(angle))
    return pos


def kept_positions(projection: nx.DiGraph, view: nx.Graph) -> dict[str, tuple[float, float]]:
    """positions(view), computed once for the last few views cut from this projection."""
    key = (frozenset(view), frozenset(view.edges()))
    return kept(projection, "layout", key, lambda: positions(view))
