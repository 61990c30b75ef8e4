"""The one mapping from errors to HTTP answers, and the one error body.

Every error answer, whatever raised it, is JSON of one shape:

    {"error": "<kind>", "message": "<what went wrong and what to do>",
     "candidates": [{"iri", "label", "class"}, ...]}   # only for names

A browser (graph: api.protocol.prefers_html) gets the same message as an
HTML page, with the candidates as "did you mean" links to their pages.

`kind` is the GovtiesError's kind (graph.errors), or for errors the web
framework raises itself (unknown route, wrong method, a query parameter out
of its declared range) one derived from the status. An exception outside
the tree is a bug: 500, the traceback in the server log, a plain message
in the body.
"""

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from api import render
from api.protocol import prefers_html
from graph import errors as e

# Most specific first: the first class an error is an instance of decides.
STATUS: tuple[tuple[type[e.GovtiesError], int], ...] = (
    (e.Malformed, 400),
    (e.NotAcceptable, 406),
    (e.UnsupportedMedia, 415),
    (e.Unauthorized, 401),
    (e.ReadOnly, 403),
    (e.Refused, 400),
    (e.NotFound, 404),
    (e.Ambiguous, 422),
    (e.BadInput, 422),
    (e.DataError, 422),
    (e.TooLarge, 413),
    (e.Exists, 409),
    (e.Conflict, 409),
    (e.Unavailable, 503),
    (e.StoreError, 503),
)
# Seconds a client should wait before retrying: a store comes back after a build.
RETRY_AFTER = {e.Unavailable: "1", e.StoreError: "5"}
KINDS = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 406: "not_acceptable", 409: "conflict", 413: "too_large",
         415: "unsupported_media_type", 422: "bad_input"}  # fmt: skip


def status_of(exc: e.GovtiesError) -> int:
    """The status of the first class in STATUS the error is; a bare GovtiesError is a bug."""
    return next((status for cls, status in STATUS if isinstance(exc, cls)), 500)


def body(kind: str, message: str, **extra: object) -> dict[str, object]:
    return {"error": kind, "message": message, **extra}


def answer(
    request: Request, status: int, content: dict[str, Any], headers: dict[str, str] | None = None
) -> Response:
    """The error as JSON, or as an HTML page for a browser."""
    if prefers_html(request.headers.get("accept")):
        shown = {k: v for k, v in content.items() if k != "error"}
        return render.page(
            "error.html", status, headers, code=status, kind=content["error"], **shown
        )
    return JSONResponse(content, status_code=status, headers=headers)


async def govties_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, e.GovtiesError)
    extra: dict[str, object] = {}
    headers = {}
    if isinstance(exc, e.NotFound | e.Ambiguous):
        extra["candidates"] = [c.as_json() for c in exc.candidates]
    if isinstance(exc, e.DataError):
        extra["problems"] = [str(p) for p in exc.problems]
    if isinstance(exc, e.Unauthorized):
        headers["WWW-Authenticate"] = 'Bearer realm="govties"'
    for cls, seconds in RETRY_AFTER.items():
        if isinstance(exc, cls):
            headers["Retry-After"] = seconds
    return answer(request, status_of(exc), body(exc.kind, exc.message, **extra), headers)


async def http_error(request: Request, exc: Exception) -> Response:
    """Errors Starlette raises itself (404 route, 405 method), in the same shape."""
    assert isinstance(exc, HTTPException)
    kind = KINDS.get(exc.status_code, "error")
    return answer(request, exc.status_code, body(kind, str(exc.detail)), exc.headers)


async def invalid_parameters(request: Request, exc: Exception) -> Response:
    """FastAPI's own parameter checks (k=0, a missing `from`): 422 naming each parameter."""
    assert isinstance(exc, RequestValidationError)
    problems = [
        f"{'.'.join(str(p) for p in err['loc'][1:]) or err['loc'][0]}: {err['msg']}"
        for err in exc.errors()
    ]
    return answer(request, 422, body("bad_input", "; ".join(problems)))


async def bug(request: Request, exc: Exception) -> Response:
    """Starlette re-raises the exception after this answer, so the server logs its traceback."""
    message = "internal error in govties (a bug): the server log has the details"
    return answer(request, 500, body("internal", message))


def install(app: FastAPI) -> None:
    app.add_exception_handler(e.GovtiesError, govties_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid_parameters)
    app.add_exception_handler(Exception, bug)
