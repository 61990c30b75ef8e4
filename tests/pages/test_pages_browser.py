"""The pages as a reader uses them, in headless Chromium on the shipped data: open an
organisation, an agreement, a country, a source, a person and the ontology; check what each
shows and that every link on it resolves; type in the search box and pick a suggestion.
Screenshots go to test-artifacts/pages-*.png for people to look at."""

import httpx
import pytest

from tests.browser import ARTIFACTS, assert_stayed_local, serve

LINKS = "[...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href'))"
TEXT = "document.querySelector('main').innerText"


@pytest.fixture(scope="module")
def server(shipped_built):
    yield from serve(shipped_built)


def local_links_resolve(chromium, server: str) -> int:
    """Every local link on the page answers 200 (fragments and query strings included)."""
    hrefs = {h.split("#")[0] for h in chromium.js(LINKS) if h.startswith("/")}
    hrefs.discard("")
    with httpx.Client(base_url=server, timeout=30) as client:
        broken = [
            h for h in sorted(hrefs)
            if client.get(h, headers={"Accept": "text/html"}).status_code != 200
        ]  # fmt: skip
    assert broken == []
    return len(hrefs)


PAGES = [
    ("org", "/id/org/gds", "Government Digital Service",
     ["Facts", "What points here", "Timeline", "Direct ties", "Sources", "United Kingdom",
      "Australia DTO - UK GDS Memorandum of Understanding on digital government"]),
    ("agreement", "/id/agreement/digital-economy-partnership-agreement",
     "Digital Economy Partnership Agreement (Chile, New Zealand, Singapore)",
     ["Where sources disagree", "2020-06-12", "2020-06-14", "Government of Chile",
      "Chan Chun Sing"]),
    ("country", "/id/country/EE", "Estonia",
     ["Partner countries", "Finland", "Agreements per year", "Its bodies",
      "e-Governance Academy", "Timeline"]),
    ("source", "/id/source/business-times-sg-uk-2019",
     "Singapore, UK to deepen collaboration in digital government services",
     ["Everything this source states", "The Business Times", "2019-06-14",
      "GovTech - GDS Memorandum of Understanding on digital government services"]),
    ("person", "/id/person/josephine-teo", "Josephine Teo",
     ["Posts", "Minister for Communications and Information", "signatory", "Timeline"]),
    ("ontology", "/ontology", "govties: cross-border digital-government ties ontology",
     ["Classes", "Properties", "Topics", "Memorandum of understanding", "gt:party",
      "Aligned with"]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "path", "title", "shown"), PAGES, ids=[p[0] for p in PAGES])
def test_a_page_shows_its_facts_and_every_link_resolves(chromium, server, name, path, title, shown):
    seconds = chromium.open(server + path)
    assert chromium.js("document.querySelector('h1').innerText") == title
    text = chromium.js(TEXT)
    missing = [s for s in shown if s not in text]
    assert missing == []
    if name != "ontology":  # every cited source is listed with its title and a link out
        sources = chromium.js("document.querySelectorAll('ol.sources > li').length")
        assert sources >= 1
    checked = local_links_resolve(chromium, server)
    assert checked >= 5
    assert_stayed_local(chromium, (f"{server}/",))
    chromium.screenshot(ARTIFACTS / f"pages-{name}.png")
    print(f"{path}: opened in {seconds:.2f}s, {checked} local links resolve")


def test_the_source_list_links_out_to_the_page_it_cites(chromium, server):
    chromium.open(server + "/id/org/gds")
    outside = chromium.js("[...document.querySelectorAll('ol.sources a.out')].map((a) => a.href)")
    assert len(outside) >= 10 and all(u.startswith("http") for u in outside)
    assert any("gov.uk" in u or "computerweekly" in u for u in outside)


def test_typing_in_the_search_box_suggests_and_enter_opens_the_page(chromium, server):
    chromium.open(server + "/id/org/gds")
    chromium.js("document.getElementById('site-search').focus()")
    chromium.call("Input.insertText", text="Singapur")
    chromium.wait("!document.getElementById('suggestions').hidden", 10, "suggestions")
    first = chromium.js("document.querySelector('#suggestions li a').innerText")
    assert first.startswith("Singapore")
    chromium.screenshot(ARTIFACTS / "pages-search.png")
    for key, code in (("ArrowDown", 40), ("Enter", 13)):
        for kind in ("keyDown", "keyUp"):
            chromium.call("Input.dispatchKeyEvent", type=kind, key=key, code=key,
                          windowsVirtualKeyCode=code)  # fmt: skip
    chromium.wait("location.pathname === '/id/country/SG'", 10, "navigation")
    chromium.wait("document.readyState === 'complete'", 10, "load")
    assert chromium.js("document.querySelector('h1').innerText") == "Singapore"


def test_clicking_a_party_follows_the_link(chromium, server):
    chromium.open(server + "/id/agreement/digital-economy-partnership-agreement")
    chromium.js("""[...document.querySelectorAll('#facts a')]
        .find((a) => a.innerText === 'Government of Chile').click()""")
    chromium.wait("location.pathname === '/id/org/chile-government'", 10, "navigation")
    chromium.wait("document.readyState === 'complete'", 10, "load")
    assert "Digital Economy Partnership Agreement" in chromium.js(TEXT)


def test_a_browser_error_is_a_page_with_did_you_mean(chromium, server):
    chromium.open(server + "/id/org/governmnet-digital-service")
    assert chromium.js("document.querySelector('h1').innerText").startswith("404")
    suggested = chromium.js("[...document.querySelectorAll('.error li a')].map((a) => a.innerText)")
    assert suggested[0] == "Government Digital Service"
    chromium.screenshot(ARTIFACTS / "pages-error.png")


def test_iris_in_query_results_link_to_their_pages(chromium, server):
    """The query editor (YASGUI, tests/pages/test_query_editor_browser.py types into it);
    skos: is predeclared by the endpoint, so the query needs no PREFIX."""
    chromium.open(server + "/", "window.govtiesYasgui")
    chromium.js("""void govtiesYasgui.getTab().setQuery(
        'SELECT ?org WHERE { ?org skos:altLabel "GDS"@en }')""")
    chromium.js("document.querySelector('#yasgui .yasqe_queryButton').click()")
    chromium.wait("document.querySelector('#yasgui td a.iri')", 20, "results")
    link = chromium.js("document.querySelector('#yasgui td a.iri').getAttribute('href')")
    assert link == "/id/org/gds"
    chromium.js("document.querySelector('#yasgui td a.iri').click()")
    chromium.wait("location.pathname === '/id/org/gds'", 10, "navigation")
