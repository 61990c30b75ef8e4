"""Path answers are the same on every backend: /paths, /neighbours and /ties over a remote
store run on the projection of the engine's version, which must equal the embedded one."""

import httpx
import pytest

from graph.network.answers import neighbours_query, path_query, ties_query
from graph.network.projection import project
from graph.network.sentences import render_path
from tests.backends.conftest import Backend

PATHS = [
    ("Mongolian Ministry of Justice and Home Affairs", "GDS", 2, 8),
    ("e-Governance Academy", "Cyber Security Agency of Singapore", 3, 6),
]


@pytest.fixture(scope="module")
def projected(oracle):
    return project(oracle)


def get(backend: Backend, path: str, **params) -> dict:
    answer = httpx.get(f"{backend.live.url}{path}", params=params, timeout=60)
    assert answer.status_code == 200, answer.text
    return answer.json()


@pytest.mark.parametrize(("source", "target", "k", "hops"), PATHS)
def test_paths(backend: Backend, projected, source, target, k, hops):
    expected = path_query(projected, source, target, k, hops, [], [], None, render=render_path)
    assert expected["paths"], "no path on the shipped data"
    found = get(backend, "/paths", **{"from": source, "to": target, "k": k, "max_hops": hops})
    assert found == expected


def test_neighbours_and_ties(backend: Backend, projected):
    assert get(backend, "/neighbours", of="GDS", depth=2) == neighbours_query(
        projected, "GDS", 2, 200
    )
    assert get(backend, "/ties", country="EE") == ties_query(projected, "EE", None)
