"""Frontier answers over a real engine on loopback equal the embedded projection's.

The seed records are built into the Oxigraph server and into Virtuoso (tests.engines),
read back through graph.backend.remote.RemoteStore (versioned graph names mapped to
the public ones), and /paths, /neighbours and /ties by frontier queries must give
the answers the in-process projection of the embedded store gives.
"""

from collections.abc import Callable

import networkx as nx
import pytest

from graph.backend import control
from graph.backend.client import EngineClient
from graph.backend.engines import target
from graph.backend.remote import RemoteStore
from graph.build.pipeline import build
from graph.network import answers, remote
from graph.network.sentences import render_path
from graph.sparql.query import value_rows
from tests.engines import oxigraph_server, virtuoso_server  # noqa: F401 (fixtures)
from tests.support import GDS, MOJHA, SG


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def engine_select(request: pytest.FixtureRequest, data_dir) -> Callable[[str], list]:
    """A select function over the seed records built into one engine."""
    engine = request.getfixturevalue(f"{request.param}_server")
    where = target(engine.url, request.param)
    build(data_dir, where)
    client = EngineClient(where, 30.0)
    names, manifest = control.live(client)
    store = RemoteStore(client, names, control.graphs(client, names), manifest["quads"])
    request.addfinalizer(client.close)
    return lambda query: list(value_rows(store, query))


def test_answers_over_an_engine_equal_the_projections(engine_select, graph: nx.DiGraph):
    for args in [(MOJHA, GDS, 3, 8, [], [], None), ("SG", "GDS", 2, 4, ["gt:party"], [], None)]:
        local = answers.path_query(graph, *args, render=render_path)
        assert remote.path_query(engine_select, *args, render=render_path) == local
    assert local["message"]  # the second has no path: its message names the shortest
    assert remote.neighbours_query(engine_select, SG, 2) == answers.neighbours_query(graph, SG, 2)
    assert remote.ties_query(engine_select, "SG") == answers.ties_query(graph, "SG")
