"""FastAPI dependencies: the live store and the settings, taken from app.state."""

import hmac
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import HTTPException, Request

from api.settings import Settings
from graph.live import LiveStore
from graph.resolve import AmbiguousEntity, ResolveError
from graph.store import StoreError


def live_store(request: Request) -> LiveStore:
    return request.app.state.live


def settings(request: Request) -> Settings:
    return request.app.state.settings


@contextmanager
def graph_errors() -> Iterator[None]:
    """The graph library's errors as HTTP errors, the same for every graph endpoint.

    Unknown name 404 and ambiguous name 422, both with candidates; any other bad
    parameter (a ValueError from the library) 422; no usable store 503.
    """
    try:
        yield
    except StoreError as exc:
        raise HTTPException(503, {"message": str(exc)}) from exc
    except ResolveError as exc:
        status = 422 if isinstance(exc, AmbiguousEntity) else 404
        candidates = [{"iri": c.iri, "label": c.label, "class": c.cls} for c in exc.candidates]
        raise HTTPException(status, {"message": exc.message, "candidates": candidates}) from exc
    except ValueError as exc:
        raise HTTPException(422, {"message": str(exc)}) from exc


def require_update_token(request: Request) -> None:
    """Writes need the server's update token as a Bearer token (constant-time compare)."""
    token = settings(request).update_token
    if not token:
        raise HTTPException(
            403, "this endpoint is read-only: start the server with --update-token to allow writes"
        )
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), token.encode()
    ):
        raise HTTPException(
            401,
            "writes need the header Authorization: Bearer <update token>",
            {"WWW-Authenticate": 'Bearer realm="govties"'},
        )
