"""The graph explorer at /view as a person uses it, in headless Chromium (WebGL on
SwiftShader) on the seed records: type a focus and pick the suggestion, change the depth,
click a node and read its panel, expand it, focus there, toggle each of two paths, search,
move the date range, pick a source, colour by country; a 2,000-node, 10,000-tie graph
draws and answers a click. Expected nodes and ties come from graph.view.select, never
from the page. Every test also proves no request left localhost; screenshots go to
test-artifacts/explorer-*.png.
"""

import json

import pytest

from graph.view.select import build_view
from tests.browser import ARTIFACTS, assert_stayed_local, click, click_at, press, serve
from tests.support import GDS, GOVTECH, IPUR, MOU_2019
from tests.view.support import serve_projection, synthetic

EXPLORER = "window.govtiesExplorer"
DRAWN = f"{EXPLORER} && {EXPLORER}.draws > 0 && {EXPLORER}.rendered === {EXPLORER}.draws"
STATE = f"""(() => {{ const s = {EXPLORER};
  return {{ order: s.graph.order, size: s.graph.size, nodes: [...s.visibleNodes].sort(),
            edges: s.visibleEdges.size, counts: document.getElementById("counts").textContent,
            heading: document.getElementById("heading").textContent,
            legend: [...document.querySelectorAll("#legend .legend-entry")].map((li) =>
              [li.dataset.key, Number(li.querySelector(".count").textContent)]) }}; }})()"""
LABELS_APART = f"""(() => {{ const b = {EXPLORER}.labels;
  for (let i = 0; i < b.length; i++) for (let j = i + 1; j < b.length; j++)
    if (b[i].x < b[j].x + b[j].w && b[j].x < b[i].x + b[i].w
        && b[i].y < b[j].y + b[j].h && b[j].y < b[i].y + b[i].h) return [b[i].id, b[j].id];
  return b.length; }})()"""


@pytest.fixture(scope="module")
def server(built_store):
    yield from serve(built_store)


def drawn(chromium, draws: int) -> None:
    chromium.wait(f"{EXPLORER}.draws >= {draws} && {EXPLORER}.rendered === {EXPLORER}.draws")


def click_node(chromium, iri: str) -> None:
    """Click the node's disc where sigma drew it."""
    x, y = chromium.js(f"""(() => {{ const s = {EXPLORER};
        const at = s.renderer.graphToViewport(s.graph.getNodeAttributes({json.dumps(iri)}));
        const r = document.getElementById("graph").getBoundingClientRect();
        return [r.x + at.x, r.y + at.y]; }})()""")
    click_at(chromium, x, y)


def type_into(chromium, selector: str, text: str) -> None:
    click(chromium, selector)
    chromium.js(f"document.querySelector({json.dumps(selector)}).select()")
    chromium.call("Input.insertText", text=text)


def shot(chromium, name: str) -> None:
    png = chromium.screenshot(ARTIFACTS / f"explorer-{name}.png")
    assert png.startswith(b"\x89PNG") and len(png) > 20_000


def test_pick_a_focus_by_its_suggestion_and_change_the_depth(chromium, server, graph):
    chromium.open(f"{server}/view", DRAWN)
    click(chromium, "input[name=mode][value=focus]")
    type_into(chromium, "input[name=focus]", "GovT")
    suggestion = ".when-focus .suggestions li"
    chromium.wait(f"document.querySelector('{suggestion}')?.offsetParent")
    assert chromium.js(f"document.querySelector('{suggestion}').dataset.iri") == "org/govtech"
    click(chromium, suggestion)
    assert chromium.js("document.querySelector('input[name=focus]').value") == (
        "Government Technology Agency"
    )
    chromium.js("document.getElementById('depth').focus()")
    press(chromium, "ArrowDown", "ArrowDown", 40)  # depth 1 -> 2
    assert chromium.js("document.getElementById('depth').value") == "2"
    click(chromium, "#controls button[type=submit]")
    drawn(chromium, 2)
    expected = build_view(graph, focus=GOVTECH, depth=2).graph
    state = chromium.js(STATE)
    assert state["nodes"] == sorted(expected) and state["size"] == expected.number_of_edges()
    assert state["heading"] == "Government Technology Agency and 2 hops around"
    n, m = expected.number_of_nodes(), expected.number_of_edges()
    assert state["counts"] == f"{n} of {n} nodes · {m} of {m} ties shown"
    assert chromium.js("location.search") == "?focus=org%2Fgovtech&depth=2"
    placed = chromium.js(LABELS_APART)
    assert isinstance(placed, int) and placed >= 10, f"labels overlap or are missing: {placed}"
    assert chromium.js("document.querySelector('header.site a[href=\"/\"]').textContent")
    shot(chromium, "focus")
    assert_stayed_local(chromium, (f"{server}/",))


def test_click_a_node_expand_it_and_focus_there(chromium, server, graph):
    chromium.open(f"{server}/view?focus=GDS&depth=1", DRAWN)
    before = build_view(graph, focus=GDS, depth=1).graph
    assert MOU_2019 in before and GOVTECH not in before
    click_node(chromium, MOU_2019)
    chromium.wait("!document.getElementById('panel').hidden")
    title = chromium.js("document.getElementById('panel-title').textContent")
    assert title == graph.nodes[MOU_2019]["label"]
    facts = chromium.js("document.getElementById('panel-facts').innerText")
    assert "Memorandum of understanding" in facts and "2019-06" in facts
    sources = chromium.js(
        "[...document.querySelectorAll('#panel-sources a')].map((a) => a.pathname)"
    )
    assert len(sources) == 2 and all(path.startswith("/id/source/") for path in sources)
    page = "/id/agreement/govtech-gds-mou-2019"
    assert chromium.js("document.getElementById('panel-page').pathname") == page
    shot(chromium, "panel")

    click(chromium, "#expand")
    grown = set(before) | set(build_view(graph, focus=MOU_2019, depth=1).graph)
    chromium.wait(f"{EXPLORER}.graph.order === {len(grown)}")
    state = chromium.js(STATE)
    assert GOVTECH in grown and state["nodes"] == sorted(grown)
    assert state["counts"].startswith(f"{len(grown)} of {len(grown)} nodes")
    assert chromium.js("document.getElementById('notice').textContent") == "1 node expanded."
    assert chromium.js("document.getElementById('expand').disabled") is True
    shot(chromium, "expanded")

    click_node(chromium, GOVTECH)  # one of the nodes the expansion brought
    chromium.wait(f"{EXPLORER}.selected === {json.dumps(GOVTECH)}")
    facts = chromium.js("document.getElementById('panel-facts').innerText")
    assert "Government body" in facts and "Singapore" in facts and "GovTech" in facts
    click(chromium, "#focus-here")
    drawn(chromium, 2)
    assert chromium.js("location.search") == "?focus=org%2Fgovtech&depth=1"
    state = chromium.js(STATE)
    assert state["nodes"] == sorted(build_view(graph, focus=GOVTECH, depth=1).graph)
    assert state["heading"] == "Government Technology Agency and 1 hop around"
    assert_stayed_local(chromium, (f"{server}/",))


EDGE_COLOURS = f"""(() => {{ const s = {EXPLORER}; const out = {{}};
  s.graph.forEachEdge((e, a) => {{ if (a.info.paths.length)
    out[e] = [a.info.paths, s.renderer.getEdgeDisplayData(e).color]; }});
  return out; }})()"""


def test_each_path_has_its_colour_and_its_toggle(chromium, server, graph):
    chromium.open(f"{server}/view?from=IPUR&to=GovTech&k=2&depth=0", DRAWN)
    view = build_view(graph, path_from="IPUR", path_to="GovTech", k=2, depth=0)
    assert len(view.paths) == 2
    colours = chromium.js(f"{EXPLORER}.data.paths.map((p) => p.colour)")
    assert len(set(colours)) == 2
    summaries = chromium.js(
        "[...document.querySelectorAll('#paths .path label')].map((l) => l.textContent.trim())"
    )
    assert summaries == [summary for summary, _ in view.notes]

    def shown() -> dict[str, str]:
        return {edge: colour for edge, (_, colour) in chromium.js(EDGE_COLOURS).items()}

    first = {f"{s} {o}" for s, o in view.paths[0]}
    second = {f"{s} {o}" for s, o in view.paths[1]}
    assert all(shown()[e] == colours[0] for e in first)  # a shared hop shows the first path
    assert all(shown()[e] == colours[1] for e in second - first)
    shot(chromium, "paths")

    click(chromium, "#paths .path:nth-child(1) input")
    after = shown()
    assert all(after[e] == colours[1] for e in second)
    assert all(after[e] not in colours for e in first - second)
    shot(chromium, "path-1-off")
    click(chromium, "#paths .path:nth-child(2) input")
    assert not set(shown().values()) & set(colours)
    click(chromium, "#paths .path:nth-child(1) input")
    click(chromium, "#paths .path:nth-child(2) input")
    assert all(shown()[e] == colours[0] for e in first)
    assert chromium.js("document.querySelectorAll('#paths input:checked').length") == 2
    assert_stayed_local(chromium, (f"{server}/",))


def test_search_dims_what_does_not_match(chromium, server, graph):
    chromium.open(f"{server}/view?focus=GovTech&depth=2", DRAWN)
    type_into(chromium, "#search", "singapore")
    chromium.wait("document.getElementById('matches').textContent !== ''")
    sub = build_view(graph, focus=GOVTECH, depth=2).graph
    names = {n: [a["label"], *a["aliases"]] for n, a in sub.nodes(data=True)}
    matching = {n for n, found in names.items() if any("singapore" in x.lower() for x in found)}
    assert (
        chromium.js("document.getElementById('matches').textContent") == f"{len(matching)} matches"
    )
    colours = chromium.js(f"""(() => {{ const s = {EXPLORER}; const out = {{}};
        s.graph.forEachNode((n) => {{ out[n] = s.renderer.getNodeDisplayData(n).color; }});
        return out; }})()""")
    dim = {n for n, colour in colours.items() if colour == "#e3e6ea"}
    assert dim == set(sub) - matching
    labelled = {b["id"] for b in chromium.js(f"{EXPLORER}.labels")}
    assert labelled and labelled <= matching
    shot(chromium, "search")
    type_into(chromium, "#search", "")
    chromium.js("document.getElementById('search').dispatchEvent(new Event('input'))")
    assert chromium.js("document.getElementById('matches').textContent") == ""
    assert_stayed_local(chromium, (f"{server}/",))


def test_dates_sources_and_colours_filter_and_the_counts_follow(chromium, server, graph):
    chromium.open(f"{server}/view", DRAWN)
    data = chromium.js(f"{EXPLORER}.data")
    nodes = {n["id"]: n for n in data["nodes"]}
    low, high = chromium.js(
        "[document.getElementById('year-from').value, document.getElementById('year-to').value]"
    )
    assert (low, high) == ("2019", "2022")
    chromium.js("document.getElementById('year-from').focus()")
    press(chromium, "ArrowRight", "ArrowRight", 39)
    assert chromium.js("document.getElementById('years').textContent") == "2020 \u2013 2022"

    def expected(keep) -> tuple[set[str], int]:
        kept = {i for i, n in nodes.items() if keep(n)}
        ties = [e for e in data["edges"] if e["source"] in kept and e["target"] in kept]
        return kept, len(ties)

    kept, ties = expected(lambda n: n["end"] is None or n["end"] >= "2020")
    assert MOU_2019 not in kept
    state = chromium.js(STATE)
    assert set(state["nodes"]) == kept and state["edges"] == ties
    assert (
        state["counts"]
        == f"{len(kept)} of {len(nodes)} nodes · {ties} of {len(data['edges'])} ties shown"
    )
    assert sum(count for _, count in state["legend"]) == len(kept)
    shot(chromium, "dates")

    nus = next(
        i for i, s in enumerate(data["sources"]) if s["iri"].endswith("nus-ipur-mongolia-2022")
    )
    chromium.js("document.getElementById('source').focus()")
    for _ in range(nus + 1):
        press(chromium, "ArrowDown", "ArrowDown", 40)
    assert chromium.js("document.getElementById('source').value") == str(nus)
    stated = [e for e in data["edges"] if nus in e["sources"]
              and e["source"] in kept and e["target"] in kept]  # fmt: skip
    joined = {n for e in stated for n in (e["source"], e["target"])}
    state = chromium.js(STATE)
    assert IPUR in joined and set(state["nodes"]) == joined and state["edges"] == len(stated)
    assert state["counts"].startswith(f"{len(joined)} of {len(nodes)} nodes · {len(stated)} of")
    shot(chromium, "source")

    click(chromium, "input[name=colour][value=country]")
    legend = chromium.js(STATE)["legend"]
    keys = [k for k, _ in legend]
    assert (
        "https://w3id.org/govties/id/country/MN" in keys
        and "https://w3id.org/govties/id/country/SG" in keys
    )
    assert sum(count for _, count in legend) == len(joined)
    shot(chromium, "countries")
    assert_stayed_local(chromium, (f"{server}/",))


def test_a_name_nobody_has_is_said_so(chromium, server):
    chromium.open(f"{server}/view?focus=GDS", DRAWN)
    type_into(chromium, "input[name=focus]", "Nowhere at all")
    click(chromium, "#controls button[type=submit]")
    chromium.wait("!document.getElementById('error').hidden")
    assert "Nowhere at all" in chromium.js("document.getElementById('error').textContent")
    assert_stayed_local(chromium, (f"{server}/",))


# The nodes whose square around the disc holds a viewport point (sigma picks on the square
# a node is drawn in, to two pixels at its picking resolution): what a click there selects.
UNDER = f"""(([x, y]) => {{ const s = {EXPLORER}, r = s.renderer;
  const box = document.getElementById("graph").getBoundingClientRect();
  return s.graph.filterNodes((n, a) => {{ const at = r.graphToViewport(a);
    const size = r.scaleSize(r.getNodeDisplayData(n).size) + 2;
    return Math.abs(box.x + at.x - x) <= size && Math.abs(box.y + at.y - y) <= size; }}); }})"""


@pytest.fixture(scope="module")
def big_server(built_store):
    """The app drawing a synthetic 2,000-node, 10,000-tie projection (labels from the seeds)."""
    yield from serve_projection(built_store, synthetic(2000, 10_000))


def test_a_large_graph_draws_and_answers_a_click(chromium, big_server):
    seconds = chromium.open(f"{big_server}/view", DRAWN, timeout=120)
    assert chromium.js(f"[{EXPLORER}.graph.order, {EXPLORER}.graph.size]") == [2000, 10_000]
    assert isinstance(chromium.js(LABELS_APART), int)
    hub = chromium.js(f"{EXPLORER}.data.nodes.reduce((a, b) => (b.degree > a.degree ? b : a)).id")
    click_node(chromium, hub)
    chromium.wait("!document.getElementById('panel').hidden")
    chosen = chromium.js(f"{EXPLORER}.selected")
    point = chromium.js(f"""(() => {{ const s = {EXPLORER};
        const at = s.renderer.graphToViewport(s.graph.getNodeAttributes({json.dumps(hub)}));
        const r = document.getElementById("graph").getBoundingClientRect();
        return [r.x + at.x, r.y + at.y]; }})()""")
    assert chosen in chromium.js(f"({UNDER})({json.dumps(point)})")  # the disc clicked on
    title = chromium.js("document.getElementById('panel-title').textContent")
    assert title == chromium.js(f"{EXPLORER}.graph.getNodeAttribute({json.dumps(chosen)}, 'label')")
    shot(chromium, "large")
    assert_stayed_local(chromium, (f"{big_server}/",))
    print(f"2,000 nodes / 10,000 ties drawn in {seconds:.2f}s (bench/explorer.py measures it)")
