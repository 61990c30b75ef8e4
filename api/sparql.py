"""SPARQL 1.1 Protocol at /sparql and Graph Store HTTP Protocol at /rdf-graph-store.

Queries: GET ?query=, POST form-encoded (query=), POST application/sparql-query;
default-graph-uri / named-graph-uri narrow the dataset. The default graph is
the union of all named graphs, so plain patterns see every fact once and
GRAPH ?source { ... } tells which source states it. GET /sparql without a
query answers the Service Description.

Read-only unless the server holds an update token: then SPARQL Update (POST
application/sparql-update or form update=) and Graph Store PUT/POST/DELETE
need `Authorization: Bearer <token>`. Every store access runs in a worker
process under the time limit (graph.workers), and nothing ever leaves the
machine: SERVICE, LOAD and unknown FROM graphs are refused (graph.guard).
Answers larger than Settings.max_results rows/triples are refused with 413
rather than silently truncated, so a client never mistakes a part for the whole.
"""

from collections.abc import Callable
from typing import Any, TypeVar

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Request, Response

from api import service_description
from api.deps import require_update_token
from api.deps import settings as server_settings
from api.protocol import (
    FORM_NAMES,
    FORM_OFFERS,
    GRAPH_ONLY,
    GRAPHS,
    RESULTS,
    Params,
    decode,
    form_params,
    formats,
    media_type,
    negotiate,
    not_acceptable,
    query_params,
    read_body,
    single,
)
from graph import endpoint
from graph.guard import Refused
from graph.store import live_version
from graph.workers import Busy, Crashed, Overrun

T = TypeVar("T")
router = APIRouter(tags=["SPARQL"])

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
GRAPH_STORE = "/rdf-graph-store"

_QUERY_PARAMS = [
    {
        "name": "query",
        "in": "query",
        "schema": {"type": "string"},
        "description": "SPARQL query; without it, the Service Description is returned",
    },
    {
        "name": "default-graph-uri",
        "in": "query",
        "schema": {"type": "array", "items": {"type": "string"}},
    },
    {
        "name": "named-graph-uri",
        "in": "query",
        "schema": {"type": "array", "items": {"type": "string"}},
    },
    {
        "name": "format",
        "in": "query",
        "schema": {"type": "string"},
        "description": "overrides Accept: json, xml, csv, tsv (SELECT/ASK); "
        "turtle, ntriples, rdfxml, jsonld, trig, nquads (CONSTRUCT/DESCRIBE)",
    },
]
_POST_BODY = {
    "requestBody": {
        "content": {
            FORM: {
                "schema": {
                    "type": "object",
                    "properties": {"query": {"type": "string"}, "update": {"type": "string"}},
                }
            },
            QUERY: {"schema": {"type": "string"}},
            UPDATE: {"schema": {"type": "string"}},
        }
    },
    "parameters": _QUERY_PARAMS[1:],
}


async def run_in_worker(request: Request, fn: Callable[..., T], *args: Any) -> T:
    """fn(*args) in a query worker under the time limit; its failures as HTTP errors.

    Any router can use it for store work that might run long (see graph.workers).
    """
    settings = server_settings(request)
    try:
        return await request.app.state.pool.call(settings.query_timeout, fn, *args)
    except (endpoint.Malformed, Refused) as exc:
        raise HTTPException(400, str(exc)) from exc
    except endpoint.TooLarge as exc:
        raise HTTPException(413, str(exc)) from exc
    except endpoint.NoSuchGraph as exc:
        raise HTTPException(404, str(exc)) from exc
    except (Overrun, Busy, Crashed) as exc:
        raise HTTPException(503, f"not answered: {exc}", {"Retry-After": "1"}) from exc
    except (OSError, RuntimeError) as exc:  # the engine failed while evaluating
        raise HTTPException(500, f"the query failed: {exc}") from exc


def _negotiated(body: bytes, media: str) -> Response:
    return Response(body, media_type=media, headers={"Vary": "Accept"})


async def _query(request: Request, params: Params, text: str) -> Response:
    if not text.strip():
        raise HTTPException(400, "the query is empty")
    settings = server_settings(request)
    version = live_version(settings.store)
    wanted, accept = formats(params), request.headers.get("accept")
    choice = {form: negotiate(offers, accept, wanted) for form, offers in FORM_OFFERS.items()}
    if not any(choice.values()):  # hopeless whatever the query form: do not run it
        raise not_acceptable(RESULTS + GRAPHS, "any query", accept, wanted)
    try:
        answer = await run_in_worker(
            request,
            endpoint.answer_query,
            str(version),
            text,
            list(params.get("default-graph-uri", ())),
            list(params.get("named-graph-uri", ())),
            choice,
            settings.max_results,
        )
    except endpoint.NotAcceptable as exc:
        form = exc.args[0]
        raise not_acceptable(FORM_OFFERS[form], FORM_NAMES[form], accept, wanted) from exc
    return _negotiated(answer.body, answer.media_type)


async def _update(request: Request, params: Params, text: str) -> Response:
    require_update_token(request)
    if params.get("using-graph-uri") or params.get("using-named-graph-uri"):
        raise HTTPException(400, "using-graph-uri is not supported: write USING in the update")
    if not text.strip():
        raise HTTPException(400, "the update is empty")
    async with request.app.state.update_lock:
        store = str(server_settings(request).store)
        await run_in_worker(request, endpoint.apply_update, store, text)
    return Response(status_code=204)


async def _description(request: Request, params: Params) -> Response:
    wanted, accept = formats(params), request.headers.get("accept")
    media = negotiate(GRAPH_ONLY, accept, wanted)
    if media is None:
        raise not_acceptable(GRAPH_ONLY, "the service description", accept, wanted)
    settings = server_settings(request)
    graphs = await run_in_worker(request, endpoint.graph_names, str(live_version(settings.store)))
    here = str(request.url.replace(query=""))
    triples = service_description.describe(here, graphs, bool(settings.update_token))
    fmt = ox.RdfFormat.from_media_type(media)
    return _negotiated(
        ox.serialize(triples, format=fmt, prefixes=service_description.PREFIXES), media
    )


@router.get(
    "/sparql",
    summary="SPARQL query (or the Service Description without ?query)",
    openapi_extra={"parameters": _QUERY_PARAMS},
)
async def sparql_get(request: Request) -> Response:
    params = query_params(request)
    if "update" in params:
        raise HTTPException(400, "SPARQL Update must be sent with POST")
    text = single(params, "query")
    if text is None:
        return await _description(request, params)
    limit = server_settings(request).max_request_bytes
    if len(request.url.query) > limit:
        raise HTTPException(413, f"query string exceeds the limit of {limit} bytes")
    return await _query(request, params, text)


@router.post(
    "/sparql",
    summary="SPARQL query or update (form, sparql-query or sparql-update body)",
    openapi_extra=_POST_BODY,
)
async def sparql_post(request: Request) -> Response:
    limit = server_settings(request).max_request_bytes
    params = query_params(request)
    kind = media_type(request)
    if kind == QUERY:
        return await _query(request, params, decode(await read_body(request, limit), "query"))
    if kind == UPDATE:
        require_update_token(request)  # before reading a body nobody may send
        return await _update(request, params, decode(await read_body(request, limit), "update"))
    if kind != FORM:
        raise HTTPException(
            415, f"Content-Type must be {FORM}, {QUERY} or {UPDATE}, not {kind or 'missing'}"
        )
    for key, values in form_params(await read_body(request, limit)).items():
        params.setdefault(key, []).extend(values)
    query, update = single(params, "query"), single(params, "update")
    if query is not None and update is not None:
        raise HTTPException(400, "give either query or update, not both")
    if update is not None:
        return await _update(request, params, update)
    if query is None:
        raise HTTPException(400, "the form has neither a query nor an update parameter")
    return await _query(request, params, query)


def _target(request: Request) -> tuple[Params, str | None]:
    """Graph Store target: ?graph=<absolute IRI> or ?default (None)."""
    params = query_params(request)
    graph = single(params, "graph")
    if (graph is None) == ("default" not in params):
        raise HTTPException(400, "give exactly one of ?graph=<IRI> or ?default")
    if graph is not None:
        try:
            ox.NamedNode(graph)
        except ValueError as exc:
            raise HTTPException(400, f"graph must be an absolute IRI: {exc}") from exc
    return params, graph


@router.get(GRAPH_STORE, summary="Graph Store GET: one named graph, or ?default (the union)")
async def graph_get(request: Request) -> Response:
    params, graph = _target(request)
    wanted, accept = formats(params), request.headers.get("accept")
    media = negotiate(GRAPH_ONLY, accept, wanted)
    if media is None:
        raise not_acceptable(GRAPH_ONLY, "a graph", accept, wanted)
    settings = server_settings(request)
    version = str(live_version(settings.store))
    answer = await run_in_worker(
        request, endpoint.read_graph, version, graph, media, settings.max_results
    )
    return _negotiated(answer.body, answer.media_type)


async def _write(request: Request, replace: bool) -> Response:
    require_update_token(request)
    _, graph = _target(request)
    if graph is None:
        raise HTTPException(
            400, "the default graph is the union of the named graphs: write to ?graph="
        )
    kind = media_type(request)
    if (ox.RdfFormat.from_media_type(kind) if kind else None) not in endpoint.UPLOAD_FORMATS:
        accepted = ", ".join(f.media_type for f in endpoint.UPLOAD_FORMATS)
        raise HTTPException(415, f"Content-Type must be an RDF graph format ({accepted})")
    settings = server_settings(request)
    data = await read_body(request, settings.max_request_bytes)
    async with request.app.state.update_lock:
        done = await run_in_worker(
            request, endpoint.write_graph, str(settings.store), graph, data, kind, replace
        )
    return Response(status_code=201 if done["created"] else 204)


@router.put(GRAPH_STORE, summary="Graph Store PUT: replace a named graph (token needed)")
async def graph_put(request: Request) -> Response:
    return await _write(request, replace=True)


@router.post(GRAPH_STORE, summary="Graph Store POST: add to a named graph (token needed)")
async def graph_post(request: Request) -> Response:
    return await _write(request, replace=False)


@router.delete(GRAPH_STORE, summary="Graph Store DELETE: drop a named graph (token needed)")
async def graph_delete(request: Request) -> Response:
    require_update_token(request)
    _, graph = _target(request)
    if graph is None:
        raise HTTPException(400, "the default graph is the union of the named graphs: drop ?graph=")
    settings = server_settings(request)
    async with request.app.state.update_lock:
        await run_in_worker(request, endpoint.drop_graph, str(settings.store), graph)
    return Response(status_code=204)
