"""The remote engines govties knows: where each keeps its endpoints, how it authenticates.

The SPARQL 1.1 Protocol and the Graph Store Protocol fix the requests, not the URLs,
so each engine's layout is a row here. Tested here: the Oxigraph server 0.5
(`oxigraph serve`) and Virtuoso 7.2 (Debian's virtuoso-opensource-7-bin). Virtuoso
answers anonymous reads on /sparql and takes writes only on its -auth endpoints,
with HTTP digest authentication (/sparql-auth, /sparql-graph-crud-auth); its `timeout`
parameter (milliseconds) makes a query stop and say so (X-SQL-State S1TAT). The
Oxigraph server has no authentication of its own (a reverse proxy may add Basic) and
no per-query time limit (`oxigraph serve --timeout-s` sets one for the server).

Credentials come from the environment only (GOVTIES_STORE_USER, GOVTIES_STORE_PASSWORD),
never from the command line, where any local user could read them in the process list.
"""

import os
from dataclasses import dataclass
from enum import StrEnum

import httpx

from graph.errors import BadInput

USER_ENV, PASSWORD_ENV = "GOVTIES_STORE_USER", "GOVTIES_STORE_PASSWORD"


class Engine(StrEnum):
    OXIGRAPH = "oxigraph"
    VIRTUOSO = "virtuoso"


@dataclass(frozen=True)
class Layout:
    """An engine's endpoint paths (relative to its base URL) and what it supports."""

    query: str
    update: str  # with credentials, where the engine takes authenticated updates
    graph_store: str  # likewise
    graph_param: str  # the Graph Store Protocol's ?graph= (Virtuoso also reads graph-uri)
    digest: bool  # HTTP digest authentication, else Basic
    nquads_post: bool  # takes N-Quads POSTed to the graph store: many graphs per request
    timeout_param: str | None  # a per-query time limit in milliseconds, if it has one


LAYOUTS = {
    Engine.OXIGRAPH: Layout(
        query="/query",
        update="/update",
        graph_store="/store",
        graph_param="graph",
        digest=False,
        nquads_post=True,
        timeout_param=None,
    ),
    Engine.VIRTUOSO: Layout(
        query="/sparql",
        update="/sparql-auth",
        graph_store="/sparql-graph-crud-auth",
        graph_param="graph",
        digest=True,
        nquads_post=False,
        timeout_param="timeout",
    ),
}


@dataclass(frozen=True)
class Target:
    """A remote store: the engine's base URL (scheme, host, port, any path prefix) and kind."""

    url: str
    engine: Engine

    @property
    def layout(self) -> Layout:
        return LAYOUTS[self.engine]

    def endpoint(self, path: str) -> str:
        return self.url.rstrip("/") + path

    def describe(self) -> dict[str, str]:
        return {"url": self.url, "engine": self.engine.value}


def is_url(store: str) -> bool:
    return store.startswith(("http://", "https://"))


def target(url: str, engine: str | None) -> Target:
    """The Target a command line names; BadInput for a bad URL or an unknown engine."""
    if not is_url(url):
        raise BadInput(f"a remote store is an http(s) URL, not {url!r}")
    if engine is None:
        raise BadInput(f"--store {url} needs --engine: one of {', '.join(e.value for e in Engine)}")
    try:
        kind = Engine(engine.lower())
    except ValueError:
        known = ", ".join(e.value for e in Engine)
        raise BadInput(f"unknown engine {engine!r}: use one of {known}") from None
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise BadInput(f"bad store URL {url!r}: {exc}") from exc
    if parsed.userinfo:
        raise BadInput(
            f"put no credentials in the store URL: set {USER_ENV} and {PASSWORD_ENV} instead"
        )
    return Target(url.rstrip("/"), kind)


def auth(layout: Layout) -> httpx.Auth | None:
    """The account from the environment, in the engine's scheme; None if none is set."""
    user = os.environ.get(USER_ENV)
    if not user:
        return None
    password = os.environ.get(PASSWORD_ENV, "")
    return httpx.DigestAuth(user, password) if layout.digest else httpx.BasicAuth(user, password)
