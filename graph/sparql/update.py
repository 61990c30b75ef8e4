"""Changes to the store over SPARQL: Update and Graph Store writes, each as a new version.

They never write into the live version: pyoxigraph calls reading a
directory that another process writes "undefined behaviour". A change is
applied to a checkpoint of the live version (hard links to its files, see
store.versions.derive_version), restores the invariant "default graph =
union of the named graphs" where it wrote, and is swapped in atomically,
exactly like a build: readers never see a half-applied change, a failed one
changes nothing, and a one-triple change costs milliseconds at any size.
"""

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.errors import Malformed, NoSuchGraph, UnsupportedMedia
from graph.sparql.formats import GRAPH_ONLY, Format, named
from graph.sparql.guard import check_update, check_upload
from graph.sparql.service import open_version
from graph.sparql.touched import EVERYTHING, Touched, graph_touch, quads_touch, update_touches
from graph.sparql.union import restore_union
from graph.sparql.using import with_using
from graph.store.versions import derive_version, live_version, read_manifest
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


def _change(
    store_path: str, mutate: Callable[[ox.Store], None], touched: Touched = EVERYTHING
) -> dict[str, Any]:
    """Apply mutate to a new version made from the live one, restore the union, swap it in.

    touched bounds what mutate may write (graph.sparql.touched); the union and
    the manifest's counts are re-derived there only (graph.sparql.union).
    """
    store = Path(store_path)
    version = live_version(store)
    manifest = read_manifest(version)
    base = open_version(str(version))

    def change(work: ox.Store) -> dict[str, Any]:
        mutate(work)
        delta = restore_union(base, work, touched, int(manifest["quads"]))
        return {
            **manifest,
            "quads": int(manifest["quads"]) + delta.quads,
            "graphs": int(manifest["graphs"]) + delta.graphs,
            "sources": [s for s in manifest.get("sources", []) if s not in delta.dropped],
            "updated_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "updates": int(manifest.get("updates", 0)) + 1,
        }

    new = derive_version(store, version, base, change)
    return {"quads": read_manifest(new)["quads"], "version": new.name}


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

    return _change(store_path, mutate, update_touches(text, PREFIXES, base_iri))


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
    store_path: str,
    graph: str,
    parts: Sequence[tuple[bytes, str]],
    replace: bool,
    new: bool = False,
) -> dict[str, Any]:
    """Graph Store PUT (replace) or POST (merge) of RDF data into one named graph.

    parts are (payload, media type): one, or each part of a multipart/form-data
    upload, merged as the Graph Store Protocol says. A new graph (POST to the
    service) must hold a triple: the store keeps no empty graphs, so its
    Location would otherwise name nothing.
    """
    name = ox.NamedNode(graph)
    quads = [q for data, media_type in parts for q in _payload(data, media_type, graph)]
    if new and not quads:
        raise Malformed("the upload holds no triples: a new graph needs at least one")
    created = False

    def mutate(work: ox.Store) -> None:
        nonlocal created
        created = not work.contains_named_graph(name)
        if replace and not created:
            work.clear_graph(name)
        work.extend(ox.Quad(*q.triple, name) for q in quads)

    touched = graph_touch(name) if replace else quads_touch(quads, name)
    return {**_change(store_path, mutate, touched), "created": created}


def drop_graph(store_path: str, graph: str) -> dict[str, Any]:
    """Graph Store DELETE of one named graph (its facts leave the union too)."""
    name = ox.NamedNode(graph)

    def mutate(work: ox.Store) -> None:
        if not work.contains_named_graph(name):
            raise NoSuchGraph(f"no graph <{graph}> in the store")
        work.remove_graph(name)

    return _change(store_path, mutate, graph_touch(name))
