"""A view over a store that is not projected whole (a remote SPARQL engine): the part of
the graph the view draws is read by frontier queries (graph.network.remote.view_ball),
then graph.view.select cuts the view from it as it cuts one from the whole projection.

Names and filters are resolved by SPARQL (graph.network.remote_names) in the order
build_view resolves them, so errors are the same; a path view draws the /paths answer
of graph.network.remote. The drawing also needs, for each node, the countries it
belongs to (graph.view.payload.countries): the parents and countries above the
organisations the nodes name are read too.

The whole-graph view (no focus, no path) is refused: it ranks every entity by its
number of ties, which means reading every statement, what a remote store is for not
doing in this process.
"""

from collections.abc import Iterable

import networkx as nx

from graph.errors import BadInput
from graph.network.filters import Filters
from graph.network.frontier import Select
from graph.network.remote import cut_note, path_search, read_upward, view_ball
from graph.network.remote_names import RemoteNames
from graph.view.payload import countries
from graph.view.select import View, check_view, focus_view, path_seeds, path_text, path_view

WHOLE_GRAPH = (
    "over a remote store the view needs a focus, or from and to: the whole graph is "
    "ranked by every entity's ties, which this server does not read"
)


def remote_view(
    select: Select,
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
    cap: int,
) -> tuple[nx.DiGraph, View]:
    """graph.view.select.build_view by frontier queries: the graph read (what the drawing
    is computed from, graph.view.payload) and the view cut from it."""
    check_view(focus, depth, path_from, path_to, k, max_hops, cap)
    names = RemoteNames(select)
    if path_from is not None and path_to is not None:
        start, end = names.resolve(path_from, "from"), names.resolve(path_to, "to")
        filters = names.filters(via, exclude, as_of)
        answer = path_search(select, start, end, k, max_hops, filters, path_text)
        graph, note = _read(select, path_seeds(answer), depth, filters)
        if note and not answer["paths"]:
            answer = {**answer, "message": f"{answer['message']}; {note}"}
        return graph, path_view(graph, answer, filters, depth, cap)
    if focus is None:
        raise BadInput(WHOLE_GRAPH)
    filters = names.filters(via, exclude, as_of)
    iri = names.resolve(focus, "focus")
    graph, note = _read(select, [iri], depth, filters)
    return graph, focus_view(graph, iri, filters, depth, cap, note)


def _read(
    select: Select, seeds: list[str], depth: int, filters: Filters
) -> tuple[nx.DiGraph, str | None]:
    """The graph a view of `depth` around the seeds is cut and drawn from, and what the
    fan-out bound left out of it (None if nothing)."""
    frontier, ball = view_ball(select, seeds, depth, filters)
    graph = frontier.graph()
    orgs: set[str] = set()
    for node in ball:
        countries(graph, node, lambda org: _noted(orgs, org))
    read_upward(frontier, orgs, set())
    return frontier.graph(), cut_note(frontier)


def _noted(orgs: set[str], org: str) -> frozenset[str]:
    """Record an organisation whose countries the drawing asks for (none known yet)."""
    orgs.add(org)
    return frozenset()
