"""Shared fixtures: a store built once per session from the repository's data/."""

from pathlib import Path

import pytest

from graph.build import build

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return ROOT / "data"


@pytest.fixture(scope="session")
def built_store(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    """Path of a store symlink built from data/ (read-only use: build your own to mutate)."""
    store = tmp_path_factory.mktemp("store") / "store"
    build(data_dir, store)
    return store
