"""Changes to the store over SPARQL: Update and Graph Store writes, each as a new version.

They never write into the live version: pyoxigraph calls reading a
directory that another process writes "undefined behaviour". A change
copies the live version into memory, applies itself, restores the
invariant "default graph = union of the named graphs" and is written as a
new version swapped in atomically, exactly like a build: readers never see
a half-applied change, and a failed one changes nothing.
"""

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.errors import Malformed, NoSuchGraph, Refused, UnsupportedMedia
from graph.sparql.formats import GRAPH_ONLY, Format, named
from graph.sparql.guard import check_update, check_upload
from graph.sparql.service import open_version
from graph.sparql.using import with_using
from graph.store.versions import live_version, read_manifest, write_store
from ontology import PREFIXES

# What a Graph Store write reads: one graph's triples, no named graphs.
UPLOAD_FORMATS = GRAPH_ONLY


def upload_format(media_type: str) -> Format:
    """The format of a Graph Store payload; UnsupportedMedia for anything but one graph."""
    fmt = named(media_type, UPLOAD_FORMATS) if media_type else None
    if fmt is None:
        accepted = ", ".join(f.media_type for f in UPLOAD_FORMATS)
        raise UnsupportedMedia(f"Content-Type must be an RDF graph format ({accepted})")
    return fmt


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
    new = write_store(work.dump(format=ox.RdfFormat.N_QUADS), store, manifest, based_on=version)
    return {"quads": quads, "version": new.name}


def apply_update(
    store_path: str,
    text: str,
    base_iri: str | None = None,
    using: Sequence[str] = (),
    using_named: Sequence[str] = (),
) -> dict[str, Any]:
    """SPARQL 1.1 Update (LOAD and SERVICE refused), as a new store version.

    Relative IRIs resolve against base_iri (the endpoint's URL over HTTP); using and
    using_named are the protocol's using-graph-uri / using-named-graph-uri.
    """
    check_update(text, PREFIXES, base_iri)
    text = with_using(text, using, using_named, PREFIXES, base_iri)

    def mutate(work: ox.Store) -> None:
        try:
            work.update(text, prefixes=PREFIXES, base_iri=base_iri)
        except SyntaxError as exc:
            raise Malformed(f"malformed update: {exc}") from exc
        except RuntimeError as exc:  # parsed, but not evaluable: e.g. an unknown function
            raise Malformed(f"the update cannot be applied: {exc}") from exc

    return _change(store_path, mutate)


def _payload(data: bytes, media_type: str, graph: str) -> list[ox.Quad]:
    """One Graph Store payload's triples, relative IRIs resolved against the graph's IRI."""
    fmt = upload_format(media_type)
    check_upload(data, media_type)
    try:
        quads = list(ox.parse(data, format=fmt.engine, base_iri=graph))
    except SyntaxError as exc:
        raise Malformed(f"{media_type} payload: {exc}") from exc
    if any(q.graph_name != ox.DefaultGraph() for q in quads):
        raise Malformed("the payload holds named graphs: send one graph's triples")
    return quads


def write_graph(
    store_path: str, graph: str, parts: Sequence[tuple[bytes, str]], replace: bool
) -> dict[str, Any]:
    """Graph Store PUT (replace) or POST (merge) of RDF data into one named graph.

    parts are (payload, media type): one, or each part of a multipart/form-data
    upload, merged as the Graph Store Protocol says.
    """
    name = ox.NamedNode(graph)
    quads = [q for data, media_type in parts for q in _payload(data, media_type, graph)]
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
