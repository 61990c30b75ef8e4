"""The answers of path, neighbour and tie queries: resolved names in, JSON out.

These are what /paths, /neighbours and /ties (and `govties path`, ...)
return; the algorithms are graph.network.search and graph.network.ties,
the sentences graph.network.sentences. Bad parameters raise BadInput,
names NotFound / Ambiguous (graph.errors). No path is an answer, not an
error: "paths": [] and a "message" saying why.
"""

from collections.abc import Callable, Iterable

import networkx as nx

from graph import dates
from graph.errors import BadInput
from graph.network.filters import Filters, best_date, disputed_dates, existed, make_filters
from graph.network.resolve import curie, resolve
from graph.network.search import Path, Statement, find_paths, neighbourhood
from graph.network.ties import TIE_ROLES, agreement_orgs, countries_of, preds, ties
from ontology import GT

K_MAX = 20
HOPS_MAX = 12
DEPTH_MAX = 3
NODES_MAX = 1000


def node_json(graph: nx.DiGraph, iri: str) -> dict:
    """A node as answers name it; where its sources disagree on its date, each reading."""
    data = graph.nodes[iri]
    found = {"iri": iri, "label": data["label"], "class": data.get("cls")}
    disputed = disputed_dates(data)
    if disputed:
        found["dates_disputed"] = [
            {"value": value, "sources": sources_json(graph, sources)}
            for value, sources in disputed.items()
        ]
    return found


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
        raise BadInput(f"{name} must be between {low} and {high}, not {value}")


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

    Raises NotFound / Ambiguous for names, BadInput for other bad input.
    """
    check_range("k", k, 1, K_MAX)
    check_range("max_hops", max_hops, 1, HOPS_MAX)
    start, end = resolve(graph, source, "from"), resolve(graph, target, "to")
    filters = make_filters(graph, via, exclude, as_of)
    return path_answer(graph, start, end, k, max_hops, filters, render=render)


def path_answer(
    graph: nx.DiGraph,
    start: str,
    end: str,
    k: int,
    max_hops: int,
    filters: Filters,
    *,
    render: Callable[[nx.DiGraph, Path], str],
) -> dict:
    """path_query once names and filters are resolved, on any graph that holds every
    path it can answer (the whole projection, or a part read by graph.network.remote)."""
    if {start, end} & filters.exclude_nodes:
        raise BadInput("exclude: cannot exclude an endpoint of the path")
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
    when = dates.parse_day(as_of, "as_of")
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
                sources |= preds(graph, iri, org)[role]["sources"]
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
