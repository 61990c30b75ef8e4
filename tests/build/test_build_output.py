"""A faster build is the same build: same quads, same manifest counts, same path index.

The build runs its steps side by side (records read by worker processes, the
path index computed while the store loads); none of that may change what it
writes. The expected digests below were taken from the serial build this
replaced, on the same synthetic data (synth.write, 300 agreements, seed 3).
They move only when what a build writes moves on purpose (the records'
conversion, the ontology, the projection): then print `output_digest` of a
build at that commit and record the new values here, saying why.
"""

import hashlib
import re
import shutil
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
import pytest

from graph.build import parallel, synth
from graph.build.pipeline import build
from graph.build.rdf import build_dataset
from graph.build.records import load_records
from graph.errors import DataError
from graph.network import path_index
from graph.store.versions import live_version, read_manifest, versions_dir

AGREEMENTS, SEED = 300, 3
_BLANK = re.compile(r"_:[0-9A-Za-z]+")

EXPECTED = {
    "quads": 39_421,
    "graphs": 64,
    "sources": 61,
    "quads_sha256": "bb2e24c649b97d7b4b9b8f04be688c5462672a87ccf2f43bac6edb3101d049c3",
    "index_sha256": "3f2ae293f1c3076ee0f2ee102a82bd20f86ee2be4b1581818e8ba0cbbba5df5a",
}


def _sha256(lines: list[str]) -> str:
    digest = hashlib.sha256()
    for line in sorted(lines):
        digest.update(line.encode())
        digest.update(b"\n")
    return digest.hexdigest()


def _canonical(value: Any) -> Any:
    """value with every dict, set and graph in a fixed order, so equal data prints equal."""
    if isinstance(value, nx.Graph):
        return (
            type(value).__name__,
            _canonical(value.graph),
            sorted((node, _canonical(data)) for node, data in value.nodes(data=True)),
            sorted(((*edge[:2], _canonical(edge[2])) for edge in value.edges(data=True)), key=str),
        )
    if isinstance(value, dict):
        return sorted(((str(k), _canonical(v)) for k, v in value.items()), key=str)
    if isinstance(value, set | frozenset):
        return sorted((_canonical(v) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    return value


def output_digest(store: Path) -> dict[str, Any]:
    """The live version's quads (blank node labels, random per parse, blanked) and path
    index as digests, with the manifest's counts."""
    version = live_version(store)
    manifest = read_manifest(version)
    db = ox.Store.read_only(str(version))
    quads = [_BLANK.sub("_:", str(quad)) for quad in db]
    del db
    index = path_index.load(version)
    assert index is not None, "the build stored no path index of its own"
    return {
        "quads": manifest["quads"],
        "graphs": manifest["graphs"],
        "sources": len(manifest["sources"]),
        "quads_sha256": _sha256(quads),
        "index_sha256": hashlib.sha256(repr(_canonical(index)).encode()).hexdigest(),
    }


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("synthetic-data")
    synth.write(data, AGREEMENTS, seed=SEED)
    return data


@pytest.fixture(params=["in process", "2 workers"])
def readers(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways the build reads records: in this process, and by worker processes."""
    if request.param == "2 workers":
        monkeypatch.setattr(parallel, "IN_PROCESS_BELOW", 0)
        monkeypatch.setattr(parallel, "workers", lambda: 2)
    return request.param


def test_build_writes_what_the_serial_build_wrote(
    synthetic: Path, tmp_path: Path, readers: str
) -> None:
    build(synthetic, tmp_path / "store")
    assert output_digest(tmp_path / "store") == EXPECTED


def _blanked(graphs: dict[str, set[str]]) -> dict[str, set[str]]:
    return {name: {_BLANK.sub("_:", t) for t in triples} for name, triples in graphs.items()}


def test_workers_convert_as_one_process_does(synthetic: Path) -> None:
    serial = build_dataset(load_records(synthetic))
    shared = parallel.read_dataset(synthetic, processes=2)
    assert list(shared.graphs) == list(serial.graphs)
    assert _blanked(shared.graphs) == _blanked(serial.graphs)
    assert shared.origins.places == serial.origins.places
    assert shared.sources == serial.sources


def _broken(synthetic: Path, tmp_path: Path) -> Path:
    """A copy with problems in files read by different workers: a bad type, an id no
    entity defines, a source id used twice (a rule across files)."""
    data = tmp_path / "data"
    shutil.copytree(synthetic, data)
    files = sorted((data / "records").iterdir())
    first, middle, last = files[1], files[len(files) // 2], files[-1]
    first.write_text(first.read_text().replace("type: GovernmentBody", "type: Ministry", 1))
    text = middle.read_text()
    middle.write_text(text.replace("parent: syn-org-", "parent: nowhere-", 1))
    own = f"id: {last.stem}"
    last.write_text(last.read_text().replace(own, f"id: {files[0].stem}", 1))
    return data


def test_workers_report_every_problem_at_its_file_and_line(synthetic: Path, tmp_path: Path) -> None:
    data = _broken(synthetic, tmp_path)
    with pytest.raises(DataError) as serial:
        load_records(data)
    with pytest.raises(DataError) as shared:
        parallel.read_dataset(data, processes=2)
    assert shared.value.problems == serial.value.problems
    located = {(p.file.name, p.line) for p in shared.value.problems if p.file and p.line}
    names = {p.file.name for p in shared.value.problems if p.file}
    files = sorted((data / "records").iterdir())
    assert {files[1].name, files[len(files) // 2].name, files[-1].name} <= names
    assert len(located) >= 3


def test_a_failed_build_by_workers_keeps_the_live_store(
    synthetic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "IN_PROCESS_BELOW", 0)
    store = tmp_path / "store"
    build(synthetic, store)
    live = live_version(store)
    with pytest.raises(DataError):
        build(_broken(synthetic, tmp_path), store)
    assert live_version(store) == live
    assert sorted(versions_dir(store).iterdir()) == [live]


def test_shape_checks_shared_between_processes_write_the_same_build(
    synthetic: Path, tmp_path: Path
) -> None:
    build(synthetic, tmp_path / "store", engine="sparql")
    assert output_digest(tmp_path / "store") == EXPECTED


def test_shape_checks_in_processes_name_the_line_and_keep_the_live_store(
    synthetic: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    build(synthetic, store, engine="sparql")
    live = live_version(store)
    data = tmp_path / "data"
    shutil.copytree(synthetic, data)
    record = sorted((data / "records").iterdir())[-1]
    lines = record.read_text().splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("parties: ["))
    lines[at] = lines[at].split(",")[0] + "]"  # one party: sh:minCount 2 fails
    record.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataError) as failed:
        build(data, store, engine="sparql")
    [problem] = failed.value.problems
    assert "at least two parties" in problem.message
    agreement = max(i for i in range(at) if lines[i].strip().startswith("- id:")) + 1
    assert (problem.file, problem.line) == (record, agreement)
    assert live_version(store) == live
    assert sorted(versions_dir(store).iterdir()) == [live]
