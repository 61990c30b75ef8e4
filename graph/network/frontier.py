"""Part of the projection, read by SPARQL around chosen entities: for a store too big to
project whole, or one that lives in another process (a remote SPARQL engine).

graph.network.projection reads every statement into one DiGraph. A Frontier reads
only what a question needs, a hop at a time: `expand` asks, for a batch of entities
(VALUES, BATCH IRIs per query), every statement that projection.EDGES and POSTS
would give them in either direction, then the attributes (labels, types, aliases,
dates, topics) of the entities it reaches. `graph()` hands those rows to
projection.assemble, so a node or edge of the partial graph carries exactly the
attributes it has in the whole projection, and the answers of graph.network.search
and graph.network.ties run on it unchanged. What is missing is only what was never
asked for: an edge between two entities neither of which was expanded.

Every query here and in graph.network.remote_names is SELECT ... WHERE { ... } with at
most a LIMIT after it, the shape graph.backend.remote.RemoteStore.own_rows sends to an
engine with no dataset (the version's graphs named in the text instead).

Hubs: an entity with more than `fanout` neighbours (a country with thousands of
bodies) is followed to its first `fanout` neighbours in IRI order; `cut` records each
such entity with its true count, so answers say where they were cut.
"""

import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from itertools import islice

import networkx as nx
from rdflib.namespace import PROV, RDF

from graph.network.deadline import check
from graph.network.projection import (
    MEMBER_OF,
    NODE_KINDS,
    PREDICATE_LABELS,
    Rows,
    assemble,
    kind_of,
)
from ontology import GT

Row = tuple[str | None, ...]
Select = Callable[[str], Iterable[Row]]  # a SELECT query -> its solutions' values, in order
BATCH = 500  # IRIs per VALUES block: a query of some 40 kB, well under engines' limits
FANOUT = 5000  # neighbours followed from one entity

# IRIREF characters SPARQL forbids (and none of ours uses): a text with one is no IRI.
_NOT_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')

# What projection.EDGES leaves out: types, provenance and topics are attributes, not hops.
NOT_EDGES = frozenset({str(RDF.type), str(PROV.wasDerivedFrom), str(GT.topic)})
_NOT_EDGES = "FILTER(?p NOT IN (rdf:type, prov:wasDerivedFrom, gt:topic))"

# Every statement projection.EDGES gives with a node of VALUES at either end, in its
# (s, p, o, g) shape, and every post projection.POSTS gives with one as the person or the
# organisation, as (person, org:memberOf, org, g, title): one query per batch and hop.
_STATEMENTS = """
SELECT ?s ?p ?o ?g ?title WHERE {{
  {{ VALUES ?s {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} FILTER(isIRI(?o)) {not_edges} }}
  UNION {{ VALUES ?o {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} {not_edges} }}
  UNION {{ VALUES ?s {{ {values} }} {post} }}
  UNION {{ VALUES ?o {{ {values} }} {post} }}
}}
"""
_POST = (
    "GRAPH ?g { ?m org:member ?s ; org:organization ?o ; gt:title ?title } BIND(org:memberOf AS ?p)"
)

# Only some predicates, in one direction: what /ties follows.
_FOLLOW = """
SELECT ?s ?p ?o ?g WHERE {{
  VALUES ?{end} {{ {values} }} VALUES ?p {{ {predicates} }}
  GRAPH ?g {{ ?s ?p ?o }}
}}
"""

# The attributes of projection.NODES, ALIASES, DATES and TOPICS, told apart by ?what.
# VALUES inside each branch, and a FILTER rather than VALUES for the date predicates:
# Oxigraph evaluates either other form several times slower.
_ATTRIBUTES = """
SELECT ?what ?e ?a ?b ?g WHERE {{
  {{ VALUES ?e {{ {values} }} ?e rdfs:label ?a OPTIONAL {{ ?e a ?b }} BIND("node" AS ?what) }}
  UNION {{ VALUES ?e {{ {values} }} ?e skos:altLabel ?a BIND("alias" AS ?what) }}
  UNION {{ VALUES ?e {{ {values} }} GRAPH ?g {{ ?e ?p ?b }}
           FILTER(?p IN (gt:signedOn, gt:startDate)) BIND(STR(?p) AS ?a) BIND("date" AS ?what) }}
  UNION {{ VALUES ?e {{ {values} }} ?e gt:topic ?a BIND("topic" AS ?what) }}
}}
"""

_TITLES = """
SELECT ?s ?title WHERE {{ VALUES ?s {{ {values} }} ?s a gt:SourceDocument ; dcterms:title ?title }}
"""


def is_iri(text: str) -> bool:
    """Whether text can be written <text> in a query (no character IRIREF forbids)."""
    return not _NOT_IRI.search(text)


def may_be_node(iri: str) -> bool:
    """Whether an IRI can be a projection node (projection.assemble's test, on the IRI alone)."""
    return kind_of(iri) in NODE_KINDS and "#" not in iri and is_iri(iri)


def batches(iris: Iterable[str]) -> Iterator[str]:
    """The IRIs, sorted, as VALUES bodies of at most BATCH terms."""
    ordered = iter(sorted(iris))
    while chunk := list(islice(ordered, BATCH)):
        yield " ".join(f"<{iri}>" for iri in chunk)


class Frontier:
    """The rows read so far around some entities, and what has been expanded."""

    def __init__(
        self, select: Select, fanout: int = FANOUT, predicate_labels: list[Row] | None = None
    ) -> None:
        """predicate_labels: projection.PREDICATE_LABELS's rows, if the caller has them (a
        graph of names only needs none); read on the first graph() otherwise."""
        self.select = select
        self.fanout = fanout
        self.known: set[str] = set()  # IRIs whose attributes were asked for
        self.nodes: set[str] = set()  # those that are projection nodes
        self.expanded: set[str] = set()
        self.cut: dict[str, int] = {}  # entity -> its neighbours, where the fan-out cut
        self.adjacent: dict[str, set[str]] = {}  # expanded entity -> neighbour nodes followed
        self._attributes: dict[str, set[Row]] = defaultdict(set)
        self._edges: set[Row] = set()
        self._posts: set[Row] = set()
        self._predicate_labels = predicate_labels
        self._titles: dict[str, str] = {}

    def _rows(self, query: str, iris: Iterable[str], **fields: str) -> Iterator[Row]:
        """The rows of query for each batch of iris, the time limit checked per batch."""
        for values in batches(iris):
            check()
            yield from self.select(query.format(values=values, **fields))

    def _statements(self, iris: Iterable[str]) -> Iterator[tuple[Row, bool]]:
        """Each statement of these nodes in projection.EDGES's shape (False) or POSTS's."""
        for s, p, o, g, title in self._rows(_STATEMENTS, iris, not_edges=_NOT_EDGES, post=_POST):
            yield ((s, o, title, g), True) if title is not None else ((s, p, o, g), False)

    def fetch(self, iris: Iterable[str]) -> set[str]:
        """Read the attributes of these IRIs (once each); the projection nodes among them."""
        iris = set(iris)
        wanted = iris - self.known
        self.known |= wanted
        asked = {iri for iri in wanted if may_be_node(iri)}
        for what, iri, a, b, g in self._rows(_ATTRIBUTES, asked):
            self._attributes[what].add((iri, a, b, g))
            if what == "node":
                self.nodes.add(iri)
        return {iri for iri in iris if iri in self.nodes}

    def expand(self, iris: Iterable[str], follows: Callable[[str], bool] | None = None) -> set[str]:
        """Read every statement of these nodes (once each); the new nodes reached.

        `follows(predicate)` says which statements lead on (the filters' allows): a
        neighbour is kept, with every statement it shares with the node, when one of
        them does; the fan-out counts those neighbours.
        """
        todo = {iri for iri in iris if iri not in self.expanded and iri in self.nodes}
        self.expanded |= todo
        found: list[tuple[str, str, str, Row, bool]] = []  # (end, other, predicate, row, post)
        for row, post in self._statements(todo):
            s, o = (row[0], row[1]) if post else (row[0], row[2])
            for end, other in ((s, o), (o, s)):
                if end in todo and other != end:
                    found.append((end, other, MEMBER_OF if post else row[1], row, post))
        self.fetch(other for _, other, _, _, _ in found)
        per_end: dict[str, list[tuple[str, str, Row, bool]]] = defaultdict(list)
        for end, other, predicate, row, post in found:
            if other in self.nodes:
                per_end[end].append((other, predicate, row, post))
        reached: set[str] = set()
        for end in todo:
            statements = per_end.get(end, [])
            others = sorted({o for o, p, _, _ in statements if follows is None or follows(p)})
            if len(others) > self.fanout:
                self.cut[end] = len(others)
                others = others[: self.fanout]
            kept = set(others)
            for other, _, row, post in statements:
                if other in kept:
                    (self._posts if post else self._edges).add(row)
            self.adjacent[end] = kept
            reached |= kept
        return reached - todo

    def close(self, iris: Collection[str]) -> None:
        """Read the statements between these nodes that no expansion has read yet."""
        todo = {iri for iri in iris if iri in self.nodes and iri not in self.expanded}
        for row, post in self._statements(todo):
            if row[0] in iris and row[1 if post else 2] in iris:
                (self._posts if post else self._edges).add(row)

    def follow(self, iris: Iterable[str], predicates: Iterable[str], forward: bool) -> set[str]:
        """Read the statements by these predicates from (forward) or to these nodes; the
        nodes at their other ends."""
        values = " ".join(f"<{p}>" for p in sorted(predicates))
        ends = {iri for iri in iris if iri in self.nodes}
        rows = list(self._rows(_FOLLOW, ends, predicates=values, end="s" if forward else "o"))
        others = {row[2] if forward else row[0] for row in rows}
        self.fetch(others)
        self._edges.update(row for row in rows if row[0] in self.nodes and row[2] in self.nodes)
        return others & self.nodes

    def graph(self) -> nx.DiGraph:
        """The partial projection of what has been read (a new graph on each call)."""
        if self._predicate_labels is None:
            self._predicate_labels = list(self.select(PREDICATE_LABELS))
        attributes = self._attributes
        cited = {g for *_, g in self._edges} | {g for *_, g in self._posts}
        cited |= {g for _, _, _, g in attributes["date"]}
        unread = {g for g in cited if g and g not in self._titles and is_iri(g)}
        for values in batches(unread):
            self._titles.update(self.select(_TITLES.format(values=values)))
        return assemble(
            Rows(
                sources=self._titles.items(),
                nodes=[(e, a, b) for e, a, b, _ in attributes["node"]],
                aliases=[(e, a) for e, a, _, _ in attributes["alias"]],
                dates=[(e, a, b, g) for e, a, b, g in attributes["date"]],
                topics=[(e, a) for e, a, _, _ in attributes["topic"]],
                predicate_labels=self._predicate_labels,
                edges=self._edges,
                posts=self._posts,
            )
        )
