"""The entity graph as a networkx DiGraph: the input of path queries and the view.

Nodes are entities (countries, organisations, people, agreements, programmes,
events, places); an edge s -> o per object property between two of them, in
the direction of the RDF triple, with the predicate kept as an attribute and
the source documents that state it. A person's post (org:Membership) becomes
one org:memberOf edge person -> organisation carrying the title. Types,
labels, topics and source documents are attributes, never hops.

graph.graph["sources"] maps each source document's IRI to its dcterms:title,
so a hop can cite its sources by name; node attr "classes" lists every type
(superclasses included, as materialised by the build) for class filters.
"""

from collections import defaultdict
from collections.abc import Callable
from typing import TypeVar

import networkx as nx
import pyoxigraph as ox

from graph.sparql import run_query
from ontology import DERIVED_GRAPH, GT, ID_BASE, ORG

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
SELECT ?e ?p ?date WHERE {
  VALUES ?p { gt:signedOn gt:startDate }
  ?e ?p ?date
}
"""

TOPICS = "SELECT ?e ?topic WHERE { ?e gt:topic ?topic }"

SOURCES = "SELECT ?s ?title WHERE { ?s a gt:SourceDocument ; dcterms:title ?title }"

EDGES = f"""
SELECT ?s ?p ?o ?g WHERE {{
  GRAPH ?g {{ ?s ?p ?o }}
  FILTER(isIRI(?o) && ?p NOT IN (rdf:type, prov:wasDerivedFrom, gt:topic))
  FILTER(STRSTARTS(STR(?s), "{ID_BASE}") && STRSTARTS(STR(?o), "{ID_BASE}"))
}}
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

PREDICATE_LABELS = "SELECT ?p ?label WHERE { ?p rdfs:label ?label . FILTER(isIRI(?p)) }"

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


def _value(term: object) -> str:
    return str(getattr(term, "value", term))


def project(store: ox.Store) -> nx.DiGraph:
    """Build the entity DiGraph from the store (see the module docstring for its shape)."""
    graph = nx.DiGraph()
    graph.graph["sources"] = {
        sol["s"].value: sol["title"].value for sol in run_query(store, SOURCES)
    }
    classes: dict[str, set[str]] = defaultdict(set)
    for sol in run_query(store, NODES):
        iri = sol["e"].value
        kind = kind_of(iri)
        if kind not in NODE_KINDS or "#" in iri:
            continue
        graph.add_node(iri, label=sol["label"].value, kind=kind, aliases=[], dates={}, topics=[])
        if sol["type"] is not None:
            classes[iri].add(sol["type"].value)
    for iri in graph.nodes:
        types = classes.get(iri, set())
        cls = next((str(GT[c]) for c in CLASS_ORDER if str(GT[c]) in types), None)
        graph.nodes[iri]["cls"] = cls
        graph.nodes[iri]["classes"] = sorted(types)
    for sol in run_query(store, ALIASES):
        if sol["e"].value in graph:
            graph.nodes[sol["e"].value]["aliases"].append(sol["alias"].value)
    for sol in run_query(store, DATES):
        if sol["e"].value in graph:
            dates = graph.nodes[sol["e"].value]["dates"]
            dates.setdefault(sol["p"].value, []).append(sol["date"].value)
    for sol in run_query(store, TOPICS):
        if sol["e"].value in graph:
            graph.nodes[sol["e"].value]["topics"].append(sol["topic"].value)
    labels = dict(EXTERNAL_LABELS)
    labels.update(
        {sol["p"].value: sol["label"].value for sol in run_query(store, PREDICATE_LABELS)}
    )
    derived = str(DERIVED_GRAPH)
    for sol in run_query(store, EDGES):
        s, p, o, g = (_value(sol[v]) for v in ("s", "p", "o", "g"))
        if s in graph and o in graph and s != o:
            _add_edge(graph, s, o, p, labels.get(p, p.rsplit("#", 1)[-1]), g, derived)
    for sol in run_query(store, POSTS):
        person, org_iri = sol["person"].value, sol["org"].value
        if person in graph and org_iri in graph:
            _add_edge(graph, person, org_iri, MEMBER_OF, labels[MEMBER_OF], sol["g"].value, derived)
            graph.edges[person, org_iri].setdefault("titles", set()).add(sol["title"].value)
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
