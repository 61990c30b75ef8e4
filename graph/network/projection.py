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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

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


@dataclass(frozen=True)
class Rows:
    """The projection's inputs, one iterable of value tuples per query above.

    Read from a store by SPARQL (project) or from the build's N-Triples before
    the store exists (graph.network.from_dataset): one assembly for both, so
    the path index a build stores is the projection a reader would compute.
    """

    sources: Iterable[tuple[str | None, ...]]
    nodes: Iterable[tuple[str | None, ...]]
    aliases: Iterable[tuple[str | None, ...]]
    dates: Iterable[tuple[str | None, ...]]
    topics: Iterable[tuple[str | None, ...]]
    predicate_labels: Iterable[tuple[str | None, ...]]
    edges: Iterable[tuple[str | None, ...]]
    posts: Iterable[tuple[str | None, ...]]


def project(store: ox.Store) -> nx.DiGraph:
    """Build the entity DiGraph from the store (see the module docstring for its shape)."""
    rows = {
        name: value_rows(store, query)
        for name, query in (
            ("sources", SOURCES), ("nodes", NODES), ("aliases", ALIASES), ("dates", DATES),
            ("topics", TOPICS), ("predicate_labels", PREDICATE_LABELS), ("edges", EDGES),
            ("posts", POSTS),
        )
    }  # fmt: skip
    return assemble(Rows(**rows))


def assemble(rows: Rows) -> nx.DiGraph:
    """The DiGraph from its rows; lists are sorted, so row order never shows.

    Nodes and edges are gathered in plain dicts and handed to networkx once:
    its per-call add_node / add_edge / edges[s, o] cost more than the rest.
    """
    nodes: dict[str, dict[str, Any]] = {}
    classes: dict[str, set[str]] = defaultdict(set)
    for iri, label, cls in rows.nodes:
        kind = kind_of(iri)
        if kind not in NODE_KINDS or "#" in iri:
            continue
        data = nodes.get(iri)
        if data is None:
            nodes[iri] = data = {"label": label, "kind": kind}
            data.update(aliases=[], dates={}, dated_by={}, topics=[])
        elif label < data["label"]:
            data["label"] = label
        if cls is not None:
            classes[iri].add(cls)
    for iri, data in nodes.items():
        types = classes.get(iri, set())
        data["cls"] = next((c for c in CLASS_IRIS if c in types), None)
        data["classes"] = sorted(types)
    for iri, alias in rows.aliases:
        if iri in nodes:
            nodes[iri]["aliases"].append(alias)
    for iri, predicate, value, source in rows.dates:
        if iri in nodes:
            readings = nodes[iri]["dated_by"].setdefault(predicate, {})
            if value not in readings:
                nodes[iri]["dates"].setdefault(predicate, []).append(value)
            readings.setdefault(value, []).append(source)
    for iri, topic in rows.topics:
        if iri in nodes:
            nodes[iri]["topics"].append(topic)
    for data in nodes.values():
        data["aliases"].sort()
        data["topics"].sort()
        for values in data["dates"].values():
            values.sort()
        for readings in data["dated_by"].values():
            for found in readings.values():
                found.sort()
    labels = dict(EXTERNAL_LABELS)
    labels.update(rows.predicate_labels)
    derived = str(DERIVED_GRAPH)
    edges: dict[tuple[str, str], dict[str, Any]] = {}

    def statement(s: str, o: str, predicate: str, source: str) -> dict[str, Any]:
        """One edge per (s, o); parallel predicates are kept in a per-edge dict."""
        data = edges.get((s, o))
        if data is None:
            edges[s, o] = data = {"predicates": {}}
        said = data["predicates"].get(predicate)
        if said is None:
            label = labels.get(predicate, predicate.rsplit("#", 1)[-1])
            data["predicates"][predicate] = said = {"label": label, "sources": set()}
        if source != derived:
            said["sources"].add(source)
        return data

    for s, p, o, g in rows.edges:
        if s in nodes and o in nodes and s != o:
            statement(s, o, p, g)
    for person, org_iri, title, g in rows.posts:
        if person in nodes and org_iri in nodes:
            statement(person, org_iri, MEMBER_OF, g).setdefault("titles", set()).add(title)
    graph = nx.DiGraph()
    graph.graph["sources"] = dict(rows.sources)
    graph.add_nodes_from(nodes.items())
    graph.add_edges_from((s, o, data) for (s, o), data in edges.items())
    return graph
