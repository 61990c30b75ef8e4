"""The ontology and the topic scheme as a reader's reference, generated from ontology/*.ttl.

The files are the one definition (the store's ontology graph is loaded from
them), so the /ontology page can never drift from what the build uses.
Alignments are the external terms a govties term specialises
(rdfs:subClassOf / rdfs:subPropertyOf outside the gt: namespace).
"""

from dataclasses import dataclass, field
from functools import cache

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection

from graph.network.resolve import curie
from ontology import GT, ONTOLOGY_IRI, OWL, RDF, RDFS, SKOS, TOPICS_SCHEME, ontology_file


@dataclass(frozen=True)
class Term:
    iri: str
    name: str  # gt:party
    label: str
    comment: str
    parents: tuple[str, ...] = ()  # govties superclasses / superproperties (IRIs)
    alignments: tuple[str, ...] = ()  # external ones
    domain: tuple[str, ...] = ()
    range: tuple[str, ...] = ()


@dataclass(frozen=True)
class Concept:
    iri: str
    label: str
    definition: str
    narrower: tuple["Concept", ...] = ()


@dataclass
class Vocabulary:
    title: str
    version: str
    description: str
    classes: list[Term] = field(default_factory=list)
    properties: list[Term] = field(default_factory=list)
    topics: list[Concept] = field(default_factory=list)  # the top concepts, each with its tree


def _classes_in(graph: Graph, node: object) -> tuple[str, ...]:
    """A class or an owl:unionOf of classes, as IRIs."""
    if isinstance(node, BNode):
        members = graph.value(node, OWL.unionOf)
        return tuple(str(m) for m in Collection(graph, members)) if members else ()
    return (str(node),)


def _term(graph: Graph, iri: URIRef, parent: URIRef) -> Term:
    uppers = [str(u) for u in graph.objects(iri, parent) if isinstance(u, URIRef)]
    return Term(
        iri=str(iri),
        name=curie(str(iri)),
        label=str(graph.value(iri, RDFS.label) or curie(str(iri))),
        comment=str(graph.value(iri, RDFS.comment) or ""),
        parents=tuple(sorted(u for u in uppers if u.startswith(str(GT)))),
        alignments=tuple(sorted(u for u in uppers if not u.startswith(str(GT)))),
        domain=tuple(d for o in graph.objects(iri, RDFS.domain) for d in _classes_in(graph, o)),
        range=tuple(r for o in graph.objects(iri, RDFS.range) for r in _classes_in(graph, o)),
    )


def _concept(topics: Graph, iri: URIRef) -> Concept:
    narrower = sorted(topics.subjects(SKOS.broader, iri), key=str)
    return Concept(
        str(iri),
        str(topics.value(iri, SKOS.prefLabel) or iri),
        str(topics.value(iri, SKOS.definition) or ""),
        tuple(_concept(topics, n) for n in narrower),  # type: ignore[arg-type]
    )


@cache
def vocabulary() -> Vocabulary:
    graph = Graph().parse(ontology_file("govties.ttl"))
    topics = Graph().parse(ontology_file("topics.ttl"))
    ours = str(GT)
    vocab = Vocabulary(
        title=str(graph.value(ONTOLOGY_IRI, URIRef("http://purl.org/dc/terms/title")) or ""),
        version=str(graph.value(ONTOLOGY_IRI, OWL.versionInfo) or ""),
        description=str(graph.value(ONTOLOGY_IRI, URIRef("http://purl.org/dc/terms/description"))),
    )
    for cls in sorted(set(graph.subjects(RDF.type, OWL.Class)), key=str):
        if isinstance(cls, URIRef) and str(cls).startswith(ours):
            vocab.classes.append(_term(graph, cls, RDFS.subClassOf))
    kinds = (OWL.ObjectProperty, OWL.DatatypeProperty)
    found = {p for kind in kinds for p in graph.subjects(RDF.type, kind)}
    for prop in sorted(found, key=str):
        if isinstance(prop, URIRef) and str(prop).startswith(ours):
            vocab.properties.append(_term(graph, prop, RDFS.subPropertyOf))
    tops = sorted(topics.objects(TOPICS_SCHEME, SKOS.hasTopConcept), key=str)
    vocab.topics = [_concept(topics, t) for t in tops]  # type: ignore[arg-type]
    return vocab


@cache
def ontology_triples() -> tuple[ox.Triple, ...]:
    """The ontology and topic files' triples, for RDF clients of /ontology."""
    found: list[ox.Triple] = []
    for name in ("govties.ttl", "topics.ttl"):
        found += [q.triple for q in ox.parse(path=ontology_file(name), format=ox.RdfFormat.TURTLE)]
    return tuple(found)
