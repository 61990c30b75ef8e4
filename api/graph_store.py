"""The SPARQL 1.1 Graph Store HTTP Protocol at /rdf-graph-store.

?graph=<IRI> names one source's graph, ?default the default graph (the union
of all of them: readable, never written). GET needs nothing; PUT, POST and
DELETE need the update token, checked before the body is read, and are
applied as a new store version like any change (graph.sparql.update).
POST without ?graph creates a graph named by the server (201, Location: its
IRI); a multipart/form-data upload merges its parts, each in the format its
own Content-Type names.
"""

from email import policy
from email.parser import BytesParser
from typing import Any
from uuid import uuid4

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response

from api.deps import UpdateToken, run_in_worker
from api.deps import settings as server_settings
from api.protocol import formats, media_type, negotiated, query_params, read_body, single
from graph.errors import Malformed
from graph.sparql import service, update
from graph.sparql.formats import GRAPH_ONLY
from graph.store.versions import live_version

router = APIRouter(tags=["Graph Store"])
GRAPH_STORE = "/rdf-graph-store"
MULTIPART = "multipart/form-data"


def _target(request: Request) -> tuple[dict[str, list[str]], str | None]:
    """Graph Store target: ?graph=<absolute IRI> or ?default (None)."""
    params = query_params(request)
    graph = single(params, "graph")
    if (graph is None) == ("default" not in params):
        raise Malformed("give exactly one of ?graph=<IRI> or ?default")
    if graph is not None:
        try:
            ox.NamedNode(graph)
        except ValueError as exc:
            raise Malformed(f"graph must be an absolute IRI: {exc}") from exc
    return params, graph


@router.get(GRAPH_STORE, summary="Graph Store GET: one named graph, or ?default (the union)")
async def graph_get(request: Request) -> Response:
    params, graph = _target(request)
    wanted, accept = formats(params), request.headers.get("accept")
    media = negotiated(GRAPH_ONLY, "a graph", accept, wanted)
    settings = server_settings(request)
    version = str(live_version(settings.store))
    answer = await run_in_worker(
        request, service.read_graph, version, graph, media, settings.max_results
    )
    return Response(answer.body, media_type=answer.media_type, headers={"Vary": "Accept"})


def _parts(request: Request, data: bytes) -> list[tuple[bytes, str]]:
    """The (payload, media type) parts of a multipart/form-data upload, in order."""
    head = f"Content-Type: {request.headers.get('content-type', '')}\r\n\r\n".encode()
    message = BytesParser(policy=policy.HTTP).parsebytes(head + data)
    if not message.is_multipart():
        raise Malformed("the multipart/form-data body has no parts (is its boundary right?)")
    parts = []
    for part in message.iter_parts():
        kind = part.get_content_type()
        update.upload_format(kind)
        parts.append((part.get_payload(decode=True) or b"", kind))
    return parts


async def _write(request: Request, graph: str, replace: bool, new: bool = False) -> dict[str, Any]:
    kind = media_type(request)
    if kind != MULTIPART:
        update.upload_format(kind)  # 415 before a body is read
    settings = server_settings(request)
    data = await read_body(request, settings.max_request_bytes)
    parts = _parts(request, data) if kind == MULTIPART else [(data, kind)]
    async with request.app.state.update_lock:
        return await run_in_worker(
            request, update.write_graph, str(settings.store), graph, parts, replace, new
        )


def _named(request: Request, what: str) -> str:
    _, graph = _target(request)
    if graph is None:
        raise Malformed(f"the default graph is the union of the named graphs: {what} ?graph=")
    return graph


@router.put(
    GRAPH_STORE,
    dependencies=UpdateToken,
    summary="Graph Store PUT: replace a named graph (token needed)",
)
async def graph_put(request: Request) -> Response:
    done = await _write(request, _named(request, "write to"), replace=True)
    return Response(status_code=201 if done["created"] else 204)


@router.post(
    GRAPH_STORE,
    dependencies=UpdateToken,
    summary="Graph Store POST: add to a named graph, or (without ?graph) create one (token needed)",
)
async def graph_post(request: Request) -> Response:
    params = query_params(request)
    if "graph" in params or "default" in params:
        done = await _write(request, _named(request, "write to"), replace=False)
        return Response(status_code=201 if done["created"] else 204)
    # POST to the service itself: a new graph, named by the server (Graph Store Protocol 5.5)
    graph = f"urn:uuid:{uuid4()}"
    await _write(request, graph, replace=False, new=True)
    return Response(status_code=201, headers={"Location": graph})


@router.delete(
    GRAPH_STORE,
    dependencies=UpdateToken,
    summary="Graph Store DELETE: drop a named graph (token needed)",
)
async def graph_delete(request: Request) -> Response:
    graph = _named(request, "drop")
    settings = server_settings(request)
    async with request.app.state.update_lock:
        await run_in_worker(request, update.drop_graph, str(settings.store), graph)
    return Response(status_code=204)
