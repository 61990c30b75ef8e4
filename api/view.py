"""The graph explorer over HTTP: /view (the page), /view.json (what it draws),
/view.graphml (for Gephi) and /view.html (a standalone page to keep, drawn by pyvis);
/static/vis serves pyvis's vis-network to the query page, which draws CONSTRUCT answers.

Every route takes the same parameters and builds the same view
(graph.view.select): a focus (any name graph.network.resolve accepts) with
depth, or path ends `from`/`to` with k and max_hops, and `via`, `exclude` and
`as_of` as /paths takes them (the path itself is /paths' answer). A parameter
no route knows is refused (422 naming it) rather than ignored, since an ignored
filter looks like an answer. Errors are those of /paths (api.errors): an
unknown name 404, an ambiguous one 422, both with candidates; anything else
422 with a message. Over a remote store the view is read by frontier queries
(graph.view.remote), and one with no focus and no path is refused (422). /view
checks the request the same way before serving the page, which then loads
/view.json (api/static/explorer.js) and draws it with sigma.js (WebGL,
vendored): reloading, expanding a node or focusing elsewhere asks only for JSON.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

import networkx as nx
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from api.deps import live_projection, live_store, remote_select
from api.paths import AsOf
from api.render import page
from api.search_limit import SearchLimit
from graph.errors import BadInput, NotFound
from graph.network.answers import HOPS_MAX, K_MAX
from graph.store.live import LiveStore
from graph.view.draw import VIS_FILES, render_html, vis_dir
from graph.view.graphml import to_graphml
from graph.view.kept import kept
from graph.view.labels import vocabulary_labels
from graph.view.payload import view_json
from graph.view.remote import remote_view
from graph.view.select import DEFAULT_CAP, MAX_CAP, MAX_DEPTH, View, build_view

router = APIRouter(tags=["view"])

PARAMETERS = ("focus", "depth", "from", "to", "k", "max_hops", "via", "exclude", "as_of",
              "isolated", "cap")  # fmt: skip
Live = Annotated[LiveStore, Depends(live_store)]
Focus = Annotated[str | None, Query(description="IRI, label, alias or ISO code to centre on")]
Depth = Annotated[int, Query(ge=0, le=MAX_DEPTH, description="hops around the focus or path")]
From = Annotated[str | None, Query(alias="from", description="path start (with `to`)")]
To = Annotated[str | None, Query(alias="to", description="path end (with `from`)")]
K = Annotated[int, Query(ge=1, le=K_MAX, description="how many shortest paths to highlight")]
MaxHops = Annotated[int, Query(ge=1, le=HOPS_MAX, description="longest path considered")]
Via = Annotated[
    list[str] | None,
    Query(description="as /paths: predicates allowed as hops and/or classes of intermediates"),
]
Exclude = Annotated[list[str] | None, Query(description="as /paths: entities or predicates")]
Isolated = Annotated[bool, Query(description="whole graph: keep entities with no ties")]
Cap = Annotated[int, Query(ge=1, le=MAX_CAP, description="most nodes drawn")]


def known_parameters(request: Request) -> None:
    """Refuse what no view route reads: a misspelt filter must not pass for an answer."""
    unknown = sorted(set(request.query_params) - set(PARAMETERS))
    if unknown:
        raise BadInput(
            f"unknown parameter{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}; "
            f"the view takes {', '.join(PARAMETERS)}"
        )


@dataclass(frozen=True)
class Asked:
    """A view asked for, built only when needed: /view.json may have it kept already."""

    build: Callable[[], tuple[nx.DiGraph, View]]  # the graph it is drawn from, and the view
    labels: Callable[[], dict[str, str]]
    keep: nx.DiGraph  # what its answers are kept with (graph.view.kept): one per version

    def shown(self) -> tuple[View, dict[str, str]]:
        return self.build()[1], self.labels()


def view_projection(request: Request) -> nx.DiGraph | None:
    """The projection views are cut from; None over a remote store, which has none here."""
    return None if remote_select(request) is not None else live_projection(request)


def asked_view(
    request: Request,
    live: Live,
    graph: Annotated[nx.DiGraph | None, Depends(view_projection)],
    focus: Focus = None,
    depth: Depth = 1,
    source: From = None,
    target: To = None,
    k: K = 1,
    max_hops: MaxHops = 6,
    via: Via = None,
    exclude: Exclude = None,
    as_of: AsOf = None,
    isolated: Isolated = False,
    cap: Cap = DEFAULT_CAP,
) -> Asked:
    """The view every route draws and the labels it is drawn with (a shared dependency):
    cut from the projection, or over a remote store from the part of the graph it needs,
    read by frontier queries (graph.view.remote; the whole graph is refused there)."""
    asked: dict[str, Any] = {
        "focus": focus, "depth": depth, "path_from": source, "path_to": target, "k": k,
        "max_hops": max_hops, "via": via or [], "exclude": exclude or [], "as_of": as_of,
        "cap": cap,
    }  # fmt: skip
    labels = lambda: live.cached("view-labels", vocabulary_labels)  # noqa: E731
    if graph is None:
        select = remote_select(request)
        assert select is not None, "view_projection is None only over a remote store"
        keep = live.cached("view-kept", lambda _store: nx.DiGraph())
        return Asked(build=lambda: remote_view(select, **asked), labels=labels, keep=keep)
    return Asked(
        build=lambda: (graph, build_view(graph, include_isolated=isolated, **asked)),
        labels=labels,
        keep=graph,
    )


def shown_view(asked: Annotated[Asked, Depends(asked_view)]) -> tuple[View, dict[str, str]]:
    return asked.shown()


AskedView = Annotated[Asked, Depends(asked_view)]
Shown = Annotated[tuple[View, dict[str, str]], Depends(shown_view)]


def view_body(request: Request, asked: Asked) -> tuple[bytes, str]:
    """/view.json's body and the view's heading, kept for the last few requests: /view
    computes it to check the request, then the page asks for it at once."""

    def compute() -> tuple[bytes, str]:
        graph, view = asked.build()
        data = view_json(graph, view, asked.labels())
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode(), view.heading

    key = tuple(sorted(request.query_params.multi_items()))
    fresh = "no-cache" in request.headers.get("cache-control", "")
    return kept(asked.keep, "view-json", key, compute, size=8, fresh=fresh)


CHECKED = [Depends(known_parameters), SearchLimit]
_ID, _GT = "https://w3id.org/govties/id/", "https://w3id.org/govties/ontology#"
JSON_EXAMPLE: dict[str, Any] = {  # /view.json?focus=GovTech&depth=1, cut to two nodes
    "heading": "Government Technology Agency and 1 hop around",
    "focus": {"iri": f"{_ID}org/govtech", "label": "Government Technology Agency",
              "class": f"{_GT}GovernmentBody"},
    "filters": {"via": [], "exclude": [], "as_of": None},
    "counts": {"nodes": 2, "edges": 1, "total_nodes": 2, "total_edges": 1, "capped": False,
               "isolated_left_out": 0},
    "nodes": [
        {"id": f"{_ID}country/SG", "label": "Singapore", "kind": "country", "class": "Country",
         "country": f"{_ID}country/SG", "x": 0.41, "y": -0.12, "size": 20.5, "degree": 56,
         "start": None, "end": None, "seed": False, "paths": [], "aliases": [], "dates": {},
         "topics": [], "sources": [0]},
        {"id": f"{_ID}org/govtech", "label": "Government Technology Agency", "kind": "org",
         "class": "GovernmentBody", "country": f"{_ID}country/SG", "x": -0.41, "y": 0.12,
         "size": 11.0, "degree": 10, "start": None, "end": None, "seed": True, "paths": [],
         "aliases": ["GovTech"], "dates": {}, "topics": [], "sources": [0]},
    ],
    "edges": [{"source": 1, "target": 0, "label": "country", "predicates": [[0, [0]]],
               "sources": [0], "paths": []}],
    "predicates": [{"iri": f"{_GT}country", "label": "country"}],
    "sources": [{"iri": f"{_ID}source/sin-sg-gds-govtech-2019",
                 "title": "SIN SG Facilitates new UK-SG MOU in Digital Government Services"}],
    "paths": [],
    "message": None,
    "classes": [{"key": "Country", "label": "Country", "colour": "#4e79a7"},
                {"key": "GovernmentBody", "label": "Government body", "colour": "#f28e2b"}],
    "countries": [{"key": f"{_ID}country/SG", "label": "Singapore", "colour": "#4e79a7",
                   "members": [f"{_ID}country/SG"]},
                  {"key": "other", "label": "Other countries", "colour": "#c9b18f",
                   "members": []}],
}  # fmt: skip


@router.get("/view", response_class=HTMLResponse, dependencies=CHECKED)
def view_page(request: Request, asked: AskedView) -> HTMLResponse:
    """The explorer: pick a focus or path ends, filter, click, expand (data: /view.json)."""
    _, heading = view_body(request, asked)
    return page(
        "explorer.html",
        heading=heading,
        params={name: request.query_params.get(name, "") for name in PARAMETERS},
    )


@router.get(
    "/view.json",
    dependencies=CHECKED,
    responses={200: {"content": {"application/json": {"example": JSON_EXAMPLE}}}},
)
def view_data(request: Request, asked: AskedView) -> Response:
    """The view as the explorer draws it: nodes (positions computed here, seeded, so the same
    graph always gets the same drawing; size by degree; class, country and date span), ties
    (ends by index in `nodes`; predicates and sources by index in `predicates` and
    `sources`; `paths`: the paths they are a hop of), each path with its colour and its
    sentences, the legend's palettes. A path view's paths are /paths' answer."""
    return Response(view_body(request, asked)[0], media_type="application/json")


@router.get(
    "/view.graphml",
    dependencies=CHECKED,
    response_class=Response,
    responses={200: {"content": {"application/graphml+xml": {}}}},
)
def view_graphml(shown: Shown) -> Response:
    """The subgraph /view shows with the same parameters, as GraphML (string attributes)."""
    return Response(
        to_graphml(*shown),
        media_type="application/graphml+xml",
        headers={"Content-Disposition": 'attachment; filename="govties-view.graphml"'},
    )


@router.get("/view.html", dependencies=CHECKED, response_class=HTMLResponse)
def view_standalone(request: Request, shown: Shown) -> HTMLResponse:
    """The same subgraph as one HTML file that works offline (pyvis, vis-network inlined):
    shown here, or saved (the explorer's link says `download`) to keep or send."""
    query = request.url.query
    return HTMLResponse(
        render_html(*shown, graphml_href="view.graphml" + (f"?{query}" if query else ""))
    )


@router.get("/static/vis/{name}", include_in_schema=False)
def vis_asset(name: str) -> FileResponse:
    """vis-network from the installed pyvis package, for the query page's CONSTRUCT drawing."""
    if name not in VIS_FILES:
        raise NotFound(f"no such file: {name}")
    media = "text/javascript" if name.endswith(".js") else "text/css"
    return FileResponse(
        vis_dir() / name, media_type=media, headers={"Cache-Control": "public, max-age=86400"}
    )
