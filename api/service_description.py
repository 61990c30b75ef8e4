"""The SPARQL 1.1 Service Description answered by GET /sparql without a query.

It tells a client what this endpoint is: its URL, the languages it accepts
(Update only when the server holds an update token), the result formats,
that the default graph is the union of the named graphs
(sd:UnionDefaultGraph) and which named graphs (sources) it holds.
"""

from collections.abc import Iterable

import pyoxigraph as ox

from api.protocol import GRAPH_ONLY, GRAPHS, RESULTS

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DCTERMS_TITLE = ox.NamedNode("http://purl.org/dc/terms/title")
PREFIXES = {"sd": SD, "formats": FORMATS, "dcterms": "http://purl.org/dc/terms/"}

# W3C format IRIs (https://www.w3.org/ns/formats/) of the media types we serve.
FORMAT_IRIS = {
    "application/sparql-results+json": "SPARQL_Results_JSON",
    "application/sparql-results+xml": "SPARQL_Results_XML",
    "text/csv": "SPARQL_Results_CSV",
    "text/tab-separated-values": "SPARQL_Results_TSV",
    "text/turtle": "Turtle",
    "application/n-triples": "N-Triples",
    "application/rdf+xml": "RDF_XML",
    "application/ld+json": "JSON-LD",
    "application/trig": "TriG",
    "application/n-quads": "N-Quads",
}


def sd(term: str) -> ox.NamedNode:
    return ox.NamedNode(SD + term)


def describe(endpoint: str, graphs: Iterable[str], updatable: bool) -> list[ox.Triple]:
    """The description as triples; graphs are the IRIs of the store's named graphs."""
    service, dataset, default = ox.BlankNode(), ox.BlankNode(), ox.BlankNode()
    triples = [
        ox.Triple(service, RDF_TYPE, sd("Service")),
        ox.Triple(service, DCTERMS_TITLE, ox.Literal("govties SPARQL endpoint")),
        ox.Triple(service, sd("endpoint"), ox.NamedNode(endpoint)),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(service, sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), default),
        ox.Triple(default, RDF_TYPE, sd("Graph")),
    ]
    if updatable:
        triples.append(ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Update")))
        for offer in GRAPH_ONLY:  # what the Graph Store Protocol accepts
            iri = ox.NamedNode(FORMATS + FORMAT_IRIS[offer.media_type])
            triples.append(ox.Triple(service, sd("inputFormat"), iri))
    for offer in (*RESULTS, *GRAPHS):
        iri = ox.NamedNode(FORMATS + FORMAT_IRIS[offer.media_type])
        triples.append(ox.Triple(service, sd("resultFormat"), iri))
    for graph in graphs:
        named = ox.BlankNode()
        triples += [
            ox.Triple(dataset, sd("namedGraph"), named),
            ox.Triple(named, RDF_TYPE, sd("NamedGraph")),
            ox.Triple(named, sd("name"), ox.NamedNode(graph)),
        ]
    return triples
