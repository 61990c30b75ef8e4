"""The standalone graph page (/view.html, `govties view`; pyvis) in a real browser: Debian's
headless Chromium, driven over the DevTools protocol, with every host but localhost
unreachable. (The explorer at /view: tests/pages/test_explorer_browser.py.)

Checks that vis-network drew exactly the subgraph graph.view.draw computed, that the
legend shows one entry per class, that the filters, search, GraphML link and
PNG export work, and that no request left 127.0.0.1. Chromium comes from
`make browser` (apt); without it these tests fail, they never skip.
A screenshot goes to test-artifacts/view.png for people to look at.
"""

import base64
import io
import json

import networkx as nx
import pytest

from graph.view.draw import render_html
from graph.view.labels import class_key
from graph.view.select import build_view, select
from ontology import ID_BASE
from tests.browser import ARTIFACTS, assert_stayed_local, serve
from tests.view.support import synthetic

DRAWN = "window.govtiesView && govtiesView.drawn && govtiesView.stable"
COUNTS = """({
  nodes: govtiesView.network.body.nodeIndices.length,
  edges: govtiesView.network.body.edgeIndices.length,
  placed: Object.values(govtiesView.network.getPositions())
    .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)).length,
})"""
LEGEND = """(() => {
  const shown = (el) => { const r = el.getBoundingClientRect();
    return el.offsetParent !== null && r.width > 0 && r.height > 0 && r.bottom <= innerHeight; };
  const legend = document.getElementById("legend");
  const entries = [...legend.querySelectorAll(".legend-entry")];
  return { visible: shown(legend), classes: entries.map((e) => e.dataset.class),
           allVisible: entries.every(shown), labels: entries.map((e) => e.innerText.trim()) };
})()"""
INK = """(() => {
  const c = document.querySelector("#network canvas");
  const data = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  let ink = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) ink++;
  return ink / (c.width * c.height);
})()"""


@pytest.fixture(scope="module")
def server(built_store):
    yield from serve(built_store)


def test_whole_graph_draws_the_subgraph_offline(chromium, server, graph):
    view = build_view(graph)
    seconds = chromium.open(f"{server}/view.html", DRAWN)
    counts = chromium.js(COUNTS)
    expected = view.graph.number_of_nodes()
    assert counts == {"nodes": expected, "edges": view.graph.number_of_edges(), "placed": expected}
    assert chromium.js(INK) > 0.01, "the canvas is blank"

    legend = chromium.js(LEGEND)
    classes = {class_key(a) for _, a in view.graph.nodes(data=True)}
    assert legend["visible"] and legend["allVisible"]
    assert sorted(legend["classes"]) == sorted(classes)
    assert any(text.startswith("Government body") for text in legend["labels"])

    urls = assert_stayed_local(chromium, (f"{server}/",))
    assert not [u for u in urls if "/static/" in u], "vis-network is inlined in the page"
    png = chromium.screenshot(ARTIFACTS / "view.png")
    assert png.startswith(b"\x89PNG") and len(png) > 20_000
    print(f"whole graph: {expected} nodes drawn in {seconds:.2f}s")


def test_filters_search_and_exports_on_a_focus(chromium, server, graph):
    view = build_view(graph, focus="GovTech", depth=2)
    chromium.open(f"{server}/view.html?focus=GovTech&depth=2", DRAWN)
    sub = view.graph
    assert chromium.js(COUNTS)["nodes"] == sub.number_of_nodes()

    # unticking a class hides its nodes and every tie that touches them
    people = {n for n, a in sub.nodes(data=True) if class_key(a) == "Person"}
    assert people
    chromium.js("""document.querySelector('#legend input[value="Person"]').click()""")
    kept = sub.subgraph(set(sub) - people)
    counts = chromium.js(COUNTS)
    assert (counts["nodes"], counts["edges"]) == (kept.number_of_nodes(), kept.number_of_edges())
    chromium.js("""document.querySelector('#legend input[value="Person"]').click()""")
    assert chromium.js(COUNTS)["nodes"] == sub.number_of_nodes()

    # a date range from 2022 on hides the 2019 agreement and events, nothing else
    chromium.js("""(() => { const el = document.getElementById("date-from");
        el.value = "2022-01-01"; el.dispatchEvent(new Event("change")); })()""")
    dated_2019 = {
        n
        for n, a in sub.nodes(data=True)
        if a["kind"] in ("agreement", "event")
        and any(v < "2022" for vs in a["dates"].values() for v in vs)
    }
    assert f"{ID_BASE}agreement/govtech-gds-mou-2019" in dated_2019
    assert chromium.js(COUNTS)["nodes"] == sub.number_of_nodes() - len(dated_2019)
    hidden = chromium.js(f"govtiesView.nodeView.get({json.dumps(sorted(dated_2019))})")
    assert hidden == []

    # the search box selects what it finds (by alias too)
    chromium.js("""(() => { const box = document.getElementById("search"); box.value = "GovTech";
        box.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter"})); })()""")
    assert chromium.js("govtiesView.network.getSelectedNodes()") == [f"{ID_BASE}org/govtech"]
    assert chromium.js("document.getElementById('matches').textContent") == "1 match"

    # the GraphML button links to the same subgraph
    graphml = chromium.js("fetch(document.getElementById('graphml').href).then((r) => r.text())")
    back = nx.read_graphml(io.BytesIO(graphml.encode()))
    assert set(back) == set(sub) and back.number_of_edges() == sub.number_of_edges()

    # the PNG button downloads the canvas as a PNG of its size
    chromium.js("""HTMLAnchorElement.prototype.click = function () {
        window.__download = { href: this.href, name: this.download }; }""")
    chromium.js("document.getElementById('png').click()")
    download = chromium.js("window.__download")
    assert download["name"] == "govties-view.png"
    png = base64.b64decode(download["href"].removeprefix("data:image/png;base64,"))
    width, height = chromium.js(
        "[document.querySelector('#network canvas').width, "
        "document.querySelector('#network canvas').height]"
    )
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(png[16:20]), int.from_bytes(png[20:24])) == (width, height)
    assert_stayed_local(chromium, (f"{server}/",))


def test_path_is_highlighted(chromium, server, graph):
    view = build_view(graph, path_from="IPUR", path_to="GovTech", k=2, depth=1)
    chromium.open(f"{server}/view.html?from=IPUR&to=GovTech&k=2&depth=1", DRAWN)
    on_path = chromium.js(
        "govtiesView.edges.get({filter: (e) => e.onPath}).map((e) => [e.from, e.to])"
    )
    assert {tuple(e) for e in on_path} == set(view.path_edges)
    assert chromium.js(COUNTS)["edges"] == view.graph.number_of_edges()
    notes = chromium.js(
        "[...document.querySelectorAll('#notes summary')].map((s) => s.textContent)"
    )
    assert notes == [summary for summary, _ in view.notes]
    assert_stayed_local(chromium, (f"{server}/",))


def test_a_capped_big_graph_stays_usable(chromium, tmp_path):
    """1500 of 3000 nodes from a standalone file (vis-network inlined), physics off."""
    view = select(synthetic(3000, 4500), cap=1500)
    page = tmp_path / "big.html"
    page.write_text(render_html(view, {}, graphml_href=None), encoding="utf-8")
    seconds = chromium.open(page.as_uri(), DRAWN)
    counts = chromium.js(COUNTS)
    assert counts == {"nodes": 1500, "edges": view.graph.number_of_edges(), "placed": 1500}
    assert chromium.js("govtiesView.network.physics.physicsEnabled") is False
    notice = chromium.js("document.getElementById('capped').innerText")
    assert f"showing 1500 of {view.total_nodes} nodes" in notice
    assert_stayed_local(chromium, ("file://",))
    chromium.screenshot(ARTIFACTS / "view-big.png")
    assert seconds < 30, f"1500 nodes took {seconds:.1f}s to draw"
    print(f"capped big graph: 1500 nodes drawn in {seconds:.2f}s")


def test_double_clicking_a_node_opens_its_page(chromium, server):
    chromium.open(f"{server}/view.html?focus=GovTech&depth=1", DRAWN)
    govtech = f"{ID_BASE}org/govtech"
    chromium.js(f"void govtiesView.network.emit('doubleClick', {{nodes: ['{govtech}']}})")
    chromium.wait("location.pathname === '/id/org/govtech'", 10, "navigation")
    chromium.wait("document.readyState === 'complete'", 10, "load")
    assert chromium.js("document.querySelector('h1').innerText") == "Government Technology Agency"
