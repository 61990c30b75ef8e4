"""The govties vocabulary: namespaces, instance IRIs and the ontology files.

Every module that mints or reads an IRI goes through here, so the core
vocabulary (a contract with clients) is spelled in exactly one place.
"""

from importlib.resources import files
from pathlib import Path

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

GT = Namespace("https://w3id.org/govties/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")

ID_BASE = "https://w3id.org/govties/id/"
ONTOLOGY_IRI = URIRef("https://w3id.org/govties/ontology")
TOPICS_SCHEME = GT.Topics

# Named graphs that hold no source's statements.
GRAPH_BASE = "https://w3id.org/govties/graph/"
ONTOLOGY_GRAPH = ONTOLOGY_IRI
REFERENCE_GRAPH = URIRef(GRAPH_BASE + "reference")
DERIVED_GRAPH = URIRef(GRAPH_BASE + "derived")

KINDS = ("country", "org", "person", "agreement", "programme", "event", "place", "source", "topic")

PREFIXES: dict[str, str] = {
    "gt": str(GT),
    "org": str(ORG),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "schema": str(SCHEMA),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
}


def entity_iri(kind: str, slug: str) -> URIRef:
    """Mint an instance IRI; the kind list is closed so typos fail loudly."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    return URIRef(f"{ID_BASE}{kind}/{slug}")


def ontology_file(name: str) -> Path:
    """Path of a Turtle file shipped with this package (govties.ttl, shapes.ttl, topics.ttl)."""
    return Path(str(files(__package__).joinpath(name)))


def sparql_prologue() -> str:
    """PREFIX lines for every namespace above, for queries built in code."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
