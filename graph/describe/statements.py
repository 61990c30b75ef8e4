"""What the store says about one IRI, with the graph (source) of every statement.

The description of an entity is its concise bounded description: the
statements whose subject is the entity, and those of the nodes minted inside
it (`<entity#post-...>`, `<entity#accession-...>`, `<entity#member-...>`: a
person's posts, an agreement's accessions) and of blank nodes it reaches. The
same triples come from SPARQL, so a client can check the page against the
endpoint:

    CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o
      FILTER(?s = <IRI> || STRSTARTS(STR(?s), "IRI#")) }

Pages add the inverse statements (where the entity is the object), which are
another entity's description. Reads are pattern lookups on the store's
indexes, not queries: a page costs milliseconds at any store size.
"""

from dataclasses import dataclass

import pyoxigraph as ox

from graph.errors import NotFound

Term = ox.NamedNode | ox.BlankNode | ox.Literal
MAX_INVERSE = 2000  # inverse statements shown for one entity (a country has hundreds)


@dataclass(frozen=True)
class Statement:
    subject: ox.NamedNode | ox.BlankNode
    predicate: ox.NamedNode
    object: Term
    graph: str  # the named graph's IRI: a source, or the reference / derived / ontology graph

    def quad(self) -> ox.Quad:
        return ox.Quad(self.subject, self.predicate, self.object, ox.NamedNode(self.graph))

    def triple(self) -> ox.Triple:
        return ox.Triple(self.subject, self.predicate, self.object)


def _statements(quads: object) -> list[Statement]:
    """Quads as Statements, fully read here (store iterators stay in the calling thread)."""
    found = []
    for q in quads:  # type: ignore[attr-defined]
        if isinstance(q.graph_name, ox.NamedNode):
            found.append(Statement(q.subject, q.predicate, q.object, q.graph_name.value))
    return found


def forward(store: ox.Store, node: ox.NamedNode | ox.BlankNode) -> list[Statement]:
    return _statements(store.quads_for_pattern(node, None, None, None))


def inverse(store: ox.Store, iri: str, limit: int = MAX_INVERSE) -> list[Statement]:
    found = []
    for statement in _statements(store.quads_for_pattern(None, None, ox.NamedNode(iri), None)):
        found.append(statement)
        if len(found) >= limit:
            break
    return found


def in_graph(store: ox.Store, graph: str) -> list[Statement]:
    """A source's whole account: every statement of its named graph."""
    return _statements(store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))


def description(store: ox.Store, iri: str) -> list[Statement]:
    """The concise bounded description of `iri` (see the module docstring); NotFound if empty."""
    root = ox.NamedNode(iri)
    inside = iri + "#"
    seen: set[str] = {iri}
    todo: list[ox.NamedNode | ox.BlankNode] = [root]
    for s in inverse(store, iri):  # posts and memberships point at their entity
        child = s.subject.value
        if isinstance(s.subject, ox.NamedNode) and child.startswith(inside) and child not in seen:
            seen.add(child)
            todo.append(s.subject)
    found: list[Statement] = []
    while todo:
        for statement in forward(store, todo.pop()):
            found.append(statement)
            obj = statement.object
            key = obj.value if isinstance(obj, ox.NamedNode | ox.BlankNode) else None
            inner = isinstance(obj, ox.BlankNode) or (key or "").startswith(inside)
            if key is not None and inner and key not in seen:
                seen.add(key)
                todo.append(obj)  # type: ignore[arg-type]
    if not found:
        raise NotFound(f"nothing is known about <{iri}>")
    return found


def serialise(statements: list[Statement], engine: ox.RdfFormat, prefixes: dict[str, str]) -> bytes:
    """The statements in one RDF format: TriG and N-Quads keep each statement's graph, the
    others (JSON-LD too) carry the merge, as the union default graph answers."""
    if engine in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
        return ox.serialize([s.quad() for s in statements], format=engine, prefixes=prefixes)
    triples = list(dict.fromkeys(s.triple() for s in statements))  # the merge: a set
    return ox.serialize(triples, format=engine, prefixes=prefixes)
