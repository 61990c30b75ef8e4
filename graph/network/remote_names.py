"""Names and vocabulary by SPARQL, for questions answered without the whole projection.

graph.network.resolve matches a text against every node's names; here the store
is asked for the few entities the text can name (its IRI, an ISO code, a label
or alias holding each of its words), their attributes are read into a small
partial projection (graph.network.frontier), and resolve() decides on that:
the same steps, the same Ambiguous and NotFound. Only "did you mean" differs:
its candidates are the names sharing a word's first letters with the text
(SPARQL has no trigram index), ranked as the site search ranks them.

Words are compared with SPARQL's LCASE, resolve() then normalises exactly, so a
name whose lower case differs from its case folding ("Straße" typed "STRASSE")
is missed. A store with a full-text index would serve these lookups better;
these queries scan the labels.
"""

import re
from collections.abc import Callable, Iterable

import networkx as nx

from graph.build.ntriples import quoted
from graph.network.filters import Filters, filters_from
from graph.network.frontier import NOT_EDGES, Frontier, Select, is_iri
from graph.network.projection import NODE_KINDS
from graph.network.ranking import fold
from graph.network.resolve import ISO_CODE, normalise, resolve
from ontology import ID_BASE, ORG

SUGGESTIONS_MAX = 500  # names read to rank "did you mean"
PREFIX = 3  # letters of each word a suggestion shares

_NODE_PATTERN = f"^{re.escape(ID_BASE)}({'|'.join(NODE_KINDS)})/[^#]*$"  # may_be_node


def _node_filter(var: str) -> str:
    """A FILTER expression: ?var is an IRI that can be a projection node."""
    return f"REGEX(STR(?{var}), {quoted(_NODE_PATTERN)})"


def _names_with(words: list[str], joiner: str, limit: int | None = None) -> str:
    tests = f" {joiner} ".join(f"CONTAINS(LCASE(STR(?name)), {quoted(w)})" for w in words)
    return (
        f"SELECT DISTINCT ?e ?name WHERE {{ ?e rdfs:label|skos:altLabel ?name "
        f"FILTER(STRSTARTS(STR(?e), {quoted(ID_BASE)})) FILTER({tests}) }}"
        + (f" LIMIT {limit}" if limit else "")
    )


class RemoteNames:
    """Resolution and vocabulary checks over a SPARQL select function."""

    def __init__(self, select: Select) -> None:
        self.select = select

    def _ask(self, where: str) -> bool:
        return any(True for _ in self.select(f"SELECT ?x WHERE {{ {where} }} LIMIT 1"))

    def candidates(self, text: str) -> nx.DiGraph:
        """A partial projection holding every entity that a resolution step matches for
        text, or (when none does) the entities whose names are close to it."""
        found = Frontier(self.select, predicate_labels=[])
        if text:
            iris = set(self._by_iri(text))
            wanted = normalise(text)
            for iri, name in self.select(_names_with(wanted.split(), "&&")):
                if name == text or normalise(name) == wanted:
                    iris.add(iri)
            if not found.fetch(iris):
                prefixes = sorted({w[:PREFIX] for w in fold(text).split() if len(w) >= PREFIX})
                if prefixes:
                    rows = self.select(_names_with(prefixes, "||", SUGGESTIONS_MAX))
                    found.fetch(iri for iri, _ in rows)
        return found.graph()

    @staticmethod
    def _by_iri(text: str) -> list[str]:
        """The IRIs the first two resolution steps try: text, id/ + text, an ISO code's."""
        iris = [text, ID_BASE + text]
        return [*iris, f"{ID_BASE}country/{text.upper()}"] if ISO_CODE.match(text) else iris

    def resolve(
        self,
        text: str,
        what: str = "entity",
        accept: Callable[[nx.DiGraph], Callable[[str], bool]] | None = None,
    ) -> str:
        """The IRI text names, as graph.network.resolve.resolve gives it over the whole
        projection; `accept` makes the narrowing test from the candidates' graph.

        An IRI or an ISO code decides before any name is compared, so those few
        entities are read first and the names only when they do not decide.
        """
        text = text.strip()
        named = Frontier(self.select, predicate_labels=[])
        named.fetch(self._by_iri(text) if text else ())
        graph = named.graph()
        test = accept(graph) if accept else None
        if not any(test is None or test(iri) for iri in named.nodes):
            graph = self.candidates(text)
            test = accept(graph) if accept else None
        return resolve(graph, text, what, test)

    def filters(self, via: Iterable[str], exclude: Iterable[str], as_of: str | None) -> Filters:
        """graph.network.filters.make_filters, the vocabulary and names asked of the store."""
        return filters_from(
            via,
            exclude,
            as_of,
            is_predicate=self.is_predicate,
            is_class=self.is_class,
            entity=lambda term: self.resolve(term, "exclude"),
        )

    def is_predicate(self, iri: str | None) -> bool:
        """Whether iri labels an edge of the projection (between two nodes, or a post)."""
        if iri is None or not is_iri(iri) or iri in NOT_EDGES:
            return False
        if iri == str(ORG.memberOf):
            return self._ask(
                "?m org:member ?s ; org:organization ?o ; gt:title ?t . "
                "?s rdfs:label ?ls . ?o rdfs:label ?lo "
                f"FILTER({_node_filter('s')} && {_node_filter('o')})"
            )
        return self._ask(
            f"GRAPH ?g {{ ?s <{iri}> ?o }} ?s rdfs:label ?ls . ?o rdfs:label ?lo "
            f"FILTER(?s != ?o && {_node_filter('s')} && {_node_filter('o')})"
        )

    def is_class(self, iri: str | None) -> bool:
        """Whether some node of the projection has class iri."""
        if iri is None or not is_iri(iri):
            return False
        return self._ask(f"?e a <{iri}> ; rdfs:label ?l FILTER({_node_filter('e')})")
