"""Where two sources give one agreement different dates, answers show both readings and who
states each; a month and a day within it are one reading at two precisions, not a dispute."""

import shutil
from pathlib import Path

import pytest

from graph.build.pipeline import build
from graph.network.answers import path_query, ties_query
from graph.network.projection import project
from graph.network.sentences import render_path
from graph.store.versions import open_store
from tests.support import MOU_2019

# A third, made-up account of the 2019 MoU that dates it a week later than The Business Times.
OTHER = """\
source: {id: other-account, title: Another account, publisher: Test, issued: 2019-07,
         url: "https://example.org/other"}
organizations:
  - {id: govtech, label: Government Technology Agency, type: GovernmentBody, country: SG}
  - {id: gds, label: Government Digital Service, type: GovernmentBody, country: GB}
agreements:
  - {id: govtech-gds-mou-2019, type: MemorandumOfUnderstanding,
     label: "GovTech - GDS Memorandum of Understanding on digital government services",
     parties: [govtech, gds],
     signed_on: 2019-06-20}
"""


@pytest.fixture(scope="module")
def graphs(data_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    agreeing = project(open_store(_built(data_dir, tmp_path_factory, None))[0])
    disputed = project(open_store(_built(data_dir, tmp_path_factory, OTHER))[0])
    return agreeing, disputed


def _built(data_dir: Path, factory: pytest.TempPathFactory, extra: str | None) -> Path:
    root = factory.mktemp("data")
    shutil.copytree(data_dir, root / "data")
    if extra:
        (root / "data" / "records" / "other.yaml").write_text(extra)
    build(root / "data", root / "store")
    return root / "store"


def test_precision_is_not_a_dispute(graphs):
    agreeing, _ = graphs
    readings = agreeing.nodes[MOU_2019]["dates"]["https://w3id.org/govties/ontology#signedOn"]
    assert sorted(readings) == ["2019-06", "2019-06-13"]
    gb = next(p for p in ties_query(agreeing, "SG")["partners"] if p["iri"].endswith("/GB"))
    assert all("dates_disputed" not in a for a in gb["agreements"])


def test_ties_and_paths_show_each_reading_with_its_sources(graphs):
    _, disputed = graphs
    gb = next(p for p in ties_query(disputed, "SG")["partners"] if p["iri"].endswith("/GB"))
    mou = next(a for a in gb["agreements"] if a["iri"] == MOU_2019)
    readings = {r["value"]: [s["title"] for s in r["sources"]] for r in mou["dates_disputed"]}
    assert readings["2019-06-20"] == ["Another account"]
    assert "2019-06-13" in readings and "2019-06" in readings
    answer = path_query(disputed, "org/govtech", "org/gds", 1, 4, [], [], None, render=render_path)
    text = answer["paths"][0]["text"]
    assert "sources disagree: " in text and "2019-06-20 per Another account" in text
