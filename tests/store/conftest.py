"""Fixtures of the store tests."""

import shutil
from pathlib import Path

import pytest

from graph.store.versions import live_version, versions_dir


@pytest.fixture
def fresh(tmp_path: Path, built_store: Path) -> Path:
    """A private copy of the seed store (one version), to change."""
    store = tmp_path / "store"
    version = versions_dir(store) / "v1"
    shutil.copytree(live_version(built_store), version)
    store.symlink_to(version.relative_to(tmp_path))
    return store
