"""Synthetic data: valid against records + shapes, shaped like the real data, deterministic."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from graph.build import synth
from graph.build.pipeline import build
from graph.build.records import load_records
from graph.sparql.query import run_query
from graph.store.versions import open_store


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    synth.write(out, 120, seed=7)
    return out


def test_synthetic_data_builds_with_both_validators(synthetic, tmp_path):
    """pySHACL (small builds) and the SPARQL form (large builds) both accept it."""
    for engine in ("pyshacl", "sparql"):
        report = build(synthetic, tmp_path / engine / "store", engine=engine)
        assert report.sources == len(list((synthetic / "records").glob("*.yaml")))


def test_same_seed_same_bytes_other_seed_other_data(synthetic, tmp_path):
    again = tmp_path / "again"
    synth.write(again, 120, seed=7)
    files = sorted(p.name for p in (synthetic / "records").iterdir())
    assert files == sorted(p.name for p in (again / "records").iterdir())
    for name in files:
        assert (synthetic / "records" / name).read_bytes() == (
            again / "records" / name
        ).read_bytes()
    other = tmp_path / "other"
    synth.write(other, 120, seed=8)
    first = files[0]
    assert (other / "records" / first).read_bytes() != (synthetic / "records" / first).read_bytes()


def test_marked_synthetic_everywhere(synthetic):
    for loaded in load_records(synthetic):
        text = loaded.path.read_text()
        assert text.startswith("# SYNTHETIC DATA")
        assert loaded.record.source.publisher == synth.PUBLISHER
        sections = ("organizations", "people", "places", "programmes", "agreements")
        ids = [e.id for section in sections for e in getattr(loaded.record, section)]
        assert ids and all(i.startswith("syn-") for i in ids)


def test_shape_resembles_the_real_data(synthetic, tmp_path):
    store = tmp_path / "store"
    build(synthetic, store)
    db, _ = open_store(store)

    def one(query: str) -> int:
        return int(next(iter(run_query(db, query)))["n"].value)

    agreements = one("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a gt:Agreement }")
    assert agreements == 120
    records = len(list((synthetic / "records").glob("*.yaml")))
    assert 120 / 8 <= records < 120 / 2  # several agreements per source
    parties = [
        int(sol["n"].value)
        for sol in run_query(db, "SELECT (COUNT(?p) AS ?n) WHERE { ?a gt:party ?p } GROUP BY ?a")
    ]
    assert set(parties) == {2, 3}
    assert one("SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?o gt:country ?c }") > 30
    assert one("SELECT (COUNT(*) AS ?n) WHERE { ?a gt:facilitator ?f }") > 0
    assert one("SELECT (COUNT(*) AS ?n) WHERE { ?a gt:witness ?w }") > 0
    assert one("SELECT (COUNT(*) AS ?n) WHERE { ?o org:subOrganizationOf ?p }") > 0
    assert one("SELECT (COUNT(*) AS ?n) WHERE { ?a gt:partOf ?p . ?p a gt:Programme }") > 0
    assert one("SELECT (COUNT(*) AS ?n) WHERE { ?m org:member ?p ; gt:title ?t }") > 0
    precisions = {
        sol["d"].value
        for sol in run_query(
            db, "SELECT DISTINCT (DATATYPE(?d0) AS ?d) WHERE { ?a gt:signedOn ?d0 }"
        )
    }
    assert precisions == {
        "http://www.w3.org/2001/XMLSchema#date",
        "http://www.w3.org/2001/XMLSchema#gYearMonth",
        "http://www.w3.org/2001/XMLSchema#gYear",
    }
    # Some agreements are told by two sources, like the 2019 MoU in the seed data.
    assert (
        one(
            "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a prov:wasDerivedFrom ?s1 , ?s2 "
            "FILTER(?s1 != ?s2) }"
        )
        > 0
    )
    assert one("SELECT (COUNT(*) AS ?n) WHERE { ?a gt:tiedWith ?b }") > 0


def test_cli_writes_and_refuses_to_overwrite_curated_data(tmp_path, data_dir):
    runner = CliRunner()
    result = runner.invoke(app, ["synth", "--agreements", "10", "-o", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert list((tmp_path / "s" / "records").glob("syn-*.yaml"))
    before = sorted(p.read_bytes() for p in (data_dir / "records").iterdir())
    result = runner.invoke(app, ["synth", "--agreements", "10", "-o", str(data_dir)])
    assert result.exit_code == 2
    assert "non-synthetic" in result.output
    assert sorted(p.read_bytes() for p in (data_dir / "records").iterdir()) == before
