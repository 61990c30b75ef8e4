"""Linked-data pages: every govties IRI dereferences, for people and for RDF clients.

`GET /id/{kind}/{slug}` is the local form of `https://w3id.org/govties/id/{kind}/{slug}`.
By `Accept` (q-values; `Vary: Accept`) it answers an HTML page, or the
entity's concise bounded description (graph.describe.statements) as Turtle,
N-Triples, RDF/XML or JSON-LD (the merge of every source's statements) or
TriG / N-Quads (each statement in its source's named graph). The suffixes
`.html .ttl .nt .rdf .jsonld .trig .nq` pick a format without negotiation and
are listed as `Link: rel=alternate`. `/ontology` does the same for the
vocabulary and the topic scheme; `/search?q=` ranks names for the search box.
"""

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlencode

import networkx as nx
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from api.deps import live_projection, live_store
from api.protocol import HTML, formats, negotiate_page, prefers_html, query_params
from api.render import href, page
from graph.describe.context import country_ties, ego, timeline
from graph.describe.lookup import SiteIndex, search, site_index
from graph.describe.page import EntityPage, entity_page
from graph.describe.statements import Statement, description, serialise
from graph.describe.vocabulary import ontology_triples, vocabulary
from graph.errors import Candidate, NotFound
from graph.sparql.formats import GRAPHS, Format, named
from graph.view.ego_svg import ego_svg
from ontology import ID_BASE, KINDS, ONTOLOGY_GRAPH, PREFIXES

router = APIRouter(tags=["linked data"])


@dataclass(frozen=True)
class Alternate:
    ext: str
    label: str
    format: Format

    @property
    def media_type(self) -> str:
        return self.format.media_type


ALTERNATES = tuple(
    Alternate(ext, label, fmt)
    for ext, label, name in (
        ("ttl", "Turtle", "turtle"),
        ("jsonld", "JSON-LD", "jsonld"),
        ("nt", "N-Triples", "ntriples"),
        ("rdf", "RDF/XML", "rdfxml"),
        ("trig", "TriG", "trig"),
        ("nq", "N-Quads", "nquads"),
    )
    if (fmt := named(name, GRAPHS)) is not None
)
BY_EXT = {a.ext: a.media_type for a in ALTERNATES} | {"html": HTML}
PARTS_TITLE = {"person": "Posts", "agreement": "Accessions", "org": "Members"}


def _index(request: Request) -> SiteIndex:
    return live_store(request).cached("site_index", site_index)


def _split(slug: str) -> tuple[str, str | None]:
    base, dot, ext = slug.rpartition(".")
    if dot and ext in BY_EXT:
        return base, BY_EXT[ext]
    return slug, None


def _media(request: Request, fixed: str | None) -> str:
    if fixed:
        return fixed
    params = query_params(request)
    return negotiate_page(GRAPHS, request.headers.get("accept"), formats(params))


def _links(path: str) -> dict[str, str]:
    alternates = [f'<{path}.{a.ext}>; rel="alternate"; type="{a.media_type}"' for a in ALTERNATES]
    return {"Vary": "Accept", "Link": ", ".join(alternates)}


def _rdf(statements: list[Statement], media: str, path: str) -> Response:
    fmt = next(a.format for a in ALTERNATES if a.media_type == media)
    body = serialise(statements, fmt.engine, PREFIXES)  # type: ignore[arg-type]
    return Response(body, media_type=media, headers=_links(path))


def _not_found(request: Request, iri: str, guess: str) -> NotFound:
    index = _index(request)
    close = [Candidate(r["iri"], r["label"], None) for r in search(index, guess, 6)]
    return NotFound(f"nothing is known about <{iri}>", close)


@router.get("/id/{kind}/{slug}", summary="an entity: HTML page or its RDF description")
def entity(request: Request, kind: str, slug: str) -> Response:
    slug, fixed = _split(slug)
    iri = f"{ID_BASE}{kind}/{slug}"
    path = f"/id/{kind}/{slug}"
    if kind not in KINDS:
        raise NotFound(f"no kind {kind!r}: IRIs are /id/{{{'|'.join(KINDS)}}}/<slug>")
    store = live_store(request).store()
    media = _media(request, fixed)
    try:
        if media != HTML:
            return _rdf(description(store, iri), media, path)
        found = entity_page(store, iri)
    except NotFound as exc:
        raise _not_found(request, iri, slug.replace("-", " ")) from exc
    # Only a page reads the projection: RDF clients never wait for it on a new version.
    return _html(found, live_projection(request), path)


def _html(found: EntityPage, graph: nx.DiGraph, path: str) -> Response:
    numbers = {g: i + 1 for i, g in enumerate(found.graphs)}
    names = {g: meta["title"] for g, meta in found.sources.items()}
    context: dict = {"page": found, "numbers": numbers, "names": names, "sources": found.sources,
                     "alternates": ALTERNATES, "path": path,
                     "parts_title": PARTS_TITLE.get(found.kind or "", "Parts")}  # fmt: skip
    if found.kind == "country":
        context["country"] = country_ties(graph, found.iri)
        context["timeline"] = context["country"].timeline
    elif found.kind in ("org", "person"):
        context["timeline"] = timeline(graph, found.iri)
    if found.kind not in ("source", "topic"):
        drawn = ego(graph, found.iri)
        if len(drawn.nodes) > 1:
            context["ego"] = ego_svg(drawn, href)
            context["view"] = "/view?" + urlencode({"focus": found.iri})
    return page("entity.html", headers=_links(path), **context)


@router.get("/ontology", summary="the vocabulary and topic scheme: HTML or RDF")
def ontology(request: Request) -> Response:
    return _ontology(request, None)


@router.get("/ontology.{ext}", summary="the vocabulary as one RDF format", include_in_schema=False)
def ontology_as(request: Request, ext: str) -> Response:
    if ext not in BY_EXT:
        raise NotFound(f"no format .{ext}: use one of {', '.join(BY_EXT)}")
    return _ontology(request, BY_EXT[ext])


def _ontology(request: Request, fixed: str | None) -> Response:
    media = _media(request, fixed)
    if media == HTML:
        return page("ontology.html", headers=_links("/ontology"), vocab=vocabulary(),
                    alternates=ALTERNATES)  # fmt: skip
    graph = str(ONTOLOGY_GRAPH)
    statements = [Statement(t.subject, t.predicate, t.object, graph) for t in ontology_triples()]
    return _rdf(statements, media, "/ontology")


@router.get("/search", summary="ranked matches by label or alias (accent-insensitive, fuzzy)")
def site_search(
    request: Request,
    q: Annotated[str, Query(description="what to look for", max_length=200)] = "",
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> Response:
    results = search(_index(request), q, limit)
    if prefers_html(request.headers.get("accept")):
        return page("search.html", query=q, results=results)
    return JSONResponse({"query": q, "results": results}, headers={"Vary": "Accept"})
