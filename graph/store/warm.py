"""Background warm-up: what a new store version needs before its first path query.

The networkx projection and its search graph: loaded from the path index a build
stores with its version (graph.network.path_index), or computed from the store for
a version that has none (an HTTP update's), about 15 s at a million statements;
done for each new version as it appears, so no request waits for them.
"""

import contextlib
import threading

import networkx as nx
import pyoxigraph as ox

from graph.errors import StoreError, Unavailable
from graph.network import path_index
from graph.network.projection import project
from graph.network.search import search_graph
from graph.store.live import LiveStore
from graph.store.versions import StoreVersion


def projection(live: LiveStore) -> nx.DiGraph:
    """The projection of the live version, loaded or computed once per version and shared."""
    return live.derived("projection", _index_or_projection)


def _index_or_projection(store: ox.Store, version: StoreVersion) -> nx.DiGraph:
    """The version's stored path index if it has its own (a build's), else project its store."""
    return path_index.load(version.path) or project(store)


def keep_warm(live: LiveStore, stop: threading.Event, every: float = 2.0) -> None:
    """Build the projection and its search graph for each new version; runs until stop."""
    while True:
        with contextlib.suppress(StoreError, Unavailable):  # no store yet, or its engine is down
            search_graph(projection(live))
        if stop.wait(every):
            return
