"""/view.json is the same on every backend: over a remote store the view is read by frontier
queries (graph.view.remote) and must equal the one cut from the whole projection of the
embedded store; the whole-graph view is refused there, and names with a backslash and a u
reach the engine (graph.build.ntriples.quoted) instead of being refused."""

import json

import httpx
import pytest

from graph.network.projection import project
from graph.view.labels import vocabulary_labels
from graph.view.payload import view_json
from graph.view.remote import WHOLE_GRAPH
from graph.view.select import build_view
from tests.backends.conftest import Backend

VIEWS = [
    {"focus": "GovTech", "depth": 2},
    {"focus": "GDS", "depth": 1, "via": "gt:party", "as_of": "2020-01-01"},
    {"focus": "EE", "depth": 1, "exclude": "gt:country", "cap": 30},
    {"from": "IPUR", "to": "GovTech", "k": 2, "depth": 1},
    {"from": "e-Governance Academy", "to": "Cyber Security Agency of Singapore", "k": 3},
    {"from": "GDS", "to": "GovTech", "k": 1, "max_hops": 1, "depth": 0},  # no path: a message
]
ARGS = {"from": "path_from", "to": "path_to"}


@pytest.fixture(scope="module")
def drawn(oracle):
    """The embedded store's /view.json for some parameters, computed in-process."""
    graph, labels = project(oracle), vocabulary_labels(oracle)

    def draw(params: dict) -> dict:
        asked = {ARGS.get(k, k): [v] if k in ("via", "exclude") else v for k, v in params.items()}
        data = view_json(graph, build_view(graph, **asked), labels)
        return json.loads(json.dumps(data))

    return draw


def get(backend: Backend, path: str, **params) -> httpx.Response:
    return httpx.get(f"{backend.live.url}{path}", params=params, timeout=120)


@pytest.mark.parametrize("params", VIEWS, ids=lambda p: "-".join(map(str, p.values())))
def test_view_json_as_the_embedded_store_draws_it(backend: Backend, drawn, params):
    expected = drawn(params)
    assert expected["nodes"], "an empty view compares nothing"
    answer = get(backend, "/view.json", **params)
    assert answer.status_code == 200, answer.text
    assert answer.json() == expected


def test_the_other_routes_draw_the_same_view(backend: Backend, drawn):
    params = VIEWS[0]
    ids = {n["id"] for n in drawn(params)["nodes"]}
    graphml = get(backend, "/view.graphml", **params)
    assert graphml.status_code == 200, graphml.text
    assert all(f'id="{iri}"' in graphml.text for iri in ids)
    page = get(backend, "/view", **params)
    assert page.status_code == 200 and "Government Technology Agency" in page.text


def test_the_whole_graph_is_drawn_only_from_the_projection(backend: Backend):
    answer = get(backend, "/view.json")
    if backend.target is None:
        assert answer.status_code == 200
        assert answer.json()["counts"]["nodes"] > 100
        return
    assert answer.status_code == 422, answer.text
    assert answer.json()["message"] == WHOLE_GRAPH


def test_a_name_with_a_backslash_and_u_is_looked_up(backend: Backend):
    """Before the one escaper, a remote store refused these (400: a \\u escape)."""
    for name in ("x\\u0041", 'x\\U0001F600"', "x\\\\u0041"):
        answer = get(backend, "/paths", **{"from": name, "to": "GDS"})
        assert answer.status_code == 404, answer.text
        assert repr(name) in answer.json()["message"]
