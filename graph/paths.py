"""How is A connected to B? Paths, ego networks and country ties over the projection.

SPARQL property paths say *whether* two entities are connected, not *how*;
these plain functions over the projection (graph.projection) return the
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

as_of (a date): agreements not yet signed by then, and events and programmes
not yet started, are left out. An entity with dates of different precision
(a source saying "2019-06", another "2019-06-13") is dated by its most
precise value; a month or year counts only once it is entirely past, i.e.
"2019-06" is signed as of 2019-06-30, not before (conservative). Undated
agreements, events and programmes are kept: absence of a date is not
evidence that a tie did not exist.
"""

import calendar
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

import networkx as nx

from graph.projection import MEMBER_OF, memo
from graph.rdf import countries_up
from graph.resolve import curie, expand_term, resolve
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
SHORTCUTS = frozenset({str(GT.tiedWith)})  # derived: hops only when `via` asks
DATE_PREDICATES = (str(GT.signedOn), str(GT.startDate))
AGREEMENT = str(GT.Agreement)
TIE_ROLES = (str(GT.party), str(GT.facilitator))

K_MAX = 20
HOPS_MAX = 12
DEPTH_MAX = 3
NODES_MAX = 1000

Statement = tuple[str, str, str]  # (predicate, subject, object)


@dataclass(frozen=True)
class Filters:
    """What a path may use. Empty `predicates` = every predicate but the shortcuts."""

    predicates: frozenset[str] = frozenset()  # via: only these are hops
    classes: frozenset[str] = frozenset()  # via: intermediate nodes must have one
    exclude_nodes: frozenset[str] = frozenset()
    exclude_predicates: frozenset[str] = frozenset()
    as_of: date | None = None

    def allows(self, predicate: str) -> bool:
        if predicate in self.exclude_predicates:
            return False
        return predicate in self.predicates if self.predicates else predicate not in SHORTCUTS


NO_FILTERS = Filters()


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


def period_end(text: str) -> date | None:
    """Last day of the period a date literal names (2019 -> 2019-12-31); None if unreadable."""
    try:
        parts = [int(part) for part in text.split("-")]
        if len(parts) == 1:
            return date(parts[0], 12, 31)
        if len(parts) == 2:
            return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
        return date.fromisoformat(text)
    except ValueError:
        return None


def best_date(node: dict) -> str | None:
    """The most precise signing (or start) date of a node; the latest among equals."""
    for predicate in DATE_PREDICATES:
        values = [v for v in node["dates"].get(predicate, []) if period_end(v) is not None]
        if values:
            return max(values, key=lambda v: (len(v), period_end(v)))
    return None


def existed(node: dict, as_of: date | None) -> bool:
    """Whether a node was signed (or had started) by as_of; undated nodes always were."""
    dated = best_date(node) if as_of is not None else None
    end = period_end(dated) if dated else None
    return end is None or as_of is None or end <= as_of


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
        raise ValueError("from and to are the same entity")
    search = _search_for(graph, filters)
    # Unfiltered, the stored edge weight is a lookup networkx does itself: far cheaper
    # than calling the filtering function once per edge relaxation.
    weight = "weight" if filters == NO_FILTERS else _weight(graph, filters, {source, target})
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
    weight: str | Callable[[str, str, dict], int | None],
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


# --- country ties -------------------------------------------------------------------------


def countries_of(graph: nx.DiGraph, node: str) -> set[str]:
    """An organisation's countries (gt:country), looking up through parent bodies."""
    return countries_up(
        node,
        lambda n: _objects(graph, n, str(GT.country)),
        lambda n: _objects(graph, n, str(ORG.subOrganizationOf)),
    )


def _objects(graph: nx.DiGraph, subject: str, predicate: str) -> list[str]:
    return sorted(o for o in graph.successors(subject) if predicate in _preds(graph, subject, o))


def _preds(graph: nx.DiGraph, s: str, o: str) -> dict:
    return graph.edges[s, o]["predicates"]


def ties(graph: nx.DiGraph, country: str, as_of: date | None = None) -> dict[str, list[str]]:
    """Partner country -> the agreements tying it to `country` (through parties or facilitators).

    Computed from the agreements themselves, not from the derived gt:tiedWith,
    so it can honour as_of and name the agreements.
    """
    partners: dict[str, list[str]] = {}
    for agreement in sorted(graph.nodes):
        data = graph.nodes[agreement]
        if AGREEMENT not in data["classes"] or not existed(data, as_of):
            continue
        countries: set[str] = set()
        for org in agreement_orgs(graph, agreement):
            countries |= countries_of(graph, org)
        if country in countries:
            for partner in sorted(countries - {country}):
                partners.setdefault(partner, []).append(agreement)
    return partners


def agreement_orgs(graph: nx.DiGraph, agreement: str, role: str | None = None) -> list[str]:
    """The parties and facilitators of an agreement (or those in one role)."""
    roles = (role,) if role else TIE_ROLES
    return sorted({o for r in roles for o in _objects(graph, agreement, r)})


# --- from request parameters to JSON ------------------------------------------------------


def parse_date(text: str | None) -> date | None:
    """as_of as YYYY-MM-DD; ValueError with a message a person can act on."""
    if text is None or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"as_of: {text!r} is not a date; use YYYY-MM-DD") from None


def split_terms(values: Iterable[str]) -> list[str]:
    """Repeated parameters and comma-separated lists alike (via=a,b&via=c)."""
    return [term.strip() for value in values for term in value.split(",") if term.strip()]


def vocabulary(graph: nx.DiGraph) -> tuple[frozenset[str], frozenset[str]]:
    """The predicates that label edges and the classes nodes have, for checking terms."""

    def build(g: nx.DiGraph) -> tuple[frozenset[str], frozenset[str]]:
        predicates = {p for _, _, data in g.edges(data=True) for p in data["predicates"]}
        classes = {c for _, data in g.nodes(data=True) for c in data["classes"]}
        return frozenset(predicates), frozenset(classes)

    return memo(graph, "vocabulary", build)


def make_filters(
    graph: nx.DiGraph,
    via: Iterable[str] = (),
    exclude: Iterable[str] = (),
    as_of: str | None = None,
) -> Filters:
    """Filters from request terms: via = predicates or classes (CURIE or IRI); exclude =
    predicates or entities (any name resolve() accepts)."""
    predicates, classes = vocabulary(graph)
    via_p, via_c, ex_p, ex_n = set(), set(), set(), set()
    for term in split_terms(via):
        iri = expand_term(term)
        if iri in predicates:
            via_p.add(iri)
        elif iri in classes:
            via_c.add(iri)
        else:
            raise ValueError(f"via: {term!r} is not a predicate or class in the graph (gt:party…)")
    for term in split_terms(exclude):
        iri = expand_term(term)
        if iri in predicates:
            ex_p.add(iri)
        else:
            ex_n.add(resolve(graph, term, "exclude"))
    return Filters(
        frozenset(via_p), frozenset(via_c), frozenset(ex_n), frozenset(ex_p), parse_date(as_of)
    )


def node_json(graph: nx.DiGraph, iri: str) -> dict:
    data = graph.nodes[iri]
    return {"iri": iri, "label": data["label"], "class": data.get("cls")}


def sources_json(graph: nx.DiGraph, sources: Iterable[str]) -> list[dict]:
    titles = graph.graph.get("sources", {})
    return [{"iri": s, "title": titles.get(s)} for s in sorted(sources)]


def statement_json(graph: nx.DiGraph, statement: Statement) -> dict:
    predicate, s, o = statement
    info = graph.edges[s, o]["predicates"][predicate]
    return {
        "subject": node_json(graph, s),
        "predicate": {"iri": predicate, "curie": curie(predicate), "label": info["label"]},
        "object": node_json(graph, o),
        "sources": sources_json(graph, info["sources"]),
        "derived": not info["sources"],
    }


def path_json(graph: nx.DiGraph, path: Path, text: str) -> dict:
    hops = [
        {
            "from": hop.from_node,
            "to": hop.to_node,
            "direction": hop.direction,
            **statement_json(graph, (hop.predicate, hop.subject, hop.object)),
        }
        for hop in path.hops
    ]
    return {"length": path.length, "cost": path.cost, "hops": hops, "text": text}


def check_range(name: str, value: int, low: int, high: int) -> None:
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high}, not {value}")


def path_query(
    graph: nx.DiGraph,
    source: str,
    target: str,
    k: int = 3,
    max_hops: int = 6,
    via: Iterable[str] = (),
    exclude: Iterable[str] = (),
    as_of: str | None = None,
    *,
    render: Callable[[nx.DiGraph, Path], str],
) -> dict:
    """The /paths answer: endpoints resolved, paths with hops and sentences, and a message
    when there is no path (it is an answer, not an error).

    Raises UnknownEntity / AmbiguousEntity for names, ValueError for other bad input.
    """
    check_range("k", k, 1, K_MAX)
    check_range("max_hops", max_hops, 1, HOPS_MAX)
    start, end = resolve(graph, source, "from"), resolve(graph, target, "to")
    filters = make_filters(graph, via, exclude, as_of)
    if {start, end} & filters.exclude_nodes:
        raise ValueError("exclude: cannot exclude an endpoint of the path")
    paths = find_paths(graph, start, end, k, max_hops, filters)
    answer = {
        "from": node_json(graph, start),
        "to": node_json(graph, end),
        "k": k,
        "max_hops": max_hops,
        "via": sorted(filters.predicates | filters.classes),
        "exclude": sorted(filters.exclude_nodes | filters.exclude_predicates),
        "as_of": filters.as_of.isoformat() if filters.as_of else None,
        "paths": [path_json(graph, p, render(graph, p)) for p in paths],
        "message": None,
    }
    if not paths:
        answer["message"] = _no_path_message(graph, start, end, max_hops, filters)
    return answer


def _no_path_message(
    graph: nx.DiGraph, start: str, end: str, max_hops: int, filters: Filters
) -> str:
    for node in (start, end):
        if not existed(graph.nodes[node], filters.as_of):
            label = graph.nodes[node]["label"]
            return f"{label} is dated {best_date(graph.nodes[node])}, after as_of {filters.as_of}"
    names = f"{graph.nodes[start]['label']} and {graph.nodes[end]['label']}"
    message = f"no path of at most {max_hops} hops between {names} with these filters"
    longer = find_paths(graph, start, end, 1, HOPS_MAX, filters)
    if longer:
        hops = longer[0].length
        message += f"; the shortest has {hops} hops: ask again with max_hops={hops}"
    return message


def neighbours_query(graph: nx.DiGraph, of: str, depth: int = 1, limit: int = 200) -> dict:
    """The /neighbours answer: the ego network of one entity (no gt:tiedWith shortcuts)."""
    check_range("depth", depth, 1, DEPTH_MAX)
    check_range("limit", limit, 1, NODES_MAX)
    centre = resolve(graph, of, "of")
    found = neighbourhood(graph, centre, depth, limit)
    nodes = sorted(found.depth, key=lambda n: (found.depth[n], graph.nodes[n]["label"], n))
    return {
        "of": node_json(graph, centre),
        "depth": depth,
        "nodes": [{**node_json(graph, n), "depth": found.depth[n]} for n in nodes],
        "edges": [statement_json(graph, st) for st in found.statements],
        "truncated": found.truncated,
    }


def is_country(graph: nx.DiGraph) -> Callable[[str], bool]:
    return lambda iri: graph.nodes[iri]["kind"] == "country"


def ties_query(graph: nx.DiGraph, country: str, as_of: str | None = None) -> dict:
    """The /ties answer: partner countries with the agreements that tie them."""
    home = resolve(graph, country, "country", accept=is_country(graph))
    when = parse_date(as_of)
    partners = ties(graph, home, when)

    def agreement(iri: str) -> dict:
        data = graph.nodes[iri]
        roles = {}
        sources: set[str] = set()
        for role in TIE_ROLES:
            orgs = agreement_orgs(graph, iri, role)
            roles[role] = [
                {**node_json(graph, org), "countries": sorted(countries_of(graph, org))}
                for org in orgs
            ]
            for org in orgs:
                sources |= _preds(graph, iri, org)[role]["sources"]
        return {
            **node_json(graph, iri),
            "signed_on": best_date(data),
            "dates": sorted(data["dates"].get(str(GT.signedOn), [])),
            "parties": roles[str(GT.party)],
            "facilitators": roles[str(GT.facilitator)],
            "sources": sources_json(graph, sources),
        }

    rows = [
        {**node_json(graph, partner), "agreements": [agreement(a) for a in partners[partner]]}
        for partner in sorted(partners, key=lambda p: graph.nodes[p]["label"])
    ]
    return {
        "country": node_json(graph, home),
        "as_of": when.isoformat() if when else None,
        "partners": rows,
    }
