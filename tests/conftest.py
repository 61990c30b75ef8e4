"""Shared fixtures: a store built once per session from the seed records, opened and
projected once, and private copies of it for tests that write; the same for the shipped
data/; an HTTP client for modules that start a server as their `live` fixture."""

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import networkx as nx
import pyoxigraph as ox
import pytest

from graph.build.pipeline import build
from graph.network.projection import project
from graph.store.versions import open_store
from tests.browser import Chromium
from tests.canary import canary  # noqa: F401 (a fixture for every test module)
from tests.support import DATA, SEED_RECORDS, copy_store


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory of the seed records and their texts (tests.support.SEED_NAMES)."""
    seeds = tmp_path_factory.mktemp("seed-data")
    shutil.copytree(DATA / "sources", seeds / "sources")
    (seeds / "records").mkdir()
    for path in SEED_RECORDS:
        shutil.copy(path, seeds / "records" / path.name)
    return seeds


@pytest.fixture(scope="session")
def shipped_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Path of a store symlink built from the repository's whole data/ directory."""
    return _built(tmp_path_factory, DATA)


@pytest.fixture(scope="session")
def shipped_store(shipped_built: Path) -> ox.Store:
    return open_store(shipped_built)[0]


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    """Path of a store symlink built from the seed records (read-only: build your own to mutate)."""
    return _built(tmp_path_factory, data_dir)


def _built(tmp_path_factory: pytest.TempPathFactory, data: Path) -> Path:
    store = tmp_path_factory.mktemp("store") / "store"
    build(data, store)
    return store


@pytest.fixture(scope="session")
def store(built_store: Path) -> ox.Store:
    """The seed store, open read-only."""
    return open_store(built_store)[0]


@pytest.fixture
def fresh(tmp_path: Path, built_store: Path) -> Path:
    """A private copy of the seed store (one version), to change."""
    return copy_store(built_store, tmp_path / "store", "v1")


@pytest.fixture(scope="session")
def graph(store: ox.Store) -> nx.DiGraph:
    """The networkx projection of the seed store (shared: do not change it)."""
    return project(store)


@pytest.fixture(scope="module")
def http(live) -> Iterator[httpx.Client]:
    """A client of the module's running server (its `live` fixture, see sparql_server)."""
    with httpx.Client(base_url=live.url, timeout=30) as client:
        yield client


@pytest.fixture(scope="session")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    """One headless Chromium for every browser test (pages open in one tab)."""
    binary = shutil.which("chromium")
    if binary is None:
        pytest.fail("chromium is not installed: run `make browser` (Debian package chromium)")
    browser = Chromium(binary, tmp_path_factory.mktemp("chromium-profile"))
    yield browser
    browser.close()
