"""SPARQL 1.1 Protocol at /sparql (the Graph Store Protocol is api.graph_store).

Queries: GET ?query=, POST form-encoded (query=), POST application/sparql-query;
default-graph-uri / named-graph-uri narrow the dataset. The default graph is
the union of all named graphs, so plain patterns see every fact once and
GRAPH ?source { ... } tells which source states it. GET /sparql without a
query answers the Service Description.

Read-only unless the server holds an update token: then SPARQL Update (POST
application/sparql-update or form update=) and Graph Store PUT/POST/DELETE
need `Authorization: Bearer <token>`. Every store access runs in a worker
process under the time limit (graph.sparql.workers), and nothing ever leaves the
machine: SERVICE, LOAD and unknown FROM graphs are refused (graph.sparql.guard).
Answers larger than Settings.max_results rows/triples are refused with 413
rather than silently truncated, so a client never mistakes a part for the whole.
"""

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request, Response

from api import render
from api.deps import BEARER, base_url, live_store, require_update_token, run_in_worker
from api.deps import settings as server_settings
from api.protocol import (
    Params,
    decode,
    form_params,
    formats,
    media_type,
    negotiate,
    negotiated,
    not_acceptable,
    prefers_html,
    query_params,
    read_body,
    single,
)
from graph.describe.labels import Namer
from graph.errors import Malformed, NotAcceptable, TooLarge, UnsupportedMedia
from graph.sparql import description, service, update
from graph.sparql.formats import BY_FORM, BY_MEDIA_TYPE, FORMATS, GRAPH_ONLY, RESULTS, Form
from graph.store.versions import live_version

router = APIRouter(tags=["SPARQL"])

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"

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


def _endpoint(request: Request) -> str:
    """The base IRI of queries and updates: the endpoint's URL, as the Oxigraph server uses
    (on the configured base URL: the client's Host header names nothing here)."""
    return f"{base_url(request)}/sparql"


def _negotiated(body: bytes, media: str) -> Response:
    return Response(body, media_type=media, headers={"Vary": "Accept"})


async def _query(request: Request, params: Params, text: str) -> Response:
    if not text.strip():
        raise Malformed("the query is empty")
    settings = server_settings(request)
    version = live_version(settings.store)
    wanted, accept = formats(params), request.headers.get("accept")
    choice = {form: negotiate(offers, accept, wanted) for form, offers in BY_FORM.items()}
    if not any(choice.values()):  # hopeless whatever the query form: do not run it
        raise not_acceptable(FORMATS, "any query", accept, wanted)
    try:
        answer = await run_in_worker(
            request,
            service.answer_query,
            str(version),
            text,
            list(params.get("default-graph-uri", ())),
            list(params.get("named-graph-uri", ())),
            choice,
            settings.max_results,
            _endpoint(request),
        )
    except NotAcceptable as exc:  # the query's form is known only once it is parsed
        form = Form[exc.form]
        raise not_acceptable(BY_FORM[form], form.value, accept, wanted) from exc
    return _negotiated(answer.body, answer.media_type)


async def _update(request: Request, params: Params, text: str) -> Response:
    await require_update_token(request)
    if not text.strip():
        raise Malformed("the update is empty")
    async with request.app.state.update_lock:
        store = str(server_settings(request).store)
        await run_in_worker(
            request,
            update.apply_update,
            store,
            text,
            _endpoint(request),
            list(params.get("using-graph-uri", ())),
            list(params.get("using-named-graph-uri", ())),
        )
    return Response(status_code=204)


async def _description(request: Request, params: Params) -> Response:
    wanted, accept = formats(params), request.headers.get("accept")
    for_people = not wanted and prefers_html(accept)  # a person opened /sparql in a browser
    if not for_people:
        media = negotiated(GRAPH_ONLY, "the service description", accept, wanted)
    settings = server_settings(request)
    graphs = await run_in_worker(request, service.graph_names, str(live_version(settings.store)))
    here = _endpoint(request)
    if for_people:
        names = Namer(live_store(request).store())
        return render.page(
            "service.html",
            headers={"Vary": "Accept"},
            endpoint=here,
            updatable=bool(settings.update_token),
            formats=GRAPH_ONLY,
            results=RESULTS,
            graphs=graphs,
            names={g: names(g) for g in graphs},
        )
    triples = description.describe(here, graphs, bool(settings.update_token))
    engine = BY_MEDIA_TYPE[media].engine
    return _negotiated(ox.serialize(triples, format=engine, prefixes=description.PREFIXES), media)


@router.get(
    "/sparql",
    summary="SPARQL query (or the Service Description without ?query)",
    openapi_extra={"parameters": _QUERY_PARAMS},
)
async def sparql_get(request: Request) -> Response:
    params = query_params(request)
    if "update" in params:
        raise Malformed("SPARQL Update must be sent with POST")
    text = single(params, "query")
    if text is None:
        return await _description(request, params)
    limit = server_settings(request).max_request_bytes
    if len(request.url.query) > limit:
        raise TooLarge(f"query string exceeds the limit of {limit} bytes")
    return await _query(request, params, text)


@router.post(
    "/sparql",
    summary="SPARQL query or update (form, sparql-query or sparql-update body)",
    openapi_extra=_POST_BODY,
    dependencies=[Depends(BEARER)],  # documents the token updates need
)
async def sparql_post(request: Request) -> Response:
    limit = server_settings(request).max_request_bytes
    params = query_params(request)
    kind = media_type(request)
    if kind == QUERY:
        return await _query(request, params, decode(await read_body(request, limit), "query"))
    if kind == UPDATE:
        await require_update_token(request)  # before reading a body nobody may send
        return await _update(request, params, decode(await read_body(request, limit), "update"))
    if kind != FORM:
        raise UnsupportedMedia(
            f"Content-Type must be {FORM}, {QUERY} or {UPDATE}, not {kind or 'missing'}"
        )
    for key, values in form_params(await read_body(request, limit)).items():
        params.setdefault(key, []).extend(values)
    query, update = single(params, "query"), single(params, "update")
    if query is not None and update is not None:
        raise Malformed("give either query or update, not both")
    if update is not None:
        return await _update(request, params, update)
    if query is None:
        raise Malformed("the form has neither a query nor an update parameter")
    return await _query(request, params, query)
