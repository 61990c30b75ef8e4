"""The review page as a curator uses it, in headless Chromium: paste the Business Times seed
article into a server whose data lacks its record, follow facts to their sentences and back,
correct the signing date (the problem shows while it is wrong), add the programme the article
names and link it to the graph's through the search box, download the YAML (Chromium's own
download, through the DevTools protocol) and have `govties validate` accept a data directory
holding it, then save it with the update token and ask the rebuilt store for the agreement.
Screenshots go to test-artifacts/review-*.png."""

import json
import shutil
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from graph.build.pipeline import build
from tests.browser import ARTIFACTS, CTRL, assert_stayed_local, click, press, serve
from tests.support import DATA, ROOT, TOKEN

SEED = "business-times-sg-uk-2019"
ARTICLE = (DATA / "sources" / f"{SEED}.txt").read_text(encoding="utf-8")
PROGRAMME = "/id/programme/sg-uk-partnership-for-the-future"  # its page here
MOU = "GovTech - GDS Memorandum of Understanding on digital government services"
VERDICT = "document.getElementById('verdict').textContent"


@pytest.fixture(scope="module")
def curated(tmp_path_factory, data_dir) -> Path:
    """The seed data without the Business Times record: its agreement is known from the SIN
    page, its people and its place are not."""
    folder = tmp_path_factory.mktemp("review-data")
    shutil.copytree(data_dir, folder, dirs_exist_ok=True)
    (folder / "records" / f"{SEED}.yaml").unlink()
    return folder


@pytest.fixture(scope="module")
def server(tmp_path_factory, curated):
    store = tmp_path_factory.mktemp("review-store") / "store"
    build(curated, store)
    # A worker's first extraction builds the store's gazetteer: allow for a loaded machine.
    yield from serve(store, data=curated, update_token=TOKEN, query_timeout=60)


def type_into(chromium, selector: str, text: str) -> None:
    """Click into a box, select what is there, type the text over it, leave with Tab."""
    click(chromium, selector)
    chromium.wait(f"document.activeElement === document.querySelector('{selector}')", 5, selector)
    press(chromium, "a", "KeyA", 65, CTRL)
    press(chromium, "Delete", "Delete", 46)
    if text:
        chromium.call("Input.insertText", text=text)
    press(chromium, "Tab", "Tab", 9)


def card_path(chromium, section: str, label: str) -> str:
    """The record path (data-path) of the card in `section` whose label box holds `label`."""
    cards = f"[...document.querySelectorAll('#editor .card[data-path^=\"{section}.\"]')]"
    return chromium.js(f"""{cards}.find((c) =>
        c.querySelector('[data-path$=".label"]').value === {json.dumps(label)}).dataset.path""")


def checked(chromium, what: str) -> str:
    """The verdict once the check of the latest edit has come back."""
    chromium.wait(f"!{VERDICT}.startsWith('checking')", 30, what)
    return chromium.js(VERDICT)


def box(path: str) -> str:
    return f'[data-path="{path}"]'


def test_paste_check_edit_link_download_and_save(chromium, server, curated, tmp_path):
    chromium.open(f"{server}/review")
    type_into(chromium, "#article", ARTICLE)
    type_into(chromium, "#source-url", "https://www.businesstimes.com.sg/government-economy/x")
    chromium.js("document.getElementById('published').value = '2019-06-14'")
    click(chromium, "#propose")
    status = "document.getElementById('status')"
    chromium.wait(f"!{status}.textContent.startsWith('reading')", 60, "the proposal")
    assert chromium.js(f"{status}.className") == "status good", chromium.js(f"{status}.textContent")
    problems = "document.getElementById('problems').innerText"
    assert checked(chromium, "first check").startswith("valid"), chromium.js(problems)

    # Every fact's evidence is marked in the text, at the offsets the server gave.
    marks = chromium.js("document.querySelectorAll('#text mark.ev').length")
    assert marks >= 5
    assert chromium.js("document.getElementById('text').textContent") == ARTICLE
    # Pointing at the date fact lights the sentence that states it, and only sentences with it.
    date = chromium.js("""[...document.querySelectorAll('#facts li.fact')]
        .findIndex((li) => li.querySelector('.role').textContent === 'signed on')""")
    assert date >= 0
    click(chromium, f'#facts li[data-fact="{date}"]')
    lit = chromium.js(
        "[...document.querySelectorAll('#text mark.ev.on')].map((m) => m.textContent)"
    )
    assert lit and any("took place on Thursday" in text for text in lit)
    # Clicking a marked sentence says which facts it states.
    start = chromium.js("""[...document.querySelectorAll('#text mark.ev.on')]
        .find((m) => m.textContent.includes('took place on Thursday')).dataset.start""")
    click(chromium, f'#text mark[data-start="{start}"]')
    assert "signed on" in chromium.js("document.getElementById('picked').textContent")
    chromium.screenshot(ARTIFACTS / "review-evidence.png")

    # Correct the date: while it is not a date, the check says so at its line.
    agreement = card_path(chromium, "agreements", MOU)
    signed_on = box(f"{agreement}.signed_on")
    type_into(chromium, signed_on, "Thursday 13 June")
    assert checked(chromium, "wrong date") == "1 problem"
    problem = chromium.js("document.querySelector('#problems li.problem').textContent")
    assert "gt:signedOn" in problem and "Thursday 13 June" in problem
    assert chromium.js("document.querySelectorAll('#yaml .line.bad').length") == 1
    assert chromium.js(f"document.querySelector('{signed_on}').classList.contains('has-problem')")
    chromium.js(f"document.querySelector('{signed_on}').scrollIntoView({{block: 'center'}})")
    chromium.screenshot(ARTIFACTS / "review-problem.png")
    type_into(chromium, signed_on, "2019-06-13")
    assert checked(chromium, "corrected date").startswith("valid")

    # Take a witness off and put them back: the fact is struck through meanwhile.
    witness = """[...document.querySelectorAll('#facts li.fact')].find((li) =>
        li.textContent.includes('Tharman Shanmugaratnam')
        && li.querySelector('.role').textContent === 'witness')"""
    chips = box(f"{agreement}.witnesses")
    click(chromium, f"{chips} button[aria-label='remove Tharman Shanmugaratnam']")
    chromium.wait(f"({witness}).classList.contains('changed')", 10, "struck through")
    # the box re-renders after the removal: wait for the add box that offers them again
    offered = f"{chips} select.add-chip option[value='tharman-shanmugaratnam']"
    chromium.wait(f"document.querySelector(`{offered}`)", 10, "the add box")
    chromium.js(f"""(() => {{ const add = document.querySelector(`{chips} select.add-chip`);
        add.value = 'tharman-shanmugaratnam'; add.dispatchEvent(new Event('change')); }})()""")
    chromium.wait(f"({witness}).classList.contains('kept')", 10, "kept again")

    # The source: its own id and publisher.
    type_into(chromium, box("source.id"), SEED)
    type_into(chromium, box("source.publisher"), "The Business Times")

    # The campaign the article names: add a programme, find it in the graph, link it.
    click(chromium, '[data-add="programmes"]')
    chromium.wait(f"document.querySelector('{box('programmes.0.link')}')")
    type_into(chromium, box("programmes.0.link"), "Partnership for the Future")
    pick = "document.querySelector('.card[data-path=\"programmes.0\"] .link-results button')"
    chromium.wait(pick, 10, "search results")
    assert "SG-UK Partnership for the Future" in chromium.js(f"{pick}.textContent")
    click(chromium, '.card[data-path="programmes.0"] .link-results button')
    linked = f"document.querySelector('{box('programmes.0.id')}').value"
    chromium.wait(f"{linked} === 'sg-uk-partnership-for-the-future'", 10, "linked")
    assert chromium.js(f"document.querySelector('{box('programmes.0.label')}').value") == (
        "SG-UK Partnership for the Future"
    )
    assert checked(chromium, "linked").startswith("valid"), chromium.js(problems)
    card = "document.querySelector('.card[data-path=\"programmes.0\"]')"
    assert chromium.js(f"{card}.querySelector('.badge.linked').getAttribute('href')") == PROGRAMME
    chromium.js(f"{card}.scrollIntoView({{block: 'center'}})")
    chromium.screenshot(ARTIFACTS / "review-linked.png")

    # Download: Chromium saves the file the page makes; govties validate accepts it.
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    chromium.call("Browser.setDownloadBehavior", behavior="allow", downloadPath=str(downloads))
    click(chromium, "#download")
    saved = downloads / f"{SEED}.yaml"
    deadline = time.monotonic() + 20
    while not saved.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    text = saved.read_text(encoding="utf-8")
    assert "signed_on: '2019-06-13'" in text and "sg-uk-partnership-for-the-future" in text
    check = tmp_path / "check"
    shutil.copytree(curated, check)
    shutil.copy(saved, check / "records" / saved.name)
    validated = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "govties"), "validate", "--data", str(check)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert validated.returncode == 0, validated.stderr
    assert "3 records valid" in validated.stderr

    # Save with the token: the file is written, the store rebuilt with the new source's graph.
    type_into(chromium, "#token", TOKEN)
    click(chromium, "#save")
    chromium.wait("document.querySelector('#saved a')", 60, "saved")
    assert (curated / "records" / f"{SEED}.yaml").read_text() == text
    # Checked again on the rebuilt store: the people are in the graph now.
    assert checked(chromium, "after saving").startswith("valid"), chromium.js(problems)
    person = "document.querySelector('.card[data-path=\"people.0\"] .badge')"
    assert chromium.js(f"{person}.textContent") == "in the graph"
    chromium.js("window.scrollTo(0, 0)")
    chromium.screenshot(ARTIFACTS / "review-saved.png")
    query = f"""SELECT ?date ?signatory WHERE {{
        GRAPH <https://w3id.org/govties/id/source/{SEED}> {{
            <https://w3id.org/govties/id/agreement/govtech-gds-mou-2019> gt:signedOn ?date ;
                gt:signatory ?signatory }} }}"""
    answer = httpx.get(f"{server}/sparql", params={"query": query}, timeout=30).json()
    rows = answer["results"]["bindings"]
    assert {r["date"]["value"] for r in rows} == {"2019-06-13"}
    assert {r["signatory"]["value"].rsplit("/", 1)[1] for r in rows} >= {"kok-ping-soon"}
    assert_stayed_local(chromium, (f"{server}/",))
