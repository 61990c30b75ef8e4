"""Where a change can write: quad patterns bounding everything an update may alter.

Keeping "default graph = union of the named graphs" after a change needs the
triples the change touched; finding them by comparing whole stores costs the
store, not the change. pyoxigraph applies an update without saying what it
changed, but every quad an update inserts or deletes is an instance of one of
its templates (INSERT/DELETE DATA, DELETE WHERE, DELETE/INSERT ... WHERE) or
lies in a graph it names (CLEAR, DROP, ADD, MOVE, COPY). So the templates,
with variables and blank nodes as wildcards, bound the change: the triples
matching them before or after are a superset of those it altered.

Only terms the engine is sure to store as written are kept as constants:
IRIs and plain or language-tagged strings. Other literals are wildcards
(rdflib and Oxigraph write "01"^^xsd:integer differently), so a pattern is
never narrower than the change. Text rdflib's grammar cannot read (SPARQL 1.2
syntax the engine accepts), or too long to parse quickly, is bounded by nothing:
the whole store, which graph.sparql.union then checks in one pass.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.sparql.algebra import translateUpdate
from rdflib.plugins.sparql.parser import parseUpdate

GraphTerm = ox.NamedNode | ox.DefaultGraph
Node = ox.NamedNode | ox.BlankNode
# subject, predicate, object, graph; None matches anything.
Pattern = tuple[Node | None, ox.NamedNode | None, Node | ox.Literal | None, GraphTerm | None]
ANY: Pattern = (None, None, None, None)


@dataclass(frozen=True)
class Touched:
    """Quad patterns covering every quad a change may add or remove, and graphs it names."""

    patterns: tuple[Pattern, ...] = (ANY,)
    graphs: tuple[ox.NamedNode, ...] = ()


EVERYTHING = Touched()
# rdflib parses about 40 kB of INSERT DATA a second (a 130 kB one took 3.7 s, 17 s on a busy
# machine); the engine's one pass over a million quads takes about 3.5 s.
MAX_PARSED = 16_000


def _term(term: Any) -> ox.NamedNode | ox.Literal | None:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal) and term.language:
        return ox.Literal(str(term), language=term.language)
    if isinstance(term, Literal) and term.datatype in (None, XSD.string):
        return ox.Literal(str(term))
    return None  # a variable, a blank node, or a literal the engine may write otherwise


def _graph(term: Any) -> GraphTerm | None:
    if term in (None, "DEFAULT"):
        return ox.DefaultGraph()
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    return None  # a variable, NAMED or ALL


def _subject(term: Any) -> ox.NamedNode | None:
    found = _term(term)
    return found if isinstance(found, ox.NamedNode) else None


def _get(node: Any, key: str) -> Any:
    """node[key], or None: rdflib's CompValue.get(key) returns the key itself if missing."""
    return node[key] if key in node else None  # noqa: SIM401 (see above)


def _template(clause: Any, default: Any) -> Iterable[Pattern]:
    """A template's triples (in the WITH graph or the default graph) and its GRAPH blocks."""
    if clause is None or isinstance(clause, str):
        return
    blocks = [(default, _get(clause, "triples") or [])]
    blocks += list((_get(clause, "quads") or {}).items())
    for graph, triples in blocks:
        for s, p, o in triples:
            yield (_subject(s), _subject(p), _term(o), _graph(graph))


def _operation(op: Any) -> tuple[list[Pattern], list[ox.NamedNode]]:
    name = op.name
    if name in ("InsertData", "DeleteData", "DeleteWhere"):
        return list(_template(op, None)), []
    if name == "Modify":
        with_graph = _get(op, "withClause")
        found = [
            *_template(_get(op, "delete"), with_graph),
            *_template(_get(op, "insert"), with_graph),
        ]
        return found, []
    graphs = _get(op, "graph") or [_get(op, "graphiri")]  # ADD/MOVE/COPY name two, others one
    patterns = [(None, None, None, _graph(g)) for g in graphs]
    return patterns, [g for g in (_graph(g) for g in graphs) if isinstance(g, ox.NamedNode)]


def update_touches(text: str, prefixes: Mapping[str, str], base_iri: str | None) -> Touched:
    """The patterns bounding what a SPARQL Update may change; EVERYTHING if unreadable
    or long (past MAX_PARSED, rdflib's parse costs more than one pass over the store)."""
    if len(text) > MAX_PARSED:
        return EVERYTHING
    try:
        parsed = translateUpdate(parseUpdate(text), base_iri, dict(prefixes))
        patterns: list[Pattern] = []
        graphs: list[ox.NamedNode] = []
        for op in parsed.algebra:
            more, named = _operation(op)
            patterns += more
            graphs += named
    except Exception:  # rdflib's grammar lags the engine's (SPARQL 1.2); be safe, not fast
        return EVERYTHING
    return Touched(tuple(dict.fromkeys(patterns)), tuple(dict.fromkeys(graphs)))


def quads_touch(quads: Iterable[ox.Quad], graph: ox.NamedNode) -> Touched:
    """Exactly the given triples in graph: what a Graph Store POST adds (RDF 1.1 terms)."""
    patterns = dict.fromkeys((q.subject, q.predicate, q.object, graph) for q in quads)
    return Touched(tuple(patterns), (graph,))  # type: ignore[arg-type]


def graph_touch(graph: ox.NamedNode) -> Touched:
    """Everything in one named graph: what a Graph Store PUT or DELETE replaces."""
    return Touched(((None, None, None, graph),), (graph,))
