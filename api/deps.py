"""FastAPI dependencies: the settings, the live store, the update token, store work in a worker."""

import hmac
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import networkx as nx
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.settings import Settings
from graph.errors import ReadOnly, Unauthorized
from graph.store.live import LiveStore
from graph.store.warm import projection

T = TypeVar("T")

# Parses the header and documents the scheme in OpenAPI; the check itself is ours,
# since the answer differs for a read-only server (403) and a wrong token (401).
BEARER = HTTPBearer(auto_error=False, description="the server's --update-token")


def settings(request: Request) -> Settings:
    return request.app.state.settings


def live_store(request: Request) -> LiveStore:
    return request.app.state.live


def live_projection(request: Request) -> nx.DiGraph:
    """The networkx projection of the live version (built once per version)."""
    return projection(live_store(request))


Projection = Annotated[nx.DiGraph, Depends(live_projection)]


async def require_update_token(request: Request) -> None:
    """Writes need the server's update token as a Bearer token (constant-time compare)."""
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
    reaches the client through api.errors like any other error.
    """
    return await request.app.state.pool.call(settings(request).query_timeout, fn, *args)
