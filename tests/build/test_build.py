"""Bad records fail the build with file:line messages and leave the served store untouched."""

import os
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS
from typer.testing import CliRunner

from api.cli import app
from graph.build.built_dataset import Origins
from graph.build.pipeline import build
from graph.build.validate import shacl_problems
from graph.errors import DataError
from graph.sparql.query import run_query
from graph.store.versions import open_store
from ontology import GT, ORG, entity_iri, ontology_file
from tests.support import copy_store

RECORD = "nus-ipur-mongolia-2022.yaml"


@pytest.fixture
def data_copy(tmp_path: Path, data_dir: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(data_dir, target)
    return target


@pytest.fixture
def store_path(tmp_path: Path, built_store: Path) -> Path:
    """The store built from data_copy's records, as a copy of the session's build."""
    return copy_store(built_store, tmp_path / "store")


def edit(data: Path, old: str, new: str, record: str = RECORD) -> Path:
    path = data / "records" / record
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))
    return path


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def agreement_count(store: Path) -> int:
    db, _ = open_store(store)
    query = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a gt:Agreement }"
    return int(next(iter(run_query(db, query)))["n"].value)


# (what the curator got wrong, edit to the record, text the message must contain, line anchor)
SHACL_CASES = [
    (
        "agreement with fewer than 2 parties",
        ("parties: [ipur, mongolia-mojha]", "parties: [ipur]"),
        "at least two parties",
        "- id: ipur-mongolia-mojha-mou-2022",
    ),
    (
        "party without a country",
        ("    country: MN\n  - id: mongolia-national", "\n  - id: mongolia-national"),
        "a party needs a country",
        "- id: mongolia-mojha",
    ),
    (
        "bad date datatype",
        ("signed_on: 2022-07-08", "signed_on: 8 July 2022"),
        "gt:signedOn must be an xsd:date",
        "- id: ipur-mongolia-mojha-mou-2022",
    ),
    (
        "conflicting labels across sources (one English label per entity)",
        ("label: National University of Singapore", "label: NUS Singapore"),
        "exactly one English label",
        None,
    ),
]


@pytest.mark.parametrize(("case", "change", "message", "anchor"), SHACL_CASES)
def test_shacl_rule_fails_build_and_keeps_store(
    data_copy, store_path, case, change, message, anchor
):
    before = os.readlink(store_path)
    count = agreement_count(store_path)
    if case.startswith("conflicting"):
        # NUS is described in one record only: add a second source that names it differently.
        extra = data_copy / "records" / "extra.yaml"
        extra.write_text(
            "source: {id: extra, title: Extra, publisher: Test, issued: 2022}\n"
            "organizations:\n"
            "  - {id: nus, label: NUS Singapore, type: AcademicInstitution, country: SG}\n"
        )
    else:
        edit(data_copy, *change)
    with pytest.raises(DataError) as caught:
        build(data_copy, store_path)
    text = str(caught.value)
    assert message in text, text
    if anchor:
        path = data_copy / "records" / RECORD
        assert f"{path}:{line_of(path, anchor)}:" in text
    assert os.readlink(store_path) == before
    assert agreement_count(store_path) == count


def test_agreement_without_source_is_a_shacl_violation():
    """Records always cite their source, so this shape guards hand-made or imported RDF."""
    data = Graph().parse(ontology_file("govties.ttl"))
    agreement = entity_iri("agreement", "orphan")
    for org, country in (("a", "SG"), ("b", "GB")):
        node = entity_iri("org", org)
        data.add((node, GT.country, entity_iri("country", country)))
        data.add((node, RDFS.label, Literal(org, lang="en")))
        data.add((node, RDF.type, ORG.Organization))
        data.add((agreement, GT.party, node))
    data.add((agreement, RDF.type, GT.Agreement))
    messages = [p.message for p in shacl_problems(data, Origins())]
    assert any("must cite at least one source" in m for m in messages), messages


@pytest.mark.parametrize(
    ("change", "message", "anchor"),
    [
        (("parties: [ipur, mongolia-mojha]", "parties: [ipur, nobody]"),
         "'nobody' should be a org id (not defined in this file)", "parties: [ipur, nobody]"),
        (("type: MemorandumOfUnderstanding", "type: Treaty"),
         "agreements.0.type", "type: Treaty"),
        (("  - id: reuben-ng\n    label: Reuben Ng", "  - id: reuben-ng\n    lable: Reuben Ng"),
         "people.4.lable: Extra inputs are not permitted", "lable: Reuben Ng"),
        (("    country: MN\n  - id: mongolia-national", "    country: [MN\n  - id: mongolia-n"),
         "YAML syntax", None),
        (("    country: MN\n  - id: mongolia-nat", "    country: NO\n  - id: mongolia-nat"),
         'YAML read an unquoted word as false: quote it, e.g. "NO"', "country: NO"),
    ],
)  # fmt: skip
def test_record_errors_name_file_and_line(data_copy, store_path, change, message, anchor):
    before = os.readlink(store_path)
    path = edit(data_copy, *change)
    with pytest.raises(DataError) as caught:
        build(data_copy, store_path)
    text = str(caught.value)
    assert message in text, text
    assert str(path) in text
    if anchor:
        assert f"{path}:{line_of(path, anchor)}:" in text, text
    assert os.readlink(store_path) == before


def test_cli_build_reports_problems_and_exits_nonzero(data_copy, store_path):
    edit(data_copy, "parties: [ipur, mongolia-mojha]", "parties: [ipur]")
    result = CliRunner().invoke(
        app, ["build", "--data", str(data_copy), "--store", str(store_path)]
    )
    assert result.exit_code == 1
    assert "at least two parties" in result.output
    assert "nothing was changed" in result.output


def test_rebuild_swaps_to_a_new_version_and_keeps_a_few(data_copy, store_path):
    first = os.readlink(store_path)
    for _ in range(4):
        build(data_copy, store_path)
    assert os.readlink(store_path) != first
    versions = list(store_path.with_name("store.versions").iterdir())
    assert 1 < len(versions) <= 3


def test_leftover_partial_build_is_ignored_and_collected(data_copy, store_path):
    partial = store_path.with_name("store.versions") / "20000101T000000-999999999-000000"
    partial.mkdir()
    (partial / "CURRENT").write_text("garbage")
    build(data_copy, store_path)
    assert not partial.exists()
    assert agreement_count(store_path) == 3


def test_missing_store_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(app, ["stats", "--store", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "no store at" in result.output and "govties build" in result.output
