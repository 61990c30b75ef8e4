"""A view as the JSON the explorer page draws (/view.json): nodes with their positions,
sizes and facts, ties with their sources, the paths, and the palettes of the legend.

Everything the page filters on is in it, so the page filters, counts and
expands without asking the server again: a node's class and country (the key it
is coloured by), the date span of agreements and events (the date filter),
each tie's sources (the source filter). Sizes follow a node's degree in the
whole graph, so expanding a view never resizes what is already drawn.
"""

import math
from collections import Counter
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from typing import Any

import networkx as nx

from graph import dates
from graph.network.answers import node_json
from graph.network.projection import MEMBER_OF, memo
from graph.network.ties import agreement_orgs, countries_of
from graph.view.draw import DATED_KINDS, FALLBACK_STYLE, STYLES
from graph.view.labels import class_key, edge_label
from graph.view.layout import kept_positions
from graph.view.select import View

SEVERAL, NO_COUNTRY, OTHER = "several", "none", "other"
COUNTRY_COLOURS = (
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1",
    "#ff9da7", "#9c755f", "#1f77b4", "#2ca02c", "#9467bd",
)  # fmt: skip
SPECIAL_COUNTRIES = {
    OTHER: ("Other countries", "#c9b18f"),
    SEVERAL: ("Several countries", "#6b6b6b"),
    NO_COUNTRY: ("No country", "#bdbdbd"),
}
PATH_COLOURS = (
    "#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b",
    "#e377c2", "#bcbd22", "#393b79",
)  # fmt: skip


def countries(
    graph: nx.DiGraph, node: str, of_org: Callable[[str], AbstractSet[str]]
) -> AbstractSet[str]:
    """Where a node belongs: a country itself; an organisation's (through its parents); a
    person's posts'; an agreement's parties'. Other nodes belong nowhere."""
    kind = graph.nodes[node]["kind"]
    if kind == "country":
        return {node}
    if kind == "person":
        posts = [
            o for o in graph.successors(node) if MEMBER_OF in graph.edges[node, o]["predicates"]
        ]
        return {c for org in posts for c in of_org(org)}
    if kind == "agreement":
        return {c for org in agreement_orgs(graph, node) for c in of_org(org)}
    return of_org(node) if kind in ("org", "place") else set()


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


def node_size(degree: int) -> float:
    return round(min(4 + 2.2 * math.sqrt(degree), 28), 1)


def _country_key(found: AbstractSet[str]) -> str:
    if not found:
        return NO_COUNTRY
    return next(iter(found)) if len(found) == 1 else SEVERAL


def view_json(graph: nx.DiGraph, view: View, labels: dict[str, str]) -> dict[str, Any]:
    """The explorer's JSON for a view (graph: the whole projection the view was cut from).

    Ties name their ends by index in `nodes`, and their predicates and sources by index
    in `predicates` and `sources`: at 10,000 ties, IRIs repeated in every tie would make
    the answer four times larger and slower to send and to read.
    """
    sub = view.graph
    order = sorted(sub)
    index = {iri: i for i, iri in enumerate(order)}
    on_paths: dict[tuple[str, str], list[int]] = {}
    for i, path in enumerate(view.paths):
        for edge in path:
            on_paths.setdefault(edge, []).append(i)
    node_paths: dict[str, set[int]] = {n: set() for n in view.seeds}
    for (s, o), found in on_paths.items():
        for end in (s, o):
            node_paths.setdefault(end, set()).update(found)
    stated = sorted({src for n in order for src in sub.nodes[n].get("sources", ())})
    number = {iri: i for i, iri in enumerate(stated)}
    nodes, country_of = _nodes(graph, view, labels, number, node_paths)
    predicates: dict[str, int] = {}
    edges = []
    for s, o in sorted(sub.edges()):
        attrs = sub.edges[s, o]
        said = [
            [predicates.setdefault(p, len(predicates)), sorted(number[src] for src in d["sources"])]
            for p, d in sorted(attrs["predicates"].items())
        ]
        edges.append({
            "source": index[s], "target": index[o], "label": edge_label(attrs),
            "predicates": said, "sources": sorted({src for _, found in said for src in found}),
            "paths": on_paths.get((s, o), []),
        })  # fmt: skip
    filters = view.filters
    titles = graph.graph.get("sources", {})
    names = {p: d["label"] for _, _, e in sub.edges(data=True) for p, d in e["predicates"].items()}
    return {
        "heading": view.heading,
        "focus": node_json(graph, view.focus) if view.focus else None,
        "filters": {
            "via": sorted(filters.predicates | filters.classes),
            "exclude": sorted(filters.exclude_nodes | filters.exclude_predicates),
            "as_of": filters.as_of.isoformat() if filters.as_of else None,
        },
        "counts": {
            "nodes": sub.number_of_nodes(),
            "edges": sub.number_of_edges(),
            "total_nodes": view.total_nodes,
            "total_edges": view.total_edges,
            "capped": view.capped,
            "isolated_left_out": view.isolated_left_out,
        },
        "nodes": nodes,
        "edges": edges,
        "predicates": [{"iri": p, "label": names[p]} for p in predicates],
        "sources": [{"iri": s, "title": titles.get(s) or labels.get(s) or s} for s in stated],
        "paths": [
            {"index": i, "summary": summary, "text": text, "colour": PATH_COLOURS[i % 10]}
            for i, (summary, text) in enumerate(view.notes[: len(view.paths)])
        ],
        "message": view.notes[0][1] if view.notes and not view.paths else None,
        "classes": _classes(sub, labels),
        "countries": _countries(graph, country_of),
    }


def _nodes(
    graph: nx.DiGraph,
    view: View,
    labels: dict[str, str],
    number: dict[str, int],
    node_paths: dict[str, set[int]],
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The nodes in IRI order, and the country key each is coloured by."""
    pos = kept_positions(graph, view.graph)
    known: dict[str, frozenset[str]] = memo(graph, "view-org-countries", lambda _: {})

    def of_org(org: str) -> frozenset[str]:  # once per organisation and projection
        if org not in known:
            known[org] = frozenset(countries_of(graph, org))
        return known[org]

    nodes, country_of = [], {}
    for iri in sorted(view.graph):
        attrs = view.graph.nodes[iri]
        country_of[iri] = _country_key(countries(graph, iri, of_org))
        span = dates.bounds(v for vs in attrs["dates"].values() for v in vs)
        dated = span if span and attrs["kind"] in DATED_KINDS else (None, None)
        degree = graph.degree(iri)
        nodes.append({
            "id": iri, "label": attrs["label"], "kind": attrs["kind"], "class": class_key(attrs),
            "country": country_of[iri], "x": round(pos[iri][0], 4), "y": round(pos[iri][1], 4),
            "size": node_size(degree), "degree": degree, "start": dated[0], "end": dated[1],
            "seed": iri in node_paths, "paths": sorted(node_paths.get(iri, ())),
            "aliases": attrs["aliases"],
            "dates": {labels.get(p, _local(p)): v for p, v in sorted(attrs["dates"].items())},
            "topics": sorted(labels.get(t, t.rsplit("/", 1)[-1]) for t in attrs["topics"]),
            "sources": sorted(number[src] for src in attrs.get("sources", ())),
        })  # fmt: skip
    return nodes, country_of


def _classes(sub: nx.DiGraph, labels: dict[str, str]) -> list[dict[str, str]]:
    """One legend entry per class in the view, in STYLES order."""
    names = {class_key(a): labels.get(a.get("cls") or "", class_key(a)) for a in sub.nodes.values()}
    order = list(STYLES)
    keys = sorted(names, key=lambda k: (order.index(k) if k in order else len(order), k))
    return [{"key": k, "label": names[k], "colour": STYLES.get(k, FALLBACK_STYLE)[0]} for k in keys]


def _countries(graph: nx.DiGraph, country_of: dict[str, str]) -> list[dict[str, Any]]:
    """The countries with most nodes get a colour each; the rest share one ("other")."""
    counts = Counter(c for c in country_of.values() if c not in SPECIAL_COUNTRIES)
    ranked = sorted(counts, key=lambda c: (-counts[c], graph.nodes[c]["label"]))
    named = ranked[: len(COUNTRY_COLOURS)]
    entries = [
        {"key": c, "label": graph.nodes[c]["label"], "colour": colour, "members": [c]}
        for c, colour in zip(named, COUNTRY_COLOURS, strict=False)
    ]
    rest = ranked[len(named) :]
    present = set(country_of.values())
    label, colour = SPECIAL_COUNTRIES[OTHER]  # always there: an expansion may need it
    entries.append({"key": OTHER, "label": label, "colour": colour, "members": rest})
    for key in (SEVERAL, NO_COUNTRY):
        if key in present:
            label, colour = SPECIAL_COUNTRIES[key]
            entries.append({"key": key, "label": label, "colour": colour, "members": [key]})
    return entries
