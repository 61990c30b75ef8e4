"""After a change: the derived graph (gt:tiedWith, superclass types) follows the facts.

A build derives it from every record (graph.build.derived_graph); a change
re-derives only what its changed triples reach, with the same rules:

- a node whose rdf:type changed gets its superclass types anew;
- an agreement whose parties or facilitators changed, or one with a party
  at or below an organisation whose country or parent changed, gives its
  country pairs again, before and after; each such pair is then tied iff some
  agreement (any with a party in one of its countries) still supports it.

An ontology change (rdfs:subClassOf) re-derives every type. Facts are read
from the default graph (the union) less what the derived graph alone states.
"""

from collections.abc import Iterable
from itertools import combinations

import pyoxigraph as ox
from rdflib.namespace import RDF, RDFS

from graph.build import derived_graph
from graph.build.derived_graph import countries_up
from graph.build.ntriples import split_triple
from ontology import DERIVED_GRAPH, GT, ONTOLOGY_GRAPH, ORG

DERIVED, ONTOLOGY = ox.NamedNode(str(DERIVED_GRAPH)), ox.NamedNode(str(ONTOLOGY_GRAPH))
TYPE, SUBCLASS = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(RDFS.subClassOf))
COUNTRY, PARENT = ox.NamedNode(str(GT.country)), ox.NamedNode(str(ORG.subOrganizationOf))
PARTY, FACILITATOR = ox.NamedNode(str(GT.party)), ox.NamedNode(str(GT.facilitator))
TIED = ox.NamedNode(str(GT.tiedWith))
DEFAULT = ox.DefaultGraph()
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


class Facts:
    """Lookups of the facts the derived graph comes from, in one version."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._in_country: dict[Term, set[Term]] = {}

    def objects(self, s: ox.NamedNode | ox.BlankNode, p: ox.NamedNode) -> list[Term]:
        """Objects stated by some source: the union less what only the derived graph says."""
        found = []
        for quad in self.store.quads_for_pattern(s, p, None, DEFAULT):
            graphs = self.store.quads_for_pattern(s, p, quad.object, None)
            if any(q.graph_name not in (DEFAULT, DERIVED) for q in graphs):
                found.append(quad.object)
        return found

    def subjects(self, p: ox.NamedNode, o: Term) -> list[Term]:
        return [q.subject for q in self.store.quads_for_pattern(None, p, o, DEFAULT)]

    def closure(self) -> dict[Term, set[Term]]:
        """Each class's strict named superclasses (transitive rdfs:subClassOf in the ontology,
        as the build reads them)."""
        direct: dict[Term, set[Term]] = {}
        for quad in self.store.quads_for_pattern(None, SUBCLASS, None, ONTOLOGY):
            if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.NamedNode):
                direct.setdefault(quad.subject, set()).add(quad.object)
        return derived_graph.transitive(direct)

    def pairs(self, agreement: Term) -> set[tuple[Term, Term]]:
        """The ordered country pairs an agreement ties (both directions)."""
        countries: set[Term] = set()
        for role in (PARTY, FACILITATOR):
            for org in self.objects(agreement, role):
                countries |= countries_up(
                    org, lambda n: self.objects(n, COUNTRY), lambda n: self.objects(n, PARENT)
                )
        return {
            pair
            for a, b in combinations(sorted(countries, key=str), 2)
            for pair in ((a, b), (b, a))
        }

    def below(self, org: Term) -> set[Term]:
        """The organisation and every one within it (org:subOrganizationOf, transitively)."""
        seen, todo = set(), [org]
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                todo.extend(self.subjects(PARENT, node))
        return seen

    def agreements_of(self, orgs: Iterable[Term]) -> set[Term]:
        return {
            a for org in orgs for role in (PARTY, FACILITATOR) for a in self.subjects(role, org)
        }

    def in_country(self, country: Term) -> set[Term]:
        """Agreements with a party or facilitator in the country or within a body there
        (a superset of those whose parties countries_up places there)."""
        if country not in self._in_country:
            orgs = {o for holder in self.subjects(COUNTRY, country) for o in self.below(holder)}
            self._in_country[country] = self.agreements_of(orgs)
        return self._in_country[country]

    def tied(self, a: Term, b: Term) -> bool:
        """Whether some agreement ties the two countries."""
        return any((a, b) in self.pairs(ag) for ag in self.in_country(a) & self.in_country(b))


def _set(work: ox.Store, triple: ox.Triple, wanted: bool) -> bool:
    """State or retract triple in the derived graph; whether that changed it."""
    quad = ox.Quad(triple.subject, triple.predicate, triple.object, DERIVED)
    if (quad in work) == wanted:
        return False
    (work.add if wanted else work.remove)(quad)
    return True


def rederive(base: ox.Store, work: ox.Store, changed: Iterable[ox.Triple]) -> set[ox.Triple]:
    """Bring work's derived graph in line with its facts where changed reaches; return the
    derived triples added or removed (their place in the union is still to be restored)."""
    before, after = Facts(base), Facts(work)
    typed, agreements, orgs, ontology = set(), set(), set(), False
    for t in changed:
        if t.predicate == TYPE:
            typed.add(t.subject)
        elif t.predicate == SUBCLASS:
            ontology = True
        elif t.predicate in (PARTY, FACILITATOR):
            agreements.add(t.subject)
        elif t.predicate in (COUNTRY, PARENT):
            orgs.add(t.subject)
    out: set[ox.Triple] = set()
    if not (typed or agreements or orgs or ontology):
        return out
    closure = after.closure()
    if ontology:
        typed |= {q.subject for q in work.quads_for_pattern(None, TYPE, None, DERIVED)}
        typed |= {q.subject for q in work.quads_for_pattern(None, TYPE, None, DEFAULT)}
    for node in typed - {DERIVED}:
        wanted = {p for c in after.objects(node, TYPE) for p in closure.get(c, ())}
        stated = {q.object for q in work.quads_for_pattern(node, TYPE, None, DERIVED)}
        for cls in wanted | stated:
            triple = ox.Triple(node, TYPE, cls)
            if _set(work, triple, cls in wanted):
                out.add(triple)
    for facts in (before, after):
        agreements |= facts.agreements_of(o for org in orgs for o in facts.below(org))
    pairs = {p for a in agreements for facts in (before, after) for p in facts.pairs(a)}
    for a, b in pairs:
        triple = ox.Triple(a, TIED, b)
        if _set(work, triple, after.tied(a, b)):
            out.add(triple)
    return out


def rederive_all(work: ox.Store) -> set[ox.Triple]:
    """The derived graph derived anew from every fact, by the build's own rules (for a
    change too broad to follow); return the derived triples added or removed."""
    facts = derived_graph.Facts()
    terms: dict[str, Term] = {}
    for predicate in (TYPE, COUNTRY, PARENT, PARTY, FACILITATOR):
        for quad in work.quads_for_pattern(None, predicate, None, None):
            if quad.graph_name not in (DEFAULT, DERIVED):
                s, o = str(quad.subject), str(quad.object)
                terms[s], terms[o] = quad.subject, quad.object
                facts.see(s, str(predicate), o)
    ontology = [str(q.triple) for q in work.quads_for_pattern(None, SUBCLASS, None, ONTOLOGY)]
    for triple in ontology:  # superclasses, which may be no node's stated type
        _, _, cls = split_triple(triple)
        if cls.startswith("<"):
            terms.setdefault(cls, ox.NamedNode(cls[1:-1]))
    wanted = set(derived_graph.derive_ties(facts)) | set(
        derived_graph.derive_types(facts, ontology)
    )
    stated = {
        str(q.triple): q.triple
        for predicate in (TIED, TYPE)
        for q in work.quads_for_pattern(None, predicate, None, DERIVED)
        if q.subject != DERIVED
    }
    out = set()
    for line in wanted - stated.keys():
        s, p, o = split_triple(line)
        triple = ox.Triple(terms[s], TIED if p == str(TIED) else TYPE, terms[o])
        _set(work, triple, True)
        out.add(triple)
    for line in stated.keys() - wanted:
        _set(work, stated[line], False)
        out.add(stated[line])
    return out
