"""The derived graph: gt:tiedWith between countries and superclass types, no reasoner needed.

Computed from the facts gathered while the records are written (graph.build.rdf).
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import combinations
from typing import TypeVar

from graph.build.ntriples import (
    T_COUNTRY,
    T_FACILITATOR,
    T_PARENT,
    T_PARTY,
    T_SUBCLASS,
    T_TIED,
    T_TYPE,
    split_triple,
)

T = TypeVar("T")


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

    def merge(self, later: "Facts") -> None:
        """Add the facts gathered from later records (lists keep the records' order)."""
        for mine, theirs in (
            (self.types, later.types),
            (self.parties, later.parties),
            (self.facilitators, later.facilitators),
        ):
            for node, found in theirs.items():
                mine[node] |= found
        for ordered, more in ((self.countries, later.countries), (self.parents, later.parents)):
            for node, listed in more.items():
                ordered[node] += listed


def superclasses(ontology: Iterable[str]) -> dict[str, set[str]]:
    """Each named class's strict superclasses (transitive rdfs:subClassOf), named ones only."""
    direct: dict[str, set[str]] = defaultdict(set)
    for triple in ontology:
        s, p, o = split_triple(triple)
        if p == T_SUBCLASS and s.startswith("<") and o.startswith("<"):
            direct[s].add(o)
    return transitive(direct)


def transitive(direct: Mapping[T, set[T]]) -> dict[T, set[T]]:
    """Each key's strict ancestors under direct (its parents, theirs, ...), itself excluded;
    for N-Triples text here and for store terms after an HTTP change (graph.sparql.derived)."""
    closure: dict[T, set[T]] = {}
    for node in direct:
        seen: set[T] = set()
        todo = list(direct[node])
        while todo:
            parent = todo.pop()
            if parent not in seen:
                seen.add(parent)
                todo.extend(direct.get(parent, ()))
        closure[node] = seen - {node}
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
