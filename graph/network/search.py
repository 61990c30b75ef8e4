"""How is A connected to B? Paths and ego networks over the projection, networkx style.

SPARQL property paths say *whether* two entities are connected, not *how*;
these plain functions over the projection (graph.network.projection) return the
statements along the way, each with the sources that state it.

Traversal ignores edge direction (a ministry is tied to the MoU it is a party
to, although the triple points from the MoU) but every hop keeps it. Search
runs on an undirected companion graph built once per projection, whose edges
hold every statement between two nodes; filters act through the weight
function (None hides an edge), so no query copies the graph.

Ranking: fewest hops first; among equal lengths, the lowest sum of per-hop
costs, which prefers ties made through agreements (party 0, facilitator 1)
over organisational (1-2), locational and country hops (3-4). Both are folded
into one integer weight, HOP + cost, with HOP larger than any path's total
cost, so Dijkstra and Yen rank by (length, cost). Remaining ties are broken
by the search order over a graph built in IRI order: the same data always
gives the same answer. k=1 is one bidirectional Dijkstra (bidirectional BFS
with these weights); k>1 is Yen's algorithm (nx.shortest_simple_paths).

Defaults: rdf:type, topics and source documents are not in the projection;
the derived gt:tiedWith country shortcut is a hop only if `via` names it.

Filters (via, exclude, as_of) are graph.network.filters. A search stops at its
caller's time limit (graph.network.deadline, checked per edge weight and loop step).
"""

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

import networkx as nx

from graph.errors import BadInput
from graph.network.deadline import check, checked
from graph.network.filters import NO_FILTERS, SHORTCUTS, Filters, existed
from graph.network.projection import MEMBER_OF, memo
from ontology import GT, ORG, SCHEMA

HOP = 1000  # > max hops x max cost: length always ranks before cost
PREDICATE_COST: dict[str, int] = {
    str(GT.party): 0,
    str(GT.facilitator): 1,
    str(ORG.subOrganizationOf): 1,
    str(GT.signatory): 2,
    str(GT.witness): 2,
    str(GT.ledBy): 2,
    MEMBER_OF: 2,
    str(GT.partOf): 2,
    str(GT.buildsOn): 2,
    str(GT.renews): 2,
    str(GT.country): 3,
    str(GT.participant): 3,
    str(GT.organizer): 3,
    str(GT.leadAgency): 3,
    str(GT.launchedBy): 3,
    str(GT.signedAt): 4,
    str(GT.location): 4,
    str(SCHEMA.containedInPlace): 4,
    str(GT.tiedWith): 5,
}
DEFAULT_COST = 3

Statement = tuple[str, str, str]  # (predicate, subject, object)


@dataclass(frozen=True)
class Hop:
    """One statement walked along a path: from_node -> to_node is subject -> object or back."""

    from_node: str
    to_node: str
    predicate: str
    subject: str
    object: str
    sources: tuple[str, ...]

    @property
    def direction(self) -> str:
        return "forward" if self.subject == self.from_node else "backward"


@dataclass(frozen=True)
class Path:
    nodes: tuple[str, ...]
    hops: tuple[Hop, ...]
    cost: int  # sum of per-hop predicate costs (lower = more through agreements)

    @property
    def length(self) -> int:
        return len(self.hops)


# --- the search graph and the filters --------------------------------------------------------


def search_graph(graph: nx.DiGraph, shortcuts: bool = False) -> nx.Graph:
    """Undirected companion of the projection; edge attrs "statements" (best first) and
    "weight" (the unfiltered weight). The derived shortcuts are in it only if asked for:
    the default search never walks them, and leaving them out keeps distances honest
    for the corridor (see _k_best)."""

    def build(g: nx.DiGraph) -> nx.Graph:
        pairs: dict[tuple[str, str], list[Statement]] = {}
        for s, o, data in g.edges(data=True):
            for predicate in data["predicates"]:
                if shortcuts or predicate not in SHORTCUTS:
                    pairs.setdefault((min(s, o), max(s, o)), []).append((predicate, s, o))
        search = nx.Graph()
        search.add_nodes_from(sorted(g.nodes))
        for pair in sorted(pairs):
            statements = tuple(sorted(pairs[pair], key=_statement_order))
            search.add_edge(*pair, statements=statements, weight=HOP + cost_of(statements[0][0]))
        return search

    return memo(graph, "search_graph+shortcuts" if shortcuts else "search_graph", build)


def _search_for(graph: nx.DiGraph, filters: Filters) -> nx.Graph:
    return search_graph(graph, shortcuts=bool(filters.predicates & SHORTCUTS))


def _statement_order(statement: Statement) -> tuple[int, str, str, str]:
    return (cost_of(statement[0]), *statement)


def cost_of(predicate: str) -> int:
    return PREDICATE_COST.get(predicate, DEFAULT_COST)


def _passable(graph: nx.DiGraph, filters: Filters, ends: set[str]) -> Callable[[str], bool]:
    """Whether a path may pass through a node (endpoints only face as_of and exclude)."""

    def ok(node: str) -> bool:
        data = graph.nodes[node]
        if node in filters.exclude_nodes or not existed(data, filters.as_of):
            return False
        return node in ends or not filters.classes or bool(filters.classes & set(data["classes"]))

    return ok


def _weight(
    graph: nx.DiGraph, filters: Filters, ends: set[str]
) -> Callable[[str, str, dict], int | None]:
    passable = _passable(graph, filters, ends)

    def weight(u: str, v: str, data: dict) -> int | None:
        if not (passable(u) and passable(v)):
            return None
        costs = [cost_of(p) for p, _, _ in data["statements"] if filters.allows(p)]
        return HOP + min(costs) if costs else None

    return weight


def _stored_weight(u: str, v: str, data: dict) -> int:
    return data["weight"]


# --- paths --------------------------------------------------------------------------------


def find_paths(
    graph: nx.DiGraph,
    source: str,
    target: str,
    k: int = 1,
    max_hops: int = 6,
    filters: Filters = NO_FILTERS,
) -> list[Path]:
    """Up to k simple paths of at most max_hops hops, ranked (length, cost); [] if none."""
    if source == target:
        raise BadInput("from and to are the same entity")
    search = _search_for(graph, filters)
    # Unfiltered, the stored edge weight: far cheaper than the filtering function once per
    # edge relaxation. Either way through graph.network.deadline, which stops a long search.
    own = _stored_weight if filters == NO_FILTERS else _weight(graph, filters, {source, target})
    weight = checked(own)
    try:
        best = nx.bidirectional_dijkstra(search, source, target, weight=weight)[1]
    except nx.NetworkXNoPath:
        return []
    if len(best) - 1 > max_hops:
        return []
    found = [best]
    if k > 1:  # best first whatever order Yen's gives equal paths: k=1 is the top of any k
        more = _k_best(search, source, target, k, len(best) - 1, max_hops, weight)
        found = [best, *(nodes for nodes in more if nodes != best)][:k]
    return [_path(graph, search, nodes, filters) for nodes in found]


def _k_best(
    search: nx.Graph,
    source: str,
    target: str,
    k: int,
    shortest: int,
    max_hops: int,
    weight: Callable[[str, str, dict], int | None],
) -> list[list[str]]:
    """Yen's k best paths (nx.shortest_simple_paths), searched only where they can run.

    Yen's algorithm runs one shortest-path search per spur node, and near a hub
    (a country with hundreds of bodies) each search sweeps most of the graph.
    Every node of a path of at most `bound` hops has d(source, n) + d(n, target)
    <= bound, and paths come out shortest first, so the k best within that
    corridor are the k best overall; the bound widens a hop at a time until k
    paths fit or max_hops is reached.
    """
    found: list[list[str]] = []
    for bound in range(shortest, max_hops + 1):
        corridor = search.subgraph(_corridor(search, source, target, bound)).copy()
        found = []
        for nodes in nx.shortest_simple_paths(corridor, source, target, weight=weight):
            check()
            if len(nodes) - 1 > bound or len(found) == k:
                break
            found.append(nodes)
        if len(found) == k:
            break
    return found


def _corridor(search: nx.Graph, source: str, target: str, bound: int) -> set[str]:
    """The nodes n with d(source, n) + d(n, target) <= bound, distances in hops.

    Distances ignore the filters (which can only lengthen them), so the corridor
    holds every node a filtered path of at most `bound` hops could use.
    """
    to_target = nx.single_source_shortest_path_length(search, target, cutoff=bound)
    seen = {source}
    frontier = [source]
    for depth in range(1, bound + 1):
        reached = []
        for u in frontier:
            check()
            for v in search.adj[u]:
                if v not in seen and depth + to_target.get(v, bound + 1) <= bound:
                    seen.add(v)
                    reached.append(v)
        frontier = reached
    return seen


def _path(graph: nx.DiGraph, search: nx.Graph, nodes: list[str], filters: Filters) -> Path:
    hops = []
    for u, v in pairwise(nodes):
        statements = [st for st in search.edges[u, v]["statements"] if filters.allows(st[0])]
        # cheapest statement; among equals, one read in the walking direction
        predicate, s, o = min(statements, key=lambda st: (cost_of(st[0]), st[1] != u, st))
        sources = graph.edges[s, o]["predicates"][predicate]["sources"]
        hops.append(Hop(u, v, predicate, s, o, tuple(sorted(sources))))
    return Path(tuple(nodes), tuple(hops), sum(cost_of(h.predicate) for h in hops))


# --- ego networks -------------------------------------------------------------------------


@dataclass
class Neighbourhood:
    depth: dict[str, int] = field(default_factory=dict)  # node -> hops from the centre
    statements: list[Statement] = field(default_factory=list)
    truncated: bool = False


def neighbourhood(
    graph: nx.DiGraph, centre: str, depth: int = 1, limit: int = 200, filters: Filters = NO_FILTERS
) -> Neighbourhood:
    """Nodes within `depth` hops (breadth first, at most `limit`) and the statements among them."""
    search = _search_for(graph, filters)
    weight = _weight(graph, filters, {centre})
    found = Neighbourhood(depth={centre: 0})
    queue = deque([centre])
    while queue and not found.truncated:
        check()
        node = queue.popleft()
        if found.depth[node] == depth:
            continue
        for other, data in search[node].items():
            if other in found.depth or weight(node, other, data) is None:
                continue
            if len(found.depth) >= limit:
                found.truncated = True
                break
            found.depth[other] = found.depth[node] + 1
            queue.append(other)
    for _, _, data in search.subgraph(found.depth).edges(data=True):
        found.statements.extend(st for st in data["statements"] if filters.allows(st[0]))
    found.statements.sort()
    return found
