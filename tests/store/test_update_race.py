"""A build that finishes while an HTTP update is computed is never undone (issue #17, 1)."""

import pyoxigraph as ox
import pytest

from graph.build.pipeline import build
from graph.errors import Conflict
from graph.sparql import update
from graph.store.versions import live_version, open_store, read_manifest

MARK = ox.Quad(
    ox.NamedNode("https://w3id.org/govties/id/org/gds"),
    ox.NamedNode("http://www.w3.org/2004/02/skos/core#note"),
    ox.Literal("written by the update"),
    ox.NamedNode("https://w3id.org/govties/id/source/business-times-sg-uk-2019"),
)


def test_an_update_based_on_a_replaced_version_is_refused_and_the_build_stays(tmp_path, data_dir):
    store = tmp_path / "store"
    build(data_dir, store)

    def mutate(work: ox.Store) -> None:
        work.add(MARK)
        build(data_dir, store)  # a build finishes meanwhile

    with pytest.raises(Conflict, match="send it again"):
        update._change(str(store), mutate)
    live = live_version(store)
    assert "updates" not in read_manifest(live)  # the build's version, not the update's
    assert MARK not in open_store(store)[0]


def test_an_update_on_the_live_version_goes_in(tmp_path, data_dir):
    store = tmp_path / "store"
    build(data_dir, store)
    update._change(str(store), lambda work: work.add(MARK))
    assert MARK in open_store(store)[0]
    assert read_manifest(live_version(store))["updates"] == 1
