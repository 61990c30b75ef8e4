"""A time limit for path searches, which stop themselves when it passes.

Searches run over the in-process networkx projection, in the server's own
threads: unlike a SPARQL query in a worker process they cannot be killed, and
moving them to a worker would copy the projection into every worker. So they
are cooperative: a caller opens `within(seconds)` and the loops of
graph.network.search call `check()`, both in their own loops and through the
weight function networkx calls on every edge it relaxes (Dijkstra and each of
Yen's spur searches), so no search runs more than a few milliseconds past its
limit. Outside `within` (the command line, tests) nothing is limited.
"""

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import NoReturn

from graph.errors import Overrun

_limit: ContextVar[tuple[float, float] | None] = ContextVar("search_deadline", default=None)


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """Searches in this context raise Overrun once seconds have passed."""
    token = _limit.set((time.monotonic() + seconds, seconds))
    try:
        yield
    finally:
        _limit.reset(token)


def check() -> None:
    """Raise Overrun if the current context's time limit has passed."""
    limit = _limit.get()
    if limit is not None and time.monotonic() > limit[0]:
        _overrun(limit[1])


def _overrun(seconds: float) -> NoReturn:
    raise Overrun(
        f"the search exceeded the time limit of {seconds:g}s and was stopped: "
        "ask for fewer paths (k) or hops (max_hops), or a smaller depth"
    )


Weight = Callable[[str, str, dict], int | None]


def checked(weight: Weight) -> Weight:
    """weight, checking the current time limit on every call (networkx calls it per edge
    relaxed); weight itself when there is no limit. One clock read per call: Yen's
    algorithm makes tens of thousands of them for k=20."""
    limit = _limit.get()
    if limit is None:
        return weight
    end, seconds = limit
    clock = time.monotonic

    def timed(u: str, v: str, data: dict) -> int | None:
        if clock() > end:
            _overrun(seconds)
        return weight(u, v, data)

    return timed
