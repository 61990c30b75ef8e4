"""FastAPI dependencies: the settings, the live store, the update token, store work in a worker."""

import hmac
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

import networkx as nx
from fastapi import Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ValidationError

from api.protocol import read_body
from api.settings import Settings
from graph.backend.remote import RemoteStore
from graph.errors import ReadOnly, Unauthorized
from graph.network.frontier import Select
from graph.sparql.query import value_rows
from graph.store.live import LiveStore
from graph.store.warm import projection

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)

# Parses the header and documents the scheme in OpenAPI; the check itself is ours,
# since the answer differs for a read-only server (403) and a wrong token (401).
BEARER = HTTPBearer(auto_error=False, description="the server's --update-token")


def settings(request: Request) -> Settings:
    return request.app.state.settings


def base_url(request: Request) -> str:
    """The base of every absolute URL the server writes: --base-url, else the address the
    connection reached (the socket's, like the port), never the client's Host header."""
    configured = settings(request).base_url
    if configured:
        return configured.rstrip("/")
    host, port = request.scope.get("server") or ("127.0.0.1", None)
    host = f"[{host}]" if ":" in host else host
    return f"{request.scope['scheme']}://{host}" + (f":{port}" if port else "")


def json_body(model: type[M]) -> Callable[[Request], Awaitable[M]]:
    """A dependency giving the JSON body as `model`, read through the size cap only after
    the route's own dependencies (the token check) pass: a body FastAPI parses itself is
    read before any dependency runs."""

    async def parsed(request: Request) -> M:
        raw = await read_body(request, settings(request).max_request_bytes)
        try:
            return model.model_validate_json(raw)
        except ValidationError as exc:
            errors = [{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]
            raise RequestValidationError(errors) from exc

    return parsed


def live_store(request: Request) -> LiveStore:
    return request.app.state.live


def live_projection(request: Request) -> nx.DiGraph:
    """The networkx projection of the live version (built once per version)."""
    return projection(live_store(request))


Projection = Annotated[nx.DiGraph, Depends(live_projection)]


def remote_select(request: Request) -> Select | None:
    """Over a remote store, the SELECT function path queries and views run on
    (graph.network.remote reads only the part of the graph a question needs; its queries
    go to the engine as written, RemoteStore.own_rows); None over the embedded store,
    whose projection is in memory anyway."""
    if settings(request).remote is None:
        return None
    store = live_store(request).store()
    if isinstance(store, RemoteStore):
        return store.own_rows
    return lambda query: value_rows(store, query)


async def require_update_token(request: Request) -> None:
    """Writes need the server's update token as a Bearer token (constant-time compare); a
    server over a remote store takes none (the review page's saves included)."""
    remote = settings(request).remote
    if remote is not None:  # its versions are made by builds; the engine has its own updates
        raise ReadOnly(
            f"this server reads a remote store ({remote.engine.value} at {remote.url}): "
            f"change it with `govties build --store {remote.url} --engine {remote.engine.value}`"
        )
    token = settings(request).update_token
    if not token:
        raise ReadOnly(
            "this endpoint is read-only: start the server with --update-token to allow writes"
        )
    given: HTTPAuthorizationCredentials | None = await BEARER(request)
    if given is None or not hmac.compare_digest(given.credentials.strip().encode(), token.encode()):
        raise Unauthorized("writes need the header Authorization: Bearer <update token>")


# For routes that always write: the token check, and the scheme shown in OpenAPI.
UpdateToken = [Depends(BEARER), Depends(require_update_token)]


async def run_in_worker(request: Request, fn: Callable[..., T], *args: Any) -> T:
    """fn(*args) in a query worker under the time limit (see graph.sparql.workers).

    Any router can use it for store work that might run long; what fn raises
    reaches the client through api.errors like any other error. Clients (by address)
    take turns for a free worker.
    """
    client = request.client.host if request.client else ""
    pool = request.app.state.pool
    return await pool.call(settings(request).query_timeout, fn, *args, client=client)
