"""The words a view is drawn with: titles of sources, labels of topics and vocabulary."""

from typing import Any

import pyoxigraph as ox

from graph.network.projection import MEMBER_OF
from graph.sparql.query import run_query

LABELS = """
SELECT ?x ?label WHERE {
  { ?x dcterms:title ?label } UNION { ?x skos:prefLabel ?label }
  UNION { ?x rdfs:label ?label FILTER(STRSTARTS(STR(?x), STR(gt:))) }
}
"""


def vocabulary_labels(store: ox.Store) -> dict[str, str]:
    """Titles of sources, labels of topics and of the ontology's classes and properties."""
    return {sol["x"].value: sol["label"].value for sol in run_query(store, LABELS)}


def class_key(attrs: dict[str, Any]) -> str:
    """The local name of a node's most specific class (its kind if it has none)."""
    cls = attrs.get("cls")
    return cls.rsplit("#", 1)[-1] if cls else attrs["kind"].capitalize()


def edge_label(attrs: dict[str, Any]) -> str:
    """The predicate labels; an org:memberOf edge shows the post title instead."""
    names = [p["label"] for iri, p in attrs["predicates"].items() if iri != MEMBER_OF]
    if MEMBER_OF in attrs["predicates"]:
        names.append("; ".join(sorted(attrs.get("titles") or ["member of"])))
    return " / ".join(sorted(names))
