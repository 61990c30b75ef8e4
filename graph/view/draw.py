"""The standalone graph page (`govties view`, /view.html): a view drawn with pyvis, one
file to keep or send that works anywhere (the explorer at /view is api/static/explorer.js).

The page must work with no network at all, so it is rendered from our own
Jinja template (pyvis 0.3.2's template pulls Bootstrap, and with
cdn_resources="local" even vis-network, from CDNs) and vis-network comes
from the copy pyvis ships in its package, inlined. vis-network's physics is O(n^2),
so beyond PHYSICS_LIMIT nodes a view is drawn with precomputed positions
and physics off.
"""

import json
import math
import re
from collections import Counter
from importlib.resources import files
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment, PackageLoader
from pyvis.network import Network

from graph import dates
from graph.network.projection import MEMBER_OF
from graph.view.labels import class_key, edge_label
from graph.view.layout import positions
from graph.view.select import View

PHYSICS_LIMIT = 300  # above this, precomputed positions and physics off
DATED_KINDS = ("agreement", "event")  # hidden by the page's date-range filter
VIS_FILES = ("vis-network.min.js", "vis-network.css")
PATH_COLOUR = "#d62728"

# Class (local name of gt:Class) -> (colour, vis shape). Shapes draw the label underneath.
STYLES: dict[str, tuple[str, str]] = {
    "Country": ("#4e79a7", "dot"),
    "GovernmentBody": ("#f28e2b", "square"),
    "AcademicInstitution": ("#59a14f", "square"),
    "InternationalOrganization": ("#76b7b2", "square"),
    "Foundation": ("#b07aa1", "square"),
    "Company": ("#9c755f", "square"),
    "Organization": ("#bab0ac", "square"),
    "Person": ("#ff9da7", "dot"),
    "Agreement": ("#e15759", "diamond"),
    "MemorandumOfUnderstanding": ("#c2185b", "diamond"),
    "Partnership": ("#8e44ad", "diamond"),
    "Programme": ("#edc948", "hexagon"),
    "Event": ("#17becf", "star"),
    "Place": ("#7f7f7f", "triangle"),
}
FALLBACK_STYLE = ("#cccccc", "dot")

_templates = Environment(
    loader=PackageLoader("graph.view", "templates"), autoescape=True, keep_trailing_newline=True
)


def layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Positions in pixels (graph.view.layout) for a physics-free drawing of a big graph."""
    scale = 40 * math.sqrt(max(graph.number_of_nodes(), 1))
    return {n: (round(x * scale, 1), round(y * scale, 1)) for n, (x, y) in positions(graph).items()}


def _short(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def node_tooltip(iri: str, attrs: dict[str, Any], labels: dict[str, str]) -> str:
    """Plain text (vis-network shows string titles as text, never as HTML)."""
    key = class_key(attrs)
    lines = [attrs["label"], f"{labels.get(attrs.get('cls') or '', key)} · {iri}"]
    if attrs["aliases"]:
        lines.append("Also: " + ", ".join(sorted(attrs["aliases"])))
    for pred, values in sorted(attrs["dates"].items()):
        lines.append(f"{labels.get(pred, _short(pred)).capitalize()}: {', '.join(sorted(values))}")
    if attrs["topics"]:
        topics = sorted(labels.get(t, _short(t)) for t in attrs["topics"])
        lines.append("Topics: " + ", ".join(topics))
    if attrs.get("sources"):
        lines.append("Sources:")
        lines += [f"• {labels.get(s, s)}" for s in sorted(attrs["sources"])]
    lines.append("Double-click: its page")
    return "\n".join(lines)


def edge_tooltip(attrs: dict[str, Any], labels: dict[str, str]) -> str:
    lines = []
    for iri, pred in sorted(attrs["predicates"].items()):
        name = pred["label"]
        if iri == MEMBER_OF and attrs.get("titles"):
            name += f" ({'; '.join(sorted(attrs['titles']))})"
        sources = sorted(labels.get(s, s) for s in pred["sources"])
        lines.append(f"{name} <{iri}>")
        lines += [f"• {s}" for s in sources] or ["• derived from the agreements"]
    return "\n".join(lines)


def vis_network(view: View, labels: dict[str, str]) -> Network:
    """The pyvis network for a view: styled nodes, labelled edges, physics or positions."""
    sub = view.graph
    big = sub.number_of_nodes() > PHYSICS_LIMIT
    positions = layout(sub) if big else {}
    net = Network(directed=True, height="100%", width="100%")
    for iri, attrs in sub.nodes(data=True):
        key = class_key(attrs)
        colour, shape = STYLES.get(key, FALLBACK_STYLE)
        seed = iri in view.seeds
        extra: dict[str, Any] = {}
        bounds = dates.bounds(v for vs in attrs["dates"].values() for v in vs)
        if bounds and attrs["kind"] in DATED_KINDS:
            extra["dateFrom"], extra["dateTo"] = bounds
        if iri in positions:
            extra["x"], extra["y"] = positions[iri]
        if seed:
            extra["borderWidth"] = 4
            colour = {"background": colour, "border": PATH_COLOUR}
        net.add_node(
            iri,
            label=attrs["label"],
            shape=shape,
            color=colour,
            title=node_tooltip(iri, attrs, labels),
            cls=key,
            aliases=attrs["aliases"],
            seed=seed,
            **extra,
        )
    for s, o, attrs in sub.edges(data=True):
        extra = {}
        if sub.has_edge(o, s):  # both directions: bend them apart
            extra["smooth"] = {"enabled": True, "type": "curvedCW", "roundness": 0.2}
        if (s, o) in view.path_edges:
            extra.update(color=PATH_COLOUR, width=4, onPath=True)
        net.add_edge(s, o, label=edge_label(attrs), title=edge_tooltip(attrs, labels), **extra)
    net.options = {
        "physics": {
            "enabled": not big,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"springLength": 160, "gravitationalConstant": -80},
            "stabilization": {"iterations": 300, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": big},
        "nodes": {"size": 14, "font": {"size": 13}, "widthConstraint": {"maximum": 180}},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": "#9aa5b1", "highlight": "#333333"},
            "font": {"size": 10, "align": "middle", "color": "#555555"},
            "smooth": False if big else {"type": "continuous"},
        },
    }
    return net


def legend(view: View, labels: dict[str, str]) -> list[dict[str, Any]]:
    """One entry per class present (in STYLES order), with its label and node count."""
    counts = Counter(class_key(attrs) for _, attrs in view.graph.nodes(data=True))
    names = {
        class_key(a): labels.get(a["cls"] or "", class_key(a)) for a in view.graph.nodes.values()
    }
    order = list(STYLES)
    return [
        {
            "key": key,
            "label": names[key],
            "colour": STYLES.get(key, FALLBACK_STYLE)[0],
            "shape": STYLES.get(key, FALLBACK_STYLE)[1],
            "count": counts[key],
        }
        for key in sorted(counts, key=lambda k: (order.index(k) if k in order else len(order), k))
    ]


def vis_dir() -> Path:
    """vis-network as shipped inside the installed pyvis package (newest copy)."""
    lib = files("pyvis").joinpath("lib")
    dirs = [Path(str(d)) for d in lib.iterdir() if d.name.startswith("vis-")]
    return max(dirs, key=lambda d: tuple(int(x) for x in re.findall(r"\d+", d.name)))


def _json(value: Any) -> str:
    """JSON safe to place inside a <script> element."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_html(
    view: View,
    labels: dict[str, str],
    *,
    graphml_href: str | None,
) -> str:
    """The standalone page: vis-network inlined, so the file works anywhere, offline."""
    nodes, edges, _, _, _, options = vis_network(view, labels).get_network_data()
    sub = view.graph
    meta = {
        "nodes": sub.number_of_nodes(),
        "edges": sub.number_of_edges(),
        "totalNodes": view.total_nodes,
        "totalEdges": view.total_edges,
        "capped": view.capped,
        "isolatedLeftOut": view.isolated_left_out,
        "physics": sub.number_of_nodes() <= PHYSICS_LIMIT,
        "seeded": bool(view.seeds),
    }
    assets = {
        "js": (vis_dir() / VIS_FILES[0]).read_text(encoding="utf-8"),
        "css": (vis_dir() / VIS_FILES[1]).read_text(encoding="utf-8"),
    }
    return _templates.get_template("view.html.j2").render(
        heading=view.heading,
        notes=view.notes,
        meta=meta,
        legend=legend(view, labels),
        nodes_json=_json(nodes),
        edges_json=_json(edges),
        options_json=_json(json.loads(options)),
        meta_json=_json(meta),
        assets=assets,
        graphml_href=graphml_href,
    )
