"""The entity graph as a networkx DiGraph: the input of path queries and the view.

Nodes are entities (countries, organisations, people, agreements, programmes,
events, places); an edge s -> o per object property between two of them, in
the direction of the RDF triple, with the predicate kept as an attribute and
the source documents that state it. A person's post (org:Membership) becomes
one org:memberOf edge person -> organisation carrying the title. Types,
labels, topics and source documents are attributes, never hops.

graph.graph["sources"] maps each source document's IRI to its dcterms:title,
so a hop can cite its sources by name; node attr "classes" lists every type
(superclasses included, as materialised by the build) for class filters; "dates"
lists each date predicate's readings and "dated_by" which source graphs state each
reading, so an answer can show where sources disagree.
"""

from collections import defaultdict
from collections.abc import Callable
from typing import TypeVar

import networkx as nx
import pyoxigraph as ox

from graph.sparql.query import value_rows
from ontology import DERIVED_GRAPH, GT, ID_BASE, ONTOLOGY_GRAPH, ORG

T = TypeVar("T")

NODE_KINDS = ("country", "org", "person", "agreement", "programme", "event", "place")
MEMBER_OF = str(ORG.memberOf)

NODES = f"""
SELECT ?e ?label ?type WHERE {{
  ?e rdfs:label ?label .
  OPTIONAL {{ ?e a ?type }}
  FILTER(STRSTARTS(STR(?e), "{ID_BASE}"))
}}
"""

ALIASES = "SELECT ?e ?alias WHERE { ?e skos:altLabel ?alias }"

DATES = """
SELECT ?e ?p ?date ?g WHERE {
  VALUES ?p { gt:signedOn gt:startDate }
  GRAPH ?g { ?e ?p ?date }
}
"""

TOPICS = "SELECT ?e ?topic WHERE { ?e gt:topic ?topic }"

SOURCES = "SELECT ?s ?title WHERE { ?s a gt:SourceDocument ; dcterms:title ?title }"

# Both ends must be nodes, which project() checks: cheaper than string tests in the query.
EDGES = """
SELECT ?s ?p ?o ?g WHERE {
  GRAPH ?g { ?s ?p ?o }
  FILTER(isIRI(?o) && ?p NOT IN (rdf:type, prov:wasDerivedFrom, gt:topic))
}
"""

POSTS = """
SELECT ?person ?org ?title ?g WHERE {
  GRAPH ?g { ?m org:member ?person ; org:organization ?org ; gt:title ?title }
}
"""

# Reused terms the ontology declares without labels.
EXTERNAL_LABELS = {
    str(ORG.subOrganizationOf): "part of",
    str(ORG.memberOf): "member of",
    "https://schema.org/containedInPlace": "within",
}

PREDICATE_LABELS = f"""
SELECT ?p ?label WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?p rdfs:label ?label }} FILTER(isIRI(?p)) }}
"""

# Classes ordered most specific first: a node's "class" is the first it has.
CLASS_ORDER = (
    "MemorandumOfUnderstanding", "Partnership", "Agreement",
    "GovernmentBody", "AcademicInstitution", "InternationalOrganization",
    "Foundation", "Company", "Organization",
    "Country", "Person", "Programme", "Event", "Place",
)  # fmt: skip


def kind_of(iri: str) -> str | None:
    """The kind segment of an instance IRI (id/{kind}/{slug}), or None for other IRIs."""
    if not iri.startswith(ID_BASE):
        return None
    return iri[len(ID_BASE) :].split("/", 1)[0]


def memo(graph: nx.DiGraph, key: str, compute: Callable[[nx.DiGraph], T]) -> T:
    """compute(graph) once per projection (indexes over it); kept in graph.graph[key].

    A projection is immutable once built and rebuilt per store version, so an
    index kept on it lives and dies with that version. Two threads may both
    compute it once; they get equal values.
    """
    if key not in graph.graph:
        graph.graph[key] = compute(graph)
    return graph.graph[key]


CLASS_IRIS = tuple(str(GT[c]) for c in CLASS_ORDER)


def project(store: ox.Store) -> nx.DiGraph:
    """Build the entity DiGraph from the store (see the module docstring for its shape)."""
    graph = nx.DiGraph()
    graph.graph["sources"] = dict(value_rows(store, SOURCES))
    classes: dict[str, set[str]] = defaultdict(set)
    for iri, label, cls in value_rows(store, NODES):
        kind = kind_of(iri)
        if kind not in NODE_KINDS or "#" in iri:
            continue
        graph.add_node(iri, label=label, kind=kind, aliases=[], dates={}, dated_by={}, topics=[])
        if cls is not None:
            classes[iri].add(cls)
    nodes = graph.nodes
    for iri in nodes:
        types = classes.get(iri, set())
        nodes[iri]["cls"] = next((c for c in CLASS_IRIS if c in types), None)
        nodes[iri]["classes"] = sorted(types)
    for iri, alias in value_rows(store, ALIASES):
        if iri in graph:
            nodes[iri]["aliases"].append(alias)
    for iri, predicate, value, source in value_rows(store, DATES):
        if iri in graph:
            readings = nodes[iri]["dated_by"].setdefault(predicate, {})
            if value not in readings:
                nodes[iri]["dates"].setdefault(predicate, []).append(value)
            readings.setdefault(value, []).append(source)
    for iri, topic in value_rows(store, TOPICS):
        if iri in graph:
            nodes[iri]["topics"].append(topic)
    labels = dict(EXTERNAL_LABELS)
    labels.update(value_rows(store, PREDICATE_LABELS))
    derived = str(DERIVED_GRAPH)
    for s, p, o, g in value_rows(store, EDGES):
        if s in graph and o in graph and s != o:
            _add_edge(graph, s, o, p, labels.get(p, p.rsplit("#", 1)[-1]), g, derived)
    for person, org_iri, title, g in value_rows(store, POSTS):
        if person in graph and org_iri in graph:
            _add_edge(graph, person, org_iri, MEMBER_OF, labels[MEMBER_OF], g, derived)
            graph.edges[person, org_iri].setdefault("titles", set()).add(title)
    return graph


def _add_edge(
    graph: nx.DiGraph, s: str, o: str, predicate: str, label: str, source: str, derived: str
) -> None:
    """One DiGraph edge per (s, o); parallel predicates are kept in a per-edge dict."""
    if not graph.has_edge(s, o):
        graph.add_edge(s, o, predicates={})
    sources = graph.edges[s, o]["predicates"].setdefault(
        predicate, {"label": label, "sources": set()}
    )
    if source != derived:
        sources["sources"].add(source)
