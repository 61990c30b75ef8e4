"""Path queries over HTTP: /paths (how is A tied to B?), /neighbours, /ties.

Handlers are plain functions, so FastAPI runs them in its thread pool (the
search is CPU work). Every answer is computed on the networkx projection of the live store,
cached per store version; the server builds it for each new version as it
appears (keep_warm) rather than on the first path query.
Errors are JSON: an unknown name is 404 and an ambiguous one 422, both with
{"message", "candidates": [{iri, label, class}]}; any other bad parameter
is 422 with a message. No path is not an error: 200 with "paths": [] and a
"message" saying why.
"""

import contextlib
import threading
from collections.abc import Callable
from typing import Annotated, Any

import networkx as nx
from fastapi import APIRouter, Depends, Query

from api.deps import graph_errors, live_store
from graph.live import LiveStore
from graph.paths import (
    DEPTH_MAX,
    HOPS_MAX,
    K_MAX,
    NODES_MAX,
    neighbours_query,
    path_query,
    search_graph,
    ties_query,
)
from graph.projection import project
from graph.sentences import render_path
from graph.store import StoreError

router = APIRouter(tags=["paths"])

Live = Annotated[LiveStore, Depends(live_store)]
AsOf = Annotated[
    str | None,
    Query(description="YYYY-MM-DD: leave out agreements not yet signed (and events not yet held)"),
]


def keep_warm(live: LiveStore, stop: threading.Event, every: float = 2.0) -> None:
    """Build the projection and its search graph for each new store version as it
    appears, ahead of the first path query, which would otherwise wait for them
    (about 15 s at a million statements). Runs until stop is set."""
    while True:
        with contextlib.suppress(StoreError):
            search_graph(live.cached("projection", project))
        if stop.wait(every):
            return


def _answer(live: LiveStore, query: Callable[[nx.DiGraph], dict]) -> dict:
    """Run a query on the projection, turning the library's errors into HTTP errors."""
    with graph_errors():
        return query(live.cached("projection", project))


@router.get("/paths")
def paths(
    live: Live,
    source: Annotated[str, Query(alias="from", description="IRI, label, alias or ISO code")],
    target: Annotated[str, Query(alias="to", description="IRI, label, alias or ISO code")],
    k: Annotated[int, Query(ge=1, le=K_MAX, description="how many paths")] = 3,
    max_hops: Annotated[int, Query(ge=1, le=HOPS_MAX)] = 6,
    via: Annotated[
        list[str] | None,
        Query(description="predicates allowed as hops and/or classes allowed as intermediates"),
    ] = None,
    exclude: Annotated[
        list[str] | None, Query(description="entities or predicates to avoid")
    ] = None,
    as_of: AsOf = None,
) -> dict[str, Any]:
    """k shortest paths between two entities, each hop with its predicate, direction and sources."""
    return _answer(
        live,
        lambda g: path_query(
            g, source, target, k, max_hops, via or [], exclude or [], as_of, render=render_path
        ),
    )


@router.get("/neighbours")
def neighbours(
    live: Live,
    of: Annotated[str, Query(description="IRI, label, alias or ISO code")],
    depth: Annotated[int, Query(ge=1, le=DEPTH_MAX)] = 1,
    limit: Annotated[int, Query(ge=1, le=NODES_MAX, description="node cap")] = 200,
) -> dict[str, Any]:
    """The ego network of an entity: nodes within `depth` hops and the statements among them."""
    return _answer(live, lambda g: neighbours_query(g, of, depth, limit))


@router.get("/ties")
def ties(
    live: Live,
    country: Annotated[str, Query(description="ISO 3166-1 alpha-2 code or country name")],
    as_of: AsOf = None,
) -> dict[str, Any]:
    """Partner countries of a country and the agreements (dates, parties, sources) tying them."""
    return _answer(live, lambda g: ties_query(g, country, as_of))
