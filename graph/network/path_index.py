"""The path index stored with a store version: the projection and its search graph, pickled.

A build computes them from its own N-Triples (graph.network.from_dataset) and
writes them into the new version before the swap, so a server loads them in
a second or two instead of reading the whole store back (about 15 s at a
million statements). The file names the version it was computed for: a
version made from another (an HTTP update, a copied directory) never trusts
an index that is not its own, and falls back to projecting its store.
"""

import pickle
from pathlib import Path

import networkx as nx

from graph.network.projection import Rows, assemble
from graph.network.search import search_graph

INDEX = "govties-paths.pickle"
FORMAT = 1  # bumped whenever the projection's shape changes


def compute(rows: Rows) -> bytes:
    """The projection with its default search graph built, pickled at once: the build
    keeps these bytes, not the graph, through the store load that follows."""
    graph = assemble(rows)
    search_graph(graph)
    return pickle.dumps(graph, protocol=pickle.HIGHEST_PROTOCOL)


def save(index: bytes, version: Path) -> None:
    """Write the index into version (before it is swapped in: a version is immutable).

    A small header naming the version comes first, so load() can refuse an index
    that is not this version's without unpickling the graph.
    """
    temporary = version / f".{INDEX}.tmp"
    with temporary.open("wb") as out:
        pickle.dump({"format": FORMAT, "version": version.name}, out)
        out.write(index)
    temporary.replace(version / INDEX)


def load(version: Path) -> nx.DiGraph | None:
    """The index stored with this very version, or None (absent, stale or unreadable)."""
    try:
        with (version / INDEX).open("rb") as stored:
            header = pickle.load(stored)  # written by govties into its own store only
            if header != {"format": FORMAT, "version": version.name}:
                return None
            graph = pickle.load(stored)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    return graph if isinstance(graph, nx.DiGraph) else None
