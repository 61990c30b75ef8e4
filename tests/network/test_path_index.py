"""The path index a build stores with its version (graph.network.path_index, #18).

It is computed from the build's N-Triples, not from the store, so it must equal
what projecting the store gives; and only the version it was made for may use it.
"""

import pickle
import shutil
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graph.build import synth
from graph.build.pipeline import build
from graph.build.rdf import build_dataset
from graph.build.records import load_records
from graph.network import path_index, projection
from graph.network.from_dataset import dataset_rows, value
from graph.store.live import LiveStore
from graph.store.versions import live_version, open_store
from graph.store.warm import projection as live_projection
from tests.support import DATA


def _plain(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in sorted(data.items())}
    if isinstance(data, set | frozenset):
        return sorted(data)
    if isinstance(data, list | tuple):
        return [_plain(v) for v in data]
    return data


def canonical(graph: nx.DiGraph) -> tuple:
    return (
        {n: _plain(d) for n, d in graph.nodes(data=True)},
        {(s, o): _plain(d) for s, o, d in graph.edges(data=True)},
        graph.graph["sources"],
    )


def from_text(data: Path) -> nx.DiGraph:
    built = build_dataset(load_records(data))
    return pickle.loads(path_index.compute(dataset_rows(built.graphs, built.union_triples)))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic-index")
    synth.write(folder, 40, seed=3)
    return folder


def test_the_index_from_the_shipped_records_equals_projecting_their_store(shipped_store):
    stored, projected = from_text(DATA), projection.project(shipped_store)
    assert projected.number_of_nodes() > 500 and projected.number_of_edges() > 1000
    assert canonical(stored) == canonical(projected)


def test_the_same_on_synthetic_records_with_posts_and_dates(synthetic, tmp_path):
    build(synthetic, tmp_path / "store")
    projected = projection.project(open_store(tmp_path / "store")[0])
    posts = [e for e in projected.edges(data=True) if "titles" in e[2]]
    dated = [n for n, d in projected.nodes(data=True) if d["dates"]]
    assert posts and dated
    assert canonical(from_text(synthetic)) == canonical(projected)


def test_literal_escapes_read_as_the_store_reads_them():
    assert value('"a \\"quoted\\" \\\\ line\\nbreak"@en') == 'a "quoted" \\ line\nbreak'
    assert value('"\\u00e9t\\U0001F600"') == "ét\U0001f600"
    assert value('"2019-06-01"^^<http://www.w3.org/2001/XMLSchema#date>') == "2019-06-01"
    assert value("<https://example.org/x>") == "https://example.org/x"


def test_a_build_stores_the_index_only_its_own_version_may_use(data_dir, tmp_path, monkeypatch):
    store = tmp_path / "store"
    build(data_dir, store)
    version = live_version(store)
    loaded = path_index.load(version)
    assert loaded is not None
    assert canonical(loaded) == canonical(projection.project(open_store(store)[0]))
    assert "search_graph" in loaded.graph  # the search graph comes with it
    copy = version.with_name(version.name + "-copy")
    shutil.copytree(version, copy)
    assert path_index.load(copy) is None  # a copied index names another version
    monkeypatch.setattr(path_index, "FORMAT", path_index.FORMAT + 1)
    assert path_index.load(version) is None  # an index of an older format is not trusted


def test_a_reader_loads_the_index_instead_of_projecting(data_dir, tmp_path, monkeypatch):
    store = tmp_path / "store"
    build(data_dir, store)

    def never(_store: Any) -> nx.DiGraph:
        raise AssertionError("projected the store although the version has an index")

    monkeypatch.setattr("graph.store.warm.project", never)
    graph = live_projection(LiveStore(store))
    assert graph.number_of_nodes() > 10
    (live_version(store) / path_index.INDEX).unlink()  # e.g. a version an update made
    with pytest.raises(AssertionError, match="projected the store"):
        live_projection(LiveStore(store))
