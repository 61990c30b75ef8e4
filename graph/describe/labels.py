"""Names for what a page shows: entities, classes, properties, literals and graphs.

A page names hundreds of IRIs; each name is one index lookup, remembered for
the page (a `Namer` lives as long as one rendering).
"""

from dataclasses import dataclass, field

import pyoxigraph as ox

from graph.network.resolve import curie
from ontology import (
    DCTERMS,
    DERIVED_GRAPH,
    ID_BASE,
    ONTOLOGY_GRAPH,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    REFERENCE_GRAPH,
    SCHEMA,
    SKOS,
)

LABEL = ox.NamedNode(str(RDFS.label))
PREF_LABEL = ox.NamedNode(str(SKOS.prefLabel))
TITLE = ox.NamedNode(str(DCTERMS.title))
SOURCE_BASE = ID_BASE + "source/"
# Reused properties a reader should not have to decode (the ontology's own carry labels).
PLAIN_NAMES = {
    str(RDFS.label): "name",
    str(SKOS.altLabel): "also known as",
    str(SKOS.notation): "code",
    str(SKOS.note): "note",
    str(RDF.type): "kind",
    str(DCTERMS.title): "title",
    str(DCTERMS.publisher): "publisher",
    str(DCTERMS.issued): "issued",
    str(SCHEMA.url): "URL",
    str(SCHEMA.containedInPlace): "in",
    str(PROV.wasDerivedFrom): "source",
    str(ORG.subOrganizationOf): "within",
    str(ORG.memberOf): "member of",
    str(ORG.member): "member",
    str(ORG.organization): "organisation",
    str(OWL.differentFrom): "not the same as",
}
GRAPH_NAMES = {
    str(DERIVED_GRAPH): "derived by govties at build time",
    str(REFERENCE_GRAPH): "reference data (ISO 3166 countries)",
    str(ONTOLOGY_GRAPH): "the govties ontology and topic scheme",
}


def is_source(graph: str) -> bool:
    return graph.startswith(SOURCE_BASE)


@dataclass
class Namer:
    store: ox.Store
    _names: dict[str, str] = field(default_factory=dict)

    def __call__(self, iri: str) -> str:
        """The English label (or title) of an IRI, else its shortest prefixed form."""
        if iri not in self._names:
            self._names[iri] = self._lookup(iri)
        return self._names[iri]

    def _lookup(self, iri: str) -> str:
        if iri in PLAIN_NAMES:
            return PLAIN_NAMES[iri]
        node = ox.NamedNode(iri)
        for predicate in (LABEL, PREF_LABEL, TITLE):
            values = [q.object for q in self.store.quads_for_pattern(node, predicate, None, None)]
            literals = [v for v in values if isinstance(v, ox.Literal)]
            english = [v for v in literals if (v.language or "en").startswith("en")]
            if english or literals:
                return sorted((english or literals), key=lambda v: v.value)[0].value
        if iri in GRAPH_NAMES:
            return GRAPH_NAMES[iri]
        if "#" in iri and iri.startswith(ID_BASE):
            return iri.rsplit("#", 1)[1]
        return curie(iri)


def literal_text(value: ox.Literal) -> str:
    """A literal as a reader sees it: the value, with its language unless it is English."""
    lang = value.language
    return f"{value.value} ({lang})" if lang and not lang.startswith("en") else value.value


def datatype_name(value: ox.Literal) -> str | None:
    """The datatype's prefixed name (xsd:date, xsd:gYearMonth), none for plain strings."""
    if value.language:
        return None
    name = curie(value.datatype.value)
    return None if name == "xsd:string" else name
