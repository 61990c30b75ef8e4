"""The map at /map as a person uses it, in headless Chromium on the shipped data: read the
shading and the legend, move the year range and see shading and arcs follow, pick a topic,
find the small states as dots, click a country and
land on its page. What is drawn is compared with /map.json for the same filters; every
test also proves no request left localhost. Screenshots: test-artifacts/map-*.png."""

import json

import httpx
import pytest

from tests.browser import ARTIFACTS, assert_stayed_local, click, click_at, press, serve
from tests.pages.overview import DRAWN, choose, mouse, settle

SHAPES = "[...document.querySelectorAll('#map .countries path')]"


@pytest.fixture(scope="module")
def server(shipped_built):
    yield from serve(shipped_built)


def drawn(chromium) -> dict:
    """What the page shows: agreements per shaded country (by code), the arcs, the list."""
    return chromium.js(f"""(() => ({{
        shaded: Object.fromEntries({SHAPES}.filter((p) => p.dataset.code)
            .map((p) => [p.dataset.code, Number(p.dataset.agreements)])),
        fills: Object.fromEntries({SHAPES}.filter((p) => p.dataset.code)
            .map((p) => [p.dataset.code, p.getAttribute("fill")])),
        arcs: [...document.querySelectorAll('#map .arcs path')].map((a) => a.dataset.pair).sort(),
        small: [...document.querySelectorAll('#small-states li')].map((li) => li.dataset.code),
        summary: document.getElementById("summary").textContent,
    }}))()""")


def expected(server: str, **params: str) -> dict:
    """/map.json's countries and pairs for the filters, as the page should draw them."""
    answer = httpx.get(server + "/map.json", params=params).json()
    atlas = json.loads(
        (ARTIFACTS.parent / "api/static/vendor/world-atlas/countries-50m.json").read_text()
    )
    shapes = {g.get("id") for g in atlas["objects"]["countries"]["geometries"]}
    numeric = {c["code"]: c["numeric"] for c in answer["countries"]}
    return {
        "shaded": {
            c["code"]: c["agreements"] for c in answer["countries"] if c["numeric"] in shapes
        },
        "small": [c["code"] for c in answer["countries"] if c["numeric"] not in shapes],
        "arcs": sorted(
            "-".join(p["countries"])
            for p in answer["pairs"]
            if all(numeric[c] in shapes for c in p["countries"])
        ),
    }


def test_the_map_is_shaded_and_drawn_as_the_json_says(chromium, server):
    chromium.open(server + "/map", DRAWN)
    shown = drawn(chromium)
    want = expected(server)
    assert shown["shaded"] == want["shaded"]
    assert shown["arcs"] == want["arcs"] and len(shown["arcs"]) > 100
    # Singapore, Malta, Mauritius... are shapes at 1:50m, too small to see: a dot each
    assert shown["small"] == want["small"] == []
    dots = chromium.js(
        "[...document.querySelectorAll('#map .countries path.dot')].map((d) => d.dataset.code)"
    )
    assert {"SG", "MT", "MU"} <= set(dots)
    assert any(pair.startswith("SG-") or pair.endswith("-SG") for pair in shown["arcs"])
    assert shown["fills"]["IN"] != shown["fills"]["MN"]  # India has far more ties than Mongolia
    top = chromium.js(
        "[...document.querySelectorAll('#top-countries li')].map((li) => li.textContent)"
    )
    first = httpx.get(server + "/map.json").json()["countries"][0]
    assert top[0] == f"{first['label']}: {first['agreements']}" and len(top) == 10
    legend = chromium.js(
        "[...document.querySelectorAll('#map .legend text')].map((t) => t.textContent)"
    )
    assert legend[0] == "agreements tying the country" and "none" in legend
    chromium.js("document.getElementById('summary').scrollIntoView()")
    chromium.screenshot(ARTIFACTS / "map-all.png")
    assert_stayed_local(chromium, (server,))


def test_shading_by_partner_countries(chromium, server):
    chromium.open(server + "/map", DRAWN)
    by_agreements = drawn(chromium)["fills"]
    choose(chromium, "#shade-by", "countries")
    legend = chromium.js("document.querySelector('#map .legend text').textContent")
    assert legend == "countries it is tied to"
    fills = drawn(chromium)["fills"]
    partners = {
        c["code"]: c["partners"] for c in httpx.get(server + "/map.json").json()["countries"]
    }
    shades: dict[int, set[str]] = {}
    for code, fill in fills.items():
        shades.setdefault(partners[code], set()).add(fill)
    assert all(len(f) == 1 for f in shades.values())  # one shade per partner count
    assert fills != by_agreements
    assert "shade-by" not in chromium.js("location.search")  # a way of drawing, not a filter


def test_moving_the_year_range_changes_shading_and_arcs(chromium, server):
    chromium.open(server + "/map", DRAWN)
    before = drawn(chromium)
    click(chromium, "#undated")  # count only what a source dates
    settle(chromium)
    undated_off = drawn(chromium)
    assert len(undated_off["arcs"]) < len(before["arcs"])
    click(chromium, "#from-year")
    press(chromium, "Home", "Home", 36)
    first = int(chromium.js("document.getElementById('from-year').value"))
    for _ in range(2020 - first):
        press(chromium, "ArrowRight", "ArrowRight", 39)
    settle(chromium)
    assert chromium.js("document.getElementById('from-year-shown').textContent") == "2020"
    assert "from_year=2020" in chromium.js("location.search")
    after = drawn(chromium)
    want = expected(server, from_year="2020", undated="false")
    assert after["shaded"] == want["shaded"] and after["arcs"] == want["arcs"]
    assert len(after["arcs"]) < len(undated_off["arcs"])
    assert any(after["fills"].get(code) != fill for code, fill in undated_off["fills"].items())
    chromium.screenshot(ARTIFACTS / "map-from-2020.png")
    assert_stayed_local(chromium, (server,))


def test_picking_a_topic_narrows_the_map(chromium, server):
    chromium.open(server + "/map", DRAWN)
    choose(chromium, "#topic", "Digital identity")
    assert chromium.js("document.getElementById('topic').value") == "digital-identity"
    assert "topic=digital-identity" in chromium.js("location.search")
    shown = drawn(chromium)
    want = expected(server, topic="digital-identity")
    assert shown["shaded"] == want["shaded"] and shown["arcs"] == want["arcs"]
    assert 0 < len(shown["arcs"]) < 100
    chromium.screenshot(ARTIFACTS / "map-topic.png")
    # a reload of the address keeps the filter
    chromium.open(chromium.js("location.href"), DRAWN)
    assert chromium.js("document.getElementById('topic').value") == "digital-identity"
    assert drawn(chromium)["arcs"] == want["arcs"]
    assert_stayed_local(chromium, (server,))


def test_hovering_a_country_shows_its_arcs_and_clicking_opens_its_page(chromium, server):
    chromium.open(server + "/map", DRAWN)
    x, y = chromium.js("""(() => {
        const r = document.querySelector('#map path[data-code=IN]').getBoundingClientRect();
        return [r.x + r.width * 0.45, r.y + r.height * 0.4];
    })()""")
    assert chromium.js(f"document.elementFromPoint({x}, {y}).dataset.code") == "IN"
    mouse(chromium, x, y, ("mouseMoved",))
    chromium.wait("!document.getElementById('tooltip').hidden", 10, "tooltip")
    assert chromium.js("document.getElementById('tooltip').textContent").startswith("India: ")
    lit = chromium.js(
        "[...document.querySelectorAll('#map .arcs path.on')].map((a) => a.dataset.pair)"
    )
    assert lit and all("IN" in pair.split("-") for pair in lit)
    chromium.screenshot(ARTIFACTS / "map-hover-india.png")
    click_at(chromium, x, y)
    chromium.wait("location.pathname === '/id/country/IN' && document.readyState === 'complete'")
    assert "India" in chromium.js("document.querySelector('h1').textContent")


def test_a_filter_set_by_the_address_is_shown_and_reset_clears_it(chromium, server):
    chromium.open(server + "/map?country=EE", DRAWN)
    note = "document.getElementById('address-filters')"
    assert chromium.js(f"{note}.hidden") is False
    assert "country EE" in chromium.js(f"{note}.textContent")
    assert drawn(chromium)["arcs"] == expected(server, country="EE")["arcs"]
    chromium.screenshot(ARTIFACTS / "map-estonia.png")
    click(chromium, "#reset")
    settle(chromium)
    assert chromium.js(f"{note}.hidden") is True
    assert chromium.js("location.search") == ""
    assert drawn(chromium)["arcs"] == expected(server)["arcs"]
