"""Records -> RDF: one named graph per source document, plus reference and derived graphs.

Each record becomes the named graph whose IRI is its source's IRI, holding
exactly what that source states; the same entity described by two sources
is the same IRI in two graphs, so the union merges them and GRAPH ?g still
tells who says so.

Terms and triples are kept as N-Triples text (graph.build.ntriples), not
rdflib objects, and gathered into a BuiltDataset (graph.build.built_dataset).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import get_args

import pycountry
import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS, XSD

from graph.build.built_dataset import BuiltDataset, Origins
from graph.build.derived_graph import Facts, derive_ties, derive_types
from graph.build.ntriples import (
    T_ALT,
    T_COUNTRY,
    T_DERIVED_FROM,
    T_FACILITATOR,
    T_LABEL,
    T_MEMBER,
    T_MEMBERSHIP,
    T_NOTE,
    T_ORGANIZATION,
    T_PARENT,
    T_PARTY,
    T_PERSON,
    T_TITLE,
    T_TOPIC,
    T_TYPE,
    country_iri,
    date_literal,
    en,
    entity,
    iri,
    literal,
    source_iri,
    split_triple,
    topic_iri,
    url_term,
)
from graph.build.record_schema import (
    COUNTRY_CODE,
    SECTION_KIND,
    Agreement,
    AgreementType,
    Entity,
    Organization,
)
from graph.build.records import LoadedRecord
from ontology import DERIVED_GRAPH, GT, ONTOLOGY_GRAPH, ORG, REFERENCE_GRAPH, SCHEMA, ontology_file

ORG_CLASSES = {
    name: iri(GT[name]) for name in get_args(Organization.model_fields["type"].annotation)
}
AGREEMENT_CLASSES = {name: iri(GT[name]) for name in get_args(AgreementType)}

PREDICATES = (
    "leadAgency", "ledBy", "launchedBy", "participant", "startDate", "endDate", "location",
    "organizer", "partOf", "signatory", "witness", "signedAt", "renews", "buildsOn", "signedOn",
    "funder", "entryIntoForce", "expiryDate", "duration", "accession", "accedingParty",
    "accededOn",
)  # fmt: skip
PRED = {name: iri(GT[name]) for name in PREDICATES}


FACT_PREDICATES = frozenset({T_COUNTRY, T_PARENT, T_PARTY, T_FACILITATOR})


class _Writer:
    """Adds one record's triples to its source's graph, resolving ids to IRIs."""

    def __init__(
        self, loaded: LoadedRecord, graph: set[str], facts: Facts, origins: Origins
    ) -> None:
        self.loaded = loaded
        self.graph = graph
        self.facts = facts
        self.origins = origins
        self.kinds = loaded.kinds()
        self.source = source_iri(loaded.record.source.id)

    def ref(self, ident: str) -> str:
        if COUNTRY_CODE.match(ident):
            return country_iri(ident)
        return entity(self.kinds[ident], ident)

    def add(self, s: str, p: str, o: str) -> None:
        self.graph.add(f"{s} {p} {o}")

    def typed(self, node: str, cls: str) -> None:
        self.add(node, T_TYPE, cls)
        self.facts.types[node].add(cls)

    def links(self, s: str, p: str, idents: Iterable[str | None]) -> None:
        noted = p in FACT_PREDICATES
        for ident in idents:
            if ident is not None:
                o = self.ref(ident)
                self.add(s, p, o)
                if noted:
                    self.facts.see(s, p, o)

    def entity(self, section: str, index: int, item: Entity, cls: str) -> str:
        node = entity(SECTION_KIND[section], item.id)
        self.origins.note(node, self.loaded.path, (section, index))
        self.typed(node, cls)
        self.add(node, T_LABEL, en(item.label))
        for alias in item.alt:
            self.add(node, T_ALT, en(alias))
        if item.note:
            self.add(node, T_NOTE, en(item.note))
        for other in item.distinct_from:  # may be defined in another record: same kind
            self.add(node, iri(OWL.differentFrom), entity(SECTION_KIND[section], other))
        return node

    def write(self) -> None:
        rec = self.loaded.record
        self._source()
        for i, org in enumerate(rec.organizations):
            node = self.entity("organizations", i, org, ORG_CLASSES[org.type])
            self.links(node, T_COUNTRY, [org.country])
            self.links(node, T_PARENT, [org.parent])
            for j, membership in enumerate(org.members):
                self._membership(node, i, j, membership.org, membership.since, membership.until)
        for i, person in enumerate(rec.people):
            node = self.entity("people", i, person, T_PERSON)
            for j, post in enumerate(person.posts):
                self._post(node, i, j, post.org, post.title)
        for i, place in enumerate(rec.places):
            node = self.entity("places", i, place, iri(GT.Place))
            self.links(node, T_COUNTRY, [place.country])
            self.links(node, iri(SCHEMA.containedInPlace), [place.within])
        for i, prog in enumerate(rec.programmes):
            node = self.entity("programmes", i, prog, iri(GT.Programme))
            self.links(node, T_COUNTRY, prog.country)
            self.links(node, PRED["leadAgency"], prog.lead_agency)
            self.links(node, PRED["ledBy"], prog.led_by)
            self.links(node, PRED["launchedBy"], prog.launched_by)
            self.links(node, PRED["participant"], prog.participants)
            self._dated(node, PRED["startDate"], prog.start)
            self._topics(node, prog.topics)
            self.add(node, T_DERIVED_FROM, self.source)
        for i, event in enumerate(rec.events):
            node = self.entity("events", i, event, iri(GT.Event))
            self._dated(node, PRED["startDate"], event.date)
            self.links(node, PRED["location"], [event.location])
            self.links(node, PRED["organizer"], event.organizer)
            self.links(node, PRED["participant"], event.participants)
            self.links(node, PRED["partOf"], event.part_of)
            self._topics(node, event.topics)
            self.add(node, T_DERIVED_FROM, self.source)
        for i, agr in enumerate(rec.agreements):
            self._agreement(i, agr)

    def _source(self) -> None:
        src = self.loaded.record.source
        self.origins.note(self.source, self.loaded.path, ("source",))
        self.typed(self.source, iri(GT.SourceDocument))
        self.add(self.source, T_LABEL, en(src.title))
        self.add(self.source, iri(DCTERMS.title), en(src.title))
        self.add(self.source, iri(DCTERMS.publisher), literal(src.publisher))
        self._dated(self.source, iri(DCTERMS.issued), src.issued)
        if src.url:
            self.add(self.source, iri(SCHEMA.url), url_term(src.url))

    def _agreement(self, i: int, agr: Agreement) -> None:
        node = self.entity("agreements", i, agr, AGREEMENT_CLASSES[agr.type])
        self.links(node, T_PARTY, agr.parties)
        self.links(node, T_FACILITATOR, agr.facilitators)
        self.links(node, PRED["funder"], agr.funders)
        self.links(node, PRED["signatory"], agr.signatories)
        self.links(node, PRED["witness"], agr.witnesses)
        self.links(node, PRED["ledBy"], agr.led_by)
        self.links(node, PRED["signedAt"], [agr.signed_at])
        self.links(node, PRED["partOf"], agr.part_of)
        self.links(node, PRED["renews"], agr.renews)
        self.links(node, PRED["buildsOn"], agr.builds_on)
        self._dated(node, PRED["signedOn"], agr.signed_on)
        self._dated(node, PRED["entryIntoForce"], agr.in_force)
        self._dated(node, PRED["expiryDate"], agr.expires)
        if agr.duration:
            self.add(node, PRED["duration"], literal(agr.duration, datatype=str(XSD.duration)))
        for j, accession in enumerate(agr.accessions):
            step = f"{node[:-1]}#accession-{accession.party}>"
            self.origins.note(step, self.loaded.path, ("agreements", i, "accessions", j))
            self.typed(step, iri(GT.Accession))
            self.add(node, PRED["accession"], step)
            self.links(step, PRED["accedingParty"], [accession.party])
            self._dated(step, PRED["accededOn"], accession.date)
        self._topics(node, agr.topics)
        self.add(node, T_DERIVED_FROM, self.source)

    def _membership(
        self, network: str, i: int, j: int, member: str, since: str | None, until: str | None
    ) -> None:
        """A member of a network or international organisation: an org:Membership, as posts are."""
        node = self.ref(member)
        membership = f"{network[:-1]}#member-{member}>"
        self.origins.note(membership, self.loaded.path, ("organizations", i, "members", j))
        self.typed(membership, T_MEMBERSHIP)
        self.add(membership, T_MEMBER, node)
        self.add(membership, T_ORGANIZATION, network)
        self.add(node, iri(ORG.memberOf), network)
        self._dated(membership, PRED["startDate"], since)
        self._dated(membership, PRED["endDate"], until)

    def _post(self, person: str, i: int, j: int, org: str, title: str) -> None:
        post = f"{person[:-1]}#post-{org}>"
        self.origins.note(post, self.loaded.path, ("people", i, "posts", j))
        self.typed(post, T_MEMBERSHIP)
        self.add(post, T_MEMBER, person)
        self.add(post, T_ORGANIZATION, self.ref(org))
        self.add(post, T_TITLE, literal(title))

    def _dated(self, node: str, prop: str, text: str | None) -> None:
        if text is not None:
            self.add(node, prop, date_literal(text))

    def _topics(self, node: str, slugs: list[str]) -> None:
        for slug in slugs:
            self.add(node, T_TOPIC, topic_iri(slug))


def turtle_triples(path: Path) -> set[str]:
    """A Turtle file's triples as N-Triples text (oxigraph's parser; blank nodes stay unique)."""
    return {str(t) for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)}


def countries_graph() -> set[str]:
    """ISO 3166-1 countries as gt:Country, so records can name any country by its code."""
    triples = set()
    for country in pycountry.countries:
        node = country_iri(country.alpha_2)
        name = getattr(country, "common_name", None) or country.name
        triples.add(f"{node} {T_TYPE} {iri(GT.Country)}")
        triples.add(f"{node} {T_LABEL} {en(name)}")
        triples.add(f"{node} {iri(SKOS.notation)} {literal(country.alpha_2)}")
        for alias in {country.name, getattr(country, "official_name", country.name)} - {name}:
            triples.add(f"{node} {T_ALT} {en(alias)}")
    return triples


@dataclass
class Converted:
    """Records as their sources' graphs, with what the derived graph and SHACL's file:line
    need of them: one process's share of a build (graph.build.parallel)."""

    graphs: dict[str, set[str]] = field(default_factory=dict)
    facts: Facts = field(default_factory=Facts)
    origins: Origins = field(default_factory=Origins)
    sources: list[URIRef] = field(default_factory=list)


def convert(records: Iterable[LoadedRecord]) -> Converted:
    """The records' graphs, one per source."""
    part = Converted()
    for loaded in records:
        name = source_iri(loaded.record.source.id)
        part.sources.append(URIRef(name[1:-1]))
        _Writer(loaded, part.graphs.setdefault(name, set()), part.facts, part.origins).write()
    return part


def assemble_dataset(parts: Iterable[Converted]) -> BuiltDataset:
    """The whole dataset from the records' parts in record order: ontology, reference
    data, one graph per source, derived ties (as if one writer had written them all)."""
    facts = Facts()
    ontology = turtle_triples(ontology_file("govties.ttl"))
    reference = turtle_triples(ontology_file("topics.ttl")) | countries_graph()
    graphs: dict[str, set[str]] = {iri(ONTOLOGY_GRAPH): ontology, iri(REFERENCE_GRAPH): reference}
    for triple in ontology | reference:
        facts.see(*split_triple(triple))
    origins = Origins()
    sources = []
    for part in parts:
        for name, triples in part.graphs.items():
            graphs.setdefault(name, set()).update(triples)
        facts.merge(part.facts)
        for node, place in part.origins.places.items():
            origins.places.setdefault(node, place)
        sources += part.sources
    derived_name = iri(DERIVED_GRAPH)
    derived = {
        f"{derived_name} {T_TYPE} {iri(PROV.Entity)}",
        f"{derived_name} {T_LABEL} {en('Derived facts: gt:tiedWith and superclass types')}",
        *(f"{derived_name} {T_DERIVED_FROM} <{src}>" for src in sources),
    }
    facts.types[derived_name].add(iri(PROV.Entity))
    derived.update(derive_ties(facts))
    derived.update(derive_types(facts, ontology))
    graphs[derived_name] = derived
    return BuiltDataset(graphs, origins, sources)


def build_dataset(records: list[LoadedRecord]) -> BuiltDataset:
    """The whole dataset: ontology, reference data, one graph per source, derived ties."""
    return assemble_dataset([convert(records)])
