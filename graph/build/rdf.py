"""Records -> RDF: one named graph per source document, plus reference and derived graphs.

Each record becomes the named graph whose IRI is its source's IRI, holding
exactly what that source states; the same entity described by two sources
is the same IRI in two graphs, so the union merges them and GRAPH ?g still
tells who says so.

Terms and triples are kept as N-Triples text ("<s> <p> <o>"), not rdflib
objects: a million-triple dataset then costs seconds and a few hundred MB
instead of minutes and gigabytes, deduplicates with plain sets and streams
straight into the store's N-Quads bulk loader. rdflib views (union(),
dataset) are still there for small data and for pySHACL.
"""

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations
from pathlib import Path
from typing import get_args

import pycountry
import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from graph import dates
from graph.build.records import COUNTRY_CODE, SECTION_KIND, Entity, LoadedRecord, Organization
from ontology import (
    DERIVED_GRAPH,
    GT,
    ID_BASE,
    ONTOLOGY_GRAPH,
    ORG,
    PREFIXES,
    REFERENCE_GRAPH,
    SCHEMA,
    ontology_file,
)


def iri(value: str) -> str:
    """An IRI term in N-Triples form."""
    return f"<{value}>"


_ESCAPE = re.compile(r'["\\\n\r]')


def _quoted(text: str) -> str:
    # JSON string syntax is valid N-Triples (\" \\ \n \r \t \uXXXX); only pay for it when needed.
    return json.dumps(text, ensure_ascii=False) if _ESCAPE.search(text) else f'"{text}"'


def literal(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    """A literal term in N-Triples form: plain (xsd:string), language-tagged or typed."""
    if lang:
        return f"{_quoted(text)}@{lang}"
    if datatype and datatype != str(XSD.string):
        return f"{_quoted(text)}^^<{datatype}>"
    return _quoted(text)


def en(text: str) -> str:
    return literal(text, lang="en")


T_TYPE, T_LABEL, T_ALT, T_NOTE = iri(RDF.type), iri(RDFS.label), iri(SKOS.altLabel), iri(SKOS.note)
T_DERIVED_FROM, T_COUNTRY = iri(PROV.wasDerivedFrom), iri(GT.country)
T_PARENT, T_PARTY, T_FACILITATOR = iri(ORG.subOrganizationOf), iri(GT.party), iri(GT.facilitator)
T_TIED, T_SUBCLASS = iri(GT.tiedWith), iri(RDFS.subClassOf)
T_MEMBERSHIP, T_MEMBER, T_ORGANIZATION = iri(ORG.Membership), iri(ORG.member), iri(ORG.organization)
T_TITLE, T_TOPIC, T_PERSON = iri(GT.title), iri(GT.topic), iri(GT.Person)

ORG_CLASSES = {
    name: iri(GT[name]) for name in get_args(Organization.model_fields["type"].annotation)
}
AGREEMENT_CLASSES = {
    name: iri(GT[name]) for name in ("MemorandumOfUnderstanding", "Partnership", "Agreement")
}


def date_literal(text: str) -> str:
    """A date as precise as written; anything else stays a plain string for SHACL to reject."""
    return literal(text, datatype=dates.datatype(text))


def url_term(text: str) -> str:
    """A source URL as an IRI; a malformed one stays a string so SHACL (sh:nodeKind) rejects it."""
    try:
        return str(ox.NamedNode(text))
    except ValueError:
        return literal(text)


def entity(kind: str, slug: str) -> str:
    """An instance IRI term (ontology.entity_iri, as N-Triples text)."""
    return f"<{ID_BASE}{kind}/{slug}>"


def source_iri(slug: str) -> str:
    return entity("source", slug)


def topic_iri(slug: str) -> str:
    return entity("topic", slug)


def country_iri(code: str) -> str:
    return entity("country", code)


@dataclass
class Origins:
    """Where each subject was first written, so SHACL results can point at file:line.

    Only (file, location) is kept, not the records: lines are looked up (PyYAML
    marks, LoadedRecord.line_of) when a result needs one, so a valid build
    never pays for them and a million-triple build does not hold every record.
    """

    places: dict[str, tuple[Path, tuple[str | int, ...]]] = field(default_factory=dict)
    _files: dict[Path, LoadedRecord] = field(default_factory=dict, repr=False)

    def note(self, node: str, path: Path, loc: tuple[str | int, ...]) -> None:
        self.places.setdefault(node, (path, loc))

    def of(self, node: object) -> tuple[Path | None, int | None]:
        """(file, line) of a node given as an IRI string, N-Triples term or rdflib/oxigraph term."""
        text = str(node)
        key = text if text.startswith("<") else f"<{text}>"
        if key not in self.places:
            return None, None
        path, loc = self.places[key]
        if path not in self._files:
            self._files[path] = LoadedRecord(path, None)  # type: ignore[arg-type]
        return path, self._files[path].line_of(loc)


@dataclass
class Facts:
    """What the derived graph is computed from, gathered while writing (no graph scans)."""

    types: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    countries: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    parents: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    parties: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    facilitators: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def see(self, s: str, p: str, o: str) -> None:
        if p == T_TYPE:
            self.types[s].add(o)
        elif p == T_COUNTRY:
            self.countries[s].append(o)
        elif p == T_PARENT:
            self.parents[s].append(o)
        elif p == T_PARTY:
            self.parties[s].add(o)
        elif p == T_FACILITATOR:
            self.facilitators[s].add(o)


PREDICATES = (
    "leadAgency", "ledBy", "launchedBy", "participant", "startDate", "location", "organizer",
    "partOf", "signatory", "witness", "signedAt", "renews", "buildsOn", "signedOn",
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
        return node

    def write(self) -> None:
        rec = self.loaded.record
        self._source()
        for i, org in enumerate(rec.organizations):
            node = self.entity("organizations", i, org, ORG_CLASSES[org.type])
            self.links(node, T_COUNTRY, [org.country])
            self.links(node, T_PARENT, [org.parent])
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
            node = self.entity("agreements", i, agr, AGREEMENT_CLASSES[agr.type])
            self.links(node, T_PARTY, agr.parties)
            self.links(node, T_FACILITATOR, agr.facilitators)
            self.links(node, PRED["signatory"], agr.signatories)
            self.links(node, PRED["witness"], agr.witnesses)
            self.links(node, PRED["ledBy"], agr.led_by)
            self.links(node, PRED["signedAt"], [agr.signed_at])
            self.links(node, PRED["partOf"], agr.part_of)
            self.links(node, PRED["renews"], agr.renews)
            self.links(node, PRED["buildsOn"], agr.builds_on)
            self._dated(node, PRED["signedOn"], agr.signed_on)
            self._topics(node, agr.topics)
            self.add(node, T_DERIVED_FROM, self.source)

    def _source(self) -> None:
        src = self.loaded.record.source
        self.origins.note(self.source, self.loaded.path, ("source",))
        self.typed(self.source, iri(GT.SourceDocument))
        self.add(self.source, T_LABEL, en(src.title))
        self.add(self.source, iri(DCTERMS.title), en(src.title))
        self.add(self.source, iri(DCTERMS.publisher), literal(src.publisher))
        self.add(self.source, iri(DCTERMS.issued), date_literal(src.issued))
        if src.url:
            self.add(self.source, iri(SCHEMA.url), url_term(src.url))

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


def _split(triple: str) -> tuple[str, str, str]:
    """Subject, predicate, object of an N-Triples line (no spaces before the object)."""
    s, p, o = triple.split(" ", 2)
    return s, p, o


def superclasses(ontology: Iterable[str]) -> dict[str, set[str]]:
    """Each named class's strict superclasses (transitive rdfs:subClassOf), named ones only."""
    direct: dict[str, set[str]] = defaultdict(set)
    for triple in ontology:
        s, p, o = _split(triple)
        if p == T_SUBCLASS and s.startswith("<") and o.startswith("<"):
            direct[s].add(o)
    closure: dict[str, set[str]] = {}
    for cls in direct:
        seen: set[str] = set()
        todo = list(direct[cls])
        while todo:
            parent = todo.pop()
            if parent not in seen:
                seen.add(parent)
                todo.extend(direct.get(parent, ()))
        closure[cls] = seen - {cls}
    return closure


def derive_types(facts: Facts, ontology: Iterable[str]) -> Iterator[str]:
    """Superclass types (a MoU is also a gt:Agreement, a prov:Entity): no reasoner needed."""
    closure = superclasses(ontology)
    for node, classes in facts.types.items():
        for cls in classes:
            for parent in closure.get(cls, ()):
                yield f"{node} {T_TYPE} {parent}"


def countries_up(
    org: str, countries: Callable[[str], Iterable[str]], parents: Callable[[str], Iterable[str]]
) -> set[str]:
    """An organisation's own countries, else those of its nearest parent bodies (IPUR
    names none and is within NUS, in Singapore). The one rule for the build's
    gt:tiedWith and for the path queries' ties, over whatever holds the facts."""
    seen: set[str] = set()
    todo = [org]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        found = set(countries(node))
        if found:
            return found
        todo.extend(parents(node))
    return set()


def derive_ties(facts: Facts) -> Iterator[str]:
    """gt:tiedWith between the countries of an agreement's parties and facilitators."""
    for agreement, parties in facts.parties.items():
        countries: set[str] = set()
        for org in parties | facts.facilitators.get(agreement, set()):
            countries |= countries_up(
                org, lambda n: facts.countries.get(n, ()), lambda n: facts.parents.get(n, ())
            )
        for a, b in combinations(sorted(countries), 2):
            yield f"{a} {T_TIED} {b}"
            yield f"{b} {T_TIED} {a}"


@dataclass
class BuiltDataset:
    """The dataset as N-Triples text per graph: graph term -> set of "s p o" triples."""

    graphs: dict[str, set[str]]
    origins: Origins
    sources: list[URIRef]

    @cached_property
    def union_triples(self) -> set[str]:
        """All triples of every graph, once (what SPARQL's default graph shows)."""
        return set().union(*self.graphs.values())

    def quad_count(self) -> int:
        """Quads the store will hold: every named graph plus the union as default graph."""
        return sum(len(g) for g in self.graphs.values()) + len(self.union_triples)

    def nquads(self, chunk: int = 100_000) -> Iterator[bytes]:
        """The named graphs as N-Quads, then their union as the default graph, in chunks."""
        for name, triples in self.graphs.items():
            lines = [f"{t} {name} .\n" for t in triples]
            for start in range(0, len(lines), chunk):
                yield "".join(lines[start : start + chunk]).encode()
        union = list(self.union_triples)
        for start in range(0, len(union), chunk):
            yield "".join(f"{t} .\n" for t in union[start : start + chunk]).encode()

    def union(self) -> Graph:
        """The union as an rdflib Graph (for pySHACL and small data; slow at scale)."""
        merged = Graph()
        for prefix, namespace in PREFIXES.items():
            merged.bind(prefix, namespace)
        merged.parse(data="".join(f"{t} .\n" for t in self.union_triples), format="nt")
        return merged

    @property
    def dataset(self) -> Dataset:
        """The named graphs as an rdflib Dataset (for small data and interoperability)."""
        ds = Dataset()
        for name, triples in self.graphs.items():
            ds.parse(data="".join(f"{t} {name} .\n" for t in triples), format="nquads")
        return ds


def build_dataset(records: list[LoadedRecord]) -> BuiltDataset:
    """The whole dataset: ontology, reference data, one graph per source, derived ties."""
    facts = Facts()
    ontology = turtle_triples(ontology_file("govties.ttl"))
    reference = turtle_triples(ontology_file("topics.ttl")) | countries_graph()
    graphs: dict[str, set[str]] = {iri(ONTOLOGY_GRAPH): ontology, iri(REFERENCE_GRAPH): reference}
    for triple in ontology | reference:
        facts.see(*_split(triple))
    origins = Origins()
    sources = []
    for loaded in records:
        name = source_iri(loaded.record.source.id)
        sources.append(URIRef(name[1:-1]))
        _Writer(loaded, graphs.setdefault(name, set()), facts, origins).write()
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
