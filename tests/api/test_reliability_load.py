"""The load test under pytest (long: `pytest -m long`; `make load` runs the same tool).

Sixteen clients for a minute of mixed SPARQL and path queries against
`govties serve` on 127.0.0.1: not one failed request.
"""

import importlib.util

import pytest

from tests.support import ROOT

pytestmark = pytest.mark.long

TOOL = ROOT / "tools" / "load.py"


def load_tool():
    spec = importlib.util.spec_from_file_location("govties_load", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_sixteen_clients_for_a_minute_without_an_error(built_store):
    load = load_tool()
    with load.served(built_store) as server:
        result = load.run_load(server.url, clients=16, seconds=60)
    print(load.report(result))
    assert result["errors"] == 0, result["error_samples"]
    assert set(result["by_kind"]) == {"sparql", "paths", "neighbours", "ties"}
    assert result["requests"] > 1000
