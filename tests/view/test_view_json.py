"""/view.json, what the explorer draws: the view's nodes and ties with positions that depend
on the graph alone, paths that are /paths' answer (via, exclude and as_of included, errors
too), filters that trim focus views, and parameters nobody reads refused."""

import math
from collections.abc import Callable

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.network.projection import MEMBER_OF
from graph.view.kept import kept
from graph.view.layout import positions
from graph.view.select import build_view
from ontology import GT
from tests.support import GOVTECH, IPUR, MOU_2022, NUS, SG
from tests.view.support import synthetic, ties

PATH = {"from": "IPUR", "to": "GovTech", "k": 2}


@pytest.fixture(scope="module")
def client(built_store):
    return TestClient(create_app(Settings(store=built_store)))


def test_the_json_is_the_view_with_stable_positions(client, graph):
    answer = client.get("/view.json", params={"focus": "GovTech", "depth": 2})
    assert answer.status_code == 200
    data = answer.json()
    view = build_view(graph, focus="GovTech", depth=2)
    assert {n["id"] for n in data["nodes"]} == set(view.graph)
    assert set(ties(data)) == set(view.graph.edges)
    assert data["counts"]["nodes"] == view.graph.number_of_nodes()
    assert data["focus"]["iri"] == GOVTECH
    assert all(math.isfinite(n["x"]) and math.isfinite(n["y"]) for n in data["nodes"])
    again = client.get(
        "/view.json", params={"focus": "GovTech", "depth": 2}, headers={"Cache-Control": "no-cache"}
    )
    assert [(n["x"], n["y"]) for n in again.json()["nodes"]] == [
        (n["x"], n["y"]) for n in data["nodes"]
    ]


def test_positions_do_not_depend_on_the_order_things_were_read_in():
    graph = synthetic(600, 1500)
    shuffled = nx.DiGraph()
    shuffled.add_nodes_from(reversed(list(graph.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(graph.edges(data=True))))
    laid = positions(graph)
    assert laid == positions(shuffled)
    assert len(set(laid.values())) == len(laid)  # no two nodes on one spot


def test_sizes_follow_degree_and_nodes_carry_what_the_page_filters_on(client, graph):
    data = client.get("/view.json", params={"focus": "GovTech", "depth": 2}).json()
    by_degree = sorted(data["nodes"], key=lambda n: n["degree"])
    assert [n["size"] for n in by_degree] == sorted(n["size"] for n in by_degree)
    assert by_degree[0]["size"] < by_degree[-1]["size"]
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes[GOVTECH]["country"] == SG and nodes[GOVTECH]["class"] == "GovernmentBody"
    assert nodes[GOVTECH]["degree"] == graph.degree(GOVTECH)
    mou = nodes["https://w3id.org/govties/id/agreement/govtech-gds-mou-2019"]
    assert (mou["start"], mou["end"], mou["country"]) == ("2019-06-01", "2019-06-30", "several")
    titles = [s["title"] for s in data["sources"]]
    assert all(0 <= i < len(titles) for e in data["edges"] for i in e["sources"])
    assert ties(data)[GOVTECH, SG]["predicates"] == {str(GT.country)}
    assert {c["key"] for c in data["classes"]} == {n["class"] for n in data["nodes"]}
    legend = {m for c in data["countries"] for m in c["members"]}
    assert {n["country"] for n in data["nodes"]} <= legend


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"via": "gt:party,org:subOrganizationOf,gt:country"},
        {"exclude": "gt:country"},  # no path at all: the same message
        {"exclude": "National University of Singapore"},
        {"as_of": "2020-01-01"},
    ],
)
def test_paths_are_the_paths_answer(client, filters):
    paths = client.get("/paths", params={**PATH, **filters}).json()
    data = client.get("/view.json", params={**PATH, **filters, "depth": 0}).json()
    assert len(data["paths"]) == len(paths["paths"])
    for i, path in enumerate(paths["paths"]):
        hops = {(h["subject"]["iri"], h["object"]["iri"]) for h in path["hops"]}
        assert {pair for pair, tie in ties(data).items() if i in tie["paths"]} == hops
        assert data["paths"][i]["text"].replace("\n", " ") == path["text"]
    assert data["message"] == paths["message"]
    assert len({p["colour"] for p in data["paths"]}) == len(data["paths"])
    assert data["filters"] == {
        "via": paths["via"],
        "exclude": paths["exclude"],
        "as_of": paths["as_of"],
    }


@pytest.mark.parametrize(
    "bad",
    [
        {"as_of": "2019-13-01"},
        {"as_of": "2019"},
        {"via": "gt:nothing"},
        {"exclude": "IPUR"},
        {"exclude": "Nowhere at all"},
        {"k": 0},
        {"max_hops": 13},
    ],
)
def test_refusals_are_those_of_paths(client, bad):
    paths = client.get("/paths", params={**PATH, **bad})
    view = client.get("/view.json", params={**PATH, **bad})
    assert paths.status_code in (404, 422)
    assert (view.status_code, view.json()) == (paths.status_code, paths.json())


def test_filters_trim_a_focus_view(client, graph):
    around = {"focus": "IPUR", "depth": 2}
    whole = client.get("/view.json", params=around).json()
    assert MOU_2022 in {n["id"] for n in whole["nodes"]}
    before = client.get("/view.json", params={**around, "as_of": "2021-12-31"}).json()
    assert MOU_2022 not in {n["id"] for n in before["nodes"]}
    assert all(n["start"] is None or n["start"] <= "2021-12-31" for n in before["nodes"])
    signatory = str(GT.signatory)
    said = {p for tie in ties(whole).values() for p in tie["predicates"]}
    assert {signatory, MEMBER_OF, str(GT.party)} <= said
    without = client.get("/view.json", params={**around, "exclude": "gt:signatory"}).json()
    assert signatory not in {p for tie in ties(without).values() for p in tie["predicates"]}
    assert without["filters"]["exclude"] == [signatory]
    only = client.get("/view.json", params={**around, "via": "gt:party"}).json()
    assert {p for tie in ties(only).values() for p in tie["predicates"]} == {str(GT.party)}
    assert client.get("/view.json", params={"focus": "IPUR", "exclude": "IPUR"}).status_code == 422
    assert IPUR in {n["id"] for n in whole["nodes"]} and NUS in {s["iri"] for s in whole["sources"]}


def test_unknown_parameters_are_refused_by_name(client):
    answer = client.get("/view.json", params={"focus": "GDS", "dpeth": "2", "colour": "red"})
    assert answer.status_code == 422
    message = answer.json()["message"]
    assert message.startswith("unknown parameters: colour, dpeth;") and "depth" in message


def test_the_json_route_is_documented(client):
    spec = client.get("/openapi.json").json()
    route = spec["paths"]["/view.json"]["get"]
    names = {p["name"] for p in route["parameters"]}
    assert {"focus", "depth", "from", "to", "k", "max_hops", "via", "exclude", "as_of"} <= names
    example = route["responses"]["200"]["content"]["application/json"]["example"]
    keys = {"nodes", "edges", "predicates", "paths", "counts", "classes", "countries", "sources"}
    assert keys <= set(example)


def test_kept_results_live_with_their_projection_a_few_at_a_time():
    projection, calls = nx.DiGraph(), []

    def compute(key: str) -> Callable[[], str]:
        return lambda: calls.append(key) or f"value of {key}"

    assert kept(projection, "demo", "a", compute("a"), size=2) == "value of a"
    assert kept(projection, "demo", "a", compute("a"), size=2) == "value of a"
    assert calls == ["a"]  # the second answer was kept
    kept(projection, "demo", "a", compute("a"), size=2, fresh=True)
    assert calls == ["a", "a"]  # Cache-Control: no-cache computes again
    kept(projection, "demo", "b", compute("b"), size=2)
    kept(projection, "demo", "c", compute("c"), size=2)  # "a" is the oldest: it goes
    kept(projection, "demo", "a", compute("a"), size=2)
    assert calls == ["a", "a", "b", "c", "a"]
    assert kept(nx.DiGraph(), "demo", "b", compute("b")) == "value of b"  # another projection
    assert calls[-1] == "b"
