"""Records -> RDF: one named graph per source document, plus reference and derived graphs.

Each record becomes the named graph whose IRI is its source's IRI, holding
exactly what that source states; the same entity described by two sources
is the same IRI in two graphs, so the union merges them and GRAPH ?g still
tells who says so.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import pycountry
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from graph.records import COUNTRY_CODE, SECTION_KIND, Entity, LoadedRecord
from ontology import (
    DERIVED_GRAPH,
    GT,
    ONTOLOGY_GRAPH,
    ORG,
    PREFIXES,
    REFERENCE_GRAPH,
    SCHEMA,
    entity_iri,
    ontology_file,
)

DATE_PATTERNS: tuple[tuple[re.Pattern[str], URIRef], ...] = (
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), XSD.date),
    (re.compile(r"^\d{4}-\d{2}$"), XSD.gYearMonth),
    (re.compile(r"^\d{4}$"), XSD.gYear),
)

ORG_CLASSES = {
    "GovernmentBody": GT.GovernmentBody,
    "AcademicInstitution": GT.AcademicInstitution,
    "InternationalOrganization": GT.InternationalOrganization,
    "Foundation": GT.Foundation,
    "Company": GT.Company,
    "Organization": GT.Organization,
}
AGREEMENT_CLASSES = {
    "MemorandumOfUnderstanding": GT.MemorandumOfUnderstanding,
    "Partnership": GT.Partnership,
    "Agreement": GT.Agreement,
}


def date_literal(text: str) -> Literal:
    """A date as precise as written; anything else stays a plain string for SHACL to reject."""
    for pattern, datatype in DATE_PATTERNS:
        if pattern.match(text):
            return Literal(text, datatype=datatype)
    return Literal(text)


def source_iri(slug: str) -> URIRef:
    return entity_iri("source", slug)


def topic_iri(slug: str) -> URIRef:
    return entity_iri("topic", slug)


def country_iri(code: str) -> URIRef:
    return entity_iri("country", code)


@dataclass
class Origins:
    """Where each subject was first written, so SHACL results can point at file:line."""

    places: dict[URIRef, tuple[Path, int | None]] = field(default_factory=dict)

    def note(self, node: URIRef, path: Path, line: int | None) -> None:
        self.places.setdefault(node, (path, line))

    def of(self, node: object) -> tuple[Path | None, int | None]:
        return self.places.get(node, (None, None))  # type: ignore[call-overload]


class _Writer:
    """Adds one record's triples to its source's graph, resolving ids to IRIs."""

    def __init__(self, loaded: LoadedRecord, graph: Graph, origins: Origins) -> None:
        self.loaded = loaded
        self.graph = graph
        self.origins = origins
        self.kinds = loaded.kinds()
        self.source = source_iri(loaded.record.source.id)

    def ref(self, ident: str) -> URIRef:
        if COUNTRY_CODE.match(ident):
            return country_iri(ident)
        return entity_iri(self.kinds[ident], ident)

    def add(self, s: URIRef | BNode, p: URIRef, o: URIRef | Literal | BNode) -> None:
        self.graph.add((s, p, o))

    def links(self, s: URIRef, p: URIRef, idents: Iterable[str | None]) -> None:
        for ident in idents:
            if ident is not None:
                self.add(s, p, self.ref(ident))

    def entity(self, section: str, index: int, entity: Entity, cls: URIRef) -> URIRef:
        node = entity_iri(SECTION_KIND[section], entity.id)
        self.origins.note(node, self.loaded.path, self.loaded.line_of((section, index)))
        self.add(node, RDF.type, cls)
        self.add(node, RDFS.label, Literal(entity.label, lang="en"))
        for alias in entity.alt:
            self.add(node, SKOS.altLabel, Literal(alias, lang="en"))
        if entity.note:
            self.add(node, SKOS.note, Literal(entity.note, lang="en"))
        return node

    def write(self) -> None:
        rec = self.loaded.record
        self._source()
        for i, org in enumerate(rec.organizations):
            node = self.entity("organizations", i, org, ORG_CLASSES[org.type])
            self.links(node, GT.country, [org.country])
            self.links(node, ORG.subOrganizationOf, [org.parent])
        for i, person in enumerate(rec.people):
            node = self.entity("people", i, person, GT.Person)
            for j, post in enumerate(person.posts):
                self._post(node, person.id, i, j, post.org, post.title)
        for i, place in enumerate(rec.places):
            node = self.entity("places", i, place, GT.Place)
            self.links(node, GT.country, [place.country])
            self.links(node, SCHEMA.containedInPlace, [place.within])
        for i, prog in enumerate(rec.programmes):
            node = self.entity("programmes", i, prog, GT.Programme)
            self.links(node, GT.country, prog.country)
            self.links(node, GT.leadAgency, prog.lead_agency)
            self.links(node, GT.ledBy, prog.led_by)
            self.links(node, GT.launchedBy, prog.launched_by)
            self.links(node, GT.participant, prog.participants)
            self._dated(node, GT.startDate, prog.start)
            self._topics(node, prog.topics)
            self.add(node, PROV.wasDerivedFrom, self.source)
        for i, event in enumerate(rec.events):
            node = self.entity("events", i, event, GT.Event)
            self._dated(node, GT.startDate, event.date)
            self.links(node, GT.location, [event.location])
            self.links(node, GT.organizer, event.organizer)
            self.links(node, GT.participant, event.participants)
            self.links(node, GT.partOf, event.part_of)
            self._topics(node, event.topics)
            self.add(node, PROV.wasDerivedFrom, self.source)
        for i, agr in enumerate(rec.agreements):
            node = self.entity("agreements", i, agr, AGREEMENT_CLASSES[agr.type])
            self.links(node, GT.party, agr.parties)
            self.links(node, GT.facilitator, agr.facilitators)
            self.links(node, GT.signatory, agr.signatories)
            self.links(node, GT.witness, agr.witnesses)
            self.links(node, GT.ledBy, agr.led_by)
            self.links(node, GT.signedAt, [agr.signed_at])
            self.links(node, GT.partOf, agr.part_of)
            self.links(node, GT.renews, agr.renews)
            self.links(node, GT.buildsOn, agr.builds_on)
            self._dated(node, GT.signedOn, agr.signed_on)
            self._topics(node, agr.topics)
            self.add(node, PROV.wasDerivedFrom, self.source)

    def _source(self) -> None:
        src = self.loaded.record.source
        self.origins.note(self.source, self.loaded.path, self.loaded.line_of(("source",)))
        self.add(self.source, RDF.type, GT.SourceDocument)
        self.add(self.source, RDFS.label, Literal(src.title, lang="en"))
        self.add(self.source, DCTERMS.title, Literal(src.title, lang="en"))
        self.add(self.source, DCTERMS.publisher, Literal(src.publisher))
        self.add(self.source, DCTERMS.issued, date_literal(src.issued))
        if src.url:
            self.add(self.source, SCHEMA.url, URIRef(src.url))

    def _post(self, person: URIRef, slug: str, i: int, j: int, org: str, title: str) -> None:
        post = URIRef(f"{person}#post-{org}")
        self.origins.note(post, self.loaded.path, self.loaded.line_of(("people", i, "posts", j)))
        self.add(post, RDF.type, ORG.Membership)
        self.add(post, ORG.member, person)
        self.add(post, ORG.organization, self.ref(org))
        self.add(post, GT.title, Literal(title))

    def _dated(self, node: URIRef, prop: URIRef, text: str | None) -> None:
        if text is not None:
            self.add(node, prop, date_literal(text))

    def _topics(self, node: URIRef, slugs: list[str]) -> None:
        for slug in slugs:
            self.add(node, GT.topic, topic_iri(slug))


def countries_graph(graph: Graph) -> None:
    """ISO 3166-1 countries as gt:Country, so records can name any country by its code."""
    for country in pycountry.countries:
        node = country_iri(country.alpha_2)
        graph.add((node, RDF.type, GT.Country))
        name = getattr(country, "common_name", None) or country.name
        graph.add((node, RDFS.label, Literal(name, lang="en")))
        graph.add((node, SKOS.notation, Literal(country.alpha_2)))
        for alias in {country.name, getattr(country, "official_name", country.name)} - {name}:
            graph.add((node, SKOS.altLabel, Literal(alias, lang="en")))


def _countries_of(graph: Graph, org: URIRef) -> set[URIRef]:
    """Country of an organisation, looking up through parent bodies."""
    seen: set[URIRef] = set()
    todo = [org]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        found = set(graph.objects(node, GT.country))
        if found:
            return found  # type: ignore[return-value]
        todo.extend(graph.objects(node, ORG.subOrganizationOf))  # type: ignore[arg-type]
    return set()


def superclasses(ontology: Graph) -> dict[URIRef, set[URIRef]]:
    """Each named class's strict superclasses (transitive rdfs:subClassOf), named ones only."""
    closure: dict[URIRef, set[URIRef]] = {}
    for cls in set(ontology.subjects(RDFS.subClassOf, None)):
        if isinstance(cls, URIRef):
            found = set(ontology.transitive_objects(cls, RDFS.subClassOf)) - {cls}
            closure[cls] = {c for c in found if isinstance(c, URIRef)}
    return closure


def derive_types(union: Graph, ontology: Graph) -> Iterator[tuple[URIRef, URIRef, URIRef]]:
    """Superclass types (a MoU is also a gt:Agreement, a prov:Entity): no reasoner needed."""
    closure = superclasses(ontology)
    for node, cls in union.subject_objects(RDF.type):
        for parent in closure.get(cls, ()):  # type: ignore[call-overload]
            yield (node, RDF.type, parent)  # type: ignore[misc]


def derive_ties(union: Graph) -> Iterator[tuple[URIRef, URIRef, URIRef]]:
    """gt:tiedWith between the countries of an agreement's parties and facilitators."""
    for agreement in set(union.subjects(GT.party, None)):
        orgs = [*union.objects(agreement, GT.party), *union.objects(agreement, GT.facilitator)]
        countries: set[URIRef] = set()
        for org in orgs:
            countries |= _countries_of(union, org)  # type: ignore[arg-type]
        for a, b in combinations(sorted(countries), 2):
            yield (a, GT.tiedWith, b)
            yield (b, GT.tiedWith, a)


@dataclass
class BuiltDataset:
    dataset: Dataset
    origins: Origins
    sources: list[URIRef]

    def union(self) -> Graph:
        """All triples of every graph as one graph (what SPARQL's default graph shows)."""
        merged = Graph()
        for prefix, namespace in PREFIXES.items():
            merged.bind(prefix, namespace)
        for ctx in self.dataset.graphs():
            for triple in ctx:
                merged.add(triple)
        return merged


def build_dataset(records: list[LoadedRecord]) -> BuiltDataset:
    """The whole dataset: ontology, reference data, one graph per source, derived ties."""
    ds = Dataset()
    ds.graph(ONTOLOGY_GRAPH).parse(ontology_file("govties.ttl"))
    reference = ds.graph(REFERENCE_GRAPH)
    reference.parse(ontology_file("topics.ttl"))
    countries_graph(reference)
    origins = Origins()
    sources = []
    for loaded in records:
        iri = source_iri(loaded.record.source.id)
        sources.append(iri)
        _Writer(loaded, ds.graph(iri), origins).write()
    built = BuiltDataset(ds, origins, sources)
    derived = ds.graph(DERIVED_GRAPH)
    derived.add((DERIVED_GRAPH, RDF.type, PROV.Entity))
    label = "Derived facts: gt:tiedWith and superclass types"
    derived.add((DERIVED_GRAPH, RDFS.label, Literal(label, lang="en")))
    for src in sources:
        derived.add((DERIVED_GRAPH, PROV.wasDerivedFrom, src))
    union = built.union()
    for triple in derive_ties(union):
        derived.add(triple)
    for triple in derive_types(union, ds.graph(ONTOLOGY_GRAPH)):
        derived.add(triple)
    return built
