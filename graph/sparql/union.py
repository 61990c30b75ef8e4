"""After a change: the default graph is again the union of the named graphs, checked
only where the change could have written.

A change is applied to a new version (work) beside the one it was computed
from (base, read-only and unchanged). Only triples matching its patterns
(graph.sparql.touched) can differ between the two, so only those are
looked at, each with a handful of index lookups: a one-triple INSERT costs
the same at a thousand quads and at a million. For each such triple:

- in base's default graph, gone from work's: deleted from the union, so it
  is deleted from every source that states it;
- in a named graph but not in the default graph: added to the union;
- in the default graph and no named graph: dropped from the union if a
  source stated it before (its last source went), refused otherwise (every
  fact must name the source stating it).

The counts of the manifest follow from the same triples: the quads they
account for before and after, and the named graphs emptied or created.
Graphs left empty are dropped, as a fresh build would have none.
"""

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from graph.errors import Refused
from graph.sparql.derived import rederive, rederive_all
from graph.sparql.touched import Touched

DEFAULT = ox.DefaultGraph()


@dataclass(frozen=True)
class Delta:
    """How a change moved the manifest's counts; dropped names the graphs it emptied."""

    quads: int
    graphs: int
    dropped: frozenset[str]


def candidates(
    base: ox.Store, work: ox.Store, touched: Touched, limit: int
) -> set[ox.Triple] | None:
    """The triples the change may have added or removed anywhere (matching before or
    after), or None if there are more than limit: then one pass over the store is cheaper."""
    found: set[ox.Triple] = set()
    for s, p, o, g in touched.patterns:
        for store in (base, work):
            for quad in store.quads_for_pattern(s, p, o, g):
                found.add(quad.triple)
                if len(found) > limit:
                    return None
    return found


def _graphs_of(store: ox.Store, t: ox.Triple) -> list[ox.NamedNode | ox.DefaultGraph]:
    return [q.graph_name for q in store.quads_for_pattern(t.subject, t.predicate, t.object)]


def _restore(base: ox.Store, work: ox.Store, t: ox.Triple) -> bool:
    """Make t's place in the union right in work; False if t is an orphan (no source)."""
    stated = ox.Quad(t.subject, t.predicate, t.object) in base
    graphs = _graphs_of(work, t)
    in_union = DEFAULT in graphs
    sources = [g for g in graphs if g != DEFAULT]
    if stated and not in_union:  # deleted from the union: from every source too
        for graph in sources:
            work.remove(ox.Quad(t.subject, t.predicate, t.object, graph))
    elif sources and not in_union:
        work.add(ox.Quad(t.subject, t.predicate, t.object))
    elif in_union and not sources:
        if not stated:
            return False
        work.remove(ox.Quad(t.subject, t.predicate, t.object))
    return True


def _has_quads(store: ox.Store, graph: ox.NamedNode) -> bool:
    return next(iter(store.quads_for_pattern(None, None, None, graph)), None) is not None


def restore_union(base: ox.Store, work: ox.Store, touched: Touched, quads: int) -> Delta:
    """Re-derive the union where the change wrote (base holds quads); Refused for facts
    without a source."""
    # A candidate costs a few lookups, a quad of a pass over the store a few hundred ns.
    triples = candidates(base, work, touched, limit=max(1_000, quads // 20))
    if triples is None:
        return _restore_everywhere(base, work)
    before = {t: _graphs_of(base, t) for t in triples}
    graphs = {g for t in triples for g in (*before[t], *_graphs_of(work, t)) if g != DEFAULT}
    graphs.update(touched.graphs)
    _refuse([t for t in triples if not _restore(base, work, t)])
    changed = [t for t in triples if set(_graphs_of(work, t)) != set(before[t])]
    for t in rederive(base, work, changed):
        before.setdefault(t, _graphs_of(base, t))
        _restore(base, work, t)
    added = sum(len(_graphs_of(work, t)) - len(was) for t, was in before.items())
    return Delta(added, *_graph_changes(base, work, graphs))


# The triples whose place in the union is wrong: in a source but not in the union, and
# the reverse. The engine evaluates MINUS as a hash join: about a second each at 1M.
UNSTATED = "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } MINUS { ?s ?p ?o } }"
SOURCELESS = "SELECT ?s ?p ?o WHERE { ?s ?p ?o MINUS { GRAPH ?g { ?s ?p ?o } } }"


def _rows(store: ox.Store, query: str) -> set[ox.Triple]:
    return {ox.Triple(row["s"], row["p"], row["o"]) for row in store.query(query)}


def _restore_everywhere(base: ox.Store, work: ox.Store) -> Delta:
    """The same rules for a change too broad to follow: every triple out of place, found
    in one pass over the store by the engine itself, then counted anew."""
    wrong = _rows(work, UNSTATED) | _rows(work, SOURCELESS)
    _refuse([t for t in wrong if not _restore(base, work, t)])
    for t in rederive_all(work):
        _restore(base, work, t)
    graphs = {*base.named_graphs(), *work.named_graphs()}
    return Delta(len(work) - len(base), *_graph_changes(base, work, graphs))


def _refuse(orphans: list[ox.Triple]) -> None:
    if orphans:
        raise Refused(
            f"{len(orphans)} triple(s) inserted only into the default graph: it is the union of "
            "the named graphs (one per source), so insert into GRAPH <source-iri> { ... }"
        )


def _graph_changes(
    base: ox.Store, work: ox.Store, graphs: Iterable[ox.NamedNode | ox.DefaultGraph]
) -> tuple[int, frozenset[str]]:
    """The change in the number of named graphs; empty ones are dropped from work."""
    change, dropped = 0, set()
    for graph in graphs:
        if not isinstance(graph, ox.NamedNode):
            continue
        if work.contains_named_graph(graph) and not _has_quads(work, graph):
            work.remove_graph(graph)
        now = work.contains_named_graph(graph)
        was = base.contains_named_graph(graph)
        change += int(now) - int(was)
        if was and not now:
            dropped.add(graph.value)
    return change, frozenset(dropped)
