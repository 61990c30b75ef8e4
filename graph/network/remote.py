"""/paths, /neighbours, /ties and /view without the whole projection: frontier queries.

The same answers as graph.network.answers, whose functions take the projection;
these take a select function, a SELECT query -> its rows (`lambda q: value_rows(store,
q)` with graph.sparql.query.value_rows, over the embedded store or a
graph.backend.remote.RemoteStore alike), and read only the part of the graph a
question needs into a partial projection (graph.network.frontier), then run the very
same answer code on it.

Paths: bidirectional breadth-first search. Two balls grow around the ends, one hop
at a time, the one with the smaller frontier first. A path of L hops lies within
a hops of one end and b of the other whenever a + b >= L (its node at position i is
within i of the start and L - i of the end, and each of its edges has an end
expanded from one side), so once the radii add up to `reach`, the partial graph
holds every path of at most `reach` hops: the k best of them are the k best
overall as soon as k are found. The balls only walk what the filters let a path
use (excluded or not-yet-signed entities, classes, predicates), which can only
shorten the search; searching waits until the balls touch (no path is shorter
than their radii before). With no path within max_hops the balls grow on to
HOPS_MAX, as the answer's message names the shortest path there is. One latitude:
among paths of equal rank (length, cost) a search returns the one it meets first,
which depends on the graph it runs over, so over a partial graph it may return
another path of the same rank.

Views (graph.view.remote): view_ball reads what a view around some seeds draws.

Bounds: an entity with more than `fanout` neighbours is followed to the first
`fanout` of them, and the balls stop growing past `nodes_max` entities; either cut
is said in the answer's "message" (an answer that was cut may miss paths).
"""

from collections.abc import Callable, Collection, Iterable

import networkx as nx

from graph import dates
from graph.network import answers
from graph.network.answers import DEPTH_MAX, HOPS_MAX, K_MAX, NODES_MAX, check_range
from graph.network.filters import NO_FILTERS, Filters, existed
from graph.network.frontier import FANOUT, Frontier, Select
from graph.network.remote_names import RemoteNames
from graph.network.search import Path, find_paths, neighbourhood
from graph.network.ties import AGREEMENT, TIE_ROLES
from ontology import GT, ORG

NODES_BUDGET = 200_000  # entities a path search reads at most
UPWARD = (str(GT.country), str(ORG.subOrganizationOf))


def cut_note(frontier: Frontier, budget_hit: bool = False, nodes_max: int = 0) -> str | None:
    """What the bounds left out, for the answer's message; None if nothing was."""
    notes = []
    if frontier.cut:
        hubs = sorted(frontier.cut.items(), key=lambda item: (-item[1], item[0]))
        named = ", ".join(f"<{iri}> ({count})" for iri, count in hubs[:5])
        more = f" and {len(hubs) - 5} more" if len(hubs) > 5 else ""
        notes.append(
            f"followed only {frontier.fanout} neighbours of {named}{more}: paths through "
            "the others were not searched"
        )
    if budget_hit:
        notes.append(f"the search stopped after reading {nodes_max} entities")
    return "; ".join(notes) or None


def _with_note(answer: dict, note: str | None) -> dict:
    if note:
        answer["message"] = f"{answer['message']}; {note}" if answer.get("message") else note
    return answer


class _Balls:
    """The two balls of the bidirectional search, grown over one frontier."""

    def __init__(self, frontier: Frontier, start: str, end: str, filters: Filters) -> None:
        self.frontier = frontier
        self.filters = filters
        self.ends = {start, end}
        frontier.fetch(self.ends)
        self.seen = [{start}, {end}]  # every node within the radius, per side
        self.edge = [{start}, {end}]  # the nodes at the radius, still to expand
        self._passable: dict[str, bool] = {}

    def passable(self, node: str, graph: nx.DiGraph) -> bool:
        """Whether a path may go on through node (graph.network.search's test)."""
        data = graph.nodes[node]
        if node in self.filters.exclude_nodes or not existed(data, self.filters.as_of):
            return False
        classes = self.filters.classes
        return node in self.ends or not classes or bool(classes & set(data["classes"]))

    def grow(self, graph: nx.DiGraph) -> bool:
        """One hop more on the side with the smaller frontier; False if neither can grow."""
        sides = sorted((i for i in (0, 1) if self.edge[i]), key=lambda i: len(self.edge[i]))
        if not sides:
            return False
        side = sides[0]
        todo = {n for n in self.edge[side] if self.passable(n, graph)}
        self.frontier.expand(todo, self.filters.allows)
        reached = set().union(*(self.frontier.adjacent.get(n, set()) for n in todo))
        self.edge[side] = reached - self.seen[side]
        self.seen[side] |= self.edge[side]
        return True

    def touch(self) -> bool:
        return bool(self.seen[0] & self.seen[1])

    def complete(self) -> bool:
        """Whether one ball is its end's whole component: nothing more can be found."""
        return not self.edge[0] or not self.edge[1]


def path_query(
    select: Select,
    source: str,
    target: str,
    k: int = 3,
    max_hops: int = 6,
    via: Iterable[str] = (),
    exclude: Iterable[str] = (),
    as_of: str | None = None,
    *,
    render: Callable[[nx.DiGraph, Path], str],
    fanout: int = FANOUT,
    nodes_max: int = NODES_BUDGET,
) -> dict:
    """graph.network.answers.path_query by frontier queries (see the module docstring)."""
    check_range("k", k, 1, K_MAX)
    check_range("max_hops", max_hops, 1, HOPS_MAX)
    names = RemoteNames(select)
    start, end = names.resolve(source, "from"), names.resolve(target, "to")
    filters = names.filters(via, exclude, as_of)
    return path_search(select, start, end, k, max_hops, filters, render, fanout, nodes_max)


def path_search(
    select: Select,
    start: str,
    end: str,
    k: int,
    max_hops: int,
    filters: Filters,
    render: Callable[[nx.DiGraph, Path], str],
    fanout: int = FANOUT,
    nodes_max: int = NODES_BUDGET,
) -> dict:
    """path_query once the ends and filters are resolved."""
    frontier = Frontier(select, fanout)
    balls = _Balls(frontier, start, end, filters)
    graph = frontier.graph()
    budget_hit = False
    for reach in range(1, HOPS_MAX + 1):
        if not balls.grow(graph):
            break
        graph = frontier.graph()
        if balls.complete():
            break
        if len(frontier.nodes) > nodes_max:
            budget_hit = True
            break
        if balls.touch():
            found = find_paths(graph, start, end, k if reach <= max_hops else 1, reach, filters)
            if len(found) == k or (found and reach >= max_hops):
                break
    answer = answers.path_answer(graph, start, end, k, max_hops, filters, render=render)
    return _with_note(answer, cut_note(frontier, budget_hit, nodes_max))


def neighbours_query(
    select: Select, of: str, depth: int = 1, limit: int = 200, *, fanout: int = FANOUT
) -> dict:
    """graph.network.answers.neighbours_query by frontier queries.

    The ball grows a level at a time until `depth`, or until it holds more than
    `limit` nodes (where the breadth-first walk of graph.network.search stops);
    the statements between the nodes of the last level are read at the end.
    """
    check_range("depth", depth, 1, DEPTH_MAX)
    check_range("limit", limit, 1, NODES_MAX)
    centre = RemoteNames(select).resolve(of, "of")
    frontier = Frontier(select, fanout)
    frontier.fetch({centre})
    seen, level = {centre}, {centre}
    for _ in range(depth):
        if len(seen) > limit or not level:
            break
        frontier.expand(level, NO_FILTERS.allows)
        reached = set().union(*(frontier.adjacent.get(n, set()) for n in level))
        level = reached - seen
        seen |= level
    found = neighbourhood(frontier.graph(), centre, depth, limit)
    frontier.close(set(found.depth))
    answer = answers.neighbours_query(frontier.graph(), centre, depth, limit)
    return _with_note(answer, cut_note(frontier))


def view_ball(
    select: Select, seeds: Collection[str], depth: int, filters: Filters, fanout: int = FANOUT
) -> tuple[Frontier, set[str]]:
    """What graph.view.select draws `depth` hops around the seeds, read: the nodes its
    filtered walk (graph.network.search.neighbourhood from each seed) reaches, each with
    every statement it has, so that degrees, sources and the ties among them are the whole
    graph's. Returns the frontier and those nodes.

    Each round expands the nodes the walk reaches on what has been read; after round r
    every node within r - 1 hops is expanded, so distances up to r are exact, and round
    depth + 1 expands the last level.
    """
    frontier = Frontier(select, fanout)
    starts = frontier.fetch(seeds)
    ball, todo = set(starts), set(starts)
    for _ in range(depth + 1):
        if not todo:
            break
        frontier.expand(todo)
        graph = frontier.graph()
        limit = graph.number_of_nodes()
        ball = set().union(*(neighbourhood(graph, s, depth, limit, filters).depth for s in starts))
        todo = ball - frontier.expanded
    return frontier, ball


def read_upward(frontier: Frontier, orgs: set[str], done: set[str]) -> None:
    """Read the parents and countries above these organisations, and above those, up to
    the top (graph.network.ties.countries_of walks them); `done`: those read already."""
    above = orgs - done
    while above:
        done |= above
        above = frontier.follow(above, UPWARD, forward=True) - done


def ties_query(select: Select, country: str, as_of: str | None = None) -> dict:
    """graph.network.answers.ties_query by frontier queries.

    Read: the bodies based in the country and every body under them, the
    agreements they are parties to or facilitated, those agreements' other parties
    and facilitators, and every country and parent body above each of these (the
    countries of a body, graph.network.ties.countries_of). Nothing is capped: the
    answer lists every agreement.
    """
    home = RemoteNames(select).resolve(country, "country", accept=answers.is_country)
    dates.parse_day(as_of, "as_of")  # a bad date before any reading, as answers.ties_query
    frontier = Frontier(select)
    frontier.fetch({home})
    bodies = frontier.follow({home}, {str(GT.country)}, forward=False)
    todo = set(bodies)
    while todo:
        todo = frontier.follow(todo, {str(ORG.subOrganizationOf)}, forward=False) - bodies
        bodies |= todo
    agreements: set[str] = set()
    upward: set[str] = set()
    todo = frontier.follow(bodies, TIE_ROLES, forward=False)
    while todo:
        agreements |= todo
        orgs = frontier.follow(todo, TIE_ROLES, forward=True)
        read_upward(frontier, orgs | bodies, upward)
        graph = frontier.graph()
        todo = {n for n in graph if AGREEMENT in graph.nodes[n]["classes"]} - agreements
    return answers.ties_query(frontier.graph(), home, as_of)
