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
from typing import Any

import networkx as nx

from graph import dates
from graph.network.answers import node_json
from graph.network.projection import MEMBER_OF
from graph.network.ties import agreement_orgs, countries_of
from graph.view.draw import DATED_KINDS, FALLBACK_STYLE, STYLES
from graph.view.labels import class_key, edge_label
from graph.view.layout import positions
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


def countries(graph: nx.DiGraph, node: str) -> set[str]:
    """Where a node belongs: a country itself; an organisation's (through its parents); a
    person's posts'; an agreement's parties'. Other nodes belong nowhere."""
    kind = graph.nodes[node]["kind"]
    if kind == "country":
        return {node}
    if kind == "person":
        posts = [
            o for o in graph.successors(node) if MEMBER_OF in graph.edges[node, o]["predicates"]
        ]
        return {c for org in posts for c in countries_of(graph, org)}
    if kind == "agreement":
        return {c for org in agreement_orgs(graph, node) for c in countries_of(graph, org)}
    return countries_of(graph, node) if kind in ("org", "place") else set()


def node_size(degree: int) -> float:
    return round(min(4 + 2.2 * math.sqrt(degree), 28), 1)


def _country_key(found: set[str]) -> str:
    if not found:
        return NO_COUNTRY
    return next(iter(found)) if len(found) == 1 else SEVERAL


def view_json(graph: nx.DiGraph, view: View, labels: dict[str, str]) -> dict[str, Any]:
    """The explorer's JSON for a view (graph: the whole projection the view was cut from)."""
    sub = view.graph
    pos = positions(sub)
    on_paths: dict[tuple[str, str], list[int]] = {}
    for i, path in enumerate(view.paths):
        for edge in path:
            on_paths.setdefault(edge, []).append(i)
    node_paths = {
        n: sorted({i for (s, o), found in on_paths.items() if n in (s, o) for i in found})
        for n in view.seeds
    }
    nodes = []
    country_of: dict[str, str] = {}
    for iri in sorted(sub):
        attrs = sub.nodes[iri]
        country_of[iri] = _country_key(countries(graph, iri))
        nodes.append(_node(graph, iri, attrs, labels, pos[iri], country_of[iri], node_paths))
    titles = graph.graph.get("sources", {})
    stated = sorted(
        {
            src
            for _, _, d in sub.edges(data=True)
            for p in d["predicates"].values()
            for src in p["sources"]
        }
        | {src for n in nodes for src in n["sources"]}
    )
    number = {iri: i for i, iri in enumerate(stated)}
    for node in nodes:
        node["sources"] = [number[src] for src in node["sources"]]
    edges = []
    for s, o in sorted(sub.edges()):
        attrs = sub.edges[s, o]
        predicates = [
            {"iri": p, "label": d["label"], "sources": sorted(number[src] for src in d["sources"])}
            for p, d in sorted(attrs["predicates"].items())
        ]
        edges.append({
            "id": f"{s} {o}", "source": s, "target": o, "label": edge_label(attrs),
            "predicates": predicates,
            "sources": sorted({src for p in predicates for src in p["sources"]}),
            "paths": on_paths.get((s, o), []),
        })  # fmt: skip
    filters = view.filters
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
        "paths": [
            {"index": i, "summary": summary, "text": text, "colour": PATH_COLOURS[i % 10]}
            for i, (summary, text) in enumerate(view.notes[: len(view.paths)])
        ],
        "message": view.notes[0][1] if view.notes and not view.paths else None,
        "classes": _classes(sub, labels),
        "countries": _countries(graph, country_of),
        "sources": [{"iri": s, "title": titles.get(s) or labels.get(s) or s} for s in stated],
    }


def _node(
    graph: nx.DiGraph,
    iri: str,
    attrs: dict[str, Any],
    labels: dict[str, str],
    xy: tuple[float, float],
    country: str,
    node_paths: dict[str, list[int]],
) -> dict[str, Any]:
    degree = graph.degree(iri)
    span = dates.bounds(v for vs in attrs["dates"].values() for v in vs)
    dated = span if span and attrs["kind"] in DATED_KINDS else None
    return {
        "id": iri,
        "label": attrs["label"],
        "kind": attrs["kind"],
        "class": class_key(attrs),
        "country": country,
        "x": round(xy[0], 4),
        "y": round(xy[1], 4),
        "size": node_size(degree),
        "degree": degree,
        "start": dated[0] if dated else None,
        "end": dated[1] if dated else None,
        "seed": iri in node_paths,
        "paths": node_paths.get(iri, []),
        "aliases": attrs["aliases"],
        "dates": {
            labels.get(p, p.rsplit("#", 1)[-1]): values
            for p, values in sorted(attrs["dates"].items())
        },
        "topics": sorted(labels.get(t, t.rsplit("/", 1)[-1]) for t in attrs["topics"]),
        "sources": sorted(attrs.get("sources", ())),
    }


def _classes(sub: nx.DiGraph, labels: dict[str, str]) -> list[dict[str, str]]:
    """One legend entry per class in the view, in STYLES order."""
    names = {class_key(a): labels.get(a.get("cls") or "", class_key(a)) for a in sub.nodes.values()}
    order = list(STYLES)
    keys = sorted(names, key=lambda k: (order.index(k) if k in order else len(order), k))
    return [{"key": k, "label": names[k], "colour": STYLES.get(k, FALLBACK_STYLE)[0]} for k in keys]


def _countries(graph: nx.DiGraph, country_of: dict[str, str]) -> list[dict[str, str]]:
    """The countries with most nodes get a colour each; the rest share one."""
    counts = Counter(c for c in country_of.values() if c not in SPECIAL_COUNTRIES)
    ranked = sorted(counts, key=lambda c: (-counts[c], graph.nodes[c]["label"]))
    named = ranked[: len(COUNTRY_COLOURS)]
    entries = [
        {"key": c, "label": graph.nodes[c]["label"], "colour": colour, "members": [c]}
        for c, colour in zip(named, COUNTRY_COLOURS, strict=False)
    ]
    rest = ranked[len(named) :]
    specials = {OTHER: rest, SEVERAL: [SEVERAL], NO_COUNTRY: [NO_COUNTRY]}
    present = set(country_of.values())
    for key, members in specials.items():
        if rest if key == OTHER else key in present:
            label, colour = SPECIAL_COUNTRIES[key]
            entries.append({"key": key, "label": label, "colour": colour, "members": members})
    return entries
