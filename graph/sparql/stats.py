"""Counts that tell what the store holds: quads, graphs, entities per class."""

from typing import Any

import pyoxigraph as ox

from graph.sparql.query import run_query

CLASS_COUNTS = """
SELECT ?class (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?e) AS ?n) WHERE {
  ?e a ?class .
  FILTER(STRSTARTS(STR(?e), "https://w3id.org/govties/id/"))
  OPTIONAL { ?class rdfs:label ?l }
} GROUP BY ?class ORDER BY DESC(?n) ?class
"""

# What an analyst asks first: how much is in here, and how much of it can be checked.
HEADLINE = """
SELECT
  (COUNT(DISTINCT ?agreement) AS ?agreements) (COUNT(DISTINCT ?source) AS ?sources)
  (COUNT(DISTINCT ?cited) AS ?sources_with_url) (COUNT(DISTINCT ?country) AS ?countries_tied)
WHERE {
  { ?agreement a gt:Agreement } UNION { ?source a gt:SourceDocument
    OPTIONAL { ?source schema:url [] BIND(?source AS ?cited) } }
  UNION { ?country gt:tiedWith [] }
}
"""

GRAPH_COUNTS = """
SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g
"""


SUMMARY = ("agreements", "sources", "sources_with_url", "countries_tied")


def store_stats(store: ox.Store) -> dict[str, Any]:
    """The headline counts, quads in total, distinct triples in the union, quads per graph,
    entities per class."""
    distinct = next(iter(run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))
    headline = next(iter(run_query(store, HEADLINE)))
    return {
        "summary": {name: int(headline[name].value) for name in SUMMARY},
        "quads": len(store),
        "triples": int(distinct["n"].value),
        "graphs": {sol["g"].value: int(sol["n"].value) for sol in run_query(store, GRAPH_COUNTS)},
        "classes": [
            {
                "class": sol["class"].value,
                "label": sol["label"].value if sol["label"] is not None else None,
                "entities": int(sol["n"].value),
            }
            for sol in run_query(store, CLASS_COUNTS)
        ],
    }
