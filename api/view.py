"""The graph view over HTTP: /view (interactive page), /view.graphml, /static/vis/*.

The page loads nothing from outside this server: vis-network is served from
the copy inside the installed pyvis package (/static/vis), the rest is inline.
Parameters mirror /paths: focus (any name graph.network.resolve accepts) with depth,
or from/to (and k) for the paths to highlight. Errors are JSON like /paths:
an unknown name 404, an ambiguous one 422, both with candidates; any other
bad parameter 422 with a message (api.errors).
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from api.deps import Projection, live_store
from api.search_limit import SearchLimit
from graph.errors import NotFound
from graph.network.answers import HOPS_MAX, K_MAX
from graph.store.live import LiveStore
from graph.view.draw import VIS_FILES, render_html, vis_dir
from graph.view.graphml import to_graphml
from graph.view.labels import vocabulary_labels
from graph.view.select import DEFAULT_CAP, MAX_CAP, MAX_DEPTH, View, build_view

router = APIRouter(tags=["view"])

Live = Annotated[LiveStore, Depends(live_store)]
Focus = Annotated[str | None, Query(description="IRI, label, alias or ISO code to centre on")]
Depth = Annotated[int, Query(ge=0, le=MAX_DEPTH, description="hops around the focus or path")]
From = Annotated[str | None, Query(alias="from", description="path start (with `to`)")]
To = Annotated[str | None, Query(alias="to", description="path end (with `from`)")]
K = Annotated[int, Query(ge=1, le=K_MAX, description="how many shortest paths to highlight")]
MaxHops = Annotated[int, Query(ge=1, le=HOPS_MAX, description="longest path considered")]
Isolated = Annotated[bool, Query(description="whole graph: keep entities with no ties")]
Cap = Annotated[int, Query(ge=1, le=MAX_CAP, description="most nodes drawn")]


def shown_view(
    live: Live,
    graph: Projection,
    focus: Focus = None,
    depth: Depth = 1,
    source: From = None,
    target: To = None,
    k: K = 1,
    max_hops: MaxHops = 6,
    isolated: Isolated = False,
    cap: Cap = DEFAULT_CAP,
) -> tuple[View, dict[str, str]]:
    """The view both routes draw and the labels it is drawn with (a shared dependency)."""
    labels = live.cached("view-labels", vocabulary_labels)
    view = build_view(
        graph,
        focus=focus,
        depth=depth,
        path_from=source,
        path_to=target,
        k=k,
        max_hops=max_hops,
        include_isolated=isolated,
        cap=cap,
    )
    return view, labels


Shown = Annotated[tuple[View, dict[str, str]], Depends(shown_view)]


@router.get("/view", response_class=HTMLResponse, dependencies=[SearchLimit])
def view_page(request: Request, shown: Shown) -> HTMLResponse:
    """Interactive graph (vis-network): search, class and date filters, GraphML and PNG export."""
    view, labels = shown
    query = request.url.query
    html = render_html(
        view,
        labels,
        graphml_href="view.graphml" + (f"?{query}" if query else ""),
        vis_href="static/vis",
    )
    return HTMLResponse(html)


@router.get(
    "/view.graphml",
    dependencies=[SearchLimit],
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


@router.get("/static/vis/{name}", include_in_schema=False)
def vis_asset(name: str) -> FileResponse:
    """vis-network's JS and CSS from the installed pyvis package (never a CDN)."""
    if name not in VIS_FILES:
        raise NotFound(f"no such file: {name}")
    media = "text/javascript" if name.endswith(".js") else "text/css"
    return FileResponse(
        vis_dir() / name, media_type=media, headers={"Cache-Control": "public, max-age=86400"}
    )
