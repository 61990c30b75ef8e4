"""An entity's page as data: its facts with the sources that state each, and where they disagree.

Every fact keeps the graphs that state it, so a page can say "who says so"
for each line and list every source's account apart. A disagreement is two
sources giving different values for a property that has one value (a
date, a place, a kind) where neither reading only refines the other: a month
and a day within it, a city and a building in it, an agreement and a
memorandum agree (the rule of api/examples/13-where-sources-disagree.rq).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations

import pyoxigraph as ox

from graph.describe.labels import Namer, datatype_name, is_source, literal_text
from graph.describe.statements import Statement, description, forward, in_graph, inverse
from graph.network.projection import kind_of
from ontology import DCTERMS, DERIVED_GRAPH, GT, ORG, RDF, RDFS, SCHEMA, SKOS

TYPE = str(RDF.type)
ONE_VALUED = {
    str(p)
    for p in (GT.signedOn, GT.signedAt, GT.entryIntoForce, GT.expiryDate, GT.duration,
              GT.startDate, GT.endDate, GT.country, RDF.type)
}  # fmt: skip
# Facts in this order first; the rest by their property's label.
ORDER = [
    str(p)
    for p in (RDFS.label, SKOS.altLabel, RDF.type, GT.country, ORG.subOrganizationOf, GT.party,
              GT.signatory, GT.witness, GT.facilitator, GT.funder, GT.signedOn, GT.signedAt,
              GT.entryIntoForce, GT.expiryDate, GT.duration, GT.partOf, GT.renews, GT.buildsOn,
              GT.topic, DCTERMS.title, DCTERMS.publisher, DCTERMS.issued, SCHEMA.url)
]  # fmt: skip
SIGNERS = {str(GT.signatory), str(GT.witness)}
HIDDEN_INVERSE = {str(ORG.member), str(ORG.organization), str(GT.accedingParty)}  # shown as posts


@dataclass(frozen=True)
class Value:
    """One object of a fact, ready to show: an entity (with its name) or a literal."""

    text: str
    iri: str | None = None  # set for IRIs: the page links them
    datatype: str | None = None

    @classmethod
    def of(cls, term: ox.NamedNode | ox.BlankNode | ox.Literal, name: Namer) -> "Value":
        if isinstance(term, ox.NamedNode):
            return cls(name(term.value), term.value)
        if isinstance(term, ox.Literal):
            return cls(literal_text(term), None, datatype_name(term))
        return cls(f"_:{term.value}")


@dataclass
class Fact:
    predicate: str
    label: str
    values: list[tuple[Value, list[str]]]  # each value with the graphs stating it


@dataclass
class Reading:
    value: Value
    sources: list[str]


@dataclass
class EntityPage:
    iri: str
    label: str
    kind: str | None
    classes: list[Value]
    aliases: list[str]
    facts: list[Fact]
    inverse: list[Fact]  # (predicate, subjects): agreements it is party to, bodies within it...
    parts: dict[str, list[Fact]]  # nodes minted inside it (posts, accessions): their facts
    by_source: dict[str, list[tuple[str, str, Value]]]  # graph -> (subject name, property, value)
    disagreements: list[tuple[str, list[Reading]]] = field(default_factory=list)
    posts: list[tuple[Value, list[Value], list[str]]] = field(default_factory=list)  # who, titles
    account: dict[Value, list[Fact]] = field(default_factory=dict)  # a source's statements
    sources: dict[str, dict[str, str]] = field(default_factory=dict)  # graph -> title, url...
    held: dict[str, list[str]] = field(default_factory=dict)  # signatory/witness -> posts
    graphs: list[str] = field(default_factory=list)  # every graph the page cites, sources first


def _facts(statements: list[Statement], name: Namer, of: str) -> list[Fact]:
    grouped: dict[str, dict[Value, list[str]]] = defaultdict(lambda: defaultdict(list))
    for s in statements:
        term = s.subject if of == "subject" else s.object
        grouped[s.predicate.value][Value.of(term, name)].append(s.graph)
    rank = {p: i for i, p in enumerate(ORDER)}
    predicates = sorted(grouped, key=lambda p: (rank.get(p, len(rank)), name(p)))
    return [
        Fact(p, name(p), sorted(((v, sorted(set(g))) for v, g in grouped[p].items()),
                                key=lambda item: item[0].text))
        for p in predicates
    ]  # fmt: skip


def _ancestors(store: ox.Store, iri: str, predicate: str) -> set[str]:
    seen, todo = set(), [iri]
    while todo:
        node = ox.NamedNode(todo.pop())
        for q in store.quads_for_pattern(node, ox.NamedNode(predicate), None, None):
            if isinstance(q.object, ox.NamedNode) and q.object.value not in seen:
                seen.add(q.object.value)
                todo.append(q.object.value)
    return seen


def _refines(store: ox.Store, a: ox.NamedNode | ox.Literal, b: ox.NamedNode | ox.Literal) -> bool:
    """Whether one reading only makes the other more precise (see the module docstring)."""
    if isinstance(a, ox.Literal) and isinstance(b, ox.Literal):
        return a.value.startswith(b.value) or b.value.startswith(a.value)
    if isinstance(a, ox.NamedNode) and isinstance(b, ox.NamedNode):
        for predicate in (str(SCHEMA.containedInPlace), str(RDFS.subClassOf)):
            if b.value in _ancestors(store, a.value, predicate):
                return True
            if a.value in _ancestors(store, b.value, predicate):
                return True
    return False


def disagreements(
    store: ox.Store, statements: list[Statement], subject: str, name: Namer
) -> list[tuple[str, list[Reading]]]:
    """Per one-valued property, the readings sources disagree on, each with its sources."""
    by_predicate: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for s in statements:
        if s.subject.value == subject and s.predicate.value in ONE_VALUED and is_source(s.graph):
            by_predicate[s.predicate.value][s.graph].add(s.object)
    found = []
    for predicate, per_graph in sorted(by_predicate.items()):
        disputed: dict = defaultdict(set)
        for (g1, v1s), (g2, v2s) in combinations(sorted(per_graph.items()), 2):
            for v1 in v1s - v2s:
                for v2 in v2s - v1s:
                    if v1 != v2 and not _refines(store, v1, v2):
                        disputed[v1].add(g1)
                        disputed[v2].add(g2)
        if disputed:
            readings = [
                Reading(Value.of(v, name), sorted(g for g, vs in per_graph.items() if v in vs))
                for v in sorted(disputed, key=lambda t: t.value)
            ]
            found.append((name(predicate), readings))
    return found


def _inner(statements: list[Statement], iri: str) -> list[Statement]:
    """A part's own facts: not its kind (a post is a membership) nor the link back to iri."""
    return [s for s in statements if s.predicate.value != TYPE and s.object.value != iri]


def _classes(own: list[Statement], name: Namer) -> list[Value]:
    """The kinds the sources (or the reference data) give; the derived superclasses are implied."""
    stated = [s for s in own if s.predicate.value == TYPE]
    chosen = [s for s in stated if is_source(s.graph)] or [
        s for s in stated if s.graph != str(DERIVED_GRAPH)
    ]
    return sorted({Value.of(s.object, name) for s in chosen}, key=lambda v: v.text)


def _posts(store: ox.Store, pointing: list[Statement], name: Namer) -> list:
    """People holding posts in a body: (person, titles, sources), one row per post."""
    found = []
    here = str(ORG.organization)
    posts = {s.subject.value for s in pointing if s.predicate.value == here}
    posts = {post for post in posts if "#post-" in post}
    for post_iri in sorted(posts):
        post = forward(store, ox.NamedNode(post_iri))
        people = {x.object for x in post if x.predicate.value == str(ORG.member)}
        held = {Value.of(x.object, name) for x in post if x.predicate.value == str(GT.title)}
        titles = sorted(held, key=lambda v: v.text)
        graphs = sorted({x.graph for x in post})
        found += [(Value.of(person, name), titles, graphs) for person in people]
    return sorted(found, key=lambda row: row[0].text)


SOURCE_FIELDS = {
    str(DCTERMS.title): "title",
    str(DCTERMS.publisher): "publisher",
    str(DCTERMS.issued): "issued",
    str(SCHEMA.url): "url",
}


def _source_meta(store: ox.Store, graph: str, name: Namer) -> dict[str, str]:
    """Title, publisher, issued date and URL of a source; a plain name for other graphs."""
    if not is_source(graph):
        return {"title": name(graph)}
    found = {"title": name(graph)}
    for s in forward(store, ox.NamedNode(graph)):
        if s.predicate.value in SOURCE_FIELDS:
            found[SOURCE_FIELDS[s.predicate.value]] = s.object.value
    return found


def _held(store: ox.Store, people: set[str], name: Namer) -> dict[str, list[str]]:
    """Each signatory's or witness's posts ("Title, Body"), as their posts' sources give them."""
    found = {}
    for person in sorted(people):
        posts = {s.subject for s in inverse(store, person) if s.predicate.value == str(ORG.member)}
        held = set()
        for post in posts:
            facts = forward(store, post)
            values = defaultdict(list)
            for s in facts:
                values[s.predicate.value].append(s.object.value)
            bodies = [name(b) for b in values[str(ORG.organization)]]
            held |= {f"{title}, {body}" for title in values[str(GT.title)] for body in bodies}
        found[person] = sorted(held)
    return found


def _account(store: ox.Store, graph: str, name: Namer) -> dict[Value, list[Fact]]:
    grouped: dict[str, list[Statement]] = defaultdict(list)
    for s in in_graph(store, graph):
        grouped[s.subject.value].append(s)
    subjects = sorted(grouped, key=lambda iri: (iri != graph, name(iri)))
    return {Value(name(iri), iri): _facts(grouped[iri], name, "object") for iri in subjects}


def entity_page(store: ox.Store, iri: str) -> EntityPage:
    """The page of any IRI the store describes; NotFound otherwise."""
    name = Namer(store)
    about = description(store, iri)
    own = [s for s in about if s.subject.value == iri]
    parts: dict[str, list[Statement]] = defaultdict(list)
    for s in about:
        if s.subject.value != iri:
            parts[s.subject.value].append(s)
    everything_pointing = inverse(store, iri)
    pointing = [
        s
        for s in everything_pointing
        if s.predicate.value not in HIDDEN_INVERSE and not s.subject.value.startswith(iri + "#")
    ]
    by_source: dict[str, list[tuple[str, str, Value]]] = defaultdict(list)
    for s in about:
        by_source[s.graph].append((name(s.subject.value), name(s.predicate.value),
                                   Value.of(s.object, name)))  # fmt: skip
    posts = _posts(store, everything_pointing, name)
    cited = {*by_source, *(s.graph for s in pointing), *(g for *_, gs in posts for g in gs)}
    graphs = sorted(cited, key=lambda g: (not is_source(g), name(g)))
    return EntityPage(
        iri=iri,
        label=name(iri),
        kind=kind_of(iri),
        classes=_classes(own, name),
        aliases=sorted({s.object.value for s in own if s.predicate.value == str(SKOS.altLabel)}),
        facts=_facts(own, name, "object"),
        inverse=_facts(pointing, name, "subject"),
        parts={
            part: _facts(_inner(stmts, iri), name, "object")
            for part, stmts in sorted(parts.items())
        },
        by_source={g: by_source.get(g, []) for g in graphs},
        disagreements=disagreements(store, own, iri, name),
        graphs=graphs,
        posts=posts,
        held=_held(store, {s.object.value for s in own if s.predicate.value in SIGNERS}, name),
        sources={g: _source_meta(store, g, name) for g in graphs},
        account=_account(store, iri, name) if kind_of(iri) == "source" else {},
    )
