"""What the view's tests share: a projection-shaped random graph (the same node and edge
attributes as graph.network.projection gives, at any size; bench/explorer.py uses it too)
/view.json's ties read back by IRI, and a server drawing such a graph."""

import random
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
from fastapi import FastAPI

from api.deps import live_projection
from api.settings import Settings
from api.view import view_projection
from ontology import GT, ID_BASE
from tests import browser

KINDS = (("org", "GovernmentBody"), ("person", "Person"), ("agreement", "Agreement"))


def synthetic(n: int, m: int, seed: int = 1) -> nx.DiGraph:
    """n nodes and m ties between random pairs; agreements are dated 2020-05."""
    rng = random.Random(seed)
    graph = nx.DiGraph()
    for i in range(n):
        kind, cls = rng.choice(KINDS)
        graph.add_node(
            f"{ID_BASE}{kind}/n{i}",
            label=f"Node {i}",
            kind=kind,
            cls=str(GT[cls]),
            classes=[str(GT[cls])],
            aliases=[],
            dates={str(GT.signedOn): ["2020-05"]} if kind == "agreement" else {},
            dated_by={},
            topics=[],
        )
    nodes = list(graph)
    while graph.number_of_edges() < m:
        s, o = rng.sample(nodes, 2)
        graph.add_edge(s, o, predicates={str(GT.party): {"label": "party", "sources": {"src"}}})
    return graph


def ties(data: dict) -> dict[tuple[str, str], dict]:
    """/view.json's ties by (subject, object) IRI: predicate IRIs, source numbers, paths."""
    ids = [n["id"] for n in data["nodes"]]
    names = [p["iri"] for p in data["predicates"]]
    return {
        (ids[e["source"]], ids[e["target"]]): {
            "predicates": {names[p] for p, _ in e["predicates"]},
            "sources": e["sources"],
            "paths": e["paths"],
        }
        for e in data["edges"]
    }


def serve_projection(store: Path, graph: nx.DiGraph) -> Iterator[str]:
    """tests.browser.serve, with the app drawing `graph` instead of the store's projection
    (the store still gives the labels): a big synthetic graph without building a store."""
    made = browser.create_app

    def overridden(settings: Settings) -> FastAPI:
        app = made(settings)
        app.dependency_overrides[live_projection] = lambda: graph
        app.dependency_overrides[view_projection] = lambda: graph
        return app

    browser.create_app = overridden  # serve() builds its app on the first next()
    try:
        yield from browser.serve(store)
    finally:
        browser.create_app = made
