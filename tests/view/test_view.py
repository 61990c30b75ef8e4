"""The graph view without a browser: subgraph sizes for focus/depth and paths (checked
against an independent BFS), the cap on a synthetic big graph, the page's offline
assets, GraphML that networkx reads back, the API routes and the CLI command."""

import io
import json
import re
import time

import networkx as nx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.cli import app as cli
from api.settings import Settings
from graph.errors import Ambiguous, BadInput, NotFound
from graph.network.projection import MEMBER_OF
from graph.network.search import find_paths
from graph.view.draw import PHYSICS_LIMIT, render_html, vis_network
from graph.view.graphml import to_graphml
from graph.view.labels import class_key, edge_label, vocabulary_labels
from graph.view.select import build_view, select
from ontology import GT, ID_BASE
from tests.support import GDS, GOVTECH, IPUR
from tests.view.support import synthetic

TIED = str(GT.tiedWith)


@pytest.fixture(scope="module")
def labels(store):
    return vocabulary_labels(store)


def within(graph: nx.DiGraph, centre: str, depth: int) -> set[str]:
    """Nodes within depth hops of centre, either direction, tiedWith not a hop: by plain BFS."""
    hops = nx.Graph()
    hops.add_nodes_from(graph)
    hops.add_edges_from(
        (s, o) for s, o, d in graph.edges(data=True) if set(d["predicates"]) - {TIED}
    )
    return set(nx.single_source_shortest_path_length(hops, centre, cutoff=depth))


@pytest.mark.parametrize("depth", [0, 1, 2, 3])
def test_focus_depth_sizes(graph, depth):
    view = build_view(graph, focus="GovTech", depth=depth)
    expected = within(graph, GOVTECH, depth)
    assert set(view.graph) == expected
    assert view.graph.number_of_edges() == graph.subgraph(expected).number_of_edges()
    assert (view.total_nodes, view.capped) == (len(expected), False)
    assert view.seeds == {GOVTECH}


def test_depth_grows_the_view(graph):
    sizes = [build_view(graph, focus=GDS, depth=d).graph.number_of_nodes() for d in range(4)]
    assert sizes[0] == 1
    assert sizes == sorted(sizes) and sizes[1] < sizes[3]


def test_whole_graph_leaves_isolated_nodes_out(graph):
    isolated = set(nx.isolates(graph))
    assert len(isolated) > 200  # the countries nothing is tied to yet
    view = build_view(graph)
    assert set(view.graph) == set(graph) - isolated
    assert view.graph.number_of_edges() == graph.number_of_edges()
    assert view.isolated_left_out == len(isolated)
    everything = build_view(graph, include_isolated=True)
    assert everything.graph.number_of_nodes() == graph.number_of_nodes()


def test_path_view_highlights_the_hops(graph):
    found = find_paths(graph, IPUR, GOVTECH, 2)
    view = build_view(graph, path_from="IPUR", path_to="GovTech", k=2, depth=0)
    assert view.seeds == {n for p in found for n in p.nodes}
    assert set(view.graph) == view.seeds
    assert view.path_edges == {(h.subject, h.object) for p in found for h in p.hops}
    assert all(view.graph.has_edge(s, o) for s, o in view.path_edges)
    assert [summary for summary, _ in view.notes] == [
        f"Path {i} · {p.length} hops" for i, p in enumerate(found, 1)
    ]
    _, edges, *_ = vis_network(view, {}).get_network_data()
    assert {e["from"] for e in edges if e.get("onPath")} <= view.seeds
    assert sum(1 for e in edges if e.get("onPath")) == len(view.path_edges)


def test_no_path_is_a_note_not_an_error(graph):
    view = build_view(graph, path_from="IPUR", path_to="GDS", max_hops=2, depth=0)
    assert view.path_edges == frozenset()
    assert view.notes[0][0] == "No path" and "at most 2 hops" in view.notes[0][1]
    assert set(view.graph) == {IPUR, GDS}


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"focus": "Nowhere at all"}, NotFound),
        ({"depth": 7}, BadInput),
        ({"cap": 0}, BadInput),
        ({"path_from": "GDS"}, BadInput),
        ({"focus": "GDS", "path_from": "GDS", "path_to": "IPUR"}, BadInput),
        ({"path_from": "GDS", "path_to": "GDS"}, BadInput),
    ],
)
def test_bad_requests(graph, kwargs, error):
    with pytest.raises(error):
        build_view(graph, **kwargs)


def test_ambiguous_focus_lists_candidates():
    twin = synthetic(3, 0)
    for node in twin:
        twin.nodes[node]["label"] = "Same name"
    with pytest.raises(Ambiguous) as exc:
        build_view(twin, focus="Same name")
    assert len(exc.value.candidates) == 3


def test_cap_keeps_the_best_connected_of_a_big_graph():
    big = synthetic(3000, 4500)
    view = select(big, cap=1500)
    connected = [n for n in big if big.degree(n)]
    assert view.graph.number_of_nodes() == 1500
    assert (view.total_nodes, view.capped) == (len(connected), True)
    assert view.total_edges == big.subgraph(connected).number_of_edges()
    dropped = set(connected) - set(view.graph)
    assert min(big.degree(n) for n in view.graph) >= max(big.degree(n) for n in dropped)


def test_cap_around_a_focus_keeps_the_closest():
    big = synthetic(3000, 4500)
    centre = max(big, key=big.degree)
    view = select(big, seeds=[centre], depth=6, cap=500)
    dist = nx.single_source_shortest_path_length(big.to_undirected(), centre, cutoff=6)
    assert view.graph.number_of_nodes() == 500 and view.total_nodes == len(dist)
    dropped = set(dist) - set(view.graph)
    assert max(dist[n] for n in view.graph) <= min(dist[n] for n in dropped)


def test_big_views_are_drawn_without_physics_and_quickly():
    big = synthetic(3000, 4500)
    view = select(big, cap=1500)
    started = time.perf_counter()
    html = render_html(view, {}, graphml_href=None)
    seconds = time.perf_counter() - started
    nodes = json.loads(re.search(r'id="graph-nodes">(.*?)</script>', html, re.S).group(1))
    options = json.loads(re.search(r'id="graph-options">(.*?)</script>', html, re.S).group(1))
    assert len(nodes) == 1500 and options["physics"]["enabled"] is False
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in nodes)
    assert "Capped: showing 1500 of" in html
    assert seconds < 15, f"rendering 1500 nodes took {seconds:.1f}s"


def test_small_views_use_physics(graph, labels):
    view = build_view(graph, focus=GDS)
    assert view.graph.number_of_nodes() <= PHYSICS_LIMIT
    nodes, _, _, _, _, options = vis_network(view, labels).get_network_data()
    assert json.loads(options)["physics"]["enabled"] is True
    assert all("x" not in n for n in nodes)


def test_standalone_page_is_self_contained(graph, labels):
    html = render_html(build_view(graph), labels, graphml_href="view.graphml")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "@import" not in html
    assert "vis.Network" in html and "vis-network" in html  # the library is inlined


def test_nodes_and_edges_carry_labels_tooltips_and_classes(graph, labels):
    view = build_view(graph, focus="GovTech", depth=1)
    nodes, edges, *_ = vis_network(view, labels).get_network_data()
    by_id = {n["id"]: n for n in nodes}
    govtech = by_id[GOVTECH]
    assert govtech["label"] == "Government Technology Agency"
    assert govtech["cls"] == "GovernmentBody"
    assert "Government body" in govtech["title"] and "GovTech" in govtech["title"]
    assert "Sources:" in govtech["title"]
    mou = by_id[f"{ID_BASE}agreement/govtech-gds-mou-2019"]
    assert (mou["dateFrom"], mou["dateTo"]) == ("2019-06-01", "2019-06-30")  # June has 30 days
    assert "Digital identity" in mou["title"]
    post = next(e for e in edges if e["from"] == f"{ID_BASE}person/kok-ping-soon")
    assert post["label"] == "Chief Executive"
    assert {n["cls"] for n in nodes} == {class_key(a) for _, a in view.graph.nodes(data=True)}


def test_edge_label_uses_post_titles():
    attrs = {
        "predicates": {MEMBER_OF: {"label": "member of", "sources": set()}},
        "titles": {"B", "A"},
    }
    assert edge_label(attrs) == "A; B"
    attrs["predicates"][str(GT.party)] = {"label": "party", "sources": set()}
    assert edge_label(attrs) == "A; B / party"


def test_graphml_round_trips(graph, labels):
    view = build_view(graph, path_from="IPUR", path_to="GovTech", k=2, depth=1)
    back = nx.read_graphml(io.BytesIO(to_graphml(view, labels)))
    assert set(back) == set(view.graph)
    assert set(back.edges) == set(view.graph.edges)
    assert back.nodes[GOVTECH]["label"] == "Government Technology Agency"
    assert back.nodes[GOVTECH]["cls"] == "Government body"
    assert all(isinstance(v, str) for _, d in back.nodes(data=True) for v in d.values())
    on_path = {(s, o) for s, o, d in back.edges(data=True) if d["on_path"] == "true"}
    assert on_path == view.path_edges


@pytest.fixture(scope="module")
def client(built_store):
    return TestClient(create_app(Settings(store=built_store)))


def test_api_page_export_and_graphml(client, graph):
    page = client.get("/view", params={"focus": "GDS", "depth": 2})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<script src="/static/query/explorer.js">' in page.text
    assert "Government Digital Service and 2 hops around" in page.text
    assert client.get("/static/query/vendor/sigma/sigma.min.js").status_code == 200
    export = client.get("/view.html", params={"focus": "GDS", "depth": 2})
    assert export.status_code == 200 and 'href="view.graphml?focus=GDS&amp;depth=2"' in export.text
    assert "vis.Network" in export.text and "Government Digital Service" in export.text
    graphml = client.get("/view.graphml", params={"focus": "GDS", "depth": 2})
    assert graphml.status_code == 200
    back = nx.read_graphml(io.BytesIO(graphml.content))
    assert set(back) == within(graph, GDS, 2)


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"focus": "Nowhere at all"}, 404),
        ({"depth": 99}, 422),
        ({"from": "GDS"}, 422),
        ({"cap": 0}, 422),
        ({"focus": "GDS", "dpeth": 2}, 422),
    ],
)
@pytest.mark.parametrize("route", ["/view", "/view.json", "/view.graphml", "/view.html"])
def test_api_bad_requests(client, route, params, status):
    answer = client.get(route, params=params)
    assert answer.status_code == status
    assert answer.headers["content-type"] == "application/json"


def test_cli_writes_page_and_graphml(built_store, tmp_path, graph):
    out = tmp_path / "view.html"
    result = CliRunner().invoke(
        cli,
        ["view", "--focus", "GovTech", "--depth", "1", "--store", str(built_store), "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert 'href="view.graphml"' in html and "Government Technology Agency" in html
    back = nx.read_graphml(tmp_path / "view.graphml")
    assert set(back) == within(graph, GOVTECH, 1)
    bad = CliRunner().invoke(
        cli, ["view", "--focus", "Nowhere at all", "--store", str(built_store)]
    )
    assert bad.exit_code == 2
