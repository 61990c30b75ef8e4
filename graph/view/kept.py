"""Results kept with the projection they were computed from, a few at a time.

A projection is built once per store version and never changes (graph.network.projection.
memo), so whatever is computed from it, such as a view's layout or its JSON, stays right
for as long as the projection lives, and goes with it when a new version is served.
Only the last `size` results of a kind are kept: views are many, memory is not.
"""

from collections.abc import Callable, Hashable
from typing import TypeVar

import networkx as nx

from graph.network.projection import memo

T = TypeVar("T")


def kept(
    projection: nx.DiGraph,
    kind: str,
    key: Hashable,
    compute: Callable[[], T],
    size: int = 16,
    fresh: bool = False,
) -> T:
    """compute() once per key among the last `size` keys of this kind on this projection
    (again if `fresh`: a client saying Cache-Control: no-cache)."""
    found: dict[Hashable, T] = memo(projection, f"kept:{kind}", lambda _: {})
    if key in found and not fresh:
        return found[key]
    value = compute()
    found.pop(key, None)
    while len(found) >= size:
        found.pop(next(iter(found)), None)
    found[key] = value
    return value
