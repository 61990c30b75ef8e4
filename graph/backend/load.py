"""The build's last step on a remote store: load a new version beside the live one,
count it, then switch the pointer (graph.backend.control), never touching what readers
are using. The step beside graph.store.versions.write_store, with its arguments.

The in-store check (the SHACL shapes as SPARQL) runs on an in-memory copy before
anything is sent: the shapes are tested on pyoxigraph's evaluation, and a dataset that
breaks them never reaches the engine. Graphs go up by the Graph Store Protocol: a
batch of whole graphs per N-Quads POST where the engine takes N-Quads (Oxigraph),
otherwise one PUT per graph (Virtuoso). Before loading, versions a killed build left
and versions older than the previous one are dropped (control.collect), and again after
the switch.
"""

import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.backend import control
from graph.backend.client import EngineClient
from graph.backend.engines import Target
from graph.backend.scope import PUBLIC, VersionNames
from graph.errors import StoreError

WRITE_TIMEOUT = 600.0  # seconds per request: one PUT may carry a large union graph
BATCH_QUADS = 20_000  # per N-Quads POST; whole graphs, so a batch may run over
PARALLEL_PUTS = 4  # Graph Store PUTs in flight at once


def new_names() -> VersionNames:
    """A fresh version id; ids sort by the time the build began."""
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    return VersionNames(f"{stamp}-{time.time_ns() % 10**9:09d}-{os.getpid()}")


def _by_graph(data: bytes) -> dict[str | None, list[ox.Triple]]:
    """The triples of each graph (None: the default graph), in the order they came."""
    graphs: dict[str | None, list[ox.Triple]] = {}
    for quad in ox.parse(data, format=ox.RdfFormat.N_QUADS, lenient=True):
        name = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        graphs.setdefault(name, []).append(quad.triple)
    return graphs


def _batches(
    graphs: dict[str | None, list[ox.Triple]], names: VersionNames
) -> Iterator[list[ox.Quad]]:
    batch: list[ox.Quad] = []
    for graph, triples in graphs.items():
        target = ox.NamedNode(names.iri if graph is None else names.graph(graph))
        batch.extend(ox.Quad(*t, target) for t in triples)
        if len(batch) >= BATCH_QUADS:
            yield batch
            batch = []
    if batch:
        yield batch


def _map(graphs: dict[str | None, list[ox.Triple]], names: VersionNames) -> list[ox.Triple]:
    """The version's map graph: each versioned graph name and its public IRI (scope.scoped)."""
    public = ox.NamedNode(PUBLIC)
    return [
        ox.Triple(ox.NamedNode(names.graph(g)), public, ox.NamedNode(g))
        for g in graphs
        if g is not None
    ]


def _upload(
    client: EngineClient, graphs: dict[str | None, list[ox.Triple]], names: VersionNames
) -> None:
    client.put_graph(names.map, ox.serialize(_map(graphs, names), format=ox.RdfFormat.N_TRIPLES))
    if client.target.layout.nquads_post:
        for batch in _batches(graphs, names):
            client.post_quads(ox.serialize(batch, format=ox.RdfFormat.N_QUADS))
        return

    def put(graph: str | None) -> None:
        body = ox.serialize(graphs[graph], format=ox.RdfFormat.N_TRIPLES)
        client.put_graph(names.iri if graph is None else names.graph(graph), body)

    # The union graph goes first, alone: it holds every language tag and datatype, which
    # Virtuoso registers on first sight, and two PUTs registering one at once collide
    # ("SR197: Non unique primary key on DB.DBA.RDF_LANGUAGE"). Then a PUT per graph costs
    # the engine a commit each: a few at once keep it busy.
    if None in graphs:
        put(None)
    with ThreadPoolExecutor(PARALLEL_PUTS) as pool:
        list(pool.map(put, [g for g in graphs if g is not None]))  # re-raises the first failure


def check_reachable(target: Target) -> None:
    """Fail now, not after the records are read and checked, if the engine does not answer."""
    client = EngineClient(target, 10.0)
    try:
        control.live(client)
    finally:
        client.close()


def write_remote(
    nquads: Iterator[bytes] | bytes,
    target: Target,
    manifest: dict[str, Any],
    check: Callable[[ox.Store], None] | None = None,
    extras: Callable[[Path], None] | None = None,
) -> str:
    """Load N-Quads as a new version of the remote store, then make it live; return its IRI.

    extras (files stored beside an embedded version: the path index) have no place on
    an engine and are not written; a server over a remote store projects the store.
    """
    del extras
    data = nquads if isinstance(nquads, bytes) else b"".join(nquads)
    if check is not None:
        copy = ox.Store()
        copy.bulk_load(data, format=ox.RdfFormat.N_QUADS, lenient=True)
        check(copy)
        del copy
    graphs = _by_graph(data)
    del data
    client = EngineClient(target, WRITE_TIMEOUT)
    try:
        control.collect(client)
        names = new_names()
        control.register(client, names, sorted(g for g in graphs if g is not None))
        _upload(client, graphs, names)
        loaded = control.quads(client, names)
        if loaded != manifest["quads"]:
            raise StoreError(
                f"the engine holds {loaded} quads of version {names.id}, expected "
                f"{manifest['quads']}; the live version is unchanged"
            )
        control.complete(client, names, {**manifest, "remote": target.describe()})
        control.switch(client, names)
        control.collect(client)
    finally:
        client.close()
    return names.iri
