"""Path queries over HTTP: /paths (how is A tied to B?), /neighbours, /ties.

Handlers are plain functions, so FastAPI runs them in its thread pool (the
search is CPU work), on the networkx projection of the live store, built
once per store version (graph.store.warm builds it ahead of the first
query); over a remote store, by SPARQL frontier queries that read only what
a question needs (graph.network.remote). The answers are graph.network.answers;
errors go through api.errors (an unknown name 404 and an ambiguous one 422, both
with candidates; any other bad parameter 422). No path is not an error: 200 with
"paths": [] and a "message" saying why.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from api.deps import live_projection, remote_select
from api.search_limit import SearchLimit
from graph.network import remote
from graph.network.answers import (
    DEPTH_MAX,
    HOPS_MAX,
    K_MAX,
    NODES_MAX,
    neighbours_query,
    path_query,
    ties_query,
)
from graph.network.sentences import render_path

router = APIRouter(tags=["paths"], dependencies=[SearchLimit])

AsOf = Annotated[
    str | None,
    Query(description="YYYY-MM-DD: leave out agreements not yet signed (and events not yet held)"),
]


@router.get("/paths")
def paths(
    request: Request,
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
    asked = (source, target, k, max_hops, via or [], exclude or [], as_of)
    select = remote_select(request)
    if select is not None:
        return remote.path_query(select, *asked, render=render_path)
    return path_query(live_projection(request), *asked, render=render_path)


@router.get("/neighbours")
def neighbours(
    request: Request,
    of: Annotated[str, Query(description="IRI, label, alias or ISO code")],
    depth: Annotated[int, Query(ge=1, le=DEPTH_MAX)] = 1,
    limit: Annotated[int, Query(ge=1, le=NODES_MAX, description="node cap")] = 200,
) -> dict[str, Any]:
    """The ego network of an entity: nodes within `depth` hops and the statements among them."""
    select = remote_select(request)
    if select is not None:
        return remote.neighbours_query(select, of, depth, limit)
    return neighbours_query(live_projection(request), of, depth, limit)


@router.get("/ties")
def ties(
    request: Request,
    country: Annotated[str, Query(description="ISO 3166-1 alpha-2 code or country name")],
    as_of: AsOf = None,
) -> dict[str, Any]:
    """Partner countries of a country and the agreements (dates, parties, sources) tying them."""
    select = remote_select(request)
    if select is not None:
        return remote.ties_query(select, country, as_of)
    return ties_query(live_projection(request), country, as_of)
