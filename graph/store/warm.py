"""Background warm-up: what a new store version needs before its first path query.

The networkx projection and its search graph take about 15 s at a million
statements; built for each new version as it appears, no request waits for them.
"""

import contextlib
import threading

import networkx as nx

from graph.errors import StoreError
from graph.network.projection import project
from graph.network.search import search_graph
from graph.store.live import LiveStore


def projection(live: LiveStore) -> nx.DiGraph:
    """The projection of the live version, computed once per version and shared."""
    return live.cached("projection", project)


def keep_warm(live: LiveStore, stop: threading.Event, every: float = 2.0) -> None:
    """Build the projection and its search graph for each new version; runs until stop."""
    while True:
        with contextlib.suppress(StoreError):
            search_graph(projection(live))
        if stop.wait(every):
            return
