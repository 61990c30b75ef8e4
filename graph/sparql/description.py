"""The SPARQL 1.1 Service Description answered by GET /sparql without a query.

It tells a client what this endpoint is: its URL, the languages it accepts
(Update only when the server holds an update token), the result formats,
that the default graph is the union of the named graphs
(sd:UnionDefaultGraph) and which named graphs (sources) it holds.
"""

from collections.abc import Iterable

import pyoxigraph as ox

from graph.sparql.formats import FORMATS, GRAPH_ONLY, W3C_FORMATS

SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DCTERMS_TITLE = ox.NamedNode("http://purl.org/dc/terms/title")
PREFIXES = {"sd": SD, "formats": W3C_FORMATS, "dcterms": "http://purl.org/dc/terms/"}


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
        for fmt in GRAPH_ONLY:  # what the Graph Store Protocol accepts
            triples.append(ox.Triple(service, sd("inputFormat"), ox.NamedNode(fmt.iri)))
    for fmt in FORMATS:
        triples.append(ox.Triple(service, sd("resultFormat"), ox.NamedNode(fmt.iri)))
    for graph in graphs:
        named = ox.BlankNode()
        triples += [
            ox.Triple(dataset, sd("namedGraph"), named),
            ox.Triple(named, RDF_TYPE, sd("NamedGraph")),
            ox.Triple(named, sd("name"), ox.NamedNode(graph)),
        ]
    return triples
