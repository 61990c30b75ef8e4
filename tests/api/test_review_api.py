"""POST /review/validate and /review/save: govties validate's verdict on a record among the
others, located at line and path; saving refused without the token, without a data
directory, for an invalid record, over an existing file unasked, through a symlink, and
with a source id that is not a slug; a save rebuilds the store, a failed build changes
nothing."""

import asyncio
import copy
import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from api.app import create_app
from api.review import run_to_the_end
from api.settings import Settings
from graph.build.pipeline import build
from graph.errors import DataError, Problem
from tests.support import AUTH, DATA, TOKEN, copy_store

SEED = "business-times-sg-uk-2019"
# As the page sends it: JSON, dates as text.
RECORD = json.loads(
    json.dumps(yaml.safe_load((DATA / "records" / f"{SEED}.yaml").read_text("utf-8")), default=str)
)
MOU = "https://w3id.org/govties/id/agreement/govtech-gds-mou-2019"
LIMIT = 60  # seconds per check: the suite shares two cores; a check takes about one
SEEDS_LEFT = ["nus-ipur-mongolia-2022.yaml", "sin-sg-gds-govtech-2019.yaml"]


def without_seed(data_dir: Path, into: Path) -> Path:
    """The seed data without the Business Times record, which the tests then bring back."""
    shutil.copytree(data_dir, into)
    (into / "records" / f"{SEED}.yaml").unlink()
    return into


@pytest.fixture(scope="module")
def lacking(tmp_path_factory, data_dir) -> tuple[Path, Path]:
    """Data that lacks the record and its store, built once (read-only: copy both to write)."""
    data = without_seed(data_dir, tmp_path_factory.mktemp("review") / "data")
    store = data.parent / "store"
    build(data, store)
    return data, store


@pytest.fixture(scope="module")
def reading(lacking) -> Iterator[TestClient]:
    """A read-only server (no token) on data that lacks the record. Inside `with`, the
    client keeps one event loop, so the query workers and what they loaded stay up."""
    data, store = lacking
    with TestClient(create_app(Settings(store=store, data=data, query_timeout=LIMIT))) as client:
        yield client


@pytest.fixture
def writing(tmp_path, lacking) -> Iterator[TestClient]:
    """A server that saves, on its own copy of the data and store (each test writes)."""
    data = shutil.copytree(lacking[0], tmp_path / "data")
    store = copy_store(lacking[1], tmp_path / "store")
    settings = Settings(store=store, data=data, update_token=TOKEN, query_timeout=LIMIT)
    with TestClient(create_app(settings)) as client:
        yield client


def verdict(client: TestClient, **body) -> dict:
    response = client.post("/review/validate", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def edited(**changes) -> dict:
    """The seed record with the agreement's fields changed."""
    record = copy.deepcopy(RECORD)
    record["agreements"][0].update(changes)
    return record


def test_the_page_offers_saving_only_where_it_can_work(reading, writing):
    read_only = reading.get("/review")
    assert read_only.status_code == 200 and "saving is off on this server" in read_only.text
    assert 'id="save"' not in read_only.text
    page = writing.get("/review").text
    assert 'id="save"' in page and 'id="token"' in page
    assert '<a href="/review">Review</a>' in page  # in every page's navigation


def test_a_valid_record_and_its_yaml(reading):
    answer = verdict(reading, record=RECORD)
    assert answer["valid"] and answer["problems"] == []
    assert answer["checked_against"].startswith("2 records in")
    assert answer["file"].endswith(f"records/{SEED}.yaml") and not answer["exists"]
    assert yaml.safe_load(answer["yaml"]) == RECORD
    # The graph knows the agreement and the agencies from the SIN page, not the people.
    assert {"agreement/govtech-gds-mou-2019", "org/govtech", "org/gds"} <= set(answer["known"])
    assert "person/kok-ping-soon" not in answer["known"]


def test_blank_fields_are_left_out(reading):
    record = edited(note="", funders=[], in_force=None)
    answer = verdict(reading, record=record)
    assert answer["valid"]
    written = yaml.safe_load(answer["yaml"])["agreements"][0]
    assert not {"note", "funders", "in_force"} & set(written)


@pytest.mark.parametrize(
    ("changes", "path", "says"),
    [
        ({"signed_on": "13 June 2019"}, ["agreements", 0, "id"], "gt:signedOn must be"),
        ({"parties": ["govtech", "nobody"]}, ["agreements", 0, "parties", 1],
         "'nobody' should be a org id (not defined in this file)"),
        ({"signers": ["kok-ping-soon"]}, ["agreements", 0, "signers"],
         "Extra inputs are not permitted"),
        ({"type": "Treaty"}, ["agreements", 0, "type"], "Input should be"),
    ],
)  # fmt: skip
def test_a_problem_is_located_at_its_line_and_path(reading, changes, path, says):
    answer = verdict(reading, record=edited(**changes))
    assert not answer["valid"]
    problem = next(p for p in answer["problems"] if says in p["message"])
    assert problem["file"] is None and problem["path"] == path
    line = answer["yaml"].splitlines()[problem["line"] - 1]
    assert line.strip().startswith(("- ", str(path[-1])))


def test_another_records_label_for_an_entity_is_a_problem(reading):
    record = copy.deepcopy(RECORD)
    record["organizations"][0]["label"] = "GovTech Singapore Agency"  # SIN says otherwise
    answer = verdict(reading, record=record)
    assert any("exactly one English label" in p["message"] for p in answer["problems"])


def test_yaml_is_checked_as_written(reading):
    text = (DATA / "records" / f"{SEED}.yaml").read_text(encoding="utf-8")
    assert verdict(reading, yaml=text)["valid"]
    answer = verdict(reading, yaml="source: [unclosed")
    assert answer["problems"][0]["line"] == 2  # where the list should have closed
    assert answer["problems"][0]["message"].startswith("YAML syntax")


@pytest.mark.parametrize("body", [{}, {"record": RECORD, "yaml": "x"}, {"record": "x"}])
def test_one_form_of_the_record(reading, body):
    response = reading.post("/review/validate", json=body)
    assert response.status_code == 422 and response.json()["error"] == "bad_input"


def test_without_a_data_directory_the_record_is_checked_alone(built_store):
    client = TestClient(create_app(Settings(store=built_store, query_timeout=LIMIT)))
    answer = verdict(client, record=RECORD)
    assert answer["checked_against"] == "this record alone (no data)"
    assert answer["file"] is None


def test_saving_needs_the_token(reading, writing):
    assert reading.post("/review/save", json={"record": RECORD}).status_code == 403
    response = writing.post("/review/save", json={"record": RECORD})
    assert response.status_code == 401


def test_saving_needs_a_data_directory(built_store):
    client = TestClient(create_app(Settings(store=built_store, update_token=TOKEN)))
    response = client.post("/review/save", json={"record": RECORD}, headers=AUTH)
    assert response.status_code == 403 and "--data" in response.json()["message"]


def test_save_writes_the_record_and_rebuilds(writing):
    response = writing.post("/review/save", json={"record": RECORD}, headers=AUTH)
    assert response.status_code == 201, response.text
    answer = response.json()
    assert response.headers["location"] == f"/id/source/{SEED}"
    assert not answer["replaced"] and answer["build"]["sources"] == 3
    saved = Path(answer["saved"])
    assert yaml.safe_load(saved.read_text(encoding="utf-8")) == RECORD
    query = f"""SELECT ?who WHERE {{ GRAPH <https://w3id.org/govties/id/source/{SEED}> {{
        <{MOU}> gt:witness ?who }} }} ORDER BY ?who"""
    rows = writing.get("/sparql", params={"query": query}).json()["results"]["bindings"]
    assert [r["who"]["value"].rsplit("/", 1)[1] for r in rows] == [
        "philip-hammond",
        "tharman-shanmugaratnam",
    ]
    # Once there, the file is replaced only when asked.
    again = writing.post("/review/save", json={"record": edited(note="Second.")}, headers=AUTH)
    assert again.status_code == 409 and again.json()["error"] == "exists"
    assert "Second." not in saved.read_text(encoding="utf-8")
    body = {"record": edited(note="Second."), "replace": True}
    replaced = writing.post("/review/save", json=body, headers=AUTH)
    assert replaced.status_code == 201 and replaced.json()["replaced"]
    assert "Second." in saved.read_text(encoding="utf-8")


def test_an_invalid_record_is_refused_and_not_written(writing):
    response = writing.post("/review/save", json={"record": edited(signed_on="soon")}, headers=AUTH)
    assert response.status_code == 422
    assert any("gt:signedOn" in p for p in response.json()["problems"])
    assert not (writing.app.state.settings.data / "records" / f"{SEED}.yaml").exists()


@pytest.mark.parametrize("ident", ["../../escaped", "sub/dir", "..", "UPPER"])
def test_a_source_id_must_be_a_slug(writing, tmp_path, ident):
    record = copy.deepcopy(RECORD)
    record["source"]["id"] = ident
    response = writing.post("/review/save", json={"record": record}, headers=AUTH)
    assert response.status_code == 422
    assert "source.id" in response.text
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.yaml"))
    assert written == [f"data/records/{name}" for name in SEEDS_LEFT]


def test_a_symlink_is_never_written_through(writing, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text("kept\n")
    records = writing.app.state.settings.data / "records"
    (records / f"{SEED}.yaml").symlink_to(outside)
    body = {"record": RECORD, "replace": True}
    response = writing.post("/review/save", json=body, headers=AUTH)
    assert response.status_code in (409, 422)
    assert outside.read_text() == "kept\n"


def test_a_failed_build_changes_nothing(tmp_path, data_dir):
    data = without_seed(data_dir, tmp_path / "data")
    store = tmp_path / "store"
    store.mkdir()  # a directory where the store's symlink belongs: the build refuses it
    settings = Settings(store=store, data=data, update_token=TOKEN, query_timeout=LIMIT)
    client = TestClient(create_app(settings))
    response = client.post("/review/save", json={"record": RECORD}, headers=AUTH)
    assert response.status_code == 503
    assert "not a govties store symlink" in response.json()["message"]
    assert sorted(p.name for p in (data / "records").iterdir()) == SEEDS_LEFT


def test_a_record_the_build_would_refuse_is_a_problem_of_the_check(writing, tmp_path):
    """The check reads a copy of the data: a symlink out of it must still fail there."""
    outside = tmp_path / "elsewhere.yaml"
    shutil.copy(DATA / "records" / f"{SEED}.yaml", outside)
    (writing.app.state.settings.data / "records" / "linked-out.yaml").symlink_to(outside)
    answer = verdict(writing, record=edited(note="Checked."))
    assert not answer["valid"]
    problem = answer["problems"][0]
    assert problem["file"].endswith("records/linked-out.yaml")
    assert "outside the data directory" in problem["message"]


def test_a_cancelled_save_waits_for_its_build_and_keeps_its_outcome():
    """A client that leaves mid-build does not stop it: the build's outcome decides (its
    error still reaches the caller, who then puts the record file back)."""

    async def leave(fn) -> BaseException:
        task = asyncio.ensure_future(run_to_the_end(fn))
        await asyncio.sleep(0.05)
        task.cancel()
        try:
            await task
        except BaseException as exc:  # what the request sees is the point
            return exc
        raise AssertionError("the task should have ended with an exception")

    ended: list[str] = []

    def builds() -> None:
        time.sleep(0.3)
        ended.append("built")

    def fails() -> None:
        time.sleep(0.3)
        raise DataError([Problem(None, None, "refused")])

    assert isinstance(asyncio.run(leave(builds)), asyncio.CancelledError)
    assert ended == ["built"]
    assert isinstance(asyncio.run(leave(fails)), DataError)
