"""A view as GraphML (for Gephi, yEd, networkx): every attribute a string."""

import io

import networkx as nx

from graph.view.labels import class_key, edge_label
from graph.view.select import View


def to_graphml(view: View, labels: dict[str, str]) -> bytes:
    """The shown subgraph as GraphML."""
    out = nx.DiGraph()
    for iri, attrs in view.graph.nodes(data=True):
        key = class_key(attrs)
        out.add_node(
            iri,
            label=attrs["label"],
            cls=labels.get(attrs.get("cls") or "", key),
            kind=attrs["kind"],
            aliases="; ".join(sorted(attrs["aliases"])),
            dates="; ".join(sorted(v for vs in attrs["dates"].values() for v in vs)),
            topics="; ".join(sorted(labels.get(t, t) for t in attrs["topics"])),
            sources="; ".join(sorted(labels.get(s, s) for s in attrs.get("sources", ()))),
        )
    for s, o, attrs in view.graph.edges(data=True):
        sources = {src for p in attrs["predicates"].values() for src in p["sources"]}
        out.add_edge(
            s,
            o,
            label=edge_label(attrs),
            predicates=" ".join(sorted(attrs["predicates"])),
            sources="; ".join(sorted(labels.get(src, src) for src in sources)),
            on_path=str((s, o) in view.path_edges).lower(),
        )
    buffer = io.BytesIO()
    nx.write_graphml(out, buffer)
    return buffer.getvalue()
