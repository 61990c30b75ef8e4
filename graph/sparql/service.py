"""What the SPARQL endpoint does with the store, without any transport: one function
per request kind, called alike by HTTP (in a query worker) and by the command line.

They run inside worker processes (graph.sparql.workers) so that a runaway
query can be killed; each process keeps the store version it last used
open. Callers see only these functions and graph.errors; a version on a remote
SPARQL 1.1 store opens as a handle with the same read methods (graph.backend), so
the guard, the caps and the formats here hold for it too.
Changes (SPARQL Update, Graph Store writes) are in graph.sparql.update.
"""

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import islice
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.backend.embedded import Handle, open_version_dir
from graph.errors import Malformed, NoSuchGraph, NotAcceptable, TooLarge
from graph.sparql.formats import BY_MEDIA_TYPE, Form, RowMarks
from graph.sparql.guard import check_graphs, check_query
from graph.sparql.query import DEFAULT, run_query
from graph.sparql.stats import store_stats
from ontology import PREFIXES

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str


@lru_cache(maxsize=1)
def open_version(version: str) -> Handle:
    """The read-only store of one version; the previous one is closed when the version moves."""
    return open_version_dir(Path(version))


@lru_cache(maxsize=2)
def graph_names(version: str) -> tuple[str, ...]:
    """IRIs of the named graphs (one per source, plus the derived graph).

    Cached per version: a version never changes, and listing thousands of
    graphs would otherwise cost more than a lookup query itself.
    """
    return tuple(sorted(g.value for g in open_version(version).named_graphs()))


@lru_cache(maxsize=2)
def stats(version: str) -> dict[str, Any]:
    """Counted once per version and worker: at a million statements counting takes seconds."""
    return store_stats(open_version(version))


def _term(term: Any) -> dict[str, Any]:
    """One RDF term in the SPARQL 1.1 Query Results JSON format."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": _term(term.subject),
            "predicate": _term(term.predicate),
            "object": _term(term.object),
        },
    }


def _too_large(max_results: int, what: str) -> TooLarge:
    return TooLarge(
        f"the answer has more than {max_results} {what}, this endpoint's limit: "
        "narrow the query or add a LIMIT (and OFFSET to page)"
    )


def _capped(items: Iterable[Any], max_results: int, what: str) -> list[Any]:
    taken = list(islice(items, max_results + 1))
    if len(taken) > max_results:
        raise _too_large(max_results, what)
    return taken


class RowCounter:
    """What pyoxigraph's results writer writes into (about 8 KB at a time), counting the
    rows on the way from above; the write that takes the count past max_results raises
    TooLarge, so an answer over the cap stops as early as it did in Python.
    """

    def __init__(self, marks: RowMarks, max_results: int) -> None:
        self.marks, self.max_results = marks, max_results
        self.parts: list[bytes] = []
        self.rows = marks.unmarked - marks.header  # at most this many rows written
        self._tail = b""  # the last width - 1 bytes: a mark may start there

    def write(self, data: bytes) -> int:
        if self.rows <= self.max_results:  # else a retry: pyoxigraph flushes once more
            self.parts.append(data)
            seen = self._tail + data
            self.rows += seen.count(self.marks.mark)
            self._tail = seen[max(0, len(seen) - self.marks.width + 1) :]
        if self.rows > self.max_results:
            raise _too_large(self.max_results, "rows")
        return len(data)

    def flush(self) -> None:
        pass


def serialize_solutions(
    result: ox.QuerySolutions,
    media_type: str,
    max_results: int,
    again: Callable[[], ox.QuerySolutions],
) -> bytes:
    """SELECT results, capped, written by pyoxigraph with the rows counted as they pass.

    When the count cannot tell (values holding what marks a row, or empty JSON rows,
    past the cap) the query runs again (again()) and is written in Python, row by row.
    """
    fmt = BY_MEDIA_TYPE[media_type]
    assert fmt.rows is not None, "a results format"
    out = RowCounter(fmt.rows, max_results)
    try:
        result.serialize(out, format=fmt.engine)
    except TooLarge:
        if fmt.rows.lower(b"".join(out.parts), out.rows) > max_results:
            raise
        return written_in_python(again(), media_type, max_results)
    return b"".join(out.parts)


def written_in_python(result: ox.QuerySolutions, media_type: str, max_results: int) -> bytes:
    """SELECT results, capped; JSON written here, other formats re-serialised by pyoxigraph.

    Exact whatever the values hold, and slower: the fallback of serialize_solutions.
    """
    names = [v.value for v in result.variables]
    rows = _capped(result, max_results, "rows")
    # A solution iterates its values in variable order: far cheaper than sol[name].
    bindings = [
        {name: _term(value) for name, value in zip(names, sol, strict=True) if value is not None}
        for sol in rows
    ]
    doc = json.dumps(
        {"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False
    ).encode()
    engine = BY_MEDIA_TYPE[media_type].engine
    if engine == ox.QueryResultsFormat.JSON:
        return doc
    parsed = ox.parse_query_results(doc, format=ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=engine)


def serialize_triples(triples: Iterable[ox.Triple], media_type: str, max_results: int) -> bytes:
    """A graph, capped; dataset formats get it as their default graph."""
    fmt = BY_MEDIA_TYPE[media_type]
    taken = _capped(triples, max_results, "triples")
    items = [ox.Quad(*t) for t in taken] if fmt.datasets else taken
    return ox.serialize(items, format=fmt.engine, prefixes=PREFIXES)


def answer_query(
    version: str,
    text: str,
    default_graphs: Sequence[str],
    named_graphs: Sequence[str],
    choice: Mapping[Form, str | None],
    max_results: int,
    base_iri: str | None = None,
) -> Answer:
    """Check a query against the guard, run it and serialise it in the media type chosen
    for its form.

    choice maps each Form to the negotiated media type, or None when the
    client accepts none for it (NotAcceptable names the form); relative IRIs
    resolve against base_iri, as the Oxigraph server resolves them against its URL.
    """
    local = graph_names(version)
    check_graphs([*default_graphs, *named_graphs], local, "default-graph-uri / named-graph-uri")
    from_graphs = check_query(text, local, PREFIXES, base_iri)
    if not default_graphs and not named_graphs:  # the protocol's dataset overrides FROM
        default_graphs, named_graphs = from_graphs
    # Evaluated in a frame of its own: the guard's parser keeps exceptions whose tracebacks
    # reach this frame, and a result held here would live on with them.
    store, dataset = merged_dataset(open_version(version), default_graphs, named_graphs)
    return _evaluate(store, text, (*dataset, base_iri), choice, max_results)


def merged_dataset(
    store: Handle, default_graphs: Sequence[str], named_graphs: Sequence[str]
) -> tuple[Handle, tuple[list[str], list[str]]]:
    """The store and dataset to evaluate on, with the default graph an RDF merge (a set).

    The engine reads several default graphs as a bag (a triple two sources state
    counts twice, a graph named twice doubles every count); so a default graph of
    several graphs is copied, as one set, into the default graph of a store made for
    this query, with the named graphs it may also use. Small: one source's graph holds
    tens of triples.
    """
    defaults, named = list(dict.fromkeys(default_graphs)), list(dict.fromkeys(named_graphs))
    if len(defaults) <= 1:
        return store, (defaults, named)
    merged = ox.Store()
    for graph in defaults:
        quads = store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
        merged.extend([ox.Quad(q.subject, q.predicate, q.object) for q in quads])
    for graph in named:
        merged.extend(list(store.quads_for_pattern(None, None, None, ox.NamedNode(graph))))
    return merged, ([DEFAULT], named)


def _evaluate(
    store: Handle,
    text: str,
    dataset: tuple[Sequence[str], Sequence[str], str | None],  # defaults, named, base IRI
    choice: Mapping[Form, str | None],
    max_results: int,
) -> Answer:
    try:
        result = run_query(store, text, *dataset)
    except SyntaxError as exc:
        raise Malformed(f"malformed query: {exc}") from exc
    except RuntimeError as exc:  # parsed, but not evaluable: e.g. an unknown function
        raise Malformed(f"the query cannot be evaluated: {exc}") from exc
    form = Form.GRAPH if isinstance(result, ox.QueryTriples) else Form.RESULTS
    media_type = choice.get(form)
    if media_type is None:
        raise NotAcceptable(f"no acceptable format for {form.value}", form.name)
    if isinstance(result, ox.QueryTriples):
        return Answer(serialize_triples(result, media_type, max_results), media_type)
    if isinstance(result, ox.QueryBoolean):
        engine = BY_MEDIA_TYPE[media_type].engine
        return Answer(result.serialize(format=engine), media_type)
    again = partial(run_query, store, text, *dataset)
    return Answer(serialize_solutions(result, media_type, max_results, again), media_type)


def read_graph(version: str, graph: str | None, media_type: str, max_results: int) -> Answer:
    """Graph Store GET: one named graph, or (graph None) the default graph = the union."""
    store = open_version(version)
    name = ox.NamedNode(graph) if graph is not None else ox.DefaultGraph()
    if isinstance(name, ox.NamedNode) and not store.contains_named_graph(name):
        raise NoSuchGraph(f"no graph <{graph}> in the store")
    triples = (q.triple for q in store.quads_for_pattern(None, None, None, name))
    return Answer(serialize_triples(triples, media_type, max_results), media_type)
