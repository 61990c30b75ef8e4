"""The query editor at / (YASGUI, vendored) as a person uses it, in headless Chromium on the
shipped data: click into the editor, type a query, run it with Ctrl+Enter, read the table,
follow an IRI to its page; the query is in the address bar and a reload brings it back; a
syntax error is marked; completion offers prefixes and entities; a CONSTRUCT is drawn as a
graph; the table sorts and pages. Every test also proves no request left localhost.
Screenshots go to test-artifacts/query-editor-*.png."""

import json

import httpx
import pytest

from tests.browser import ARTIFACTS, CTRL, assert_stayed_local, click, press, serve

READY = "window.govtiesYasgui && document.querySelector('#yasgui .CodeMirror')"
YASQE = "window.govtiesYasgui.getTab().getYasqe()"
ROWS = "document.querySelectorAll('#yasgui .yasr table.dataTable tbody tr')"
INFO = "document.querySelector('#yasgui .yasr .dt-info')"
LINKS = "document.querySelectorAll('#yasgui .yasr td a.iri')"
SHOWN = "document.querySelectorAll('#downloads [data-form]:not([hidden]) a')"
LABELS = "document.querySelectorAll('#yasgui .yasr table.dataTable tbody tr td:nth-child(3)')"


@pytest.fixture(scope="module")
def server(shipped_built):
    yield from serve(shipped_built)


def type_query(chromium, text: str) -> None:
    """Click into the editor, select everything, type the text over it."""
    click(chromium, "#yasgui .CodeMirror-lines", dy=10)
    press(chromium, "a", "KeyA", 65, CTRL)
    press(chromium, "Delete", "Delete", 46)
    chromium.call("Input.insertText", text=text)


def run(chromium) -> None:
    press(chromium, "Enter", "Enter", 13, CTRL)


def editor_text(chromium) -> str:
    return chromium.js(f"{YASQE}.getValue()")


GDS_QUERY = (
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    'SELECT ?org ?label WHERE { ?org skos:altLabel "GDS"@en ; rdfs:label ?label }'
)


def test_type_run_read_the_table_and_follow_an_iri(chromium, server):
    chromium.open(server + "/", READY)
    type_query(chromium, GDS_QUERY)
    assert editor_text(chromium) == GDS_QUERY
    assert chromium.js("document.querySelectorAll('#yasgui .cm-keyword').length") >= 3, (
        "no highlighting"
    )
    run(chromium)
    chromium.wait(
        f"{ROWS}.length === 1 && document.querySelector('#yasgui .yasr td a.iri')", 30, "results"
    )
    row = chromium.js(f"{ROWS}[0].innerText")
    assert "Government Digital Service" in row
    hrefs = chromium.js(f"[...{LINKS}].map((a) => a.getAttribute('href'))")
    assert "/id/org/gds" in hrefs, hrefs
    # the query is in the address bar
    search = chromium.js("new URLSearchParams(location.search).get('query')")
    assert search == GDS_QUERY
    chromium.screenshot(ARTIFACTS / "query-editor-select.png")
    assert_stayed_local(chromium, (f"{server}/",))
    # a person clicks the IRI and lands on its page
    chromium.js(f"[...{LINKS}].find((a) => a.getAttribute('href') === '/id/org/gds').click()")
    chromium.wait("location.pathname === '/id/org/gds'", 10, "navigation")
    chromium.wait("document.readyState === 'complete'", 10, "load")
    assert chromium.js("document.querySelector('h1').innerText") == "Government Digital Service"


def test_the_link_with_the_query_reopens_and_reruns_it(chromium, server):
    chromium.open(server + "/", READY)
    type_query(chromium, GDS_QUERY)
    run(chromium)
    chromium.wait(f"{ROWS}.length === 1", 30, "results")
    shared = chromium.js("location.href")
    chromium.open(shared, READY)  # reload
    chromium.wait(f"{ROWS}.length === 1", 30, "results after reload")
    assert editor_text(chromium) == GDS_QUERY
    # in a fresh profile's terms: the shared link alone (no stored tabs) runs the query too
    chromium.js("localStorage.clear()")
    chromium.open(shared, READY)
    chromium.wait(f"{ROWS}.length === 1", 30, "results from the link")
    assert editor_text(chromium) == GDS_QUERY
    assert "Government Digital Service" in chromium.js(f"{ROWS}[0].innerText")
    assert_stayed_local(chromium, (f"{server}/",))


def test_a_syntax_error_is_marked_on_its_line(chromium, server):
    chromium.open(server + "/", READY)
    type_query(chromium, "SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER(\n}\n")
    chromium.wait("document.querySelector('#yasgui .parseErrorIcon')", 10, "error marker")
    line = chromium.js("""(() => {
        const icon = document.querySelector('#yasgui .parseErrorIcon');
        const line = icon.closest('.CodeMirror-gutter-wrapper').parentElement;
        return line.querySelector('.CodeMirror-line').innerText.trim(); })()""")
    assert line.startswith("}") or "FILTER" in line, line
    chromium.screenshot(ARTIFACTS / "query-editor-error.png")
    type_query(chromium, GDS_QUERY)
    chromium.wait("!document.querySelector('#yasgui .parseErrorIcon')", 10, "marker gone")
    assert_stayed_local(chromium, (f"{server}/",))


def test_completion_of_prefixes_and_entities(chromium, server):
    chromium.open(server + "/", READY)
    type_query(chromium, "PREFIX gt")
    press(chromium, " ", "Space", 32, CTRL)
    chromium.wait("document.querySelector('.CodeMirror-hints')", 10, "prefix hints")
    hints = chromium.js(
        "[...document.querySelectorAll('.CodeMirror-hints li')].map((li) => li.innerText)"
    )
    assert "gt: <https://w3id.org/govties/ontology#>" in hints, hints[:10]
    press(chromium, "Escape", "Escape", 27)  # closes the list (and leaves the editor)
    type_query(chromium, "SELECT ?p ?o WHERE {\n  ")
    chromium.call("Input.insertText", text="id:gds")
    chromium.wait("document.querySelector('.CodeMirror-hints li')", 15, "entity hints")
    hints = chromium.js(
        "[...document.querySelectorAll('.CodeMirror-hints li')].map((li) => li.innerText)"
    )
    assert any(h.startswith("Government Digital Service") for h in hints), hints
    chromium.screenshot(ARTIFACTS / "query-editor-completion.png")
    chromium.js("""[...document.querySelectorAll('.CodeMirror-hints li')]
        .find((li) => li.innerText.startsWith('Government Digital Service'))
        .dispatchEvent(new MouseEvent('click', {bubbles: true}))""")
    chromium.wait(
        f"{YASQE}.getValue().includes('<https://w3id.org/govties/id/org/gds>')", 10, "picked"
    )
    chromium.call("Input.insertText", text=" ?p ?o }")
    run(chromium)
    chromium.wait(f"{ROWS}.length > 3", 30, "facts of GDS")
    assert_stayed_local(chromium, (f"{server}/",))


def test_construct_is_drawn_as_a_graph_with_graph_downloads(chromium, server):
    chromium.open(server + "/", READY)
    type_query(chromium, "PREFIX gt: <https://w3id.org/govties/ontology#>\n"
               "CONSTRUCT { ?a gt:party ?p } WHERE { ?a gt:party ?p } LIMIT 60")  # fmt: skip
    run(chromium)
    chromium.wait("document.querySelector('#yasgui .govties-graph-canvas canvas')", 30, "graph")
    note = chromium.js("document.querySelector('.govties-graph-note').innerText")
    assert "edges" in note and not note.startswith("0 nodes"), note
    formats = chromium.js(f"[...{SHOWN}].map((a) => a.dataset.format)")
    assert formats == ["turtle", "ntriples", "jsonld", "rdfxml"]
    chromium.js("new Promise((r) => setTimeout(r, 1500))")  # let the layout settle for the picture
    chromium.screenshot(ARTIFACTS / "query-editor-graph.png")
    assert_stayed_local(chromium, (f"{server}/",))
    # double-click an agreement's dot: its page opens
    x, y, iri = chromium.js("""(() => {
        const network = govtiesYasgui.getTab().getYasr().plugins.graph.network;
        network.stopSimulation();
        document.querySelector('.govties-graph-canvas').scrollIntoView({block: 'center'});
        const id = Object.keys(network.getPositions()).find((n) => n.includes('/id/agreement/'));
        network.focus(id, {scale: 1.5, animation: false});
        const p = network.canvasToDOM(network.getPositions([id])[id]);
        const r = document.querySelector('.govties-graph-canvas').getBoundingClientRect();
        return [r.x + p.x, r.y + p.y, id]; })()""")
    for count in (1, 2):
        for kind in ("mousePressed", "mouseReleased"):
            chromium.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left",
                          clickCount=count)  # fmt: skip
    page = iri.replace("https://w3id.org/govties/id/", "/id/")
    chromium.wait(f"location.pathname === {json.dumps(page)}", 10, "the node's page")


def test_examples_load_and_the_table_sorts_and_pages(chromium, server):
    chromium.open(server + "/", READY)
    titles = chromium.js(
        "[...document.querySelectorAll('#example option')].map((o) => o.textContent)"
    )
    assert len(titles) > 5 and titles[1].startswith("Every agreement")
    chromium.js("""const s = document.getElementById('example'); s.value = '0';
        s.dispatchEvent(new Event('change'))""")
    assert editor_text(chromium).startswith("# Every agreement")
    type_query(chromium, "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
               "SELECT ?thing ?label WHERE { ?thing rdfs:label ?label }")  # fmt: skip
    run(chromium)
    thing = "document.querySelector('#yasgui .yasr thead th:nth-child(2)')"
    chromium.wait(f"{ROWS}.length === 50 && {thing}.innerText.trim() === 'thing'", 30, "page 1")
    assert chromium.js(
        "!document.querySelector('#yasgui .yasr').classList.contains('isSinglePage')"
    )
    labels = f"[...{LABELS}].map((td) => td.innerText)"
    before = chromium.js(labels)
    click(chromium, "#yasgui .yasr table.dataTable thead th:nth-child(3)")
    chromium.wait(f"JSON.stringify({labels}) !== {json.dumps(json.dumps(before))}", 10, "sorted")
    header = "document.querySelector('#yasgui .yasr thead th:nth-child(3)')"
    chromium.wait(f"{header}.getAttribute('aria-sort') === 'ascending'", 10, "ascending")
    chromium.wait(f"{LABELS}.length === 50", 10, "the sorted page")
    ascending = chromium.js(labels)
    assert ascending[0].startswith('"5th'), ascending[:5]  # numbers by value: 5th before 10 ...
    click(chromium, "#yasgui .yasr table.dataTable thead th:nth-child(3)")
    chromium.wait(f"{header}.getAttribute('aria-sort') === 'descending'", 10, "descending")
    descending = chromium.js(labels)
    assert descending[0] != ascending[0] and descending[0].casefold() > ascending[-1].casefold()
    # and pages: the next page shows entries 51 to 100
    chromium.js("""[...document.querySelectorAll('#yasgui .yasr .dt-paging-button')]
        .find((b) => b.innerText.trim() === '>').click()""")
    chromium.wait(
        f"{INFO}.innerText.startsWith('Showing 51 to 100')",
        10,
        "page 2",
    )
    assert chromium.js(labels) != descending
    chromium.screenshot(ARTIFACTS / "query-editor-table.png")
    formats = chromium.js(f"[...{SHOWN}].map((a) => a.dataset.format)")
    assert formats == ["csv", "tsv", "json", "xml"]
    assert_stayed_local(chromium, (f"{server}/",))
    # the CSV link (its href is set as it is clicked) answers the whole result as CSV
    href = chromium.js(f"""(() => {{ const a = [...{SHOWN}].find((a) => a.dataset.format === 'csv');
        a.addEventListener('click', (e) => e.preventDefault()); a.click();
        return a.getAttribute('href'); }})()""")
    answer = httpx.get(server + href, timeout=30)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    assert len(answer.text.strip().splitlines()) > 50
