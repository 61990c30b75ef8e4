"""The timeline at /timeline as a person uses it, in headless Chromium on the shipped data:
pick a country, then a party, from the lists and see the items follow; a month is a bar as
wide as that month on the axis, a year as wide as the year, a day a point; hovering names
the agreement; clicking an item opens its page. What is drawn is compared with
/timeline.json for the same filters; every test also proves no request left localhost.
Screenshots: test-artifacts/timeline-*.png."""

import calendar
from itertools import pairwise

import httpx
import pytest

from tests.browser import ARTIFACTS, assert_stayed_local, click_at, serve
from tests.pages.overview import DRAWN, choose, mouse

ITEMS = "[...document.querySelectorAll('#timeline .items a')]"
EGA = "https://w3id.org/govties/id/org/ega"


@pytest.fixture(scope="module")
def server(shipped_built):
    yield from serve(shipped_built)


def shown(chromium) -> list[str]:
    return sorted(chromium.js(f"{ITEMS}.map((a) => a.dataset.iri)"))


def expected(server: str, **params: str) -> dict:
    return httpx.get(server + "/timeline.json", params=params).json()


def test_every_dated_agreement_is_drawn_and_the_undated_listed(chromium, server):
    chromium.open(server + "/timeline", DRAWN)
    want = expected(server)
    assert shown(chromium) == sorted(a["iri"] for a in want["agreements"])
    undated = chromium.js("document.querySelectorAll('#undated-list li').length")
    assert undated == len(want["undated"]) > 0
    # nothing covers anything else: items in one lane never overlap
    boxes = chromium.js(f"""{ITEMS}.map((a) => {{
        const r = a.firstChild.getBoundingClientRect();
        return [Math.round(r.top), r.left, r.right];
    }})""")
    lanes: dict[int, list[tuple[float, float]]] = {}
    for top, left, right in boxes:
        lanes.setdefault(top, []).append((left, right))
    for spans in lanes.values():
        spans.sort()
        assert all(a[1] <= b[0] + 0.01 for a, b in pairwise(spans))
    chromium.screenshot(ARTIFACTS / "timeline-all.png")
    assert_stayed_local(chromium, (server,))


def test_filter_by_country_then_by_party(chromium, server):
    chromium.open(server + "/timeline", DRAWN)
    choose(chromium, "#country", "Estonia")
    assert "country=EE" in chromium.js("location.search")
    estonia = expected(server, country="EE")
    assert shown(chromium) == sorted(a["iri"] for a in estonia["agreements"])
    assert all("EE" in a["countries"] for a in estonia["agreements"])
    parties = chromium.js("[...document.querySelectorAll('#party option')].map((o) => o.value)")
    assert EGA in parties and len(parties) < 80  # only parties of Estonia's agreements
    choose(chromium, "#party", "e-Governance Academy")
    assert chromium.js("document.getElementById('party').value") == EGA
    both = expected(server, country="EE", party=EGA)
    drawn = shown(chromium)
    assert drawn == sorted(a["iri"] for a in both["agreements"])
    assert 0 < len(drawn) < len(estonia["agreements"])
    listed = chromium.js("document.querySelectorAll('#dated li').length")
    assert listed == len(drawn)
    chromium.screenshot(ARTIFACTS / "timeline-estonia-ega.png")
    assert_stayed_local(chromium, (server,))


def test_a_month_is_a_bar_as_wide_as_the_month_and_a_day_a_point(chromium, server):
    chromium.open(server + "/timeline", DRAWN)
    ticks = chromium.js(
        "Object.fromEntries([...document.querySelectorAll('#timeline .tick')]"
        ".map((t) => [t.dataset.year, Number(t.dataset.x)]))"
    )
    marks = chromium.js(f"""{ITEMS}.map((a) => ({{
        date: a.dataset.date, precision: a.dataset.precision, shape: a.firstChild.tagName,
        width: a.firstChild.getBBox().width, x: a.firstChild.getBBox().x,
    }}))""")
    months = [m for m in marks if m["precision"] == "month"]
    years = [m for m in marks if m["precision"] == "year"]
    days = [m for m in marks if m["precision"] == "day"]
    assert months and years and days
    for m in months:
        year, month = map(int, m["date"].split("-"))
        year_width = ticks[str(year + 1)] - ticks[str(year)]
        days_in_year = 366 if calendar.isleap(year) else 365
        want = year_width * calendar.monthrange(year, month)[1] / days_in_year
        assert m["shape"] == "rect"
        assert abs(m["width"] - max(want, 2)) < 0.05, m
        start = ticks[str(year)] + year_width * (
            sum(calendar.monthrange(year, k)[1] for k in range(1, month)) / days_in_year
        )
        assert abs(m["x"] - start) < 0.05, m
    for y in years:
        assert y["shape"] == "rect"
        assert abs(y["width"] - (ticks[str(int(y["date"]) + 1)] - ticks[y["date"]])) < 0.05
    assert all(d["shape"] == "circle" for d in days)
    # zoomed to one year, a month is a readable bar
    chromium.open(server + "/timeline?from_year=2019&to_year=2019", DRAWN)
    widths = chromium.js(
        f"{ITEMS}.filter((a) => a.dataset.precision === 'month')"
        ".map((a) => a.firstChild.getBBox().width)"
    )
    assert widths and min(widths) > 50
    chromium.screenshot(ARTIFACTS / "timeline-2019.png")


def test_hover_names_an_item_and_clicking_opens_its_page(chromium, server):
    chromium.open(server + "/timeline?country=MN", DRAWN)
    iri, x, y = chromium.js(f"""(() => {{
        const a = {ITEMS}[0], r = a.firstChild.getBoundingClientRect();
        return [a.dataset.iri, r.x + r.width / 2, r.y + r.height / 2];
    }})()""")
    mouse(chromium, x, y, ("mouseMoved",))
    chromium.wait("!document.getElementById('tooltip').hidden", 10, "tooltip")
    label = next(
        a["label"] for a in expected(server, country="MN")["agreements"] if a["iri"] == iri
    )
    assert chromium.js("document.getElementById('tooltip').textContent").startswith(label)
    chromium.screenshot(ARTIFACTS / "timeline-hover.png")
    click_at(chromium, x, y)
    page = "/id/" + iri.split("/id/", 1)[1]
    chromium.wait(f"location.pathname === {page!r} && document.readyState === 'complete'")
    assert chromium.js("document.querySelector('h1').textContent").strip() == label


def test_a_capped_timeline_says_so(chromium, server):
    chromium.open(server + "/timeline?limit=20", DRAWN)
    want = expected(server, limit="20")
    assert (
        shown(chromium) == sorted(a["iri"] for a in want["agreements"])
        and len(want["agreements"]) == 20
    )
    summary = chromium.js("document.getElementById('summary').textContent")
    assert f"{want['dated_total']} dated agreements" in summary
    assert "Showing the 20 most recent" in summary
    assert "limit=20" in chromium.js("document.getElementById('as-json').href")
    choose(chromium, "#country", "Singapore")  # a filter keeps the limit of the address
    assert chromium.js("location.search") == "?limit=20&country=SG"
    assert shown(chromium) == sorted(
        a["iri"] for a in expected(server, limit="20", country="SG")["agreements"]
    )
