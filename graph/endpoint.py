"""What the SPARQL endpoint does with the store: plain functions, one per request kind.

They run inside worker processes (graph.workers) so that a runaway query can
be killed; each process keeps the store version it last used open. The API
only calls these functions and catches these exceptions, so a remote SPARQL
1.1 store could replace this module without touching the HTTP layer.

Reads open a version read-only. Changes (SPARQL Update, Graph Store writes)
never write into the live version: pyoxigraph calls reading a directory
that another process writes "undefined behaviour". A change copies the
live version into memory, applies itself, restores the invariant "default
graph = union of the named graphs" and is written as a new version swapped
in atomically, exactly like a build: readers never see a half-applied
change, and a failed one changes nothing.
"""

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.guard import Refused, check_graphs, check_query, check_update, check_upload
from graph.sparql import run_query
from graph.stats import store_stats
from graph.store import StoreError, live_version, read_manifest, write_store
from ontology import PREFIXES

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    f.media_type.split(";")[0]: f
    for f in (
        ox.QueryResultsFormat.JSON,
        ox.QueryResultsFormat.XML,
        ox.QueryResultsFormat.CSV,
        ox.QueryResultsFormat.TSV,
    )
}
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    f.media_type: f
    for f in (
        ox.RdfFormat.TURTLE,
        ox.RdfFormat.N_TRIPLES,
        ox.RdfFormat.RDF_XML,
        ox.RdfFormat.JSON_LD,
        ox.RdfFormat.TRIG,
        ox.RdfFormat.N_QUADS,
    )
}


class Malformed(ValueError):
    """The query, update or uploaded data does not parse; the message is the parser's."""


class NotAcceptable(ValueError):
    """No acceptable media type for this query form; args[0] is "results" or "graph"."""


class TooLarge(ValueError):
    """The answer has more rows or triples than the configured cap."""


class NoSuchGraph(LookupError):
    """A Graph Store request names a graph the store does not hold."""


@dataclass(frozen=True)
class Answer:
    body: bytes
    media_type: str


@lru_cache(maxsize=1)
def open_version(version: str) -> ox.Store:
    """The read-only store of one version; the previous one is closed when the version moves."""
    try:
        return ox.Store.read_only(version)
    except (OSError, RuntimeError) as exc:  # RocksDB reports corruption as RuntimeError
        raise StoreError(f"cannot open store {version}: {exc}") from exc


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


def _capped(items: Iterable[Any], max_results: int, what: str) -> list[Any]:
    taken = list(islice(items, max_results + 1))
    if len(taken) > max_results:
        raise TooLarge(
            f"the answer has more than {max_results} {what}, this endpoint's limit: "
            "narrow the query or add a LIMIT (and OFFSET to page)"
        )
    return taken


def _solutions(result: ox.QuerySolutions, media_type: str, max_results: int) -> bytes:
    """SELECT results, capped; JSON written here, other formats re-serialised by pyoxigraph."""
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
    if RESULT_FORMATS[media_type] == ox.QueryResultsFormat.JSON:
        return doc
    parsed = ox.parse_query_results(doc, format=ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=RESULT_FORMATS[media_type])


def _triples(triples: Iterable[ox.Triple], media_type: str, max_results: int) -> bytes:
    """A graph, capped; dataset formats get it as their default graph."""
    fmt = GRAPH_FORMATS[media_type]
    taken = _capped(triples, max_results, "triples")
    items = [ox.Quad(*t) for t in taken] if fmt.supports_datasets else taken
    return ox.serialize(items, format=fmt, prefixes=PREFIXES)


def answer_query(
    version: str,
    text: str,
    default_graphs: Sequence[str],
    named_graphs: Sequence[str],
    choice: Mapping[str, str | None],
    max_results: int,
) -> Answer:
    """Run a query and serialise it in the media type chosen for its form.

    choice maps "results" (SELECT/ASK) and "graph" (CONSTRUCT/DESCRIBE) to the
    negotiated media type, or None when the client accepts none of them.
    """
    store = open_version(version)
    local = graph_names(version)
    check_graphs([*default_graphs, *named_graphs], local, "default-graph-uri / named-graph-uri")
    check_query(text, local, PREFIXES)
    try:
        result = run_query(store, text, default_graphs, named_graphs)
    except SyntaxError as exc:
        raise Malformed(str(exc)) from exc
    form = "graph" if isinstance(result, ox.QueryTriples) else "results"
    media_type = choice.get(form)
    if media_type is None:
        raise NotAcceptable(form)
    if isinstance(result, ox.QueryTriples):
        return Answer(_triples(result, media_type, max_results), media_type)
    if isinstance(result, ox.QueryBoolean):
        return Answer(result.serialize(format=RESULT_FORMATS[media_type]), media_type)
    return Answer(_solutions(result, media_type, max_results), media_type)


def read_graph(version: str, graph: str | None, media_type: str, max_results: int) -> Answer:
    """Graph Store GET: one named graph, or (graph None) the default graph = the union."""
    store = open_version(version)
    name = ox.NamedNode(graph) if graph is not None else ox.DefaultGraph()
    if isinstance(name, ox.NamedNode) and not store.contains_named_graph(name):
        raise NoSuchGraph(f"no graph <{graph}> in the store")
    triples = (q.triple for q in store.quads_for_pattern(None, None, None, name))
    return Answer(_triples(triples, media_type, max_results), media_type)


def _default_triples(store: ox.Store) -> set[ox.Triple]:
    return {q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}


def _change(store_path: str, mutate: Callable[[ox.Store], None]) -> dict[str, Any]:
    """Apply mutate to a copy of the live version, re-derive the union, swap it in.

    A triple deleted from the default graph (the union) is deleted from every
    source that states it; a triple inserted only into the default graph is
    refused, since every fact must name the source stating it.
    """
    store = Path(store_path)
    version = live_version(store)
    manifest = read_manifest(version)
    work = ox.Store()
    work.extend(open_version(str(version)).quads_for_pattern(None, None, None, None))
    before = _default_triples(work)
    mutate(work)
    after = _default_triples(work)
    named = [
        q
        for q in work.quads_for_pattern(None, None, None, None)
        if q.graph_name != ox.DefaultGraph()
    ]
    retracted = before - after
    work.remove_graph(ox.DefaultGraph())
    for quad in named:
        if quad.triple in retracted:
            work.remove(quad)
    union = {q.triple for q in named if q.triple not in retracted}
    orphans = after - before - union
    if orphans:
        raise Refused(
            f"{len(orphans)} triple(s) inserted only into the default graph: it is the union of "
            "the named graphs (one per source), so insert into GRAPH <source-iri> { ... }"
        )
    work.extend(ox.Quad(*t) for t in union)
    quads = len(work)
    manifest = {
        **manifest,
        "quads": quads,
        "graphs": sum(1 for _ in work.named_graphs()),
        "updated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "updates": int(manifest.get("updates", 0)) + 1,
    }
    new = write_store(work.dump(format=ox.RdfFormat.N_QUADS), store, manifest)
    return {"quads": quads, "version": new.name}


def apply_update(store_path: str, text: str) -> dict[str, Any]:
    """SPARQL 1.1 Update (LOAD and SERVICE refused), as a new store version."""
    check_update(text)

    def mutate(work: ox.Store) -> None:
        try:
            work.update(text, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise Malformed(str(exc)) from exc

    return _change(store_path, mutate)


UPLOAD_FORMATS = (
    ox.RdfFormat.TURTLE,
    ox.RdfFormat.N_TRIPLES,
    ox.RdfFormat.RDF_XML,
    ox.RdfFormat.JSON_LD,
)


def write_graph(
    store_path: str, graph: str, data: bytes, media_type: str, replace: bool
) -> dict[str, Any]:
    """Graph Store PUT (replace) or POST (merge) of RDF data into one named graph."""
    name = ox.NamedNode(graph)
    fmt = ox.RdfFormat.from_media_type(media_type)
    if fmt not in UPLOAD_FORMATS:
        raise Malformed(f"cannot load {media_type} into one graph")
    check_upload(data, media_type)
    try:
        quads = list(ox.parse(data, format=fmt, base_iri=graph))
    except SyntaxError as exc:
        raise Malformed(f"{media_type} payload: {exc}") from exc
    if any(q.graph_name != ox.DefaultGraph() for q in quads):
        raise Malformed("the payload holds named graphs: send one graph's triples")
    created = False

    def mutate(work: ox.Store) -> None:
        nonlocal created
        created = not work.contains_named_graph(name)
        if replace and not created:
            work.clear_graph(name)
        work.extend(ox.Quad(*q.triple, name) for q in quads)

    return {**_change(store_path, mutate), "created": created}


def drop_graph(store_path: str, graph: str) -> dict[str, Any]:
    """Graph Store DELETE of one named graph (its facts leave the union too)."""
    name = ox.NamedNode(graph)

    def mutate(work: ox.Store) -> None:
        if not work.contains_named_graph(name):
            raise NoSuchGraph(f"no graph <{graph}> in the store")
        work.remove_graph(name)

    return _change(store_path, mutate)
