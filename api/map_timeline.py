"""The map (/map, /map.json) and the timeline (/timeline, /timeline.json).

The pages are HTML around our own scripts (api/static/map.js, timeline.js): the
map draws the vendored world-atlas shapes with d3-geo and topojson-client, the
timeline plain SVG. Each page reads its numbers from its JSON route with the
filters of the address bar, so a filtered view is a link to share. Both routes
take one set of filters, a query-parameter model that forbids unknown names: a
misspelt filter is a 422 naming it, never a filter silently ignored. The numbers
come from graph.overview over the projection of the live store (per version).
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field

from api import render
from api.deps import Projection, live_store
from graph.overview.agreements import YEAR_MAX, YEAR_MIN, Selection, selection
from graph.overview.timeline import DEFAULT_LIMIT, MAX_LIMIT, timeline_answer
from graph.overview.topics import TopicScheme, topic_scheme
from graph.overview.world import alpha_2_by_numeric, world_answer
from graph.store.live import LiveStore
from ontology import ID_BASE

router = APIRouter(tags=["map and timeline"])

Year = Annotated[int | None, Field(ge=YEAR_MIN, le=YEAR_MAX)]


class Filters(BaseModel):
    """The filters both views take; all optional, all combined."""

    model_config = ConfigDict(extra="forbid")

    from_year: Year = Field(None, description="first year of signing kept (YYYY)")
    to_year: Year = Field(None, description="last year of signing kept (YYYY)")
    topic: str | None = Field(
        None, description="topic slug or IRI (id/topic/...): the topic and every narrower one"
    )
    country: str | None = Field(
        None, description="ISO 3166-1 alpha-2 code or country name: agreements tying it"
    )
    party: str | None = Field(None, description="IRI, label or alias of a signing party")
    undated: bool = Field(True, description="keep agreements no source dates")


class TimelineFilters(Filters):
    limit: int = Field(
        DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="most items per list (the latest dated)"
    )


def scheme(request: Request) -> TopicScheme:
    live: LiveStore = live_store(request)
    return live.cached("topic-scheme", topic_scheme)


def chosen(
    graph: Projection,
    topics: Annotated[TopicScheme, Depends(scheme)],
    filters: Annotated[Filters, Query()],
) -> Selection:
    return selection(graph, topics, **filters.model_dump())


def chosen_for_timeline(
    graph: Projection,
    topics: Annotated[TopicScheme, Depends(scheme)],
    filters: Annotated[TimelineFilters, Query()],
) -> tuple[Selection, int]:
    return selection(graph, topics, **filters.model_dump(exclude={"limit"})), filters.limit


Chosen = Annotated[Selection, Depends(chosen)]
TimelineChosen = Annotated[tuple[Selection, int], Depends(chosen_for_timeline)]
Scheme = Annotated[TopicScheme, Depends(scheme)]


def _page(template: str, **context: object) -> HTMLResponse:
    return render.page(template, id_base=ID_BASE, **context)


@router.get("/map", response_class=HTMLResponse, include_in_schema=False)
def map_page(_: Chosen) -> HTMLResponse:
    """The world map; its filters are checked here too, so a bad link is an error page."""
    return _page("map.html", alpha_2=alpha_2_by_numeric())


@router.get("/map.json")
def map_json(graph: Projection, topics: Scheme, filters: Chosen) -> dict:
    """Agreements per country and per pair of countries, for the map.

    `countries`: each country tied by a kept agreement, with its ISO alpha-2 and
    numeric codes, `agreements` (kept agreements tying it to another country) and
    `partners` (countries it is tied to); `pairs`: two alpha-2 codes and the
    agreements tying them; `agreements` and `undated`: how many agreements are
    counted and how many of them no source dates; `years`: the first and last
    year any agreement is dated; `topics`: the topic scheme, in tree order.
    """
    return world_answer(graph, topics, filters)


@router.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
def timeline_page(_: TimelineChosen) -> HTMLResponse:
    return _page("timeline.html")


@router.get("/timeline.json")
def timeline_json(graph: Projection, topics: Scheme, filters: TimelineChosen) -> dict:
    """Agreements by date, each with the period its date names, for the timeline.

    `agreements`: dated ones by date, each with `date` as precise as the sources
    give it, `precision` (day, month or year), `start` and `end` (first and last
    day of that period), `readings` (every date, when sources contradict each
    other), topics, parties and the countries it ties; `undated`: the same for
    agreements no source dates; `dated_total` and `undated_total`: how many each
    list holds before `limit` (the most recent dated ones are kept); `facets`:
    countries and parties with how many agreements each has among those the other
    filters keep.
    """
    return timeline_answer(graph, topics, *filters)
